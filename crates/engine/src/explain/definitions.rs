//! The session's recorded definitions: for every top-level `let`, `const` and `x = …`, the
//! expression that defined the variable, kept so that `explain` can follow a variable later.
//!
//! Recording is linear in the script's size: a definition that reads the variable's own
//! earlier value (`x = x * 2`, `x += 1`) reads it as `PREVIOUS` and holds the earlier
//! definition by reference instead of a copy of it, so reassigning a variable a thousand
//! times keeps a thousand small expressions, never one that doubles with every line. How
//! much of a chain is kept is capped (`KEPT`); `explain` says when it reaches the cap.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use rhai::{Expr, Position, Stmt, AST};

/// What a recorded definition calls the variable's own earlier value: a name no script can
/// write, bound to `Recorded::previous`.
pub const PREVIOUS: &str = "__whatif_previous";

/// Definitions kept in one chain of reassignments of a variable; an older one is dropped, and
/// `explain` says the chain goes back further than it keeps.
pub const KEPT: usize = 1_000;

/// Statements recorded between two looks at whether the evaluation must stop.
const STOP_EVERY: usize = 1024;

/// One definition of a variable.
#[derive(Debug)]
pub struct Recorded {
    /// The variable, as the script names it.
    pub name: String,
    /// The defining expression, variables looked up by name; the variable's own earlier value
    /// is the variable `PREVIOUS`.
    pub expr: Expr,
    /// The definition `PREVIOUS` stands for; `None` when the expression does not read it, or
    /// when the chain was cut at `KEPT` definitions (`cut`).
    pub previous: Option<Rc<Recorded>>,
    /// Whether `expr` reads `PREVIOUS`.
    pub reads_previous: bool,
    /// Whether the definitions before this one were dropped (the chain was longer than `KEPT`).
    pub cut: bool,
    /// Definitions in the chain ending here, this one included.
    length: usize,
}

impl Drop for Recorded {
    /// Drops a long chain one link at a time rather than by recursion.
    fn drop(&mut self) {
        let mut next = self.previous.take();
        while let Some(link) = next {
            next = match Rc::try_unwrap(link) {
                Ok(mut only) => only.previous.take(),
                Err(_) => None,
            };
        }
    }
}

impl Recorded {
    /// Every definition of the chain ending here, this one first.
    pub fn chain(self: &Rc<Self>) -> impl Iterator<Item = &Recorded> {
        std::iter::successors(Some(&**self), |r| r.previous.as_deref())
    }
}

/// The expressions that defined the session's variables, by name: every top-level `let`,
/// `const` and `x = …` of every evaluation, with the variable slots the parser resolved
/// cleared, so that an expression is looked up by name when it is traced again later.
#[derive(Debug, Clone, Default)]
pub struct Definitions {
    by_name: Rc<RefCell<HashMap<String, Rc<Recorded>>>>,
    last: Rc<RefCell<Option<Expr>>>,
    /// Where the text being compiled calls `explain(` or `sources(` (see `source::syntax`).
    calls: Rc<RefCell<Vec<(usize, usize)>>>,
}

/// The words that are syntax where they are called.
pub const SYNTAX: [&str; 2] = ["explain", "sources"];

/// The keys the syntax is registered under, in `SYNTAX`'s order.
pub const SYNTAX_KEYS: [&str; 2] = ["__whatif_explain", "__whatif_sources"];

impl Definitions {
    /// Marks where `text`, about to be compiled, calls the syntax; `None` clears the marks.
    pub fn mark_calls(&self, text: Option<&str>) {
        *self.calls.borrow_mut() = text
            .map(|t| crate::script_text::syntax::calls(t, &SYNTAX))
            .unwrap_or_default();
    }

    /// Whether the syntax keyword at `line`, `col` is a marked call.
    pub fn is_call(&self, line: usize, col: usize) -> bool {
        self.calls.borrow().contains(&(line, col))
    }

    /// Records the top-level definitions of `ast`, and its last expression (for `_`). Every
    /// `STOP_EVERY` statements `stop` is asked whether to go on; its reason to stop ends the
    /// recording (what was recorded so far stays: `explain` checks a definition against the
    /// variable's value before it follows it).
    pub fn record(
        &self,
        ast: &AST,
        stop: &dyn Fn() -> Option<&'static str>,
    ) -> Result<(), &'static str> {
        let mut by_name = self.by_name.borrow_mut();
        let mut last = None;
        for (n, stmt) in ast.statements().iter().enumerate() {
            if n % STOP_EVERY == STOP_EVERY - 1 {
                if let Some(reason) = stop() {
                    return Err(reason);
                }
            }
            last = None;
            match stmt {
                Stmt::Var(x, ..) => {
                    let (ident, expr, _) = &**x;
                    define(&mut by_name, ident.name.as_str(), stripped(expr));
                }
                Stmt::Assignment(x) => {
                    let (op, binary) = &**x;
                    if let Expr::Variable(v, ..) = &binary.lhs {
                        let name = v.1.to_string();
                        // `x += y` (which the optimiser also makes of `x = x + y`) is
                        // `x = x + y`, read through x's previous definition.
                        let rhs =
                            stripped(&binary.rhs).map(|rhs| match op.get_op_assignment_info() {
                                None => rhs,
                                Some((_, hash, _, _, token, syntax)) => Expr::FnCall(
                                    Box::new(rhai::FnCallExpr {
                                        namespace: Default::default(),
                                        name: syntax.into(),
                                        hashes: rhai::FnCallHashes::from_native_only(hash),
                                        args: [variable(&name), rhs].into_iter().collect(),
                                        capture_parent_scope: false,
                                        op_token: Some(token.clone()),
                                    }),
                                    op.position(),
                                ),
                            });
                        define(&mut by_name, &name, rhs);
                    }
                }
                Stmt::Expr(e) => last = stripped(e),
                Stmt::FnCall(f, pos) => last = stripped(&Expr::FnCall(f.clone(), *pos)),
                _ => {}
            }
        }
        *self.last.borrow_mut() = last;
        Ok(())
    }

    /// The last evaluation's final expression now defines `name` (the prompt's `_`).
    pub fn define_last_as(&self, name: &str) {
        let last = self.last.borrow().clone();
        define(&mut self.by_name.borrow_mut(), name, last);
    }

    pub fn get(&self, name: &str) -> Option<Rc<Recorded>> {
        self.by_name.borrow().get(name).cloned()
    }

    pub fn clear(&self) {
        self.by_name.borrow_mut().clear();
        *self.last.borrow_mut() = None;
    }
}

/// Records `expr` as `name`'s definition (`None`: a definition explain cannot follow). One
/// that reads `name` (`x = x * 2`, the prompt's `_ * 2`) reads its previous definition
/// instead, so the chain is followed rather than refused as circular.
fn define(by_name: &mut HashMap<String, Rc<Recorded>>, name: &str, expr: Option<Expr>) {
    let Some(mut expr) = expr else {
        by_name.remove(name);
        return;
    };
    let previous = by_name.get(name).cloned();
    let reads_previous = previous.is_some() && rename(&mut expr, name);
    let (previous, cut) = match previous.filter(|_| reads_previous) {
        Some(p) if p.length >= KEPT => (None, true),
        other => (other, false),
    };
    let length = previous.as_ref().map_or(1, |p| p.length + 1);
    let recorded = Recorded {
        name: name.to_string(),
        expr,
        previous,
        reads_previous,
        cut,
        length,
    };
    by_name.insert(name.to_string(), Rc::new(recorded));
}

/// Renames the variable `name` to `PREVIOUS` throughout `expr`; whether it occurred.
fn rename(expr: &mut Expr, name: &str) -> bool {
    match expr {
        Expr::Variable(x, ..) if x.1.as_str() == name => {
            x.1 = PREVIOUS.into();
            true
        }
        Expr::FnCall(f, _) | Expr::MethodCall(f, _) => f
            .args
            .iter_mut()
            .fold(false, |found, a| rename(a, name) | found),
        Expr::Dot(x, ..) | Expr::Index(x, ..) => {
            rename(&mut x.lhs, name) | rename(&mut x.rhs, name)
        }
        Expr::Array(items, _) | Expr::InterpolatedString(items, _) => items
            .iter_mut()
            .fold(false, |found, a| rename(a, name) | found),
        Expr::And(items, _) | Expr::Or(items, _) | Expr::Coalesce(items, _) => items
            .iter_mut()
            .fold(false, |found, a| rename(a, name) | found),
        Expr::Map(x, _) => {
            x.0.iter_mut()
                .fold(false, |found, (_, v)| rename(v, name) | found)
        }
        _ => false,
    }
}

/// Writes `PREVIOUS` in `expr` (part of `current`'s definition) out as the earlier
/// definition, while `budget` lasts; past it, as the variable's name.
pub(super) fn fill(expr: &mut Expr, current: &Recorded, budget: &mut usize) {
    if let Expr::Variable(x, ..) = expr {
        if x.1.as_str() == PREVIOUS {
            match current.previous.as_deref() {
                Some(previous) if *budget > 0 => {
                    *budget -= 1;
                    *expr = previous.expr.clone();
                    fill(expr, previous, budget);
                }
                _ => x.1 = current.name.as_str().into(),
            }
        }
        return;
    }
    match expr {
        Expr::FnCall(f, _) | Expr::MethodCall(f, _) => {
            f.args.iter_mut().for_each(|a| fill(a, current, budget))
        }
        Expr::Dot(x, ..) | Expr::Index(x, ..) => {
            fill(&mut x.lhs, current, budget);
            fill(&mut x.rhs, current, budget);
        }
        Expr::Array(items, _) | Expr::InterpolatedString(items, _) => {
            items.iter_mut().for_each(|a| fill(a, current, budget))
        }
        Expr::And(items, _) | Expr::Or(items, _) | Expr::Coalesce(items, _) => {
            items.iter_mut().for_each(|a| fill(a, current, budget))
        }
        Expr::Map(x, _) => x.0.iter_mut().for_each(|(_, v)| fill(v, current, budget)),
        _ => {}
    }
}

/// Whether `expr` reads `PREVIOUS`.
pub(super) fn reads_previous(expr: &Expr) -> bool {
    let mut found = false;
    expr.walk(&mut Vec::new(), &mut |path: &[rhai::ASTNode]| {
        if let Some(rhai::ASTNode::Expr(Expr::Variable(x, ..))) = path.last() {
            found |= x.1.as_str() == PREVIOUS;
        }
        !found
    });
    found
}

/// `expr` with every variable looked up by name, or `None` when it holds a block (whose
/// variables could not be looked up again).
fn stripped(expr: &Expr) -> Option<Expr> {
    let mut copy = expr.clone();
    strip(&mut copy).then_some(copy)
}

fn strip(expr: &mut Expr) -> bool {
    match expr {
        Expr::Variable(x, short, _) => {
            x.0 = None;
            *short = None;
            true
        }
        Expr::FnCall(f, _) | Expr::MethodCall(f, _) => f.args.iter_mut().all(strip),
        Expr::Dot(x, ..) | Expr::Index(x, ..) => strip(&mut x.lhs) && strip(&mut x.rhs),
        Expr::Array(items, _) | Expr::InterpolatedString(items, _) => items.iter_mut().all(strip),
        Expr::And(items, _) | Expr::Or(items, _) | Expr::Coalesce(items, _) => {
            items.iter_mut().all(strip)
        }
        Expr::Map(x, _) => x.0.iter_mut().all(|(_, v)| strip(v)),
        Expr::Stmt(_) | Expr::Custom(..) => false,
        _ => true,
    }
}

pub(super) fn variable(name: &str) -> Expr {
    Expr::Variable(
        Box::new((None, name.into(), Default::default(), 0)),
        None,
        Position::NONE,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorded(script: &str) -> Definitions {
        let definitions = Definitions::default();
        let ast = rhai::Engine::new().compile(script).expect("compiles");
        definitions.record(&ast, &|| None).expect("recorded");
        definitions
    }

    #[test]
    fn a_reassignment_holds_its_previous_definition_by_reference() {
        let mut script = String::from("let balance = 1000.0; let rate = 0.05;");
        for _ in 0..40 {
            script.push_str("balance = balance + balance * rate;");
        }
        let definitions = recorded(&script);
        let balance = definitions.get("balance").expect("recorded");
        assert_eq!(balance.chain().count(), 41);
        // Each link is one statement's expression: two reads of the previous value, no more.
        for link in balance.chain().take(40) {
            assert!(link.reads_previous);
            assert_eq!(
                crate::explain::print::plain(&link.expr)
                    .matches(PREVIOUS)
                    .count(),
                2
            );
        }
        assert!(!balance.chain().last().expect("first").reads_previous);
    }

    #[test]
    fn a_chain_longer_than_what_is_kept_is_cut_and_says_so() {
        let script = format!("let x = 0;\n{}", "x += 1;\n".repeat(KEPT + 5));
        let x = recorded(&script).get("x").expect("recorded");
        assert!(x.chain().count() <= KEPT);
        assert!(x.chain().any(|r| r.cut));
        assert!(x.chain().all(|r| r.reads_previous));
    }

    #[test]
    fn recording_stops_when_asked_to() {
        let script = format!("let x = 0;\n{}", "x += 1;\n".repeat(3 * STOP_EVERY));
        let ast = rhai::Engine::new().compile(&script).expect("compiles");
        let asked = std::cell::Cell::new(0);
        let stop = || {
            asked.set(asked.get() + 1);
            Some(crate::stop::INTERRUPTED)
        };
        let result = Definitions::default().record(&ast, &stop);
        assert_eq!(result, Err(crate::stop::INTERRUPTED));
        assert_eq!(asked.get(), 1);
    }
}
