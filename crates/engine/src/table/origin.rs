//! Where a loaded table's rows came from (a file and its lines, or a sheet and its cells), so
//! messages and `explain` can point at `line 20 of rounds.csv` or `Deals!B7`.

use std::rc::Rc;

/// Where a loaded table's rows came from: the file and each row's line in it (1-based, the
/// header being line 1, as an editor shows it), so messages can say `line 20 of rounds.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The file, as the script named it.
    pub file: String,
    /// One line number per row of the table, in row order (for a sheet, its row numbers as
    /// Excel shows them).
    pub lines: Vec<u64>,
    /// Set when the rows came from a sheet of a workbook, so a cell reads `Deals!B7`.
    pub sheet: Option<Rc<SheetOrigin>>,
}

/// The sheet a table was read from, and the column letters each of its columns had there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOrigin {
    /// The sheet's name.
    pub name: String,
    /// (column name, its letter in the sheet) for each column.
    pub columns: Vec<(String, String)>,
}

impl Origin {
    /// Where row `i`'s cell of `column` came from: `Deals!B7` for a sheet, `line 7` for a
    /// text file (`None` when the row or the column is not from the file).
    pub fn cell(&self, i: usize, column: &str) -> Option<String> {
        let line = self.lines.get(i)?;
        match &self.sheet {
            Some(sheet) => {
                let (_, letters) = sheet.columns.iter().find(|(c, _)| c == column)?;
                Some(format!("{}!{letters}{line}", sheet.name))
            }
            None => Some(format!("line {line}")),
        }
    }

    /// How messages name row `i`: `row 7 of Deals in deals.xlsx`, `line 7 of rounds.csv`.
    pub fn row(&self, i: usize) -> Option<String> {
        let line = self.lines.get(i)?;
        Some(match &self.sheet {
            Some(sheet) => format!("row {line} of {} in {}", sheet.name, self.file),
            None => format!("line {line} of {}", self.file),
        })
    }
}
