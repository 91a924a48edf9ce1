//! Reading user data into tables: CSV (RFC 4180, with or without BOM, CRLF or LF, any one-byte
//! separator) and JSON (an array of objects), and the load options they share. Numbers become
//! exact integers or decimals, empty cells `()`; a number a decimal cannot hold exactly stays
//! text, and formatted numbers (`3,000,000`, `$300`) stay text unless asked for, each said
//! once per load in a note. A malformed file is an error that names the file, the line and,
//! where it applies, the column; a loaded CSV table remembers each row's line and is stored as
//! typed columns (`columns`) until a query needs its rows.

pub(crate) mod dates;
mod json;

use rhai::{Dynamic, Map};
use whatif_core::money::{known_currency, CurrencyCode, Money};

pub use json::parse_json;

use super::amounts::{parse_amount, written_codes, Amount, AmountStyle};
use super::cell::{has_leading_zero, read_typed, Field, KeptAsText, NumberStyle};
use super::columns::ColumnBuilder;
use super::io;
use super::layout::{column_names, row_number, Names};
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

/// `text` after its first `skip` lines (a title, notes above the table), and how many lines
/// that was; an error when the file has no more lines than that.
fn skip_lines<'a>(text: &'a str, skip: usize, name: &str) -> TableResult<(&'a str, usize)> {
    let mut rest = text;
    for done in 0..skip {
        match rest.find('\n') {
            Some(at) => rest = &rest[at + 1..],
            None => {
                return Err(TableError::new(format!(
                    "{name}: skipping {skip} lines leaves no header: the file has {}",
                    crate::messages::count(done + usize::from(!rest.is_empty()), "line", "lines")
                )))
            }
        }
    }
    Ok((rest, skip))
}

/// Parses CSV text with a header row; `name` (a path or `<text>`) appears in errors and notes.
pub fn parse_csv(text: &str, name: &str, options: &LoadOptions) -> TableResult<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (text, skipped) = skip_lines(text, options.skip, name)?;
    if let Some((line, col)) = unterminated_quote(text, options.separator as char) {
        return Err(TableError::new(format!(
            "{name}:{}:{col}: the quoted field that starts here is never closed (a \
             missing '\"')",
            line + skipped
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
            bytes[..end].iter().filter(|&&b| b == b'\n').count() + 1 + skipped
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
    let header_line = skipped + 1;
    let raw: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
    let (columns, renamed) = column_names(
        &raw,
        options.names,
        &|i| format!("{name}:{header_line}:{}", i + 1),
        "if the table starts lower, load with #{header: N} (the header's line number) or \
         #{skip: N}",
    )
    .map_err(|e| TableError::new(format!("{name}: {e}")))?;
    if let Some(renamed) = renamed {
        crate::host::note(&format!("{name}: {renamed}"));
    }
    let as_text = text_column_flags(&columns, options, name)?;
    let formats = dates::formats_of(&options.dates, &columns, name)?;
    let mut forms = dates::Forms::new(columns.len());
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
    let (mut counted_to, mut line) = (0usize, 1 + skipped as u64);
    // Under `numbers: "excel"` or a decimal comma, cells are read as amounts (`amounts`):
    // money cells are kept as text in the columns and made money at the end.
    let amounts =
        (options.numbers == NumberStyle::Excel || options.decimal_comma).then(|| AmountStyle {
            decimal_comma: options.decimal_comma,
            dollar: options.dollar.unwrap_or(CurrencyCode::USD),
        });
    kept.reading = amounts.is_some();
    let codes = if amounts.is_some() {
        written_codes()
    } else {
        Vec::new()
    };
    let mut money: Vec<(usize, usize, Money)> = Vec::new();
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
            if let Some(format) = &formats[c] {
                let value = dates::read_in(field, format).map_err(|why| {
                    TableError::new(format!("{name}:{line}: column {:?}: {why}", columns[c]))
                })?;
                builder.push(value, field);
                continue;
            }
            if let Some(style) = &amounts {
                let row = lines.len();
                read_amount(
                    field,
                    style,
                    &codes,
                    (c, row, line),
                    builder,
                    &mut kept,
                    &mut money,
                );
                continue;
            }
            // Text the column has seen is shared, not read again; dates skip the number tries.
            if builder.push_known_text(field) {
                continue;
            }
            if builder.push_known_date(field) {
                continue;
            }
            let (value, why) = read_typed(field, options.numbers);
            forms.record(c, &value, field, line);
            if let Some(why) = why {
                kept.record(c, why, line, field);
            } else if matches!(value, Field::Int(_)) && has_leading_zero(field) {
                kept.record_leading_zero(c, line, field);
            }
            builder.push(value, field);
        }
        lines.push(line);
    }
    kept.forget_named_dollar(options);
    kept.tell(&columns, name, "line");
    forms.tell(&columns, name, "line");
    let data = builders.into_iter().map(ColumnBuilder::finish).collect();
    let origin = Origin {
        file: name.to_string(),
        lines,
        sheet: None,
        dataset: None,
    };
    let table = Table::from_columns(columns, data);
    if money.is_empty() {
        return Ok(table.with_origin(origin));
    }
    let mut rows: Vec<Vec<Dynamic>> = table.rows().iter().map(|r| r.to_vec()).collect();
    for (c, r, m) in money {
        rows[r][c] = Dynamic::from(m);
    }
    Ok(table
        .with(table.columns().to_vec(), rows)
        .with_origin(origin))
}

/// Cells loaded between two looks at whether the evaluation must stop.
const STOP_EVERY_FIELDS: usize = 64 * 1024;

/// Reads one field as an amount (`amounts`) into `builder`: plain numbers as ever (unless
/// commas mark decimals, where `12.500` is twelve thousand five hundred), amounts with a
/// currency as money (kept as their text until the table is built, at `at` = (column, row,
/// line) in `money`), anything that looks like a number but fits no reading as text, noted.
fn read_amount(
    field: &str,
    style: &AmountStyle,
    codes: &[String],
    at: (usize, usize, u64),
    builder: &mut ColumnBuilder,
    kept: &mut KeptCells,
    money: &mut Vec<(usize, usize, Money)>,
) {
    let (c, row, line) = at;
    if !style.decimal_comma {
        match read_typed(field, NumberStyle::Plain) {
            (Field::Text, Some(KeptAsText::TooPrecise)) => {
                kept.record(c, KeptAsText::TooPrecise, line, field);
                return builder.push_text(field);
            }
            (Field::Text, _) => {}
            (value, _) => {
                if matches!(value, Field::Int(_)) && has_leading_zero(field) {
                    kept.record_leading_zero(c, line, field);
                }
                return builder.push(value, field);
            }
        }
    }
    if field.trim().is_empty() {
        return builder.push(Field::Empty, field);
    }
    match parse_amount(field, style, codes) {
        Some(Amount::Number(d)) => {
            let value = crate::numbers::decimal_to_dynamic(d);
            let value = match value.as_int() {
                Ok(i) => Field::Int(i),
                Err(_) => Field::Decimal(value.as_decimal().unwrap_or(d)),
            };
            builder.push(value, field);
        }
        Some(Amount::Money(m, ambiguous)) => {
            if let Some(symbol) = ambiguous {
                kept.record_ambiguous(c, symbol, m.currency.as_str());
            }
            money.push((c, row, m));
            builder.push_text(field);
        }
        None => {
            if looks_like_a_number(field) {
                kept.record(c, KeptAsText::Formatted, line, field);
            }
            builder.push_text(field);
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
