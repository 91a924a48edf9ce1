//! Returns and growth: ROI and multiple (exact decimal quotients), CAGR over years or between
//! two dates, and annualising a growth over some days.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::{domain, FinanceError, FinanceResult};
use crate::decimal::decimal_from_f64;

/// Significant digits kept from `ln_1p`/`exp_m1` (each within a few ulps of exact).
const POWER_DIGITS: u32 = 14;

/// (value − cost) / cost, exactly.
pub fn roi(cost: Decimal, value: Decimal) -> FinanceResult {
    if cost.is_zero() {
        return Err(domain("roi: cost is 0, so there is no return on it"));
    }
    let gain = value
        .checked_sub(cost)
        .ok_or_else(|| domain("roi: value - cost overflows the decimal range"))?;
    gain.checked_div(cost)
        .map(|d| d.normalize())
        .ok_or_else(|| domain("roi: the ratio overflows the decimal range"))
}

/// value / cost, exactly (MOIC).
pub fn multiple(cost: Decimal, value: Decimal) -> FinanceResult {
    if cost.is_zero() {
        return Err(domain("multiple: cost is 0, so there is no multiple of it"));
    }
    value
        .checked_div(cost)
        .map(|d| d.normalize())
        .ok_or_else(|| domain("multiple: the ratio overflows the decimal range"))
}

/// (1 + growth)^exponent − 1 without losing digits: near 1 + growth = 1 the logarithm comes
/// from `ln_1p` of the exact growth; far from it (a value that shrank to a millionth) from `ln` of
/// the ratio itself, whose `f64` carries full relative precision where the growth's would not.
fn compound(growth: Decimal, exponent: f64) -> Option<f64> {
    let g = growth.to_f64()?;
    let log = if g.abs() < 0.5 {
        g.ln_1p()
    } else {
        (Decimal::ONE + growth).to_f64()?.ln()
    };
    let r = (log * exponent).exp_m1();
    r.is_finite().then_some(r)
}

/// (end / start)^(1 / years) − 1.
pub fn cagr(start: Decimal, end: Decimal, years: Decimal) -> FinanceResult {
    if start <= Decimal::ZERO || end <= Decimal::ZERO {
        return Err(domain(format!(
            "cagr: start and end values must be positive, not {} and {}",
            start.normalize(),
            end.normalize()
        )));
    }
    if years <= Decimal::ZERO {
        return Err(domain(format!(
            "cagr: years must be positive, not {}",
            years.normalize()
        )));
    }
    let growth = end
        .checked_div(start)
        .ok_or_else(|| domain("cagr: end / start overflows the decimal range"))?
        - Decimal::ONE;
    let exponent = 1.0 / years.to_f64().unwrap_or(f64::NAN);
    let r = compound(growth, exponent).ok_or_else(|| {
        domain("cagr: the growth rate overflows; the period is too short for this growth")
    })?;
    Ok(decimal_from_f64(r, POWER_DIGITS)?)
}

/// CAGR between two `"YYYY-MM-DD"` dates: years = actual days / 365.
pub fn cagr_dates(start: Decimal, end: Decimal, from: &str, to: &str) -> FinanceResult {
    let parse = |d: &str| {
        crate::dates::parse_date(d).map_err(|error| FinanceError::Date {
            context: "cagr".into(),
            error,
        })
    };
    let days = parse(to)? - parse(from)?;
    if days <= 0 {
        return Err(domain(format!(
            "cagr: the end date {to:?} must come after the start date {from:?}"
        )));
    }
    cagr(start, end, Decimal::from(days) / Decimal::from(365))
}

/// (1 + growth)^(365 / days) − 1.
pub fn annualize(growth: Decimal, days: Decimal) -> FinanceResult {
    if growth <= Decimal::NEGATIVE_ONE {
        return Err(domain(format!(
            "annualize: a growth of {} loses everything (it must be above -1), so it has no annual rate",
            growth.normalize()
        )));
    }
    if days <= Decimal::ZERO {
        return Err(domain(format!(
            "annualize: days must be positive, not {}",
            days.normalize()
        )));
    }
    let exponent = 365.0 / days.to_f64().unwrap_or(f64::NAN);
    let r = compound(growth, exponent).ok_or_else(|| {
        domain("annualize: the annual rate overflows; the period is too short for this growth")
    })?;
    Ok(decimal_from_f64(r, POWER_DIGITS)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn roi_and_multiple_are_exact() {
        assert_eq!(
            roi(dec("4000000000"), dec("150000000000")).unwrap(),
            dec("36.5")
        );
        assert_eq!(
            multiple(dec("3"), dec("1")).unwrap(),
            Decimal::ONE / dec("3")
        );
        assert!(roi(Decimal::ZERO, Decimal::ONE).is_err());
    }

    #[test]
    fn cagr_returns_round_rates() {
        assert_eq!(cagr(dec("100"), dec("121"), dec("2")).unwrap(), dec("0.1"));
        assert_eq!(
            cagr(dec("100"), dec("100"), dec("3")).unwrap(),
            Decimal::ZERO
        );
        // (1.0000001)^(1/1): small rates keep their digits.
        assert_eq!(
            cagr(dec("1"), dec("1.0000001"), dec("1")).unwrap(),
            dec("0.0000001")
        );
        assert!(cagr(dec("0"), dec("1"), dec("1")).is_err());
        assert!(cagr(dec("1"), dec("1"), dec("0")).is_err());
    }

    #[test]
    fn cagr_between_dates_counts_actual_days() {
        // 2020 is a leap year: 731 days.
        let r = cagr_dates(dec("100"), dec("121"), "2020-01-01", "2022-01-01").unwrap();
        let expected = 1.21f64.powf(365.0 / 731.0) - 1.0;
        assert!((r.to_f64().unwrap() - expected).abs() < 1e-14);
        assert!(cagr_dates(dec("1"), dec("2"), "2022-01-01", "2021-01-01").is_err());
    }

    #[test]
    fn annualize_inverts_compounding() {
        assert_eq!(annualize(dec("0.21"), dec("730")).unwrap(), dec("0.1"));
        assert!(annualize(dec("-1"), dec("10")).is_err());
        assert!(annualize(dec("0.1"), dec("0")).is_err());
    }
}
