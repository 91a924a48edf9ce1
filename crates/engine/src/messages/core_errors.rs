//! The core's typed errors worded for a script writer, once: the analyst's words come from the
//! core (`Display`), and this module adds the fix where the fix is a call to write —
//! `set_fx(…)` for a missing or implausible rate, `fx_load(…)` for ECB rates that end too soon,
//! `as_of(…)` for a period where a day is needed, `date(text, format)` for a day in another
//! form, `npv_profile(values)` where no IRR is found, the conversion or the number written as
//! money that two currencies or a plain number call for — and the dataset most likely meant.

use rhai::EvalAltResult;
use whatif_core::datasets::{BuildError, DatasetError};
use whatif_core::dates::{DateError, Order, FORMS};
use whatif_core::decimal::norm;
use whatif_core::finance::RootError;
use whatif_core::fx::{
    crossing, missing_published, no_published_average, pair_text, EcbError, FxError, Period,
};
use whatif_core::money::{CurrencyCode, MoneyError};

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
            let call = |format: String| format!("give its format, date({text:?}, {format:?})");
            let example = order.format(*separator).map(call).unwrap_or_else(|| {
                let day_first = Order::DayFirst.format(*separator).unwrap_or_default();
                let month_first = Order::MonthFirst.format(*separator).unwrap_or_default();
                format!(
                    "day and month could be either way round: {} for day first, or \
                     {month_first:?} for month first",
                    call(day_first)
                )
            });
            format!("{text:?} is not in the form {FORMS}; {example}")
        }
        _ => error.to_string(),
    }
}

/// An IRR search that found nothing, with where to look when there is no root.
pub fn root(error: &RootError) -> String {
    match error {
        RootError::NoRoot { .. } => format!("{error}, or look at npv_profile(values)"),
        RootError::NoSignChange { .. } | RootError::NoDatedRoot { .. } => error.to_string(),
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

/// The currencies with a constructor of their own in scripts (`usd(x)`, `cny(x)`, …: the
/// functions `bindings/money.rs` registers; a test checks each is one).
pub(crate) const CONSTRUCTORS: [&str; 6] = ["USD", "CNY", "EUR", "JPY", "GBP", "HKD"];

/// The script call that makes money in `code` from `number` (`usd(5)`, or `money(5, "CHF")`
/// for codes without a constructor of their own).
pub fn money_call(code: &CurrencyCode, number: &str) -> String {
    if CONSTRUCTORS.contains(&code.as_str()) {
        format!("{}({number})", code.as_str().to_ascii_lowercase())
    } else {
        format!("money({number}, \"{code}\")")
    }
}

/// A refused money operation with the call that fixes it.
pub fn money(error: &MoneyError) -> String {
    match error {
        MoneyError::Mixed { rhs, .. } => {
            format!("{error}, e.g. convert(x, \"{}\", 2024)", rhs.currency)
        }
        MoneyError::WithNumber {
            op,
            money,
            number,
            money_first,
        } => {
            let number = norm(*number);
            let as_money = money_call(&money.currency, &number.to_string());
            let symbol = op.symbol();
            let (written, fixed) = if *money_first {
                (
                    format!("x {symbol} {number}"),
                    format!("x {symbol} {as_money}"),
                )
            } else {
                (
                    format!("{number} {symbol} x"),
                    format!("{as_money} {symbol} x"),
                )
            };
            format!(
                "{}: write the number as money, {fixed} instead of {written}, or use x.value for \
                 the bare number",
                error.with_number_cause().unwrap_or_default()
            )
        }
        MoneyError::Squared { .. } => {
            format!("{error}, e.g. x * 2, or use x.value for the bare number")
        }
        MoneyError::NumberOverMoney { number, .. } => {
            format!("{error}, e.g. {} / x.value", norm(*number))
        }
        MoneyError::MixedAggregate {
            what,
            which,
            found,
            expected,
            column,
        } => {
            let fix = match column {
                Some(column) => format!("t.convert(\"{column}\", \"{expected}\", 2024)"),
                None => format!("convert(x, \"{expected}\", 2024)"),
            };
            format!(
                "cannot {what} amounts in different currencies: {which} is in {found}, the items \
                 before it in {expected}; filter one currency or group_by(\"currency\") first, or \
                 convert them, e.g. {fix}"
            )
        }
        MoneyError::UnknownCode { .. } => format!("{error} (set_fx adds others)"),
        _ => error.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use whatif_core::money::{Money, Operation};

    fn dec(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn usd(text: &str) -> Money {
        Money::new(dec(text), CurrencyCode::USD)
    }

    fn cny(text: &str) -> Money {
        Money::new(dec(text), CurrencyCode::parse("CNY").unwrap())
    }

    #[test]
    fn money_is_made_by_its_constructor_or_by_money() {
        assert_eq!(money_call(&CurrencyCode::USD, "5"), "usd(5)");
        let chf = CurrencyCode::parse("CHF").unwrap();
        assert_eq!(money_call(&chf, "5"), "money(5, \"CHF\")");
        // Every call it spells runs, and makes that money.
        let mut session = crate::Session::new(
            &crate::EngineConfig::default(),
            std::rc::Rc::new(|_| {}),
            std::rc::Rc::new(|_| {}),
        );
        for code in CONSTRUCTORS.iter().chain(&["CHF"]) {
            let code = CurrencyCode::parse(code).unwrap();
            let call = money_call(&code, "5");
            let made = session.eval(&call, "<test>").expect(&call);
            assert_eq!(
                made.try_cast::<Money>(),
                Some(Money::new(dec("5"), code)),
                "{call}"
            );
        }
    }

    #[test]
    fn each_money_error_gets_the_call_that_fixes_it() {
        let mixed = cny("82129000000").add(&usd("33200000000")).unwrap_err();
        assert_eq!(
            money(&mixed),
            "cannot add 82,129,000,000 CNY to 33,200,000,000 USD: convert one first, e.g. \
             convert(x, \"USD\", 2024)"
        );
        let with_number = MoneyError::WithNumber {
            op: Operation::Compare,
            money: cny("5000000000"),
            number: dec("1000000000"),
            money_first: true,
        };
        assert_eq!(
            money(&with_number),
            "cannot compare an amount in CNY (5,000,000,000 CNY) and the plain number \
             1000000000: write the number as money, x > cny(1000000000) instead of x > \
             1000000000, or use x.value for the bare number"
        );
        let squared = MoneyError::Squared {
            lhs: usd("1"),
            rhs: usd("2"),
        };
        assert_eq!(
            money(&squared),
            "cannot multiply two amounts of money (1 USD * 2 USD): multiply an amount by a plain \
             number, e.g. x * 2, or use x.value for the bare number"
        );
        let over = MoneyError::NumberOverMoney {
            number: dec("5.0"),
            money: usd("2"),
        };
        assert_eq!(
            money(&over),
            "cannot divide the plain number 5 by an amount of money (2 USD): divide by its value \
             instead, e.g. 5 / x.value"
        );
        let aggregate = |column: Option<&str>| MoneyError::MixedAggregate {
            what: "sum".into(),
            which: "row 3".into(),
            found: CurrencyCode::parse("CNY").unwrap(),
            expected: CurrencyCode::USD,
            column: column.map(String::from),
        };
        assert!(
            money(&aggregate(Some("amount")))
                .ends_with("or convert them, e.g. t.convert(\"amount\", \"USD\", 2024)"),
            "{}",
            money(&aggregate(Some("amount")))
        );
        assert!(money(&aggregate(None)).ends_with("e.g. convert(x, \"USD\", 2024)"));
        let unknown = whatif_core::money::known_currency("XYZ", &["USD".into()]).unwrap_err();
        assert_eq!(
            money(&unknown),
            "unknown currency \"XYZ\": the known codes are USD (set_fx adds others)"
        );
    }

    #[test]
    fn no_root_points_at_the_profile() {
        let none = RootError::NoRoot { what: "irr" };
        assert!(root(&none).ends_with(", or look at npv_profile(values)"));
        let no_sign = RootError::NoSignChange { what: "irr" };
        assert_eq!(root(&no_sign), no_sign.to_string());
    }
}
