//! `whatif kernel install [--user | --prefix DIR]` and `whatif kernel uninstall`: the
//! kernelspec (`kernel.json`, a logo) in the folder where `jupyter kernelspec list` looks.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde_json::json;

/// Where the front end's help menu points: the language the cells are written in.
pub const HELP_URL: &str = "https://rhai.rs/book/";

/// The kernel's name: its folder under `kernels/`.
pub const NAME: &str = "whatif";

const LOGO_SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#1f6feb"/><text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="bold" fill="#fff" text-anchor="middle">w?</text></svg>
"##;

/// whatif as a Jupyter kernel: notebooks of whatif cells in JupyterLab, Notebook or VS Code.
#[derive(Parser, Debug)]
#[command(name = "whatif kernel", bin_name = "whatif kernel")]
struct KernelArgs {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write the kernelspec (kernel.json) where Jupyter finds it; then pick "whatif" as a
    /// notebook's kernel.
    Install(Place),
    /// Remove the kernelspec that `install` wrote.
    Uninstall(Place),
}

#[derive(clap::Args, Debug)]
struct Place {
    /// For this user (the default): Jupyter's user data folder.
    #[arg(long, conflicts_with = "prefix")]
    user: bool,
    /// Under DIR/share/jupyter/kernels, as `jupyter kernelspec install --prefix` (a virtual
    /// environment's folder, for example).
    #[arg(long, value_name = "DIR")]
    prefix: Option<PathBuf>,
}

/// Whether the command line is `whatif kernel ...` (and not a script called `kernel`).
pub fn is_kernel_command(args: &[String]) -> bool {
    args.get(1).map(String::as_str) == Some("kernel")
        && !Path::new("kernel").is_file()
        && args
            .get(2)
            .is_none_or(|a| matches!(a.as_str(), "install" | "uninstall" | "-h" | "--help"))
}

/// Runs `whatif kernel ...`.
pub fn main(args: &[String]) -> ExitCode {
    let parsed = match KernelArgs::try_parse_from(&args[1..]) {
        Ok(parsed) => parsed,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match parsed.command {
        Command::Install(place) => folder(&place).and_then(|dir| install(&dir)),
        Command::Uninstall(place) => folder(&place).and_then(|dir| uninstall(&dir)),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The kernelspec's folder for `place`.
fn folder(place: &Place) -> Result<PathBuf, String> {
    let kernels = match &place.prefix {
        Some(prefix) => prefix.join("share").join("jupyter"),
        None => user_data_dir()?,
    };
    Ok(kernels.join("kernels").join(NAME))
}

/// Jupyter's user data folder: `$JUPYTER_DATA_DIR`, else the platform's.
fn user_data_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("JUPYTER_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
        .ok_or("cannot find the home folder (HOME is not set): use --prefix DIR")?;
    Ok(if cfg!(target_os = "macos") {
        home.join("Library").join("Jupyter")
    } else {
        std::env::var_os("XDG_DATA_HOME")
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".local").join("share"))
            .join("jupyter")
    })
}

/// What `kernel.json` says: this very binary runs the kernel.
pub fn kernel_json(program: &Path) -> serde_json::Value {
    json!({
        "argv": [program.to_string_lossy(), "--kernel", "{connection_file}"],
        "display_name": "whatif",
        "language": "whatif",
        "interrupt_mode": "message",
        "metadata": {"debugger": false},
    })
}

fn install(dir: &Path) -> Result<String, String> {
    let program = std::env::current_exe()
        .and_then(|p| p.canonicalize())
        .map_err(|e| format!("cannot find the whatif program itself: {e}"))?;
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create '{}': {e}", dir.display()))?;
    let text = serde_json::to_string_pretty(&kernel_json(&program)).unwrap_or_default();
    for (name, bytes) in [
        ("kernel.json", text.as_bytes()),
        ("logo-svg.svg", LOGO_SVG.as_bytes()),
    ] {
        let path = dir.join(name);
        whatif_engine::table::io::write_atomic_unrestricted(&path.to_string_lossy(), bytes)
            .map_err(|e| e.0)?;
    }
    Ok(format!(
        "installed the whatif kernel in {} (it runs {})",
        dir.display(),
        program.display()
    ))
}

fn uninstall(dir: &Path) -> Result<String, String> {
    if !dir.join("kernel.json").is_file() {
        return Err(format!(
            "no whatif kernel is installed in {}",
            dir.display()
        ));
    }
    std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove '{}': {e}", dir.display()))?;
    Ok(format!("removed the whatif kernel from {}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_a_kernelspec_and_uninstall_removes_it() {
        let prefix = tempfile::tempdir().unwrap();
        let place = Place {
            user: false,
            prefix: Some(prefix.path().to_path_buf()),
        };
        let dir = folder(&place).unwrap();
        assert!(dir.ends_with("share/jupyter/kernels/whatif"));
        install(&dir).unwrap();
        let spec: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("kernel.json")).unwrap())
                .unwrap();
        assert_eq!(spec["display_name"], "whatif");
        assert_eq!(spec["language"], "whatif");
        assert_eq!(spec["argv"][1], "--kernel");
        assert_eq!(spec["argv"][2], "{connection_file}");
        assert!(Path::new(spec["argv"][0].as_str().unwrap()).is_absolute());
        uninstall(&dir).unwrap();
        assert!(!dir.exists());
        assert!(uninstall(&dir).unwrap_err().contains("no whatif kernel"));
    }

    #[test]
    fn a_script_named_kernel_is_not_the_subcommand_unless_followed_by_one() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(is_kernel_command(&args(&["whatif", "kernel", "install"])));
        assert!(!is_kernel_command(&args(&["whatif", "kernel", "2025"])));
        assert!(!is_kernel_command(&args(&["whatif", "model.rhai"])));
    }
}
