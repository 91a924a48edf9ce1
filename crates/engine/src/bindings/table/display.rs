//! Script functions that show tables: the box drawing and the other text formats,
//! `print`ing a table, per-column display formats and compact money columns.

use rhai::plugin::*;

#[export_module]
pub mod display_functions {
    use rhai::Map;

    use super::super::err;
    use crate::numbers::{script_error, RhaiResult};
    use crate::table::format;

    pub type Table = crate::table::Table;

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

    /// The table as text in a named format: `box`, `markdown`, `csv`, `json`, `html`, … (every
    /// format `:format` lists).
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["Smith, J", 12345678901234567.89]]);
    /// assert_eq(t.to_string("csv"), "name,amount\r\n\"Smith, J\",12345678901234567.89\r\n");
    /// assert(t.to_string("markdown").starts_with("| name | amount |"));
    /// ```
    #[rhai_fn(name = "to_string", pure, return_raw)]
    pub fn to_string_format(t: &mut Table, format: &str) -> RhaiResult<String> {
        let format = crate::formats::Format::for_table(format, false).map_err(script_error)?;
        match format.table_text(t, crate::host::page_width()) {
            Some(text) => text.map_err(err),
            None => Err(script_error(format!(
                "{} is a binary file format",
                format.name
            ))),
        }
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
