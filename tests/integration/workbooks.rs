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
            .prop_map(|(y, m, d)| {
                let day = format!("{y:04}-{m:02}-{d:02}");
                Dynamic::from(whatif_core::dates::Date::parse(&day).unwrap())
            })
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
        files: std::rc::Rc::new(whatif_engine::file_policy::FilePolicy::unrestricted()),
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

/// What openpyxl reads from the first sheet, as JSON rows of cells as plain text: numbers as
/// plain decimals, dates `YYYY-MM-DD`, booleans `true`/`false`, empty cells empty.
const READ_WITH_OPENPYXL: &str = r#"
import sys, json, datetime, decimal, re, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
def text(v):
    if v is None: return ""
    if isinstance(v, bool): return "true" if v else "false"
    if isinstance(v, int): return str(v)
    if isinstance(v, float):
        d = decimal.Decimal(repr(v)).normalize()
        return format(d, "f")
    if isinstance(v, datetime.datetime): return v.date().isoformat()
    # openpyxl gives text as stored; Excel shows the format's escapes decoded (_x000D_ is \r).
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v)
print(json.dumps([[text(c) for c in row] for row in ws.iter_rows(values_only=True)]))
"#;

/// A second reader sees the cells whatif wrote: openpyxl reads every value of a workbook
/// holding integers, decimals, text with line breaks, booleans, dates and money as whatif
/// reads them.
#[test]
fn openpyxl_reads_the_cells_whatif_writes() {
    // Skipped, with the reason printed, where Python or the package index is missing.
    let Some(python) = crate::common::python_with("openpyxl", &["openpyxl"]) else {
        return;
    };
    let _files = files();
    let usd = |cents: i64| money((cents, "USD"));
    let t = Table::new(
        ["name", "n", "share", "note", "ok", "day", "price", "fee"]
            .map(String::from)
            .to_vec(),
        vec![
            vec![
                Dynamic::from("xAI".to_string()),
                Dynamic::from_int(999_999_999_999_999),
                Dynamic::from_decimal(Decimal::new(1, 1)),
                Dynamic::from("two\r\nlines".to_string()),
                Dynamic::from_bool(true),
                Dynamic::from(whatif_core::dates::Date::parse("2024-05-26").unwrap()),
                usd(600_000_000_000),
                usd(1_250),
            ],
            vec![
                Dynamic::from("智谱".to_string()),
                Dynamic::from_int(-3),
                Dynamic::from_decimal(Decimal::new(-123_456_789, 8)),
                Dynamic::UNIT,
                Dynamic::from_bool(false),
                Dynamic::from(whatif_core::dates::Date::parse("2020-02-29").unwrap()),
                usd(5),
                money((300, "JPY")),
            ],
        ],
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cross.xlsx");
    let path = path.to_str().unwrap();
    save(
        &[("t".to_string(), t.clone())],
        path,
        WriteOptions::default(),
        false,
    )
    .unwrap();
    let out = std::process::Command::new(&python)
        .args(["-c", READ_WITH_OPENPYXL, path])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).unwrap();
    // The sheet as written: money as amounts, a mixed column's codes beside it.
    let layout = whatif_engine::table::money::money_layout(&t, true);
    let flat = whatif_engine::table::money::flattened_as(&t, &layout);
    let mut expected = vec![flat.columns().to_vec()];
    for row in flat.rows().iter() {
        expected.push(
            row.iter()
                .map(whatif_engine::table::cell::raw_text)
                .collect(),
        );
    }
    assert_eq!(seen, expected);
    assert_eq!(
        flat.columns().last().map(String::as_str),
        Some("fee_currency")
    );
    // And whatif reads its own workbook back as the table.
    assert!(load(path, &ReadOptions::default()).unwrap().same_as(&t));
}

/// A workbook of `tests/data/workbooks` (see the README there for who saved it and its
/// licence), loaded with `options`, and the notes the load gave.
fn real(name: &str, options: ReadOptions) -> (Result<Table, String>, Vec<String>) {
    let notes = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = std::rc::Rc::clone(&notes);
    let _host = whatif_engine::Host {
        files: std::rc::Rc::new(whatif_engine::file_policy::FilePolicy::unrestricted()),
        ..whatif_engine::Host::default()
    }
    .enter_with_notes(
        0,
        Some(std::rc::Rc::new(move |t: &str| {
            sink.borrow_mut().push(t.to_string())
        })),
    );
    let path = format!("{}/tests/data/workbooks/{name}", env!("CARGO_MANIFEST_DIR"));
    let t = load(&path, &options).map_err(|e| e.0);
    let said = notes.borrow().clone();
    (t, said)
}

fn texts(t: &Table) -> Vec<Vec<String>> {
    t.rows()
        .iter()
        .map(|r| r.iter().map(whatif_engine::table::cell::raw_text).collect())
        .collect()
}

#[test]
fn real_workbooks_from_excel_excel_for_mac_libreoffice_wps_and_a_report_generator() {
    // A chart sheet first: the first worksheet is read.
    let (t, _) = real("testchartsheet.xlsx", ReadOptions::default());
    let t = t.unwrap();
    assert_eq!(t.columns(), ["Value"]);
    assert_eq!(texts(&t), [["1"], ["2"], ["3"], ["4"]]);
    // Excel for Mac, 1904 date system: the date is the one Excel shows; the error cell is
    // empty and named; the formula is said.
    let (t, notes) = real("testcelltypes.xlsx", ReadOptions::default());
    let t = t.unwrap();
    assert_eq!(t.columns(), ["hello world", "string"]);
    let cells = texts(&t);
    assert_eq!(cells[1], ["12345", "int"]);
    assert_eq!(cells[2], ["1.024", "float"]);
    assert_eq!(cells[3], ["2015-01-01", "date"]);
    assert_eq!(cells[4], ["true", "bool"]);
    assert_eq!(cells[6], ["", "error"]);
    let notes = notes.join("\n");
    assert!(notes.contains("Sheet1!A8 #DIV/0!"), "{notes}");
    assert!(notes.contains("Sheet1 has 2 formula cells"), "{notes}");
    // A report: titles above the header, which the message finds; the table by its range.
    let (err, _) = real("inlineStrings.xlsx", ReadOptions::default());
    let err = err.unwrap_err();
    assert!(
        err.contains(
            "if the table starts at row 10 (it looks like a header), load with #{header: 10}"
        ),
        "{err}"
    );
    let range = ReadOptions {
        range: Some("B10:K35".into()),
        ..ReadOptions::default()
    };
    let (t, _) = real("inlineStrings.xlsx", range);
    let t = t.unwrap();
    assert_eq!(
        t.columns(),
        [
            "Date",
            "Campaign",
            "Impressions",
            "Clicks",
            "CTR",
            "Avg. CPC",
            "Spend",
            "Sales Units",
            "Sales",
            "ROAS"
        ]
    );
    assert_eq!(t.len(), 25);
    assert_eq!(
        texts(&t)[0][..5],
        [
            "06/25/16",
            "Malformed Campaign",
            "3599619",
            "13351",
            "0.00370900364733045"
        ]
    );
    assert_eq!(
        t.origin().unwrap().cell(0, "Clicks").as_deref(),
        Some("Activity by Day!E11")
    );
    // LibreOffice: an empty header cell is named, and dedupe names the column by position.
    let (err, _) = real("empty_cells.xlsx", ReadOptions::default());
    assert!(err
        .unwrap_err()
        .contains("the header cell Sheet1!A1 is empty"));
    // WPS: blank rows inside the table are skipped and named.
    let dedupe = ReadOptions {
        names: whatif_engine::table::layout::Names::Dedupe,
        ..ReadOptions::default()
    };
    let (t, notes) = real("wpsBlankLineTest.xlsx", dedupe);
    let t = t.unwrap();
    assert_eq!(t.columns(), ["编号", "column_2", "column_3"]);
    assert_eq!(t.origin().unwrap().lines, [3, 5]);
    assert!(
        notes
            .join("\n")
            .contains("blank rows 2, 4 inside the table were skipped"),
        "{notes:?}"
    );
}
