//! Script bindings of returns and growth (`whatif_core::finance`): ROI, multiple, CAGR over
//! years or between two dates, and annualising a growth over some days.

use rhai::plugin::*;

/// Registers this topic's functions on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_global_module(exported_module!(returns_functions).into());
}

#[export_module]
pub mod returns_functions {
    use crate::bindings::cashflow::finance_result;
    use crate::bindings::dates::date_text;
    use crate::numbers::{script_error, to_decimal, RhaiResult};
    use whatif_core::finance;

    /// Return on investment: `(value − cost) / cost`, exact.
    ///
    /// ```rhai
    /// assert_eq(roi(4000000000, 150000000000), 36.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn roi(cost: Dynamic, value: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::roi(
            to_decimal(&cost, "roi's cost")?,
            to_decimal(&value, "roi's value")?,
        ))
    }

    /// Multiple on invested capital (MOIC): `value / cost`, exact.
    ///
    /// ```rhai
    /// assert_eq(multiple(4000000000, 150000000000), 37.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn multiple(cost: Dynamic, value: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::multiple(
            to_decimal(&cost, "multiple's cost")?,
            to_decimal(&value, "multiple's value")?,
        ))
    }

    /// Compound annual growth rate: `(end / start)^(1 / years) − 1`; `years` may be
    /// fractional. 14 significant digits.
    ///
    /// ```rhai
    /// assert_eq(cagr(100, 121, 2), 0.1);
    /// assert_near(cagr(100, 150, 2.5), 0.17607902, 1e-8);
    /// ```
    #[rhai_fn(name = "cagr", return_raw)]
    pub fn cagr(start_value: Dynamic, end_value: Dynamic, years: Dynamic) -> RhaiResult<Dynamic> {
        finance_result(finance::cagr(
            to_decimal(&start_value, "cagr's start_value")?,
            to_decimal(&end_value, "cagr's end_value")?,
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
        let day = |d: &Dynamic| date_text(d, "cagr").map_err(script_error);
        finance_result(finance::cagr_dates(
            to_decimal(&start_value, "cagr's start_value")?,
            to_decimal(&end_value, "cagr's end_value")?,
            &day(&start_date)?,
            &day(&end_date)?,
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
