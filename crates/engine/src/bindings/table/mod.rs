//! Script functions for tables: the `Table`, `GroupedTable` and `Row` types, building tables
//! and querying them (chainable methods). Rendering, files and charts are in the modules
//! beside it. Each function is a thin wrapper over `crate::table`, where the work is done in
//! Rust; these files only convert arguments and errors.

mod aggregates;
mod chart;
mod display;
pub mod load_save;
pub mod row;

use rhai::plugin::*;
use rhai::{Array, INT};

use super::Register;

use crate::numbers::{script_error, RhaiResult};
use crate::table::{Grouped, Table, TableError, TableRow};

fn err(e: TableError) -> Box<EvalAltResult> {
    match e.1 {
        Some(reason) => crate::stop::terminated(reason),
        None => script_error(e.0),
    }
}

fn names(items: &Array, what: &str) -> RhaiResult<Vec<String>> {
    items
        .iter()
        .map(|v| {
            v.clone().into_string().map_err(|t| {
                script_error(format!(
                    "{what}: column names must be strings, not {t} ({})",
                    crate::value::to_text(v)
                ))
            })
        })
        .collect()
}

fn count(n: INT, what: &str) -> RhaiResult<usize> {
    usize::try_from(n)
        .map_err(|_| script_error(format!("{what}: the row count must not be negative ({n})")))
}

/// Registers the `Table`, `GroupedTable` and `Row` types, their functions, `for row in t`
/// iteration and indexing (`t[0]` is a row, `t["amount"]` a column array).
pub fn register(module: &mut Module) {
    module.register_type_with_name::<Table>("Table");
    module.register_type_with_name::<Grouped>("GroupedTable");
    module.register_type_with_name::<crate::table::chart::Chart>("Chart");
    module.register_iterator::<Table>();
    row::register(module);
    // An empty cell equals empty text, as a blank cell equals "" in Excel: without this,
    // `filter(|r| r.period == "")` silently matched no blank row and `!= ""` kept them all.
    module.register_fn("==", |_: (), text: rhai::ImmutableString| text.is_empty());
    module.register_fn("==", |text: rhai::ImmutableString, _: ()| text.is_empty());
    module.register_fn("!=", |_: (), text: rhai::ImmutableString| !text.is_empty());
    module.register_fn("!=", |text: rhai::ImmutableString, _: ()| !text.is_empty());
    module.register_indexer_get(
        |t: &mut Table, i: INT| -> Result<TableRow, Box<EvalAltResult>> {
            table_functions::row(t, i)
        },
    );
    module.register_indexer_get(
        |t: &mut Table, name: &str| -> Result<rhai::Array, Box<EvalAltResult>> {
            table_functions::column(t, name)
        },
    );
    module.combine_flatten(exported_module!(table_functions));
    aggregates::set_into(module);
    module.combine_flatten(exported_module!(display::display_functions));
    module.combine_flatten(exported_module!(load_save::file_functions));
    module.combine_flatten(exported_module!(chart::chart_functions));
}

#[export_module]
pub mod table_functions {
    use rhai::{Array, FnPtr, INT};

    use super::row::naming_row;
    use super::{count, err, names};
    use crate::numbers::{script_error, RhaiResult};
    use crate::table::query::JoinKind;

    pub type Table = crate::table::Table;
    pub type GroupedTable = crate::table::Grouped;
    pub type Row = crate::table::TableRow;

    /// Builds a table from an array of maps, one per row. Columns come in first-seen key order;
    /// Rhai sorts the keys of a map literal, so use `table(columns, rows)` to choose the order.
    ///
    /// ```rhai
    /// let t = table([#{name: "OpenAI", amount: 40_000_000_000}, #{name: "xAI", amount: 6e9}]);
    /// assert_eq(t.len(), 2);
    /// assert_eq(t.columns(), ["amount", "name"]);
    /// ```
    #[rhai_fn(name = "table", return_raw)]
    pub fn table_from_maps(items: Array) -> RhaiResult<Table> {
        Table::from_array_of_maps(&items).map_err(err)
    }

    /// Builds a table from column names and rows; each row is an array (cells in column order)
    /// or a map (cells by column name; missing ones are empty).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9], #{name: "xAI"}]);
    /// assert_eq(t.columns(), ["name", "amount"]);
    /// assert_eq(t.row(1).amount, ());
    /// ```
    #[rhai_fn(name = "table", return_raw)]
    pub fn table_from_rows(columns: Array, rows: Array) -> RhaiResult<Table> {
        let columns = names(&columns, "table")?;
        Table::from_rows(columns, &rows).map_err(err)
    }

    /// The column names, in order.
    ///
    /// ```rhai
    /// let t = table(["b", "a"], [[1, 2]]);
    /// assert_eq(t.columns(), ["b", "a"]);
    /// ```
    #[rhai_fn(pure)]
    pub fn columns(t: &mut Table) -> Array {
        t.columns()
            .iter()
            .map(|c| Dynamic::from(c.clone()))
            .collect()
    }

    /// The number of rows.
    ///
    /// ```rhai
    /// assert_eq(table(["x"], [[1], [2], [3]]).len(), 3);
    /// ```
    #[rhai_fn(name = "len", pure)]
    pub fn len(t: &mut Table) -> INT {
        t.len() as INT
    }

    /// True when the table has no rows.
    ///
    /// ```rhai
    /// assert(table(["x"], []).is_empty());
    /// ```
    #[rhai_fn(name = "is_empty", pure)]
    pub fn is_empty(t: &mut Table) -> bool {
        t.is_empty()
    }

    /// Only the named columns, in the order given.
    ///
    /// ```rhai
    /// let t = table(["name", "country", "amount"], [["OpenAI", "US", 40e9]]);
    /// assert_eq(t.select(["amount", "name"]).columns(), ["amount", "name"]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn select(t: &mut Table, columns: Array) -> RhaiResult<Table> {
        t.select(&names(&columns, "select")?).map_err(err)
    }

    /// Every column except the named ones.
    ///
    /// ```rhai
    /// let t = table(["name", "country", "amount"], [["OpenAI", "US", 40e9]]);
    /// assert_eq(t.drop(["country"]).columns(), ["name", "amount"]);
    /// ```
    #[rhai_fn(name = "drop", pure, return_raw)]
    pub fn drop_columns(t: &mut Table, columns: Array) -> RhaiResult<Table> {
        t.drop_columns(&names(&columns, "drop")?).map_err(err)
    }

    /// Renames one column.
    ///
    /// ```rhai
    /// let t = table(["amt"], [[1]]).rename("amt", "amount");
    /// assert_eq(t.columns(), ["amount"]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn rename(t: &mut Table, old: &str, new: &str) -> RhaiResult<Table> {
        t.rename(old, new).map_err(err)
    }

    /// The rows for which the function, given the row, returns true. Reading a column that
    /// does not exist (`r.curency`) is an error that suggests the right one; an error inside
    /// the function names the row (its id, or its line in the file the table came from).
    ///
    /// ```rhai
    /// let t = table(["name", "currency"], [["OpenAI", "USD"], ["智谱", "CNY"]]);
    /// let cny = t.filter(|r| r.currency == "CNY");
    /// assert_eq(cny.column("name"), ["智谱"]);
    /// let message = "";
    /// try { t.filter(|r| r.Currency == "CNY") } catch (e) { message = e }
    /// assert(message.contains(`did you mean "currency"?`));
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn filter(ctx: NativeCallContext, t: &mut Table, keep: FnPtr) -> RhaiResult<Table> {
        if let Some(table) = t.filter_natively(&ctx, &keep) {
            return Ok(table);
        }
        let table = t.clone();
        t.filter_rows(|i, row| {
            let result: Dynamic = keep
                .call_within_context(&ctx, (Dynamic::from(row),))
                .map_err(|e| naming_row(e, &table.row_label(i)))?;
            result.as_bool().map_err(|_| {
                script_error(format!(
                    "filter: the function must return true or false, but for {} it returned \
                     {}",
                    table.row_label(i),
                    crate::value::to_text(&result)
                ))
            })
        })
    }

    /// Rows in ascending order of a column: numbers by value, then text; empty cells last.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["a", 3], ["b", 1.5], ["c", ()]]);
    /// assert_eq(t.sort("amount").column("name"), ["b", "a", "c"]);
    /// ```
    #[rhai_fn(name = "sort", pure, return_raw)]
    pub fn sort_ascending(t: &mut Table, column: &str) -> RhaiResult<Table> {
        t.sort_by_column(column, false).map_err(err)
    }

    /// Rows ordered by a column, `"asc"` or `"desc"`; empty cells last either way.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["a", 3], ["b", 1.5], ["c", ()], ["d", 10]]);
    /// assert_eq(t.sort("amount", "desc").column("name"), ["d", "a", "b", "c"]);
    /// ```
    #[rhai_fn(name = "sort", pure, return_raw)]
    pub fn sort_direction(t: &mut Table, column: &str, direction: &str) -> RhaiResult<Table> {
        let descending = match direction.to_ascii_lowercase().as_str() {
            "asc" | "ascending" => false,
            "desc" | "descending" => true,
            _ => {
                return Err(script_error(format!(
                    "sort: direction must be \"asc\" or \"desc\", not {direction:?}"
                )))
            }
        };
        t.sort_by_column(column, descending).map_err(err)
    }

    /// The first `n` rows.
    ///
    /// ```rhai
    /// assert_eq(table(["x"], [[1], [2], [3]]).head(2).column("x"), [1, 2]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn head(t: &mut Table, n: INT) -> RhaiResult<Table> {
        Ok(t.head(count(n, "head")?))
    }

    /// The last `n` rows.
    ///
    /// ```rhai
    /// assert_eq(table(["x"], [[1], [2], [3]]).tail(2).column("x"), [2, 3]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn tail(t: &mut Table, n: INT) -> RhaiResult<Table> {
        Ok(t.tail(count(n, "tail")?))
    }

    /// A new column computed from each row (a column with that name is replaced in place).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["a", 100], ["b", 250]]);
    /// let t = t.add_column("share", |r| r.amount / 350);
    /// assert_eq(t.columns(), ["name", "amount", "share"]);
    /// assert_near(t.row(0).share, 0.2857, 0.0001);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn add_column(
        ctx: NativeCallContext,
        t: &mut Table,
        name: &str,
        compute: FnPtr,
    ) -> RhaiResult<Table> {
        let table = t.clone();
        t.add_column(name, compute.clone(), |i, row| {
            compute
                .call_within_context::<Dynamic>(&ctx, (Dynamic::from(row),))
                .map_err(|e| naming_row(e, &table.row_label(i)))
        })
    }

    /// Groups rows by a column's values (first-seen order); aggregate with `sum`, `mean`,
    /// `count`, `min` or `max`, each giving a table.
    ///
    /// ```rhai
    /// let t = table(["country", "amount"], [["US", 10], ["CN", 2.5], ["US", 0.5]]);
    /// let by = t.group_by("country").sum("amount");
    /// assert_eq(by.column("country"), ["US", "CN"]);
    /// assert_eq(by.column("amount"), [10.5, 2.5]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn group_by(t: &mut Table, column: &str) -> RhaiResult<GroupedTable> {
        t.group_by(column).map_err(err)
    }

    /// Per group, the number of rows (in a column named `count`).
    ///
    /// ```rhai
    /// let t = table(["k"], [["a"], ["b"], ["a"]]);
    /// assert_eq(t.group_by("k").count().column("count"), [2, 1]);
    /// ```
    #[rhai_fn(name = "count", pure)]
    pub fn grouped_count(g: &mut GroupedTable) -> Table {
        g.count()
    }

    /// Describes a grouping.
    ///
    /// ```rhai
    /// let g = table(["k"], [["a"], ["b"]]).group_by("k");
    /// assert_eq(g.to_string(), "GroupedTable(by k: 2 groups)");
    /// ```
    #[rhai_fn(name = "to_string", pure)]
    pub fn grouped_to_string(g: &mut GroupedTable) -> String {
        format!("GroupedTable(by {}: {} groups)", g.key(), g.group_count())
    }

    /// Inner join on a key column present in both tables (values match by value, `3 == 3.0`).
    /// The other table's columns follow, without its key; clashing names get `_right`.
    ///
    /// ```rhai
    /// let rounds = table(["company", "amount"], [["OpenAI", 40e9], ["Mistral", 2e9]]);
    /// let hq = table(["company", "country"], [["OpenAI", "US"]]);
    /// let j = rounds.join(hq, "company");
    /// assert_eq(j.columns(), ["company", "amount", "country"]);
    /// assert_eq(j.len(), 1);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn join(t: &mut Table, other: Table, key: &str) -> RhaiResult<Table> {
        t.join(&other, key, JoinKind::Inner).map_err(err)
    }

    /// Left join: every row of this table, with the other's columns empty where no key matches.
    ///
    /// ```rhai
    /// let rounds = table(["company", "amount"], [["OpenAI", 40e9], ["Mistral", 2e9]]);
    /// let hq = table(["company", "country"], [["OpenAI", "US"]]);
    /// let j = rounds.left_join(hq, "company");
    /// assert_eq(j.column("country"), ["US", ()]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn left_join(t: &mut Table, other: Table, key: &str) -> RhaiResult<Table> {
        t.join(&other, key, JoinKind::Left).map_err(err)
    }

    /// This table's rows followed by the other's, columns matched by name (a column only one
    /// side has is added, empty for the other side's rows).
    ///
    /// ```rhai
    /// let a = table(["name", "amount"], [["a", 1]]);
    /// let b = table(["amount", "name"], [[2, "b"]]);
    /// assert_eq(a.union(b).column("amount"), [1, 2]);
    /// ```
    #[rhai_fn(pure)]
    pub fn union(t: &mut Table, other: Table) -> Table {
        t.union(&other)
    }

    /// The cells of one column, as an array.
    ///
    /// ```rhai
    /// assert_eq(table(["x", "y"], [[1, "a"], [2, "b"]]).column("y"), ["a", "b"]);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn column(t: &mut Table, name: &str) -> RhaiResult<Array> {
        t.column_values(name).map_err(err)
    }

    /// Row `i` (negative `i` counts from the end): its cells by column name, `r.x` or
    /// `r["x"]`.
    ///
    /// ```rhai
    /// let t = table(["x", "y"], [[1, "a"], [2, "b"]]);
    /// assert_eq(t.row(0).y, "a");
    /// assert_eq(t.row(-1).x, 2);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn row(t: &mut Table, i: INT) -> RhaiResult<Row> {
        let n = t.len() as INT;
        let at = if i < 0 { n + i } else { i };
        if at < 0 || at >= n {
            return Err(script_error(format!(
                "row {i} does not exist: the table has {n} rows"
            )));
        }
        t.row(at as usize)
            .ok_or_else(|| script_error(format!("row {i} does not exist")))
    }

    /// The one row whose `id` column equals `id`: the way scripts pick a figure from
    /// a dataset (`softbank_deals.by_id("nvidia-2019").amount`). No match, or several, is an
    /// error that says so.
    ///
    /// ```rhai
    /// let t = table(["id", "amount"], [["a", 1], ["b", 2]]);
    /// assert_eq(t.by_id("b").amount, 2);
    /// assert_eq(pledges.by_id("pledge-2024").jobs, 100_000);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn by_id(t: &mut Table, id: &str) -> RhaiResult<Row> {
        row_where(t, "id", &Dynamic::from(id.to_string()))
    }

    /// The one row whose column `column` equals `value`; none or several is an error.
    ///
    /// ```rhai
    /// let t = table(["year", "cap"], [[2023, 100], [2024, 190]]);
    /// assert_eq(t.row_where("year", 2024).cap, 190);
    /// ```
    #[rhai_fn(pure, return_raw, name = "row_where")]
    pub fn row_where_fn(t: &mut Table, column: &str, value: Dynamic) -> RhaiResult<Row> {
        row_where(t, column, &value)
    }

    /// The rows as an array of maps.
    ///
    /// ```rhai
    /// let rows = table(["x"], [[1], [2]]).to_array();
    /// assert_eq(rows[1].x, 2);
    /// ```
    #[rhai_fn(pure)]
    pub fn to_array(t: &mut Table) -> Array {
        t.to_maps()
    }

    /// A cross-tab: one row per `row_key` value, one column per `col_key` value, cells the
    /// exact sum of `value` (empty where there is none).
    ///
    /// ```rhai
    /// let t = table(["country", "year", "amount"],
    ///               [["US", 2023, 10], ["CN", 2023, 2.5], ["US", 2024, 7]]);
    /// let p = t.pivot("country", "year", "amount");
    /// assert_eq(p.columns(), ["country", "2023", "2024"]);
    /// assert_eq(p.row(1)["2024"], ());
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn pivot(t: &mut Table, row_key: &str, col_key: &str, value: &str) -> RhaiResult<Table> {
        t.pivot(row_key, col_key, value).map_err(err)
    }

    /// True when both tables have the same columns in the same order and equal cells by value.
    ///
    /// ```rhai
    /// assert(table(["x"], [[1.0]]) == table(["x"], [[1]]));
    /// ```
    #[rhai_fn(name = "==", pure)]
    pub fn equals(t: &mut Table, other: Table) -> bool {
        t.same_as(&other)
    }

    /// True when the tables differ in columns or cells.
    ///
    /// ```rhai
    /// assert(table(["x"], [[1]]) != table(["y"], [[1]]));
    /// ```
    #[rhai_fn(name = "!=", pure)]
    pub fn not_equals(t: &mut Table, other: Table) -> bool {
        !t.same_as(&other)
    }
}

/// The one row of `t` whose `column` equals `value` (numbers compare by value).
fn row_where(t: &Table, column: &str, value: &Dynamic) -> RhaiResult<TableRow> {
    let index = t.column_index(column).map_err(err)?;
    let wanted = crate::value::to_text(value);
    // The value is read as a number once, not again for every row searched.
    let wanted_number = crate::numbers::to_decimal(value, "value").ok();
    let matches: Vec<usize> = t
        .rows()
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            let cell = &row[index];
            match (crate::numbers::to_decimal(cell, "cell"), wanted_number) {
                (Ok(a), Some(b)) => a == b,
                _ => !cell.is_unit() && crate::value::to_text(cell) == wanted,
            }
        })
        .map(|(i, _)| i)
        .collect();
    match matches.as_slice() {
        [one] => t
            .row(*one)
            .ok_or_else(|| script_error("row vanished".to_string())),
        [] => {
            let values: Vec<String> = t
                .rows()
                .iter()
                .filter(|row| !row[index].is_unit())
                .map(|row| crate::value::to_text(&row[index]))
                .collect();
            // Only a value that differs in case or punctuation is offered: ids differing in a
            // digit (another year's pledge) are other rows, not typos.
            let key = |text: &str| -> String {
                text.chars()
                    .filter(|c| c.is_alphanumeric())
                    .flat_map(char::to_lowercase)
                    .collect()
            };
            let hint = values
                .iter()
                .find(|v| key(v) == key(&wanted))
                .map(|near| format!("; did you mean {near:?}?"))
                .unwrap_or_default();
            Err(script_error(format!(
                "no row has {column} = {wanted:?} ({} rows searched){hint}",
                t.len()
            )))
        }
        many => Err(script_error(format!(
            "{} rows have {column} = {wanted:?}; expected exactly one (use filter to get them all)",
            many.len()
        ))),
    }
}
