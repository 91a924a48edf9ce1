//! Goal seek: Brent's bracketing method in `f64` over a function of exact decimals, how many
//! digits of its answer can be trusted, and the checks that turn a bracket into an answer.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::decimal::{decimal_from_f64, ArithmeticError};

/// Where a bracketing search ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Root {
    pub x: f64,
    /// f(x) − target at `x`.
    pub residual: f64,
    /// Width of the final bracket; 0 when f(x) hit the target exactly.
    pub width: f64,
}

/// Why a bracketing search failed: the function's own error, or no convergence.
#[derive(Debug)]
pub enum SolveError<E> {
    Function(E),
    NoConvergence { x: f64, width: f64 },
}

/// Evaluations Brent's method may take; it needs a few dozen even for nasty functions, so
/// reaching this means the function is not behaving like a continuous one.
pub const MAX_ITERATIONS: usize = 200;

/// Brent's method (scipy's `brentq` formulation: inverse quadratic interpolation, secant and
/// bisection, always keeping a sign change) for a root of `g` in [a, b], given g(a) and g(b)
/// of opposite signs. Stops when the bracket is narrower than 1e-15 + 4·ε·|x|.
pub fn brent<E>(
    mut g: impl FnMut(f64) -> Result<f64, E>,
    a: f64,
    b: f64,
    ga: f64,
    gb: f64,
) -> Result<Root, SolveError<E>> {
    const XTOL: f64 = 1e-15;
    const RTOL: f64 = 4.0 * f64::EPSILON;
    let (mut xpre, mut xcur, mut fpre, mut fcur) = (a, b, ga, gb);
    if fpre == 0.0 {
        return Ok(Root {
            x: xpre,
            residual: 0.0,
            width: 0.0,
        });
    }
    if fcur == 0.0 {
        return Ok(Root {
            x: xcur,
            residual: 0.0,
            width: 0.0,
        });
    }
    let (mut xblk, mut fblk, mut spre, mut scur) = (0.0, 0.0, 0.0, 0.0);
    for _ in 0..MAX_ITERATIONS {
        if fpre != 0.0 && fcur != 0.0 && (fpre < 0.0) != (fcur < 0.0) {
            xblk = xpre;
            fblk = fpre;
            spre = xcur - xpre;
            scur = spre;
        }
        if fblk.abs() < fcur.abs() {
            xpre = xcur;
            xcur = xblk;
            xblk = xpre;
            fpre = fcur;
            fcur = fblk;
            fblk = fpre;
        }
        let delta = (XTOL + RTOL * xcur.abs()) / 2.0;
        let sbis = (xblk - xcur) / 2.0;
        if fcur == 0.0 || sbis.abs() < delta {
            return Ok(Root {
                x: xcur,
                residual: fcur,
                width: if fcur == 0.0 { 0.0 } else { 2.0 * sbis.abs() },
            });
        }
        if spre.abs() > delta && fcur.abs() < fpre.abs() {
            let stry = if xpre == xblk {
                // secant
                -fcur * (xcur - xpre) / (fcur - fpre)
            } else {
                // inverse quadratic interpolation
                let dpre = (fpre - fcur) / (xpre - xcur);
                let dblk = (fblk - fcur) / (xblk - xcur);
                -fcur * (fblk * dblk - fpre * dpre) / (dblk * dpre * (fblk - fpre))
            };
            if 2.0 * stry.abs() < spre.abs().min(3.0 * sbis.abs() - delta) {
                spre = scur;
                scur = stry;
            } else {
                spre = sbis;
                scur = sbis;
            }
        } else {
            spre = sbis;
            scur = sbis;
        }
        xpre = xcur;
        fpre = fcur;
        if scur.abs() > delta {
            xcur += scur;
        } else {
            xcur += if sbis > 0.0 { delta } else { -delta };
        }
        fcur = g(xcur).map_err(SolveError::Function)?;
    }
    Err(SolveError::NoConvergence {
        x: xcur,
        width: (xblk - xcur).abs(),
    })
}

/// The most significant digits a result that went through `f64` keeps.
pub const MAX_SIGNIFICANT: u32 = 15;

/// The significant digits of `x` that a bracket of `width` pins down, between 1 and 15 (the
/// most an `f64` carries reliably); 15 for an exact hit.
pub fn digits_achieved(x: f64, width: f64) -> u32 {
    if width == 0.0 || x == 0.0 {
        return MAX_SIGNIFICANT;
    }
    let digits = x.abs().log10().floor() - width.log10().floor();
    digits.clamp(1.0, f64::from(MAX_SIGNIFICANT)) as u32
}

/// Why `goal_seek` found no input.
#[derive(Debug)]
pub enum GoalSeekError<E> {
    /// The function's own error, to be passed on untouched.
    Function(E),
    /// An `f64` from the search did not fit a decimal.
    Arithmetic(ArithmeticError),
    /// f(x) − target is outside the decimal range.
    OutOfRange {
        x: Decimal,
    },
    /// f(low) and f(high) are on the same side of the target.
    NotBracketed {
        target: Decimal,
        at_low: Decimal,
        at_high: Decimal,
    },
    NoConvergence {
        x: f64,
        width: f64,
    },
    /// The search closed in on a point where f jumps across the target (a step or a pole).
    Jump {
        target: Decimal,
        near: Decimal,
        residual: Decimal,
    },
}

/// The sentences say what went wrong without the function's name, which the caller adds.
impl<E: fmt::Display> fmt::Display for GoalSeekError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoalSeekError::Function(e) => write!(f, "{e}"),
            GoalSeekError::Arithmetic(e) => write!(f, "{e}"),
            GoalSeekError::OutOfRange { x } => {
                write!(f, "f({x}) − target is outside the decimal range")
            }
            GoalSeekError::NotBracketed {
                target,
                at_low,
                at_high,
            } => write!(
                f,
                "the target {target} is not between f(low) = {at_low} and f(high) = {at_high}: \
                 widen the bracket"
            ),
            GoalSeekError::NoConvergence { x, width } => write!(
                f,
                "no convergence after {MAX_ITERATIONS} steps (last x = {x}, bracket {width:e} \
                 wide); the function may not be continuous between low and high"
            ),
            GoalSeekError::Jump {
                target,
                near,
                residual,
            } => write!(
                f,
                "the function jumps across the target {target} near x = {near} (f(x) − target \
                 = {residual} there): no input reaches it"
            ),
        }
    }
}

/// The input between `low` and `high` at which `f` returns `target`, by Brent's method; f(low)
/// and f(high) must lie on either side of the target. An end of the bracket that hits the
/// target is the answer as given; otherwise the answer keeps the digits the search pinned down
/// (at most 15 significant).
pub fn goal_seek<E>(
    mut f: impl FnMut(Decimal) -> Result<Decimal, E>,
    target: Decimal,
    low: Decimal,
    high: Decimal,
) -> Result<Decimal, GoalSeekError<E>> {
    let mut offset = |x: Decimal| -> Result<Decimal, GoalSeekError<E>> {
        f(x).map_err(GoalSeekError::Function)?
            .checked_sub(target)
            .ok_or(GoalSeekError::OutOfRange { x: x.normalize() })
    };
    let from_f64 =
        |x: f64, digits: u32| decimal_from_f64(x, digits).map_err(GoalSeekError::Arithmetic);
    let to_f64 = |x: Decimal| x.to_f64().unwrap_or(f64::NAN);
    let at_low = offset(low)?;
    if at_low.is_zero() {
        return Ok(low);
    }
    let at_high = offset(high)?;
    if at_high.is_zero() {
        return Ok(high);
    }
    if at_low.is_sign_negative() == at_high.is_sign_negative() {
        return Err(GoalSeekError::NotBracketed {
            target: target.normalize(),
            at_low: (at_low + target).normalize(),
            at_high: (at_high + target).normalize(),
        });
    }
    let g = |x: f64| Ok(to_f64(offset(from_f64(x, 17)?)?));
    let root = brent(
        g,
        to_f64(low),
        to_f64(high),
        to_f64(at_low),
        to_f64(at_high),
    )
    .map_err(|e| match e {
        SolveError::Function(e) => e,
        SolveError::NoConvergence { x, width } => GoalSeekError::NoConvergence { x, width },
    })?;
    let digits = digits_achieved(root.x, root.width);
    // Brent also "converges" onto a jump or a pole; a root must bring f near the target.
    let scale = to_f64(at_low).abs().max(to_f64(at_high).abs());
    if root.residual.abs() > 1e-6 * scale {
        return Err(GoalSeekError::Jump {
            target: target.normalize(),
            near: from_f64(root.x, digits)?,
            residual: from_f64(root.residual, 6)?,
        });
    }
    if root.width == 0.0 {
        // An exact hit: where rounding makes f flat (f64 powers, rounded money), the first
        // input found may carry noise digits; the shortest input that still hits is the
        // answer an analyst expects (√x = 2 at 4, not 4.00000000000001).
        let mut previous = None;
        for d in 1..MAX_SIGNIFICANT {
            let candidate = from_f64(root.x, d)?;
            if previous == Some(candidate) {
                continue;
            }
            previous = Some(candidate);
            if offset(candidate)?.is_zero() {
                return Ok(candidate);
            }
        }
    }
    from_f64(root.x, digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::tests::d;

    #[test]
    fn goal_seek_answers_with_the_digits_it_pinned_down() {
        let linear = goal_seek(
            |x| Ok::<_, ()>(x * d("2") + d("1")),
            d("6"),
            d("0"),
            d("10"),
        );
        assert_eq!(linear.unwrap(), d("2.5"));
        // An end of the bracket that hits is returned as given.
        let end = goal_seek(Ok::<_, ()>, d("10.0"), d("0"), d("10.0"));
        assert_eq!(end.unwrap().to_string(), "10.0");
        let root2 = goal_seek(|x| Ok::<_, ()>(x * x), d("2"), d("0"), d("2")).unwrap();
        assert_eq!(root2, d("1.41421356237310"));
    }

    #[test]
    fn goal_seek_explains_what_stopped_it() {
        let e = goal_seek(Ok::<_, String>, d("5"), d("0"), d("1")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the target 5 is not between f(low) = 0 and f(high) = 1: widen the bracket"
        );
        let e = goal_seek(|_| Err::<Decimal, _>("boom"), d("5"), d("0"), d("1")).unwrap_err();
        assert!(matches!(e, GoalSeekError::Function("boom")));
        let step = |x: Decimal| Ok::<_, String>(if x < d("1") { d("-1") } else { d("1") });
        let e = goal_seek(step, d("0"), d("0"), d("3")).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("the function jumps across the target 0 near x = 1"),
            "{e}"
        );
    }

    #[test]
    fn brent_finds_roots_to_full_precision() {
        let g = |x: f64| Ok::<f64, ()>(x * x - 2.0);
        let root = brent(g, 0.0, 2.0, -2.0, 2.0).unwrap();
        assert!((root.x - 2f64.sqrt()).abs() < 1e-15, "{root:?}");
        assert_eq!(digits_achieved(root.x, root.width), 15);
        // A linear function is hit exactly by the first secant step.
        let root = brent(|x| Ok::<f64, ()>(2.0 * x - 5.0), 0.0, 10.0, -5.0, 15.0).unwrap();
        assert_eq!((root.x, root.width), (2.5, 0.0));
    }

    #[test]
    fn brent_passes_function_errors_through() {
        let r = brent(|_| Err::<f64, &str>("boom"), 0.0, 1.0, -1.0, 1.0);
        assert!(matches!(r, Err(SolveError::Function("boom"))));
    }

    #[test]
    fn brent_on_a_jump_ends_at_the_jump() {
        let g = |x: f64| Ok::<f64, ()>(if x < 1.0 { -1.0 } else { 1.0 });
        let root = brent(g, 0.0, 3.0, -1.0, 1.0).unwrap();
        assert!((root.x - 1.0).abs() < 1e-14, "{root:?}");
        assert_eq!(root.residual.abs(), 1.0);
    }

    #[test]
    fn digits_follow_the_bracket() {
        assert_eq!(digits_achieved(0.123456, 2e-7), 6);
        assert_eq!(digits_achieved(123.0, 1e-20), 15);
        assert_eq!(digits_achieved(1e-30, 1e-15), 1);
    }
}
