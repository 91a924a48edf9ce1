//! Parquet as other tools read and write it: whatif's files checked with pyarrow, polars and
//! DuckDB, and their files (snappy and zstd, decimals of every width, dates, timestamps, doubles,
//! nulls) loaded by whatif with every digit. Skipped with a message where Python is absent.

use std::path::PathBuf;
use std::process::Command;

use crate::common::{python_with, whatif};

fn peers() -> Option<PathBuf> {
    python_with("parquet", &["duckdb", "polars", "pyarrow", "pandas"])
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/python/parquet_peers.py")
}

/// What whatif prints as JSON for `code`, run in `dir`.
fn json_in(dir: &std::path::Path, code: &str) -> serde_json::Value {
    let out = whatif()
        .current_dir(dir)
        .args(["-e", code, "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn what_whatif_writes_reads_the_same_in_pyarrow_polars_and_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    whatif()
        .current_dir(dir.path())
        .args(["-e", "funding_rounds", "-o", "rounds.parquet"])
        .assert()
        .success();
    let Some(python) = peers() else { return };
    let out = Command::new(python)
        .arg(script())
        .args(["read", dir.path().join("rounds.parquet").to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = json_in(dir.path(), "funding_rounds.len()")
        .as_i64()
        .unwrap();
    assert_eq!(seen["duckdb_count"].as_i64(), Some(rows));
    assert_eq!(seen["polars_shape"][0].as_i64(), Some(rows));
    let amount_type = seen["schema"]["amount"].as_str().unwrap();
    assert!(amount_type.starts_with("decimal128(38,"), "{amount_type}");
    assert_eq!(seen["schema"]["currency"].as_str(), Some("string"));
    assert!(seen["metadata"]["whatif.money"]
        .as_str()
        .unwrap()
        .contains("amount"));
    // Every amount, as exact text, equals whatif's own.
    let ours = json_in(
        dir.path(),
        "funding_rounds.column(\"amount\").map(|m| if m == () { \"null\" } else { exact(m.value) })",
    );
    let theirs: Vec<String> = seen["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| match r["amount"].as_str() {
            Some(text) => text
                .parse::<rust_decimal::Decimal>()
                .unwrap()
                .normalize()
                .to_string(),
            None => "null".to_string(),
        })
        .collect();
    let ours: Vec<String> = ours
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    assert_eq!(theirs, ours);
}

#[test]
fn files_from_duckdb_polars_and_pandas_load_with_every_digit() {
    let Some(python) = peers() else { return };
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(python)
        .arg(script())
        .args(["write", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Numbers are compared as whatif's exact text (JSON numbers would pass through a binary
    // float in the test's own reader).
    let cells = |file: &str, column: &str| -> Vec<String> {
        let code = format!(
            "load_parquet(\"{file}\").column(\"{column}\").map(|v| if v == () {{ \"null\" }} else {{ exact(v) }})"
        );
        json_in(dir.path(), &code)
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(cells("duckdb.parquet", "company"), ["OpenAI", "Moonshot"]);
    assert_eq!(
        cells("duckdb.parquet", "amount"),
        ["6600000000.125", "1000000000.5"]
    );
    assert_eq!(
        cells("duckdb.parquet", "closed"),
        ["2024-10-02", "2024-02-19"]
    );
    assert_eq!(cells("duckdb.parquet", "ratio"), ["0.1", "2.5"]);
    assert_eq!(cells("duckdb.parquet", "country"), ["US", "null"]);
    assert_eq!(
        cells("polars.parquet", "amount"),
        ["12345678901234567890.12", "-0.01"]
    );
    assert_eq!(cells("polars.parquet", "rounds"), ["3", "null"]);
    assert_eq!(
        cells("pandas.parquet", "share"),
        ["0.30000000000000004", "0.0000001"]
    );
    assert_eq!(
        cells("pandas.parquet", "at"),
        ["2024-12-06T09:30:15.25", "2000-01-01T00:00:00"]
    );
}

#[test]
fn a_parquet_round_trip_keeps_money_and_a_non_table_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let same = json_in(
        dir.path(),
        "save(funding_rounds, \"r.parquet\"); load_parquet(\"r.parquet\") == funding_rounds",
    );
    assert_eq!(same, serde_json::Value::Bool(true));
    crate::common::fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", "[1, 2]", "-o", "x.parquet"]),
        2,
        &["Parquet file holds a table"],
    );
    std::fs::write(dir.path().join("bad.parquet"), "not parquet").unwrap();
    crate::common::fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", "load_parquet(\"bad.parquet\")"]),
        1,
        &["cannot read \"bad.parquet\" as a Parquet file"],
    );
}
