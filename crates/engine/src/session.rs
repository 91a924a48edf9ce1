//! A session: one engine, one scope and the script functions defined so far, so that variables
//! and `fn` definitions survive from one evaluation to the next (`-e` pieces, REPL entries).

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{Array, Dynamic, Engine, Scope, AST};

use crate::engine::{build_engine, Deadline, EngineConfig};
use crate::error::{ErrorKind, Location, ScriptError, SourceMap};
use crate::file_policy::FilePolicy;
use crate::host::{Host, Limit};
use whatif_core::decimal::group_thousands;

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
            if matches!(e.err_type(), rhai::ParseErrorType::ExprTooDeep) {
                error.message = format!(
                    "syntax error: expressions nest deeper than {} levels (raise the limit \
                         with {})",
                    self.config.max_expr_depth,
                    (self.host.limit_setting)(Limit::ExprDepth, "N")
                );
            } else {
                explain_syntax(&mut error, &code, source);
            }
            // The syntax's internal keys are `explain` and `sources` to the user.
            for (word, key) in crate::explain::SYNTAX
                .iter()
                .zip(crate::explain::SYNTAX_KEYS)
            {
                let mentioned = error.message.contains(key);
                error.message = error.message.replace(key, word);
                for (note, _) in &mut error.notes {
                    *note = note.replace(key, word);
                }
                if mentioned {
                    error.message = format!(
                        "syntax error: {word} takes one expression in brackets, {word}(x){}",
                        if *word == "explain" {
                            ", and may take a map of options after it: explain(x, #{depth: 5, lines: 60})"
                        } else {
                            ""
                        }
                    );
                }
            }
            error
        })?;
        ast.set_source(source);
        self.host.stop.reset();
        self.deadline.arm(self.config.timeout);
        let recorded = if self.recording {
            let (stop, deadline) = (&self.host.stop, &self.deadline);
            self.definitions.record(&ast, &|| {
                stop.pending()
                    .or_else(|| deadline.passed().then_some(crate::engine::TIMED_OUT))
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
            if error.location.is_none() {
                error.location = place_of_data_race(&e, &code, source);
            }
            explain_limit(&mut error, &e, &self.config, self.host.limit_setting);
            self.suggest(&mut error, &e);
            error
        })
    }

    /// Adds what the session knows to an unknown name: the closest function, variable or
    /// dataset, and the ways to call a function that exists with other arguments.
    fn suggest(&self, error: &mut ScriptError, raw: &rhai::EvalAltResult) {
        use rhai::EvalAltResult as E;
        let mut leaf = raw;
        while let E::ErrorInFunctionCall(_, _, inner, _) | E::ErrorInModule(_, inner, _) = leaf {
            leaf = inner;
        }
        match leaf {
            E::ErrorFunctionNotFound(signature, _) => {
                let name = signature
                    .split_once(" (")
                    .map_or(signature.as_str(), |(n, _)| n);
                let name = name.trim();
                if name.is_empty()
                    || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                {
                    return;
                }
                let given = error
                    .message
                    .strip_prefix("unknown function ")
                    .unwrap_or(&error.message)
                    .to_string();
                let given = given.strip_prefix(name).unwrap_or(&given).to_string();
                let known =
                    crate::messages::signatures(&self.native_functions(), &self.functions, name);
                if !known.is_empty() {
                    let arguments = describe_arguments(&given);
                    // Dates were text before they were dates: say what replaces the text ways.
                    let date = if arguments.starts_with("a Date")
                        && known
                            .iter()
                            .any(|k| k.contains("(string") && !k.contains("(Date"))
                    {
                        "; a date is not text: use its .year, .month or .day, or d.to_string() \
                         for its text"
                    } else {
                        ""
                    };
                    error.message = format!(
                        "{name} cannot take {arguments}; it is called as {}{date}",
                        known.join(" or ")
                    );
                    return;
                }
                let names =
                    crate::messages::function_names(&self.native_functions(), &self.functions);
                let mut candidates: Vec<&str> = names.iter().map(String::as_str).collect();
                let datasets = whatif_core::datasets::names();
                candidates.extend(datasets.iter().copied());
                if let Some(near) = crate::messages::closest(name, candidates) {
                    let how = crate::messages::signatures(
                        &self.native_functions(),
                        &self.functions,
                        near,
                    );
                    let shown = if how.is_empty() {
                        near.to_string()
                    } else {
                        how.join(" or ")
                    };
                    error.message = format!("{}; did you mean {shown}?", error.message);
                } else {
                    error.message = format!(
                        "{} (`:functions WORD` at the prompt lists the functions)",
                        error.message
                    );
                }
            }
            E::ErrorVariableNotFound(name, _) => {
                let mut candidates: Vec<String> = self
                    .scope
                    .iter_raw()
                    .map(|(n, _, _)| n.to_string())
                    .collect();
                candidates.extend(whatif_core::datasets::names().iter().map(|n| n.to_string()));
                let names =
                    crate::messages::function_names(&self.native_functions(), &self.functions);
                let near = crate::messages::closest(name, candidates.iter().map(String::as_str))
                    .map(str::to_string);
                if let Some(near) = near {
                    error.message = format!("unknown variable {name}; did you mean {near}?");
                } else if names.iter().any(|n| n == name) {
                    error.message = format!(
                        "{name} is a function, not a variable: call it with its arguments, \
                         {name}(…)"
                    );
                }
            }
            _ => {}
        }
    }
}

/// `(integer, string)` as `an integer and a string`; `()` as `no arguments`.
fn describe_arguments(given: &str) -> String {
    let inner = given.trim().trim_start_matches('(').trim_end_matches(')');
    if inner.trim().is_empty() {
        return "no arguments".to_string();
    }
    let words: Vec<String> = inner
        .split(", ")
        .map(crate::messages::with_article)
        .collect();
    match words.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => "no arguments".to_string(),
    }
}

/// Points a syntax error at its cause when the text shows one the parser cannot: a number
/// with a percent sign (`5%`), or a bracket that is never closed or closed by the wrong kind
/// (the parser notices only later, where it gave up; that place becomes a note).
fn explain_syntax(error: &mut ScriptError, code: &str, source: &str) {
    use crate::script_text::scan::{brackets, percent_suffix, Brackets};
    let at = |offset: usize| {
        let before = &code[..offset];
        Some(Location {
            source: source.to_string(),
            line: before.matches('\n').count() + 1,
            col: before.rsplit('\n').next().unwrap_or("").chars().count() + 1,
        })
    };
    if let Some((start, end)) = percent_suffix(code) {
        let written = &code[start..end];
        let number = written.trim_end_matches('%').trim().replace('_', "");
        let fraction = number
            .parse::<rust_decimal::Decimal>()
            .map(|n| {
                (n / rust_decimal::Decimal::ONE_HUNDRED)
                    .normalize()
                    .to_string()
            })
            .unwrap_or_else(|_| format!("{number} / 100"));
        error.message = format!(
            "syntax error: `{written}` is not a percentage in whatif: write {fraction} or \
             pct({number})"
        );
        error.location = at(start);
        return;
    }
    let gave_up = error
        .message
        .trim_start_matches("syntax error: ")
        .to_string();
    if gave_up.starts_with("Script is incomplete") {
        let last = crate::script_text::scan::last_code_end(code)
            .map(|(_, t)| code[t.start..t.end].to_string())
            .unwrap_or_default();
        error.message = format!(
            "syntax error: the script ends in the middle of an expression: something is \
             missing after `{last}`"
        );
    }
    match brackets(code) {
        Some(Brackets::Unclosed { open, bracket }) => {
            let closer = closing(bracket);
            error.notes.push((
                format!("the parser gave up here: {gave_up}"),
                error.location.take(),
            ));
            error.message =
                format!("syntax error: this `{bracket}` is never closed (add its `{closer}`)");
            error.location = at(open);
        }
        Some(Brackets::Mismatched {
            open,
            bracket,
            close,
            closer,
        }) => {
            error.message = format!(
                "syntax error: `{closer}` does not close the `{bracket}` before it (write `{}`, \
                 or close the inner bracket first)",
                closing(bracket)
            );
            error.location = at(close);
            error
                .notes
                .push((format!("the `{bracket}` opened here"), at(open)));
        }
        Some(Brackets::Stray { close, closer }) => {
            error.message = format!("syntax error: `{closer}` closes no open bracket");
            error.location = at(close);
        }
        None => {}
    }
}

fn closing(bracket: char) -> char {
    match bracket {
        '(' => ')',
        '[' => ']',
        _ => '}',
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

/// Says which limit a script ran into and how to raise it.
/// Rhai reports a data race without a position; the method call it names is found in the
/// text instead (the first `.name(` outside strings and comments), so the message points at it.
fn place_of_data_race(raw: &rhai::EvalAltResult, code: &str, source: &str) -> Option<Location> {
    use crate::script_text::{Kind, Lexer};
    let mut leaf = raw;
    while let rhai::EvalAltResult::ErrorInFunctionCall(_, _, inner, _) = leaf {
        leaf = inner;
    }
    let rhai::EvalAltResult::ErrorDataRace(what, _) = leaf else {
        return None;
    };
    let name = what.split_once("function '")?.1.strip_suffix('\'')?;
    let tokens: Vec<_> = Lexer::new(code)
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .collect();
    let at = tokens.windows(3).find(|w| {
        &code[w[0].start..w[0].end] == "."
            && &code[w[1].start..w[1].end] == name
            && &code[w[2].start..w[2].end] == "("
    })?;
    let before = &code[..at[1].start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Location {
        source: source.to_string(),
        line,
        col,
    })
}

fn explain_limit(
    error: &mut ScriptError,
    raw: &rhai::EvalAltResult,
    config: &EngineConfig,
    set: crate::host::LimitSetting,
) {
    // "raise it with --max-ops N, or --max-ops 0 for no limit", in the host's words.
    let raise = |limit: Limit, placeholder: &str| {
        format!(
            "raise it with {}, or {} for no limit",
            set(limit, placeholder),
            set(limit, "0")
        )
    };
    use rhai::EvalAltResult as E;
    let mut leaf = raw;
    while let E::ErrorInFunctionCall(_, _, inner, _) | E::ErrorInModule(_, inner, _) = leaf {
        leaf = inner;
    }
    let explained = match leaf {
        E::ErrorTooManyOperations(_) => format!(
            "the script ran past its limit of {} operations ({})",
            group_thousands(&config.max_operations.to_string()),
            raise(Limit::Operations, "N")
        ),
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::engine::TIMED_OUT) =>
        {
            let seconds = config.timeout.map_or(0, |t| t.as_secs());
            error.kind = ErrorKind::Runtime;
            format!(
                "the script ran past its time limit of {seconds} s ({})",
                raise(Limit::Timeout, "SECONDS")
            )
        }
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::engine::OUT_OF_MEMORY) =>
        {
            error.kind = ErrorKind::Runtime;
            format!(
                "the script used more than its memory budget of {} MiB ({})",
                config.max_memory / (1024 * 1024),
                raise(Limit::Memory, "MIB")
            )
        }
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::engine::STACK_FULL) =>
        {
            error.kind = ErrorKind::Runtime;
            format!(
                "function calls nested deeper than whatif's stack holds, before the limit of \
                 {} levels: runaway recursion? (lower it with {}, or write the recursion as a \
                 loop)",
                group_thousands(&config.max_call_depth.to_string()),
                set(Limit::CallDepth, "N")
            )
        }
        E::ErrorStackOverflow(_) => format!(
            "function calls nested deeper than {} levels: runaway recursion? (raise the limit \
             with {})",
            config.max_call_depth,
            set(Limit::CallDepth, "N")
        ),
        E::ErrorDataTooLarge(what, _) => {
            let what = what.to_lowercase();
            let (thing, limit, unit, flag) = if what.contains("array") {
                (
                    "an array",
                    config.max_array_len,
                    "elements",
                    Limit::ArrayLength,
                )
            } else if what.contains("map") {
                (
                    "an object map",
                    config.max_map_len,
                    "entries",
                    Limit::MapLength,
                )
            } else {
                (
                    "a string",
                    config.max_string_len,
                    "bytes",
                    Limit::StringLength,
                )
            };
            format!(
                "{thing} grew past its limit of {} {unit} (raise it with {})",
                group_thousands(&limit.to_string()),
                set(flag, "N")
            )
        }
        _ => return,
    };
    error.message = explained;
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
