//! How a final value is written out (`-e`, the prompt, `--format`, `-o`): as text for people,
//! as JSON for programs, and tables in their own formats (markdown, CSV, HTML, ...). The text
//! and JSON of values themselves are `crate::text`'s, with tables as the values they embed.

use rhai::{Array, Dynamic, Map};

use crate::formats::{Format, Other, Writer};
use crate::table::{format as table_format, Table};

pub use crate::table::as_table;

/// A value described by kind and size, for `:vars`: `Table (18 rows × 16 columns)`,
/// `Grouped by currency (2 groups)`, `array (3 items)`.
pub fn describe(value: &Dynamic) -> String {
    <Table as crate::text::Embedded>::describe(value)
        .unwrap_or_else(|| crate::messages::describe(value))
}

/// A value as `print` and `-e` show it: strings bare at the top level, quoted inside
/// collections; decimals at the session's display digits; a table as a box drawing.
pub fn to_text(value: &Dynamic) -> String {
    crate::text::to_text::<Table>(value)
}

/// A value's text with every decimal digit: what `exact(x)` returns, and what comparisons by
/// text use.
pub fn to_exact_text(value: &Dynamic) -> String {
    crate::text::to_exact_text::<Table>(value)
}

/// A value as JSON, every digit kept; a table as an array of objects.
pub fn to_json(value: &Dynamic) -> String {
    crate::text::to_json::<Table>(value)
}

pub use crate::text::{decimal_json, json_string};

/// A map shown as a record, one `key : value` line per entry, keys aligned and in the order
/// of the dataset the map is a row of (see `record_keys`); numbers grouped at the display
/// digits, empty cells blank. An entry holding an array of maps (`describe(…).columns`) is
/// drawn as a table below its key, an array of text (`describe(…).sources`) as a numbered
/// list. An empty map stays on one line. Every map printed as a record, a dataset row
/// included, goes through here.
fn record_text(value: &Dynamic, width: u16) -> String {
    record_text_in(value, width, None)
}

/// `record_text` with the keys in `order` when it is given (a table row's columns).
fn record_text_in(value: &Dynamic, width: u16, order: Option<&[String]>) -> String {
    let Some(map) = value.read_lock::<Map>() else {
        return to_text(value);
    };
    if map.is_empty() {
        return to_text(value);
    }
    let keys = match order {
        Some(columns) => columns.to_vec(),
        None => record_keys(&map),
    };
    let key_width = keys
        .iter()
        .map(|k| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::with_capacity(map.len());
    for key in &keys {
        let Some(item) = map.get(key.as_str()) else {
            continue;
        };
        let pad = " ".repeat(key_width - unicode_width::UnicodeWidthStr::width(key.as_str()));
        if let Some(table) = as_table(item).filter(|_| item.is_array()) {
            lines.push(format!("{key}:"));
            lines.push(table_format::render_box(&ordered_columns(table), width));
        } else if let Some(texts) = list_of_texts(item) {
            lines.push(format!("{key}:"));
            // Sources that carry their article's reference (`[1] https://…`) keep it.
            let numbered = texts.iter().all(|t| t.starts_with('['));
            let number_width = texts.len().to_string().len();
            for (i, text) in texts.iter().enumerate() {
                if numbered {
                    lines.push(format!("  {text}"));
                } else {
                    lines.push(format!("  {:>number_width$}. {text}", i + 1));
                }
            }
        } else {
            let shown = if item.is_unit() {
                String::new()
            } else {
                match crate::table::cell::number(item) {
                    Some(_) => crate::table::cell::display_text(item),
                    None => to_text(item),
                }
            };
            lines.push(format!("{key}{pad} : {shown}").trim_end().to_string());
        }
    }
    lines.join("\n")
}

/// The keys of a record in reading order: a dataset row's in the dataset's column order (the
/// first dataset that has every key); `describe`'s as name, description, rows, columns,
/// sources; anything else as Rhai keeps them (sorted).
fn record_keys(map: &Map) -> Vec<String> {
    let keys: Vec<String> = map.keys().map(|k| k.to_string()).collect();
    const DESCRIBE: [&str; 5] = ["name", "description", "rows", "columns", "sources"];
    let order: Vec<String> = if keys.iter().all(|k| DESCRIBE.contains(&k.as_str())) {
        DESCRIBE.iter().map(|k| k.to_string()).collect()
    } else {
        whatif_core::datasets::all()
            .iter()
            .map(|d| d.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>())
            .find(|columns| keys.iter().all(|k| columns.contains(k)))
            .unwrap_or_default()
    };
    let mut ordered: Vec<String> = order.into_iter().filter(|k| keys.contains(k)).collect();
    let rest: Vec<String> = keys.into_iter().filter(|k| !ordered.contains(k)).collect();
    ordered.extend(rest);
    ordered
}

/// A table built from maps (columns sorted by Rhai) with `name`, `unit` and `meaning` first,
/// in that order, as `describe` lists a dataset's columns.
fn ordered_columns(table: Table) -> Table {
    let mut columns: Vec<String> = ["name", "unit", "meaning"]
        .iter()
        .map(|c| c.to_string())
        .filter(|c| table.columns().contains(c))
        .collect();
    if columns.is_empty() {
        return table;
    }
    columns.extend(
        table
            .columns()
            .iter()
            .filter(|c| !columns.contains(c))
            .cloned()
            .collect::<Vec<_>>(),
    );
    table.select(&columns).unwrap_or(table)
}

/// The strings of an array holding only (at least one) strings.
fn list_of_texts(value: &Dynamic) -> Option<Vec<String>> {
    let array = value.read_lock::<Array>()?;
    if array.is_empty() {
        return None;
    }
    array
        .iter()
        .map(|item| item.clone().into_string().ok())
        .collect()
}

/// Renders a final value in the chosen format for a page `width` columns wide (no final line
/// break); `None` for `()` in text mode (nothing to show).
pub fn render(value: &Dynamic, format: &Format, width: u16) -> Option<String> {
    // Only the final `\n` goes: the caller's line break restores it, so CSV keeps its CRLF.
    render_at(value, format, width).map(|mut text| {
        if text.ends_with('\n') {
            text.pop();
        }
        text
    })
}

/// Renders a final value as the whole text of a file (`-o FILE`): ends with a line break, and
/// box drawings use the fixed default width so the file does not depend on the terminal. A
/// plain value (a number, a list) keeps every digit; JSON and CSV always do. CSV and TSV hold
/// tables: a record (a map of single values) is written as a one-row table, and a map or array
/// that is not table-shaped is refused rather than written as script text.
pub fn render_file(value: &Dynamic, format: &Format) -> Result<String, String> {
    if let Writer::Table {
        other: Other::Exact,
        ..
    } = format.writer
    {
        if as_table(value).is_none() && (value.is_map() || value.is_array()) {
            let record = value
                .read_lock::<Map>()
                .filter(|m| !m.is_empty() && m.values().all(is_single_value))
                .and_then(|_| Table::from_array_of_maps(std::slice::from_ref(value)).ok());
            return match record {
                Some(table) => render_file(&Dynamic::from(table), format),
                None => Err(format!(
                    "a {} file holds a table, and the result ({}) is not one; make it a table (an array of \
                     maps with the same keys, or a map of single values for one row), or write \
                     it to a .json or .txt file",
                    format.name.to_ascii_uppercase(),
                    crate::messages::describe(value)
                )),
            };
        }
    }
    // A number or list written to a file is data: every digit. Tables and records in the
    // human formats keep the rounded view a memo wants.
    let data = is_text(format) && !value.is_map() && as_table(value).is_none();
    let digits = if data {
        whatif_core::display::Digits::Exact
    } else {
        crate::host::digits()
    };
    let mut text = crate::host::with_digits(digits, || {
        render_at(value, format, table_format::DEFAULT_WIDTH).unwrap_or_default()
    });
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// A value that fits one cell: not a collection or a table.
fn is_single_value(value: &Dynamic) -> bool {
    !(value.is_map() || value.is_array() || value.is::<Table>())
}

/// Writes a final value to `path` in a binary format (`-o x.xlsx`), atomically and outside
/// the file policy (the host's own choice); a text format is refused.
pub fn write_binary(value: &Dynamic, format: &Format, path: &str) -> Result<(), String> {
    match format.writer {
        Writer::Binary(write) => write(value, path, true).map_err(|e| e.0),
        _ => Err(format!("{} is not a binary format", format.name)),
    }
}

/// The `text` format, or another for any value that writes other values as text.
fn is_text(format: &Format) -> bool {
    matches!(
        format.writer,
        Writer::Value {
            other: Other::Text,
            ..
        }
    )
}

fn render_at(value: &Dynamic, format: &Format, width: u16) -> Option<String> {
    // A table row is shown as the map it stands for (a record).
    if let Some(row) = value.read_lock::<crate::table::TableRow>() {
        // As text, in the row's own column order (a map would sort its keys).
        if is_text(format) {
            let map = Dynamic::from_map(row.to_map());
            return Some(record_text_in(&map, width, Some(row.columns())));
        }
        return render_at(&Dynamic::from_map(row.to_map()), format, width);
    }
    match format.writer {
        // A binary file on screen reads as text.
        Writer::Binary(_) => render_at(value, Format::text(), width),
        Writer::Value { table, other } => match value.read_lock::<Table>() {
            Some(t) => Some(table(&t, width).unwrap_or_else(|e| e.0)),
            None => render_other(value, other, width),
        },
        Writer::Table { table, other } => match as_table(value) {
            // Rendering a table into a String cannot fail; the error type covers the CSV writer.
            Some(t) => Some(table(&t, width).unwrap_or_else(|e| e.0)),
            None => render_other(value, other, width),
        },
    }
}

/// A value that is not a table, in a text format.
fn render_other(value: &Dynamic, other: Other, width: u16) -> Option<String> {
    match other {
        Other::Text if value.is_unit() => None,
        Other::Text if value.is_map() => Some(record_text(value, width)),
        Other::Text => Some(to_text(value)),
        Other::Json => Some(to_json(value)),
        // Machine formats never round: a value that is not a table keeps every digit.
        Other::Exact => (!value.is_unit()).then(|| to_exact_text(value)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str) -> &'static Format {
        Format::named(name).unwrap()
    }
    use rhai::INT;
    use rust_decimal::Decimal;

    #[test]
    fn json_keeps_every_decimal_digit() {
        let d: Decimal = "12345678901234567.89".parse().unwrap();
        assert_eq!(to_json(&Dynamic::from_decimal(d)), "12345678901234567.89");
    }

    #[test]
    fn text_quotes_strings_only_inside_collections() {
        let array: Array = vec![Dynamic::from("a"), Dynamic::from_int(1 as INT)];
        assert_eq!(to_text(&Dynamic::from_array(array)), "[\"a\", 1]");
        assert_eq!(to_text(&Dynamic::from("a")), "a");
    }

    #[test]
    fn tables_render_as_box_json_and_table_formats() {
        let t = Table::new(
            vec!["name".into(), "amount".into()],
            vec![vec![Dynamic::from("a"), Dynamic::from_int(1234)]],
        )
        .unwrap();
        let v = Dynamic::from(t);
        assert!(render(&v, Format::text(), 120).unwrap().starts_with('┌'));
        assert_eq!(
            render(&v, f("json"), 120).unwrap(),
            "[\n  {\"name\":\"a\",\"amount\":1234}\n]"
        );
        assert_eq!(to_json(&v), r#"[{"name":"a","amount":1234}]"#);
        assert_eq!(
            render(&v, f("csv"), 120).unwrap(),
            "name,amount\r\na,1234\r"
        );
        assert_eq!(
            render_file(&v, f("csv")).unwrap(),
            "name,amount\r\na,1234\r\n"
        );
        // Scalars fall back to text in table formats.
        let x = Dynamic::from_decimal("0.5".parse().unwrap());
        assert_eq!(render(&x, f("markdown"), 120).unwrap(), "0.5");
        assert_eq!(Format::from_path("a.md").unwrap(), f("markdown"));
        assert_eq!(Format::from_path("a.json").unwrap(), f("json"));
        assert_eq!(Format::from_path("a.XLSX").unwrap(), f("xlsx"));
        assert!(Format::from_path("a.xls").is_err());
    }

    #[test]
    fn a_final_map_reads_as_a_record() {
        let mut column = Map::new();
        column.insert("name".into(), Dynamic::from("amount"));
        let mut map = Map::new();
        map.insert("rows".into(), Dynamic::from_int(2));
        map.insert("description".into(), Dynamic::from("Pledges"));
        map.insert(
            "columns".into(),
            Dynamic::from_array(vec![Dynamic::from_map(column)]),
        );
        map.insert(
            "sources".into(),
            Dynamic::from_array(vec![Dynamic::from("cnbc"), Dynamic::from("reuters")]),
        );
        let text = render(&Dynamic::from_map(map), Format::text(), 120).unwrap();
        assert!(
            text.starts_with("description : Pledges\nrows        : 2\ncolumns:\n┌"),
            "{text}"
        );
        assert!(text.contains("│ amount │"), "{text}");
        assert!(
            text.ends_with("sources:\n  1. cnbc\n  2. reuters"),
            "{text}"
        );
    }

    #[test]
    fn a_dataset_row_reads_in_the_dataset_order_with_blank_empties() {
        let t =
            crate::table::dataset::dataset_table(whatif_core::datasets::get("pledges").unwrap())
                .unwrap();
        let row = Dynamic::from_map(t.row_map(0).unwrap());
        let text = render(&row, Format::text(), 120).unwrap();
        let keys: Vec<&str> = text.lines().map(|l| l.split(' ').next().unwrap()).collect();
        let order: Vec<String> = t.columns().to_vec();
        assert_eq!(keys, order, "{text}");
        assert!(!text.contains("()"), "{text}");
        assert!(
            text.contains("amount        : 50,000,000,000 USD\n"),
            "{text}"
        );
    }

    #[test]
    fn json_maps_and_unit() {
        let mut map = Map::new();
        map.insert("b c".into(), Dynamic::UNIT);
        map.insert("a".into(), Dynamic::from("x\"y"));
        assert_eq!(
            to_json(&Dynamic::from_map(map)),
            r#"{"a":"x\"y","b c":null}"#
        );
    }
}
