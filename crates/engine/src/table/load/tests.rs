//! Reading CSV and JSON: quoting, line numbers in errors, key order.

use super::super::cell::raw_text;
use super::*;

#[test]
fn csv_with_bom_crlf_quotes_and_exact_numbers() {
    let text = "\u{feff}name,amount,note\r\n\"Smith, J\",12345678901234567.89,\r\n\"a \"\"b\"\"\",7,\"two\r\nlines\"\r\n";
    let t = parse_csv(text, "t.csv", &LoadOptions::default()).unwrap();
    assert_eq!(t.columns(), ["name", "amount", "note"]);
    assert_eq!(raw_text(&t.rows()[0][0]), "Smith, J");
    assert_eq!(raw_text(&t.rows()[0][1]), "12345678901234567.89");
    assert!(t.rows()[0][2].is_unit());
    assert_eq!(raw_text(&t.rows()[1][0]), "a \"b\"");
    assert_eq!(t.rows()[1][1].as_int().unwrap(), 7);
    assert_eq!(raw_text(&t.rows()[1][2]), "two\r\nlines");
}

/// Asserts that `text` fails to load (as CSV or JSON) with a message starting `expected`.
fn fails_with(
    load: fn(&str, &str, &LoadOptions) -> TableResult<Table>,
    text: &str,
    expected: &str,
) {
    let err = load(text, "f", &LoadOptions::default()).unwrap_err();
    assert!(err.0.starts_with(expected), "{err}");
}

#[test]
fn ragged_row_names_its_line() {
    fails_with(
        parse_csv,
        "a,b\n1,2\n3\n",
        "f:3: this row has 1 fields but the header has 2",
    );
    fails_with(
        parse_csv,
        "a,b\r\n1,2\r\n3,4,5\r\n",
        "f:3: this row has 3 fields",
    );
    fails_with(
        parse_csv,
        "a,b\n1,\"x\ny\"\n3,4,5\n",
        "f:4: this row has 3 fields",
    );
}

#[test]
fn unterminated_quote_names_line_and_column() {
    let err = parse_csv(
        "a,b\n1,2\n3,\"oops\n4,5\n",
        "q.csv",
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert!(err.0.starts_with("q.csv:3:3: the quoted field"), "{err}");
    assert!(parse_csv("a,b\n1,\"x \"\" y\"\n", "ok.csv", &LoadOptions::default()).is_ok());
}

#[test]
fn json_keeps_digits_and_key_order() {
    let t = parse_json(
        r#"[{"z": 12345678901234567.89, "a": "x"}, {"a": null, "b": true}]"#,
        "j.json",
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(t.columns(), ["z", "a", "b"]);
    assert_eq!(t.origin().unwrap().lines, [1, 1]);
    assert_eq!(raw_text(&t.rows()[0][0]), "12345678901234567.89");
    assert!(t.rows()[1][0].is_unit() && t.rows()[1][1].is_unit());
}

#[test]
fn json_rows_know_the_line_their_object_opens_on() {
    let text = "[\n  {\"a\": \"x\\\"{\\n\"},\n  {\"a\":\n 2}, {\"a\": 3}\n]";
    let t = parse_json(text, "j.json", &LoadOptions::default()).unwrap();
    assert_eq!(t.origin().unwrap().lines, [2, 3, 4]);
    assert_eq!(t.row_label(2), "line 4 of j.json");
}

#[test]
fn a_key_given_twice_in_one_object_is_refused_with_its_line() {
    let text = "[\n {\"a\": 1},\n {\"a\": 2, \"b\": 3, \"a\": 4}\n]";
    let err = parse_json(text, "j.json", &LoadOptions::default()).unwrap_err();
    assert!(
        err.0.contains("\"a\" appears twice") && err.0.contains("j.json:3:"),
        "{err}"
    );
}

#[test]
fn json_of_the_wrong_shape_names_line_and_column() {
    fails_with(
        parse_json,
        "{\"a\": 1}",
        "f:1:1: invalid type: map, expected an array",
    );
    fails_with(parse_json, "[\n {\"a\": 1},\n 5\n]", "f:3:2:");
    let err = parse_json("[{\"a\": [1]}]", "j.json", &LoadOptions::default()).unwrap_err();
    assert!(err.0.contains("nested arrays"), "{err}");
}
