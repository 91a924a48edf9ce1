//! Script functions of a table row (`Row`): its cells by name (`r.amount`, `r["amount"]`; a
//! misspelled column is an error that suggests the right one), the map-like methods scripts
//! used when rows were maps (`keys`, `values`, `len`, `in`, `get`), `to_map`, and naming the
//! row in an error raised while a closure ran on it.

use rhai::plugin::*;
use rhai::Map;

use crate::bindings::Register;

use super::err;
use crate::numbers::RhaiResult;
use crate::table::TableRow;

/// Registers the `Row` type: the indexer (which Rhai also uses for `r.column`, having no
/// getter of that name) and the methods.
pub fn register(module: &mut Module) {
    module.register_type_with_name::<TableRow>("Row");
    module.register_indexer_get(|r: &mut TableRow, name: &str| -> RhaiResult<Dynamic> {
        r.get(name).map_err(err)
    });
    module.register_indexer_set(
        |r: &mut TableRow, name: &str, value: Dynamic| -> RhaiResult<()> {
            r.set(name, value).map_err(err)
        },
    );
    module.combine_flatten(exported_module!(row_functions));
}

#[export_module]
pub mod row_functions {
    use rhai::{Array, Map, INT};

    use super::same_cells;

    pub type Row = crate::table::TableRow;

    /// The row's column names, in the table's order.
    ///
    /// ```rhai
    /// let r = table(["name", "amount"], [["OpenAI", 40e9]]).row(0);
    /// assert_eq(r.keys(), ["name", "amount"]);
    /// assert_eq(r.amount, 40e9);
    /// ```
    #[rhai_fn(pure)]
    pub fn keys(r: &mut Row) -> Array {
        r.columns()
            .iter()
            .map(|c| Dynamic::from(c.clone()))
            .collect()
    }

    /// The row's cells, in column order.
    ///
    /// ```rhai
    /// let r = table(["name", "amount"], [["OpenAI", ()]]).row(0);
    /// assert_eq(r.values(), ["OpenAI", ()]);
    /// ```
    #[rhai_fn(pure)]
    pub fn values(r: &mut Row) -> Array {
        r.cells().to_vec()
    }

    /// The number of cells (the table's column count).
    ///
    /// ```rhai
    /// assert_eq(table(["a", "b"], [[1, 2]]).row(0).len(), 2);
    /// ```
    #[rhai_fn(pure)]
    pub fn len(r: &mut Row) -> INT {
        r.cells().len() as INT
    }

    /// True when the table has a column of that name (`"amount" in r`).
    ///
    /// ```rhai
    /// let r = table(["name", "amount"], [["OpenAI", 40e9]]).row(0);
    /// assert("amount" in r);
    /// assert(!("valuation" in r));
    /// ```
    #[rhai_fn(pure)]
    pub fn contains(r: &mut Row, name: &str) -> bool {
        r.columns().iter().any(|c| c == name)
    }

    /// The cell of a column, or `()` when the table has no such column: for scripts that read
    /// rows of tables with different columns. (`r.name` and `r["name"]` stop with an error on
    /// a column that does not exist, which catches typos.)
    ///
    /// ```rhai
    /// let r = table(["name"], [["OpenAI"]]).row(0);
    /// assert_eq(r.get("name"), "OpenAI");
    /// assert_eq(r.get("country"), ());
    /// ```
    #[rhai_fn(pure)]
    pub fn get(r: &mut Row, name: &str) -> Dynamic {
        r.get_or_unit(name)
    }

    /// The row as a map (column name to cell), which can take new keys.
    ///
    /// ```rhai
    /// let m = table(["name"], [["OpenAI"]]).row(0).to_map();
    /// m.country = "US";
    /// assert_eq(m, #{name: "OpenAI", country: "US"});
    /// ```
    #[rhai_fn(pure)]
    pub fn to_map(r: &mut Row) -> Map {
        r.to_map()
    }

    /// The row as text, as a map prints.
    ///
    /// ```rhai
    /// let r = table(["name", "amount"], [["xAI", 6e9]]).row(0);
    /// assert_eq(r.to_string(), `#{amount: 6000000000, name: "xAI"}`);
    /// ```
    #[rhai_fn(name = "to_string", pure)]
    pub fn to_string(r: &mut Row) -> String {
        crate::value::to_text(&Dynamic::from_map(r.to_map()))
    }

    /// The row as `debug` shows it (as a map).
    ///
    /// ```rhai
    /// let r = table(["x"], [[1]]).row(0);
    /// assert_eq(r.to_debug(), r.to_string());
    /// ```
    #[rhai_fn(name = "to_debug", pure)]
    pub fn to_debug(r: &mut Row) -> String {
        to_string(r)
    }

    /// True when the row has the same columns and cells as the map (numbers by value).
    ///
    /// ```rhai
    /// assert(table(["x"], [[1]]).row(0) == #{x: 1.0});
    /// ```
    #[rhai_fn(name = "==", pure)]
    pub fn equals_map(r: &mut Row, other: Map) -> bool {
        same_cells(&r.to_map(), &other)
    }

    /// True when two rows have the same columns and cells (numbers by value).
    ///
    /// ```rhai
    /// let t = table(["x"], [[1], [1.0], [2]]);
    /// assert(t.row(0) == t.row(1) && t.row(0) != t.row(2));
    /// ```
    #[rhai_fn(name = "==", pure)]
    pub fn equals_row(r: &mut Row, other: Row) -> bool {
        same_cells(&r.to_map(), &other.to_map())
    }

    /// True when the row differs from the map.
    ///
    /// ```rhai
    /// assert(table(["x"], [[1]]).row(0) != #{x: 2});
    /// ```
    #[rhai_fn(name = "!=", pure)]
    pub fn not_equals_map(r: &mut Row, other: Map) -> bool {
        !same_cells(&r.to_map(), &other)
    }

    /// True when two rows differ.
    ///
    /// ```rhai
    /// let t = table(["x"], [[1], [2]]);
    /// assert(t.row(0) != t.row(1));
    /// ```
    #[rhai_fn(name = "!=", pure)]
    pub fn not_equals_row(r: &mut Row, other: Row) -> bool {
        !same_cells(&r.to_map(), &other.to_map())
    }
}

/// Same keys, and equal cells by value (`1 == 1.0`).
fn same_cells(a: &Map, b: &Map) -> bool {
    a.len() == b.len()
        && a.iter()
            .all(|(k, v)| b.get(k).is_some_and(|w| crate::table::cell::equal(v, w)))
}

/// `error`, raised while a closure ran on `label`'s row, saying which row: appended to the
/// message of a runtime or arithmetic error (the closure's own or a function's it called),
/// and as a note for any other kind, whose message the session words itself.
pub fn naming_row(mut error: Box<EvalAltResult>, label: &str) -> Box<EvalAltResult> {
    let mut inner = &mut *error;
    while let EvalAltResult::ErrorInFunctionCall(_, _, next, _) = inner {
        inner = &mut **next;
    }
    match inner {
        EvalAltResult::ErrorRuntime(value, _) if value.is_string() => {
            let text = value.to_string();
            *value = Dynamic::from(format!("{text} (in {label})"));
        }
        EvalAltResult::ErrorArithmetic(message, _) => {
            message.push_str(&format!(" (in {label})"));
        }
        // Stops and limits belong to the whole script, not to the row that met them.
        EvalAltResult::ErrorTerminated(..)
        | EvalAltResult::ErrorTooManyOperations(..)
        | EvalAltResult::ErrorDataTooLarge(..)
        | EvalAltResult::ErrorStackOverflow(..) => {}
        _ => crate::host::note(&format!("the error below happened in {label}")),
    }
    error
}
