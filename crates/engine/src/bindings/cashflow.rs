//! Script bindings of the cash-flow maths (`whatif_core::finance`): NPV, IRR, MIRR, the
//! time-value-of-money closed forms and dated flows, and the `CashFlows` script type that keeps
//! flows converted. Each function converts its arguments, calls the core and converts the
//! result back; `finance_error` is the one place a core error becomes a script error.
//!
//! Speed: `npv(rate, array)` converts each element inside the Horner loop (Rhai has already
//! cloned the array for the call); `array.npv(rate)` avoids the clone; `CashFlows` (made by
//! `cashflows([...])`) caches the converted flows, so a sweep over many rates converts once.
//! `cargo bench --bench finance` measures all three.

use rhai::plugin::*;
use rhai::{Array, ImmutableString};
use rust_decimal::Decimal;
use whatif_core::finance::{self, Dd, FinanceError, Read, When};

use crate::numbers::{arithmetic, decimal_to_dynamic, script_error, RhaiResult};

/// The one place a core finance error becomes a script error, of the kind it always was.
pub(crate) fn finance_error(error: FinanceError) -> Box<EvalAltResult> {
    match error {
        FinanceError::Domain(message) => script_error(message),
        FinanceError::Arithmetic(error) => arithmetic(error),
    }
}

/// A core result as a script value.
pub(crate) fn finance_result(result: Result<Decimal, FinanceError>) -> RhaiResult<Dynamic> {
    result.map(decimal_to_dynamic).map_err(finance_error)
}

// ---------------------------------------------------------------------------------------------
// Reading script values.

/// One script number as a double-double, if it is one.
#[inline]
fn dd_if_number(value: &Dynamic) -> Option<Dd> {
    if let Ok(int) = value.as_int() {
        Some(Dd::from_i64(int))
    } else if let Ok(decimal) = value.as_decimal() {
        Some(Dd::from_decimal(decimal))
    } else {
        None
    }
}

fn not_a_number_message(value: &Dynamic, what: &str) -> String {
    format!(
        "{what} must be a number, not {} ({value})",
        value.type_name()
    )
}

fn not_a_number(value: &Dynamic, what: &str) -> Box<EvalAltResult> {
    script_error(not_a_number_message(value, what))
}

/// The flows of a script array, each converted once. The element's name is only formatted
/// for an error.
fn flows_of(values: &Array, what: &str) -> RhaiResult<Vec<Dd>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| dd_if_number(v).ok_or_else(|| not_a_number(v, &format!("{what}[{i}]"))))
        .collect()
}

fn decimals_of(values: &Array, what: &str) -> RhaiResult<Vec<Decimal>> {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            v.as_int()
                .map(Decimal::from)
                .or_else(|_| v.as_decimal())
                .map_err(|_| not_a_number(v, &format!("{what}[{i}]")))
        })
        .collect()
}

/// The script type `CashFlows` (made by `cashflows([...])`): the core's cached flows.
#[derive(Debug, Clone)]
pub struct CashFlows(pub finance::CashFlows);

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

/// The amounts and dates of `xnpv` and `xirr`, read one at a time when the core reaches them,
/// so that the first error in its order is the one reported.
fn dated<'a>(
    what: &'a str,
    amounts: &'a Array,
    dates: &'a Array,
) -> (
    impl ExactSizeIterator<Item = Read<f64>> + 'a,
    impl ExactSizeIterator<Item = Read<ImmutableString>> + 'a,
) {
    let amounts = amounts.iter().enumerate().map(move |(i, a)| {
        dd_if_number(a).map(|d| d.hi).ok_or_else(|| {
            FinanceError::Domain(not_a_number_message(a, &format!("{what}: amounts[{i}]")))
        })
    });
    let dates = dates.iter().enumerate().map(move |(i, date)| {
        date.clone().into_immutable_string().map_err(|t| {
            FinanceError::Domain(format!(
                "{what}: dates[{i}] must be a \"YYYY-MM-DD\" string, not {t}"
            ))
        })
    });
    (amounts, dates)
}

fn irr_roots_of(flows: &[Dd]) -> RhaiResult<Array> {
    let roots = finance::irr_roots(flows).map_err(finance_error)?;
    Ok(roots.into_iter().map(decimal_to_dynamic).collect())
}

fn arg(x: &Dynamic, what: &str) -> RhaiResult<Decimal> {
    crate::numbers::to_decimal(x, what)
}

fn when_of(when: &str) -> RhaiResult<When> {
    When::parse(when).map_err(finance_error)
}

#[export_module]
pub mod cashflow_functions {
    use crate::numbers::{decimal_to_dynamic, RhaiResult};
    use rhai::{Array, INT};
    use whatif_core::finance::{self, GUESS};

    use super::{arg as d, finance_error, finance_result as out, when_of};

    /// Cached cash flows (`type_of` says "CashFlows").
    pub type CashFlows = super::CashFlows;

    /// Cash flows converted once, for repeated `npv`/`irr` calls (a sweep over many rates).
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 39, 59, 55, 20]);
    /// assert_eq(npv(0, flows), 73);
    /// assert_near(flows.irr(), 0.28094842116, 1e-11);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn cashflows(values: Array) -> RhaiResult<CashFlows> {
        let decimals = super::decimals_of(&values, "cashflows")?;
        Ok(super::CashFlows(finance::CashFlows::new(decimals)))
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
        let items: Vec<String> = flows
            .0
            .decimals
            .iter()
            .map(|v| v.normalize().to_string())
            .collect();
        format!("cashflows([{}])", items.join(", "))
    }

    /// Net present value at `rate` per period, `values[0]` at t = 0 (numpy-financial's
    /// convention). Excel's NPV discounts the first value too: `npv(r, values) / (1 + r)`.
    /// Double-double precision, at most 15 significant digits; at rate 0 an exact sum.
    ///
    /// ```rhai
    /// assert_near(npv(0.08, [-40000, 5000, 8000, 12000, 30000]), 3065.22266817, 1e-8);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv(rate: Dynamic, values: Array) -> RhaiResult<Dynamic> {
        super::npv_array(d(&rate, "npv's rate")?, &values)
    }

    /// Method form `values.npv(rate)`: no copy of the array.
    ///
    /// ```rhai
    /// let flows = [-100, 60, 60];
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_method(values: &mut Array, rate: Dynamic) -> RhaiResult<Dynamic> {
        super::npv_array(d(&rate, "npv's rate")?, values)
    }

    /// NPV of cached flows (see `cashflows`).
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(npv(0.1, flows), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached(rate: Dynamic, flows: CashFlows) -> RhaiResult<Dynamic> {
        out(finance::npv(d(&rate, "npv's rate")?, &flows.0))
    }

    /// Method form `flows.npv(rate)` of cached flows.
    ///
    /// ```rhai
    /// let flows = cashflows([-100, 60, 60]);
    /// assert_near(flows.npv(0.1), 4.1322314, 1e-7);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv_cached_method(flows: &mut CashFlows, rate: Dynamic) -> RhaiResult<Dynamic> {
        out(finance::npv(d(&rate, "npv's rate")?, &flows.0))
    }

    /// Internal rate of return: the rate where `npv` is 0, as Excel finds it (Newton from 0.1,
    /// then the root nearest 0.1). An error when the flows never change sign.
    ///
    /// ```rhai
    /// assert_near(irr([-100, 39, 59, 55, 20]), 0.28094842115996066, 1e-14);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr(values: &mut Array) -> RhaiResult<Dynamic> {
        out(finance::irr(&super::flows_of(values, "values")?, GUESS))
    }

    /// IRR searched from `guess` (Excel's second argument).
    ///
    /// ```rhai
    /// assert_near(irr([-100, 230, -132], 0.05), 0.1, 1e-12);
    /// assert_near(irr([-100, 230, -132], 0.3), 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_guess(values: &mut Array, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
        out(finance::irr(&super::flows_of(values, "values")?, guess))
    }

    /// IRR of cached flows.
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([-100, 110])), 0.1, 1e-14);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_cached(flows: &mut CashFlows) -> RhaiResult<Dynamic> {
        out(finance::irr(&flows.0.values, GUESS))
    }

    /// IRR of cached flows from `guess`.
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([-100, 230, -132]), 0.3), 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_cached_guess(flows: &mut CashFlows, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
        out(finance::irr(&flows.0.values, guess))
    }

    /// Every real IRR above -100%, sorted (flows that change sign more than once can have
    /// several). Double roots, where the NPV touches zero without crossing, are not reported.
    ///
    /// ```rhai
    /// let roots = irr_roots([-100, 230, -132]);
    /// assert_eq(roots.len(), 2);
    /// assert_near(roots[0], 0.1, 1e-12);
    /// assert_near(roots[1], 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr_roots", return_raw)]
    pub fn irr_roots(values: &mut Array) -> RhaiResult<Array> {
        super::irr_roots_of(&super::flows_of(values, "values")?)
    }

    /// Every real IRR of cached flows.
    ///
    /// ```rhai
    /// assert_eq(irr_roots(cashflows([-100, 110])), [0.1]);
    /// ```
    #[rhai_fn(name = "irr_roots", return_raw)]
    pub fn irr_roots_cached(flows: &mut CashFlows) -> RhaiResult<Array> {
        super::irr_roots_of(&flows.0.values)
    }

    /// Modified IRR: payments financed at `finance_rate`, receipts reinvested at
    /// `reinvest_rate` (numpy-financial and Excel MIRR).
    ///
    /// ```rhai
    /// let v = [-120000, 39000, 30000, 21000, 37000, 46000];
    /// assert_near(mirr(v, 0.10, 0.12), 0.126094130365, 1e-11);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn mirr(
        values: &mut Array,
        finance_rate: Dynamic,
        reinvest_rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let finance = d(&finance_rate, "mirr's finance_rate")?;
        let reinvest = d(&reinvest_rate, "mirr's reinvest_rate")?;
        // The rates are checked before the flows are read: a bad rate is the error reported.
        finance::mirr_check(finance, reinvest, values.len()).map_err(finance_error)?;
        let decimals = super::decimals_of(values, "values")?;
        out(finance::mirr(&decimals, finance, reinvest))
    }

    /// Future value after `nper` periods of payment `pmt` on present value `pv`
    /// (numpy-financial signs: money paid out is negative), payments at period end.
    ///
    /// ```rhai
    /// assert_near(fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748, 1e-9);
    /// assert_eq(fv(0.1, 2, 0, -100), 121);
    /// ```
    #[rhai_fn(name = "fv", return_raw)]
    pub fn fv(rate: Dynamic, nper: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        fv_when(rate, nper, pmt, pv, "end")
    }

    /// Future value with payments at `"end"` or `"begin"` of each period.
    ///
    /// ```rhai
    /// assert_eq(fv(0.1, 1, -100, 0, "begin"), 110);
    /// ```
    #[rhai_fn(name = "fv", return_raw)]
    pub fn fv_when(
        rate: Dynamic,
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::fv(
            d(&rate, "fv's rate")?,
            d(&nper, "fv's nper")?,
            d(&pmt, "fv's pmt")?,
            d(&pv, "fv's pv")?,
            when_of(when)?,
        ))
    }

    /// Present value of `nper` payments of `pmt`.
    ///
    /// ```rhai
    /// assert_near(pv(0.05 / 12, 10 * 12, -100), 9428.1350328, 1e-6);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv(rate: Dynamic, nper: Dynamic, pmt: Dynamic) -> RhaiResult<Dynamic> {
        pv_when(rate, nper, pmt, Dynamic::from_int(0), "end")
    }

    /// Present value of payments plus a final value `fv`.
    ///
    /// ```rhai
    /// assert_near(pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.000671316213, 1e-12);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv_fv(rate: Dynamic, nper: Dynamic, pmt: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        pv_when(rate, nper, pmt, fv, "end")
    }

    /// Present value with payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(pv(0.1, 1, -110, 0, "begin"), 110);
    /// ```
    #[rhai_fn(name = "pv", return_raw)]
    pub fn pv_when(
        rate: Dynamic,
        nper: Dynamic,
        pmt: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::pv(
            d(&rate, "pv's rate")?,
            d(&nper, "pv's nper")?,
            d(&pmt, "pv's pmt")?,
            d(&fv, "pv's fv")?,
            when_of(when)?,
        ))
    }

    /// Payment per period that pays off `pv` over `nper` periods.
    ///
    /// ```rhai
    /// assert_near(pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619, 1e-10);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt(rate: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        pmt_when(rate, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Payment per period that turns `pv` into `fv` over `nper` periods.
    ///
    /// ```rhai
    /// assert_eq(pmt(0, 10, 0, 1000), -100);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt_fv(rate: Dynamic, nper: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        pmt_when(rate, nper, pv, fv, "end")
    }

    /// Payment per period, paid at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(pmt(0.1, 1, 110, 0, "begin"), -110);
    /// ```
    #[rhai_fn(name = "pmt", return_raw)]
    pub fn pmt_when(
        rate: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::pmt(
            d(&rate, "pmt's rate")?,
            d(&nper, "pmt's nper")?,
            d(&pv, "pmt's pv")?,
            d(&fv, "pmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Interest part of payment number `per` (1-based).
    ///
    /// ```rhai
    /// assert_near(ipmt(0.0824 / 12, 1, 12, 2500), -17.166666666667, 1e-9);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt(rate: Dynamic, per: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        ipmt_when(rate, per, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Interest part of payment `per` with a final value `fv`.
    ///
    /// ```rhai
    /// assert_eq(ipmt(0.1, 1, 2, 0, -1000), 0);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt_fv(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
    ) -> RhaiResult<Dynamic> {
        ipmt_when(rate, per, nper, pv, fv, "end")
    }

    /// Interest part of payment `per`, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(ipmt(0.1, 1, 12, 1000, 0, "begin"), 0);
    /// ```
    #[rhai_fn(name = "ipmt", return_raw)]
    pub fn ipmt_when(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::ipmt(
            d(&rate, "ipmt's rate")?,
            d(&per, "ipmt's per")?,
            d(&nper, "ipmt's nper")?,
            d(&pv, "ipmt's pv")?,
            d(&fv, "ipmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Principal part of payment number `per`: `pmt − ipmt`.
    ///
    /// ```rhai
    /// assert_near(ppmt(0.0824 / 12, 1, 12, 2500), -200.58192368678, 1e-10);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt(rate: Dynamic, per: Dynamic, nper: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        ppmt_when(rate, per, nper, pv, Dynamic::from_int(0), "end")
    }

    /// Principal part of payment `per` with a final value `fv`.
    ///
    /// ```rhai
    /// assert_eq(ppmt(0, 1, 10, 0, -1000), 100);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt_fv(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
    ) -> RhaiResult<Dynamic> {
        ppmt_when(rate, per, nper, pv, fv, "end")
    }

    /// Principal part of payment `per`, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_eq(ppmt(0, 1, 4, 100, 0, "begin"), -25);
    /// ```
    #[rhai_fn(name = "ppmt", return_raw)]
    pub fn ppmt_when(
        rate: Dynamic,
        per: Dynamic,
        nper: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::ppmt(
            d(&rate, "ppmt's rate")?,
            d(&per, "ppmt's per")?,
            d(&nper, "ppmt's nper")?,
            d(&pv, "ppmt's pv")?,
            d(&fv, "ppmt's fv")?,
            when_of(when)?,
        ))
    }

    /// Number of periods for payments `pmt` to bring `pv` to zero.
    ///
    /// ```rhai
    /// assert_near(nper(0.07 / 12, -150, 8000), 64.07334877066185, 1e-12);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper(rate: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        nper_when(rate, pmt, pv, Dynamic::from_int(0), "end")
    }

    /// Number of periods for payments `pmt` to bring `pv` to `fv`.
    ///
    /// ```rhai
    /// assert_eq(nper(0, -100, 0, 1000), 10);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper_fv(rate: Dynamic, pmt: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        nper_when(rate, pmt, pv, fv, "end")
    }

    /// Number of periods, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_near(nper(0.1, -110, 200, 0, "begin"), 1.89560054, 1e-8);
    /// ```
    #[rhai_fn(name = "nper", return_raw)]
    pub fn nper_when(
        rate: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        out(finance::nper(
            d(&rate, "nper's rate")?,
            d(&pmt, "nper's pmt")?,
            d(&pv, "nper's pv")?,
            d(&fv, "nper's fv")?,
            when_of(when)?,
        ))
    }

    /// Interest rate per period linking `pv`, `nper` payments of `pmt` (Excel RATE).
    ///
    /// ```rhai
    /// assert_near(rate(10, -100, 800), 0.04277497803511132, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate(nper: Dynamic, pmt: Dynamic, pv: Dynamic) -> RhaiResult<Dynamic> {
        rate_guess(
            nper,
            pmt,
            pv,
            Dynamic::from_int(0),
            "end",
            Dynamic::from_decimal(GUESS),
        )
    }

    /// Interest rate per period with a final value `fv`.
    ///
    /// ```rhai
    /// // numpy-financial documents 0.11069085371426901 (its Newton stops at 1e-6);
    /// // the exact root is (10000 / 3500)^(1/10) - 1 = 0.110690853710753.
    /// assert_near(rate(10, 0, -3500, 10000), 0.110690853710753, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_fv(nper: Dynamic, pmt: Dynamic, pv: Dynamic, fv: Dynamic) -> RhaiResult<Dynamic> {
        rate_guess(nper, pmt, pv, fv, "end", Dynamic::from_decimal(GUESS))
    }

    /// Interest rate per period, payments at `"end"` or `"begin"`.
    ///
    /// ```rhai
    /// assert_near(rate(2, -110, 200, 0, "begin"), 0.222222222222222, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_when(
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
    ) -> RhaiResult<Dynamic> {
        rate_guess(nper, pmt, pv, fv, when, Dynamic::from_decimal(GUESS))
    }

    /// Interest rate per period, searched from `guess`.
    ///
    /// ```rhai
    /// assert_near(rate(10, 0, -3500, 10000, "end", 0.5), 0.110690853710753, 1e-14);
    /// ```
    #[rhai_fn(name = "rate", return_raw)]
    pub fn rate_guess(
        nper: Dynamic,
        pmt: Dynamic,
        pv: Dynamic,
        fv: Dynamic,
        when: &str,
        guess: Dynamic,
    ) -> RhaiResult<Dynamic> {
        out(finance::rate(
            d(&nper, "rate's nper")?,
            d(&pmt, "rate's pmt")?,
            d(&pv, "rate's pv")?,
            d(&fv, "rate's fv")?,
            when_of(when)?,
            d(&guess, "rate's guess")?,
        ))
    }

    /// Net present value of dated flows (Excel XNPV): actual days / 365 from the first date.
    ///
    /// ```rhai
    /// let v = [-10000, 2750, 4250, 3250, 2750];
    /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
    /// assert_near(xnpv(0.09, v, dates), 2086.6476, 0.0001);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn xnpv(rate: Dynamic, amounts: Array, dates: Array) -> RhaiResult<Dynamic> {
        let rate = d(&rate, "xnpv's rate")?;
        let (amounts, dates) = super::dated("xnpv", &amounts, &dates);
        out(finance::xnpv(rate, amounts, dates))
    }

    /// Internal rate of return of dated flows (Excel XIRR).
    ///
    /// ```rhai
    /// let v = [-10000, 2750, 4250, 3250, 2750];
    /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
    /// assert_near(xirr(v, dates), 0.37336253351, 1e-11);
    /// ```
    #[rhai_fn(name = "xirr", return_raw)]
    pub fn xirr(amounts: &mut Array, dates: Array) -> RhaiResult<Dynamic> {
        let (amounts, dates) = super::dated("xirr", amounts, &dates);
        out(finance::xirr(amounts, dates, GUESS))
    }

    /// XIRR searched from `guess`.
    ///
    /// ```rhai
    /// assert_near(xirr([-100, 110], ["2023-01-01", "2024-01-01"], 0.5), 0.1, 1e-12);
    /// ```
    #[rhai_fn(name = "xirr", return_raw)]
    pub fn xirr_guess(amounts: &mut Array, dates: Array, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "xirr's guess")?;
        let (amounts, dates) = super::dated("xirr", amounts, &dates);
        out(finance::xirr(amounts, dates, guess))
    }
}
