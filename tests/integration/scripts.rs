//! Every example script is a test: `scripts/*.rhai` must succeed and print what its snapshot
//! says; `scripts/errors/*.rhai` must fail with exit code 1 and render the error its snapshot
//! says. Each script is its own snapshot assertion (`insta::glob!`), so a mismatch in one does
//! not hide the others. Scripts run through the real binary from the repository root, as a user
//! would.

use std::process::Output;

use crate::common::{snapshot_lock, whatif};

/// Runs every `*.rhai` in `folder` from the repository root, named by its path from there as a
/// user would type it, and hands name and output to `check`: each script is one snapshot
/// assertion, and what `check` finds wrong besides is reported after every script has run.
fn each_script(folder: &str, mut check: impl FnMut(&str, Output) -> Option<String>) {
    let _snapshots = snapshot_lock();
    let mut failures = Vec::new();
    insta::glob!(format!("../../{folder}"), "*.rhai", |script| {
        let name = format!("{folder}/{}", script.file_name().unwrap().to_string_lossy());
        let out = whatif()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("COLUMNS", "100")
            .arg(&name)
            .output()
            .unwrap();
        failures.extend(check(&name, out));
    });
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn example_scripts_succeed_and_print_their_snapshots() {
    each_script("scripts", |name, out| {
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let stdout = String::from_utf8(out.stdout).expect("scripts print UTF-8");
        insta::assert_snapshot!("script", stdout);
        if !out.status.success() {
            Some(format!("{name} failed:\n{stderr}"))
        } else if !stderr.is_empty() {
            Some(format!("{name} wrote to standard error:\n{stderr}"))
        } else {
            None
        }
    });
}

#[test]
fn error_scripts_fail_and_render_their_snapshots() {
    each_script("scripts/errors", |name, out| {
        let stderr = String::from_utf8(out.stderr).unwrap();
        insta::assert_snapshot!("error", stderr);
        if out.status.code() != Some(1) {
            Some(format!(
                "{name} should fail with exit code 1, not {:?}",
                out.status.code()
            ))
        } else if !(stderr.starts_with("error: ")
            && stderr.contains(&format!("{name}:"))
            && stderr.contains('^'))
        {
            Some(format!(
                "{name} should render `error:`, its place and a caret:\n{stderr}"
            ))
        } else {
            None
        }
    });
}
