//! Table benchmarks: sort, group-by and render on 100,000 rows, save 100,000 rows to
//! CSV, group-by on a loaded table's typed columns, and load a 1,000,000-row CSV file (alone,
//! with a group-by, and with its rows built). The data is generated deterministically by
//! `generate` (`bench/table_pandas.py` builds the same rows for the pandas comparison, see
//! `bench/table_pandas.sh`; `bench/workloads/gen_rows.py` writes them as CSV for `bench/compare.sh`).
//!
//! A 100,000-row workbook (written by `save_xlsx`) is loaded by `workbooks`.
//!
//! Run: `cargo bench --bench table` (or with a filter, e.g. `cargo bench --bench table -- group`).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_engine::formats::Format;
use whatif_engine::table::{format, io, load, xlsx, Table};

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

/// Files are written and read under a session's file policy: these benches allow every path.
fn unrestricted_files() -> whatif_engine::host::Entered {
    let host = whatif_engine::Host {
        files: std::rc::Rc::new(whatif_engine::file_policy::FilePolicy::unrestricted()),
        ..whatif_engine::Host::default()
    };
    host.enter(0)
}

fn queries(c: &mut Criterion) {
    let _files = unrestricted_files();
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
    let csv = Format::named("csv").unwrap();
    c.bench_function("save 100k rows to CSV", |b| {
        b.iter(|| {
            let text = csv.table_text(&t, 120).unwrap().unwrap();
            io::write_atomic(&path, text.as_bytes()).unwrap();
        })
    });
}

/// The rows as CSV text, as `bench/workloads/gen_rows.py` writes them (amounts with cents).
fn csv_text(n: u64) -> String {
    let mut text = String::from("company,country,amount,year\n");
    for i in 0..n {
        let (company, country, amount, year) = row(i);
        text.push_str(&format!("{company},{country},{amount},{year}\n"));
    }
    text
}

/// A loaded CSV table keeps typed columns (`table::columns`): group-by and sums read them
/// without building rows. Compare with `group_by country, sum amount, 100k rows` above, the
/// same rows stored as rows of script values.
fn column_store(c: &mut Criterion) {
    let loaded = load::parse_csv(
        &csv_text(100_000),
        "rows.csv",
        &load::LoadOptions::default(),
    )
    .expect("generated CSV loads");
    c.bench_function(
        "group_by country, sum amount, 100k loaded rows (typed columns)",
        |b| b.iter(|| black_box(loaded.group_by("country").unwrap().sum("amount").unwrap())),
    );
    c.bench_function(
        "group_by company (5000 groups), mean amount, 100k loaded rows (typed columns)",
        |b| b.iter(|| black_box(loaded.group_by("company").unwrap().mean("amount").unwrap())),
    );
    c.bench_function(
        "group_by year, sum amount, 100k loaded rows (typed columns)",
        |b| b.iter(|| black_box(loaded.group_by("year").unwrap().sum("amount").unwrap())),
    );
}

fn loading(c: &mut Criterion) {
    let _files = unrestricted_files();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows_1m.csv");
    let path = path.to_str().unwrap().to_string();
    io::write_atomic(&path, csv_text(1_000_000).as_bytes()).unwrap();
    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("load_csv 1M rows", |b| {
        b.iter(|| black_box(load::load_csv(&path, &load::LoadOptions::default()).unwrap()))
    });
    group.bench_function("load_csv 1M rows, group_by country, sum amount", |b| {
        b.iter(|| {
            let t = load::load_csv(&path, &load::LoadOptions::default()).unwrap();
            black_box(t.group_by("country").unwrap().sum("amount").unwrap())
        })
    });
    group.bench_function("load_csv 1M rows, then build its rows", |b| {
        b.iter(|| {
            let t = load::load_csv(&path, &load::LoadOptions::default()).unwrap();
            black_box(t.rows().len())
        })
    });
    group.finish();
}

/// Loading a 100,000-row workbook: the sheet's cells, then the formula scan (a workbook without
/// formulas, as most exports are), header search and notes.
fn workbooks(c: &mut Criterion) {
    let _files = unrestricted_files();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rows_100k.xlsx");
    let path = path.to_str().unwrap().to_string();
    let sheets = [("rows".to_string(), generate(100_000))];
    xlsx::save(&sheets, &path, xlsx::WriteOptions::default(), false).unwrap();
    let mut group = c.benchmark_group("xlsx");
    group.sample_size(10);
    group.bench_function("load_xlsx 100k rows", |b| {
        b.iter(|| black_box(xlsx::load(&path, &xlsx::ReadOptions::default()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, queries, column_store, loading, workbooks);
criterion_main!(benches);
