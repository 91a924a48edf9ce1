//! The summary statistics of `monte_carlo`: exact decimal percentiles, mean, extremes, and a
//! compensated standard deviation.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::pieces::fill_in_pieces;
use crate::decimal::POW10;

/// The `p`-quantile (0 ≤ p ≤ 1) of sorted values by linear interpolation between closest
/// ranks: position h = (n − 1)·p, value v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]). This is
/// numpy's default (`method="linear"`), Excel's `PERCENTILE.INC` and R's type 7; exact in
/// decimal. `None` for no values.
pub fn percentile(sorted: &[Decimal], p: Decimal) -> Option<Decimal> {
    let last = sorted.len().checked_sub(1)?;
    let rank = Rank::new(last, p)?;
    rank.interpolate(sorted[rank.index], || Some(sorted[rank.index + 1]))
}

/// Where the `p`-quantile of `last + 1` sorted values falls: between `index` and `index + 1`,
/// `fraction` of the way.
#[derive(Debug, Clone, Copy)]
struct Rank {
    index: usize,
    fraction: Decimal,
    last: usize,
}

impl Rank {
    fn new(last: usize, p: Decimal) -> Option<Rank> {
        let h = Decimal::from(last as u64) * p;
        let lower = h.floor();
        Some(Rank {
            index: lower.to_usize()?.min(last),
            fraction: h - lower,
            last,
        })
    }

    /// The quantile from the value at `index` (`base`) and, when needed, the one after it.
    fn interpolate(
        &self,
        base: Decimal,
        next: impl FnOnce() -> Option<Decimal>,
    ) -> Option<Decimal> {
        if self.fraction.is_zero() || self.index == self.last {
            return Some(base);
        }
        let gap = next()?.checked_sub(base)?;
        base.checked_add(self.fraction.checked_mul(gap)?)
    }
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

/// Summarises `values` (reordering them in place). The mean, percentiles, min and max are
/// exact decimals; the standard deviation is a square root, so it goes through `f64`, from
/// deviations taken exactly in decimal and summed with Neumaier compensation. Errors when the
/// values are empty or their sum leaves the decimal range. Up to `threads` threads share the
/// deviations (and the order statistics run beside them); the result is the same for any
/// number.
pub fn summarise(values: &mut [Decimal], threads: usize) -> Result<Summary, String> {
    if values.is_empty() {
        return Err("there are no values to summarise".into());
    }
    let n = values.len();
    let threads = threads.clamp(1, n.div_ceil(PARALLEL_MIN));
    let keys = Keys::of(values, threads);
    let sum = match keys.as_ref().and_then(Keys::exact_sum) {
        Some(sum) => sum,
        None => {
            let mut sum = Decimal::ZERO;
            for v in values.iter() {
                sum = sum
                    .checked_add(*v)
                    .ok_or("the sum of the values is outside the decimal range")?;
            }
            sum
        }
    };
    let mean = (sum / Decimal::from(n as u64)).normalize();
    let shared: &[Decimal] = values;
    let (terms, order) = std::thread::scope(|scope| {
        let order_of = |keys: Option<Keys>| keys.and_then(Keys::order);
        let (order, keys) = if threads > 1 {
            (Some(scope.spawn(move || order_of(keys))), None)
        } else {
            (None, keys)
        };
        let terms = if n > 1 {
            squared_deviations(shared, mean, threads)
        } else {
            Some(Vec::new())
        };
        let order = match order {
            Some(handle) => handle.join().ok().flatten(),
            None => order_of(keys),
        };
        (terms, order)
    });
    let terms = terms.ok_or("the standard deviation could not be computed")?;
    let sd = (n > 1).then(|| {
        let (mut total, mut compensation) = (0.0f64, 0.0f64);
        for term in terms {
            let t = total + term;
            if total.abs() >= term.abs() {
                compensation += (total - t) + term;
            } else {
                compensation += (term - t) + total;
            }
            total = t;
        }
        ((total + compensation) / (n - 1) as f64).sqrt()
    });
    let (min, max, [p5, p50, p95]) = match order {
        Some(order) => order,
        None => order_by_sorting(values),
    };
    Ok(Summary {
        mean,
        sd,
        p5,
        p50,
        p95,
        min,
        max,
    })
}

/// Values a thread of `summarise` takes at a time: below this, starting it costs more.
const PARALLEL_MIN: usize = 65_536;

/// Each value's squared deviation from `mean` in `f64`, in order, computed in pieces on up
/// to `threads` threads; `None` if a thread failed.
fn squared_deviations(values: &[Decimal], mean: Decimal, threads: usize) -> Option<Vec<f64>> {
    let square = |v: &Decimal| {
        // Exact deviation when it fits a decimal; past the range (values near ±7.9e28 on
        // both sides) the f64 difference is as good as it gets.
        let d = match v.checked_sub(mean) {
            Some(d) => d.to_f64().unwrap_or(f64::NAN),
            None => v.to_f64().unwrap_or(f64::NAN) - mean.to_f64().unwrap_or(f64::NAN),
        };
        d * d
    };
    let mut terms = vec![0.0; values.len()];
    let done = fill_in_pieces(&mut terms, PARALLEL_MIN, threads, |start, piece| {
        for (term, value) in piece.iter_mut().zip(&values[start..]) {
            *term = square(value);
        }
        true
    });
    done.then_some(terms)
}

/// The quantiles `summarise` reports.
const QUANTILES: [&str; 3] = ["0.05", "0.5", "0.95"];

/// min, max and the quantiles, normalised: `Decimal`'s order, by sorting.
fn order_by_sorting(values: &mut [Decimal]) -> (Decimal, Decimal, [Decimal; 3]) {
    values.sort_unstable();
    let q = |p: &str| percentile(values, p.parse().unwrap_or_default()).unwrap_or(values[0]);
    (
        values[0].normalize(),
        values[values.len() - 1].normalize(),
        QUANTILES.map(|p| q(p).normalize()),
    )
}

/// The values as integer counts of 10^-s (s the largest scale among them), whose order is the
/// decimals' order and whose sum is their exact sum.
struct Keys {
    keys: Vec<i128>,
    scale: u32,
}

impl Keys {
    /// `None` when some value does not fit 127 bits at the common scale. Computed in pieces on
    /// up to `threads` threads.
    fn of(values: &[Decimal], threads: usize) -> Option<Keys> {
        let scale = values.iter().map(|v| v.scale()).max()?;
        let mut keys = vec![0i128; values.len()];
        let fits = fill_in_pieces(&mut keys, PARALLEL_MIN, threads, |start, piece| {
            piece.iter_mut().zip(&values[start..]).all(|(key, v)| {
                let scaled = v
                    .mantissa()
                    .checked_mul(POW10[(scale - v.scale()) as usize]);
                *key = scaled.unwrap_or_default();
                scaled.is_some()
            })
        });
        fits.then_some(Keys { keys, scale })
    }

    /// The sum the decimals add up to one by one, when no addition rounds
    /// (`decimal::sum_of_scaled`).
    fn exact_sum(&self) -> Option<Decimal> {
        crate::decimal::sum_of_scaled(self.keys.iter().copied(), self.scale)
    }

    /// `order_by_sorting` without sorting: order statistics by selection (a million draws:
    /// tens of milliseconds instead of a sort's hundreds). The values at the ranks are the
    /// numbers the sort would put there, so the quantiles are the same to the digit.
    fn order(self) -> Option<(Decimal, Decimal, [Decimal; 3])> {
        let Keys { mut keys, scale } = self;
        let decimal = |key: i128| decimal_of_key(key, scale);
        let (min, max) = (decimal(*keys.iter().min()?)?, decimal(*keys.iter().max()?)?);
        let last = keys.len() - 1;
        let mut quantiles = [Decimal::ZERO; 3];
        // Ranks in increasing order: each selection leaves the larger values after its rank,
        // so the next one searches only those.
        let mut done = 0;
        for (quantile, p) in quantiles.iter_mut().zip(QUANTILES) {
            let rank = Rank::new(last, p.parse().ok()?)?;
            let rest = &mut keys[done..];
            let (_, &mut base, above) = rest.select_nth_unstable(rank.index - done);
            let next = || decimal(above.iter().copied().min()?);
            *quantile = rank
                .interpolate(decimal(base)?, next)
                .unwrap_or(min)
                .normalize();
            done = rank.index;
        }
        Some((min, max, quantiles))
    }
}

/// `Keys::order` of `values`, for tests.
#[cfg(test)]
fn order_by_keys(values: &[Decimal]) -> Option<(Decimal, Decimal, [Decimal; 3])> {
    Keys::of(values, 1)?.order()
}

/// A key back as a normalised decimal (its mantissa fits: it was one).
fn decimal_of_key(mut key: i128, mut scale: u32) -> Option<Decimal> {
    while scale > 0 && key % 10 == 0 {
        key /= 10;
        scale -= 1;
    }
    Decimal::try_from_i128_with_scale(key, scale).ok()
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

    fn decimals(draws: &[(i64, u32)]) -> Vec<Decimal> {
        draws.iter().map(|&(m, s)| Decimal::new(m, s)).collect()
    }

    #[test]
    fn order_statistics_by_keys_equal_sorting() {
        for draws in [
            vec![(5, 0)],
            vec![(5, 0), (-5, 1)],
            vec![(1, 0), (10, 1), (100, 2), (2, 0)],
            vec![(-3, 28), (3, 0), (0, 5), (7, 3), (-7, 3), (7, 3)],
        ] {
            let values = decimals(&draws);
            let bits = |(min, max, q): (Decimal, Decimal, [Decimal; 3])| {
                [min, max, q[0], q[1], q[2]].map(|d| d.serialize())
            };
            assert_eq!(
                order_by_keys(&values).map(bits),
                Some(bits(order_by_sorting(&mut values.clone()))),
                "{values:?}"
            );
        }
        // Past 127 bits at the common scale the sort decides.
        assert_eq!(order_by_keys(&[Decimal::MAX, Decimal::new(1, 28)]), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        #[test]
        fn order_statistics_by_keys_equal_sorting_on_any_draws(
            draws in proptest::collection::vec((-1_000_000i64..1_000_000, 0u32..=15), 1..400),
        ) {
            // Normalised, as simulations hand them over (few distinct scales, many ties).
            let values: Vec<Decimal> = decimals(&draws).into_iter().map(|d| d.normalize()).collect();
            let bits = |(min, max, q): (Decimal, Decimal, [Decimal; 3])| {
                [min, max, q[0], q[1], q[2]].map(|d| d.serialize())
            };
            proptest::prop_assert_eq!(
                order_by_keys(&values).map(bits),
                Some(bits(order_by_sorting(&mut values.clone())))
            );
        }
    }

    #[test]
    fn any_number_of_threads_gives_the_same_summary() {
        let mut rng = crate::scenario::rng::Xoshiro256::seed_from_u64(5);
        let values: Vec<Decimal> = (0..3 * PARALLEL_MIN + 17)
            .map(|_| Decimal::new(rng.int_between(-10_000_000, 90_000_000), 4).normalize())
            .collect();
        let one = summarise(&mut values.clone(), 1).unwrap();
        for threads in [2, 3, 8] {
            let many = summarise(&mut values.clone(), threads).unwrap();
            assert_eq!(many, one);
            assert_eq!(many.sd.map(f64::to_bits), one.sd.map(f64::to_bits));
        }
    }

    /// `summarise` as it was before keys, selection and threads: the oracle.
    fn summarise_oracle(values: &mut [Decimal]) -> Result<Summary, String> {
        let n = values.len();
        let mut sum = Decimal::ZERO;
        for v in values.iter() {
            sum = sum
                .checked_add(*v)
                .ok_or("the sum of the values is outside the decimal range")?;
        }
        let mean = (sum / Decimal::from(n as u64)).normalize();
        let sd = (n > 1).then(|| {
            let (mut total, mut compensation) = (0.0f64, 0.0f64);
            for v in values.iter() {
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
            ((total + compensation) / (n - 1) as f64).sqrt()
        });
        let (min, max, [p5, p50, p95]) = order_by_sorting(values);
        Ok(Summary {
            mean,
            sd,
            p5,
            p50,
            p95,
            min,
            max,
        })
    }

    fn summary_bits(s: &Summary) -> ([[u8; 16]; 6], Option<u64>) {
        (
            [s.mean, s.p5, s.p50, s.p95, s.min, s.max].map(|d| d.serialize()),
            s.sd.map(f64::to_bits),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

        #[test]
        fn summary_equals_the_sorting_summary_to_the_bit(
            draws in proptest::collection::vec(
                (proptest::prelude::any::<i64>(), 0u32..=28, 0u32..=3),
                1..300,
            ),
            threads in 1usize..=3,
        ) {
            // Mantissas from small to 64 bits, at every scale; some not normalised.
            let values: Vec<Decimal> = draws
                .iter()
                .map(|&(m, s, cut)| Decimal::new(m >> (cut * 20), s))
                .collect();
            let fast = summarise(&mut values.clone(), threads);
            let oracle = summarise_oracle(&mut values.clone());
            proptest::prop_assert_eq!(
                fast.as_ref().map(summary_bits).ok(),
                oracle.as_ref().map(summary_bits).ok()
            );
            proptest::prop_assert_eq!(fast.is_ok(), oracle.is_ok());
        }
    }

    #[test]
    fn summary_is_exact_where_it_can_be() {
        let mut v: Vec<Decimal> = [4, 1, 3, 2].iter().map(|&i| Decimal::from(i)).collect();
        let s = summarise(&mut v, 1).unwrap();
        assert_eq!(s.mean, d("2.5"));
        assert_eq!((s.min, s.max, s.p50), (d("1"), d("4"), d("2.5")));
        // sample sd of 1..4 is sqrt(5/3)
        assert!((s.sd.unwrap() - (5.0f64 / 3.0).sqrt()).abs() < 1e-15);
        let mut one = vec![d("7.5")];
        assert_eq!(summarise(&mut one, 1).unwrap().sd, None);
        assert!(summarise(&mut [], 1).is_err());
        let mut huge = vec![Decimal::MAX, Decimal::MAX];
        assert!(summarise(&mut huge, 1).is_err());
        // Deviations past the decimal range must not panic.
        let mut wide = vec![Decimal::MAX, Decimal::MIN, Decimal::ZERO];
        let s = summarise(&mut wide, 1).unwrap();
        assert_eq!(s.mean, Decimal::ZERO);
        assert!(s.sd.unwrap() > 7e28);
    }
}
