//! Table benchmarks: sort, group-by and render on 100,000 rows, save 100,000 rows to
//! CSV, and load a 1,000,000-row CSV file. The data is generated deterministically by
//! `generate` (`bench/table_pandas.py` builds the same rows for the pandas comparison, see
//! `bench/table_pandas.sh`; `bench/workloads/gen_rows.py` writes them as CSV for `bench/compare.sh`).
//!
//! Run: `cargo bench --bench table` (or with a filter, e.g. `cargo bench --bench table -- group`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_engine::table::{format, io, load, Table, TableFormat};

const COUNTRIES: [&str; 8] = ["US", "CN", "FR", "GB", "DE", "JP", "IN", "CA"];

/// Row `i`: company, country, amount (a decimal with cents), year.
fn row(i: u64) -> (String, &'static str, Decimal, i64) {
    let company = format!("company_{:04}", (i * 7919) % 5000);
    let country = COUNTRIES[((i * 31) % 8) as usize];
    let cents = ((i * 104_729) % 1_000_000_000) as i64 + 100;
    (
        company,
        country,
        Decimal::new(cents, 2),
        2015 + (i % 10) as i64,
    )
}

fn generate(n: u64) -> Table {
    let rows = (0..n)
        .map(|i| {
            let (company, country, amount, year) = row(i);
            vec![
                Dynamic::from(company),
                Dynamic::from(country.to_string()),
                Dynamic::from_decimal(amount),
                Dynamic::from_int(year),
            ]
        })
        .collect();
    Table::new(
        vec![
            "company".into(),
            "country".into(),
            "amount".into(),
            "year".into(),
        ],
        rows,
    )
    .expect("generated rows are consistent")
}

fn queries(c: &mut Criterion) {
    let t = generate(100_000);
    c.bench_function("sort 100k rows by amount desc", |b| {
        b.iter(|| black_box(t.sort_by_column("amount", true).unwrap()))
    });
    c.bench_function("group_by country, sum amount, 100k rows", |b| {
        b.iter(|| black_box(t.group_by("country").unwrap().sum("amount").unwrap()))
    });
    c.bench_function(
        "group_by company (5000 groups), mean amount, 100k rows",
        |b| b.iter(|| black_box(t.group_by("company").unwrap().mean("amount").unwrap())),
    );
    let ten_thousand = generate(10_000);
    c.bench_function("render box 10k rows", |b| {
        b.iter(|| black_box(format::render_box(&ten_thousand, 120)))
    });
    c.bench_function("render box 100k rows", |b| {
        b.iter(|| black_box(format::render_box(&t, 120)))
    });
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    let path = path.to_str().unwrap().to_string();
    c.bench_function("save 100k rows to CSV", |b| {
        b.iter(|| {
            let text = format::render(&t, TableFormat::Csv, 120).unwrap();
            io::write_atomic(&path, text.as_bytes()).unwrap();
        })
    });
}

fn loading(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows_1m.csv");
    let path = path.to_str().unwrap().to_string();
    let text = format::render(&generate(1_000_000), TableFormat::Csv, 120).unwrap();
    io::write_atomic(&path, text.as_bytes()).unwrap();
    drop(text);
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("load_csv 1M rows", |b| {
        b.iter(|| black_box(load::load_csv(&path, &load::LoadOptions::default()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, queries, loading);
criterion_main!(benches);
