//! Reading user data into tables: CSV (RFC 4180, with or without BOM, CRLF or LF) and JSON
//! (an array of objects). Numbers become exact integers or decimals, empty cells `()`. A
//! malformed file is an error that names the file, the line and, where it applies, the column.

use rhai::Dynamic;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::cell::parse_field;
use super::io;
use super::{Table, TableError, TableResult};

/// Loads a CSV file with a header row.
pub fn load_csv(path: &str) -> TableResult<Table> {
    let text = io::read_to_string(path)?;
    parse_csv(&text, path)
}

/// Loads a JSON file holding an array of objects.
pub fn load_json(path: &str) -> TableResult<Table> {
    let text = io::read_to_string(path)?;
    parse_json(&text, path)
}

/// Finds a quoted field that is never closed: the csv crate reads such a file to its end
/// without complaint, which would silently swallow every later row into one cell.
fn unterminated_quote(text: &str) -> Option<(usize, usize)> {
    let (mut line, mut col) = (1usize, 0usize);
    let mut open: Option<(usize, usize)> = None;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        col += 1;
        match (open.is_some(), ch) {
            (false, '"') if field_start => {
                open = Some((line, col));
                field_start = false;
            }
            (true, '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    col += 1;
                } else {
                    open = None;
                }
            }
            (_, '\n') => {
                line += 1;
                col = 0;
                field_start = open.is_none();
            }
            (false, ',') => field_start = true,
            (false, '\r') => {}
            _ => field_start = false,
        }
    }
    open
}

/// Parses CSV text with a header row; `name` (a path or `<text>`) appears in errors.
pub fn parse_csv(text: &str, name: &str) -> TableResult<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((line, col)) = unterminated_quote(text) {
        return Err(TableError::new(format!(
            "{name}:{line}:{col}: the quoted field that starts here is never closed (a \
             missing '\"')"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let fail = |e: csv::Error| -> TableError {
        // The csv crate's own line count goes wrong with CRLF line ends; count from the byte
        // offset of the record instead.
        let line = e.position().map(|p| {
            let bytes = text.as_bytes();
            let mut end = (p.byte() as usize).min(bytes.len());
            // The record may be reported from the line break before it.
            while end < bytes.len() && (bytes[end] == b'\r' || bytes[end] == b'\n') {
                end += 1;
            }
            bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1
        });
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => format!(
                "this row has {len} fields but the header has {expected_len} (a missing or \
                 extra comma, or an unquoted comma inside a value)"
            ),
            _ => e.to_string(),
        };
        match line {
            Some(line) => TableError::new(format!("{name}:{line}: {message}")),
            None => TableError::new(format!("{name}: {message}")),
        }
    };
    let header = reader.headers().map_err(fail)?.clone();
    if header.is_empty() {
        return Err(TableError::new(format!(
            "{name}: the file is empty; a CSV file needs a header row naming its columns"
        )));
    }
    let mut columns: Vec<String> = Vec::with_capacity(header.len());
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        let h = if h.is_empty() {
            format!("column_{}", i + 1)
        } else {
            h.to_string()
        };
        if columns.contains(&h) {
            return Err(TableError::new(format!(
                "{name}:1:{}: the column name {h:?} appears twice in the header",
                i + 1
            )));
        }
        columns.push(h);
    }
    // Text that repeats in a column (a country, a company) is stored once and shared: cloning
    // a Rhai string is a reference count, where parsing it anew is an allocation per cell.
    // Loading 1,000,000 rows with two such columns spent a fifth of its time in malloc/free.
    // A column stops remembering once it has seen INTERN_LIMIT distinct texts.
    const INTERN_LIMIT: usize = 65_536;
    let mut seen: Vec<std::collections::HashMap<String, Dynamic>> =
        vec![std::collections::HashMap::new(); columns.len()];
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(fail)?;
        let row = record
            .iter()
            .zip(seen.iter_mut())
            .map(|(field, seen)| {
                if let Some(value) = seen.get(field) {
                    return value.clone();
                }
                let value = parse_field(field);
                if value.is_string() && seen.len() < INTERN_LIMIT {
                    seen.insert(field.to_string(), value.clone());
                }
                value
            })
            .collect();
        rows.push(row);
    }
    Ok(Table::from_parts(columns, rows))
}

/// Parses JSON text holding an array of objects; columns in first-seen key order.
pub fn parse_json(text: &str, name: &str) -> TableResult<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let rows = deserializer
        .deserialize_seq(RowsVisitor)
        .and_then(|rows| deserializer.end().map(|_| rows))
        .map_err(|e| {
            let message = e.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m)
                .to_string();
            TableError::new(format!(
                "{name}:{}:{}: {message}",
                e.line(),
                e.column().max(1)
            ))
        })?;
    let mut columns: Vec<String> = Vec::new();
    for row in &rows {
        for (key, _) in row {
            if !columns.contains(key) {
                columns.push(key.clone());
            }
        }
    }
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut out = vec![Dynamic::UNIT; columns.len()];
            for (key, value) in row {
                if let Some(at) = columns.iter().position(|c| *c == key) {
                    out[at] = value;
                }
            }
            out
        })
        .collect();
    Ok(Table::from_parts(columns, rows))
}

type JsonRow = Vec<(String, Dynamic)>;

struct RowsVisitor;

impl<'de> Visitor<'de> for RowsVisitor {
    type Value = Vec<JsonRow>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of objects, like [{\"name\": \"x\", \"amount\": 1}]")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut rows = Vec::new();
        while let Some(row) = seq.next_element::<Row>()? {
            rows.push(row.0);
        }
        Ok(rows)
    }
}

struct Row(JsonRow);

impl<'de> de::Deserialize<'de> for Row {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(RowVisitor)
    }
}

struct RowVisitor;

impl<'de> Visitor<'de> for RowVisitor {
    type Value = Row;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object (one row), like {\"name\": \"x\", \"amount\": 1}")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Row, A::Error> {
        let mut row: JsonRow = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let raw: &RawValue = map.next_value()?;
            let value =
                json_cell(raw.get()).map_err(|m| de::Error::custom(format!("{key:?}: {m}")))?;
            match row.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = value,
                None => row.push((key, value)),
            }
        }
        Ok(Row(row))
    }
}

/// One JSON value as a cell, numbers read from their text so no digit is lost.
fn json_cell(raw: &str) -> Result<Dynamic, String> {
    let raw = raw.trim();
    match raw.as_bytes().first() {
        Some(b'n') => Ok(Dynamic::UNIT),
        Some(b't') => Ok(Dynamic::TRUE),
        Some(b'f') => Ok(Dynamic::FALSE),
        Some(b'"') => serde_json::from_str::<String>(raw)
            .map(Dynamic::from)
            .map_err(|e| e.to_string()),
        Some(b'[') | Some(b'{') => {
            Err("nested arrays and objects do not fit in a table cell; flatten them first".into())
        }
        _ => {
            let cell = parse_field(raw);
            if cell.is_int() || cell.is_decimal() {
                Ok(cell)
            } else {
                Err(format!(
                    "the number {raw} is outside the decimal range ({})",
                    whatif_core::decimal::DECIMAL_RANGE
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::cell::raw_text;
    use super::*;

    #[test]
    fn csv_with_bom_crlf_quotes_and_exact_numbers() {
        let text = "\u{feff}name,amount,note\r\n\"Smith, J\",12345678901234567.89,\r\n\"a \"\"b\"\"\",7,\"two\r\nlines\"\r\n";
        let t = parse_csv(text, "t.csv").unwrap();
        assert_eq!(t.columns(), ["name", "amount", "note"]);
        assert_eq!(raw_text(&t.rows()[0][0]), "Smith, J");
        assert_eq!(raw_text(&t.rows()[0][1]), "12345678901234567.89");
        assert!(t.rows()[0][2].is_unit());
        assert_eq!(raw_text(&t.rows()[1][0]), "a \"b\"");
        assert_eq!(t.rows()[1][1].as_int().unwrap(), 7);
        assert_eq!(raw_text(&t.rows()[1][2]), "two\r\nlines");
    }

    /// Asserts that `text` fails to load (as CSV or JSON) with a message starting `expected`.
    fn fails_with(load: fn(&str, &str) -> TableResult<Table>, text: &str, expected: &str) {
        let err = load(text, "f").unwrap_err();
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
        let err = parse_csv("a,b\n1,2\n3,\"oops\n4,5\n", "q.csv").unwrap_err();
        assert!(err.0.starts_with("q.csv:3:3: the quoted field"), "{err}");
        assert!(parse_csv("a,b\n1,\"x \"\" y\"\n", "ok.csv").is_ok());
    }

    #[test]
    fn json_keeps_digits_and_key_order() {
        let t = parse_json(
            r#"[{"z": 12345678901234567.89, "a": "x"}, {"a": null, "b": true}]"#,
            "j.json",
        )
        .unwrap();
        assert_eq!(t.columns(), ["z", "a", "b"]);
        assert_eq!(raw_text(&t.rows()[0][0]), "12345678901234567.89");
        assert!(t.rows()[1][0].is_unit() && t.rows()[1][1].is_unit());
    }

    #[test]
    fn json_of_the_wrong_shape_names_line_and_column() {
        fails_with(
            parse_json,
            "{\"a\": 1}",
            "f:1:1: invalid type: map, expected an array",
        );
        fails_with(parse_json, "[\n {\"a\": 1},\n 5\n]", "f:3:2:");
        let err = parse_json("[{\"a\": [1]}]", "j.json").unwrap_err();
        assert!(err.0.contains("nested arrays"), "{err}");
    }
}
