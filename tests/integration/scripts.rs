//! Every example script is a test: `scripts/*.rhai` must succeed and print what its snapshot
//! says; `scripts/errors/*.rhai` must fail with exit code 1 and render the error its snapshot
//! says. Scripts run through the real binary from the repository root, as a user would.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn scripts_in(dir: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rhai"))
        .collect();
    paths.sort();
    paths
}

fn run(script: &Path) -> Output {
    Command::cargo_bin("whatif")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("WHATIF_HISTORY")
        .env("COLUMNS", "100")
        .arg(
            script
                .strip_prefix(env!("CARGO_MANIFEST_DIR"))
                .unwrap_or(script),
        )
        .output()
        .unwrap()
}

fn relative(dir: &str) -> String {
    format!("{}/{dir}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn example_scripts_succeed_and_print_their_snapshots() {
    let scripts = scripts_in(&relative("scripts"));
    assert!(!scripts.is_empty(), "no example scripts found");
    for script in scripts {
        let out = run(&script);
        let stem = script.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            out.status.success(),
            "{stem} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "",
            "{stem} wrote to standard error"
        );
        insta::assert_snapshot!(
            format!("script_{stem}"),
            String::from_utf8(out.stdout).expect("scripts print UTF-8")
        );
    }
}

#[test]
fn error_scripts_fail_and_render_their_snapshots() {
    let scripts = scripts_in(&relative("scripts/errors"));
    assert!(!scripts.is_empty(), "no error scripts found");
    for script in scripts {
        let out = run(&script);
        let stem = script.file_stem().unwrap().to_string_lossy().to_string();
        assert_eq!(
            out.status.code(),
            Some(1),
            "{stem} should fail with exit code 1"
        );
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(stderr.starts_with("error: "), "{stem}: {stderr}");
        assert!(
            stderr.contains(&format!("scripts/errors/{stem}.rhai:")),
            "{stem}: {stderr}"
        );
        assert!(stderr.contains('^'), "{stem} shows no caret: {stderr}");
        insta::assert_snapshot!(format!("error_{stem}"), stderr);
    }
}
