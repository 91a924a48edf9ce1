//! `explain(x)`, `explain(x, #{depth: N, lines: N})` and `sources(x)`: syntax rather than
//! functions, because they need the expression `x`, not only its value. The expression is
//! traced by `crate::explain::trace`; this module parses the call, reads the options and turns
//! the trace into an `Explanation` or an array of sources. Functions of the same names carry
//! the docs `:help` shows and serve the method form (`row.explain()`), which sees only a value.

use rhai::{Dynamic, Engine, EvalContext, Expression, ImmutableString, Map, Module, ParseError};

use super::Register;
use whatif_core::fx::FxSession;

use crate::explain::trace::Tracer;
use crate::explain::{Definitions, Explanation, Limits, Node};
use crate::numbers::{script_error, RhaiResult};
use crate::table::Table;
use crate::text::Document;

const EXPLAIN_DOC: &str = "Explains how a value was derived: the value, the expression with every figure read from a dataset as a letter, each figure's dataset, row, column and the article's references (with their URLs), the exchange rates of conversions and where they came from (the published table or your `set_fx`), the values typed in, and a warning for every figure the article hedges (`about`, `over`, `nearly`, `up to`). A variable is followed to the statement that defined it. At most 30 lines; `explain(x, #{depth: N, lines: N})` follows N levels of variables and shows N lines. Also explains a row or a table (which datasets, files and rows it rests on). In the prompt, `:explain` (or `:why`) explains the last result. `--format json` writes the same tree as data.";
const EXPLAIN_EXAMPLE: &str = "let e = explain(pledges.by_id(\"pledge-2024\").amount / pledges.by_id(\"pledge-2024\").jobs);\nassert(e.to_string().contains(\"pledges · pledge-2024 · amount\"));\nassert(e.to_string().contains(\"[1] https://www.cnbc.com/2024/12/16/\"));";
const SOURCES_DOC: &str = "The sources behind a value, for footnotes: one map per source with `number` (the article's reference number, or `()`), `url`, `text` (the footnote) and `figures` (what cites it). Follows the value's expression as `explain` does.";
const SOURCES_EXAMPLE: &str = "let s = sources(pledges.by_id(\"pledge-2024\").amount);\nassert_eq(s.map(|x| x.number), [1, 3, 4]);";

/// Registers the documented functions (the method form, `x.explain()`) and the explanation's
/// type.
pub fn register(module: &mut Module) {
    let doc = |d: &str, e: &str| crate::docs::doc_comment(d, e);
    rhai::FuncRegistration::new("explain")
        .with_comments(doc(EXPLAIN_DOC, EXPLAIN_EXAMPLE))
        .with_params_info(["x: Dynamic", "Explanation"])
        .set_into_module(module, |value: Dynamic| document(&value_only(value)));
    rhai::FuncRegistration::new("sources")
        .with_comments(doc(SOURCES_DOC, SOURCES_EXAMPLE))
        .with_params_info(["x: Dynamic", "Array"])
        .set_into_module(module, |value: Dynamic| {
            Dynamic::from_array(value_only(value).sources_array())
        });
    module.register_type_with_name::<Document>("explanation");
    for name in ["to_string", "to_debug"] {
        rhai::FuncRegistration::new(name)
            .with_comments(doc(
                "The explanation's text, as the prompt shows it.",
                &format!("assert(explain(usd(5)).{name}().contains(\"5\"));"),
            ))
            .with_params_info(["e: &mut explanation", "String"])
            .set_into_module(module, |d: &mut Document| d.text.clone());
    }
}

/// Attaches the syntax to `engine`, over the session's FX table and recorded definitions.
pub fn attach(engine: &mut Engine, fx: &FxSession, definitions: &Definitions) {
    for (keyword, sources) in [
        (crate::explain::SYNTAX_KEYS[0], false),
        (crate::explain::SYNTAX_KEYS[1], true),
    ] {
        let fx = fx.clone();
        let definitions = definitions.clone();
        engine.register_custom_syntax_with_state_raw(
            keyword,
            parse_call,
            false,
            move |ctx: &mut EvalContext, inputs: &[Expression], _state: &Dynamic| {
                let explanation = explain(ctx, inputs, &fx, &definitions)?;
                Ok(if sources {
                    Dynamic::from_array(explanation.sources_array())
                } else {
                    Dynamic::from(document(&explanation))
                })
            },
        );
    }
    // A custom syntax's keyword is a keyword everywhere, so the syntax has a key of its own that
    // nobody types, and a call the session marked (`explain(`) is read as that key; the word
    // stays a plain name everywhere else (`describe(d).sources`, `#{explain: 1}`).
    let marks = definitions.clone();
    #[allow(deprecated)]
    engine.on_parse_token(move |token, pos, _| match token {
        rhai::Token::Identifier(word)
            if marks.is_call(pos.line().unwrap_or(0), pos.position().unwrap_or(0)) =>
        {
            match crate::explain::SYNTAX
                .iter()
                .position(|w| *w == word.as_str())
            {
                Some(i) => rhai::Token::Identifier(Box::new(crate::explain::SYNTAX_KEYS[i].into())),
                None => rhai::Token::Identifier(word),
            }
        }
        other => other,
    });
}

/// The explanation as the value scripts get: its text and JSON, written once.
fn document(explanation: &Explanation) -> Document {
    Document {
        text: explanation.text(),
        json: explanation.json(),
    }
}

/// `explain ( expr [, options] )`.
fn parse_call(
    symbols: &[ImmutableString],
    look_ahead: &str,
    _state: &mut Dynamic,
) -> Result<Option<ImmutableString>, ParseError> {
    let last = symbols.last().map(|s| s.as_str()).unwrap_or("");
    Ok(match last {
        "(" | "," => Some("$expr$".into()),
        "$expr$"
            if symbols.len() == 3
                && look_ahead == ","
                && symbols[0].as_str() == crate::explain::SYNTAX_KEYS[0] =>
        {
            Some(",".into())
        }
        "$expr$" => Some(")".into()),
        ")" => None,
        _ => Some("(".into()),
    })
}

/// The most levels of variables `explain` follows: each is traced recursively.
const MAX_DEPTH: usize = 64;

fn limits(ctx: &mut EvalContext, options: Option<&Expression>) -> RhaiResult<Limits> {
    let mut limits = Limits::default();
    let Some(options) = options else {
        return Ok(limits);
    };
    let at = options.position();
    let fail = |message: String| {
        let mut error = script_error(message);
        error.set_position(at);
        error
    };
    let value = options.eval_with_context(ctx)?;
    let Some(map) = value.read_lock::<Map>().map(|m| m.clone()) else {
        return Err(fail(
            "explain: the options are a map, e.g. explain(x, #{depth: 5, lines: 60})".into(),
        ));
    };
    for (key, v) in map {
        let n =
            v.as_int().ok().filter(|n| *n > 0).ok_or_else(|| {
                script_error(format!("explain: {key} must be a whole number above 0"))
            })? as usize;
        match key.as_str() {
            "depth" if n > MAX_DEPTH => {
                return Err(fail(format!(
                    "explain: depth {n} is more than {MAX_DEPTH} levels of variables; ask for at most {MAX_DEPTH}"
                )))
            }
            "depth" => {
                limits.depth = n;
                limits.lines = limits.lines.max(10 * n);
            }
            "lines" => limits.lines = n,
            other => {
                return Err(fail(format!(
                    "explain: unknown option {other:?} (known: depth, lines)"
                )))
            }
        }
    }
    Ok(limits)
}

fn explain(
    ctx: &mut EvalContext,
    inputs: &[Expression],
    fx: &FxSession,
    definitions: &Definitions,
) -> RhaiResult<Explanation> {
    let limits = limits(ctx, inputs.get(1))?;
    let mut tracer = Tracer::new(definitions, fx, limits);
    let (value, root) = tracer.trace(ctx, inputs[0].as_ref())?;
    if !matches!(root, Node::Leaf(_)) {
        // A whole row or table: its origin is a leaf of its own.
        let extra = match value.read_lock::<Table>().map(|t| t.clone()) {
            Some(t) => Some(tracer.rows_leaf(&t, None, "table", value.clone())),
            None => tracer.row_leaf(&value),
        };
        tracer.leaves.extend(extra);
    }
    let mut definitions = tracer.defined;
    definitions.reverse();
    Ok(Explanation {
        value,
        root,
        definitions,
        leaves: tracer.leaves,
        rates: tracer.rates,
        notes: tracer.notes,
        limits,
    })
}

/// `x.explain()`: only the value is known, so only a row or a table has an origin.
fn value_only(value: Dynamic) -> Explanation {
    let definitions = Definitions::default();
    let fx = FxSession::new();
    let mut tracer = Tracer::new(&definitions, &fx, Limits::default());
    let leaf = match value.read_lock::<Table>().map(|t| t.clone()) {
        Some(t) => Some(tracer.rows_leaf(&t, None, "table", value.clone())),
        None => tracer.row_leaf(&value),
    };
    let notes = if leaf.is_none() {
        vec!["only the value was given (x.explain()): write explain(x) so that its expression can be followed".to_string()]
    } else {
        Vec::new()
    };
    Explanation {
        root: match leaf {
            Some(_) => Node::Leaf(0),
            None => Node::Name("x".into()),
        },
        value,
        definitions: Vec::new(),
        leaves: leaf.into_iter().collect(),
        rates: tracer.rates,
        notes,
        limits: Limits::default(),
    }
}
