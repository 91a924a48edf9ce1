//! Double-double arithmetic: a value is `hi + lo` with |lo| <= ulp(hi)/2, about 31 significant
//! digits from two `f64`s. Discount factors `1/(1+r)^t` are not finite decimals, and near an IRR
//! the NPV cancels most of its digits, so `f64` alone is not enough while `Decimal` is too slow.

use std::ops::{Add, Div, Mul, Neg};

use rust_decimal::Decimal;

/// A double-double number (about 31 significant digits).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Dd {
    pub hi: f64,
    pub lo: f64,
}

/// The unit roundoff of `f64`.
pub(crate) const U: f64 = f64::EPSILON / 2.0;

#[inline(always)]
pub(crate) fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    let bb = s - a;
    (s, (a - (s - bb)) + (b - bb))
}

#[inline(always)]
pub(crate) fn quick_two_sum(a: f64, b: f64) -> (f64, f64) {
    let s = a + b;
    (s, b - (s - a))
}

/// Dekker's split of `a` into two halves of 26 bits whose products are exact.
#[inline(always)]
pub(crate) fn split(a: f64) -> (f64, f64) {
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
    #[inline(always)]
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

/// `a[i] / b[i]` for every lane, each by exactly the operations of `Div`, interleaved so that
/// the processor overlaps the lanes' dependent divisions.
#[inline]
pub(crate) fn div_lanes<const L: usize>(a: [Dd; L], b: [Dd; L]) -> [Dd; L] {
    use std::array::from_fn;
    let q1: [f64; L] = from_fn(|i| a[i].hi / b[i].hi);
    let r: [Dd; L] = from_fn(|i| a[i].add(b[i].mul(Dd::from_f64(q1[i])).neg()));
    let q2: [f64; L] = from_fn(|i| r[i].hi / b[i].hi);
    let r: [Dd; L] = from_fn(|i| r[i].add(b[i].mul(Dd::from_f64(q2[i])).neg()));
    let q3: [f64; L] = from_fn(|i| r[i].hi / b[i].hi);
    from_fn(|i| {
        let (hi, lo) = quick_two_sum(q1[i], q2[i]);
        Dd { hi, lo }.add(Dd::from_f64(q3[i]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    proptest::proptest! {
        #[test]
        fn interleaved_division_is_division_to_the_bit(
            a in proptest::array::uniform4((-1e30f64..1e30, -1e-3f64..1e-3)),
            b in proptest::array::uniform4((-1e10f64..1e10, -1e-3f64..1e-3)),
        ) {
            let dd = |(hi, lo): (f64, f64)| Dd::from_f64(hi) + Dd::from_f64(lo * hi.abs() * 1e-14);
            let (a, b) = (a.map(dd), b.map(dd));
            let lanes = div_lanes(a, b);
            for i in 0..4 {
                let one = a[i] / b[i];
                proptest::prop_assert_eq!(
                    (lanes[i].hi.to_bits(), lanes[i].lo.to_bits()),
                    (one.hi.to_bits(), one.lo.to_bits())
                );
            }
        }
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
}
