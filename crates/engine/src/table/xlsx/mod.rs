//! Excel workbooks in and out: tables written as sheets with `rust_xlsxwriter` (bold, frozen,
//! filtered header; numbers as numbers; `YYYY-MM-DD` text as dates; column formats carried
//! over; widths fitted) and sheets read back with `calamine` (numbers through their shortest
//! round-trip text, so `0.1` is `0.1`; dates as `YYYY-MM-DD`). Excel holds binary doubles: a
//! value a double cannot hold to 15 significant digits is said once, in a note, or kept as
//! text on request. Money is its amount with a currency number format, its code in a currency
//! column (as CSV), and a very hidden sheet records the money columns so reading gives money
//! back. Files go through `io`, so the file policy applies and saving is atomic.

mod cells;
mod read;
#[cfg(test)]
mod tests_files;
mod write;

pub use cells::ErrorValues;
pub use read::{load, sheets, ReadOptions};
pub use write::{save, workbook_bytes, WriteOptions};

/// True when `path` names an Excel workbook (`.xlsx`).
pub fn is_xlsx_path(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// The very hidden sheet that records which columns of which sheets hold money, and where
/// their codes are, so that `load_xlsx` gives money back without options.
pub const MONEY_SHEET: &str = "_whatif_money";

/// How that record writes the code of a column of one currency, which has no code column
/// (`code:USD`): unlike a bare code, it cannot be mistaken for a column named `USD`.
const ONE_CURRENCY: &str = "code:";

/// `C7` for the zero-based column 2 of zero-based row 6 (written as Excel numbers rows, so the
/// first row is 1).
fn cell_name(row: u32, col: usize) -> String {
    format!("{}{}", column_letters(col), row + 1)
}

/// `C` for the zero-based column 2, `AA` for 26.
fn column_letters(col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, int, text};
    use super::write::money_number_text;
    use super::*;
    use crate::table::{cell, Table};
    use rhai::Dynamic;
    use whatif_core::display::ColumnFormat;
    use whatif_core::money::{CurrencyCode, Money};

    fn host() -> crate::host::Entered {
        crate::Host {
            files: std::rc::Rc::new(crate::file_policy::FilePolicy::unrestricted()),
            ..crate::Host::default()
        }
        .enter(0)
    }

    #[test]
    fn cell_names_count_like_excel() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 2), "C7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 27), "AB10");
    }

    fn money(amount: &str, code: &str) -> Dynamic {
        Dynamic::from(Money::new(
            amount.parse().unwrap(),
            CurrencyCode::parse(code).unwrap(),
        ))
    }

    #[test]
    fn money_round_trips_with_its_code_and_a_currency_number_format() {
        let _host = host();
        let t = Table::new(
            vec!["name".into(), "price".into()],
            vec![
                vec![text("a"), money("1.25", "USD")],
                vec![text("b"), money("300", "JPY")],
                vec![text("c"), Dynamic::UNIT],
            ],
        )
        .unwrap();
        let (bytes, note) =
            workbook_bytes(&[("s".into(), t.clone())], WriteOptions::default()).unwrap();
        assert_eq!(note, None);
        // The number formats carry the code at the currency's minor unit.
        let usd = cell::money(&t.rows()[0][1]).unwrap();
        let jpy = cell::money(&t.rows()[1][1]).unwrap();
        assert_eq!(money_number_text(None, usd), "#,##0.00 \"USD\"");
        assert_eq!(money_number_text(None, jpy), "#,##0 \"JPY\"");
        let bn = ColumnFormat::parse("bn").unwrap();
        assert_eq!(money_number_text(bn, usd), "#,##0.00,,, \"bn USD\"");
        let pct = ColumnFormat::parse("pct1").unwrap();
        assert_eq!(money_number_text(pct, usd), "#,##0.00 \"USD\"");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.xlsx");
        std::fs::write(&path, &bytes).unwrap();
        let back = load(path.to_str().unwrap(), &ReadOptions::default()).unwrap();
        assert_eq!(back.columns(), t.columns());
        assert!(back.same_as(&t), "{back:?}");
        assert_eq!(
            cell::money(&back.rows()[1][1]).unwrap().currency,
            CurrencyCode::parse("JPY").unwrap()
        );
        let reserved = workbook_bytes(&[(MONEY_SHEET.into(), t)], WriteOptions::default());
        assert!(reserved.unwrap_err().0.contains("keeps that name"));
    }

    #[test]
    fn a_table_round_trips_through_a_workbook() {
        let _host = host();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let path = path.to_str().unwrap();
        let t = Table::new(
            vec![
                "name".into(),
                "date".into(),
                "amount".into(),
                "share".into(),
                "ok".into(),
            ],
            vec![
                vec![
                    text("OpenAI"),
                    Dynamic::from(whatif_core::dates::Date::parse("2024-10-02").unwrap()),
                    dec("6600000000"),
                    dec("0.1"),
                    Dynamic::from_bool(true),
                ],
                vec![
                    text("智谱"),
                    Dynamic::from(whatif_core::dates::Date::parse("2024-12").unwrap()),
                    int(-3),
                    Dynamic::UNIT,
                    Dynamic::from_bool(false),
                ],
            ],
        )
        .unwrap()
        .with_formats(&[("share".into(), "pct1".into())])
        .unwrap();
        save(
            &[("rounds".into(), t.clone())],
            path,
            WriteOptions::default(),
            false,
        )
        .unwrap();
        let back = load(path, &ReadOptions::default()).unwrap();
        assert_eq!(back.columns(), t.columns());
        assert!(back.same_as(&t), "{back:?}");
        assert_eq!(cell::raw_text(&back.rows()[0][3]), "0.1");
        assert_eq!(cell::raw_text(&back.rows()[0][1]), "2024-10-02");
        let err = load(
            path,
            &ReadOptions {
                sheet: Some("nope".into()),
                ..ReadOptions::default()
            },
        )
        .unwrap_err();
        assert!(
            err.0
                .contains("has no sheet \"nope\"; its sheets are rounds"),
            "{err}"
        );
    }
}
