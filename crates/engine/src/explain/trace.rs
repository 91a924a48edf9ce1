//! Tracing an expression for `explain`: each node is evaluated once, in the caller's scope,
//! through the same functions a normal evaluation calls, and becomes a `Node` of the
//! derivation. Figures read from dataset rows, aggregates over tables, rows loaded from files
//! and the rates of conversions become leaves with their origins; variables are expanded into
//! their recorded definitions when those still give the variable's value.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use rhai::{ASTFlags, BinaryExpr, Dynamic, EvalContext, Expr, Expression, FnCallExpr, Position};

use whatif_core::fx::{FxSession, FxSource, Period, Quote, DEFAULT_PERIOD};
use whatif_core::money::{CurrencyCode, Money};

use super::definitions::{reads_previous, variable, Recorded, KEPT, PREVIOUS};
use super::effects::{effects, function_ast};
use super::print::{is_operator, plain};
use super::{Definitions, Leaf, LeafKind, Limits, Node, RateUse};
use crate::numbers::{script_error, RhaiResult};
use crate::table::{cell, Table, TableRow};

/// Names whose calls are evaluated whole: they create closures, look at the scope, or are
/// `explain` itself.
const WHOLE: &[&str] = &[
    "Fn",
    "curry",
    "call",
    "eval",
    "is_def_var",
    "is_def_fn",
    "is_shared",
    "explain",
    "sources",
];

/// Aggregates of a table column whose result stands for the rows that went in.
const AGGREGATES: &[&str] = &["sum", "mean", "min", "max", "median", "column"];

/// Earlier definitions written out in a variable's place (`x = x * 2`), in a row and in all:
/// past either the variable is shown as computed earlier, never as a doubling expression.
const INLINE_DEPTH: usize = 200;
const INLINE_PARTS: usize = 1_000;

/// Why following a variable's earlier definitions stopped: more to write out than the caps
/// above (`TooLong`), or a chain longer than the recorder keeps (`Cut`, see `KEPT`).
#[derive(Debug, Clone, Copy)]
enum GaveUp {
    TooLong,
    Cut,
}

/// The state of one `explain`.
pub struct Tracer<'x> {
    pub definitions: &'x Definitions,
    pub fx: &'x FxSession,
    pub limits: Limits,
    pub leaves: Vec<Leaf>,
    pub rates: Vec<RateUse>,
    pub defined: Vec<(String, Node)>,
    pub notes: Vec<String>,
    pub(super) expanding: Vec<String>,
    pub(super) depth: usize,
    /// The definitions being traced, innermost last: `PREVIOUS` in the innermost's expression
    /// is its `previous`.
    context: Vec<Rc<Recorded>>,
    /// Earlier definitions written out so far, and how deep in a row.
    inlined: usize,
    inline_depth: usize,
    /// Values of earlier definitions, computed once each (by address of the definition).
    values: HashMap<usize, (Rc<Recorded>, Dynamic)>,
    gave_up: Option<GaveUp>,
    /// The parameters and locals of the script function bodies being traced, innermost last:
    /// each name stands for the node of its argument.
    pub(super) bound: Vec<(String, Node)>,
}

type Traced = (Dynamic, Node);

const TEMP: &str = "__whatif_explain_value";

fn with_position(mut error: Box<rhai::EvalAltResult>, pos: Position) -> Box<rhai::EvalAltResult> {
    if error.position().is_none() {
        error.set_position(pos);
    }
    error
}

/// Whether two values are the same for explaining, by their exact text; tables cell by cell
/// up to `SAME_TABLE_ROWS` rows, and by shape past it (a definition re-run against a file
/// that changed since is then still shown).
pub(super) fn same(a: &Dynamic, b: &Dynamic) -> bool {
    const SAME_TABLE_ROWS: usize = 10_000;
    let text = crate::value::to_exact_text;
    match (a.read_lock::<Table>(), b.read_lock::<Table>()) {
        (Some(x), Some(y)) => {
            x.len() == y.len()
                && x.columns() == y.columns()
                && (x.len() > SAME_TABLE_ROWS
                    || x.rows()
                        .iter()
                        .zip(y.rows().iter())
                        .all(|(p, q)| p.iter().zip(q.iter()).all(|(c, d)| text(c) == text(d))))
        }
        (None, None) => crate::value::to_exact_text(a) == crate::value::to_exact_text(b),
        _ => false,
    }
}

/// Whether `value` is a figure (a number or an amount) rather than a table, row, text or
/// function.
fn is_figure(value: &Dynamic) -> bool {
    value.is_int() || value.is_decimal() || value.is::<Money>()
}

fn literal_node(expr: &Expr, value: &Dynamic) -> Node {
    if value.is_string() || value.is_char() || value.is_unit() || value.is_bool() {
        Node::Name(plain(expr))
    } else if value.is_fnptr() {
        Node::Text(plain(expr))
    } else {
        Node::Typed(crate::value::to_exact_text(value))
    }
}

impl<'x> Tracer<'x> {
    pub fn new(definitions: &'x Definitions, fx: &'x FxSession, limits: Limits) -> Self {
        Tracer {
            definitions,
            fx,
            limits,
            leaves: Vec::new(),
            rates: Vec::new(),
            defined: Vec::new(),
            notes: Vec::new(),
            expanding: Vec::new(),
            depth: 0,
            context: Vec::new(),
            inlined: 0,
            inline_depth: 0,
            values: HashMap::new(),
            gave_up: None,
            bound: Vec::new(),
        }
    }

    pub(super) fn push_leaf(&mut self, leaf: Leaf) -> Node {
        let found = self.leaves.iter().position(|l| {
            l.kind == leaf.kind && l.what == leaf.what && same(&l.value, &leaf.value)
        });
        Node::Leaf(found.unwrap_or_else(|| {
            self.leaves.push(leaf);
            self.leaves.len() - 1
        }))
    }

    fn eval(ctx: &mut EvalContext, expr: &Expr) -> RhaiResult<Dynamic> {
        ctx.eval_expression_tree(&Expression::from(expr))
    }

    /// Evaluates `object` `rest`, where `rest` is one step of a chain (`.name`, `[i]`), with
    /// `object` held in a scratch variable.
    fn step(
        ctx: &mut EvalContext,
        object: Dynamic,
        rest: Expr,
        index: bool,
        pos: Position,
    ) -> RhaiResult<Dynamic> {
        let mark = ctx.scope().len();
        ctx.scope_mut().push(TEMP, object);
        let binary = Box::new(BinaryExpr {
            lhs: variable(TEMP),
            rhs: rest,
        });
        let expr = if index {
            Expr::Index(binary, ASTFlags::BREAK, pos)
        } else {
            Expr::Dot(binary, ASTFlags::empty(), pos)
        };
        let result = Self::eval(ctx, &expr);
        ctx.scope_mut().rewind(mark);
        result
    }

    pub fn trace(&mut self, ctx: &mut EvalContext, expr: &Expr) -> RhaiResult<Traced> {
        match expr {
            Expr::Variable(x, ..) if x.1.as_str() == PREVIOUS && !self.context.is_empty() => {
                self.previous(ctx)
            }
            Expr::Variable(x, ..) => self.variable(ctx, expr, x.1.as_str()),
            Expr::FnCall(f, pos) => self.call(ctx, expr, f, *pos),
            Expr::Dot(..) | Expr::Index(..) => self.chain(ctx, expr),
            Expr::Array(items, _) => {
                let mut values = rhai::Array::new();
                let mut nodes = Vec::new();
                for item in items.iter() {
                    let (v, n) = self.trace(ctx, item)?;
                    values.push(v);
                    nodes.push(n);
                }
                Ok((Dynamic::from_array(values), Node::Array(nodes)))
            }
            _ => {
                let value = self.eval_whole(ctx, expr)?;
                let shown = self.written_out(expr);
                let node = match expr.get_literal_value(None) {
                    _ if value.is_fnptr() => Node::Text(closure_text(ctx, &value, &shown)),
                    Some(_) => literal_node(expr, &value),
                    None => Node::Text(plain(&shown)),
                };
                Ok((value, node))
            }
        }
    }

    fn stopped(&mut self, why: GaveUp) -> Box<rhai::EvalAltResult> {
        self.gave_up = Some(why);
        script_error("explain stopped following earlier definitions".to_string())
    }

    /// The variable's earlier value inside its definition, traced as the earlier definition.
    fn previous(&mut self, ctx: &mut EvalContext) -> RhaiResult<Traced> {
        let Some(previous) = self.context.last().and_then(|c| c.previous.clone()) else {
            return Err(self.stopped(GaveUp::Cut));
        };
        self.inlined += 1;
        if self.inlined > INLINE_PARTS || self.inline_depth >= INLINE_DEPTH {
            return Err(self.stopped(GaveUp::TooLong));
        }
        self.context.push(previous);
        self.inline_depth += 1;
        let previous = Rc::clone(self.context.last().expect("pushed"));
        let traced = self.trace(ctx, &previous.expr);
        self.inline_depth -= 1;
        self.context.pop();
        traced
    }

    /// The value of an earlier definition, evaluated once: each link of the chain below it is
    /// evaluated with `PREVIOUS` holding the value of the link before, oldest first.
    fn value_of(&mut self, ctx: &mut EvalContext, recorded: &Rc<Recorded>) -> RhaiResult<Dynamic> {
        let key = |r: &Rc<Recorded>| Rc::as_ptr(r) as usize;
        let mut pending: Vec<Rc<Recorded>> = Vec::new();
        let mut below: Option<Dynamic> = None;
        let mut at = Some(Rc::clone(recorded));
        while let Some(link) = at {
            if let Some((_, value)) = self.values.get(&key(&link)) {
                below = Some(value.clone());
                break;
            }
            at = link.previous.clone();
            pending.push(link);
        }
        for link in pending.into_iter().rev() {
            let value = match (link.reads_previous, below.take()) {
                (false, _) => Self::eval(ctx, &link.expr)?,
                (true, None) => return Err(self.stopped(GaveUp::Cut)),
                (true, Some(earlier)) => {
                    let mark = ctx.scope().len();
                    ctx.scope_mut().push(PREVIOUS, earlier);
                    let value = Self::eval(ctx, &link.expr);
                    ctx.scope_mut().rewind(mark);
                    value?
                }
            };
            self.values
                .insert(key(&link), (Rc::clone(&link), value.clone()));
            below = Some(value);
        }
        Ok(below.unwrap_or(Dynamic::UNIT))
    }

    /// Evaluates `expr` whole, with the variable's earlier value in reach when it reads it.
    fn eval_whole(&mut self, ctx: &mut EvalContext, expr: &Expr) -> RhaiResult<Dynamic> {
        let Some(current) = self.context.last().cloned() else {
            return Self::eval(ctx, expr);
        };
        if !reads_previous(expr) {
            return Self::eval(ctx, expr);
        }
        let Some(previous) = current.previous.clone() else {
            return Err(self.stopped(GaveUp::Cut));
        };
        let earlier = self.value_of(ctx, &previous)?;
        let mark = ctx.scope().len();
        ctx.scope_mut().push(PREVIOUS, earlier);
        let value = Self::eval(ctx, expr);
        ctx.scope_mut().rewind(mark);
        value
    }

    /// `expr` as the script wrote it, the variable's earlier value written out as its earlier
    /// definition (at most `INLINE_DEPTH` of them; past that, by the variable's name).
    fn written_out<'e>(&self, expr: &'e Expr) -> Cow<'e, Expr> {
        match self.context.last() {
            Some(current) if reads_previous(expr) => {
                let mut copy = expr.clone();
                let mut budget = INLINE_DEPTH;
                super::definitions::fill(&mut copy, current, &mut budget);
                Cow::Owned(copy)
            }
            _ => Cow::Borrowed(expr),
        }
    }

    fn variable(&mut self, ctx: &mut EvalContext, expr: &Expr, name: &str) -> RhaiResult<Traced> {
        let value = Self::eval(ctx, expr)?;
        if let Some((_, node)) = self.bound.iter().rev().find(|(n, _)| n == name) {
            return Ok((value, node.clone()));
        }
        let shown = name.replace(super::LAST_RESULT, "_");
        if !is_figure(&value) && !value.is_array() {
            return Ok((value, Node::Name(shown)));
        }
        let why: String = match self.definitions.get(name) {
            None => "it was computed in a loop, a function or a closure, where explain cannot \
                     follow it"
                .into(),
            Some(_) if self.expanding.iter().any(|n| n == name) => {
                "its definition refers to itself".into()
            }
            Some(_) if self.depth >= self.limits.depth => format!(
                "deeper than {} definitions (explain(x, #{{depth: {}}}) follows more)",
                self.limits.depth,
                self.limits.depth + 2
            ),
            Some(def) if def.chain().any(|r| effects(ctx, &r.expr)) => {
                "its definition writes a file, prints or sets a rate, so it is not run again".into()
            }
            Some(def) => match self.expand(ctx, name, &def, &value) {
                Some(node) => return Ok((value, node)),
                None => match self.gave_up.take() {
                    Some(GaveUp::TooLong) => format!(
                        "it was computed from its own earlier value too many times to write \
                         out (explain writes out at most {INLINE_DEPTH} earlier definitions in \
                         a row, {} in all)",
                        whatif_core::decimal::group_thousands(&INLINE_PARTS.to_string())
                    ),
                    Some(GaveUp::Cut) => format!(
                        "it was reassigned from its own value more than {} times in a row, \
                         more than explain keeps",
                        whatif_core::decimal::group_thousands(&KEPT.to_string())
                    ),
                    None => "it was changed after its definition (by +=, a loop or a later \
                             statement)"
                        .into(),
                },
            },
        };
        if !is_figure(&value) {
            return Ok((value, Node::Name(shown)));
        }
        let leaf = Leaf {
            kind: LeafKind::Untraced,
            value: value.clone(),
            what: format!("{shown}, computed earlier"),
            dataset: None,
            file: None,
            rows: Vec::new(),
            column: None,
            sources: Vec::new(),
            hedges: Vec::new(),
            untraced: Some(format!("{shown}: {why}")),
            selection: None,
            unit: None,
        };
        Ok((value, self.push_leaf(leaf)))
    }

    /// `name`'s definition traced, when it still gives `value`.
    fn expand(
        &mut self,
        ctx: &mut EvalContext,
        name: &str,
        definition: &Rc<Recorded>,
        value: &Dynamic,
    ) -> Option<Node> {
        let shown = name.replace(super::LAST_RESULT, "_");
        if self.defined.iter().any(|(n, _)| *n == shown) {
            return Some(Node::Var(shown));
        }
        let mark = (
            self.leaves.len(),
            self.rates.len(),
            self.defined.len(),
            ctx.scope().len(),
        );
        let inlined = self.inlined;
        self.gave_up = None;
        self.expanding.push(name.to_string());
        self.context.push(Rc::clone(definition));
        self.depth += 1;
        let traced = self.trace(ctx, &definition.expr);
        self.depth -= 1;
        self.context.pop();
        self.expanding.pop();
        ctx.scope_mut().rewind(mark.3);
        match traced {
            Ok((again, node)) if same(&again, value) => {
                // A definition that is a single figure or a value typed in reads best inline.
                if self.depth > 0 && matches!(node, Node::Leaf(_)) {
                    return Some(node);
                }
                self.defined.push((shown.clone(), node));
                Some(Node::Var(shown))
            }
            _ => {
                self.leaves.truncate(mark.0);
                self.rates.truncate(mark.1);
                self.defined.truncate(mark.2);
                self.inlined = inlined;
                None
            }
        }
    }

    fn args(
        &mut self,
        ctx: &mut EvalContext,
        f: &FnCallExpr,
    ) -> RhaiResult<(Vec<Dynamic>, Vec<Node>)> {
        let mut values = Vec::with_capacity(f.args.len());
        let mut nodes = Vec::with_capacity(f.args.len());
        for arg in f.args.iter() {
            let (v, n) = self.trace(ctx, arg)?;
            values.push(v);
            nodes.push(n);
        }
        Ok((values, nodes))
    }

    fn call(
        &mut self,
        ctx: &mut EvalContext,
        expr: &Expr,
        f: &FnCallExpr,
        pos: Position,
    ) -> RhaiResult<Traced> {
        if f.is_qualified() || f.capture_parent_scope || WHOLE.contains(&f.name.as_str()) {
            let value = self.eval_whole(ctx, expr)?;
            let text = closure_text(ctx, &value, &self.written_out(expr));
            return Ok((value, Node::Text(text)));
        }
        let (values, nodes) = self.args(ctx, f)?;
        let rate = self.rate_of(&f.name, &values, false);
        let mut call_args = values.clone();
        let mut refs: Vec<&mut Dynamic> = call_args.iter_mut().collect();
        let value = ctx
            .call_fn_raw(f.name.as_str(), false, false, &mut refs)
            .map_err(|e| with_position(e, pos))?;
        let literal_args = !nodes.is_empty()
            && nodes
                .iter()
                .all(|n| matches!(n, Node::Typed(_) | Node::Name(_)));
        let own = match self.script_function(ctx, &f.name, values.len()) {
            Some(def) if f.op_token.is_none() && !effects(ctx, expr) => {
                let args = values.iter().cloned().zip(nodes.iter().cloned()).collect();
                self.through_body(ctx, def, args, &value)?
            }
            _ => None,
        };
        let node = if let Some(body) = own {
            body
        } else if let Some(rate) = rate {
            let mut nodes = nodes;
            Node::Convert {
                name: f.name.to_string(),
                amount: Box::new(nodes.swap_remove(0)),
                rate,
            }
        } else if f.op_token.is_some() && (is_operator(&f.name) || nodes.len() == 1) {
            if literal_args && f.name == "-" && nodes.len() == 1 {
                Node::Typed(crate::value::to_exact_text(&value))
            } else {
                Node::Op {
                    op: f.name.to_string(),
                    args: nodes,
                }
            }
        } else if literal_args && is_figure(&value) {
            Node::Typed(plain(expr))
        } else {
            Node::Call {
                name: f.name.to_string(),
                args: nodes,
            }
        };
        Ok((value, node))
    }

    /// The rate a conversion uses, recorded, when `name` with `args` is one.
    fn rate_of(&mut self, name: &str, args: &[Dynamic], method: bool) -> Option<usize> {
        let money = args.first().and_then(cell::money);
        let text = |i: usize| args.get(i).and_then(|v| v.clone().into_string().ok());
        let (from, to, period_at) = match (name, money) {
            ("convert", Some(m)) => (m.currency.as_str().to_string(), text(1)?, 2),
            ("convert", None) if !method => (text(1)?, text(2)?, 3),
            ("convert_cny", _) => ("USD".to_string(), "CNY".to_string(), 1),
            ("convert_usd", _) => ("CNY".to_string(), "USD".to_string(), 1),
            _ => return None,
        };
        CurrencyCode::parse(&from).ok()?;
        let period = match args.get(period_at) {
            None => DEFAULT_PERIOD,
            Some(p) => crate::table::money::period_of_cell(p).ok()?,
        };
        // `#{source: "ECB"}` after the period chooses the rates the conversion used.
        let source = match args
            .get(period_at + 1)
            .and_then(|v| v.read_lock::<rhai::Map>())
        {
            Some(options) => {
                let text = options.get("source")?.clone().into_string().ok()?;
                whatif_core::fx::FxSource::parse(&text).ok()?
            }
            None => self.fx.source(),
        };
        self.record_rate_from(&from, &to, period, source)
    }

    fn record_rate_from(
        &mut self,
        from: &str,
        to: &str,
        period: Period,
        source: FxSource,
    ) -> Option<usize> {
        let quote = self.fx.quote_with(from, to, period, source).ok()?;
        self.record_quote(from, to, period, &quote, source)
    }

    /// A rate as `quote` gave it for `from`→`to` over `period` from `source`, recorded once.
    pub(super) fn record_quote(
        &mut self,
        from: &str,
        to: &str,
        period: Period,
        quote: &Quote,
        source: FxSource,
    ) -> Option<usize> {
        let rate = quote.rate.value().ok()?;
        let used = RateUse {
            from: from.to_ascii_uppercase(),
            to: to.to_ascii_uppercase(),
            period: period.to_string(),
            rate,
            rows: quote.rows.clone(),
            other: super::other_period(period, &quote.rows, source),
        };
        Some(
            self.rates
                .iter()
                .position(|r| r.short() == used.short() && r.rate == used.rate)
                .unwrap_or_else(|| {
                    self.rates.push(used);
                    self.rates.len() - 1
                }),
        )
    }

    fn chain(&mut self, ctx: &mut EvalContext, expr: &Expr) -> RhaiResult<Traced> {
        let Some((base, steps)) = flatten(expr) else {
            let value = self.eval_whole(ctx, expr)?;
            return Ok((value, Node::Text(plain(&self.written_out(expr)))));
        };
        let (mut value, mut node) = self.trace(ctx, base)?;
        // The last table the chain went through: a row taken from it is found in it again
        // by identity, for its file line.
        let mut table: Option<Table> = value.read_lock::<Table>().map(|t| t.clone());
        for step in steps {
            let (next, next_node) = match step {
                Step::Property(prop, name) => {
                    let next = match value.read_lock::<TableRow>().map(|r| r.get(&name)) {
                        Some(cell) => cell.map_err(|e| {
                            with_position(crate::numbers::script_error(e.0), prop.position())
                        })?,
                        None => {
                            Self::step(ctx, value.clone(), prop.clone(), false, prop.position())?
                        }
                    };
                    let from = self.cell_node(ctx, &value, &name, &next, table.as_ref())?;
                    let node = match from {
                        Some(from) => from,
                        None => Node::Property {
                            object: Box::new(node),
                            name,
                        },
                    };
                    (next, node)
                }
                Step::Index(index) => {
                    let (key, key_node) = self.trace(ctx, index)?;
                    let column = key.clone().into_string().ok();
                    let next = match (value.read_lock::<TableRow>().map(|r| r.clone()), &column) {
                        (Some(row), Some(c)) => row.get(c).map_err(|e| {
                            with_position(crate::numbers::script_error(e.0), index.position())
                        })?,
                        _ => {
                            let mark = ctx.scope().len();
                            ctx.scope_mut().push("__whatif_explain_key", key.clone());
                            let result = Self::step(
                                ctx,
                                value.clone(),
                                variable("__whatif_explain_key"),
                                true,
                                index.position(),
                            );
                            ctx.scope_mut().rewind(mark);
                            result?
                        }
                    };
                    let from = match (&column, value.read_lock::<Table>().map(|t| t.clone())) {
                        (Some(c), Some(t)) => {
                            let leaf = self.rows_leaf(&t, Some(c), "column", next.clone());
                            Some(self.push_leaf(leaf))
                        }
                        (Some(c), None) => self.cell_node(ctx, &value, c, &next, table.as_ref())?,
                        _ => None,
                    };
                    let node = match from {
                        Some(from) => from,
                        None => Node::Index {
                            object: Box::new(node),
                            index: Box::new(key_node),
                        },
                    };
                    (next, node)
                }
                Step::Method(f, pos) => {
                    let (args, arg_nodes) = self.args(ctx, f)?;
                    let mut all = Vec::with_capacity(args.len() + 1);
                    all.push(value.clone());
                    all.extend(args.iter().cloned());
                    let rate = if value.is::<Money>() {
                        self.rate_of(&f.name, &all, true)
                    } else {
                        None
                    };
                    let mut refs: Vec<&mut Dynamic> = all.iter_mut().collect();
                    let next = ctx
                        .call_fn_raw(f.name.as_str(), true, true, &mut refs)
                        .map_err(|e| with_position(e, pos))?;
                    let over_table = value.read_lock::<Table>().map(|t| t.clone());
                    let column = args.first().and_then(|a| a.clone().into_string().ok());
                    let node = match (over_table, column) {
                        (Some(t), Some(c))
                            if AGGREGATES.contains(&f.name.as_str())
                                && t.columns().contains(&c) =>
                        {
                            let mut leaf = self.rows_leaf(&t, Some(&c), &f.name, next.clone());
                            if !matches!(node, Node::Name(_)) {
                                leaf.selection = Some(plain_node(&node));
                            }
                            self.push_leaf(leaf)
                        }
                        _ => match rate {
                            Some(rate) => Node::Convert {
                                name: format!("{}.convert", plain_node(&node)),
                                amount: Box::new(node),
                                rate,
                            },
                            None => Node::Method {
                                object: Box::new(node),
                                name: f.name.to_string(),
                                args: arg_nodes,
                            },
                        },
                    };
                    (next, node)
                }
            };
            if let Some(t) = next.read_lock::<Table>() {
                table = Some(t.clone());
            }
            value = next;
            node = next_node;
        }
        Ok((value, node))
    }
}

/// A closure as script text, `|r| r.currency == "USD"`, read back from its function.
fn closure_text(ctx: &EvalContext, value: &Dynamic, expr: &Expr) -> String {
    let read = || -> Option<String> {
        let f = value.read_lock::<rhai::FnPtr>()?.clone();
        if !f.is_anonymous() {
            return Some(format!("Fn({:?})", f.fn_name()));
        }
        let def = (0..=8)
            .find_map(|n| {
                ctx.iter_namespaces()
                    .find_map(|m| m.get_script_fn(f.fn_name(), n))
            })?
            .clone();
        let params: Vec<String> = def
            .params
            .iter()
            .skip(f.curry().len())
            .map(|p| p.to_string())
            .collect();
        let mut statements: Vec<rhai::Stmt> = Vec::new();
        function_ast(def).walk(&mut |path: &[rhai::ASTNode]| {
            if let [rhai::ASTNode::Stmt(stmt)] = path {
                statements.push((*stmt).clone());
            }
            true
        });
        let body = match statements.as_slice() {
            [rhai::Stmt::Expr(e)] => plain(e),
            [rhai::Stmt::FnCall(call, pos)] => plain(&Expr::FnCall(call.clone(), *pos)),
            _ => "{ … }".to_string(),
        };
        Some(format!("|{}| {body}", params.join(", ")))
    };
    if value.is_fnptr() {
        read().unwrap_or_else(|| plain(expr))
    } else {
        plain(expr)
    }
}

fn plain_node(node: &Node) -> String {
    super::print::render(node, &super::letter, &|_| String::new())
}

/// One step of a chain `base.a.b(…)[i]`.
enum Step<'e> {
    Property(Expr, String),
    Method(&'e FnCallExpr, Position),
    Index(&'e Expr),
}

/// A chain as its base and steps, or `None` for a shape not followed (an index whose
/// expression continues the chain).
fn flatten(expr: &Expr) -> Option<(&Expr, Vec<Step<'_>>)> {
    let mut steps = Vec::new();
    let base = match expr {
        Expr::Dot(x, ..) => {
            rest(&x.rhs, &mut steps)?;
            &x.lhs
        }
        Expr::Index(x, ..) => {
            if matches!(x.rhs, Expr::Dot(..) | Expr::Index(..)) {
                return None;
            }
            steps.push(Step::Index(&x.rhs));
            &x.lhs
        }
        _ => return None,
    };
    Some((base, steps))
}

fn rest<'e>(expr: &'e Expr, steps: &mut Vec<Step<'e>>) -> Option<()> {
    match expr {
        Expr::Property(x, _) => steps.push(Step::Property(expr.clone(), x.2.to_string())),
        Expr::MethodCall(f, pos) => steps.push(Step::Method(f, *pos)),
        Expr::Dot(x, ..) => {
            rest(&x.lhs, steps)?;
            rest(&x.rhs, steps)?;
        }
        Expr::Index(x, ..) => {
            if matches!(x.rhs, Expr::Dot(..) | Expr::Index(..)) {
                return None;
            }
            rest(&x.lhs, steps)?;
            steps.push(Step::Index(&x.rhs));
        }
        _ => return None,
    }
    Some(())
}
