//! Script bindings of `whatif_core::money`: the `Money` type, its constructors (`usd`, `cny`,
//! `eur`, `jpy`, `gbp`, `hkd`, `money(x, code)`), properties (`.value`, `.currency`), rounding,
//! the aggregates over arrays, and the operators. The operators are registered per type pair,
//! so plain-number arithmetic never looks at them; every pair that has no meaning (money plus a
//! plain number, yuan plus dollars) is an error that says what to write.

use rhai::plugin::*;
use rhai::{Array, FuncRegistration, INT};
use rust_decimal::Decimal;
use whatif_core::money::{self, CurrencyCode, Money, MoneyError, Operation};

use super::Register;
use crate::docs::doc_comment;
use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};

/// A refused money operation as a script error at the call site.
pub fn money_error(error: MoneyError) -> Box<EvalAltResult> {
    script_error(crate::messages::money(&error))
}

pub use crate::args::{as_money, plain_flows};

/// A number or an amount of money, as many functions take either.
#[derive(Debug, Clone, Copy)]
pub enum Amount {
    Number(Decimal),
    Money(Money),
}

impl Amount {
    /// Reads `value` as money or a number; `what` names it in the error.
    pub fn of(value: &Dynamic, what: &str) -> RhaiResult<Amount> {
        match as_money(value) {
            Some(m) => Ok(Amount::Money(m)),
            None => to_decimal(value, what).map(Amount::Number),
        }
    }

    pub fn decimal(&self) -> Decimal {
        match self {
            Amount::Number(d) => *d,
            Amount::Money(m) => m.amount,
        }
    }

    pub fn currency(&self) -> Option<CurrencyCode> {
        match self {
            Amount::Number(_) => None,
            Amount::Money(m) => Some(m.currency),
        }
    }
}

/// Money in `code` (a currency with a constructor of its own: `usd`, `cny`, `eur`, `jpy`, `gbp`,
/// `hkd`, the list `messages::money_call` spells) from a script number.
pub(crate) fn make(amount: &Dynamic, code: &str) -> RhaiResult<Money> {
    let currency = CurrencyCode::parse(code).map_err(money_error)?;
    let value = match crate::table::cell::number(amount) {
        Some(value) => value,
        None => to_decimal(amount, &format!("{}'s amount", code.to_ascii_lowercase()))?,
    };
    Ok(Money::new(value, currency))
}

/// Registers the type, its functions and its operators into `module`; the session's FX table
/// supplies the codes `money(x, code)` accepts beyond the built-in ones (those set with `set_fx`).
pub fn register(module: &mut Module) {
    module.register_type_with_name::<Money>("Money");
    module.combine_flatten(exported_module!(money_functions));
    FuncRegistration::new("money")
        .with_comments(doc_comment(
            "An amount in any currency the FX table knows (built-in codes and those set with `set_fx`).",
            "let m = money(1500, \"eur\");\nassert_eq(m.currency, \"EUR\");\nassert_eq(m, eur(1500));",
        ))
        .with_params_info(["x: Dynamic", "code: &str", "RhaiResult<Money>"])
        .set_into_module(module, |x: Dynamic, code: &str| -> RhaiResult<Money> {
            let mut known = whatif_core::fx::known_codes();
            known.extend(super::state::fx().currencies().unwrap_or_default());
            known.sort();
            known.dedup();
            let code = money::known_currency(code, &known).map_err(money_error)?;
            Ok(Money::new(to_decimal(&x, "money's amount")?, code))
        });
    register_operators(module);
}

/// The operators between money and money or numbers, set into the money module. They carry no
/// parameter metadata (`Engine::register_fn` would format each parameter's type name): that
/// formatting was most of their cost at start-up, and operators have no `:help` page.
fn register_operators(module: &mut Module) {
    macro_rules! set {
        ($name:expr, $f:expr) => {
            FuncRegistration::new($name).set_into_module(module, $f)
        };
    }
    type M = Money;
    type D = Decimal;
    fn d(x: INT) -> Decimal {
        Decimal::from(x)
    }
    // A plain 0 is zero in every currency: `total = 0; total += m` and `m > 0` mean what they
    // say. Any other plain number is refused with the money form to write instead.
    fn refuse(
        op: Operation,
        money: Money,
        number: Decimal,
        money_first: bool,
    ) -> RhaiResult<Dynamic> {
        if !number.is_zero() {
            return Err(money_error(MoneyError::WithNumber {
                op,
                money,
                number,
                money_first,
            }));
        }
        Ok(match op {
            Operation::Subtract if !money_first => Dynamic::from(money.negate()),
            _ => Dynamic::from(money),
        })
    }
    fn zero_compare(
        op: &str,
        money: Money,
        number: Decimal,
        money_first: bool,
    ) -> RhaiResult<bool> {
        if !number.is_zero() {
            return Err(money_error(MoneyError::WithNumber {
                op: Operation::Compare,
                money,
                number,
                money_first,
            }));
        }
        let order = if money_first {
            money.amount.cmp(&Decimal::ZERO)
        } else {
            Decimal::ZERO.cmp(&money.amount)
        };
        use std::cmp::Ordering::{Equal, Greater, Less};
        Ok(match op {
            "<" => order == Less,
            ">" => order == Greater,
            "<=" => order != Greater,
            ">=" => order != Less,
            "==" => order == Equal,
            _ => order != Equal,
        })
    }
    let ok = |r: Result<Money, MoneyError>| r.map_err(money_error);

    set!("+", move |a: M, b: M| ok(a.add(&b)));
    set!("-", move |a: M, b: M| ok(a.subtract(&b)));
    set!("-", |a: M| a.negate());
    set!("*", move |a: M, b: D| ok(a.times(b)));
    set!("*", move |a: M, b: INT| ok(a.times(d(b))));
    set!("*", move |a: D, b: M| ok(b.times(a)));
    set!("*", move |a: INT, b: M| ok(b.times(d(a))));
    set!("*", |a: M, b: M| -> RhaiResult<Money> {
        Err(money_error(MoneyError::Squared { lhs: a, rhs: b }))
    });
    set!("/", move |a: M, b: D| ok(a.divided_by(b)));
    set!("/", move |a: M, b: INT| ok(a.divided_by(d(b))));
    set!("/", |a: M, b: M| -> RhaiResult<Dynamic> {
        a.ratio(&b).map(decimal_to_dynamic).map_err(money_error)
    });
    set!("/", |a: D, b: M| -> RhaiResult<Money> {
        Err(money_error(MoneyError::NumberOverMoney {
            number: a,
            money: b,
        }))
    });
    set!("/", |a: INT, b: M| -> RhaiResult<Money> {
        Err(money_error(MoneyError::NumberOverMoney {
            number: d(a),
            money: b,
        }))
    });

    for (op, kind) in [("+", Operation::Add), ("-", Operation::Subtract)] {
        set!(op, move |a: M, b: D| refuse(kind, a, b, true));
        set!(op, move |a: M, b: INT| refuse(kind, a, d(b), true));
        set!(op, move |a: D, b: M| refuse(kind, b, a, false));
        set!(op, move |a: INT, b: M| refuse(kind, b, d(a), false));
    }
    for op in ["<", ">", "<=", ">=", "==", "!="] {
        set!(op, move |a: M, b: D| zero_compare(op, a, b, true));
        set!(op, move |a: M, b: INT| zero_compare(op, a, d(b), true));
        set!(op, move |a: D, b: M| zero_compare(op, b, a, false));
        set!(op, move |a: INT, b: M| zero_compare(op, b, d(a), false));
    }

    use std::cmp::Ordering::{Equal, Greater, Less};
    for (op, accept) in [
        ("<", &[Less][..]),
        (">", &[Greater][..]),
        ("<=", &[Less, Equal][..]),
        (">=", &[Greater, Equal][..]),
    ] {
        set!(op, move |a: M, b: M| -> RhaiResult<bool> {
            a.compare(&b)
                .map(|o| accept.contains(&o))
                .map_err(money_error)
        });
    }
    // Equality across currencies is simply false: 1 USD is not 1 CNY, and `==` is how
    // scripts test what a value is.
    set!("==", |a: M, b: M| a == b);
    set!("!=", |a: M, b: M| a != b);

    for name in ["to_string", "to_debug"] {
        FuncRegistration::new(name)
            .with_comments(doc_comment(
                "The money as people read it: its amount, rounded to the currency's minor unit, and its code.",
                &format!("assert_eq(usd(1500.005).{name}(), \"1,500.01 USD\");"),
            ))
            .with_params_info(["m: &mut Money", "String"])
            .set_into_module(module, |m: &mut M| m.display());
    }
}

// The functions of money. (A `///` doc here would become the doc of the whole global
// namespace in the engine's metadata.)
#[export_module]
pub mod money_functions {
    use super::{aggregate, make};
    use crate::numbers::{decimal_to_dynamic, RhaiResult};
    use rhai::Array;
    use whatif_core::money::{self, Money};

    /// An amount in US dollars: `usd(x)` is `x` USD, exact.
    ///
    /// ```rhai
    /// assert_eq(usd(bn(100)).currency, "USD");
    /// assert_eq(usd(bn(100)).value, 100000000000);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn usd(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "USD")
    }

    /// An amount in Chinese yuan: `cny(x)` is `x` CNY, exact.
    ///
    /// ```rhai
    /// assert_eq(cny(yi(821.29)).value, 82129000000);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn cny(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "CNY")
    }

    /// An amount in euros: `eur(x)` is `x` EUR, exact.
    ///
    /// ```rhai
    /// assert_eq(eur(5).currency, "EUR");
    /// ```
    #[rhai_fn(return_raw)]
    pub fn eur(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "EUR")
    }

    /// An amount in Japanese yen: `jpy(x)` is `x` JPY, exact.
    ///
    /// ```rhai
    /// assert_eq(jpy(5).currency, "JPY");
    /// ```
    #[rhai_fn(return_raw)]
    pub fn jpy(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "JPY")
    }

    /// An amount in pounds sterling: `gbp(x)` is `x` GBP, exact.
    ///
    /// ```rhai
    /// assert_eq(gbp(5).currency, "GBP");
    /// ```
    #[rhai_fn(return_raw)]
    pub fn gbp(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "GBP")
    }

    /// An amount in Hong Kong dollars: `hkd(x)` is `x` HKD, exact.
    ///
    /// ```rhai
    /// assert_eq(hkd(5).currency, "HKD");
    /// ```
    #[rhai_fn(return_raw)]
    pub fn hkd(x: Dynamic) -> RhaiResult<Money> {
        make(&x, "HKD")
    }

    /// The bare amount of money, an exact number: `usd(5).value` is `5`.
    ///
    /// ```rhai
    /// assert_eq(usd(bn(1.5)).value, 1500000000);
    /// assert_eq(pledges.by_id("pledge-2024").amount.value, bn(100));
    /// ```
    #[rhai_fn(get = "value", pure)]
    pub fn value(m: &mut Money) -> Dynamic {
        decimal_to_dynamic(m.amount)
    }

    /// The ISO 4217 code of an amount of money.
    ///
    /// ```rhai
    /// assert_eq(cny(5).currency, "CNY");
    /// ```
    #[rhai_fn(get = "currency", pure)]
    pub fn currency(m: &mut Money) -> String {
        m.currency.to_string()
    }

    /// The amount without its sign, in its currency.
    ///
    /// ```rhai
    /// assert_eq(abs(usd(-5)), usd(5));
    /// ```
    #[rhai_fn(name = "abs")]
    pub fn abs(m: Money) -> Money {
        m.abs()
    }

    /// Rounds half away from zero to the currency's minor unit: cents for USD and CNY, whole
    /// yen for JPY.
    ///
    /// ```rhai
    /// assert_eq(round_money(usd(2.345)), usd(2.35));
    /// assert_eq(round_money(jpy(1234.5)), jpy(1235));
    /// ```
    pub fn round_money(m: Money) -> Money {
        m.round_money()
    }

    /// Rounds money half away from zero to `decimals` places, as `round_half_up` does numbers;
    /// the currency stays.
    ///
    /// ```rhai
    /// assert_eq(round_half_up(usd(1234.5678), 0), usd(1235));
    /// ```
    #[rhai_fn(name = "round_half_up", return_raw)]
    pub fn round_half_up_money(money: Money, decimals: rhai::INT) -> RhaiResult<Money> {
        whatif_core::units::round_half_up(money.amount, decimals)
            .map(|amount| Money::new(amount, money.currency))
            .map_err(crate::numbers::script_error)
    }

    /// The exact sum of an array of amounts of one currency (money), or of plain numbers.
    /// Mixed currencies are an error naming the first item in another currency.
    ///
    /// ```rhai
    /// assert_eq(sum([usd(0.1), usd(0.2)]), usd(0.3));
    /// assert_eq(sum([1, 2.5]), 3.5);
    /// ```
    #[rhai_fn(name = "sum", return_raw)]
    pub fn sum(items: Array) -> RhaiResult<Dynamic> {
        aggregate(&items, "sum", money::sum, |numbers| {
            numbers
                .iter()
                .try_fold(rust_decimal::Decimal::ZERO, |a, b| a.checked_add(*b))
        })
    }

    /// The exact mean of an array of amounts of one currency, or of plain numbers; `()` for an
    /// empty array.
    ///
    /// ```rhai
    /// assert_eq(mean([usd(1), usd(2)]), usd(1.5));
    /// ```
    #[rhai_fn(name = "mean", return_raw)]
    pub fn mean(items: Array) -> RhaiResult<Dynamic> {
        aggregate(&items, "mean", money::mean, |numbers| {
            let total = numbers
                .iter()
                .try_fold(rust_decimal::Decimal::ZERO, |a, b| a.checked_add(*b))?;
            total.checked_div(rust_decimal::Decimal::from(numbers.len()))
        })
    }

    /// The smallest of an array of amounts of one currency, or of plain numbers.
    ///
    /// ```rhai
    /// assert_eq(min([usd(3), usd(1.5)]), usd(1.5));
    /// ```
    #[rhai_fn(name = "min", return_raw)]
    pub fn min(items: Array) -> RhaiResult<Dynamic> {
        aggregate(
            &items,
            "min",
            |m, w| money::extreme(m, false, w),
            |n| n.iter().min().copied(),
        )
    }

    /// The largest of an array of amounts of one currency, or of plain numbers.
    ///
    /// ```rhai
    /// assert_eq(max([usd(3), usd(1.5)]), usd(3));
    /// ```
    #[rhai_fn(name = "max", return_raw)]
    pub fn max(items: Array) -> RhaiResult<Dynamic> {
        aggregate(
            &items,
            "max",
            |m, w| money::extreme(m, true, w),
            |n| n.iter().max().copied(),
        )
    }

    /// The larger of two amounts of one currency (another currency is an error).
    ///
    /// ```rhai
    /// assert_eq(max(usd(3), usd(1.5)), usd(3));
    /// ```
    #[rhai_fn(name = "max", return_raw)]
    pub fn max_of_two(a: Money, b: Money) -> RhaiResult<Money> {
        let order = a.compare(&b).map_err(super::money_error)?;
        Ok(if order.is_lt() { b } else { a })
    }

    /// The smaller of two amounts of one currency (another currency is an error).
    ///
    /// ```rhai
    /// assert_eq(min(usd(3), usd(1.5)), usd(1.5));
    /// ```
    #[rhai_fn(name = "min", return_raw)]
    pub fn min_of_two(a: Money, b: Money) -> RhaiResult<Money> {
        let order = a.compare(&b).map_err(super::money_error)?;
        Ok(if order.is_gt() { b } else { a })
    }
}

/// Splits `items` into money or numbers (not both) and applies the matching aggregate.
pub(crate) fn aggregate(
    items: &Array,
    name: &str,
    of_money: impl Fn(&[Money], &dyn Fn(usize) -> String) -> Result<Option<Money>, MoneyError>,
    of_numbers: impl Fn(&[Decimal]) -> Option<Decimal>,
) -> RhaiResult<Dynamic> {
    if items.is_empty() {
        return Ok(Dynamic::UNIT);
    }
    if as_money(&items[0]).is_some() {
        let mut amounts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match as_money(item) {
                Some(m) => amounts.push(m),
                None if item.is_unit() => {
                    return Err(script_error(format!(
                        "{name}: item {i} is empty (an empty cell?); leave empty items out \
                         first, e.g. items.filter(|x| x != ()), or use t.{name}(column), which \
                         skips empty cells"
                    )))
                }
                None => {
                    return Err(script_error(format!(
                        "{name}: item {i} is {}, not an amount of money like the items before it",
                        crate::value::to_text(item)
                    )))
                }
            }
        }
        let which = |i: usize| format!("item {i}");
        return of_money(&amounts, &which)
            .map(|m| m.map_or(Dynamic::UNIT, Dynamic::from))
            .map_err(money_error);
    }
    let mut numbers = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match Amount::of(item, &format!("{name}'s item {i}"))? {
            Amount::Number(n) => numbers.push(n),
            Amount::Money(m) => {
                return Err(script_error(format!(
                    "{name}: item {i} is an amount of money ({m}) but the items before it \
                     are plain numbers; make them all money or all numbers"
                )))
            }
        }
    }
    of_numbers(&numbers)
        .map(decimal_to_dynamic)
        .ok_or_else(|| script_error(format!("{name}: the result is outside the decimal range")))
}
