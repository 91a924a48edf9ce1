//! Showing a value as the prompt and `-e` show a result: `echo(x)` prints a table as a box
//! drawing, a map as aligned `key : value` lines, a string bare. A script saved with `:save`
//! echoes each entry's value with it, so that running the file shows what the session showed.

use rhai::plugin::*;

/// Registers this topic's functions on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_global_module(exported_module!(echo_functions).into());
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
            crate::value::ValueFormat::Text,
            crate::host::page_width(),
        );
        match text {
            Some(text) => ctx.call_native_fn::<()>("print", (text,)),
            None => Ok(()),
        }
    }
}
