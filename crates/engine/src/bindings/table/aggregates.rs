//! The column aggregates `sum`, `mean`, `min` and `max`, each a method of `Table` (one value)
//! and of `GroupedTable` (one row per group), registered from one table of their docs.

use rhai::{Dynamic, FuncRegistration, Module};

use super::err;
use crate::bindings::docs::doc_comment;
use crate::table::{Grouped, Table, TableResult};

/// A column aggregate, on a whole table (one value) and per group of a `group_by` (a table of
/// the key column and the results): each form's method and the doc line and example lines
/// `:help` shows for it.
struct Aggregate {
    name: &'static str,
    of_table: (TableMethod<Dynamic>, &'static str, &'static [&'static str]),
    of_groups: (GroupsMethod, &'static str, &'static [&'static str]),
}

type TableMethod<R> = fn(&Table, &str) -> TableResult<R>;
type GroupsMethod = fn(&Grouped, &str) -> TableResult<Table>;

const AGGREGATES: [Aggregate; 4] = [
    Aggregate {
        name: "sum",
        of_table: (
            Table::sum,
            "The exact sum of a column's numbers (empty cells skipped).",
            &[
                r#"let t = table(["v"], [[0.1], [0.2], [()]]);"#,
                r#"assert_eq(t.sum("v"), 0.3);"#,
            ],
        ),
        of_groups: (
            Grouped::sum,
            "Per group, the exact sum of a column (empty cells skipped).",
            &[
                r#"let t = table(["k", "v"], [["a", 0.1], ["a", 0.2], ["b", 1]]);"#,
                r#"assert_eq(t.group_by("k").sum("v").column("v"), [0.3, 1]);"#,
            ],
        ),
    },
    Aggregate {
        name: "mean",
        of_table: (
            Table::mean,
            "The exact mean of a column's numbers (empty cells skipped; `()` if there are none).",
            &[
                r#"let t = table(["v"], [[1], [2], [()]]);"#,
                r#"assert_eq(t.mean("v"), 1.5);"#,
            ],
        ),
        of_groups: (
            Grouped::mean,
            "Per group, the exact mean of a column (empty cells skipped).",
            &[
                r#"let t = table(["k", "v"], [["a", 1], ["a", 2], ["b", 5]]);"#,
                r#"assert_eq(t.group_by("k").mean("v").column("v"), [1.5, 5]);"#,
            ],
        ),
    },
    Aggregate {
        name: "min",
        of_table: (
            |t, column| t.extreme(column, false),
            "The smallest non-empty value of a column.",
            &[r#"assert_eq(table(["v"], [[3], [1.5], [()]]).min("v"), 1.5);"#],
        ),
        of_groups: (
            Grouped::min,
            "Per group, the smallest non-empty value of a column.",
            &[
                r#"let t = table(["k", "v"], [["a", 3], ["a", 2.5], ["b", ()]]);"#,
                r#"assert_eq(t.group_by("k").min("v").column("v"), [2.5, ()]);"#,
            ],
        ),
    },
    Aggregate {
        name: "max",
        of_table: (
            |t, column| t.extreme(column, true),
            "The largest non-empty value of a column.",
            &[r#"assert_eq(table(["v"], [[3], [1.5], [()]]).max("v"), 3);"#],
        ),
        of_groups: (
            Grouped::max,
            "Per group, the largest non-empty value of a column.",
            &[
                r#"let t = table(["k", "v"], [["a", 3], ["a", 2.5], ["b", 7]]);"#,
                r#"assert_eq(t.group_by("k").max("v").column("v"), [3, 7]);"#,
            ],
        ),
    },
];

/// Puts both forms of every aggregate into `module`.
pub(super) fn set_into(module: &mut Module) {
    for aggregate in AGGREGATES {
        aggregate.set_into(module);
    }
}

impl Aggregate {
    /// Puts both forms into `module`, as methods that leave their table alone (`pure`, so they
    /// work on constants too).
    fn set_into(&self, module: &mut Module) {
        let (method, description, example) = self.of_table;
        let params = ["t: &mut Table", "column: &str", "RhaiResult<Dynamic>"];
        set_method(module, self.name, description, example, params, method);
        let (method, description, example) = self.of_groups;
        let params = ["g: &mut GroupedTable", "column: &str", "RhaiResult<Table>"];
        set_method(module, self.name, description, example, params, method);
    }
}

/// Registers `method` as the script method `name(column)` of `T`, converting its error.
fn set_method<T: Clone + 'static, R: Clone + 'static>(
    module: &mut Module,
    name: &str,
    description: &str,
    example: &[&str],
    params: [&str; 3],
    method: fn(&T, &str) -> TableResult<R>,
) {
    FuncRegistration::new(name)
        .with_comments(doc_comment(description, &example.join("\n")))
        .with_params_info(params)
        .with_purity(true)
        .set_into_module(module, move |t: &mut T, column: &str| {
            method(t, column).map_err(err)
        });
}
