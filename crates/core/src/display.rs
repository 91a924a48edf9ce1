//! The display policy: how a number a person reads is written (significant digits, half-up
//! rounding, never exponent notation) and the per-column display formats of tables (money,
//! percent, fixed decimals, integers, magnitudes). Values stay exact; only their text rounds.
//! Machine formats (CSV, JSON, xlsx) never come through here.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::decimal::group_thousands;

/// Significant digits a plain number shows by default.
pub const DEFAULT_DIGITS: u32 = 12;

/// The most significant digits a decimal holds: asking for more is asking for every digit.
pub const MAX_DIGITS: u32 = 28;

/// How many digits a number shows to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// At most this many significant digits (1..=28), rounded half-up; a whole part longer than
    /// that is still shown in full, rounded to the unit, so no digit is replaced by a zero.
    Significant(u32),
    /// Every digit the value holds.
    Exact,
}

impl Default for Digits {
    fn default() -> Self {
        Digits::Significant(DEFAULT_DIGITS)
    }
}

/// A number of digits that is neither a whole number from 1 to `MAX_DIGITS` nor `exact`: the
/// text as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigitsError(pub String);

impl std::fmt::Display for DigitsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "digits must be a whole number from 1 to {MAX_DIGITS}, or \"exact\" for every \
             digit, not {:?}",
            self.0
        )
    }
}

impl std::error::Error for DigitsError {}

impl From<DigitsError> for String {
    fn from(error: DigitsError) -> String {
        error.to_string()
    }
}

impl Digits {
    /// Reads `12` or `exact` (as `--digits` and `:digits` take them).
    pub fn parse(text: &str) -> Result<Digits, DigitsError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("exact") {
            return Ok(Digits::Exact);
        }
        match text.parse::<u32>() {
            Ok(n) if (1..=MAX_DIGITS).contains(&n) => Ok(Digits::Significant(n)),
            _ => Err(DigitsError(text.to_string())),
        }
    }

    /// `12` or `exact`, as `parse` reads it.
    pub fn name(self) -> String {
        match self {
            Digits::Significant(n) => n.to_string(),
            Digits::Exact => "exact".to_string(),
        }
    }
}

/// `value` rounded for display: half away from zero to `digits` significant digits (never
/// into the whole part), trailing zeros dropped.
pub fn round_for_display(value: Decimal, digits: Digits) -> Decimal {
    let Digits::Significant(significant) = digits else {
        return value.normalize();
    };
    let value = value.normalize();
    if value.is_zero() {
        return Decimal::ZERO;
    }
    let whole_digits = whole_digit_count(value);
    // Digits after the point that keep `significant` in all: for 0.000123 the leading zeros
    // after the point do not count.
    let decimals = if whole_digits > 0 {
        significant.saturating_sub(whole_digits)
    } else {
        leading_fraction_zeros(value) + significant
    };
    if decimals >= value.scale() {
        return value;
    }
    value
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// Digits before the point (0 for a value below one in magnitude).
fn whole_digit_count(value: Decimal) -> u32 {
    let whole = value.abs().trunc();
    if whole.is_zero() {
        0
    } else {
        whole.normalize().to_string().len() as u32
    }
}

/// Zeros between the point and the first significant digit of a value below one.
fn leading_fraction_zeros(value: Decimal) -> u32 {
    let text = value.abs().normalize().to_string();
    let fraction = text.split_once('.').map_or("", |(_, f)| f);
    fraction.bytes().take_while(|&b| b == b'0').count() as u32
}

/// A plain number as people read it: rounded as `round_for_display` says, positional
/// (`0.000000000001`, never `1e-12`), no grouping: `1/3` → `0.333333333333`.
pub fn display_decimal(value: Decimal, digits: Digits) -> String {
    let rounded = round_for_display(value, digits);
    // `-0.0000000000001` rounds to zero: no sign on it.
    if rounded.is_zero() {
        return "0".to_string();
    }
    rounded.to_string()
}

/// `display_decimal` with thousands separators, for table cells and records.
pub fn display_grouped(value: Decimal, digits: Digits) -> String {
    group_thousands(&display_decimal(value, digits))
}

/// A column's display format in the human table formats (`t.format(#{col: "pct1"})`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnFormat {
    /// Grouped with two decimals: `1,234.50`.
    Money,
    /// Times 100 with this many decimals and `%`: `pct1` shows `0.2898` as `29.0%`.
    Percent(u32),
    /// Grouped with exactly this many decimals: `fixed2`.
    Fixed(u32),
    /// Grouped, rounded half-up to a whole number.
    Int,
    /// In units of a magnitude, two decimals, the unit in the header.
    Magnitude(Magnitude),
}

/// The magnitudes a column can be shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Magnitude {
    /// 10^9
    Billion,
    /// 10^6
    Million,
    /// 亿, 10^8
    Yi,
    /// 万, 10^4
    Wan,
}

impl Magnitude {
    fn size(self) -> Decimal {
        Decimal::from(match self {
            Magnitude::Billion => 1_000_000_000_i64,
            Magnitude::Million => 1_000_000,
            Magnitude::Yi => 100_000_000,
            Magnitude::Wan => 10_000,
        })
    }

    fn unit(self) -> &'static str {
        match self {
            Magnitude::Billion => "bn",
            Magnitude::Million => "mn",
            Magnitude::Yi => "亿",
            Magnitude::Wan => "万",
        }
    }
}

/// The format names `ColumnFormat::parse` accepts, for messages.
pub const COLUMN_FORMATS: &str =
    "money, pct0 to pct4, fixed0 to fixed10, int, bn, mn, yi, wan, or plain";

impl ColumnFormat {
    /// Reads a format name: `money`, `pct0`..`pct4` (`pct` is `pct1`), `fixed0`..`fixed10`,
    /// `int`, `bn`, `mn`, `yi`, `wan`. `plain` (no format) is `Ok(None)`.
    pub fn parse(name: &str) -> Result<Option<ColumnFormat>, String> {
        let lower = name.trim().to_ascii_lowercase();
        let numbered = |prefix: &str, max: u32| -> Option<u32> {
            lower
                .strip_prefix(prefix)?
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= max)
        };
        let format = match lower.as_str() {
            "plain" | "" => return Ok(None),
            "money" => ColumnFormat::Money,
            "int" | "integer" => ColumnFormat::Int,
            "pct" | "percent" => ColumnFormat::Percent(1),
            "bn" => ColumnFormat::Magnitude(Magnitude::Billion),
            "mn" => ColumnFormat::Magnitude(Magnitude::Million),
            "yi" | "亿" => ColumnFormat::Magnitude(Magnitude::Yi),
            "wan" | "万" => ColumnFormat::Magnitude(Magnitude::Wan),
            _ => {
                if let Some(n) = numbered("pct", 4) {
                    ColumnFormat::Percent(n)
                } else if let Some(n) = numbered("fixed", 10) {
                    ColumnFormat::Fixed(n)
                } else {
                    return Err(format!(
                        "unknown column format {name:?}; use one of {COLUMN_FORMATS}"
                    ));
                }
            }
        };
        Ok(Some(format))
    }

    /// The cell text: grouped, rounded half-up to the format's decimals.
    pub fn apply(self, value: Decimal) -> String {
        let fixed = |value: Decimal, decimals: u32| {
            let rounded =
                value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
            let rounded = if rounded.is_zero() {
                Decimal::ZERO
            } else {
                rounded
            };
            group_thousands(&format!("{:.*}", decimals as usize, rounded))
        };
        match self {
            ColumnFormat::Money => fixed(value, 2),
            ColumnFormat::Fixed(n) => fixed(value, n),
            ColumnFormat::Int => fixed(value, 0),
            ColumnFormat::Percent(n) => match value.checked_mul(Decimal::ONE_HUNDRED) {
                Some(percent) => format!("{}%", fixed(percent, n)),
                None => display_grouped(value, Digits::default()),
            },
            ColumnFormat::Magnitude(m) => fixed(value / m.size(), 2),
        }
    }

    /// The header of a column shown in this format: `amount (bn)` for magnitudes, the name
    /// otherwise.
    pub fn header(self, name: &str) -> String {
        match self {
            ColumnFormat::Magnitude(m) => format!("{name} ({})", m.unit()),
            _ => name.to_string(),
        }
    }

    /// The Excel number format that shows a cell as this format does (for xlsx files).
    pub fn excel_number_format(self) -> String {
        let decimals = |n: u32| {
            if n == 0 {
                String::new()
            } else {
                format!(".{}", "0".repeat(n as usize))
            }
        };
        match self {
            ColumnFormat::Money => "#,##0.00".to_string(),
            ColumnFormat::Fixed(n) => format!("#,##0{}", decimals(n)),
            ColumnFormat::Int => "#,##0".to_string(),
            ColumnFormat::Percent(n) => format!("0{}%", decimals(n)),
            // Excel scales by a thousand per trailing comma; 亿 and 万 are not powers of a
            // thousand, so those keep the full number with two decimals.
            ColumnFormat::Magnitude(Magnitude::Billion) => "#,##0.00,,,".to_string(),
            ColumnFormat::Magnitude(Magnitude::Million) => "#,##0.00,,".to_string(),
            ColumnFormat::Magnitude(_) => "#,##0.00".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    fn show(text: &str) -> String {
        display_decimal(dec(text), Digits::default())
    }

    #[test]
    fn twelve_significant_digits_half_up_without_trailing_zeros() {
        assert_eq!(show("0.3333333333333333333333333333"), "0.333333333333");
        assert_eq!(show("0.6666666666666666666666666667"), "0.666666666667");
        assert_eq!(show("1.41421356237310"), "1.41421356237");
        assert_eq!(show("2.0000000000000000000000000003"), "2");
        assert_eq!(show("19927965148.723514538347"), "19927965148.7");
        assert_eq!(show("0.1234567890125"), "0.123456789013");
        assert_eq!(show("-0.1234567890125"), "-0.123456789013");
    }

    #[test]
    fn short_and_whole_values_are_unchanged() {
        assert_eq!(show("0.3"), "0.3");
        assert_eq!(show("3.5"), "3.5");
        assert_eq!(show("100000000000"), "100000000000");
        assert_eq!(show("500.000"), "500");
        assert_eq!(show("0"), "0");
    }

    #[test]
    fn very_small_and_huge_values_stay_positional() {
        assert_eq!(
            show("0.0000000000001234567890123456"),
            "0.000000000000123456789012"
        );
        assert_eq!(show("12345678901234567.89"), "12345678901234568");
        assert_eq!(
            show("79228162514264337593543950335"),
            "79228162514264337593543950335"
        );
        assert_eq!(
            show("-0.0000000000000000000000000001"),
            "-0.0000000000000000000000000001"
        );
    }

    #[test]
    fn digits_setting_and_exact() {
        let third = dec("0.3333333333333333333333333333");
        assert_eq!(display_decimal(third, Digits::Significant(3)), "0.333");
        assert_eq!(
            display_decimal(third, Digits::Exact),
            "0.3333333333333333333333333333"
        );
        assert_eq!(display_decimal(dec("2.5"), Digits::Significant(1)), "3");
        assert_eq!(
            display_decimal(dec("-0.04"), Digits::Significant(1)),
            "-0.04"
        );
        assert_eq!(Digits::parse("exact").unwrap(), Digits::Exact);
        assert_eq!(Digits::parse(" 6 ").unwrap(), Digits::Significant(6));
        for bad in ["0", "29", "-1", "all", "1.5"] {
            let err = Digits::parse(bad).unwrap_err();
            assert_eq!(err, DigitsError(bad.to_string()));
            assert!(err.to_string().contains("from 1 to 28"), "{err}");
        }
        assert_eq!(
            display_grouped(dec("1234567.891"), Digits::default()),
            "1,234,567.891"
        );
    }

    #[test]
    fn column_formats_round_half_up_and_name_their_unit() {
        let f = |name: &str, v: &str| ColumnFormat::parse(name).unwrap().unwrap().apply(dec(v));
        assert_eq!(f("money", "1234.565"), "1,234.57");
        assert_eq!(f("pct1", "0.2898"), "29.0%");
        assert_eq!(f("pct0", "0.125"), "13%");
        assert_eq!(f("fixed2", "-0.001"), "0.00");
        assert_eq!(f("int", "2.5"), "3");
        assert_eq!(f("bn", "40000000000"), "40.00");
        assert_eq!(f("yi", "82129000000"), "821.29");
        assert_eq!(f("wan", "35000"), "3.50");
        assert_eq!(f("mn", "102000000"), "102.00");
        let yi = ColumnFormat::parse("yi").unwrap().unwrap();
        assert_eq!(yi.header("amount"), "amount (亿)");
        assert_eq!(ColumnFormat::Money.header("usd"), "usd");
        assert_eq!(ColumnFormat::parse("plain").unwrap(), None);
        let err = ColumnFormat::parse("pct9").unwrap_err();
        assert!(err.contains("pct0 to pct4"), "{err}");
    }
}
