//! How numbers read: `exact(x)`, the full text of a value whatever the display digits, for
//! building text that goes to a file or must keep every digit.

use rhai::plugin::*;

/// Registers this topic's functions on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_global_module(exported_module!(display_functions).into());
}

#[export_module]
pub mod display_functions {
    /// The text of a value with every digit. Printing and string conversion (`print`,
    /// `"" + x`, `` `${x}` ``) show 12 significant digits (or what `--digits` / `:digits`
    /// chose); use `exact(x)` where the text must keep the whole value.
    ///
    /// ```rhai
    /// let third = 1 / 3;
    /// assert_eq(third.to_string(), "0.333333333333");
    /// assert_eq(exact(third), "0.3333333333333333333333333333");
    /// assert_eq(exact([0.1, "a"]), `[0.1, "a"]`);
    /// ```
    pub fn exact(value: Dynamic) -> String {
        crate::value::to_exact_text(&value)
    }
}
