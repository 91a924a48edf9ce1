//! The maths of the what-if verbs, with no script values in it: exact decimal ranges and
//! `linspace`, the
//! bracketing solver behind `goal_seek` (`solve`), the summary statistics of `monte_carlo`
//! (`summary`) and its seeded generator (`rng`), and `pieces` (output filled on several
//! threads). The engine's `whatif` module calls the
//! script's closures and builds tables around these.

pub mod pieces;
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
    if let Some(values) = small_range(start, step, count) {
        return Ok(values);
    }
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

/// `decimal_range`'s values when every one has at most 18 digits at the finer of the two
/// scales (the ranges scripts sweep): start + i·step in integers, trailing zeros stripped as
/// `normalize` strips them, several times faster than decimal arithmetic per value.
fn small_range(start: Decimal, step: Decimal, count: u64) -> Option<Vec<Decimal>> {
    let scale = start.scale().max(step.scale());
    let at_scale = |d: Decimal| {
        let factor = 10i128.checked_pow(scale - d.scale())?;
        i64::try_from(d.mantissa().checked_mul(factor)?).ok()
    };
    let (first, by) = (at_scale(start)?, at_scale(step)?);
    let last = i128::from(first) + i128::from(by) * i128::from(count);
    if last.unsigned_abs() >= 10u128.pow(18) || i128::from(first).unsigned_abs() >= 10u128.pow(18) {
        return None;
    }
    Some(
        (0..count as i64)
            .map(|i| {
                let (mut mantissa, mut scale) = (first + i * by, scale);
                while scale > 0 && mantissa % 10 == 0 {
                    mantissa /= 10;
                    scale -= 1;
                }
                Decimal::new(mantissa, scale)
            })
            .collect(),
    )
}

/// `count` evenly spaced values from `start` to `end`, both included (numpy's `linspace`).
/// Each value is `start + span·i/(count−1)`, multiplied before dividing so that every value
/// that has an exact decimal is exact (`linspace(0.04, 0.12, 9)` steps by exactly 0.01), and
/// the last is `end` itself. A count of 1 gives `[start]`, of 0 an empty array.
pub fn linspace(start: Decimal, end: Decimal, count: i64) -> Result<Vec<Decimal>, String> {
    let (start, end) = (start.normalize(), end.normalize());
    let count = u64::try_from(count).map_err(|_| {
        format!("the count must be 0 or more, not {count} (how many values from {start} to {end})")
    })?;
    if count > MAX_LENGTH {
        return Err(format!(
            "{count} values would be more than {MAX_LENGTH}; use a smaller count"
        ));
    }
    if count <= 1 {
        return Ok(if count == 1 { vec![start] } else { Vec::new() });
    }
    let span = end
        .checked_sub(start)
        .ok_or_else(|| format!("from {start} to {end} is a span outside the decimal range"))?;
    let intervals = Decimal::from(count - 1);
    let mut values = Vec::with_capacity(count as usize);
    for i in 0..count - 1 {
        let offset = span
            .checked_mul(Decimal::from(i))
            .and_then(|x| x.checked_div(intervals))
            .or_else(|| {
                // span·i past the range: divide first, at the cost of the last digit.
                span.checked_div(intervals)
                    .and_then(|step| step.checked_mul(Decimal::from(i)))
            })
            .and_then(|offset| start.checked_add(offset))
            .ok_or_else(|| format!("from {start} to {end} is a span outside the decimal range"))?;
        values.push(offset.normalize());
    }
    values.push(end);
    Ok(values)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The general path of `decimal_range`, every value by decimal arithmetic.
    fn range_by_decimals(start: Decimal, step: Decimal, count: u64) -> Vec<Decimal> {
        let (start, step) = (start.normalize(), step.normalize());
        (0..count)
            .map(|i| (start + Decimal::from(i) * step).normalize())
            .collect()
    }

    #[test]
    fn small_ranges_equal_decimal_arithmetic_bit_for_bit() {
        let texts = [
            "0",
            "0.0",
            "1",
            "-1",
            "0.5",
            "-0.25",
            "0.000005",
            "-0.000005",
            "2.50",
            "-3",
            "123.456",
            "-0.1",
            "10",
            "1e-9",
            "999999999.999",
        ];
        let numbers: Vec<Decimal> = texts
            .iter()
            .map(|t| Decimal::from_scientific(t).or_else(|_| t.parse()).unwrap())
            .collect();
        for &start in &numbers {
            for &step in numbers.iter().filter(|s| !s.is_zero()) {
                let Some(fast) = small_range(start.normalize(), step.normalize(), 50) else {
                    continue;
                };
                let slow = range_by_decimals(start, step, 50);
                for (a, b) in fast.iter().zip(&slow) {
                    assert_eq!(
                        a.serialize(),
                        b.serialize(),
                        "{start} by {step}: {a} vs {b}"
                    );
                }
            }
        }
        // Past 18 digits the general path answers.
        let big = Decimal::from(10i64.pow(17));
        assert!(small_range(big, Decimal::ONE, 10).is_some());
        assert!(small_range(big * Decimal::from(9), big, 10).is_none());
    }

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
    fn linspace_includes_both_ends_exactly() {
        let r = linspace(d("0.04"), d("0.12"), 9).unwrap();
        assert_eq!(
            texts(&r),
            ["0.04", "0.05", "0.06", "0.07", "0.08", "0.09", "0.1", "0.11", "0.12"]
        );
        let r = linspace(d("0"), d("1"), 4).unwrap();
        assert_eq!(
            texts(&r),
            [
                "0",
                "0.3333333333333333333333333333",
                "0.6666666666666666666666666667",
                "1"
            ]
        );
        assert_eq!(
            texts(&linspace(d("10"), d("0"), 3).unwrap()),
            ["10", "5", "0"]
        );
        assert_eq!(texts(&linspace(d("2"), d("3"), 1).unwrap()), ["2"]);
        assert!(linspace(d("2"), d("3"), 0).unwrap().is_empty());
        assert!(linspace(d("0"), d("1"), -1)
            .unwrap_err()
            .contains("0 or more"));
        assert!(linspace(d("0"), d("1"), 20_000_000)
            .unwrap_err()
            .contains("more than"));
        assert!(linspace(Decimal::MIN, Decimal::MAX, 3)
            .unwrap_err()
            .contains("outside the decimal range"));
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
