//! One row of a table as scripts see it (`r` in `filter(|r| ...)`, `t.row(0)`, `by_id`,
//! `for r in t`): its cells read by column name, `r.amount` or `r["amount"]`, where a name that
//! is not a column is an error naming the closest column and listing them all. An empty cell
//! is `()` and no error.
//!
//! Why a row type rather than a map with Rhai's `Engine::set_fail_on_invalid_map_property`:
//! that switch is engine-wide, so every map of every script (options, scenario maps) would
//! change behaviour, and its error ("Property not found: curency") knows nothing of the
//! table, so it could neither suggest `currency` nor list the columns. A row type knows its
//! columns: Rhai falls back to the string indexer for a property it has no getter for, so
//! `r.curency` reaches `TableRow::get`. It is also cheaper on the closure hot paths: a row is
//! two reference counts (the shared column list and the shared cells), where a map was one
//! allocated entry per column for every row `filter` or `add_column` visited.

use std::rc::Rc;

use rhai::{Dynamic, Map};

use super::{Row, TableError, TableResult};

/// A row of a table: the table's column names and this row's cells, both shared; and, for a
/// row a script took out of a table (`t.row(0)`, `by_id`, `for r in t`), that table, where
/// `explain` finds the row's origin (rows handed to closures go without: they are not kept).
#[derive(Clone)]
pub struct TableRow {
    columns: Rc<Vec<String>>,
    cells: Row,
    /// Behind its own pointer so that a row handed to a closure stays small.
    table: Option<Rc<super::Table>>,
    /// The row's position in `table`: the cells of a row taken from typed columns are built
    /// for it alone, so they are not found among the table's rows by identity.
    index: usize,
}

impl TableRow {
    pub(crate) fn new(columns: Rc<Vec<String>>, cells: Row) -> TableRow {
        TableRow {
            columns,
            cells,
            table: None,
            index: 0,
        }
    }

    /// The same row, knowing the table it was taken from and its position there.
    pub(crate) fn taken_from(mut self, table: &Rc<super::Table>, index: usize) -> TableRow {
        self.table = Some(Rc::clone(table));
        self.index = index;
        self
    }

    /// The table this row was taken from, the row's cells and its position in that table.
    pub fn source(&self) -> Option<(&super::Table, &Row, usize)> {
        Some((self.table.as_deref()?, &self.cells, self.index))
    }

    /// The column names, in the table's order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The cells, one per column.
    pub fn cells(&self) -> &[Dynamic] {
        &self.cells
    }

    /// The row's shared cells: a table holding this row holds these same cells.
    pub fn shared_cells(&self) -> &Row {
        &self.cells
    }

    /// The cell of column `name` (`()` when empty), or an error that suggests a column.
    pub fn get(&self, name: &str) -> TableResult<Dynamic> {
        match self.columns.iter().position(|c| c == name) {
            Some(at) => Ok(self.cells[at].clone()),
            None => Err(unknown_column(name, &self.columns)),
        }
    }

    /// The cell of column `name`, or `()` when there is no such column: `r.get("x")` for
    /// scripts that handle rows of different tables.
    pub fn get_or_unit(&self, name: &str) -> Dynamic {
        self.get(name).unwrap_or(Dynamic::UNIT)
    }

    /// Changes one cell of this copy of the row (the table is unchanged). A new column is an
    /// error: rows keep the table's shape.
    pub fn set(&mut self, name: &str, value: Dynamic) -> TableResult<()> {
        let Some(at) = self.columns.iter().position(|c| c == name) else {
            return Err(TableError::new(format!(
                "{}; to add a key, make the row a map first: let m = r.to_map(); m.{name} = …",
                unknown_column(name, &self.columns).0
            )));
        };
        let mut cells = self.cells.to_vec();
        cells[at] = value;
        self.cells = Row::from(cells);
        // A changed row is no longer the one its table holds.
        self.table = None;
        Ok(())
    }

    /// The row as a map from column name to cell.
    pub fn to_map(&self) -> Map {
        self.columns
            .iter()
            .zip(self.cells.iter())
            .map(|(c, v)| (c.as_str().into(), v.clone()))
            .collect()
    }
}

/// The error for a column name that is not one of `columns`: the closest column when one is
/// close (a different case first: `Currency` → `currency`, then a small edit distance:
/// `curency` → `currency`), and every column.
pub fn unknown_column(name: &str, columns: &[String]) -> TableError {
    let hint = match closest_column(name, columns) {
        Some(near) => format!(" (did you mean {near:?}?)"),
        None => String::new(),
    };
    TableError::new(format!(
        "no column {name:?}{hint}; the columns are {}",
        columns.join(", ")
    ))
}

/// The column `name` most likely meant, if any is close enough.
pub fn closest_column<'a>(name: &str, columns: &'a [String]) -> Option<&'a str> {
    if let Some(same) = columns.iter().find(|c| c.eq_ignore_ascii_case(name)) {
        return Some(same);
    }
    let lower = name.to_lowercase();
    // A third of the name's letters may differ (at most three), as a typo does; a name of one
    // or two letters is too short to guess from.
    let limit = (name.chars().count() / 3).min(3);
    columns
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, c)| c.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> TableRow {
        TableRow::new(
            Rc::new(vec!["id".into(), "currency".into(), "amount".into()]),
            Row::from(vec![
                Dynamic::from("a".to_string()),
                Dynamic::from("CNY".to_string()),
                Dynamic::UNIT,
            ]),
        )
    }

    #[test]
    fn cells_by_name_and_empty_cells_are_unit() {
        let r = row();
        assert_eq!(r.get("currency").unwrap().into_string().unwrap(), "CNY");
        assert!(r.get("amount").unwrap().is_unit());
    }

    #[test]
    fn misspelled_and_miscased_columns_suggest_the_right_one() {
        let r = row();
        assert_eq!(
            r.get("curency").unwrap_err().0,
            "no column \"curency\" (did you mean \"currency\"?); the columns are id, currency, \
             amount"
        );
        assert!(r
            .get("Currency")
            .unwrap_err()
            .0
            .contains("did you mean \"currency\"?"));
        assert!(r
            .get("ammount")
            .unwrap_err()
            .0
            .contains("did you mean \"amount\"?"));
        assert!(!r.get("c").unwrap_err().0.contains("did you mean"));
        let far = r.get("valuation").unwrap_err().0;
        assert!(!far.contains("did you mean"), "{far}");
        assert!(
            far.contains("the columns are id, currency, amount"),
            "{far}"
        );
    }

    #[test]
    fn setting_changes_the_copy_only_and_refuses_new_columns() {
        let original = row();
        let mut r = original.clone();
        r.set("amount", Dynamic::from_int(5)).unwrap();
        assert_eq!(r.get("amount").unwrap().as_int().unwrap(), 5);
        assert!(original.get("amount").unwrap().is_unit());
        assert!(r
            .set("amout", Dynamic::UNIT)
            .unwrap_err()
            .0
            .contains("to_map()"));
    }
}
