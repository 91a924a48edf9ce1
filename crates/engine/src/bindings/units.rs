//! Script bindings of the magnitudes and formatting in `whatif_core::units`: the magnitude
//! words (`wan`, `yi`, `mn`, `bn`, `tn`, `pct`, `bp`), registered from one table, and the money,
//! percentage and rounding functions.

use rhai::plugin::*;
use rhai::FuncRegistration;
use rust_decimal::Decimal;
use whatif_core::decimal::DECIMAL_RANGE;
use whatif_core::units::{format_money, format_percent};

use crate::docs::doc_comment;
use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};

/// The magnitude words: `name(x)` is `x · 10^exponent`, with the doc line and example `:help`
/// shows.
#[rustfmt::skip]
const MAGNITUDES: [(&str, i32, &str, &str); 7] = [
    ("wan", 4, "`x` 万 (ten thousands): `x · 10^4`.", "assert_eq(wan(3.5), 35000);"),
    ("yi", 8, "`x` 亿 (hundred millions): `x · 10^8`.", "assert_eq(yi(821.29), 82129000000);"),
    ("mn", 6, "`x` million: `x · 10^6`.", "assert_eq(mn(102), 102000000);"),
    ("bn", 9, "`x` billion: `x · 10^9`.", "assert_eq(bn(67.2), 67200000000);"),
    ("tn", 12, "`x` trillion: `x · 10^12`.", "assert_eq(tn(1.5), 1500000000000);"),
    ("pct", -2, "`x` percent as a fraction: `x / 100`.", "assert_eq(pct(28.98), 0.2898);"),
    ("bp", -4, "`x` basis points as a fraction: `x / 10000`.", "assert_eq(bp(25), 0.0025);"),
];

fn power_of_ten(exponent: i32) -> Decimal {
    match u32::try_from(exponent) {
        Ok(e) => Decimal::from(10_i64.pow(e)),
        Err(_) => Decimal::new(1, exponent.unsigned_abs()),
    }
}

/// `x · factor` for the magnitude word `name`.
fn scale(x: Dynamic, name: &str, factor: Decimal) -> RhaiResult<Dynamic> {
    let value = to_decimal(&x, &format!("{name}'s argument"))?;
    value
        .checked_mul(factor)
        .map(decimal_to_dynamic)
        .ok_or_else(|| {
            script_error(format!(
                "{name}({}) is outside the decimal range ({DECIMAL_RANGE})",
                value.normalize()
            ))
        })
}

/// Registers the formatting functions and the magnitude words. `#[export_module]` cannot
/// generate functions from a table, so the magnitudes are added to its module by hand.
pub fn register(module: &mut Module) {
    module.combine_flatten(exported_module!(formatting_functions));
    for (name, exponent, meaning, example) in MAGNITUDES {
        let factor = power_of_ten(exponent);
        FuncRegistration::new(name)
            .with_comments(doc_comment(meaning, example))
            .with_params_info(["x: Dynamic", "RhaiResult<Dynamic>"])
            .set_into_module(module, move |x: Dynamic| scale(x, name, factor));
    }
}

/// The number to format: a plain number, or money that must be in `currency`.
pub(crate) fn amount_in(amount: &Dynamic, currency: &str) -> RhaiResult<rust_decimal::Decimal> {
    match crate::bindings::money::Amount::of(amount, "fmt_money's amount")? {
        crate::bindings::money::Amount::Money(m)
            if !m.currency.as_str().eq_ignore_ascii_case(currency.trim()) =>
        {
            Err(script_error(format!(
                "fmt_money: the amount is {m}, not in {currency}; convert it first, e.g. \
                 fmt_money(convert(x, \"{currency}\", 2024), \"{currency}\")"
            )))
        }
        other => Ok(other.decimal()),
    }
}

// Money and percentage text, and rounding as Excel does it. (A `///` doc here would become
// the doc of the whole global namespace in the engine's metadata.)
#[export_module]
pub mod formatting_functions {
    use super::amount_in;
    use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};
    use rhai::INT;

    /// Short money string: `$100.0B`, `$102.0M`, or for CNY Chinese units `¥821.29亿`.
    /// Western units keep one decimal, Chinese units up to two (rounded half-up). Small
    /// amounts, below the smallest unit (M; 万 for CNY), follow one rule in every currency:
    /// grouped digits at the currency's minor unit (two decimals; none for the yen). The amount
    /// may be money in `currency`.
    ///
    /// ```rhai
    /// assert_eq(fmt_money(bn(100), "USD"), "$100.0B");
    /// assert_eq(fmt_money(1234.5, "JPY"), "JP¥1,235");
    /// assert_eq(fmt_money(yi(821.29), "CNY"), "¥821.29亿");
    /// assert_eq(fmt_money(12345, "USD"), "$12,345.00");
    /// assert_eq(fmt_money(1234.5, "CNY"), "¥1,234.50");
    /// assert_eq(fmt_money(usd(bn(100)), "USD"), "$100.0B");
    /// ```
    #[rhai_fn(name = "fmt_money", return_raw)]
    pub fn fmt_money(amount: Dynamic, currency: &str) -> RhaiResult<String> {
        let amount = amount_in(&amount, currency)?;
        format_money(amount, currency, false).map_err(script_error)
    }

    /// Short money string of an amount of money, in its own currency.
    ///
    /// ```rhai
    /// assert_eq(fmt_money(cny(yi(821.29))), "¥821.29亿");
    /// ```
    #[rhai_fn(name = "fmt_money", return_raw)]
    pub fn fmt_money_of(money: whatif_core::money::Money) -> RhaiResult<String> {
        format_money(money.amount, money.currency.as_str(), false).map_err(script_error)
    }

    /// Money string in a chosen style: `"full"` writes every digit with separators and the
    /// code (`100,000,000,000 USD`); `"short"` is the same as `fmt_money(amount, currency)`.
    ///
    /// ```rhai
    /// assert_eq(fmt_money(bn(100), "USD", "full"), "100,000,000,000 USD");
    /// ```
    #[rhai_fn(name = "fmt_money", return_raw)]
    pub fn fmt_money_style(amount: Dynamic, currency: &str, style: &str) -> RhaiResult<String> {
        let amount = amount_in(&amount, currency)?;
        let full = match style {
            "full" => true,
            "short" => false,
            other => {
                return Err(script_error(format!(
                    "fmt_money's style must be \"full\" or \"short\", not {other:?}"
                )))
            }
        };
        format_money(amount, currency, full).map_err(script_error)
    }

    /// A fraction as a percentage with two decimals, rounded half-up: `0.2898` → `"28.98%"`.
    ///
    /// ```rhai
    /// assert_eq(fmt_pct(0.2898), "28.98%");
    /// ```
    #[rhai_fn(name = "fmt_pct", return_raw)]
    pub fn fmt_pct(x: Dynamic) -> RhaiResult<String> {
        let x = to_decimal(&x, "fmt_pct's argument")?;
        format_percent(x, 2).map_err(script_error)
    }

    /// A fraction as a percentage with `decimals` places, rounded half-up.
    ///
    /// ```rhai
    /// assert_eq(fmt_pct(0.123456, 1), "12.3%");
    /// assert_eq(fmt_pct(0.5, 0), "50%");
    /// ```
    #[rhai_fn(name = "fmt_pct", return_raw)]
    pub fn fmt_pct_places(x: Dynamic, decimals: INT) -> RhaiResult<String> {
        let x = to_decimal(&x, "fmt_pct's argument")?;
        format_percent(x, decimals).map_err(script_error)
    }

    /// Rounds half away from zero to `decimals` places (negative: tens, hundreds, …). Rhai's own
    /// `round` is banker's rounding (`2.5` → `2`); this is the rounding of Excel's `ROUND`.
    ///
    /// ```rhai
    /// assert_eq(round_half_up(2.5, 0), 3);
    /// assert_eq(round_half_up(-1.005, 2), -1.01);
    /// assert_eq(round_half_up(1250, -2), 1300);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn round_half_up(x: Dynamic, decimals: INT) -> RhaiResult<Dynamic> {
        let x = to_decimal(&x, "round_half_up's value")?;
        whatif_core::units::round_half_up(x, decimals)
            .map(decimal_to_dynamic)
            .map_err(script_error)
    }
}
