//! How numbers read: `exact(x)`, the full text of a value whatever the display digits, for
//! building text that goes to a file or must keep every digit; arrays and maps printed at the
//! display digits like the numbers in them.

use rhai::plugin::*;

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(display_functions));
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

    /// An array as `print` and `${…}` show it: numbers at the display digits.
    ///
    /// ```rhai
    /// assert_eq([1 / 3, "a"].to_string(), `[0.333333333333, "a"]`);
    /// ```
    #[rhai_fn(name = "to_string", name = "print", pure)]
    pub fn array_to_string(items: &mut rhai::Array) -> String {
        crate::value::to_text(&Dynamic::from_array(items.clone()))
    }

    /// A map as `print` and `${…}` show it: numbers at the display digits.
    ///
    /// ```rhai
    /// assert_eq(#{share: 2 / 3}.to_string(), "#{share: 0.666666666667}");
    /// ```
    #[rhai_fn(name = "to_string", name = "print", pure)]
    pub fn map_to_string(map: &mut rhai::Map) -> String {
        crate::value::to_text(&Dynamic::from_map(map.clone()))
    }
}
