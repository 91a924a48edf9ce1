//! JSON tables (an array of objects): columns in first-seen key order, every digit of every
//! number kept, each row's line remembered.

use rhai::Dynamic;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::super::amounts::{parse_amount, written_codes, Amount, AmountStyle};
use super::super::cell::{read_field, KeptAsText, NumberStyle};
use super::super::{Origin, Table, TableError, TableResult};
use super::{text_column_flags, KeptCells, LoadOptions};
use whatif_core::money::CurrencyCode;

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
    let amounts = AmountStyle {
        decimal_comma: false,
        dollar: options.dollar.unwrap_or(CurrencyCode::USD),
    };
    let codes = match options.numbers {
        NumberStyle::Excel => written_codes(),
        _ => Vec::new(),
    };
    let formats = super::dates::formats_of(&options.dates, &columns, name)?;
    let mut rows: Vec<Vec<Dynamic>> = rows
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
                        // An amount written with its currency is money, as in a CSV file: the
                        // code is never dropped to leave a bare number.
                        if let Some(Amount::Money(m, ambiguous)) =
                            parse_amount(&text, &amounts, &codes)
                        {
                            if let Some(symbol) = ambiguous {
                                kept.record_ambiguous(at, symbol, m.currency.as_str());
                            }
                            out[at] = Dynamic::from(m);
                            continue;
                        }
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
                        Dynamic::from(super::super::value_text(&value))
                    }
                    JsonCell::Other(value) => value,
                };
            }
            out
        })
        .collect();
    kept.forget_named_dollar(options);
    kept.tell(&columns, name, place);
    super::dates::type_rows(
        &columns,
        &mut rows,
        &at_line,
        &formats,
        &as_text,
        (name, place),
    )?;
    let table = Table::from_parts(columns, rows).into_typed();
    Ok(if lines_known {
        table.with_origin(Origin {
            file: name.to_string(),
            lines: lines.into(),
            sheet: None,
            dataset: None,
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
            // Readers disagree on which of two equal keys wins: refuse rather than pick one.
            if row.iter().any(|(k, _)| *k == key) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} appears twice in one object; keep one of them"
                )));
            }
            row.push((key, value));
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
