//! Tracing through script functions: a call of the user's own function (or the stdlib's), and
//! a closure that computed a table's column, are followed through their bodies with each
//! parameter standing for its argument's derivation, so the figures they read are named.

use rhai::{Dynamic, EvalContext, Expr};

use super::effects::function_ast;
use super::trace::{same, Tracer};
use super::Node;
use crate::numbers::RhaiResult;

impl Tracer<'_> {
    /// The script function (the user's own, or the stdlib's) `name` of `arity` parameters.
    pub(super) fn script_function(
        &self,
        ctx: &EvalContext,
        name: &str,
        arity: usize,
    ) -> Option<rhai::Shared<rhai::ScriptFuncDef>> {
        ctx.iter_namespaces()
            .find_map(|m| m.get_script_fn(name, arity))
            .cloned()
    }

    /// What the closure `f` computed from `arg`, traced through its body (`None` when the body
    /// is not one the tracer follows, or does not give `value` again).
    pub(super) fn through_closure(
        &mut self,
        ctx: &mut EvalContext,
        f: &rhai::FnPtr,
        arg: Dynamic,
        value: &Dynamic,
    ) -> RhaiResult<Option<Node>> {
        let Some(def) = self.script_function(ctx, f.fn_name(), f.curry().len() + 1) else {
            return Ok(None);
        };
        let mut args: Vec<(Dynamic, Node)> = f
            .curry()
            .iter()
            .zip(def.params.iter())
            .map(|(v, p)| (v.clone(), Node::Name(p.to_string())))
            .collect();
        let last = def.params.last().map(|p| p.to_string()).unwrap_or_default();
        args.push((arg, Node::Name(last)));
        self.through_body(ctx, def, args, value)
    }

    /// A script function's body traced with its parameters standing for `args` (values and
    /// nodes): a body of `let` statements and one final expression, followed when it gives
    /// `value` again; anything else is left to the call.
    pub(super) fn through_body(
        &mut self,
        ctx: &mut EvalContext,
        def: rhai::Shared<rhai::ScriptFuncDef>,
        args: Vec<(Dynamic, Node)>,
        value: &Dynamic,
    ) -> RhaiResult<Option<Node>> {
        let name = def.name.to_string();
        if def.params.len() != args.len()
            || self.depth >= self.limits.depth + 2
            || self.expanding.contains(&name)
        {
            return Ok(None);
        }
        let params: Vec<String> = def.params.iter().map(|p| p.to_string()).collect();
        let mut statements: Vec<rhai::Stmt> = Vec::new();
        function_ast(def).walk(&mut |path: &[rhai::ASTNode]| {
            if let [rhai::ASTNode::Stmt(stmt)] = path {
                statements.push((*stmt).clone());
            }
            true
        });
        let Some((last, lets)) = statements.split_last() else {
            return Ok(None);
        };
        let result = match last {
            rhai::Stmt::Expr(e) => (**e).clone(),
            rhai::Stmt::FnCall(call, pos) => Expr::FnCall(call.clone(), *pos),
            rhai::Stmt::Return(Some(e), ..) => (**e).clone(),
            _ => return Ok(None),
        };
        let mut locals: Vec<(String, Expr)> = Vec::new();
        for stmt in lets {
            match stmt {
                rhai::Stmt::Var(x, ..) => locals.push((x.0.name.to_string(), x.1.clone())),
                _ => return Ok(None),
            }
        }
        let mark = (
            ctx.scope().len(),
            self.bound.len(),
            self.leaves.len(),
            self.rates.len(),
            self.defined.len(),
        );
        for (param, (v, node)) in params.iter().zip(args) {
            ctx.scope_mut().push(param.as_str(), v);
            self.bound.push((param.clone(), node));
        }
        self.expanding.push(name);
        self.depth += 1;
        let mut traced = Ok(None);
        for (local, expr) in &locals {
            match self.trace(ctx, expr) {
                Ok((v, node)) => {
                    ctx.scope_mut().push(local.as_str(), v);
                    self.bound.push((local.clone(), node));
                }
                Err(e) => {
                    traced = Err(e);
                    break;
                }
            }
        }
        if traced.is_ok() {
            traced = self.trace(ctx, &result).map(Some);
        }
        self.depth -= 1;
        self.expanding.pop();
        ctx.scope_mut().rewind(mark.0);
        self.bound.truncate(mark.1);
        match traced {
            Ok(Some((again, node))) if same(&again, value) => Ok(Some(node)),
            _ => {
                self.leaves.truncate(mark.2);
                self.rates.truncate(mark.3);
                self.defined.truncate(mark.4);
                Ok(None)
            }
        }
    }
}
