//! Showing values: `echo(x)` prints a value as the prompt and `-e` show a result (a table as a
//! box drawing, a map as aligned `key : value` lines, a string bare); a script saved with
//! `:save` echoes each entry's value with it, so running the file shows what the session
//! showed. `kind_of(x)` names a value's kind in the words messages use (the stdlib's argument
//! checks quote it).

use rhai::plugin::*;

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(echo_functions));
}

#[export_module]
pub mod echo_functions {
    use crate::numbers::RhaiResult;

    /// Prints `value` as the prompt shows a result (`print` shows a map as `#{…}`; this shows
    /// it as `key : value` lines); `()` prints nothing.
    ///
    /// ```rhai
    /// echo(#{pledge: 100e9, jobs: 100_000});
    /// echo(table(["x"], [[1]]));
    /// echo(());
    /// ```
    #[rhai_fn(return_raw)]
    pub fn echo(ctx: NativeCallContext, value: Dynamic) -> RhaiResult<()> {
        let text = crate::value::render(
            &value,
            crate::formats::Format::text(),
            crate::host::page_width(),
        );
        match text {
            Some(text) => ctx.call_native_fn::<()>("print", (text,)),
            None => Ok(()),
        }
    }

    /// The kind of a value in the words whatif's messages use: `integer`, `number`, `string`,
    /// `array`, `map`, `Table`, `nothing` (for `()`), `true/false`…
    ///
    /// ```rhai
    /// assert_eq(kind_of(1), "integer");
    /// assert_eq(kind_of(1.5), "number");
    /// assert_eq(kind_of("a"), "string");
    /// assert_eq(kind_of(funding_rounds), "Table");
    /// assert_eq(kind_of(()), "nothing");
    /// ```
    pub fn kind_of(value: Dynamic) -> String {
        crate::messages::kind_of(&value)
    }
}
