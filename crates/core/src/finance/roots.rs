//! Internal rates of return of periodic flows: Excel's IRR (safeguarded Newton from a guess,
//! then the root nearest the guess) and every real root above -100%, each returned with the
//! digits its residual justifies.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::dd::{Dd, U};
use super::npv::{npv, npv_dd, npv_error, npv_failure, CashFlows};
use super::{check_rate, digits_for, domain, rounded, FinanceError, FinanceResult};

/// Why an IRR search of the function `what` (`irr`, `irr_roots`, `npv_profile`) finds no rate.
/// `Display` words it for an analyst; where the fix is another function (the NPV profile), the
/// embedder adds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootError {
    /// The flows never change sign: no rate makes their NPV zero.
    NoSignChange { what: &'static str },
    /// No rate above -100% makes the NPV zero where it can be computed accurately: a guess
    /// near the root, or the NPV profile, shows where it is.
    NoRoot { what: &'static str },
    /// The same for flows at dates (XIRR): no rate makes the XNPV zero.
    NoDatedRoot { what: &'static str },
}

impl std::fmt::Display for RootError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RootError::NoSignChange { what } => write!(
                f,
                "{what}: the cash flows never change sign, so there is no IRR (it needs at \
                 least one payment and one receipt)"
            ),
            RootError::NoRoot { what } => write!(
                f,
                "{what}: no rate above -100% makes the NPV zero: the NPV never crosses zero, or \
                 does so where it cannot be computed accurately; try a guess near the root"
            ),
            RootError::NoDatedRoot { what } => write!(
                f,
                "{what}: no rate above -100% makes the XNPV zero: it never crosses zero, or does \
                 so where it cannot be computed accurately; try a guess near the root"
            ),
        }
    }
}

impl std::error::Error for RootError {}

impl RootError {
    /// The same error for the function `what` that searched (a metric computed as an IRR).
    pub fn renamed(self, what: &'static str) -> RootError {
        match self {
            RootError::NoSignChange { .. } => RootError::NoSignChange { what },
            RootError::NoRoot { .. } => RootError::NoRoot { what },
            RootError::NoDatedRoot { .. } => RootError::NoDatedRoot { what },
        }
    }
}

impl From<RootError> for FinanceError {
    fn from(error: RootError) -> Self {
        FinanceError::Root(error)
    }
}

/// Why an IRR search cannot find anything.
pub(crate) fn check_sign_change(flows: &[Dd], what: &'static str) -> Result<(), RootError> {
    let positive = flows.iter().any(|v| v.hi > 0.0);
    let negative = flows.iter().any(|v| v.hi < 0.0);
    if positive && negative {
        Ok(())
    } else {
        Err(RootError::NoSignChange { what })
    }
}

/// NPV and its derivative in `f64`, for Newton steps.
fn npv_and_slope(rate: f64, flows: &[f64]) -> (f64, f64) {
    let d = 1.0 / (1.0 + rate);
    let mut p = 0.0;
    let mut dp = 0.0;
    for v in flows.iter().rev() {
        dp = dp * d + p;
        p = p * d + v;
    }
    // dP/dr = P'(d) * dd/dr, dd/dr = -d^2
    (p, -dp * d * d)
}

/// Newton's method from `guess` for a function of the rate above -1, safeguarded: a step that
/// would leave the domain goes half way to -100% instead, and once the root is bracketed
/// (values of both signs seen) a step that leaves the bracket or does not halve the previous
/// one is replaced by bisection. Plain Newton crawls or diverges on long flows, whose NPV
/// grows like (1+r)^-n below zero.
pub fn safeguarded_newton(eval: impl Fn(f64) -> (f64, f64), guess: f64) -> Option<f64> {
    let mut r = guess;
    let (mut f, mut slope) = eval(r);
    let (mut below, mut above): (Option<f64>, Option<f64>) = (None, None);
    let mut last_step = f64::INFINITY;
    for _ in 0..300 {
        if f.is_nan() {
            return None;
        }
        if f == 0.0 {
            return Some(r);
        }
        if f < 0.0 {
            below = Some(r);
        } else {
            above = Some(r);
        }
        let newton = r - f / slope;
        let newton_ok = f.is_finite() && slope.is_finite() && slope != 0.0 && newton.is_finite();
        let next = match (below, above) {
            (Some(a), Some(b)) => {
                let (lo, hi) = (a.min(b), a.max(b));
                if newton_ok && newton > lo && newton < hi && (newton - r).abs() <= 0.5 * last_step
                {
                    newton
                } else {
                    0.5 * (lo + hi)
                }
            }
            _ if newton_ok && newton > -1.0 => newton,
            _ => 0.5 * (r - 1.0),
        };
        if next <= -1.0 || !next.is_finite() {
            return None;
        }
        last_step = (next - r).abs();
        r = next;
        if last_step <= 4.0 * f64::EPSILON * r.abs().max(1e-300) {
            return Some(r);
        }
        (f, slope) = eval(r);
    }
    Some(r)
}

/// A root found by safeguarded Newton from `guess`, polished with the double-double NPV, or
/// None.
fn newton_root(flows: &[Dd], hi: &[f64], guess: f64) -> Option<f64> {
    let r = safeguarded_newton(|r| npv_and_slope(r, hi), guess)?;
    polish(flows, hi, r)
}

/// Two Newton steps with the accurate NPV, then the convergence test |NPV| <= 1e-12 · scale.
fn polish(flows: &[Dd], hi: &[f64], mut r: f64) -> Option<f64> {
    for _ in 0..3 {
        let (p, _) = npv_dd(Dd::from_f64(r), flows).ok()?;
        let (_, slope) = npv_and_slope(r, hi);
        if slope == 0.0 || !slope.is_finite() {
            break;
        }
        let next = r - p.hi / slope;
        if !next.is_finite() || next <= -1.0 {
            break;
        }
        if next == r {
            break;
        }
        r = next;
    }
    let (p, scale) = npv_dd(Dd::from_f64(r), flows).ok()?;
    (p.hi.abs() <= 1e-12 * scale).then_some(r)
}

/// A root as a decimal with the digits its residual justifies.
fn root_value(flows: &[Dd], hi: &[f64], r: f64) -> FinanceResult {
    let (p, scale) = npv_dd(Dd::from_f64(r), flows).map_err(npv_failure)?;
    let (_, slope) = npv_and_slope(r, hi);
    let residual = p.hi.abs() + npv_error(flows.len(), scale);
    let error = residual / slope.abs().max(f64::MIN_POSITIVE) + 2.0 * U * r.abs();
    // A root closer to zero than its error bound is zero as far as the flows can tell.
    if error >= r.abs() {
        return Ok(Decimal::ZERO);
    }
    rounded(r, digits_for(r, error).max(1))
}

/// The sign change of `eval` between `a` (where it is `fa`) and `b`, halved down to adjacent
/// doubles or 200 times. `zero_is_root` stops at a midpoint where `eval` is exactly 0; the XIRR
/// scan never did, and keeps bisecting past it so that its roots stay as they were.
pub(crate) fn bisect(
    eval: impl Fn(f64) -> f64,
    (mut a, mut fa): (f64, f64),
    mut b: f64,
    zero_is_root: bool,
) -> f64 {
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if m <= a || m >= b {
            break;
        }
        let fm = eval(m);
        if zero_is_root && fm == 0.0 {
            return m;
        }
        if (fm < 0.0) == (fa < 0.0) {
            a = m;
            fa = fm;
        } else {
            b = m;
        }
    }
    0.5 * (a + b)
}

/// Positive roots of `sum c_t x^t` on (0, 1], by sign changes on a grid and bisection.
fn roots_in_unit_interval(coefficients: &[f64]) -> Vec<f64> {
    const GRID: usize = 4096;
    let eval = |x: f64| coefficients.iter().rev().fold(0.0, |acc, c| acc * x + c);
    let mut roots = Vec::new();
    let mut x0 = 0.0;
    let mut f0 = eval(0.0);
    for k in 1..=GRID {
        let x1 = k as f64 / GRID as f64;
        let f1 = eval(x1);
        if f1 == 0.0 {
            roots.push(x1);
        } else if f0 != 0.0 && (f0 < 0.0) != (f1 < 0.0) {
            roots.push(bisect(eval, (x0, f0), x1, true));
        }
        x0 = x1;
        f0 = f1;
    }
    roots
}

fn high_parts(flows: &[Dd]) -> Vec<f64> {
    flows.iter().map(|v| v.hi).collect()
}

/// Candidate IRRs above -1 from sign changes of the `f64` NPV. With x = 1/(1+r), NPV is a
/// polynomial in x; roots with r >= 0 lie in x ∈ (0, 1], and roots with -1 < r < 0 are roots
/// of the reversed polynomial in y = 1 + r ∈ (0, 1). Roots where NPV touches zero without
/// changing sign (double roots), and rates above about 4,000 (400,000%), are not found.
fn irr_roots_scan(hi: &[f64]) -> Vec<f64> {
    let mut found = Vec::new();
    for x in roots_in_unit_interval(hi) {
        found.push(1.0 / x - 1.0);
    }
    let reversed: Vec<f64> = hi.iter().rev().copied().collect();
    for y in roots_in_unit_interval(&reversed) {
        if y < 1.0 {
            found.push(y - 1.0);
        }
    }
    found
        .into_iter()
        .filter(|r| *r > -1.0 && r.is_finite())
        .collect()
}

/// A scan root kept only when the accurate NPV confirms it: polished to the convergence test,
/// or bracketed by two nearby rates where the double-double NPV has opposite signs beyond its
/// error bound (a root the `f64` scan saw in rounding noise is dropped).
fn confirmed(flows: &[Dd], hi: &[f64], r: f64) -> Option<f64> {
    if let Some(better) = polish(flows, hi, r) {
        if (better - r).abs() <= 1e-6 * r.abs().max(1e-3) {
            return Some(better);
        }
    }
    let value = |x: f64| {
        npv_dd(Dd::from_f64(x), flows)
            .ok()
            .map(|(p, scale)| (p.hi, npv_error(flows.len(), scale)))
    };
    bracketed(value, r).then_some(r)
}

/// Whether `eval` (value, error bound) changes sign beyond its error bound across `r`, within
/// a millionth of the distance to -100% or of `r`'s size.
pub(crate) fn bracketed(eval: impl Fn(f64) -> Option<(f64, f64)>, r: f64) -> bool {
    let reach = (1.0 + r).min(r.abs().max(1e-3));
    [1e-12, 1e-9, 1e-6].into_iter().any(|step| {
        let delta = step * reach;
        match (eval(r - delta), eval(r + delta)) {
            (Some((a, ea)), Some((b, eb))) => {
                a.abs() > ea && b.abs() > eb && (a < 0.0) != (b < 0.0)
            }
            _ => false,
        }
    })
}

/// How many times the flows change sign, zeros skipped. By Descartes' rule of signs the flows
/// have at most that many IRRs above -100%: one change means one IRR, and no scan is needed.
pub(crate) fn sign_changes(values: impl IntoIterator<Item = f64>) -> usize {
    let mut last = 0.0f64;
    let mut changes = 0;
    for v in values {
        if v != 0.0 {
            if last != 0.0 && (v < 0.0) != (last < 0.0) {
                changes += 1;
            }
            last = v;
        }
    }
    changes
}

/// Every confirmed IRR above -100% (see `irr_roots_scan`), sorted.
pub fn irr_roots_f64(flows: &[Dd]) -> Vec<f64> {
    let hi = high_parts(flows);
    let mut roots: Vec<f64> = irr_roots_scan(&hi)
        .into_iter()
        .filter_map(|r| confirmed(flows, &hi, r))
        .collect();
    roots.sort_by(f64::total_cmp);
    roots.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * a.abs().max(1e-12));
    roots
}

/// An IRR, and every IRR the flows have when there is more than one (sorted, the IRR among
/// them), for the caller to tell the user which one was chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct IrrSearch<T = f64> {
    pub rate: T,
    pub roots: Vec<T>,
}

/// The root nearest `guess` among `roots` and Newton's confirmed root; all of them when there
/// are several. Shared by IRR and XIRR.
pub(crate) fn nearest_root<E>(
    newton: Option<f64>,
    mut roots: Vec<f64>,
    guess: f64,
    none: impl FnOnce() -> E,
) -> Result<IrrSearch, E> {
    if let Some(r) = newton {
        if !roots
            .iter()
            .any(|x| (x - r).abs() <= 1e-9 * r.abs().max(1e-9))
        {
            roots.push(r);
            roots.sort_by(f64::total_cmp);
        }
    }
    let rate = roots
        .iter()
        .copied()
        .min_by(|a, b| (a - guess).abs().total_cmp(&(b - guess).abs()))
        .ok_or_else(none)?;
    if roots.len() < 2 {
        roots.clear();
    }
    Ok(IrrSearch { rate, roots })
}

/// Excel's IRR: Newton from `guess` (damped so that it stays above -100%); when it fails,
/// the root nearest the guess.
pub fn irr_f64(flows: &[Dd], guess: f64) -> Result<f64, RootError> {
    irr_with(flows, &high_parts(flows), guess).map(|search| search.rate)
}

/// The IRR nearest `guess`: Newton's root when the flows change sign once (then it is the only
/// one), else the confirmed root of a scan nearest the guess, with every root found.
fn irr_with(flows: &[Dd], hi: &[f64], guess: f64) -> Result<IrrSearch, RootError> {
    check_sign_change(flows, "irr")?;
    let newton = newton_root(flows, hi, guess);
    if let (Some(rate), 1) = (newton, sign_changes(hi.iter().copied())) {
        return Ok(IrrSearch {
            rate,
            roots: Vec::new(),
        });
    }
    nearest_root(newton, irr_roots_f64(flows), guess, || RootError::NoRoot {
        what: "irr",
    })
}

/// Excel's IRR as a decimal with the digits its residual justifies.
pub fn irr(flows: &[Dd], guess: Decimal) -> FinanceResult {
    irr_search(flows, guess).map(|search| search.rate)
}

/// Excel's IRR with every IRR of the flows when there are several, as decimals.
pub fn irr_search(flows: &[Dd], guess: Decimal) -> FinanceResult<IrrSearch<Decimal>> {
    let guess = guess.to_f64().unwrap_or(0.1);
    if guess <= -1.0 {
        return Err(domain(format!(
            "irr: the guess must be greater than -1 (-100%), not {guess}"
        )));
    }
    let hi = high_parts(flows);
    let search = irr_with(flows, &hi, guess)?;
    Ok(IrrSearch {
        rate: root_value(flows, &hi, search.rate)?,
        roots: search
            .roots
            .iter()
            .map(|r| root_value(flows, &hi, *r))
            .collect::<FinanceResult<_>>()?,
    })
}

/// Every real IRR above -100% (see `irr_roots_f64`) as decimals.
pub fn irr_roots(flows: &[Dd]) -> FinanceResult<Vec<Decimal>> {
    check_sign_change(flows, "irr_roots")?;
    let hi = high_parts(flows);
    irr_roots_f64(flows)
        .into_iter()
        .map(|r| root_value(flows, &hi, r))
        .collect()
}

/// One row of an NPV profile: a rate, the NPV there (None where the discounted flows overflow
/// the decimal range), and whether the rate is an IRR.
#[derive(Debug, Clone, PartialEq)]
pub struct ProfilePoint {
    pub rate: Decimal,
    pub npv: Option<Decimal>,
    pub root: bool,
}

/// Rates a profile shows when none are given: every IRR and 0 (where the NPV is the plain sum),
/// with a quarter of their span (at least 10%) on either side, never reaching -100%.
fn profile_range(roots: &[Decimal]) -> (f64, f64) {
    let points: Vec<f64> = roots
        .iter()
        .filter_map(|r| r.to_f64())
        .chain([0.0])
        .collect();
    let low = points.iter().copied().fold(f64::INFINITY, f64::min);
    let high = points.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let margin = ((high - low) / 4.0).max(0.1);
    let from = if low - margin > -1.0 {
        low - margin
    } else {
        (low - 1.0) / 2.0
    };
    (from, high + margin)
}

/// A round step near `span / 20`: 1, 2 or 5 times a power of ten, as an exact decimal.
fn round_step(span: f64) -> Decimal {
    let raw = (span / 20.0).max(1e-20);
    let exponent = raw.log10().floor();
    let mantissa = raw / 10f64.powf(exponent);
    let digit = [1, 2, 5, 10]
        .into_iter()
        .find(|d| *d as f64 >= mantissa - 1e-9)
        .unwrap_or(10);
    let exponent = exponent as i64;
    if exponent >= 0 {
        Decimal::from(digit) * Decimal::from(10u64.pow(exponent.min(18) as u32))
    } else {
        Decimal::new(digit, (-exponent).min(27) as u32)
    }
}

/// The NPV of `flows` at about twenty round rates from `from` to `to` (by default a range
/// showing every IRR and 0), with each IRR in the range as a row of its own, sorted by rate.
pub fn npv_profile(
    flows: &CashFlows,
    range: Option<(Decimal, Decimal)>,
) -> FinanceResult<Vec<ProfilePoint>> {
    if flows.values.is_empty() {
        return Err(domain("npv_profile: there are no cash flows"));
    }
    let roots = if check_sign_change(&flows.values, "npv_profile").is_ok() {
        irr_roots(&flows.values)?
    } else {
        Vec::new()
    };
    let (from, to) = match range {
        Some((from, to)) => {
            check_rate("npv_profile", from)?;
            if from >= to {
                return Err(domain(format!(
                    "npv_profile: the range must go up: from {} is not below to {}",
                    from.normalize(),
                    to.normalize()
                )));
            }
            (from, to)
        }
        None => {
            let (from, to) = profile_range(&roots);
            let from =
                Decimal::from_f64_retain(from).unwrap_or(Decimal::NEGATIVE_ONE / Decimal::TWO);
            let to = Decimal::from_f64_retain(to).unwrap_or(Decimal::ONE);
            (from, to)
        }
    };
    let too_wide = || {
        domain(format!(
            "npv_profile: the range {} to {} is too wide to chart; choose rates within \
             ±1,000,000 (100,000,000%)",
            from.normalize(),
            to.normalize()
        ))
    };
    let limit = Decimal::from(1_000_000);
    if to > limit || from < -limit {
        return Err(too_wide());
    }
    let step = round_step((to - from).to_f64().unwrap_or(1.0));
    let mut rates: Vec<(Decimal, bool)> = Vec::new();
    let mut k = (from / step).ceil();
    // About twenty rows by construction of the step; the bound only guards that arithmetic.
    for _ in 0..100 {
        let rate = k.checked_mul(step).ok_or_else(too_wide)?.normalize();
        if rate > to {
            break;
        }
        if rate > Decimal::NEGATIVE_ONE {
            rates.push((rate, false));
        }
        k += Decimal::ONE;
    }
    for root in roots.iter().filter(|r| **r >= from && **r <= to) {
        match rates.iter_mut().find(|(rate, _)| rate == root) {
            Some(point) => point.1 = true,
            None => rates.push((*root, true)),
        }
    }
    rates.sort_by_key(|point| point.0);
    Ok(rates
        .into_iter()
        .map(|(rate, root)| ProfilePoint {
            rate,
            npv: npv(rate, flows).ok(),
            root,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn long_flows_solve_by_newton_without_the_scan() {
        // One outlay then 999 receipts: plain Newton from 0.1 leaves the domain and then crawls.
        let mut v = vec![Dd::from_i64(-1_000_000)];
        v.extend(
            (1..1000).map(|i| Dd::from_decimal(Decimal::new(150_000 + (i * 3_701) % 100_000, 2))),
        );
        let hi = high_parts(&v);
        let r = newton_root(&v, &hi, 0.1).expect("safeguarded Newton converges");
        let (p, scale) = npv_dd(Dd::from_f64(r), &v).unwrap();
        assert!(p.hi.abs() <= 1e-12 * scale);
    }

    #[test]
    fn two_sign_changes_have_two_roots() {
        let flows = [Dd::from_i64(-100), Dd::from_i64(230), Dd::from_i64(-132)];
        assert_eq!(irr_roots(&flows).unwrap(), vec![dec("0.1"), dec("0.2")]);
        assert_eq!(irr(&flows, dec("0.05")).unwrap(), dec("0.1"));
        assert_eq!(irr(&flows, dec("0.3")).unwrap(), dec("0.2"));
    }

    #[test]
    fn no_sign_change_and_a_bad_guess_say_why() {
        let flows = [Dd::from_i64(100), Dd::from_i64(200)];
        let e = irr(&flows, dec("0.1")).unwrap_err();
        assert_eq!(
            e,
            FinanceError::Root(RootError::NoSignChange { what: "irr" })
        );
        assert!(e.message().contains("never change sign"), "{e}");
        assert_eq!(
            irr_roots(&flows),
            Err(FinanceError::Root(RootError::NoSignChange {
                what: "irr_roots"
            }))
        );
        assert_eq!(
            irr_f64(&flows, 0.1),
            Err(RootError::NoSignChange { what: "irr" })
        );
        let e = irr(&[Dd::from_i64(-1), Dd::from_i64(2)], dec("-2")).unwrap_err();
        assert!(e.message().contains("guess must be greater than -1"), "{e}");
    }

    #[test]
    fn several_roots_come_with_the_one_nearest_the_guess() {
        let flows = [Dd::from_i64(-100), Dd::from_i64(230), Dd::from_i64(-132)];
        let search = irr_search(&flows, dec("0.1")).unwrap();
        assert_eq!(search.rate, dec("0.1"));
        assert_eq!(search.roots, vec![dec("0.1"), dec("0.2")]);
        assert_eq!(irr_search(&flows, dec("0.17")).unwrap().rate, dec("0.2"));
        // One sign change: one root, no list.
        let one = [Dd::from_i64(-100), Dd::from_i64(60), Dd::from_i64(60)];
        assert!(irr_search(&one, dec("0.1")).unwrap().roots.is_empty());
    }

    #[test]
    #[allow(clippy::excessive_precision)] // the digits as the peer publishes them
    fn numpy_financial_gh_15_finds_the_root_near_minus_one() {
        // numpy-financial test_gh_15: flows decaying to 1e-313; IRR -0.9999999990596069, rtol 1e-9.
        let values = [
            -3000.0,
            2.3926932267015667e-07,
            4.1672087103345505e-16,
            5.3965110036378706e-25,
            5.1962551071806174e-34,
            3.7202955645436402e-43,
            1.9804961711632469e-52,
            7.8393517651814181e-62,
            2.3072565113911438e-71,
            5.0491839233308912e-81,
            8.2159177668499263e-91,
            9.9403244366963527e-101,
            8.942410813633967e-111,
            5.9816122646481191e-121,
            2.9750309031844241e-131,
            1.1002067043497954e-141,
            3.0252876563518021e-152,
            6.1854121948207909e-163,
            9.4032980015353301e-174,
            1.0629218520017728e-184,
            8.9337141847171845e-196,
            5.5830607698467935e-207,
            2.5943122036622652e-218,
            8.9635842466507006e-230,
            2.3027710094332358e-241,
            4.3987510596745562e-253,
            6.2476630372575209e-265,
            6.598046841695288e-277,
            5.1811095266842017e-289,
            3.0250999925830644e-301,
            1.3133070599585015e-313,
        ];
        let flows: Vec<Dd> = values.iter().map(|v| Dd::from_f64(*v)).collect();
        let r = irr_f64(&flows, 0.1).expect("the root near -1 is found");
        assert!((r - -0.9999999990596069).abs() <= 1e-9, "{r}");
        let decimal = irr(&flows, dec("0.1")).unwrap();
        assert!(
            decimal > dec("-1") && decimal < dec("-0.999999998"),
            "{decimal}"
        );
    }

    #[test]
    fn noise_is_not_a_root() {
        // Flows that never cross zero: the scan's f64 sign changes, if any, are not confirmed.
        let flows = [Dd::from_i64(-1), Dd::from_i64(2), Dd::from_i64(-2)];
        let e = irr(&flows, dec("0.1")).unwrap_err();
        assert_eq!(e, FinanceError::Root(RootError::NoRoot { what: "irr" }));
        assert!(e.message().contains("try a guess near the root"), "{e}");
    }

    #[test]
    fn a_profile_shows_every_root_and_zero() {
        let flows = CashFlows::new(vec![dec("-100"), dec("230"), dec("-132")]);
        let profile = npv_profile(&flows, None).unwrap();
        let roots: Vec<Decimal> = profile.iter().filter(|p| p.root).map(|p| p.rate).collect();
        assert_eq!(roots, vec![dec("0.1"), dec("0.2")]);
        assert!(profile.first().unwrap().rate < Decimal::ZERO);
        assert!(profile.last().unwrap().rate > dec("0.2"));
        assert!(profile.windows(2).all(|w| w[0].rate < w[1].rate));
        // NPV is negative outside the roots and positive between them.
        for point in &profile {
            let npv = point.npv.unwrap();
            let between = point.rate > dec("0.1") && point.rate < dec("0.2");
            if !point.root {
                assert_eq!(npv > Decimal::ZERO, between, "{point:?}");
            }
        }
        let given = npv_profile(&flows, Some((dec("0"), dec("0.3")))).unwrap();
        assert_eq!(given.first().unwrap().rate, Decimal::ZERO);
        assert_eq!(given.last().unwrap().rate, dec("0.3"));
        assert!(npv_profile(&flows, Some((dec("0.3"), dec("0")))).is_err());
        let e = npv_profile(
            &flows,
            Some((dec("0"), dec("70000000000000000000000000000"))),
        );
        assert!(e.unwrap_err().message().contains("too wide"));
        let tiny = npv_profile(&flows, Some((dec("0.1"), dec("0.1000000001")))).unwrap();
        assert!(tiny.len() >= 10 && tiny.len() <= 40, "{}", tiny.len());
    }
}
