//! The what-if verbs: `sweep` of 100,000 scenarios, the NPV of 41 flows each, as the
//! docs teach it (`sweep(|r| npv(r, flows), range(0.0, 0.5, 0.000005))`), and its parts: the
//! `range` alone, and the same closure called from a script loop; the native path against the
//! closure path, and `monte_carlo` of 1,000,000 draws natively on one thread and on
//! every core.
//! `bench/compare.sh` times the same workload whole-process against Python.
//!
//! Run: `cargo bench --bench whatif`.

use std::hint::black_box;
use std::rc::Rc;

use criterion::{criterion_group, criterion_main, Criterion};
use whatif_engine::internals::native;
use whatif_engine::{EngineConfig, Host, Session};

const FLOWS: &str = "let flows = [-1000]; for i in 50..90 { flows.push(i) }";

fn sweep(c: &mut Criterion) {
    let mut session = Session::new(&EngineConfig::default(), Rc::new(|_| {}), Rc::new(|_| {}));
    let _flows = session.eval(FLOWS, "<setup>").expect("flows");
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(5));
    group.bench_function("range(0.0, 0.5, 0.000005)", |b| {
        b.iter(|| black_box(session.eval("range(0.0, 0.5, 0.000005).len()", "<bench>")))
    });
    group.bench_function("sweep npv 100k scenarios x 41 flows", |b| {
        b.iter(|| {
            black_box(session.eval(
                "sweep(|r| npv(r, flows), range(0.0, 0.5, 0.000005)).len()",
                "<bench>",
            ))
        })
    });
    group.bench_function("script loop npv 100k scenarios x 41 flows", |b| {
        b.iter(|| {
            black_box(session.eval(
                "let s = 0; for i in 0..100000 { s = npv(i / 200000, flows) } s",
                "<bench>",
            ))
        })
    });
    group.bench_function("sweep npv 100k scenarios x 41 flows, closure path", |b| {
        let was = native::set_enabled(false);
        b.iter(|| {
            black_box(session.eval(
                "sweep(|r| npv(r, flows), range(0.0, 0.5, 0.000005)).len()",
                "<bench>",
            ))
        });
        native::set_enabled(was);
    });
    group.finish();
}

/// A session whose native path may use `threads` threads (0: every core).
fn session_on(threads: usize) -> Session {
    let host = Host {
        threads,
        ..Host::default()
    };
    let mut session = Session::with_host(
        &EngineConfig::default(),
        Rc::new(|_| {}),
        Rc::new(|_| {}),
        host,
    );
    let _flows = session.eval(FLOWS, "<setup>").expect("flows");
    session
}

fn monte_carlo(c: &mut Criterion) {
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(10));
    let code = "monte_carlo(1000000, 42, |rng| npv(rng.normal(0.08, 0.02), flows)).len()";
    for (name, threads) in [("1 thread", 1), ("all cores", 0)] {
        let mut session = session_on(threads);
        group.bench_function(format!("npv of a normal rate, 1M draws, {name}"), |b| {
            b.iter(|| black_box(session.eval(code, "<bench>")))
        });
    }
    group.finish();
}

criterion_group!(benches, sweep, monte_carlo);
criterion_main!(benches);
