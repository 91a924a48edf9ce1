//! Selections of typed columns: rows picked, columns chosen, a computed column added, and the
//! typed cells `filter`'s native path reads, all without building rows; and rows read cell by
//! cell (JSON, workbooks) stored as typed columns.

use std::cell::OnceCell;

use rhai::{Dynamic, ImmutableString};
use rust_decimal::Decimal;

use super::{Column, NumberKind, NumberValues, Storage, EMPTY_TEXT, INTERN_LIMIT};
use crate::table::Row;

impl Column {
    /// The cells at `rows`, in that order, in the same typed form. A text column keeps only
    /// the texts those rows use.
    fn take(&self, rows: &[usize]) -> Column {
        match self {
            Column::Numbers { values, kinds } => Column::Numbers {
                values: values.take(rows),
                kinds: rows.iter().map(|&i| kinds[i]).collect(),
            },
            Column::Dates(dates) => Column::Dates(rows.iter().map(|&i| dates[i]).collect()),
            Column::Text { texts, codes } => {
                let mut kept = Vec::new();
                let mut renumbered = vec![EMPTY_TEXT; texts.len()];
                let codes = rows
                    .iter()
                    .map(|&i| match codes[i] {
                        EMPTY_TEXT => EMPTY_TEXT,
                        code => {
                            let new = &mut renumbered[code as usize];
                            if *new == EMPTY_TEXT {
                                *new = kept.len() as u32;
                                kept.push(texts[code as usize].clone());
                            }
                            *new
                        }
                    })
                    .collect();
                Column::Text { texts: kept, codes }
            }
            Column::Money { amounts, currency } => Column::Money {
                amounts: rows.iter().map(|&i| amounts[i]).collect(),
                currency: *currency,
            },
            Column::Cells(cells) => Column::Cells(rows.iter().map(|&i| cells[i].clone()).collect()),
        }
    }
}

impl Storage {
    /// The rows at `indices`, in that order: typed columns stay typed while no rows are built,
    /// so a selection of a loaded file costs its typed cells, not a script value per cell.
    pub(crate) fn pick(&self, indices: &[usize]) -> Storage {
        match (&self.typed, self.rows.get()) {
            (Some(columns), None) => Storage {
                rows: OnceCell::new(),
                typed: Some(columns.iter().map(|c| c.take(indices)).collect()),
                len: indices.len(),
            },
            _ => {
                let rows = self.rows();
                Storage::of_rows(indices.iter().map(|&i| rows[i].clone()).collect())
            }
        }
    }

    /// The columns at `idx`, in that order: typed while no rows are built.
    pub(crate) fn columns_at(&self, idx: &[usize]) -> Storage {
        match (&self.typed, self.rows.get()) {
            (Some(columns), None) => Storage {
                rows: OnceCell::new(),
                typed: Some(idx.iter().map(|&c| columns[c].clone()).collect()),
                len: self.len,
            },
            _ => Storage::of_rows(
                self.rows()
                    .iter()
                    .map(|r| idx.iter().map(|&c| r[c].clone()).collect())
                    .collect(),
            ),
        }
    }

    /// Typed columns with `cells` as column `at` (replacing it) or as a last column (`None`):
    /// numbers stored as numbers, money in one currency as amounts, anything else as script
    /// values.
    pub(crate) fn with_column(&self, at: Option<usize>, cells: Vec<Dynamic>) -> Storage {
        let mut columns = self.typed.clone().unwrap_or_default();
        let column = Column::of_numbers(&cells)
            .or_else(|| Column::of_money(&cells))
            .unwrap_or(Column::Cells(cells));
        match at {
            Some(at) => columns[at] = column,
            None => columns.push(column),
        }
        Storage {
            rows: OnceCell::new(),
            typed: Some(columns),
            len: self.len,
        }
    }

    /// Row `i`: the built row, or one built from the typed columns and not kept (a closure
    /// that visits every row once need not build and keep them all).
    pub(crate) fn row(&self, i: usize) -> Row {
        match (&self.typed, self.rows.get()) {
            (Some(columns), None) => columns.iter().map(|c| c.cell(i)).collect(),
            _ => self.rows()[i].clone(),
        }
    }

    /// Whether the rows are typed columns not yet built into rows.
    pub(crate) fn is_typed(&self) -> bool {
        self.typed.is_some() && self.rows.get().is_none()
    }

    /// Column `c`'s numbers and how each was written, when it is stored as numbers.
    pub(crate) fn number_column(&self, c: usize) -> Option<(&NumberValues, &[NumberKind])> {
        match self.typed(c)? {
            Column::Numbers { values, kinds } if self.rows.get().is_none() => Some((values, kinds)),
            _ => None,
        }
    }

    /// Column `c`'s texts and each row's code into them (`None` for an empty cell), when it is
    /// stored as text.
    pub(crate) fn text_column(&self, c: usize) -> Option<(&[ImmutableString], &[u32])> {
        match self.typed(c)? {
            Column::Text { texts, codes } if self.rows.get().is_none() => Some((texts, codes)),
            _ => None,
        }
    }
}

impl Column {
    /// Column `c` of `rows` in the typed form its cells allow (numbers, dates or text, each
    /// with empty cells), holding exactly those script values; `None` for a mix.
    fn of_cells(rows: &[Row], c: usize) -> Option<Column> {
        let cells = || rows.iter().map(|r| &r[c]);
        let filled = || cells().filter(|cell| !cell.is_unit());
        if filled().all(|cell| cell.is_int() || cell.is_decimal()) {
            let mut kinds = Vec::with_capacity(rows.len());
            let values = cells()
                .map(|cell| match (cell.as_int(), cell.as_decimal()) {
                    (Ok(i), _) => {
                        kinds.push(NumberKind::Int);
                        Decimal::from(i)
                    }
                    (_, Ok(d)) => {
                        kinds.push(NumberKind::Decimal);
                        d
                    }
                    _ => {
                        kinds.push(NumberKind::Empty);
                        Decimal::ZERO
                    }
                })
                .collect();
            return Some(Column::Numbers { values, kinds });
        }
        if filled().all(|cell| cell.is::<whatif_core::dates::Date>()) {
            let dates = cells().map(|cell| cell.clone().try_cast()).collect();
            return Some(Column::Dates(dates));
        }
        if filled().all(|cell| cell.is_string()) {
            let mut texts: Vec<ImmutableString> = Vec::new();
            let mut index: std::collections::HashMap<ImmutableString, u32> = Default::default();
            let codes = cells()
                .map(|cell| match cell.clone().into_immutable_string() {
                    Err(_) => EMPTY_TEXT,
                    Ok(text) => match index.get(&text) {
                        Some(&code) => code,
                        None => {
                            texts.push(text.clone());
                            let code = (texts.len() - 1) as u32;
                            if index.len() < INTERN_LIMIT {
                                index.insert(text, code);
                            }
                            code
                        }
                    },
                })
                .collect();
            return Some(Column::Text { texts, codes });
        }
        None
    }
}

impl Storage {
    /// `rows` (each `width` cells) stored as typed columns where their cells allow: a table read
    /// cell by cell then queries as a loaded CSV does.
    pub(crate) fn typed_from_rows(rows: Vec<Row>, width: usize) -> Storage {
        let len = rows.len();
        let columns = (0..width)
            .map(|c| {
                Column::of_cells(&rows, c)
                    .unwrap_or_else(|| Column::Cells(rows.iter().map(|r| r[c].clone()).collect()))
            })
            .collect();
        drop(rows);
        Storage {
            rows: OnceCell::new(),
            typed: Some(columns),
            len,
        }
    }
}

impl crate::table::Table {
    /// The same table with its rows stored as typed columns (see `Storage::typed_from_rows`),
    /// for loaders that read cell by cell; a table whose rows are shared is returned as it is.
    pub(crate) fn into_typed(mut self) -> crate::table::Table {
        let width = self.columns().len();
        let Some(storage) = std::rc::Rc::get_mut(&mut self.rows) else {
            return self;
        };
        if storage.typed.is_some() {
            return self;
        }
        let rows = std::mem::take(storage)
            .rows
            .into_inner()
            .unwrap_or_default();
        *storage = Storage::typed_from_rows(rows, width);
        self
    }
}

#[cfg(test)]
mod tests {
    use rhai::Dynamic;

    use super::super::tests::{all_aggregates, all_queries, storage_kinds, texts};
    use crate::table::load::{parse_csv, parse_json, LoadOptions};
    use crate::table::Table;

    #[test]
    fn selections_of_a_loaded_file_stay_typed() {
        let t = parse_csv("a,b\n3,x\n1,y\n2,x\n", "t.csv", &LoadOptions::default()).unwrap();
        let f = rhai::FnPtr::new("f").unwrap();
        let derived = [
            t.sort_by_column("a", false).unwrap(),
            t.head(2),
            t.select(&["b".to_string()]).unwrap(),
            t.filter_rows(|i, _| Ok::<bool, ()>(i > 0)).unwrap(),
            t.add_column("c", f, |_, r| Ok::<Dynamic, ()>(r.cells()[0].clone()))
                .unwrap(),
        ];
        for d in &derived {
            assert!(d.rows.is_typed(), "{:?}", texts(d));
        }
        assert!(t.rows.is_typed(), "the loaded table built no rows");
        assert_eq!(
            texts(&derived[0]),
            [
                ["i64:1", "string:y"],
                ["i64:2", "string:x"],
                ["i64:3", "string:x"]
            ]
        );
    }

    #[test]
    fn rows_read_cell_by_cell_become_typed_columns_holding_the_same_values() {
        let json = r#"[
            {"n": 1, "t": "x", "mix": 1.50, "d": "2024-01-31", "e": null},
            {"n": null, "t": null, "mix": "y", "d": null, "e": null},
            {"n": 2.50, "t": "x", "mix": 2, "d": "2024-02-29", "e": null},
            {"n": -7, "t": "z", "mix": null, "d": "2023-12-01", "e": null}
        ]"#;
        let t = parse_json(json, "t.json", &LoadOptions::default()).unwrap();
        assert_eq!(
            storage_kinds(&t),
            ["numbers", "text", "cells", "dates", "numbers"]
        );
        let rows: Vec<Vec<Dynamic>> = t.rows().iter().map(|r| r.to_vec()).collect();
        let as_rows = Table::from_parts(t.columns().to_vec(), rows.clone());
        let typed = Table::from_parts(t.columns().to_vec(), rows).into_typed();
        assert!(typed.rows.is_typed());
        assert_eq!(texts(&typed), texts(&as_rows));
        assert_eq!(all_aggregates(&typed), all_aggregates(&as_rows));
        assert_eq!(all_queries(&typed), all_queries(&as_rows));
    }

    #[test]
    fn a_money_column_answers_every_query_as_the_same_cells_in_rows_do() {
        use rust_decimal::Decimal;
        use whatif_core::money::{CurrencyCode, Money};

        use super::super::Column;

        let usd = CurrencyCode::parse("USD").unwrap();
        let amounts: Vec<Decimal> = ["1.50", "-2", "1.5", "0.125", "-2.00"]
            .iter()
            .map(|a| a.parse().unwrap())
            .collect();
        let xs: Vec<Dynamic> = (0..5).map(|i| Dynamic::from_int(i % 2)).collect();
        let cells: Vec<Dynamic> = amounts
            .iter()
            .map(|&a| Dynamic::from(Money::new(a, usd)))
            .collect();
        let columns = vec!["x".to_string(), "y".to_string()];
        let typed = Table::from_columns(
            columns.clone(),
            vec![
                Column::of_numbers(&xs).unwrap(),
                Column::of_money(&cells).unwrap(),
            ],
        );
        assert_eq!(storage_kinds(&typed), ["numbers", "money"]);
        let rows = xs.into_iter().zip(cells).map(|(x, y)| vec![x, y]).collect();
        let as_rows = Table::from_parts(columns, rows);
        assert_eq!(texts(&typed), texts(&as_rows));
        assert_eq!(all_aggregates(&typed), all_aggregates(&as_rows));
        assert_eq!(all_queries(&typed), all_queries(&as_rows));
        assert!(
            texts(&typed)[0][1].contains("Money:1.5"),
            "{:?}",
            texts(&typed)
        );
    }

    #[test]
    fn only_money_in_one_currency_makes_a_money_column() {
        use whatif_core::money::{CurrencyCode, Money};

        use super::super::Column;

        let money = |code: &str| {
            Dynamic::from(Money::new(
                rust_decimal::Decimal::ONE,
                CurrencyCode::parse(code).unwrap(),
            ))
        };
        assert!(Column::of_money(&[money("USD"), money("USD")]).is_some());
        assert!(Column::of_money(&[money("USD"), money("CNY")]).is_none());
        assert!(Column::of_money(&[money("USD"), Dynamic::UNIT]).is_none());
        assert!(Column::of_money(&[money("USD"), Dynamic::from_int(1)]).is_none());
        assert!(Column::of_money(&[]).is_none());
    }
}
