//! Command-line arguments and modes: run a file, evaluate `-e` pieces, read standard input, or
//! (on a terminal, with nothing to run) point at the usage. Owns exit codes and where output goes.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::rc::Rc;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Parser;
use whatif_core::display::Digits;
use whatif_engine::disk::Guard;
use whatif_engine::error::ErrorKind;
use whatif_engine::file_policy::FilePolicy;
use whatif_engine::formats::Format;
use whatif_engine::host::Limit;
use whatif_engine::stop::StopSignal;
use whatif_engine::value;
use whatif_engine::{EngineConfig, Host, Session};

const EXAMPLES: &str = "\
Examples:
  whatif                                 the interactive prompt (on a terminal; :help inside)
  whatif scripts/00_tour.rhai            run a script
  whatif model.rhai 2025 bull            run a script; it sees ARGS == [\"2025\", \"bull\"]
  whatif -e 'roi(4_000_000_000, 150_000_000_000)'
  whatif -e 'let x = 2' -e 'x * 21'      pieces share one scope: prints 42
  whatif -e '0.1 + 0.2' --format json    print the final value as JSON
  whatif -e 'load_csv(\"rounds.csv\").head(5)' -o top.md   save a table as markdown
  echo 'print(40 + 2)' | whatif          run the script on standard input

Numbers are exact decimals: 0.1 + 0.2 == 0.3, 7 / 2 == 3.5, 32e9 == 32_000_000_000.

Exit codes: 0 success, 1 the script failed (syntax or runtime error), 2 usage or I/O problem
(bad flag, missing or unreadable file), 70 internal error (a bug in whatif: please report it),
130 interrupted by Ctrl-C.";

/// whatif: what-if calculations for investment analysts, in exact decimals.
#[derive(Parser, Debug)]
#[command(name = "whatif", version, about, after_help = EXAMPLES)]
struct Args {
    /// Evaluate CODE and print the value of its last expression (nothing for `()`); repeat to
    /// run several pieces in one scope, in order.
    #[arg(
        short = 'e',
        long = "eval",
        value_name = "CODE",
        allow_hyphen_values = true
    )]
    eval: Vec<String>,

    /// How to print the final value: `text` and `json` suit any value; the table formats write
    /// a table (or an array of maps) and other values as text. Default: text, or what the `-o`
    /// file's extension names.
    #[arg(long, value_name = "FORMAT", value_parser = format_parser())]
    format: Option<&'static Format>,

    /// Write the final value to FILE instead of printing it (atomically: a failed write leaves
    /// no partial file); the format follows the extension (.csv, .md, .json, .html, .xlsx, ...:
    /// those of the --format values) unless --format is given.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<String>,

    /// Significant digits numbers show on screen (1 to 28, default 12), or `exact` for every
    /// digit. Files in csv, tsv, json, jsonl, xlsx and parquet always keep every digit.
    #[arg(long, value_name = "N|exact", value_parser = parse_digits)]
    digits: Option<Digits>,

    /// Columns a table may use on the page (default: the terminal's width, or 120 when the
    /// output is not a terminal). A table wider than that continues in a second block.
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..=1000))]
    width: Option<u16>,

    /// Threads for sweep, sweep2 and monte_carlo over recognised finance calls (default: every
    /// core; 1 runs everything on one). Results are the same for any number.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,

    /// Operations one evaluation may run before it is stopped; 0 for no limit.
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_operations, help_heading = "Limits")]
    max_ops: u64,

    /// Seconds one evaluation may run before it is stopped; 0 for no limit. Default: 60 for
    /// scripts and -e, none at the interactive prompt (where Ctrl-C serves).
    #[arg(long, value_name = "SECONDS", help_heading = "Limits")]
    timeout: Option<u64>,

    /// Depth of nested function calls (stops runaway recursion).
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_call_depth, help_heading = "Limits")]
    max_call_depth: usize,

    /// Nesting depth of expressions (parentheses, brackets) a script may use.
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_expr_depth, help_heading = "Limits")]
    max_expr_depth: usize,

    /// Memory a script may use, in MiB; 0 for no limit.
    #[arg(long, value_name = "MIB", default_value_t = EngineConfig::default().max_memory / (1024 * 1024), help_heading = "Limits")]
    max_memory: usize,

    /// Length of one string, in bytes; 0 (the default) for no limit. Checking this slows
    /// scripts that build large arrays: the memory budget is the usual guard.
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_string_len, help_heading = "Limits")]
    max_string_len: usize,

    /// Elements of one array; 0 (the default) for no limit.
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_array_len, help_heading = "Limits")]
    max_array_len: usize,

    /// Entries of one object map; 0 (the default) for no limit.
    #[arg(long, value_name = "N", default_value_t = EngineConfig::default().max_map_len, help_heading = "Limits")]
    max_map_len: usize,

    /// Let scripts read and write files under DIR too (repeatable). By default they reach only
    /// the working folder tree and the script's own folder tree.
    #[arg(long, value_name = "DIR", help_heading = "Files")]
    allow_path: Vec<std::path::PathBuf>,

    /// Forbid scripts all file access.
    #[arg(long, help_heading = "Files", conflicts_with = "allow_path")]
    no_files: bool,

    /// Use the ECB reference rates in FILE (a newer `eurofxref-hist.csv` or the ECB's ZIP)
    /// instead of the shipped ones; the file is checked first.
    #[arg(long = "fx", value_name = "FILE", help_heading = "Files")]
    fx: Option<std::path::PathBuf>,

    /// Run as a Jupyter kernel on the connection file Jupyter gives it (`whatif kernel
    /// install` sets this up; `whatif kernel --help` tells more).
    #[arg(long, value_name = "CONNECTION_FILE", help_heading = "Jupyter", conflicts_with_all = ["eval", "file", "output"])]
    kernel: Option<std::path::PathBuf>,

    /// Script to run; `-` reads it from standard input (as does a piped standard input with no
    /// FILE). A first line starting with `#!` is skipped.
    #[arg(value_name = "FILE")]
    file: Option<String>,

    /// Arguments for the script, visible to it as the array of strings `ARGS`.
    #[arg(
        value_name = "ARGS",
        trailing_var_arg = true,
        allow_hyphen_values = true
    )]
    args: Vec<String>,
}

/// How the command line sets a limit: its flag (`--max-ops 0`).
fn limit_flag(limit: Limit, value: &str) -> String {
    let flag = match limit {
        Limit::Operations => "--max-ops",
        Limit::Timeout => "--timeout",
        Limit::Memory => "--max-memory",
        Limit::CallDepth => "--max-call-depth",
        Limit::ExprDepth => "--max-expr-depth",
        Limit::StringLength => "--max-string-len",
        Limit::ArrayLength => "--max-array-len",
        Limit::MapLength => "--max-map-len",
    };
    format!("{flag} {value}")
}

fn parse_digits(text: &str) -> Result<Digits, String> {
    Digits::parse(text).map_err(String::from)
}

/// `--format`'s values: every output format, with its aliases and one line of help.
fn format_parser() -> impl TypedValueParser<Value = &'static Format> {
    let values = whatif_engine::formats::ALL.iter().map(|f| {
        PossibleValue::new(f.name)
            .aliases(f.aliases.iter().copied())
            .help(f.about)
    });
    PossibleValuesParser::new(values)
        .map(|name| Format::named(&name).expect("clap accepts only the registry's names"))
}

/// The output format: `--format` if given, else the `-o` file's extension, else text.
fn choose_format(
    format: Option<&'static Format>,
    output: Option<&str>,
) -> Result<&'static Format, String> {
    match (format, output) {
        (Some(format), None) if format.is_binary() => Err(format!(
            "--format {name} writes a binary file, not text to print: give a file with -o \
             FILE.{ext}",
            name = format.name,
            ext = format.extensions.first().copied().unwrap_or(format.name),
        )),
        (Some(format), _) => Ok(format),
        (None, Some(path)) => Format::from_path(path).map_err(|m| format!("-o: {m}")),
        (None, None) => Ok(Format::text()),
    }
}

/// How a run ended, mapped to the exit code.
enum Outcome {
    Success,
    ScriptFailed,
    Usage,
    Interrupted,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        ExitCode::from(match outcome {
            Outcome::Success => 0,
            Outcome::ScriptFailed => 1,
            Outcome::Usage => 2,
            Outcome::Interrupted => 130,
        })
    }
}

pub fn main() -> ExitCode {
    one_malloc_arena();
    let argv: Vec<String> = std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    if crate::kernel::spec::is_kernel_command(&argv) {
        return crate::kernel::spec::main(&argv);
    }
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(err) => {
            // Help and version are not errors; clap picks the stream and the exit code.
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    // Ctrl-C stops the running script between two operations; the process then exits 130.
    let stop = StopSignal::default();
    on_ctrl_c(&stop);
    // Scripts run on a thread with a large stack, so that the call-depth and expression-depth
    // limits (not the native stack) are what stops deep recursion, in debug builds too. The
    // memory is reserved, not committed: only the pages a script touches are used.
    std::panic::set_hook(Box::new(|info| {
        // A reader's panic on a damaged file becomes an ordinary error where it is caught.
        if whatif_engine::host::in_guarded_code() {
            return;
        }
        let location = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        eprintln!(
            "error: internal error: {message}{location}. This is a bug in whatif, not in your \
             script: please report it with the script that triggered it."
        );
    }));
    run_guarded(move || run(args, stop))
}

/// Runs `work` on the script thread; a panic there becomes exit code 70 (the hook installed in
/// `main` has already reported it).
fn run_guarded(work: impl FnOnce() -> Outcome + Send + 'static) -> ExitCode {
    let worker = std::thread::Builder::new()
        .name("whatif".into())
        .stack_size(SCRIPT_STACK_BYTES)
        .spawn(work);
    match worker.map(|handle| handle.join()) {
        Ok(Ok(outcome)) => outcome.into(),
        Ok(Err(_)) => ExitCode::from(INTERNAL_ERROR),
        Err(e) => {
            eprintln!("error: cannot start the script thread: {e}");
            ExitCode::from(2)
        }
    }
}

/// Makes every thread allocate from the main heap. glibc gives each new thread its own arena
/// (a fresh 64 MiB mapping whose pages all fault in anew); whatif allocates on one thread at a
/// time (the script thread), so the extra arenas bought nothing and cost about 0.2 ms of each
/// start (hyperfine: `whatif -e '1 + 1'` 2.3 -> 2.1 ms).
fn one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes a malloc setting; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Ctrl-C sets the stop signal's interrupt flag, from a plain signal handler (storing to an
/// atomic is async-signal-safe; no thread is started, which the `ctrlc` crate would do at a
/// cost of about 0.1 ms of every start).
fn on_ctrl_c(stop: &StopSignal) {
    if let Err(e) = signal_hook::flag::register(signal_hook::consts::SIGINT, stop.interrupt_flag())
    {
        eprintln!("warning: Ctrl-C cannot stop a running script ({e})");
    }
}

/// The page width for tables: the terminal's when standard output is one, else the fixed
/// default, so that piped output is the same on every machine.
pub fn page_width() -> u16 {
    if std::io::stdout().is_terminal() {
        comfy_table::Table::new()
            .width()
            .unwrap_or(whatif_engine::host::DEFAULT_PAGE_WIDTH)
    } else {
        whatif_engine::host::DEFAULT_PAGE_WIDTH
    }
}

/// Exit code for a bug in whatif (BSD's EX_SOFTWARE).
const INTERNAL_ERROR: u8 = 70;

const SCRIPT_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Writes a line to standard output. A closed pipe asks the script to stop quietly; any other
/// failure (a full disk, `> /dev/full`) stops it too and is reported once the run ends, with
/// exit code 2, so a cut-off output never passes for a whole one.
fn write_stdout(text: &str, stop: &StopSignal) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = writeln!(out, "{text}").and_then(|_| out.flush()) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = OUTPUT_FAILED.set(whatif_engine::disk::describe_io_error(&e));
        }
        stop.request_output_closed();
    }
}

/// Why standard output could not be written, once it failed.
static OUTPUT_FAILED: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The outcome, unless standard output failed on the way: then that is the outcome.
fn unless_output_failed(outcome: Outcome) -> Outcome {
    match OUTPUT_FAILED.get() {
        Some(why) => usage_error(&format!(
            "cannot write to standard output: {why}; the output is incomplete"
        )),
        None => outcome,
    }
}

/// Reads and checks the ECB rates of `--fx FILE` and uses them for the whole run.
fn load_fx(path: &std::path::Path) -> Result<(), String> {
    let name = path.display().to_string();
    let bytes = whatif_engine::disk::read(&name, Guard::User).map_err(|e| format!("--fx: {e}"))?;
    let rates = whatif_core::fx::ecb::read(&bytes, &name).map_err(|e| format!("--fx: {e}"))?;
    whatif_core::fx::ecb::use_for_process(rates).map_err(|e| format!("--fx: {e}"))
}

fn usage_error(message: &str) -> Outcome {
    eprintln!("error: {message}");
    Outcome::Usage
}

fn read_script(path: &str) -> Result<String, String> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        buf
    } else {
        if std::path::Path::new(path).is_dir() {
            return Err(format!(
                "cannot run '{path}': it is a directory, not a script"
            ));
        }
        // A pipe is fine (`whatif <(…)`); a device would never end (`/dev/zero`).
        if let Some(kind) = whatif_engine::disk::not_a_regular_file(std::path::Path::new(path))
            .filter(|kind| !kind.starts_with("a FIFO"))
        {
            return Err(format!(
                "cannot run '{path}': it is {kind}, not a script file (use `-` for standard input)"
            ));
        }
        std::fs::read(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("cannot read '{path}': no such file"),
            std::io::ErrorKind::PermissionDenied => {
                format!("cannot read '{path}': permission denied")
            }
            _ => format!("cannot read '{path}': {e}"),
        })?
    };
    let name = if path == "-" { "standard input" } else { path };
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "cannot run '{name}': it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The limits the flags ask for; the default timeout depends on whether this is the prompt.
fn engine_config(args: &Args, interactive: bool) -> EngineConfig {
    let default_timeout = if interactive {
        EngineConfig::interactive().timeout
    } else {
        EngineConfig::default().timeout
    };
    EngineConfig {
        max_operations: args.max_ops,
        timeout: match args.timeout {
            None => default_timeout,
            Some(0) => None,
            Some(seconds) => Some(std::time::Duration::from_secs(seconds)),
        },
        max_call_depth: args.max_call_depth,
        max_expr_depth: args.max_expr_depth,
        max_memory: args.max_memory.saturating_mul(1024 * 1024),
        max_string_len: args.max_string_len,
        max_array_len: args.max_array_len,
        max_map_len: args.max_map_len,
    }
}

/// What a non-interactive run evaluates: (source name, code) pieces in order, the script's
/// `ARGS`, whether the last value is printed (`-e` only), and the script file if any.
struct Work {
    pieces: Vec<(String, String)>,
    script_args: Vec<String>,
    print_last: bool,
    script: Option<std::path::PathBuf>,
}

/// The pieces of `-e`, or the script from FILE or standard input.
fn work(args: &mut Args) -> Result<Work, String> {
    if !args.eval.is_empty() {
        let mut script_args: Vec<String> = args.file.take().into_iter().collect();
        script_args.append(&mut args.args);
        let many = args.eval.len() > 1;
        let pieces = std::mem::take(&mut args.eval)
            .into_iter()
            .enumerate()
            .map(|(i, code)| {
                let name = if many {
                    format!("<expr#{}>", i + 1)
                } else {
                    "<expr>".to_string()
                };
                (name, code)
            })
            .collect();
        return Ok(Work {
            pieces,
            script_args,
            print_last: true,
            script: None,
        });
    }
    let path = args.file.take().unwrap_or_else(|| "-".to_string());
    let code = read_script(&path)?;
    let (name, script) = if path == "-" {
        ("<stdin>".to_string(), None)
    } else {
        (path.clone(), Some(std::path::PathBuf::from(&path)))
    };
    Ok(Work {
        pieces: vec![(name, code)],
        script_args: std::mem::take(&mut args.args),
        print_last: false,
        script,
    })
}

fn run(mut args: Args, stop: StopSignal) -> Outcome {
    let format = match choose_format(args.format, args.output.as_deref()) {
        Ok(format) => format,
        Err(message) => return usage_error(&message),
    };
    if let Some(path) = &args.fx {
        if let Err(message) = load_fx(path) {
            return usage_error(&message);
        }
    }
    let interactive = args.eval.is_empty() && args.file.is_none() && std::io::stdin().is_terminal();
    let config = engine_config(&args, interactive || args.kernel.is_some());
    crate::memory::set_budget(config.max_memory);
    let mut files = FileAccess {
        allow: args.allow_path.clone(),
        no_files: args.no_files,
        script: None,
    };
    let mut host = Host {
        page_width: args.width.unwrap_or_else(page_width),
        digits: args.digits.unwrap_or_default(),
        stop,
        memory_in_use: Some(crate::memory::in_use),
        threads: args.threads.map_or(0, usize::from),
        stack_bytes: SCRIPT_STACK_BYTES,
        limit_setting: limit_flag,
        ..Host::default()
    };
    if let Some(connection_file) = &args.kernel {
        host.files = Rc::new(file_policy(&files));
        return match crate::kernel::run(connection_file, &config, host) {
            Ok(()) => Outcome::Success,
            Err(message) => usage_error(&message),
        };
    }
    if interactive {
        host.files = Rc::new(file_policy(&files));
        return match crate::repl::run(&config, host) {
            Ok(()) => Outcome::Success,
            Err(message) => usage_error(&message),
        };
    }
    let work = match work(&mut args) {
        Ok(work) => work,
        Err(message) => return usage_error(&message),
    };
    files.script = work.script.clone();
    host.files = Rc::new(file_policy(&files));
    let stop = host.stop.clone();
    let mut session = Session::with_host(
        &config,
        Rc::new(move |text| write_stdout(text, &stop)),
        Rc::new(|text| eprintln!("{text}")),
        host,
    );
    session.set_args(&work.script_args);
    let outcome = match evaluate(&mut session, &work.pieces) {
        Ok(last) => finish(&session, last, work.print_last, &args.output, format),
        Err(outcome) => outcome,
    };
    // The process ends next: freeing the engine, its functions and the script's values one by
    // one would only delay the exit (more so after a script that built large tables). Output
    // is already flushed.
    std::mem::forget(session);
    unless_output_failed(outcome)
}

/// Runs the pieces in order; the value of the last, or how the run ended on an error (reported
/// here).
fn evaluate(session: &mut Session, pieces: &[(String, String)]) -> Result<rhai::Dynamic, Outcome> {
    let mut last = rhai::Dynamic::UNIT;
    for (name, code) in pieces {
        match session.eval(code, name) {
            Ok(value) => last = value,
            Err(error) => {
                return Err(match error.kind {
                    ErrorKind::OutputClosed => Outcome::Success,
                    ErrorKind::Interrupted => {
                        eprintln!("{}", session.render_error(&error).trim_end());
                        Outcome::Interrupted
                    }
                    _ => {
                        eprint!("{}", session.render_error(&error));
                        Outcome::ScriptFailed
                    }
                });
            }
        }
    }
    Ok(last)
}

/// Writes the final value to `-o FILE`, or prints it for `-e`.
fn finish(
    session: &Session,
    last: rhai::Dynamic,
    print_last: bool,
    output: &Option<String>,
    format: &Format,
) -> Outcome {
    if let Some(path) = output {
        if last.is_unit() {
            // Writing "nothing" would replace the file with an empty line.
            return usage_error(&format!(
                "-o {path}: the script's final value is nothing, so there is nothing to write \
                 and {path} was left as it was; end the script with the value to save (its name \
                 on the last line, without a `;`), or call save(value, \"{path}\") inside it"
            ));
        }
        // `-o` is the user's own choice on the command line, not the script's: no policy.
        let written = session.within(|| {
            if format.is_binary() {
                return value::write_binary(&last, format, path);
            }
            value::render_file(&last, format).and_then(|text| {
                whatif_engine::disk::replace(path, Guard::User, text.as_bytes())
                    .map_err(|e| e.message)
            })
        });
        if let Err(message) = written {
            if session.host().stop.pending() == Some(whatif_engine::stop::INTERRUPTED) {
                eprintln!("error: -o {path}: {message}");
                return Outcome::Interrupted;
            }
            return usage_error(&format!("-o {path}: {message}"));
        }
    } else if print_last {
        let width = session.host().page_width;
        if let Some(text) = session.within(|| value::render(&last, format, width)) {
            write_stdout(&text, &session.host().stop);
        }
    }
    std::mem::forget(last);
    Outcome::Success
}

/// What the command line says about file access.
struct FileAccess {
    allow: Vec<std::path::PathBuf>,
    no_files: bool,
    script: Option<std::path::PathBuf>,
}

/// Scripts reach the working folder tree, the script's folder tree and `--allow-path` folders.
fn file_policy(access: &FileAccess) -> FilePolicy {
    if access.no_files {
        return FilePolicy::no_files();
    }
    let mut roots: Vec<std::path::PathBuf> = access.allow.clone();
    if let Ok(cwd) = std::env::current_dir() {
        roots.push(cwd);
    }
    if let Some(folder) = access.script.as_ref().and_then(|s| s.parent()) {
        roots.push(if folder.as_os_str().is_empty() {
            std::path::PathBuf::from(".")
        } else {
            folder.to_path_buf()
        });
    }
    FilePolicy::roots(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_the_script_thread_exits_70() {
        let code = run_guarded(|| panic!("boom"));
        assert_eq!(code, ExitCode::from(INTERNAL_ERROR));
        assert_eq!(run_guarded(|| Outcome::ScriptFailed), ExitCode::from(1));
    }
}
