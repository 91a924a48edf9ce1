//! Assertions for scripts and for the runnable examples in every function's documentation:
//! a shipped script ends with them, so that a changed number fails the tests.

use rhai::plugin::*;

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(assert_functions));
}

/// A value in an assertion message: every digit, money with its code (`1000000.5 USD`).
pub(crate) fn exact_text(value: &Dynamic) -> String {
    match crate::bindings::money::as_money(value) {
        Some(m) => format!("{} {}", m.amount.normalize(), m.currency),
        None => crate::value::to_json(value),
    }
}

#[export_module]
pub mod assert_functions {
    use super::exact_text;
    use crate::args::{Amounts, Name};
    use crate::bindings::money::{as_money, Amount};
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

    /// Fails the script unless `actual == expected`; numbers compare by value, so `3 == 3.0`;
    /// money equals money of the same currency and amount.
    ///
    /// ```rhai
    /// assert_eq(7 / 2, 3.5);
    /// assert_eq(usd(1) / 4, usd(0.25));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn assert_eq(actual: Dynamic, expected: Dynamic) -> RhaiResult<()> {
        let money = (as_money(&actual), as_money(&expected));
        let equal = match (to_decimal(&actual, "a"), to_decimal(&expected, "b")) {
            (Ok(a), Ok(b)) => a == b,
            _ if money.0.is_some() || money.1.is_some() => money.0 == money.1,
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
                exact_text(&actual),
                exact_text(&expected)
            )))
        }
    }

    /// Fails the script unless `actual` is within `tolerance` of `expected` (numbers, or
    /// money of one currency with a plain tolerance).
    ///
    /// ```rhai
    /// assert_near(1 / 3, 0.3333, 0.0001);
    /// assert_near(usd(1) / 3, usd(0.33), 0.01);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn assert_near(actual: Dynamic, expected: Dynamic, tolerance: Dynamic) -> RhaiResult<()> {
        // Money compares with money of its currency; the tolerance may be a plain number.
        let mut read = Amounts::new("assert_near");
        let a = read.amount(&actual, Name::Param("actual"))?;
        let b = read.amount(&expected, Name::Param("expected"))?;
        read.one_currency()?;
        let t = Amount::of(&tolerance, "tolerance")?.decimal();
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
