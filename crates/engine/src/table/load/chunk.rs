//! One piece's cells of one column, read on a worker thread (`ColumnBuilder` holds script
//! strings, which stay on the thread that made them), and how a piece's cells join the column
//! built so far. A chunk holds one kind of cell only (numbers, dates or text, with empty
//! cells); a piece whose column mixes kinds is read again in order by `ColumnBuilder`, so the
//! column it joins decides, as it would have field by field. A chunk joins a column only where
//! pushing its fields one by one would give the same cells and the same notes. `ColumnCells`
//! (where one column's fields go) is defined here, for chunks and for the table's columns.

use std::collections::HashMap;

use whatif_core::dates::Date;

use super::super::cell::{iso_date, Field};
use super::super::columns::{
    Column, ColumnBuilder, NumberKind, NumberValues, EMPTY_TEXT, INTERN_LIMIT,
};

/// The cells of one column in one piece.
pub(super) enum Chunk {
    /// Only empty cells, so far.
    Empty(usize),
    Numbers {
        values: NumberValues,
        kinds: Vec<NumberKind>,
    },
    Dates(Vec<Option<Date>>),
    /// Text and empty cells: each distinct text once, and a code per row.
    Text {
        texts: Vec<String>,
        codes: Vec<u32>,
        index: TextIndex,
    },
    /// Cells of several kinds: the piece is read again in order.
    Mixed,
}

/// The code of each text a chunk holds. Most cells of a large file are short (a country, a
/// ticker, a name): those up to 15 bytes are found by one 128-bit key, without comparing
/// strings; longer ones by content.
#[derive(Default)]
pub(super) struct TextIndex {
    short: HashMap<u128, u32, ahash::RandomState>,
    long: HashMap<String, u32, ahash::RandomState>,
}

impl TextIndex {
    /// The bytes of a text of at most 15 bytes and its length, as one number: byte `i` of
    /// the text is byte `i` of the number, the length its top byte, the rest zero. Read with
    /// two loads that may overlap, in registers: copying the bytes into a zeroed buffer first
    /// called `memcpy` and then stalled reading the buffer back, about a quarter of the time
    /// spent on a text cell of a large file (perf).
    #[inline]
    fn key(text: &str) -> Option<u128> {
        let b = text.as_bytes();
        let n = b.len();
        let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().unwrap_or_default());
        let half = |at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap_or_default());
        let (low, high) = match n {
            0 => (0, 0),
            1..=3 => {
                let (middle, last) = (n / 2, n - 1);
                let low = u64::from(b[0])
                    | u64::from(b[middle]) << (8 * middle)
                    | u64::from(b[last]) << (8 * last);
                (low, 0)
            }
            4..=7 => {
                let low = u64::from(half(0)) | u64::from(half(n - 4)) << (8 * (n - 4));
                (low, 0)
            }
            8 => (word(0), 0),
            9..=15 => (word(0), word(n - 8) >> (8 * (16 - n))),
            _ => return None,
        };
        Some(u128::from(low) | u128::from(high | (n as u64) << 56) << 64)
    }

    fn get(&self, text: &str) -> Option<u32> {
        match Self::key(text) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(text).copied(),
        }
    }

    fn insert(&mut self, text: &str, code: u32) {
        match Self::key(text) {
            Some(key) => self.short.insert(key, code),
            None => self.long.insert(text.to_string(), code),
        };
    }
}

/// Where the cells of one column's fields go: a piece's chunk (below), or the table's column
/// (implemented in `csv`, which reads the fields).
pub(super) trait ColumnCells {
    /// Adds a text the column has seen, without reading it again; false when it has not.
    fn push_known_text(&mut self, field: &str) -> bool;
    /// Adds an ISO date to a column of dates; false when either is not so.
    fn push_known_date(&mut self, field: &str) -> bool;
    /// Adds a field's value (`field` is its text as written).
    fn push(&mut self, value: Field, field: &str);
    /// Adds a text cell.
    fn push_text(&mut self, field: &str);
    /// True while the column holds empty cells only (asked of a piece's chunks).
    fn fresh(&self) -> bool {
        false
    }
    /// True once the column mixes kinds a piece cannot join.
    fn mixed(&self) -> bool {
        false
    }
}

impl ColumnCells for Chunk {
    /// Adds the text of a field the chunk has seen: the same code, without reading it again.
    fn push_known_text(&mut self, field: &str) -> bool {
        if let Chunk::Text { codes, index, .. } = self {
            if let Some(code) = index.get(field) {
                codes.push(code);
                return true;
            }
        }
        false
    }

    /// Adds an ISO date to a chunk of dates without trying it as a number first.
    fn push_known_date(&mut self, field: &str) -> bool {
        if let Chunk::Dates(dates) = self {
            if let Some(date) = iso_date(field) {
                dates.push(Some(date));
                return true;
            }
        }
        false
    }

    fn push_text(&mut self, field: &str) {
        if self.push_known_text(field) {
            return;
        }
        if let Chunk::Empty(n) = *self {
            *self = Chunk::Text {
                texts: Vec::new(),
                codes: vec![EMPTY_TEXT; n],
                index: TextIndex::default(),
            };
        }
        match self {
            Chunk::Text {
                texts,
                codes,
                index,
            } if texts.len() < EMPTY_TEXT as usize - 1 => {
                let code = texts.len() as u32;
                texts.push(field.to_string());
                index.insert(field, code);
                codes.push(code);
            }
            _ => *self = Chunk::Mixed,
        }
    }

    fn push(&mut self, value: Field, field: &str) {
        if let (Chunk::Empty(n), Field::Int(_) | Field::Decimal(_)) = (&*self, &value) {
            *self = Chunk::Numbers {
                values: NumberValues::zeros(*n),
                kinds: vec![NumberKind::Empty; *n],
            };
        }
        match (&mut *self, value) {
            (Chunk::Empty(n), Field::Empty) => *n += 1,
            (Chunk::Numbers { values, kinds }, Field::Empty) => {
                values.push_int(0);
                kinds.push(NumberKind::Empty);
            }
            (Chunk::Dates(dates), Field::Empty) => dates.push(None),
            (Chunk::Text { codes, .. }, Field::Empty) => codes.push(EMPTY_TEXT),
            (Chunk::Numbers { values, kinds }, Field::Int(i)) => {
                values.push_int(i);
                kinds.push(NumberKind::Int);
            }
            (Chunk::Numbers { values, kinds }, Field::Decimal(d)) => {
                values.push(d);
                kinds.push(NumberKind::Decimal);
            }
            (Chunk::Empty(n), Field::Date(d)) => {
                let mut dates = vec![None; *n];
                dates.push(Some(d));
                *self = Chunk::Dates(dates);
            }
            (Chunk::Dates(dates), Field::Date(d)) => dates.push(Some(d)),
            (Chunk::Empty(_) | Chunk::Text { .. }, Field::Text) => self.push_text(field),
            _ => *self = Chunk::Mixed,
        }
    }

    /// True for a chunk of no cells but empty ones.
    fn fresh(&self) -> bool {
        matches!(self, Chunk::Empty(_))
    }

    fn mixed(&self) -> bool {
        matches!(self, Chunk::Mixed)
    }
}

/// Whether `chunk` may join `column` as a whole. `noted` says that a text of the chunk was
/// noted (a formatted number, a date-like form), which a column that already knows that text
/// would not have noted again; `iso_first` that the chunk's first date went through the
/// general reading, which a column of dates skips for an ISO date.
pub(super) fn joins(column: &ColumnBuilder, chunk: &Chunk, noted: bool) -> bool {
    match (&column.column, chunk) {
        (_, Chunk::Mixed) => false,
        (_, Chunk::Empty(_)) | (None, _) => true,
        (Some(Column::Numbers { .. } | Column::Cells(_)), Chunk::Numbers { .. }) => true,
        (Some(Column::Text { .. } | Column::Cells(_)), Chunk::Text { .. }) => !noted,
        (Some(Column::Dates(_)), Chunk::Dates(_)) => true,
        _ => false,
    }
}

/// Appends `chunk` to `column`, where `joins` allows it.
pub(super) fn append(column: &mut ColumnBuilder, chunk: Chunk) {
    match chunk {
        Chunk::Mixed => {}
        Chunk::Empty(n) => (0..n).for_each(|_| column.push(Field::Empty, "")),
        Chunk::Numbers { values, kinds } => append_numbers(column, values, kinds),
        Chunk::Dates(dates) => append_dates(column, dates),
        Chunk::Text { texts, codes, .. } => append_texts(column, texts, codes),
    }
}

fn append_numbers(column: &mut ColumnBuilder, values: NumberValues, kinds: Vec<NumberKind>) {
    match &mut column.column {
        None => {
            let lead = column.leading_empty;
            let mut all = NumberValues::zeros(lead);
            all.extend(values);
            let mut all_kinds = vec![NumberKind::Empty; lead];
            all_kinds.extend(kinds);
            column.column = Some(Column::Numbers {
                values: all,
                kinds: all_kinds,
            });
        }
        Some(Column::Numbers {
            values: to,
            kinds: to_kinds,
        }) => {
            to.extend(values);
            to_kinds.extend(kinds);
        }
        Some(Column::Cells(cells)) => {
            let chunk = Column::Numbers { values, kinds };
            let n = match &chunk {
                Column::Numbers { kinds, .. } => kinds.len(),
                _ => 0,
            };
            cells.extend((0..n).map(|i| chunk.cell(i)));
        }
        Some(_) => debug_assert!(false, "numbers join numbers or cells"),
    }
}

fn append_dates(column: &mut ColumnBuilder, dates: Vec<Option<Date>>) {
    match &mut column.column {
        None => {
            let mut all = vec![None; column.leading_empty];
            all.extend(dates);
            column.column = Some(Column::Dates(all));
        }
        Some(Column::Dates(to)) => to.extend(dates),
        Some(_) => debug_assert!(false, "dates join dates"),
    }
}

fn append_texts(column: &mut ColumnBuilder, texts: Vec<String>, codes: Vec<u32>) {
    if let Some(Column::Cells(cells)) = &mut column.column {
        cells.extend(codes.iter().map(|&code| match code {
            EMPTY_TEXT => rhai::Dynamic::UNIT,
            code => rhai::Dynamic::from(texts[code as usize].clone()),
        }));
        return;
    }
    if column.column.is_none() {
        column.column = Some(Column::Text {
            texts: Vec::new(),
            codes: vec![EMPTY_TEXT; column.leading_empty],
        });
    }
    let Some(Column::Text {
        texts: to,
        codes: to_codes,
    }) = &mut column.column
    else {
        debug_assert!(false, "text joins text or cells");
        return;
    };
    let index = &mut column.index;
    // Each text of the piece is found in (or added to) the column once; the rows take codes.
    let map: Vec<u32> = texts
        .into_iter()
        .map(|text| match index.get(text.as_str()) {
            Some(&code) => code,
            None => {
                let text = rhai::ImmutableString::from(text);
                let code = to.len() as u32;
                if index.len() < INTERN_LIMIT {
                    index.insert(text.clone(), code);
                }
                to.push(text);
                code
            }
        })
        .collect();
    to_codes.extend(codes.iter().map(|&code| match code {
        EMPTY_TEXT => EMPTY_TEXT,
        code => map[code as usize],
    }));
}

#[cfg(test)]
mod tests {
    use super::TextIndex;

    /// The key as it is defined: the bytes in a zeroed buffer, the length on top.
    fn packed(text: &str) -> Option<u128> {
        let bytes = text.as_bytes();
        if bytes.len() > 15 {
            return None;
        }
        let mut packed = [0u8; 16];
        packed[..bytes.len()].copy_from_slice(bytes);
        packed[15] = bytes.len() as u8;
        Some(u128::from_le_bytes(packed))
    }

    #[test]
    fn a_text_key_is_its_bytes_and_length_at_every_length() {
        let source = "abcdefghijklmnopqrstuvwxyzé€0123456789";
        for start in 0..source.len() {
            for end in start..=source.len() {
                let Some(text) = source.get(start..end) else {
                    continue;
                };
                assert_eq!(TextIndex::key(text), packed(text), "{text:?}");
            }
        }
        // Zero bytes and trailing zeros stay distinct by length.
        assert_ne!(TextIndex::key("a\0"), TextIndex::key("a"));
        assert_eq!(TextIndex::key("\0\0\0"), packed("\0\0\0"));
    }
}
