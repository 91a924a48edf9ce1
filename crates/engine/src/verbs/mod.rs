//! The what-if verbs over script values: calling the script's closures, checking what they
//! return, and laying the results out as `Table`s. `bindings/verbs.rs` only converts a call's
//! arguments and hands them here; the arithmetic that needs no script values is in
//! `whatif_core::scenario`.

pub mod compare;
pub mod goal_seek;
pub mod monte_carlo;
pub mod native;
pub mod scenarios;
pub mod sweep;
pub mod tornado;

pub use monte_carlo::Rng;

use rhai::{Dynamic, EvalAltResult, FnPtr, NativeCallContext};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::numbers::{decimal_from_f64, decimal_to_dynamic, script_error, RhaiResult};
use crate::table::cell;
use crate::value::to_text;
use whatif_core::decimal::F64_DIGITS;

/// Calls a script closure with `args` through the native call context (no engine re-entry
/// cost beyond the call). Its errors come back untouched, so the error chain still shows where
/// inside the closure it failed; only a closure taking the wrong number of arguments (which
/// Rhai reports as an unknown `anon$…` function) gets a message saying what `verb` expects,
/// `shape` being an example like `|x, y| ...`.
pub(crate) fn call<const N: usize>(
    ctx: &NativeCallContext,
    f: &FnPtr,
    args: [Dynamic; N],
    verb: &str,
    shape: &str,
) -> RhaiResult<Dynamic> {
    f.call_raw(ctx, None, args).map_err(|e| match *e {
        EvalAltResult::ErrorFunctionNotFound(ref signature, _)
            if signature.starts_with(f.fn_name()) =>
        {
            script_error(format!(
                "{verb}: the function must take {N} argument{}, like {shape}",
                if N == 1 { "" } else { "s" }
            ))
        }
        _ => e,
    })
}

/// A value described for messages: `"abc" (string)`, `nothing (an empty value, ...)`.
pub(crate) fn describe(value: &Dynamic) -> String {
    if value.is_unit() {
        "nothing (an empty value, `()`, such as an empty cell)".to_string()
    } else if value.is_string() {
        format!("{:?} (string)", to_text(value))
    } else if cell::is_number(value) {
        to_text(value)
    } else {
        match crate::args::as_money(value) {
            Some(m) => format!("{m} (an amount of money)"),
            None => format!(
                "{} ({})",
                to_text(value),
                crate::messages::with_article(&crate::messages::kind_of(value))
            ),
        }
    }
}

/// A closure's result read as a number; `input` says what it was called with.
pub(crate) fn number_result(verb: &str, input: &str, value: &Dynamic) -> RhaiResult<Decimal> {
    cell::number(value).ok_or_else(|| {
        script_error(format!(
            "{verb}: the function must return a number, but for {input} it returned {}",
            describe(value)
        ))
    })
}

/// A closure's result read as a number or money; `currency` carries the currency of the
/// results so far, and every result must share it (money of one currency, or plain numbers).
pub(crate) fn amount_result(
    verb: &str,
    input: &str,
    value: &Dynamic,
    currency: &mut Option<Option<whatif_core::money::CurrencyCode>>,
) -> RhaiResult<Decimal> {
    let (amount, code) = match crate::args::as_money(value) {
        Some(m) => (m.amount, Some(m.currency)),
        None => (number_result(verb, input, value)?, None),
    };
    match currency {
        None => *currency = Some(code),
        Some(first) if *first != code => {
            let name = |c: &Option<whatif_core::money::CurrencyCode>| {
                c.map_or("a plain number".to_string(), |c| format!("money in {c}"))
            };
            return Err(script_error(format!(
                "{verb}: the function returned {} before, but {} for {input}; return one \
                 currency (or plain numbers) every time",
                name(first),
                name(&code)
            )));
        }
        Some(_) => {}
    }
    Ok(amount)
}

pub(crate) fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

/// An `f64` result as a script number, keeping the digits an `f64` holds.
pub(crate) fn f64_result(value: f64) -> RhaiResult<Dynamic> {
    decimal_from_f64(value, F64_DIGITS).map(decimal_to_dynamic)
}
