//! FX benchmarks: reading and validating the shipped ECB file (what the first ECB conversion of a
//! process pays), a later conversion on a day (a published average, an ECB day, an ECB year's
//! mean), and `t.convert` of 100,000 money rows at a published and at a per-row ECB rate.
//!
//! Run: `cargo bench --bench fx` (or with a filter, e.g. `cargo bench --bench fx -- convert`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_core::fx::{ecb, FxSession, Period};
use whatif_core::money::{CurrencyCode, Money};
use whatif_engine::table::money::{convert, PeriodChoice};
use whatif_engine::table::Table;

fn fx(c: &mut Criterion) {
    let zip = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/core/src/fx/data/eurofxref-hist.zip"
    ))
    .unwrap();
    c.bench_function("fx/read shipped ECB file (first ECB conversion)", |b| {
        b.iter(|| ecb::read(black_box(&zip), "eurofxref-hist.zip").unwrap())
    });
    let session = FxSession::new();
    let amount = Decimal::new(123_456_789, 2);
    session
        .convert(amount, "USD", "JPY", Period::Day(2016, 3, 15))
        .unwrap();
    for (name, from, to, period) in [
        ("published 2023 average", "USD", "CNY", Period::Year(2023)),
        ("ECB day", "USD", "JPY", Period::Day(2016, 3, 15)),
        ("ECB weekend day", "GBP", "HKD", Period::Day(2024, 3, 30)),
        ("ECB year mean", "USD", "JPY", Period::Year(2016)),
    ] {
        c.bench_function(&format!("fx/convert {name}"), |b| {
            b.iter(|| {
                session
                    .convert(black_box(amount), from, to, black_box(period))
                    .unwrap()
            })
        });
    }
}

/// 100,000 CNY amounts with a year each (2015–2024), as a loaded export would hold them.
fn money_rows() -> Table {
    let cny = CurrencyCode::parse("CNY").unwrap();
    let rows = (0..100_000i64)
        .map(|i| {
            vec![
                Dynamic::from(Money::new(Decimal::new((i * 7919) % 100_000_000, 2), cny)),
                Dynamic::from_int(2015 + i % 10),
            ]
        })
        .collect();
    Table::new(vec!["amount".into(), "year".into()], rows).unwrap()
}

/// `t.convert` of 100,000 rows: at one published year, and per row at each row's year (the
/// years without a published CNY average take the ECB's exact mean).
fn table_convert(c: &mut Criterion) {
    let t = money_rows();
    let fx = FxSession::new();
    let fixed = PeriodChoice::Fixed(Period::Year(2024));
    let per_row = PeriodChoice::Column("year".into());
    convert(&t, &fx, "amount", "USD", &per_row).unwrap();
    c.bench_function("fx/t.convert 100,000 rows at 2024", |b| {
        b.iter(|| convert(black_box(&t), &fx, "amount", "USD", &fixed).unwrap())
    });
    c.bench_function("fx/t.convert 100,000 rows at each row's year", |b| {
        b.iter(|| convert(black_box(&t), &fx, "amount", "USD", &per_row).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = fx, table_convert
}
criterion_main!(benches);
