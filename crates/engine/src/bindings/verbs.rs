//! The what-if verbs as script functions: `range`, `sweep`, `sweep2`, `goal_seek`,
//! `scenarios`, `compare`, `tornado`, `monte_carlo` and the methods of its seeded generator
//! `Rng`. Each converts its arguments and calls `crate::verbs`, where the closures are called
//! and the tables built.

use rhai::plugin::*;

use super::Register;

/// Registers the `Rng` type and the what-if functions.
pub fn register(module: &mut Module) {
    module.register_type_with_name::<crate::verbs::Rng>("Rng");
    module.combine_flatten(exported_module!(whatif_functions));
}

#[export_module]
pub mod whatif_functions {
    use rhai::{Array, FnPtr, Map, INT};
    use rust_decimal::Decimal;

    use crate::numbers::{
        decimal_to_dynamic, normalized_to_dynamic, script_error, to_decimal, RhaiResult,
    };
    use crate::verbs;
    use whatif_core::scenario as logic;

    pub type Table = crate::table::Table;
    pub type Rng = crate::verbs::Rng;

    /// The numbers from `start` up to but not including `end`, `step` apart, as an array: `end`
    /// is excluded, as in Python's `range` (for both ends included, use `linspace`). Integers
    /// and decimals are exact (`range(0, 1, 0.1)` has ten values, the last 0.9). A
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
        // The values come normalised.
        logic::decimal_range(start, end, step)
            .map(|values| values.into_iter().map(normalized_to_dynamic).collect())
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

    /// `n` evenly spaced numbers from `start` to `end`, both included (numpy's `linspace`): the
    /// "4% to 12% in nine steps" of a sensitivity table. Exact wherever the decimal is
    /// (`linspace(0.04, 0.12, 9)` steps by exactly 0.01); the last value is `end` itself.
    ///
    /// ```rhai
    /// assert_eq(linspace(0.04, 0.12, 5), [0.04, 0.06, 0.08, 0.1, 0.12]);
    /// assert_eq(linspace(0, 100, 3), [0, 50, 100]);
    /// assert_eq(linspace(1, 2, 1), [1]);
    /// ```
    #[rhai_fn(name = "linspace", return_raw)]
    pub fn linspace(start: Dynamic, end: Dynamic, n: INT) -> RhaiResult<Array> {
        let start = to_decimal(&start, "linspace: start")?;
        let end = to_decimal(&end, "linspace: end")?;
        logic::linspace(start, end, n)
            .map(|values| values.into_iter().map(decimal_to_dynamic).collect())
            .map_err(|e| script_error(format!("linspace: {e}")))
    }

    /// A one-way data table: calls the function with each value and returns a table with
    /// columns `x` (the value) and `y` (the result). When the function returns a map, its keys
    /// become the columns after `x` instead of `y` (several outputs per input). Rename with
    /// `.rename("x", "rate")`. A function that is one call of `npv`, `pv`, `fv` or `pmt` on its
    /// parameter, captured numbers or flows and constants (`|r| npv(r, flows)`) runs natively
    /// on every core (`--threads`), with the same digits.
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
        verbs::sweep::one_way(&ctx, &f, values)
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
        verbs::sweep::one_way(&ctx, &f, verbs::sweep::integers(values.start, values.end)?)
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
        sweep_range(ctx, f, *values.start()..values.end().saturating_add(1))
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
        verbs::sweep::two_way(&ctx, &f, xs, ys)
    }

    /// Goal seek: the input between `low` and `high` at which the function returns `target`,
    /// found by Brent's bracketing method. f(low) and f(high) must lie on either side of the
    /// target. The answer keeps the digits the search pinned down (at most 15 significant);
    /// an input that hits the target exactly is returned as is. A target in money (`usd(6)`)
    /// needs money of its currency from the function.
    ///
    /// ```rhai
    /// assert_eq(goal_seek(|x| x * 2 + 1, 6, 0, 10), 2.5);
    /// let flows = [-1000, 300, 400, 500];
    /// let r = goal_seek(|r| npv(r, flows), 0, 0, 1);
    /// assert_near(r, irr(flows), 1e-12);
    /// assert_eq(goal_seek(|x| usd(x) * 2, usd(6), 0, 10), 3);
    /// ```
    #[rhai_fn(name = "goal_seek", return_raw)]
    pub fn goal_seek(
        ctx: NativeCallContext,
        f: FnPtr,
        target: Dynamic,
        low: Dynamic,
        high: Dynamic,
    ) -> RhaiResult<Dynamic> {
        let target = crate::bindings::money::Amount::of(&target, "goal_seek: target")?;
        let low = to_decimal(&low, "goal_seek: low")?;
        let high = to_decimal(&high, "goal_seek: high")?;
        verbs::goal_seek::solve(&ctx, &f, target.decimal(), target.currency(), low, high)
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
        verbs::scenarios::table(&ctx, &f, verbs::scenarios::from_map(&scenarios)?)
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
        verbs::scenarios::table(&ctx, &f, verbs::scenarios::from_array(&scenarios)?)
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
        verbs::compare::maps(&a, &b)
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
        verbs::compare::scenarios(&t, a, b)
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
        verbs::compare::tables(&a, &b)
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
        verbs::tornado::table(&ctx, &f, &base, &ranges)
    }

    /// A Monte Carlo simulation: calls the function `n` times with one seeded generator `rng`
    /// (see `uniform`, `normal`, `lognormal`, `triangular`, `int`, `choice`) and summarises the
    /// results in a table with columns `output`, `mean`, `sd` (sample standard deviation,
    /// divisor n − 1), `p5`, `p50`, `p95` (percentiles by linear interpolation, as numpy's
    /// default and Excel's PERCENTILE.INC), `min`, `max`. A function returning a map gives one
    /// row per key; otherwise the one row is named `result`. The same seed gives the same
    /// numbers on every machine and any number of threads: the draws come in blocks of 65,536,
    /// each from its own jump of the seeded stream. A function that is one call of `npv`, `pv`,
    /// `fv` or `pmt` on draws (`|rng| npv(rng.normal(0.08, 0.02), flows)`), captured numbers and
    /// constants runs natively on every core, with the same digits.
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
        verbs::monte_carlo::summary(&ctx, n, seed, &f)
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
        verbs::monte_carlo::samples(&ctx, n, seed, &f)
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
        rng.uniform(&low, &high)
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
        rng.normal(&mean, &sd)
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
        rng.lognormal(&mu, &sigma)
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
        rng.triangular(&low, &mode, &high)
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
        rng.int(low, high)
    }

    /// One element of the array, each equally likely.
    ///
    /// ```rhai
    /// let pick = rng(2).choice(["bull", "base", "bear"]);
    /// assert(["bull", "base", "bear"].contains(pick));
    /// ```
    #[rhai_fn(name = "choice", return_raw)]
    pub fn choice(rng: &mut Rng, items: Array) -> RhaiResult<Dynamic> {
        rng.choice(&items)
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
