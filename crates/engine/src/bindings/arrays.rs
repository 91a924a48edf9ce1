//! Sorting arrays as an analyst expects: integers and decimals together, money of one
//! currency, text, dates; anything else is an error that says what sorts.

use std::cmp::Ordering;

use rhai::plugin::*;
use rhai::Array;
use rust_decimal::Decimal;
use whatif_core::dates::Date;
use whatif_core::money::Money;

use crate::numbers::{script_error, RhaiResult};

/// Registers this topic's functions into `module`; `sort()` replaces Rhai's, which refuses a mix
/// of integers and decimals (`[3, 2.5, 1]`) and names native types by their Rust paths, and
/// `pad()` Rhai's, which would ask the allocator for a billion items before any budget looks.
pub fn register(module: &mut rhai::Module) {
    module.combine_flatten(exported_module!(array_functions));
}

/// One item as it sorts.
enum Key {
    Number(Decimal),
    Money(Money),
    Text(rhai::ImmutableString),
    Date(Date),
    Bool(bool),
}

impl Key {
    fn of(value: &Dynamic) -> Option<Key> {
        if let Ok(i) = value.as_int() {
            Some(Key::Number(Decimal::from(i)))
        } else if let Ok(d) = value.as_decimal() {
            Some(Key::Number(d))
        } else if let Some(m) = value.read_lock::<Money>() {
            Some(Key::Money(*m))
        } else if let Ok(s) = value.as_immutable_string_ref() {
            Some(Key::Text(s.clone()))
        } else if let Some(d) = value.read_lock::<Date>() {
            Some(Key::Date(*d))
        } else {
            value.as_bool().ok().map(Key::Bool)
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Key::Number(_) => "a number",
            Key::Money(_) => "an amount of money",
            Key::Text(_) => "text",
            Key::Date(_) => "a date",
            Key::Bool(_) => "true or false",
        }
    }

    fn compare(&self, other: &Key) -> Result<Ordering, String> {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => Ok(a.cmp(b)),
            (Key::Money(a), Key::Money(b)) => a.compare(b).map_err(|e| crate::messages::money(&e)),
            (Key::Text(a), Key::Text(b)) => Ok(a.as_str().cmp(b.as_str())),
            (Key::Date(a), Key::Date(b)) => a.compare(b).map_err(|e| crate::messages::date(&e)),
            (Key::Bool(a), Key::Bool(b)) => Ok(a.cmp(b)),
            _ => Err(String::new()),
        }
    }
}

const WHAT_SORTS: &str = "an array sorts when its items are all numbers, all money of one \
                          currency, all text or all dates; sort(|a, b| …) sorts by your own rule";

#[export_module]
pub mod array_functions {
    /// Sorts the array in place, smallest first: numbers (integers and decimals together),
    /// money of one currency, text, or dates. `sort(|a, b| …)` sorts by your own rule.
    ///
    /// ```rhai
    /// let a = [3, 2.5, 1];
    /// a.sort();
    /// assert_eq(a, [1, 2.5, 3]);
    /// let m = [usd(5), usd(-1)];
    /// m.sort();
    /// assert_eq(m, [usd(-1), usd(5)]);
    /// ```
    #[rhai_fn(name = "sort", return_raw)]
    pub fn sort(items: &mut Array) -> RhaiResult<()> {
        let mut keyed = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Some(key) = super::Key::of(item) else {
                return Err(super::script_error(format!(
                    "sort: item {i} is {}; {}",
                    crate::messages::with_article(&crate::messages::kind_of(item)),
                    super::WHAT_SORTS
                )));
            };
            keyed.push((key, item.clone()));
        }
        // Check every neighbour pair's kinds first, so the error names two items.
        if let Some(first) = keyed.first() {
            for (i, (key, _)) in keyed.iter().enumerate().skip(1) {
                if let Err(message) = key.compare(&first.0) {
                    return Err(super::script_error(if message.is_empty() {
                        format!(
                            "sort: item 0 is {} but item {i} is {}; {}",
                            first.0.kind(),
                            key.kind(),
                            super::WHAT_SORTS
                        )
                    } else {
                        format!("sort: items 0 and {i}: {message}")
                    }));
                }
            }
        }
        let mut failure = None;
        keyed.sort_by(|a, b| {
            a.0.compare(&b.0).unwrap_or_else(|message| {
                failure.get_or_insert(message);
                std::cmp::Ordering::Equal
            })
        });
        if let Some(message) = failure {
            return Err(super::script_error(format!("sort: {message}")));
        }
        *items = keyed.into_iter().map(|(_, item)| item).collect();
        Ok(())
    }

    /// Pads the array with `item` to `len` items (nothing when it has as many already). Padding
    /// that would pass the memory budget (`--max-memory`) ends the script with the budget's
    /// message before anything is allocated, so that at the prompt only the entry ends.
    ///
    /// ```rhai
    /// let a = [1];
    /// a.pad(3, 0);
    /// assert_eq(a, [1, 0, 0]);
    /// ```
    #[rhai_fn(name = "pad", return_raw)]
    pub fn pad(
        ctx: NativeCallContext,
        items: &mut Array,
        len: rhai::INT,
        item: Dynamic,
    ) -> RhaiResult<()> {
        super::pad_items(ctx.engine().max_array_size(), items, len, item)
    }
}

/// `pad`'s work: Rhai's own, with the memory budget checked before the allocation.
fn pad_items(max: usize, items: &mut Array, len: rhai::INT, item: Dynamic) -> RhaiResult<()> {
    let Ok(len) = usize::try_from(len) else {
        return Ok(());
    };
    if len <= items.len() {
        return Ok(());
    }
    if max > 0 && len > max {
        return Err(Box::new(rhai::EvalAltResult::ErrorDataTooLarge(
            "Size of array".into(),
            rhai::Position::NONE,
        )));
    }
    let bytes = (len - items.len()).saturating_mul(std::mem::size_of::<Dynamic>());
    let budget = crate::host::memory_budget();
    if budget > 0 && crate::host::memory_in_use().saturating_add(bytes) > budget {
        return Err(crate::stop::terminated(crate::stop::OUT_OF_MEMORY));
    }
    items.resize(len, item);
    Ok(())
}
