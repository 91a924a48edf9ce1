//! Exact decimal arithmetic for scripts: the operator overrides that make `7 / 2` give `3.5`,
//! `2 ** -1` give `0.5` and `1000.00 * 0.5` print `500`, plus the helpers every package uses to
//! turn script numbers into `Decimal` and back.
//!
//! Rhai's built-in operators win over registered ones unless fast operators are switched off
//! (see `engine.rs`); with them off, the functions registered here replace the built-in integer
//! division (which truncates), the decimal power (which rejects negative exponents) and every
//! decimal operator (which keeps trailing zeros in its scale).

use crate::docs::doc_comment;
use rhai::{Dynamic, Engine, EvalAltResult, FuncRegistration, NativeCallContext, Position, INT};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};
use whatif_core::decimal::{norm, parse_decimal, ArithmeticError, DECIMAL_RANGE, F64_DIGITS};

/// A core arithmetic failure as a script error at the call site.
pub fn arithmetic(error: ArithmeticError) -> Box<EvalAltResult> {
    arithmetic_error(error.0)
}

/// `whatif_core::decimal::decimal_from_f64`, failing as a script error.
pub fn decimal_from_f64(value: f64, significant: u32) -> RhaiResult<Decimal> {
    whatif_core::decimal::decimal_from_f64(value, significant).map_err(arithmetic)
}

/// The error type of every fallible native function.
pub type RhaiResult<T> = Result<T, Box<EvalAltResult>>;

/// A script error with a message and no position: Rhai fills in the call site.
pub fn script_error(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorRuntime(
        message.into().into(),
        Position::NONE,
    ))
}

fn arithmetic_error(message: impl Into<String>) -> Box<EvalAltResult> {
    Box::new(EvalAltResult::ErrorArithmetic(
        message.into(),
        Position::NONE,
    ))
}

/// A decimal result as a script value: an integer when it is whole and fits, so that results
/// such as `6 / 2` can index arrays; otherwise a normalised decimal.
pub fn decimal_to_dynamic(value: Decimal) -> Dynamic {
    normalized_to_dynamic(norm(value))
}

/// `decimal_to_dynamic` of a value already normalised (no trailing zeros), without normalising
/// it again: for the long arrays of `range`.
pub fn normalized_to_dynamic(value: Decimal) -> Dynamic {
    if value.scale() == 0 {
        if let Some(int) = value.to_i64() {
            return Dynamic::from_int(int);
        }
    }
    Dynamic::from_decimal(value)
}

/// Reads a script number (integer or decimal) as a `Decimal`; `what` names the argument in the
/// error message.
pub fn to_decimal(value: &Dynamic, what: &str) -> RhaiResult<Decimal> {
    if let Ok(int) = value.as_int() {
        return Ok(Decimal::from(int));
    }
    if let Ok(decimal) = value.as_decimal() {
        return Ok(decimal);
    }
    if let Some(money) = value.read_lock::<whatif_core::money::Money>() {
        return Err(script_error(format!(
            "{what} must be a plain number, but this is an amount in {} ({}); use x.value for \
             the number",
            money.currency,
            money.display()
        )));
    }
    Err(script_error(crate::messages::not_a_number(value, what)))
}

fn overflow(
    lhs: impl std::fmt::Display,
    op: &str,
    rhs: impl std::fmt::Display,
) -> Box<EvalAltResult> {
    arithmetic_error(format!(
        "Decimal overflow: {lhs} {op} {rhs} is outside the decimal range ({DECIMAL_RANGE})"
    ))
}

fn division_by_zero(lhs: impl std::fmt::Display) -> Box<EvalAltResult> {
    arithmetic_error(format!("Division by zero: {lhs} / 0"))
}

/// `lhs / rhs` exactly: whole quotients stay integers, others become decimals.
pub fn divide(lhs: Decimal, rhs: Decimal) -> RhaiResult<Dynamic> {
    if rhs.is_zero() {
        return Err(division_by_zero(norm(lhs)));
    }
    lhs.checked_div(rhs)
        .map(decimal_to_dynamic)
        .ok_or_else(|| overflow(norm(lhs), "/", norm(rhs)))
}

/// The result of a checked operation `lhs op rhs`, normalised, or the overflow error naming it.
fn checked(lhs: Decimal, op: &str, rhs: Decimal, result: Option<Decimal>) -> RhaiResult<Decimal> {
    result
        .map(norm)
        .ok_or_else(|| overflow(norm(lhs), op, norm(rhs)))
}

fn add(lhs: Decimal, rhs: Decimal) -> RhaiResult<Decimal> {
    checked(lhs, "+", rhs, lhs.checked_add(rhs))
}

fn subtract(lhs: Decimal, rhs: Decimal) -> RhaiResult<Decimal> {
    checked(lhs, "-", rhs, lhs.checked_sub(rhs))
}

fn multiply(lhs: Decimal, rhs: Decimal) -> RhaiResult<Decimal> {
    checked(lhs, "*", rhs, lhs.checked_mul(rhs))
}

fn remainder(lhs: Decimal, rhs: Decimal) -> RhaiResult<Decimal> {
    if rhs.is_zero() {
        return Err(arithmetic_error(format!(
            "Division by zero: {} % 0",
            norm(lhs)
        )));
    }
    checked(lhs, "%", rhs, lhs.checked_rem(rhs))
}

/// `base ** exponent`. Whole exponents are exact (negative ones through an exact reciprocal);
/// fractional exponents are irrational in general and go through `f64`, keeping the 15
/// significant digits it holds.
pub fn power(base: Decimal, exponent: Decimal) -> RhaiResult<Dynamic> {
    let exponent = norm(exponent);
    if exponent.scale() == 0 {
        let Some(whole) = exponent.to_i64() else {
            return Err(overflow(norm(base), "**", exponent));
        };
        if base.is_zero() && whole < 0 {
            return Err(arithmetic_error(format!(
                "Division by zero: 0 ** {whole} is 1 / 0"
            )));
        }
        let magnitude = base
            .checked_powu(whole.unsigned_abs())
            .ok_or_else(|| overflow(norm(base), "**", whole))?;
        return if whole < 0 {
            divide(Decimal::ONE, magnitude)
        } else {
            Ok(decimal_to_dynamic(magnitude))
        };
    }
    if base.is_sign_negative() && !base.is_zero() {
        return Err(arithmetic_error(format!(
            "{} ** {exponent}: a negative number has no real fractional power",
            norm(base)
        )));
    }
    if base.is_zero() {
        return if exponent.is_sign_negative() {
            Err(arithmetic_error(format!(
                "Division by zero: 0 ** {exponent}"
            )))
        } else {
            Ok(Dynamic::from_int(0))
        };
    }
    let (Some(b), Some(e)) = (base.to_f64(), exponent.to_f64()) else {
        return Err(overflow(norm(base), "**", exponent));
    };
    let result = b.powf(e);
    if !result.is_finite() || result.abs() > 7.9e28 {
        return Err(overflow(norm(base), "**", exponent));
    }
    decimal_from_f64(result, F64_DIGITS).map(decimal_to_dynamic)
}

/// An integer operation that stays an integer while it fits an i64 and otherwise continues in
/// decimal (`bn(20) * bn(20)` is `400000000000000000000`); only a result beyond the decimal
/// range is an error. The checked i64 operation is the fast path; the decimal one runs only
/// on overflow.
fn int_or_decimal(
    lhs: INT,
    rhs: INT,
    fast: fn(INT, INT) -> Option<INT>,
    exact: fn(Decimal, Decimal) -> RhaiResult<Decimal>,
) -> RhaiResult<Dynamic> {
    match fast(lhs, rhs) {
        Some(result) => Ok(Dynamic::from_int(result)),
        None => exact(Decimal::from(lhs), Decimal::from(rhs)).map(decimal_to_dynamic),
    }
}

fn int_power(base: INT, exponent: INT) -> RhaiResult<Dynamic> {
    if exponent >= 0 {
        if let Ok(small) = u32::try_from(exponent) {
            if let Some(result) = base.checked_pow(small) {
                return Ok(Dynamic::from_int(result));
            }
        }
        // Past i64 the result may still fit a decimal (2 ** 70).
    }
    power(Decimal::from(base), Decimal::from(exponent))
}

/// Registers the arithmetic overrides on `engine`. Requires `set_fast_operators(false)`.
pub fn register(engine: &mut Engine) {
    type D = Decimal;
    fn d(x: INT) -> Decimal {
        Decimal::from(x)
    }

    // Every decimal operator normalises its scale and names the operands on overflow, so each
    // is registered for decimal with decimal and for a decimal with an integer on either side.
    macro_rules! decimal_op {
        ($op:literal, $f:expr) => {
            engine.register_fn($op, |a: D, b: D| $f(a, b));
            engine.register_fn($op, |a: D, b: INT| $f(a, d(b)));
            engine.register_fn($op, |a: INT, b: D| $f(d(a), b));
        };
    }
    decimal_op!("+", add);
    decimal_op!("-", subtract);
    decimal_op!("*", multiply);
    decimal_op!("%", remainder);
    // Division never truncates, not even of two integers.
    decimal_op!("/", divide);
    engine.register_fn("/", |a: INT, b: INT| divide(d(a), d(b)));
    // Integers that overflow i64 continue in decimal instead of failing.
    engine.register_fn("+", |a: INT, b: INT| {
        int_or_decimal(a, b, INT::checked_add, add)
    });
    engine.register_fn("-", |a: INT, b: INT| {
        int_or_decimal(a, b, INT::checked_sub, subtract)
    });
    engine.register_fn("*", |a: INT, b: INT| {
        int_or_decimal(a, b, INT::checked_mul, multiply)
    });
    // `x += y` on an integer variable that overflows turns the variable into a decimal; Rhai's
    // built-in integer `+=` would fail, and a `&mut INT` cannot change type, so these take the
    // variable as a `Dynamic`. Anything but an integer variable gets Rhai's own fallback,
    // `x = x + y`.
    macro_rules! int_assign {
        ($assign:literal, $op:literal, $fast:expr, $exact:expr) => {
            engine.register_fn(
                $assign,
                |ctx: NativeCallContext, x: &mut Dynamic, y: INT| -> RhaiResult<()> {
                    *x = match x.as_int() {
                        Ok(a) => int_or_decimal(a, y, $fast, $exact)?,
                        Err(_) => ctx.call_native_fn::<Dynamic>($op, (x.clone(), y))?,
                    };
                    Ok(())
                },
            );
        };
    }
    int_assign!("+=", "+", INT::checked_add, add);
    int_assign!("-=", "-", INT::checked_sub, subtract);
    int_assign!("*=", "*", INT::checked_mul, multiply);
    // Powers take negative and fractional exponents, of integers too.
    decimal_op!("**", power);
    engine.register_fn("**", int_power);

    // Compound assignment on a decimal variable stores the operator's result.
    macro_rules! decimal_assign {
        ($op:literal, $f:expr) => {
            engine.register_fn($op, |x: &mut D, y: D| -> RhaiResult<()> {
                *x = $f(*x, y)?;
                Ok(())
            });
            engine.register_fn($op, |x: &mut D, y: INT| -> RhaiResult<()> {
                *x = $f(*x, d(y))?;
                Ok(())
            });
        };
    }
    decimal_assign!("+=", add);
    decimal_assign!("-=", subtract);
    decimal_assign!("*=", multiply);
    decimal_assign!("/=", |x, y| to_decimal(&divide(x, y)?, "quotient"));
    // `x /= 2` on an integer must not truncate either; the variable cannot change type in place,
    // so an inexact quotient is an error that says what to write instead.
    engine.register_fn("/=", |x: &mut INT, y: INT| -> RhaiResult<()> {
        match divide(d(*x), d(y))?.as_int() {
            Ok(int) => {
                *x = int;
                Ok(())
            }
            Err(_) => Err(arithmetic_error(format!(
                "{x} / {y} is not a whole number, and `/=` cannot turn the integer variable \
                 into a decimal: write `x = x / {y}` instead"
            ))),
        }
    });

    // Printing and string conversion (`print`, `"" + x`, `${x}`) show the session's display
    // digits, never exponent notation; `debug` and `exact(x)` show every digit.
    let doc = |name: &str, description: &str, example: &str| {
        FuncRegistration::new(name).with_comments(doc_comment(description, example))
    };
    doc(
        "to_string",
        "The number as people read it: the session's display digits, no exponent.",
        "assert_eq((1 / 3).to_string(), \"0.333333333333\");",
    )
    .register_into_engine(engine, |x: &mut D| {
        whatif_core::display::display_decimal(*x, crate::host::digits())
    });
    doc(
        "to_debug",
        "The number with every digit, as `debug` shows it.",
        "assert_eq((1 / 3).to_debug(), \"0.3333333333333333333333333333\");",
    )
    .register_into_engine(engine, |x: &mut D| norm(*x).to_string());

    // Conversions analysts reach for.
    let to_decimal_doc = |example: &str| {
        doc(
            "to_decimal",
            "The value as a decimal number: an integer, a decimal, or number text.",
            example,
        )
    };
    to_decimal_doc("assert_eq(type_of(to_decimal(5)), \"decimal\");")
        .register_into_engine(engine, |x: INT| Decimal::from(x));
    to_decimal_doc("assert_eq(to_decimal(2.50), 2.5);").register_into_engine(engine, |x: D| x);
    to_decimal_doc("assert_eq(to_decimal(\"1000.25\"), 1000.25);").register_into_engine(
        engine,
        |x: &str| -> RhaiResult<Decimal> {
            parse_decimal(x)
                .ok_or_else(|| script_error(format!("to_decimal: {x:?} is not a number")))
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal literal, spelled as the scripts spell it.
    fn dec(text: &str) -> Decimal {
        parse_decimal(text).expect("a decimal literal")
    }

    #[test]
    fn whole_quotients_stay_integers() {
        assert_eq!(divide(dec("6"), dec("2")).unwrap().as_int().unwrap(), 3);
        assert_eq!(
            divide(dec("7"), dec("2")).unwrap().as_decimal().unwrap(),
            dec("3.5")
        );
    }

    #[test]
    fn power_of_fractional_exponent_keeps_achieved_digits() {
        assert_eq!(power(dec("4"), dec("0.5")).unwrap().as_int().unwrap(), 2);
        let root2 = power(dec("2"), dec("0.5")).unwrap().as_decimal().unwrap();
        assert_eq!(root2, dec("1.41421356237310"));
    }

    #[test]
    fn negative_whole_exponent_is_exact() {
        assert_eq!(
            power(dec("1.1"), dec("-2")).unwrap().as_decimal().unwrap(),
            Decimal::ONE / dec("1.21")
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrong_number() {
        let max = Decimal::MAX;
        assert!(add(max, Decimal::ONE).is_err());
        assert!(multiply(max, dec("2")).is_err());
        assert!(power(dec("10"), dec("40")).is_err());
    }
}
