//! `tornado`: one parameter at a time moved to its low and high value, the others held at
//! base, and the swing of the result, largest first.

use rhai::{Array, Dynamic, FnPtr, Map, NativeCallContext};
use rust_decimal::Decimal;

use super::{amount_result, call, describe};
use crate::args::{as_money, rewrap};
use crate::numbers::{script_error, RhaiResult};
use crate::table::Table;
use crate::value::to_text;

/// A range must be of the base value's kind: money of its currency for a money base, plain
/// numbers for a plain one. Otherwise the function's results would mix money and numbers, and
/// the error would blame the function rather than the range that caused it.
fn check_bounds(name: &str, base: &Dynamic, bounds: [&Dynamic; 2]) -> RhaiResult<()> {
    let code = |v: &Dynamic| as_money(v).map(|m| m.currency);
    let want = code(base);
    for bound in bounds {
        let got = code(bound);
        if got == want {
            continue;
        }
        let fix = match want {
            Some(c) if got.is_none() => format!(
                "money in {c} like the base, e.g. money({}, \"{c}\")",
                to_text(bound)
            ),
            Some(c) => format!("money in {c} like the base"),
            None => "plain numbers like the base".to_string(),
        };
        return Err(script_error(format!(
            "tornado: the base of {name:?} is {} but its range has {}; give the range as {fix}",
            describe(base),
            describe(bound)
        )));
    }
    Ok(())
}

/// The tornado table: `parameter`, `low`, `high`, `result_low`, `result_high`, `swing`.
pub fn table(ctx: &NativeCallContext, f: &FnPtr, base: &Map, ranges: &Map) -> RhaiResult<Table> {
    let mut rows = Vec::with_capacity(ranges.len());
    let mut currency = None;
    for (name, bounds) in ranges {
        if !base.contains_key(name) {
            let known: Vec<&str> = base.keys().map(|k| k.as_str()).collect();
            return Err(script_error(format!(
                "tornado: {:?} is not a base parameter ({})",
                name.as_str(),
                known.join(", ")
            )));
        }
        let pair = bounds
            .read_lock::<Array>()
            .filter(|a| a.len() == 2)
            .map(|a| (a[0].clone(), a[1].clone()));
        let Some((low, high)) = pair else {
            return Err(script_error(format!(
                "tornado: the range of {:?} must be [low, high], not {}",
                name.as_str(),
                describe(bounds)
            )));
        };
        check_bounds(name.as_str(), &base[name], [&low, &high])?;
        let mut results = [Decimal::ZERO; 2];
        for (slot, value) in results.iter_mut().zip([&low, &high]) {
            let mut params = base.clone();
            params.insert(name.clone(), value.clone());
            let y = call(
                ctx,
                f,
                [Dynamic::from_map(params)],
                "tornado",
                "|p| p.units * p.price",
            )?;
            let input = format!("{} = {}", name.as_str(), to_text(value));
            *slot = amount_result("tornado", &input, &y, &mut currency)?;
        }
        let swing = results[1]
            .checked_sub(results[0])
            .map(|d| d.abs())
            .ok_or_else(|| script_error("tornado: a swing is outside the decimal range"))?;
        rows.push((swing, name.to_string(), low, high, results));
    }
    // Stable: equal swings keep the parameters' alphabetical order.
    rows.sort_by_key(|row| std::cmp::Reverse(row.0));
    // Money results stay money, in their one currency.
    let currency = currency.flatten();
    let rows = rows
        .into_iter()
        .map(|(swing, name, low, high, [r_low, r_high])| {
            vec![
                Dynamic::from(name),
                low,
                high,
                rewrap(r_low, currency),
                rewrap(r_high, currency),
                rewrap(swing, currency),
            ]
        })
        .collect();
    let columns = [
        "parameter",
        "low",
        "high",
        "result_low",
        "result_high",
        "swing",
    ]
    .map(String::from)
    .to_vec();
    Ok(Table::from_parts(columns, rows))
}
