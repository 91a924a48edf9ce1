//! The summary statistics of `monte_carlo`: exact decimal percentiles, mean, extremes, and a
//! compensated standard deviation.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::tests::d;

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
}
