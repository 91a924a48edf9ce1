//! Nominal and effective annual rates, as Excel's EFFECT and NOMINAL: a nominal rate
//! compounded `periods` times a year against the one annual rate that grows money as much.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use super::{domain, FinanceResult};
use crate::decimal::decimal_from_f64;

/// Significant digits kept from `ln_1p`/`exp_m1` (each within a few ulps of exact).
const ROOT_DIGITS: u32 = 14;

/// The compounding periods a year as a whole number of at least 1. Excel truncates 4.5 to 4;
/// here a fractional count is refused, since it most likely means another input.
fn whole_periods(function: &str, periods: Decimal) -> FinanceResult<i64> {
    if periods < Decimal::ONE || !periods.fract().is_zero() {
        return Err(domain(format!(
            "{function}: periods (compounding periods a year) must be a whole number of at least 1, not {}",
            periods.normalize()
        )));
    }
    periods.to_i64().ok_or_else(|| {
        domain(format!(
            "{function}: periods {} is too large",
            periods.normalize()
        ))
    })
}

/// The effective annual rate of `nominal` compounded `periods` times a year:
/// `(1 + nominal / periods)^periods − 1`, in decimal arithmetic (exact whenever the power
/// fits the decimal's 28 digits, as for quarterly and monthly compounding of rates with a few
/// decimals). Zero and negative rates are accepted while `1 + nominal / periods` stays
/// positive (Excel refuses them).
pub fn effect(nominal: Decimal, periods: Decimal) -> FinanceResult {
    let n = whole_periods("effect", periods)?;
    let per_period = nominal
        .checked_div(Decimal::from(n))
        .ok_or_else(|| domain("effect: nominal_rate / periods overflows the decimal range"))?;
    let base = Decimal::ONE + per_period;
    if base <= Decimal::ZERO {
        return Err(domain(format!(
            "effect: a nominal rate of {} over {n} periods loses everything each period (nominal_rate / periods must be above -1)",
            nominal.normalize()
        )));
    }
    base.checked_powi(n)
        .map(|grown| (grown - Decimal::ONE).normalize())
        .ok_or_else(|| domain("effect: the effective rate overflows the decimal range"))
}

/// The nominal rate that, compounded `periods` times a year, gives the effective annual rate
/// `effective`: `periods × ((1 + effective)^(1 / periods) − 1)`. A root, so computed in `f64`
/// and kept to 14 significant digits. Zero and negative rates above -1 are accepted.
pub fn nominal(effective: Decimal, periods: Decimal) -> FinanceResult {
    let n = whole_periods("nominal", periods)?;
    if effective <= Decimal::NEGATIVE_ONE {
        return Err(domain(format!(
            "nominal: an effective rate of {} loses everything (it must be above -1), so it has no nominal rate",
            effective.normalize()
        )));
    }
    if n == 1 || effective.is_zero() {
        return Ok(effective.normalize());
    }
    let e = effective
        .to_f64()
        .ok_or_else(|| domain("nominal: the effective rate is out of range"))?;
    let r = (e.ln_1p() / n as f64).exp_m1() * n as f64;
    Ok(decimal_from_f64(r, ROOT_DIGITS)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    #[test]
    fn effect_matches_excels_example_exactly() {
        // Excel's documentation: EFFECT(5.25%, 4) = 0.0535427 (shown to 7 places).
        assert_eq!(
            effect(d("0.0525"), d("4")).unwrap(),
            d("0.053542667370758056640625")
        );
        assert_eq!(effect(d("0.1"), d("1")).unwrap(), d("0.1"));
        assert_eq!(effect(d("0"), d("12")).unwrap(), d("0"));
        // Monthly 6%: 1.005^12 has 36 decimals; the decimal keeps 28 significant digits.
        let monthly = effect(d("0.06"), d("12")).unwrap();
        assert!((monthly - d("0.0616778118644995687897076174")).abs() < d("1e-25"));
    }

    #[test]
    fn nominal_matches_excels_example_and_inverts_effect() {
        // Excel's documentation: NOMINAL(5.3543%, 4) = 0.05250032.
        let r = nominal(d("0.053543"), d("4")).unwrap();
        assert!((r - d("0.0525003198683559")).abs() < d("1e-15"), "{r}");
        for (rate, periods) in [
            ("0.0525", "4"),
            ("0.12", "12"),
            ("-0.01", "2"),
            ("0.3", "365"),
        ] {
            let back = nominal(effect(d(rate), d(periods)).unwrap(), d(periods)).unwrap();
            assert!(
                (back - d(rate)).abs() < d("1e-13"),
                "{rate} {periods}: {back}"
            );
        }
        assert_eq!(nominal(d("0.07"), d("1")).unwrap(), d("0.07"));
    }

    #[test]
    fn impossible_inputs_name_the_cause() {
        let message = |r: FinanceResult| r.unwrap_err().message().to_string();
        assert!(message(effect(d("0.05"), d("4.5"))).contains("whole number"));
        assert!(message(effect(d("0.05"), d("0"))).contains("at least 1"));
        assert!(message(nominal(d("0.05"), d("-2"))).contains("at least 1"));
        assert!(message(effect(d("-4"), d("4"))).contains("loses everything"));
        assert!(message(nominal(d("-1"), d("4"))).contains("above -1"));
    }
}
