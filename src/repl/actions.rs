//! What each `:command` does to the prompt's session, answered with a [`Reply`] as an entry is.

use std::time::Instant;

use rhai::Dynamic;
use whatif_engine::disk::{self, Guard};
use whatif_engine::table::Table;
use whatif_engine::value;

use super::command::{Command, Format};
use super::help;
use super::prompt::{duration_text, is_table, one_line, Output, Repl, Reply, INDENT};
use super::script::{self, Entry};

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
            Command::Explain(what) => self.explain(what),
            Command::Load(path) => self.load(&path),
            Command::Save(path) => self.save_session(&path),
            Command::Once(path) => self.save_next_table(path),
            Command::Format(format) => self.set_format(format),
            Command::Digits(digits) => self.set_digits(digits),
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

    /// `:explain [EXPR]`: `explain(EXPR)`, or `explain(_)`, shown without becoming `_` or an
    /// entry of `:save`.
    fn explain(&mut self, what: Option<String>) -> Reply {
        let what = match what {
            Some(code) => super::scan::replace_underscore(&code, script::LAST),
            None if self.has_last => script::LAST.to_string(),
            None => {
                return Reply::error(
                    "nothing to explain yet: :explain explains the last result shown, \
                     or write :explain EXPR"
                        .to_string(),
                )
            }
        };
        self.counter += 1;
        let source = format!("<repl#{}>", self.counter);
        match self.session.eval(&format!("explain({what})"), &source) {
            Ok(value) => match self.render_value(&value) {
                Some(text) => Reply::one(Output::Value(text)),
                None => Reply::default(),
            },
            Err(error) => Reply::one(Output::Error(self.render_error(&error))),
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
                format!("{kind}{name}: {} = {shown}", value::describe(&v))
            })
            .collect();
        if vars.is_empty() {
            Reply::info("no variables yet (`let x = 1` makes one)".to_string())
        } else {
            Reply::text(vars.join("\n"))
        }
    }

    /// `:save FILE`: the session as a runnable script that shows what the session showed.
    fn save_session(&self, path: &str) -> Reply {
        let script = script::render(&self.entries, INDENT, self.host.digits);
        match disk::replace(path, Guard::Policy(&self.host.files), script.as_bytes()) {
            Ok(()) => Reply::info(format!(
                "saved {} entr{} to {path}",
                self.entries.len(),
                if self.entries.len() == 1 { "y" } else { "ies" }
            )),
            Err(e) => Reply::error(e.message),
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
                self.format.name,
                whatif_engine::formats::Format::screen_names().join("|")
            )),
            Some(format) => {
                self.format = format;
                use whatif_engine::formats::{Other, Writer};
                let note = match format.writer {
                    Writer::Table {
                        other: Other::Text, ..
                    } => " (tables use it; other values print as text)",
                    Writer::Table { .. } => " (tables use it; other values keep every digit)",
                    _ => "",
                };
                Reply::info(format!("results are now shown as {}{note}", format.name))
            }
        }
    }

    /// `:digits [N|exact]`: how many significant digits numbers show from now on.
    fn set_digits(&mut self, digits: Option<whatif_core::display::Digits>) -> Reply {
        let Some(digits) = digits else {
            return Reply::info(format!(
                "numbers show {} (choose with :digits N or :digits exact)",
                digits_phrase(self.host.digits)
            ));
        };
        self.host.digits = digits;
        self.session.set_digits(digits);
        Reply::info(format!("numbers now show {}", digits_phrase(digits)))
    }

    pub(super) fn load(&mut self, path: &str) -> Reply {
        // One expansion of `~/`, checked and read as the same file (`crate::disk`).
        let code = match disk::read(path, Guard::Policy(&self.host.files)) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(code) => code,
                Err(_) => {
                    return Reply::one(Output::Error(format!(
                        "error: cannot load '{path}': it is not UTF-8 text"
                    )))
                }
            },
            Err(message) => return Reply::one(Output::Error(format!("error: {message}"))),
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
                    failure: None,
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
        let table = value.read_lock::<Table>()?.clone();
        let saved = whatif_engine::Format::from_path(&path).and_then(|format| {
            self.session
                .within(|| format.save(&table, &path))
                .map_err(|e| e.0)
        });
        Some(match saved {
            Ok(()) => Output::Info(format!("saved the table to {path}")),
            Err(message) => Output::Error(format!(
                "error: could not save the table to {path}: {message}"
            )),
        })
    }
}

fn digits_phrase(digits: whatif_core::display::Digits) -> String {
    match digits {
        whatif_core::display::Digits::Exact => "every digit".to_string(),
        whatif_core::display::Digits::Significant(n) => format!("{n} significant digits"),
    }
}
