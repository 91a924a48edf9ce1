//! Benchmarks of the finance kernels: `npv` and `irr` on 1,000 flows and `xirr` on
//! 1,000 dated flows, natively and through scripts (array by value, method form, cached
//! `cashflows`), plus the 40-flow sweep a later issue compares with numpy.
//! Run with `cargo bench --bench finance`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rhai::{Array, Dynamic, Scope};
use rust_decimal::Decimal;
use whatif_core::finance::{irr_f64, npv_dd, Dd};
use whatif_engine::internals::build_engine;
use whatif_engine::EngineConfig;

/// One outlay, then 999 receipts with cents (so they are decimals, not integers).
fn flows(n: usize) -> Vec<Decimal> {
    let mut v = vec![Decimal::from(-1_000_000)];
    v.extend((1..n).map(|i| Decimal::new(150_000 + ((i * 3_701) % 100_000) as i64, 2)));
    v
}

fn weekly_dates(n: usize) -> Array {
    let start = whatif_core::dates::Day::constant(2000, 1, 3);
    (0..n as i64)
        .map(|i| {
            let day = whatif_core::dates::add_days(start, 7 * i).expect("a day in range");
            Dynamic::from(day.to_string())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let values = flows(1000);
    let dd: Vec<Dd> = values.iter().map(|v| Dd::from_decimal(*v)).collect();
    c.bench_function("native npv 1000 flows (double-double)", |b| {
        b.iter(|| npv_dd(black_box(Dd::from_f64(0.01)), black_box(&dd)).unwrap())
    });
    c.bench_function("native irr 1000 flows", |b| {
        b.iter(|| irr_f64(black_box(&dd), 0.1).unwrap())
    });

    let engine = build_engine(
        &EngineConfig::default(),
        whatif_engine::internals::Deadline::default(),
        &whatif_engine::Host::default(),
    )
    .engine;
    let array: Array = values.iter().map(|v| Dynamic::from_decimal(*v)).collect();
    let mut scope = Scope::new();
    scope.push("flows", array.clone());
    scope.push("dates", weekly_dates(1000));
    let mut scope_cf = scope.clone();
    let cf = engine
        .eval_with_scope::<Dynamic>(&mut scope_cf, "cashflows(flows)")
        .unwrap();
    scope_cf.push("cf", cf);

    let mut run = |name: &str, code: &str, scope: &mut Scope| {
        let ast = engine.compile(code).unwrap();
        // Rewind after each run: a `let` in the script would otherwise grow the scope and
        // slow every variable lookup.
        let len = scope.len();
        c.bench_function(name, |b| {
            b.iter(|| {
                let v = engine.eval_ast_with_scope::<Dynamic>(scope, &ast).unwrap();
                scope.rewind(len);
                v
            })
        });
    };
    run(
        "script npv(0.01, flows) 1000 flows",
        "npv(0.01, flows)",
        &mut scope,
    );
    run(
        "script flows.npv(0.01) 1000 flows",
        "flows.npv(0.01)",
        &mut scope,
    );
    run(
        "script npv(0.01, cf) 1000 cached flows",
        "npv(0.01, cf)",
        &mut scope_cf,
    );
    run("script irr(flows) 1000 flows", "irr(flows)", &mut scope);
    run(
        "script xirr(flows, dates) 1000 dated flows",
        "xirr(flows, dates)",
        &mut scope,
    );

    // The sweep of a later issue: npv(r, flows) over 40 flows; 1,000 calls per iteration.
    let mut sweep = Scope::new();
    let forty: Array = flows(40)
        .iter()
        .map(|v| Dynamic::from_decimal(*v))
        .collect();
    sweep.push("flows", forty);
    run(
        "script sweep 1000 x npv(r, flows) 40 flows",
        "let s = 0; for i in 0..1000 { s = npv(i / 100000, flows) } s",
        &mut sweep,
    );
    run(
        "script sweep 1000 x flows.npv(r) 40 flows",
        "let s = 0; for i in 0..1000 { s = flows.npv(i / 100000) } s",
        &mut sweep,
    );
    run(
        "script sweep 1000 x loop overhead only",
        "let s = 0; for i in 0..1000 { s = i / 100000 } s",
        &mut sweep,
    );
    run(
        "script sweep 1000 x npv(r, cashflows) 40 flows",
        "let cf = cashflows(flows); let s = 0; for i in 0..1000 { s = npv(i / 100000, cf) } s",
        &mut sweep,
    );
}

/// The kernels of the native sweep and Monte Carlo: NPV of 41 flows at a block of
/// 65,536 rates, `f64` to decimal at the digits achieved, and the summary of 1,000,000 draws.
fn kernels(c: &mut Criterion) {
    use whatif_core::decimal::decimal_from_f64;
    use whatif_core::finance::{npv_of, npv_rates_into, CashFlows};
    use whatif_core::scenario::rng::Xoshiro256;
    use whatif_core::scenario::summarise;

    let mut forty = vec![Decimal::from(-1000)];
    forty.extend((50..90).map(Decimal::from));
    let flows = CashFlows::new(forty);
    let mut rng = Xoshiro256::seed_from_u64(42);
    let draws: Vec<f64> = (0..65_536).map(|_| rng.normal(0.08, 0.02)).collect();
    let rates: Vec<Decimal> = draws
        .iter()
        .map(|x| decimal_from_f64(*x, 15).unwrap())
        .collect();
    let mut out = Vec::with_capacity(rates.len());
    c.bench_function("npv_rates_into 65536 rates x 41 flows", |b| {
        b.iter(|| {
            out.clear();
            npv_rates_into(black_box(&rates), &flows.values, &flows.decimals, &mut out);
        })
    });
    c.bench_function("npv_of one rate at a time, 65536 rates x 41 flows", |b| {
        b.iter(|| {
            for rate in black_box(&rates) {
                let _ = black_box(npv_of(*rate, &flows.values, &flows.decimals));
            }
        })
    });
    c.bench_function("decimal_from_f64 65536 normal draws at 15 digits", |b| {
        b.iter(|| {
            draws
                .iter()
                .map(|x| decimal_from_f64(black_box(*x), 15).unwrap())
                .fold(0u32, |acc, d| acc ^ d.scale())
        })
    });
    let npvs: Vec<Decimal> = (0..1_000_000)
        .map(|i| {
            let x = draws[i % draws.len()] * (1.0 + i as f64 * 1e-9);
            decimal_from_f64(-240.0 + 2500.0 * x, 15).unwrap()
        })
        .collect();
    for threads in [1, 2] {
        c.bench_function(
            &format!("summarise 1000000 values, {threads} thread(s)"),
            |b| b.iter(|| summarise(&mut npvs.clone(), threads).unwrap()),
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench, kernels
}
criterion_main!(benches);
