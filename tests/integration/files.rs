//! The file policy as a user meets it: scripts reach the working folder tree and their own
//! folder tree, `--allow-path` widens that, `--no-files` forbids all file access.

use std::fs;

use assert_cmd::Command;
use tempfile::TempDir;

use crate::common::{fails_with, whatif};

/// A working folder `work/` and a sibling `outside/`, each with a module.
fn layout() -> TempDir {
    let root = tempfile::tempdir().unwrap();
    fs::create_dir(root.path().join("work")).unwrap();
    fs::create_dir(root.path().join("outside")).unwrap();
    fs::write(root.path().join("work/inner.rhai"), "fn twice(x) { x * 2 }").unwrap();
    fs::write(
        root.path().join("outside/outer.rhai"),
        "fn twice(x) { x * 2 }",
    )
    .unwrap();
    root
}

/// The binary with `work/` of `layout()` as its working folder.
fn whatif_in_work(root: &TempDir) -> Command {
    let mut command = whatif();
    command.current_dir(root.path().join("work"));
    command
}

#[test]
fn import_inside_the_working_folder_works() {
    let root = layout();
    whatif_in_work(&root)
        .args(["-e", "import \"inner\" as m; m::twice(21)"])
        .assert()
        .success()
        .stdout("42\n");
}

#[test]
fn import_escaping_through_dot_dot_is_refused_unless_allowed() {
    let root = layout();
    fails_with(
        whatif_in_work(&root).args(["-e", "import \"../outside/outer\" as m; m::twice(21)"]),
        1,
        &["outside the folders", "--allow-path"],
    );
    whatif_in_work(&root)
        .arg("--allow-path")
        .arg(root.path().join("outside"))
        .args(["-e", "import \"../outside/outer\" as m; m::twice(21)"])
        .assert()
        .success()
        .stdout("42\n");
}

#[cfg(unix)]
#[test]
fn import_through_a_symlink_pointing_outside_is_refused() {
    let root = layout();
    std::os::unix::fs::symlink(root.path().join("outside"), root.path().join("work/link")).unwrap();
    fails_with(
        whatif_in_work(&root).args(["-e", "import \"link/outer\" as m; m::twice(21)"]),
        1,
        &["outside the folders"],
    );
}

#[test]
fn a_script_reaches_its_own_folder_from_another_working_folder() {
    let root = layout();
    fs::write(
        root.path().join("outside/main.rhai"),
        "import \"outer\" as m;\nprint(m::twice(4));",
    )
    .unwrap();
    whatif_in_work(&root)
        .arg(root.path().join("outside/main.rhai"))
        .assert()
        .success()
        .stdout("8\n");
}

#[test]
fn no_files_forbids_every_file_access() {
    let root = layout();
    fails_with(
        whatif_in_work(&root).args(["--no-files", "-e", "import \"inner\" as m; m::twice(21)"]),
        1,
        &["--no-files"],
    );
}

#[test]
fn saving_outside_the_working_folder_is_refused_unless_allowed() {
    let root = layout();
    let target = root.path().join("outside/x.csv");
    let code = format!("save(table([#{{a: 1}}]), {:?})", target.to_str().unwrap());
    fails_with(
        whatif_in_work(&root).args(["-e", &code]),
        1,
        &["outside the folders"],
    );
    assert!(!target.exists());
    whatif_in_work(&root)
        .arg("--allow-path")
        .arg(root.path().join("outside"))
        .args(["-e", &code])
        .assert()
        .success();
    assert_eq!(fs::read_to_string(&target).unwrap().trim(), "a\r\n1".trim());
}

#[test]
fn loading_outside_is_refused_and_output_flag_is_the_users_choice() {
    let root = layout();
    fs::write(root.path().join("outside/d.csv"), "a\n1\n").unwrap();
    fails_with(
        whatif_in_work(&root).args(["-e", "load_csv(\"../outside/d.csv\")"]),
        1,
        &["outside the folders"],
    );
    // `-o` is typed by the user, not the script: it may write anywhere.
    let out = root.path().join("outside/o.csv");
    whatif_in_work(&root)
        .args(["-e", "table([#{a: 1}])", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(out.exists());
}

#[test]
fn no_files_forbids_saving_and_loading() {
    let root = layout();
    fails_with(
        whatif_in_work(&root).args(["--no-files", "-e", "save(table([#{a: 1}]), \"x.csv\")"]),
        1,
        &["--no-files"],
    );
    assert!(!root.path().join("work/x.csv").exists());
}
