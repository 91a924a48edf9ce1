//! Writing workbooks with `rust_xlsxwriter`: bold, frozen, filtered header; numbers as
//! numbers; `YYYY-MM-DD` text as dates; column formats carried over; widths fitted. Excel
//! holds binary doubles: a value a double cannot hold to 15 significant digits is said in a
//! note, or kept as text on request. Money is its amount with a currency number format, and a
//! very hidden sheet records the money columns so reading gives money back.

use std::collections::HashMap;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;
use whatif_core::decimal::{decimal_from_f64, group_thousands, F64_DIGITS};
use whatif_core::display::ColumnFormat;
use whatif_core::money::{CurrencyCode, Money};

use super::super::{cell, io, money, Currency, Table, TableError, TableResult};
use super::{cell_name, MONEY_SHEET, ONE_CURRENCY};

/// Choices for writing a workbook.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// Write numbers that a double cannot hold to 15 significant digits as text, keeping
    /// every digit (Excel then treats them as text).
    pub exact_text: bool,
}

/// The first cell a double changed: its column and `Sheet!A1` reference.
struct Rounded {
    sheet: String,
    column: String,
    cell: String,
}

/// The workbook of `sheets` (name, table) as bytes. A sheet name Excel refuses (longer than 31
/// characters, `[]:*?/\`, repeated) is an error naming it. When a number had to be rounded to
/// fit a double, the returned note says which column and cell first.
pub fn workbook_bytes(
    sheets: &[(String, Table)],
    options: WriteOptions,
) -> TableResult<(Vec<u8>, Option<String>)> {
    if sheets.is_empty() {
        return Err(TableError::new(
            "save_xlsx: give at least one sheet, e.g. #{rounds: funding_rounds}",
        ));
    }
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &rust_xlsxwriter::DocProperties::new().set_creation_datetime(&creation_time()),
    );
    let mut rounded: Vec<Rounded> = Vec::new();
    for (name, table) in sheets {
        if name == MONEY_SHEET {
            return Err(TableError::new(format!(
                "cannot name a sheet {name:?}: whatif keeps that name for its record of money \
                 columns; choose another"
            )));
        }
        fits_a_sheet(name, table)?;
        let sheet = workbook.add_worksheet();
        sheet.set_name(name.as_str()).map_err(|e| {
            TableError::new(format!(
                "cannot name a sheet {name:?}: {}; Excel sheet names have at most 31 \
                 characters, none of []:*?/\\, and differ from each other",
                xlsx_reason(&e)
            ))
        })?;
        write_sheet(sheet, name, table, options, &mut rounded).map_err(|e| {
            TableError::new(format!("cannot write sheet {name:?}: {}", xlsx_reason(&e)))
        })?;
    }
    write_money_sheet(&mut workbook, sheets).map_err(|e| {
        TableError::new(format!(
            "cannot record the money columns: {}",
            xlsx_reason(&e)
        ))
    })?;
    let bytes = workbook
        .save_to_buffer()
        .map_err(|e| TableError::new(format!("cannot build the workbook: {}", xlsx_reason(&e))))?;
    let note = (!rounded.is_empty()).then(|| {
        let columns: Vec<String> = rounded
            .iter()
            .map(|r| format!("{:?} from {}", r.column, r.cell))
            .collect();
        let subject = match columns.len() {
            1 => "column",
            _ => "columns",
        };
        format!(
            "Excel holds 15 significant digits: {subject} {} on {} rounded; save with \
             #{{exact_text: true}} to write such cells as text",
            columns.join(", "),
            if columns.len() == 1 { "is" } else { "are" }
        )
    });
    Ok((bytes, note))
}

/// Excel's sheet size: rows including the header row, and columns.
const SHEET_ROWS: usize = 1_048_576;
const SHEET_COLUMNS: usize = 16_384;

/// An error naming the sheet when `table` is larger than an Excel sheet, before any cell is
/// written, so that row and column numbers never wrap.
fn fits_a_sheet(name: &str, table: &Table) -> TableResult<()> {
    let (rows, columns) = (table.len(), table.columns().len());
    if rows < SHEET_ROWS && columns <= SHEET_COLUMNS {
        return Ok(());
    }
    Err(TableError::new(format!(
        "cannot write sheet {name:?}: it has {} rows and {} columns, and an Excel sheet holds \
         at most {} rows under its header and {} columns; save it as .csv, or split it with \
         head/tail or select",
        group_thousands(&rows.to_string()),
        group_thousands(&columns.to_string()),
        group_thousands(&(SHEET_ROWS - 1).to_string()),
        group_thousands(&SHEET_COLUMNS.to_string()),
    )))
}

/// Writes `sheets` to `path` as a workbook (atomically, under the file policy unless
/// `unrestricted`), telling the session's notes when a number was rounded.
pub fn save(
    sheets: &[(String, Table)],
    path: &str,
    options: WriteOptions,
    unrestricted: bool,
) -> TableResult<()> {
    let (bytes, note) = workbook_bytes(sheets, options)?;
    io::write_binary(path, &bytes, note, unrestricted)
}

fn xlsx_reason(error: &XlsxError) -> String {
    let text = error.to_string();
    text.trim_end_matches('.').to_string()
}

fn write_sheet(
    sheet: &mut Worksheet,
    sheet_name: &str,
    table: &Table,
    options: WriteOptions,
    rounded: &mut Vec<Rounded>,
) -> Result<(), XlsxError> {
    // Money goes in as its amount, with its code in the currency column as in CSV; each
    // money cell gets a number format showing its code.
    let source = table;
    let flat = money::flattened_as(table, &money::money_layout(table, true));
    let table = &flat;
    let ncols = table.columns().len();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut widths: Vec<usize> = table
        .columns()
        .iter()
        .map(|c| UnicodeWidthStr::width(c.as_str()))
        .collect();
    for (c, name) in table.columns().iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold)?;
    }
    let origin: Vec<Option<usize>> = table
        .columns()
        .iter()
        .map(|name| source.column_index(name).ok())
        .collect();
    let formats: Vec<Option<Format>> = origin
        .iter()
        .map(|o| o.and_then(|c| number_format(source, c)))
        .collect();
    let mut money_formats: HashMap<(usize, CurrencyCode), Format> = HashMap::new();
    for (r, row) in table.rows().iter().enumerate() {
        let at = r as u32 + 1;
        for (c, value) in row.iter().enumerate() {
            let money = origin[c].and_then(|o| cell::money(&source.rows()[r][o]));
            let col = c as u16;
            let text = cell::raw_text(value);
            widths[c] = widths[c].max(UnicodeWidthStr::width(text.as_str()));
            if value.is_unit() {
                continue;
            }
            if let Some(number) = cell::number(value) {
                let double = to_double(number);
                if !holds_exactly(number, double) {
                    if options.exact_text {
                        sheet.write_string(at, col, &text)?;
                        continue;
                    }
                    let column = &table.columns()[c];
                    // Per sheet and column, the first cell rounded.
                    if !rounded
                        .iter()
                        .any(|r| r.sheet == sheet_name && r.column == *column)
                    {
                        rounded.push(Rounded {
                            sheet: sheet_name.to_string(),
                            column: column.clone(),
                            cell: format!("{}!{}", sheet_name, cell_name(at, c)),
                        });
                    }
                }
                let format = match money {
                    Some(m) => Some(&*money_formats.entry((c, m.currency)).or_insert_with(|| {
                        money_number_format(source.column_format(origin[c].unwrap_or(c)), m)
                    })),
                    None => formats[c].as_ref(),
                };
                match format {
                    Some(format) => sheet.write_number_with_format(at, col, double, format)?,
                    None => sheet.write_number(at, col, double)?,
                };
            } else if let Ok(b) = value.as_bool() {
                sheet.write_boolean(at, col, b)?;
            } else if let Some(day) = as_date(&text) {
                sheet.write_datetime_with_format(at, col, &day, &date)?;
            } else {
                sheet.write_string(at, col, &text)?;
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    if ncols > 0 {
        sheet.autofilter(0, 0, table.len() as u32, ncols as u16 - 1)?;
    }
    for (c, width) in widths.iter().enumerate() {
        // Room for the filter button; very long text does not make a column a page wide.
        sheet.set_column_width(c as u16, (*width + 3).min(60) as f64)?;
    }
    Ok(())
}

/// The Excel number format for column `c`: its `t.format(…)`, or a money view's (two
/// decimals, with the code when the view names one).
fn number_format(table: &Table, c: usize) -> Option<Format> {
    if let Some(format) = table.column_format(c) {
        return Some(Format::new().set_num_format(format.excel_number_format()));
    }
    let view = table
        .money_views()
        .iter()
        .find(|m| m.column == table.columns()[c])?;
    let code = match &view.currency {
        Currency::Code(code) => format!("#,##0.00 \"{code}\""),
        Currency::Column(_) => "#,##0.00".to_string(),
    };
    Some(Format::new().set_num_format(code))
}

/// The Excel number format of a money cell: grouped, at its currency's minor unit, with its
/// code (`#,##0.00 "USD"`, `#,##0 "JPY"`); a column format (`bn`) keeps its scaling.
fn money_number_format(column: Option<ColumnFormat>, money: Money) -> Format {
    Format::new().set_num_format(money_number_text(column, money))
}

pub(super) fn money_number_text(column: Option<ColumnFormat>, money: Money) -> String {
    let code = money.currency;
    // A percentage of money would misread (`format` refuses it; this guards formats set before
    // the money arrived): such cells keep the currency format.
    let column = column.filter(|f| !matches!(f, ColumnFormat::Percent(_)));
    let base = column
        .unwrap_or(ColumnFormat::Fixed(code.minor_units()))
        .excel_number_format();
    let unit = match column {
        Some(format @ ColumnFormat::Magnitude(_)) => {
            // The unit as the header shows it: `amount (bn)` gives `bn`.
            let header = format.header("");
            let unit = header.trim().trim_start_matches('(').trim_end_matches(')');
            format!("{unit} {code}")
        }
        _ => code.to_string(),
    };
    format!("{base} \"{unit}\"")
}

/// The very hidden sheet that records which columns of which sheets hold money, and where
/// One money column of a written sheet: its name, its code column, and whether that code
/// column was added on writing (`<column>_currency`) and is dropped on reading.
struct MoneyColumn {
    column: String,
    code_column: String,
    added: bool,
}

/// The money columns of `table` as `write_sheet` lays them out (`money::money_layout`): the
/// code column is the table's `currency`, an added `<column>_currency`, or, for a column of
/// one currency shown by its number format, that currency's code.
fn money_columns(table: &Table) -> Vec<MoneyColumn> {
    money::money_layout(table, true)
        .into_iter()
        .map(|(c, at)| {
            let column = table.columns()[c].clone();
            let (code_column, added) = match at {
                money::CodesAt::Shared => (money::CURRENCY_COLUMN.to_string(), false),
                money::CodesAt::Added(name) => (name, true),
                money::CodesAt::Format(code) => (format!("{ONE_CURRENCY}{code}"), false),
            };
            MoneyColumn {
                column,
                code_column,
                added,
            }
        })
        .collect()
}

/// Writes the record of money columns (sheet, column, code column, added) as a very hidden
/// sheet; nothing when no sheet holds money.
fn write_money_sheet(workbook: &mut Workbook, sheets: &[(String, Table)]) -> Result<(), XlsxError> {
    let records: Vec<(&String, MoneyColumn)> = sheets
        .iter()
        .flat_map(|(name, t)| money_columns(t).into_iter().map(move |m| (name, m)))
        .collect();
    if records.is_empty() {
        return Ok(());
    }
    let sheet = workbook.add_worksheet();
    sheet.set_name(MONEY_SHEET)?;
    for (c, title) in ["sheet", "column", "currency column", "added"]
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *title)?;
    }
    for (r, (name, m)) in records.iter().enumerate() {
        let at = r as u32 + 1;
        sheet.write_string(at, 0, name.as_str())?;
        sheet.write_string(at, 1, &m.column)?;
        sheet.write_string(at, 2, &m.code_column)?;
        sheet.write_boolean(at, 3, m.added)?;
    }
    sheet.set_very_hidden(true);
    Ok(())
}

/// The nearest double, read from the decimal's text (correctly rounded).
fn to_double(value: Decimal) -> f64 {
    value
        .normalize()
        .to_string()
        .parse::<f64>()
        .unwrap_or_else(|_| value.to_f64().unwrap_or(0.0))
}

/// True when the double gives the decimal back at 15 significant digits: what Excel shows and
/// keeps is then the value itself.
fn holds_exactly(value: Decimal, double: f64) -> bool {
    decimal_from_f64(double, F64_DIGITS).is_ok_and(|back| back == value.normalize())
}

/// A `YYYY-MM-DD` text as an Excel date.
fn as_date(text: &str) -> Option<ExcelDateTime> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    whatif_core::dates::parse_date(text).ok()?;
    let year = text[..4].parse().ok()?;
    let month = text[5..7].parse().ok()?;
    let day = text[8..].parse().ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// The creation time a workbook records: `SOURCE_DATE_EPOCH` when set (reproducible builds'
/// convention), else a fixed moment, so the same script writes the same bytes every run.
fn creation_time() -> ExcelDateTime {
    const FIXED: i64 = 1_704_067_200; // 2024-01-01T00:00:00Z
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .filter(|s| (0..253_402_300_800).contains(s))
        .unwrap_or(FIXED);
    ExcelDateTime::from_timestamp(seconds)
        .or_else(|_| ExcelDateTime::from_timestamp(FIXED))
        .expect("a fixed timestamp is a valid date")
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{dec, text};
    use super::*;

    #[test]
    fn a_table_wider_than_a_sheet_is_an_error_not_wrapped_columns() {
        let columns: Vec<String> = (0..=SHEET_COLUMNS).map(|i| format!("c{i}")).collect();
        let wide = Table::new(columns, vec![]).unwrap();
        let err = workbook_bytes(&[("wide".into(), wide)], WriteOptions::default()).unwrap_err();
        assert!(
            err.0
                .contains("sheet \"wide\": it has 0 rows and 16,385 columns")
                && err
                    .0
                    .contains("at most 1,048,575 rows under its header and 16,384 columns")
                && err.0.contains("save it as .csv"),
            "{err}"
        );
        let fits: Vec<String> = (0..SHEET_COLUMNS).map(|i| format!("c{i}")).collect();
        let fits = Table::new(fits, vec![]).unwrap();
        assert!(fits_a_sheet("fits", &fits).is_ok());
    }

    #[test]
    fn a_double_holds_fifteen_digits() {
        for ok in ["0.1", "40000000000", "1000000000.5", "123456789012345"] {
            let d: Decimal = ok.parse().unwrap();
            assert!(holds_exactly(d, to_double(d)), "{ok}");
        }
        for rounded in ["12345678901234567.89", "0.3333333333333333333333333333"] {
            let d: Decimal = rounded.parse().unwrap();
            assert!(!holds_exactly(d, to_double(d)), "{rounded}");
        }
    }

    #[test]
    fn long_numbers_are_rounded_with_a_note_or_kept_as_text() {
        let t = Table::new(
            vec!["name".into(), "amount".into()],
            vec![
                vec![text("a"), dec("1")],
                vec![text("b"), dec("12345678901234567.89")],
            ],
        )
        .unwrap();
        let sheets = [("Sheet1".to_string(), t)];
        let (_, note) = workbook_bytes(&sheets, WriteOptions::default()).unwrap();
        let note = note.expect("a note");
        assert!(
            note.contains("column \"amount\" from Sheet1!B3 on is rounded"),
            "{note}"
        );
        let (_, note) = workbook_bytes(&sheets, WriteOptions { exact_text: true }).unwrap();
        assert_eq!(note, None);
        let err = workbook_bytes(
            &[("a/b".to_string(), sheets[0].1.clone())],
            WriteOptions::default(),
        )
        .unwrap_err();
        assert!(err.0.starts_with("cannot name a sheet \"a/b\""), "{err}");
    }
}
