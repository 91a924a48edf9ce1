//! Whether running an expression again would print, write a file or set a rate: `explain`
//! never runs such a definition a second time to show how a variable was made.

use rhai::{EvalContext, Expr, FnCallExpr};

/// Functions with effects outside the value (output, files, session rates): a definition that
/// calls one is not run a second time to explain a variable.
pub(super) fn has_effects(name: &str) -> bool {
    name.starts_with("save")
        || name.starts_with("write")
        || name.starts_with("set_")
        || matches!(
            name,
            "print" | "debug" | "echo" | "chart" | "assert" | "assert_eq" | "assert_near"
        )
}

/// An AST holding only `def`: a script function's body is reachable only through a walk.
pub(super) fn function_ast(def: rhai::Shared<rhai::ScriptFuncDef>) -> rhai::AST {
    let mut module = rhai::Module::new();
    module.set_script_fn(def);
    rhai::AST::new_from_module(module)
}

/// The call at the end of a walk's path, if the node there is one.
fn call_at<'a>(path: &[rhai::ASTNode<'a>]) -> Option<&'a FnCallExpr> {
    match path.last()? {
        rhai::ASTNode::Expr(Expr::FnCall(f, _) | Expr::MethodCall(f, _)) => Some(f),
        rhai::ASTNode::Stmt(rhai::Stmt::FnCall(f, _)) => Some(f),
        _ => None,
    }
}

/// Whether running `expr` again would print, write a file or set a rate: through a built-in
/// function with effects, or a script function that calls one (followed three calls deep).
pub(super) fn effects(ctx: &EvalContext, expr: &Expr) -> bool {
    let mut found = false;
    expr.walk(&mut Vec::new(), &mut |path: &[rhai::ASTNode]| {
        if let Some(f) = call_at(path) {
            found |= has_effects(&f.name) || script_effects(ctx, &f.name, f.args.len(), 3);
        }
        !found
    });
    found
}

fn script_effects(ctx: &EvalContext, name: &str, args: usize, depth: usize) -> bool {
    if depth == 0 {
        return false;
    }
    let Some(def) = ctx.iter_namespaces().find_map(|m| {
        m.get_script_fn(name, args)
            .or_else(|| m.get_script_fn(name, args + 1))
    }) else {
        return false;
    };
    let mut found = false;
    function_ast(def.clone()).walk(&mut |path: &[rhai::ASTNode]| {
        if let Some(f) = call_at(path) {
            found |= has_effects(&f.name)
                || (f.name != name && script_effects(ctx, &f.name, f.args.len(), depth - 1));
        }
        !found
    });
    found
}
