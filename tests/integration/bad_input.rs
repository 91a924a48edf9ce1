//! The bad-input catalogue: each case ends with a one-line message and exit code 1 (the script
//! failed) or 2 (usage or I/O), never a panic (exit 101) or a crash.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

use crate::common::{eval_fails, fails_with, folder_with, script_file, whatif};

// --- the battery: mistakes an analyst makes, and what whatif says -------------------------------
//
// Each case runs `whatif -e CODE` and must fail with exit code 1, no panic, and a first line
// that names the cause and a fix. Messages this part of whatif writes are asserted exactly;
// messages other modules own are asserted by the words that name cause and fix.

/// Runs each `(code, exact first line)`; collects every mismatch before failing, so one run
/// shows them all.
pub(crate) fn each_says_exactly(cases: &[(&str, &str)]) {
    let mut wrong = Vec::new();
    for (code, expected) in cases {
        let out = whatif().args(["-e", code]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let first = stderr.lines().next().unwrap_or("");
        if out.status.code() != Some(1) || stderr.contains("panicked") || first != *expected {
            wrong.push(format!(
                "{code}\n  exit {:?}\n  expected: {expected}\n  got:      {first}",
                out.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Runs each `(code, words)`: exit code 1, no panic, and every word in the message.
pub(crate) fn each_names(cases: &[(&str, &[&str])]) {
    let mut wrong = Vec::new();
    for (code, words) in cases {
        let out = whatif().args(["-e", code]).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let missing: Vec<&&str> = words.iter().filter(|w| !stderr.contains(**w)).collect();
        if out.status.code() != Some(1)
            || stderr.contains("panicked")
            || !stderr.starts_with("error: ")
            || !missing.is_empty()
        {
            wrong.push(format!(
                "{code}\n  exit {:?}, missing {missing:?} in:\n{stderr}",
                out.status.code()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn misspelled_names_get_a_did_you_mean() {
    each_says_exactly(&[
        (
            "conver(100, \"USD\", \"CNY\")",
            "error: unknown function conver(integer, string, string); did you mean \
             convert(money, to[, date/period/year[, options]]) or convert(amount, from, to[, period/year[, options]]) or \
             convert(t, column, to[, period_or_column/year[, options]])?",
        ),
        (
            "Convert(100, \"USD\", \"CNY\")",
            "error: unknown function Convert(integer, string, string); did you mean \
             convert(money, to[, date/period/year[, options]]) or convert(amount, from, to[, period/year[, options]]) or \
             convert(t, column, to[, period_or_column/year[, options]])?",
        ),
        (
            "NPV(0.08, [-100, 60, 60])",
            "error: unknown function NPV(number, array); did you mean npv(flows, rate) or \
             npv(rate, flows/values) or npv(values, rate)?",
        ),
        (
            "fundng_rounds.len()",
            "error: unknown variable fundng_rounds; did you mean funding_rounds?",
        ),
        (
            "let revenue = 40; revenu * 2",
            "error: unknown variable revenu; did you mean revenue?",
        ),
        (
            "abc + 1",
            "error: unknown variable abc (define it first: let abc = …)",
        ),
        (
            "npv + 1",
            "error: npv is a function, not a variable: call it with its arguments, npv(…)",
        ),
        (
            "\"abc\".foo()",
            "error: unknown function foo(string) (`:functions WORD` at the prompt lists the \
             functions)",
        ),
        (
            "describe(\"fundng_rounds\")",
            "error: describe: unknown dataset \"fundng_rounds\"; did you mean \
             \"funding_rounds\"? known datasets: pledges, softbank_deals, funding_rounds, \
             valuations, funding_totals, stock_moves, forecasts, export_controls, timeline, \
             facts, fx_rates",
        ),
    ]);
    each_names(&[(
        "funding_rounds.fliter(|r| r.amount > 0)",
        &[
            "unknown function fliter(Table, function)",
            "did you mean",
            "filter(t, keep)",
        ],
    )]);
}

#[test]
fn a_known_function_with_the_wrong_arguments_lists_how_it_is_called() {
    each_says_exactly(&[
        (
            "convert(100, \"USD\")",
            "error: convert cannot take an integer and a string; it is called as \
             convert(money, to[, date/period/year[, options]]) or convert(amount, from, to[, period/year[, options]]) or \
             convert(t, column, to[, period_or_column/year[, options]])",
        ),
        (
            "npv(0.08)",
            "error: npv cannot take a number; it is called as npv(flows, rate) or npv(rate, \
             flows/values) or npv(values, rate)",
        ),
        (
            "fmt_money(100)",
            "error: fmt_money cannot take an integer; it is called as fmt_money(money) or \
             fmt_money(amount, currency[, style]) or fmt_money(t, column, currency)",
        ),
        (
            "round_half_up(1.234)",
            "error: round_half_up cannot take a number; it is called as \
             round_half_up(money, decimals) or round_half_up(x, decimals/digits)",
        ),
        (
            "load_csv(42)",
            "error: load_csv cannot take an integer; it is called as load_csv(path[, options])",
        ),
        (
            "table(5)",
            "error: table cannot take an integer; it is called as table(items) or \
             table(columns, rows)",
        ),
        (
            "sweep(|r| r, 5)",
            "error: sweep cannot take a function and an integer; it is called as sweep(f, \
             values)",
        ),
    ]);
}

#[test]
fn a_string_where_a_number_belongs_is_quoted_with_the_fix() {
    let fix = "(write numbers without quotes; parse_decimal(text) reads one from text)";
    each_says_exactly(&[
        (
            "convert(\"100\", \"USD\", \"CNY\")",
            &format!("error: convert's amount must be a number, not the string \"100\" {fix}"),
        ),
        (
            "npv(\"8%\", [-100, 60, 60])",
            &format!("error: npv's rate must be a number, not the string \"8%\" {fix}"),
        ),
        (
            "roi(\"a\", 100)",
            &format!("error: roi's cost must be a number, not the string \"a\" {fix}"),
        ),
        (
            "pct(\"5\")",
            &format!("error: pct's argument must be a number, not the string \"5\" {fix}"),
        ),
        (
            "set_fx(\"USD\", \"CNY\", \"seven\")",
            &format!("error: set_fx's rate must be a number, not the string \"seven\" {fix}"),
        ),
    ]);
}

#[test]
fn habits_from_excel_and_python_get_hints() {
    let formatting = "`%` does not format text in whatif: use fmt_pct(x), fmt_money(x, \"USD\") \
                      or round_half_up(x, 2)";
    each_says_exactly(&[
        (
            "5%",
            "error: syntax error: `5%` is not a percentage in whatif: write 0.05 or pct(5)",
        ),
        (
            "npv(8%, [-100, 60, 60])",
            "error: syntax error: `8%` is not a percentage in whatif: write 0.08 or pct(8)",
        ),
        (
            "let growth = 12.5 %; growth",
            "error: syntax error: `12.5 %` is not a percentage in whatif: write 0.125 or \
             pct(12.5)",
        ),
        (
            "\"%.2f\" % 0.125",
            &format!(
                "error: cannot take the remainder of a string divided by a number; {formatting}"
            ),
        ),
        (
            "let x = 3; \"Rate: %d\" % x",
            &format!(
                "error: cannot take the remainder of a string divided by an integer; \
                 {formatting}"
            ),
        ),
        (
            "funding_rounds.amount * 2",
            "error: cannot multiply an array by an integer (to work on each item: \
             values.map(|x| x * …))",
        ),
        (
            "\"abc\" - 1",
            "error: cannot subtract an integer from a string (to read a number from text use \
             parse_decimal(\"1.5\"))",
        ),
    ]);
}

#[test]
fn operators_on_the_wrong_kinds_speak_no_rust() {
    each_says_exactly(&[
        (
            "let target; target * 2",
            "error: cannot multiply nothing (an empty value, `()`) by an integer (an empty \
             value comes from an empty cell, a variable declared without a value, or a \
             function that returns nothing)",
        ),
        ("#{a: 1} + 1", "error: cannot add an integer to a map"),
        (
            "true + 1",
            "error: cannot add an integer to a true/false value",
        ),
        (
            "let a = [1]; a.label = \"x\"",
            "error: cannot set property label on an array (only a map takes new properties: \
             #{name: value})",
        ),
        (
            "#{a: 1}.b.c",
            "error: nothing (an empty value, `()`) has no property c (the value before the dot \
             is empty: a misspelled key or an empty cell?)",
        ),
        (
            "[1, 2, 3][5]",
            "error: there is no item [5]: the array has 3 items (the first is [0], the last \
             [-1])",
        ),
    ]);
    // No Rust type name reaches a message.
    for code in [
        "conver(1, \"a\", 2.5)",
        "\"a\" * \"b\"",
        "let x; x.y",
        "[1] - 1",
        "funding_rounds.group_by(\"currency\") + 1",
    ] {
        let stderr = eval_fails(code, &[]);
        for rust in [
            "i64",
            "ImmutableString",
            "&str",
            "Dynamic",
            "whatif_engine::",
            "decimal",
        ] {
            assert!(
                !stderr.contains(rust),
                "{rust} in the message of {code}:\n{stderr}"
            );
        }
    }
}

#[test]
fn brackets_are_reported_where_they_open_or_mismatch() {
    each_says_exactly(&[
        (
            "npv(0.08, [-100, 50, 60)",
            "error: syntax error: `)` does not close the `[` before it (write `]`, or close the \
             inner bracket first)",
        ),
        (
            "(1 + 2",
            "error: syntax error: this `(` is never closed (add its `)`)",
        ),
        ("1 + 2)", "error: syntax error: `)` closes no open bracket"),
        (
            "let a = 1; a +",
            "error: syntax error: the script ends in the middle of an expression: something \
             is missing after `+`",
        ),
    ]);
    // The unclosed bracket is shown where it opened; a note shows where the parser gave up.
    let stderr = eval_fails("let x = f(1,\n2;\nlet y = 3;", &["<expr>:1:10"]);
    assert!(
        stderr.contains("note: the parser gave up here") && stderr.contains("<expr>:2:2"),
        "{stderr}"
    );
}

#[test]
fn stdlib_helpers_fail_at_the_users_call() {
    each_says_exactly(&[
        (
            "section(2024)",
            "error: section: the title must be a string, not the integer 2024 (write it in \
             quotes)",
        ),
        (
            "key_values(\"a\")",
            "error: key_values: pass an array of [label, value] pairs, e.g. [[\"jobs\", \
             100_000]], not the string \"a\"",
        ),
        (
            "key_values([1, 2])",
            "error: key_values: each item must be a [label, value] pair, e.g. [\"jobs\", \
             100_000], not the integer 1",
        ),
        (
            "stake_value(\"half\", 100)",
            "error: stake_value: the stake (a fraction: 0.049 for 4.9%) must be a number, not \
             the string \"half\"",
        ),
        (
            "cost_per_job(\"a lot\", 3)",
            "error: cost_per_job: the amount must be a number or an amount such as usd(5e9), not the string \"a lot\"",
        ),
        (
            "annualize_months(\"x\", 6)",
            "error: annualize_months: the growth (a fraction: 1 for +100%) must be a number, \
             not the string \"x\"",
        ),
        (
            "deploy(100, 3, 4)",
            "error: deploy: the schedule (\"even\", \"front\" or \"s-curve\") must be a string, \
             not the integer 4 (write it in quotes)",
        ),
    ]);
    // The error points at the user's line, not into stdlib/*.rhai.
    let stderr = eval_fails("let a = 1;\nunderline(a)", &["--> <expr>:2:1"]);
    assert!(!stderr.contains("--> stdlib/"), "{stderr}");
}

#[test]
fn domain_mistakes_name_the_cause_and_the_fix() {
    each_names(&[
        (
            "convert(100, \"USD\", \"XYZ\")",
            &["unknown currency XYZ", "set_fx("],
        ),
        (
            "irr([100, 50])",
            &["never change sign", "payment and one receipt"],
        ),
        (
            "xirr([-100, 110], [\"2024-01-01\"])",
            &["2 amounts but 1 dates", "needs its date"],
        ),
        (
            "xirr([-100, 110], [\"2024-01-01\", \"2024-13-01\"])",
            &["no month 13"],
        ),
        ("funding_rounds.sum(\"amout\")", &["\"amout\"", "amount"]),
        (
            "funding_rounds.sort(\"amount\", \"up\")",
            &["\"asc\" or \"desc\"", "\"up\""],
        ),
        (
            "load_csv(\"missing.csv\")",
            &["missing.csv", "no such file"],
        ),
        ("save(funding_rounds, \"out.xyz\")", &["out.xyz", ".csv"]),
        ("roi(0, 100)", &["cost is 0"]),
        ("cagr(100, 200, 0)", &["years", "positive"]),
        ("deploy(100, 0, \"even\")", &["at least 1"]),
        ("deploy(100, 3, \"evn\")", &["\"evn\"", "\"even\""]),
        ("cost_per_job(100, 0)", &["jobs is 0"]),
        ("funding_rounds[100]", &["100", "18 rows"]),
    ]);
}

#[test]
fn usage_mistakes_exit_2_with_the_fix() {
    // clap suggests the format meant.
    let stderr = fails_with(
        whatif().args(["-e", "1", "--format", "jsno"]),
        2,
        &["'jsno'"],
    );
    assert!(
        stderr.contains("a similar value exists: 'json'"),
        "{stderr}"
    );
    fails_with(
        whatif().args(["-e", "1", "-o", "x.jsno"]),
        2,
        &["x.jsno", ".json"],
    );
    fails_with(whatif().arg("no_such_script.rhai"), 2, &["no such file"]);
}

#[test]
fn empty_script_runs_and_prints_nothing() {
    let (_dir, script) = script_file("empty.rhai", "");
    whatif()
        .arg(&script)
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn binary_file_is_refused_as_not_text() {
    let (_dir, script) = script_file("image.rhai", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8");
    fails_with(whatif().arg(&script), 2, &["not UTF-8"]);
}

#[test]
fn text_with_nul_bytes_is_a_syntax_error_not_a_crash() {
    let (_dir, script) = script_file("nul.rhai", "let a = 1;\n\u{0}\u{0}\n");
    fails_with(whatif().arg(&script), 1, &["nul.rhai:2:"]);
}

#[test]
fn a_ten_megabyte_script_runs() {
    let mut code = String::with_capacity(10_500_000);
    let mut i = 0u64;
    while code.len() < 10_000_000 {
        code.push_str(&format!("let v{} = {i} * 2 + 0.5;\n", i % 100));
        i += 1;
    }
    code.push_str("print(v7);\n");
    let (_dir, script) = script_file("big.rhai", code);
    whatif().arg(&script).assert().success();
}

#[test]
fn unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, script) = script_file("secret.rhai", "print(1)");
    fs::set_permissions(&script, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&script).is_ok() {
        // Running as root: permissions do not stop reading, so the script simply runs.
        whatif().arg(&script).assert().success().stdout("1\n");
    } else {
        fails_with(whatif().arg(&script), 2, &["permission denied"]);
    }
}

#[test]
fn decimal_overflow_and_division_by_zero_fail_with_exit_1() {
    eval_fails(
        "79228162514264337593543950335 + 1",
        &["outside the decimal range"],
    );
    eval_fails("1.5 * 0 / 0", &["Division by zero"]);
    eval_fails("10 % 0", &["zero"]);
    eval_fails("0 ** -1", &["Division by zero"]);
    eval_fails("(-8) ** 0.5", &["negative"]);
}

#[test]
fn a_missing_file_a_directory_and_a_bad_flag_exit_2() {
    fails_with(whatif().arg("no/such/script.rhai"), 2, &["no such file"]);
    let dir = tempfile::tempdir().unwrap();
    fails_with(whatif().arg(dir.path()), 2, &["directory"]);
    whatif()
        .arg("--max-ops")
        .arg("lots")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value"));
}

/// Runs `code` in a fresh folder holding `files`; returns the command ready to assert on.
fn in_folder(files: &[(&str, &[u8])], code: &str) -> (tempfile::TempDir, Command) {
    let dir = folder_with(files);
    let mut cmd = whatif();
    cmd.current_dir(dir.path()).args(["-e", code]);
    (dir, cmd)
}

#[test]
fn malformed_csv_names_the_line() {
    let (_d, mut cmd) = in_folder(&[("r.csv", b"a,b\n1,2\n3,4,5\n")], "load_csv(\"r.csv\")");
    fails_with(
        &mut cmd,
        1,
        &["r.csv:3: this row has 3 fields but the header has 2"],
    );
    let (_d, mut cmd) = in_folder(&[("q.csv", b"a,b\n1,\"open\n")], "load_csv(\"q.csv\")");
    fails_with(
        &mut cmd,
        1,
        &["q.csv:2:3: the quoted field that starts here is never closed"],
    );
    let (_d, mut cmd) = in_folder(&[("e.csv", b"")], "load_csv(\"e.csv\")");
    fails_with(&mut cmd, 1, &["the file is empty"]);
    let (_d, mut cmd) = in_folder(
        &[("bin.csv", b"a,b\n\xff\xfe,1\n")],
        "load_csv(\"bin.csv\")",
    );
    fails_with(&mut cmd, 1, &["bin.csv:2:1: not UTF-8"]);
    let (_d, mut cmd) = in_folder(&[], "load_csv(\"missing.csv\")");
    fails_with(&mut cmd, 1, &["no such file"]);
}

#[test]
fn csv_variants_that_are_fine_load() {
    let (_d, mut cmd) = in_folder(
        &[("bom.csv", b"\xef\xbb\xbfa,b\r\n1,2.50\r\n")],
        "let t = load_csv(\"bom.csv\"); [t.columns(), t.sum(\"b\")]",
    );
    cmd.assert().success().stdout("[[\"a\", \"b\"], 2.5]\n");
    let (_d, mut cmd) = in_folder(&[("h.csv", b"a,b\n")], "load_csv(\"h.csv\").len()");
    cmd.assert().success().stdout("0\n");
}

#[test]
fn text_in_a_numeric_column_is_a_clear_error_when_summed() {
    let (_d, mut cmd) = in_folder(
        &[("m.csv", b"a,b\n1,x\n2,3\n")],
        "load_csv(\"m.csv\").sum(\"b\")",
    );
    fails_with(&mut cmd, 1, &["column \"b\" has a non-number"]);
}

#[test]
fn json_of_the_wrong_shape_names_the_position() {
    let (_d, mut cmd) = in_folder(&[("o.json", b"{\"a\": 1}")], "load_json(\"o.json\")");
    fails_with(&mut cmd, 1, &["o.json:1:1"]);
    let (_d, mut cmd) = in_folder(&[("a.json", b"[1, 2]")], "load_json(\"a.json\")");
    fails_with(&mut cmd, 1, &["expected an object"]);
}

#[test]
fn impossible_dates_and_missing_rates_are_clear_errors() {
    eval_fails(
        "cagr(100, 121, \"2024-02-30\", \"2025-01-01\")",
        &["has no day 30"],
    );
    eval_fails(
        "convert_cny(100, 1998)",
        &[
            "set_fx(\"USD\", \"CNY\", rate, 1998)",
            "from 1999-01-04 to 2026-10-30",
        ],
    );
    eval_fails(
        "convert(100, \"USD\", \"XYZ\")",
        &["unknown currency XYZ: whatif has rates for AUD, BGN, BRL, CAD, CHF, CNY, "],
    );
}

#[test]
fn saving_into_a_missing_folder_or_onto_a_folder_leaves_no_file() {
    let (dir, mut cmd) = in_folder(&[], "save(table([#{a: 1}]), \"nofolder/x.csv\")");
    fails_with(&mut cmd, 1, &["does not exist"]);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    let (dir, mut cmd) = in_folder(&[], "save(table([#{a: 1}]), \"out.csv\")");
    fs::create_dir(dir.path().join("out.csv")).unwrap();
    fails_with(&mut cmd, 1, &["it is a folder"]);
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn saving_into_a_read_only_folder_fails_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, mut cmd) = in_folder(&[], "save(table([#{a: 1}]), \"ro/x.csv\")");
    let ro = dir.path().join("ro");
    fs::create_dir(&ro).unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
    if fs::write(ro.join("probe"), b"").is_ok() {
        // Running as root: permissions do not stop writing, so the save succeeds.
        fs::remove_file(ro.join("probe")).unwrap();
        cmd.assert().success();
        assert!(ro.join("x.csv").exists());
    } else {
        fails_with(&mut cmd, 1, &["permission denied"]);
        assert_eq!(fs::read_dir(&ro).unwrap().count(), 0);
    }
}

// --- quiet wrong answers made loud (columns, overflow, loading, paths, ranges) -----
// Each case: the mistake, and the words of the message that name the cause and the fix.

const ROUNDS_15: &str = r#"let t = table(["name", "currency", "amount"], [["OpenAI", "USD", 40e9], ["智谱", "CNY", 1e9]]);"#;

/// `whatif -e` with the small table above fails with each needle in its message.
fn rounds_fail(code: &str, needles: &[&str]) {
    eval_fails(&format!("{ROUNDS_15} {code}"), needles);
}

#[test]
fn misspelled_columns_name_the_right_one_in_every_verb() {
    let fix = "the columns are name, currency, amount";
    rounds_fail(
        r#"t.filter(|r| r.curency == "CNY")"#,
        &["no column \"curency\"", "did you mean \"currency\"?", fix],
    );
    rounds_fail(
        r#"t.filter(|r| r.Currency == "CNY")"#,
        &["no column \"Currency\"", "did you mean \"currency\"?", fix],
    );
    rounds_fail(
        r#"t.add_column("x2", |r| r.ammount * 2)"#,
        &[
            "no column \"ammount\"",
            "did you mean \"amount\"?",
            "(in row 0)",
        ],
    );
    rounds_fail(
        r#"t.sort("amont", "desc")"#,
        &["no column \"amont\"", "did you mean \"amount\"?", fix],
    );
    rounds_fail(
        r#"t.group_by("Currency").sum("amount")"#,
        &["no column \"Currency\"", "did you mean \"currency\"?"],
    );
    rounds_fail(
        r#"for r in t { print(r.nam) }"#,
        &["no column \"nam\"", "did you mean \"name\"?"],
    );
    eval_fails(
        r#"pledges.by_id("pledge-2024").ammount"#,
        &[
            "no column \"ammount\"",
            "did you mean \"amount\"?",
            "the columns are id,",
        ],
    );
    eval_fails(
        r#"sweep(|x| funding_rounds.filter(|r| r.currency == "USD" && r.amount > usd(x)).row(0).entitiy, [1e9])"#,
        &["no column \"entitiy\"", "did you mean \"entity\"?"],
    );
}

#[test]
fn a_row_cannot_grow_a_column_and_says_how_to_get_a_map() {
    rounds_fail(
        r#"let r = t.row(0); r.country = "US";"#,
        &["no column \"country\"", "let m = r.to_map(); m.country = …"],
    );
}

#[test]
fn integer_overflow_past_the_decimal_range_is_still_an_error() {
    // Past i64 the answer continues in decimal; only past the decimal range is it an error.
    eval_fails(
        "bn(20) * bn(20) * bn(20) * bn(20)",
        &[
            "Decimal overflow",
            "outside the decimal range (about ±7.9e28)",
        ],
    );
    eval_fails(
        "let x = 9223372036854775807; x *= x; x *= x;",
        &["outside the decimal range"],
    );
}

#[test]
fn load_options_that_do_not_exist_list_the_known_ones() {
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"a;b\n1;2\n")],
        r#"load_csv("r.csv", #{delimiter: ";"})"#,
    );
    fails_with(
        &mut cmd,
        1,
        &[
            "unknown option \"delimiter\"",
            "the options are separator, text, numbers",
        ],
    );
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"a;b\n1;2\n")],
        r#"load_csv("r.csv", #{separater: ";"})"#,
    );
    fails_with(&mut cmd, 1, &["did you mean separator?"]);
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"a,b\n1,2\n")],
        r#"load_csv("r.csv", #{numbers: "european"})"#,
    );
    fails_with(
        &mut cmd,
        1,
        &["numbers must be \"plain\" (the default) or \"excel\""],
    );
}

#[test]
fn load_options_that_name_missing_columns_or_bad_separators_say_so() {
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"zip,amount\n08123,1\n")],
        r#"load_csv("r.csv", #{text: ["Zip"]})"#,
    );
    fails_with(
        &mut cmd,
        1,
        &[
            "the text option names no column \"Zip\"",
            "did you mean \"zip\"?",
        ],
    );
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"a,b\n1,2\n")],
        r#"load_csv("r.csv", #{separator: "\n"})"#,
    );
    fails_with(
        &mut cmd,
        1,
        &["separator must be one character", "a line break"],
    );
    let (_d, mut cmd) = in_folder(
        &[("r.json", b"[]")],
        r#"load_json("r.json", #{separator: ";"})"#,
    );
    fails_with(&mut cmd, 1, &["separator applies to CSV files only"]);
}

#[test]
fn text_kept_numbers_fail_in_sums_at_their_file_line() {
    let (_d, mut cmd) = in_folder(
        &[("r.csv", b"name,amount\nA,1\nB,\"3,000\"\n")],
        r#"load_csv("r.csv").sum("amount")"#,
    );
    // The load's note comes first and offers the fix; the error names the file line.
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.starts_with(
            "note: r.csv: column \"amount\" has formatted numbers, kept as text: \"3,000\" (line \
             3); load with #{numbers: \"excel\"} to read them as numbers\n\
             error: column \"amount\" has a non-number at line 3 of r.csv: 3,000\n"
        ),
        "{err}"
    );
}

#[test]
fn a_missing_file_under_tilde_names_the_path_as_written() {
    let home = folder_with(&[]);
    fails_with(
        whatif()
            .current_dir(home.path())
            .env("HOME", home.path())
            .args(["-e", r#"load_csv("~/nope.csv")"#]),
        1,
        &["cannot read \"~/nope.csv\": no such file"],
    );
}

#[test]
fn range_and_linspace_mistakes_say_what_to_write() {
    eval_fails(
        "range(0.04, 0.12, -0.01)",
        &[
            "range: the step -0.01 goes away from the end",
            "needs a positive step",
        ],
    );
    eval_fails("range(0, 1, 0)", &["range: the step must not be 0"]);
    eval_fails(
        "linspace(0.04, 0.12, -9)",
        &["linspace: the count must be 0 or more"],
    );
    eval_fails(
        "linspace(0, 1, 100000000)",
        &["linspace: 100000000 values would be more than 10000000"],
    );
}
