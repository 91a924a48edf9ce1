//! Nothing the user saved is lost: `-o` and `save` on what a path really is (a device, a FIFO,
//! a symbolic link, a private file), write errors on standard output, a final value that is
//! nothing, and reads that refuse what is not a regular file instead of hanging.

use std::fs;
use std::time::Duration;

use crate::common::{fails_with, whatif};

/// A command that must end well within `limit`: a hang is a failure, not a stuck test run.
fn bounded(command: &mut assert_cmd::Command, limit: u64) -> &mut assert_cmd::Command {
    command.timeout(Duration::from_secs(limit))
}

#[test]
fn a_final_value_of_nothing_leaves_the_output_file_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("totals.csv");
    fs::write(&out, "kept\n").unwrap();
    fails_with(
        whatif().current_dir(dir.path()).args([
            "-e",
            "let t = funding_totals;",
            "-o",
            "totals.csv",
        ]),
        2,
        &["final value is nothing", "left as it was", "save("],
    );
    assert_eq!(fs::read_to_string(&out).unwrap(), "kept\n");
}

#[test]
fn a_record_to_csv_is_a_one_row_table_and_a_list_of_numbers_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    whatif()
        .current_dir(dir.path())
        .args(["-e", "#{year: 2024, amount: usd(2.5)}", "-o", "r.csv"])
        .assert()
        .success();
    let written = fs::read_to_string(dir.path().join("r.csv")).unwrap();
    assert_eq!(
        written.lines().collect::<Vec<_>>(),
        ["amount,amount_currency,year", "2.5,USD,2024"]
    );
    fs::write(dir.path().join("xs.tsv"), "kept\n").unwrap();
    fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", "[1, 2, 3]", "-o", "xs.tsv"]),
        2,
        &["TSV file holds a table", "array (3 items)", ".json"],
    );
    assert_eq!(
        fs::read_to_string(dir.path().join("xs.tsv")).unwrap(),
        "kept\n"
    );
}

#[cfg(unix)]
mod unix {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mkfifo(path: &std::path::Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    #[test]
    fn a_device_is_written_through_and_stays_a_device() {
        if !std::path::Path::new("/dev/full").exists() {
            eprintln!("skipped: no /dev/full here");
            return;
        }
        fails_with(
            whatif().args(["-e", "funding_totals", "--format", "csv", "-o", "/dev/full"]),
            2,
            &["/dev/full", "no space left"],
        );
        let kind = fs::metadata("/dev/full").unwrap().file_type();
        assert!(!kind.is_file(), "/dev/full must stay a device");
        whatif()
            .args(["-e", "1 + 1", "--format", "json", "-o", "/dev/null"])
            .assert()
            .success();
        let out = whatif()
            .args(["-e", "40 + 2", "--format", "json", "-o", "/dev/stdout"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8(out.stdout).unwrap(), "42\n");
    }

    #[test]
    fn a_full_standard_output_is_an_error_not_a_silent_cut() {
        let Ok(full) = fs::OpenOptions::new().write(true).open("/dev/full") else {
            eprintln!("skipped: no /dev/full here");
            return;
        };
        let out = crate::common::whatif_process()
            .args(["-e", "funding_totals", "--format", "csv"])
            .stdout(full)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            stderr.contains("cannot write to standard output") && stderr.contains("no space left"),
            "{stderr}"
        );
    }

    #[test]
    fn saving_through_a_symbolic_link_keeps_the_link() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("reports")).unwrap();
        fs::write(dir.path().join("reports/totals.csv"), "old\n").unwrap();
        std::os::unix::fs::symlink("reports/totals.csv", dir.path().join("out.csv")).unwrap();
        whatif()
            .current_dir(dir.path())
            .args(["-e", "funding_totals", "-o", "out.csv"])
            .assert()
            .success();
        let link = fs::symlink_metadata(dir.path().join("out.csv")).unwrap();
        assert!(link.file_type().is_symlink());
        let written = fs::read_to_string(dir.path().join("reports/totals.csv")).unwrap();
        assert!(written.starts_with("id,entity"), "{written}");
    }

    #[test]
    fn a_private_file_stays_private_when_replaced() {
        let dir = tempfile::tempdir().unwrap();
        for (how, args) in [
            ("-o", vec!["-e", "funding_totals", "-o", "private.csv"]),
            ("save", vec!["-e", "save(funding_totals, \"private.csv\")"]),
        ] {
            let path = dir.path().join("private.csv");
            fs::write(&path, "secret\n").unwrap();
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600)).unwrap();
            whatif()
                .current_dir(dir.path())
                .args(&args)
                .assert()
                .success();
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{how} changed the mode");
            assert!(fs::read_to_string(&path).unwrap().starts_with("id,"));
        }
    }

    #[test]
    fn fifos_and_devices_are_refused_for_reading_instead_of_hanging() {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join("feed.csv"));
        mkfifo(&dir.path().join("helpers.rhai"));
        for code in [
            "load_csv(\"feed.csv\")",
            "load_json(\"feed.csv\")",
            "load_xlsx(\"feed.csv\")",
            "import \"helpers\" as h; 1",
        ] {
            fails_with(
                bounded(whatif().current_dir(dir.path()).args(["-e", code]), 20),
                1,
                &["FIFO (named pipe), not a regular file"],
            );
        }
        fails_with(
            bounded(whatif().arg("/dev/zero"), 20),
            2,
            &["it is a device", "`-`"],
        );
    }

    #[test]
    fn a_script_from_process_substitution_still_runs() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("script.rhai");
        mkfifo(&fifo);
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::write(fifo, "print(6 * 7);").unwrap())
        };
        bounded(whatif().arg(&fifo), 20)
            .assert()
            .success()
            .stdout("42\n");
        writer.join().unwrap();
    }

    #[test]
    fn a_fifo_with_no_reader_is_refused_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        mkfifo(&dir.path().join("out.csv"));
        fails_with(
            bounded(
                whatif()
                    .current_dir(dir.path())
                    .args(["-e", "funding_totals", "-o", "out.csv"]),
                20,
            ),
            2,
            &["FIFO", "nothing is reading"],
        );
    }
}

#[test]
fn the_same_script_writes_the_same_workbook_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, epoch: Option<&str>| {
        let mut command = whatif();
        command
            .current_dir(dir.path())
            .args(["-e", "funding_rounds", "-o", name]);
        if let Some(epoch) = epoch {
            command.env("SOURCE_DATE_EPOCH", epoch);
        } else {
            command.env_remove("SOURCE_DATE_EPOCH");
        }
        command.assert().success();
        fs::read(dir.path().join(name)).unwrap()
    };
    let first = write("a.xlsx", None);
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(
        first,
        write("b.xlsx", None),
        "two runs, two different files"
    );
    let dated = write("c.xlsx", Some("1000000000"));
    assert_ne!(first, dated, "SOURCE_DATE_EPOCH sets the creation time");
    assert_eq!(dated, write("d.xlsx", Some("1000000000")));
}

#[test]
fn a_file_that_is_not_a_workbook_is_named_in_whatifs_words() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("renamed.xlsx"), "name,amount\nx,1\n").unwrap();
    let stderr = fails_with(
        whatif()
            .current_dir(dir.path())
            .args(["-e", "load_xlsx(\"renamed.xlsx\")"]),
        1,
        &["not an xlsx workbook"],
    );
    assert!(
        !stderr.contains("Zip error") && !stderr.contains("EOCD"),
        "{stderr}"
    );
}
