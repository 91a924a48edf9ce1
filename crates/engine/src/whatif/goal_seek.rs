//! `goal_seek`: the input at which a script closure returns a target. The search is
//! `whatif_core::scenario::goal_seek`; here the closure is called and its errors kept whole.

use rhai::{Dynamic, FnPtr, NativeCallContext};
use rust_decimal::Decimal;

use super::{call, number_result};
use crate::numbers::{arithmetic, decimal_to_dynamic, script_error, RhaiResult};
use whatif_core::scenario::{self as logic, GoalSeekError};

/// The input between `low` and `high` at which `f` returns `target`.
pub fn solve(
    ctx: &NativeCallContext,
    f: &FnPtr,
    target: Decimal,
    low: Decimal,
    high: Decimal,
) -> RhaiResult<Dynamic> {
    let eval = |x: Decimal| -> RhaiResult<Decimal> {
        let y = call(ctx, f, [decimal_to_dynamic(x)], "goal_seek", "|x| x * x")?;
        number_result("goal_seek", &format!("x = {}", x.normalize()), &y)
    };
    match logic::goal_seek(eval, target, low, high) {
        Ok(x) => Ok(decimal_to_dynamic(x)),
        // The closure's own error keeps its position inside the script.
        Err(GoalSeekError::Function(e)) => Err(e),
        Err(GoalSeekError::Arithmetic(e)) => Err(arithmetic(e)),
        Err(e) => Err(script_error(format!("goal_seek: {e}"))),
    }
}
