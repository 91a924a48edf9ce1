//! Where a table's rows came from and how its columns were made: the one provenance every
//! table keeps. `Origin` is where the rows were read (a dataset and its rows, a file and its
//! lines, or a sheet and its cells), so messages and `explain` can point at
//! `pledges · pledge-2024`, `line 20 of rounds.csv` or `Deals!B7`. `Step` is an operation that
//! made new cells from a table row for row (a conversion, a computed column, a selection), so
//! `explain` can follow a cell back through it to the row it was made from. Both are found by
//! a row's position or identity, never by comparing values.

use std::rc::Rc;

use rhai::FnPtr;
use whatif_core::datasets::Dataset;
use whatif_core::fx::{FxSource, Period, Quote};

use super::columns::Storage;
use super::positions::Positions;
use super::{Row, Table};

/// Where a loaded table's rows came from: the file and each row's line in it (1-based, the
/// header being line 1, as an editor shows it), so messages can say `line 20 of rounds.csv`;
/// or the dataset and each row's index in it.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The file's name (for a dataset, the dataset's name).
    pub file: String,
    /// One position per row of the table, in row order: its line in a text file, its row
    /// number as Excel shows it in a sheet, its index in a dataset.
    pub lines: Positions,
    /// Set when the rows came from a sheet of a workbook, so a cell reads `Deals!B7`.
    pub sheet: Option<Rc<SheetOrigin>>,
    /// Set when the rows are a built-in dataset's.
    pub dataset: Option<&'static Dataset>,
}

impl PartialEq for Origin {
    fn eq(&self, other: &Self) -> bool {
        self.file == other.file
            && self.lines == other.lines
            && self.sheet == other.sheet
            && match (self.dataset, other.dataset) {
                (Some(a), Some(b)) => std::ptr::eq(a, b),
                (a, b) => a.is_none() && b.is_none(),
            }
    }
}

impl Eq for Origin {}

/// The position of a row that is not one of its origin's (a rate set in the session among
/// the published ones).
pub const NOT_FROM_SOURCE: u64 = u64::MAX;

/// The sheet a table was read from, and the column letters each of its columns had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOrigin {
    /// The sheet's name.
    pub name: String,
    /// (column name, its letter in the sheet) for each column.
    pub columns: Vec<(String, String)>,
}

impl Origin {
    /// The rows of `dataset`, all of them in its order.
    pub fn of_dataset(dataset: &'static Dataset) -> Origin {
        Origin {
            file: dataset.name.clone(),
            lines: (0..dataset.rows.len() as u64).collect(),
            sheet: None,
            dataset: Some(dataset),
        }
    }

    /// Where row `i`'s cell of `column` came from: `Deals!B7` for a sheet, `line 7` for a
    /// text file (`None` when the row or the column is not from the file, or for a dataset).
    pub fn cell(&self, i: usize, column: &str) -> Option<String> {
        let line = self.lines.get(i).filter(|&l| l != NOT_FROM_SOURCE)?;
        match (&self.sheet, self.dataset) {
            (_, Some(_)) => None,
            (Some(sheet), None) => {
                let (_, letters) = sheet.columns.iter().find(|(c, _)| c == column)?;
                Some(format!("{}!{letters}{line}", sheet.name))
            }
            (None, None) => Some(format!("line {line}")),
        }
    }

    /// How messages name row `i`: `row 7 of Deals in deals.xlsx`, `line 7 of rounds.csv`.
    pub fn row(&self, i: usize) -> Option<String> {
        let line = self.lines.get(i).filter(|&l| l != NOT_FROM_SOURCE)?;
        Some(match (&self.sheet, self.dataset) {
            (_, Some(d)) => format!("row {} of {}", line + 1, d.name),
            (Some(sheet), None) => format!("row {line} of {} in {}", sheet.name, self.file),
            (None, None) => format!("line {line} of {}", self.file),
        })
    }
}

/// An operation that made a table from `input` row for row: row `k` of `output` was made from
/// row `k` of `input`.
pub struct Step {
    pub input: Table,
    /// The rows made, where a row of a later table (the same shared cells) is found again.
    pub(crate) output: Rc<Storage>,
    pub how: How,
}

/// What a step did to the columns.
pub enum How {
    /// Columns kept, dropped, reordered or renamed: each output column and the input column
    /// it holds.
    Columns(Vec<(String, String)>),
    /// `column`'s amounts converted: each row's rate is `quotes[rows[k]]` (`u32::MAX` for an
    /// empty cell or one already in the target currency).
    Converted {
        column: String,
        /// The row's currency column, which follows the conversion.
        currency: Option<String>,
        quotes: Vec<UsedRate>,
        rows: Vec<u32>,
    },
    /// `column` computed from each row by the closure `f`.
    Computed { column: String, f: FnPtr },
}

/// A rate a conversion used: the pair and the period asked, and the quote that answered.
pub struct UsedRate {
    pub from: String,
    pub to: String,
    pub period: Period,
    pub quote: Quote,
    /// The session's preferred source when the conversion ran.
    pub source: FxSource,
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Step")
    }
}

impl Table {
    /// The same table, knowing the file and lines its rows came from.
    pub(crate) fn with_origin(mut self, origin: Origin) -> Table {
        debug_assert_eq!(origin.lines.len(), self.len());
        self.origin = Some(Rc::new(origin));
        self
    }

    /// This table's rows keep `from`'s origin (the same rows in the same order).
    pub(crate) fn keeping_origin(mut self, from: &Table) -> Table {
        if self.len() == from.len() {
            self.origin = from.origin.clone();
        }
        self
    }

    /// This table was made from `input` row for row by `how`: it keeps `input`'s origin and
    /// records the step, so a cell can be followed back to the row it was made from.
    pub(crate) fn made_from(mut self, input: &Table, how: How) -> Table {
        if self.len() != input.len() {
            return self;
        }
        self.origin = input.origin.clone();
        self.made = Some(Rc::new(Step {
            input: input.clone(),
            output: Rc::clone(&self.rows),
            how,
        }));
        self
    }

    /// Where the rows came from: a file's lines or a sheet's cells, or a dataset's rows.
    pub fn origin(&self) -> Option<&Origin> {
        self.origin.as_deref()
    }

    /// The step that made this table's rows, if one did.
    pub fn made(&self) -> Option<&Step> {
        self.made.as_deref()
    }

    /// The rows at `indices`, in that order, with their origin and the step that made them.
    pub(crate) fn pick(&self, indices: &[usize]) -> Table {
        let mut t = match self.made {
            // `explain` follows a row of a made table back by the identity of its cells, so
            // those tables share their rows.
            Some(_) => {
                let rows = indices.iter().map(|&i| self.rows()[i].clone()).collect();
                self.with_rows(rows)
            }
            None => self.with_storage(self.rows.pick(indices)),
        };
        t.origin = self.origin.as_ref().map(|o| {
            Rc::new(Origin {
                lines: o.lines.pick(indices),
                ..Origin::clone(o)
            })
        });
        t
    }

    /// Whether this table's rows are `storage` (a step's output), not a selection of them.
    pub(crate) fn holds(&self, storage: &Rc<Storage>) -> bool {
        Rc::ptr_eq(&self.rows, storage)
    }

    /// The position of `row` (the same shared cells, not equal ones) among this table's rows.
    pub fn position_of(&self, row: &Row) -> Option<usize> {
        self.rows().iter().position(|r| Rc::ptr_eq(r, row))
    }

    /// How messages name row `i`: by its id when the table has an `id` column (datasets do),
    /// else by its file line when it was loaded from a file, else by its index (`t.row(i)`).
    pub fn row_label(&self, i: usize) -> String {
        if let Some(at) = self.columns.iter().position(|c| c == "id") {
            if let Some(id) = self.rows().get(i).map(|r| &r[at]).filter(|c| !c.is_unit()) {
                return format!("the row with id {:?}", super::cell::raw_text(id));
            }
        }
        if let Some(place) = self.origin.as_ref().and_then(|o| o.row(i)) {
            return place;
        }
        format!("row {i}")
    }

    /// How messages name the cell of `column` in row `i`: `Deals!D7 in deals.xlsx` when the
    /// row came from a sheet, else as `row_label` names its row.
    pub fn cell_label(&self, i: usize, column: &str) -> String {
        let origin = self.origin.as_ref().filter(|o| o.sheet.is_some());
        match origin.and_then(|o| Some((o.cell(i, column)?, &o.file))) {
            Some((cell, file)) => format!("{cell} in {file}"),
            None => self.row_label(i),
        }
    }
}

/// Unused cells of a step's bookkeeping read as this.
pub const NO_RATE: u32 = u32::MAX;
