//! Script functions that chart a table: a bar chart printed or as text, and an SVG file.

use rhai::plugin::*;

#[export_module]
pub mod chart_functions {
    use super::super::err;
    use crate::numbers::RhaiResult;
    use crate::table::chart;

    pub type Table = crate::table::Table;
    pub type Chart = crate::table::chart::Chart;

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

    /// A bar chart of `value_col` against `label_col` as a value: shown as the bars
    /// `bar_chart` prints at the prompt, and drawn as a picture (SVG) in a notebook.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9], ["xAI", 20e9]]);
    /// let c = chart(t, "name", "amount");
    /// assert(c.to_string().contains("xAI    │████████████████████ 20,000,000,000"));
    /// assert_eq(type_of(c), "Chart");
    /// ```
    #[rhai_fn(return_raw)]
    pub fn chart(t: Table, label_col: &str, value_col: &str) -> RhaiResult<Chart> {
        Chart::new(t, label_col, value_col).map_err(err)
    }

    /// The chart's text: the bars `bar_chart` prints.
    ///
    /// ```rhai
    /// let c = chart(table(["name", "amount"], [["OpenAI", 40e9]]), "name", "amount");
    /// assert(`${c}`.starts_with("OpenAI │"));
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn chart_text(c: &mut Chart) -> String {
        c.text()
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
