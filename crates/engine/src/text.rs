//! The text and JSON of script values: strings bare at the top level and quoted inside
//! collections; decimals in text at the session's display digits (`crate::host::digits`, 12
//! significant by default) or, for `exact`, with every digit; every decimal digit kept in JSON
//! (no `f64` on the way: Rhai's own serde support would round `12345678901234567.89`); money as
//! its text (`1,000 USD`, at its minor unit unless every digit is asked for) and as
//! `{"amount": …, "currency": "USD"}` in JSON. A value type the engine adds (a table) writes
//! itself through `Embedded`, so this module needs none of them.

use std::fmt::Write as _;

use rhai::{Array, Dynamic, Map};
use rust_decimal::Decimal;
use whatif_core::display::{display_decimal, Digits};
use whatif_core::money::Money;

/// A native value type that knows its own text and JSON (a table: a box drawing, an array of
/// objects).
pub trait Embedded: Clone + 'static {
    /// The value's text for people.
    fn text(&self) -> String;
    /// The value's exact JSON.
    fn json(&self) -> String;
    /// A native value that stands for a plain one (a table row for a map), written as that.
    fn as_plain(_value: &Dynamic) -> Option<Dynamic> {
        None
    }
    /// A native value described by kind and size (`Table (18 rows × 16 columns)`), for values
    /// without text of their own and for `:vars`.
    fn describe(_value: &Dynamic) -> Option<String> {
        None
    }
}

/// A finished document as a script value, written as it was prepared: its text for people and
/// its JSON for programs (what `explain(x)` returns).
#[derive(Debug, Clone)]
pub struct Document {
    /// The text for people.
    pub text: String,
    /// The JSON for programs.
    pub json: String,
}

/// A value as `print` and `-e` show it: strings bare at the top level, quoted inside
/// collections; decimals at the session's display digits.
pub fn to_text<T: Embedded>(value: &Dynamic) -> String {
    to_text_at::<T>(value, crate::host::digits())
}

/// A value's text with every decimal digit (`exact(x)`, comparisons, file cells).
pub fn to_exact_text<T: Embedded>(value: &Dynamic) -> String {
    to_text_at::<T>(value, Digits::Exact)
}

fn to_text_at<T: Embedded>(value: &Dynamic, digits: Digits) -> String {
    if let Ok(s) = value.as_immutable_string_ref() {
        return s.to_string();
    }
    let mut out = String::new();
    write_text::<T>(&mut out, value, digits);
    out
}

/// Money at its minor unit, or every digit when every digit is asked for.
fn money_text(money: &Money, digits: Digits) -> String {
    match digits {
        Digits::Exact => money.exact_text(),
        Digits::Significant(_) => money.display(),
    }
}

fn write_text<T: Embedded>(out: &mut String, value: &Dynamic, digits: Digits) {
    if let Some(plain) = T::as_plain(value) {
        write_text::<T>(out, &plain, digits);
    } else if let Some(t) = value.read_lock::<T>() {
        out.push_str(&t.text());
    } else if let Some(date) = value.read_lock::<whatif_core::dates::Date>() {
        let _ = write!(out, "{}", *date);
    } else if let Some(document) = value.read_lock::<Document>() {
        out.push_str(&document.text);
    } else if let Some(flows) = value.read_lock::<crate::cashflows::CashFlows>() {
        out.push_str(&flows.text(None));
    } else if let Some(flows) = value.read_lock::<crate::cashflows::MoneyCashFlows>() {
        out.push_str(&flows.text());
    } else if value.is_unit() {
        out.push_str("()");
    } else if let Ok(d) = value.as_decimal() {
        out.push_str(&display_decimal(d, digits));
    } else if let Some(m) = value.read_lock::<Money>() {
        out.push_str(&money_text(&m, digits));
    } else if let Ok(s) = value.as_immutable_string_ref() {
        let _ = write!(out, "{:?}", s.as_str());
    } else if let Some(array) = value.read_lock::<Array>() {
        write_items(out, ["[", ", ", "]"], array.iter(), |out, item| {
            write_text::<T>(out, item, digits)
        });
    } else if let Some(map) = value.read_lock::<Map>() {
        write_items(out, ["#{", ", ", "}"], map.iter(), |out, (key, item)| {
            if is_identifier(key) {
                out.push_str(key);
            } else {
                let _ = write!(out, "{:?}", key.as_str());
            }
            out.push_str(": ");
            write_text::<T>(out, item, digits);
        });
    } else {
        // A native type without text of its own (a grouping) is described, never shown by its
        // Rust path.
        let text = value.to_string();
        if text.contains("::") {
            out.push_str(&T::describe(value).unwrap_or_else(|| crate::messages::describe(value)));
        } else {
            out.push_str(&text);
        }
    }
}

/// `items` between `open` and `close`, separated by `separator`, each written by `each`.
fn write_items<I: Iterator>(
    out: &mut String,
    [open, separator, close]: [&str; 3],
    items: I,
    mut each: impl FnMut(&mut String, I::Item),
) {
    out.push_str(open);
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        each(out, item);
    }
    out.push_str(close);
}

fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// A value as JSON: decimals and integers as bare numbers with every digit, `()` as `null`,
/// maps as objects (keys in Rhai's sorted order).
pub fn to_json<T: Embedded>(value: &Dynamic) -> String {
    let mut out = String::new();
    write_json::<T>(&mut out, value);
    out
}

/// A decimal as a JSON number: normalised, so `500.000` is `500`.
pub fn decimal_json(d: Decimal) -> String {
    d.normalize().to_string()
}

fn write_json<T: Embedded>(out: &mut String, value: &Dynamic) {
    if let Some(plain) = T::as_plain(value) {
        write_json::<T>(out, &plain);
    } else if let Some(t) = value.read_lock::<T>() {
        out.push_str(&t.json());
    } else if let Some(date) = value.read_lock::<whatif_core::dates::Date>() {
        out.push_str(&json_string(&date.to_string()));
    } else if let Some(document) = value.read_lock::<Document>() {
        out.push_str(&document.json);
    } else if value.is_unit() {
        out.push_str("null");
    } else if let Ok(b) = value.as_bool() {
        out.push_str(if b { "true" } else { "false" });
    } else if let Ok(i) = value.as_int() {
        let _ = write!(out, "{i}");
    } else if let Ok(d) = value.as_decimal() {
        out.push_str(&decimal_json(d));
    } else if let Some(m) = value.read_lock::<Money>() {
        out.push_str(&money_json(&m));
    } else if let Ok(s) = value.as_immutable_string_ref() {
        out.push_str(&json_string(s.as_str()));
    } else if let Ok(c) = value.as_char() {
        out.push_str(&json_string(&c.to_string()));
    } else if let Some(array) = value.read_lock::<Array>() {
        write_items(out, ["[", ",", "]"], array.iter(), |out, item| {
            write_json::<T>(out, item)
        });
    } else if let Some(map) = value.read_lock::<Map>() {
        write_items(out, ["{", ",", "}"], map.iter(), |out, (key, item)| {
            out.push_str(&json_string(key));
            out.push(':');
            write_json::<T>(out, item);
        });
    } else {
        out.push_str(&json_string(&value.to_string()));
    }
}

/// Money as a JSON object with the exact amount as a number:
/// `{"amount":11424259285.019,"currency":"USD"}`.
pub fn money_json(m: &Money) -> String {
    format!(
        "{{\"amount\":{},\"currency\":\"{}\"}}",
        decimal_json(m.amount),
        m.currency
    )
}

/// A JSON string literal with the escapes JSON requires.
pub fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}
