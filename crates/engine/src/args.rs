//! Reading script values as the arguments finance and the what-if verbs take (money, plain
//! numbers for the fast path) and wrapping results back: shared by the bindings and the what-if
//! verbs, so that neither reaches into the other.

use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_core::finance::Dd;
use whatif_core::money::{CurrencyCode, Money};

use crate::numbers::decimal_to_dynamic;

/// The money a script value holds, if it holds money.
pub fn as_money(value: &Dynamic) -> Option<Money> {
    value.read_lock::<Money>().map(|m| *m)
}

/// `value` as money in `currency`, or the bare number when there is none.
pub fn rewrap(value: Decimal, currency: Option<CurrencyCode>) -> Dynamic {
    match currency {
        Some(code) => Dynamic::from(Money::new(value, code)),
        None => decimal_to_dynamic(value),
    }
}

/// A plain script number (integer or decimal) as a double-double, for the native kernels;
/// `None` for anything else (money keeps the slow, exact path).
pub fn dd_if_number(value: &Dynamic) -> Option<Dd> {
    if let Ok(int) = value.as_int() {
        Some(Dd::from_i64(int))
    } else if let Ok(decimal) = value.as_decimal() {
        Some(Dd::from_decimal(decimal))
    } else {
        None
    }
}
