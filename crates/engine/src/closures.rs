//! A closure's syntax for the native paths (the what-if verbs' finance calls, `filter`'s
//! column tests): its parameters, the values it captured and its one statement, read from the
//! syntax tree once so that Rust can do for every row or scenario what the closure would.

use std::cell::Cell;

use rhai::{Dynamic, Expr, FnPtr, Module, NativeCallContext, Stmt, AST};

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(true) };
    static RUNS: Cell<u64> = const { Cell::new(0) };
}

/// How many calls took a native path on this thread (for tests to prove it was taken).
#[doc(hidden)]
pub fn runs() -> u64 {
    RUNS.with(Cell::get)
}

/// Counts a call that took a native path.
pub(crate) fn count_run() {
    RUNS.with(|r| r.set(r.get() + 1));
}

/// Turns the native paths on or off on this thread (tests and benchmarks compare both paths
/// with the closures'); returns the previous setting.
#[doc(hidden)]
pub fn set_enabled(enabled: bool) -> bool {
    ENABLED.with(|e| e.replace(enabled))
}

/// Whether the native paths are on for this thread.
pub(crate) fn enabled() -> bool {
    ENABLED.with(Cell::get)
}

/// A closure called with `inputs` arguments after its captured ones, as its syntax tree holds
/// it; `None` for a named function or a body of more than one statement.
pub(crate) struct Closure {
    /// Every parameter's name: the captured ones first, then the inputs.
    pub params: Vec<String>,
    /// The values captured, one per leading parameter.
    pub curry: Vec<Dynamic>,
    /// The body's one statement.
    pub statement: Stmt,
}

impl Closure {
    pub(crate) fn read(ctx: &NativeCallContext, f: &FnPtr, inputs: usize) -> Option<Closure> {
        if !f.is_anonymous() {
            return None;
        }
        let curry: Vec<Dynamic> = f.curry().iter().map(Dynamic::flatten_clone).collect();
        let arity = curry.len() + inputs;
        let fn_def = ctx
            .iter_namespaces()
            .find_map(|m| m.get_script_fn(f.fn_name(), arity))?
            .clone();
        let params: Vec<String> = fn_def.params.iter().map(|p| p.to_string()).collect();
        // The body is only reachable through a walk of an AST holding the function.
        let mut module = Module::new();
        module.set_script_fn(fn_def);
        let ast = AST::new_from_module(module);
        let mut statements: Vec<Stmt> = Vec::new();
        ast.walk(&mut |path: &[rhai::ASTNode]| {
            if let [rhai::ASTNode::Stmt(stmt)] = path {
                statements.push((*stmt).clone());
            }
            true
        });
        let [statement] = <[Stmt; 1]>::try_from(statements).ok()?;
        Some(Closure {
            params,
            curry,
            statement,
        })
    }

    /// The body as one expression, when it is one.
    pub(crate) fn expression(&self) -> Option<Expr> {
        match &self.statement {
            Stmt::Expr(expr) => Some((**expr).clone()),
            Stmt::FnCall(call, pos) => Some(Expr::FnCall(call.clone(), *pos)),
            _ => None,
        }
    }

    /// What variable `expr` names: `Ok(k)` for the `k`-th input, `Err(value)` for a captured
    /// value; `None` for anything else.
    pub(crate) fn var(&self, expr: &Expr) -> Option<Result<usize, &Dynamic>> {
        let Expr::Variable(v, _, _) = expr else {
            return None;
        };
        if !v.2.is_empty() {
            return None;
        }
        let index = self.params.iter().position(|p| p == v.1.as_str())?;
        Some(match self.curry.get(index) {
            Some(value) => Err(value),
            None => Ok(index - self.curry.len()),
        })
    }
}
