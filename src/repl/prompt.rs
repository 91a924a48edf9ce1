//! The REPL without a terminal: one session whose scope persists, the `:commands`, `_`, the
//! record of successful entries for `:save`, and the names in scope (variables, functions,
//! datasets) that `:vars` and completion (`complete.rs`) list. It returns output as data
//! ([`Reply`]); the terminal layer in `mod.rs` decides colours and streams. Unit tests drive
//! it directly.

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use rhai::Dynamic;

use super::catalog::{self, DatasetInfo, FnInfo};
use super::command::{Command, Format};
use super::rewrite::{self, ran_until, Rewrite};
use super::scan;
use super::script::{Entry, Failure, LAST};
use whatif_engine::error::ScriptError;
use whatif_engine::session::Sink;
use whatif_engine::table::Table;
use whatif_engine::{value, EngineConfig, Host, Session};

/// What [`Repl::complete`] returns, where embedders (the start-up bench) have always found it.
pub use super::complete::Completion;

/// Indentation the prompt gives continuation lines (as wide as the prompt).
pub const INDENT: &str = "   ";

/// One piece of output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The value of an entry.
    Value(String),
    /// Help, listings and other text the user asked for.
    Text(String),
    /// A short note: timing, "saved …".
    Info(String),
    /// An error, rendered with its source line and caret.
    Error(String),
}

/// What one entry produced.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Reply {
    pub outputs: Vec<Output>,
    /// The user asked to leave.
    pub quit: bool,
}

impl Reply {
    pub(super) fn one(output: Output) -> Self {
        Reply {
            outputs: vec![output],
            quit: false,
        }
    }

    pub(super) fn text(text: String) -> Self {
        Reply::one(Output::Text(text))
    }

    pub(super) fn info(text: String) -> Self {
        Reply::one(Output::Info(text))
    }

    pub(super) fn error(message: String) -> Self {
        Reply::one(Output::Error(format!("error: {message}")))
    }
}

/// What a notebook cell of script code produced: the prompt's reply, the value it showed (for
/// views richer than text) and whether an interrupt stopped it.
#[derive(Debug, Default)]
pub struct Cell {
    pub reply: Reply,
    pub value: Option<Dynamic>,
    pub interrupted: bool,
}

impl From<Reply> for Cell {
    fn from(reply: Reply) -> Self {
        Cell {
            reply,
            ..Cell::default()
        }
    }
}

/// The REPL's state.
pub struct Repl {
    pub(super) config: EngineConfig,
    pub(super) host: Host,
    pub(super) out: Sink,
    pub(super) err: Sink,
    pub(super) session: Session,
    pub(super) entries: Vec<Entry>,
    pub(super) counter: usize,
    pub(super) format: Format,
    pub(super) timer: bool,
    pub(super) once: Option<String>,
    pub(super) has_last: bool,
    natives: OnceCell<Vec<FnInfo>>,
    pub(super) rewrites: HashMap<String, Rewrite>,
}

impl Repl {
    /// A REPL whose scripts run under `host` (file policy, page width, stop flags) and
    /// `print` to `out` and `debug` to `err`.
    pub fn new(config: &EngineConfig, host: Host, out: Sink, err: Sink) -> Self {
        let session = Self::fresh_session(config, &host, &out, &err);
        Repl {
            config: config.clone(),
            host,
            out,
            err,
            session,
            entries: Vec::new(),
            counter: 0,
            format: whatif_engine::formats::Format::text(),
            timer: false,
            once: None,
            has_last: false,
            natives: OnceCell::new(),
            rewrites: HashMap::new(),
        }
    }

    pub(super) fn fresh_session(
        config: &EngineConfig,
        host: &Host,
        out: &Sink,
        err: &Sink,
    ) -> Session {
        let mut session = Session::with_host(config, out.clone(), err.clone(), host.clone());
        // Help, `:functions` and completion list the stdlib's functions too.
        session.load_stdlib();
        // Scripts written for `whatif FILE ARGS` can be `:load`ed.
        session.set_args(&[]);
        session
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn format(&self) -> Format {
        self.format
    }

    /// Runs one entry: a `:command` or script code.
    pub fn handle(&mut self, input: &str) -> Reply {
        // A Ctrl-C pressed after the last entry finished is not meant for this one.
        self.host.stop.reset();
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Reply::default();
        }
        if trimmed.starts_with(':') {
            return match trimmed.parse::<Command>() {
                Ok(command) => self.command(command),
                Err(message) => Reply::one(Output::Error(format!("error: {message}"))),
            };
        }
        self.eval_entry(input, None).reply
    }

    /// Runs script code (not a `:command`) named `source` in errors, as a notebook cell: the
    /// reply the prompt would show, with the value itself for richer views and whether the
    /// entry was stopped by an interrupt.
    pub fn run_cell(&mut self, input: &str, source: &str) -> Cell {
        self.host.stop.reset();
        self.eval_entry(input, Some(source.to_string()))
    }

    fn eval_entry(&mut self, input: &str, source: Option<String>) -> Cell {
        let uses = scan::underscore_uses(input);
        if !uses.is_empty() && !self.has_last {
            return Cell::from(Reply::one(Output::Error(
                "error: `_` has no value yet: it holds the last result shown".to_string(),
            )));
        }
        self.counter += 1;
        let source = source.unwrap_or_else(|| format!("<repl#{}>", self.counter));
        let code = if uses.is_empty() {
            input.to_string()
        } else {
            self.rewrites
                .insert(source.clone(), Rewrite::new(input, &uses));
            scan::replace_underscore(input, LAST)
        };
        let started = Instant::now();
        let result = self.session.eval(&code, &source);
        let elapsed = started.elapsed();
        let mut reply = Reply::default();
        let mut shown_value = None;
        let mut interrupted = false;
        match result {
            Ok(value) => {
                // Rendered once: shown now, and its first line kept for `:save`'s comment.
                let shown = self.render_value(&value);
                self.entries.push(Entry {
                    code: input.to_string(),
                    loaded_from: None,
                    // `()` shows nothing in text, but `null` in JSON: never a value to echo.
                    value: shown
                        .as_ref()
                        .filter(|_| !value.is_unit())
                        .map(|s| s.lines().next().unwrap_or("").to_string()),
                    failure: None,
                });
                if let Some(text) = shown {
                    reply.outputs.push(Output::Value(text));
                }
                if !value.is_unit() {
                    if let Some(output) = self.save_once(&value) {
                        reply.outputs.push(output);
                    }
                    shown_value = Some(value.clone());
                    self.set_last(value);
                }
            }
            Err(error) => {
                interrupted = error.kind == whatif_engine::error::ErrorKind::Interrupted;
                let rendered = self.render_error(&error);
                self.entries.push(Entry {
                    code: input.to_string(),
                    loaded_from: None,
                    value: None,
                    failure: Some(Failure {
                        message: rendered.lines().next().unwrap_or("").to_string(),
                        ran_until: ran_until(&error, &source, input, &code),
                    }),
                });
                reply.outputs.push(Output::Error(rendered));
            }
        }
        if self.timer {
            reply
                .outputs
                .push(Output::Info(format!("took {}", duration_text(elapsed))));
        }
        Cell {
            reply,
            value: shown_value,
            interrupted,
        }
    }

    fn set_last(&mut self, value: Dynamic) {
        // A user's `const _last` would make `set_value` panic; leave theirs alone.
        if self.session.scope().is_constant(LAST) != Some(true) {
            self.session.scope_mut().set_value(LAST, value);
            self.session.define_last_as(LAST);
            self.has_last = true;
        }
    }

    /// A value as the session's `:format` shows it.
    pub(super) fn render_value(&self, value: &Dynamic) -> Option<String> {
        self.session
            .within(|| value::render(value, self.format, self.host.page_width))
    }

    /// Renders an error as script mode does, with the user's own text for rewritten entries.
    pub fn render_error(&self, error: &ScriptError) -> String {
        rewrite::render_error(error, &*self.session.sources(), &self.rewrites)
    }

    /// Every function: whatif's, Rhai's and the user's.
    pub fn functions(&self) -> Vec<FnInfo> {
        let natives = self
            .natives
            .get_or_init(|| catalog::native_functions(self.session.engine()));
        let mut all = catalog::user_functions(self.session.defined_functions());
        all.extend(natives.iter().cloned());
        all
    }

    /// The built-in datasets.
    pub fn datasets(&self) -> Vec<DatasetInfo> {
        catalog::datasets()
    }

    /// Variables in scope, newest definition of each name, in definition order.
    pub fn variables(&self) -> Vec<(String, bool, Dynamic)> {
        let mut seen = HashSet::new();
        let mut found: Vec<(String, bool, Dynamic)> = self
            .session
            .scope()
            .iter_raw()
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .filter(|(name, _, _)| seen.insert(name.to_string()))
            .map(|(name, constant, value)| {
                let name = if name == LAST { "_" } else { name };
                (name.to_string(), constant, value.clone())
            })
            .collect();
        found.reverse();
        found
    }
}

/// Whether a result is a table (what `:once` waits for).
pub(super) fn is_table(value: &Dynamic) -> bool {
    value.is::<Table>()
}

pub(super) fn one_line(text: &str, max: usize) -> String {
    let flat = text.replace('\n', " ");
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

/// A duration for people: microseconds, milliseconds or seconds.
pub fn duration_text(d: Duration) -> String {
    let micros = d.as_micros();
    if micros < 1_000 {
        format!("{micros} µs")
    } else if micros < 1_000_000 {
        format!("{}.{} ms", micros / 1_000, (micros % 1_000) / 100)
    } else {
        format!(
            "{}.{:02} s",
            micros / 1_000_000,
            (micros % 1_000_000) / 10_000
        )
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    use whatif_engine::file_policy::FilePolicy;

    pub(crate) fn repl() -> (Repl, Rc<RefCell<Vec<String>>>) {
        repl_with_files(FilePolicy::unrestricted())
    }

    fn repl_with_files(files: FilePolicy) -> (Repl, Rc<RefCell<Vec<String>>>) {
        let printed = Rc::new(RefCell::new(Vec::new()));
        let sink = printed.clone();
        let host = Host {
            files: Rc::new(files),
            ..Host::default()
        };
        let repl = Repl::new(
            &EngineConfig::default(),
            host,
            Rc::new(move |s| sink.borrow_mut().push(s.to_string())),
            Rc::new(|_| {}),
        );
        (repl, printed)
    }

    fn value(reply: &Reply) -> Option<&str> {
        reply.outputs.iter().find_map(|o| match o {
            Output::Value(v) => Some(v.as_str()),
            _ => None,
        })
    }

    fn error(reply: &Reply) -> Option<&str> {
        reply.outputs.iter().find_map(|o| match o {
            Output::Error(v) => Some(v.as_str()),
            _ => None,
        })
    }

    #[test]
    fn scope_and_functions_persist() {
        let (mut r, _) = repl();
        assert_eq!(value(&r.handle("let x = 2")), None);
        r.handle("fn twice(a) {\n   a * 2\n}");
        assert_eq!(value(&r.handle("twice(x) + 0.5")), Some("4.5"));
    }

    #[test]
    fn digits_command_sets_what_numbers_show_and_survives_reset() {
        let (mut r, _) = repl();
        assert_eq!(value(&r.handle("1/3")), Some("0.333333333333"));
        r.handle(":digits 4");
        assert_eq!(value(&r.handle("1/3")), Some("0.3333"));
        assert_eq!(value(&r.handle("`${2/3}`")), Some("0.6667"));
        r.handle(":reset");
        assert_eq!(value(&r.handle("1/3")), Some("0.3333"));
        r.handle(":digits exact");
        assert_eq!(
            value(&r.handle("1/3")),
            Some("0.3333333333333333333333333333")
        );
        assert!(error(&r.handle(":digits 40"))
            .unwrap()
            .contains("from 1 to 28"));
    }

    #[test]
    fn underscore_is_the_last_value() {
        let (mut r, _) = repl();
        assert!(error(&r.handle("_ + 1")).unwrap().contains("no value yet"));
        r.handle("40");
        r.handle("let y = 1");
        assert_eq!(value(&r.handle("_ + 2")), Some("42"));
        assert_eq!(value(&r.handle("_ * 2")), Some("84"));
    }

    #[test]
    fn explain_and_why_follow_the_last_result_without_replacing_it() {
        let (mut r, _) = repl();
        let nothing = r.handle(":explain");
        let nothing = error(&nothing).unwrap();
        assert!(
            nothing.starts_with("error: nothing to explain yet"),
            "{nothing}"
        );
        let unknown = r.handle(":explain nosuch");
        let unknown = error(&unknown).unwrap();
        assert!(
            unknown.starts_with("error: unknown variable nosuch"),
            "{unknown}"
        );
        r.handle(r#"let deal = softbank_deals.by_id("nvidia-2019")"#);
        assert_eq!(
            value(&r.handle("roi(deal.amount, deal.value_later)")),
            Some("36.5")
        );
        let why = r.handle(":why");
        let why = value(&why).unwrap();
        assert!(why.contains("_ = roi(A, B)"), "{why}");
        assert!(
            why.contains("softbank_deals · nvidia-2019 · value_later"),
            "{why}"
        );
        // `_` is still the result, and a later entry built on it is followed through it.
        assert_eq!(value(&r.handle("_ * 2")), Some("73"));
        let again = r.handle(":explain");
        let again = value(&again).unwrap();
        assert!(again.contains("_ = roi(A, B) * 2"), "{again}");
        let expr = r.handle(":explain _ + deal.stake");
        assert!(value(&expr).unwrap().contains("nvidia-2019 · stake"));
        assert_eq!(value(&r.handle("_")), Some("73"));
        let entries = r.entries.len();
        r.handle(":why");
        assert_eq!(r.entries.len(), entries, ":why is not an entry of :save");
    }

    #[test]
    fn a_limit_error_ends_the_entry_not_the_session() {
        let (mut r, _) = repl();
        r.handle("let kept = 41");
        let reply = r.handle("[].pad(1_000_000_000, 0)");
        let shown = error(&reply).unwrap();
        assert!(shown.contains("memory budget"), "{shown}");
        assert_eq!(value(&r.handle("kept + 1")), Some("42"));
    }

    #[test]
    fn errors_point_at_what_was_typed() {
        let (mut r, _) = repl();
        r.handle("1");
        let reply = r.handle("_ + nope");
        let shown = error(&reply).unwrap();
        assert!(shown.contains("1 | _ + nope"), "{shown}");
        assert!(shown.contains("|     ^"), "{shown}");
        // The session carries on.
        assert_eq!(value(&r.handle("_ + 1")), Some("2"));
    }

    #[test]
    fn help_reads_function_docs() {
        let (mut r, _) = repl();
        let reply = r.handle(":help assert_eq");
        let Output::Text(page) = &reply.outputs[0] else {
            panic!("{reply:?}")
        };
        assert!(page.contains("assert_eq("), "{page}");
        assert!(page.contains("Example:"), "{page}");
        let reply = r.handle(":help asert_eq");
        assert!(error(&reply).unwrap().contains("did you mean assert_eq"));
        r.handle("/// Doubles.\nfn dbl(x) { x * 2 }");
        let reply = r.handle(":help dbl");
        assert_eq!(
            reply.outputs[0],
            Output::Text("dbl(x)  (defined in this session)\n  Doubles.".into())
        );
    }

    #[test]
    fn intro_runs_its_examples() {
        let (mut r, _) = repl();
        let Output::Text(intro) = &r.handle(":help").outputs[0] else {
            panic!()
        };
        assert!(intro.contains("=> 0.3"), "{intro}");
        assert!(intro.contains(":save FILE"), "{intro}");
    }

    #[test]
    fn save_and_reset() {
        let (mut r, printed) = repl();
        r.handle("let x = 20");
        r.handle("x + 1");
        r.handle("print(_ * 2)");
        r.handle("nope()");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.rhai");
        let reply = r.handle(&format!(":save {}", path.display()));
        assert_eq!(
            reply.outputs,
            vec![Output::Info(format!(
                "saved 4 entries to {}",
                path.display()
            ))]
        );
        assert_eq!(printed.borrow().as_slice(), ["42"]);
        r.handle(":reset");
        assert!(error(&r.handle("x")).is_some());
        let saved = std::fs::read_to_string(&path).unwrap();
        r.handle(&format!(":load {}", path.display()));
        // The value `x + 1` showed is echoed, the failed `nope()` is a comment.
        assert_eq!(printed.borrow().as_slice(), ["42", "21", "42"], "{saved}");
        assert!(saved.contains("// failed, not replayed: nope()"), "{saved}");
        assert_eq!(value(&r.handle("x")), Some("20"));
    }

    #[test]
    fn vars_and_groupings_are_described_not_named_by_their_rust_type() {
        let (mut r, _) = repl();
        assert_eq!(
            value(&r.handle("funding_rounds.group_by(\"currency\")")),
            Some("Grouped by currency (3 groups)")
        );
        r.handle("let t = funding_rounds");
        r.handle("let n = 5");
        let Output::Text(vars) = &r.handle(":vars").outputs[0] else {
            panic!("no variable list")
        };
        assert!(
            vars.contains("t: Table (18 rows × 15 columns) = "),
            "{vars}"
        );
        assert!(vars.contains("n: integer = 5"), "{vars}");
        assert!(!vars.contains("whatif"), "{vars}");
    }

    /// The saved script rebuilds the state a failed entry left (`let a = 5` ran
    /// before `1/0` failed) and shows each value the session showed.
    #[test]
    fn a_saved_session_replays_its_state_and_shows_its_values() {
        let (mut r, _) = repl();
        let mut shown = Vec::new();
        for entry in [
            "let a = 5; 1/0",
            "a * 10",
            "let m = #{pledge: 100e9, jobs: 100_000}; m",
            "fn twice(x) { x * 2 } twice(a)",
            "let b = [1]; b.push(2); b[5]",
            "b.len() + _",
            "funding_rounds.group_by(\"currency\")",
            "let broken = (1 +",
        ] {
            let reply = r.handle(entry);
            shown.extend(value(&reply).map(str::to_string));
        }
        assert_eq!(shown[0], "50");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.rhai");
        r.handle(&format!(":save {}", path.display()));
        let saved = std::fs::read_to_string(&path).unwrap();

        let printed = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = printed.clone();
        let mut session = Session::new(
            &EngineConfig::default(),
            Rc::new(move |s| sink.borrow_mut().push(s.to_string())),
            Rc::new(|_| {}),
        );
        if let Err(e) = session.eval(&saved, "saved.rhai") {
            panic!("{}\n{saved}", session.render_error(&e));
        }
        assert_eq!(*printed.borrow(), shown, "{saved}");
    }

    #[test]
    fn datasets_are_listed_explained_and_completed() {
        let (mut r, _) = repl();
        let Output::Text(list) = &r.handle(":datasets").outputs[0] else {
            panic!("no dataset list")
        };
        for name in whatif_core::datasets::names() {
            assert!(list.contains(name), "{name} missing from:\n{list}");
        }
        let Output::Text(page) = &r.handle(":help funding_rounds").outputs[0] else {
            panic!("no help page")
        };
        assert!(page.contains("funding_rounds"), "{page}");
        assert!(page.contains("amount"), "{page}");
        let Completion::Names { names, .. } = r.complete("funding_r", 9) else {
            panic!("no completion")
        };
        assert!(names.contains(&"funding_rounds".to_string()), "{names:?}");
    }

    #[test]
    fn format_json_shows_exact_json() {
        let (mut r, _) = repl();
        r.handle(":format json");
        assert_eq!(
            value(&r.handle("#{b: 0.1 + 0.2, a: \"x\"}")),
            Some(r#"{"a":"x","b":0.3}"#)
        );
        let reply = r.handle(":format xml");
        assert!(error(&reply).unwrap().contains("unknown format 'xml'"));
        assert_eq!(r.format().name, "json");
    }

    #[test]
    fn wide_and_odd_text_never_panics() {
        let (mut r, _) = repl();
        let texts = [
            "let 名 = \"软银\"; 名",
            "\"亿元\" + _",
            "`${ \"😀\" }`.",
            "x.😀",
            ":help 软",
            "/* 注释",
            "'",
            "\\",
            "1.",
        ];
        for text in texts {
            for pos in 0..=text.len() {
                if text.is_char_boundary(pos) {
                    let _ = r.complete(text, pos);
                }
            }
            let _ = super::super::highlight(text);
            let _ = r.handle(text);
        }
    }

    #[test]
    fn save_and_load_follow_the_file_policy() {
        let allowed = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let (mut r, _) = repl_with_files(FilePolicy::roots([allowed.path().to_path_buf()]));
        r.handle("let x = 1");
        let outside = elsewhere.path().join("s.rhai");
        let reply = r.handle(&format!(":save {}", outside.display()));
        assert!(
            error(&reply).unwrap().contains("outside the folders"),
            "{reply:?}"
        );
        assert!(!outside.exists());
        let reply = r.handle(&format!(":load {}", outside.display()));
        assert!(
            error(&reply).unwrap().contains("outside the folders"),
            "{reply:?}"
        );
        let inside = allowed.path().join("s.rhai");
        assert!(error(&r.handle(&format!(":save {}", inside.display()))).is_none());
        assert!(inside.exists());
    }

    #[test]
    fn user_functions_cannot_hijack_datasets_once_or_rendering() {
        // `:datasets`, `:once` and table rendering must not call script functions by name, or a
        // user's own `datasets()`, `save()` or `to_string()` would take their place.
        let (mut r, _) = repl();
        r.handle("fn datasets() { [\"fake\"] }");
        r.handle("fn save(t, p) { }");
        r.handle("fn to_string(t) { \"hijacked\" }");
        let Output::Text(list) = &r.handle(":datasets").outputs[0] else {
            panic!("no dataset list")
        };
        assert!(
            list.contains("funding_rounds") && !list.contains("fake"),
            "{list}"
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.csv");
        r.handle(&format!(":once {}", path.display()));
        let reply = r.handle("table([#{a: 1}])");
        assert!(path.exists(), "{reply:?}");
        let shown = value(&reply).unwrap_or_default().to_string();
        assert!(shown.contains("│ a │"), "{shown}");
    }

    #[test]
    fn help_on_a_dataset_shows_its_columns_as_a_table() {
        let (mut r, _) = repl();
        let Output::Text(page) = &r.handle(":help pledges").outputs[0] else {
            panic!("no help page")
        };
        assert!(page.contains("│ amount"), "{page}");
        assert!(page.contains("2 rows, 14 columns"), "{page}");
    }

    #[test]
    fn once_saves_the_next_table_result() {
        let (mut r, _) = repl();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("memo.md");
        let reply = r.handle(&format!(":once {}", path.display()));
        assert!(error(&reply).is_none(), "{reply:?}");
        r.handle("1 + 1");
        assert!(!path.exists(), "a non-table result must not use up :once");
        r.handle("table([#{deal: \"ARM\", amount: 32_000_000_000}])");
        let saved = std::fs::read_to_string(&path).unwrap();
        // Markdown is read by people: numbers grouped and right-aligned, as on screen.
        assert_eq!(
            saved, "| amount | deal |\n| ---: | --- |\n| 32,000,000,000 | ARM |\n",
            "{saved}"
        );
    }
}
