//! The CSV parser: the header, then the records piece by piece (`pieces`), each piece read on
//! one of the evaluation's threads into chunks (`chunk`) and joined to the columns in file
//! order, so the table, its notes and its errors are those of reading the fields one by one.
//! A piece whose cells the chunks cannot be sure of is read again in order on this thread.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};

use rhai::Dynamic;
use whatif_core::money::{CurrencyCode, Money};

use super::super::amounts::{written_codes, AmountStyle};
use super::super::cell::{has_leading_zero, iso_date, read_typed, Field, NumberStyle};
use super::super::columns::ColumnBuilder;
use super::super::layout::column_names;
use super::super::{Origin, Positions, Table, TableError, TableResult};
use super::chunk::{self, Chunk, ColumnCells};
use super::dates::{self, Forms};
use super::pieces::{Piece, Pieces};
use super::{read_amount, text_column_flags, KeptCells, LoadOptions};

/// Cells loaded between two looks at whether the evaluation must stop.
const STOP_EVERY_FIELDS: usize = 64 * 1024;

/// What every piece is read with: the header's columns and the options as they apply.
struct Layout<'a> {
    name: &'a str,
    columns: Vec<String>,
    as_text: Vec<bool>,
    formats: Vec<Option<String>>,
    numbers: NumberStyle,
    amounts: Option<AmountStyle>,
    codes: Vec<String>,
    separator: u8,
}

impl ColumnCells for ColumnBuilder {
    fn push_known_text(&mut self, field: &str) -> bool {
        ColumnBuilder::push_known_text(self, field)
    }
    fn push_known_date(&mut self, field: &str) -> bool {
        ColumnBuilder::push_known_date(self, field)
    }
    fn push(&mut self, value: Field, field: &str) {
        ColumnBuilder::push(self, value, field)
    }
    fn push_text(&mut self, field: &str) {
        ColumnBuilder::push_text(self, field)
    }
}

/// The cells read so far, of the whole table or of one piece, and what the notes will say.
struct Parsed<C> {
    cells: C,
    lines: Positions,
    kept: KeptCells,
    forms: Forms,
    /// Money cells: (column, row, amount), made money once the table is built.
    money: Vec<(usize, usize, Money)>,
    /// Per column: a text was noted (see `chunk::joins`).
    noted: Vec<bool>,
    /// Per column: the line of the piece's first date when it was an ISO date read the
    /// general way (noted as such), which a column of dates reads without noting.
    iso_first: Vec<Option<u64>>,
}

impl<C> Parsed<C> {
    fn new(cells: C, columns: usize) -> Self {
        Parsed {
            cells,
            lines: Positions::default(),
            kept: KeptCells::new(columns),
            forms: Forms::new(columns),
            money: Vec::new(),
            noted: vec![false; columns],
            iso_first: vec![None; columns],
        }
    }
}

/// The line of the record at byte `at` of `text`, whose first byte is on line `first_line`.
fn line_at(text: &str, at: usize, first_line: u64) -> u64 {
    let bytes = text.as_bytes();
    let mut end = at.min(bytes.len());
    // The record may be reported from the line break before it.
    while end < bytes.len() && (bytes[end] == b'\r' || bytes[end] == b'\n') {
        end += 1;
    }
    memchr::memchr_iter(b'\n', &bytes[..end]).count() as u64 + first_line
}

fn reader(text: &str, separator: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(separator)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Reads the records of `text` (line `first_line` on) into `out`. False when a chunk met a mix
/// of kinds: the piece must be read again in order.
fn read_records<T: ColumnCells>(
    layout: &Layout,
    text: &str,
    first_line: u64,
    out: &mut Parsed<Vec<T>>,
    stopper: &crate::host::Stopper,
) -> TableResult<bool> {
    let mut row = Row {
        layout,
        stopper,
        fields_read: 0,
    };
    if plain_lines(text) {
        return read_plain_lines(&mut row, text, first_line, out);
    }
    let name = layout.name;
    let mut reader = reader(text, layout.separator);
    let (mut counted_to, mut line) = (0usize, first_line);
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let at = e
                    .position()
                    .map(|p| line_at(text, p.byte() as usize, first_line));
                return Err(match at {
                    Some(line) => TableError::new(format!("{name}:{line}: {e}")),
                    None => TableError::new(format!("{name}: {e}")),
                });
            }
        }
        let mut start = record
            .position()
            .map_or(counted_to, |p| (p.byte() as usize).min(text.len()));
        // After a `\r`, the reader starts the next record at the `\n` it skips.
        while start < text.len() && matches!(text.as_bytes()[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..start]).count() as u64;
            counted_to = start;
        }
        if !row.read(record.iter(), record.len(), line, out)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// True when `text` quotes nothing and ends its lines with `\n` or `\r\n` only, as most
/// files do: then each line that is not blank is a record, split at the separators, exactly
/// as the CSV reader splits it, and a faster walk reads it.
fn plain_lines(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr(b'"', bytes).is_none()
        && memchr::memchr_iter(b'\r', bytes).all(|at| bytes.get(at + 1) == Some(&b'\n'))
}

/// `read_records` for text where `plain_lines` holds.
fn read_plain_lines<T: ColumnCells>(
    row: &mut Row,
    text: &str,
    first_line: u64,
    out: &mut Parsed<Vec<T>>,
) -> TableResult<bool> {
    let separator = row.layout.separator;
    let bytes = text.as_bytes();
    let mut fields: Vec<&str> = Vec::with_capacity(row.layout.columns.len());
    let (mut line, mut field_start) = (first_line, 0usize);
    // One vector search finds separators and line breaks together (a byte loop mispredicts
    // at every short field).
    for at in memchr::memchr2_iter(separator, b'\n', bytes) {
        if bytes[at] == separator {
            fields.push(&text[field_start..at]);
            field_start = at + 1;
        } else {
            let end = if at > field_start && bytes[at - 1] == b'\r' {
                at - 1
            } else {
                at
            };
            // The CSV reader skips blank lines.
            if !(fields.is_empty() && end == field_start) {
                fields.push(&text[field_start..end]);
                if !row.read(fields.iter().copied(), fields.len(), line, out)? {
                    return Ok(false);
                }
            }
            fields.clear();
            field_start = at + 1;
            line += 1;
        }
    }
    if field_start < bytes.len() || !fields.is_empty() {
        let end = bytes.len() - usize::from(bytes.last() == Some(&b'\r'));
        fields.push(&text[field_start..end.max(field_start)]);
        let blank = fields.len() == 1 && fields[0].is_empty();
        if !blank {
            return row.read(fields.iter().copied(), fields.len(), line, out);
        }
    }
    Ok(true)
}

/// Reads records into columns: what every record goes through.
struct Row<'a> {
    layout: &'a Layout<'a>,
    stopper: &'a crate::host::Stopper,
    fields_read: usize,
}

impl Row<'_> {
    /// Reads the `count` fields of the record on line `line`; false when a chunk met a mix of
    /// kinds.
    fn read<'f, T: ColumnCells>(
        &mut self,
        fields: impl Iterator<Item = &'f str>,
        count: usize,
        line: u64,
        out: &mut Parsed<Vec<T>>,
    ) -> TableResult<bool> {
        let width = self.layout.columns.len();
        if count != width {
            return Err(TableError::new(format!(
                "{}:{line}: this row has {count} fields but the header has {width} (a missing \
                 or extra comma, or an unquoted comma inside a value)",
                self.layout.name
            )));
        }
        // Ctrl-C, the deadline and the memory budget reach a long load every so many cells.
        self.fields_read += count;
        if self.fields_read >= STOP_EVERY_FIELDS {
            self.fields_read = 0;
            TableError::check(self.stopper)?;
        }
        for (c, field) in fields.enumerate() {
            read_field(self.layout, c, field, line, out)?;
            if out.cells[c].mixed() {
                return Ok(false);
            }
        }
        out.lines.push(line);
        Ok(true)
    }
}

/// Reads field `c` of the record on line `line` into `out`.
fn read_field<T: ColumnCells>(
    layout: &Layout,
    c: usize,
    field: &str,
    line: u64,
    out: &mut Parsed<Vec<T>>,
) -> TableResult<()> {
    let cells = &mut out.cells;
    if layout.as_text[c] {
        match field.is_empty() {
            true => cells[c].push(Field::Empty, field),
            false => cells[c].push_text(field),
        }
        return Ok(());
    }
    if let Some(format) = &layout.formats[c] {
        let value = dates::read_in(field, format).map_err(|why| {
            TableError::new(format!(
                "{}:{line}: column {:?}: {why}",
                layout.name, layout.columns[c]
            ))
        })?;
        cells[c].push(value, field);
        return Ok(());
    }
    if let Some(style) = &layout.amounts {
        let row = out.lines.len();
        let mut push = |value: Option<Field>| match value {
            Some(value) => cells[c].push(value, field),
            None => cells[c].push_text(field),
        };
        read_amount(
            field,
            style,
            &layout.codes,
            (c, row, line),
            &mut push,
            &mut out.kept,
            &mut out.money,
        );
        return Ok(());
    }
    // Text the column has seen is shared, not read again; dates skip the number tries.
    if cells[c].push_known_text(field) || cells[c].push_known_date(field) {
        return Ok(());
    }
    let (value, why) = read_typed(field, layout.numbers);
    let formed = out.forms.record(c, &value, field, line);
    match &value {
        Field::Text if formed || why.is_some() => out.noted[c] = true,
        Field::Date(_) if cells[c].fresh() && iso_date(field).is_some() => {
            out.iso_first[c] = Some(line)
        }
        _ => {}
    }
    if let Some(why) = why {
        out.kept.record(c, why, line, field);
    } else if matches!(value, Field::Int(_)) && has_leading_zero(field) {
        out.kept.record_leading_zero(c, line, field);
    }
    cells[c].push(value, field);
    Ok(())
}

/// Joins a piece read into chunks to the table read so far, when that gives what reading its
/// fields in order would; false (and nothing joined) otherwise.
fn join(table: &mut Parsed<Vec<ColumnBuilder>>, mut piece: Parsed<Vec<Chunk>>) -> bool {
    for (c, (column, chunk)) in table.cells.iter().zip(&piece.cells).enumerate() {
        if !chunk::joins(column, chunk, piece.noted[c]) {
            return false;
        }
        let of_dates = matches!(column.column, Some(super::super::columns::Column::Dates(_)));
        if of_dates && piece.iso_first[c].is_some() && !piece.forms.can_forget_first_iso(c) {
            return false;
        }
    }
    let rows = table.lines.len();
    for (c, (column, chunk)) in table
        .cells
        .iter_mut()
        .zip(std::mem::take(&mut piece.cells))
        .enumerate()
    {
        let of_dates = matches!(column.column, Some(super::super::columns::Column::Dates(_)));
        if of_dates && piece.iso_first[c].is_some() {
            piece.forms.forget_first_iso(c);
        }
        chunk::append(column, chunk);
    }
    table.kept.join(piece.kept);
    table.forms.join(piece.forms);
    table
        .money
        .extend(piece.money.into_iter().map(|(c, r, m)| (c, r + rows, m)));
    table.lines.extend(piece.lines);
    true
}

/// Loads a CSV file with a header row, piece by piece.
pub fn load_csv(path: &str, options: &LoadOptions) -> TableResult<Table> {
    load_csv_in_pieces(path, options, super::pieces::PIECE)
}

/// `load_csv` with pieces of `size` bytes (tests cut tiny pieces).
pub(super) fn load_csv_in_pieces(
    path: &str,
    options: &LoadOptions,
    size: usize,
) -> TableResult<Table> {
    let file = crate::host::with_file_policy(|policy| {
        crate::disk::open_for_reading(path, crate::disk::Guard::Policy(policy))
    })
    .map_err(TableError::new)?;
    let pieces = Pieces::of_file(file, path, options.separator, size);
    read_csv(pieces, path, options)
}

/// Parses CSV text with a header row; `name` (a path or `<text>`) appears in errors and notes.
pub fn parse_csv(text: &str, name: &str, options: &LoadOptions) -> TableResult<Table> {
    parse_csv_in_pieces(text, name, options, super::pieces::PIECE)
}

/// `parse_csv` with pieces of `size` bytes (tests cut tiny pieces).
pub(super) fn parse_csv_in_pieces(
    text: &str,
    name: &str,
    options: &LoadOptions,
    size: usize,
) -> TableResult<Table> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    read_csv(
        Pieces::of_text(text, name, options.separator, size),
        name,
        options,
    )
}

fn read_csv(mut pieces: Pieces, name: &str, options: &LoadOptions) -> TableResult<Table> {
    let mut said = Vec::new();
    match read_table(&mut pieces, name, options, &mut said) {
        Ok(table) => Ok(table),
        Err(e) if e.1.is_some() => Err(e),
        Err(e) => {
            // A byte that is not UTF-8 or a quote never closed, anywhere in the file, is the
            // error the file gets, as when the whole file was checked before parsing.
            pieces.drain()?;
            said.iter().for_each(|note| crate::host::note(note));
            Err(e)
        }
    }
}

fn read_table(
    pieces: &mut Pieces,
    name: &str,
    options: &LoadOptions,
    said: &mut Vec<String>,
) -> TableResult<Table> {
    pieces.skip_lines(options.skip)?;
    let header_line = options.skip as u64 + 1;
    // The header is the first record (blank lines before it are no records).
    let mut header = csv::StringRecord::new();
    let (first, after) = loop {
        let Some(piece) = pieces.next_piece()? else {
            if let Some((line, col)) = pieces.unclosed_quote() {
                return Err(super::pieces::unclosed(name, line, col));
            }
            return Err(TableError::new(format!(
                "{name}: the file is empty; a CSV file needs a header row naming its columns"
            )));
        };
        let mut reader = reader(&piece.text, options.separator);
        let found = reader
            .read_record(&mut header)
            .map_err(|e| TableError::new(format!("{name}: {e}")))?;
        if found && !header.is_empty() {
            let after = (reader.position().byte() as usize).min(piece.text.len());
            break (piece, after);
        }
    };
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
        said.push(format!("{name}: {renamed}"));
    }
    let as_text = text_column_flags(&columns, options, name)?;
    let formats = dates::formats_of(&options.dates, &columns, name)?;
    if columns.len() == 1 && options.separator == b',' && columns[0].contains(';') {
        said.push(format!(
            "{name} loaded as one column named {:?}; if its fields are separated by ';', load \
             it with #{{separator: \";\"}}",
            columns[0]
        ));
    }
    // Under `numbers: "excel"` or a decimal comma, cells are read as amounts (`amounts`):
    // money cells are kept as text in the columns and made money at the end.
    let amounts =
        (options.numbers == NumberStyle::Excel || options.decimal_comma).then(|| AmountStyle {
            decimal_comma: options.decimal_comma,
            dollar: options.dollar.unwrap_or(CurrencyCode::USD),
        });
    let codes = if amounts.is_some() {
        written_codes()
    } else {
        Vec::new()
    };
    let layout = Layout {
        name,
        as_text,
        formats,
        numbers: options.numbers,
        amounts,
        codes,
        separator: options.separator,
        columns,
    };
    // Cells go straight into typed columns (numbers unboxed, text interned: see `columns`);
    // rows of script values are built only if a query asks for them.
    let builders = layout
        .columns
        .iter()
        .map(|_| ColumnBuilder::new())
        .collect();
    let mut table = Parsed::new(builders, layout.columns.len());
    table.kept.reading = layout.amounts.is_some();
    let stopper = crate::host::stopper();
    // The records after the header in the first piece, then the other pieces.
    let rest = &first.text[after..];
    let line =
        first.line + memchr::memchr_iter(b'\n', &first.text.as_bytes()[..after]).count() as u64;
    read_records(&layout, rest, line, &mut table, &stopper)?;
    drop(first);
    read_pieces(pieces, &layout, &mut table, &stopper)?;
    if let Some((line, col)) = pieces.unclosed_quote() {
        return Err(super::pieces::unclosed(name, line, col));
    }
    said.iter().for_each(|note| crate::host::note(note));
    said.clear();
    table.kept.forget_named_dollar(options);
    table.kept.tell(&layout.columns, name, "line");
    table.forms.tell(&layout.columns, name, "line");
    let data = table.cells.into_iter().map(ColumnBuilder::finish).collect();
    let origin = Origin {
        file: name.to_string(),
        lines: table.lines,
        sheet: None,
        dataset: None,
    };
    let built = Table::from_columns(layout.columns, data);
    if table.money.is_empty() {
        return Ok(built.with_origin(origin));
    }
    let mut rows: Vec<Vec<Dynamic>> = built.rows().iter().map(|r| r.to_vec()).collect();
    for (c, r, m) in table.money {
        rows[r][c] = Dynamic::from(m);
    }
    Ok(built
        .with(built.columns().to_vec(), rows)
        .with_origin(origin))
}

/// Reads the pieces after the first: on the evaluation's threads, joined in file order.
fn read_pieces(
    pieces: &mut Pieces,
    layout: &Layout,
    table: &mut Parsed<Vec<ColumnBuilder>>,
    stopper: &crate::host::Stopper,
) -> TableResult<()> {
    let width = layout.columns.len();
    let in_order = |table: &mut Parsed<Vec<ColumnBuilder>>, piece: &Piece| {
        read_records(layout, &piece.text, piece.line, table, stopper).map(|_| ())
    };
    let threads = crate::host::threads();
    if threads <= 1 {
        while let Some(piece) = pieces.next_piece()? {
            in_order(table, &piece)?;
        }
        return Ok(());
    }
    type Done<'p> = (Piece<'p>, TableResult<Option<Parsed<Vec<Chunk>>>>);
    let stop = AtomicBool::new(false);
    let (work, jobs) = mpsc::sync_channel::<(usize, Piece)>(threads);
    let jobs = Mutex::new(jobs);
    let (finished, done) = mpsc::channel::<(usize, Done)>();
    std::thread::scope(|scope| -> TableResult<()> {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (jobs, finished, stop) = (&jobs, finished.clone(), &stop);
                let stopper = stopper.clone();
                let spawned = std::thread::Builder::new().name("whatif-csv".into());
                spawned.spawn_scoped(scope, move || loop {
                    let job = match jobs.lock() {
                        Ok(jobs) => jobs.recv(),
                        Err(_) => return,
                    };
                    let Ok((i, piece)) = job else { return };
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    let chunks = (0..width).map(|_| Chunk::Empty(0)).collect();
                    let mut parsed = Parsed::new(chunks, width);
                    let read = read_records(layout, &piece.text, piece.line, &mut parsed, &stopper);
                    let result = read.map(|whole| whole.then_some(parsed));
                    if finished.send((i, (piece, result))).is_err() {
                        return;
                    }
                })
            })
            .collect();
        drop(finished);
        let outcome = (|| -> TableResult<()> {
            let (mut sent, mut joined, mut exhausted) = (0usize, 0usize, false);
            let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
            loop {
                while !exhausted && sent - joined < threads + 1 {
                    match pieces.next_piece()? {
                        Some(piece) => {
                            if work.send((sent, piece)).is_err() {
                                return Err(TableError::new("the CSV reader stopped"));
                            }
                            sent += 1;
                        }
                        None => exhausted = true,
                    }
                }
                if joined == sent {
                    return Ok(());
                }
                let (i, result) = done
                    .recv()
                    .map_err(|_| TableError::new("the CSV reader stopped"))?;
                waiting.insert(i, result);
                while let Some((piece, result)) = waiting.remove(&joined) {
                    match result? {
                        Some(parsed) => {
                            if !join(table, parsed) {
                                in_order(table, &piece)?;
                            }
                        }
                        None => in_order(table, &piece)?,
                    }
                    joined += 1;
                }
            }
        })();
        stop.store(true, Ordering::Relaxed);
        drop(work);
        // A thread the system would not start leaves its pieces to the others (the error of
        // having none at all is the reader's stopping).
        for worker in workers.into_iter().flatten() {
            if worker.join().is_err() && outcome.is_ok() {
                return Err(TableError::new("the CSV reader stopped unexpectedly"));
            }
        }
        outcome
    })
}
