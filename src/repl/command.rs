//! The REPL's own commands. They start with `:` so they never collide with script code; this
//! parses them, holds their one-line descriptions (for `:help` and completion) and runs them.

use std::str::FromStr;
use std::time::Instant;

use rhai::Dynamic;
use whatif_engine::files::Access;
use whatif_engine::table::Table;
use whatif_engine::value;

use super::core::{duration_text, is_table, one_line, Output, Repl, Reply, INDENT};
use super::help;
use super::script::{self, Entry};

/// How values are shown after each entry. `text` and `json` apply to every value; the others
/// are table formats (what the table module's `t.to_string(format)` accepts), and other values
/// print as text under them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// As `print` and `whatif -e` show values (tables as boxes).
    #[default]
    Text,
    /// Exact JSON.
    Json,
    Box,
    Markdown,
    Csv,
    Tsv,
    Jsonl,
    Html,
    Latex,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Text,
        Format::Json,
        Format::Box,
        Format::Markdown,
        Format::Csv,
        Format::Tsv,
        Format::Jsonl,
        Format::Html,
        Format::Latex,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Json => "json",
            Format::Box => "box",
            Format::Markdown => "markdown",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Jsonl => "jsonl",
            Format::Html => "html",
            Format::Latex => "latex",
        }
    }

    pub fn names() -> Vec<&'static str> {
        Format::ALL.iter().map(|f| f.name()).collect()
    }

    /// The output format the CLI's `--format` of the same name uses.
    pub fn value_format(self) -> whatif_engine::value::ValueFormat {
        use whatif_engine::table::format::TableFormat;
        use whatif_engine::value::ValueFormat;
        match self {
            Format::Text => ValueFormat::Text,
            Format::Json => ValueFormat::Json,
            Format::Box => ValueFormat::Table(TableFormat::Box),
            Format::Markdown => ValueFormat::Table(TableFormat::Markdown),
            Format::Csv => ValueFormat::Table(TableFormat::Csv),
            Format::Tsv => ValueFormat::Table(TableFormat::Tsv),
            Format::Jsonl => ValueFormat::Table(TableFormat::Jsonl),
            Format::Html => ValueFormat::Table(TableFormat::Html),
            Format::Latex => ValueFormat::Table(TableFormat::Latex),
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let lower = s.to_ascii_lowercase();
        let lower = if lower == "md" {
            "markdown".to_string()
        } else {
            lower
        };
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.name() == lower)
            .ok_or_else(|| {
                format!(
                    "unknown format '{s}': choose one of {}",
                    Format::names().join(", ")
                )
            })
    }
}

/// A parsed `:command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help(Option<String>),
    Functions(Option<String>),
    Datasets,
    Vars,
    Load(String),
    Save(String),
    Once(String),
    Format(Option<Format>),
    Timer(Option<bool>),
    Reset,
    Quit,
}

/// Every command with its argument and a one-line description, in `:help` order.
#[rustfmt::skip]
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "[NAME]", "this introduction, or the help of a function, dataset or command"),
    (":functions", "[FILTER]", "list functions (whatif's and yours; a filter searches all)"),
    (":datasets", "", "list the datasets"),
    (":vars", "", "list the variables in the session"),
    (":load", "FILE", "run a script into the session"),
    (":save", "FILE", "write this session's successful entries as a runnable .rhai script"),
    (":once", "FILE", "also save the next table result to FILE (format from its extension)"),
    (":format", "[FORMAT]", "how results are shown: text, json, box, markdown, csv, tsv"),
    (":timer", "[on|off]", "print how long each entry took"),
    (":reset", "", "forget every variable, function and entry"),
    (":quit", "", "leave (Ctrl-D does too)"),
];

/// Splits `:name rest` into the name and its trimmed argument.
fn split(input: &str) -> (&str, Option<&str>) {
    let input = input.trim();
    match input.split_once(char::is_whitespace) {
        Some((name, rest)) if !rest.trim().is_empty() => (name, Some(rest.trim())),
        Some((name, _)) => (name, None),
        None => (input, None),
    }
}

impl FromStr for Command {
    type Err = String;

    /// Parses an entry that starts with `:`. Unique prefixes are accepted (`:h`, `:fun`).
    fn from_str(input: &str) -> Result<Self, String> {
        let (name, arg) = split(input);
        let matches: Vec<&str> = COMMANDS
            .iter()
            .map(|(n, _, _)| *n)
            .filter(|n| n.starts_with(name))
            .collect();
        let full = match (COMMANDS.iter().find(|(n, _, _)| *n == name), &matches[..]) {
            (Some((n, _, _)), _) => *n,
            (None, [only]) => only,
            (None, []) if name == ":q" || name == ":exit" => ":quit",
            (None, []) => {
                return Err(format!(
                    "unknown command '{name}' (commands start with ':'; see :help)"
                ))
            }
            (None, many) => {
                return Err(format!(
                    "'{name}' could be {}; type more of it",
                    many.join(", ")
                ))
            }
        };
        let need = |what: &str| -> Result<String, String> {
            arg.map(str::to_string)
                .ok_or_else(|| format!("{full} needs {what}, e.g. {full} session.rhai"))
        };
        let none = |command: Command| -> Result<Command, String> {
            match arg {
                Some(extra) => Err(format!("{full} takes no argument (got '{extra}')")),
                None => Ok(command),
            }
        };
        match full {
            ":help" => Ok(Command::Help(arg.map(str::to_string))),
            ":functions" => Ok(Command::Functions(arg.map(str::to_string))),
            ":datasets" => none(Command::Datasets),
            ":vars" => none(Command::Vars),
            ":load" => Ok(Command::Load(need("a script to run")?)),
            ":save" => Ok(Command::Save(need("a file to write")?)),
            ":once" => Ok(Command::Once(need("a file for the next table")?)),
            ":format" => Ok(Command::Format(arg.map(str::parse).transpose()?)),
            ":timer" => match arg.map(str::to_ascii_lowercase).as_deref() {
                None => Ok(Command::Timer(None)),
                Some("on") => Ok(Command::Timer(Some(true))),
                Some("off") => Ok(Command::Timer(Some(false))),
                Some(other) => Err(format!(":timer takes on or off, not '{other}'")),
            },
            ":reset" => none(Command::Reset),
            _ => none(Command::Quit),
        }
    }
}

/// Running the commands: each answers with a [`Reply`], as an entry does.
impl Repl {
    pub(super) fn command(&mut self, command: Command) -> Reply {
        match command {
            Command::Quit => Reply {
                outputs: Vec::new(),
                quit: true,
            },
            Command::Help(None) => self.help_intro(),
            Command::Help(Some(name)) => self.help_topic(&name),
            Command::Functions(filter) => {
                Reply::text(help::listing(filter.as_deref(), &self.functions()))
            }
            Command::Datasets => self.list_datasets(),
            Command::Vars => self.list_variables(),
            Command::Load(path) => self.load(&path),
            Command::Save(path) => self.save_session(&path),
            Command::Once(path) => self.save_next_table(path),
            Command::Format(format) => self.set_format(format),
            Command::Timer(on) => {
                self.timer = on.unwrap_or(!self.timer);
                Reply::info(format!("timer {}", if self.timer { "on" } else { "off" }))
            }
            Command::Reset => {
                self.session = Self::fresh_session(&self.config, &self.host, &self.out, &self.err);
                self.entries.clear();
                self.rewrites.clear();
                self.once = None;
                self.has_last = false;
                Reply::info("session reset: variables, functions and `_` are gone".to_string())
            }
        }
    }

    /// `:help`: what whatif is, with a few examples evaluated live.
    fn help_intro(&self) -> Reply {
        let examples: Vec<(String, String)> = help::INTRO_EXAMPLES
            .iter()
            .map(|code| {
                let result = match self.session.engine().eval::<Dynamic>(code) {
                    Ok(v) => value::to_text(&v),
                    Err(e) => format!("error: {e}"),
                };
                (code.to_string(), result)
            })
            .collect();
        Reply::text(help::intro(&examples, &self.functions(), &self.datasets()))
    }

    /// `:help NAME`: a function's signatures and docs, or a dataset's page.
    fn help_topic(&self, name: &str) -> Reply {
        let functions = self.functions();
        let mut datasets = self.datasets();
        for d in datasets.iter_mut().filter(|d| d.name == name) {
            if let Some(dataset) = whatif_core::datasets::get(name) {
                // `:help` indents the page by two columns.
                d.description = whatif_engine::table::dataset::dataset_page(
                    dataset,
                    self.host.page_width.saturating_sub(4),
                );
            }
        }
        if let Some(page) = help::topic(name, &functions, &datasets) {
            return Reply::text(page);
        }
        let names = functions
            .iter()
            .map(|f| f.name.as_str())
            .chain(datasets.iter().map(|d| d.name.as_str()));
        let close = help::suggestions(name, names);
        let hint = if close.is_empty() {
            " (`:functions` lists them)".to_string()
        } else {
            format!("; did you mean {}?", close.join(", "))
        };
        Reply::error(format!(
            "no function, dataset or command named '{name}'{hint}"
        ))
    }

    /// `:datasets`: each dataset's name and description.
    fn list_datasets(&self) -> Reply {
        let datasets = self.datasets();
        if datasets.is_empty() {
            return Reply::info("no datasets in this build".to_string());
        }
        let width = datasets.iter().map(|d| d.name.len()).max().unwrap_or(0);
        let lines: Vec<String> = datasets
            .iter()
            .map(|d| {
                format!("{:width$}  {}", d.name, d.description)
                    .trim_end()
                    .to_string()
            })
            .collect();
        Reply::text(lines.join("\n"))
    }

    /// `:vars`: the session's variables, one line each.
    fn list_variables(&self) -> Reply {
        let vars: Vec<String> = self
            .variables()
            .into_iter()
            .filter(|(name, _, v)| {
                // The empty `ARGS` every session gets is noise here.
                !(name == "ARGS" && v.read_lock::<rhai::Array>().is_some_and(|a| a.is_empty()))
            })
            .map(|(name, constant, v)| {
                let shown = one_line(&value::to_text(&v), 60);
                let kind = if constant { "const " } else { "" };
                format!("{kind}{name}: {} = {shown}", v.type_name())
            })
            .collect();
        if vars.is_empty() {
            Reply::info("no variables yet (`let x = 1` makes one)".to_string())
        } else {
            Reply::text(vars.join("\n"))
        }
    }

    /// `:save FILE`: the session's successful entries as a runnable script.
    fn save_session(&self, path: &str) -> Reply {
        if let Err(message) = self.host.files.check_path(path, Access::Write) {
            return Reply::error(message);
        }
        let script = script::render(&self.entries, INDENT);
        match whatif_engine::table::io::write_atomic_unrestricted(path, script.as_bytes()) {
            Ok(()) => Reply::info(format!(
                "saved {} entr{} to {path}",
                self.entries.len(),
                if self.entries.len() == 1 { "y" } else { "ies" }
            )),
            Err(e) => Reply::error(e.0),
        }
    }

    /// `:once FILE`: the next table result is also saved to FILE.
    fn save_next_table(&mut self, path: String) -> Reply {
        if !self.functions().iter().any(|f| f.name == "save") {
            return Reply::error(format!(
                ":once needs the table module's save(table, path), which this build \
                 does not have; '{path}' will not be written"
            ));
        }
        self.once = Some(path.clone());
        Reply::info(format!(
            "the next table result will also be saved to {path}"
        ))
    }

    /// `:format [NAME]`: how results are shown.
    fn set_format(&mut self, format: Option<Format>) -> Reply {
        match format {
            None => Reply::info(format!(
                "results are shown as {} (choose with :format {})",
                self.format.name(),
                Format::names().join("|")
            )),
            Some(format) => {
                self.format = format;
                let note = match format {
                    Format::Text | Format::Json => "",
                    _ => " (tables use it; other values print as text)",
                };
                Reply::info(format!("results are now shown as {}{note}", format.name()))
            }
        }
    }

    pub(super) fn load(&mut self, path: &str) -> Reply {
        if let Err(message) = self.host.files.check_path(path, Access::Read) {
            return Reply::one(Output::Error(format!("error: {message}")));
        }
        let code = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(code) => code,
                Err(_) => {
                    return Reply::one(Output::Error(format!(
                        "error: cannot load '{path}': it is not UTF-8 text"
                    )))
                }
            },
            Err(e) => {
                let why = match e.kind() {
                    std::io::ErrorKind::NotFound => "no such file".to_string(),
                    _ => e.to_string(),
                };
                return Reply::one(Output::Error(format!("error: cannot load '{path}': {why}")));
            }
        };
        let started = Instant::now();
        let result = self.session.eval(&code, path);
        let mut reply = Reply::default();
        match result {
            Ok(_) => {
                self.entries.push(Entry {
                    code,
                    loaded_from: Some(path.to_string()),
                    value: None,
                });
                reply.outputs.push(Output::Info(format!("loaded {path}")));
            }
            Err(error) => reply.outputs.push(Output::Error(self.render_error(&error))),
        }
        if self.timer {
            reply.outputs.push(Output::Info(format!(
                "took {}",
                duration_text(started.elapsed())
            )));
        }
        reply
    }

    /// Saves a table result for a pending `:once`.
    pub(super) fn save_once(&mut self, value: &Dynamic) -> Option<Output> {
        let path = self.once.clone()?;
        if !is_table(value) {
            return Some(Output::Info(format!(
                "(:once is still waiting for a table to save to {path})"
            )));
        }
        self.once = None;
        let mut table = value.read_lock::<Table>()?.clone();
        Some(
            match self.session.within(|| {
                whatif_engine::bindings::table::table_functions::save_by_extension(
                    &mut table, &path,
                )
            }) {
                Ok(()) => Output::Info(format!("saved the table to {path}")),
                Err(error) => Output::Error(format!(
                    "error: could not save the table to {path}: {}",
                    whatif_engine::error::ScriptError::from_eval(
                        &error,
                        "<repl>",
                        &whatif_engine::error::SourceMap::default()
                    )
                    .message
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_prefixes() {
        assert_eq!(":help".parse(), Ok(Command::Help(None)));
        assert_eq!(
            ":help  assert_eq ".parse(),
            Ok(Command::Help(Some("assert_eq".into())))
        );
        assert_eq!(
            ":fun npv".parse(),
            Ok(Command::Functions(Some("npv".into())))
        );
        assert_eq!(":q".parse(), Ok(Command::Quit));
        assert_eq!(
            ":format json".parse(),
            Ok(Command::Format(Some(Format::Json)))
        );
        assert_eq!(":timer on".parse(), Ok(Command::Timer(Some(true))));
    }

    #[test]
    fn explains_bad_commands() {
        let err = ":nope".parse::<Command>().unwrap_err();
        assert!(err.contains("unknown command ':nope'"), "{err}");
        let err = ":save".parse::<Command>().unwrap_err();
        assert!(err.contains(":save needs a file"), "{err}");
        let err = ":format xml".parse::<Command>().unwrap_err();
        assert!(err.contains("unknown format 'xml'"), "{err}");
        let err = ":vars x".parse::<Command>().unwrap_err();
        assert!(err.contains("takes no argument"), "{err}");
        // `:f` could be :functions or :format.
        let err = ":f".parse::<Command>().unwrap_err();
        assert!(err.contains(":functions, :format"), "{err}");
    }
}
