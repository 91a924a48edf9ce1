//! The binary as a user meets it: modes, arguments, exact numbers, errors and exit codes.

use predicates::prelude::*;

use crate::common::{eval_fails, fails_with, script_file, stdout_of, whatif, whatif_process};

/// What `whatif -e CODE` prints, without the final newline; the run must succeed.
fn eval(code: &str) -> String {
    stdout_of(&["-e", code]).trim_end().to_string()
}

#[test]
fn decimals_are_exact() {
    assert_eq!(eval("0.1 + 0.2 == 0.3"), "true");
    assert_eq!(eval("0.1 + 0.2"), "0.3");
}

#[test]
fn division_does_not_truncate_and_integers_stay_integers() {
    assert_eq!(eval("7 / 2"), "3.5");
    assert_eq!(eval("7 % 2"), "1");
    assert_eq!(eval("7 * 2"), "14");
    assert_eq!(eval("type_of(7 * 2)"), "i64");
    assert_eq!(eval("type_of(6 / 2)"), "i64");
    assert_eq!(eval("let x = 7; x / 2"), "3.5");
}

#[test]
fn powers_take_negative_and_fractional_exponents() {
    assert_eq!(eval("2 ** -1"), "0.5");
    // 1.1 ** -2 = 1 / 1.21, exactly to 28 digits.
    assert_eq!(eval("exact(1.1 ** -2)"), "0.8264462809917355371900826446");
    assert_eq!(eval("1.1 ** -2"), "0.826446280992");
    assert_eq!(eval("4 ** 0.5"), "2");
    // 15 significant digits of sqrt(2) = 1.41421356237309505: 1.41421356237310, normalised.
    assert_eq!(eval("exact(2 ** 0.5)"), "1.4142135623731");
    // Shown at 12 significant digits.
    assert_eq!(eval("2 ** 0.5"), "1.41421356237");
    assert_eq!(eval("exact(1.05 ** 10)"), "1.62889462677744140625");
    assert_eq!(eval("1.05 ** 10"), "1.62889462678");
    assert_eq!(eval("2 ** 70"), "1180591620717411303424");
}

#[test]
fn display_is_normalised() {
    assert_eq!(eval("1.5 * 2"), "3");
    assert_eq!(eval("1000.00 * 0.5"), "500");
    assert_eq!(eval("1 / 3"), "0.333333333333");
    assert_eq!(eval("exact(1 / 3)"), "0.3333333333333333333333333333");
    assert_eq!(eval("`${1000.00 * 0.5}`"), "500");
    assert_eq!(eval("[1.50 * 1, 2]"), "[1.5, 2]");
}

#[test]
fn numbers_as_analysts_type_them() {
    assert_eq!(eval("3_000_000"), "3000000");
    assert_eq!(eval("32e9"), "32000000000");
    assert_eq!(eval("32e9 == 32_000_000_000"), "true");
    assert_eq!(eval("1.5e-3"), "0.0015");
    assert_eq!(eval("2.5E+3 + 1"), "2501");
    assert_eq!(eval("\"1e5\""), "1e5");
}

#[test]
fn scientific_literal_beyond_the_range_is_a_clear_error() {
    whatif()
        .args(["-e", "let x = 1e40;"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1e40"))
        .stderr(predicate::str::contains("<expr>:1:9"));
}

#[test]
fn errors_after_a_scientific_literal_point_at_what_was_typed() {
    // `nope` is at column 16 as typed, though `32e9` expands to 11 characters.
    whatif()
        .args(["-e", "let a = 32e9 + nope;"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<expr>:1:16"));
}

#[test]
fn overflow_and_division_by_zero_are_errors_not_wrong_numbers() {
    whatif()
        .args(["-e", "79228162514264337593543950335 + 1"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("outside the decimal range"));
    eval_fails("1 / 0", &["Division by zero"]);
    eval_fails("1.5 / 0", &["Division by zero"]);
    eval_fails(
        "79228162514264337593543950335 * 2",
        &["outside the decimal range"],
    );
}

#[test]
fn integers_past_i64_continue_in_decimal() {
    // Everyday amounts such as bn(20) * bn(20) overflow i64 but fit a decimal.
    assert_eq!(
        stdout_of(&["-e", "bn(20) * bn(20)"]),
        "400000000000000000000\n"
    );
    assert_eq!(
        stdout_of(&["-e", "9223372036854775807 + 1"]),
        "9223372036854775808\n"
    );
    assert_eq!(
        stdout_of(&["-e", "0 - 9223372036854775807 - 5"]),
        "-9223372036854775812\n"
    );
    assert_eq!(
        stdout_of(&["-e", "let x = bn(20); x *= bn(20); x += 1; x -= 2; x"]),
        "399999999999999999999\n"
    );
    assert_eq!(stdout_of(&["-e", "let s = \"a\"; s += 5; s"]), "a5\n");
}

#[test]
fn eval_pieces_share_one_scope() {
    let out = whatif()
        .args(["-e", "let x = 2", "-e", "x * 21"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "42\n");
    let out = whatif()
        .args(["-e", "fn twice(v) { v * 2 }", "-e", "twice(21)"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "42\n");
}

#[test]
fn unit_prints_nothing() {
    whatif()
        .args(["-e", "let x = 1;"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn json_keeps_every_digit() {
    whatif()
        .args(["-e", "12345678901234567.89", "--format", "json"])
        .assert()
        .success()
        .stdout("12345678901234567.89\n");
    whatif()
        .args(["-e", "#{a: [1, 2.50, ()], b: \"x\"}", "--format", "json"])
        .assert()
        .success()
        .stdout("{\"a\":[1,2.5,null],\"b\":\"x\"}\n");
}

#[test]
fn script_from_standard_input() {
    whatif()
        .write_stdin("print(40 + 2)")
        .assert()
        .success()
        .stdout("42\n");
    whatif()
        .arg("-")
        .write_stdin("print(1 / 4)")
        .assert()
        .success()
        .stdout("0.25\n");
}

#[test]
fn stdin_errors_are_named_stdin() {
    fails_with(
        whatif().write_stdin("let a = 1;\nnope(a)"),
        1,
        &["--> <stdin>:2:1"],
    );
}

#[test]
fn script_arguments_are_visible_as_args() {
    let (_dir, script) = script_file("s.rhai", "print(ARGS.len());\nprint(ARGS[1]);");
    whatif()
        .arg(&script)
        .args(["a", "--b"])
        .assert()
        .success()
        .stdout("2\n--b\n");
}

#[test]
fn shebang_line_is_skipped_and_lines_keep_their_numbers() {
    let (_dir, script) = script_file("s.rhai", "#!/usr/bin/env whatif\nprint(1);\nnope()\n");
    whatif()
        .arg(&script)
        .assert()
        .code(1)
        .stdout("1\n")
        .stderr(predicate::str::contains("s.rhai:3:1"));
}

#[test]
fn unknown_function_on_line_three_names_the_line_and_shows_a_caret() {
    let (_dir, script) = script_file(
        "bad.rhai",
        "let a = 1;\nlet b = 2;\nlet c = frobnicate(a, b);\n",
    );
    fails_with(
        whatif().arg(&script),
        1,
        &[
            "bad.rhai:3:9",
            " 3 | let c = frobnicate(a, b);",
            "   |         ^",
        ],
    );
}

#[test]
fn errors_inside_functions_show_the_call_site() {
    let (_dir, script) = script_file("f.rhai", "fn f(x) {\n    x / 0\n}\nlet y = 1;\nf(y)\n");
    fails_with(
        whatif().arg(&script),
        1,
        &[
            "f.rhai:2:7",
            "in function 'f', called from here",
            "f.rhai:5:1",
        ],
    );
}

#[test]
fn io_problems_exit_2() {
    fails_with(
        whatif().arg("definitely-missing.rhai"),
        2,
        &["no such file", "definitely-missing.rhai"],
    );
    let (dir, binary) = script_file("bin.rhai", [0xff, 0xfe, 0x00, 0x41]);
    fails_with(whatif().arg(dir.path()), 2, &["directory"]);
    fails_with(whatif().arg(&binary), 2, &["not UTF-8"]);
}

#[test]
fn bad_flags_exit_2_and_help_documents_the_modes() {
    whatif().arg("--no-such-flag").assert().code(2);
    whatif()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--eval"))
        .stdout(predicate::str::contains("ARGS"))
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = whatif_process()
        .args(["-e", "for i in 0..1000000 { print(i) }"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 2];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn error_in_a_function_from_an_earlier_piece_shows_its_own_source() {
    // After pieces merge, a function's body keeps its own source, not the caller's.
    fails_with(
        whatif().args(["-e", "fn f(x) {\n  x / 0 }", "-e", "let y = 2;\nf(y)"]),
        1,
        &["--> <expr#1>:2:5", " 2 |   x / 0 }", "--> <expr#2>:2:1"],
    );
}

#[test]
fn scientific_literals_work_inside_string_interpolation() {
    // The literal rewrite reaches inside back-tick strings' `${…}`.
    assert_eq!(eval("`${1e3} and ${32e9 / 1e9}`"), "1000 and 32");
}
