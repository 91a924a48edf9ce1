//! The what-if verbs for scripts (issue 7): `range`, `sweep`, `sweep2`, `goal_seek`,
//! `scenarios`, `compare`, `tornado`, `monte_carlo` and its seeded generator `Rng`. They call the
//! script's closures through the native call context (no engine re-entry cost beyond the call)
//! and build their result tables in one go; the numeric logic lives in `whatif_core::scenario`.

use std::cell::RefCell;
use std::rc::Rc;

use rhai::plugin::*;
use rhai::{Array, Engine, FnPtr, Map, INT};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use crate::numbers::{
    decimal_from_f64, decimal_to_dynamic, script_error, to_decimal, RhaiResult, F64_DIGITS,
};
use crate::table::{cell, Row, Table};
use crate::value::to_text;
use whatif_core::scenario as logic;
use whatif_core::scenario::rng::Xoshiro256;

/// The seeded generator handed to `monte_carlo`'s function. A shared handle: the closure gets
/// a clone, and its draws advance the one stream.
#[derive(Clone)]
pub struct Rng(Rc<RefCell<Xoshiro256>>);

impl Rng {
    pub fn new(seed: INT) -> Rng {
        Rng(Rc::new(RefCell::new(Xoshiro256::seed_from_u64(
            seed as u64,
        ))))
    }
}

/// Registers the `Rng` type and the what-if functions.
pub fn register(engine: &mut Engine) {
    engine.register_type_with_name::<Rng>("Rng");
    engine.register_global_module(exported_module!(whatif_functions).into());
}

/// Calls a script closure with `args`. Its errors come back untouched, so the error chain
/// still shows where inside the closure it failed; only a closure taking the wrong number of
/// arguments (which Rhai reports as an unknown `anon$…` function) gets a message saying what
/// `verb` expects, `shape` being an example like `|x, y| ...`.
fn call<const N: usize>(
    ctx: &NativeCallContext,
    f: &FnPtr,
    args: [Dynamic; N],
    verb: &str,
    shape: &str,
) -> RhaiResult<Dynamic> {
    f.call_raw(ctx, None, args).map_err(|e| match *e {
        EvalAltResult::ErrorFunctionNotFound(ref signature, _)
            if signature.starts_with(f.fn_name()) =>
        {
            script_error(format!(
                "{verb}: the function must take {N} argument{}, like {shape}",
                if N == 1 { "" } else { "s" }
            ))
        }
        _ => e,
    })
}

/// A value described for messages: `"abc" (string)`.
fn describe(value: &Dynamic) -> String {
    if value.is_string() {
        format!("{:?} (string)", to_text(value))
    } else if cell::is_number(value) {
        to_text(value)
    } else {
        format!("{} ({})", to_text(value), value.type_name())
    }
}

fn number_result(verb: &str, input: &str, value: &Dynamic) -> RhaiResult<Decimal> {
    cell::number(value).ok_or_else(|| {
        script_error(format!(
            "{verb}: the function must return a number, but for {input} it returned {}",
            describe(value)
        ))
    })
}

fn to_f64(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(f64::NAN)
}

fn f64_result(value: f64) -> RhaiResult<Dynamic> {
    decimal_from_f64(value, F64_DIGITS).map(decimal_to_dynamic)
}

fn int_range_values(start: INT, end: INT) -> RhaiResult<Array> {
    let len = end.saturating_sub(start).max(0) as u64;
    if len > logic::MAX_LENGTH {
        return Err(script_error(format!(
            "sweep: the range {start}..{end} has more than {} values",
            logic::MAX_LENGTH
        )));
    }
    Ok((start..end).map(Dynamic::from_int).collect())
}

/// One output table for `sweep`: `x`, then `y` or the keys of the first map returned.
fn sweep_table(ctx: &NativeCallContext, f: &FnPtr, values: Array) -> RhaiResult<Table> {
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

/// The scenarios in row order: `base` first when there is one, the others as the map sorts
/// them; each scenario's inputs are base's overridden by its own.
fn scenario_inputs(scenarios: &Map) -> RhaiResult<Vec<(String, Map)>> {
    let mut out = Vec::with_capacity(scenarios.len());
    let read = |name: &str, value: &Dynamic| -> RhaiResult<Map> {
        value.read_lock::<Map>().map(|m| m.clone()).ok_or_else(|| {
            script_error(format!(
                "scenarios: scenario {name:?} must be a map of inputs like #{{growth: 0.05}}, \
                 not {}",
                describe(value)
            ))
        })
    };
    let base = match scenarios.get("base") {
        Some(value) => Some(read("base", value)?),
        None => None,
    };
    if let Some(base) = &base {
        out.push(("base".to_string(), base.clone()));
    }
    for (name, value) in scenarios {
        if name.as_str() == "base" {
            continue;
        }
        let own = read(name, value)?;
        let inputs = match &base {
            Some(base) => {
                let mut merged = base.clone();
                merged.extend(own);
                merged
            }
            None => own,
        };
        out.push((name.to_string(), inputs));
    }
    Ok(out)
}

/// Runs `f` on each scenario and lays out `scenario`, inputs, outputs.
fn scenario_table(
    ctx: &NativeCallContext,
    f: &FnPtr,
    scenarios: Vec<(String, Map)>,
) -> RhaiResult<Table> {
    let mut inputs: Vec<String> = Vec::new();
    for (_, map) in &scenarios {
        for key in map.keys() {
            if !inputs.iter().any(|c| c == key.as_str()) {
                inputs.push(key.to_string());
            }
        }
    }
    let mut results = Vec::with_capacity(scenarios.len());
    for (name, map) in &scenarios {
        results.push((
            name,
            call(
                ctx,
                f,
                [Dynamic::from_map(map.clone())],
                "scenarios",
                "|s| s.units * s.price",
            )?,
        ));
    }
    let maps = results.iter().filter(|(_, r)| r.is_map()).count();
    if maps != 0 && maps != results.len() {
        return Err(script_error(
            "scenarios: the function must return a map for every scenario or for none",
        ));
    }
    let mut outputs: Vec<String> = Vec::new();
    if maps == 0 {
        outputs.push("result".into());
    } else {
        for (_, result) in &results {
            if let Some(map) = result.read_lock::<Map>() {
                for key in map.keys() {
                    if !outputs.iter().any(|c| c == key.as_str()) {
                        outputs.push(key.to_string());
                    }
                }
            }
        }
    }
    if let Some(clash) = outputs
        .iter()
        .find(|o| *o == "scenario" || inputs.contains(o))
    {
        return Err(script_error(format!(
            "scenarios: the output {clash:?} has the name of an input column; rename the key \
             the function returns"
        )));
    }
    let rows = scenarios
        .iter()
        .zip(&results)
        .map(|((name, map), (_, result))| {
            let mut row = Vec::with_capacity(1 + inputs.len() + outputs.len());
            row.push(Dynamic::from(name.clone()));
            row.extend(
                inputs
                    .iter()
                    .map(|k| map.get(k.as_str()).cloned().unwrap_or(Dynamic::UNIT)),
            );
            match result.read_lock::<Map>() {
                Some(out) => row.extend(
                    outputs
                        .iter()
                        .map(|k| out.get(k.as_str()).cloned().unwrap_or(Dynamic::UNIT)),
                ),
                None => row.push(result.clone()),
            }
            row
        })
        .collect();
    let mut columns = vec!["scenario".to_string()];
    columns.extend(inputs);
    columns.extend(outputs);
    Ok(Table::from_parts(columns, rows))
}

/// b − a and (b − a) / |a| for two cells; empty where either is not a number (or a is 0 for
/// the relative change).
fn differences(a: &Dynamic, b: &Dynamic) -> RhaiResult<(Dynamic, Dynamic)> {
    let (Some(x), Some(y)) = (cell::number(a), cell::number(b)) else {
        return Ok((Dynamic::UNIT, Dynamic::UNIT));
    };
    let diff = y.checked_sub(x).ok_or_else(|| {
        script_error(format!(
            "compare: {} − {} is outside the decimal range",
            x.normalize(),
            y.normalize()
        ))
    })?;
    let relative = if x.is_zero() {
        Dynamic::UNIT
    } else {
        diff.checked_div(x.abs())
            .map(decimal_to_dynamic)
            .unwrap_or(Dynamic::UNIT)
    };
    Ok((decimal_to_dynamic(diff), relative))
}

fn compare_maps(a: &Map, b: &Map) -> RhaiResult<Table> {
    let mut keys: Vec<&str> = a.keys().map(|k| k.as_str()).collect();
    keys.extend(b.keys().map(|k| k.as_str()).filter(|k| !a.contains_key(*k)));
    let mut rows = Vec::with_capacity(keys.len());
    for key in keys {
        let x = a.get(key).cloned().unwrap_or(Dynamic::UNIT);
        let y = b.get(key).cloned().unwrap_or(Dynamic::UNIT);
        let (diff, relative) = differences(&x, &y)?;
        rows.push(vec![Dynamic::from(key.to_string()), x, y, diff, relative]);
    }
    let columns = ["name", "a", "b", "difference", "relative"]
        .map(String::from)
        .to_vec();
    Ok(Table::from_parts(columns, rows))
}

fn compare_tables(a: &Table, b: &Table) -> RhaiResult<Table> {
    if a.columns() != b.columns() || a.len() != b.len() {
        return Err(script_error(format!(
            "compare: the tables must have the same shape, but one has {} rows of ({}) and the \
             other {} rows of ({})",
            a.len(),
            a.columns().join(", "),
            b.len(),
            b.columns().join(", ")
        )));
    }
    let numeric: Vec<bool> = (0..a.columns().len())
        .map(|c| a.is_numeric_column(c) && b.is_numeric_column(c))
        .collect();
    let mut columns = Vec::new();
    for (name, &is_number) in a.columns().iter().zip(&numeric) {
        columns.push(name.clone());
        if is_number {
            columns.push(format!("{name}_relative"));
        }
    }
    let mut rows = Vec::with_capacity(a.len());
    for (ra, rb) in a.rows().iter().zip(b.rows()) {
        let mut row = Vec::with_capacity(columns.len());
        for (c, &is_number) in numeric.iter().enumerate() {
            if is_number {
                let (diff, relative) = differences(&ra[c], &rb[c])?;
                row.push(diff);
                row.push(relative);
            } else if cell::equal(&ra[c], &rb[c]) {
                row.push(ra[c].clone());
            } else {
                row.push(Dynamic::from(format!(
                    "{} → {}",
                    cell::raw_text(&ra[c]),
                    cell::raw_text(&rb[c])
                )));
            }
        }
        rows.push(row);
    }
    Table::new(columns, rows).map_err(|e| script_error(format!("compare: {e}")))
}

/// Calls `f` `n` times with one shared generator, handing each result to `each` as it comes
/// (so that a summary keeps numbers, not a million maps).
fn simulate(
    ctx: &NativeCallContext,
    n: INT,
    seed: INT,
    f: &FnPtr,
    mut each: impl FnMut(usize, Dynamic) -> RhaiResult<()>,
) -> RhaiResult<()> {
    if n < 1 || n as u64 > logic::MAX_LENGTH {
        return Err(script_error(format!(
            "monte_carlo: the number of draws must be between 1 and {}, not {n}",
            logic::MAX_LENGTH
        )));
    }
    let rng = Rng::new(seed);
    for i in 0..n as usize {
        each(
            i,
            call(
                ctx,
                f,
                [Dynamic::from(rng.clone())],
                "monte_carlo",
                "|rng| rng.uniform(0, 1)",
            )?,
        )?;
    }
    Ok(())
}

fn not_a_number(i: usize, v: &Dynamic) -> Box<EvalAltResult> {
    script_error(format!(
        "monte_carlo: the function must return a number or a map of numbers, but draw {i} \
         returned {}",
        describe(v)
    ))
}

/// Sorts each draw's outputs into one column of numbers per output: `result` for a number,
/// the keys of draw 0 for maps (every draw must return the same keys).
fn collect_outputs(
    ctx: &NativeCallContext,
    n: INT,
    seed: INT,
    f: &FnPtr,
) -> RhaiResult<Vec<(String, Vec<Decimal>)>> {
    let capacity = n.clamp(0, logic::MAX_LENGTH as INT) as usize;
    let mut outputs: Vec<(String, Vec<Decimal>)> = Vec::new();
    let mut maps = false;
    simulate(ctx, n, seed, f, |i, draw| {
        if i == 0 {
            match draw.read_lock::<Map>() {
                Some(map) => {
                    maps = true;
                    for key in map.keys() {
                        outputs.push((key.to_string(), Vec::with_capacity(capacity)));
                    }
                }
                None => outputs.push(("result".into(), Vec::with_capacity(capacity))),
            }
        }
        if !maps {
            let value = cell::number(&draw).ok_or_else(|| not_a_number(i, &draw))?;
            outputs[0].1.push(value);
            return Ok(());
        }
        let map = draw
            .read_lock::<Map>()
            .ok_or_else(|| not_a_number(i, &draw))?;
        if map.len() != outputs.len() {
            let keys: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
            let first: Vec<&str> = outputs.iter().map(|(k, _)| k.as_str()).collect();
            return Err(script_error(format!(
                "monte_carlo: draw {i} returned the keys ({}) but draw 0 returned ({})",
                keys.join(", "),
                first.join(", ")
            )));
        }
        for (key, values) in outputs.iter_mut() {
            let value = map.get(key.as_str()).ok_or_else(|| {
                script_error(format!("monte_carlo: draw {i} returned no {key:?}"))
            })?;
            values.push(cell::number(value).ok_or_else(|| not_a_number(i, value))?);
        }
        Ok(())
    })?;
    Ok(outputs)
}

fn summary_table(outputs: Vec<(String, Vec<Decimal>)>) -> RhaiResult<Table> {
    let mut rows = Vec::with_capacity(outputs.len());
    for (name, mut values) in outputs {
        let s = logic::summarise(&mut values)
            .map_err(|e| script_error(format!("monte_carlo: {name}: {e}")))?;
        let sd = match s.sd {
            Some(sd) => f64_result(sd)?,
            None => Dynamic::UNIT,
        };
        rows.push(vec![
            Dynamic::from(name),
            decimal_to_dynamic(s.mean),
            sd,
            decimal_to_dynamic(s.p5),
            decimal_to_dynamic(s.p50),
            decimal_to_dynamic(s.p95),
            decimal_to_dynamic(s.min),
            decimal_to_dynamic(s.max),
        ]);
    }
    let columns = ["output", "mean", "sd", "p5", "p50", "p95", "min", "max"]
        .map(String::from)
        .to_vec();
    Ok(Table::from_parts(columns, rows))
}

fn draw_args(what: &str, a: &Dynamic, b: &Dynamic, names: [&str; 2]) -> RhaiResult<(f64, f64)> {
    let x = to_decimal(a, &format!("{what}: {}", names[0]))?;
    let y = to_decimal(b, &format!("{what}: {}", names[1]))?;
    Ok((to_f64(x), to_f64(y)))
}

#[export_module]
pub mod whatif_functions {
    use rhai::{Array, FnPtr, Map, INT};
    use rust_decimal::Decimal;

    use super::{
        call, collect_outputs, compare_maps, compare_tables, describe, draw_args, f64_result,
        int_range_values, number_result, scenario_inputs, scenario_table, simulate, summary_table,
        sweep_table, to_f64,
    };
    use crate::numbers::{
        decimal_from_f64, decimal_to_dynamic, script_error, to_decimal, RhaiResult,
    };
    use crate::table::cell;
    use crate::value::to_text;
    use whatif_core::scenario::{self as logic, SolveError};

    pub type Table = crate::table::Table;
    pub type Rng = super::Rng;

    /// The numbers from `start` up to but not including `end`, `step` apart, as an array;
    /// integers and decimals are exact (`range(0, 1, 0.1)` has ten values, the last 0.9). A
    /// negative step counts down. A step of 0, a step pointing away from `end`, or more than ten
    /// million values is an error. (This replaces Rhai's `range` iterator of the same
    /// arguments; `for x in range(...)` works as before.)
    ///
    /// ```rhai
    /// assert_eq(range(0, 1, 0.25), [0, 0.25, 0.5, 0.75]);
    /// assert_eq(range(10, 0, -4), [10, 6, 2]);
    /// assert_eq(range(0.0, 0.5, 0.000005).len(), 100000);
    /// ```
    #[rhai_fn(name = "range", return_raw)]
    pub fn range(start: Dynamic, end: Dynamic, step: Dynamic) -> RhaiResult<Array> {
        let start = to_decimal(&start, "range: start")?;
        let end = to_decimal(&end, "range: end")?;
        let step = to_decimal(&step, "range: step")?;
        logic::decimal_range(start, end, step)
            .map(|values| values.into_iter().map(decimal_to_dynamic).collect())
            .map_err(|e| script_error(format!("range: {e}")))
    }

    /// `range` for integers (the same array; registered so that it takes over from Rhai's
    /// integer range iterator).
    ///
    /// ```rhai
    /// assert_eq(range(1, 10, 3), [1, 4, 7]);
    /// ```
    #[rhai_fn(name = "range", return_raw)]
    pub fn range_int(start: INT, end: INT, step: INT) -> RhaiResult<Array> {
        range(start.into(), end.into(), step.into())
    }

    /// `range` for decimals (the same array; registered so that it takes over from Rhai's
    /// decimal range iterator).
    ///
    /// ```rhai
    /// assert_eq(range(0.5, 2.0, 0.5), [0.5, 1, 1.5]);
    /// ```
    #[rhai_fn(name = "range", return_raw)]
    pub fn range_decimal(start: Decimal, end: Decimal, step: Decimal) -> RhaiResult<Array> {
        range(
            Dynamic::from_decimal(start),
            Dynamic::from_decimal(end),
            Dynamic::from_decimal(step),
        )
    }

    /// A one-way data table: calls the function with each value and returns a table with
    /// columns `x` (the value) and `y` (the result). When the function returns a map, its keys
    /// become the columns after `x` instead of `y` (several outputs per input). Rename with
    /// `.rename("x", "rate")`.
    ///
    /// ```rhai
    /// let t = sweep(|x| x * 2, range(0, 1, 0.25));
    /// assert_eq(t.columns(), ["x", "y"]);
    /// assert_eq(t.column("y"), [0, 0.5, 1, 1.5]);
    /// let flows = [-100, 60, 60];
    /// let s = sweep(|r| #{npv: npv(r, flows), pv: npv(r, [0, 60, 60])}, [0, 0.1]);
    /// assert_eq(s.columns(), ["x", "npv", "pv"]);
    /// assert_eq(s.row(0).npv, 20);
    /// ```
    #[rhai_fn(name = "sweep", return_raw)]
    pub fn sweep(ctx: NativeCallContext, f: FnPtr, values: Array) -> RhaiResult<Table> {
        sweep_table(&ctx, &f, values)
    }

    /// `sweep` over an integer range such as `1..10` (end excluded).
    ///
    /// ```rhai
    /// assert_eq(sweep(|n| n * n, 1..4).column("y"), [1, 4, 9]);
    /// ```
    #[rhai_fn(name = "sweep", return_raw)]
    pub fn sweep_range(
        ctx: NativeCallContext,
        f: FnPtr,
        values: std::ops::Range<INT>,
    ) -> RhaiResult<Table> {
        let values = int_range_values(values.start, values.end)?;
        sweep_table(&ctx, &f, values)
    }

    /// `sweep` over an inclusive integer range such as `1..=10`.
    ///
    /// ```rhai
    /// assert_eq(sweep(|n| n * n, 1..=3).column("y"), [1, 4, 9]);
    /// ```
    #[rhai_fn(name = "sweep", return_raw)]
    pub fn sweep_range_inclusive(
        ctx: NativeCallContext,
        f: FnPtr,
        values: std::ops::RangeInclusive<INT>,
    ) -> RhaiResult<Table> {
        let values = int_range_values(*values.start(), values.end().saturating_add(1))?;
        sweep_table(&ctx, &f, values)
    }

    /// A two-way data table, like Excel's Data Table: one row per `x`, the first column `x`,
    /// then one column per `y` value named by its text, each cell `f(x, y)`.
    ///
    /// ```rhai
    /// let t = sweep2(|rate, years| 100 * (1 + rate) ** years, [0.1, 0.2], [1, 2]);
    /// assert_eq(t.columns(), ["x", "1", "2"]);
    /// assert_eq(t.row(0)["2"], 121);
    /// assert_eq(t.row(1)["1"], 120);
    /// ```
    #[rhai_fn(name = "sweep2", return_raw)]
    pub fn sweep2(ctx: NativeCallContext, f: FnPtr, xs: Array, ys: Array) -> RhaiResult<Table> {
        let mut columns = Vec::with_capacity(ys.len() + 1);
        columns.push("x".to_string());
        columns.extend(ys.iter().map(cell::raw_text));
        let mut rows = Vec::with_capacity(xs.len());
        for x in xs {
            let mut row = Vec::with_capacity(ys.len() + 1);
            for y in &ys {
                let z = call(&ctx, &f, [x.clone(), y.clone()], "sweep2", "|x, y| x * y")?;
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

    /// Goal seek: the input between `low` and `high` at which the function returns `target`,
    /// found by Brent's bracketing method. f(low) and f(high) must lie on either side of the
    /// target. The answer keeps the digits the search pinned down (at most 15 significant);
    /// an input that hits the target exactly is returned as is.
    ///
    /// ```rhai
    /// assert_eq(goal_seek(|x| x * 2 + 1, 6, 0, 10), 2.5);
    /// let flows = [-1000, 300, 400, 500];
    /// let r = goal_seek(|r| npv(r, flows), 0, 0, 1);
    /// assert_near(r, irr(flows), 1e-12);
    /// ```
    #[rhai_fn(name = "goal_seek", return_raw)]
    pub fn goal_seek(
        ctx: NativeCallContext,
        f: FnPtr,
        target: Dynamic,
        low: Dynamic,
        high: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let target = to_decimal(&target, "goal_seek: target")?;
        let low = to_decimal(&low, "goal_seek: low")?;
        let high = to_decimal(&high, "goal_seek: high")?;
        let eval = |x: Decimal| -> RhaiResult<Decimal> {
            let y = call(&ctx, &f, [decimal_to_dynamic(x)], "goal_seek", "|x| x * x")?;
            let y = number_result("goal_seek", &format!("x = {}", x.normalize()), &y)?;
            y.checked_sub(target).ok_or_else(|| {
                script_error(format!(
                    "goal_seek: f({}) − target is outside the decimal range",
                    x.normalize()
                ))
            })
        };
        let g_low = eval(low)?;
        if g_low.is_zero() {
            return Ok(decimal_to_dynamic(low));
        }
        let g_high = eval(high)?;
        if g_high.is_zero() {
            return Ok(decimal_to_dynamic(high));
        }
        if g_low.is_sign_negative() == g_high.is_sign_negative() {
            return Err(script_error(format!(
                "goal_seek: the target {} is not between f(low) = {} and f(high) = {}: widen \
                 the bracket",
                target.normalize(),
                (g_low + target).normalize(),
                (g_high + target).normalize()
            )));
        }
        let g = |x: f64| -> RhaiResult<f64> { Ok(to_f64(eval(decimal_from_f64(x, 17)?)?)) };
        let root = match logic::brent(g, to_f64(low), to_f64(high), to_f64(g_low), to_f64(g_high)) {
            Ok(root) => root,
            Err(SolveError::Function(e)) => return Err(e),
            Err(SolveError::NoConvergence { x, width }) => {
                return Err(script_error(format!(
                    "goal_seek: no convergence after {} steps (last x = {x}, bracket {width:e} \
                     wide); the function may not be continuous between low and high",
                    logic::MAX_ITERATIONS
                )))
            }
        };
        let digits = logic::digits_achieved(root.x, root.width);
        // Brent also "converges" onto a jump or a pole; a root must bring f near the target.
        let scale = to_f64(g_low).abs().max(to_f64(g_high).abs());
        if root.residual.abs() > 1e-6 * scale {
            return Err(script_error(format!(
                "goal_seek: the function jumps across the target {} near x = {} (f(x) − target \
                 = {} there): no input reaches it",
                target.normalize(),
                decimal_from_f64(root.x, digits)?,
                decimal_from_f64(root.residual, 6)?
            )));
        }
        if root.width == 0.0 {
            // An exact hit: where rounding makes f flat (f64 powers, rounded money), the first
            // input found may carry noise digits; the shortest input that still hits is the
            // answer an analyst expects (√x = 2 at 4, not 4.00000000000001).
            let mut previous = None;
            for d in 1..logic::MAX_SIGNIFICANT {
                let candidate = decimal_from_f64(root.x, d)?;
                if previous == Some(candidate) {
                    continue;
                }
                previous = Some(candidate);
                if eval(candidate)?.is_zero() {
                    return Ok(decimal_to_dynamic(candidate));
                }
            }
        }
        decimal_from_f64(root.x, digits).map(decimal_to_dynamic)
    }

    /// Runs the function on each scenario's inputs and returns one row per scenario: column
    /// `scenario`, then the inputs, then the outputs (the keys of the map the function returns,
    /// or one column `result`). A scenario named `base` comes first and the others start from
    /// its inputs, overriding only the keys they give (like Excel's Scenario Manager changing
    /// some cells); the others follow in alphabetical order.
    ///
    /// ```rhai
    /// let t = scenarios(#{base: #{units: 100, price: 2}, bull: #{price: 3}, bear: #{units: 50}},
    ///                   |s| #{revenue: s.units * s.price});
    /// assert_eq(t.columns(), ["scenario", "price", "units", "revenue"]);
    /// assert_eq(t.column("scenario"), ["base", "bear", "bull"]);
    /// assert_eq(t.column("revenue"), [200, 100, 300]);
    /// ```
    #[rhai_fn(name = "scenarios", return_raw)]
    pub fn scenarios(ctx: NativeCallContext, scenarios: Map, f: FnPtr) -> RhaiResult<Table> {
        scenario_table(&ctx, &f, scenario_inputs(&scenarios)?)
    }

    /// `scenarios` in the order given: an array of maps, each with a `scenario` key naming it
    /// plus its inputs (no inheritance from `base` in this form: every map is complete).
    ///
    /// ```rhai
    /// let t = scenarios([#{scenario: "low", g: 0.01}, #{scenario: "high", g: 0.09}],
    ///                   |s| 100 * (1 + s.g));
    /// assert_eq(t.columns(), ["scenario", "g", "result"]);
    /// assert_eq(t.column("result"), [101, 109]);
    /// ```
    #[rhai_fn(name = "scenarios", return_raw)]
    pub fn scenarios_ordered(
        ctx: NativeCallContext,
        scenarios: Array,
        f: FnPtr,
    ) -> RhaiResult<Table> {
        let mut list = Vec::with_capacity(scenarios.len());
        for (i, item) in scenarios.iter().enumerate() {
            let Some(mut map) = item.read_lock::<Map>().map(|m| m.clone()) else {
                return Err(script_error(format!(
                    "scenarios: item {i} must be a map like #{{scenario: \"base\", growth: \
                     0.05}}, not {}",
                    describe(item)
                )));
            };
            let name = map
                .remove("scenario")
                .and_then(|n| n.into_string().ok())
                .ok_or_else(|| {
                    script_error(format!(
                        "scenarios: item {i} needs a `scenario` key with its name as text"
                    ))
                })?;
            list.push((name, map));
        }
        scenario_table(&ctx, &f, list)
    }

    /// The differences between two maps (for example two scenario rows): a table with one row
    /// per key and columns `name`, `a`, `b`, `difference` (b − a) and `relative`
    /// ((b − a) / |a|, a fraction: 0.25 is +25%). Both are empty where a value is not a
    /// number, and `relative` is empty where a is 0.
    ///
    /// ```rhai
    /// let d = compare(#{npv: 100, irr: 0.1}, #{npv: 125, irr: 0.08});
    /// assert_eq(d.columns(), ["name", "a", "b", "difference", "relative"]);
    /// assert_eq(d.column("name"), ["irr", "npv"]);
    /// assert_eq(d.column("difference"), [-0.02, 25]);
    /// assert_eq(d.column("relative"), [-0.2, 0.25]);
    /// ```
    #[rhai_fn(name = "compare", return_raw)]
    pub fn compare(a: Map, b: Map) -> RhaiResult<Table> {
        compare_maps(&a, &b)
    }

    /// Compares two scenarios of a `scenarios` table by name (its `scenario` column): the same
    /// layout as `compare(a, b)` for the two rows.
    ///
    /// ```rhai
    /// let t = scenarios(#{base: #{x: 2}, bull: #{x: 3}}, |s| s.x * 10);
    /// let d = compare(t, "base", "bull");
    /// assert_eq(d.column("name"), ["result", "scenario", "x"]);
    /// assert_eq(d.row(0).difference, 10);
    /// ```
    #[rhai_fn(name = "compare", return_raw)]
    pub fn compare_scenarios(t: Table, a: &str, b: &str) -> RhaiResult<Table> {
        let col = t
            .column_index("scenario")
            .map_err(|e| script_error(format!("compare: {e}")))?;
        let find = |name: &str| {
            t.rows()
                .iter()
                .position(|row| cell::raw_text(&row[col]) == name)
                .and_then(|i| t.row_map(i))
                .ok_or_else(|| {
                    let names: Vec<String> =
                        t.rows().iter().map(|r| cell::raw_text(&r[col])).collect();
                    script_error(format!(
                        "compare: no scenario {name:?}; the scenarios are {}",
                        names.join(", ")
                    ))
                })
        };
        compare_maps(&find(a)?, &find(b)?)
    }

    /// The differences between two tables of the same shape (same columns, same number of
    /// rows), row by row: each numeric column holds b − a and is followed by `<column>_relative`
    /// ((b − a) / |a|); other columns keep equal cells and show unequal ones as `"a → b"`.
    ///
    /// ```rhai
    /// let a = table(["name", "value"], [["x", 100], ["y", 50]]);
    /// let b = table(["name", "value"], [["x", 110], ["y", 40]]);
    /// let d = compare(a, b);
    /// assert_eq(d.columns(), ["name", "value", "value_relative"]);
    /// assert_eq(d.column("value"), [10, -10]);
    /// assert_eq(d.column("value_relative"), [0.1, -0.2]);
    /// ```
    #[rhai_fn(name = "compare", return_raw)]
    pub fn compare_two_tables(a: Table, b: Table) -> RhaiResult<Table> {
        compare_tables(&a, &b)
    }

    /// A tornado (sensitivity) table: for each parameter in `ranges` (`name: [low, high]`), the
    /// function's result with that parameter at low and at high and every other at its value
    /// in `base`. Columns `parameter`, `low`, `high`, `result_low`, `result_high`, `swing`
    /// (|result_high − result_low|), sorted by swing, largest first.
    ///
    /// ```rhai
    /// let value = |p| p.units * p.price - p.cost;
    /// let t = tornado(value, #{units: 100, price: 2, cost: 50},
    ///                 #{units: [80, 120], price: [1.5, 2.5], cost: [40, 60]});
    /// assert_eq(t.column("parameter"), ["price", "units", "cost"]);
    /// assert_eq(t.column("swing"), [100, 80, 20]);
    /// assert_eq(t.row(0).result_low, 100);
    /// ```
    #[rhai_fn(name = "tornado", return_raw)]
    pub fn tornado(ctx: NativeCallContext, f: FnPtr, base: Map, ranges: Map) -> RhaiResult<Table> {
        let mut rows = Vec::with_capacity(ranges.len());
        for (name, bounds) in &ranges {
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
            let mut results = [Decimal::ZERO; 2];
            for (slot, value) in results.iter_mut().zip([&low, &high]) {
                let mut params = base.clone();
                params.insert(name.clone(), value.clone());
                let y = call(
                    &ctx,
                    &f,
                    [Dynamic::from_map(params)],
                    "tornado",
                    "|p| p.units * p.price",
                )?;
                let input = format!("{} = {}", name.as_str(), to_text(value));
                *slot = number_result("tornado", &input, &y)?;
            }
            let swing = results[1]
                .checked_sub(results[0])
                .map(|d| d.abs())
                .ok_or_else(|| script_error("tornado: a swing is outside the decimal range"))?;
            rows.push((swing, name.to_string(), low, high, results));
        }
        // Stable: equal swings keep the parameters' alphabetical order.
        rows.sort_by_key(|row| std::cmp::Reverse(row.0));
        let rows = rows
            .into_iter()
            .map(|(swing, name, low, high, [r_low, r_high])| {
                vec![
                    Dynamic::from(name),
                    low,
                    high,
                    decimal_to_dynamic(r_low),
                    decimal_to_dynamic(r_high),
                    decimal_to_dynamic(swing),
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

    /// A Monte Carlo simulation: calls the function `n` times with one seeded generator `rng`
    /// (see `uniform`, `normal`, `lognormal`, `triangular`, `int`, `choice`) and summarises the
    /// results in a table with columns `output`, `mean`, `sd` (sample standard deviation,
    /// divisor n − 1), `p5`, `p50`, `p95` (percentiles by linear interpolation, as numpy's
    /// default and Excel's PERCENTILE.INC), `min`, `max`. A function returning a map gives one
    /// row per key; otherwise the one row is named `result`. The same seed gives the same
    /// numbers on every machine.
    ///
    /// ```rhai
    /// let t = monte_carlo(10000, 42, |rng| rng.uniform(0, 100));
    /// assert_eq(t.columns(), ["output", "mean", "sd", "p5", "p50", "p95", "min", "max"]);
    /// assert_near(t.row(0).mean, 50, 1);
    /// assert_eq(t.row(0).mean, monte_carlo(10000, 42, |rng| rng.uniform(0, 100)).row(0).mean);
    /// let m = monte_carlo(1000, 7, |rng| #{a: rng.normal(0, 1), b: rng.int(1, 6)});
    /// assert_eq(m.column("output"), ["a", "b"]);
    /// ```
    #[rhai_fn(name = "monte_carlo", return_raw)]
    pub fn monte_carlo(ctx: NativeCallContext, n: INT, seed: INT, f: FnPtr) -> RhaiResult<Table> {
        summary_table(collect_outputs(&ctx, n, seed, &f)?)
    }

    /// The raw results of `monte_carlo`'s draws, as an array (one value or map per draw).
    ///
    /// ```rhai
    /// let xs = monte_carlo_samples(5, 1, |rng| rng.int(1, 6));
    /// assert_eq(xs.len(), 5);
    /// assert_eq(xs, monte_carlo_samples(5, 1, |rng| rng.int(1, 6)));
    /// assert(xs.all(|x| x >= 1 && x <= 6));
    /// ```
    #[rhai_fn(name = "monte_carlo_samples", return_raw)]
    pub fn monte_carlo_samples(
        ctx: NativeCallContext,
        n: INT,
        seed: INT,
        f: FnPtr,
    ) -> RhaiResult<Array> {
        let mut out = Array::with_capacity(n.clamp(0, logic::MAX_LENGTH as INT) as usize);
        simulate(&ctx, n, seed, &f, |_, draw| {
            out.push(draw);
            Ok(())
        })?;
        Ok(out)
    }

    /// A seeded random generator for use outside `monte_carlo` (xoshiro256** seeded by
    /// SplitMix64; the same seed gives the same draws everywhere).
    ///
    /// ```rhai
    /// let a = rng(7);
    /// let b = rng(7);
    /// assert_eq(a.uniform(0, 1), b.uniform(0, 1));
    /// ```
    #[rhai_fn(name = "rng")]
    pub fn rng(seed: INT) -> Rng {
        Rng::new(seed)
    }

    /// A uniform draw in [low, high), rounded to 15 significant digits.
    ///
    /// ```rhai
    /// let x = rng(1).uniform(10, 20);
    /// assert(x >= 10 && x < 20);
    /// ```
    #[rhai_fn(name = "uniform", return_raw)]
    pub fn uniform(rng: &mut Rng, low: Dynamic, high: Dynamic) -> RhaiResult<Dynamic> {
        let (a, b) = draw_args("uniform", &low, &high, ["low", "high"])?;
        if a > b {
            return Err(script_error(format!(
                "uniform: low {} is above high {}",
                to_text(&low),
                to_text(&high)
            )));
        }
        let x = rng.0.borrow_mut().uniform(a, b);
        f64_result(x)
    }

    /// A normal draw with the given mean and standard deviation (Box–Muller), rounded to 15
    /// significant digits.
    ///
    /// ```rhai
    /// let r = rng(3);
    /// let xs = [];
    /// for i in 0..2000 { xs.push(r.normal(100, 15)) }
    /// assert_near(xs.reduce(|s, x| s + x, 0) / xs.len(), 100, 2);
    /// ```
    #[rhai_fn(name = "normal", return_raw)]
    pub fn normal(rng: &mut Rng, mean: Dynamic, sd: Dynamic) -> RhaiResult<Dynamic> {
        let (m, s) = draw_args("normal", &mean, &sd, ["mean", "sd"])?;
        if s < 0.0 {
            return Err(script_error(format!(
                "normal: the standard deviation must not be negative ({})",
                to_text(&sd)
            )));
        }
        let x = rng.0.borrow_mut().normal(m, s);
        f64_result(x)
    }

    /// A lognormal draw: exp of a normal with mean `mu` and standard deviation `sigma` (the
    /// parameters of the logarithm, as in numpy and Excel's LOGNORM.INV).
    ///
    /// ```rhai
    /// let x = rng(5).lognormal(0, 0.25);
    /// assert(x > 0);
    /// assert_eq(rng(5).lognormal(0, 0), 1);
    /// ```
    #[rhai_fn(name = "lognormal", return_raw)]
    pub fn lognormal(rng: &mut Rng, mu: Dynamic, sigma: Dynamic) -> RhaiResult<Dynamic> {
        let (m, s) = draw_args("lognormal", &mu, &sigma, ["mu", "sigma"])?;
        if s < 0.0 {
            return Err(script_error(format!(
                "lognormal: sigma must not be negative ({})",
                to_text(&sigma)
            )));
        }
        let x = rng.0.borrow_mut().lognormal(m, s);
        f64_result(x)
    }

    /// A triangular draw between `low` and `high`, most likely at `mode` (the three-point
    /// estimate analysts give: pessimistic, likely, optimistic).
    ///
    /// ```rhai
    /// let x = rng(9).triangular(1, 2, 4);
    /// assert(x >= 1 && x <= 4);
    /// ```
    #[rhai_fn(name = "triangular", return_raw)]
    pub fn triangular(
        rng: &mut Rng,
        low: Dynamic,
        mode: Dynamic,
        high: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let (a, c) = draw_args("triangular", &low, &mode, ["low", "mode"])?;
        let (_, b) = draw_args("triangular", &low, &high, ["low", "high"])?;
        if !(a <= c && c <= b) {
            return Err(script_error(format!(
                "triangular: needs low <= mode <= high, not {}, {}, {}",
                to_text(&low),
                to_text(&mode),
                to_text(&high)
            )));
        }
        let x = rng.0.borrow_mut().triangular(a, c, b);
        f64_result(x)
    }

    /// A uniform integer from `low` to `high`, both included.
    ///
    /// ```rhai
    /// let r = rng(11);
    /// let k = r.int(1, 6);
    /// assert(k >= 1 && k <= 6);
    /// ```
    #[rhai_fn(name = "int", return_raw)]
    pub fn int(rng: &mut Rng, low: INT, high: INT) -> RhaiResult<INT> {
        if low > high {
            return Err(script_error(format!("int: low {low} is above high {high}")));
        }
        Ok(rng.0.borrow_mut().int_between(low, high))
    }

    /// One element of the array, each equally likely.
    ///
    /// ```rhai
    /// let pick = rng(2).choice(["bull", "base", "bear"]);
    /// assert(["bull", "base", "bear"].contains(pick));
    /// ```
    #[rhai_fn(name = "choice", return_raw)]
    pub fn choice(rng: &mut Rng, items: Array) -> RhaiResult<Dynamic> {
        if items.is_empty() {
            return Err(script_error("choice: the array is empty"));
        }
        let i = rng.0.borrow_mut().below(items.len() as u64) as usize;
        Ok(items[i].clone())
    }

    /// The generator as text.
    ///
    /// ```rhai
    /// assert_eq(rng(1).to_string(), "Rng");
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn rng_to_string(_rng: &mut Rng) -> String {
        "Rng".into()
    }
}
