//! The maths of the what-if verbs: exact decimal ranges, the bracketing solver behind
//! `goal_seek`, the summary statistics of `monte_carlo`, and the seeded generator (`rng`). The
//! script functions that call closures live in the engine's bindings.

pub mod rng;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

/// The most values `range` (and `monte_carlo`'s `n`) may produce: ten million numbers already
/// take some 160 MB as script values; a longer one is almost always a misplaced step.
pub const MAX_LENGTH: u64 = 10_000_000;

/// `start, start + step, ...` up to but excluding `end`, exactly in decimal. Errors (as
/// sentences, without the function name) for a zero step, a step pointing away from `end`,
/// and more than `MAX_LENGTH` values.
pub fn decimal_range(start: Decimal, end: Decimal, step: Decimal) -> Result<Vec<Decimal>, String> {
    let (start, end, step) = (start.normalize(), end.normalize(), step.normalize());
    if step.is_zero() {
        return Err(format!(
            "the step must not be 0 (from {start} to {end}): it would never reach the end"
        ));
    }
    if start == end {
        return Ok(Vec::new());
    }
    if (end > start) != step.is_sign_positive() {
        return Err(format!(
            "the step {step} goes away from the end: from {start} to {end} needs a {} step",
            if end > start { "positive" } else { "negative" }
        ));
    }
    let too_long = || {
        format!(
            "from {start} to {end} by {step} would give more than {MAX_LENGTH} values; use a \
             larger step"
        )
    };
    let count = end
        .checked_sub(start)
        .and_then(|span| span.checked_div(step))
        .ok_or_else(too_long)?
        .ceil();
    let count = count
        .to_u64()
        .filter(|&n| n <= MAX_LENGTH)
        .ok_or_else(too_long)?;
    // start + i·step rather than repeated addition: exact either way in decimal, but this
    // cannot drift if a value ever needs rounding at 28 digits.
    (0..count)
        .map(|i| {
            Decimal::from(i)
                .checked_mul(step)
                .and_then(|offset| start.checked_add(offset))
                .map(|x| x.normalize())
                .ok_or_else(too_long)
        })
        .collect()
}

/// The `p`-quantile (0 ≤ p ≤ 1) of sorted values by linear interpolation between closest
/// ranks: position h = (n − 1)·p, value v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]). This is
/// numpy's default (`method="linear"`), Excel's `PERCENTILE.INC` and R's type 7; exact in
/// decimal. `None` for no values.
pub fn percentile(sorted: &[Decimal], p: Decimal) -> Option<Decimal> {
    let last = sorted.len().checked_sub(1)?;
    let h = Decimal::from(last as u64) * p;
    let lower = h.floor();
    let index = lower.to_usize()?.min(last);
    let fraction = h - lower;
    let base = sorted[index];
    if fraction.is_zero() || index == last {
        return Some(base);
    }
    let gap = sorted[index + 1].checked_sub(base)?;
    base.checked_add(fraction.checked_mul(gap)?)
}

/// mean, sd, p5, p50, p95, min, max of one output of a simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub mean: Decimal,
    /// Sample standard deviation (divisor n − 1); `None` for a single value.
    pub sd: Option<f64>,
    pub p5: Decimal,
    pub p50: Decimal,
    pub p95: Decimal,
    pub min: Decimal,
    pub max: Decimal,
}

/// Summarises `values` (sorting them in place). The mean, percentiles, min and max are exact
/// decimals; the standard deviation is a square root, so it goes through `f64`, from deviations
/// taken exactly in decimal and summed with Neumaier compensation. Errors when the values are
/// empty or their sum leaves the decimal range.
pub fn summarise(values: &mut [Decimal]) -> Result<Summary, String> {
    if values.is_empty() {
        return Err("there are no values to summarise".into());
    }
    let n = values.len();
    let mut sum = Decimal::ZERO;
    for v in values.iter() {
        sum = sum
            .checked_add(*v)
            .ok_or("the sum of the values is outside the decimal range")?;
    }
    let mean = (sum / Decimal::from(n as u64)).normalize();
    let sd = if n > 1 {
        let (mut total, mut compensation) = (0.0f64, 0.0f64);
        for v in values.iter() {
            // Exact deviation when it fits a decimal; past the range (values near ±7.9e28 on
            // both sides) the f64 difference is as good as it gets.
            let d = match v.checked_sub(mean) {
                Some(d) => d.to_f64().unwrap_or(f64::NAN),
                None => v.to_f64().unwrap_or(f64::NAN) - mean.to_f64().unwrap_or(f64::NAN),
            };
            let term = d * d;
            let t = total + term;
            if total.abs() >= term.abs() {
                compensation += (total - t) + term;
            } else {
                compensation += (term - t) + total;
            }
            total = t;
        }
        Some(((total + compensation) / (n - 1) as f64).sqrt())
    } else {
        None
    };
    values.sort_unstable();
    let q = |p: &str| percentile(values, p.parse().unwrap_or_default()).unwrap_or(values[0]);
    Ok(Summary {
        mean,
        sd,
        p5: q("0.05").normalize(),
        p50: q("0.5").normalize(),
        p95: q("0.95").normalize(),
        min: values[0].normalize(),
        max: values[n - 1].normalize(),
    })
}

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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn texts(v: &[Decimal]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn ranges_are_exact_and_exclude_the_end() {
        let r = decimal_range(d("0"), d("1"), d("0.25")).unwrap();
        assert_eq!(texts(&r), ["0", "0.25", "0.5", "0.75"]);
        let r = decimal_range(d("0.1"), d("0.4"), d("0.1")).unwrap();
        assert_eq!(texts(&r), ["0.1", "0.2", "0.3"]);
        let r = decimal_range(d("1"), d("0"), d("-0.3")).unwrap();
        assert_eq!(texts(&r), ["1", "0.7", "0.4", "0.1"]);
        assert_eq!(
            decimal_range(d("0"), d("0.5"), d("0.000005"))
                .unwrap()
                .len(),
            100_000
        );
        assert!(decimal_range(d("2"), d("2"), d("1")).unwrap().is_empty());
    }

    #[test]
    fn bad_steps_and_absurd_lengths_are_errors() {
        assert!(decimal_range(d("0"), d("1"), d("0"))
            .unwrap_err()
            .contains("must not be 0"));
        let e = decimal_range(d("0"), d("1"), d("-0.1")).unwrap_err();
        assert!(e.contains("needs a positive step"), "{e}");
        let e = decimal_range(d("0"), d("1e20"), d("1")).unwrap_err();
        assert!(e.contains("more than 10000000 values"), "{e}");
        let e = decimal_range(Decimal::MIN, Decimal::MAX, d("0.0001")).unwrap_err();
        assert!(e.contains("more than"), "{e}");
    }

    #[test]
    fn percentiles_interpolate_like_numpy() {
        let v: Vec<Decimal> = [1, 2, 3, 4, 10].iter().map(|&i| Decimal::from(i)).collect();
        // numpy.percentile([1, 2, 3, 4, 10], [5, 50, 95]) = [1.2, 3.0, 8.8]
        assert_eq!(percentile(&v, d("0.05")), Some(d("1.2")));
        assert_eq!(percentile(&v, d("0.5")), Some(d("3")));
        assert_eq!(percentile(&v, d("0.95")), Some(d("8.8")));
        assert_eq!(percentile(&v, d("1")), Some(d("10")));
        assert_eq!(percentile(&[], d("0.5")), None);
    }

    #[test]
    fn summary_is_exact_where_it_can_be() {
        let mut v: Vec<Decimal> = [4, 1, 3, 2].iter().map(|&i| Decimal::from(i)).collect();
        let s = summarise(&mut v).unwrap();
        assert_eq!(s.mean, d("2.5"));
        assert_eq!((s.min, s.max, s.p50), (d("1"), d("4"), d("2.5")));
        // sample sd of 1..4 is sqrt(5/3)
        assert!((s.sd.unwrap() - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        let mut one = vec![d("7.5")];
        assert_eq!(summarise(&mut one).unwrap().sd, None);
        assert!(summarise(&mut []).is_err());
        let mut huge = vec![Decimal::MAX, Decimal::MAX];
        assert!(summarise(&mut huge).is_err());
        // Deviations past the decimal range must not panic.
        let mut wide = vec![Decimal::MAX, Decimal::MIN, Decimal::ZERO];
        let s = summarise(&mut wide).unwrap();
        assert_eq!(s.mean, Decimal::ZERO);
        assert!(s.sd.unwrap() > 7e28);
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
