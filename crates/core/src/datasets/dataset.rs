//! The shape every dataset has, whether read from an embedded file or built in code (the FX
//! table): named columns with meaning and unit, rows of cells, and the sources behind them.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

/// One cell of a dataset row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Int(i64),
    Decimal(Decimal),
    Text(String),
    /// A date as precise as the source gives it (a year, a quarter, a month or a day).
    Date(crate::dates::Date),
    /// An amount with the currency of its row.
    Money(crate::money::Money),
}

/// A column: its name (the key in each row's map), what it means and its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub name: String,
    pub meaning: String,
    pub unit: String,
}

impl Column {
    pub fn new(
        name: impl Into<String>,
        meaning: impl Into<String>,
        unit: impl Into<String>,
    ) -> Self {
        Column {
            name: name.into(),
            meaning: meaning.into(),
            unit: unit.into(),
        }
    }
}

/// A named table of rows, column-ordered.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    pub name: String,
    pub description: String,
    pub columns: Vec<Column>,
    /// Where the figures come from: reference URLs, `article: …`, `reported by: …`.
    pub sources: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Dataset {
    /// A dataset built in code. Fails when a row's length differs from the columns' or a column
    /// name is empty or repeated.
    pub fn new(
        name: impl Into<String>,
        description: impl Into<String>,
        columns: Vec<Column>,
        sources: Vec<String>,
        rows: Vec<Vec<Cell>>,
    ) -> Result<Self, String> {
        let name = name.into();
        let mut seen = BTreeSet::new();
        for column in &columns {
            if column.name.is_empty() || !seen.insert(column.name.as_str()) {
                return Err(format!(
                    "dataset {name}: column name {:?} is empty or repeated",
                    column.name
                ));
            }
        }
        for (i, row) in rows.iter().enumerate() {
            if row.len() != columns.len() {
                return Err(format!(
                    "dataset {name}: row {} has {} cells for {} columns",
                    i + 1,
                    row.len(),
                    columns.len()
                ));
            }
        }
        Ok(Dataset {
            name,
            description: description.into(),
            columns,
            sources,
            rows,
        })
    }

    /// The position of a column.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The cell at `row`, `column`, if both exist.
    pub fn cell(&self, row: usize, column: &str) -> Option<&Cell> {
        let index = self.column_index(column)?;
        self.rows.get(row)?.get(index)
    }
}
