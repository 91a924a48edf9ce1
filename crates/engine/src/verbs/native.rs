//! The native path of `sweep`, `sweep2` and `monte_carlo`: a closure whose body is one finance
//! call (`npv`, `pv`, `fv`, `pmt`) on its parameters, captured numbers and constants (and, in
//! `monte_carlo`, draws of its generator) is recognised once from its syntax tree and
//! evaluated in Rust for every scenario, spread over the host's threads. Each scenario goes
//! through the same conversions and the same core function as the closure would, so the
//! results are the same to the last digit; anything not recognised, any value that is not a
//! plain number, and any scenario that fails returns `None`, and the verb calls the closure
//! (which then reports the failure in its usual words).

use rhai::{Array, Dynamic, Expr, FnCallExpr, FnPtr, NativeCallContext, Stmt};
use rust_decimal::Decimal;

use super::to_f64;
use crate::args::{as_money, dd_if_number, rewrap};
use crate::cashflows::{CashFlows, MoneyCashFlows};
use crate::messages::percent_rates;
use crate::numbers::{decimal_to_dynamic, to_decimal};
use whatif_core::decimal::{decimal_from_f64, norm, F64_DIGITS};
use whatif_core::finance::{self, Dd, When};
use whatif_core::money::{CurrencyCode, Money};
use whatif_core::scenario::pieces::fill_in_pieces_after;
use whatif_core::scenario::rng::Xoshiro256;

/// Below this many scenarios, threads cost more than they save.
const MIN_PARALLEL: usize = 4_096;

pub use crate::closures::{runs, set_enabled};

/// One argument of the recognised call.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    /// The verb's `k`-th input (the swept value, or `x`/`y` of `sweep2`).
    Input(usize),
    /// A captured or literal number.
    Number(Decimal),
    /// A draw of `monte_carlo`'s generator.
    Draw(Draw),
    /// An argument divided by a constant (`r / 12`, `rng.normal(0.05, 0.01) / 12`), by the
    /// script's own exact `/`.
    Quotient(Box<Arg>, Decimal),
}

impl Arg {
    fn draws(&self) -> bool {
        match self {
            Arg::Draw(_) => true,
            Arg::Quotient(lhs, _) => lhs.draws(),
            Arg::Input(_) | Arg::Number(_) => false,
        }
    }
}

/// A generator method with its (checked) parameters, as `Rng` reads them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Draw {
    Uniform(f64, f64),
    Normal(f64, f64),
    Lognormal(f64, f64),
    Triangular(f64, f64, f64),
}

/// Flows as `npv` converts them: per element for an array, as cached for `CashFlows`; money
/// flows of one currency as their amounts, with the currency the result is money in.
#[derive(Debug, Clone)]
pub(crate) struct Flows {
    values: Vec<Dd>,
    decimals: Vec<Decimal>,
    currency: Option<CurrencyCode>,
}

impl Flows {
    /// The periods `npv` notes a rate over: one fewer than the flows.
    fn periods(&self) -> Option<Decimal> {
        Some(Decimal::from(self.decimals.len().saturating_sub(1)))
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Tvm {
    Fv,
    Pv,
    Pmt,
}

/// A recognised closure body.
#[derive(Debug, Clone)]
pub(crate) enum Plan {
    Npv {
        rate: Arg,
        flows: Flows,
    },
    /// `currency`: the one currency of the amounts given as money (the result is money in it).
    Tvm {
        function: Tvm,
        args: [Arg; 4],
        when: When,
        currency: Option<CurrencyCode>,
    },
}

impl Plan {
    /// The currency the results are money in, as the closure's call would return them; `None`
    /// for plain numbers.
    pub(crate) fn currency(&self) -> Option<CurrencyCode> {
        match self {
            Plan::Npv { flows, .. } => flows.currency,
            Plan::Tvm { currency, .. } => *currency,
        }
    }

    /// A TVM plan's four arguments for one scenario (rate, periods, amounts), drawn left to
    /// right.
    fn tvm_args(&self, inputs: &[Decimal], rng: &mut Option<Xoshiro256>) -> Option<[Decimal; 4]> {
        let Plan::Tvm { args, .. } = self else {
            return None;
        };
        Some([
            arg(&args[0], inputs, rng)?,
            arg(&args[1], inputs, rng)?,
            arg(&args[2], inputs, rng)?,
            arg(&args[3], inputs, rng)?,
        ])
    }

    /// A TVM plan's result for its arguments.
    fn tvm(&self, [a, b, c, d]: [Decimal; 4]) -> Option<Decimal> {
        let Plan::Tvm { function, when, .. } = self else {
            return None;
        };
        match function {
            Tvm::Fv => finance::fv(a, b, c, d, *when),
            Tvm::Pv => finance::pv(a, b, c, d, *when),
            Tvm::Pmt => finance::pmt(a, b, c, d, *when),
        }
        .ok()
    }

    /// The name of the recognised call, as its notes name it.
    fn function(&self) -> &'static str {
        match self {
            Plan::Npv { .. } => "npv",
            Plan::Tvm { function, .. } => match function {
                Tvm::Fv => "fv",
                Tvm::Pv => "pv",
                Tvm::Pmt => "pmt",
            },
        }
    }

    /// The note the call gives a rate that looks typed in percent (`npv(5, …)` for 5 %), over
    /// `periods`; `None` for an ordinary rate.
    fn rate_note(&self, rate: Decimal, periods: Option<Decimal>) -> Option<String> {
        percent_rates::message(self.function(), "rate", rate, "period", periods)
    }

    fn uses_draws(&self) -> bool {
        let args: &[Arg] = match self {
            Plan::Npv { rate, .. } => std::slice::from_ref(rate),
            Plan::Tvm { args, .. } => args,
        };
        args.iter().any(Arg::draws)
    }
}

fn arg(argument: &Arg, inputs: &[Decimal], rng: &mut Option<Xoshiro256>) -> Option<Decimal> {
    match argument {
        Arg::Input(k) => inputs.get(*k).copied(),
        Arg::Number(value) => Some(*value),
        Arg::Draw(draw) => {
            let g = rng.as_mut()?;
            let x = match *draw {
                Draw::Uniform(a, b) => g.uniform(a, b),
                Draw::Normal(m, s) => g.normal(m, s),
                Draw::Lognormal(m, s) => g.lognormal(m, s),
                Draw::Triangular(a, c, b) => g.triangular(a, c, b),
            };
            // The draw as `Rng` gives it to the script (`f64_result`, already normalised, so
            // the finance binding reads back the same decimal).
            decimal_from_f64(x, F64_DIGITS).ok()
        }
        Arg::Quotient(lhs, rhs) => {
            let quotient = crate::numbers::divide(arg(lhs, inputs, rng)?, *rhs).ok()?;
            to_decimal(&quotient, "").ok()
        }
    }
}

/// A verb's result value as the closure path would hold it: money in the plan's currency, or
/// the number.
pub(crate) fn result_value(value: Decimal, currency: Option<CurrencyCode>) -> Dynamic {
    rewrap(value, currency)
}

/// A plain script number (integer or decimal) as the finance bindings read it; anything else
/// (Money, text, ...) is `None`, which sends the verb down the closure path.
pub(crate) fn plain_number(value: &Dynamic) -> Option<Decimal> {
    if value.is_int() || value.is_decimal() {
        to_decimal(value, "").ok()
    } else {
        None
    }
}

/// Recognises `f`, called with `inputs` arguments (after its captured ones), as a plan; `rng`
/// says whether its one input is `monte_carlo`'s generator.
pub(crate) fn recognise(
    ctx: &NativeCallContext,
    f: &FnPtr,
    inputs: usize,
    rng: bool,
) -> Option<Plan> {
    if !crate::closures::enabled() {
        return None;
    }
    let closure = crate::closures::Closure::read(ctx, f, inputs)?;
    let reader = Reader {
        ctx,
        closure: &closure,
        rng,
    };
    let plan = match &closure.statement {
        Stmt::FnCall(call, _) => reader.call(call, None)?,
        Stmt::Expr(expr) => reader.expr(expr)?,
        _ => return None,
    };
    if rng != plan.uses_draws() {
        return None;
    }
    Some(plan)
}

struct Reader<'a> {
    ctx: &'a NativeCallContext<'a>,
    closure: &'a crate::closures::Closure,
    rng: bool,
}

/// What a variable of the body stands for.
enum Var<'v> {
    Input(usize),
    Captured(&'v Dynamic),
}

impl Reader<'_> {
    fn expr(&self, expr: &Expr) -> Option<Plan> {
        match expr {
            Expr::FnCall(call, _) => self.call(call, None),
            Expr::Dot(dot, _, _) => match &dot.rhs {
                Expr::MethodCall(call, _) => self.call(call, Some(&dot.lhs)),
                _ => None,
            },
            _ => None,
        }
    }

    /// `name(args)`, or `object.name(args)` when `object` is given.
    fn call(&self, call: &FnCallExpr, object: Option<&Expr>) -> Option<Plan> {
        if !call.namespace.is_empty() {
            return None;
        }
        let args: Vec<&Expr> = object.into_iter().chain(call.args.iter()).collect();
        let name = call.name.as_str();
        // A script function of the same name and arity would be the one called.
        if self
            .ctx
            .iter_namespaces()
            .any(|m| m.get_script_fn(name, args.len()).is_some())
        {
            return None;
        }
        match (name, args.as_slice()) {
            ("npv", [rate, flows]) if object.is_none() => Some(Plan::Npv {
                rate: self.number(rate)?,
                flows: self.flows(flows)?,
            }),
            ("npv", [flows, rate]) => Some(Plan::Npv {
                rate: self.number(rate)?,
                flows: self.flows(flows)?,
            }),
            ("fv", [_, _, _, _] | [_, _, _, _, _])
            | ("pv" | "pmt", [_, _, _] | [_, _, _, _] | [_, _, _, _, _])
                if object.is_none() =>
            {
                let function = match name {
                    "fv" => Tvm::Fv,
                    "pv" => Tvm::Pv,
                    _ => Tvm::Pmt,
                };
                // The rate and the number of periods are numbers; the amounts after them may
                // be money of one currency.
                let rate = self.number(args[0])?;
                let periods = self.number(args[1])?;
                // `"end"` or `"begin"` written as text; anything else is the closure's to judge.
                let (amounts, when) = match args.split_at(args.len().min(4)) {
                    (amounts, [when]) => (amounts, self.when(when)?),
                    (amounts, _) => (amounts, When::End),
                };
                let amounts = amounts[2..]
                    .iter()
                    .map(|a| self.amount(a))
                    .collect::<Option<Vec<(Arg, Option<CurrencyCode>)>>>()?;
                // A plain amount beside money is taken in the money's currency, as the call
                // takes it; two currencies are the call's to refuse.
                let currency = amounts.iter().find_map(|(_, c)| *c);
                if amounts.iter().any(|(_, c)| c.is_some() && *c != currency) {
                    return None;
                }
                let mut amounts = amounts.into_iter().map(|(a, _)| a);
                let args = [
                    rate,
                    periods,
                    amounts.next()?,
                    amounts.next().unwrap_or(Arg::Number(Decimal::ZERO)),
                ];
                Some(Plan::Tvm {
                    function,
                    args,
                    when,
                    currency,
                })
            }
            _ => None,
        }
    }

    fn var<'v>(&'v self, expr: &Expr) -> Option<Var<'v>> {
        Some(match self.closure.var(expr)? {
            Ok(k) => Var::Input(k),
            Err(value) => Var::Captured(value),
        })
    }

    /// A number argument: an input, a captured or literal number, or a draw.
    fn number(&self, expr: &Expr) -> Option<Arg> {
        match expr {
            // A rate per period written as a yearly one divided (`r / 12`, `0.05 / 12`).
            Expr::FnCall(call, _)
                if call.name.as_str() == "/"
                    && call.args.len() == 2
                    && call.namespace.is_empty() =>
            {
                let lhs = self.number(&call.args[0])?;
                let rhs = self.constant(&call.args[1])?;
                match lhs {
                    Arg::Number(value) => {
                        let quotient = crate::numbers::divide(value, rhs).ok()?;
                        to_decimal(&quotient, "").ok().map(Arg::Number)
                    }
                    lhs => Some(Arg::Quotient(Box::new(lhs), rhs)),
                }
            }
            Expr::IntegerConstant(i, _) => Some(Arg::Number(Decimal::from(*i))),
            Expr::DynamicConstant(value, _) => plain_number(value).map(Arg::Number),
            Expr::Variable(..) => match self.var(expr)? {
                Var::Input(k) if !self.rng => Some(Arg::Input(k)),
                Var::Input(_) => None,
                Var::Captured(value) => plain_number(value).map(Arg::Number),
            },
            Expr::Dot(dot, _, _) if self.rng => {
                let (Some(Var::Input(0)), Expr::MethodCall(call, _)) =
                    (self.var(&dot.lhs), &dot.rhs)
                else {
                    return None;
                };
                if !call.namespace.is_empty() {
                    return None;
                }
                let params = call
                    .args
                    .iter()
                    .map(|a| self.constant(a).map(to_f64))
                    .collect::<Option<Vec<f64>>>()?;
                // Parameters `Rng` would refuse are left to it, to say so.
                let draw = match (call.name.as_str(), params.as_slice()) {
                    ("uniform", &[a, b]) if a <= b => Draw::Uniform(a, b),
                    ("normal", &[m, s]) if s >= 0.0 => Draw::Normal(m, s),
                    ("lognormal", &[m, s]) if s >= 0.0 => Draw::Lognormal(m, s),
                    ("triangular", &[a, c, b]) if a <= c && c <= b => Draw::Triangular(a, c, b),
                    _ => return None,
                };
                Some(Arg::Draw(draw))
            }
            _ => None,
        }
    }

    /// A TVM call's `when`: the text `"end"` or `"begin"`.
    fn when(&self, expr: &Expr) -> Option<When> {
        match expr {
            Expr::StringConstant(text, _) => match text.as_str() {
                "end" => Some(When::End),
                "begin" => Some(When::Begin),
                _ => None,
            },
            _ => None,
        }
    }

    /// An amount argument: a number as `number` reads it, captured money (its amount, and
    /// its currency), or money made in the call from a constant (`usd(250000)`).
    fn amount(&self, expr: &Expr) -> Option<(Arg, Option<CurrencyCode>)> {
        match expr {
            Expr::Variable(..) => {
                if let Some(Var::Captured(value)) = self.var(expr) {
                    if let Some(m) = as_money(value) {
                        return Some((Arg::Number(m.amount), Some(m.currency)));
                    }
                }
            }
            Expr::FnCall(call, _) => {
                if let Some(money) = self.constant_money(call) {
                    return Some(money);
                }
            }
            _ => {}
        }
        self.number(expr).map(|a| (a, None))
    }

    /// `usd(250000)` and the other built-in constructors called on a constant number: the
    /// money the call makes, as `Money::new` makes it for every constructor.
    fn constant_money(&self, call: &FnCallExpr) -> Option<(Arg, Option<CurrencyCode>)> {
        let name = call.name.as_str();
        let code = crate::messages::CONSTRUCTORS.iter().find(|code| {
            code.eq_ignore_ascii_case(name) && name.bytes().all(|b| b.is_ascii_lowercase())
        })?;
        let shadowed = self
            .ctx
            .iter_namespaces()
            .any(|m| m.get_script_fn(name, 1).is_some());
        if shadowed || !call.namespace.is_empty() || call.args.len() != 1 {
            return None;
        }
        let money = Money::new(
            self.constant(&call.args[0])?,
            CurrencyCode::parse(code).ok()?,
        );
        Some((Arg::Number(money.amount), Some(money.currency)))
    }

    /// A captured or literal number.
    fn constant(&self, expr: &Expr) -> Option<Decimal> {
        match self.number(expr)? {
            Arg::Number(value) => Some(value),
            _ => None,
        }
    }

    /// `npv`'s flows: a captured or literal array of numbers, or captured `CashFlows`.
    fn flows(&self, expr: &Expr) -> Option<Flows> {
        match expr {
            Expr::DynamicConstant(value, _) => array_flows(value.read_lock::<Array>()?.as_slice()),
            Expr::Array(items, _) => {
                let values = items
                    .iter()
                    .map(|item| match item {
                        Expr::IntegerConstant(i, _) => Some(Dynamic::from_int(*i)),
                        Expr::DynamicConstant(value, _) => Some((**value).clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<Dynamic>>>()?;
                array_flows(&values)
            }
            Expr::Variable(..) => match self.var(expr)? {
                Var::Captured(value) => {
                    if let Some(array) = value.read_lock::<Array>() {
                        array_flows(&array)
                    } else if let Some(cached) = value.read_lock::<CashFlows>() {
                        Some(Flows {
                            values: cached.0.values.to_vec(),
                            decimals: cached.0.decimals.to_vec(),
                            currency: None,
                        })
                    } else {
                        let cached = value.read_lock::<MoneyCashFlows>()?;
                        Some(Flows {
                            values: cached.0 .0.values.to_vec(),
                            decimals: cached.0 .0.decimals.to_vec(),
                            currency: Some(cached.1),
                        })
                    }
                }
                Var::Input(_) => None,
            },
            _ => None,
        }
    }
}

/// An array's flows as `npv(rate, array)` converts them. Money flows (judged, as `npv` judges
/// them, by the first item that is not a plain 0) become their amounts when all are money of
/// one currency or plain zeros; any other mix is left to the closure's call to refuse.
fn array_flows(items: &[Dynamic]) -> Option<Flows> {
    let first = items.iter().find(|v| !v.as_int().is_ok_and(|i| i == 0));
    if let Some(code) = first.and_then(as_money).map(|m| m.currency) {
        let amounts = items
            .iter()
            .map(|item| match as_money(item) {
                Some(m) if m.currency == code => Some(decimal_to_dynamic(m.amount)),
                Some(_) => None,
                None => plain_number(item)
                    .filter(Decimal::is_zero)
                    .map(|_| Dynamic::from_int(0)),
            })
            .collect::<Option<Vec<Dynamic>>>()?;
        let mut flows = array_flows(&amounts)?;
        flows.currency = Some(code);
        return Some(flows);
    }
    let values = items
        .iter()
        .map(dd_if_number)
        .collect::<Option<Vec<Dd>>>()?;
    let decimals = items
        .iter()
        .map(plain_number)
        .collect::<Option<Vec<Decimal>>>()?;
    Some(Flows {
        values,
        decimals,
        currency: None,
    })
}

/// The threads a native run may use: the host's setting, at most one per `MIN_PARALLEL`
/// scenarios.
fn threads_for(scenarios: usize) -> usize {
    crate::host::threads()
        .min(scenarios.div_ceil(MIN_PARALLEL))
        .max(1)
}

/// The results of `scenarios` scenarios, computed piece by piece (`piece` scenarios each) on
/// the host's threads by `work(first scenario, its results)`; `None` if a piece fails or a stop
/// is requested (the closure path then stops at once with its usual message). Each piece lands
/// in its place, so the threads change nothing but the time.
fn in_pieces(
    scenarios: usize,
    piece: usize,
    chore: impl FnOnce(),
    work: impl Fn(usize, &mut [Decimal]) -> Option<()> + Sync,
) -> Option<Vec<Decimal>> {
    crate::closures::count_run();
    let stop = crate::host::stopper();
    let mut out = vec![Decimal::ZERO; scenarios];
    let threads = threads_for(scenarios);
    let done = fill_in_pieces_after(&mut out, piece, threads, chore, |start, results| {
        stop.reason().is_none() && work(start, results).is_some()
    });
    done.then_some(out)
}

/// The plan at every input: `inputs(i)` gives scenario `i`'s inputs. A result in plain
/// numbers comes normalised, as the closure's script value reads back (money keeps the scale
/// its arithmetic gave, as the closure's money does). `chore` runs once on this thread while
/// the others start (see `fill_in_pieces_after`). A rate that looks typed in percent is noted
/// once for the verb call at `site`, as the call in the closure would note it.
pub(crate) fn evaluate<const N: usize>(
    plan: &Plan,
    scenarios: usize,
    site: &str,
    chore: impl FnOnce(),
    inputs: impl Fn(usize) -> [Decimal; N] + Sync,
) -> Option<Vec<Decimal>> {
    let plain = plan.currency().is_none();
    let note = FirstNote::default();
    let results = in_pieces(scenarios, MIN_PARALLEL, chore, |start, out| {
        let mut none = None;
        let piece = start..start + out.len();
        match plan {
            // `npv_of`'s results are normalised already (`decimal_from_f64`'s, or a
            // normalised sum).
            Plan::Npv { rate, flows } => {
                let rates = piece
                    .map(|i| arg(rate, &inputs(i), &mut none))
                    .collect::<Option<Vec<Decimal>>>()?;
                note.look(plan, start, &rates, flows.periods());
                npv_into(&rates, flows, out)
            }
            Plan::Tvm { .. } => {
                let mut noted = false;
                for (slot, i) in out.iter_mut().zip(piece) {
                    let args = plan.tvm_args(&inputs(i), &mut none)?;
                    // A piece's first such rate is the only one it can give.
                    noted = noted || note.look(plan, i, &args[..1], Some(args[1]));
                    let value = plan.tvm(args)?;
                    *slot = if plain { norm(value) } else { value };
                }
                Some(())
            }
        }
    })?;
    note.give(plan, site);
    Some(results)
}

/// The first scenario, in scenario order, whose rate looks typed in percent, and its note:
/// the one the closure path gives, whichever thread finds it.
#[derive(Default)]
struct FirstNote(std::sync::Mutex<Option<(usize, String)>>);

impl FirstNote {
    /// Looks at `rates`, the rates of scenarios `first, first + 1, …`, over `periods`; true
    /// when one of them is noted.
    fn look(&self, plan: &Plan, first: usize, rates: &[Decimal], periods: Option<Decimal>) -> bool {
        // Most rates are ordinary: the quick test in the loop spares them a call each (2 % of
        // a Monte Carlo's instructions).
        let Some((i, text)) = rates
            .iter()
            .enumerate()
            .filter(|(_, &rate)| percent_rates::above_high(rate))
            .find_map(|(i, &rate)| Some((first + i, plan.rate_note(rate, periods)?)))
        else {
            return false;
        };
        if let Ok(mut found) = self.0.lock() {
            if found.as_ref().is_none_or(|(j, _)| i < *j) {
                *found = Some((i, text));
            }
        }
        true
    }

    /// Notes what was found, once for the verb call at `site`.
    fn give(self, plan: &Plan, site: &str) {
        if let Ok(Some((_, text))) = self.0.into_inner() {
            crate::host::note_once(&format!("{site} {} rate", plan.function()), &text);
        }
    }
}

/// `source:line:col` of the verb call in `ctx`, for its notes.
pub(crate) fn verb_site(ctx: &NativeCallContext) -> String {
    format!(
        "{}:{}",
        ctx.call_source().unwrap_or(""),
        ctx.call_position()
    )
}

/// `npv` of `flows` at each of `rates` into `out`, discounted together; `None` if one fails.
fn npv_into(rates: &[Decimal], flows: &Flows, out: &mut [Decimal]) -> Option<()> {
    let mut results = Vec::with_capacity(rates.len());
    finance::npv_rates_into(rates, &flows.values, &flows.decimals, &mut results);
    for (slot, result) in out.iter_mut().zip(results) {
        *slot = result.ok()?;
    }
    Some(())
}

/// The plan for `n` draws of `monte_carlo`, block by block, each block from its own stream;
/// each result normalised, as the closure path reads it back from the script value.
pub(crate) fn simulate(plan: &Plan, n: usize, seed: u64, site: &str) -> Option<Vec<Decimal>> {
    use whatif_core::scenario::rng::{block_streams, BLOCK};
    let streams = block_streams(seed, n.div_ceil(BLOCK));
    let note = FirstNote::default();
    let results = in_pieces(
        n,
        BLOCK,
        || {},
        |start, out| {
            let mut rng = Some(streams[start / BLOCK].clone());
            match plan {
                // The NPV draws nothing itself, so the block's rates can be drawn first, in the
                // closure's order, and discounted together. Its results are normalised already
                // (`npv_of` returns `decimal_from_f64`'s or a normalised sum).
                Plan::Npv { rate, flows } => {
                    let rates = (0..out.len())
                        .map(|_| arg(rate, &[], &mut rng))
                        .collect::<Option<Vec<Decimal>>>()?;
                    note.look(plan, start, &rates, flows.periods());
                    npv_into(&rates, flows, out)
                }
                Plan::Tvm { .. } => {
                    let mut noted = false;
                    for (i, slot) in out.iter_mut().enumerate() {
                        let args = plan.tvm_args(&[], &mut rng)?;
                        noted = noted || note.look(plan, start + i, &args[..1], Some(args[1]));
                        *slot = norm(plan.tvm(args)?);
                    }
                    Some(())
                }
            }
        },
    )?;
    note.give(plan, site);
    Some(results)
}
