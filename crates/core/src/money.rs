//! Money: an exact `Decimal` amount with its ISO 4217 currency, and the rules of arithmetic on
//! it (one currency per sum or comparison; money times a number is money; money over money of
//! one currency is a ratio), its one text form and its aggregates. Every refusal is a
//! `MoneyError` whose message says what to write instead.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::decimal::{group_decimal, norm, DECIMAL_RANGE};

/// An ISO 4217 code, three upper-case ASCII letters stored inline: copying one costs nothing,
/// which matters because every amount cell of the datasets carries one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    pub const USD: CurrencyCode = CurrencyCode(*b"USD");
    pub const CNY: CurrencyCode = CurrencyCode(*b"CNY");

    /// A code written as three letters in any case (`"usd"` is USD); anything else is an
    /// error. Whether the code is *known* is `known_currency`'s business.
    pub fn parse(text: &str) -> Result<CurrencyCode, MoneyError> {
        let bytes = text.trim().as_bytes();
        match bytes {
            [a, b, c] if bytes.iter().all(u8::is_ascii_alphabetic) => Ok(CurrencyCode([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(MoneyError::BadCode(text.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// Digits after the point of the currency's minor unit (ISO 4217): 0 for the yen and the
    /// won, 3 for the Gulf dinars, 2 for the rest.
    pub fn minor_units(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "VND" | "CLP" | "ISK" | "UGX" | "XAF" | "XOF" | "PYG" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" | "LYD" | "IQD" => 3,
            _ => 2,
        }
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `text` as a code from `known` (upper-cased), or the error listing the known codes.
pub fn known_currency(text: &str, known: &[String]) -> Result<CurrencyCode, MoneyError> {
    let unknown = || MoneyError::UnknownCode {
        code: text.trim().to_string(),
        known: known.join(", "),
        hint: crate::fx::did_you_mean(text, known),
    };
    let code = CurrencyCode::parse(text).map_err(|e| {
        if crate::fx::did_you_mean(text, known).is_some() {
            unknown()
        } else {
            e
        }
    })?;
    if known.iter().any(|k| k == code.as_str()) {
        Ok(code)
    } else {
        Err(unknown())
    }
}

/// An amount of money: exact, in one currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    pub amount: Decimal,
    pub currency: CurrencyCode,
}

/// What a refused money operation was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Add,
    Subtract,
    Compare,
    Divide,
    Multiply,
}

impl Operation {
    /// The operator: `+`, `-`, `>`, `/`, `*`.
    pub fn symbol(self) -> &'static str {
        match self {
            Operation::Add => "+",
            Operation::Subtract => "-",
            Operation::Compare => ">",
            Operation::Divide => "/",
            Operation::Multiply => "*",
        }
    }
}

/// Why a money operation was refused. `Display` words it for an analyst without naming a
/// script call; the embedder adds the call that fixes it (a conversion, the number written as
/// money, the bare value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Two currencies in one sum, difference, comparison or ratio.
    Mixed {
        op: Operation,
        lhs: Money,
        rhs: Money,
    },
    /// Money with a plain number where the number must be money too (`+`, `-`, comparisons).
    WithNumber {
        op: Operation,
        money: Money,
        number: Decimal,
        money_first: bool,
    },
    /// Money times money.
    Squared {
        lhs: Money,
        rhs: Money,
    },
    /// A number divided by money.
    NumberOverMoney {
        number: Decimal,
        money: Money,
    },
    DivisionByZero(Money),
    Overflow(String),
    /// Items of different currencies in one aggregate: `which` names the offending item.
    MixedAggregate {
        what: String,
        which: String,
        found: CurrencyCode,
        expected: CurrencyCode,
        /// The table column aggregated, when it is one: the fix is then `t.convert(column, …)`.
        column: Option<String>,
    },
    BadCode(String),
    UnknownCode {
        code: String,
        known: String,
        /// The code the text most likely means (`RMB` → CNY).
        hint: Option<String>,
    },
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Mixed { op, lhs, rhs } => {
                let verb = match op {
                    Operation::Add => format!("add {lhs} to {rhs}"),
                    Operation::Subtract => format!("subtract {rhs} from {lhs}"),
                    Operation::Compare => format!("compare {lhs} with {rhs}"),
                    Operation::Divide => format!("divide {lhs} by {rhs}"),
                    Operation::Multiply => format!("multiply {lhs} by {rhs}"),
                };
                write!(f, "cannot {verb}: convert one first")
            }
            MoneyError::WithNumber { .. } => write!(
                f,
                "{}: write the number as money, or take the amount's value as a bare number",
                self.with_number_cause().unwrap_or_default()
            ),
            MoneyError::Squared { lhs, rhs } => write!(
                f,
                "cannot multiply two amounts of money ({lhs} * {rhs}): multiply an amount by a \
                 plain number"
            ),
            MoneyError::NumberOverMoney { number, money } => write!(
                f,
                "cannot divide the plain number {} by an amount of money ({money}): divide by \
                 its value instead",
                norm(*number)
            ),
            MoneyError::DivisionByZero(money) => write!(f, "Division by zero: {money} / 0"),
            MoneyError::Overflow(what) => {
                write!(f, "{what} is outside the decimal range ({DECIMAL_RANGE})")
            }
            MoneyError::MixedAggregate {
                what,
                which,
                found,
                expected,
                ..
            } => write!(
                f,
                "cannot {what} amounts in different currencies: {which} is in {found}, the items \
                 before it in {expected}; keep one currency, or convert them to {expected} first"
            ),
            MoneyError::BadCode(text) => write!(
                f,
                "a currency must be a three-letter code such as \"USD\" or \"CNY\", not {text:?}"
            ),
            MoneyError::UnknownCode { code, known, hint } => {
                let hint = hint
                    .as_ref()
                    .map(|h| format!("did you mean \"{h}\"? The known codes are "))
                    .unwrap_or_else(|| "the known codes are ".into());
                write!(f, "unknown currency {code:?}: {hint}{known}")
            }
        }
    }
}

impl std::error::Error for MoneyError {}

impl MoneyError {
    /// `cannot add or subtract an amount in CNY (5 CNY) and the plain number 5`: what a
    /// `WithNumber` refused, without the fix.
    pub fn with_number_cause(&self) -> Option<String> {
        let MoneyError::WithNumber {
            op, money, number, ..
        } = self
        else {
            return None;
        };
        let what = match op {
            Operation::Add | Operation::Subtract => "add or subtract",
            _ => "compare",
        };
        Some(format!(
            "cannot {what} an amount in {} ({money}) and the plain number {}",
            money.currency,
            norm(*number)
        ))
    }
}

pub type MoneyResult<T> = Result<T, MoneyError>;

impl Money {
    pub fn new(amount: Decimal, currency: CurrencyCode) -> Money {
        Money {
            amount: norm(amount),
            currency,
        }
    }

    fn same(&self, op: Operation, other: &Money) -> MoneyResult<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::Mixed {
                op,
                lhs: *self,
                rhs: *other,
            })
        }
    }

    fn checked(
        &self,
        result: Option<Decimal>,
        what: impl FnOnce() -> String,
    ) -> MoneyResult<Money> {
        result
            .map(|amount| Money::new(amount, self.currency))
            .ok_or_else(|| MoneyError::Overflow(what()))
    }

    pub fn add(&self, other: &Money) -> MoneyResult<Money> {
        self.same(Operation::Add, other)?;
        self.checked(self.amount.checked_add(other.amount), || {
            format!("{self} + {other}")
        })
    }

    pub fn subtract(&self, other: &Money) -> MoneyResult<Money> {
        self.same(Operation::Subtract, other)?;
        self.checked(self.amount.checked_sub(other.amount), || {
            format!("{self} - {other}")
        })
    }

    pub fn compare(&self, other: &Money) -> MoneyResult<Ordering> {
        self.same(Operation::Compare, other)?;
        Ok(self.amount.cmp(&other.amount))
    }

    pub fn times(&self, factor: Decimal) -> MoneyResult<Money> {
        self.checked(self.amount.checked_mul(factor), || {
            format!("{self} * {}", norm(factor))
        })
    }

    pub fn divided_by(&self, divisor: Decimal) -> MoneyResult<Money> {
        if divisor.is_zero() {
            return Err(MoneyError::DivisionByZero(*self));
        }
        self.checked(self.amount.checked_div(divisor), || {
            format!("{self} / {}", norm(divisor))
        })
    }

    /// Money over money of one currency: a plain ratio.
    pub fn ratio(&self, other: &Money) -> MoneyResult<Decimal> {
        self.same(Operation::Divide, other)?;
        if other.amount.is_zero() {
            return Err(MoneyError::DivisionByZero(*self));
        }
        self.amount
            .checked_div(other.amount)
            .map(norm)
            .ok_or_else(|| MoneyError::Overflow(format!("{self} / {other}")))
    }

    pub fn negate(&self) -> Money {
        Money::new(-self.amount, self.currency)
    }

    pub fn abs(&self) -> Money {
        Money::new(self.amount.abs(), self.currency)
    }

    /// Rounded half away from zero to the currency's minor unit (cents; whole yen).
    pub fn round_money(&self) -> Money {
        Money::new(
            self.amount.round_dp_with_strategy(
                self.currency.minor_units(),
                RoundingStrategy::MidpointAwayFromZero,
            ),
            self.currency,
        )
    }

    /// The text people read: grouped digits and the code, at the minor unit when the exact
    /// amount has more digits (`11,424,259,285.02 USD`); the exact amount stays in the value.
    pub fn display(&self) -> String {
        let minor = self.currency.minor_units();
        let amount = norm(self.amount);
        let shown = if amount.scale() > minor {
            let rounded =
                amount.round_dp_with_strategy(minor, RoundingStrategy::MidpointAwayFromZero);
            // At the minor unit every digit place shows, cents included (`0.10`), and a
            // negative amount that rounds to zero loses its sign.
            let mut rounded = if rounded.is_zero() {
                Decimal::ZERO
            } else {
                rounded
            };
            rounded.rescale(minor);
            group_decimal_keep_scale(rounded)
        } else {
            group_decimal(amount)
        };
        format!("{shown} {}", self.currency)
    }
}

impl Money {
    /// Every digit of the amount, grouped, and the code (`11,424,259,285.018778689664765614 USD`):
    /// what `exact(m)` and `--digits exact` show.
    pub fn exact_text(&self) -> String {
        format!("{} {}", group_decimal(norm(self.amount)), self.currency)
    }
}

/// Grouped digits that keep the value's scale (`1,000.50`, not `1,000.5`).
fn group_decimal_keep_scale(value: Decimal) -> String {
    crate::decimal::group_thousands(&value.to_string())
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.display())
    }
}

/// The currency all `items` share, or the error naming the first item in another currency;
/// `what` is the aggregate (`sum`) and `which(i)` names item `i` (`row 3 (id "x")`).
fn common_currency(
    what: &str,
    items: &[Money],
    which: &dyn Fn(usize) -> String,
) -> MoneyResult<Option<CurrencyCode>> {
    let Some(first) = items.first() else {
        return Ok(None);
    };
    for (i, item) in items.iter().enumerate().skip(1) {
        if item.currency != first.currency {
            return Err(MoneyError::MixedAggregate {
                what: what.to_string(),
                which: which(i),
                found: item.currency,
                expected: first.currency,
                column: None,
            });
        }
    }
    Ok(Some(first.currency))
}

/// The exact sum of amounts of one currency; `None` for no items.
pub fn sum(items: &[Money], which: &dyn Fn(usize) -> String) -> MoneyResult<Option<Money>> {
    let Some(currency) = common_currency("sum", items, which)? else {
        return Ok(None);
    };
    let mut total = Decimal::ZERO;
    for item in items {
        total = total
            .checked_add(item.amount)
            .ok_or_else(|| MoneyError::Overflow(format!("the sum in {currency}")))?;
    }
    Ok(Some(Money::new(total, currency)))
}

/// The exact mean of amounts of one currency; `None` for no items.
pub fn mean(items: &[Money], which: &dyn Fn(usize) -> String) -> MoneyResult<Option<Money>> {
    common_currency("average", items, which)?;
    match sum(items, which)? {
        Some(total) => total.divided_by(Decimal::from(items.len())).map(Some),
        None => Ok(None),
    }
}

/// The smallest (or largest) amount of one currency; `None` for no items.
pub fn extreme(
    items: &[Money],
    largest: bool,
    which: &dyn Fn(usize) -> String,
) -> MoneyResult<Option<Money>> {
    let what = if largest {
        "take the max of"
    } else {
        "take the min of"
    };
    common_currency(what, items, which)?;
    let pick = |a: &&Money, b: &&Money| a.amount.cmp(&b.amount);
    Ok(if largest {
        items.iter().max_by(pick)
    } else {
        items.iter().min_by(pick)
    }
    .copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    fn usd(v: &str) -> Money {
        Money::new(dec(v), CurrencyCode::USD)
    }
    fn cny(v: &str) -> Money {
        Money::new(dec(v), CurrencyCode::CNY)
    }
    fn item(i: usize) -> String {
        format!("item {i}")
    }

    #[test]
    fn one_currency_adds_subtracts_and_compares() {
        assert_eq!(usd("0.1").add(&usd("0.2")).unwrap(), usd("0.3"));
        assert_eq!(usd("5").subtract(&usd("7.5")).unwrap(), usd("-2.5"));
        assert_eq!(usd("5").compare(&usd("7")).unwrap(), Ordering::Less);
        assert_eq!(usd("10").ratio(&usd("4")).unwrap(), dec("2.5"));
        assert_eq!(usd("10").times(dec("1.5")).unwrap(), usd("15"));
        assert_eq!(usd("10").divided_by(dec("4")).unwrap(), usd("2.5"));
        assert_eq!(usd("-3").negate(), usd("3"));
        assert_eq!(usd("-3").abs(), usd("3"));
    }

    #[test]
    fn two_currencies_are_refused_with_the_fix() {
        let e = cny("82129000000").add(&usd("33200000000")).unwrap_err();
        assert_eq!(
            e,
            MoneyError::Mixed {
                op: Operation::Add,
                lhs: cny("82129000000"),
                rhs: usd("33200000000")
            }
        );
        assert_eq!(
            e.to_string(),
            "cannot add 82,129,000,000 CNY to 33,200,000,000 USD: convert one first"
        );
        let e = usd("1").compare(&cny("1")).unwrap_err().to_string();
        assert!(e.starts_with("cannot compare 1 USD with 1 CNY"), "{e}");
        assert!(usd("1").subtract(&cny("1")).is_err());
        assert!(usd("1").ratio(&cny("1")).is_err());
    }

    #[test]
    fn a_plain_number_is_shown_as_money() {
        let e = MoneyError::WithNumber {
            op: Operation::Compare,
            money: cny("5000000000"),
            number: dec("1000000000"),
            money_first: true,
        };
        assert_eq!(
            e.to_string(),
            "cannot compare an amount in CNY (5,000,000,000 CNY) and the plain number \
             1000000000: write the number as money, or take the amount's value as a bare number"
        );
    }

    #[test]
    fn rounding_and_text_use_the_minor_unit() {
        let jpy = CurrencyCode::parse("jpy").unwrap();
        assert_eq!(jpy.minor_units(), 0);
        assert_eq!(
            Money::new(dec("1234.5"), jpy).round_money(),
            Money::new(dec("1235"), jpy)
        );
        assert_eq!(usd("2.345").round_money(), usd("2.35"));
        assert_eq!(usd("11424259285.019").display(), "11,424,259,285.02 USD");
        assert_eq!(usd("1000000").display(), "1,000,000 USD");
        assert_eq!(usd("0.1049").display(), "0.10 USD");
        assert_eq!(usd("-0.001").display(), "0.00 USD");
        assert_eq!(usd("12.5").display(), "12.5 USD");
    }

    #[test]
    fn codes_are_three_letters_and_known() {
        assert!(CurrencyCode::parse("dollars").is_err());
        let known: Vec<String> = ["EUR", "HKD", "USD"].map(String::from).to_vec();
        let e = known_currency("XYZ", &known).unwrap_err().to_string();
        assert!(e.contains("USD") && e.contains("\"XYZ\""), "{e}");
        assert!(!e.contains("set_fx"), "{e}");
    }

    #[test]
    fn aggregates_need_one_currency_and_name_the_offender() {
        let items = [usd("1"), usd("2.5"), usd("-1")];
        assert_eq!(sum(&items, &item).unwrap(), Some(usd("2.5")));
        assert_eq!(
            mean(&items, &item).unwrap(),
            Some(usd("0.8333333333333333333333333333"))
        );
        assert_eq!(extreme(&items, true, &item).unwrap(), Some(usd("2.5")));
        assert_eq!(extreme(&items, false, &item).unwrap(), Some(usd("-1")));
        assert_eq!(sum(&[], &item).unwrap(), None);
        let e = sum(&[usd("1"), usd("2"), cny("3")], &item)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("item 2 is in CNY, the items before it in USD"),
            "{e}"
        );
    }

    #[test]
    fn overflow_and_zero_division_are_errors() {
        let max = Money::new(Decimal::MAX, CurrencyCode::USD);
        assert!(max.add(&usd("1")).is_err());
        assert!(max.times(dec("2")).is_err());
        assert!(usd("1").divided_by(Decimal::ZERO).is_err());
        assert!(usd("1").ratio(&usd("0")).is_err());
    }
}
