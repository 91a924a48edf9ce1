//! Resource limits: runaway scripts end by themselves with a message that names the limit and
//! how to raise it.

use assert_cmd::Command;
use predicates::prelude::*;

fn whatif() -> Command {
    Command::cargo_bin("whatif").unwrap()
}

#[test]
fn endless_loop_hits_the_operation_limit() {
    whatif()
        .args(["--max-ops", "1000000", "-e", "loop {}"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("limit of 1,000,000 operations"))
        .stderr(predicate::str::contains("--max-ops"));
}

#[test]
fn default_operation_limit_stops_an_endless_loop() {
    whatif()
        .args(["-e", "loop {}"])
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("operations"));
}

#[test]
fn wall_clock_budget_stops_a_script() {
    whatif()
        .args(["--max-ops", "0", "--timeout", "1", "-e", "loop {}"])
        .timeout(std::time::Duration::from_secs(60))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("time limit of 1 s"))
        .stderr(predicate::str::contains("--timeout"));
}

#[test]
fn runaway_recursion_hits_the_call_depth_limit() {
    whatif()
        .args(["-e", "fn down(n) { down(n + 1) } down(0)"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("deeper than 200 levels"))
        .stderr(predicate::str::contains("--max-call-depth"));
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
    whatif()
        .args(["-e", &code])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("nest deeper than"))
        .stderr(predicate::str::contains("--max-expr-depth"));
}

#[test]
fn a_billion_element_array_is_refused() {
    whatif()
        .args(["-e", "let a = []; a.pad(1_000_000_000, 0); a.len()"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("memory budget"))
        .stderr(predicate::str::contains("--max-memory"));
}

#[test]
fn unbounded_string_growth_is_stopped() {
    whatif()
        .args([
            "--max-memory",
            "64",
            "-e",
            "let s = \"x\"; loop { s += s; }",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("memory budget of 64 MiB"));
}

#[test]
fn per_value_limits_can_be_switched_on() {
    whatif()
        .args(["--max-array-len", "10", "-e", "let a = []; a.pad(100, 0);"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("limit of 10 elements"));
    whatif()
        .args([
            "--max-string-len",
            "8",
            "-e",
            "let s = \"abcdefgh\"; s += \"i\";",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("limit of 8 bytes"));
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
