//! `sweep` and `sweep2`: a script closure called on every input of one or two lists, one table
//! row per input.

use rhai::{Array, Dynamic, FnPtr, Map, NativeCallContext, INT};

use rust_decimal::Decimal;

use super::{call, describe, native};
use crate::numbers::{script_error, RhaiResult};
use crate::table::columns::Column;
use crate::table::{cell, Row, Table};
use crate::value::to_text;
use whatif_core::scenario::MAX_LENGTH;

/// The integers `start..end` as an array, for `sweep` over a range.
pub fn integers(start: INT, end: INT) -> RhaiResult<Array> {
    let len = end.saturating_sub(start).max(0) as u64;
    if len > MAX_LENGTH {
        return Err(script_error(format!(
            "sweep: the range {start}..{end} has more than {MAX_LENGTH} values"
        )));
    }
    Ok((start..end).map(Dynamic::from_int).collect())
}

/// The one-way table of `sweep`: `x`, then `y` or the keys of the first map returned.
pub fn one_way(ctx: &NativeCallContext, f: &FnPtr, values: Array) -> RhaiResult<Table> {
    let values = match native_one_way(ctx, f, values) {
        Ok(table) => return Ok(table),
        Err(values) => values,
    };
    // Rows are built as the table's shared rows directly: one allocation each.
    let mut rows: Vec<Row> = Vec::with_capacity(values.len());
    let mut keys: Option<Vec<String>> = None;
    for (i, x) in values.into_iter().enumerate() {
        let y = call(ctx, f, [x.clone()], "sweep", "|x| x * 2")?;
        let is_map = y.is_map();
        if i == 0 && is_map {
            let map = y
                .read_lock::<Map>()
                .map(|m| m.keys().map(|k| k.to_string()).collect());
            keys = map;
        }
        match (&keys, is_map) {
            (None, false) => rows.push(Row::from([x, y])),
            (Some(keys), true) => {
                let map = y.cast::<Map>();
                if let Some(extra) = map.keys().find(|k| !keys.iter().any(|c| c == k.as_str())) {
                    return Err(script_error(format!(
                        "sweep: for x = {} the function returned a key {:?} that the first \
                         result did not have ({})",
                        to_text(&x),
                        extra.as_str(),
                        keys.join(", ")
                    )));
                }
                let cells = keys
                    .iter()
                    .map(|k| map.get(k.as_str()).cloned().unwrap_or(Dynamic::UNIT));
                rows.push(std::iter::once(x).chain(cells).collect());
            }
            (_, _) => {
                return Err(script_error(format!(
                    "sweep: the function must return a map every time or never, but for x = {} \
                     it returned {}",
                    to_text(&x),
                    describe(&y)
                )))
            }
        }
    }
    let mut columns = vec!["x".to_string()];
    match keys {
        None => columns.push("y".into()),
        Some(keys) => {
            if keys.iter().any(|k| k.as_str() == "x") {
                return Err(script_error(
                    "sweep: the function's map has a key \"x\", which is the input column; \
                     rename that key",
                ));
            }
            columns.extend(keys);
        }
    }
    Ok(Table::from_parts(columns, Vec::new()).with_rows(rows))
}

/// The table of `one_way` by the native path, when `f` is a call it recognises and the inputs
/// are plain numbers; otherwise the inputs back, for the closure. The inputs are read once, into
/// the typed input column the plan reads, and their script values are freed on this thread
/// while the other threads start on the scenarios (they cannot be freed elsewhere, and freeing
/// 100,000 of them after the run was a sixth of a sweep's serial time).
fn native_one_way(ctx: &NativeCallContext, f: &FnPtr, values: Array) -> Result<Table, Array> {
    let Some(plan) = native::recognise(ctx, f, 1, false) else {
        return Err(values);
    };
    let Some(inputs) = Column::of_numbers(&values) else {
        return Err(values);
    };
    let Column::Numbers { values: xs, .. } = &inputs else {
        return Err(values);
    };
    let Some(ys) = native::evaluate(
        &plan,
        xs.len(),
        &native::verb_site(ctx),
        || drop(values),
        |i| [xs.get(i)],
    ) else {
        // A scenario the native path cannot finish: the closure gives its message, from the
        // same inputs rebuilt exactly (each cell keeps its kind and scale).
        return Err((0..xs.len()).map(|i| inputs.cell(i)).collect());
    };
    let results = match plan.currency() {
        None => Column::of_results(ys),
        Some(currency) => Column::Money {
            amounts: ys,
            currency,
        },
    };
    let columns = vec!["x".to_string(), "y".to_string()];
    Ok(Table::from_columns(columns, vec![inputs, results]))
}

/// `two_way` by the native path.
fn native_two_way(ctx: &NativeCallContext, f: &FnPtr, xs: &Array, ys: &Array) -> Option<Table> {
    let plan = native::recognise(ctx, f, 2, false)?;
    let numbers = |values: &Array| {
        values
            .iter()
            .map(native::plain_number)
            .collect::<Option<Vec<Decimal>>>()
    };
    let (x_numbers, y_numbers) = (numbers(xs)?, numbers(ys)?);
    let width = y_numbers.len();
    let cells = native::evaluate(
        &plan,
        x_numbers.len() * width,
        &native::verb_site(ctx),
        || {},
        |i| [x_numbers[i / width.max(1)], y_numbers[i % width.max(1)]],
    )?;
    let mut columns = Vec::with_capacity(width + 1);
    columns.push("x".to_string());
    columns.extend(ys.iter().map(cell::raw_text));
    let mut cells = cells.into_iter();
    let rows = xs
        .iter()
        .map(|x| {
            std::iter::once(x.clone())
                .chain(
                    cells
                        .by_ref()
                        .take(width)
                        .map(|y| native::result_value(y, plan.currency())),
                )
                .collect()
        })
        .collect();
    Table::new(columns, rows).ok()
}

/// The two-way table of `sweep2`: one row per `x`, one column per `y`, each cell `f(x, y)`.
pub fn two_way(ctx: &NativeCallContext, f: &FnPtr, xs: Array, ys: Array) -> RhaiResult<Table> {
    if let Some(table) = native_two_way(ctx, f, &xs, &ys) {
        return Ok(table);
    }
    let mut columns = Vec::with_capacity(ys.len() + 1);
    columns.push("x".to_string());
    columns.extend(ys.iter().map(cell::raw_text));
    let mut rows = Vec::with_capacity(xs.len());
    for x in xs {
        let mut row = Vec::with_capacity(ys.len() + 1);
        for y in &ys {
            let z = call(ctx, f, [x.clone(), y.clone()], "sweep2", "|x, y| x * y")?;
            if z.is_map() || z.is_array() {
                return Err(script_error(format!(
                    "sweep2: the function must return one value per cell, but for x = {}, \
                     y = {} it returned {}",
                    to_text(&x),
                    to_text(y),
                    describe(&z)
                )));
            }
            row.push(z);
        }
        row.insert(0, x);
        rows.push(row);
    }
    Table::new(columns, rows).map_err(|e| script_error(format!("sweep2: {e}")))
}
