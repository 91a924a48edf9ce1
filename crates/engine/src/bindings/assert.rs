//! Assertions for scripts and for the runnable examples in every function's documentation:
//! a shipped script ends with them, so that a changed number fails the tests.

use rhai::plugin::*;

/// Registers this topic's functions on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_global_module(exported_module!(assert_functions).into());
}

#[export_module]
pub mod assert_functions {
    use crate::numbers::{script_error, to_decimal, RhaiResult};

    /// Fails the script with a message when `condition` is false.
    ///
    /// ```rhai
    /// assert(1 + 1 == 2);
    /// ```
    #[rhai_fn(name = "assert", return_raw)]
    pub fn assert_true(condition: bool) -> RhaiResult<()> {
        if condition {
            Ok(())
        } else {
            Err(script_error("assertion failed"))
        }
    }

    /// Fails the script with `message` when `condition` is false.
    ///
    /// ```rhai
    /// assert(0.1 + 0.2 == 0.3, "decimals are exact");
    /// ```
    #[rhai_fn(name = "assert", return_raw)]
    pub fn assert_with_message(condition: bool, message: &str) -> RhaiResult<()> {
        if condition {
            Ok(())
        } else {
            Err(script_error(format!("assertion failed: {message}")))
        }
    }

    /// Fails the script unless `actual == expected`; numbers compare by value, so `3 == 3.0`.
    ///
    /// ```rhai
    /// assert_eq(7 / 2, 3.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn assert_eq(actual: Dynamic, expected: Dynamic) -> RhaiResult<()> {
        let equal = match (to_decimal(&actual, "a"), to_decimal(&expected, "b")) {
            (Ok(a), Ok(b)) => a == b,
            _ => {
                // Every digit: `[1/3]` is not `[0.333333333333]`.
                crate::value::to_exact_text(&actual) == crate::value::to_exact_text(&expected)
                    && actual.type_name() == expected.type_name()
            }
        };
        if equal {
            Ok(())
        } else {
            Err(script_error(format!(
                "assertion failed: {} != {} (expected)",
                crate::value::to_json(&actual),
                crate::value::to_json(&expected)
            )))
        }
    }

    /// Fails the script unless `actual` is within `tolerance` of `expected`.
    ///
    /// ```rhai
    /// assert_near(1 / 3, 0.3333, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn assert_near(actual: Dynamic, expected: Dynamic, tolerance: Dynamic) -> RhaiResult<()> {
        let a = to_decimal(&actual, "actual")?;
        let b = to_decimal(&expected, "expected")?;
        let t = to_decimal(&tolerance, "tolerance")?;
        if (a - b).abs() <= t {
            Ok(())
        } else {
            Err(script_error(format!(
                "assertion failed: {} is not within {} of {}",
                a.normalize(),
                t.normalize(),
                b.normalize()
            )))
        }
    }
}
