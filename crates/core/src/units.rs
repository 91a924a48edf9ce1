//! Magnitudes and formatting: the Chinese and Western units the article mixes (万, 亿, million,
//! billion, trillion), percentages and basis points, half-up rounding, and short or full money
//! strings. Tables and `fmt_money` share `format_money`, so a table and a sentence agree.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

/// Why an amount could not be rounded or formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitsError {
    /// Decimal places outside `min..=max`.
    Places { decimals: i64, min: i64, max: i64 },
    /// Rounding `value` to `decimals` places does not fit a decimal.
    Overflow { value: Decimal, decimals: i64 },
    /// Not a three-letter currency code.
    Currency(String),
    /// Too large to show as a percentage.
    PercentTooLarge(Decimal),
}

impl fmt::Display for UnitsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitsError::Places { decimals, min, max } => {
                write!(
                    f,
                    "decimals must be between {min} and {max}, not {decimals}"
                )
            }
            UnitsError::Overflow { value, decimals } => {
                write!(f, "rounding {value} to {decimals} places overflows")
            }
            UnitsError::Currency(currency) => write!(
                f,
                "currency must be a three-letter code such as \"USD\" or \"CNY\", not {currency:?}"
            ),
            UnitsError::PercentTooLarge(value) => {
                write!(f, "{value} is too large to show as a percentage")
            }
        }
    }
}

impl std::error::Error for UnitsError {}

impl From<UnitsError> for String {
    fn from(error: UnitsError) -> String {
        error.to_string()
    }
}

/// Rounds half away from zero (what analysts and Excel's ROUND do) to `decimals` places; negative
/// `decimals` round to tens, hundreds, …
pub fn round_half_up(value: Decimal, decimals: i64) -> Result<Decimal, UnitsError> {
    if !(-28..=28).contains(&decimals) {
        return Err(UnitsError::Places {
            decimals,
            min: -28,
            max: 28,
        });
    }
    if decimals >= 0 {
        return Ok(value
            .round_dp_with_strategy(decimals as u32, RoundingStrategy::MidpointAwayFromZero)
            .normalize());
    }
    let factor = Decimal::from_i128_with_scale(10i128.pow(decimals.unsigned_abs() as u32), 0);
    let scaled = (value / factor).round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
    scaled
        .checked_mul(factor)
        .map(|d| d.normalize())
        .ok_or(UnitsError::Overflow { value, decimals })
}

fn currency_symbol(code: &str) -> Option<&'static str> {
    match code {
        "USD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        "JPY" => Some("JP¥"),
        "CNY" => Some("¥"),
        _ => None,
    }
}

/// Formats an amount of money.
///
/// * `full`: every digit with thousands separators and the ISO code: `100,000,000,000 USD`.
/// * short, CNY: Chinese units — 万亿 (10^12), 亿 (10^8), 万 (10^4) — with at most two decimals,
///   rounded half-up, trailing zeros dropped: `¥821.29亿`, `¥5亿`, `¥3.5万`.
/// * short, other currencies: T (10^12), B (10^9), M (10^6) with exactly one decimal,
///   rounded half-up: `$100.0B`, `$102.0M`.
/// * small amounts, below the smallest unit (万 for CNY, M for the others), follow one rule in
///   every currency: grouped digits at the currency's minor unit, `$12,345.00`, `¥1,234.50`,
///   `JP¥1,235` (the yen has no cents).
///
/// A value that rounds up to the next unit moves to it (`999.96M` → `$1.0B`). Symbols: `$` USD,
/// `€` EUR, `£` GBP, `JP¥` JPY, `¥` CNY; other codes are written before the number (`CHF 1.5M`).
pub fn format_money(amount: Decimal, currency: &str, full: bool) -> Result<String, UnitsError> {
    let code = currency.trim().to_ascii_uppercase();
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(UnitsError::Currency(currency.to_string()));
    }
    if full {
        return Ok(format!("{} {code}", crate::decimal::group_decimal(amount)));
    }
    let sign = if amount.is_sign_negative() && !amount.is_zero() {
        "-"
    } else {
        ""
    };
    let magnitude = amount.abs();
    // Small amounts show the currency's minor unit: cents, whole yen.
    let minor = crate::money::CurrencyCode::parse(&code)
        .map(|c| c.minor_units())
        .unwrap_or(2);
    // No "-$0.00": an amount that rounds to zero has no sign.
    let sign = if magnitude
        .round_dp_with_strategy(minor, RoundingStrategy::MidpointAwayFromZero)
        .is_zero()
    {
        ""
    } else {
        sign
    };
    let prefix = match currency_symbol(&code) {
        Some(symbol) => symbol.to_string(),
        None => format!("{code} "),
    };
    let round =
        |v: Decimal, dp: u32| v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let (units, decimals, fixed): (&[(i128, &str)], u32, bool) = if code == "CNY" {
        (
            &[
                (1_000_000_000_000, "万亿"),
                (100_000_000, "亿"),
                (10_000, "万"),
            ],
            2,
            false,
        )
    } else {
        (
            &[
                (1_000_000_000_000, "T"),
                (1_000_000_000, "B"),
                (1_000_000, "M"),
            ],
            1,
            true,
        )
    };
    // The largest unit the amount reaches; when rounding carries it up to the next unit
    // (999.96M is 1,000.0M), the next unit is used instead (1.0B).
    let format_in = |index: usize| {
        let size = Decimal::from_i128_with_scale(units[index].0, 0);
        let scaled = round(magnitude / size, decimals);
        let number = if fixed {
            format!("{:.*}", decimals as usize, scaled)
        } else {
            scaled.normalize().to_string()
        };
        // Past the largest unit the number itself grows: group it (€12,345.7T).
        let number = crate::decimal::group_thousands(&number);
        format!("{sign}{prefix}{number}{}", units[index].1)
    };
    let reaches =
        |index: usize, value: Decimal| value >= Decimal::from_i128_with_scale(units[index].0, 0);
    let carried = |index: usize| {
        let size = Decimal::from_i128_with_scale(units[index].0, 0);
        round(magnitude / size, decimals) * size
    };
    for index in 0..units.len() {
        if reaches(index, magnitude) {
            if index > 0 && reaches(index - 1, carried(index)) {
                return Ok(format_in(index - 1));
            }
            return Ok(format_in(index));
        }
    }
    let last = units.len() - 1;
    if reaches(last, round(magnitude, minor)) {
        return Ok(format_in(last));
    }
    let number =
        crate::decimal::group_thousands(&format!("{:.*}", minor as usize, round(magnitude, minor)));
    Ok(format!("{sign}{prefix}{number}"))
}

/// `x` as a percentage with `decimals` places, rounded half-up: `0.2898` → `28.98%`.
pub fn format_percent(value: Decimal, decimals: i64) -> Result<String, UnitsError> {
    if !(0..=20).contains(&decimals) {
        return Err(UnitsError::Places {
            decimals,
            min: 0,
            max: 20,
        });
    }
    let percent = value
        .checked_mul(Decimal::ONE_HUNDRED)
        .ok_or(UnitsError::PercentTooLarge(value))?;
    let rounded =
        percent.round_dp_with_strategy(decimals as u32, RoundingStrategy::MidpointAwayFromZero);
    Ok(format!("{:.*}%", decimals as usize, rounded))
}

/// Compact money as `fmt_money(amount, currency)` shows it, for table cells; a cell whose
/// currency is not a three-letter code shows the plain amount after the code instead of failing
/// the render.
pub fn format_money_cell(amount: Decimal, currency: &str) -> String {
    format_money(amount, currency, false).unwrap_or_else(|_| {
        format!(
            "{} {}",
            currency.trim(),
            crate::decimal::group_decimal(amount)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn short_money_matches_the_article_styles() {
        let f = |v: &str, c: &str| format_money(dec(v), c, false).unwrap();
        assert_eq!(f("100000000000", "USD"), "$100.0B");
        assert_eq!(f("157000000000", "USD"), "$157.0B");
        assert_eq!(f("4000000000", "USD"), "$4.0B");
        assert_eq!(f("102000000", "USD"), "$102.0M");
        assert_eq!(f("82129000000", "CNY"), "¥821.29亿");
        assert_eq!(f("500000000", "CNY"), "¥5亿");
        assert_eq!(f("3000000000", "CNY"), "¥30亿");
        assert_eq!(f("-4000000000", "USD"), "-$4.0B");
        assert_eq!(f("12.5", "USD"), "$12.50");
        assert_eq!(f("35000", "CNY"), "¥3.5万");
        assert_eq!(f("1500000000000", "CNY"), "¥1.5万亿");
        assert_eq!(f("1500000", "CHF"), "CHF 1.5M");
        assert_eq!(f("-0.004", "USD"), "$0.00");
        // Small amounts: one rule in every currency, grouped with two decimals.
        assert_eq!(f("12345", "USD"), "$12,345.00");
        assert_eq!(f("1234.5", "CNY"), "¥1,234.50");
        assert_eq!(f("999999.994", "EUR"), "€999,999.99");
        assert_eq!(f("1234.5", "JPY"), "JP¥1,235");
    }

    #[test]
    fn rounding_up_moves_to_the_next_unit() {
        let short = |v: &str, c: &str| format_money(dec(v), c, false).unwrap();
        assert_eq!(short("999960000", "USD"), "$1.0B");
        assert_eq!(short("999999999999.9", "CNY"), "¥1万亿");
        assert_eq!(short("999999.996", "USD"), "$1.0M");
        assert_eq!(short("9999.996", "CNY"), "¥1万");
    }

    #[test]
    fn full_money_keeps_every_digit() {
        let full = |v: &str, c: &str| format_money(dec(v), c, true);
        assert_eq!(full("100000000000", "usd").unwrap(), "100,000,000,000 USD");
        assert_eq!(full("-1234.50", "EUR").unwrap(), "-1,234.5 EUR");
        assert!(full("1", "dollars").is_err());
    }

    #[test]
    fn table_cells_use_the_same_compact_form() {
        assert_eq!(format_money_cell(dec("100000000000"), "USD"), "$100.0B");
        assert_eq!(format_money_cell(dec("-2500000"), "usd"), "-$2.5M");
        assert_eq!(format_money_cell(dec("5000"), "CHF"), "CHF 5,000.00");
        assert_eq!(
            format_money_cell(dec("1234567"), "points"),
            "points 1,234,567"
        );
    }

    #[test]
    fn percentages_and_rounding() {
        assert_eq!(format_percent(dec("0.2898"), 2).unwrap(), "28.98%");
        assert_eq!(format_percent(dec("0.123455"), 3).unwrap(), "12.346%");
        assert_eq!(round_half_up(dec("2.5"), 0).unwrap(), dec("3"));
        assert_eq!(round_half_up(dec("-2.5"), 0).unwrap(), dec("-3"));
        assert_eq!(round_half_up(dec("1250"), -2).unwrap(), dec("1300"));
        assert_eq!(
            round_half_up(dec("1"), 40),
            Err(UnitsError::Places {
                decimals: 40,
                min: -28,
                max: 28
            })
        );
        assert_eq!(
            round_half_up(Decimal::MAX, -1).unwrap_err().to_string(),
            format!("rounding {} to -1 places overflows", Decimal::MAX)
        );
        assert_eq!(
            format_percent(Decimal::MAX, 2),
            Err(UnitsError::PercentTooLarge(Decimal::MAX))
        );
        assert_eq!(
            format_money(dec("1"), "dollars", false)
                .unwrap_err()
                .to_string(),
            "currency must be a three-letter code such as \"USD\" or \"CNY\", not \"dollars\""
        );
    }
}
