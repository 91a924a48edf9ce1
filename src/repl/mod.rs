//! The interactive prompt: `whatif` with no arguments on a terminal.
//!
//! `prompt` holds the REPL itself (session, commands, `_`, `:save`, completion candidates) and
//! knows nothing of terminals; `scan`, `catalog`, `command`, `help` and `script` are its parts.
//! This file is the thin terminal layer: the rustyline helper (completion, highlighting,
//! multi-line validation, history hints), the history file, Ctrl-C, colours and the loop.
//!
//! `WHATIF_HISTORY` moves the history file; `NO_COLOR` turns colours off;
//! `WHATIF_REPL_STARTUP=1` prints how long the set-up before the first prompt took.

mod actions;
pub mod catalog;
pub mod command;
pub mod complete;
pub mod help;
pub mod prompt;
pub mod rewrite;
pub mod scan;
pub mod script;

use std::borrow::Cow;
use std::cell::RefCell;
use std::io::Write as _;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::Instant;

use rustyline::completion::{Completer, FilenameCompleter, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::{CmdKind, Highlighter};
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{
    Cmd, CompletionType, ConditionalEventHandler, Config, Context, Editor, Event, EventContext,
    EventHandler, KeyCode, KeyEvent, Modifiers, RepeatCount,
};

use self::complete::Completion;
use self::prompt::{Output, Repl, INDENT};
use whatif_engine::{EngineConfig, Host};

/// The prompt; continuation lines are indented by as much and marked with [`CONTINUATION`].
pub const PROMPT: &str = ">> ";
/// Drawn over the indentation of continuation lines.
pub const CONTINUATION: &str = ".. ";

const DIM: &str = "\x1b[2m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const CYAN: &str = "\x1b[36m";
const MAGENTA: &str = "\x1b[35m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Where history lives: `$WHATIF_HISTORY`, else the user's data folder
/// (`$XDG_DATA_HOME/whatif/history`, `~/.local/share/whatif/history`; `%APPDATA%` on
/// Windows), never the current folder. `None` when there is no home to keep it in.
pub fn history_path() -> Option<PathBuf> {
    history_path_in(|name| std::env::var_os(name))
}

/// `history_path` in an environment that `env` reads.
fn history_path_in(env: impl Fn(&str) -> Option<std::ffi::OsString>) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(path) = var("WHATIF_HISTORY") {
        return Some(path);
    }
    let data = if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_DATA_HOME")
            .filter(|p| p.is_absolute())
            .or_else(|| var("HOME").map(|h| h.join(".local").join("share")))
    }?;
    Some(data.join("whatif").join("history"))
}

/// Runs a piece of the editing helper, falling back to `fallback` if it panics: a bug in
/// completion or highlighting must not end the process (the panic hook reports it).
fn guarded<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// The rustyline helper: everything it knows comes from the shared [`Repl`].
struct ReplHelper {
    repl: Rc<RefCell<Repl>>,
    files: FilenameCompleter,
    hints: HistoryHinter,
}

impl Completer for ReplHelper {
    type Candidate = Pair;

    fn complete(
        &self,
        line: &str,
        pos: usize,
        ctx: &Context<'_>,
    ) -> rustyline::Result<(usize, Vec<Pair>)> {
        let Ok(repl) = self.repl.try_borrow() else {
            return Ok((pos, Vec::new()));
        };
        match guarded(Completion::Nothing, || repl.complete(line, pos)) {
            Completion::Names { start, names } => Ok((
                start,
                names
                    .into_iter()
                    .map(|n| Pair {
                        display: n.clone(),
                        replacement: n,
                    })
                    .collect(),
            )),
            Completion::Files => self.files.complete(line, pos, ctx),
            Completion::Nothing => Ok((pos, Vec::new())),
        }
    }
}

impl Hinter for ReplHelper {
    type Hint = String;

    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        // A hint that spans lines would misplace the cursor; offer single-line ones only.
        guarded(None, || {
            self.hints
                .hint(line, pos, ctx)
                .filter(|h| !h.contains('\n'))
        })
    }
}

impl Highlighter for ReplHelper {
    fn highlight<'l>(&self, line: &'l str, _pos: usize) -> Cow<'l, str> {
        Cow::Owned(guarded(line.to_string(), || highlight(line)))
    }

    fn highlight_prompt<'b, 's: 'b, 'p: 'b>(
        &'s self,
        prompt: &'p str,
        _default: bool,
    ) -> Cow<'b, str> {
        Cow::Owned(format!("{BOLD}{prompt}{RESET}"))
    }

    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        Cow::Owned(format!("{DIM}{hint}{RESET}"))
    }

    fn highlight_char(&self, _line: &str, _pos: usize, _kind: CmdKind) -> bool {
        true
    }
}

/// Colours an entry: keywords, strings, numbers, comments, `:commands`; the indentation of
/// continuation lines is drawn as [`CONTINUATION`] (same width, so the cursor stays right).
pub fn highlight(line: &str) -> String {
    if line.trim_start().starts_with(':') {
        let start = line.len() - line.trim_start().len();
        let end = line[start..]
            .find(char::is_whitespace)
            .map_or(line.len(), |i| start + i);
        return format!(
            "{}{MAGENTA}{}{RESET}{}",
            &line[..start],
            &line[start..end],
            &line[end..]
        );
    }
    let (tokens, _) = scan::scan(line);
    let mut out = String::with_capacity(line.len() * 2);
    for token in tokens {
        let text = &line[token.start..token.end];
        let colour = match token.kind {
            scan::Kind::Keyword => Some(BOLD),
            scan::Kind::Str => Some(GREEN),
            scan::Kind::Number => Some(CYAN),
            scan::Kind::Comment => Some(DIM),
            scan::Kind::Ident | scan::Kind::Punct => None,
            scan::Kind::Space => {
                out.push_str(&mark_continuations(text));
                continue;
            }
        };
        match colour {
            Some(colour) => {
                // Colour each line separately so a multi-line string or comment does not bleed
                // into the continuation marker.
                let pieces: Vec<String> = text
                    .split('\n')
                    .map(|p| {
                        if p.is_empty() {
                            String::new()
                        } else {
                            format!("{colour}{p}{RESET}")
                        }
                    })
                    .collect();
                out.push_str(&pieces.join("\n"));
            }
            None => out.push_str(text),
        }
    }
    out
}

fn mark_continuations(space: &str) -> String {
    let mut out = String::with_capacity(space.len());
    for (i, piece) in space.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            if let Some(rest) = piece.strip_prefix(INDENT) {
                out.push_str(&format!("{DIM}{CONTINUATION}{RESET}{rest}"));
                continue;
            }
        }
        out.push_str(piece);
    }
    out
}

impl Validator for ReplHelper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let input = ctx.input();
        let complete = guarded(true, || {
            input.trim_start().starts_with(':') || scan::is_complete(input)
        });
        if complete {
            Ok(ValidationResult::Valid(None))
        } else {
            Ok(ValidationResult::Incomplete)
        }
    }
}

impl rustyline::Helper for ReplHelper {}

/// Enter at the end of an unfinished entry opens an indented continuation line; anything else
/// falls through to rustyline (which asks the validator).
struct EnterHandler;

impl ConditionalEventHandler for EnterHandler {
    fn handle(
        &self,
        _evt: &Event,
        _n: RepeatCount,
        _positive: bool,
        ctx: &EventContext,
    ) -> Option<Cmd> {
        let line = ctx.line();
        if ctx.pos() != line.len() || line.trim_start().starts_with(':') {
            return None;
        }
        let (_, open) = guarded(None, || Some(scan::scan(line)))?;
        if open.string.is_some() || open.comment || open.brackets.is_empty() {
            return None;
        }
        // A closer that does not match cannot be repaired on the next line: run the entry.
        if guarded(false, || scan::is_complete(line)) {
            return None;
        }
        let depth = open.brackets.len();
        Some(Cmd::Insert(
            1,
            format!("\n{INDENT}{}", "    ".repeat(depth)),
        ))
    }
}

fn colours_on() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal()
        && std::env::var("TERM").map_or(true, |t| t != "dumb")
}

fn show(reply: &prompt::Reply, colour: bool) {
    let paint = |code: &str, text: &str| {
        if colour {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    for output in &reply.outputs {
        match output {
            Output::Value(text) | Output::Text(text) => {
                let mut out = std::io::stdout().lock();
                let _ = writeln!(out, "{text}");
                let _ = out.flush();
            }
            Output::Info(text) => eprintln!("{}", paint(DIM, text)),
            Output::Error(text) => {
                let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
                if rest.is_empty() {
                    eprintln!("{}", paint(RED, first));
                } else {
                    eprintln!("{}\n{rest}", paint(RED, first));
                }
            }
        }
    }
}

/// The message of a panic payload.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Runs the REPL until `:quit`, Ctrl-D or the end of input. Fails only when the terminal
/// cannot be set up.
///
/// Ctrl-C while a script runs stops it (the caller's signal handler sets `host.stop`, which
/// the engine reads between operations); at the prompt, rustyline reads Ctrl-C as a key.
pub fn run(config: &EngineConfig, host: Host) -> Result<(), String> {
    let started = Instant::now();

    let print_out: whatif_engine::session::Sink = Rc::new(|text: &str| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{text}");
        let _ = out.flush();
    });
    let print_err: whatif_engine::session::Sink = Rc::new(|text: &str| eprintln!("{text}"));
    let repl = Rc::new(RefCell::new(Repl::new(config, host, print_out, print_err)));
    let mut editor = editor(repl.clone())?;
    // A history "file" that is a FIFO would hang the prompt and a device (`/dev/zero`) would
    // never end: only a regular file (or none yet) is history.
    let history =
        history_path().filter(|path| match whatif_engine::disk::not_a_regular_file(path) {
            Some(kind) => {
                eprintln!(
                    "note: history is off for this session: {} is {kind}, not a regular file",
                    path.display()
                );
                false
            }
            None => true,
        });
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if path.exists() {
            if let Err(e) = editor.load_history(path) {
                eprintln!("note: could not read history {}: {e}", path.display());
            }
        }
    }

    let colour = colours_on();
    print_banner(repl.borrow().datasets().len(), colour);
    if std::env::var_os("WHATIF_REPL_STARTUP").is_some() {
        eprintln!("startup {}", prompt::duration_text(started.elapsed()));
    }

    // A panic is a bug in whatif, not in the user's script: say so plainly, with where it
    // happened, and let the loop carry on (it catches the panic around each entry).
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        if !whatif_engine::host::in_guarded_code() {
            eprintln!("internal error: {info}");
        }
    }));
    let mut history_warned = false;
    loop {
        match editor.readline(PROMPT) {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                    if let Some(path) = &history {
                        // Appending after each entry keeps history when the terminal closes.
                        if let Err(e) = editor.append_history(path) {
                            if !history_warned {
                                eprintln!(
                                    "note: could not save history to {}: {e}",
                                    path.display()
                                );
                                history_warned = true;
                            }
                        }
                    }
                }
                if handle_entry(&repl, &line, colour) {
                    break;
                }
            }
            // Ctrl-C at the prompt: rustyline has dropped the line; start a fresh one.
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(ReadlineError::Io(e)) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                eprintln!("error: the terminal stopped answering: {e}");
                break;
            }
        }
    }
    std::panic::set_hook(default_hook);
    Ok(())
}

/// The line editor: completion, hints, highlighting, and Enter that submits only finished
/// input.
fn editor(repl: Rc<RefCell<Repl>>) -> Result<Editor<ReplHelper, DefaultHistory>, String> {
    let rl_config = Config::builder()
        .completion_type(CompletionType::List)
        .max_history_size(10_000)
        .map_err(|e| e.to_string())?
        .history_ignore_dups(true)
        .map_err(|e| e.to_string())?
        .history_ignore_space(true)
        .auto_add_history(false)
        .build();
    let mut editor: Editor<ReplHelper, DefaultHistory> =
        Editor::with_config(rl_config).map_err(|e| format!("cannot start the prompt: {e}"))?;
    editor.set_helper(Some(ReplHelper {
        repl,
        files: FilenameCompleter::new(),
        hints: HistoryHinter::new(),
    }));
    editor.bind_sequence(
        KeyEvent(KeyCode::Enter, Modifiers::NONE),
        EventHandler::Conditional(Box::new(EnterHandler)),
    );
    Ok(editor)
}

fn print_banner(datasets: usize, colour: bool) {
    let banner = format!(
        "whatif {} · {datasets} dataset{} · :help for help, Ctrl-D to quit",
        env!("CARGO_PKG_VERSION"),
        if datasets == 1 { "" } else { "s" }
    );
    println!(
        "{}",
        if colour {
            format!("{DIM}{banner}{RESET}")
        } else {
            banner
        }
    );
}

/// Runs one entry and shows its reply; true when the entry asks to quit. A panic inside is
/// reported as a bug in whatif and the session carries on.
fn handle_entry(repl: &Rc<RefCell<Repl>>, line: &str, colour: bool) -> bool {
    let reply = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        repl.borrow_mut().handle(line)
    }));
    match reply {
        Ok(reply) => {
            show(&reply, colour);
            reply.quit
        }
        Err(payload) => {
            let message = panic_message(&*payload);
            show(
                &prompt::Reply {
                    outputs: vec![Output::Info(format!(
                        "(that was a bug in whatif, not in your entry: {message}; \
                         the session carries on; please report it)"
                    ))],
                    quit: false,
                },
                colour,
            );
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_keeps_the_width() {
        let line = "let s = \"a\"; // note\n   f(1.5)";
        let painted = highlight(line);
        let plain = strip_ansi(&painted);
        assert_eq!(plain, "let s = \"a\"; // note\n.. f(1.5)");
        assert!(painted.contains(&format!("{GREEN}\"a\"{RESET}")));
    }

    fn strip_ansi(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\x1b' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn history_never_lands_in_the_current_folder() {
        let in_env = |pairs: &[(&str, &str)]| {
            let pairs: Vec<(String, String)> = pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            history_path_in(move |name| {
                pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.into())
            })
        };
        // The user's own choice wins, as given.
        assert_eq!(
            in_env(&[("WHATIF_HISTORY", "h.txt"), ("HOME", "/home/a")]),
            Some(PathBuf::from("h.txt"))
        );
        // No home to keep it in: no history, rather than a file in the current folder.
        assert_eq!(in_env(&[]), None);
        assert_eq!(in_env(&[("HOME", ""), ("APPDATA", "")]), None);
        if cfg!(all(unix, not(target_os = "macos"))) {
            let home = Some(PathBuf::from("/home/a/.local/share/whatif/history"));
            assert_eq!(in_env(&[("HOME", "/home/a")]), home);
            // A relative XDG_DATA_HOME is ignored by the spec: it would be the current folder.
            assert_eq!(
                in_env(&[("XDG_DATA_HOME", "data"), ("HOME", "/home/a")]),
                home
            );
            assert_eq!(in_env(&[("XDG_DATA_HOME", "data")]), None);
            assert_eq!(
                in_env(&[("XDG_DATA_HOME", "/x/data"), ("HOME", "/home/a")]),
                Some(PathBuf::from("/x/data/whatif/history"))
            );
        }
    }
}
