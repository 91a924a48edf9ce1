//! Typed column storage for tables read from CSV: exact numbers, dates and interned text kept
//! column by column, and rows of script values (`Row`s) built from them only when a query needs rows.
//! A million rows cost tens of megabytes this way instead of hundreds (a `Dynamic` per cell,
//! a boxed `Decimal` per amount), and a group-by and its sums read the typed values directly.
//! Every cell materialises as exactly the value the row loader gave, so results do not change.

use std::cell::OnceCell;
use std::collections::HashMap;

use rhai::{Dynamic, ImmutableString};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use whatif_core::dates::Date;
use whatif_core::money::{CurrencyCode, Money};

use super::cell::{Field, Key};
use super::Row;

mod numbers;
mod selection;

pub(crate) use numbers::NumberValues;

/// How a cell of a number column was written: its script value is an integer or a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Empty,
    Int,
    Decimal,
}

/// The code of an empty cell in a text column.
pub(crate) const EMPTY_TEXT: u32 = u32::MAX;

/// A text column stops sharing equal texts once it has seen this many distinct ones, so that
/// a column of unique values (names, ids) does not also pay for a large index.
pub(crate) const INTERN_LIMIT: usize = 65_536;

/// One column's cells.
#[derive(Clone)]
pub(crate) enum Column {
    /// Integers, decimals and empty cells.
    Numbers {
        values: NumberValues,
        kinds: Vec<NumberKind>,
    },
    /// Dates and empty cells (`None`); every non-empty cell of the file was an ISO date.
    Dates(Vec<Option<Date>>),
    /// Text and empty cells: a code per row into the column's texts.
    Text {
        texts: Vec<ImmutableString>,
        codes: Vec<u32>,
    },
    /// Amounts of money in one currency, no cell empty: what `sweep` returns from a model in
    /// money, and a computed column of money.
    Money {
        amounts: Vec<Decimal>,
        currency: CurrencyCode,
    },
    /// Anything else (a column mixing numbers and text), as script values.
    Cells(Vec<Dynamic>),
}

impl Column {
    fn len(&self) -> usize {
        match self {
            Column::Numbers { kinds, .. } => kinds.len(),
            Column::Dates(dates) => dates.len(),
            Column::Text { codes, .. } => codes.len(),
            Column::Money { amounts, .. } => amounts.len(),
            Column::Cells(cells) => cells.len(),
        }
    }

    /// Row `i`'s cell as a script value.
    pub(crate) fn cell(&self, i: usize) -> Dynamic {
        match self {
            Column::Numbers { values, kinds } => match kinds[i] {
                NumberKind::Empty => Dynamic::UNIT,
                // Stored from an `INT`, so it converts back exactly.
                NumberKind::Int => Dynamic::from_int(values.get(i).to_i64().unwrap_or_default()),
                NumberKind::Decimal => Dynamic::from_decimal(values.get(i)),
            },
            Column::Dates(dates) => dates[i].map_or(Dynamic::UNIT, Dynamic::from),
            Column::Text { texts, codes } => match codes[i] {
                EMPTY_TEXT => Dynamic::UNIT,
                code => Dynamic::from(texts[code as usize].clone()),
            },
            Column::Money { amounts, currency } => Dynamic::from(Money::new(amounts[i], *currency)),
            Column::Cells(cells) => cells[i].clone(),
        }
    }
}

/// True for a field written as a four-digit year (`2019`).
fn is_year(value: rhai::INT, field: &str) -> bool {
    (1000..=9999).contains(&value) && field.trim().len() == 4
}

/// A number column's cells as years, when every one is a whole four-digit number (or empty).
fn years(values: &NumberValues, kinds: &[NumberKind]) -> Option<Vec<Option<Date>>> {
    values
        .iter()
        .zip(kinds)
        .map(|(v, k)| match k {
            NumberKind::Empty => Some(None),
            NumberKind::Int => v
                .to_i16()
                .filter(|y| (1000..=9999).contains(y))
                .map(|y| Some(Date::year(y))),
            NumberKind::Decimal => None,
        })
        .collect()
}

/// Builds one column from the fields of a file, choosing its storage from what it holds.
pub(crate) struct ColumnBuilder {
    pub(crate) column: Option<Column>,
    /// Empty cells before the first value, when the kind is not known yet.
    pub(crate) leading_empty: usize,
    /// Text already in the column, by content. aHash: with the standard SipHash, hashing
    /// was about a twentieth of a million-row load.
    pub(crate) index: HashMap<ImmutableString, u32, ahash::RandomState>,
}

impl ColumnBuilder {
    pub(crate) fn new() -> ColumnBuilder {
        ColumnBuilder {
            column: None,
            leading_empty: 0,
            index: HashMap::default(),
        }
    }

    /// Adds the cell of a field whose text this column has already seen and interned: the
    /// same value, without reading the field again. False when the text is not known.
    pub(crate) fn push_known_text(&mut self, field: &str) -> bool {
        if let Some(Column::Text { codes, .. }) = &mut self.column {
            if let Some(&code) = self.index.get(field) {
                codes.push(code);
                return true;
            }
        }
        false
    }

    /// Adds the date of an ISO field to a column of dates: the same value `push` would add,
    /// read without trying it as a number first. False when the column holds no dates or the
    /// field is not an ISO date.
    pub(crate) fn push_known_date(&mut self, field: &str) -> bool {
        if let Some(Column::Dates(dates)) = &mut self.column {
            // Untrimmed: a padded field takes the general path, which trims.
            if let Some(date) = super::cell::iso_date(field) {
                dates.push(Some(date));
                return true;
            }
        }
        false
    }

    /// Adds a text cell (`field` is its content), sharing one string among equal texts.
    pub(crate) fn push_text(&mut self, field: &str) {
        if self.push_known_text(field) {
            return;
        }
        if let Some(Column::Dates(_)) = &self.column {
            self.dates_to_text();
        }
        if self.column.is_none() {
            self.column = Some(Column::Text {
                texts: Vec::new(),
                codes: vec![EMPTY_TEXT; self.leading_empty],
            });
        }
        match &mut self.column {
            Some(Column::Text { texts, codes }) if texts.len() < EMPTY_TEXT as usize => {
                let text = ImmutableString::from(field);
                let code = texts.len() as u32;
                if self.index.len() < INTERN_LIMIT {
                    self.index.insert(text.clone(), code);
                }
                texts.push(text);
                codes.push(code);
            }
            _ => self.push_cell(Dynamic::from(field.to_string())),
        }
    }

    /// Adds one field's value (`field` is its text as written).
    pub(crate) fn push(&mut self, value: Field, field: &str) {
        match (&mut self.column, value) {
            (None, Field::Empty) => self.leading_empty += 1,
            (Some(Column::Numbers { values, kinds }), Field::Empty) => {
                values.push(Decimal::ZERO);
                kinds.push(NumberKind::Empty);
            }
            (Some(Column::Text { codes, .. }), Field::Empty) => codes.push(EMPTY_TEXT),
            (Some(Column::Dates(dates)), Field::Empty) => dates.push(None),
            (None, Field::Date(d)) => {
                let mut dates = vec![None; self.leading_empty];
                dates.push(Some(d));
                self.column = Some(Column::Dates(dates));
            }
            (Some(Column::Dates(dates)), Field::Date(d)) => dates.push(Some(d)),
            // A year among dates (`2019` beside `2024-10`, as the datasets save) is a year.
            (Some(Column::Dates(dates)), Field::Int(i)) if is_year(i, field) => {
                dates.push(Some(Date::year(i as i16)))
            }
            (Some(Column::Numbers { values, kinds }), Field::Date(d))
                if years(values, kinds).is_some() =>
            {
                let mut dates = years(values, kinds).unwrap_or_default();
                dates.push(Some(d));
                self.column = Some(Column::Dates(dates));
            }
            // A date among text is text as written, so the column stays one kind.
            (Some(Column::Text { .. }), Field::Date(_)) => self.push_text(field),
            (Some(_), Field::Date(d)) => self.push_cell(Dynamic::from(d)),
            (Some(Column::Cells(cells)), Field::Empty) => cells.push(Dynamic::UNIT),
            // Files are not read into money columns; an empty cell would not fit one anyway.
            (Some(Column::Money { .. }), Field::Empty) => self.push_cell(Dynamic::UNIT),
            (_, Field::Int(i)) => {
                self.push_number(Decimal::from(i), NumberKind::Int, || Dynamic::from_int(i))
            }
            (_, Field::Decimal(d)) => {
                self.push_number(d, NumberKind::Decimal, || Dynamic::from_decimal(d))
            }
            (_, Field::Text) => self.push_text(field),
        }
    }

    /// Turns a column of dates that meets a text into text: each date as its ISO text, which
    /// is how the file wrote it.
    fn dates_to_text(&mut self) {
        let Some(Column::Dates(dates)) = self.column.take() else {
            return;
        };
        self.leading_empty = 0;
        for date in dates {
            match date {
                Some(date) => self.push_text(&date.to_string()),
                None if self.column.is_none() => self.leading_empty += 1,
                None => self.push(Field::Empty, ""),
            }
        }
    }

    fn push_number(&mut self, value: Decimal, kind: NumberKind, cell: impl FnOnce() -> Dynamic) {
        if self.column.is_none() {
            self.column = Some(Column::Numbers {
                values: NumberValues::zeros(self.leading_empty),
                kinds: vec![NumberKind::Empty; self.leading_empty],
            });
        }
        match &mut self.column {
            Some(Column::Numbers { values, kinds }) => {
                values.push(value);
                kinds.push(kind);
            }
            _ => self.push_cell(cell()),
        }
    }

    /// Adds a cell that the column's typed storage cannot hold: the column becomes script
    /// values from here on.
    fn push_cell(&mut self, value: Dynamic) {
        let cells = match self.column.take() {
            Some(Column::Cells(mut cells)) => {
                cells.push(value);
                cells
            }
            Some(typed) => {
                let mut cells: Vec<Dynamic> = (0..typed.len()).map(|i| typed.cell(i)).collect();
                cells.push(value);
                self.index = HashMap::default();
                cells
            }
            None => {
                let mut cells = vec![Dynamic::UNIT; self.leading_empty];
                cells.push(value);
                cells
            }
        };
        self.column = Some(Column::Cells(cells));
    }

    pub(crate) fn finish(self) -> Column {
        self.column
            .unwrap_or_else(|| Column::Cells(vec![Dynamic::UNIT; self.leading_empty]))
    }
}

/// A table's rows: built once and shared, or typed columns from which they are built when a
/// query first asks for rows.
#[derive(Default)]
pub(crate) struct Storage {
    rows: OnceCell<Vec<Row>>,
    typed: Option<Vec<Column>>,
    len: usize,
}

impl Storage {
    pub(crate) fn of_rows(rows: Vec<Row>) -> Storage {
        let len = rows.len();
        Storage {
            rows: OnceCell::from(rows),
            typed: None,
            len,
        }
    }

    /// Columns of equal length, one per table column.
    pub(crate) fn of_columns(columns: Vec<Column>) -> Storage {
        let len = columns.first().map_or(0, Column::len);
        debug_assert!(columns.iter().all(|c| c.len() == len));
        Storage {
            rows: OnceCell::new(),
            typed: Some(columns),
            len,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The rows, built from the columns on first use.
    pub(crate) fn rows(&self) -> &[Row] {
        self.rows.get_or_init(|| {
            let columns = self.typed.as_deref().unwrap_or_default();
            (0..self.len)
                .map(|i| columns.iter().map(|c| c.cell(i)).collect::<Row>())
                .collect()
        })
    }

    /// Column `c` in typed form, while the rows have not been built from it.
    fn typed(&self, c: usize) -> Option<&Column> {
        self.typed.as_ref().map(|columns| &columns[c])
    }

    /// The groups of equal cells of column `c` (as `Key` compares them) in first-seen order:
    /// each group's first cell and its row indices. `None` for a table stored as rows.
    pub(crate) fn groups(&self, c: usize) -> Option<Vec<(Dynamic, Vec<u32>)>> {
        let column = self.typed(c)?;
        let mut groups: Vec<(Dynamic, Vec<u32>)> = Vec::new();
        match column {
            Column::Text { texts, codes } => {
                // Equal texts can have two codes past the intern limit: group by content once
                // per code, then by code per row.
                let mut by_text: HashMap<&str, usize> = HashMap::new();
                let mut group_of_code: Vec<Option<usize>> = vec![None; texts.len()];
                let mut empty_group = None;
                for (i, &code) in codes.iter().enumerate() {
                    let slot = match code {
                        EMPTY_TEXT => &mut empty_group,
                        code => &mut group_of_code[code as usize],
                    };
                    let g = *slot.get_or_insert_with(|| {
                        let key = match code {
                            EMPTY_TEXT => None,
                            code => Some(texts[code as usize].as_str()),
                        };
                        let found = key.and_then(|k| by_text.get(k).copied());
                        found.unwrap_or_else(|| {
                            if let Some(k) = key {
                                by_text.insert(k, groups.len());
                            }
                            groups.push((column.cell(i), Vec::new()));
                            groups.len() - 1
                        })
                    });
                    groups[g].1.push(i as u32);
                }
            }
            _ => {
                let mut index: HashMap<Key, usize, ahash::RandomState> = HashMap::default();
                for i in 0..self.len {
                    let key = match column {
                        Column::Numbers { values, kinds } => match kinds[i] {
                            NumberKind::Empty => Key::Empty,
                            // An integer's decimal has no fraction digits to remove.
                            NumberKind::Int => Key::Number(values.get(i)),
                            NumberKind::Decimal => Key::Number(values.get(i).normalize()),
                        },
                        _ => Key::of(&column.cell(i)),
                    };
                    let g = *index.entry(key).or_insert_with(|| {
                        groups.push((column.cell(i), Vec::new()));
                        groups.len() - 1
                    });
                    groups[g].1.push(i as u32);
                }
            }
        }
        Some(groups)
    }

    /// The non-empty numbers of column `c` at `rows` with their row index, when the column is
    /// stored as numbers (so no cell can be money or text).
    pub(crate) fn numbers<'a>(
        &'a self,
        c: usize,
        rows: &'a [u32],
    ) -> Option<impl Iterator<Item = (usize, Decimal)> + 'a> {
        match self.typed(c)? {
            Column::Numbers { values, kinds } => Some(
                rows.iter()
                    .map(|&i| i as usize)
                    .filter(|&i| kinds[i] != NumberKind::Empty)
                    .map(|i| (i, values.get(i))),
            ),
            _ => None,
        }
    }

    /// Every cell of column `c`, without building the rows when they are not built yet.
    pub(crate) fn column_cells(&self, c: usize) -> Vec<Dynamic> {
        match (self.rows.get(), self.typed(c)) {
            (None, Some(column)) => (0..self.len).map(|i| column.cell(i)).collect(),
            _ => self.rows().iter().map(|r| r[c].clone()).collect(),
        }
    }

    /// Row `i`'s cell of column `c`, without building the rows.
    pub(crate) fn cell(&self, i: usize, c: usize) -> Dynamic {
        match (self.rows.get(), self.typed(c)) {
            (Some(rows), _) => rows[i][c].clone(),
            (None, Some(column)) => column.cell(i),
            (None, None) => Dynamic::UNIT,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::amounts::{parse_amount, written_codes, Amount, AmountStyle};
    use super::super::cell::{raw_text, read_field, NumberStyle};
    use super::super::load::{parse_csv, LoadOptions};
    use super::super::Table;
    use super::*;

    fn amount(field: &str) -> Option<Amount> {
        parse_amount(field, &AmountStyle::default(), &written_codes())
    }

    /// The table the row loader made before typed columns: `read_field` on every field.
    fn rows_as_before(text: &str, options: &LoadOptions) -> Vec<Vec<Dynamic>> {
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header = reader.headers().unwrap().clone();
        reader
            .records()
            .map(|r| {
                r.unwrap()
                    .iter()
                    .zip(header.iter())
                    .map(
                        |(field, name)| match options.text.iter().any(|t| t == name) {
                            true if field.is_empty() => Dynamic::UNIT,
                            true => Dynamic::from(field.to_string()),
                            // Amounts with a currency are money under `numbers: "excel"`.
                            false => match (options.numbers, amount(field)) {
                                (NumberStyle::Excel, Some(Amount::Money(m, _))) => Dynamic::from(m),
                                _ => read_field(field, options.numbers).0,
                            },
                        },
                    )
                    .collect()
            })
            .collect()
    }

    /// Same cells, same script types (an integer stays an integer, `1.00` a decimal).
    fn same_cells(a: &[Row], b: &[Vec<Dynamic>]) {
        assert_eq!(a.len(), b.len());
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            for (c, (p, q)) in x.iter().zip(y).enumerate() {
                assert_eq!(p.type_name(), q.type_name(), "row {i} column {c}");
                assert_eq!(raw_text(p), raw_text(q), "row {i} column {c}");
            }
        }
    }

    /// Every aggregate of every column grouped by every column, as text.
    pub(super) fn all_aggregates(t: &Table) -> Vec<String> {
        use super::super::money::Aggregate;
        let mut out = Vec::new();
        for key in t.columns() {
            let g = t.group_by(key).unwrap();
            out.push(format!("{key} count: {:?}", texts(&g.count())));
            for column in t.columns().iter().filter(|c| *c != key) {
                for kind in [
                    Aggregate::Sum,
                    Aggregate::Mean,
                    Aggregate::Min,
                    Aggregate::Max,
                ] {
                    let result = g.aggregate_column(column, kind).map(|t| texts(&t));
                    out.push(format!("{key} {column} {kind:?}: {result:?}"));
                }
            }
        }
        for column in t.columns() {
            out.push(format!(
                "{column} sum: {:?}",
                t.sum(column).map(|v| raw_text(&v))
            ));
        }
        out
    }

    /// What the row queries give: each column sorted both ways (and grouped after), columns
    /// selected in another order, every other row, the first rows, a computed column.
    pub(super) fn all_queries(t: &Table) -> Vec<String> {
        let mut out = Vec::new();
        for column in t.columns() {
            for descending in [false, true] {
                let sorted = t.sort_by_column(column, descending).map(|s| {
                    let grouped = s.group_by(column).map(|g| texts(&g.count()));
                    (format!("{grouped:?}"), texts(&s))
                });
                out.push(format!("{column} sorted {descending}: {sorted:?}"));
            }
        }
        let reversed: Vec<String> = t.columns().iter().rev().cloned().collect();
        out.push(format!("{:?}", t.select(&reversed).map(|s| texts(&s))));
        let every_other = t.filter_rows(|i, _| Ok::<bool, ()>(i % 2 == 0)).unwrap();
        out.push(format!("{:?}", all_aggregates(&every_other)));
        out.push(format!("{:?}", texts(&t.head(3))));
        let f = rhai::FnPtr::new("f").unwrap();
        let computed = t
            .add_column("c", f, |i, row| {
                Ok::<Dynamic, ()>(match i % 3 {
                    0 => row.cells()[0].clone(),
                    1 => Dynamic::from_int(i as rhai::INT),
                    _ => Dynamic::UNIT,
                })
            })
            .unwrap();
        out.push(format!("{:?}", all_aggregates(&computed)));
        out
    }

    pub(super) fn texts(t: &Table) -> Vec<Vec<String>> {
        t.rows()
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| format!("{}:{}", c.type_name(), raw_text(c)))
                    .collect()
            })
            .collect()
    }

    const MIXED: &str = "name,amount,year,mixed,blank,code\n\
        b,1.50,2024,x,,007\n\
        a,,2023,1,,\n\
        b,2,,2.5,,010\n\
        ,1.5,2024,,,7\n\
        a,-0.25,2023,x,,\n\
        c,1.500,2025,,,1e3\n";

    #[test]
    fn typed_columns_build_the_rows_the_row_loader_gave() {
        for options in [
            LoadOptions::default(),
            LoadOptions {
                text: vec!["code".into(), "year".into()],
                ..LoadOptions::default()
            },
        ] {
            let typed = parse_csv(MIXED, "t.csv", &options).unwrap();
            same_cells(typed.rows(), &rows_as_before(MIXED, &options));
        }
    }

    #[test]
    fn typed_group_by_and_aggregates_equal_the_row_path() {
        for options in [
            LoadOptions::default(),
            LoadOptions {
                text: vec!["code".into()],
                ..LoadOptions::default()
            },
        ] {
            let typed = parse_csv(MIXED, "t.csv", &options).unwrap();
            let fresh = parse_csv(MIXED, "t.csv", &options).unwrap();
            let origin = fresh.origin().unwrap().clone();
            // The same rows, stored as rows: the path every other table takes.
            let as_rows = fresh.with_rows(fresh.rows().to_vec()).with_origin(origin);
            assert!(as_rows.rows.typed.is_none());
            for (typed, as_rows) in all_aggregates(&typed).iter().zip(all_aggregates(&as_rows)) {
                assert_eq!(*typed, as_rows);
            }
        }
    }

    /// Random small files of awkward cells (numbers of both kinds, equal in value or not,
    /// codes with leading zeros, blanks, text, numbers too long for a decimal, formatted
    /// numbers), under both number styles: the typed table's rows and every aggregate equal
    /// the row path's.
    #[test]
    fn random_files_give_the_same_rows_and_aggregates_both_ways() {
        use super::super::cell::NumberStyle;
        const CELLS: [&str; 16] = [
            "",
            "1",
            "1.0",
            "2",
            "1.50",
            "-2",
            "007",
            "x",
            "y",
            " ",
            "1e3",
            "2.5",
            "0.00",
            "12345678901234567890123456789",
            "\"3,000\"",
            "$5",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..300 {
            let mut text = String::from("a,b,c\n");
            for _ in 0..next(12) {
                let row: Vec<&str> = (0..3).map(|_| CELLS[next(CELLS.len())]).collect();
                text.push_str(&row.join(","));
                text.push('\n');
            }
            for numbers in [NumberStyle::Plain, NumberStyle::Excel] {
                let options = LoadOptions {
                    numbers,
                    ..LoadOptions::default()
                };
                let typed = parse_csv(&text, "t.csv", &options).unwrap();
                let fresh = parse_csv(&text, "t.csv", &options).unwrap();
                same_cells(fresh.rows(), &rows_as_before(&text, &options));
                let origin = fresh.origin().unwrap().clone();
                let as_rows = fresh.with_rows(fresh.rows().to_vec()).with_origin(origin);
                assert_eq!(all_aggregates(&typed), all_aggregates(&as_rows), "{text}");
                assert_eq!(all_queries(&typed), all_queries(&as_rows), "{text}");
            }
        }
    }

    /// The storage each column of a loaded table chose.
    pub(super) fn storage_kinds(t: &Table) -> Vec<&'static str> {
        t.rows
            .typed
            .as_ref()
            .unwrap()
            .iter()
            .map(|c| match c {
                Column::Numbers { .. } => "numbers",
                Column::Dates(_) => "dates",
                Column::Text { .. } => "text",
                Column::Money { .. } => "money",
                Column::Cells(_) => "cells",
            })
            .collect()
    }

    #[test]
    fn columns_take_the_storage_of_what_they_hold() {
        let t = parse_csv(MIXED, "t.csv", &LoadOptions::default()).unwrap();
        let kinds = storage_kinds(&t);
        assert_eq!(
            kinds,
            ["text", "numbers", "numbers", "cells", "cells", "numbers"]
        );
    }

    #[test]
    fn iso_dates_are_a_date_column_until_other_text_meets_them() {
        let text = "a,b,c,d
,2024-01-05,2024-01,7
2024-03-31,x,2024-02-29,2024-01-01
";
        let t = parse_csv(text, "t.csv", &LoadOptions::default()).unwrap();
        let kinds = storage_kinds(&t);
        assert_eq!(kinds, ["dates", "text", "dates", "cells"]);
        let cells: Vec<String> = t.rows()[1]
            .iter()
            .map(|c| format!("{}:{}", c.type_name(), raw_text(c)))
            .collect();
        assert!(t.rows()[0][0].is_unit());
        assert_eq!(raw_text(&t.rows()[0][1]), "2024-01-05");
        assert!(t.rows()[0][1].is_string());
        assert!(
            cells[0].ends_with(":2024-03-31") && cells[2].ends_with(":2024-02-29"),
            "{cells:?}"
        );
        assert!(t.rows()[1][0].is::<Date>() && t.rows()[0][2].is::<Date>());
    }

    #[test]
    fn equal_texts_past_the_intern_limit_still_group_together() {
        let mut text = String::from("k,v\n");
        for i in 0..INTERN_LIMIT + 10 {
            text.push_str(&format!("t{i},1\n"));
        }
        text.push_str(&format!(
            "t{},2\nt{},3\n",
            INTERN_LIMIT + 5,
            INTERN_LIMIT + 5
        ));
        let t = parse_csv(&text, "t.csv", &LoadOptions::default()).unwrap();
        let sums = t.group_by("k").unwrap().sum("v").unwrap();
        assert_eq!(sums.len(), INTERN_LIMIT + 10);
        let last = &sums.rows()[INTERN_LIMIT + 5];
        assert_eq!(raw_text(&last[0]), format!("t{}", INTERN_LIMIT + 5));
        assert_eq!(raw_text(&last[1]), "6");
    }

    #[test]
    fn a_column_reads_the_same_before_and_after_the_rows_are_built() {
        let t = parse_csv(MIXED, "t.csv", &LoadOptions::default()).unwrap();
        let before: Vec<Vec<String>> = (0..t.columns().len())
            .map(|c| t.rows.column_cells(c).iter().map(raw_text).collect())
            .collect();
        assert!(
            t.rows.rows.get().is_none(),
            "reading a column built the rows"
        );
        t.rows();
        for (c, cells) in before.iter().enumerate() {
            let after: Vec<String> = t.rows.column_cells(c).iter().map(raw_text).collect();
            assert_eq!(*cells, after);
        }
        assert_eq!(before[1], ["1.5", "", "2", "1.5", "-0.25", "1.5"]);
    }

    #[test]
    fn a_query_on_rows_sees_the_same_rows_each_time() {
        let t = parse_csv(MIXED, "t.csv", &LoadOptions::default()).unwrap();
        // Taken before the rows are built, a row is built alone and knows its position.
        let alone = t.row(3).unwrap();
        assert!(t.rows.rows.get().is_none(), "taking one row built them all");
        assert_eq!(alone.source().map(|(_, _, i)| i), Some(3));
        let built = t.rows()[3].clone();
        assert_eq!(alone.cells().len(), built.len());
        for (a, b) in alone.cells().iter().zip(built.iter()) {
            assert_eq!(raw_text(a), raw_text(b));
        }
        // Once built, every query shares the same rows.
        let first = t.row(0).unwrap();
        let again = t.clone().row(0).unwrap();
        assert!(std::ptr::eq(first.cells(), again.cells()));
        assert_eq!(t.len(), 6);
    }
}
