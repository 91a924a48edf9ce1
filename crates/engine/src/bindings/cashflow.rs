//! Cash-flow mathematics with numpy-financial's and Excel's conventions: NPV, IRR (and every
//! IRR root), MIRR, the time-value-of-money closed forms (FV, PV, PMT, IPMT, PPMT, NPER, RATE)
//! and dated flows (XNPV, XIRR).
//!
//! How exact each result is, and why:
//! * Closed forms with a whole number of periods (`fv`, `pv`, `pmt`, `ipmt`, `ppmt`) run in
//!   `Decimal` (28 digits) and are rounded to 20 significant digits, which covers the rounding of
//!   the repeated multiplications; a result with fewer digits (`fv(0.1, 2, 0, -100)` = 121) is
//!   exact. Fractional periods, or powers beyond the decimal range, go through `f64`.
//! * Discount factors `1/(1+r)^t` are rational but not finite decimals, so `npv` evaluates the
//!   flows in double-double arithmetic (two `f64`s, about 31 digits, Horner's scheme) and
//!   rounds to the significant digits an error bound guarantees, at most 15. This is as fast as
//!   plain `f64` up to a small factor and survives the cancellation near an IRR. A zero rate is
//!   an exact decimal sum.
//! * Roots (IRR, XIRR, RATE) and fractional powers are irrational: Newton in `f64` from the
//!   guess (0.1 as in Excel), safeguarded by bisection once the root is bracketed, polished
//!   with the double-double NPV, accepted only when |NPV| <= 1e-12 of the flows' scale, and
//!   returned with the digits the residual justifies. When Newton fails, the root nearest the
//!   guess from a scan (`irr_roots`) is used; when there is none, an error says why.
//! * Dated flows discount by `(1+r)^(days/365)` in `f64` with a compensated sum and a
//!   first-order error bound per term.
//!
//! Speed: `npv(r, array)` converts each element inside the Horner loop (Rhai has already cloned
//! the array for the call); `array.npv(r)` avoids the clone; `CashFlows` (made by
//! `cashflows([...])`) caches the converted flows, so a sweep over many rates converts once.
//! `cargo bench --bench finance` measures all three.

use std::ops::{Add, Div, Mul, Neg};
use std::rc::Rc;

use rhai::plugin::*;
use rhai::Array;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use crate::numbers::{decimal_from_f64, script_error, RhaiResult};

// ---------------------------------------------------------------------------------------------
// Double-double arithmetic: a value is `hi + lo` with |lo| <= ulp(hi)/2.

/// A double-double number (about 31 significant digits).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dd {
    pub hi: f64,
    pub lo: f64,
}

const U: f64 = f64::EPSILON / 2.0;

#[inline(always)]
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

#[inline(always)]
fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// Dekker's split of `a` into two halves of 26 bits whose products are exact.
#[inline(always)]
fn split(a: f64) -> (f64, f64) {
    const SPLIT: f64 = 134_217_729.0; // 2^27 + 1
    let t = SPLIT * a;
    let high = t - (t - a);
    (high, a - high)
}

/// Exact powers of ten as doubles.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The doubles nearest to 10^-s.
const INV_POW10: [f64; 23] = [
    1e-0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14,
    1e-15, 1e-16, 1e-17, 1e-18, 1e-19, 1e-20, 1e-21, 1e-22,
];

#[inline(always)]
fn two_prod(a: f64, b: f64) -> (f64, f64) {
    let p = a * b;
    #[cfg(target_feature = "fma")]
    {
        (p, a.mul_add(b, -p))
    }
    #[cfg(not(target_feature = "fma"))]
    {
        // Dekker: exact when nothing overflows, which the callers' magnitudes guarantee.
        let (ah, al) = split(a);
        let (bh, bl) = split(b);
        (p, ((ah * bh - p) + ah * bl + al * bh) + al * bl)
    }
}

impl Dd {
    pub const ZERO: Dd = Dd { hi: 0.0, lo: 0.0 };
    pub const ONE: Dd = Dd { hi: 1.0, lo: 0.0 };

    pub fn from_f64(x: f64) -> Dd {
        Dd { hi: x, lo: 0.0 }
    }

    pub fn from_i64(x: i64) -> Dd {
        let hi = x as f64;
        let lo = (i128::from(x) - hi as i128) as f64;
        let (hi, lo) = quick_two_sum(hi, lo);
        Dd { hi, lo }
    }

    /// A decimal as a double-double: the mantissa splits exactly into two `f64`s, and the
    /// division by the power of ten is a double-double division (error about 1e-32).
    pub fn from_decimal(d: Decimal) -> Dd {
        let m = d.mantissa();
        const EXACT: i128 = 1 << 53;
        let scale = d.scale();
        if (-EXACT..=EXACT).contains(&m) && scale <= 22 {
            // Fast path (most money amounts): m and 10^s are exact doubles, so one division,
            // an exact product and one correction give the double-double quotient.
            // Through i64: converting an i128 to f64 is a slow library call.
            let m = m as i64 as f64;
            if scale == 0 {
                return Dd::from_f64(m);
            }
            // hi ≈ m / 10^s by a multiplication (within an ulp or two); ph + pl = hi · 10^s
            // exactly and m − ph is exact (Sterbenz), so lo corrects hi to ~1e-32.
            let p = POW10[scale as usize];
            let hi = m * INV_POW10[scale as usize];
            let (ph, pl) = two_prod(hi, p);
            let lo = ((m - ph) - pl) * INV_POW10[scale as usize];
            let (hi, lo) = quick_two_sum(hi, lo);
            return Dd { hi, lo };
        }
        let hi = m as f64;
        let lo = (m - hi as i128) as f64;
        let (hi, lo) = quick_two_sum(hi, lo);
        let mantissa = Dd { hi, lo };
        match d.scale() {
            0 => mantissa,
            s if s <= 22 => mantissa.div(Dd::from_f64(10f64.powi(s as i32))),
            s => {
                let (hi, lo) = two_prod(1e22, 10f64.powi(s as i32 - 22));
                mantissa.div(Dd { hi, lo })
            }
        }
    }

    pub fn is_finite(self) -> bool {
        self.hi.is_finite() && self.lo.is_finite()
    }
}

impl Add for Dd {
    type Output = Dd;
    #[inline(always)]
    fn add(self, b: Dd) -> Dd {
        let (s, e) = two_sum(self.hi, b.hi);
        let (t, f) = two_sum(self.lo, b.lo);
        let (s, e) = quick_two_sum(s, e + t);
        let (hi, lo) = quick_two_sum(s, e + f);
        Dd { hi, lo }
    }
}

impl Mul for Dd {
    type Output = Dd;
    #[inline(always)]
    fn mul(self, b: Dd) -> Dd {
        let (p, e) = two_prod(self.hi, b.hi);
        let (hi, lo) = quick_two_sum(p, e + (self.hi * b.lo + self.lo * b.hi));
        Dd { hi, lo }
    }
}

impl Neg for Dd {
    type Output = Dd;
    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

impl Div for Dd {
    type Output = Dd;
    fn div(self, b: Dd) -> Dd {
        let q1 = self.hi / b.hi;
        let r = self.add(b.mul(Dd::from_f64(q1)).neg());
        let q2 = r.hi / b.hi;
        let r = r.add(b.mul(Dd::from_f64(q2)).neg());
        let q3 = r.hi / b.hi;
        let (hi, lo) = quick_two_sum(q1, q2);
        Dd { hi, lo }.add(Dd::from_f64(q3))
    }
}

// ---------------------------------------------------------------------------------------------
// Reading script values.

/// One script number as a double-double, if it is one.
#[inline]
fn dd_if_number(value: &Dynamic) -> Option<Dd> {
    if let Ok(int) = value.as_int() {
        Some(Dd::from_i64(int))
    } else if let Ok(decimal) = value.as_decimal() {
        Some(Dd::from_decimal(decimal))
    } else {
        None
    }
}

fn not_a_number(value: &Dynamic, what: &str) -> Box<EvalAltResult> {
    script_error(format!(
        "{what} must be a number, not {} ({value})",
        value.type_name()
    ))
}

/// One script number as a double-double, or an error naming `what`.
pub fn dd_of(value: &Dynamic, what: &str) -> RhaiResult<Dd> {
    dd_if_number(value).ok_or_else(|| not_a_number(value, what))
}

/// The flows of a script array, each converted once. The element's name is only formatted
/// for an error: this loop is the hot path of `npv(rate, array)`.
pub fn flows_of(values: &Array, what: &str) -> RhaiResult<Vec<Dd>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| dd_if_number(v).ok_or_else(|| not_a_number(v, &format!("{what}[{i}]"))))
        .collect()
}

fn decimals_of(values: &Array, what: &str) -> RhaiResult<Vec<Decimal>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_int()
                .map(Decimal::from)
                .or_else(|_| v.as_decimal())
                .map_err(|_| not_a_number(v, &format!("{what}[{i}]")))
        })
        .collect()
}

/// Cash flows converted once for repeated evaluation (`cashflows([...])` in scripts): the exact
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

    pub fn from_array(values: &Array) -> RhaiResult<CashFlows> {
        Ok(CashFlows::new(decimals_of(values, "cashflows")?))
    }
}

// ---------------------------------------------------------------------------------------------
// NPV.

/// Number of significant digits an `f64` result carries given an absolute error bound.
fn digits_for(value: f64, error: f64) -> u32 {
    if value == 0.0 {
        return 0;
    }
    if error <= 0.0 {
        return 15;
    }
    let digits = (value.abs() / error).log10().floor();
    if digits >= 15.0 {
        15
    } else if digits < 1.0 {
        0
    } else {
        digits as u32
    }
}

fn rounded(value: f64, digits: u32) -> RhaiResult<Decimal> {
    if digits == 0 {
        Ok(Decimal::ZERO)
    } else {
        decimal_from_f64(value, digits)
    }
}

/// NPV of `flows` at `rate` (first flow at t = 0) in double-double, with the scale
/// sum |flow_t| / |1+r|^t that error bounds and convergence tests are relative to.
pub fn npv_dd(rate: Dd, flows: &[Dd]) -> Result<(Dd, f64), String> {
    let d = discount_factor(rate)?;
    let (p, scale) = horner(d, flows.iter().rev().map(|v| Some(*v))).unwrap_or_default();
    check_finite(p, scale, rate, flows.len())
}

/// 1 / (1 + rate), or why there is none.
fn discount_factor(rate: Dd) -> Result<Dd, String> {
    let one_plus = Dd::ONE.add(rate);
    if one_plus.hi <= 0.0 {
        return Err(format!(
            "the rate must be greater than -1 (-100%), not {}",
            rate.hi
        ));
    }
    Ok(Dd::ONE.div(one_plus))
}

fn check_finite(p: Dd, scale: f64, rate: Dd, n: usize) -> Result<(Dd, f64), String> {
    if !p.is_finite() || !scale.is_finite() {
        return Err(format!(
            "the discounted flows overflow at rate {}: the rate is too close to -1 for {n} periods",
            rate.hi
        ));
    }
    Ok((p, scale))
}

/// Horner's scheme in double-double over the flows from last to first; None when an item is
/// None (not a number). Taking an iterator lets `npv(rate, array)` convert each element inside
/// the loop instead of collecting a vector first.
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
fn npv_error(n: usize, scale: f64) -> f64 {
    (8.0 * n as f64 + 16.0) * U * U * scale
}

/// NPV as a decimal with the digits achieved; a zero rate is an exact decimal sum.
pub fn npv_value(rate: Decimal, flows: &CashFlowsRef) -> RhaiResult<Decimal> {
    if rate.is_zero() {
        let mut sum = Decimal::ZERO;
        for v in flows.decimals() {
            sum = sum.checked_add(v).ok_or_else(|| {
                script_error("npv: the sum of the flows overflows the decimal range")
            })?;
        }
        return Ok(sum.normalize());
    }
    let (p, scale) = npv_dd(Dd::from_decimal(rate), flows.values()).map_err(npv_error_msg)?;
    rounded(
        p.hi,
        digits_for(p.hi, npv_error(flows.values().len(), scale)),
    )
}

fn npv_error_msg(message: String) -> Box<EvalAltResult> {
    script_error(format!("npv: {message}"))
}

/// Borrowed flows: a script array converted for this call, or a cached `CashFlows`.
pub enum CashFlowsRef<'a> {
    Converted(Vec<Decimal>, Vec<Dd>),
    Cached(&'a CashFlows),
}

impl CashFlowsRef<'_> {
    fn values(&self) -> &[Dd] {
        match self {
            CashFlowsRef::Converted(_, v) => v,
            CashFlowsRef::Cached(c) => &c.values,
        }
    }
    fn decimals(&self) -> Vec<Decimal> {
        match self {
            CashFlowsRef::Converted(d, _) => d.clone(),
            CashFlowsRef::Cached(c) => c.decimals.to_vec(),
        }
    }
    pub fn from_array(values: &Array, what: &str) -> RhaiResult<CashFlowsRef<'static>> {
        let decimals = decimals_of(values, what)?;
        let dd = decimals.iter().map(|d| Dd::from_decimal(*d)).collect();
        Ok(CashFlowsRef::Converted(decimals, dd))
    }
}

/// Fast path for `npv(rate, array)`: only the double-double values are needed unless the rate
/// is zero.
fn npv_array(rate: Decimal, values: &Array) -> RhaiResult<Decimal> {
    if rate.is_zero() {
        return npv_value(rate, &CashFlowsRef::from_array(values, "values")?);
    }
    let rate = Dd::from_decimal(rate);
    let d = discount_factor(rate).map_err(npv_error_msg)?;
    let Some((p, scale)) = horner(d, values.iter().rev().map(dd_if_number)) else {
        // Only now name the element that is not a number.
        return Err(flows_of(values, "values")
            .err()
            .unwrap_or_else(|| script_error("npv: bad flows")));
    };
    let (p, scale) = check_finite(p, scale, rate, values.len()).map_err(npv_error_msg)?;
    rounded(p.hi, digits_for(p.hi, npv_error(values.len(), scale)))
}

// ---------------------------------------------------------------------------------------------
// IRR.

/// Why an IRR search found nothing.
fn check_sign_change(flows: &[Dd], what: &str) -> Result<(), String> {
    let positive = flows.iter().any(|v| v.hi > 0.0);
    let negative = flows.iter().any(|v| v.hi < 0.0);
    if positive && negative {
        Ok(())
    } else {
        Err(format!(
            "{what}: the cash flows never change sign, so there is no IRR (it needs at least \
             one payment and one receipt)"
        ))
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
fn root_value(flows: &[Dd], hi: &[f64], r: f64) -> RhaiResult<Decimal> {
    let (p, scale) = npv_dd(Dd::from_f64(r), flows).map_err(npv_error_msg)?;
    let (_, slope) = npv_and_slope(r, hi);
    let residual = p.hi.abs() + npv_error(flows.len(), scale);
    let error = residual / slope.abs().max(f64::MIN_POSITIVE) + 2.0 * U * r.abs();
    rounded(r, digits_for(r, error).max(1))
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
            let (mut a, mut b, mut fa) = (x0, x1, f0);
            for _ in 0..200 {
                let m = 0.5 * (a + b);
                if m <= a || m >= b {
                    break;
                }
                let fm = eval(m);
                if fm == 0.0 {
                    a = m;
                    b = m;
                    break;
                }
                if (fm < 0.0) == (fa < 0.0) {
                    a = m;
                    fa = fm;
                } else {
                    b = m;
                }
            }
            roots.push(0.5 * (a + b));
        }
        x0 = x1;
        f0 = f1;
    }
    roots
}

/// Every real IRR above -1, sorted. With x = 1/(1+r), NPV is a polynomial in x; roots with
/// r >= 0 lie in x ∈ (0, 1], and roots with -1 < r < 0 are roots of the reversed polynomial in
/// y = 1 + r ∈ (0, 1). Roots where NPV touches zero without changing sign (double roots), and
/// rates above about 4,000 (400,000%), are not found.
pub fn irr_roots_f64(flows: &[Dd]) -> Vec<f64> {
    let hi: Vec<f64> = flows.iter().map(|v| v.hi).collect();
    let mut found = Vec::new();
    for x in roots_in_unit_interval(&hi) {
        found.push(1.0 / x - 1.0);
    }
    let reversed: Vec<f64> = hi.iter().rev().copied().collect();
    for y in roots_in_unit_interval(&reversed) {
        if y < 1.0 {
            found.push(y - 1.0);
        }
    }
    let mut roots: Vec<f64> = found
        .into_iter()
        .filter(|r| *r > -1.0 && r.is_finite())
        .map(|r| polish_in_place(flows, &hi, r))
        .collect();
    roots.sort_by(f64::total_cmp);
    roots.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * a.abs().max(1e-12));
    roots
}

fn polish_in_place(flows: &[Dd], hi: &[f64], r: f64) -> f64 {
    match polish(flows, hi, r) {
        Some(better) if (better - r).abs() <= 1e-6 * r.abs().max(1e-3) => better,
        _ => r,
    }
}

/// Excel's IRR: Newton from `guess` (damped so that it stays above -100%); when it fails,
/// the root nearest the guess.
pub fn irr_f64(flows: &[Dd], guess: f64) -> Result<f64, String> {
    check_sign_change(flows, "irr")?;
    let hi: Vec<f64> = flows.iter().map(|v| v.hi).collect();
    if let Some(r) = newton_root(flows, &hi, guess) {
        return Ok(r);
    }
    irr_roots_f64(flows)
        .into_iter()
        .min_by(|a, b| (a - guess).abs().total_cmp(&(b - guess).abs()))
        .ok_or_else(|| {
            "irr: no rate above -100% makes the NPV zero (the NPV never crosses zero)".to_string()
        })
}

fn irr_value(flows: &[Dd], guess: Decimal) -> RhaiResult<Decimal> {
    let guess = guess.to_f64().unwrap_or(0.1);
    if guess <= -1.0 {
        return Err(script_error(format!(
            "irr: the guess must be greater than -1 (-100%), not {guess}"
        )));
    }
    let r = irr_f64(flows, guess).map_err(script_error)?;
    let hi: Vec<f64> = flows.iter().map(|v| v.hi).collect();
    root_value(flows, &hi, r)
}

fn irr_roots_value(flows: &[Dd]) -> RhaiResult<Array> {
    check_sign_change(flows, "irr_roots").map_err(script_error)?;
    let hi: Vec<f64> = flows.iter().map(|v| v.hi).collect();
    irr_roots_f64(flows)
        .into_iter()
        .map(|r| root_value(flows, &hi, r).map(crate::numbers::decimal_to_dynamic))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// MIRR.

pub fn mirr_value(values: &[Decimal], finance: Decimal, reinvest: Decimal) -> RhaiResult<Decimal> {
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
        return Err(script_error(
            "mirr: the cash flows never change sign, so there is no MIRR (it needs at least one \
             payment and one receipt)",
        ));
    }
    let (numer, _) = npv_dd(Dd::from_decimal(reinvest), &pos)
        .map_err(|m| script_error(format!("mirr: reinvest_rate: {m}")))?;
    let (denom, _) = npv_dd(Dd::from_decimal(finance), &neg)
        .map_err(|m| script_error(format!("mirr: finance_rate: {m}")))?;
    let ratio = numer.div(denom).hi.abs();
    let r = ratio.powf(1.0 / (n as f64 - 1.0)) * (1.0 + reinvest.to_f64().unwrap_or(0.0)) - 1.0;
    decimal_from_f64(r, 14)
}

// ---------------------------------------------------------------------------------------------
// Time value of money.

/// `when` as numpy-financial's 0 (end of period) or 1 (beginning).
pub fn parse_when(when: &str) -> RhaiResult<Decimal> {
    match when.trim().to_ascii_lowercase().as_str() {
        "end" | "finish" => Ok(Decimal::ZERO),
        "begin" | "start" => Ok(Decimal::ONE),
        _ => Err(script_error(format!(
            "when must be \"end\" (payments at the end of each period) or \"begin\", not {when:?}"
        ))),
    }
}

fn check_rate(what: &str, rate: Decimal) -> RhaiResult<()> {
    if rate <= Decimal::NEGATIVE_ONE {
        return Err(script_error(format!(
            "{what}: the rate must be greater than -1 (-100%), not {}",
            rate.normalize()
        )));
    }
    Ok(())
}

/// Rounds a decimal closed-form result to 20 significant digits (see the module docs).
fn sig20(value: Decimal) -> Decimal {
    value
        .round_sf_with_strategy(20, rust_decimal::RoundingStrategy::MidpointNearestEven)
        .unwrap_or(value)
        .normalize()
}

/// `(1 + rate)^nper` in decimal when `nper` is whole and it fits.
fn growth_decimal(rate: Decimal, nper: Decimal) -> Option<Decimal> {
    let nper = nper.normalize();
    if nper.scale() != 0 {
        return None;
    }
    let n = nper.to_i64()?;
    let base = Decimal::ONE.checked_add(rate)?;
    let power = base.checked_powu(n.unsigned_abs())?;
    if n < 0 {
        Decimal::ONE.checked_div(power)
    } else {
        Some(power)
    }
}

/// The terms every closed form shares: (1+r)^n and the annuity factor
/// (1 + r·when)((1+r)^n − 1)/r (or n at a zero rate).
struct Tvm<T> {
    growth: T,
    factor: T,
}

fn tvm_decimal(rate: Decimal, nper: Decimal, when: Decimal) -> Option<Tvm<Decimal>> {
    let growth = growth_decimal(rate, nper)?;
    let factor = if rate.is_zero() {
        nper
    } else {
        Decimal::ONE
            .checked_add(rate.checked_mul(when)?)?
            .checked_mul(growth.checked_sub(Decimal::ONE)?)?
            .checked_div(rate)?
    };
    Some(Tvm { growth, factor })
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

fn tvm_f64(rate: f64, nper: f64, when: f64) -> Tvm<f64> {
    // (1+r)^n through ln_1p/exp_m1 keeps the digits of small rates.
    let log = rate.ln_1p() * nper;
    let growth = log.exp();
    let factor = if rate == 0.0 {
        nper
    } else {
        (1.0 + rate * when) * log.exp_m1() / rate
    };
    Tvm { growth, factor }
}

fn f64_result(what: &str, value: f64) -> RhaiResult<Decimal> {
    if !value.is_finite() {
        return Err(script_error(format!(
            "{what}: the result is not a finite number (the inputs overflow or divide by zero)"
        )));
    }
    decimal_from_f64(value, 14).map_err(|_| {
        script_error(format!(
            "{what}: the result {value:e} is outside the decimal range"
        ))
    })
}

/// Future value (numpy-financial `fv`).
pub fn fv_value(
    rate: Decimal,
    nper: Decimal,
    pmt: Decimal,
    pv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    check_rate("fv", rate)?;
    let exact = tvm_decimal(rate, nper, when).and_then(|t| {
        pv.checked_mul(t.growth)?
            .checked_add(pmt.checked_mul(t.factor)?)
            .map(|v| -v)
    });
    match exact {
        Some(v) => Ok(sig20(v)),
        None => {
            let t = tvm_f64(f(rate), f(nper), f(when));
            f64_result("fv", -(f(pv) * t.growth + f(pmt) * t.factor))
        }
    }
}

/// Present value (numpy-financial `pv`).
pub fn pv_value(
    rate: Decimal,
    nper: Decimal,
    pmt: Decimal,
    fv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    check_rate("pv", rate)?;
    let exact = tvm_decimal(rate, nper, when).and_then(|t| {
        fv.checked_add(pmt.checked_mul(t.factor)?)?
            .checked_div(t.growth)
            .map(|v| -v)
    });
    match exact {
        Some(v) => Ok(sig20(v)),
        None => {
            let t = tvm_f64(f(rate), f(nper), f(when));
            f64_result("pv", -(f(fv) + f(pmt) * t.factor) / t.growth)
        }
    }
}

/// Payment per period (numpy-financial `pmt`).
pub fn pmt_value(
    rate: Decimal,
    nper: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    check_rate("pmt", rate)?;
    if nper.is_zero() {
        return Err(script_error(
            "pmt: nper is 0, so there are no payments to spread the value over",
        ));
    }
    let exact = tvm_decimal(rate, nper, when).and_then(|t| {
        fv.checked_add(pv.checked_mul(t.growth)?)?
            .checked_div(t.factor)
            .map(|v| -v)
    });
    match exact {
        Some(v) => Ok(sig20(v)),
        None => {
            let t = tvm_f64(f(rate), f(nper), f(when));
            f64_result("pmt", -(f(fv) + f(pv) * t.growth) / t.factor)
        }
    }
}

fn check_per(what: &str, per: Decimal, nper: Decimal) -> RhaiResult<()> {
    let per = per.normalize();
    if per.scale() != 0 || per < Decimal::ONE || per > nper {
        return Err(script_error(format!(
            "{what}: per must be a whole period between 1 and nper ({}), not {per}",
            nper.normalize()
        )));
    }
    Ok(())
}

/// Interest part of payment `per` (numpy-financial `ipmt`).
pub fn ipmt_value(
    rate: Decimal,
    per: Decimal,
    nper: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    check_per("ipmt", per, nper)?;
    let total = pmt_value(rate, nper, pv, fv, when)?;
    if !when.is_zero() && per == Decimal::ONE {
        return Ok(Decimal::ZERO);
    }
    // Balance after per - 1 periods, times the rate; paying at the beginning discounts a period.
    let balance = fv_value(rate, per - Decimal::ONE, total, pv, when)?;
    let interest = balance
        .checked_mul(rate)
        .ok_or_else(|| script_error("ipmt: the interest overflows the decimal range"))?;
    let interest = if when.is_zero() {
        interest
    } else {
        interest
            .checked_div(Decimal::ONE + rate)
            .ok_or_else(|| script_error("ipmt: the interest overflows the decimal range"))?
    };
    Ok(sig20(interest))
}

/// Principal part of payment `per` (numpy-financial `ppmt`): pmt − ipmt.
pub fn ppmt_value(
    rate: Decimal,
    per: Decimal,
    nper: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    let interest = ipmt_value(rate, per, nper, pv, fv, when)?;
    let total = pmt_value(rate, nper, pv, fv, when)?;
    // Not rounded again, so that ipmt + ppmt is exactly pmt.
    total
        .checked_sub(interest)
        .map(|v| v.normalize())
        .ok_or_else(|| script_error("ppmt: the principal overflows the decimal range"))
}

/// Number of periods (numpy-financial `nper`).
pub fn nper_value(
    rate: Decimal,
    pmt: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: Decimal,
) -> RhaiResult<Decimal> {
    check_rate("nper", rate)?;
    if rate.is_zero() {
        if pmt.is_zero() {
            return Err(script_error(
                "nper: with a zero rate and a zero payment the value never changes, so no number of periods reaches fv",
            ));
        }
        return Ok(sig20(-(fv + pv) / pmt));
    }
    let overflow = || script_error("nper: the inputs overflow the decimal range");
    // z = pmt (1 + r·when) / r; nper = ln((z − fv) / (z + pv)) / ln(1 + r)
    let z = pmt
        .checked_mul(Decimal::ONE + rate * when)
        .and_then(|v| v.checked_div(rate))
        .ok_or_else(overflow)?;
    let numer = z.checked_sub(fv).ok_or_else(overflow)?;
    let denom = z.checked_add(pv).ok_or_else(overflow)?;
    if denom.is_zero() || numer.is_zero() || numer.is_sign_negative() != denom.is_sign_negative() {
        return Err(script_error(format!(
            "nper: no number of periods works: the payment {} never brings the value {} to {} at \
             rate {} (the logarithm's argument is not positive)",
            pmt.normalize(),
            pv.normalize(),
            fv.normalize(),
            rate.normalize()
        )));
    }
    // ln of a ratio near 1 keeps its digits through ln_1p of the exact difference.
    let excess = (numer - denom).checked_div(denom).ok_or_else(overflow)?;
    let n = f(excess).ln_1p() / f(rate).ln_1p();
    f64_result("nper", n)
}

/// Interest rate per period (Excel's RATE, numpy-financial `rate`): the IRR of the equivalent
/// flows when `nper` is whole; Newton on the closed form otherwise.
pub fn rate_value(
    nper: Decimal,
    pmt: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: Decimal,
    guess: Decimal,
) -> RhaiResult<Decimal> {
    let n = nper.normalize();
    if n <= Decimal::ZERO {
        return Err(script_error(format!(
            "rate: nper must be positive, not {n}"
        )));
    }
    if n.scale() == 0 && n <= Decimal::from(100_000) {
        let periods = n.to_usize().unwrap_or(0);
        let mut flows = vec![Decimal::ZERO; periods + 1];
        for (t, flow) in flows.iter_mut().enumerate() {
            let paid = if when.is_zero() { t >= 1 } else { t < periods };
            if paid {
                *flow += pmt;
            }
        }
        flows[0] += pv;
        flows[periods] += fv;
        let dd: Vec<Dd> = flows.iter().map(|d| Dd::from_decimal(*d)).collect();
        check_sign_change(&dd, "rate").map_err(|_| {
            script_error(format!(
                "rate: pv {}, pmt {} and fv {} never change sign, so no interest rate links them",
                pv.normalize(),
                pmt.normalize(),
                fv.normalize()
            ))
        })?;
        return irr_value(&dd, guess)
            .map_err(|e| script_error(e.to_string().replace("irr:", "rate:")));
    }
    // Fractional nper: Newton on fv(r) = 0.
    let (n, p, v, fvv, w) = (f(nper), f(pmt), f(pv), f(fv), f(when));
    let g = |r: f64| {
        let t = tvm_f64(r, n, w);
        fvv + v * t.growth + p * t.factor
    };
    let mut r = f(guess);
    for _ in 0..200 {
        let h = 1e-7 * r.abs().max(1e-4);
        let slope = (g(r + h) - g(r - h)) / (2.0 * h);
        if slope == 0.0 || !slope.is_finite() {
            break;
        }
        let next = r - g(r) / slope;
        if !next.is_finite() || next <= -1.0 {
            break;
        }
        if (next - r).abs() <= 1e-15 * next.abs().max(1e-15) {
            return f64_result("rate", next).map(|d| sig_round(d, 12));
        }
        r = next;
    }
    Err(script_error(
        "rate: the search for an interest rate did not converge; try another guess",
    ))
}

fn sig_round(value: Decimal, digits: u32) -> Decimal {
    value.round_sf(digits).unwrap_or(value).normalize()
}

// ---------------------------------------------------------------------------------------------
// Dated flows.

/// Dated flows: amounts in `f64` and times in years (actual days / 365 from the first date).
pub struct DatedFlows {
    pub amounts: Vec<f64>,
    pub years: Vec<f64>,
}

impl DatedFlows {
    pub fn new(amounts: &Array, dates: &Array, what: &str) -> RhaiResult<DatedFlows> {
        if amounts.len() != dates.len() {
            return Err(script_error(format!(
                "{what}: {} amounts but {} dates; each amount needs its date",
                amounts.len(),
                dates.len()
            )));
        }
        if amounts.is_empty() {
            return Err(script_error(format!("{what}: there are no cash flows")));
        }
        let mut days = Vec::with_capacity(dates.len());
        for (i, date) in dates.iter().enumerate() {
            let text = date.clone().into_immutable_string().map_err(|t| {
                script_error(format!(
                    "{what}: dates[{i}] must be a \"YYYY-MM-DD\" string, not {t}"
                ))
            })?;
            days.push(
                whatif_core::calendar::parse_date(&text)
                    .map_err(|m| script_error(format!("{what}: dates[{i}]: {m}")))?,
            );
        }
        let first = days[0];
        if let Some((i, _)) = days.iter().enumerate().find(|(_, d)| **d < first) {
            return Err(script_error(format!(
                "{what}: dates[{i}] ({}) is before the first date ({}); as in Excel, the first \
                 date is the start of the investment",
                dates[i], dates[0]
            )));
        }
        let amounts = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| {
                dd_if_number(a)
                    .map(|d| d.hi)
                    .ok_or_else(|| not_a_number(a, &format!("{what}: amounts[{i}]")))
            })
            .collect::<RhaiResult<Vec<f64>>>()?;
        let years = days.iter().map(|d| (d - first) as f64 / 365.0).collect();
        Ok(DatedFlows { amounts, years })
    }

    /// XNPV, its scale (sum of |terms|) and a first-order error bound.
    pub fn xnpv(&self, rate: f64) -> (f64, f64, f64) {
        let log = rate.ln_1p();
        // Neumaier's compensated sum keeps the summation error independent of the count.
        let (mut sum, mut comp, mut scale, mut error) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for (a, t) in self.amounts.iter().zip(&self.years) {
            let exponent = -t * log;
            let term = a * exponent.exp();
            let s = sum + term;
            comp += if sum.abs() >= term.abs() {
                (sum - s) + term
            } else {
                (term - s) + sum
            };
            sum = s;
            scale += term.abs();
            error += term.abs() * (4.0 + 2.0 * exponent.abs());
        }
        let total = sum + comp;
        (total, scale, error * U + 2.0 * U * total.abs())
    }

    fn xnpv_slope(&self, rate: f64) -> f64 {
        self.xnpv_and_slope(rate).1
    }

    /// XNPV and its derivative in one pass, one `exp` per flow (for Newton steps).
    fn xnpv_and_slope(&self, rate: f64) -> (f64, f64) {
        let log = rate.ln_1p();
        let inverse = 1.0 / (1.0 + rate);
        let (mut value, mut slope) = (0.0, 0.0);
        for (a, t) in self.amounts.iter().zip(&self.years) {
            let term = a * (-t * log).exp();
            value += term;
            slope -= t * term;
        }
        (value, slope * inverse)
    }

    fn converged(&self, r: f64) -> bool {
        let (v, scale, _) = self.xnpv(r);
        v.abs() <= 1e-12 * scale
    }

    /// Excel's XIRR: Newton from `guess`, then the root nearest the guess on a scan.
    pub fn xirr(&self, guess: f64) -> Result<f64, String> {
        let positive = self.amounts.iter().any(|a| *a > 0.0);
        let negative = self.amounts.iter().any(|a| *a < 0.0);
        if !(positive && negative) {
            return Err(
                "xirr: the cash flows never change sign, so there is no IRR (it needs at \
                        least one payment and one receipt)"
                    .into(),
            );
        }
        let root = safeguarded_newton(|r| self.xnpv_and_slope(r), guess);
        if let Some(r) = root.filter(|r| self.converged(*r)) {
            return Ok(r);
        }
        self.scan_roots()
            .into_iter()
            .min_by(|a, b| (a - guess).abs().total_cmp(&(b - guess).abs()))
            .ok_or_else(|| {
                "xirr: no rate above -100% makes the XNPV zero (it never crosses zero)".to_string()
            })
    }

    /// Roots on a logarithmic grid of 1 + r from 0.001 to 1000, refined by bisection.
    fn scan_roots(&self) -> Vec<f64> {
        const GRID: usize = 2000;
        let rate_at = |k: usize| {
            (-3.0 * std::f64::consts::LN_10
                + 6.0 * std::f64::consts::LN_10 * k as f64 / GRID as f64)
                .exp()
                - 1.0
        };
        let mut roots = Vec::new();
        let mut a = rate_at(0);
        let mut fa = self.xnpv(a).0;
        for k in 1..=GRID {
            let b = rate_at(k);
            let fb = self.xnpv(b).0;
            if fa.is_finite() && fb.is_finite() && fa != 0.0 && (fa < 0.0) != (fb < 0.0) {
                let (mut lo, mut hi, mut flo) = (a, b, fa);
                for _ in 0..200 {
                    let m = 0.5 * (lo + hi);
                    if m <= lo || m >= hi {
                        break;
                    }
                    let fm = self.xnpv(m).0;
                    if (fm < 0.0) == (flo < 0.0) {
                        lo = m;
                        flo = fm;
                    } else {
                        hi = m;
                    }
                }
                roots.push(0.5 * (lo + hi));
            } else if fb == 0.0 {
                roots.push(b);
            }
            a = b;
            fa = fb;
        }
        roots
    }

    /// A root as a decimal with the digits its residual justifies.
    fn root_value(&self, r: f64) -> RhaiResult<Decimal> {
        let (v, _, bound) = self.xnpv(r);
        let slope = self.xnpv_slope(r).abs().max(f64::MIN_POSITIVE);
        let error = (v.abs() + bound) / slope + 2.0 * U * r.abs();
        rounded(r, digits_for(r, error).max(1))
    }
}

fn xnpv_value(rate: Decimal, amounts: &Array, dates: &Array) -> RhaiResult<Decimal> {
    check_rate("xnpv", rate)?;
    let flows = DatedFlows::new(amounts, dates, "xnpv")?;
    let (v, _, bound) = flows.xnpv(f(rate));
    if !v.is_finite() {
        return Err(script_error(
            "xnpv: the discounted flows overflow; the rate is too close to -1",
        ));
    }
    rounded(v, digits_for(v, bound))
}

fn xirr_value(amounts: &Array, dates: &Array, guess: Decimal) -> RhaiResult<Decimal> {
    let flows = DatedFlows::new(amounts, dates, "xirr")?;
    let guess = f(guess);
    if guess <= -1.0 {
        return Err(script_error(format!(
            "xirr: the guess must be greater than -1 (-100%), not {guess}"
        )));
    }
    let r = flows.xirr(guess).map_err(script_error)?;
    flows.root_value(r)
}

// ---------------------------------------------------------------------------------------------
// Script functions.

fn arg(x: &Dynamic, what: &str) -> RhaiResult<Decimal> {
    crate::numbers::to_decimal(x, what)
}

fn out(x: RhaiResult<Decimal>) -> RhaiResult<Dynamic> {
    x.map(crate::numbers::decimal_to_dynamic)
}

fn when_of(w: &str) -> RhaiResult<Decimal> {
    parse_when(w)
}

/// Excel's and numpy-financial's starting guess for IRR and RATE.
fn guess_default() -> Decimal {
    Decimal::new(1, 1)
}

#[export_module]
pub mod cashflow_functions {
    use super::CashFlowsRef;
    use crate::numbers::{decimal_to_dynamic, script_error, RhaiResult};
    use rhai::{Array, INT};

    use super::{arg as d, guess_default, out, when_of};

    /// Cached cash flows (`type_of` says "CashFlows").
    pub type CashFlows = super::CashFlows;

    /// Cash flows converted once, for repeated `npv`/`irr` calls (a sweep over many rates).
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 39, 59, 55, 20]);
    /// assert_eq(npv(0, flows), 73);
    /// assert_near(flows.irr(), 0.28094842116, 1e-11);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn cashflows(values: Array) -> RhaiResult<CashFlows> {
        CashFlows::from_array(&values)
    }

    /// The flows back as an array.
    ///
    /// ```rhai
    /// assert_eq(cashflows([-1, 2.5]).to_array(), [-1, 2.5]);
    /// ```
    pub fn to_array(flows: &mut CashFlows) -> Array {
        flows
            .decimals
            .iter()
            .map(|v| decimal_to_dynamic(*v))
            .collect()
    }

    /// Number of flows.
    ///
    /// ```rhai
    /// assert_eq(cashflows([-1, 2, 3]).len(), 3);
    /// assert_eq(type_of(cashflows([-1, 2])), "CashFlows");
    /// ```
    #[rhai_fn(name = "len", get = "len")]
    pub fn len(flows: &mut CashFlows) -> INT {
        flows.decimals.len() as INT
    }

    /// Shows the flows.
    ///
    /// ```rhai
    /// assert_eq(`${cashflows([-1, 2])}`, "cashflows([-1, 2])");
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn to_string(flows: &mut CashFlows) -> String {
        let items: Vec<String> = flows
            .decimals
            .iter()
            .map(|v| v.normalize().to_string())
            .collect();
        format!("cashflows([{}])", items.join(", "))
    }

    /// Net present value at `rate` per period, `values[0]` at t = 0 (numpy-financial's
    /// convention). Excel's NPV discounts the first value too: `npv(r, values) / (1 + r)`.
    /// Double-double precision, at most 15 significant digits; at rate 0 an exact sum.
    ///
    /// ```rhai
    /// assert_near(npv(0.08, [-40000, 5000, 8000, 12000, 30000]), 3065.22266817, 1e-8);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv(rate: Dynamic, values: Array) -> RhaiResult<Dynamic> {
        out(super::npv_array(d(&rate, "npv's rate")?, &values))
    }

    /// Method form `values.npv(rate)`: no copy of the array.
    ///
    /// ```rhai
    /// let flows = [-100, 60, 60];
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_method(values: &mut Array, rate: Dynamic) -> RhaiResult<Dynamic> {
        out(super::npv_array(d(&rate, "npv's rate")?, values))
    }

    /// NPV of cached flows (see `cashflows`).
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(npv(0.1, flows), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached(rate: Dynamic, flows: CashFlows) -> RhaiResult<Dynamic> {
        out(super::npv_value(
            d(&rate, "npv's rate")?,
            &CashFlowsRef::Cached(&flows),
        ))
    }

    /// Method form `flows.npv(rate)` of cached flows.
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached_method(flows: &mut CashFlows, rate: Dynamic) -> RhaiResult<Dynamic> {
        out(super::npv_value(
            d(&rate, "npv's rate")?,
            &CashFlowsRef::Cached(flows),
        ))
    }

    /// Internal rate of return: the rate where `npv` is 0, as Excel finds it (Newton from 0.1,
    /// then the root nearest 0.1). An error when the flows never change sign.
    ///
    /// ```rhai
    /// assert_near(irr([-100, 39, 59, 55, 20]), 0.28094842115996066, 1e-14);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr(values: &mut Array) -> RhaiResult<Dynamic> {
        out(super::irr_value(
            &super::flows_of(values, "values")?,
            guess_default(),
        ))
    }

    /// IRR searched from `guess` (Excel's second argument).
    ///
    /// ```rhai
    /// assert_near(irr([-100, 230, -132], 0.05), 0.1, 1e-12);
    /// assert_near(irr([-100, 230, -132], 0.3), 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_guess(values: &mut Array, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
        out(super::irr_value(&super::flows_of(values, "values")?, guess))
    }

    /// IRR of cached flows.
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([-100, 110])), 0.1, 1e-14);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_cached(flows: &mut CashFlows) -> RhaiResult<Dynamic> {
        out(super::irr_value(&flows.values, guess_default()))
    }

    /// IRR of cached flows from `guess`.
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([-100, 230, -132]), 0.3), 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_cached_guess(flows: &mut CashFlows, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
        out(super::irr_value(&flows.values, guess))
    }

    /// Every real IRR above -100%, sorted (flows that change sign more than once can have
    /// several). Double roots, where the NPV touches zero without crossing, are not reported.
    ///
    /// ```rhai
    /// let roots = irr_roots([-100, 230, -132]);
    /// assert_eq(roots.len(), 2);
    /// assert_near(roots[0], 0.1, 1e-12);
    /// assert_near(roots[1], 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr_roots", return_raw)]
    pub fn irr_roots(values: &mut Array) -> RhaiResult<Array> {
        super::irr_roots_value(&super::flows_of(values, "values")?)
    }

    /// Every real IRR of cached flows.
    ///
    /// ```rhai
    /// assert_eq(irr_roots(cashflows([-100, 110])), [0.1]);
    /// ```
    #[rhai_fn(name = "irr_roots", return_raw)]
    pub fn irr_roots_cached(flows: &mut CashFlows) -> RhaiResult<Array> {
        super::irr_roots_value(&flows.values)
    }

    /// Modified IRR: payments financed at `finance_rate`, receipts reinvested at
    /// `reinvest_rate` (numpy-financial and Excel MIRR).
    ///
    /// ```rhai
    /// let v = [-120000, 39000, 30000, 21000, 37000, 46000];
    /// assert_near(mirr(v, 0.10, 0.12), 0.126094130365, 1e-11);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn mirr(
        values: &mut Array,
        finance_rate: Dynamic,
        reinvest_rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let finance = d(&finance_rate, "mirr's finance_rate")?;
        let reinvest = d(&reinvest_rate, "mirr's reinvest_rate")?;
        super::check_rate("mirr", finance)?;
        super::check_rate("mirr", reinvest)?;
        if values.len() < 2 {
            return Err(script_error("mirr needs at least two cash flows"));
        }
        let decimals = super::decimals_of(values, "values")?;
        out(super::mirr_value(&decimals, finance, reinvest))
    }

    /// Future value after `nper` periods of payment `pmt` on present value `pv`
    /// (numpy-financial signs: money paid out is negative), payments at period end.
    ///
    /// ```rhai
    /// assert_near(fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748, 1e-9);
    /// assert_eq(fv(0.1, 2, 0, -100), 121);
    /// ```
    #[rhai_fn(name = "fv", return_raw)]
    pub fn fv(rate: Dynamic, nper: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        fv_when(rate, nper, pmt, pv, "end")
    }

    /// Future value with payments at `"end"` or `"begin"` of each period.
    ///
    /// ```rhai
    /// assert_eq(fv(0.1, 1, -100, 0, "begin"), 110);
    /// ```
    #[rhai_fn(name = "fv", return_raw)]
    pub fn fv_when(
        rate: Dynamic,
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::fv_value(
            d(&rate, "fv's rate")?,
            d(&nper, "fv's nper")?,
            d(&pmt, "fv's pmt")?,
            d(&pv, "fv's pv")?,
            when_of(when)?,
        ))
    }

    /// Present value of `nper` payments of `pmt`.
    ///
    /// ```rhai
    /// assert_near(pv(0.05 / 12, 10 * 12, -100), 9428.1350328, 1e-6);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv(rate: Dynamic, nper: Dynamic, pmt: Dynamic) -> RhaiResult<Dynamic> {
        pv_when(rate, nper, pmt, Dynamic::from_int(0), "end")
    }

    /// Present value of payments plus a final value `fv`.
    ///
    /// ```rhai
    /// assert_near(pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.000671316213, 1e-12);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv_fv(rate: Dynamic, nper: Dynamic, pmt: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        pv_when(rate, nper, pmt, fv, "end")
    }

    /// Present value with payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(pv(0.1, 1, -110, 0, "begin"), 110);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv_when(
        rate: Dynamic,
        nper: Dynamic,
        pmt: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::pv_value(
            d(&rate, "pv's rate")?,
            d(&nper, "pv's nper")?,
            d(&pmt, "pv's pmt")?,
            d(&fv, "pv's fv")?,
            when_of(when)?,
        ))
    }

    /// Payment per period that pays off `pv` over `nper` periods.
    ///
    /// ```rhai
    /// assert_near(pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619, 1e-10);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt(rate: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        pmt_when(rate, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Payment per period that turns `pv` into `fv` over `nper` periods.
    ///
    /// ```rhai
    /// assert_eq(pmt(0, 10, 0, 1000), -100);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt_fv(rate: Dynamic, nper: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        pmt_when(rate, nper, pv, fv, "end")
    }

    /// Payment per period, paid at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(pmt(0.1, 1, 110, 0, "begin"), -110);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt_when(
        rate: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::pmt_value(
            d(&rate, "pmt's rate")?,
            d(&nper, "pmt's nper")?,
            d(&pv, "pmt's pv")?,
            d(&fv, "pmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Interest part of payment number `per` (1-based).
    ///
    /// ```rhai
    /// assert_near(ipmt(0.0824 / 12, 1, 12, 2500), -17.166666666667, 1e-9);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt(rate: Dynamic, per: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        ipmt_when(rate, per, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Interest part of payment `per` with a final value `fv`.
    ///
    /// ```rhai
    /// assert_eq(ipmt(0.1, 1, 2, 0, -1000), 0);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt_fv(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
    ) -> RhaiResult<Dynamic> {
        ipmt_when(rate, per, nper, pv, fv, "end")
    }

    /// Interest part of payment `per`, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(ipmt(0.1, 1, 12, 1000, 0, "begin"), 0);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt_when(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::ipmt_value(
            d(&rate, "ipmt's rate")?,
            d(&per, "ipmt's per")?,
            d(&nper, "ipmt's nper")?,
            d(&pv, "ipmt's pv")?,
            d(&fv, "ipmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Principal part of payment number `per`: `pmt − ipmt`.
    ///
    /// ```rhai
    /// assert_near(ppmt(0.0824 / 12, 1, 12, 2500), -200.58192368678, 1e-10);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt(rate: Dynamic, per: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        ppmt_when(rate, per, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Principal part of payment `per` with a final value `fv`.
    ///
    /// ```rhai
    /// assert_eq(ppmt(0, 1, 10, 0, -1000), 100);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt_fv(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
    ) -> RhaiResult<Dynamic> {
        ppmt_when(rate, per, nper, pv, fv, "end")
    }

    /// Principal part of payment `per`, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(ppmt(0, 1, 4, 100, 0, "begin"), -25);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt_when(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::ppmt_value(
            d(&rate, "ppmt's rate")?,
            d(&per, "ppmt's per")?,
            d(&nper, "ppmt's nper")?,
            d(&pv, "ppmt's pv")?,
            d(&fv, "ppmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Number of periods for payments `pmt` to bring `pv` to zero.
    ///
    /// ```rhai
    /// assert_near(nper(0.07 / 12, -150, 8000), 64.07334877066185, 1e-12);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper(rate: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        nper_when(rate, pmt, pv, Dynamic::from_int(0), "end")
    }

    /// Number of periods for payments `pmt` to bring `pv` to `fv`.
    ///
    /// ```rhai
    /// assert_eq(nper(0, -100, 0, 1000), 10);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper_fv(rate: Dynamic, pmt: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        nper_when(rate, pmt, pv, fv, "end")
    }

    /// Number of periods, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_near(nper(0.1, -110, 200, 0, "begin"), 1.89560054, 1e-8);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper_when(
        rate: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(super::nper_value(
            d(&rate, "nper's rate")?,
            d(&pmt, "nper's pmt")?,
            d(&pv, "nper's pv")?,
            d(&fv, "nper's fv")?,
            when_of(when)?,
        ))
    }

    /// Interest rate per period linking `pv`, `nper` payments of `pmt` (Excel RATE).
    ///
    /// ```rhai
    /// assert_near(rate(10, -100, 800), 0.04277497803511132, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate(nper: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        rate_guess(
            nper,
            pmt,
            pv,
            Dynamic::from_int(0),
            "end",
            Dynamic::from_decimal(guess_default()),
        )
    }

    /// Interest rate per period with a final value `fv`.
    ///
    /// ```rhai
    /// // numpy-financial documents 0.11069085371426901 (its Newton stops at 1e-6);
    /// // the exact root is (10000 / 3500)^(1/10) - 1 = 0.110690853710753.
    /// assert_near(rate(10, 0, -3500, 10000), 0.110690853710753, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_fv(nper: Dynamic, pmt: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        rate_guess(
            nper,
            pmt,
            pv,
            fv,
            "end",
            Dynamic::from_decimal(guess_default()),
        )
    }

    /// Interest rate per period, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_near(rate(2, -110, 200, 0, "begin"), 0.222222222222222, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_when(
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        rate_guess(
            nper,
            pmt,
            pv,
            fv,
            when,
            Dynamic::from_decimal(guess_default()),
        )
    }

    /// Interest rate per period, searched from `guess`.
    ///
    /// ```rhai
    /// assert_near(rate(10, 0, -3500, 10000, "end", 0.5), 0.110690853710753, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_guess(
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
        guess: Dynamic,
    ) -> RhaiResult<Dynamic> {
        out(super::rate_value(
            d(&nper, "rate's nper")?,
            d(&pmt, "rate's pmt")?,
            d(&pv, "rate's pv")?,
            d(&fv, "rate's fv")?,
            when_of(when)?,
            d(&guess, "rate's guess")?,
        ))
    }

    /// Net present value of dated flows (Excel XNPV): actual days / 365 from the first date.
    ///
    /// ```rhai
    /// let v = [-10000, 2750, 4250, 3250, 2750];
    /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
    /// assert_near(xnpv(0.09, v, dates), 2086.6476, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn xnpv(rate: Dynamic, amounts: Array, dates: Array) -> RhaiResult<Dynamic> {
        out(super::xnpv_value(
            d(&rate, "xnpv's rate")?,
            &amounts,
            &dates,
        ))
    }

    /// Internal rate of return of dated flows (Excel XIRR).
    ///
    /// ```rhai
    /// let v = [-10000, 2750, 4250, 3250, 2750];
    /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
    /// assert_near(xirr(v, dates), 0.37336253351, 1e-11);
    /// ```
    #[rhai_fn(name = "xirr", return_raw)]
    pub fn xirr(amounts: &mut Array, dates: Array) -> RhaiResult<Dynamic> {
        out(super::xirr_value(amounts, &dates, guess_default()))
    }

    /// XIRR searched from `guess`.
    ///
    /// ```rhai
    /// assert_near(xirr([-100, 110], ["2023-01-01", "2024-01-01"], 0.5), 0.1, 1e-12);
    /// ```
    #[rhai_fn(name = "xirr", return_raw)]
    pub fn xirr_guess(amounts: &mut Array, dates: Array, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "xirr's guess")?;
        out(super::xirr_value(amounts, &dates, guess))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The double-double of a decimal is within 1e-27 relative of it (checked against the
    /// decimal value of hi + lo, itself rounded to 28 digits).
    #[test]
    fn decimals_convert_to_double_double_accurately() {
        for text in [
            "0.1",
            "0.0041666666666666666666666667",
            "123456789.123456789",
            "7.0809",
            "-1854.02",
            "79228162514264337593543950",
            "0.0000000000000000000000000001",
        ] {
            let d = dec(text);
            let x = Dd::from_decimal(d);
            let back = Decimal::from_f64_retain(x.hi).unwrap()
                + Decimal::from_f64_retain(x.lo).unwrap_or_default();
            let rel = ((back - d) / d).abs();
            assert!(
                rel < Decimal::new(1, 27) || (back - d).abs() <= Decimal::new(1, 28),
                "{text}: {back} ({rel})"
            );
        }
    }

    #[test]
    fn npv_survives_cancellation() {
        // npv(0.1, [-100, 110]) is exactly 0; at 10% of [-1e20, 1.1e20] too.
        let flows = [Dd::from_i64(-100), Dd::from_i64(110)];
        let (p, scale) = npv_dd(Dd::from_decimal(dec("0.1")), &flows).unwrap();
        assert!(p.hi.abs() <= npv_error(2, scale), "{p:?}");
        assert_eq!(
            npv_value(dec("0.1"), &CashFlowsRef::Converted(vec![], flows.to_vec())).unwrap(),
            Decimal::ZERO
        );
    }

    #[test]
    fn long_flows_solve_by_newton_without_the_scan() {
        // One outlay then 999 receipts: plain Newton from 0.1 leaves the domain and then crawls.
        let mut v = vec![Dd::from_i64(-1_000_000)];
        v.extend(
            (1..1000).map(|i| Dd::from_decimal(Decimal::new(150_000 + (i * 3_701) % 100_000, 2))),
        );
        let hi: Vec<f64> = v.iter().map(|x| x.hi).collect();
        let r = newton_root(&v, &hi, 0.1).expect("safeguarded Newton converges");
        let (p, scale) = npv_dd(Dd::from_f64(r), &v).unwrap();
        assert!(p.hi.abs() <= 1e-12 * scale);
    }

    #[test]
    fn npv_error_bound_sets_the_digits() {
        assert_eq!(digits_for(1.0, 1e-20), 15);
        assert_eq!(digits_for(1.0, 1e-13), 13);
        assert_eq!(digits_for(1e-20, 1e-13), 0);
    }
}
