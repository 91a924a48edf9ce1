//! The maths of the what-if verbs, with no script values in it: exact decimal ranges, the
//! bracketing solver behind `goal_seek` (`solve`), the summary statistics of `monte_carlo`
//! (`summary`) and its seeded generator (`rng`). The engine's `whatif` module calls the
//! script's closures and builds tables around these.

pub mod rng;
pub mod solve;
pub mod summary;

pub use solve::{
    brent, digits_achieved, goal_seek, GoalSeekError, Root, SolveError, MAX_ITERATIONS,
    MAX_SIGNIFICANT,
};
pub use summary::{percentile, summarise, Summary};

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

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal from its text, for the tests of every file of the module.
    pub(super) fn d(s: &str) -> Decimal {
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
}
