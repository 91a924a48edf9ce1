//! Exact-number helpers shared by every layer: normalising decimals, bringing an `f64` result
//! back as a decimal at the digits it actually holds, parsing analysts' numbers and grouping
//! digits for display.

use rust_decimal::Decimal;

/// The largest magnitude a `Decimal` holds, for messages.
pub const DECIMAL_RANGE: &str = "about ±7.9e28";

/// Significant digits kept from an `f64` computation.
pub const F64_DIGITS: u32 = 15;

/// An arithmetic failure: a result that is not finite or does not fit a decimal. The engine
/// reports it as an arithmetic error at the script's call site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArithmeticError(pub String);

impl std::fmt::Display for ArithmeticError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ArithmeticError {}

/// Strips trailing zeros so that `500.000` shows as `500` wherever it is printed.
pub fn norm(value: Decimal) -> Decimal {
    value.normalize()
}

/// Converts a finite `f64` that came out of an irrational computation into a decimal carrying
/// only the digits `f64` actually holds (`significant`), so that `4 ** 0.5` prints `2`, not
/// `2.0000000000000000000000000003`.
pub fn decimal_from_f64(value: f64, significant: u32) -> Result<Decimal, ArithmeticError> {
    if !value.is_finite() {
        return Err(ArithmeticError(format!(
            "result is not a finite number ({value})"
        )));
    }
    if value == 0.0 {
        return Ok(Decimal::ZERO);
    }
    let magnitude = value.abs().log10().floor() as i32;
    let decimals = significant as i32 - 1 - magnitude;
    // `{:.N}` rounds correctly in decimal, which `Decimal::from_f64` followed by rounding does not
    // always do; the string is then read exactly.
    let text = if decimals > 0 {
        format!("{value:.prec$}", prec = decimals.min(28) as usize)
    } else {
        let factor = 10f64.powi(-decimals);
        format!("{:.0}", (value / factor).round() * factor)
    };
    text.parse::<Decimal>()
        .or_else(|_| Decimal::from_scientific(&format!("{value:e}")))
        .map(norm)
        .map_err(|_| {
            ArithmeticError(format!(
                "result {value:e} is outside the decimal range ({DECIMAL_RANGE})"
            ))
        })
}

/// A plain number's text with thousands separators in its whole part: `-1234567.5` →
/// `-1,234,567.5`. The one digit grouper of the project (tables, money, messages).
pub fn group_thousands(plain: &str) -> String {
    let (sign, rest) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain),
    };
    let (whole, fraction) = match rest.find('.') {
        Some(dot) => (&rest[..dot], &rest[dot..]),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(plain.len() + whole.len() / 3);
    out.push_str(sign);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out.push_str(fraction);
    out
}

/// A decimal's normalised text with thousands separators: `1234567.50` → `1,234,567.5`.
pub fn group_decimal(value: Decimal) -> String {
    group_thousands(&value.normalize().to_string())
}

/// Parses a decimal as analysts write it: `1234.5`, `1_234.5`, `32e9`, `1.5e-3`.
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
    if cleaned.is_empty() {
        return None;
    }
    cleaned
        .parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(&cleaned).ok())
        .map(norm)
}

/// A decimal from its text, for tests and constants: panics on malformed text.
#[cfg(test)]
pub(crate) fn dec(text: &str) -> Decimal {
    text.parse().expect("a decimal literal")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f64_conversion_rounds_to_significant_digits() {
        assert_eq!(decimal_from_f64(0.1 + 0.2, 15).unwrap(), dec("0.3"));
        assert_eq!(decimal_from_f64(123456.789, 4).unwrap(), dec("123500"));
        assert!(decimal_from_f64(f64::NAN, 15).is_err());
    }

    #[test]
    fn analyst_numbers_parse() {
        assert_eq!(parse_decimal("32e9"), Some(dec("32000000000")));
        assert_eq!(parse_decimal("1.5e-3"), Some(dec("0.0015")));
        assert_eq!(parse_decimal("3_000_000"), Some(dec("3000000")));
        assert_eq!(parse_decimal("abc"), None);
    }

    #[test]
    fn digits_group_in_threes() {
        assert_eq!(group_thousands("-1234567.5"), "-1,234,567.5");
        assert_eq!(group_thousands("999"), "999");
        assert_eq!(group_decimal(dec("1000.00")), "1,000");
    }
}
