//! Resource limits: runaway scripts end by themselves with a message that names the limit and
//! how to raise it.

use std::time::Duration;

use crate::common::{eval_fails, fails_with, whatif};

#[test]
fn endless_loop_hits_the_operation_limit() {
    fails_with(
        whatif().args(["--max-ops", "1000000", "-e", "loop {}"]),
        1,
        &["limit of 1,000,000 operations", "--max-ops"],
    );
}

#[test]
fn default_operation_limit_stops_an_endless_loop() {
    fails_with(
        whatif()
            .args(["-e", "loop {}"])
            .timeout(Duration::from_secs(120)),
        1,
        &["operations"],
    );
}

#[test]
fn wall_clock_budget_stops_a_script() {
    fails_with(
        whatif()
            .args(["--max-ops", "0", "--timeout", "1", "-e", "loop {}"])
            .timeout(Duration::from_secs(60)),
        1,
        &["time limit of 1 s", "--timeout"],
    );
}

#[test]
fn runaway_recursion_hits_the_call_depth_limit() {
    eval_fails(
        "fn down(n) { down(n + 1) } down(0)",
        &["deeper than 200 levels", "--max-call-depth"],
    );
}

#[test]
fn a_raised_call_depth_ends_in_a_message_not_a_stack_overflow() {
    // The stack runs out before 60,000 levels (in a debug build after a few thousand): the
    // script stops with a message instead of the process aborting.
    fails_with(
        whatif()
            .args([
                "--max-call-depth",
                "60000",
                "-e",
                "fn down(n) { down(n + 1) } down(0)",
            ])
            .timeout(Duration::from_secs(120)),
        1,
        &[
            "nested deeper than whatif's stack holds",
            "--max-call-depth",
        ],
    );
    // Within what the stack holds, a raised limit still lets a deep recursion finish.
    whatif()
        .args([
            "--max-call-depth",
            "60000",
            "-e",
            "fn depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } } depth(1000)",
        ])
        .timeout(Duration::from_secs(120))
        .assert()
        .success()
        .stdout("1000\n");
}

#[test]
fn legitimate_recursion_runs() {
    whatif()
        .args([
            "-e",
            "fn fib(n) { if n < 2 { n } else { fib(n - 1) + fib(n - 2) } } fib(20)",
        ])
        .assert()
        .success()
        .stdout("6765\n");
    whatif()
        .args([
            "-e",
            "fn depth(n) { if n == 0 { 0 } else { 1 + depth(n - 1) } } depth(150)",
        ])
        .assert()
        .success()
        .stdout("150\n");
}

#[test]
fn ten_thousand_nested_parentheses_are_a_syntax_error() {
    let code = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    fails_with(
        whatif().args(["-e", &code]),
        1,
        &["nest deeper than", "--max-expr-depth"],
    );
}

#[test]
fn a_billion_element_array_is_refused() {
    eval_fails(
        "let a = []; a.pad(1_000_000_000, 0); a.len()",
        &["memory budget", "--max-memory"],
    );
}

#[test]
fn unbounded_string_growth_is_stopped() {
    fails_with(
        whatif().args([
            "--max-memory",
            "64",
            "-e",
            "let s = \"x\"; loop { s += s; }",
        ]),
        1,
        &["memory budget of 64 MiB"],
    );
}

#[test]
fn per_value_limits_can_be_switched_on() {
    fails_with(
        whatif().args(["--max-array-len", "10", "-e", "let a = []; a.pad(100, 0);"]),
        1,
        &["limit of 10 elements"],
    );
    fails_with(
        whatif().args([
            "--max-string-len",
            "8",
            "-e",
            "let s = \"abcdefgh\"; s += \"i\";",
        ]),
        1,
        &["limit of 8 bytes"],
    );
}

#[test]
fn limits_are_documented_in_help() {
    let help = whatif().arg("--help").output().unwrap().stdout;
    let help = String::from_utf8(help).unwrap();
    for flag in [
        "--max-ops",
        "--timeout",
        "--max-call-depth",
        "--max-expr-depth",
        "--max-memory",
        "--max-string-len",
        "--max-array-len",
        "--max-map-len",
    ] {
        assert!(help.contains(flag), "--help does not mention {flag}");
    }
}

#[test]
fn the_timeout_reaches_a_loop_of_monte_carlo_runs() {
    // Each run calls its closure a million times, each call too short for Rhai's own count of
    // operations to reach the clock.
    fails_with(
        whatif()
            .args([
                "--timeout",
                "2",
                "-e",
                "let flows = [-100, 50, 60]; for i in 0..1000 { monte_carlo(1_000_000, 42, |rng| npv(rng.normal(0.08, 0.02), flows)); }",
            ])
            .timeout(Duration::from_secs(120)),
        1,
        &["time limit of 2 s"],
    );
}

#[test]
fn the_timeout_holds_while_memory_doubles() {
    // With no memory budget, each `s += s` takes longer than the last; the clock is read as
    // memory grows, not only every 4096 operations (once: 23 GB before the kernel stepped in).
    fails_with(
        whatif()
            .args([
                "--max-memory",
                "0",
                "--timeout",
                "1",
                "-e",
                r#"let s = "x"; loop { s += s; }"#,
            ])
            .timeout(Duration::from_secs(120)),
        1,
        &["time limit of 1 s"],
    );
}

#[test]
fn a_csv_load_stops_at_the_timeout() {
    let mut rows = String::from("a,b,c\n");
    for i in 0..1_000_000 {
        rows.push_str(&format!("{i},x{},{i}.5\n", i % 100));
    }
    let dir = crate::common::folder_with(&[("rows.csv", rows.as_bytes())]);
    fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["--timeout", "1", "-e", r#"load_csv("rows.csv").len()"#])
            .timeout(Duration::from_secs(120)),
        1,
        &["time limit of 1 s"],
    );
}

#[test]
fn a_csv_of_two_hundred_thousand_columns_loads_in_linear_time() {
    // The header's names were checked for repeats each against all before it.
    let n = 200_000;
    let header: Vec<String> = (0..n).map(|i| format!("c{i}")).collect();
    let values: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    let text = format!("{}\n{}\n", header.join(","), values.join(","));
    let dir = crate::common::folder_with(&[("wide.csv", text.as_bytes())]);
    whatif()
        .current_dir(dir.path())
        .args([
            "--timeout",
            "60",
            "-e",
            r#"let t = load_csv("wide.csv"); t.columns().len()"#,
        ])
        .timeout(Duration::from_secs(120))
        .assert()
        .success()
        .stdout("200000\n");
}
