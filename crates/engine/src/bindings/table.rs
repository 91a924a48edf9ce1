//! Script functions for tables: building them, querying them (chainable methods), rendering,
//! saving, loading and charting. Each one is a thin wrapper over `crate::table`, where the work
//! is done in Rust; this file only converts arguments and errors.

mod aggregates;
pub mod row;

use rhai::plugin::*;
use rhai::{Array, Engine, INT};

use crate::numbers::{script_error, RhaiResult};
use crate::table::{format, io, Grouped, Table, TableError, TableFormat, TableRow};

/// A loaded table with the `money` option applied, if it was given.
fn with_money_option(
    loaded: Result<Table, TableError>,
    options: &crate::table::load::LoadOptions,
) -> RhaiResult<Table> {
    let mut t = loaded.map_err(err)?;
    for (column, currency) in &options.money {
        t = crate::table::money::with_money(&t, column, currency).map_err(err)?;
    }
    Ok(t)
}

fn err(e: TableError) -> Box<EvalAltResult> {
    script_error(e.0)
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

fn save_with(t: &Table, path: &str, format: TableFormat) -> RhaiResult<()> {
    // Files get the fixed width, so a saved box drawing does not depend on the terminal.
    let text = format::render(t, format, format::DEFAULT_WIDTH).map_err(err)?;
    io::write_atomic(path, text.as_bytes()).map_err(err)
}

/// Registers the `Table`, `GroupedTable` and `Row` types, their functions, `for row in t`
/// iteration and indexing (`t[0]` is a row, `t["amount"]` a column array).
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Table>("Table");
    engine.register_type_with_name::<Grouped>("GroupedTable");
    engine.register_iterator::<Table>();
    row::register(engine);
    // An empty cell equals empty text, as a blank cell equals "" in Excel: without this,
    // `filter(|r| r.period == "")` silently matched no blank row and `!= ""` kept them all.
    engine.register_fn("==", |_: (), text: rhai::ImmutableString| text.is_empty());
    engine.register_fn("==", |text: rhai::ImmutableString, _: ()| text.is_empty());
    engine.register_fn("!=", |_: (), text: rhai::ImmutableString| !text.is_empty());
    engine.register_fn("!=", |text: rhai::ImmutableString, _: ()| !text.is_empty());
    engine.register_indexer_get(
        |t: &mut Table, i: INT| -> Result<TableRow, Box<EvalAltResult>> {
            table_functions::row(t, i)
        },
    );
    engine.register_indexer_get(
        |t: &mut Table, name: &str| -> Result<rhai::Array, Box<EvalAltResult>> {
            table_functions::column(t, name)
        },
    );
    let mut module = exported_module!(table_functions);
    aggregates::set_into(&mut module);
    module.combine_flatten(exported_module!(table_display_functions));
    module.build_index();
    engine.register_global_module(module.into());
}

#[export_module]
pub mod table_functions {
    use rhai::{Array, FnPtr, Map, INT};

    use super::row::naming_row;
    use super::{count, err, names, save_with, with_money_option};
    use crate::numbers::{script_error, RhaiResult};
    use crate::table::load::{Format, LoadOptions};
    use crate::table::query::JoinKind;
    use crate::table::{chart, format, load, TableFormat};

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
        t.add_column(name, |i, row| {
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

    /// Shows a money column compactly (`$40.0B`, `¥821.29亿`) in box, markdown, html and latex;
    /// `currency` names a column holding each row's code, or is one code for all rows. CSV and
    /// JSON keep the exact amounts.
    ///
    /// ```rhai
    /// let t = table(["name", "currency", "amount"], [["OpenAI", "USD", 40e9], ["智谱", "CNY", 82_129_000_000]]);
    /// let md = t.fmt_money("amount", "currency").to_string("markdown");
    /// assert(md.contains("$40.0B") && md.contains("¥821.29亿"));
    /// assert(t.fmt_money("amount", "currency").to_string("csv").contains("40000000000"));
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn fmt_money(t: &mut Table, column: &str, currency: &str) -> RhaiResult<Table> {
        t.fmt_money(column, currency).map_err(err)
    }

    /// The table as a box drawing, as `print` shows it.
    ///
    /// ```rhai
    /// let text = table(["name", "amount"], [["OpenAI", 40e9]]).to_string();
    /// assert(text.contains("40,000,000,000") && text.contains("1 row"));
    /// ```
    #[rhai_fn(name = "to_string", pure)]
    pub fn to_string_box(t: &mut Table) -> String {
        format::render_box(t, crate::host::page_width())
    }

    /// The table as `debug` shows it (the box drawing).
    ///
    /// ```rhai
    /// let t = table(["x"], [[1]]);
    /// assert_eq(t.to_debug(), t.to_string());
    /// ```
    #[rhai_fn(name = "to_debug", pure)]
    pub fn to_debug_box(t: &mut Table) -> String {
        format::render_box(t, crate::host::page_width())
    }

    /// The table as text in a format: `box`, `markdown`, `csv`, `tsv`, `json`, `jsonl`,
    /// `html` or `latex`.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["Smith, J", 12345678901234567.89]]);
    /// assert_eq(t.to_string("csv"), "name,amount\r\n\"Smith, J\",12345678901234567.89\r\n");
    /// assert(t.to_string("markdown").starts_with("| name | amount |"));
    /// ```
    #[rhai_fn(name = "to_string", pure, return_raw)]
    pub fn to_string_format(t: &mut Table, format: &str) -> RhaiResult<String> {
        let format: TableFormat = format.parse().map_err(err)?;
        format::render(t, format, crate::host::page_width()).map_err(err)
    }

    /// Prints the table as a box drawing.
    ///
    /// ```rhai
    /// let t = table(["name"], [["OpenAI"]]);
    /// show(t);
    /// assert_eq(t.len(), 1);
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn show(ctx: NativeCallContext, t: &mut Table) -> RhaiResult<()> {
        let text = format::render_box(t, crate::host::page_width());
        ctx.call_native_fn::<()>("print", (text,))
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

    /// Saves the table to a file in the format its extension names (`.csv`, `.tsv`, `.md`,
    /// `.json`, `.jsonl`, `.html`, `.tex`, `.txt`, `.xlsx`). The write is atomic: a failed save leaves no
    /// file behind, and an existing file is replaced only once the new one is complete.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9]]);
    /// // save(t, "rounds.csv") writes rounds.csv; a missing folder is an error:
    /// let message = "";
    /// try { save(t, "no_such_folder/rounds.csv") } catch (e) { message = e }
    /// assert(message.contains("does not exist"));
    /// ```
    #[rhai_fn(name = "save", pure, return_raw)]
    pub fn save_by_extension(t: &mut Table, path: &str) -> RhaiResult<()> {
        if crate::table::xlsx::is_xlsx_path(path) {
            return super::save_one_sheet(t, path);
        }
        let format = TableFormat::from_path(path).map_err(err)?;
        save_with(t, path, format)
    }

    /// Saves the table to a file in the named format, whatever the extension.
    ///
    /// ```rhai
    /// let t = table(["name"], [["OpenAI"]]);
    /// // save(t, "report.txt", "markdown") writes markdown into report.txt
    /// let message = "";
    /// try { save(t, "report.txt", "xls") } catch (e) { message = e }
    /// assert(message.contains("unknown table format"));
    /// ```
    #[rhai_fn(name = "save", pure, return_raw)]
    pub fn save_as(t: &mut Table, path: &str, format: &str) -> RhaiResult<()> {
        if format.eq_ignore_ascii_case("xlsx") {
            return super::save_one_sheet(t, path);
        }
        let format: TableFormat = format.parse().map_err(err)?;
        save_with(t, path, format)
    }

    /// Loads a CSV file with a header row: numbers become exact integers or decimals, empty
    /// cells `()`; a malformed row is an error naming its line. A number with more digits
    /// than a decimal holds (28) stays text, never rounded, and a note says so; cells such as
    /// `3,000,000` or `$300` stay text too, with a note offering `numbers: "excel"`.
    ///
    /// ```rhai
    /// let t = load_csv("tests/fixtures/rounds.csv");
    /// assert_eq(t.columns(), ["company", "country", "amount"]);
    /// assert_eq(t.row(1).amount, 1000000000.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_csv(path: &str) -> RhaiResult<Table> {
        load::load_csv(path, &LoadOptions::default()).map_err(err)
    }

    /// `load_csv` with options: `separator` (one character, `";"` for European files, `"\t"`
    /// for tabs), `text` (columns kept as text, such as codes with leading zeros: `08123`),
    /// `numbers: "excel"` (read `3,000,000`, `$300`, `€5`, `(50)` as −50 and `12%` as 0.12),
    /// `money` (`#{amount: "currency"}` makes `amount` money in the code of each row's
    /// `currency` column, `#{price: "USD"}` in one code: how a table saved with money loads
    /// back).
    ///
    /// ```rhai
    /// let t = load_csv("tests/fixtures/rounds.csv", #{money: #{amount: "USD"}});
    /// assert_eq(t.row(0).amount, usd(40_000_000_000));
    /// let t = parse_csv("zip;amount\n08123;\"$1,250.50\"\n", #{separator: ";", text: ["zip"], numbers: "excel"});
    /// assert_eq(t.row(0).zip, "08123");
    /// assert_eq(t.row(0).amount, 1250.5);
    /// // load_csv("rounds_eu.csv", #{separator: ";"}) reads a file the same way
    /// ```
    #[rhai_fn(name = "load_csv", return_raw)]
    pub fn load_csv_with(path: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "load_csv", Format::Csv).map_err(err)?;
        with_money_option(load::load_csv(path, &options), &options)
    }

    /// Loads a JSON file holding an array of objects; columns in first-seen key order, every
    /// digit of every number kept.
    ///
    /// ```rhai
    /// let t = load_json("tests/fixtures/rounds.json");
    /// assert_eq(t.row(1).amount, 12345678901234567.89);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_json(path: &str) -> RhaiResult<Table> {
        load::load_json(path, &LoadOptions::default()).map_err(err)
    }

    /// `load_json` with options: `text` (columns kept as text), `numbers: "excel"` (string
    /// values such as `"$1,250"` read as numbers) and `money`, as for `load_csv`.
    ///
    /// ```rhai
    /// let m = load_json("tests/fixtures/rounds.json", #{money: #{amount: "USD"}});
    /// assert_eq(m.row(1).amount, usd(12345678901234567.89));
    /// let t = parse_json(`[{"id": 7, "raised": "$1,250"}]`, #{text: ["id"], numbers: "excel"});
    /// assert_eq(t.row(0).id, "7");
    /// assert_eq(t.row(0).raised, 1250);
    /// ```
    #[rhai_fn(name = "load_json", return_raw)]
    pub fn load_json_with(path: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "load_json", Format::Json).map_err(err)?;
        with_money_option(load::load_json(path, &options), &options)
    }

    /// Parses CSV text with a header row, as `load_csv` does for a file.
    ///
    /// ```rhai
    /// let t = parse_csv("name,amount\nOpenAI,40000000000\nxAI,\n");
    /// assert_eq(t.column("amount"), [40_000_000_000, ()]);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_csv(text: &str) -> RhaiResult<Table> {
        load::parse_csv(text, "<csv text>", &LoadOptions::default()).map_err(err)
    }

    /// Parses CSV text with the options of `load_csv`.
    ///
    /// ```rhai
    /// let t = parse_csv("a;b\n1;2\n", #{separator: ";"});
    /// assert_eq(t.columns(), ["a", "b"]);
    /// ```
    #[rhai_fn(name = "parse_csv", return_raw)]
    pub fn parse_csv_with(text: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "parse_csv", Format::Csv).map_err(err)?;
        with_money_option(load::parse_csv(text, "<csv text>", &options), &options)
    }

    /// Parses JSON text holding an array of objects, as `load_json` does for a file.
    ///
    /// ```rhai
    /// let t = parse_json(`[{"name": "OpenAI", "amount": 0.1}]`);
    /// assert_eq(t.row(0).amount, 0.1);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_json(text: &str) -> RhaiResult<Table> {
        load::parse_json(text, "<json text>", &LoadOptions::default()).map_err(err)
    }

    /// Parses JSON text with the options of `load_json`.
    ///
    /// ```rhai
    /// let t = parse_json(`[{"share": "12%"}]`, #{numbers: "excel"});
    /// assert_eq(t.row(0).share, 0.12);
    /// ```
    #[rhai_fn(name = "parse_json", return_raw)]
    pub fn parse_json_with(text: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "parse_json", Format::Json).map_err(err)?;
        with_money_option(load::parse_json(text, "<json text>", &options), &options)
    }

    /// Prints a horizontal bar chart of `value_col` against `label_col` (Unicode blocks, the
    /// exact value after each bar).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9], ["xAI", 6e9]]);
    /// bar_chart(t, "name", "amount");
    /// assert_eq(t.len(), 2);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn bar_chart(
        ctx: NativeCallContext,
        t: Table,
        label_col: &str,
        value_col: &str,
    ) -> RhaiResult<()> {
        let text = chart::bar_chart_text(&t, label_col, value_col).map_err(err)?;
        ctx.call_native_fn::<()>("print", (text,))
    }

    /// The bar chart `bar_chart` prints, as text (to put into a note).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9], ["xAI", 20e9]]);
    /// let chart = bar_chart_text(t, "name", "amount");
    /// assert(chart.contains("xAI    │████████████████████ 20,000,000,000"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn bar_chart_text(t: Table, label_col: &str, value_col: &str) -> RhaiResult<String> {
        chart::bar_chart_text(&t, label_col, value_col).map_err(err)
    }

    /// Writes an SVG bar chart of `value_col` against `label_col` to `path` (atomically).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9], ["xAI", 6e9]]);
    /// // save_chart(t, "name", "amount", "rounds.svg") writes rounds.svg
    /// let message = "";
    /// try { save_chart(t, "name", "amount", "no_such_folder/rounds.svg") } catch (e) { message = e }
    /// assert(message.contains("does not exist"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn save_chart(t: Table, label_col: &str, value_col: &str, path: &str) -> RhaiResult<()> {
        chart::save_svg(&t, label_col, value_col, path).map_err(err)
    }
}

/// `save(t, "x.xlsx")`: one sheet named `Sheet1`, long numbers rounded with a note.
fn save_one_sheet(t: &Table, path: &str) -> RhaiResult<()> {
    let sheets = [("Sheet1".to_string(), t.clone())];
    crate::table::xlsx::save(&sheets, path, Default::default(), false).map_err(err)
}

/// The sheets of `save_xlsx`'s map, in its (sorted) key order.
fn sheets_of(sheets: rhai::Map) -> RhaiResult<Vec<(String, Table)>> {
    sheets
        .into_iter()
        .map(|(name, value)| match value.read_lock::<Table>() {
            Some(t) => Ok((name.to_string(), t.clone())),
            None => crate::value::as_table(&value)
                .map(|t| (name.to_string(), t))
                .ok_or_else(|| {
                    script_error(format!(
                        "save_xlsx: sheet {:?} must be a table, not {}",
                        name.as_str(),
                        crate::value::to_text(&value)
                    ))
                }),
        })
        .collect()
}

/// `#{exact_text: true}` for `save_xlsx`; other keys are mistakes worth naming.
fn write_options(options: &rhai::Map) -> RhaiResult<crate::table::xlsx::WriteOptions> {
    let mut out = crate::table::xlsx::WriteOptions::default();
    for (key, value) in options {
        match key.as_str() {
            "exact_text" => {
                out.exact_text = value.as_bool().map_err(|_| {
                    script_error("save_xlsx: exact_text must be true or false".to_string())
                })?
            }
            other => {
                return Err(script_error(format!(
                    "save_xlsx: unknown option {other:?}; the option is exact_text"
                )))
            }
        }
    }
    Ok(out)
}

/// `#{sheet: "…", text: ["col", …], money: #{amount: "currency"}}` for `load_xlsx`.
fn read_options(options: &rhai::Map) -> RhaiResult<crate::table::xlsx::ReadOptions> {
    let mut out = crate::table::xlsx::ReadOptions::default();
    for (key, value) in options {
        match key.as_str() {
            "sheet" => {
                out.sheet = Some(value.clone().into_string().map_err(|_| {
                    script_error("load_xlsx: sheet must be a sheet name in quotes".to_string())
                })?)
            }
            "text" => {
                let columns = value
                    .read_lock::<rhai::Array>()
                    .map(|a| a.clone())
                    .ok_or_else(|| {
                        script_error("load_xlsx: text must be a list of column names".to_string())
                    })?;
                out.text = names(&columns, "load_xlsx")?;
            }
            "money" => {
                out.money = crate::table::load::money_columns(value, "load_xlsx").map_err(err)?
            }
            other => {
                return Err(script_error(format!(
                    "load_xlsx: unknown option {other:?}; the options are sheet, text and money"
                )))
            }
        }
    }
    Ok(out)
}

/// How tables show and travel: per-column display formats, Excel workbooks.
#[export_module]
pub mod table_display_functions {
    use rhai::Map;

    use super::{err, read_options, sheets_of, write_options};
    use crate::numbers::{script_error, RhaiResult};
    use crate::table::xlsx;

    pub type Table = crate::table::Table;

    /// Writes several tables to one Excel workbook, one sheet per key (sheets come in the
    /// map's order, which Rhai sorts by name). Header bold, frozen and filtered; numbers as
    /// numbers, `YYYY-MM-DD` text as dates, `t.format(…)` carried over. Excel holds 15
    /// significant digits: a longer number is rounded, with one note saying where. Atomic.
    ///
    /// ```rhai
    /// let message = "";
    /// try { save_xlsx(#{rounds: funding_rounds, pledges: pledges}, "no_such_folder/a.xlsx") } catch (e) { message = e }
    /// assert(message.contains("does not exist"));
    /// try { save_xlsx(#{rounds: 42}, "a.xlsx") } catch (e) { message = e }
    /// assert(message.contains(`sheet "rounds" must be a table, not 42`));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn save_xlsx(sheets: Map, path: &str) -> RhaiResult<()> {
        xlsx::save(&sheets_of(sheets)?, path, Default::default(), false).map_err(err)
    }

    /// `save_xlsx` with options: `#{exact_text: true}` writes numbers a double cannot hold to
    /// 15 significant digits as text, keeping every digit.
    ///
    /// ```rhai
    /// let message = "";
    /// try { save_xlsx(#{t: table(["x"], [[1]])}, "a.xlsx", #{exact: true}) } catch (e) { message = e }
    /// assert(message.contains("unknown option \"exact\""));
    /// ```
    #[rhai_fn(name = "save_xlsx", return_raw)]
    pub fn save_xlsx_with(sheets: Map, path: &str, options: Map) -> RhaiResult<()> {
        let options = write_options(&options)?;
        xlsx::save(&sheets_of(sheets)?, path, options, false).map_err(err)
    }

    /// Reads the first sheet of an Excel workbook into a table: the first row names the
    /// columns; numbers become exact decimals (`0.1` is `0.1`), dates `YYYY-MM-DD`. Errors name
    /// the sheet and cell (`Sheet1!C7`).
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("no_such_file.xlsx") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_xlsx(path: &str) -> RhaiResult<Table> {
        xlsx::load(path, &Default::default()).map_err(err)
    }

    /// Reads the named sheet of an Excel workbook, as `load_xlsx(path)` does the first.
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("no_such_file.xlsx", "rounds") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(name = "load_xlsx", return_raw)]
    pub fn load_xlsx_sheet(path: &str, sheet: &str) -> RhaiResult<Table> {
        let options = xlsx::ReadOptions {
            sheet: Some(sheet.to_string()),
            ..Default::default()
        };
        xlsx::load(path, &options).map_err(err)
    }

    /// Reads a sheet with options: `sheet` (a name; the first sheet otherwise), `text`
    /// (columns kept as text even where they look like numbers, such as codes) and `money`
    /// (amount columns made money from a currency column or a code, as in `load_csv`:
    /// `#{money: #{amount: "currency"}}`, `#{money: #{price: "USD"}}`). Money that whatif
    /// wrote comes back as money without the option.
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("a.xlsx", #{sheets: "x"}) } catch (e) { message = e }
    /// assert(message.contains("the options are sheet, text and money"));
    /// try { load_xlsx("a.xlsx", #{money: "USD"}) } catch (e) { message = e }
    /// assert(message.contains(`#{money: #{amount: "currency"}}`));
    /// ```
    #[rhai_fn(name = "load_xlsx", return_raw)]
    pub fn load_xlsx_with(path: &str, options: Map) -> RhaiResult<Table> {
        xlsx::load(path, &read_options(&options)?).map_err(err)
    }

    /// Display formats for columns in box, markdown, html, latex and xlsx: `money` (two
    /// decimals), `pct0` to `pct4` (a percentage with that many decimals), `fixed0` to
    /// `fixed10`, `int`, or a magnitude `bn`, `mn`, `yi` (亿), `wan` (万) with the unit in the
    /// header; `plain` removes a format. The values stay exact: CSV and JSON are unchanged.
    ///
    /// ```rhai
    /// let t = table(["name", "amount", "share"], [["OpenAI", 40e9, 0.2898], ["xAI", 6e9, 0.05]]);
    /// let shown = t.format(#{amount: "bn", share: "pct1"});
    /// let md = shown.to_string("markdown");
    /// assert(md.contains("| amount (bn) |") && md.contains("| 40.00 | 29.0% |"));
    /// assert(shown.to_string("csv").contains("40000000000,0.2898"));
    /// let message = "";
    /// try { t.format(#{share: 1}) } catch (e) { message = e }
    /// assert(message.contains(`must be text such as "pct1", not 1`));
    /// ```
    #[rhai_fn(pure, return_raw)]
    pub fn format(t: &mut Table, formats: Map) -> RhaiResult<Table> {
        let mut pairs = Vec::with_capacity(formats.len());
        for (column, name) in formats {
            let Ok(text) = name.as_immutable_string_ref().map(|s| s.to_string()) else {
                return Err(script_error(format!(
                    "format: the format of column {:?} must be text such as \"pct1\", not {}",
                    column.as_str(),
                    crate::value::to_text(&name)
                )));
            };
            pairs.push((column.to_string(), text));
        }
        t.with_formats(&pairs).map_err(err)
    }
}

/// The one row of `t` whose `column` equals `value` (numbers compare by value).
fn row_where(t: &Table, column: &str, value: &Dynamic) -> RhaiResult<TableRow> {
    let index = t.column_index(column).map_err(err)?;
    let wanted = crate::value::to_text(value);
    let matches: Vec<usize> = t
        .rows()
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            let cell = &row[index];
            match (
                crate::numbers::to_decimal(cell, "cell"),
                crate::numbers::to_decimal(value, "value"),
            ) {
                (Ok(a), Ok(b)) => a == b,
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
