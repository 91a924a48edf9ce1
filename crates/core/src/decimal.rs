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
///
/// The value is rounded half to even at `significant − 1 − ⌊log10 |value|⌋` decimals (at most
/// 28), from its exact binary value; at or above 10^(significant − 1) it is rounded to a whole
/// multiple of a power of ten in `f64`, as it always was. The common cases are integer maths on
/// the `f64`'s bits (Monte Carlo converts two numbers a draw); the rest goes through text, which
/// the fast path equals digit for digit (a property test compares them).
pub fn decimal_from_f64(value: f64, significant: u32) -> Result<Decimal, ArithmeticError> {
    if !value.is_finite() {
        return Err(ArithmeticError(format!(
            "result is not a finite number ({value})"
        )));
    }
    if value == 0.0 {
        return Ok(Decimal::ZERO);
    }
    let magnitude = decimal_exponent(value.abs());
    let decimals = significant as i32 - 1 - magnitude;
    let fast = if (1..=FAST_DIGITS).contains(&significant) {
        if decimals > 0 {
            rounded_at_decimals(value, decimals.min(28) as u32)
        } else {
            let factor = 10f64.powi(-decimals);
            whole_f64(value, (value / factor).round() * factor)
        }
    } else {
        None
    };
    match fast {
        Some(decimal) => Ok(decimal),
        None => decimal_from_f64_by_text(value, decimals),
    }
}

/// The doubles nearest to 10^k for k = -22..=22.
const POWERS_OF_TEN: [f64; 45] = [
    1e-22, 1e-21, 1e-20, 1e-19, 1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10,
    1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7,
    1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// ⌊log10 |value|⌋ exactly as `abs.log10().floor()` gives it (which counts 999.9999999999999
/// as 10^3, and the digits kept follow it), without the logarithm when `abs` is not within
/// 1e-9 (relative) of a power of ten: there the true logarithm is at least 4e-10 from an
/// integer, far beyond `log10`'s error of a few ulps (under 1e-14 here), so both floors agree.
fn decimal_exponent(abs: f64) -> i32 {
    const MARGIN: f64 = 1e-9;
    const SMALLEST: i32 = -22;
    let table = |k: i32| POWERS_OF_TEN.get((k - SMALLEST) as usize).copied();
    if (1e-22..1e22).contains(&abs) {
        // floor(binary exponent · log10 2) is k or k − 1; the comparisons settle it.
        let binary = ((abs.to_bits() >> 52) & 0x7ff) as i32 - 1023;
        let mut k = (binary * 78_913) >> 18;
        while table(k + 1).is_some_and(|p| abs >= p) {
            k += 1;
        }
        while table(k).is_some_and(|p| abs < p) {
            k -= 1;
        }
        if let (Some(lower), Some(upper)) = (table(k), table(k + 1)) {
            if abs >= lower * (1.0 + MARGIN) && abs <= upper * (1.0 - MARGIN) {
                return k;
            }
        }
    }
    abs.log10().floor() as i32
}

/// One more than the largest mantissa a decimal holds (96 bits).
const MANTISSA_LIMIT: i128 = 1 << 96;

/// The sum of values given as integer counts of 10^-`scale` (`keys`), as a decimal at that
/// scale, when every partial sum fits a decimal's 96 bits there: then adding the decimals one
/// by one with `checked_add` rounds nowhere and gives this value at this scale. `None`
/// otherwise (the caller adds them as decimals, with their rounding and range error).
pub fn sum_of_scaled(keys: impl Iterator<Item = i128>, scale: u32) -> Option<Decimal> {
    let mut sum: i128 = 0;
    for key in keys {
        sum = sum.checked_add(key)?;
        if !(-MANTISSA_LIMIT < sum && sum < MANTISSA_LIMIT) {
            return None;
        }
    }
    Decimal::try_from_i128_with_scale(sum, scale).ok()
}

/// The sum of the decimals `values()` yields and their count, added as integers at the
/// largest scale among them (see `sum_of_scaled`), which is much faster than decimal addition;
/// `None` when decimal addition would round or fail there. `values` is read twice.
pub fn exact_sum<I: Iterator<Item = Decimal>>(values: impl Fn() -> I) -> Option<(Decimal, usize)> {
    let scale = values().map(|v| v.scale()).max().unwrap_or(0);
    let mut count = 0usize;
    let mut fits = true;
    let keys = values().map_while(|v| {
        count += 1;
        let key = 10i128
            .checked_pow(scale - v.scale())
            .and_then(|p| v.mantissa().checked_mul(p));
        fits &= key.is_some();
        key
    });
    let sum = sum_of_scaled(keys, scale)?;
    fits.then_some((sum, count))
}

/// The largest `significant` the integer path takes: its rounded mantissa (at most
/// `significant + 2` digits, as `log10` may undercount by one and rounding may carry) fits 64
/// bits.
const FAST_DIGITS: u32 = 17;

/// 10^k for k = 0..=28: the scales a `Decimal` can have.
pub const POW10: [i128; 29] = {
    let mut table = [1i128; 29];
    let mut k = 1;
    while k < 29 {
        table[k] = table[k - 1] * 10;
        k += 1;
    }
    table
};

/// 5^k for k = 0..=28.
const POW5: [u128; 29] = {
    let mut table = [1u128; 29];
    let mut k = 1;
    while k < 29 {
        table[k] = table[k - 1] * 5;
        k += 1;
    }
    table
};

/// The `f64`'s exact value as `mantissa · 2^exponent` (mantissa below 2^53) and its sign.
fn binary_parts(value: f64) -> (u64, i32, bool) {
    let bits = value.to_bits();
    let negative = bits >> 63 == 1;
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if biased == 0 {
        (fraction, -1074, negative)
    } else {
        (fraction | (1u64 << 52), biased - 1075, negative)
    }
}

/// `value` rounded half to even at `decimals` (1..=28) places, as `format!("{value:.decimals$}")`
/// rounds it, normalised; `None` when the rounded mantissa does not fit 64 bits or is zero
/// (the text path then decides, sign of zero included).
fn rounded_at_decimals(value: f64, decimals: u32) -> Option<Decimal> {
    let (mantissa, exponent, negative) = binary_parts(value);
    // |value| · 10^d = mantissa · 5^d · 2^(d + exponent); mantissa · 5^d < 2^53 · 2^66.
    let scaled = u128::from(mantissa) * POW5[decimals as usize];
    let shift = decimals as i32 + exponent;
    let rounded = if shift >= 0 {
        if shift >= 64 || scaled.leading_zeros() < shift as u32 + 64 {
            return None;
        }
        scaled << shift
    } else {
        let drop = -shift as u32;
        if drop >= 120 {
            // scaled < 2^119, so less than half a unit: zero, for the text path.
            return None;
        }
        let whole = scaled >> drop;
        let rest = scaled & ((1u128 << drop) - 1);
        let half = 1u128 << (drop - 1);
        if rest > half || (rest == half && whole & 1 == 1) {
            whole + 1
        } else {
            whole
        }
    };
    let rounded = u64::try_from(rounded).ok().filter(|r| *r != 0)?;
    Some(normalised(rounded, decimals, negative))
}

/// An integer-valued `f64` (`whole`, the rounding of `value`) as an exact decimal, as `{:.0}`
/// prints it; `None` past 2^64 (the text path then decides, range errors included).
fn whole_f64(value: f64, whole: f64) -> Option<Decimal> {
    let (mantissa, exponent, negative) = binary_parts(whole);
    if mantissa == 0 || negative != value.is_sign_negative() {
        return None;
    }
    let magnitude = if exponent >= 0 {
        // mantissa < 2^53, so a shift of up to 11 stays within 64 bits.
        if exponent > 11 {
            return None;
        }
        mantissa << exponent
    } else {
        let drop = exponent.unsigned_abs();
        if drop >= 53 || mantissa & ((1u64 << drop) - 1) != 0 {
            return None;
        }
        mantissa >> drop
    };
    Some(normalised(magnitude, 0, negative))
}

/// `±mantissa / 10^scale` (mantissa not zero) without trailing zeros: what
/// `Decimal::normalize` makes of it.
fn normalised(mut mantissa: u64, mut scale: u32, negative: bool) -> Decimal {
    while scale > 0 && mantissa.is_multiple_of(10) {
        mantissa /= 10;
        scale -= 1;
    }
    Decimal::from_parts(mantissa as u32, (mantissa >> 32) as u32, 0, negative, scale)
}

/// The digits of an unsigned number written plainly (`1.1172`, `136`, `0.50`) with at most 18
/// digits: the mantissa, the digits after the point, and whether there was a point; `None` for
/// anything else. One pass over the bytes, for the large files whose amounts are nearly all
/// like that (`Decimal`'s parser is several times slower).
#[inline]
pub fn short_plain_digits(text: &str) -> Option<(i64, u32, bool)> {
    let (mut mantissa, mut scale, mut digits) = (0i64, 0u32, 0u32);
    let mut point = false;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                digits += 1;
                if digits > 18 {
                    return None;
                }
                mantissa = mantissa * 10 + i64::from(b - b'0');
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    (digits > 0).then_some((mantissa, scale, point))
}

/// The text path of `decimal_from_f64`: `{:.N}` rounds correctly in decimal, which
/// `Decimal::from_f64` followed by rounding does not always do; the string is then read exactly.
fn decimal_from_f64_by_text(value: f64, decimals: i32) -> Result<Decimal, ArithmeticError> {
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

    /// `decimal_from_f64` as it was before the integer path: the oracle the fast path must
    /// equal for every input.
    fn decimal_from_f64_oracle(value: f64, significant: u32) -> Result<Decimal, ArithmeticError> {
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

    /// Equal as results and bit for bit (scale and sign of zero included), with the inputs
    /// named when they are not.
    fn same_as_oracle(value: f64, significant: u32) -> Result<(), String> {
        let fast = decimal_from_f64(value, significant);
        let oracle = decimal_from_f64_oracle(value, significant);
        let bits = |r: &Result<Decimal, ArithmeticError>| r.as_ref().ok().map(|d| d.serialize());
        if fast == oracle && bits(&fast) == bits(&oracle) {
            Ok(())
        } else {
            Err(format!(
                "{value:e} ({:#x}) at {significant} digits: {fast:?} but the text path gives \
                 {oracle:?}",
                value.to_bits()
            ))
        }
    }

    #[test]
    fn f64_conversion_equals_the_text_path_on_edge_cases() {
        let mut values = vec![
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.0,
            -0.0,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            f64::from_bits(1),
            -f64::from_bits(1),
            f64::EPSILON,
            0.1 + 0.2,
            1234567890123.25,
            1234567890123.75,
            0.125,
            -0.375,
            2.5,
            999.9999999999999,
            9.999999999999998,
            7.922816251426433e28,
            7.922816251426434e28_f64.next_down(),
            7.922816251426434e28,
            1e28,
            1e29,
            1.8446744073709552e19,
            5e-29,
            4.9e-29,
            1e-28,
            -4e-29,
            123456789012345678.0,
        ];
        // The integer path is the one taken for the usual sizes (the oracle would hide a
        // fast path that never runs).
        assert!(rounded_at_decimals(0.0812345678901234, 16).is_some());
        assert!(rounded_at_decimals(-1234.56789, 11).is_some());
        assert!(whole_f64(1.2345678901234567e17, 1.23456789012346e17).is_some());
        // Both sides of the margin within which the exponent comes from the logarithm.
        for k in -23..=23 {
            let p = 10f64.powi(k);
            for near in [
                1.0 + 1e-9,
                1.0 - 1e-9,
                1.0 + 1.1e-9,
                1.0 - 1.1e-9,
                1.0 + 9e-10,
            ] {
                values.extend([p * near, -p * near]);
            }
        }
        // Both sides of every power of ten an f64 can hold.
        for k in -323..=308 {
            let p = 10f64.powi(k);
            values.extend([p, p.next_up(), p.next_down(), -p, -p.next_down()]);
        }
        for value in values {
            for significant in 0..=32 {
                same_as_oracle(value, significant).unwrap();
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(20_000))]

        #[test]
        fn f64_conversion_equals_the_text_path_on_any_bits(
            bits in proptest::prelude::any::<u64>(),
            significant in 0u32..=30,
        ) {
            same_as_oracle(f64::from_bits(bits), significant).map_err(proptest::test_runner::TestCaseError::fail)?;
        }

        #[test]
        fn f64_conversion_equals_the_text_path_on_analyst_sizes(
            value in -1e16f64..1e16,
            scale in -30i32..=30,
            significant in 1u32..=20,
        ) {
            same_as_oracle(value * 10f64.powi(scale), significant).map_err(proptest::test_runner::TestCaseError::fail)?;
            same_as_oracle(value.trunc(), significant).map_err(proptest::test_runner::TestCaseError::fail)?;
        }

        #[test]
        fn f64_conversion_equals_the_text_path_on_ties(
            whole in 0u64..(1u64 << 52),
            halvings in 1i32..=60,
            negative in proptest::prelude::any::<bool>(),
            significant in 1u32..=18,
        ) {
            // Dyadic values: their decimal expansions end in 5, so some roundings are ties.
            let value = (whole | 1) as f64 * 2f64.powi(-halvings);
            let value = if negative { -value } else { value };
            same_as_oracle(value, significant).map_err(proptest::test_runner::TestCaseError::fail)?;
        }
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

    #[test]
    fn exact_sums_equal_decimal_addition_or_give_way_to_it() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let cases: [&[&str]; 4] = [
            &["1.5", "2", "-0.25", "1048.29"],
            &["0.1", "0.2", "-0.3"],
            &["79228162514264337593543950335", "-1"],
            &[],
        ];
        for case in cases {
            let values: Vec<Decimal> = case.iter().map(|s| d(s)).collect();
            let expected = values
                .iter()
                .try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))
                .unwrap();
            let (total, count) = exact_sum(|| values.iter().copied()).unwrap();
            assert_eq!(total, expected, "{case:?}");
            assert_eq!(total.scale(), expected.scale(), "{case:?}");
            assert_eq!(count, values.len());
        }
        // Past 96 bits at the common scale decimal addition rounds: this one gives way to it.
        let rounding = [d("7922816251426433759354395033.5"), d("0.05")];
        assert_eq!(exact_sum(|| rounding.into_iter()), None);
        let too_wide = [
            d("79228162514264337593543950335"),
            d("0.0000000000000000000000000001"),
        ];
        assert_eq!(exact_sum(|| too_wide.into_iter()), None);
    }
}
