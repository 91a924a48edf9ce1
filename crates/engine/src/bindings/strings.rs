//! String helpers analysts expect from other languages: repetition with `*`; `pad`, refused
//! before it allocates past the memory budget.

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
                 memory budget of {} MiB (raise it with {})",
                text.len(),
                budget / (1024 * 1024),
                crate::host::limit_setting(crate::host::Limit::Memory, "MIB")
            )));
        }
        Ok(text.repeat(count))
    }

    /// Pads the string with `padding` (a character or a string) up to `len` characters;
    /// a length past the memory budget is an error, not the end of the session.
    ///
    /// ```rhai
    /// let s = "ab";
    /// s.pad(4, "-");
    /// assert_eq(s, "ab--");
    /// ```
    #[rhai_fn(name = "pad", return_raw)]
    pub fn pad_with_text(
        ctx: NativeCallContext,
        text: &mut rhai::ImmutableString,
        len: rhai::INT,
        padding: &str,
    ) -> RhaiResult<()> {
        let Ok(len) = usize::try_from(len) else {
            return Ok(());
        };
        let have = text.chars().count();
        if len <= have || padding.is_empty() {
            return Ok(());
        }
        let widest = padding.chars().map(char::len_utf8).max().unwrap_or(1);
        let bytes = text
            .len()
            .saturating_add((len - have).saturating_mul(widest));
        let max = ctx.engine().max_string_size();
        if max > 0 && bytes > max {
            return Err(Box::new(rhai::EvalAltResult::ErrorDataTooLarge(
                "Length of string".into(),
                rhai::Position::NONE,
            )));
        }
        crate::host::check_size(bytes, || format!("padding a string to {len} characters"))
            .map_err(script_error)?;
        let padded: String = text
            .chars()
            .chain(padding.chars().cycle())
            .take(len)
            .collect();
        *text = padded.into();
        Ok(())
    }

    /// Pads the string with `character` up to `len` characters; see `pad(len, padding)`.
    ///
    /// ```rhai
    /// let s = "7";
    /// s.pad(3, '0');
    /// assert_eq(s, "700");
    /// ```
    #[rhai_fn(name = "pad", return_raw)]
    pub fn pad_with_char(
        ctx: NativeCallContext,
        text: &mut rhai::ImmutableString,
        len: rhai::INT,
        character: char,
    ) -> RhaiResult<()> {
        pad_with_text(ctx, text, len, &character.to_string())
    }
}
