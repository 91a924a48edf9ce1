//! Comparisons between values of different kinds. Rhai answers `false` when the kinds differ
//! (`"100" > 50`, `date("2024-01-01") > 2023`), a quiet wrong answer in a `filter`. These
//! overloads make each such comparison an error that names both values and the fix. Numbers
//! (whole and decimal) compare with each other, dates with date text (`bindings::dates`),
//! money with zero (`bindings::money`); anything compares with `()`, an empty cell, as Rhai
//! does. With fast operators off, a registered overload wins over Rhai's fallback, and it is
//! found by the kinds of its operands, so comparisons of like kinds cost nothing more.

use rhai::{Array, Dynamic, EvalAltResult, ImmutableString, Map, Module, INT};
use rust_decimal::Decimal;
use whatif_core::dates::Date;
use whatif_core::money::Money;

use crate::numbers::script_error;

/// A value as the message names it: `the number 2019`, `the text "1996"`, `the date 2019`.
fn shown(value: &Dynamic) -> String {
    if let Ok(text) = value.as_immutable_string_ref() {
        return format!("the text {:?}", text.as_str());
    }
    if value.is_int() || value.is_decimal() {
        return format!("the number {value}");
    }
    if let Some(date) = value.read_lock::<Date>() {
        return format!("the date {}", *date);
    }
    if let Some(money) = value.read_lock::<Money>() {
        return format!("the amount {}", *money);
    }
    if let Ok(b) = value.as_bool() {
        return format!("the true/false value {b}");
    }
    crate::messages::with_article(&crate::messages::describe(value))
}

/// What to write instead, for the kinds of `a` and `b` (in the order written).
fn fix(op: &str, a: &Dynamic, b: &Dynamic) -> String {
    let number = |v: &Dynamic| v.is_int() || v.is_decimal();
    let date = |v: &Dynamic| v.is::<Date>();
    let text = |v: &Dynamic| v.is_string();
    let (x, y) = (operand(a), operand(b));
    if (date(a) && number(b)) || (number(a) && date(b)) {
        let (year, day) = if date(a) {
            (format!("x.year {op} {y}"), format!("x {op} date(\"{y}\")"))
        } else {
            (format!("{x} {op} x.year"), format!("date(\"{x}\") {op} x"))
        };
        return format!("a date is not a number: compare its year, {year}, or a date, {day}");
    }
    if (text(a) && number(b)) || (number(a) && text(b)) {
        let (t, n) = if text(a) { (a, &y) } else { (b, &x) };
        let t = t.clone().into_immutable_string().unwrap_or_default();
        // Each form in the order the comparison was written.
        let written = |left: String, right: String| {
            if text(a) {
                format!("{left} {op} {right}")
            } else {
                format!("{right} {op} {left}")
            }
        };
        if Date::parse(&t).is_ok() {
            return format!(
                "the text is a date: compare it as text with text, {}, as dates, {}, or by \
                 year, {}",
                written("x".into(), format!("\"{n}\"")),
                written("date(x)".into(), format!("date(\"{n}\")")),
                written("date(x).year".into(), n.clone()),
            );
        }
        return format!(
            "text and numbers never compare: write the number without quotes, or read the \
             text as one, {}",
            written("parse_decimal(x)".into(), n.clone())
        );
    }
    "values of different kinds never compare; convert one to the kind of the other first"
        .to_string()
}

/// The value as a placeholder in the fix: a number as written, anything else `x`.
fn operand(value: &Dynamic) -> String {
    if value.is_int() || value.is_decimal() {
        return value.to_string();
    }
    "x".to_string()
}

fn unlike(op: &str, a: Dynamic, b: Dynamic) -> Box<EvalAltResult> {
    script_error(format!(
        "cannot compare {} with {} using `{op}`: {}",
        shown(&a),
        shown(&b),
        fix(op, &a, &b)
    ))
}

/// Registers the refusing comparisons on `engine`.
pub fn register(module: &mut Module) {
    // `op` for the pair (A, B) and (B, A).
    macro_rules! refuse {
        ($ops:expr; $($a:ty, $b:ty);+ $(;)?) => {$(
            for op in $ops {
                module.set_native_fn(op, move |a: $a, b: $b| -> Result<bool, Box<EvalAltResult>> {
                    Err(unlike(op, Dynamic::from(a), Dynamic::from(b)))
                });
                module.set_native_fn(op, move |a: $b, b: $a| -> Result<bool, Box<EvalAltResult>> {
                    Err(unlike(op, Dynamic::from(a), Dynamic::from(b)))
                });
            }
        )+};
    }
    const ORDER: [&str; 4] = ["<", "<=", ">", ">="];
    const ALL: [&str; 6] = ["<", "<=", ">", ">=", "==", "!="];
    type S = ImmutableString;
    // Text with a number, a date with a number: an error for equality too, where `false`
    // would read as "not equal" rather than "not comparable".
    refuse!(ALL;
        S, INT; S, Decimal;
        Date, INT; Date, Decimal;
    );
    // Every other pair of unlike kinds has no order.
    refuse!(ORDER;
        bool, INT; bool, Decimal; bool, S; bool, Date; bool, Money; bool, Array; bool, Map;
        S, Money; S, Array; S, Map;
        Date, Money; Date, Array; Date, Map;
        Money, Array; Money, Map;
        Array, INT; Array, Decimal; Array, Map;
        Map, INT; Map, Decimal;
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_against_a_number_names_the_year_and_the_date() {
        let date = Dynamic::from(Date::parse("2024-01-01").unwrap());
        let message = unlike(">", date, Dynamic::from(2023 as INT)).to_string();
        assert!(
            message.contains("the date 2024-01-01 with the number 2023"),
            "{message}"
        );
        assert!(message.contains(".year > 2023"), "{message}");
        assert!(message.contains("date(\"2023\")"), "{message}");
    }

    #[test]
    fn text_against_a_number_says_how_to_read_it() {
        let message = unlike(">", Dynamic::from("100"), Dynamic::from(50 as INT)).to_string();
        assert!(message.contains("the text \"100\""), "{message}");
        assert!(message.contains("parse_decimal(x) > 50"), "{message}");
        let message = unlike(">=", Dynamic::from("1996"), Dynamic::from(2019 as INT)).to_string();
        assert!(message.contains("x >= \"2019\""), "{message}");
        assert!(message.contains("date(x).year >= 2019"), "{message}");
    }
}
