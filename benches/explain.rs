//! What recording definitions for `explain` costs: scripts of 1,000, 10,000 and 100,000
//! statements that reassign one variable from its own value (`x += 1`, and the compounding
//! `balance = balance + balance * rate` that once doubled the record with every line), run
//! with recording on and off. Growth should be linear in the statements, and recording within
//! 10 % of the same script without it.
//!
//! Run: `cargo bench --bench explain`.

use std::hint::black_box;
use std::rc::Rc;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use whatif_engine::{EngineConfig, Session};

fn script(statement: &str, n: usize) -> String {
    let mut text = String::from("let x = 0; let balance = 1000.0; let rate = 0.00001;\n");
    for _ in 0..n {
        text.push_str(statement);
        text.push('\n');
    }
    text.push_str("x + balance");
    text
}

fn session(recording: bool) -> Session {
    let config = EngineConfig {
        timeout: None,
        ..EngineConfig::default()
    };
    let mut session = Session::new(&config, Rc::new(|_| {}), Rc::new(|_| {}));
    session.set_recording(recording);
    session
}

fn recording(c: &mut Criterion) {
    let mut group = c.benchmark_group("explain recording");
    group.sample_size(10);
    for (what, statement) in [
        ("x += 1", "x += 1;"),
        ("compounding", "balance = balance + balance * rate;"),
    ] {
        for n in [1_000, 10_000, 100_000] {
            let text = script(statement, n);
            for on in [true, false] {
                let name = format!(
                    "{what}, {n} statements, recording {}",
                    if on { "on" } else { "off" }
                );
                group.bench_function(name, |b| {
                    b.iter_batched(
                        || session(on),
                        |mut s| black_box(s.eval(&text, "<bench>").expect("runs")),
                        BatchSize::PerIteration,
                    )
                });
            }
        }
    }
    group.finish();
}

criterion_group!(benches, recording);
criterion_main!(benches);
