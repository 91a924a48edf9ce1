//! `goal_seek`: the input at which a script closure returns a target. The search is
//! `whatif_core::scenario::goal_seek`; here the closure is called and its errors kept whole.

use rhai::{Dynamic, FnPtr, NativeCallContext};
use rust_decimal::Decimal;

use super::{call, number_result};
use crate::args::as_money;
use crate::numbers::{arithmetic, decimal_to_dynamic, script_error, RhaiResult};
use whatif_core::money::CurrencyCode;
use whatif_core::scenario::{self as logic, GoalSeekError};

/// The input between `low` and `high` at which `f` returns `target`. A `target` in money
/// (`currency`) needs money of that currency from `f`; a plain 0 accepts either.
pub fn solve(
    ctx: &NativeCallContext,
    f: &FnPtr,
    target: Decimal,
    currency: Option<CurrencyCode>,
    low: Decimal,
    high: Decimal,
) -> RhaiResult<Dynamic> {
    let eval = |x: Decimal| -> RhaiResult<Decimal> {
        let y = call(ctx, f, [decimal_to_dynamic(x)], "goal_seek", "|x| x * x")?;
        let input = format!("x = {}", x.normalize());
        match (as_money(&y), currency) {
            (Some(m), Some(code)) if m.currency != code => Err(script_error(format!(
                "goal_seek: the target is in {code} but for {input} the function returned {m}; \
                 convert one first"
            ))),
            (Some(m), None) if !target.is_zero() => Err(script_error(format!(
                "goal_seek: the function returns money ({m} for {input}); write the target as \
                 money too, e.g. {}",
                crate::messages::money_call(&m.currency, &target.normalize().to_string())
            ))),
            (Some(m), _) => Ok(m.amount),
            (None, Some(code)) => Err(script_error(format!(
                "goal_seek: the target is an amount in {code} but for {input} the function \
                 returned {}, not money",
                crate::value::to_text(&y)
            ))),
            (None, None) => number_result("goal_seek", &input, &y),
        }
    };
    match logic::goal_seek(eval, target, low, high) {
        Ok(x) => Ok(decimal_to_dynamic(x)),
        // The closure's own error keeps its position inside the script.
        Err(GoalSeekError::Function(e)) => Err(e),
        Err(GoalSeekError::Arithmetic(e)) => Err(arithmetic(e)),
        Err(e) => Err(script_error(format!("goal_seek: {e}"))),
    }
}
