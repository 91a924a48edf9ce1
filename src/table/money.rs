//! The single place tables turn an amount and a currency code into compact money text
//! (`$100.0B`, `¥821.29亿`). The project's scalar formatter `format_money(amount, currency,
//! full)` lives in the finance helpers (`src/packages/units.rs`); this minimal stand-in keeps the
//! table module self-contained until it is redirected there, so only this function changes.

use rust_decimal::{Decimal, RoundingStrategy};

/// Compact money: the currency's symbol, the amount scaled to 亿/万 for CNY and to K/M/B/T
/// otherwise, rounded half away from zero to two decimals (at least one is kept).
pub(crate) fn format_money(amount: Decimal, currency: &str) -> String {
    let code = currency.trim().to_ascii_uppercase();
    let symbol = match code.as_str() {
        "USD" => "$".to_string(),
        "CNY" | "RMB" | "JPY" => "¥".to_string(),
        "EUR" => "€".to_string(),
        "GBP" => "£".to_string(),
        "HKD" => "HK$".to_string(),
        _ => format!("{code} "),
    };
    let steps: &[(i64, &str)] = if code == "CNY" || code == "RMB" {
        &[(100_000_000, "亿"), (10_000, "万")]
    } else {
        &[
            (1_000_000_000_000, "T"),
            (1_000_000_000, "B"),
            (1_000_000, "M"),
            (1_000, "K"),
        ]
    };
    let magnitude = amount.abs();
    let (scale, suffix) = steps
        .iter()
        .find(|(s, _)| magnitude >= Decimal::from(*s))
        .map(|(s, x)| (Decimal::from(*s), *x))
        .unwrap_or((Decimal::ONE, ""));
    let scaled = (magnitude / scale)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let mut digits = super::cell::group_thousands(&scaled.to_string());
    if !suffix.is_empty() && !digits.contains('.') {
        digits.push_str(".0");
    }
    let sign = if amount.is_sign_negative() && !scaled.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{symbol}{digits}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn compact_amounts() {
        assert_eq!(format_money(d("100000000000"), "USD"), "$100.0B");
        assert_eq!(format_money(d("82129000000"), "CNY"), "¥821.29亿");
        assert_eq!(format_money(d("-2500000"), "usd"), "-$2.5M");
        assert_eq!(format_money(d("999.5"), "EUR"), "€999.5");
        assert_eq!(format_money(d("5000"), "CHF"), "CHF 5.0K");
    }
}
