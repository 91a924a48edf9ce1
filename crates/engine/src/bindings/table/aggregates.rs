//! The column aggregates `sum`, `mean`, `min` and `max`, each a method of `Table` (one value)
//! and of `GroupedTable` (one row per group), registered from one table of their docs.

use rhai::{FuncRegistration, Module};

use super::err;
use crate::docs::doc_comment;
use crate::table::{money, Grouped, Table, TableResult};

/// A column aggregate, on a whole table (one value) and per group of a `group_by` (a table of
/// the key column and the results): which aggregate it is, and for each form the doc line and
/// example lines `:help` shows for it.
struct Aggregate {
    name: &'static str,
    kind: money::Aggregate,
    of_table: (&'static str, &'static [&'static str]),
    of_groups: (&'static str, &'static [&'static str]),
}

const AGGREGATES: [Aggregate; 4] = [
    Aggregate {
        name: "sum",
        kind: money::Aggregate::Sum,
        of_table: (
            "The exact sum of a column's numbers (empty cells skipped).",
            &[
                r#"let t = table(["v"], [[0.1], [0.2], [()]]);"#,
                r#"assert_eq(t.sum("v"), 0.3);"#,
            ],
        ),
        of_groups: (
            "Per group, the exact sum of a column (empty cells skipped).",
            &[
                r#"let t = table(["k", "v"], [["a", 0.1], ["a", 0.2], ["b", 1]]);"#,
                r#"assert_eq(t.group_by("k").sum("v").column("v"), [0.3, 1]);"#,
            ],
        ),
    },
    Aggregate {
        name: "mean",
        kind: money::Aggregate::Mean,
        of_table: (
            "The exact mean of a column's numbers (empty cells skipped; `()` if there are none).",
            &[
                r#"let t = table(["v"], [[1], [2], [()]]);"#,
                r#"assert_eq(t.mean("v"), 1.5);"#,
            ],
        ),
        of_groups: (
            "Per group, the exact mean of a column (empty cells skipped).",
            &[
                r#"let t = table(["k", "v"], [["a", 1], ["a", 2], ["b", 5]]);"#,
                r#"assert_eq(t.group_by("k").mean("v").column("v"), [1.5, 5]);"#,
            ],
        ),
    },
    Aggregate {
        name: "min",
        kind: money::Aggregate::Min,
        of_table: (
            "The smallest non-empty value of a column.",
            &[r#"assert_eq(table(["v"], [[3], [1.5], [()]]).min("v"), 1.5);"#],
        ),
        of_groups: (
            "Per group, the smallest non-empty value of a column.",
            &[
                r#"let t = table(["k", "v"], [["a", 3], ["a", 2.5], ["b", ()]]);"#,
                r#"assert_eq(t.group_by("k").min("v").column("v"), [2.5, ()]);"#,
            ],
        ),
    },
    Aggregate {
        name: "max",
        kind: money::Aggregate::Max,
        of_table: (
            "The largest non-empty value of a column.",
            &[r#"assert_eq(table(["v"], [[3], [1.5], [()]]).max("v"), 3);"#],
        ),
        of_groups: (
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
        let kind = self.kind;
        let (description, example) = self.of_table;
        let params = ["t: &mut Table", "column: &str", "RhaiResult<Dynamic>"];
        set_method(
            module,
            self.name,
            description,
            example,
            params,
            move |t: &Table, column| t.aggregate(column, kind),
        );
        let (description, example) = self.of_groups;
        let params = ["g: &mut GroupedTable", "column: &str", "RhaiResult<Table>"];
        set_method(
            module,
            self.name,
            description,
            example,
            params,
            move |g: &Grouped, column| g.aggregate_column(column, kind),
        );
    }
}

/// Registers `method` as the script method `name(column)` of `T`, converting its error.
fn set_method<T: Clone + 'static, R: Clone + 'static>(
    module: &mut Module,
    name: &str,
    description: &str,
    example: &[&str],
    params: [&str; 3],
    method: impl Fn(&T, &str) -> TableResult<R> + Send + Sync + 'static,
) {
    FuncRegistration::new(name)
        .with_comments(doc_comment(description, &example.join("\n")))
        .with_params_info(params)
        .with_purity(true)
        .set_into_module(module, move |t: &mut T, column: &str| {
            method(t, column).map_err(err)
        });
}
