//! Workbooks whatif writes read back as the same table: a property over generated tables
//! (numbers, text with the file format's escapes, booleans, dates, money of one currency or
//! mixed, empty cells), through `save_xlsx` and `load_xlsx` in Rust.

use proptest::prelude::*;
use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_core::money::{CurrencyCode, Money};
use whatif_engine::table::xlsx::{load, save, ReadOptions, WriteOptions};
use whatif_engine::table::Table;

/// One generated cell of a column of the given kind.
fn cell(kind: u8) -> BoxedStrategy<Dynamic> {
    let empty = Just(Dynamic::UNIT);
    match kind {
        0 => prop_oneof![
            4 => (-999_999_999_999_999_i64..999_999_999_999_999).prop_map(Dynamic::from_int),
            1 => empty.clone()
        ]
        .boxed(),
        1 => prop_oneof![
            // At most 15 significant digits, with a fraction: what a double holds exactly.
            4 => (-99_999_999_999_999_i64..99_999_999_999_999, 1u32..6)
                .prop_filter("a fraction", |(m, s)| m % 10i64.pow(*s) != 0)
                .prop_map(|(m, s)| Dynamic::from_decimal(Decimal::new(m, s))),
            1 => empty.clone()
        ]
        .boxed(),
        2 => prop_oneof![
            4 => "[a-zA-Z0-9 ,.€¥中文\\-\\r\\t]{1,12}".prop_map(Dynamic::from),
            1 => "[a-z]{0,3}".prop_map(|s| Dynamic::from(format!("{s}_x000D_{s}"))),
            1 => empty.clone()
        ]
        .boxed(),
        3 => prop_oneof![any::<bool>().prop_map(Dynamic::from_bool), empty.clone()].boxed(),
        4 => (1990i32..2040, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| Dynamic::from(format!("{y:04}-{m:02}-{d:02}")))
            .boxed(),
        5 => prop_oneof![
            4 => (-9_999_999_999_999_i64..9_999_999_999_999, prop::sample::select(vec!["USD"]))
                .prop_map(money),
            1 => empty.clone()
        ]
        .boxed(),
        _ => prop_oneof![
            4 => (-9_999_999_999_999_i64..9_999_999_999_999, prop::sample::select(vec!["USD", "EUR", "JPY", "CNY"]))
                .prop_map(money),
            1 => empty
        ]
        .boxed(),
    }
}

fn money((cents, code): (i64, &str)) -> Dynamic {
    let code = CurrencyCode::parse(code).unwrap();
    let amount = Decimal::new(cents, code.minor_units());
    Dynamic::from(Money::new(amount, code))
}

/// A table: a first column of names (so no row is wholly empty: a workbook has no way to
/// hold such a row), then columns of generated kinds.
fn table() -> impl Strategy<Value = Table> {
    (prop::collection::vec(0u8..7, 1..6), 1usize..12).prop_flat_map(|(kinds, rows)| {
        let columns: Vec<BoxedStrategy<Dynamic>> = kinds.iter().map(|k| cell(*k)).collect();
        let row = ("[a-z]{1,6}".prop_map(Dynamic::from), columns).prop_map(|(name, mut cells)| {
            cells.insert(0, name);
            cells
        });
        let names: Vec<String> = std::iter::once("name".to_string())
            .chain(kinds.iter().enumerate().map(|(i, k)| format!("c{i}_{k}")))
            .collect();
        prop::collection::vec(row, rows)
            .prop_map(move |rows| Table::new(names.clone(), rows).unwrap())
    })
}

fn files() -> whatif_engine::host::Entered {
    whatif_engine::Host {
        files: std::rc::Rc::new(whatif_engine::files::FilePolicy::unrestricted()),
        ..whatif_engine::Host::default()
    }
    .enter(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any table whatif writes to a workbook reads back equal: values, kinds (integer,
    /// decimal, text, boolean), dates, money with its currency.
    #[test]
    fn a_written_workbook_reads_back_equal(t in table()) {
        let _files = files();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.xlsx");
        let path = path.to_str().unwrap();
        save(&[("t".to_string(), t.clone())], path, WriteOptions::default(), false).unwrap();
        let back = load(path, &ReadOptions::default()).unwrap();
        prop_assert_eq!(back.columns(), t.columns());
        prop_assert!(back.same_as(&t), "{:?}\n{:?}", t, back);
        for (a, b) in t.rows().iter().zip(back.rows().iter()) {
            for (x, y) in a.iter().zip(b.iter()) {
                prop_assert_eq!(x.type_name(), y.type_name(), "{:?} read back as {:?}", x, y);
            }
        }
    }
}
