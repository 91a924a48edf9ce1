//! Workbooks as analysts receive them, built with `rust_xlsxwriter` (and edited in the zip
//! where it cannot write what other programs do: the 1904 date system, inline strings).

use std::cell::RefCell;
use std::io::{Read, Write};
use std::rc::Rc;

use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Formula, Workbook};

use super::super::cell::raw_text;
use super::*;
use crate::table::layout::Names;
use crate::table::Table;

type Notes = Rc<RefCell<Vec<String>>>;

/// A session's host with file access and a note sink.
fn host() -> (crate::host::Entered, Notes) {
    let notes: Notes = Rc::new(RefCell::new(Vec::new()));
    let sink = Rc::clone(&notes);
    let entered = crate::Host {
        files: Rc::new(crate::file_policy::FilePolicy::unrestricted()),
        ..crate::Host::default()
    }
    .enter_with_notes(
        0,
        Some(Rc::new(move |t: &str| {
            sink.borrow_mut().push(t.to_string())
        })),
    );
    (entered, notes)
}

fn saved(workbook: &mut Workbook, dir: &tempfile::TempDir, name: &str) -> String {
    let path = dir.path().join(name);
    workbook.save(&path).unwrap();
    path.to_str().unwrap().to_string()
}

/// Replaces `from` by `to` in the member `member` of the workbook at `path`.
fn patch(path: &str, member: &str, from: &str, to: &str) {
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name == member {
            let text = String::from_utf8(content).unwrap();
            assert!(text.contains(from), "{member} has no {from:?}:\n{text}");
            content = text.replacen(from, to, 1).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

fn options() -> ReadOptions {
    ReadOptions::default()
}

fn day(y: u16, m: u8, d: u8) -> ExcelDateTime {
    ExcelDateTime::from_ymd(y, m, d).unwrap()
}

/// A sheet as it is mailed: a title and a note above the header (row 3, from column B), a
/// blank row inside the table, an error value from a formula.
fn deals(dir: &tempfile::TempDir) -> String {
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let s = workbook.add_worksheet().set_name("Deals").unwrap();
    s.write_string(0, 0, "Deals, third quarter").unwrap();
    s.write_string(1, 0, "USD; unaudited").unwrap();
    for (c, h) in ["name", "signed", "amount", "share"].iter().enumerate() {
        s.write_string(2, c as u16 + 1, *h).unwrap();
    }
    let rows: [(u32, &str, ExcelDateTime, Option<f64>, f64); 4] = [
        (3, "xAI", day(2024, 5, 26), Some(6e9), 0.1),
        (4, "Anthropic", day(2024, 3, 1), Some(2.75e9), 0.25),
        (6, "Mistral", day(2024, 6, 11), None, 0.05),
        (7, "Moonshot", day(2024, 2, 1), Some(1e9), 0.2),
    ];
    for (r, name, signed, amount, share) in rows {
        s.write_string(r, 1, name).unwrap();
        s.write_datetime_with_format(r, 2, signed, &date).unwrap();
        match amount {
            Some(a) => s.write_number(r, 3, a).unwrap(),
            None => s
                .write_formula(r, 3, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap(),
        };
        s.write_number(r, 4, share).unwrap();
    }
    saved(&mut workbook, dir, "deals.xlsx")
}

#[test]
fn the_header_row_is_found_by_header_skip_or_range_and_blank_rows_are_noted() {
    let (_host, notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let path = deals(&dir);
    let err = load(&path, &options()).unwrap_err();
    assert!(
        err.0
            .contains("the header cells Deals!B1, Deals!C1, Deals!D1, Deals!E1 are empty")
            && err.0.contains(
                "if the table starts at row 3 (it looks like a header), load with #{header: 3} \
                 or #{skip: 2}"
            )
            && err.0.contains("#{names: \"dedupe\"}"),
        "{err}"
    );
    let t = load(
        &path,
        &ReadOptions {
            header: Some(3),
            ..options()
        },
    )
    .unwrap();
    assert_eq!(t.columns(), ["name", "signed", "amount", "share"]);
    assert_eq!(t.len(), 4);
    assert_eq!(raw_text(&t.rows()[0][1]), "2024-05-26");
    assert_eq!(raw_text(&t.rows()[1][2]), "2750000000");
    assert!(t.rows()[2][2].is_unit());
    assert_eq!(raw_text(&t.rows()[3][3]), "0.2");
    let origin = t.origin().unwrap();
    assert_eq!(origin.lines, [4, 5, 7, 8]);
    assert_eq!(origin.cell(2, "amount").as_deref(), Some("Deals!D7"));
    assert_eq!(t.row_label(2), format!("row 7 of Deals in {path}"));
    let notes = notes.borrow().join("\n");
    assert!(
        notes.contains("sheet Deals: blank row 6 inside the table was skipped"),
        "{notes}"
    );
    assert!(
        notes.contains("1 cell read as empty (Excel error values): Deals!D7 #DIV/0!"),
        "{notes}"
    );
    assert!(
        notes.contains("Deals has 1 formula cell; their values are"),
        "{notes}"
    );
    let skipped = load(
        &path,
        &ReadOptions {
            skip: 2,
            ..options()
        },
    )
    .unwrap();
    assert!(skipped.same_as(&t));
    let ranged = load(
        &path,
        &ReadOptions {
            range: Some("B3:E8".into()),
            ..options()
        },
    )
    .unwrap();
    assert!(ranged.same_as(&t));
    let part = load(
        &path,
        &ReadOptions {
            range: Some("$B$3:$D$5".into()),
            ..options()
        },
    )
    .unwrap();
    assert_eq!(part.columns(), ["name", "signed", "amount"]);
    assert_eq!(part.len(), 2);
    let err = load(
        &path,
        &ReadOptions {
            header: Some(3),
            errors: ErrorValues::Fail,
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        err.0
            .starts_with("Deals!D7: the cell holds the Excel error #DIV/0!"),
        "{err}"
    );
    let err = load(
        &path,
        &ReadOptions {
            header: Some(3),
            skip: 1,
            ..options()
        },
    )
    .unwrap_err();
    assert!(err.0.contains("give header"), "{err}");
    let err = load(
        &path,
        &ReadOptions {
            header: Some(30),
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        err.0
            .contains("header row 30 is outside the cells of sheet \"Deals\" (A1:E8)"),
        "{err}"
    );
    let err = load(
        &path,
        &ReadOptions {
            range: Some("H1:J4".into()),
            ..options()
        },
    )
    .unwrap_err();
    assert!(err.0.contains("the range H1:J4 holds no cells"), "{err}");
    let err = load(
        &path,
        &ReadOptions {
            range: Some("B3".into()),
            ..options()
        },
    )
    .unwrap_err();
    assert!(err.0.contains("an Excel range such as \"B3:H40\""), "{err}");
}

#[test]
fn repeated_and_empty_header_names_are_refused_or_deduped_with_a_note() {
    let (_host, notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let s = workbook.add_worksheet();
    s.write_string(0, 0, "amount").unwrap();
    s.write_string(0, 2, "amount").unwrap();
    for c in 0..3 {
        s.write_number(1, c, f64::from(c)).unwrap();
    }
    let path = saved(&mut workbook, &dir, "names.xlsx");
    let err = load(&path, &options()).unwrap_err();
    assert!(
        err.0.contains("the header cell Sheet1!B1 is empty"),
        "{err}"
    );
    let t = load(
        &path,
        &ReadOptions {
            names: Names::Dedupe,
            ..options()
        },
    )
    .unwrap();
    assert_eq!(t.columns(), ["amount", "column_2", "amount_2"]);
    let notes = notes.borrow().join("\n");
    assert!(
        notes.contains("Sheet1!C1 (\"amount\" again) is \"amount_2\""),
        "{notes}"
    );
}

#[test]
fn cells_keep_dates_times_durations_text_and_round_float_noise() {
    let (_host, notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm:ss.000");
    let clock = Format::new().set_num_format("hh:mm");
    let hours = Format::new().set_num_format("[h]:mm");
    let s = workbook.add_worksheet().set_name("Cells").unwrap();
    s.write_string(0, 0, "name").unwrap();
    s.write_datetime_with_format(0, 1, day(2020, 7, 23), &date)
        .unwrap();
    for (c, h) in ["when", "time", "took", "noise", "text", "literal"]
        .iter()
        .enumerate()
    {
        s.write_string(0, c as u16 + 2, *h).unwrap();
    }
    s.write_string(1, 0, "a").unwrap();
    s.write_number(1, 1, 1).unwrap();
    let when = ExcelDateTime::parse_from_str("2024-01-02T03:04:05.250").unwrap();
    s.write_datetime_with_format(1, 2, when, &stamp).unwrap();
    s.write_number_with_format(1, 3, 0.75, &clock).unwrap();
    s.write_number_with_format(1, 4, 11.0 / 1440.0, &hours)
        .unwrap();
    s.write_number(1, 5, 8.881784197001252e-16).unwrap();
    s.write_string(1, 6, "two\r\nlines").unwrap();
    s.write_string(1, 7, "_x000D_ stays").unwrap();
    let huge = workbook.add_worksheet().set_name("Huge").unwrap();
    huge.write_string(0, 0, "x").unwrap();
    huge.write_number(1, 0, 1e30).unwrap();
    let path = saved(&mut workbook, &dir, "cells.xlsx");
    let t = load(&path, &options()).unwrap();
    assert_eq!(
        t.columns(),
        [
            "name",
            "2020-07-23",
            "when",
            "time",
            "took",
            "noise",
            "text",
            "literal"
        ]
    );
    let row: Vec<String> = t.rows()[0].iter().map(raw_text).collect();
    assert_eq!(row[2], "2024-01-02 03:04:05.25");
    assert_eq!(row[3], "18:00");
    assert_eq!(row[4], "0:11");
    assert_eq!(row[5], "0.0000000000000008881784197001");
    assert_eq!(row[6], "two\r\nlines");
    assert_eq!(row[7], "_x000D_ stays");
    let notes = notes.borrow().join("\n");
    assert!(
        notes.contains("1 number had more decimal places than a decimal holds"),
        "{notes}"
    );
    assert!(notes.contains("rounded to 28 places: Cells!F2"), "{notes}");
    let err = load(
        &path,
        &ReadOptions {
            sheet: Some("Huge".into()),
            ..options()
        },
    )
    .unwrap_err();
    assert!(
        err.0
            .starts_with("Huge!A2: the number 1e30 is outside the decimal range"),
        "{err}"
    );
}

#[test]
fn the_1904_date_system_and_escapes_in_inline_and_formula_strings() {
    let (_host, _notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let stamp = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let s = workbook.add_worksheet();
    for (c, h) in ["day", "at", "inline", "formula"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    // 2020-07-23 counted from 1904-01-01, as a Mac workbook of old stores it.
    s.write_number_with_format(1, 0, 42573.0, &date).unwrap();
    s.write_number_with_format(1, 1, 42573.5, &stamp).unwrap();
    s.write_number(1, 2, 7).unwrap();
    s.write_formula(1, 3, Formula::new("=\"x\"").set_result("RESULT"))
        .unwrap();
    let path = saved(&mut workbook, &dir, "mac.xlsx");
    patch(
        &path,
        "xl/workbook.xml",
        "<workbookPr",
        "<workbookPr date1904=\"1\"",
    );
    patch(
        &path,
        "xl/worksheets/sheet1.xml",
        "<c r=\"C2\"><v>7</v></c>",
        "<c r=\"C2\" t=\"inlineStr\"><is><t>p_x000D_q</t></is></c>",
    );
    patch(&path, "xl/worksheets/sheet1.xml", "RESULT", "a_x0009_b");
    let t = load(&path, &options()).unwrap();
    let row: Vec<String> = t.rows()[0].iter().map(raw_text).collect();
    assert_eq!(row, ["2020-07-23", "2020-07-23 12:00", "p\rq", "a\tb"]);
}

#[test]
fn the_first_worksheet_with_data_is_read_and_sheets_are_listed() {
    let (_host, _notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Data!$B$2:$B$3");
    workbook
        .add_chartsheet()
        .set_name("Chart")
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    workbook.add_worksheet().set_name("Empty").unwrap();
    let s = workbook.add_worksheet().set_name("Data").unwrap();
    s.write_string(1, 1, "x").unwrap();
    s.write_string(1, 2, "y").unwrap();
    s.write_number(2, 1, 1).unwrap();
    s.write_number(2, 2, 2).unwrap();
    let path = saved(&mut workbook, &dir, "sheets.xlsx");
    let t = load(&path, &options()).unwrap();
    assert_eq!(t.columns(), ["x", "y"]);
    assert_eq!(t.origin().unwrap().cell(0, "y").as_deref(), Some("Data!C3"));
    let list = sheets(&path).unwrap();
    let text: Vec<Vec<String>> = list
        .rows()
        .iter()
        .map(|r| r.iter().map(raw_text).collect())
        .collect();
    assert_eq!(
        list.columns(),
        ["sheet", "kind", "visible", "range", "rows", "columns"]
    );
    assert_eq!(
        text,
        [
            ["Chart", "chart sheet", "true", "", "0", "0"],
            ["Empty", "worksheet", "true", "", "0", "0"],
            ["Data", "worksheet", "true", "B2:C3", "2", "2"],
        ]
    );
    let err = load(
        &path,
        &ReadOptions {
            sheet: Some("Chart".into()),
            ..options()
        },
    )
    .unwrap_err();
    assert!(err.0.contains("is a chart sheet, not a worksheet"), "{err}");
}

fn usd(amount: i64) -> rhai::Dynamic {
    let code = whatif_core::money::CurrencyCode::USD;
    rhai::Dynamic::from(whatif_core::money::Money::new(amount.into(), code))
}

#[test]
fn a_column_of_one_currency_needs_no_code_column_and_mixed_ones_keep_theirs() {
    let (_host, _notes) = host();
    let dir = tempfile::tempdir().unwrap();
    let eur = rhai::Dynamic::from(whatif_core::money::Money::new(
        5.into(),
        whatif_core::money::CurrencyCode::parse("EUR").unwrap(),
    ));
    let t = Table::new(
        [
            "year",
            "payment",
            "interest",
            "principal",
            "balance",
            "fees",
        ]
        .map(String::from)
        .to_vec(),
        vec![
            vec![
                rhai::Dynamic::from_int(1),
                usd(100),
                usd(40),
                usd(60),
                usd(940),
                eur,
            ],
            vec![
                rhai::Dynamic::from_int(2),
                usd(100),
                usd(38),
                usd(62),
                rhai::Dynamic::UNIT,
                usd(7),
            ],
        ],
    )
    .unwrap();
    let path = dir.path().join("schedule.xlsx");
    let path = path.to_str().unwrap();
    save(
        &[("schedule".into(), t.clone())],
        path,
        WriteOptions::default(),
        false,
    )
    .unwrap();
    let mut workbook: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = calamine::Reader::worksheet_range(&mut workbook, "schedule").unwrap();
    let header: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        header,
        [
            "year",
            "payment",
            "interest",
            "principal",
            "balance",
            "fees",
            "fees_currency"
        ]
    );
    let back = load(path, &options()).unwrap();
    assert_eq!(back.columns(), t.columns());
    assert!(back.same_as(&t), "{back:?}");
    assert_eq!(
        crate::table::cell::money(&back.rows()[1][5]).unwrap(),
        crate::table::cell::money(&usd(7)).unwrap()
    );
}

#[test]
fn the_fifteen_digit_note_names_every_column_integers_included() {
    let t = Table::new(
        ["id", "amount", "small"].map(String::from).to_vec(),
        vec![vec![
            rhai::Dynamic::from_int(123_456_789_012_345_678),
            rhai::Dynamic::from_decimal("12345678901234567.89".parse().unwrap()),
            rhai::Dynamic::from_int(1),
        ]],
    )
    .unwrap();
    let (_, note) = workbook_bytes(&[("S".into(), t)], WriteOptions::default()).unwrap();
    let note = note.unwrap();
    assert!(
        note.contains("columns \"id\" from S!A2, \"amount\" from S!B2 on are rounded"),
        "{note}"
    );
}

#[test]
fn only_workbooks_that_hold_formulas_get_the_formula_pass() {
    let mut plain = Workbook::new();
    plain.add_worksheet().write_number(0, 0, 1).unwrap();
    let plain = plain.save_to_buffer().unwrap();
    assert!(!super::read::may_have_formulas(&plain));
    let mut with = Workbook::new();
    with.add_worksheet()
        .write_formula(0, 0, Formula::new("=1+1"))
        .unwrap();
    assert!(super::read::may_have_formulas(
        &with.save_to_buffer().unwrap()
    ));
    assert!(super::read::may_have_formulas(b"not a zip"));
}

/// A sheet whose only cell is the last one Excel has (`XFD1048576`), with a dimension that
/// claims the whole sheet: the used range comes from the cells, so it loads at once.
#[test]
fn a_single_cell_at_the_far_corner_loads_from_its_cells() {
    let dir = tempfile::tempdir().unwrap();
    let mut workbook = Workbook::new();
    let s = workbook.add_worksheet().set_name("Far").unwrap();
    s.write_string(1_048_575, 16_383, "total").unwrap();
    let path = saved(&mut workbook, &dir, "far.xlsx");
    patch(
        &path,
        "xl/worksheets/sheet1.xml",
        "<dimension ref=\"XFD1048576\"/>",
        "<dimension ref=\"A1:XFD1048576\"/>",
    );
    let (_entered, _notes) = host();
    let t = load(&path, &options()).unwrap();
    assert_eq!(t.columns(), ["total"]);
    assert_eq!(t.len(), 0);
}

/// The formula look reads a sheet's XML in pieces: a tag split between two pieces, or at the
/// very end, is still found; `<font ` and `<fill>` are not formulas.
#[test]
fn a_formula_tag_split_between_pieces_is_found() {
    /// Gives at most `step` bytes per read, as a decompressor may.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }
    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(out.len()).min(self.data.len());
            out[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }
    let holds = |xml: &str, step: usize| {
        super::read::holds_formula_tag(&mut Trickle {
            data: xml.as_bytes(),
            step,
        })
        .unwrap()
    };
    for step in [1, 2, 3, 5, 1 << 20] {
        assert!(holds("<c r=\"A1\"><f>1+1</f></c>", step), "step {step}");
        assert!(holds("<c><x:f t=\"shared\"/>", step), "step {step}");
        assert!(holds("<c><f>", step), "step {step}");
        assert!(!holds("<font b=\"1\"/><fill><x:fx/>", step), "step {step}");
        assert!(!holds("", step), "step {step}");
    }
    // Longer than one 64 KiB piece, with the tag across the boundary.
    let mut long = "x".repeat((1 << 16) - 1);
    long.push_str("<f>=A1</f>");
    assert!(holds(&long, 1 << 20));
}
