//! Cash flows and their NPV as script functions: `cashflows([...])` (flows converted once,
//! plain or money of one currency), `npv` of arrays and cached flows, `npv_profile`, `xnpv`.

use rhai::plugin::*;
use rhai::Array;
use rust_decimal::Decimal;
use whatif_core::finance;

use super::{
    dated, dd_if_number, decimals_of, finance_error, finance_result, flows_of, CashFlows,
    MoneyCashFlows,
};
use crate::numbers::{decimal_to_dynamic, script_error, RhaiResult};
use crate::table::Table;

/// `npv(rate, array)`: each element is converted inside the Horner loop, and only an element
/// that is not a number costs a second pass, to name it. A zero rate is an exact sum, which
/// needs the decimals themselves.
fn npv_array(rate: Decimal, values: &Array) -> RhaiResult<Dynamic> {
    if rate.is_zero() {
        return finance_result(finance::npv_sum(&decimals_of(values, "values")?));
    }
    match finance::npv_lazy(rate, values.iter().map(dd_if_number)) {
        Ok(Some(npv)) => Ok(decimal_to_dynamic(npv)),
        Ok(None) => Err(flows_of(values, "values")
            .err()
            .unwrap_or_else(|| script_error("npv: bad flows"))),
        Err(error) => Err(finance_error(error)),
    }
}

/// NPV's rate, with the note when it looks typed in percent (`values` flows: `values - 1`
/// periods).
fn rate_of(ctx: &NativeCallContext, rate: &Dynamic, values: usize) -> RhaiResult<Decimal> {
    let rate = crate::numbers::to_decimal(rate, "npv's rate")?;
    let _site = super::percent::Site::enter(ctx);
    super::percent::check(
        "npv",
        "rate",
        rate,
        Some(Decimal::from(values.saturating_sub(1))),
    );
    Ok(rate)
}

/// `npv_profile`'s table: rate, NPV (empty where it overflows) and `IRR` on the roots.
fn profile_table(values: &Array, range: Option<(Decimal, Decimal)>) -> RhaiResult<Table> {
    // Money flows (one currency) give a profile of money NPVs; the rates stay numbers.
    let (values, currency) = match crate::args::Amounts::flows("npv_profile", values)? {
        Some(money) => (std::borrow::Cow::Owned(money.values), money.args.currency()),
        None => (std::borrow::Cow::Borrowed(values), None),
    };
    let flows = finance::CashFlows::new(decimals_of(&values, "npv_profile: values")?);
    let points = finance::npv_profile(&flows, range).map_err(finance_error)?;
    let amount = |npv: Decimal| match currency {
        Some(code) => Dynamic::from(whatif_core::money::Money::new(npv, code)),
        None => decimal_to_dynamic(npv),
    };
    let rows = points
        .into_iter()
        .map(|p| {
            vec![
                decimal_to_dynamic(p.rate),
                p.npv.map(amount).unwrap_or(Dynamic::UNIT),
                if p.root {
                    Dynamic::from("IRR")
                } else {
                    Dynamic::UNIT
                },
            ]
        })
        .collect();
    let columns = ["rate", "npv", "root"].map(String::from).to_vec();
    Table::new(columns, rows).map_err(|e| script_error(format!("npv_profile: {e}")))
}

#[export_module]
pub mod flow_functions {
    use rhai::{Array, INT};
    use whatif_core::finance;

    use super::{finance_error, finance_result as out};
    use crate::args::Amounts;
    use crate::numbers::{decimal_to_dynamic, to_decimal as d, RhaiResult};
    use crate::table::Table;

    /// Cached cash flows (`type_of` says "CashFlows").
    pub type CashFlows = super::CashFlows;

    /// Cash flows converted once, for repeated `npv`/`irr` calls (a sweep over many rates).
    /// Flows given as money (one currency) keep it: their `npv` is money.
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 39, 59, 55, 20]);
    /// assert_eq(npv(0, flows), 73);
    /// assert_near(flows.irr(), 0.28094842116, 1e-11);
    /// assert_eq(cashflows([usd(-100), usd(110)]).npv(0), usd(10));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn cashflows(values: Array) -> RhaiResult<Dynamic> {
        if let Some(money) = Amounts::flows("cashflows", &values)? {
            let decimals = super::decimals_of(&money.values, "cashflows")?;
            let flows = super::CashFlows(finance::CashFlows::new(decimals));
            return Ok(match money.args.currency() {
                Some(code) => Dynamic::from(super::MoneyCashFlows(flows, code)),
                None => Dynamic::from(flows),
            });
        }
        let decimals = super::decimals_of(&values, "cashflows")?;
        Ok(Dynamic::from(super::CashFlows(finance::CashFlows::new(
            decimals,
        ))))
    }

    /// The flows back as an array.
    ///
    /// ```rhai
    /// assert_eq(cashflows([-1, 2.5]).to_array(), [-1, 2.5]);
    /// ```
    pub fn to_array(flows: &mut CashFlows) -> Array {
        flows
            .0
            .decimals
            .iter()
            .map(|v| decimal_to_dynamic(*v))
            .collect()
    }

    /// Number of flows.
    ///
    /// ```rhai
    /// assert_eq(cashflows([-1, 2, 3]).len(), 3);
    /// assert_eq(type_of(cashflows([-1, 2])), "CashFlows");
    /// ```
    #[rhai_fn(name = "len", get = "len")]
    pub fn len(flows: &mut CashFlows) -> INT {
        flows.0.decimals.len() as INT
    }

    /// Shows the flows.
    ///
    /// ```rhai
    /// assert_eq(`${cashflows([-1, 2])}`, "cashflows([-1, 2])");
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn to_string(flows: &mut CashFlows) -> String {
        flows.text(None)
    }

    /// Cached flows of money (`type_of` says "CashFlows" too).
    pub type MoneyCashFlows = super::MoneyCashFlows;

    /// Money flows back as an array of money.
    ///
    /// ```rhai
    /// assert_eq(cashflows([usd(-1), usd(2.5)]).to_array(), [usd(-1), usd(2.5)]);
    /// ```
    #[rhai_fn(name = "to_array")]
    pub fn to_array_money(flows: &mut MoneyCashFlows) -> Array {
        flows
            .0
             .0
            .decimals
            .iter()
            .map(|v| flows.amount(*v))
            .collect()
    }

    /// Number of money flows.
    ///
    /// ```rhai
    /// assert_eq(cashflows([usd(-1), usd(2)]).len(), 2);
    /// assert_eq(type_of(cashflows([usd(-1), usd(2)])), "CashFlows");
    /// ```
    #[rhai_fn(name = "len", get = "len")]
    pub fn len_money(flows: &mut MoneyCashFlows) -> INT {
        flows.0 .0.decimals.len() as INT
    }

    /// Shows money flows.
    ///
    /// ```rhai
    /// assert_eq(`${cashflows([usd(-1), usd(2)])}`, "cashflows([usd(-1), usd(2)])");
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn to_string_money(flows: &mut MoneyCashFlows) -> String {
        flows.text()
    }

    /// NPV of cached money flows: money in their currency.
    ///
    /// ```rhai
    /// let flows = cashflows([usd(-100), usd(60), usd(60)]);
    /// assert_eq(round_money(npv(0.1, flows)), usd(4.13));
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached_money(
        ctx: NativeCallContext,
        rate: Dynamic,
        flows: MoneyCashFlows,
    ) -> RhaiResult<Dynamic> {
        let rate = super::rate_of(&ctx, &rate, flows.0 .0.values.len())?;
        let npv = finance::npv(rate, &flows.0 .0).map_err(finance_error)?;
        Ok(flows.amount(npv))
    }

    /// Method form `flows.npv(rate)` of cached money flows.
    ///
    /// ```rhai
    /// let flows = cashflows([usd(-100), usd(60), usd(60)]);
    /// assert_eq(round_money(flows.npv(0.1)), usd(4.13));
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached_money_method(
        ctx: NativeCallContext,
        flows: &mut MoneyCashFlows,
        rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let rate = super::rate_of(&ctx, &rate, flows.0 .0.values.len())?;
        let npv = finance::npv(rate, &flows.0 .0).map_err(finance_error)?;
        Ok(flows.amount(npv))
    }

    /// Net present value at `rate` per period, `values[0]` at t = 0 (numpy-financial's
    /// convention). Excel's NPV discounts the first value too: `npv(r, values) / (1 + r)`.
    /// Double-double precision, at most 15 significant digits; at rate 0 an exact sum.
    ///
    /// ```rhai
    /// assert_near(npv(0.08, [-40000, 5000, 8000, 12000, 30000]), 3065.22266817, 1e-8);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv(ctx: NativeCallContext, rate: Dynamic, values: Array) -> RhaiResult<Dynamic> {
        if let Some(money) = Amounts::flows("npv", &values)? {
            return Ok(money.args.amount_result(npv(ctx, rate, money.values)?));
        }
        super::npv_array(super::rate_of(&ctx, &rate, values.len())?, &values)
    }

    /// Method form `values.npv(rate)`: no copy of the array.
    ///
    /// ```rhai
    /// let flows = [-100, 60, 60];
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_method(
        ctx: NativeCallContext,
        values: &mut Array,
        rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        if let Some(money) = Amounts::flows("npv", values)? {
            return Ok(money.args.amount_result(npv(ctx, rate, money.values)?));
        }
        super::npv_array(super::rate_of(&ctx, &rate, values.len())?, values)
    }

    /// NPV of cached flows (see `cashflows`).
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(npv(0.1, flows), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached(
        ctx: NativeCallContext,
        rate: Dynamic,
        flows: CashFlows,
    ) -> RhaiResult<Dynamic> {
        let rate = super::rate_of(&ctx, &rate, flows.0.values.len())?;
        out(finance::npv(rate, &flows.0))
    }

    /// Method form `flows.npv(rate)` of cached flows.
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached_method(
        ctx: NativeCallContext,
        flows: &mut CashFlows,
        rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let rate = super::rate_of(&ctx, &rate, flows.0.values.len())?;
        out(finance::npv(rate, &flows.0))
    }

    /// The NPV profile of `values` (first flow at t = 0): a Table of `rate` and `npv` at about
    /// twenty round rates over a range that shows every IRR and 0%, each IRR a row of its own
    /// marked `IRR` in the `root` column. Chart it with `bar_chart(p, "rate", "npv")` or
    /// `save_chart(p, "rate", "npv", "profile.svg")`.
    ///
    /// ```rhai
    /// let p = npv_profile([-100, 230, -132]);
    /// let roots = p.filter(|r| r.root == "IRR");
    /// assert_eq(roots.len(), 2);
    /// assert_near(roots.row(0).rate, 0.1, 1e-12);
    /// assert(bar_chart_text(p, "rate", "npv").contains("│"));
    /// ```
    #[rhai_fn(name = "npv_profile", return_raw)]
    pub fn npv_profile(values: Array) -> RhaiResult<Table> {
        super::profile_table(&values, None)
    }

    /// The NPV profile of `values` at round rates from `from` to `to`.
    ///
    /// ```rhai
    /// let p = npv_profile([-100, 110], 0, 0.2);
    /// assert_eq(p.row(0).rate, 0);
    /// assert_eq(p.row(0).npv, 10);
    /// assert_eq(p.filter(|r| r.root == "IRR").row(0).rate, 0.1);
    /// ```
    #[rhai_fn(name = "npv_profile", return_raw)]
    pub fn npv_profile_between(values: Array, from: Dynamic, to: Dynamic) -> RhaiResult<Table> {
        let range = (d(&from, "npv_profile's from")?, d(&to, "npv_profile's to")?);
        super::profile_table(&values, Some(range))
    }

    /// Net present value of dated flows (Excel XNPV): actual days / 365 from the first date.
    ///
    /// ```rhai
    /// let v = [-10000, 2750, 4250, 3250, 2750];
    /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
    /// assert_near(xnpv(0.09, v, dates), 2086.6476, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn xnpv(
        ctx: NativeCallContext,
        rate: Dynamic,
        amounts: Array,
        dates: Array,
    ) -> RhaiResult<Dynamic> {
        if let Some(money) = Amounts::flows("xnpv", &amounts)? {
            return Ok(money
                .args
                .amount_result(xnpv(ctx, rate, money.values, dates)?));
        }
        let rate = d(&rate, "xnpv's rate")?;
        let _site = crate::bindings::cashflow::percent::Site::enter(&ctx);
        crate::bindings::cashflow::percent::check_per("xnpv", "rate", rate, "year", None);
        let (amounts, dates) = super::dated("xnpv", &amounts, &dates);
        out(finance::xnpv(rate, amounts, dates))
    }
}
