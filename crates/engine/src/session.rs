//! A session: one engine, one scope and the script functions defined so far, so that variables
//! and `fn` definitions survive from one evaluation to the next (`-e` pieces, REPL entries).

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{Array, Dynamic, Engine, Scope, AST};

use crate::engine::{build_engine, Deadline, EngineConfig};
use crate::error::{ErrorKind, Location, ScriptError, SourceMap};
use crate::file_policy::FilePolicy;
use crate::host::Host;

/// Where `print` and `debug` output goes.
pub type Sink = Rc<dyn Fn(&str)>;

/// One engine with its persistent state.
pub struct Session {
    engine: Engine,
    scope: Scope<'static>,
    functions: AST,
    sources: Rc<RefCell<SourceMap>>,
    config: EngineConfig,
    deadline: Deadline,
    host: Host,
    notes: Sink,
    definitions: crate::explain::Definitions,
    fx: whatif_core::fx::FxSession,
    /// The stdlib's functions by module, and whether it is compiled into the engine yet.
    stdlib_names: Vec<(String, Vec<String>)>,
    stdlib_loaded: bool,
    /// Whether top-level definitions are recorded for `explain` (on unless turned off).
    recording: bool,
}

impl Session {
    /// A session whose `print` goes to `out` and `debug` to `err`, with the default host: no
    /// file access until `set_file_policy`, a 120-column page, its own stop flags.
    pub fn new(config: &EngineConfig, out: Sink, err: Sink) -> Self {
        Session::with_host(config, out, err, Host::default())
    }

    /// A session with the host's file policy, page width, stop flags and memory probe.
    pub fn with_host(config: &EngineConfig, out: Sink, err: Sink, host: Host) -> Self {
        let deadline = Deadline::default();
        let built = build_engine(config, deadline.clone(), &host);
        let mut engine = built.engine;
        for message in &built.stdlib.errors {
            err(&format!("error: internal error: {message}"));
        }
        let sources = stdlib_sources(&built.stdlib.function_names);
        engine.on_print(move |text| out(text));
        let notes = Rc::clone(&err);
        engine.on_debug(move |text, source, pos| {
            let origin = match (source, pos.line()) {
                (Some(source), Some(line)) => format!("[{source}:{line}] "),
                (None, Some(line)) => format!("[line {line}] "),
                _ => String::new(),
            };
            err(&format!("{origin}{text}"));
        });
        Session {
            engine,
            scope: Scope::new(),
            functions: AST::empty(),
            sources: Rc::new(RefCell::new(sources)),
            config: config.clone(),
            deadline,
            host,
            notes,
            definitions: built.definitions,
            fx: built.fx,
            stdlib_names: built.stdlib.function_names,
            stdlib_loaded: false,
            recording: true,
        }
    }

    /// Compiles the stdlib into the engine, once: before the first text that needs it, or at
    /// once for an embedder that lists functions (the prompt's help and completion).
    pub fn load_stdlib(&mut self) {
        if self.stdlib_loaded {
            return;
        }
        self.stdlib_loaded = true;
        let loaded = crate::stdlib::load(&mut self.engine, &self.config);
        // The compiled names include the closures', which errors inside them are named by.
        let mut sources = self.sources.borrow_mut();
        for (module, functions) in &loaded.function_names {
            for function in functions {
                sources.define_function(function, &format!("stdlib/{module}"));
            }
        }
        drop(sources);
        for message in &loaded.errors {
            (self.notes)(&format!("error: internal error: {message}"));
        }
    }

    /// The last evaluation's final expression now defines `name`, for `explain` (the prompt
    /// keeps its last result in a variable of its own).
    pub fn define_last_as(&self, name: &str) {
        self.definitions.define_last_as(name);
    }

    /// Turns recording definitions for `explain` on or off (on by default); off, `explain`
    /// still traces an expression but follows no variable to its definition. For measuring
    /// what recording costs.
    pub fn set_recording(&mut self, on: bool) {
        self.recording = on;
    }

    /// The host's choices this session runs under.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// Where this session's scripts may read and write files.
    pub fn set_file_policy(&mut self, policy: FilePolicy) {
        self.host.files = Rc::new(policy);
    }

    /// How many columns a table printed by a script may use.
    pub fn set_page_width(&mut self, width: u16) {
        self.host.page_width = width;
    }

    /// How many significant digits numbers show to people (`:digits`); files keep every digit.
    pub fn set_digits(&mut self, digits: whatif_core::display::Digits) {
        self.host.digits = digits;
    }

    /// Runs `f` with this session's file policy and page width current, as during `eval`: for
    /// a host that calls a binding directly (saving a result the session produced).
    pub fn within<R>(&self, f: impl FnOnce() -> R) -> R {
        let _entered = self.enter();
        f()
    }

    /// Makes the host's settings and this session's own state (its FX table) current on this
    /// thread, where the shared bindings read them, until the guards drop.
    fn enter(&self) -> (crate::host::Entered, crate::bindings::state::Entered) {
        (
            self.host
                .enter_with_notes(self.config.max_memory, Some(Rc::clone(&self.notes))),
            crate::bindings::state::enter(&self.fx),
        )
    }

    /// The limits this session runs under.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// Makes the script's command-line arguments visible as the constant array `ARGS`.
    pub fn set_args(&mut self, args: &[String]) {
        let args: Array = args.iter().map(|a| Dynamic::from(a.clone())).collect();
        self.scope.push_constant("ARGS", args);
    }

    /// The session's Rhai engine (for its function metadata).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Every function the session's engine offers (`functions::native_functions`), with the
    /// stdlib's once it is compiled in; read once per thread, not once per call.
    pub fn native_functions(&self) -> std::rc::Rc<[crate::functions::FunctionInfo]> {
        crate::functions::session_functions(&self.engine, self.stdlib_loaded)
    }

    /// The session's variables and constants.
    pub fn scope(&self) -> &Scope<'static> {
        &self.scope
    }

    /// The scope, for callers that keep values in it between evaluations (the REPL's `_`).
    pub fn scope_mut(&mut self) -> &mut Scope<'static> {
        &mut self.scope
    }

    /// Every `fn` defined so far, without top-level statements (for listing and help).
    pub fn defined_functions(&self) -> &AST {
        &self.functions
    }

    /// Source texts seen so far, for rendering errors.
    pub fn sources(&self) -> std::cell::Ref<'_, SourceMap> {
        self.sources.borrow()
    }

    /// Renders an error raised by this session.
    pub fn render_error(&self, error: &ScriptError) -> String {
        error.render(&*self.sources.borrow())
    }

    /// Compiles and runs `code`, naming it `source` in errors; returns the value of the last
    /// expression. Variables and functions it defines stay for the next call.
    pub fn eval(&mut self, code: &str, source: &str) -> Result<Dynamic, ScriptError> {
        let code = strip_shebang(code);
        let rewritten = crate::script_text::rewrite_literals(&code).map_err(|e| {
            ScriptError::new(
                ErrorKind::Parse,
                e.message,
                Some(Location {
                    source: source.to_string(),
                    line: e.line,
                    col: e.col,
                }),
            )
        });
        let rewritten = match rewritten {
            Ok(r) => r,
            Err(e) => {
                self.sources
                    .borrow_mut()
                    .insert(source, &code, Default::default());
                return Err(e);
            }
        };
        let text = rewritten.text.clone();
        self.sources.borrow_mut().insert(source, &code, rewritten);

        if !self.stdlib_loaded && crate::stdlib::is_needed_by(&text, &self.stdlib_names) {
            self.load_stdlib();
        }
        self.definitions.mark_calls(Some(&text));
        let compiled = self.engine.compile_with_scope(&self.scope, &text);
        self.definitions.mark_calls(None);
        let mut ast = compiled.map_err(|e| {
            let mut error = ScriptError::from_parse(&e, source, &*self.sources.borrow());
            crate::messages::script_errors::word_syntax_error(
                &mut error,
                &e,
                (&code, source),
                &self.config,
                self.host.limit_setting,
            );
            error
        })?;
        ast.set_source(source);
        self.host.stop.reset();
        self.deadline.arm(self.config.timeout);
        let recorded = if self.recording {
            let (stop, deadline) = (&self.host.stop, &self.deadline);
            self.definitions.record(&ast, &|| {
                stop.pending()
                    .or_else(|| deadline.passed().then_some(crate::stop::TIMED_OUT))
            })
        } else {
            Ok(())
        };
        {
            let mut sources = self.sources.borrow_mut();
            for function in ast.iter_functions() {
                sources.define_function(function.name, source);
            }
        }
        self.functions = self.functions.merge(&ast.clone_functions_only());
        let program = self.functions.merge(&ast);

        let result = match recorded {
            Err(reason) => Err(crate::stop::terminated(reason)),
            Ok(()) => {
                let _entered = self.host.enter_until(
                    self.config.max_memory,
                    Some(Rc::clone(&self.notes)),
                    self.deadline.at(),
                );
                let _state = crate::bindings::state::enter(&self.fx);
                self.engine
                    .eval_ast_with_scope::<Dynamic>(&mut self.scope, &program)
            }
        };
        self.deadline.arm(None);
        if result.is_err() {
            // Suggestions for a misspelt name search every function, the stdlib's included.
            self.load_stdlib();
        }
        result.map_err(|e| {
            let mut error = ScriptError::from_eval(&e, source, &*self.sources.borrow());
            let known = crate::messages::script_errors::Known {
                functions: &self.native_functions(),
                user: &self.functions,
                scope: &self.scope,
            };
            crate::messages::script_errors::word_run_error(
                &mut error,
                &e,
                (&code, source),
                &self.config,
                self.host.limit_setting,
                &known,
            );
            error
        })
    }
}

/// Blanks a `#!` first line (and drops a byte-order mark), keeping every later line and column
/// where it was.
fn strip_shebang(code: &str) -> String {
    let code = code.strip_prefix('\u{feff}').unwrap_or(code);
    if code.starts_with("#!") {
        let end = code.find('\n').unwrap_or(code.len());
        format!(
            "{}{}",
            " ".repeat(code[..end].chars().count()),
            &code[end..]
        )
    } else {
        code.to_string()
    }
}

/// The stdlib's sources, so that an error inside a stdlib function shows its line.
fn stdlib_sources(function_names: &[(String, Vec<String>)]) -> SourceMap {
    let mut map = SourceMap::default();
    for (module, source) in crate::stdlib::MODULES {
        let name = format!("stdlib/{module}");
        map.insert(&name, source, Default::default());
        let functions = function_names.iter().find(|(m, _)| m == module);
        for function in functions.into_iter().flat_map(|(_, names)| names) {
            map.define_function(function, &name);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limited(host: Host) -> String {
        let config = EngineConfig {
            max_operations: 1_000,
            ..EngineConfig::default()
        };
        let mut session = Session::with_host(&config, Rc::new(|_| {}), Rc::new(|_| {}), host);
        session
            .eval("let x = 0; loop { x += 1; }", "<test>")
            .unwrap_err()
            .message
    }

    #[test]
    fn limit_messages_use_the_hosts_words_for_its_settings() {
        let library = limited(Host::default());
        assert!(
            library
                .contains("raise it with max_operations = N, or max_operations = 0 for no limit"),
            "{library}"
        );
        assert!(!library.contains("--"), "{library}");
        let notebook = limited(Host {
            limit_setting: |limit, value| format!("%limit {} {value}", limit.field()),
            ..Host::default()
        });
        assert!(
            notebook.contains("raise it with %limit max_operations N, or %limit max_operations 0"),
            "{notebook}"
        );
    }
}
