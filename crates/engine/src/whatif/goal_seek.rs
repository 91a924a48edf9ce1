//! `goal_seek`: the input at which a script closure returns a target, by Brent's method over
//! the closure's results.

use rhai::{Dynamic, FnPtr, NativeCallContext};
use rust_decimal::Decimal;

use super::{call, number_result, to_f64};
use crate::numbers::{decimal_from_f64, decimal_to_dynamic, script_error, RhaiResult};
use whatif_core::scenario::{self as logic, SolveError};

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
        let y = number_result("goal_seek", &format!("x = {}", x.normalize()), &y)?;
        y.checked_sub(target).ok_or_else(|| {
            script_error(format!(
                "goal_seek: f({}) − target is outside the decimal range",
                x.normalize()
            ))
        })
    };
    let g_low = eval(low)?;
    if g_low.is_zero() {
        return Ok(decimal_to_dynamic(low));
    }
    let g_high = eval(high)?;
    if g_high.is_zero() {
        return Ok(decimal_to_dynamic(high));
    }
    if g_low.is_sign_negative() == g_high.is_sign_negative() {
        return Err(script_error(format!(
            "goal_seek: the target {} is not between f(low) = {} and f(high) = {}: widen \
             the bracket",
            target.normalize(),
            (g_low + target).normalize(),
            (g_high + target).normalize()
        )));
    }
    let g = |x: f64| -> RhaiResult<f64> { Ok(to_f64(eval(decimal_from_f64(x, 17)?)?)) };
    let root = match logic::brent(g, to_f64(low), to_f64(high), to_f64(g_low), to_f64(g_high)) {
        Ok(root) => root,
        Err(SolveError::Function(e)) => return Err(e),
        Err(SolveError::NoConvergence { x, width }) => {
            return Err(script_error(format!(
                "goal_seek: no convergence after {} steps (last x = {x}, bracket {width:e} \
                 wide); the function may not be continuous between low and high",
                logic::MAX_ITERATIONS
            )))
        }
    };
    let digits = logic::digits_achieved(root.x, root.width);
    // Brent also "converges" onto a jump or a pole; a root must bring f near the target.
    let scale = to_f64(g_low).abs().max(to_f64(g_high).abs());
    if root.residual.abs() > 1e-6 * scale {
        return Err(script_error(format!(
            "goal_seek: the function jumps across the target {} near x = {} (f(x) − target \
             = {} there): no input reaches it",
            target.normalize(),
            decimal_from_f64(root.x, digits)?,
            decimal_from_f64(root.residual, 6)?
        )));
    }
    if root.width == 0.0 {
        // An exact hit: where rounding makes f flat (f64 powers, rounded money), the first
        // input found may carry noise digits; the shortest input that still hits is the
        // answer an analyst expects (√x = 2 at 4, not 4.00000000000001).
        let mut previous = None;
        for d in 1..logic::MAX_SIGNIFICANT {
            let candidate = decimal_from_f64(root.x, d)?;
            if previous == Some(candidate) {
                continue;
            }
            previous = Some(candidate);
            if eval(candidate)?.is_zero() {
                return Ok(decimal_to_dynamic(candidate));
            }
        }
    }
    decimal_from_f64(root.x, digits).map(decimal_to_dynamic)
}
