//! Reading user data into tables: CSV (RFC 4180, with or without BOM, CRLF or LF, any one-byte
//! separator) and JSON (an array of objects), and the load options they share. Numbers become
//! exact integers or decimals, empty cells `()`; a number a decimal cannot hold exactly stays
//! text, and formatted numbers (`3,000,000`, `$300`) stay text unless asked for, each said
//! once per load in a note. A malformed file is an error that names the file, the line and,
//! where it applies, the column; a loaded CSV table remembers each row's line and is stored as
//! typed columns (`columns`) until a query needs its rows.

use rhai::{Dynamic, Map};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::cell::{has_leading_zero, read_field, read_typed, Field, KeptAsText, NumberStyle};
use super::columns::ColumnBuilder;
use super::io;
use super::{Origin, Table, TableError, TableResult};

/// The options of `load_csv`, `parse_csv`, `load_json` and `parse_json`
/// (`#{separator: ";", text: ["zip"], numbers: "excel"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// The field separator (CSV only).
    pub separator: u8,
    /// Columns kept as text whatever they hold (codes with leading zeros: `08123`).
    pub text: Vec<String>,
    /// How cells that look like formatted numbers are read.
    pub numbers: NumberStyle,
    /// `#{amount: "currency"}`: columns made money after loading (`table::money`), each with
    /// the column holding its currency code or a fixed code.
    pub money: Vec<(String, String)>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            separator: b',',
            text: Vec::new(),
            numbers: NumberStyle::Plain,
            money: Vec::new(),
        }
    }
}

/// Which file format the options are for: a CSV-only option given to a JSON load is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl LoadOptions {
    /// The option names, for messages.
    pub const KEYS: [&'static str; 4] = ["separator", "text", "numbers", "money"];

    /// Reads the options map of a script call; `function` names the call in errors. An
    /// unknown key is an error listing the known ones.
    pub fn from_map(map: &Map, function: &str, format: Format) -> TableResult<LoadOptions> {
        let mut options = LoadOptions::default();
        for (key, value) in map {
            match key.as_str() {
                "separator" if format == Format::Json => {
                    return Err(TableError::new(format!(
                        "{function}: separator applies to CSV files only; JSON has none"
                    )))
                }
                "separator" => options.separator = separator(value, function)?,
                "text" => options.text = text_columns(value, function)?,
                "money" => options.money = money_columns(value, function)?,
                "numbers" => {
                    options.numbers = match value.clone().into_string().as_deref() {
                        Ok("excel") => NumberStyle::Excel,
                        Ok("plain") => NumberStyle::Plain,
                        _ => {
                            return Err(TableError::new(format!(
                                "{function}: numbers must be \"plain\" (the default) or \"excel\" \
                                 (3,000,000, $300, (50) and 12% read as numbers), not {}",
                                super::value_text(value)
                            )))
                        }
                    }
                }
                other => {
                    let known: Vec<String> = Self::KEYS.iter().map(|k| k.to_string()).collect();
                    let hint = super::row::closest_column(other, &known)
                        .map(|k| format!(" (did you mean {k}?)"))
                        .unwrap_or_default();
                    return Err(TableError::new(format!(
                        "{function}: unknown option {other:?}{hint}; the options are {}",
                        Self::KEYS.join(", ")
                    )));
                }
            }
        }
        Ok(options)
    }
}

pub(crate) fn money_columns(value: &Dynamic, function: &str) -> TableResult<Vec<(String, String)>> {
    let Some(spec) = value.read_lock::<rhai::Map>() else {
        return Err(TableError::new(format!(
            "{function}: the money option maps amount columns to a currency column or code, \
             e.g. #{{money: #{{amount: \"currency\"}}}}, not {}",
            super::value_text(value)
        )));
    };
    spec.iter()
        .map(|(column, currency)| {
            let currency = currency.clone().into_string().map_err(|_| {
                TableError::new(format!(
                    "{function}: the currency of money column {column:?} must be a column name \
                     or a code in quotes, e.g. #{{money: #{{{column}: \"USD\"}}}}"
                ))
            })?;
            Ok((column.to_string(), currency))
        })
        .collect()
}

fn separator(value: &Dynamic, function: &str) -> TableResult<u8> {
    let text = value.clone().into_string().unwrap_or_default();
    let byte = match text.as_str() {
        "tab" | "\\t" => Some(b'\t'),
        one if one.len() == 1 && one != "\"" && one != "\n" && one != "\r" => {
            Some(one.as_bytes()[0])
        }
        _ => None,
    };
    byte.ok_or_else(|| {
        TableError::new(format!(
            "{function}: separator must be one character such as \";\" or \"\\t\" (a quote or \
             a line break cannot be one), not {}",
            super::value_text(value)
        ))
    })
}

fn text_columns(value: &Dynamic, function: &str) -> TableResult<Vec<String>> {
    if let Ok(one) = value.clone().into_string() {
        return Ok(vec![one]);
    }
    let bad = || {
        TableError::new(format!(
            "{function}: text must list column names, like [\"zip\", \"id\"], not {}",
            super::value_text(value)
        ))
    };
    let array = value.read_lock::<rhai::Array>().ok_or_else(bad)?;
    array
        .iter()
        .map(|v| v.clone().into_string().map_err(|_| bad()))
        .collect()
}

/// Loads a CSV file with a header row.
pub fn load_csv(path: &str, options: &LoadOptions) -> TableResult<Table> {
    let text = io::read_to_string(path)?;
    parse_csv(&text, path, options)
}

/// Loads a JSON file holding an array of objects.
pub fn load_json(path: &str, options: &LoadOptions) -> TableResult<Table> {
    let text = io::read_to_string(path)?;
    parse_json(&text, path, options)
}

/// Per column, the first line of a cell kept as text for each reason, for the notes a load
/// gives once it is done.
/// Also the first integer written with leading zeros, which was read as a number.
struct KeptCells {
    too_precise: Vec<Option<(u64, String)>>,
    formatted: Vec<Option<(u64, String)>>,
    leading_zeros: Vec<Option<(u64, String)>>,
}

impl KeptCells {
    fn new(columns: usize) -> Self {
        KeptCells {
            too_precise: vec![None; columns],
            formatted: vec![None; columns],
            leading_zeros: vec![None; columns],
        }
    }

    fn record(&mut self, column: usize, why: KeptAsText, line: u64, field: &str) {
        let slot = match why {
            KeptAsText::TooPrecise => &mut self.too_precise[column],
            KeptAsText::Formatted => &mut self.formatted[column],
        };
        if slot.is_none() {
            *slot = Some((line, field.trim().to_string()));
        }
    }

    fn record_leading_zero(&mut self, column: usize, line: u64, field: &str) {
        if self.leading_zeros[column].is_none() {
            self.leading_zeros[column] = Some((line, field.trim().to_string()));
        }
    }

    /// One note for each reason that applied: the columns, and where the first such cell is.
    fn tell(&self, columns: &[String], name: &str, place: &str) {
        let list = |kept: &[Option<(u64, String)>]| {
            let hits: Vec<(&String, &(u64, String))> = columns
                .iter()
                .zip(kept)
                .filter_map(|(c, k)| k.as_ref().map(|k| (c, k)))
                .collect();
            let (_, first) = hits.first()?;
            let names: Vec<String> = hits.iter().map(|(c, _)| format!("{c:?}")).collect();
            let subject = match names.len() {
                1 => format!("column {} has", names[0]),
                _ => format!("columns {} have", names.join(", ")),
            };
            Some((subject, names.join(", "), (*first).clone()))
        };
        if let Some((subject, _, (line, example))) = list(&self.too_precise) {
            crate::host::note(&format!(
                "{name}: {subject} numbers a decimal cannot hold exactly (more than 28 \
                 significant digits, or beyond ±7.9e28), first {example} at {place} {line}; \
                 they are kept as text so that no digit changes"
            ));
        }
        if let Some((subject, _, (line, example))) = list(&self.formatted) {
            crate::host::note(&format!(
                "{name}: {subject} formatted numbers such as {example:?} ({place} {line}), \
                 kept as text; load with #{{numbers: \"excel\"}} to read them as numbers"
            ));
        }
        if let Some((subject, quoted, (line, example))) = list(&self.leading_zeros) {
            crate::host::note(&format!(
                "{name}: {subject} codes with leading zeros such as {example} ({place} {line}), \
                 read as numbers without them; load with #{{text: [{quoted}]}} to keep them as \
                 written"
            ));
        }
    }
}

/// The position in `columns` of each name of `text`, or an error suggesting a column.
fn text_column_flags(
    columns: &[String],
    options: &LoadOptions,
    name: &str,
) -> TableResult<Vec<bool>> {
    let mut flags = vec![false; columns.len()];
    for wanted in &options.text {
        let at = columns.iter().position(|c| c == wanted).ok_or_else(|| {
            TableError::new(format!(
                "{name}: the text option names {}",
                super::row::unknown_column(wanted, columns).0
            ))
        })?;
        flags[at] = true;
    }
    Ok(flags)
}

/// Finds a quoted field that is never closed: the csv crate reads such a file to its end
/// without complaint, which would silently swallow every later row into one cell.
fn unterminated_quote(text: &str, separator: char) -> Option<(usize, usize)> {
    // Most files quote nothing: one fast search then spares a walk over every character.
    if !text.as_bytes().contains(&b'"') {
        return None;
    }
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
            (false, c) if c == separator => field_start = true,
            (false, '\r') => {}
            _ => field_start = false,
        }
    }
    open
}

/// Parses CSV text with a header row; `name` (a path or `<text>`) appears in errors and notes.
pub fn parse_csv(text: &str, name: &str, options: &LoadOptions) -> TableResult<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some((line, col)) = unterminated_quote(text, options.separator as char) {
        return Err(TableError::new(format!(
            "{name}:{line}:{col}: the quoted field that starts here is never closed (a \
             missing '\"')"
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(options.separator)
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
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim();
        let h = if h.is_empty() {
            format!("column_{}", i + 1)
        } else {
            h.to_string()
        };
        if !seen.insert(h.clone()) {
            return Err(TableError::new(format!(
                "{name}:1:{}: the column name {h:?} appears twice in the header",
                i + 1
            )));
        }
        columns.push(h);
    }
    let as_text = text_column_flags(&columns, options, name)?;
    if columns.len() == 1 && options.separator == b',' && columns[0].contains(';') {
        crate::host::note(&format!(
            "{name} loaded as one column named {:?}; if its fields are separated by ';', load \
             it with #{{separator: \";\"}}",
            columns[0]
        ));
    }
    // Cells go straight into typed columns (numbers unboxed, text interned: see `columns`);
    // rows of script values are built only if a query asks for them.
    let mut builders: Vec<ColumnBuilder> = columns.iter().map(|_| ColumnBuilder::new()).collect();
    let mut lines = Vec::new();
    let mut kept = KeptCells::new(columns.len());
    // Lines are counted from byte offsets (see `fail`), incrementally: one pass over the text.
    let (mut counted_to, mut line) = (0usize, 1u64);
    let mut record = csv::StringRecord::new();
    let stopper = crate::host::stopper();
    let mut fields_read = 0usize;
    while reader.read_record(&mut record).map_err(fail)? {
        // Ctrl-C, the deadline and the memory budget reach a long load every so many cells.
        fields_read += record.len();
        if fields_read >= STOP_EVERY_FIELDS {
            fields_read = 0;
            TableError::check(&stopper)?;
        }
        let start = record
            .position()
            .map_or(counted_to, |p| (p.byte() as usize).min(text.len()));
        if start > counted_to {
            line += text.as_bytes()[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = start;
        }
        for (c, (field, builder)) in record.iter().zip(builders.iter_mut()).enumerate() {
            if as_text[c] {
                match field.is_empty() {
                    true => builder.push(Field::Empty, field),
                    false => builder.push_text(field),
                }
                continue;
            }
            // Text the column has seen is shared, not read again.
            if builder.push_known_text(field) {
                continue;
            }
            let (value, why) = read_typed(field, options.numbers);
            if let Some(why) = why {
                kept.record(c, why, line, field);
            } else if matches!(value, Field::Int(_)) && has_leading_zero(field) {
                kept.record_leading_zero(c, line, field);
            }
            builder.push(value, field);
        }
        lines.push(line);
    }
    kept.tell(&columns, name, "line");
    let data = builders.into_iter().map(ColumnBuilder::finish).collect();
    Ok(Table::from_columns(columns, data).with_origin(Origin {
        file: name.to_string(),
        lines,
    }))
}

/// Cells loaded between two looks at whether the evaluation must stop.
const STOP_EVERY_FIELDS: usize = 64 * 1024;

/// Parses JSON text holding an array of objects; columns in first-seen key order. Of the
/// options, `text` and `numbers` apply (to string values that look like formatted numbers).
pub fn parse_json(text: &str, name: &str, options: &LoadOptions) -> TableResult<Table> {
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
    let as_text = text_column_flags(&columns, options, name)?;
    let mut kept = KeptCells::new(columns.len());
    let lines = object_lines(text);
    let lines_known = lines.len() == rows.len();
    // Notes name a cell's line when every object's line is known, else its object's number.
    let (place, at_line) = if lines_known {
        ("line", lines.clone())
    } else {
        ("object", (1..=rows.len() as u64).collect())
    };
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| {
            let mut out = vec![Dynamic::UNIT; columns.len()];
            for (key, cell) in row {
                let Some(at) = columns.iter().position(|c| *c == key) else {
                    continue;
                };
                out[at] = match cell {
                    JsonCell::Number(raw) if as_text[at] => Dynamic::from(raw),
                    JsonCell::Number(raw) => {
                        let (value, why) = read_field(&raw, NumberStyle::Plain);
                        if let Some(why) = why {
                            kept.record(at, why, at_line[i], &raw);
                        }
                        value
                    }
                    JsonCell::Text(text)
                        if !as_text[at] && options.numbers == NumberStyle::Excel =>
                    {
                        let (value, why) = read_field(&text, NumberStyle::Excel);
                        if let Some(why) = why {
                            kept.record(at, why, at_line[i], &text);
                        }
                        value
                    }
                    JsonCell::Text(text) => {
                        if !as_text[at] {
                            if let (_, Some(KeptAsText::Formatted)) =
                                read_field(&text, NumberStyle::Plain)
                            {
                                kept.record(at, KeptAsText::Formatted, at_line[i], &text);
                            }
                        }
                        Dynamic::from(text)
                    }
                    JsonCell::Other(value) if as_text[at] && !value.is_unit() => {
                        Dynamic::from(super::value_text(&value))
                    }
                    JsonCell::Other(value) => value,
                };
            }
            out
        })
        .collect();
    kept.tell(&columns, name, place);
    let table = Table::from_parts(columns, rows);
    Ok(if lines_known {
        table.with_origin(Origin {
            file: name.to_string(),
            lines,
        })
    } else {
        table
    })
}

/// The line on which each object of the top-level array opens, in order: a JSON table's rows'
/// lines, for messages.
fn object_lines(text: &str) -> Vec<u64> {
    let (mut lines, mut line, mut depth) = (Vec::new(), 1u64, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                b'\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'\n' => line += 1,
            b'[' | b'{' => {
                if b == b'{' && depth == 1 {
                    lines.push(line);
                }
                depth += 1;
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    lines
}

/// One JSON value before the options apply: numbers keep their text.
enum JsonCell {
    Number(String),
    Text(String),
    Other(Dynamic),
}

type JsonRow = Vec<(String, JsonCell)>;

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

/// One JSON value as a cell, numbers kept as their text so no digit is lost.
fn json_cell(raw: &str) -> Result<JsonCell, String> {
    let raw = raw.trim();
    match raw.as_bytes().first() {
        Some(b'n') => Ok(JsonCell::Other(Dynamic::UNIT)),
        Some(b't') => Ok(JsonCell::Other(Dynamic::TRUE)),
        Some(b'f') => Ok(JsonCell::Other(Dynamic::FALSE)),
        Some(b'"') => serde_json::from_str::<String>(raw)
            .map(JsonCell::Text)
            .map_err(|e| e.to_string()),
        Some(b'[') | Some(b'{') => {
            Err("nested arrays and objects do not fit in a table cell; flatten them first".into())
        }
        _ => Ok(JsonCell::Number(raw.to_string())),
    }
}

#[cfg(test)]
mod tests {
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
}
