//! The single place tables turn an amount and a currency code into compact money text
//! (`$100.0B`, `¥821.29亿`): the same formatter as the script function `fmt_money`, so a table
//! and a sentence never disagree.

use rust_decimal::Decimal;

/// Compact money as `fmt_money(amount, currency)` shows it; a cell whose currency is not a
/// three-letter code shows the plain amount after the code instead of failing the render.
pub(crate) fn format_money(amount: Decimal, currency: &str) -> String {
    crate::packages::units::format_money(amount, currency, false).unwrap_or_else(|_| {
        format!(
            "{} {}",
            currency.trim(),
            super::cell::group_thousands(&amount.normalize().to_string())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn compact_amounts_match_fmt_money() {
        assert_eq!(format_money(d("100000000000"), "USD"), "$100.0B");
        assert_eq!(format_money(d("82129000000"), "CNY"), "¥821.29亿");
        assert_eq!(format_money(d("-2500000"), "usd"), "-$2.5M");
        assert_eq!(format_money(d("5000"), "CHF"), "CHF 5.0K");
    }

    #[test]
    fn odd_currency_codes_fall_back_to_the_plain_amount() {
        assert_eq!(format_money(d("1234567"), "points"), "points 1,234,567");
    }
}
