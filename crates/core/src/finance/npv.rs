//! Net present value of periodic flows (first flow at t = 0) in double-double arithmetic, with
//! the error bound that decides how many digits the result keeps, and MIRR, a ratio of two NPVs.

use std::rc::Rc;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::dd::{div_lanes, quick_two_sum, split, two_sum, Dd, U};
use super::{check_rate, digits_for, domain, rounded, FinanceError, FinanceResult};
use crate::decimal::decimal_from_f64;

/// Cash flows converted once for repeated evaluation (a sweep over many rates): the exact
/// decimals for exact sums and the double-double values for discounting. Cloning is cheap.
#[derive(Debug, Clone)]
pub struct CashFlows {
    pub decimals: Rc<[Decimal]>,
    pub values: Rc<[Dd]>,
}

impl CashFlows {
    pub fn new(decimals: Vec<Decimal>) -> CashFlows {
        let values: Vec<Dd> = decimals.iter().map(|d| Dd::from_decimal(*d)).collect();
        CashFlows {
            decimals: decimals.into(),
            values: values.into(),
        }
    }
}

/// NPV of `flows` at `rate` (first flow at t = 0) in double-double, with the scale
/// sum |flow_t| / |1+r|^t that error bounds and convergence tests are relative to. The message
/// of an error does not name a function: each caller says whose rate it was.
pub fn npv_dd(rate: Dd, flows: &[Dd]) -> Result<(Dd, f64), DiscountError> {
    let d = discount_factor(rate)?;
    let (p, scale) = horner(d, flows.iter().rev().map(|v| Some(*v))).unwrap_or_default();
    check_finite(p, scale, rate, flows.len())
}

/// Why flows cannot be discounted at a rate. The message names no function: each caller says
/// whose rate it was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DiscountError {
    /// 1 + rate is not positive: there is no discount factor.
    RateNotAboveMinusOne(f64),
    /// The discounted flows overflow: the rate is too close to -1 for this many periods.
    Overflow { rate: f64, periods: usize },
}

impl std::fmt::Display for DiscountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscountError::RateNotAboveMinusOne(rate) => {
                write!(f, "the rate must be greater than -1 (-100%), not {rate}")
            }
            DiscountError::Overflow { rate, periods } => write!(
                f,
                "the discounted flows overflow at rate {rate}: the rate is too close to -1 for \
                 {periods} periods"
            ),
        }
    }
}

impl std::error::Error for DiscountError {}

/// 1 / (1 + rate), or why there is none.
fn discount_factor(rate: Dd) -> Result<Dd, DiscountError> {
    Ok(Dd::ONE / discount_check(rate)?)
}

/// 1 + rate, when it is positive (a discount factor exists).
fn discount_check(rate: Dd) -> Result<Dd, DiscountError> {
    let one_plus = Dd::ONE + rate;
    if one_plus.hi <= 0.0 {
        return Err(DiscountError::RateNotAboveMinusOne(rate.hi));
    }
    Ok(one_plus)
}

fn check_finite(p: Dd, scale: f64, rate: Dd, n: usize) -> Result<(Dd, f64), DiscountError> {
    if !p.is_finite() || !scale.is_finite() {
        return Err(DiscountError::Overflow {
            rate: rate.hi,
            periods: n,
        });
    }
    Ok((p, scale))
}

/// Horner's scheme in double-double over the flows from last to first; None when an item is
/// None (not a number). Taking an iterator lets `npv_lazy` convert each element inside the
/// loop instead of collecting a vector first.
#[inline]
fn horner(d: Dd, mut reversed: impl Iterator<Item = Option<Dd>>) -> Option<(Dd, f64)> {
    let Some(last) = reversed.next() else {
        return Some((Dd::ZERO, 0.0));
    };
    let mut p = last?;
    let abs_d = d.hi.abs();
    let (dh, dl) = split(d.hi);
    let mut scale = p.hi.abs();
    for v in reversed {
        let v = v?;
        // p·d: the exact product of the high parts (Dekker, d split once outside the loop)
        // plus the cross terms; then + v with a single two_sum. This "sloppy" addition's
        // error is relative to |p·d| + |v|, which is what `npv_error` bounds anyway, and it
        // halves the dependent operations per flow.
        let prod = p.hi * d.hi;
        let (ph, pl) = split(p.hi);
        let exact_error = ((ph * dh - prod) + ph * dl + pl * dh) + pl * dl;
        let cross = exact_error + (p.hi * d.lo + p.lo * d.hi);
        let (s, e) = two_sum(prod, v.hi);
        let (hi, lo) = quick_two_sum(s, e + (cross + v.lo));
        p = Dd { hi, lo };
        scale = scale * abs_d + v.hi.abs();
    }
    Some((p, scale))
}

/// Absolute error bound of `npv_dd` (double-double Horner, first order).
pub(crate) fn npv_error(n: usize, scale: f64) -> f64 {
    (8.0 * n as f64 + 16.0) * U * U * scale
}

/// An `npv_dd` failure as `npv` reports it.
pub(crate) fn npv_failure(error: DiscountError) -> FinanceError {
    domain(format!("npv: {error}"))
}

/// NPV as a decimal with the digits achieved; a zero rate is an exact decimal sum.
pub fn npv(rate: Decimal, flows: &CashFlows) -> FinanceResult {
    npv_of(rate, &flows.values, &flows.decimals)
}

/// `npv` of flows held as plain slices (`values` in double-double, `decimals` the same flows
/// exactly, for a zero rate): what the what-if verbs' native path calls from several threads,
/// where the shared `CashFlows` cannot go.
pub fn npv_of(rate: Decimal, values: &[Dd], decimals: &[Decimal]) -> FinanceResult {
    if rate.is_zero() {
        return npv_sum(decimals);
    }
    let npv = npv_lazy(rate, values.iter().map(|v| Some(*v)))?;
    Ok(npv.unwrap_or_default())
}

/// `npv_of` at each rate in `rates`, one result each: the vector form of `npv` (numpy's
/// broadcasting over a rate array).
pub fn npv_rates(rates: &[Decimal], values: &[Dd], decimals: &[Decimal]) -> Vec<FinanceResult> {
    let mut out = Vec::with_capacity(rates.len());
    npv_rates_into(rates, values, decimals, &mut out);
    out
}

/// Rates discounted together by `npv_rates_into`: independent Horner chains interleaved so
/// that the processor overlaps their latencies (one chain waits on its previous step).
const LANES: usize = 16;

/// `npv_rates`, appending to `out`: `LANES` rates at a time through `horner_lanes`, each lane
/// doing exactly the operations `npv_of` does for its rate, so the digits are the same.
pub fn npv_rates_into(
    rates: &[Decimal],
    values: &[Dd],
    decimals: &[Decimal],
    out: &mut Vec<FinanceResult>,
) {
    out.reserve(rates.len());
    let n = values.len();
    for chunk in rates.chunks(LANES) {
        // `discount_factor` per lane: the check, then the divisions together (a lane that
        // has its answer already divides 1 by 1).
        let mut one_plus = [Dd::ONE; LANES];
        let mut rates_dd = [Dd::ZERO; LANES];
        let mut lanes: [Option<FinanceResult>; LANES] = Default::default();
        for (i, rate) in chunk.iter().enumerate() {
            if rate.is_zero() {
                lanes[i] = Some(npv_sum(decimals));
                continue;
            }
            let rate = Dd::from_decimal(*rate);
            rates_dd[i] = rate;
            match discount_check(rate) {
                Ok(sum) => one_plus[i] = sum,
                Err(message) => lanes[i] = Some(Err(npv_failure(message))),
            }
        }
        let factors = div_lanes([Dd::ONE; LANES], one_plus);
        let discounted = horner_lanes(factors, values);
        for i in 0..chunk.len() {
            out.push(match lanes[i].take() {
                Some(result) => result,
                None => {
                    let (p, scale) = discounted[i];
                    check_finite(p, scale, rates_dd[i], n)
                        .map_err(npv_failure)
                        .and_then(|(p, scale)| rounded(p.hi, digits_for(p.hi, npv_error(n, scale))))
                }
            });
        }
    }
}

/// `horner` on `LANES` discount factors at once over the same flows (every one present): the
/// same operations in the same order per lane, interleaved. Where the processor has AVX2 the
/// same code is compiled for it too (twice the lanes per instruction); the operations are the
/// same IEEE ones (nothing fused), so the bits are too.
fn horner_lanes(d: [Dd; LANES], flows: &[Dd]) -> [(Dd, f64); LANES] {
    #[cfg(target_arch = "x86_64")]
    if std::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor supports AVX2, checked just above.
        return unsafe { horner_lanes_avx2(d, flows) };
    }
    horner_lanes_portable(d, flows)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn horner_lanes_avx2(d: [Dd; LANES], flows: &[Dd]) -> [(Dd, f64); LANES] {
    horner_lanes_portable(d, flows)
}

#[inline(always)]
fn horner_lanes_portable(d: [Dd; LANES], flows: &[Dd]) -> [(Dd, f64); LANES] {
    let Some((last, rest)) = flows.split_last() else {
        return [(Dd::ZERO, 0.0); LANES];
    };
    let mut hi = [last.hi; LANES];
    let mut lo = [last.lo; LANES];
    let mut scale = [last.hi.abs(); LANES];
    let (d_hi, d_lo) = (d.map(|d| d.hi), d.map(|d| d.lo));
    let abs_d = d_hi.map(f64::abs);
    let split_d = d_hi.map(split);
    let (dh, dl) = (split_d.map(|s| s.0), split_d.map(|s| s.1));
    for v in rest.iter().rev() {
        for i in 0..LANES {
            let prod = hi[i] * d_hi[i];
            let (ph, pl) = split(hi[i]);
            let exact_error = ((ph * dh[i] - prod) + ph * dl[i] + pl * dh[i]) + pl * dl[i];
            let cross = exact_error + (hi[i] * d_lo[i] + lo[i] * d_hi[i]);
            let (s, e) = two_sum(prod, v.hi);
            let (h, l) = quick_two_sum(s, e + (cross + v.lo));
            hi[i] = h;
            lo[i] = l;
            scale[i] = scale[i] * abs_d[i] + v.hi.abs();
        }
    }
    std::array::from_fn(|i| {
        (
            Dd {
                hi: hi[i],
                lo: lo[i],
            },
            scale[i],
        )
    })
}

/// The exact sum of the flows: their NPV at a zero rate.
pub fn npv_sum(flows: &[Decimal]) -> FinanceResult {
    let mut sum = Decimal::ZERO;
    for v in flows {
        sum = sum
            .checked_add(*v)
            .ok_or_else(|| domain("npv: the sum of the flows overflows the decimal range"))?;
    }
    Ok(sum.normalize())
}

/// NPV in double-double, rounded to the digits achieved, of flows converted one by one inside
/// the Horner loop (no vector): `Ok(None)` when one of them is `None` (not a number), for the
/// caller to name it. A zero rate is discounted too; `npv_sum` is its exact answer.
pub fn npv_lazy<I>(rate: Decimal, flows: I) -> FinanceResult<Option<Decimal>>
where
    I: IntoIterator<Item = Option<Dd>>,
    I::IntoIter: DoubleEndedIterator + ExactSizeIterator,
{
    let flows = flows.into_iter();
    let n = flows.len();
    let rate = Dd::from_decimal(rate);
    let d = discount_factor(rate).map_err(npv_failure)?;
    let Some((p, scale)) = horner(d, flows.rev()) else {
        return Ok(None);
    };
    let (p, scale) = check_finite(p, scale, rate, n).map_err(npv_failure)?;
    rounded(p.hi, digits_for(p.hi, npv_error(n, scale))).map(Some)
}

/// The checks of `mirr` that need no flows, for callers that read the flows after them.
pub fn mirr_check(finance: Decimal, reinvest: Decimal, n: usize) -> FinanceResult<()> {
    check_rate("mirr", finance)?;
    check_rate("mirr", reinvest)?;
    if n < 2 {
        return Err(domain("mirr needs at least two cash flows"));
    }
    Ok(())
}

/// Modified IRR: payments financed at `finance`, receipts reinvested at `reinvest`.
pub fn mirr(values: &[Decimal], finance: Decimal, reinvest: Decimal) -> FinanceResult {
    mirr_check(finance, reinvest, values.len())?;
    let n = values.len();
    let pos: Vec<Dd> = values
        .iter()
        .map(|v| Dd::from_decimal(v.max(&Decimal::ZERO).to_owned()))
        .collect();
    let neg: Vec<Dd> = values
        .iter()
        .map(|v| Dd::from_decimal(v.min(&Decimal::ZERO).to_owned()))
        .collect();
    if !values.iter().any(|v| v.is_sign_positive() && !v.is_zero())
        || !values.iter().any(|v| v.is_sign_negative() && !v.is_zero())
    {
        return Err(domain(
            "mirr: the cash flows never change sign, so there is no MIRR (it needs at least one \
             payment and one receipt)",
        ));
    }
    let (numer, _) = npv_dd(Dd::from_decimal(reinvest), &pos)
        .map_err(|m| domain(format!("mirr: reinvest_rate: {m}")))?;
    let (denom, _) = npv_dd(Dd::from_decimal(finance), &neg)
        .map_err(|m| domain(format!("mirr: finance_rate: {m}")))?;
    let ratio = (numer / denom).hi.abs();
    let r = ratio.powf(1.0 / (n as f64 - 1.0)) * (1.0 + reinvest.to_f64().unwrap_or(0.0)) - 1.0;
    Ok(decimal_from_f64(r, 14)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn discounting_fails_with_a_typed_reason() {
        let flows = [Dd::from_f64(-100.0), Dd::from_f64(110.0)];
        let error = npv_dd(Dd::from_f64(-1.5), &flows).unwrap_err();
        assert_eq!(error, DiscountError::RateNotAboveMinusOne(-1.5));
        assert_eq!(
            npv_failure(error).message(),
            "npv: the rate must be greater than -1 (-100%), not -1.5"
        );
        let long: Vec<Dd> = (0..2_000).map(|_| Dd::from_f64(1e300)).collect();
        let error = npv_dd(Dd::from_f64(-0.999), &long).unwrap_err();
        assert!(
            matches!(error, DiscountError::Overflow { periods: 2_000, .. }),
            "{error:?}"
        );
        assert!(error
            .to_string()
            .contains("too close to -1 for 2000 periods"));
    }

    #[test]
    fn npv_survives_cancellation() {
        // npv(0.1, [-100, 110]) is exactly 0.
        let flows = [Dd::from_i64(-100), Dd::from_i64(110)];
        let (p, scale) = npv_dd(Dd::from_decimal(dec("0.1")), &flows).unwrap();
        assert!(p.hi.abs() <= npv_error(2, scale), "{p:?}");
        let npv = npv_lazy(dec("0.1"), flows.iter().map(|v| Some(*v))).unwrap();
        assert_eq!(npv, Some(Decimal::ZERO));
    }

    #[test]
    fn npv_at_a_zero_rate_is_an_exact_sum() {
        let flows = CashFlows::new(vec![dec("100000000000000000000"), dec("1"), dec("0.5")]);
        assert_eq!(
            npv(Decimal::ZERO, &flows).unwrap(),
            dec("100000000000000000001.5")
        );
    }

    #[test]
    fn npv_at_many_rates_is_npv_at_each() {
        let flows = CashFlows::new(vec![dec("-100"), dec("60"), dec("60.5")]);
        let rates = [dec("0"), dec("0.1"), dec("-0.5"), dec("-1")];
        let each: Vec<FinanceResult> = rates.iter().map(|r| npv(*r, &flows)).collect();
        let many = npv_rates(&rates, &flows.values, &flows.decimals);
        assert_eq!(many, each);
        assert_eq!(many[0], Ok(dec("20.5")));
        assert!(many[3].is_err());
    }

    use proptest::strategy::Strategy;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

        /// The interleaved kernel is `npv_of` lane by lane, bit for bit, whatever the number of
        /// rates (full and partial groups of lanes), zero and failing rates among them.
        #[test]
        fn npv_at_many_rates_is_npv_at_each_bit_for_bit(
            flows in proptest::collection::vec(-1_000_000_000i64..1_000_000_000, 0..60),
            flow_scale in 0u32..=6,
            rates in proptest::collection::vec(
                proptest::prop_oneof![
                    (-2_000_000i64..2_000_000, 1u32..=12).prop_map(|(m, s)| Decimal::new(m, s)),
                    (-200i64..500, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
                    proptest::prelude::Just(Decimal::ZERO),
                    proptest::prelude::Just(Decimal::NEGATIVE_ONE),
                    proptest::prelude::Just(Decimal::new(-9_999_999, 7)),
                ],
                0..23,
            ),
        ) {
            let decimals: Vec<Decimal> = flows.iter().map(|f| Decimal::new(*f, flow_scale)).collect();
            let flows = CashFlows::new(decimals);
            let each: Vec<FinanceResult> = rates.iter().map(|r| npv(*r, &flows)).collect();
            let many = npv_rates(&rates, &flows.values, &flows.decimals);
            let bits = |v: &[FinanceResult]| -> Vec<Option<[u8; 16]>> {
                v.iter().map(|r| r.as_ref().ok().map(|d| d.serialize())).collect()
            };
            proptest::prop_assert_eq!(&many, &each);
            proptest::prop_assert_eq!(bits(&many), bits(&each));
        }

        /// The lanes' double-doubles and scales are `horner`'s to the bit (the decimals above
        /// round most low-order differences away).
        #[test]
        fn interleaved_horner_is_horner_to_the_bit(
            flows in proptest::collection::vec(-1e12f64..1e12, 0..50),
            rates in proptest::collection::vec(-0.9f64..3.0, LANES),
        ) {
            let rates: [f64; LANES] = rates.try_into().unwrap_or([0.1; LANES]);
            let flows: Vec<Dd> = flows.iter().map(|f| Dd::from_decimal(
                Decimal::from_f64_retain(*f).unwrap_or_default().round_dp(4))).collect();
            let factors = rates.map(|r| discount_factor(Dd::from_f64(r)).unwrap_or(Dd::ONE));
            // The dispatched kernel (AVX2 where the processor has it) and the portable one.
            let lanes = horner_lanes(factors, &flows)
                .into_iter()
                .chain(horner_lanes_portable(factors, &flows));
            for (factor, (p, scale)) in factors.iter().cycle().zip(lanes) {
                let (q, expected) = horner(*factor, flows.iter().rev().map(|v| Some(*v))).unwrap();
                proptest::prop_assert_eq!(
                    (p.hi.to_bits(), p.lo.to_bits(), scale.to_bits()),
                    (q.hi.to_bits(), q.lo.to_bits(), expected.to_bits())
                );
            }
        }
    }

    #[test]
    fn lazy_npv_leaves_naming_a_bad_flow_to_the_caller() {
        let flows = [Some(Dd::ONE), None];
        assert_eq!(npv_lazy(dec("0.1"), flows), Ok(None));
    }

    #[test]
    fn mirr_matches_excel() {
        let v: Vec<Decimal> = [-120000, 39000, 30000, 21000, 37000, 46000]
            .into_iter()
            .map(Decimal::from)
            .collect();
        let r = mirr(&v, dec("0.10"), dec("0.12")).unwrap();
        assert!(
            (r - dec("0.126094130365")).abs() < dec("0.00000000001"),
            "{r}"
        );
        assert!(mirr(&v[..1], dec("0.1"), dec("0.1")).is_err());
    }
}
