//! The calendar's rules and Excel's published examples: parsing, precision, EDATE, EOMONTH,
//! DAYS360, YEARFRAC, and the `DateError` each refusal returns.

use super::*;

#[test]
fn other_forms_are_read_with_their_format_and_named_without_it() {
    assert_eq!(
        Date::parse_with("31/03/2024", "%d/%m/%Y").unwrap(),
        Date::parse("2024-03-31").unwrap()
    );
    assert_eq!(
        Date::ymd(2024, 3, 31).unwrap(),
        Date::parse("2024-03-31").unwrap()
    );
    assert_eq!(
        Date::ymd(2023, 2, 29),
        Err(DateError::NoDay {
            text: None,
            year: 2023,
            month: 2,
            day: 29
        })
    );
    assert_eq!(Date::ymd(2023, 13, 1), Err(DateError::MonthRange(13)));
    assert_eq!(Date::ymd(0, 1, 1), Err(DateError::YearRange(0)));
    let other = |text: &str, separator, order| {
        Some(DateError::OtherForm {
            text: text.to_string(),
            separator,
            order,
        })
    };
    assert_eq!(
        Date::parse_hint("12/31/2024"),
        other("12/31/2024", '/', Order::MonthFirst)
    );
    assert_eq!(
        Date::parse_hint("31.03.2024"),
        other("31.03.2024", '.', Order::DayFirst)
    );
    assert_eq!(
        Date::parse_hint("03/04/2024"),
        other("03/04/2024", '/', Order::Either)
    );
    let words = Date::parse_hint("03/04/2024").unwrap().to_string();
    assert!(words.contains("either way round"), "{words}");
    assert_eq!(
        Date::parse_with("2024-31-03", "%d/%m/%Y"),
        Err(DateError::NotInFormat {
            text: "2024-31-03".into(),
            format: "%d/%m/%Y".into()
        })
    );
    assert_eq!(Date::parse_hint("2024-03-31"), None);
    assert_eq!(Date::parse_hint("March 2024"), None);
}
use crate::decimal::dec;

fn day(text: &str) -> Day {
    Date::parse(text).unwrap().to_day("test").unwrap()
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

#[test]
fn day_numbers_match_known_dates() {
    assert_eq!(day_number(day("1970-01-01")), 0);
    assert_eq!(parse_date("2000-03-01").unwrap(), 11_017);
    assert_eq!(
        parse_date("2024-02-29").unwrap() - parse_date("2024-02-28").unwrap(),
        1
    );
    assert_eq!(
        parse_date("2009-04-01").unwrap() - parse_date("2008-01-01").unwrap(),
        456
    );
    assert_eq!(parse_date("1900-01-01").unwrap(), -25_567);
}

#[test]
fn bad_dates_say_why() {
    assert_eq!(
        parse_date("2023-02-29"),
        Err(DateError::NoDay {
            text: Some("2023-02-29".into()),
            year: 2023,
            month: 2,
            day: 29
        })
    );
    assert!(parse_date("2023-02-29")
        .unwrap_err()
        .to_string()
        .contains("no day 29"));
    assert_eq!(
        parse_date("2023-13-01"),
        Err(DateError::NoMonth {
            text: "2023-13-01".into(),
            month: 13
        })
    );
    let not_a_day = |text: &str| {
        Err(DateError::NotADayText {
            text: text.to_string(),
        })
    };
    assert_eq!(parse_date("2023/01/01"), not_a_day("2023/01/01"));
    assert_eq!(parse_date("23-01-01"), not_a_day("23-01-01"));
    assert_eq!(
        parse_date("2024-10"),
        Err(DateError::PeriodText {
            text: "2024-10".into(),
            precision: Precision::Month
        })
    );
    assert_eq!(
        parse_date("2024-10").unwrap_err().to_string(),
        "\"2024-10\" is a whole month, not a day"
    );
    assert_eq!(parse_year_month("2024-12").unwrap(), (2024, 12));
    let not_a_month = |text: &str| {
        Err(DateError::NotAMonth {
            text: text.to_string(),
        })
    };
    assert_eq!(parse_year_month("2024-00"), not_a_month("2024-00"));
    assert_eq!(parse_year_month("2024"), not_a_month("2024"));
    assert_eq!(
        Date::parse("2024-10-01-02"),
        Err(DateError::NotADate {
            text: "2024-10-01-02".into()
        })
    );
    assert!(Date::parse("").is_err());
}

#[test]
fn dates_keep_their_precision_and_print_as_written() {
    for text in ["2019", "2024-10", "2024-12-16", "0001-01-01", "2024-Q3"] {
        assert_eq!(date(text).to_string(), text);
    }
    assert_eq!(date("2019").precision(), Precision::Year);
    assert_eq!(date("2024-Q3").precision(), Precision::Quarter);
    assert_eq!(
        Date::parse("2024-Q5"),
        Err(DateError::NoQuarter {
            text: "2024-Q5".into(),
            quarter: "Q5".into()
        })
    );
    assert!(Date::parse("2024-Q5")
        .unwrap_err()
        .to_string()
        .contains("Q1 to Q4"));
    let mut sorted = ["2024-01-01", "2024-01", "2023-12-31", "2024-Q1", "2024"].map(date);
    sorted.sort_by(Date::sort_order);
    assert_eq!(
        sorted.map(|d| d.to_string()),
        ["2023-12-31", "2024", "2024-Q1", "2024-01", "2024-01-01"]
    );
    assert_eq!(date("2024-02").last_day(), day("2024-02-29"));
    let error = date("2024-10").to_day("days_between").unwrap_err();
    assert_eq!(
        error,
        DateError::NotADay {
            what: "days_between".into(),
            date: date("2024-10")
        }
    );
    assert_eq!(
        error.to_string(),
        "days_between: 2024-10 is a whole month and a day is needed"
    );
}

#[test]
fn as_of_chooses_the_day_it_says() {
    assert_eq!(date("2019").as_of(Anchor::Start), date("2019-01-01"));
    assert_eq!(date("2019").as_of(Anchor::Mid), date("2019-07-01"));
    assert_eq!(date("2019").as_of(Anchor::End), date("2019-12-31"));
    assert_eq!(date("2023-02").as_of(Anchor::End), date("2023-02-28"));
    assert_eq!(date("2023-02").as_of(Anchor::Mid), date("2023-02-15"));
    assert_eq!(date("2024-Q3").as_of(Anchor::Mid), date("2024-08-15"));
    assert_eq!(date("2024-Q4").as_of(Anchor::End), date("2024-12-31"));
    assert_eq!(date("2023-02-03").as_of(Anchor::End), date("2023-02-03"));
    assert_eq!(
        Anchor::parse("middle"),
        Err(DateError::NotAConvention {
            text: "middle".into()
        })
    );
    assert!(Anchor::parse("middle")
        .unwrap_err()
        .to_string()
        .contains("\"mid\""));
}

#[test]
fn dates_of_different_precisions_compare_when_they_do_not_overlap() {
    assert_eq!(date("2019").compare(&date("2024-10")), Ok(Ordering::Less));
    assert_eq!(
        date("2024-12-16").compare(&date("2024-10")),
        Ok(Ordering::Greater)
    );
    assert_eq!(
        date("2024-10-01").compare(&date("2024-10-01")),
        Ok(Ordering::Equal)
    );
    assert_eq!(
        date("2024").compare(&date("2024-10-01")),
        Err(DateError::Overlap {
            a: date("2024"),
            b: date("2024-10-01")
        })
    );
}

// Excel's EDATE examples (support.microsoft.com, "EDATE function": 15-Jan-11 plus 1, -1 and
// 2 months) and the end-of-month clamping in the OOXML spec (ECMA-376 part 4, EDATE:
// EDATE(DATE(2006,1,31),5) is 2006-06-30, EDATE(DATE(2004,2,29),12) is 2005-02-28).
#[test]
fn add_months_matches_excel_edate() {
    let edate = |text: &str, n| add_months(date(text), n).unwrap().to_string();
    assert_eq!(edate("2011-01-15", 1), "2011-02-15");
    assert_eq!(edate("2011-01-15", -1), "2010-12-15");
    assert_eq!(edate("2011-01-15", 2), "2011-03-15");
    assert_eq!(edate("2006-01-31", 5), "2006-06-30");
    assert_eq!(edate("2004-02-29", 12), "2005-02-28");
    assert_eq!(edate("2004-01-15", -23), "2002-02-15");
    assert_eq!(edate("2024-10", 3), "2025-01");
    assert_eq!(
        add_months(date("2024"), 1),
        Err(DateError::NotADay {
            what: "add_months".into(),
            date: date("2024")
        })
    );
    assert_eq!(
        add_months(date("9999-12-01"), 1),
        Err(DateError::OutOfRange {
            what: "add_months".into()
        })
    );
}

// Excel's EOMONTH examples (support.microsoft.com, "EOMONTH function": 1-Jan-11 plus 1 month
// is 2/28/2011, minus 3 months is 10/31/2010).
#[test]
fn eomonth_matches_excel() {
    let eom = |text: &str, n| eomonth(date(text), n).unwrap().to_string();
    assert_eq!(eom("2011-01-01", 1), "2011-02-28");
    assert_eq!(eom("2011-01-01", -3), "2010-10-31");
    assert_eq!(eom("2024-01-31", 1), "2024-02-29");
    assert_eq!(eom("2024-10", 0), "2024-10-31");
    assert!(eomonth(date("2024"), 0).is_err());
}

// Excel's DAYS360 examples (support.microsoft.com, "DAYS360 function"): 1/30/2011 to
// 2/1/2011 is 1, 1/1/2011 to 12/31/2011 is 360, 1/1/2011 to 2/1/2011 is 30.
#[test]
fn days360_matches_excel() {
    assert_eq!(days360(day("2011-01-30"), day("2011-02-01"), false), 1);
    assert_eq!(days360(day("2011-01-01"), day("2011-12-31"), false), 360);
    assert_eq!(days360(day("2011-01-01"), day("2011-02-01"), false), 30);
    // The methods differ on a 31st ending a span that starts before the 30th.
    assert_eq!(days360(day("2011-01-01"), day("2011-12-31"), true), 359);
    // A start on the last day of February counts as the 30th in the US method only.
    assert_eq!(days360(day("2011-02-28"), day("2011-03-31"), false), 30);
    assert_eq!(days360(day("2011-02-28"), day("2011-03-31"), true), 32);
    assert_eq!(days360(day("2011-02-01"), day("2011-01-30"), false), -1);
    // Apache POI's documented DAYS360 examples (poi.apache.org, class Days360).
    assert_eq!(days360(day("1993-02-28"), day("1993-03-01"), false), 1);
    assert_eq!(days360(day("1993-02-28"), day("1993-03-01"), true), 3);
    assert_eq!(days360(day("1996-02-29"), day("1996-03-01"), false), 1);
    assert_eq!(days360(day("1996-02-29"), day("1996-03-01"), true), 2);
}

// Excel's YEARFRAC example (support.microsoft.com, "YEARFRAC function": 1/1/2012 to
// 7/30/2012 is 0.58055556 on basis 0, 0.57650273 on basis 1 and 0.57808219 on basis 3), and
// Apple Numbers' YEARFRAC("12/15/2009", "6/30/2010", basis) for all five bases
// (help.apple.com/functions, YEARFRAC: 0.541666667, 0.539726027, 0.547222222,
// 0.539726027, 0.541666667), which agree with Excel.
#[test]
fn year_frac_matches_the_published_examples() {
    let frac = |a: &str, b: &str, basis| {
        year_frac(day(a), day(b), Basis::from_code(basis).unwrap())
            .round_dp(9)
            .normalize()
    };
    assert_eq!(frac("2012-01-01", "2012-07-30", 0), dec("0.580555556"));
    assert_eq!(frac("2012-01-01", "2012-07-30", 1), dec("0.576502732"));
    assert_eq!(frac("2012-01-01", "2012-07-30", 3), dec("0.578082192"));
    assert_eq!(frac("2009-12-15", "2010-06-30", 0), dec("0.541666667"));
    assert_eq!(frac("2009-12-15", "2010-06-30", 1), dec("0.539726027"));
    assert_eq!(frac("2009-12-15", "2010-06-30", 2), dec("0.547222222"));
    assert_eq!(frac("2009-12-15", "2010-06-30", 3), dec("0.539726027"));
    assert_eq!(frac("2009-12-15", "2010-06-30", 4), dec("0.541666667"));
    // 211 / 360 to 28 digits; the order of the days does not matter.
    assert_eq!(
        year_frac(day("2012-07-30"), day("2012-01-01"), Basis::Actual360),
        dec("0.5861111111111111111111111111")
    );
    assert_eq!(
        year_frac(day("2019-01-01"), day("2024-01-01"), Basis::Us30360),
        dec("5")
    );
    assert_eq!(Basis::from_code(5), Err(DateError::NotABasis(5)));
    assert!(Basis::from_code(5)
        .unwrap_err()
        .to_string()
        .contains("0 (US 30/360)"));
}

#[test]
fn actual_actual_averages_the_years_over_more_than_one() {
    // 2019-01-01 .. 2021-01-01: 731 days over the years 2019, 2020 and 2021 (1096 days / 3).
    assert_eq!(
        year_frac(day("2019-01-01"), day("2021-01-01"), Basis::ActualActual),
        Decimal::from(731 * 3) / Decimal::from(1096)
    );
    // A span of less than a year over 29 February counts 366 days.
    assert_eq!(
        year_frac(day("2023-12-01"), day("2024-03-01"), Basis::ActualActual),
        Decimal::from(91) / Decimal::from(366)
    );
}

#[test]
fn add_days_crosses_months_and_years() {
    assert_eq!(add_days(day("2024-09-01"), 96).unwrap(), day("2024-12-06"));
    assert_eq!(add_days(day("2024-03-01"), -1).unwrap(), day("2024-02-29"));
    assert_eq!(
        add_days(day("9999-12-31"), 1),
        Err(DateError::OutOfRange {
            what: "add_days".into()
        })
    );
    assert!(add_days(day("2024-01-01"), i64::MAX).is_err());
    assert_eq!(days_between(day("2024-12-06"), day("2024-12-16")), 10);
}
