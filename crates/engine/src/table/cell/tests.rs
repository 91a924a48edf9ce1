//! Tests of reading and comparing cells: the quick readers against the general parser.

use super::*;

fn dec(s: &str) -> Dynamic {
    Dynamic::from_decimal(s.parse().unwrap())
}

#[test]
fn short_plain_decimals_read_as_the_general_parser_reads_them() {
    for text in [
        "1.00",
        "-1048.29",
        "+0.50",
        "0.0",
        "-0.00",
        ".5",
        "5.",
        "-.25",
        "123456789012345.678",
        "0.00000000000000001",
        "100.10",
        "999999999999999999.",
    ] {
        let general = parse_number(text).expect(text);
        let fast = short_plain_decimal(text).expect(text);
        assert_eq!(fast, general, "{text}");
        assert_eq!(fast.to_string(), general.to_string(), "{text}");
        assert_eq!(
            fast.is_sign_negative(),
            general.is_sign_negative(),
            "{text}"
        );
    }
    for text in [
        "12",
        "1e3",
        "1.2.3",
        "1234567890123456789.5",
        "-",
        ".",
        "1,5",
        "",
    ] {
        assert_eq!(short_plain_decimal(text), None, "{text}");
    }
}

#[test]
fn short_plain_integers_read_as_the_general_parser_reads_them() {
    for text in [
        "2019",
        "-7",
        "007",
        "+5",
        "-0",
        "999999999999999999",
        "-123456789012345678",
    ] {
        let general = text
            .strip_prefix('+')
            .unwrap_or(text)
            .parse::<INT>()
            .unwrap();
        assert!(
            matches!(short_plain_number(text), Some(Field::Int(i)) if i == general),
            "{text}"
        );
    }
    for text in ["1234567890123456789", "1e3", "--1", "+-1", "1 2", ""] {
        assert!(
            !matches!(short_plain_number(text), Some(Field::Int(_))),
            "{text}"
        );
    }
}

#[test]
fn the_quick_trim_is_str_trim() {
    for field in [
        "",
        "a",
        " ",
        "ab",
        " a",
        "a ",
        "\ta\r",
        "\u{b}1\u{b}",
        "\u{c}x",
        "1.5",
        "\u{a0}5\u{a0}",
        "5\u{a0}",
        "\u{85}x",
        "x\u{2003}",
        "公司",
        " 公司 ",
        "\u{3000}a",
    ] {
        assert_eq!(trim(field), field.trim(), "{field:?}");
    }
}

#[test]
fn integers_and_decimals_compare_by_value() {
    assert!(equal(&Dynamic::from_int(3), &dec("3.00")));
    assert_eq!(compare(&Dynamic::from_int(2), &dec("2.5")), Ordering::Less);
    assert_eq!(compare(&Dynamic::UNIT, &dec("2.5")), Ordering::Greater);
    assert_eq!(
        compare(&Dynamic::from("b"), &Dynamic::from("a")),
        Ordering::Greater
    );
}

#[test]
fn people_get_grouped_display_digits_and_files_every_digit() {
    assert_eq!(display_text(&dec("1234567.5")), "1,234,567.5");
    assert_eq!(
        display_text(&dec("12345678901234567.89")),
        "12,345,678,901,234,568"
    );
    assert_eq!(
        display_text(&dec("0.3333333333333333333333333333")),
        "0.333333333333"
    );
    assert_eq!(
        raw_text(&dec("12345678901234567.89")),
        "12345678901234567.89"
    );
    let array = Dynamic::from_array(vec![dec("0.3333333333333333333333333333")]);
    assert_eq!(raw_text(&array), "[0.3333333333333333333333333333]");
}

#[test]
fn formatted_amounts_are_recognised_and_words_are_not() {
    for amount in [
        "$40.0B",
        "-$4.0B",
        "¥821.29亿",
        "28.98%",
        "1,234.5 USD",
        "CHF 1.5M",
        "JP¥3.0T",
        "$12.50",
    ] {
        assert!(looks_like_formatted_amount(amount), "{amount}");
    }
    for word in [
        "OpenAI",
        "2024-01-05",
        "2029",
        "B",
        "$",
        "USD",
        "Series B",
        "1.2.3a",
        "",
    ] {
        assert!(!looks_like_formatted_amount(word), "{word}");
    }
}

#[test]
fn fields_parse_exactly() {
    assert_eq!(parse_field("42").as_int().unwrap(), 42);
    assert_eq!(
        parse_field("12345678901234567.89")
            .as_decimal()
            .unwrap()
            .to_string(),
        "12345678901234567.89"
    );
    assert_eq!(
        parse_field("99999999999999999999")
            .as_decimal()
            .unwrap()
            .to_string(),
        "99999999999999999999"
    );
    assert_eq!(
        parse_field("1.5e3").as_decimal().unwrap().to_string(),
        "1500"
    );
    assert!(parse_field("  ").is_unit());
    assert_eq!(parse_field("1,234").into_string().unwrap(), "1,234");
    assert_eq!(parse_field("e5").into_string().unwrap(), "e5");
    assert_eq!(parse_field("-.5").as_decimal().unwrap().to_string(), "-0.5");
}

#[test]
fn numbers_past_28_digits_stay_text_with_every_digit() {
    for long in [
        "123456789012.123456789012345678",
        "0.000000000000000000000000000001234",
        "99999999999999999999999999999999",
        "1e-40",
    ] {
        let (cell, kept) = read_field(long, NumberStyle::Plain);
        assert_eq!(cell.into_string().unwrap(), long);
        assert_eq!(kept, Some(KeptAsText::TooPrecise), "{long}");
    }
    for exact in [
        "0.1000",
        "-0.0",
        "1.5e3",
        "79228162514264337593543950335",
        "-1e-28",
    ] {
        assert_eq!(read_field(exact, NumberStyle::Plain).1, None, "{exact}");
    }
}

#[test]
fn formatted_numbers_are_named_or_read_the_excel_way() {
    let excel = |s: &str| raw_text(&read_field(s, NumberStyle::Excel).0);
    assert_eq!(excel("3,000,000,000"), "3000000000");
    assert_eq!(excel("$300"), "300");
    assert_eq!(excel("(50)"), "-50");
    assert_eq!(excel("12%"), "0.12");
    assert_eq!(excel("-$1,234.50"), "-1234.5");
    assert_eq!(excel("($1,234)"), "-1234");
    assert_eq!(excel("€ 5"), "5");
    assert_eq!(excel("5 €"), "5");
    assert_eq!(excel("¥821.29"), "821.29");
    assert_eq!(excel("12.5 %"), "0.125");
    for not_a_number in ["1,23", "12 apples", "$", "(x)", "1,234,56", "US$5", "(5"] {
        let (cell, kept) = read_field(not_a_number, NumberStyle::Excel);
        assert_eq!(cell.into_string().unwrap(), not_a_number);
        assert_eq!(kept, None, "{not_a_number}");
    }
    let (cell, kept) = read_field("$300", NumberStyle::Plain);
    assert_eq!(cell.into_string().unwrap(), "$300");
    assert_eq!(kept, Some(KeptAsText::Formatted));
    assert_eq!(
        read_field("(50)", NumberStyle::Plain).1,
        Some(KeptAsText::Formatted)
    );
}

#[test]
fn iso_dates_read_as_the_calendar_reads_them() {
    for text in [
        "2024-03-31",
        "2024-02-29",
        "2024-12",
        "0001-01-01",
        "9999-12-31",
    ] {
        assert_eq!(iso_date(text), Date::parse(text).ok(), "{text}");
        assert!(iso_date(text).is_some(), "{text}");
    }
    for text in [
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-1-05",
        "2024/03/31",
        "2024-03-3a",
        "2024",
        "2024-03-31x",
        "+024-03-31",
        "2024-03_31",
    ] {
        assert_eq!(iso_date(text), None, "{text}");
    }
}

#[test]
fn leading_zeros_are_told_apart_from_decimals() {
    assert!(has_leading_zero("08123") && has_leading_zero("-007"));
    assert!(!has_leading_zero("0") && !has_leading_zero("0.5") && !has_leading_zero("10"));
}
