//! The bad-input catalogue: each case ends with a one-line message and exit code 1 (the script
//! failed) or 2 (usage or I/O), never a panic (exit 101) or a crash.

use assert_cmd::Command;
use predicates::prelude::*;
use std::fs;

fn whatif() -> Command {
    Command::cargo_bin("whatif").unwrap()
}

/// Asserts the one-line `error:` message and the exit code; returns standard error.
fn fails_with(cmd: &mut Command, code: i32, needle: &str) -> String {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn empty_script_runs_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("empty.rhai");
    fs::write(&script, "").unwrap();
    whatif()
        .arg(&script)
        .assert()
        .success()
        .stdout("")
        .stderr("");
}

#[test]
fn binary_file_is_refused_as_not_text() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("image.rhai");
    fs::write(&script, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xd8").unwrap();
    fails_with(whatif().arg(&script), 2, "not UTF-8");
}

#[test]
fn text_with_nul_bytes_is_a_syntax_error_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("nul.rhai");
    fs::write(&script, "let a = 1;\n\u{0}\u{0}\n").unwrap();
    fails_with(whatif().arg(&script), 1, "nul.rhai:2:");
}

#[test]
fn a_ten_megabyte_script_runs() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("big.rhai");
    let mut code = String::with_capacity(10_500_000);
    let mut i = 0u64;
    while code.len() < 10_000_000 {
        code.push_str(&format!("let v{} = {i} * 2 + 0.5;\n", i % 100));
        i += 1;
    }
    code.push_str("print(v7);\n");
    fs::write(&script, code).unwrap();
    whatif().arg(&script).assert().success();
}

#[test]
fn unreadable_file_is_an_io_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("secret.rhai");
    fs::write(&script, "print(1)").unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o000)).unwrap();
    if fs::read(&script).is_ok() {
        // Running as root: permissions do not stop reading, so the script simply runs.
        whatif().arg(&script).assert().success().stdout("1\n");
    } else {
        fails_with(whatif().arg(&script), 2, "permission denied");
    }
}

#[test]
fn decimal_overflow_and_division_by_zero_fail_with_exit_1() {
    fails_with(
        whatif().args(["-e", "79228162514264337593543950335 + 1"]),
        1,
        "outside the decimal range",
    );
    fails_with(whatif().args(["-e", "1.5 * 0 / 0"]), 1, "Division by zero");
    fails_with(whatif().args(["-e", "10 % 0"]), 1, "zero");
    fails_with(whatif().args(["-e", "0 ** -1"]), 1, "Division by zero");
    fails_with(whatif().args(["-e", "(-8) ** 0.5"]), 1, "negative");
}

#[test]
fn a_missing_file_a_directory_and_a_bad_flag_exit_2() {
    fails_with(whatif().arg("no/such/script.rhai"), 2, "no such file");
    let dir = tempfile::tempdir().unwrap();
    fails_with(whatif().arg(dir.path()), 2, "directory");
    whatif()
        .arg("--max-ops")
        .arg("lots")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("invalid value"));
}
