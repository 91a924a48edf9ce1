//! A session: one engine, one scope and the script functions defined so far, so that variables
//! and `fn` definitions survive from one evaluation to the next (`-e` pieces, REPL entries).

use std::cell::RefCell;
use std::rc::Rc;

use rhai::{Array, Dynamic, Engine, Scope, AST};

use crate::engine::{build_engine, EngineConfig};
use crate::error::{ErrorKind, Location, ScriptError, SourceMap};
use crate::{interrupt, literals};

/// Where `print` and `debug` output goes.
pub type Sink = Rc<dyn Fn(&str)>;

/// One engine with its persistent state.
pub struct Session {
    engine: Engine,
    scope: Scope<'static>,
    functions: AST,
    sources: Rc<RefCell<SourceMap>>,
}

impl Session {
    /// A session whose `print` goes to `out` and `debug` to `err`.
    pub fn new(config: &EngineConfig, out: Sink, err: Sink) -> Self {
        let mut engine = build_engine(config);
        engine.on_print(move |text| out(text));
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
            sources: Rc::new(RefCell::new(SourceMap::default())),
        }
    }

    /// A session that prints to standard output and standard error.
    pub fn with_stdio(config: &EngineConfig) -> Self {
        Session::new(
            config,
            Rc::new(|text| println!("{text}")),
            Rc::new(|text| eprintln!("{text}")),
        )
    }

    /// Makes the script's command-line arguments visible as the constant array `ARGS`.
    pub fn set_args(&mut self, args: &[String]) {
        let args: Array = args.iter().map(|a| Dynamic::from(a.clone())).collect();
        self.scope.push_constant("ARGS", args);
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

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
        let rewritten = literals::rewrite_scientific(&code).map_err(|e| {
            ScriptError::new(
                ErrorKind::Parse,
                format!(
                    "{} (write it out, e.g. 32_000_000_000, or use bn(32))",
                    e.message
                ),
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

        let mut ast = self
            .engine
            .compile_with_scope(&self.scope, &text)
            .map_err(|e| ScriptError::from_parse(&e, source, &*self.sources.borrow()))?;
        ast.set_source(source);
        self.functions = self.functions.merge(&ast.clone_functions_only());
        let program = self.functions.merge(&ast);

        interrupt::reset();
        let result = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut self.scope, &program);
        result.map_err(|e| ScriptError::from_eval(&e, source, &*self.sources.borrow()))
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
