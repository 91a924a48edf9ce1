//! How a final value is written out (`-e`, the prompt, `--format`, `-o`): as text for people,
//! as JSON for programs, and tables in their own formats (markdown, CSV, HTML, ...). The text
//! and JSON of values themselves are `crate::text`'s, with tables as the values they embed.

use rhai::{Array, Dynamic, Map};

use crate::table::{format as table_format, Table, TableFormat};

/// Output formats for a final value (`--format`). `Text` and `Json` suit every value (a table
/// in `Text` is a box drawing); the others are table formats: a table, or an array of maps
/// (turned into one), is written in them, and any other value falls back to text (to JSON for
/// `Jsonl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueFormat {
    #[default]
    Text,
    Json,
    Table(TableFormat),
}

impl ValueFormat {
    /// The format a file name asks for (`.txt` is text, `.json` JSON, the rest as for `save`).
    pub fn from_path(path: &str) -> Result<ValueFormat, String> {
        match TableFormat::from_path(path).map_err(|e| e.0)? {
            TableFormat::Box => Ok(ValueFormat::Text),
            TableFormat::Json => Ok(ValueFormat::Json),
            other => Ok(ValueFormat::Table(other)),
        }
    }
}

/// The value as a table when it is one, or an array of maps that can become one.
pub fn as_table(value: &Dynamic) -> Option<Table> {
    if let Some(t) = value.read_lock::<Table>() {
        return Some(t.clone());
    }
    let array = value.read_lock::<Array>()?;
    let row_like = |v: &Dynamic| v.is_map() || v.is::<crate::table::TableRow>();
    if array.is_empty() || !array.iter().all(row_like) {
        return None;
    }
    Table::from_array_of_maps(&array).ok()
}

/// A value as `print` and `-e` show it: strings bare at the top level, quoted inside
/// collections; decimals normalised; a table as a box drawing.
pub fn to_text(value: &Dynamic) -> String {
    crate::text::to_text::<Table>(value)
}

/// A value as JSON, every digit kept; a table as an array of objects.
pub fn to_json(value: &Dynamic) -> String {
    crate::text::to_json::<Table>(value)
}

pub use crate::text::{decimal_json, json_string};

/// A map shown as a record, one `key : value` line per entry, keys aligned; an entry holding
/// an array of maps (`describe(…).columns`) is drawn as a table below its key. An empty map,
/// or one with nested maps only, stays on one line.
fn record_text(value: &Dynamic, width: u16) -> String {
    let Some(map) = value.read_lock::<Map>() else {
        return to_text(value);
    };
    if map.is_empty() {
        return to_text(value);
    }
    let key_width = map
        .keys()
        .map(|k| unicode_width::UnicodeWidthStr::width(k.as_str()))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::with_capacity(map.len());
    for (key, item) in map.iter() {
        let pad = " ".repeat(key_width - unicode_width::UnicodeWidthStr::width(key.as_str()));
        match as_table(item) {
            Some(table) if item.is_array() => {
                lines.push(format!("{key}:"));
                lines.push(table_format::render_box(&table, width));
            }
            _ => lines.push(format!("{key}{pad} : {}", to_text(item))),
        }
    }
    lines.join("\n")
}

/// Renders a final value in the chosen format for a page `width` columns wide (no final line
/// break); `None` for `()` in text mode (nothing to show).
pub fn render(value: &Dynamic, format: ValueFormat, width: u16) -> Option<String> {
    // Only the final `\n` goes: the caller's line break restores it, so CSV keeps its CRLF.
    render_at(value, format, width).map(|mut text| {
        if text.ends_with('\n') {
            text.pop();
        }
        text
    })
}

/// Renders a final value as the whole text of a file (`-o FILE`): ends with a line break, and
/// box drawings use the fixed default width so the file does not depend on the terminal.
pub fn render_file(value: &Dynamic, format: ValueFormat) -> String {
    let mut text = render_at(value, format, table_format::DEFAULT_WIDTH).unwrap_or_default();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn render_at(value: &Dynamic, format: ValueFormat, width: u16) -> Option<String> {
    // A table row is shown as the map it stands for (a record).
    if let Some(row) = value.read_lock::<crate::table::TableRow>() {
        return render_at(&Dynamic::from_map(row.to_map()), format, width);
    }
    match format {
        ValueFormat::Text if value.is_unit() => None,
        ValueFormat::Text => Some(match value.read_lock::<Table>() {
            Some(t) => table_format::render_box(&t, width),
            None if value.is_map() => record_text(value, width),
            None => to_text(value),
        }),
        ValueFormat::Json => Some(match value.read_lock::<Table>() {
            Some(t) => table_format::json(&t),
            None => to_json(value),
        }),
        ValueFormat::Table(f) => match as_table(value) {
            // Rendering a table into a String cannot fail; the error type covers the CSV writer.
            Some(t) => Some(table_format::render(&t, f, width).unwrap_or_else(|e| e.0)),
            None if f == TableFormat::Jsonl => Some(to_json(value)),
            None => render_at(value, ValueFormat::Text, width),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        assert!(render(&v, ValueFormat::Text, 120).unwrap().starts_with('┌'));
        assert_eq!(
            render(&v, ValueFormat::Json, 120).unwrap(),
            "[\n  {\"name\":\"a\",\"amount\":1234}\n]"
        );
        assert_eq!(to_json(&v), r#"[{"name":"a","amount":1234}]"#);
        assert_eq!(
            render(&v, ValueFormat::Table(TableFormat::Csv), 120).unwrap(),
            "name,amount\r\na,1234\r"
        );
        assert_eq!(
            render_file(&v, ValueFormat::Table(TableFormat::Csv)),
            "name,amount\r\na,1234\r\n"
        );
        // Scalars fall back to text in table formats.
        let x = Dynamic::from_decimal("0.5".parse().unwrap());
        assert_eq!(
            render(&x, ValueFormat::Table(TableFormat::Markdown), 120).unwrap(),
            "0.5"
        );
        assert_eq!(
            ValueFormat::from_path("a.md").unwrap(),
            ValueFormat::Table(TableFormat::Markdown)
        );
        assert_eq!(ValueFormat::from_path("a.json").unwrap(), ValueFormat::Json);
        assert!(ValueFormat::from_path("a.xlsx").is_err());
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
        let text = render(&Dynamic::from_map(map), ValueFormat::Text, 120).unwrap();
        assert!(text.starts_with("columns:\n┌"), "{text}");
        assert!(text.contains("│ amount │"), "{text}");
        assert!(
            text.contains("\ndescription : Pledges\nrows        : 2"),
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
