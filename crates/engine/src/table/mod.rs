//! The `Table` type every dataset and query result is: ordered, named columns over rows of
//! script values, cheap to clone (the data sits behind `Rc`), with its queries (select, filter,
//! sort, group, join, pivot) implemented in Rust. A loaded CSV file keeps typed columns until
//! a query needs its rows (`columns`). Rendering, file formats, loading, file access and charts
//! live in the submodules.

pub(crate) mod aggregate;
pub mod amounts;
pub mod cell;
pub mod chart;
pub(crate) mod columns;
pub mod dataset;
pub mod format;
pub mod io;
pub mod layout;
pub mod load;
pub mod money;
mod origin;
pub mod parquet;
mod positions;
mod predicate;
pub mod query;
pub mod row;
pub mod xlsx;

use std::fmt;
use std::rc::Rc;

use rhai::{Array, Dynamic, Map};
use whatif_core::display::ColumnFormat;
use whatif_core::money::Money;

pub(crate) use origin::{How, Step, UsedRate, NOT_FROM_SOURCE, NO_RATE};
pub use origin::{Origin, SheetOrigin};
pub use positions::Positions;
pub use query::Grouped;
pub use row::TableRow;

/// An error from a table operation: one sentence that names the column, row, file or value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TableError(pub String, pub Option<&'static str>);

impl TableError {
    /// A table error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        TableError(message.into(), None)
    }

    /// Work on a table stopped for `reason` (a termination token: Ctrl-C, the deadline, the
    /// memory budget), which ends the evaluation as a stop between operations does.
    pub fn stopped(reason: &'static str) -> Self {
        TableError(format!("stopped: {reason}"), Some(reason))
    }

    /// `Err` when the evaluation must stop (`host::stopper`).
    pub fn check(stopper: &crate::host::Stopper) -> TableResult<()> {
        stopper
            .reason()
            .map_or(Ok(()), |r| Err(TableError::stopped(r)))
    }
}

/// The result of a table operation.
pub type TableResult<T> = Result<T, TableError>;

/// How a money column is shown by the human formats (box, markdown, html, latex): its amounts
/// compactly in a currency taken from another column of the same row, or a fixed code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoneyView {
    /// The money column.
    pub column: String,
    /// Where each row's currency comes from.
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq)]
/// The currency of a money view: one code for every row, or a column holding each row's.
pub enum Currency {
    /// The currency code is in this column of each row.
    Column(String),
    /// Every amount is in this currency.
    Code(String),
}

/// One row's cells, shared: sorting, filtering and slicing a table copy pointers, not cells.
pub type Row = Rc<[Dynamic]>;

/// How the human formats show one column's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDisplay {
    /// Group digits: yes, unless the column holds only integers of at most four digits
    /// (years, codes, small counts), where `2,024` would mislead.
    pub group: bool,
    /// The column's one currency is in its header (`Table::header_currency`), not in cells.
    pub currency_in_header: bool,
    /// Some money of the column has a fraction: all of it shows at its currency's minor unit
    /// (`10.50` over `0.33`), so amounts and codes line up.
    pub money_at_minor_unit: bool,
}

/// Ordered columns and rows of cells. Cloning shares the data; every query returns a new table.
#[derive(Clone, Default)]
pub struct Table {
    columns: Rc<Vec<String>>,
    /// The rows, or typed columns they are built from on first use (a loaded CSV file).
    rows: Rc<columns::Storage>,
    money: Rc<Vec<MoneyView>>,
    /// Display formats of columns in the human formats and xlsx (`t.format(…)`).
    formats: Rc<Vec<(String, ColumnFormat)>>,
    /// Kept by the queries that keep or pick whole rows (filter, sort, head, add_column, ...).
    origin: Option<Rc<Origin>>,
    /// The operation that made these rows from another table's, kept with the rows.
    made: Option<Rc<Step>>,
}

/// The value as a table when it is one, or an array of maps that can become one.
pub fn as_table(value: &Dynamic) -> Option<Table> {
    if let Some(t) = value.read_lock::<Table>() {
        return Some(t.clone());
    }
    let array = value.read_lock::<Array>()?;
    let row_like = |v: &Dynamic| v.is_map() || v.is::<TableRow>();
    if array.is_empty() || !array.iter().all(row_like) {
        return None;
    }
    Table::from_array_of_maps(&array).ok()
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
            rows: Rc::new(columns::Storage::of_rows(
                rows.into_iter().map(Row::from).collect(),
            )),
            money: Rc::new(Vec::new()),
            formats: Rc::new(Vec::new()),
            origin: None,
            made: None,
        }
    }

    /// A table stored as typed columns (`columns::Column`, one per name, of equal length),
    /// whose rows are built when a query first needs them.
    pub(crate) fn from_columns(names: Vec<String>, data: Vec<columns::Column>) -> Table {
        Table {
            columns: Rc::new(names),
            rows: Rc::new(columns::Storage::of_columns(data)),
            money: Rc::new(Vec::new()),
            formats: Rc::new(Vec::new()),
            origin: None,
            made: None,
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
            } else if let Some(map) = row
                .read_lock::<Map>()
                .map(|m| m.clone())
                .or_else(|| row.read_lock::<TableRow>().map(|r| r.to_map()))
            {
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
            if let Some(row) = item.read_lock::<TableRow>() {
                maps.push(row.to_map());
                continue;
            }
            match item.read_lock::<Map>() {
                Some(map) => maps.push(map.clone()),
                None => {
                    return Err(TableError::new(format!(
                        "item {i} must be a map like #{{name: \"x\", amount: 1}}, not {} ({})",
                        crate::messages::with_article(&crate::messages::kind_of(item)),
                        value_text(item)
                    )))
                }
            }
        }
        Ok(Table::from_maps(&maps))
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The rows, each a cell per column.
    pub fn rows(&self) -> &[Row] {
        self.rows.rows()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The columns shown compactly as money (`fmt_money`).
    pub fn money_views(&self) -> &[MoneyView] {
        &self.money
    }

    /// The index of a column, or an error listing the columns there are.
    pub fn column_index(&self, name: &str) -> TableResult<usize> {
        self.columns
            .iter()
            .position(|c| c == name)
            .ok_or_else(|| row::unknown_column(name, &self.columns))
    }

    /// Row `i` as scripts see it: cells by column name, a misspelled name an error.
    /// Only that row is built when the table is typed columns.
    pub fn row(&self, i: usize) -> Option<TableRow> {
        (i < self.len()).then(|| {
            TableRow::new(self.columns.clone(), self.rows.row(i))
                .taken_from(&Rc::new(self.clone()), i)
        })
    }

    /// The rows as script values, for `for r in t`.
    pub fn row_values(&self) -> Vec<Dynamic> {
        let table = Rc::new(self.clone());
        self.rows()
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let row = TableRow::new(self.columns.clone(), cells.clone());
                Dynamic::from(row.taken_from(&table, i))
            })
            .collect()
    }

    /// Row `i` as a map from column name to cell.
    pub fn row_map(&self, i: usize) -> Option<Map> {
        self.rows().get(i).map(|row| self.map_of(row))
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
        self.rows()
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
        let formats = self
            .formats
            .iter()
            .filter(|(c, _)| columns.contains(c))
            .cloned()
            .collect();
        Table {
            columns: Rc::new(columns),
            rows: Rc::new(columns::Storage::of_rows(
                rows.into_iter().map(Row::from).collect(),
            )),
            money: Rc::new(money),
            formats: Rc::new(formats),
            origin: None,
            made: None,
        }
    }

    /// Same columns, a selection of the same rows: shares the column list and the cells.
    pub(crate) fn with_rows(&self, rows: Vec<Row>) -> Table {
        self.with_storage(columns::Storage::of_rows(rows))
    }

    /// The same columns, formats and steps over other rows, with no origin.
    pub(crate) fn with_storage(&self, rows: columns::Storage) -> Table {
        Table {
            columns: self.columns.clone(),
            rows: Rc::new(rows),
            money: self.money.clone(),
            formats: self.formats.clone(),
            origin: None,
            made: self.made.clone(),
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
            formats: self.formats.clone(),
            origin: self.origin.clone(),
            made: self.made.clone(),
        })
    }

    /// The same table with display formats for some columns (`plain` removes one): the human
    /// formats and xlsx show the cells in them, CSV and JSON keep the exact values. A money
    /// view (`fmt_money`) of the same column gives way to the format.
    pub fn with_formats(&self, formats: &[(String, String)]) -> TableResult<Table> {
        let mut kept: Vec<(String, ColumnFormat)> = self.formats.to_vec();
        let mut money: Vec<MoneyView> = self.money.to_vec();
        for (column, name) in formats {
            self.column_index(column)
                .map_err(|e| TableError::new(format!("format: {e}")))?;
            let format = ColumnFormat::parse(name)
                .map_err(|e| TableError::new(format!("format of column {column:?}: {e}")))?;
            if let Some(ColumnFormat::Percent(_)) = format {
                let c = self.column_index(column)?;
                if let Some(m) = self.rows().iter().find_map(|r| cell::money(&r[c])) {
                    return Err(TableError::new(format!(
                        "format of column {column:?}: a percentage needs a ratio, and the column \
                         holds money ({m}); divide money by money of its currency for a ratio, \
                         e.g. r.amount / {}",
                        crate::messages::money_call(&m.currency, "150e9")
                    )));
                }
            }
            kept.retain(|(c, _)| c != column);
            money.retain(|m| &m.column != column);
            if let Some(format) = format {
                kept.push((column.clone(), format));
            }
        }
        Ok(Table {
            columns: self.columns.clone(),
            rows: self.rows.clone(),
            money: Rc::new(money),
            formats: Rc::new(kept),
            origin: self.origin.clone(),
            made: self.made.clone(),
        })
    }

    /// Carries a column's display format over to its new name (`rename`).
    pub(crate) fn rename_format(&mut self, old: &str, new: &str) {
        let formats = self
            .formats
            .iter()
            .map(|(c, f)| (if c == old { new.to_string() } else { c.clone() }, *f))
            .collect();
        self.formats = Rc::new(formats);
    }

    /// The display format of column `col`, if `format` gave it one.
    pub fn column_format(&self, col: usize) -> Option<ColumnFormat> {
        let name = &self.columns[col];
        self.formats
            .iter()
            .find(|(c, _)| c == name)
            .map(|(_, f)| *f)
    }

    /// The column's header as the human formats show it: with its unit (`amount (bn)`) when
    /// its format has one, and the code of a money column in one currency (`amount (USD)`,
    /// `amount (bn USD)`), whose cells then show bare amounts.
    pub fn display_header(&self, col: usize) -> String {
        let name = &self.columns[col];
        let header = match self.column_format(col) {
            Some(format) => format.header(name),
            None => name.clone(),
        };
        let Some(code) = self.header_currency(col) else {
            return header;
        };
        match header.strip_suffix(')') {
            Some(open) if header != *name => format!("{open} {code})"),
            _ => format!("{name} ({code})"),
        }
    }

    /// The code every money cell of column `col` shares, when the human formats show it once
    /// in the header: every non-empty cell is money of that one currency, and no compact money
    /// view (`fmt_money`) or percentage format shows the cells another way.
    pub fn header_currency(&self, col: usize) -> Option<whatif_core::money::CurrencyCode> {
        if self.money.iter().any(|m| m.column == self.columns[col])
            || matches!(self.column_format(col), Some(ColumnFormat::Percent(_)))
        {
            return None;
        }
        let mut shared = None;
        for row in self.rows().iter() {
            let c = &row[col];
            if c.is_unit() {
                continue;
            }
            let code = cell::money(c)?.currency;
            match shared {
                None => shared = Some(code),
                Some(s) if s != code => return None,
                Some(_) => {}
            }
        }
        shared
    }

    /// Per column, how the human formats show its cells (see `ColumnDisplay`), worked out once
    /// per rendering.
    pub fn display_plan(&self) -> Vec<ColumnDisplay> {
        (0..self.columns.len())
            .map(|c| ColumnDisplay {
                group: !self.rows().iter().all(|row| {
                    row[c].is_unit() || row[c].as_int().is_ok_and(|i| i.unsigned_abs() < 10_000)
                }),
                currency_in_header: self.header_currency(c).is_some(),
                money_at_minor_unit: self.rows().iter().any(|row| {
                    cell::money(&row[c]).is_some_and(|m| m.amount.normalize().scale() > 0)
                }),
            })
            .collect()
    }

    /// The cell as the human formats show it: compact money where a money view applies,
    /// money without its code when the header has it, digits grouped as `shown` says (see
    /// `display_plan`).
    pub(crate) fn display_cell(&self, row: &[Dynamic], col: usize, shown: ColumnDisplay) -> String {
        let cell = &row[col];
        if let Some(format) = self.column_format(col) {
            if let Some(value) = cell::number(cell) {
                return format.apply(value);
            }
        }
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
        if let Some(m) = cell::money(cell) {
            let in_header = shown.currency_in_header;
            return match self.column_format(col) {
                Some(format) if !matches!(format, ColumnFormat::Percent(_)) => {
                    let amount = format.apply(m.amount);
                    if in_header {
                        amount
                    } else {
                        format!("{amount} {}", m.currency)
                    }
                }
                _ => cell::money_display_text(&m, !in_header, shown.money_at_minor_unit),
            };
        }
        if shown.group {
            cell::display_text(cell)
        } else {
            cell::raw_text(cell)
        }
    }

    /// True when every non-empty cell of the column is a number (and there is at least one):
    /// such columns are right-aligned.
    pub fn is_numeric_column(&self, col: usize) -> bool {
        let mut any = false;
        for row in self.rows().iter() {
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

    /// True for number and money columns and for text columns of formatted amounts only (`$40.0B`,
    /// `28.98%`, what `fmt_money` and `fmt_pct` return): the human formats right-align them.
    pub fn is_right_aligned_column(&self, col: usize) -> bool {
        let mut any = false;
        for row in self.rows().iter() {
            let c = &row[col];
            let blank = c
                .as_immutable_string_ref()
                .is_ok_and(|s| s.trim().is_empty());
            if c.is_unit() || blank {
                continue;
            }
            let formatted = c
                .as_immutable_string_ref()
                .is_ok_and(|s| cell::looks_like_formatted_amount(s.as_str()));
            if !cell::is_number(c) && !c.is::<Money>() && !formatted {
                return false;
            }
            any = true;
        }
        any
    }

    /// Equal columns (in order) and equal cells by value (`3 == 3.0`).
    pub fn same_as(&self, other: &Table) -> bool {
        self.columns == other.columns
            && self.len() == other.len()
            && self
                .rows()
                .iter()
                .zip(other.rows().iter())
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

    fn describe(value: &Dynamic) -> Option<String> {
        use crate::messages::count;
        if let Some(c) = value.read_lock::<chart::Chart>() {
            return Some(c.describe());
        }
        if let Some(t) = value.read_lock::<Table>() {
            return Some(format!(
                "Table ({} × {})",
                count(t.len(), "row", "rows"),
                count(t.columns().len(), "column", "columns")
            ));
        }
        value.read_lock::<Grouped>().map(|g| {
            format!(
                "Grouped by {} ({})",
                g.key(),
                count(g.group_count(), "group", "groups")
            )
        })
    }

    /// A row is written as the map it stands for; a chart as its text and what it charts.
    fn as_plain(value: &Dynamic) -> Option<Dynamic> {
        if let Some(c) = value.read_lock::<chart::Chart>() {
            return Some(Dynamic::from(crate::text::Document {
                text: c.text(),
                json: c.json(),
            }));
        }
        value
            .read_lock::<TableRow>()
            .map(|row| Dynamic::from_map(row.to_map()))
    }
}

/// A cell's text, nested tables included (`crate::text::to_text` for tables' cells).
pub fn value_text(value: &Dynamic) -> String {
    crate::text::to_text::<Table>(value)
}

/// A cell's text with every decimal digit, for files and grouping keys.
pub fn value_exact_text(value: &Dynamic) -> String {
    crate::text::to_exact_text::<Table>(value)
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

/// `for row in t` iterates rows (`TableRow`s: a misspelled column is an error there too).
impl IntoIterator for Table {
    type Item = Dynamic;
    type IntoIter = std::vec::IntoIter<Dynamic>;
    fn into_iter(self) -> Self::IntoIter {
        self.row_values().into_iter()
    }
}

#[cfg(test)]
pub(crate) mod tests;
