//! Reading script values as the arguments finance and the what-if verbs take (money, plain
//! numbers for the fast path; `Amounts`, the one reader of amounts in one currency) and
//! wrapping results back: shared by the bindings and the what-if verbs, so that neither
//! reaches into the other.

use rhai::{Array, Dynamic};
use rust_decimal::Decimal;
use whatif_core::finance::Dd;
use whatif_core::money::{CurrencyCode, Money};

use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};

/// The money a script value holds, if it holds money.
pub fn as_money(value: &Dynamic) -> Option<Money> {
    value.read_lock::<Money>().map(|m| *m)
}

/// `value` as money in `currency`, or the bare number when there is none.
pub fn rewrap(value: Decimal, currency: Option<CurrencyCode>) -> Dynamic {
    match currency {
        Some(code) => Dynamic::from(Money::new(value, code)),
        None => decimal_to_dynamic(value),
    }
}

/// A plain script number (integer or decimal) as a double-double, for the native kernels;
/// `None` for anything else (money keeps the slow, exact path).
pub fn dd_if_number(value: &Dynamic) -> Option<Dd> {
    if let Ok(int) = value.as_int() {
        Some(Dd::from_i64(int))
    } else if let Ok(decimal) = value.as_decimal() {
        Some(Dd::from_decimal(decimal))
    } else {
        None
    }
}

/// An argument's name in messages: a parameter (`pv`) or an item of one (`values[3]`).
#[derive(Debug, Clone, Copy)]
pub enum Name {
    Param(&'static str),
    Item(&'static str, usize),
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Name::Param(p) => f.write_str(p),
            Name::Item(p, i) => write!(f, "{p}[{i}]"),
        }
    }
}

/// The amounts of one call, read as their bare values: plain numbers, or money all in one
/// currency (the first two currencies that differ are an error naming both arguments). The
/// one reader of amounts for the finance functions (their signatures say which parameters
/// may be money), the fund metrics, returns, cash flows and the what-if verbs.
#[derive(Debug)]
pub struct Amounts {
    function: &'static str,
    money: Option<(Name, CurrencyCode)>,
    /// The first plain number other than 0 (a plain 0 is zero in every currency).
    plain: Option<(Name, Decimal)>,
}

impl Amounts {
    pub fn new(function: &'static str) -> Amounts {
        Amounts {
            function,
            money: None,
            plain: None,
        }
    }

    fn label(&self, name: Name) -> String {
        format!("{}'s {name}", self.function)
    }

    /// Reads argument `name`, which may be money: its amount (its currency recorded), or a
    /// plain number.
    pub fn amount(&mut self, value: &Dynamic, name: Name) -> RhaiResult<Decimal> {
        if let Some(m) = as_money(value) {
            self.record(name, m.currency)?;
            return Ok(m.amount);
        }
        let d = match (value.as_int(), value.as_decimal()) {
            (Ok(i), _) => Decimal::from(i),
            (_, Ok(d)) => d,
            _ => to_decimal(value, &self.label(name))?,
        };
        if self.plain.is_none() && !d.is_zero() {
            self.plain = Some((name, d));
        }
        Ok(d)
    }

    /// Reads every item of `values` (argument `name`) with `amount`.
    pub fn all(&mut self, values: &Array, name: &'static str) -> RhaiResult<Vec<Decimal>> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| self.amount(v, Name::Item(name, i)))
            .collect()
    }

    fn record(&mut self, name: Name, code: CurrencyCode) -> RhaiResult<()> {
        match self.money {
            None => self.money = Some((name, code)),
            Some((first, first_code)) if first_code != code => {
                return Err(script_error(format!(
                    "{}: {first} is in {first_code} but {name} is in {code}: one call takes one \
                     currency; convert one first, e.g. convert(x, \"{first_code}\", 2024)",
                    self.function
                )))
            }
            Some(_) => {}
        }
        Ok(())
    }

    /// The one currency of the money read so far, if any was money; plain numbers beside it
    /// are allowed (a time-value call's rate-free amounts).
    pub fn currency(&self) -> Option<CurrencyCode> {
        self.money.map(|(_, code)| code)
    }

    /// The one currency, for a function whose amounts are all of a kind: money beside a plain
    /// number other than 0 is an error that names both.
    pub fn one_currency(&self) -> RhaiResult<Option<CurrencyCode>> {
        if let (Some((first, code)), Some((name, d))) = (self.money, self.plain) {
            return Err(script_error(format!(
                "{}: {first} is an amount in {code} but {name} is the plain number {}; write it \
                 as money too, e.g. {}",
                self.function,
                d.normalize(),
                crate::messages::money_call(&code, &d.normalize().to_string())
            )));
        }
        Ok(self.currency())
    }

    /// A result that is an amount: money in the arguments' currency when some argument was
    /// money, else the number.
    pub fn amount_result(&self, value: Dynamic) -> Dynamic {
        match (self.currency(), value.as_decimal(), value.as_int()) {
            (Some(code), Ok(d), _) => Dynamic::from(Money::new(d, code)),
            (Some(code), _, Ok(i)) => Dynamic::from(Money::new(Decimal::from(i), code)),
            _ => value,
        }
    }

    /// Flows `values` of `function` as plain amounts when they are money (judged by the first
    /// item that is not a plain 0, so plain flows cost one check), all in one currency;
    /// `None` for plain numbers. Beside money flows, only a plain 0 may be a number.
    pub fn flows(function: &'static str, values: &Array) -> RhaiResult<Option<MoneyFlows>> {
        // Leading plain zeros (nothing at the start) are zero in every currency.
        let first = values.iter().find(|v| !v.as_int().is_ok_and(|i| i == 0));
        if !first.is_some_and(|v| v.is::<Money>()) {
            return Ok(None);
        }
        let mut args = Amounts::new(function);
        let mut amounts = Array::with_capacity(values.len());
        for (i, value) in values.iter().enumerate() {
            let name = Name::Item("values", i);
            if let Some(m) = as_money(value) {
                args.record(name, m.currency)?;
                amounts.push(decimal_to_dynamic(m.amount));
                continue;
            }
            let example = |text: &str| {
                args.currency()
                    .map(|c| crate::messages::money_call(&c, text))
                    .unwrap_or_default()
            };
            let what = args.label(name);
            if value.is_unit() {
                return Err(script_error(format!(
                    "{what} is empty (an empty cell?); every flow needs an amount, e.g. {}",
                    example("0")
                )));
            }
            if !to_decimal(value, &what).is_ok_and(|d| d.is_zero()) {
                let text = crate::value::to_text(value);
                return Err(script_error(format!(
                    "{what} is the plain number {text}, but the flows before it are money; \
                     write every flow as money, e.g. {}",
                    example(&text)
                )));
            }
            amounts.push(Dynamic::from_int(0));
        }
        Ok(Some(MoneyFlows {
            values: amounts,
            args,
        }))
    }
}

/// Flows given as money: their amounts, and the reader that knows their one currency.
pub struct MoneyFlows {
    pub values: Array,
    pub args: Amounts,
}

/// `values` as plain numbers: money flows (one currency) become their amounts.
pub fn plain_flows<'a>(
    values: &'a Array,
    function: &'static str,
) -> RhaiResult<std::borrow::Cow<'a, Array>> {
    Ok(match Amounts::flows(function, values)? {
        Some(flows) => std::borrow::Cow::Owned(flows.values),
        None => std::borrow::Cow::Borrowed(values),
    })
}
