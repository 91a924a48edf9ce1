//! What the integration tests share: the `whatif` binary with a clean environment, engine
//! sessions and their values as text, JSON or decimals, temporary work folders, and the lock
//! that keeps snapshot assertions from counting against each other.

use std::path::PathBuf;
use std::process;
use std::sync::{Mutex, MutexGuard};

use assert_cmd::Command;
use tempfile::TempDir;

// --- the binary ------------------------------------------------------------------------------

/// The variables the binary reads (history file, start-up timing, colour): tests set the ones
/// they mean, so a developer's own settings cannot change what a test sees.
const BINARY_VARIABLES: [&str; 3] = ["WHATIF_HISTORY", "WHATIF_REPL_STARTUP", "NO_COLOR"];

/// The `whatif` binary as a plain process (for pipes, signals and pseudo-terminals), with none
/// of the variables it reads set.
pub fn whatif_process() -> process::Command {
    let mut command = process::Command::new(assert_cmd::cargo::cargo_bin("whatif"));
    for name in BINARY_VARIABLES {
        command.env_remove(name);
    }
    command
}

/// The `whatif` binary for `assert_cmd`, with none of the variables it reads set.
pub fn whatif() -> Command {
    Command::from_std(whatif_process())
}

/// What the binary prints to standard output for `args`; the run must succeed.
pub fn stdout_of(args: &[&str]) -> String {
    let out = whatif().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `command`, which must fail with exit code `code` and a one-line `error:` message
/// containing each of `needles`, never a panic; returns standard error for further checks.
pub fn fails_with(command: &mut Command, code: i32, needles: &[&str]) -> String {
    let out = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(code), "stderr: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

/// `whatif -e CODE` fails as a failing script does: exit code 1 and a one-line `error:`
/// message containing each of `needles`; returns standard error.
pub fn eval_fails(code: &str, needles: &[&str]) -> String {
    fails_with(whatif().args(["-e", code]), 1, needles)
}

// --- files -----------------------------------------------------------------------------------

/// A fresh temporary folder holding `files` (name, contents); it is removed when dropped.
pub fn folder_with(files: &[(&str, &[u8])]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    dir
}

/// A script `name` holding `code` in a fresh temporary folder: the folder (keep it alive while
/// the script is used) and the script's path.
pub fn script_file(name: &str, code: impl AsRef<[u8]>) -> (TempDir, PathBuf) {
    let dir = folder_with(&[(name, code.as_ref())]);
    let path = dir.path().join(name);
    (dir, path)
}

// --- sessions ---------------------------------------------------------------------------------

// The session helpers are the engine's tests' own; the binary's tests use the same ones.
#[path = "../../crates/engine/tests/common/sessions.rs"]
#[allow(dead_code)]
mod sessions;
#[allow(unused_imports)]
pub use sessions::*;

// --- snapshots -------------------------------------------------------------------------------

/// Held by every test that asserts snapshots. insta counts the failures inside a `glob!` on one
/// stack shared by all threads: a snapshot failing on another thread meanwhile would be counted
/// against that glob instead of failing its own test, and two globs would take each other's
/// counts.
pub fn snapshot_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lock leaves nothing to repair.
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

// --- runs in a folder ------------------------------------------------------------------------

/// Runs `whatif args` in the folder `dir` (for files a script saves and loads); the run must
/// succeed. Returns (stdout, stderr).
pub fn run_in_dir(dir: &std::path::Path, args: &[&str]) -> (String, String) {
    let out = whatif().current_dir(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{args:?} failed: {stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

// --- Python peers ----------------------------------------------------------------------------

/// A Python in a virtual environment of the test build's own (under cargo's target folder)
/// holding `packages` from the Python package index, made once and reused; `None`, with the
/// reason printed, where Python, venv or the index is not available, so that the caller skips.
/// Python is only ever a test peer, never a dependency of whatif.
pub fn python_with(name: &str, packages: &[&str]) -> Option<PathBuf> {
    static MAKING: Mutex<()> = Mutex::new(());
    let _one_at_a_time = MAKING.lock().unwrap_or_else(|e| e.into_inner());
    let venv = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("venv-{name}"));
    let python = venv.join("bin").join("python");
    let marker = venv.join(format!("whatif-ready-{}", packages.join("+")));
    if marker.exists() {
        return Some(python);
    }
    let run = |program: &std::path::Path, args: &[&str]| {
        process::Command::new(program)
            .args(args)
            .output()
            .map_err(|e| e.to_string())
            .and_then(|out| {
                if out.status.success() {
                    Ok(())
                } else {
                    Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
                }
            })
    };
    let made = run(
        std::path::Path::new("python3"),
        &["-m", "venv", venv.to_str()?],
    )
    .and_then(|()| {
        let mut args = vec![
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ];
        args.extend_from_slice(packages);
        run(&python, &args)
    });
    match made {
        Ok(()) => {
            std::fs::write(&marker, "").ok()?;
            Some(python)
        }
        Err(why) => {
            eprintln!("skipped: no Python with {packages:?} ({why})");
            None
        }
    }
}
