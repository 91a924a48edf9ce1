//! Script bindings of returns and growth (`whatif_core::finance`): ROI, multiple, CAGR over
//! years or between two dates, annualising a growth over some days, and effective and nominal
//! annual rates (Excel's EFFECT and NOMINAL).

use rhai::plugin::*;

/// Registers this topic's functions into `module`.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(returns_functions));
}

use crate::args::{Amounts, Name};
use crate::numbers::RhaiResult;
use rust_decimal::Decimal;

/// Two values of one function, numbers or money of one currency, as bare numbers.
fn pair(
    function: &'static str,
    names: [&'static str; 2],
    a: &Dynamic,
    b: &Dynamic,
) -> RhaiResult<[Decimal; 2]> {
    let mut read = Amounts::new(function);
    let a = read.amount(a, Name::Param(names[0]))?;
    let b = read.amount(b, Name::Param(names[1]))?;
    read.one_currency()?;
    Ok([a, b])
}

#[export_module]
pub mod returns_functions {
    use super::pair;
    use crate::bindings::cashflow::finance_result;
    use crate::bindings::dates::date_text;
    use crate::numbers::{script_error, to_decimal, RhaiResult};
    use whatif_core::finance;

    /// Return on investment: `(value − cost) / cost`, exact; numbers, or money of one currency.
    ///
    /// ```rhai
    /// assert_eq(roi(4000000000, 150000000000), 36.5);
    /// assert_eq(roi(usd(bn(4)), usd(bn(150))), 36.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn roi(cost: Dynamic, value: Dynamic) -> RhaiResult<Dynamic> {
        let [cost, value] = pair("roi", ["cost", "value"], &cost, &value)?;
        finance_result(finance::roi(cost, value))
    }

    /// Multiple on invested capital (MOIC): `value / cost`, exact; numbers, or money of one
    /// currency.
    ///
    /// ```rhai
    /// assert_eq(multiple(4000000000, 150000000000), 37.5);
    /// assert_eq(multiple(usd(bn(4)), usd(bn(150))), 37.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn multiple(cost: Dynamic, value: Dynamic) -> RhaiResult<Dynamic> {
        let [cost, value] = pair("multiple", ["cost", "value"], &cost, &value)?;
        finance_result(finance::multiple(cost, value))
    }

    /// Compound annual growth rate: `(end / start)^(1 / years) − 1`; `years` may be
    /// fractional; the values are numbers or money of one currency. 14 significant digits.
    ///
    /// ```rhai
    /// assert_eq(cagr(100, 121, 2), 0.1);
    /// assert_eq(cagr(usd(100), usd(121), 2), 0.1);
    /// assert_near(cagr(100, 150, 2.5), 0.17607902, 1e-8);
    /// ```
    #[rhai_fn(name = "cagr", return_raw)]
    pub fn cagr(start_value: Dynamic, end_value: Dynamic, years: Dynamic) -> RhaiResult<Dynamic> {
        let [start, end] = pair(
            "cagr",
            ["start_value", "end_value"],
            &start_value,
            &end_value,
        )?;
        finance_result(finance::cagr(
            start,
            end,
            to_decimal(&years, "cagr's years")?,
        ))
    }

    /// CAGR between two days, counting actual days / 365; a day is a `Date` or its text.
    ///
    /// ```rhai
    /// assert_eq(cagr(100, 121, "2021-01-01", "2023-01-01"), 0.1);
    /// assert_eq(cagr(100, 121, date("2021-01-01"), as_of("2023", "start")), 0.1);
    /// ```
    #[rhai_fn(name = "cagr", return_raw)]
    pub fn cagr_dates(
        start_value: Dynamic,
        end_value: Dynamic,
        start_date: Dynamic,
        end_date: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let [start, end] = pair(
            "cagr",
            ["start_value", "end_value"],
            &start_value,
            &end_value,
        )?;
        let day = |d: &Dynamic| date_text(d, "cagr").map_err(script_error);
        finance_result(finance::cagr_dates(
            start,
            end,
            &day(&start_date)?,
            &day(&end_date)?,
        ))
    }

    /// Effective annual rate of a nominal rate compounded `periods` times a year (Excel's
    /// EFFECT): `(1 + nominal_rate / periods)^periods − 1`, in exact decimals; `periods` is a
    /// whole number.
    ///
    /// ```rhai
    /// assert_eq(effect(0.0525, 4), 0.053542667370758056640625);
    /// assert_eq(effect(0.1, 1), 0.1);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn effect(nominal_rate: Dynamic, periods: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::effect(
            to_decimal(&nominal_rate, "effect's nominal_rate")?,
            to_decimal(&periods, "effect's periods")?,
        ))
    }

    /// Nominal annual rate that, compounded `periods` times a year, gives the effective rate
    /// `effect_rate` (Excel's NOMINAL): `periods × ((1 + effect_rate)^(1 / periods) − 1)`; a
    /// root, so 14 significant digits.
    ///
    /// ```rhai
    /// assert_near(nominal(0.053543, 4), 0.05250032, 1e-8);
    /// assert_near(nominal(effect(0.12, 12), 12), 0.12, 1e-13);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn nominal(effect_rate: Dynamic, periods: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::nominal(
            to_decimal(&effect_rate, "nominal's effect_rate")?,
            to_decimal(&periods, "nominal's periods")?,
        ))
    }

    /// Annual rate of a growth over `days`: `(1 + growth)^(365 / days) − 1`.
    ///
    /// ```rhai
    /// assert_eq(annualize(0.21, 730), 0.1);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn annualize(growth: Dynamic, days: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::annualize(
            to_decimal(&growth, "annualize's growth")?,
            to_decimal(&days, "annualize's days")?,
        ))
    }
}
