//! The REPL driven through a real pseudo-terminal, as a person would use it: typing, Tab,
//! Ctrl-C, restarts. Every wait has a timeout (and the child is killed when a test ends), so a
//! broken REPL fails these tests instead of hanging them.

#![cfg(unix)]

use std::path::Path;
use std::time::{Duration, Instant};

use rexpect::reader::Options;
use rexpect::session::{spawn_with_options, PtySession};

use crate::common::{whatif, whatif_process};

const TIMEOUT_MS: u64 = 10_000;
const PROMPT: &str = ">> ";

/// Starts the REPL on a terminal with history kept in `history`.
fn start(history: &Path) -> PtySession {
    let mut command = whatif_process();
    // The session's folder is the test's own: the file policy lets `:save` write there.
    if let Some(folder) = history.ancestors().skip(1).find(|p| p.is_dir()) {
        command.current_dir(folder);
    }
    command.env("WHATIF_HISTORY", history).env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(command, options).expect("spawn whatif on a pty");
    session
        .exp_string(":help for help")
        .expect("the banner names :help");
    session.exp_string(PROMPT).expect("a first prompt");
    session
}

/// Starts the REPL in a fresh temporary folder, which keeps its history too; keep the folder
/// alive while the session runs.
fn start_fresh() -> (tempfile::TempDir, PtySession) {
    let dir = tempfile::tempdir().unwrap();
    let session = start(&dir.path().join("history"));
    (dir, session)
}

/// Types `text` and presses Enter (a terminal sends a carriage return).
fn enter(session: &mut PtySession, text: &str) {
    session.send(text).expect("type");
    session.send("\r").expect("press Enter");
    session.flush().expect("flush");
}

/// Waits for `needle` in the output, failing with what was seen instead.
fn expect(session: &mut PtySession, needle: &str) -> String {
    match session.exp_string(needle) {
        Ok(before) => before,
        Err(e) => panic!("waiting for {needle:?}: {e}"),
    }
}

/// Reads output until `needle` shows up or `limit` passes; whether it showed up.
fn wait_for(session: &mut PtySession, needle: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    let mut seen = String::new();
    while Instant::now() < deadline {
        match session.try_read() {
            Some(c) => {
                seen.push(c);
                if seen.ends_with(needle) {
                    return true;
                }
            }
            None => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    false
}

/// Enters `text` and waits for the next prompt; returns what was printed in between.
fn run(session: &mut PtySession, text: &str) -> String {
    enter(session, text);
    expect(session, PROMPT)
}

/// Enters `text`, waits for `reply` and then for the next prompt.
fn answer(session: &mut PtySession, text: &str, reply: &str) {
    enter(session, text);
    expect(session, reply);
    expect(session, PROMPT);
}

/// Types `text` and presses Tab.
fn tab(session: &mut PtySession, text: &str) {
    session.send(text).expect("type");
    session.send("\t").expect("press Tab");
    session.flush().expect("flush");
}

fn quit(mut session: PtySession) {
    enter(&mut session, ":quit");
    session.exp_eof().expect("the REPL ends on :quit");
}

#[test]
fn a_variable_defined_in_one_entry_is_used_in_the_next() {
    let (_dir, mut s) = start_fresh();
    run(&mut s, "let revenue = 40");
    answer(&mut s, "revenue + 2", "42");
    // `_` is the last value.
    answer(&mut s, "_ * 10", "420");
    // An error is shown with its caret and the session carries on.
    answer(&mut s, "revenue + nope", "unknown variable nope");
    answer(&mut s, "revenue - 1", "39");
    quit(s);
}

#[test]
fn a_function_spans_several_lines_without_backslashes() {
    let (_dir, mut s) = start_fresh();
    enter(&mut s, "fn with_tax(price) {");
    // The entry is not complete: a continuation line opens instead of running it.
    expect(&mut s, ".. ");
    enter(&mut s, "price * 1.08");
    enter(&mut s, "}");
    expect(&mut s, PROMPT);
    answer(&mut s, "with_tax(100)", "108");
    quit(s);
}

#[test]
fn tab_completes_cag_to_cagr() {
    let (_dir, mut s) = start_fresh();
    tab(&mut s, "cag");
    expect(&mut s, "cagr");
    answer(&mut s, "(100, 121, 2)", "0.1");
    quit(s);
}

#[test]
fn tab_completes_a_user_function() {
    let (_dir, mut s) = start_fresh();
    run(&mut s, "fn tripled_demo(x) { x * 3 }");
    tab(&mut s, "tripled_d");
    expect(&mut s, "tripled_demo");
    answer(&mut s, "(14)", "42");
    quit(s);
}

#[test]
fn ctrl_c_stops_a_runaway_loop_and_keeps_the_session() {
    let (_dir, mut s) = start_fresh();
    run(&mut s, "let kept = 7");
    enter(&mut s, "loop { }");
    // A Ctrl-C that lands before the loop starts is rightly ignored (a stale one must not
    // cancel the next entry), so on a slow machine press it again.
    let mut stopped = false;
    for _ in 0..10 {
        std::thread::sleep(Duration::from_millis(300));
        s.send_control('c').unwrap();
        if wait_for(&mut s, "interrupted (Ctrl-C)", Duration::from_secs(1)) {
            stopped = true;
            break;
        }
    }
    assert!(stopped, "Ctrl-C did not stop `loop {{ }}`");
    expect(&mut s, PROMPT);
    answer(&mut s, "kept * 6", "42");
    // Ctrl-C at the prompt only clears the line; Ctrl-D leaves.
    s.send("half-typed").unwrap();
    s.send_control('c').unwrap();
    expect(&mut s, PROMPT);
    answer(&mut s, "kept", "7");
    s.send_control('d').unwrap();
    s.exp_eof().expect("Ctrl-D ends the REPL");
}

#[test]
fn help_cagr_shows_signature_description_and_example() {
    let (_dir, mut s) = start_fresh();
    enter(&mut s, ":help cagr");
    expect(&mut s, "cagr(");
    expect(&mut s, "Example");
    expect(&mut s, PROMPT);
    quit(s);
}

#[test]
fn help_fx_lists_the_currencies_and_the_range() {
    let (_dir, mut s) = start_fresh();
    enter(&mut s, ":help fx");
    expect(&mut s, "from 1999-01-04 to 2026-10-30");
    expect(&mut s, "CHF (Swiss franc)");
    expect(&mut s, PROMPT);
    quit(s);
}

#[test]
fn help_shows_a_documented_function() {
    let (_dir, mut s) = start_fresh();
    enter(&mut s, ":help assert_eq");
    expect(&mut s, "assert_eq(actual: any, expected: any)");
    expect(&mut s, "Example:");
    expect(&mut s, "assert_eq(7 / 2, 3.5);");
    expect(&mut s, PROMPT);
    quit(s);
}

#[test]
fn save_writes_a_script_that_reproduces_the_session() {
    let (dir, mut s) = start_fresh();
    let script = dir.path().join("session.rhai");
    run(&mut s, "let rate = 0.05");
    enter(&mut s, "fn grow(v, r) {");
    enter(&mut s, "v * (1 + r)");
    enter(&mut s, "}");
    expect(&mut s, PROMPT);
    answer(&mut s, "grow(100, rate)", "105");
    run(&mut s, "this_fails()");
    answer(
        &mut s,
        "print(`grown twice: ${grow(_, rate)}`)",
        "grown twice: 110.25",
    );
    // `let a = 5` ran before `1/0` failed, and `a` lived on in the session.
    answer(&mut s, "let a = 5; 1/0", "Division by zero");
    answer(&mut s, "a * 10", "50");
    answer(
        &mut s,
        &format!(":save {}", script.display()),
        "saved 7 entries",
    );
    quit(s);

    let output = whatif().arg(&script).output().unwrap();
    let text = std::fs::read_to_string(&script).unwrap();
    assert!(
        output.status.success(),
        "the saved script fails:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The file shows what the session showed: each value, and what the entries printed.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "105\ngrown twice: 110.25\n50\n",
        "{text}"
    );
    assert!(
        text.contains("// failed, not replayed: this_fails()"),
        "failed entries are kept as comments:\n{text}"
    );
}

#[test]
fn a_mismatched_bracket_runs_and_a_misspelled_command_is_named() {
    let (_dir, mut s) = start_fresh();
    // No line can repair a `)` that closes a `[`: Enter runs the entry and shows the error.
    answer(
        &mut s,
        "npv(0.08, [-100, 50, 60)",
        "`)` does not close the `[` before it",
    );
    answer(
        &mut s,
        ":hlep",
        "unknown command ':hlep'; did you mean :help?",
    );
    answer(&mut s, ":format jsno", "did you mean json?");
    answer(&mut s, "5%", "write 0.05 or pct(5)");
    answer(
        &mut s,
        "conver(1, \"USD\", \"CNY\")",
        "did you mean convert(",
    );
    quit(s);
}

#[test]
fn history_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let history = dir.path().join("data").join("history");
    let mut s = start(&history);
    run(&mut s, "let remembered = 41");
    quit(s);
    let saved = std::fs::read_to_string(&history).expect("history file written");
    assert!(saved.contains("let remembered = 41"), "{saved}");

    let mut s = start(&history);
    // Up twice: past `:quit` to the definition; Enter runs it again.
    s.send("\x1b[A").unwrap();
    s.send("\x1b[A").unwrap();
    enter(&mut s, "");
    expect(&mut s, PROMPT);
    answer(&mut s, "remembered + 1", "42");
    quit(s);
}

#[test]
fn start_up_reaches_the_prompt_quickly() {
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let s = start(&dir.path().join("history"));
    let elapsed = started.elapsed();
    eprintln!("time to first prompt: {elapsed:?}");
    // A loose bound for loaded CI machines and debug builds; the point is "no stall".
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    quit(s);
}

/// Starts the REPL in `folder` with `HOME` at `home` and history in `history`.
fn start_at(folder: &Path, home: &Path, history: &Path) -> PtySession {
    let mut command = whatif_process();
    command
        .current_dir(folder)
        .env("HOME", home)
        .env("WHATIF_HISTORY", history)
        .env("TERM", "xterm");
    let options = Options::new()
        .timeout_ms(Some(TIMEOUT_MS))
        .strip_ansi_escape_codes(true);
    let mut session = spawn_with_options(command, options).expect("spawn whatif on a pty");
    session.exp_string(PROMPT).expect("a first prompt");
    session
}

#[test]
fn a_memory_limit_ends_the_entry_not_the_session() {
    let (_dir, mut s) = start_fresh();
    run(&mut s, "let kept = 41");
    enter(&mut s, "[].pad(1_000_000_000, 0)");
    expect(&mut s, "memory budget");
    expect(&mut s, PROMPT);
    answer(&mut s, "kept + 1", "42");
    quit(s);
}

#[test]
fn load_of_a_home_path_reads_the_home_file_and_not_a_folder_named_tilde() {
    let work = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("~")).unwrap();
    std::fs::write(
        work.path().join("~/setup.rhai"),
        "let origin = \"tilde folder\";",
    )
    .unwrap();
    std::fs::write(home.path().join("setup.rhai"), "let origin = \"home\";").unwrap();
    let mut s = start_at(work.path(), home.path(), &work.path().join("history"));
    // The home folder is outside the working folder: refused, and the folder named `~` is not
    // read in its place.
    enter(&mut s, ":load ~/setup.rhai");
    expect(&mut s, "outside the folders");
    expect(&mut s, PROMPT);
    enter(&mut s, "origin");
    expect(&mut s, "unknown");
    expect(&mut s, PROMPT);
    quit(s);
    let mut s = start_at(home.path(), home.path(), &work.path().join("history"));
    enter(&mut s, ":load ~/setup.rhai");
    expect(&mut s, "loaded");
    expect(&mut s, PROMPT);
    answer(&mut s, "origin", "home");
    quit(s);
}

#[test]
fn a_history_file_that_is_a_fifo_or_a_device_turns_history_off() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("history");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for history in [fifo.as_path(), Path::new("/dev/zero")] {
        let mut s = start_at(dir.path(), dir.path(), history);
        answer(&mut s, "40 + 2", "42");
        quit(s);
    }
}
