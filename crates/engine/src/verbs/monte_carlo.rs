//! `monte_carlo`: a script closure called many times with one seeded generator, its results
//! kept or summarised per output; and `Rng`, that generator as a script value.

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{Array, Dynamic, EvalAltResult, FnPtr, Map, NativeCallContext, INT};
use rust_decimal::Decimal;

use super::{amount_result, call, describe, f64_result, native, to_f64};
use crate::args::rewrap;
use crate::numbers::{script_error, to_decimal, RhaiResult};
use crate::table::{cell, Table};
use crate::value::to_text;
use whatif_core::decimal::F64_DIGITS;
use whatif_core::money::CurrencyCode;
use whatif_core::scenario::rng::{Xoshiro256, BLOCK};
use whatif_core::scenario::{self as logic};

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

    /// A uniform draw in [low, high).
    pub fn uniform(&self, low: &Dynamic, high: &Dynamic) -> RhaiResult<Dynamic> {
        let (a, b) = draw_args("uniform", low, high, ["low", "high"])?;
        if a > b {
            return Err(script_error(format!(
                "uniform: low {} is above high {}",
                to_text(low),
                to_text(high)
            )));
        }
        let x = self.0.borrow_mut().uniform(a, b);
        f64_result(x)
    }

    /// A normal draw with the given mean and standard deviation.
    pub fn normal(&self, mean: &Dynamic, sd: &Dynamic) -> RhaiResult<Dynamic> {
        let (m, s) = draw_args("normal", mean, sd, ["mean", "sd"])?;
        not_negative(s, "normal: the standard deviation", sd)?;
        f64_result(self.0.borrow_mut().normal(m, s))
    }

    /// A lognormal draw: exp of a normal with mean `mu` and standard deviation `sigma`.
    pub fn lognormal(&self, mu: &Dynamic, sigma: &Dynamic) -> RhaiResult<Dynamic> {
        let (m, s) = draw_args("lognormal", mu, sigma, ["mu", "sigma"])?;
        not_negative(s, "lognormal: sigma", sigma)?;
        f64_result(self.0.borrow_mut().lognormal(m, s))
    }

    /// A triangular draw.
    pub fn triangular(&self, low: &Dynamic, mode: &Dynamic, high: &Dynamic) -> RhaiResult<Dynamic> {
        let (a, c) = draw_args("triangular", low, mode, ["low", "mode"])?;
        let (_, b) = draw_args("triangular", low, high, ["low", "high"])?;
        if !(a <= c && c <= b) {
            return Err(script_error(format!(
                "triangular: needs low <= mode <= high, not {}, {}, {}",
                to_text(low),
                to_text(mode),
                to_text(high)
            )));
        }
        let x = self.0.borrow_mut().triangular(a, c, b);
        f64_result(x)
    }

    /// A uniform integer from `low` to `high`, both included.
    pub fn int(&self, low: INT, high: INT) -> RhaiResult<INT> {
        if low > high {
            return Err(script_error(format!("int: low {low} is above high {high}")));
        }
        Ok(self.0.borrow_mut().int_between(low, high))
    }

    /// One element of the array, each equally likely.
    pub fn choice(&self, items: &Array) -> RhaiResult<Dynamic> {
        if items.is_empty() {
            return Err(script_error("choice: the array is empty"));
        }
        let i = self.0.borrow_mut().below(items.len() as u64) as usize;
        Ok(items[i].clone())
    }
}

fn draw_args(what: &str, a: &Dynamic, b: &Dynamic, names: [&str; 2]) -> RhaiResult<(f64, f64)> {
    let x = to_decimal(a, &format!("{what}: {}", names[0]))?;
    let y = to_decimal(b, &format!("{what}: {}", names[1]))?;
    Ok((to_f64(x), to_f64(y)))
}

/// A spread parameter (`what` names it in the message) that must not be negative.
fn not_negative(value: f64, what: &str, given: &Dynamic) -> RhaiResult<()> {
    if value < 0.0 {
        return Err(script_error(format!(
            "{what} must not be negative ({})",
            to_text(given)
        )));
    }
    Ok(())
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
    // Each block of draws has its own stream, as on the native path (which runs blocks on
    // several threads), so that both paths and every thread count give the same numbers.
    let mut stream = Xoshiro256::seed_from_u64(seed as u64);
    for i in 0..n as usize {
        if i > 0 && i % BLOCK == 0 {
            stream.jump();
            *rng.0.borrow_mut() = stream.clone();
        }
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

/// The raw results of `n` draws, one value or map each.
pub fn samples(ctx: &NativeCallContext, n: INT, seed: INT, f: &FnPtr) -> RhaiResult<Array> {
    if let Some((values, currency)) = native_draws(ctx, n, seed, f) {
        return Ok(values
            .into_iter()
            .map(|v| native::result_value(v, currency))
            .collect());
    }
    let mut out = Array::with_capacity(n.clamp(0, logic::MAX_LENGTH as INT) as usize);
    simulate(ctx, n, seed, f, |_, draw| {
        out.push(draw);
        Ok(())
    })?;
    Ok(out)
}

/// The summary table of `n` draws: one row per output.
pub fn summary(ctx: &NativeCallContext, n: INT, seed: INT, f: &FnPtr) -> RhaiResult<Table> {
    if let Some((values, currency)) = native_draws(ctx, n, seed, f) {
        return summary_table(vec![("result".into(), values, Some(currency))]);
    }
    summary_table(collect_outputs(ctx, n, seed, f)?)
}

/// The `n` results of `f` by the native path, when it recognises `f`.
fn native_draws(
    ctx: &NativeCallContext,
    n: INT,
    seed: INT,
    f: &FnPtr,
) -> Option<(Vec<Decimal>, Option<CurrencyCode>)> {
    if n < 1 || n as u64 > logic::MAX_LENGTH {
        return None;
    }
    let plan = native::recognise(ctx, f, 1, true)?;
    let values = native::simulate(&plan, n as usize, seed as u64, &native::verb_site(ctx))?;
    Some((values, plan.currency()))
}

fn not_a_number(i: usize, v: &Dynamic) -> Box<EvalAltResult> {
    script_error(format!(
        "monte_carlo: the function must return a number or a map of numbers, but draw {i} \
         returned {}",
        describe(v)
    ))
}

/// One output of the simulation: its name, its value in every draw, and its currency (`None`
/// before the first draw, `Some(None)` for plain numbers).
type Output = (String, Vec<Decimal>, Option<Option<CurrencyCode>>);

/// One draw's value of an output: a number, or money in the output's one currency.
fn value_of(
    i: usize,
    v: &Dynamic,
    currency: &mut Option<Option<CurrencyCode>>,
) -> RhaiResult<Decimal> {
    if cell::money(v).is_none() && cell::number(v).is_none() {
        return Err(not_a_number(i, v));
    }
    amount_result("monte_carlo", &format!("draw {i}"), v, currency)
}

/// Sorts each draw's outputs into one column of numbers per output: `result` for a number,
/// the keys of draw 0 for maps (every draw must return the same keys).
fn collect_outputs(
    ctx: &NativeCallContext,
    n: INT,
    seed: INT,
    f: &FnPtr,
) -> RhaiResult<Vec<Output>> {
    let capacity = n.clamp(0, logic::MAX_LENGTH as INT) as usize;
    let mut outputs: Vec<Output> = Vec::new();
    let mut maps = false;
    simulate(ctx, n, seed, f, |i, draw| {
        if i == 0 {
            match draw.read_lock::<Map>() {
                Some(map) => {
                    maps = true;
                    for key in map.keys() {
                        outputs.push((key.to_string(), Vec::with_capacity(capacity), None));
                    }
                }
                None => outputs.push(("result".into(), Vec::with_capacity(capacity), None)),
            }
        }
        if !maps {
            let value = value_of(i, &draw, &mut outputs[0].2)?;
            outputs[0].1.push(value);
            return Ok(());
        }
        let map = draw
            .read_lock::<Map>()
            .ok_or_else(|| not_a_number(i, &draw))?;
        if map.len() != outputs.len() {
            let keys: Vec<&str> = map.keys().map(|k| k.as_str()).collect();
            let first: Vec<&str> = outputs.iter().map(|(k, ..)| k.as_str()).collect();
            return Err(script_error(format!(
                "monte_carlo: draw {i} returned the keys ({}) but draw 0 returned ({})",
                keys.join(", "),
                first.join(", ")
            )));
        }
        for (key, values, currency) in outputs.iter_mut() {
            let value = map.get(key.as_str()).ok_or_else(|| {
                script_error(format!("monte_carlo: draw {i} returned no {key:?}"))
            })?;
            values.push(value_of(i, value, currency)?);
        }
        Ok(())
    })?;
    Ok(outputs)
}

fn summary_table(outputs: Vec<Output>) -> RhaiResult<Table> {
    let mut rows = Vec::with_capacity(outputs.len());
    for (name, mut values, currency) in outputs {
        // Money outputs keep their currency in every statistic.
        let currency = currency.flatten();
        let decimal_to_dynamic = |d: Decimal| rewrap(d, currency);
        let s = logic::summarise(&mut values, crate::host::threads())
            .map_err(|e| script_error(format!("monte_carlo: {name}: {e}")))?;
        let sd = match s.sd {
            Some(sd) => match currency {
                Some(_) => decimal_to_dynamic(crate::numbers::decimal_from_f64(sd, F64_DIGITS)?),
                None => f64_result(sd)?,
            },
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
