//! The root searches as script functions: rate, irr and xirr (ladders with a guess), every
//! root (`irr_roots`, `xirr_roots`), mirr, and the note that names every root when there are
//! several, so that a second IRR is never silent.

use rhai::plugin::*;
use rhai::Array;
use rust_decimal::Decimal;
use whatif_core::finance::{self, Dd, FinanceError, IrrSearch, When, GUESS};

use super::ladder::Amount;
use super::{
    dated, decimals_of, finance_error, finance_result, flows_of, CashFlows, MoneyCashFlows,
};
use crate::bindings::money::plain_flows;
use crate::numbers::{decimal_to_dynamic, RhaiResult};

/// A rate as the notes show it: a percentage to six significant digits (`10%`, `-59.4565%`).
fn percent(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.round_sf(6).unwrap_or(p).normalize()),
        None => rate.normalize().to_string(),
    }
}

/// The rate a root search chose (`what` is irr, xirr or rate); when the flows have several
/// roots, a note on the error sink names them all, which one was returned and why, so that a
/// second IRR is never silent.
fn noted(
    what: &str,
    search: Result<IrrSearch<Decimal>, FinanceError>,
) -> Result<Decimal, FinanceError> {
    let search = search?;
    if search.roots.len() > 1 {
        let all: Vec<String> = search.roots.iter().map(|r| percent(*r)).collect();
        let (subject, kind, others) = match what {
            "rate" => (
                "these values allow",
                "interest rates",
                "a guess near another returns it".to_string(),
            ),
            _ => (
                "these flows have",
                "IRRs",
                format!("{what}_roots lists all"),
            ),
        };
        crate::host::note(&format!(
            "{subject} {} {kind} ({}); {what} returned {}, the one nearest the guess; {others}",
            search.roots.len(),
            all.join(", "),
            percent(search.rate),
        ));
    }
    Ok(search.rate)
}

fn irr_roots_of(flows: &[Dd]) -> RhaiResult<Array> {
    let roots = finance::irr_roots(flows).map_err(finance_error)?;
    Ok(roots.into_iter().map(decimal_to_dynamic).collect())
}

/// RATE, IRR and XIRR: `rate(nper, pmt, pv[, fv[, when[, guess]]])`, `irr(values[, guess])`
/// (an array or cached flows) and `xirr(amounts, dates[, guess])`.
pub(super) fn register_rates(module: &mut Module) {
    ladder! { module;
        /// Interest rate per period linking `pv`, `nper` payments of `pmt` (Excel RATE). Only a
        /// verified rate is returned; when the values allow several, the one nearest the guess,
        /// with a note on standard error naming them all.
        ///
        /// ```rhai
        /// assert_near(rate(10, -100, 800), 0.04277497803511132, 1e-14);
        /// ```
        fn rate(nper: Decimal, pmt: Amount, pv: Amount)
        /// Interest rate per period with a final value `fv`.
        ///
        /// ```rhai
        /// // numpy-financial documents 0.11069085371426901 (its Newton stops at 1e-6);
        /// // the exact root is (10000 / 3500)^(1/10) - 1 = 0.110690853710753.
        /// assert_near(rate(10, 0, -3500, 10000), 0.110690853710753, 1e-14);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Interest rate per period, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_near(rate(2, -110, 200, 0, "begin"), 0.222222222222222, 1e-14);
        /// ```
        [when: When = When::End]
        /// Interest rate per period, searched from `guess`.
        ///
        /// ```rhai
        /// assert_near(rate(10, 0, -3500, 10000, "end", 0.5), 0.110690853710753, 1e-14);
        /// ```
        [guess: Decimal = GUESS]
        => {
            super::percent::check("rate", "guess", guess, Some(nper));
            noted("rate", finance::rate_search(nper, pmt, pv, fv, when, guess))
        };

        /// Internal rate of return: the rate where `npv` is 0, as Excel finds it (Newton from 0.1).
        /// Only a rate where the NPV is verifiably zero is returned; otherwise an error says no
        /// root was found and what to try. Flows that change sign more than once can have
        /// several IRRs: `irr` returns the one nearest the guess and a note on standard error
        /// lists them all (`irr_roots` returns them, `npv_profile` shows where the NPV crosses
        /// zero); `mirr(values, finance_rate, reinvest_rate)` gives one unambiguous rate.
        ///
        /// ```rhai
        /// assert_near(irr([-100, 39, 59, 55, 20]), 0.28094842115996066, 1e-14);
        /// // Two IRRs, 10% and 20%: the one nearest 0.1, with a note naming both.
        /// assert_eq(irr([-100, 230, -132]), 0.1);
        /// ```
        fn irr(values: &mut Array)
        /// IRR searched from `guess` (Excel's second argument).
        ///
        /// ```rhai
        /// assert_near(irr([-100, 230, -132], 0.05), 0.1, 1e-12);
        /// assert_near(irr([-100, 230, -132], 0.3), 0.2, 1e-12);
        /// ```
        [guess: Decimal = GUESS]
        => {
            super::percent::check("irr", "guess", guess, None);
            noted("irr", finance::irr_search(&flows_of(&*plain_flows(values, "irr")?, "values")?, guess))
        };

        /// IRR of cached flows.
        ///
        /// ```rhai
        /// assert_near(irr(cashflows([-100, 110])), 0.1, 1e-14);
        /// ```
        fn irr(flows: &mut CashFlows)
        /// IRR of cached flows from `guess`.
        ///
        /// ```rhai
        /// assert_near(irr(cashflows([-100, 230, -132]), 0.3), 0.2, 1e-12);
        /// ```
        [guess: Decimal = GUESS]
        => {
            super::percent::check("irr", "guess", guess, None);
            noted("irr", finance::irr_search(&flows.0.values, guess))
        };

        /// Internal rate of return of dated flows (Excel XIRR): actual days / 365. The dates may
        /// come in any order, as in LibreOffice, pyxirr and PhpSpreadsheet (Excel's XIRR gives
        /// #NUM! when a date is before the first one); the rate does not depend on which date
        /// is the start. Only a verified root is returned; with several, the one nearest the
        /// guess, and a note lists them all (`xirr_roots`).
        ///
        /// ```rhai
        /// let v = [-10000, 2750, 4250, 3250, 2750];
        /// let dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"];
        /// assert_near(xirr(v, dates), 0.37336253351, 1e-11);
        /// // The same flows in another order have the same rate.
        /// let late_first = ["2009-04-01", "2008-03-01", "2008-10-30", "2009-02-15", "2008-01-01"];
        /// assert_near(xirr([2750, 2750, 4250, 3250, -10000], late_first), 0.37336253351, 1e-11);
        /// ```
        fn xirr(amounts: &mut Array, dates: Array)
        /// XIRR searched from `guess`.
        ///
        /// ```rhai
        /// assert_near(xirr([-100, 110], ["2023-01-01", "2024-01-01"], 0.5), 0.1, 1e-12);
        /// ```
        [guess: Decimal = GUESS]
        => {
            super::percent::check_per("xirr", "guess", guess, "year", None);
            let amounts = plain_flows(amounts, "xirr")?;
            let (amounts, dates) = dated("xirr", &amounts, &dates);
            noted("xirr", finance::xirr_search(amounts, dates, guess))
        };
    }
}

#[export_module]
pub mod rate_functions {
    use rhai::Array;
    use whatif_core::finance;

    use super::{finance_result as out, CashFlows, MoneyCashFlows};
    use crate::bindings::money::plain_flows;
    use crate::numbers::{to_decimal as d, RhaiResult};

    /// IRR of cached money flows (a number).
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([usd(-100), usd(110)])), 0.1, 1e-14);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_money(flows: &mut MoneyCashFlows) -> RhaiResult<Dynamic> {
        out(super::noted(
            "irr",
            finance::irr_search(&flows.0 .0.values, super::GUESS),
        ))
    }

    /// IRR of cached money flows from `guess`.
    ///
    /// ```rhai
    /// assert_near(irr(cashflows([usd(-100), usd(230), usd(-132)]), 0.3), 0.2, 1e-12);
    /// ```
    #[rhai_fn(name = "irr", return_raw)]
    pub fn irr_money_guess(
        ctx: NativeCallContext,
        flows: &mut MoneyCashFlows,
        guess: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
        let _site = super::super::percent::Site::enter(&ctx);
        super::super::percent::check("irr", "guess", guess, None);
        out(super::noted(
            "irr",
            finance::irr_search(&flows.0 .0.values, guess),
        ))
    }

    /// Every real IRR of cached money flows.
    ///
    /// ```rhai
    /// assert_eq(irr_roots(cashflows([usd(-100), usd(110)])), [0.1]);
    /// ```
    #[rhai_fn(name = "irr_roots", return_raw)]
    pub fn irr_roots_money(flows: &mut MoneyCashFlows) -> RhaiResult<Array> {
        super::irr_roots_of(&flows.0 .0.values)
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
        let values = plain_flows(values, "irr_roots")?;
        super::irr_roots_of(&super::flows_of(&values, "values")?)
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

    /// Every XIRR of dated flows (dates in any order), sorted: the verified roots between
    /// -99.9% and 99,900%.
    ///
    /// ```rhai
    /// let roots = xirr_roots([-100, 230, -132], ["2020-01-01", "2020-12-31", "2021-12-31"]);
    /// assert_eq(roots.len(), 2);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn xirr_roots(amounts: Array, dates: Array) -> RhaiResult<Array> {
        let amounts = plain_flows(&amounts, "xirr_roots")?;
        let (amounts, dates) = super::dated("xirr_roots", &amounts, &dates);
        let roots = finance::xirr_roots(amounts, dates).map_err(finance_error)?;
        Ok(roots.into_iter().map(decimal_to_dynamic).collect())
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
        ctx: NativeCallContext,
        values: &mut Array,
        finance_rate: Dynamic,
        reinvest_rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let finance = d(&finance_rate, "mirr's finance_rate")?;
        let reinvest = d(&reinvest_rate, "mirr's reinvest_rate")?;
        let _site = super::super::percent::Site::enter(&ctx);
        let periods = Some(Decimal::from(values.len()));
        super::super::percent::check("mirr", "finance_rate", finance, periods);
        super::super::percent::check("mirr", "reinvest_rate", reinvest, periods);
        // The rates are checked before the flows are read: a bad rate is the error reported.
        finance::mirr_check(finance, reinvest, values.len()).map_err(finance_error)?;
        let decimals = super::decimals_of(&*plain_flows(values, "mirr")?, "values")?;
        out(finance::mirr(&decimals, finance, reinvest))
    }
}
