//! What people read and what files keep: numbers at 12 significant digits on
//! screen and every digit in files, `--digits`, tables laid out for memos, and Excel workbooks
//! that read back cell by cell.

use crate::common::{fails_with, run_in_dir, snapshot_lock, stdout_of, whatif};

/// What `whatif ARGS` prints, without the final newline; the run must succeed.
fn shown(args: &[&str]) -> String {
    stdout_of(args).trim_end().to_string()
}

/// Significant digits of a plain number's text (`0.0805` has 3).
fn significant_digits(number: &str) -> usize {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let trimmed = digits.trim_start_matches('0');
    if number.contains('.') {
        trimmed.len()
    } else {
        trimmed.trim_end_matches('0').len()
    }
}

#[test]
fn one_third_shows_twelve_digits_and_files_and_exact_keep_all() {
    assert_eq!(shown(&["-e", "1/3"]), "0.333333333333");
    assert_eq!(shown(&["-e", "2 ** 0.5"]), "1.41421356237");
    assert_eq!(
        shown(&["--digits", "exact", "-e", "1/3"]),
        "0.3333333333333333333333333333"
    );
    assert_eq!(
        shown(&["-e", "1/3", "--format", "json"]),
        "0.3333333333333333333333333333"
    );
    assert_eq!(
        shown(&["--digits", "4", "-e", "[1/3, 100000000000, 0.3]"]),
        "[0.3333, 100000000000, 0.3]"
    );
    assert_eq!(
        shown(&["-e", "convert_usd(yi(821.29), 2024)"]),
        // 11424259285.018778689664765614 at 12 significant digits is 11424259285.0.
        "11424259285"
    );
    // String conversion rounds for display; exact() keeps the whole value.
    assert_eq!(
        shown(&["-e", r#"let x = 1/3; `${x} ` + x + " " + exact(x)"#]),
        "0.333333333333 0.333333333333 0.3333333333333333333333333333"
    );
}

#[test]
fn bad_digits_say_what_is_allowed() {
    fails_with(
        whatif().args(["--digits", "0", "-e", "1"]),
        2,
        &["from 1 to 28", "exact"],
    );
}

#[test]
fn machine_formats_and_files_never_round() {
    let code = r#"table(["x"], [[1/3]])"#;
    for format in ["csv", "tsv", "json", "jsonl"] {
        let out = shown(&["-e", code, "--format", format]);
        assert!(
            out.contains("0.3333333333333333333333333333"),
            "{format}: {out}"
        );
    }
    let boxed = shown(&["-e", code]);
    assert!(boxed.contains("│ 0.333333333333 │"), "{boxed}");
    let dir = tempfile::tempdir().unwrap();
    for name in ["x.csv", "x.json", "third.txt"] {
        let path = dir.path().join(name);
        let value = if name == "third.txt" { "1/3" } else { code };
        stdout_of(&["-e", value, "-o", path.to_str().unwrap()]);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("0.3333333333333333333333333333"),
            "{name}: {text}"
        );
    }
}

#[test]
fn a_monte_carlo_summary_shows_every_column_at_80_and_160() {
    let code = "monte_carlo(1000, 42, |rng| rng.normal(0.08, 0.02))";
    for width in ["80", "160"] {
        let out = shown(&["--width", width, "-e", code]);
        for column in ["output", "mean", "sd", "p5", "p50", "p95", "min", "max"] {
            assert!(
                out.contains(&format!("│ {column} ")),
                "{column} at {width}:\n{out}"
            );
        }
        assert!(!out.contains("not shown"), "{out}");
        for line in out.lines() {
            assert!(line.chars().count() <= width.parse().unwrap(), "{line}");
            for word in line.split(['│', ' ']) {
                if word.parse::<f64>().is_ok() {
                    assert!(significant_digits(word) <= 12, "{word} in {line}");
                }
            }
        }
    }
}

#[test]
fn display_rules_snapshots() {
    let _snapshots = snapshot_lock();
    let aligned = shown(&[
        "-e",
        r#"table(["name", "rate", "value"], [["a", 0.1, 100], ["b", 0.04, 66.66], ["c", (), 1/3]])"#,
    ]);
    insta::assert_snapshot!("decimal_points_line_up", aligned);
    let formatted = shown(&[
        "-e",
        r#"pledges.select(["id", "amount", "jobs"]).add_column("share", |r| r.amount / usd(150e9)).format(#{amount: "bn", share: "pct1", jobs: "int"})"#,
        "--format",
        "markdown",
    ]);
    insta::assert_snapshot!("column_formats_markdown", formatted);
    let wrapped = shown(&[
        "--width",
        "80",
        "-e",
        r#"funding_rounds.select(["id", "entity", "name_zh", "country", "date", "round", "amount", "currency", "investor_count", "note"]).head(3)"#,
    ]);
    insta::assert_snapshot!("wide_table_wraps_onto_blocks", wrapped);
    let row = shown(&["-e", "pledges.row(0)"]);
    insta::assert_snapshot!("dataset_row_in_column_order", row);
    let describe = shown(&["-e", r#"describe("pledges")"#]);
    insta::assert_snapshot!("describe_lists_columns_and_sources", describe);
}

#[test]
fn a_workbook_reads_back_cell_by_cell() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| run_in_dir(dir.path(), args);
    run(&["-e", "funding_rounds", "-o", "r.xlsx"]);
    let (out, _) = run(&[
        "-e",
        r#"let t = load_xlsx("r.xlsx"); assert_eq(t.columns(), funding_rounds.columns()); assert(t == funding_rounds); t.len()"#,
    ]);
    assert_eq!(out.trim(), "18");
    run(&["-e", "pledges", "--format", "xlsx", "-o", "p.data"]);
    // A column of bare years (`deploy_by`: 2029) is text in a workbook and reads back as that
    // text (a postal code looks the same); every other column reads back equal.
    let (out, _) = run(&[
        "-e",
        r#"let t = load_xlsx("p.data"); let keep = pledges.columns().filter(|c| c != "deploy_by");
           t.select(keep) == pledges.select(keep) && t.row(1).deploy_by == "2029""#,
    ]);
    assert_eq!(out.trim(), "true");
    let (out, _) = run(&[
        "-e",
        r#"save_xlsx(#{rounds: funding_rounds, pledges: pledges}, "two.xlsx");
           let keep = pledges.columns().filter(|c| c != "deploy_by");
           [load_xlsx("two.xlsx", "pledges").select(keep) == pledges.select(keep), load_xlsx("two.xlsx", #{sheet: "rounds"}) == funding_rounds]"#,
    ]);
    assert_eq!(out.trim(), "[true, true]");
}

#[test]
fn long_numbers_in_a_workbook_get_one_note_or_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let run = |code: &str| run_in_dir(dir.path(), &["-e", code]);
    let t = r#"table(["name", "amount"], [["a", 1/3], ["b", 2/3], ["c", 0.5]])"#;
    let (_, stderr) = run(&format!(r#"save({t}, "long.xlsx")"#));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("note: Excel holds 15 significant digits: column \"amount\" from Sheet1!B2 on is rounded"),
        "{stderr}"
    );
    let (out, stderr) = run(&format!(
        r#"save_xlsx(#{{s: {t}}}, "text.xlsx", #{{exact_text: true}}); exact(load_xlsx("text.xlsx").row(0).amount)"#
    ));
    assert_eq!(stderr, "");
    assert_eq!(out.trim(), "0.3333333333333333333333333333");
}

#[test]
fn workbook_mistakes_name_the_cause() {
    fails_with(
        whatif().args(["-e", "1", "--format", "xlsx"]),
        2,
        &["binary file", "-o FILE.xlsx"],
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.xlsx");
    fails_with(
        whatif().args(["-e", "1/3", "-o", out.to_str().unwrap()]),
        2,
        &["must be a table, or a map of tables", "not a number"],
    );
    assert!(!out.exists());
    std::fs::write(dir.path().join("bad.xlsx"), b"not a zip").unwrap();
    fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", r#"load_xlsx("bad.xlsx")"#]),
        1,
        &["cannot read \"bad.xlsx\": it is not an xlsx workbook"],
    );
}

#[test]
fn workbook_money_keeps_its_currency_without_a_currency_column() {
    let dir = tempfile::tempdir().unwrap();
    let run = |code: &str| run_in_dir(dir.path(), &["-e", code]).0.trim().to_string();
    // Mixed currencies and no `currency` column: the codes go in a recorded `price_currency`
    // column, which reading drops again.
    let t = r#"table([#{name: "a", price: usd(1.25)}, #{name: "b", price: jpy(300)}, #{name: "c", price: ()}])"#;
    run(&format!(r#"save({t}, "p.xlsx")"#));
    assert_eq!(
        run(&format!(
            r#"let back = load_xlsx("p.xlsx"); [back.columns(), back == {t}]"#
        )),
        r#"[["name", "price"], true]"#
    );
    // A workbook written elsewhere: the money option builds money from a column or a code.
    run(r#"save(table([#{item: "x", cost: 2.5, ccy: "EUR"}]), "plain.xlsx")"#);
    assert_eq!(
        run(
            r#"[load_xlsx("plain.xlsx", #{money: #{cost: "ccy"}}).row(0).cost, load_xlsx("plain.xlsx", #{money: #{cost: "GBP"}}).row(0).cost]"#
        ),
        "[2.5 EUR, 2.5 GBP]"
    );
    // The record sheet is not a sheet of the user's.
    let stderr = fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", r#"load_xlsx("p.xlsx", "nope")"#]),
        1,
        &["its sheets are Sheet1"],
    );
    assert!(!stderr.contains("_whatif_money"), "{stderr}");
}
