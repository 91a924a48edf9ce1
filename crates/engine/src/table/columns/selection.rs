//! Selections of typed columns: rows picked, columns chosen, a computed column added, and the
//! typed cells `filter`'s native path reads, all without building rows.

use std::cell::OnceCell;

use rhai::{Dynamic, ImmutableString};
use rust_decimal::Decimal;

use super::{Column, NumberKind, Storage, EMPTY_TEXT};
use crate::table::Row;

impl Column {
    /// The cells at `rows`, in that order, in the same typed form. A text column keeps only
    /// the texts those rows use.
    fn take(&self, rows: &[usize]) -> Column {
        match self {
            Column::Numbers { values, kinds } => Column::Numbers {
                values: rows.iter().map(|&i| values[i]).collect(),
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
    /// numbers stored as numbers, anything else as script values.
    pub(crate) fn with_column(&self, at: Option<usize>, cells: Vec<Dynamic>) -> Storage {
        let mut columns = self.typed.clone().unwrap_or_default();
        let column = Column::of_numbers(&cells).unwrap_or(Column::Cells(cells));
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
    pub(crate) fn number_column(&self, c: usize) -> Option<(&[Decimal], &[NumberKind])> {
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

#[cfg(test)]
mod tests {
    use rhai::Dynamic;

    use super::super::tests::texts;
    use crate::table::load::{parse_csv, LoadOptions};

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
}
