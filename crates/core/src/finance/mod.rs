//! Finance maths on exact decimals, with numpy-financial's and Excel's conventions: returns
//! and growth, NPV, IRR (and every IRR root), MIRR, the time-value-of-money closed forms (FV,
//! PV, PMT, IPMT, PPMT, NPER, RATE) and dated flows (XNPV, XIRR).
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
//!   with the double-double NPV, accepted only when |NPV| <= 1e-12 of the discounted flows'
//!   scale (or the NPV changes sign beyond its error bound right around it), and returned with
//!   the digits the residual justifies. Flows that change sign once have one root (Descartes'
//!   rule), Newton's; otherwise a scan finds every confirmed root and the one nearest the guess
//!   is returned with the others, for the caller to report. No confirmed root is an error.
//! * Dated flows discount by `(1+r)^(days/365)` in `f64` with a compensated sum and a
//!   first-order error bound per term.
//! * CAGR and `annualize` are fractional powers too: `f64` through `ln_1p`/`exp_m1`, 14
//!   significant digits, so `cagr(100, 121, 2)` is `0.1`.
//!
//! Every message names the function it comes from (`"npv: ..."`), as scripts show it.

use rust_decimal::Decimal;

use crate::decimal::{decimal_from_f64, ArithmeticError};

mod dated;
mod dd;
mod interest;
mod npv;
pub mod pe;
mod returns;
mod roots;
pub mod rounds;
pub mod schedule;
mod tvm;

pub use dated::{xirr, xirr_roots, xirr_search, xnpv, DatedFlows, Read};
pub use dd::Dd;
pub use interest::{effect, nominal};
pub use npv::{
    mirr, mirr_check, npv, npv_dd, npv_lazy, npv_of, npv_rates, npv_rates_into, npv_sum, CashFlows,
    DiscountError,
};
pub use returns::{annualize, cagr, cagr_dates, multiple, roi};
pub use roots::{
    irr, irr_f64, irr_roots, irr_roots_f64, irr_search, npv_profile, safeguarded_newton, IrrSearch,
    ProfilePoint, RootError,
};
pub use tvm::{fv, nper, payment_parts, pmt, pv, rate, rate_search, PaymentParts, When};

/// Excel's and numpy-financial's starting guess for IRR, XIRR and RATE: 0.1.
pub const GUESS: Decimal = Decimal::from_parts(1, 0, 0, false, 1);

/// A finance function's answer: a decimal unless said otherwise.
pub type FinanceResult<T = Decimal> = Result<T, FinanceError>;

/// Why a finance function has no answer. The two kinds reach scripts as two kinds of error,
/// so that `catch` and the messages stay as they were when this code lived in the bindings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FinanceError {
    /// What the function itself diagnoses: inputs outside its domain, no root, a search that
    /// does not converge, a step that overflows the decimal range.
    Domain(String),
    /// A final `f64` result that is not finite or does not fit a decimal.
    Arithmetic(ArithmeticError),
    /// An IRR search that finds no rate.
    Root(RootError),
    /// A date argument that is not a day (`context` names the function and the argument:
    /// `xirr: dates[2]`).
    Date {
        context: String,
        error: crate::dates::DateError,
    },
}

impl FinanceError {
    /// The message in the analyst's words (`Display`).
    pub fn message(&self) -> String {
        self.to_string()
    }
}

impl std::fmt::Display for FinanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FinanceError::Domain(message) => f.write_str(message),
            FinanceError::Arithmetic(error) => f.write_str(&error.0),
            FinanceError::Date { context, error } => write!(f, "{context}: {error}"),
            FinanceError::Root(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for FinanceError {}

impl From<ArithmeticError> for FinanceError {
    fn from(error: ArithmeticError) -> Self {
        FinanceError::Arithmetic(error)
    }
}

/// A domain error from a message.
pub(crate) fn domain(message: impl Into<String>) -> FinanceError {
    FinanceError::Domain(message.into())
}

/// The rate must be above -1 (-100%): below it the discount factor changes sign.
pub(crate) fn check_rate(what: &str, rate: Decimal) -> FinanceResult<()> {
    if rate <= Decimal::NEGATIVE_ONE {
        return Err(domain(format!(
            "{what}: the rate must be greater than -1 (-100%), not {}",
            rate.normalize()
        )));
    }
    Ok(())
}

/// Number of significant digits an `f64` result carries given an absolute error bound.
pub(crate) fn digits_for(value: f64, error: f64) -> u32 {
    if value == 0.0 {
        return 0;
    }
    if error <= 0.0 {
        return 15;
    }
    let ratio = value.abs() / error;
    // Far above 10^15 the logarithm cannot fall below 15 (it is within a few ulps), and most
    // results are there: skip it.
    if ratio >= 1e16 {
        return 15;
    }
    let digits = ratio.log10().floor();
    if digits >= 15.0 {
        15
    } else if digits < 1.0 {
        0
    } else {
        digits as u32
    }
}

/// An `f64` result as a decimal with `digits` significant digits; none left is zero.
pub(crate) fn rounded(value: f64, digits: u32) -> FinanceResult {
    if digits == 0 {
        Ok(Decimal::ZERO)
    } else {
        Ok(decimal_from_f64(value, digits)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bound_sets_the_digits() {
        assert_eq!(digits_for(1.0, 1e-20), 15);
        assert_eq!(digits_for(1.0, 1e-13), 13);
        assert_eq!(digits_for(1e-20, 1e-13), 0);
        // Either side of the shortcut past 10^16, and at 10^15.
        assert_eq!(digits_for(1e16, 1.0), 15);
        assert_eq!(digits_for(1e16f64.next_down(), 1.0), 15);
        assert_eq!(digits_for(1e15, 1.0), 15);
        assert_eq!(digits_for(9.99e14, 1.0), 14);
        assert_eq!(digits_for(1.0, f64::MIN_POSITIVE * 1e-10), 15);
    }

    #[test]
    fn the_default_guess_is_a_tenth() {
        assert_eq!(GUESS, crate::decimal::dec("0.1"));
    }
}
