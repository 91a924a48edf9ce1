//! Start-up benchmarks: building the engine, a session (with and without touching a
//! dataset), a `-e` one-liner in-process, the REPL's set-up, and tab completion with every
//! dataset loaded (the keypress budget: under 5 ms).
//!
//! Whole-process start-up, which adds loading the binary, is timed against Python by
//! `bench/compare.sh`. Run: `cargo bench --bench startup` (or `-- complete` for completion only).

use std::hint::black_box;
use std::rc::Rc;

use criterion::{criterion_group, criterion_main, Criterion};
use whatif::repl::prompt::{Completion, Repl};
use whatif_engine::internals::{build_engine, Deadline};
use whatif_engine::{EngineConfig, Host, Session};

fn quiet_session() -> Session {
    Session::new(&EngineConfig::default(), Rc::new(|_| {}), Rc::new(|_| {}))
}

fn startup(c: &mut Criterion) {
    let config = EngineConfig::default();
    c.bench_function("build_engine", |b| {
        b.iter(|| black_box(build_engine(&config, Deadline::default(), &Host::default())))
    });
    c.bench_function("session new", |b| b.iter(|| black_box(quiet_session())));
    c.bench_function("session new + eval '1 + 1'", |b| {
        b.iter(|| {
            let mut session = quiet_session();
            black_box(session.eval("1 + 1", "<expr>").unwrap())
        })
    });
    // Datasets are parsed once per process (on first use), so after the first iteration this
    // measures the session and the lookup; the parse itself is in "datasets parse".
    c.bench_function("session new + eval 'funding_rounds.len()'", |b| {
        b.iter(|| {
            let mut session = quiet_session();
            black_box(session.eval("funding_rounds.len()", "<expr>").unwrap())
        })
    });
    c.bench_function("eval one-liner in a live session", |b| {
        let mut session = quiet_session();
        b.iter(|| black_box(session.eval("roi(4_000_000_000, 150_000_000_000)", "<expr>")))
    });
    c.bench_function("repl new", |b| {
        b.iter(|| {
            black_box(Repl::new(
                &config,
                Host::default(),
                Rc::new(|_| {}),
                Rc::new(|_| {}),
            ))
        })
    });
}

fn completion(c: &mut Criterion) {
    let config = EngineConfig::default();
    let mut repl = Repl::new(&config, Host::default(), Rc::new(|_| {}), Rc::new(|_| {}));
    // Every dataset loaded, and a few variables defined, as in a working session.
    for name in whatif_core::datasets::names() {
        repl.handle(&format!("let _{name} = {name};"));
    }
    repl.handle("let flows = [-1000, 300, 400, 500]; let rate = 0.08;");
    let mut group = c.benchmark_group("complete");
    for (name, line) in [
        ("function_prefix", "np"),
        ("dataset_prefix", "fund"),
        ("method_after_dataset", "funding_rounds.gr"),
        ("column_name", "funding_rounds.sort(\"am"),
        ("command", ":he"),
        ("empty_line", ""),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let done = repl.complete(black_box(line), line.len());
                black_box(matches!(done, Completion::Names { .. }))
            })
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = startup, completion
}
criterion_main!(benches);
