//! Reading user data into tables: CSV (RFC 4180, with or without BOM, CRLF or LF, any one-byte
//! separator) and JSON (an array of objects), and the load options they share. Numbers become
//! exact integers or decimals, empty cells `()`; a number a decimal cannot hold exactly stays
//! text, and formatted numbers (`3,000,000`, `$300`) stay text unless asked for, each said
//! once per load in a note. A malformed file is an error that names the file, the line and,
//! where it applies, the column; a loaded CSV table remembers each row's line and is stored as
//! typed columns (`columns`) until a query needs its rows.

mod chunk;
mod csv;
pub(crate) mod dates;
mod json;
mod pieces;

use rhai::{Dynamic, Map};
use whatif_core::money::{known_currency, CurrencyCode, Money};

pub use self::csv::{load_csv, parse_csv};
pub use json::parse_json;

use super::amounts::{parse_amount, written_codes, Amount, AmountStyle};
use super::cell::{has_leading_zero, read_typed, Field, KeptAsText, NumberStyle};
use super::io;
use super::layout::{row_number, Names};
use super::{Table, TableError, TableResult};

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
    /// Lines before the header (CSV only): a title or a note above the table.
    pub skip: usize,
    /// What to do with empty or repeated header names (CSV only).
    pub names: Names,
    /// `#{decimal: ","}`: commas mark the decimals, dots or spaces the thousands (CSV only).
    pub decimal_comma: bool,
    /// `#{dollar: "HKD"}`: the currency `$` alone means under `numbers: "excel"`.
    pub dollar: Option<CurrencyCode>,
    /// `#{dates: #{"Close Date": "%d/%m/%Y"}}`: columns of dates in another form than ISO.
    pub dates: Vec<(String, String)>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            separator: b',',
            text: Vec::new(),
            numbers: NumberStyle::Plain,
            money: Vec::new(),
            skip: 0,
            names: Names::AsWritten,
            decimal_comma: false,
            dollar: None,
            dates: Vec::new(),
        }
    }
}

/// Which file format the options are for: a CSV-only option given to a JSON load is an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// CSV (and TSV, with a separator).
    Csv,
    /// JSON: an array of objects.
    Json,
}

impl LoadOptions {
    /// The option names, for messages.
    pub const KEYS: [&'static str; 10] = [
        "separator",
        "text",
        "numbers",
        "money",
        "header",
        "skip",
        "names",
        "decimal",
        "dollar",
        "dates",
    ];

    /// Reads the options map of a script call; `function` names the call in errors. An
    /// unknown key is an error listing the known ones.
    pub fn from_map(map: &Map, function: &str, format: Format) -> TableResult<LoadOptions> {
        let mut options = LoadOptions::default();
        let (mut header, mut skip) = (None, None);
        for (key, value) in map {
            match key.as_str() {
                key @ ("separator" | "header" | "skip" | "names" | "decimal")
                    if format == Format::Json =>
                {
                    return Err(TableError::new(format!(
                        "{function}: {key} applies to CSV files only; JSON has no header line"
                    )))
                }
                "header" => header = Some(row_number(value, "header", 1, function)?),
                "skip" => skip = Some(row_number(value, "skip", 0, function)?),
                "names" => options.names = Names::from_value(value, function)?,
                "decimal" => {
                    options.decimal_comma = match value.clone().into_string().as_deref() {
                        Ok(",") => true,
                        Ok(".") => false,
                        _ => {
                            return Err(TableError::new(format!(
                                "{function}: decimal must be \",\" (12.500.000,50 and 1 234,5, \
                                 as European files write numbers) or \".\", not {}",
                                super::value_text(value)
                            )))
                        }
                    }
                }
                "dollar" => {
                    let text = value.clone().into_string().unwrap_or_default();
                    let codes = written_codes();
                    options.dollar = Some(known_currency(&text, &codes).map_err(|_| {
                        TableError::new(format!(
                            "{function}: dollar must be the code of the currency \"$\" means in \
                             the file, such as \"HKD\" or \"CAD\", not {}",
                            super::value_text(value)
                        ))
                    })?)
                }
                "separator" => options.separator = separator(value, function)?,
                "text" => options.text = text_columns(value, function)?,
                "dates" => options.dates = dates::date_formats(value, function)?,
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
        options.skip = match (header, skip) {
            (Some(_), Some(_)) => {
                return Err(TableError::new(format!(
                    "{function}: give header (the header's line number) or skip (lines before \
                     it), not both"
                )))
            }
            (Some(line), None) => line - 1,
            (None, skip) => skip.unwrap_or(0),
        };
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

/// Loads a JSON file holding an array of objects.
pub fn load_json(path: &str, options: &LoadOptions) -> TableResult<Table> {
    let text = io::read_to_string(path)?;
    parse_json(&text, path, options)
}

/// Per column, the first line of a cell kept as text for each reason, for the notes a load
/// gives once it is done; for formatted numbers kept as text, up to five cells and a count.
/// Also the first integer written with leading zeros, which was read as a number, and the
/// first symbol read as one of several currencies (`$`).
struct KeptCells {
    too_precise: Vec<Option<(u64, String)>>,
    formatted: Vec<(Vec<(u64, String)>, usize)>,
    leading_zeros: Vec<Option<(u64, String)>>,
    ambiguous: Vec<Option<(&'static str, String)>>,
    /// Whether the load reads formatted numbers (`numbers: "excel"`): then a cell kept as
    /// text is one no reading fits, and the note says so.
    reading: bool,
}

/// How many cells of a column a note shows.
const SHOWN: usize = 5;

impl KeptCells {
    fn new(columns: usize) -> Self {
        KeptCells {
            too_precise: vec![None; columns],
            formatted: vec![(Vec::new(), 0); columns],
            leading_zeros: vec![None; columns],
            ambiguous: vec![None; columns],
            reading: false,
        }
    }

    fn record(&mut self, column: usize, why: KeptAsText, line: u64, field: &str) {
        let slot = match why {
            KeptAsText::TooPrecise => &mut self.too_precise[column],
            KeptAsText::Formatted => {
                let (shown, count) = &mut self.formatted[column];
                *count += 1;
                if shown.len() < SHOWN {
                    shown.push((line, field.trim().to_string()));
                }
                return;
            }
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

    /// When the options named what `$` means, there is nothing to say about it.
    fn forget_named_dollar(&mut self, options: &LoadOptions) {
        if options.dollar.is_some() {
            for seen in self.ambiguous.iter_mut() {
                seen.take_if(|(symbol, _)| *symbol == "$");
            }
        }
    }

    /// Adds what a later piece of the file kept: as if its cells had been recorded here.
    fn join(&mut self, later: KeptCells) {
        let first = |mine: &mut Vec<Option<(u64, String)>>, theirs: Vec<Option<(u64, String)>>| {
            for (slot, seen) in mine.iter_mut().zip(theirs) {
                if slot.is_none() {
                    *slot = seen;
                }
            }
        };
        first(&mut self.too_precise, later.too_precise);
        first(&mut self.leading_zeros, later.leading_zeros);
        for ((shown, count), (more, more_count)) in self.formatted.iter_mut().zip(later.formatted) {
            *count += more_count;
            let room = SHOWN.saturating_sub(shown.len());
            shown.extend(more.into_iter().take(room));
        }
        for (slot, seen) in self.ambiguous.iter_mut().zip(later.ambiguous) {
            if slot.is_none() {
                *slot = seen;
            }
        }
    }

    fn record_ambiguous(&mut self, column: usize, symbol: &'static str, code: &str) {
        if self.ambiguous[column].is_none() {
            self.ambiguous[column] = Some((symbol, code.to_string()));
        }
    }

    /// One note for each reason that applied: the columns, and where the first such cell is;
    /// formatted numbers kept as text get one note per column, naming up to five cells.
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
        for (column, (shown, count)) in columns.iter().zip(&self.formatted) {
            if shown.is_empty() {
                continue;
            }
            let mut cells: Vec<String> = shown
                .iter()
                .map(|(line, text)| format!("{text:?} ({place} {line})"))
                .collect();
            if *count > shown.len() {
                cells.push(format!("{} more", count - shown.len()));
            }
            let (what, fix) = match self.reading {
                false => (
                    "formatted numbers",
                    "load with #{numbers: \"excel\"} to read them as numbers",
                ),
                true => (
                    "cells that look like numbers but fit no reading",
                    "check their digit grouping, or load with #{decimal: \",\"} if commas mark \
                     the decimals",
                ),
            };
            crate::host::note(&format!(
                "{name}: column {column:?} has {what}, kept as text: {}; {fix}",
                cells.join(", ")
            ));
        }
        if let Some((subject, quoted, (line, example))) = list(&self.leading_zeros) {
            crate::host::note(&format!(
                "{name}: {subject} codes with leading zeros such as {example} ({place} {line}), \
                 read as numbers without them; load with #{{text: [{quoted}]}} to keep them as \
                 written"
            ));
        }
        let mut symbols: Vec<(&str, &str, Vec<String>)> = Vec::new();
        for (column, seen) in columns.iter().zip(&self.ambiguous) {
            let Some((symbol, code)) = seen else { continue };
            match symbols
                .iter_mut()
                .find(|(s, c, _)| s == symbol && c == code)
            {
                Some((_, _, names)) => names.push(format!("{column:?}")),
                None => symbols.push((symbol, code, vec![format!("{column:?}")])),
            }
        }
        for (symbol, code, names) in symbols {
            let fix = match symbol {
                "$" => "load with #{dollar: \"HKD\"} (or another code) if these are other dollars",
                _ => "write CN¥ or RMB in the file for yuan",
            };
            let which = match names.len() {
                1 => format!("column {}", names[0]),
                _ => format!("columns {}", names.join(", ")),
            };
            crate::host::note(&format!(
                "{name}: {symbol:?} in {which} is read as {code}, a sign several currencies \
                 share; {fix}"
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

/// Reads one field as an amount (`amounts`) into a column through `push` (`None` for text): plain numbers as ever (unless
/// commas mark decimals, where `12.500` is twelve thousand five hundred), amounts with a
/// currency as money (kept as their text until the table is built, at `at` = (column, row,
/// line) in `money`), anything that looks like a number but fits no reading as text, noted.
fn read_amount(
    field: &str,
    style: &AmountStyle,
    codes: &[String],
    at: (usize, usize, u64),
    push: &mut dyn FnMut(Option<Field>),
    kept: &mut KeptCells,
    money: &mut Vec<(usize, usize, Money)>,
) {
    let (c, row, line) = at;
    if !style.decimal_comma {
        match read_typed(field, NumberStyle::Plain) {
            (Field::Text, Some(KeptAsText::TooPrecise)) => {
                kept.record(c, KeptAsText::TooPrecise, line, field);
                return push(None);
            }
            (Field::Text, _) => {}
            (value, _) => {
                if matches!(value, Field::Int(_)) && has_leading_zero(field) {
                    kept.record_leading_zero(c, line, field);
                }
                return push(Some(value));
            }
        }
    }
    if field.trim().is_empty() {
        return push(Some(Field::Empty));
    }
    match parse_amount(field, style, codes) {
        Some(Amount::Number(d)) => {
            let value = crate::numbers::decimal_to_dynamic(d);
            let value = match value.as_int() {
                Ok(i) => Field::Int(i),
                Err(_) => Field::Decimal(value.as_decimal().unwrap_or(d)),
            };
            push(Some(value));
        }
        Some(Amount::Money(m, ambiguous)) => {
            if let Some(symbol) = ambiguous {
                kept.record_ambiguous(c, symbol, m.currency.as_str());
            }
            money.push((c, row, m));
            push(None);
        }
        None => {
            if looks_like_a_number(field) {
                kept.record(c, KeptAsText::Formatted, line, field);
            }
            push(None);
        }
    }
}

/// A field of digits and the marks of numbers only (`1,2345`, `$1.2.3`): text that a reader
/// would take for a number.
fn looks_like_a_number(field: &str) -> bool {
    let field = field.trim();
    field.bytes().any(|b| b.is_ascii_digit())
        && field
            .chars()
            .all(|c| c.is_ascii_digit() || ",.-+()% $€£¥'\u{a0}".contains(c))
}

#[cfg(test)]
mod tests;
