//! Tables for the table modules' unit tests, and the tests of `Table` itself.

use super::*;

pub fn int(i: i64) -> Dynamic {
    Dynamic::from_int(i)
}
pub fn dec(s: &str) -> Dynamic {
    Dynamic::from_decimal(s.parse().unwrap())
}
pub fn text(s: &str) -> Dynamic {
    Dynamic::from(s.to_string())
}

/// name, currency, amount
pub fn sample() -> Table {
    Table::new(
        vec!["name".into(), "currency".into(), "amount".into()],
        vec![
            vec![text("OpenAI"), text("USD"), dec("40000000000")],
            vec![text("智谱"), text("CNY"), int(1_000_000_000)],
            vec![text("Anthropic"), text("USD"), dec("13000000000.5")],
            vec![text("月之暗面"), text("CNY"), Dynamic::UNIT],
        ],
    )
    .unwrap()
}

#[test]
fn ragged_rows_and_duplicate_columns_are_errors() {
    let err = Table::new(vec!["a".into(), "b".into()], vec![vec![int(1)]]).unwrap_err();
    assert!(err.0.contains("row 0 has 1 values"), "{err}");
    assert!(Table::new(vec!["a".into(), "a".into()], vec![]).is_err());
}

#[test]
fn maps_give_first_seen_column_order_and_fill_gaps() {
    let mut a = Map::new();
    a.insert("x".into(), int(1));
    let mut b = Map::new();
    b.insert("w".into(), int(2));
    b.insert("x".into(), int(3));
    let t = Table::from_maps(&[a, b]);
    assert_eq!(t.columns(), ["x", "w"]);
    assert!(t.rows()[0][1].is_unit());
}

#[test]
fn money_view_needs_a_column_or_code() {
    let t = sample();
    assert!(t.fmt_money("amount", "currency").is_ok());
    assert!(t.fmt_money("amount", "usd").is_ok());
    assert!(t.fmt_money("amount", "dollars").is_err());
    assert!(t.fmt_money("nope", "USD").is_err());
}
