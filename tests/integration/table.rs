//! Tables end to end: queries from scripts, every output format read back by an
//! independent parser, save → load round trips with exact decimals, atomic saves that leave
//! nothing behind on failure, loading errors with line numbers, and the box rendering (CJK
//! alignment, long-table elision) through the library and the `whatif` binary.

use std::cell::RefCell;
use std::path::Path;
use std::rc::Rc;

use unicode_width::UnicodeWidthStr;
use whatif_engine::file_policy::FilePolicy;
use whatif_engine::formats::Format;
use whatif_engine::table::{format, Table, TableResult};
use whatif_engine::{EngineConfig, Session};

/// The table as text in the format `name` of the engine's list.
fn render(t: &Table, name: &str, width: u16) -> TableResult<String> {
    Format::named(name).unwrap().table_text(t, width).unwrap()
}

use crate::common::{snapshot_lock, stdout_of, whatif};

/// An inline stand-in for the `funding_rounds` dataset (not merged yet): column order chosen
/// with `table(columns, rows)`.
const ROUNDS: &str = r#"
let rounds = table(["company", "currency", "amount", "year"], [
    ["OpenAI", "USD", 40_000_000_000, 2025],
    ["智谱 Zhipu", "CNY", 1_000_000_000.5, 2024],
    ["月之暗面 Moonshot", "CNY", 7_100_000_000, 2024],
    ["Anthropic", "USD", 13_000_000_000, 2025],
    ["百川 Baichuan", "CNY", (), 2023],
    ["Mistral, \"FR\"", "EUR", 12345678901234567.89, 2024],
]);
"#;

/// Runs `code` after `ROUNDS`; returns the final value and everything printed.
fn run(code: &str) -> (rhai::Dynamic, Vec<String>) {
    let printed = Rc::new(RefCell::new(Vec::new()));
    let sink = printed.clone();
    let mut session = Session::new(
        &EngineConfig::default(),
        Rc::new(move |text: &str| sink.borrow_mut().push(text.to_string())),
        Rc::new(|_| {}),
    );
    // These tests save and load in temporary folders; the policy has tests of its own.
    session.set_file_policy(FilePolicy::unrestricted());
    let source = format!("{ROUNDS}\n{code}");
    let value = match session.eval(&source, "<test>") {
        Ok(v) => v,
        Err(e) => panic!("script failed:\n{}", session.render_error(&e)),
    };
    let out = printed.borrow().clone();
    (value, out)
}

/// The rendered error of `code` after `ROUNDS`, which must fail.
fn run_err(code: &str) -> String {
    let mut session = crate::common::session();
    // These tests save and load in temporary folders; the policy has tests of its own.
    session.set_file_policy(FilePolicy::unrestricted());
    match crate::common::eval_in(&mut session, &format!("{ROUNDS}\n{code}")) {
        Ok(value) => panic!("{code} should fail but gave {value}"),
        Err(error) => error,
    }
}

fn table(code: &str) -> Table {
    run(code).0.try_cast::<Table>().expect("a table")
}

fn script_path(path: &Path) -> String {
    path.to_str().unwrap().replace('\\', "/")
}

#[test]
fn queries_chain_as_methods() {
    let t = table(
        r#"rounds.filter(|r| r.currency == "CNY").sort("amount", "desc").select(["company", "amount"])"#,
    );
    assert_eq!(t.columns(), ["company", "amount"]);
    let names: Vec<String> = t.rows().iter().map(|r| r[0].to_string()).collect();
    assert_eq!(names, ["月之暗面 Moonshot", "智谱 Zhipu", "百川 Baichuan"]);

    let (v, _) = run(r#"
        let by = rounds.group_by("currency");
        assert_eq(by.sum("amount").column("amount"), [53_000_000_000, 8_100_000_000.5, 12345678901234567.89]);
        assert_eq(by.count().column("count"), [2, 3, 1]);
        assert_eq(by.mean("amount").row(1).amount, 4_050_000_000.25);
        assert_eq(rounds.sum("amount"), 12345740001234568.39);
        let joined = rounds.left_join(table(["currency", "rate"], [["CNY", 0.14], ["USD", 1]]), "currency");
        assert_eq(joined.column("rate"), [1, 0.14, 0.14, 1, 0.14, ()]);
        let p = rounds.pivot("currency", "year", "amount");
        assert_eq(p.columns(), ["currency", "2025", "2024", "2023"]);
        assert_eq(p.row(0)["2025"], 53_000_000_000);
        let u = rounds.head(2).union(rounds.tail(1));
        assert_eq(u.len(), 3);
        let t = rounds.add_column("big", |r| r.amount != () && r.amount > 5e9).drop(["year"]).rename("big", "large");
        assert_eq(t.column("large"), [true, false, true, true, false, true]);
        let n = 0;
        for r in rounds { n += 1; }
        assert_eq(n, 6);
        assert_eq(rounds[0].company, "OpenAI");
        rounds["currency"]
        "#);
    assert_eq!(v.into_array().unwrap().len(), 6);
}

#[test]
fn query_errors_name_the_column() {
    let err = run_err(r#"rounds.sort("amout")"#);
    assert!(
        err.contains(
            r#"no column "amout" (did you mean "amount"?); the columns are company, currency, amount, year"#
        ),
        "{err}"
    );
    let err = run_err(r#"rounds.filter(|r| r.amount)"#);
    assert!(err.contains("must return true or false"), "{err}");
    let err = run_err(r#"rounds.sum("company")"#);
    assert!(err.contains("non-number at row 0"), "{err}");
}

#[test]
fn csv_parses_back_to_the_same_table() {
    let t = table("rounds");
    let text = render(&t, "csv", 80).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap(),
        vec!["company", "currency", "amount", "year"]
    );
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(records.len(), t.len());
    for (record, row) in records.iter().zip(t.rows()) {
        let expected: Vec<String> = row
            .iter()
            .map(whatif_engine::table::cell::raw_text)
            .collect();
        assert_eq!(record, &expected);
    }
    assert_eq!(records[5][0], "Mistral, \"FR\"");
    assert_eq!(records[5][2], "12345678901234567.89");
    assert!(text.contains("\r\n"), "RFC 4180 line ends");
    // TSV is the same with tabs.
    let tsv = render(&t, "tsv", 80).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .from_reader(tsv.as_bytes());
    assert_eq!(reader.records().count(), t.len());
}

#[test]
fn json_and_jsonl_parse_with_serde_json_keeping_digits() {
    let t = table("rounds");
    let json = render(&t, "json", 80).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let rows = value.as_array().unwrap();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["company"], "OpenAI");
    assert!(rows[4]["amount"].is_null());
    // serde_json without arbitrary precision would round the number; the text keeps it.
    assert!(json.contains("\"amount\":12345678901234567.89"), "{json}");
    let jsonl = render(&t, "jsonl", 80).unwrap();
    for line in jsonl.lines() {
        let row: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(row.is_object());
    }
    assert_eq!(jsonl.lines().count(), 6);
}

#[test]
fn markdown_html_latex_have_their_shape() {
    let t = table("rounds");
    let md = render(&t, "markdown", 80).unwrap();
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines.len(), 2 + t.len());
    assert_eq!(lines[1], "| --- | --- | ---: | ---: |");
    assert!(lines.iter().all(|l| l.starts_with('|') && l.ends_with('|')));
    // Human formats show 12 significant digits (the whole part stays whole); CSV keeps all.
    assert!(md.contains("| 12,345,678,901,234,568 |"), "{md}");

    let html = render(&t, "html", 80).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<style>") && !html.contains("<script") && !html.contains("href="));
    assert_eq!(html.matches("<tr>").count(), 1 + t.len());
    assert!(html.contains("<td>Mistral, &quot;FR&quot;</td>"));
    assert!(html.trim_end().ends_with("</html>"));

    let tex = render(&t, "latex", 80).unwrap();
    assert!(tex.starts_with("\\begin{tabular}{llrr}\n"));
    assert!(tex.trim_end().ends_with("\\end{tabular}"));
    assert_eq!(tex.matches(" \\\\\n").count(), 1 + t.len());
}

#[test]
fn save_then_load_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let base = script_path(dir.path());
    let (ok, _) = run(&format!(
        r#"
        for ext in ["csv", "md", "json", "html", "tsv", "jsonl", "tex", "txt"] {{
            save(rounds, "{base}/x." + ext);
        }}
        save(rounds, "{base}/forced.txt", "csv");
        let back = load_csv("{base}/x.csv");
        assert(back == rounds, "csv round trip");
        assert_eq(back.row(5).amount, 12345678901234567.89);
        assert(load_json("{base}/x.json") == rounds, "json round trip");
        assert(load_csv("{base}/forced.txt") == rounds, "forced format");
        true
        "#
    ));
    assert!(ok.as_bool().unwrap());
    let csv_text = std::fs::read_to_string(dir.path().join("x.csv")).unwrap();
    assert!(csv_text.contains(",12345678901234567.89,"));
    assert!(std::fs::read_to_string(dir.path().join("x.md"))
        .unwrap()
        .starts_with("| company |"));
    assert!(std::fs::read_to_string(dir.path().join("x.txt"))
        .unwrap()
        .starts_with('┌'));
    // Only the files asked for: no temporary files left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 9);
}

#[test]
fn failed_saves_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = script_path(dir.path());
    let err = run_err(&format!(r#"save(rounds, "{base}/missing/x.csv")"#));
    assert!(
        err.contains("does not exist") && err.contains("missing/x.csv"),
        "{err}"
    );
    std::fs::create_dir(dir.path().join("folder.csv")).unwrap();
    let err = run_err(&format!(r#"save(rounds, "{base}/folder.csv")"#));
    assert!(err.contains("it is a folder"), "{err}");
    let err = run_err(&format!(r#"save(rounds, "{base}/x.xls")"#));
    assert!(err.contains("not the old .xls"), "{err}");
    let err = run_err(&format!(r#"save(rounds, "{base}/x.numbers")"#));
    assert!(err.contains("cannot tell the format"), "{err}");
    let err = run_err(&format!(r#"save(rounds, "{base}/missing/x.xlsx")"#));
    assert!(err.contains("does not exist"), "{err}");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["folder.csv"]);
    assert_eq!(
        std::fs::read_dir(dir.path().join("folder.csv"))
            .unwrap()
            .count(),
        0
    );
}

#[cfg(unix)]
#[test]
fn saving_without_permission_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    // Root ignores permissions; the check only means something for ordinary users.
    if std::fs::write(locked.join("probe"), b"x").is_ok() {
        return;
    }
    let err = run_err(&format!(
        r#"save(rounds, "{}/x.csv")"#,
        script_path(&locked)
    ));
    assert!(err.contains("permission denied"), "{err}");
    assert_eq!(std::fs::read_dir(&locked).unwrap().count(), 0);
}

#[test]
fn malformed_files_name_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        script_path(&p)
    };
    let ragged = write("ragged.csv", b"a,b\r\n1,2\r\n3,4,5\r\n");
    let err = run_err(&format!(r#"load_csv("{ragged}")"#));
    assert!(
        err.contains("ragged.csv:3: this row has 3 fields but the header has 2"),
        "{err}"
    );
    let quote = write("quote.csv", b"a,b\n1,\"open\n2,3\n");
    let err = run_err(&format!(r#"load_csv("{quote}")"#));
    assert!(err.contains("quote.csv:2:3: the quoted field"), "{err}");
    let latin1 = write("latin1.csv", b"name\nZ\xFCrich\n");
    let err = run_err(&format!(r#"load_csv("{latin1}")"#));
    assert!(err.contains("latin1.csv:2:2: not UTF-8"), "{err}");
    let shape = write("shape.json", b"[{\"a\": 1},\n 2]");
    let err = run_err(&format!(r#"load_json("{shape}")"#));
    assert!(
        err.contains("shape.json:2:2: invalid type: integer `2`"),
        "{err}"
    );
    let err = run_err(r#"load_csv("no/such/file.csv")"#);
    assert!(
        err.contains("cannot read \"no/such/file.csv\": no such file"),
        "{err}"
    );
}

#[test]
fn cjk_columns_align() {
    let (v, _) = run("rounds.to_string()");
    let text = v.into_string().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let box_lines = &lines[..lines.len() - 1];
    let width = UnicodeWidthStr::width(box_lines[0]);
    for line in box_lines {
        assert_eq!(UnicodeWidthStr::width(*line), width, "{text}");
    }
    // Column borders line up in display columns, not in chars.
    let border_at = |line: &str| -> Vec<usize> {
        let mut at = Vec::new();
        let mut col = 0;
        for ch in line.chars() {
            if "│┬┼┴├┤┌┐└┘".contains(ch) {
                at.push(col);
            }
            col += unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        }
        at
    };
    let expected = border_at(box_lines[0]);
    for line in box_lines {
        assert_eq!(border_at(line), expected, "{text}");
    }
    assert!(text.contains("月之暗面 Moonshot"));
}

#[test]
fn long_tables_show_head_and_tail() {
    let (v, _) = run(r#"
        let rows = [];
        for i in 0..1000 { rows.push([i, i * 1000]); }
        table(["i", "value"], rows).to_string()
        "#);
    let text = v.into_string().unwrap();
    assert!(
        text.ends_with("1,000 rows (40 shown) × 2 columns"),
        "{text}"
    );
    assert!(
        text.contains("│  19 │") && text.contains("│ 980 │"),
        "{text}"
    );
    assert!(
        !text.contains("│  20 │") && !text.contains("│ 979 │"),
        "{text}"
    );
    assert!(text.contains("│  …  │"), "{text}");
    // header 3 lines + 40 rows + elision + bottom + footer
    assert_eq!(text.lines().count(), 3 + 40 + 1 + 1 + 1, "{text}");
}

#[test]
fn print_show_and_charts() {
    let dir = tempfile::tempdir().unwrap();
    let svg = format!("{}/chart.svg", script_path(dir.path()));
    let (_, printed) = run(&format!(
        r#"
        let t = rounds.head(2);
        print(t);
        show(t.fmt_money("amount", "currency"));
        bar_chart(rounds, "company", "amount");
        save_chart(rounds.head(4), "company", "amount", "{svg}");
        "#
    ));
    assert_eq!(printed.len(), 3);
    assert!(printed[0].contains("40,000,000,000") && printed[0].ends_with("2 rows × 4 columns"));
    assert!(
        printed[1].contains("$40.0B") && printed[1].contains("¥10亿"),
        "{}",
        printed[1]
    );
    assert!(printed[2].contains("│████████████████████████████████████████ 12,345,678,901,234,568"));
    let svg_text = std::fs::read_to_string(dir.path().join("chart.svg")).unwrap();
    assert!(svg_text.starts_with("<svg") && svg_text.contains("月之暗面 Moonshot"));
    assert!(svg_text.contains("40,000,000,000"));
}

#[test]
fn box_rendering_snapshot() {
    let _snapshots = snapshot_lock();
    let t = table(r#"rounds.sort("amount", "desc")"#);
    insta::assert_snapshot!("rounds_box", format::render_box(&t, 100));
    insta::assert_snapshot!("rounds_box_narrow", format::render_box(&t, 44));
    insta::assert_snapshot!(
        "rounds_markdown_money",
        render(&t.fmt_money("amount", "currency").unwrap(), "markdown", 80).unwrap()
    );
}

const CLI_ROUNDS: &str = r#"table(["company", "currency", "amount"], [["OpenAI", "USD", 40e9], ["智谱", "CNY", 1_000_000_000.5], ["月之暗面", "CNY", 7.1e9], ["Mistral, FR", "EUR", 12345678901234567.89]])"#;

#[test]
fn acceptance_filter_sort_renders_a_box_and_csv_with_the_same_rows() {
    let code = format!(r#"{CLI_ROUNDS}.filter(|r| r.currency == "CNY").sort("amount", "desc")"#);
    let text = stdout_of(&["-e", &code]);
    assert!(text.starts_with('┌'), "{text}");
    assert!(
        text.contains(
            "│ 月之暗面 │ CNY      │ 7,100,000,000   │\n│ 智谱     │ CNY      │ 1,000,000,000.5 │"
        ),
        "{text}"
    );
    assert!(text.trim_end().ends_with("2 rows × 3 columns"), "{text}");

    let out = stdout_of(&["-e", &code, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        rows,
        [
            ["月之暗面", "CNY", "7100000000"],
            ["智谱", "CNY", "1000000000.5"]
        ]
    );
}

#[test]
fn output_file_takes_its_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("top.md");
    whatif()
        .args(["-e", CLI_ROUNDS, "-o", md.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .starts_with("| company | currency | amount |"));
    let forced = dir.path().join("top.md.txt");
    whatif()
        .args([
            "-e",
            CLI_ROUNDS,
            "-o",
            forced.to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .success();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&forced).unwrap()).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 4);
    // A missing folder is an I/O problem: exit 2, no file.
    whatif()
        .args([
            "-e",
            CLI_ROUNDS,
            "-o",
            dir.path().join("nope/x.csv").to_str().unwrap(),
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("does not exist"));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// The `typst` format: one registry entry, reached by `--format`, `-o x.typ`, `save` and
/// `to_string`; its cells read as markdown's (money views, grouping, display digits).
#[test]
fn typst_table_snapshot() {
    let _snapshots = snapshot_lock();
    let view = format!(r#"{CLI_ROUNDS}.fmt_money("amount", "currency")"#);
    let typ = stdout_of(&["-e", &view, "--format", "typst"]);
    insta::assert_snapshot!("rounds_typst_money_view", typ);
    let money = r#"table(["company", "amount", "note"], [["OpenAI", usd(40e9), "*lead* #1"], ["智谱", cny(1_000_000_000.5), "[A] $5 <x>"], ["Mistral", eur(12345678901234567.89), ()]])"#;
    let typ = stdout_of(&["-e", money, "--format", "typst"]);
    insta::assert_snapshot!("rounds_typst_money", typ);
    let plain = stdout_of(&["-e", CLI_ROUNDS, "--format", "typst"]);
    insta::assert_snapshot!("rounds_typst", plain);
    let md = stdout_of(&["-e", CLI_ROUNDS, "--format", "markdown"]);
    for line in md.lines().skip(2) {
        for cell in line.trim_matches('|').split(" | ") {
            let cell = cell.trim().replace('-', "\\-");
            assert!(
                plain.contains(&format!("[{cell}]")),
                "{cell} not in\n{plain}"
            );
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rounds.typ");
    stdout_of(&["-e", CLI_ROUNDS, "-o", file.to_str().unwrap()]);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap().trim_end(),
        plain.trim_end()
    );
    let saved = dir.path().join("saved.txt");
    let code = format!(
        r#"let t = {CLI_ROUNDS}; save(t, "{}", "typ"); t.to_string("typst")"#,
        saved.display()
    );
    let text = whatif()
        .args(["--allow-path", dir.path().to_str().unwrap(), "-e", &code])
        .output()
        .unwrap();
    assert!(
        text.status.success(),
        "{}",
        String::from_utf8_lossy(&text.stderr)
    );
    assert_eq!(
        String::from_utf8(text.stdout).unwrap().trim_end(),
        plain.trim_end()
    );
    assert_eq!(
        std::fs::read_to_string(&saved).unwrap().trim_end(),
        plain.trim_end()
    );
}

#[test]
fn ragged_csv_through_the_binary_exits_1_with_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rounds.csv");
    std::fs::write(&path, "company,amount\nOpenAI,40\nxAI,6,extra\n").unwrap();
    assert!(path.exists());
    whatif()
        .current_dir(dir.path())
        .args(["-e", r#"load_csv("rounds.csv")"#])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "rounds.csv:3: this row has 3 fields but the header has 2",
        ));
}

#[test]
fn scalars_keep_text_and_json_formats() {
    whatif()
        .args(["-e", "0.1 + 0.2", "--format", "csv"])
        .assert()
        .success()
        .stdout("0.3\n");
    whatif()
        .args(["-e", r#"[#{a: 1}, #{a: 2.5}]"#, "--format", "csv"])
        .assert()
        .success()
        .stdout("a\r\n1\r\n2.5\r\n");
}
