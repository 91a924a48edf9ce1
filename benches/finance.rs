//! Benchmarks of the finance kernels (issue 4): `npv` and `irr` on 1,000 flows and `xirr` on
//! 1,000 dated flows, natively and through scripts (array by value, method form, cached
//! `cashflows`), plus the 40-flow sweep a later issue compares with numpy.
//! Run with `cargo bench --bench finance`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rhai::{Array, Dynamic, Scope};
use rust_decimal::Decimal;
use whatif_core::finance::{irr_f64, npv_dd, Dd};
use whatif_engine::engine::build_engine;
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
        whatif_engine::engine::Deadline::default(),
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

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
