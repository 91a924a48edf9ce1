//! String helpers analysts expect from other languages: repetition with `*`.

use rhai::plugin::*;

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(string_functions));
}

#[export_module]
pub mod string_functions {
    use crate::numbers::{script_error, RhaiResult};

    /// Repeats a string: `"=" * 3` is `"==="` (as in Python). The result may not exceed the
    /// memory budget; a negative count is an error.
    ///
    /// ```rhai
    /// assert_eq("ab" * 3, "ababab");
    /// assert_eq("x" * 0, "");
    /// ```
    #[rhai_fn(name = "*", return_raw)]
    pub fn repeat(text: &str, count: rhai::INT) -> RhaiResult<String> {
        let count = usize::try_from(count).map_err(|_| {
            script_error(format!(
                "cannot repeat a string {count} times: the count is negative"
            ))
        })?;
        let bytes = text.len().saturating_mul(count);
        let budget = crate::host::memory_budget();
        if budget > 0 && bytes > budget {
            return Err(script_error(format!(
                "repeating a {}-byte string {count} times needs {bytes} bytes, more than the \
                 memory budget of {} MiB (raise it with --max-memory MIB)",
                text.len(),
                budget / (1024 * 1024)
            )));
        }
        Ok(text.repeat(count))
    }
}
