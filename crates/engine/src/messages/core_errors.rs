//! The core's typed errors worded for a script writer, once: the analyst's words come from the
//! core (`Display`), and this module adds the fix where the fix is a call to write —
//! `set_fx(…)` for a missing or implausible rate, `fx_load(…)` for ECB rates that end too soon,
//! `as_of(…)` for a period where a day is needed, `date(text, format)` for a day in another
//! form, `npv_profile(values)` where no IRR is found — and the dataset most likely meant.

use rhai::EvalAltResult;
use whatif_core::datasets::{BuildError, DatasetError};
use whatif_core::dates::{DateError, Order, FORMS};
use whatif_core::finance::RootError;
use whatif_core::fx::{
    crossing, missing_published, no_published_average, pair_text, EcbError, FxError, Period,
};

use crate::numbers::script_error;

/// How a period is written in a script: `2023` or `"2024-12"`.
fn period_argument(period: Period) -> String {
    match period {
        Period::Year(y) => y.to_string(),
        _ => format!("\"{period}\""),
    }
}

/// `set one with set_fx("USD", "CNY", rate, 2016)`.
fn set_one(from: &str, to: &str, period: Period) -> String {
    format!(
        "set one with set_fx(\"{from}\", \"{to}\", rate, {})",
        period_argument(period)
    )
}

/// An FX error with its fix.
pub fn fx(error: &FxError) -> String {
    match error {
        FxError::SamePair(_) | FxError::RateNotPositive(_) => format!("set_fx: {error}"),
        FxError::Implausible(i) => {
            let (base, quote, rate) = (&i.base, &i.quote, i.rate);
            let period = period_argument(i.period);
            format!(
                "{error}; did you mean set_fx(\"{quote}\", \"{base}\", {rate}, {period})? To use \
                 the rate as typed, call set_fx_unchecked(\"{base}\", \"{quote}\", {rate}, \
                 {period})"
            )
        }
        FxError::UnknownCurrency { code, period, .. } => format!(
            "{error} (set one with set_fx(\"USD\", \"{code}\", rate, {}))",
            period_argument(*period)
        ),
        FxError::NoPublished { from, to, period } => {
            let mut text = format!(
                "{}; {}",
                missing_published(from, to, *period),
                set_one(from, to, *period)
            );
            if from != "USD" && to != "USD" {
                text.push_str(&format!(" ({})", crossing(from, to)));
            }
            text
        }
        FxError::NoEcb {
            from,
            to,
            period,
            cause,
        } => format!("no ECB {}: {}", pair_text(from, to, *period), ecb(cause)),
        FxError::NoRate {
            from,
            to,
            period,
            cause,
        } => format!(
            "no {}: {}{}; to use a rate of your own, {}",
            pair_text(from, to, *period),
            no_published_average(*period),
            ecb(cause),
            set_one(from, to, *period)
        ),
        FxError::Ecb(cause) => ecb(cause),
        FxError::Date(error) => date(error),
        _ => error.to_string(),
    }
}

/// Why the ECB's table has no rate, with the newer file to load when one would have it.
fn ecb(error: &EcbError) -> String {
    if error.newer_file_helps() {
        format!("{error}; load a newer copy of the ECB's file with fx_load(\"eurofxref-hist.zip\")")
    } else {
        error.to_string()
    }
}

/// A date error with its fix.
pub fn date(error: &DateError) -> String {
    match error {
        DateError::NotADay { .. } => format!(
            "{error}; choose one with as_of(date, \"start\"), as_of(date, \"mid\") or \
             as_of(date, \"end\")"
        ),
        DateError::PeriodText { text, .. } => {
            format!("{error}; choose one with as_of(\"{text}\", \"start\" | \"mid\" | \"end\")")
        }
        DateError::Overlap { .. } => {
            format!("{error}; compare days chosen with as_of(date, \"start\" | \"mid\" | \"end\")")
        }
        DateError::NotAConvention { .. } => format!("as_of: {error}"),
        DateError::NotABasis(_) => format!("year_frac: {error}"),
        DateError::OtherForm {
            text,
            separator,
            order,
        } => {
            let (dmy, mdy) = Order::formats(*separator);
            let example = match order {
                Order::DayFirst => format!("give its format, date({text:?}, {dmy:?})"),
                Order::MonthFirst => format!("give its format, date({text:?}, {mdy:?})"),
                Order::Either => format!(
                    "day and month could be either way round: give its format, date({text:?}, \
                     {dmy:?}) for day first, or {mdy:?} for month first"
                ),
            };
            format!("{text:?} is not in the form {FORMS}; {example}")
        }
        _ => error.to_string(),
    }
}

/// An IRR search that found nothing, with where to look when there is no root.
pub fn root(error: &RootError) -> String {
    match error {
        RootError::NoRoot { .. } => format!("{error}, or look at npv_profile(values)"),
        RootError::NoSignChange { .. } => error.to_string(),
    }
}

/// A dataset that is not there, with the name most likely meant.
pub fn dataset(error: &DatasetError) -> String {
    match error {
        DatasetError::Unknown { name, known } => {
            let near = super::closest(name, known.iter().copied())
                .map(|n| format!(" did you mean {n:?}?"))
                .unwrap_or_default();
            format!(
                "unknown dataset {name:?};{near} known datasets: {}",
                known.join(", ")
            )
        }
        DatasetError::Failed {
            name,
            cause: BuildError::Fx(cause),
        } => format!("dataset {name} failed to load: {}", fx(cause)),
        DatasetError::Failed { .. } => error.to_string(),
    }
}

/// An FX error as a script error.
pub fn fx_error(error: FxError) -> Box<EvalAltResult> {
    script_error(fx(&error))
}

/// A date error as a script error.
pub fn date_error(error: DateError) -> Box<EvalAltResult> {
    script_error(date(&error))
}
