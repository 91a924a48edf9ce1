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
use rhai::{exported_module, Array, ImmutableString};
use rust_decimal::Decimal;
use whatif_core::finance::{self, Dd, FinanceError, IrrSearch, Read, When, GUESS};

use crate::bindings::money::{plain_flows, MoneyArgs};
use crate::numbers::{arithmetic, decimal_to_dynamic, script_error, RhaiResult};
use crate::table::Table;

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
pub(crate) fn dd_if_number(value: &Dynamic) -> Option<Dd> {
    if let Ok(int) = value.as_int() {
        Some(Dd::from_i64(int))
    } else if let Ok(decimal) = value.as_decimal() {
        Some(Dd::from_decimal(decimal))
    } else {
        None
    }
}

fn not_a_number_message(value: &Dynamic, what: &str) -> String {
    if let Some(m) = crate::bindings::money::as_money(value) {
        return format!(
            "{what} is the amount {m}, but the values before it are plain numbers; write every \
             value as money or none"
        );
    }
    crate::plain::not_a_number(value, what)
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

pub use crate::cashflows::{CashFlows, MoneyCashFlows};

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
        super::dates::date_text(date, &format!("{what}: dates[{i}]")).map_err(FinanceError::Domain)
    });
    (amounts, dates)
}

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

/// `npv_profile`'s table: rate, NPV (empty where it overflows) and `IRR` on the roots.
fn profile_table(values: &Array, range: Option<(Decimal, Decimal)>) -> RhaiResult<Table> {
    // Money flows (one currency) give a profile of money NPVs; the rates stay numbers.
    let (values, currency) = match crate::bindings::money::money_flows(values, "npv_profile")? {
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

fn irr_roots_of(flows: &[Dd]) -> RhaiResult<Array> {
    let roots = finance::irr_roots(flows).map_err(finance_error)?;
    Ok(roots.into_iter().map(decimal_to_dynamic).collect())
}

/// A script argument as the maths takes it; `what` names it in the error (`"fv's rate"`).
/// Money arguments are read through `money` (one currency per call; see `MoneyArgs`).
trait FromScript<S>: Sized {
    fn from_script(value: S, what: &str, money: &mut MoneyArgs) -> RhaiResult<Self>;
}

impl FromScript<Dynamic> for Decimal {
    fn from_script(value: Dynamic, what: &str, money: &mut MoneyArgs) -> RhaiResult<Decimal> {
        money.read(&value, what)
    }
}

impl FromScript<&str> for When {
    fn from_script(value: &str, _what: &str, _money: &mut MoneyArgs) -> RhaiResult<When> {
        When::parse(value).map_err(finance_error)
    }
}

impl FromScript<Array> for Array {
    fn from_script(value: Array, _what: &str, _money: &mut MoneyArgs) -> RhaiResult<Array> {
        Ok(value)
    }
}

/// How a script passes each type a ladder takes (`type`), and that type's name in the
/// metadata (`name`), spelled as `#[export_module]` spells it.
macro_rules! script {
    (type Decimal) => {
        Dynamic
    };
    (type When) => {
        &str
    };
    (type Array) => {
        Array
    };
    (name Decimal) => {
        "Dynamic"
    };
    (name When) => {
        "&str"
    };
    (name Array) => {
        "Array"
    };
}

/// Registers functions whose trailing parameters may be left out. Rhai has no optional
/// parameters, so each arity is a function of its own: the shortest takes the parameters of
/// `fn name(...)`, and each `[param: Type = default]` after it adds one more, documented by the
/// doc comment just before it. The body, written once after `=>`, gets every parameter as the
/// maths takes it (a left-out one at its default) and returns a core result. A script passes a
/// `Decimal` as any number and a `When` as a string; each is converted before the body runs, in
/// order, and named `"name's param"` in its error.
///
/// The plugin macro does not see functions made by a macro, hence `FuncRegistration`, given
/// the doc text, parameter names and purity the plugin would give them: `:help`, the
/// doc-example tests and method calls on constants see no difference.
macro_rules! ladder {
    ($module:ident; $(
        $(#[doc = $doc:literal])+
        fn $name:ident $params:tt
        $($(#[doc = $more_doc:literal])+ [$more:ident: $more_ty:ident = $default:expr])*
        => $body:expr;
    )+) => {$(
        ladder!(@first $module, $name, [$($doc)+], $params,
            [$([$($more_doc)+] $more: $more_ty = $default),*], $body);
    )+};
    // A `&mut` first parameter makes a method that may change its object, which the plugin
    // registers as not pure (a constant cannot call it as a method).
    (@first $module:ident, $name:ident, $doc:tt,
        ($first:ident: &mut $first_ty:ident $(, $param:ident: $ty:ident)*), $more:tt, $body:expr
    ) => {
        ladder!(@form $module, false, $name, $doc,
            [$first: &mut $first_ty $(, $param: script!(type $ty) as $ty)*],
            [
                concat!(stringify!($first), ": &mut ", stringify!($first_ty))
                $(, concat!(stringify!($param), ": ", script!(name $ty)))*
            ],
            $more, $body);
    };
    (@first $module:ident, $name:ident, $doc:tt, ($($param:ident: $ty:ident),+), $more:tt,
        $body:expr
    ) => {
        ladder!(@form $module, true, $name, $doc, [$($param: script!(type $ty) as $ty),+],
            [$(concat!(stringify!($param), ": ", script!(name $ty))),+], $more, $body);
    };
    // This form, then the next with one more parameter; `$info` is each parameter as the
    // metadata shows it (`"rate: Dynamic"`).
    (@form $module:ident, $pure:literal, $name:ident, $doc:tt,
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+],
        [[$($next_doc:literal)+] $next:ident: $next_ty:ident = $next_default:expr
            $(, $later_doc:tt $later:ident: $later_ty:ident = $later_default:expr)*],
        $body:expr
    ) => {
        ladder!(@register $module, $pure, $name, $doc, [$($param: $ty $(as $to)?),+],
            [$($info),+], [$next = $next_default $(, $later = $later_default)*], $body);
        ladder!(@form $module, $pure, $name, [$($next_doc)+],
            [$($param: $ty $(as $to)?,)+ $next: script!(type $next_ty) as $next_ty],
            [$($info,)+ concat!(stringify!($next), ": ", script!(name $next_ty))],
            [$($later_doc $later: $later_ty = $later_default),*], $body);
    };
    // The last form: every parameter given.
    (@form $module:ident, $pure:literal, $name:ident, $doc:tt,
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+], [], $body:expr
    ) => {
        ladder!(@register $module, $pure, $name, $doc, [$($param: $ty $(as $to)?),+],
            [$($info),+], [], $body);
    };
    (@register $module:ident, $pure:literal, $name:ident, [$($doc:literal)+],
        [$($param:ident: $ty:ty $(as $to:ty)?),+], [$($info:expr),+],
        [$($left_out:ident = $default:expr),*], $body:expr
    ) => {
        FuncRegistration::new(stringify!($name))
            .with_purity($pure)
            .with_params_info([$($info,)+ "RhaiResult<Dynamic>"])
            .with_comments([[$(concat!("///", $doc)),+].join("\n")])
            .set_into_module($module, |$($param: $ty),+| -> RhaiResult<Dynamic> {
                let mut _money = MoneyArgs::default();
                $($(
                    let what = concat!(stringify!($name), "'s ", stringify!($param));
                    let $param = <$to as FromScript<$ty>>::from_script($param, what, &mut _money)?;
                )?)+
                $(let $left_out = $default;)*
                Ok(_money.finish(stringify!($name), finance_result($body)?))
            });
    };
}

/// Registers the cash-flow functions and the `CashFlows` type on `engine`.
pub fn register(engine: &mut rhai::Engine) {
    engine.register_global_module(module().into());
    // Money flows are "CashFlows" to a user as well.
    engine.register_type_with_name::<MoneyCashFlows>("CashFlows");
}

/// The finance functions: those of `cashflow_functions`, and the ladders of the time-value
/// functions, IRR and XIRR.
pub fn module() -> Module {
    let mut module = exported_module!(cashflow_functions);
    register_payments(&mut module);
    register_payment_parts(&mut module);
    register_rates(&mut module);
    module
}

/// FV, PV and PMT: `fv(rate, nper, pmt, pv[, when])`, `pv(rate, nper, pmt[, fv[, when]])`,
/// `pmt(rate, nper, pv[, fv[, when]])`.
fn register_payments(module: &mut Module) {
    ladder! { module;
        /// Future value after `nper` periods of payment `pmt` on present value `pv`
        /// (numpy-financial signs: money paid out is negative), payments at period end.
        ///
        /// ```rhai
        /// assert_near(fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748, 1e-9);
        /// assert_eq(fv(0.1, 2, 0, -100), 121);
        /// ```
        fn fv(rate: Decimal, nper: Decimal, pmt: Decimal, pv: Decimal)
        /// Future value with payments at `"end"` or `"begin"` of each period.
        ///
        /// ```rhai
        /// assert_eq(fv(0.1, 1, -100, 0, "begin"), 110);
        /// ```
        [when: When = When::End]
        => finance::fv(rate, nper, pmt, pv, when);

        /// Present value of `nper` payments of `pmt`.
        ///
        /// ```rhai
        /// assert_near(pv(0.05 / 12, 10 * 12, -100), 9428.1350328, 1e-6);
        /// ```
        fn pv(rate: Decimal, nper: Decimal, pmt: Decimal)
        /// Present value of payments plus a final value `fv`.
        ///
        /// ```rhai
        /// assert_near(pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.000671316213, 1e-12);
        /// ```
        [fv: Decimal = Decimal::ZERO]
        /// Present value with payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(pv(0.1, 1, -110, 0, "begin"), 110);
        /// ```
        [when: When = When::End]
        => finance::pv(rate, nper, pmt, fv, when);

        /// Payment per period that pays off `pv` over `nper` periods.
        ///
        /// ```rhai
        /// assert_near(pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619, 1e-10);
        /// ```
        fn pmt(rate: Decimal, nper: Decimal, pv: Decimal)
        /// Payment per period that turns `pv` into `fv` over `nper` periods.
        ///
        /// ```rhai
        /// assert_eq(pmt(0, 10, 0, 1000), -100);
        /// ```
        [fv: Decimal = Decimal::ZERO]
        /// Payment per period, paid at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(pmt(0.1, 1, 110, 0, "begin"), -110);
        /// ```
        [when: When = When::End]
        => finance::pmt(rate, nper, pv, fv, when);
    }
}

/// NPER, IPMT and PPMT: `nper(rate, pmt, pv[, fv[, when]])`, and
/// `ipmt(rate, per, nper, pv[, fv[, when]])`, the same for `ppmt`.
fn register_payment_parts(module: &mut Module) {
    ladder! { module;
        /// Number of periods for payments `pmt` to bring `pv` to zero.
        ///
        /// ```rhai
        /// assert_near(nper(0.07 / 12, -150, 8000), 64.07334877066185, 1e-12);
        /// ```
        fn nper(rate: Decimal, pmt: Decimal, pv: Decimal)
        /// Number of periods for payments `pmt` to bring `pv` to `fv`.
        ///
        /// ```rhai
        /// assert_eq(nper(0, -100, 0, 1000), 10);
        /// ```
        [fv: Decimal = Decimal::ZERO]
        /// Number of periods, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_near(nper(0.1, -110, 200, 0, "begin"), 1.89560054, 1e-8);
        /// ```
        [when: When = When::End]
        => finance::nper(rate, pmt, pv, fv, when);

        /// Interest part of payment number `per` (1-based).
        ///
        /// ```rhai
        /// assert_near(ipmt(0.0824 / 12, 1, 12, 2500), -17.166666666667, 1e-9);
        /// ```
        fn ipmt(rate: Decimal, per: Decimal, nper: Decimal, pv: Decimal)
        /// Interest part of payment `per` with a final value `fv`.
        ///
        /// ```rhai
        /// assert_eq(ipmt(0.1, 1, 2, 0, -1000), 0);
        /// ```
        [fv: Decimal = Decimal::ZERO]
        /// Interest part of payment `per`, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(ipmt(0.1, 1, 12, 1000, 0, "begin"), 0);
        /// ```
        [when: When = When::End]
        => finance::payment_parts(rate, per, nper, pv, fv, when).map(|parts| parts.interest);

        /// Principal part of payment number `per`: `pmt − ipmt`.
        ///
        /// ```rhai
        /// assert_near(ppmt(0.0824 / 12, 1, 12, 2500), -200.58192368678, 1e-10);
        /// ```
        fn ppmt(rate: Decimal, per: Decimal, nper: Decimal, pv: Decimal)
        /// Principal part of payment `per` with a final value `fv`.
        ///
        /// ```rhai
        /// assert_eq(ppmt(0, 1, 10, 0, -1000), 100);
        /// ```
        [fv: Decimal = Decimal::ZERO]
        /// Principal part of payment `per`, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(ppmt(0, 1, 4, 100, 0, "begin"), -25);
        /// ```
        [when: When = When::End]
        => finance::payment_parts(rate, per, nper, pv, fv, when)
            .and_then(|parts| parts.principal());
    }
}

/// RATE, IRR and XIRR: `rate(nper, pmt, pv[, fv[, when[, guess]]])`, `irr(values[, guess])`
/// (an array or cached flows) and `xirr(amounts, dates[, guess])`.
fn register_rates(module: &mut Module) {
    ladder! { module;
        /// Interest rate per period linking `pv`, `nper` payments of `pmt` (Excel RATE). Only a
        /// verified rate is returned; when the values allow several, the one nearest the guess,
        /// with a note on standard error naming them all.
        ///
        /// ```rhai
        /// assert_near(rate(10, -100, 800), 0.04277497803511132, 1e-14);
        /// ```
        fn rate(nper: Decimal, pmt: Decimal, pv: Decimal)
        /// Interest rate per period with a final value `fv`.
        ///
        /// ```rhai
        /// // numpy-financial documents 0.11069085371426901 (its Newton stops at 1e-6);
        /// // the exact root is (10000 / 3500)^(1/10) - 1 = 0.110690853710753.
        /// assert_near(rate(10, 0, -3500, 10000), 0.110690853710753, 1e-14);
        /// ```
        [fv: Decimal = Decimal::ZERO]
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
        => noted("rate", finance::rate_search(nper, pmt, pv, fv, when, guess));

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
        => noted("irr", finance::irr_search(&flows_of(&*plain_flows(values, "irr")?, "values")?, guess));

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
        => noted("irr", finance::irr_search(&flows.0.values, guess));

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
            let amounts = plain_flows(amounts, "xirr")?;
            let (amounts, dates) = dated("xirr", &amounts, &dates);
            noted("xirr", finance::xirr_search(amounts, dates, guess))
        };
    }
}

#[export_module]
pub mod cashflow_functions {
    use rhai::{Array, INT};
    use whatif_core::finance;

    use super::{finance_error, finance_result as out};
    use crate::bindings::money::{money_flows, plain_flows};
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
        if let Some(money) = money_flows(&values, "cashflows")? {
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
    pub fn npv_cached_money(rate: Dynamic, flows: MoneyCashFlows) -> RhaiResult<Dynamic> {
        let npv = finance::npv(d(&rate, "npv's rate")?, &flows.0 .0).map_err(finance_error)?;
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
        flows: &mut MoneyCashFlows,
        rate: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let npv = finance::npv(d(&rate, "npv's rate")?, &flows.0 .0).map_err(finance_error)?;
        Ok(flows.amount(npv))
    }

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
    pub fn irr_money_guess(flows: &mut MoneyCashFlows, guess: Dynamic) -> RhaiResult<Dynamic> {
        let guess = d(&guess, "irr's guess")?;
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

    /// Net present value at `rate` per period, `values[0]` at t = 0 (numpy-financial's
    /// convention). Excel's NPV discounts the first value too: `npv(r, values) / (1 + r)`.
    /// Double-double precision, at most 15 significant digits; at rate 0 an exact sum.
    ///
    /// ```rhai
    /// assert_near(npv(0.08, [-40000, 5000, 8000, 12000, 30000]), 3065.22266817, 1e-8);
    /// ```
    #[rhai_fn(name = "npv", return_raw)]
    pub fn npv(rate: Dynamic, values: Array) -> RhaiResult<Dynamic> {
        if let Some(money) = money_flows(&values, "npv")? {
            return Ok(money.args.finish("npv", npv(rate, money.values)?));
        }
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
        if let Some(money) = money_flows(values, "npv")? {
            return Ok(money.args.finish("npv", npv(rate, money.values)?));
        }
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
        let decimals = super::decimals_of(&*plain_flows(values, "mirr")?, "values")?;
        out(finance::mirr(&decimals, finance, reinvest))
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
        if let Some(money) = money_flows(&amounts, "xnpv")? {
            return Ok(money.args.finish("xnpv", xnpv(rate, money.values, dates)?));
        }
        let rate = d(&rate, "xnpv's rate")?;
        let (amounts, dates) = super::dated("xnpv", &amounts, &dates);
        out(finance::xnpv(rate, amounts, dates))
    }
}
