//! The `Table` type every dataset and query result is: ordered, named columns over rows of
//! script values, cheap to clone (the data sits behind `Rc`), with its queries (select, filter,
//! sort, group, join, pivot) implemented in Rust. Rendering, file formats, loading, file access
//! and charts live in the submodules.

pub mod cell;
pub mod chart;
pub mod dataset;
pub mod format;
pub mod io;
pub mod load;
pub mod money;
pub mod query;

use std::fmt;
use std::rc::Rc;

use rhai::{Array, Dynamic, Map};

pub use format::TableFormat;
pub use query::Grouped;

/// An error from a table operation: one sentence that names the column, row, file or value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TableError(pub String);

impl TableError {
    pub fn new(message: impl Into<String>) -> Self {
        TableError(message.into())
    }
}

pub type TableResult<T> = Result<T, TableError>;

/// How a money column is shown by the human formats (box, markdown, html, latex): its amounts
/// compactly in a currency taken from another column of the same row, or a fixed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyView {
    pub column: String,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Currency {
    /// The currency code is in this column of each row.
    Column(String),
    /// Every amount is in this currency.
    Code(String),
}

/// One row's cells, shared: sorting, filtering and slicing a table copy pointers, not cells.
pub type Row = Rc<[Dynamic]>;

/// Ordered columns and rows of cells. Cloning shares the data; every query returns a new table.
#[derive(Clone, Default)]
pub struct Table {
    columns: Rc<Vec<String>>,
    rows: Rc<Vec<Row>>,
    money: Rc<Vec<MoneyView>>,
}

impl Table {
    /// A table from column names and rows of cells; every row must have one cell per column
    /// and names must be distinct.
    pub fn new(columns: Vec<String>, rows: Vec<Vec<Dynamic>>) -> TableResult<Table> {
        for (i, name) in columns.iter().enumerate() {
            if columns[..i].contains(name) {
                return Err(TableError::new(format!("column {name:?} appears twice")));
            }
        }
        for (i, row) in rows.iter().enumerate() {
            if row.len() != columns.len() {
                return Err(TableError::new(format!(
                    "row {i} has {} values but the table has {} columns ({})",
                    row.len(),
                    columns.len(),
                    columns.join(", ")
                )));
            }
        }
        Ok(Table::from_parts(columns, rows))
    }

    /// Builds without checks, for operations that produce consistent rows by construction.
    pub(crate) fn from_parts(columns: Vec<String>, rows: Vec<Vec<Dynamic>>) -> Table {
        Table {
            columns: Rc::new(columns),
            rows: Rc::new(rows.into_iter().map(Row::from).collect()),
            money: Rc::new(Vec::new()),
        }
    }

    /// A table from maps, one per row. Columns come in first-seen key order across the maps
    /// (a Rhai map literal is sorted by key, so literal maps give sorted columns: use
    /// `from_rows` to choose the order); a key missing from a map is an empty cell.
    pub fn from_maps(maps: &[Map]) -> Table {
        let mut columns: Vec<String> = Vec::new();
        for map in maps {
            for key in map.keys() {
                if !columns.iter().any(|c| c == key.as_str()) {
                    columns.push(key.to_string());
                }
            }
        }
        let rows = maps
            .iter()
            .map(|map| {
                columns
                    .iter()
                    .map(|c| map.get(c.as_str()).cloned().unwrap_or(Dynamic::UNIT))
                    .collect()
            })
            .collect();
        Table::from_parts(columns, rows)
    }

    /// A table from script values: `rows` is an array whose items are arrays (one cell per
    /// column, in order) or maps (by column name; keys not among `columns` are an error).
    pub fn from_rows(columns: Vec<String>, rows: &[Dynamic]) -> TableResult<Table> {
        let mut out = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            if let Some(array) = row.read_lock::<Array>() {
                out.push(array.clone());
            } else if let Some(map) = row.read_lock::<Map>() {
                if let Some(extra) = map
                    .keys()
                    .find(|k| !columns.iter().any(|c| c == k.as_str()))
                {
                    return Err(TableError::new(format!(
                        "row {i} has a key {:?} that is not a column ({})",
                        extra.as_str(),
                        columns.join(", ")
                    )));
                }
                out.push(
                    columns
                        .iter()
                        .map(|c| map.get(c.as_str()).cloned().unwrap_or(Dynamic::UNIT))
                        .collect(),
                );
            } else {
                return Err(TableError::new(format!(
                    "row {i} must be an array or a map, not {} ({})",
                    row.type_name(),
                    value_text(row)
                )));
            }
        }
        Table::new(columns, out)
    }

    /// A table from an array of maps (the script form `table([#{...}, ...])`).
    pub fn from_array_of_maps(items: &[Dynamic]) -> TableResult<Table> {
        let mut maps = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.read_lock::<Map>() {
                Some(map) => maps.push(map.clone()),
                None => {
                    return Err(TableError::new(format!(
                        "item {i} must be a map like #{{name: \"x\", amount: 1}}, not {} ({})",
                        item.type_name(),
                        value_text(item)
                    )))
                }
            }
        }
        Ok(Table::from_maps(&maps))
    }

    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn money_views(&self) -> &[MoneyView] {
        &self.money
    }

    /// The index of a column, or an error listing the columns there are.
    pub fn column_index(&self, name: &str) -> TableResult<usize> {
        self.columns.iter().position(|c| c == name).ok_or_else(|| {
            TableError::new(format!(
                "no column {name:?}; the columns are {}",
                self.columns.join(", ")
            ))
        })
    }

    /// Row `i` as a map from column name to cell.
    pub fn row_map(&self, i: usize) -> Option<Map> {
        self.rows.get(i).map(|row| self.map_of(row))
    }

    pub(crate) fn map_of(&self, row: &[Dynamic]) -> Map {
        self.columns
            .iter()
            .zip(row)
            .map(|(c, v)| (c.as_str().into(), v.clone()))
            .collect()
    }

    /// The rows as maps (the script's `to_array`).
    pub fn to_maps(&self) -> Array {
        self.rows
            .iter()
            .map(|row| Dynamic::from_map(self.map_of(row)))
            .collect()
    }

    /// The same table with new rows (and possibly columns), keeping money views whose columns
    /// are still there.
    pub(crate) fn with(&self, columns: Vec<String>, rows: Vec<Vec<Dynamic>>) -> Table {
        let money: Vec<MoneyView> = self
            .money
            .iter()
            .filter(|m| columns.contains(&m.column))
            .cloned()
            .collect();
        Table {
            columns: Rc::new(columns),
            rows: Rc::new(rows.into_iter().map(Row::from).collect()),
            money: Rc::new(money),
        }
    }

    /// Same columns, a selection of the same rows: shares the column list and the cells.
    pub(crate) fn with_rows(&self, rows: Vec<Row>) -> Table {
        Table {
            columns: self.columns.clone(),
            rows: Rc::new(rows),
            money: self.money.clone(),
        }
    }

    /// Shows `column`'s amounts compactly (`$100.0B`, `¥821.29亿`) in the human formats;
    /// `currency` is a column holding each row's currency code, or a code for every row.
    /// CSV and JSON keep the exact numbers.
    pub fn fmt_money(&self, column: &str, currency: &str) -> TableResult<Table> {
        self.column_index(column)?;
        let currency = if self.columns.iter().any(|c| c == currency) {
            Currency::Column(currency.to_string())
        } else if currency.len() == 3 && currency.chars().all(|c| c.is_ascii_alphabetic()) {
            Currency::Code(currency.to_ascii_uppercase())
        } else {
            return Err(TableError::new(format!(
                "fmt_money: {currency:?} is neither a column ({}) nor a currency code like \"USD\"",
                self.columns.join(", ")
            )));
        };
        let mut money: Vec<MoneyView> = self
            .money
            .iter()
            .filter(|m| m.column != column)
            .cloned()
            .collect();
        money.push(MoneyView {
            column: column.to_string(),
            currency,
        });
        Ok(Table {
            columns: self.columns.clone(),
            rows: self.rows.clone(),
            money: Rc::new(money),
        })
    }

    /// Per column, whether the human formats group its digits: yes, unless the column holds
    /// only integers of at most four digits (years, codes, small counts), where `2,024` would
    /// mislead.
    pub fn digit_grouping(&self) -> Vec<bool> {
        (0..self.columns.len())
            .map(|c| {
                !self.rows.iter().all(|row| {
                    row[c].is_unit() || row[c].as_int().is_ok_and(|i| i.unsigned_abs() < 10_000)
                })
            })
            .collect()
    }

    /// The cell as the human formats show it: compact money where a money view applies,
    /// digits grouped when `group` (see `digit_grouping`).
    pub(crate) fn display_cell(&self, row: &[Dynamic], col: usize, group: bool) -> String {
        let cell = &row[col];
        if let Some(view) = self.money.iter().find(|m| m.column == self.columns[col]) {
            let money = money::amount(cell);
            if let Some(amount) = cell::number(cell).or(money.map(|(amount, _)| amount)) {
                let code = match &view.currency {
                    // Money shows in its own currency whatever the view says.
                    _ if money.is_some() => money.map(|(_, code)| code.to_string()),
                    Currency::Code(code) => Some(code.clone()),
                    Currency::Column(name) => self
                        .columns
                        .iter()
                        .position(|c| c == name)
                        .map(|i| cell::raw_text(&row[i])),
                };
                if let Some(code) = code.filter(|c| !c.is_empty()) {
                    return whatif_core::units::format_money_cell(amount, &code);
                }
            }
        }
        if group {
            cell::display_text(cell)
        } else {
            cell::raw_text(cell)
        }
    }

    /// True when every non-empty cell of the column is a number (and there is at least one):
    /// such columns are right-aligned.
    pub fn is_numeric_column(&self, col: usize) -> bool {
        let mut any = false;
        for row in self.rows.iter() {
            let c = &row[col];
            if c.is_unit() {
                continue;
            }
            if !cell::is_number(c) && cell::money(c).is_none() {
                return false;
            }
            any = true;
        }
        any
    }

    /// Equal columns (in order) and equal cells by value (`3 == 3.0`).
    pub fn same_as(&self, other: &Table) -> bool {
        self.columns == other.columns
            && self.rows.len() == other.rows.len()
            && self
                .rows
                .iter()
                .zip(other.rows.iter())
                .all(|(a, b)| a.iter().zip(b.iter()).all(|(x, y)| cell::equal(x, y)))
    }
}

/// A table inside another value writes itself as a box drawing on the current page, and as an
/// array of objects in JSON.
impl crate::text::Embedded for Table {
    fn text(&self) -> String {
        format::render_box(self, crate::host::page_width())
    }

    fn json(&self) -> String {
        let lines = format::jsonl(self);
        let rows: Vec<&str> = lines.lines().collect();
        format!("[{}]", rows.join(","))
    }
}

/// A cell's text, nested tables included (`crate::text::to_text` for tables' cells).
pub fn value_text(value: &Dynamic) -> String {
    crate::text::to_text::<Table>(value)
}

/// A cell as JSON, nested tables included.
pub fn value_json(value: &Dynamic) -> String {
    crate::text::to_json::<Table>(value)
}

impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        self.same_as(other)
    }
}

impl fmt::Debug for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Table({} rows × {} columns: {})",
            self.len(),
            self.columns.len(),
            self.columns.join(", ")
        )
    }
}

/// The box rendering at the display width, as `print` shows it.
impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format::render_box(self, crate::host::page_width()))
    }
}

/// `for row in t` iterates rows as maps.
impl IntoIterator for Table {
    type Item = Dynamic;
    type IntoIter = std::vec::IntoIter<Dynamic>;
    fn into_iter(self) -> Self::IntoIter {
        self.to_maps().into_iter()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn int(i: i64) -> Dynamic {
        Dynamic::from_int(i)
    }
    pub fn dec(s: &str) -> Dynamic {
        Dynamic::from_decimal(s.parse().unwrap())
    }
    pub fn text(s: &str) -> Dynamic {
        Dynamic::from(s.to_string())
    }

    /// name, currency, amount
    pub fn sample() -> Table {
        Table::new(
            vec!["name".into(), "currency".into(), "amount".into()],
            vec![
                vec![text("OpenAI"), text("USD"), dec("40000000000")],
                vec![text("智谱"), text("CNY"), int(1_000_000_000)],
                vec![text("Anthropic"), text("USD"), dec("13000000000.5")],
                vec![text("月之暗面"), text("CNY"), Dynamic::UNIT],
            ],
        )
        .unwrap()
    }

    #[test]
    fn ragged_rows_and_duplicate_columns_are_errors() {
        let err = Table::new(vec!["a".into(), "b".into()], vec![vec![int(1)]]).unwrap_err();
        assert!(err.0.contains("row 0 has 1 values"), "{err}");
        assert!(Table::new(vec!["a".into(), "a".into()], vec![]).is_err());
    }

    #[test]
    fn maps_give_first_seen_column_order_and_fill_gaps() {
        let mut a = Map::new();
        a.insert("x".into(), int(1));
        let mut b = Map::new();
        b.insert("w".into(), int(2));
        b.insert("x".into(), int(3));
        let t = Table::from_maps(&[a, b]);
        assert_eq!(t.columns(), ["x", "w"]);
        assert!(t.rows()[0][1].is_unit());
    }

    #[test]
    fn money_view_needs_a_column_or_code() {
        let t = sample();
        assert!(t.fmt_money("amount", "currency").is_ok());
        assert!(t.fmt_money("amount", "usd").is_ok());
        assert!(t.fmt_money("amount", "dollars").is_err());
        assert!(t.fmt_money("nope", "USD").is_err());
    }
}
