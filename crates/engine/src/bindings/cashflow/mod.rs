//! Script bindings of the cash-flow maths (`whatif_core::finance`): NPV, IRR, MIRR, the
//! time-value-of-money closed forms and dated flows, and the `CashFlows` script type that keeps
//! flows converted. Each function converts its arguments, calls the core and converts the
//! result back; `finance_error` is the one place a core error becomes a script error. This
//! module reads script values; `flows` holds NPV and cached flows, `tvm` the fv/pv/pmt family,
//! `rates` the root searches (irr, xirr, rate, mirr), `ladder` the optional-parameter macro,
//! `percent` the note for a rate that looks typed in percent.
//!
//! Speed: `npv(rate, array)` converts each element inside the Horner loop (Rhai has already
//! cloned the array for the call); `array.npv(rate)` avoids the clone; `CashFlows` (made by
//! `cashflows([...])`) caches the converted flows, so a sweep over many rates converts once.
//! `cargo bench --bench finance` measures all three.

use rhai::plugin::*;
use rhai::{exported_module, Array, ImmutableString};
use rust_decimal::Decimal;
use whatif_core::finance::{Dd, FinanceError, Read};

use super::Register;
use crate::numbers::{arithmetic, decimal_to_dynamic, script_error, RhaiResult};

#[macro_use]
mod ladder;
mod flows;
pub(crate) mod percent;
mod rates;
mod tvm;

pub use crate::cashflows::{CashFlows, MoneyCashFlows};

/// The one place a core finance error becomes a script error, of the kind it always was.
pub(crate) fn finance_error(error: FinanceError) -> Box<EvalAltResult> {
    match error {
        FinanceError::Domain(message) => script_error(message),
        FinanceError::Arithmetic(error) => arithmetic(error),
        FinanceError::Root(error) => script_error(crate::messages::root(&error)),
        FinanceError::Date { context, error } => {
            script_error(format!("{context}: {}", crate::messages::date(&error)))
        }
    }
}

/// A core result as a script value.
pub(crate) fn finance_result(result: Result<Decimal, FinanceError>) -> RhaiResult<Dynamic> {
    result.map(decimal_to_dynamic).map_err(finance_error)
}

// ---------------------------------------------------------------------------------------------
// Reading script values.

pub(crate) use crate::args::dd_if_number;

fn not_a_number_message(value: &Dynamic, what: &str) -> String {
    if let Some(m) = crate::bindings::money::as_money(value) {
        return format!(
            "{what} is the amount {m}, but the values before it are plain numbers; write every \
             value as money or none"
        );
    }
    crate::messages::not_a_number(value, what)
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

/// Registers the cash-flow functions and the `CashFlows` type into `module`.
pub fn register(module: &mut Module) {
    module.combine_flatten(finance_module());
    module.register_type_with_name::<CashFlows>("CashFlows");
    // Money flows are "CashFlows" to a user as well.
    module.register_type_with_name::<MoneyCashFlows>("CashFlows");
}

/// The finance functions: cached flows and NPV (`flows`), the root searches (`rates`), and
/// the ladders of the time-value functions, IRR and XIRR.
pub fn finance_module() -> Module {
    let mut module = exported_module!(flows::flow_functions);
    module.combine_flatten(exported_module!(rates::rate_functions));
    tvm::register_payments(&mut module);
    tvm::register_payment_parts(&mut module);
    rates::register_rates(&mut module);
    module
}
