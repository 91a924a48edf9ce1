//! The Jupyter kernel as JupyterLab drives it: `tests/kernel/test_kernel.py` runs Jupyter's own
//! client libraries (conformance suite, nbclient on `examples/tour.ipynb`, interrupt, restart)
//! against `whatif --kernel`, installed with `whatif kernel install --prefix`. The libraries
//! come from the Python package index into a virtual environment made once under the target
//! folder (`tests/kernel/requirements.txt`); where Python, venv or pip is missing the test
//! says so and passes without running.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::whatif;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

#[test]
fn jupyter_clients_drive_the_kernel() {
    let Some(python) = venv() else { return };
    let prefix = tempfile::tempdir().unwrap();
    let runtime = tempfile::tempdir().unwrap();
    whatif()
        .args(["kernel", "install", "--prefix"])
        .arg(prefix.path())
        .assert()
        .success();
    let out = Command::new(&python)
        .arg(Path::new(ROOT).join("tests/kernel/test_kernel.py"))
        .env("JUPYTER_PATH", prefix.path().join("share/jupyter"))
        .env("JUPYTER_RUNTIME_DIR", runtime.path())
        .env("JUPYTER_PLATFORM_DIRS", "1")
        .env_remove("JUPYTER_DATA_DIR")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "the Jupyter clients' tests failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stderr);
    // unittest's summary (the conformance suite skips the optional features whatif lacks:
    // display_data, clear_output, history, pager).
    assert!(report.contains("\nOK"), "{report}");
}

/// The virtual environment's python, made (and the libraries installed) on first use; `None`,
/// with a message, where this machine cannot make one.
fn venv() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("kernel-venv");
    let python = dir.join("bin").join("python");
    let requirements = Path::new(ROOT).join("tests/kernel/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).unwrap();
    let marker = dir.join("whatif-requirements.txt");
    if std::fs::read_to_string(&marker).ok().as_deref() == Some(wanted.as_str()) {
        return Some(python);
    }
    let skip = |why: &str, out: Option<Output>| {
        let detail = out
            .map(|o| String::from_utf8_lossy(&o.stderr).trim().to_string())
            .unwrap_or_default();
        eprintln!("skipped the Jupyter kernel test: {why} {detail}");
        None
    };
    let _ = std::fs::remove_dir_all(&dir);
    match Command::new("python3")
        .args(["-m", "venv"])
        .arg(&dir)
        .output()
    {
        Ok(out) if out.status.success() => {}
        Ok(out) => return skip("python3 -m venv failed:", Some(out)),
        Err(_) => return skip("python3 is not installed", None),
    }
    let pip = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .output();
    match pip {
        Ok(out) if out.status.success() => {}
        Ok(out) => return skip("pip could not install the Jupyter libraries:", Some(out)),
        Err(_) => return skip("pip is not available", None),
    }
    std::fs::write(&marker, wanted).unwrap();
    Some(python)
}
