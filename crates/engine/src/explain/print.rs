//! Script text back from the syntax tree: a plain printer for the parts `explain` does not
//! trace (closures, blocks), and the renderer of a traced derivation, where figures read from
//! data become their letters (`convert(A, USD→CNY, 2024-12) / B`).

use rhai::{Expr, Stmt};

use super::Node;

/// Binding strength of a binary operator, for parentheses.
fn precedence(op: &str) -> u8 {
    match op {
        "||" | "??" => 1,
        "&&" => 2,
        "==" | "!=" | "<" | ">" | "<=" | ">=" | ".." | "..=" => 3,
        "+" | "-" => 4,
        "*" | "/" | "%" => 5,
        "**" => 6,
        _ => 7,
    }
}

/// Whether `op` is written between its operands.
pub fn is_operator(name: &str) -> bool {
    precedence(name) < 7
}

fn operand(text: String, child_op: Option<&str>, parent: &str, right: bool) -> String {
    match child_op {
        Some(child)
            if precedence(child) < precedence(parent)
                || (right
                    && precedence(child) == precedence(parent)
                    && !matches!(parent, "+" | "*")) =>
        {
            format!("({text})")
        }
        _ => text,
    }
}

fn binary(op: &str, args: [(String, Option<&str>); 2]) -> String {
    let [(left, left_op), (right, right_op)] = args;
    format!(
        "{} {op} {}",
        operand(left, left_op, op, false),
        operand(right, right_op, op, true)
    )
}

fn unary(op: &str, text: String, child_op: Option<&str>) -> String {
    match child_op {
        Some(_) => format!("{op}({text})"),
        None => format!("{op}{text}"),
    }
}

/// The operator at the top of a plain expression, if it is one.
fn top_operator(expr: &Expr) -> Option<&str> {
    match expr {
        Expr::FnCall(f, _) if f.op_token.is_some() && is_operator(&f.name) && f.args.len() == 2 => {
            Some(f.name.as_str())
        }
        Expr::And(..) => Some("&&"),
        Expr::Or(..) => Some("||"),
        _ => None,
    }
}

/// An expression as script text (spacing normalised).
pub fn plain(expr: &Expr) -> String {
    match expr {
        Expr::StringConstant(s, _) => format!("{:?}", s.as_str()),
        Expr::CharConstant(c, _) => format!("{c:?}"),
        Expr::Unit(_) => "()".into(),
        Expr::DynamicConstant(v, _) if v.is_fnptr() => "|…| …".into(),
        Expr::Variable(x, ..) => x.1.to_string(),
        Expr::ThisPtr(_) => "this".into(),
        Expr::Property(x, _) => x.2.to_string(),
        Expr::Array(items, _) => format!("[{}]", join(items.iter().map(plain))),
        Expr::Map(x, _) => format!(
            "#{{{}}}",
            join(x.0.iter().map(|(k, v)| format!("{}: {}", k.name, plain(v))))
        ),
        Expr::FnCall(f, _) | Expr::MethodCall(f, _) => {
            if f.name == "Fn" && f.args.len() == 1 {
                return "|…| …".into();
            }
            let args: Vec<(String, Option<&str>)> =
                f.args.iter().map(|a| (plain(a), top_operator(a))).collect();
            match (f.op_token.is_some() && is_operator(&f.name), args.len()) {
                (true, 2) => {
                    let [a, b]: [(String, Option<&str>); 2] = args.try_into().expect("two");
                    binary(&f.name, [a, b])
                }
                (_, 1) if f.op_token.is_some() => {
                    let (text, op) = args.into_iter().next().expect("one");
                    unary(&f.name, text, op)
                }
                _ => format!("{}({})", f.name, join(args.into_iter().map(|(t, _)| t))),
            }
        }
        Expr::Dot(x, ..) => format!("{}.{}", plain(&x.lhs), plain(&x.rhs)),
        Expr::Index(x, ..) => format!("{}[{}]", plain(&x.lhs), plain(&x.rhs)),
        Expr::And(items, _) => join_with(items.iter(), " && "),
        Expr::Or(items, _) => join_with(items.iter(), " || "),
        Expr::Coalesce(items, _) => join_with(items.iter(), " ?? "),
        Expr::InterpolatedString(..) => "`…`".into(),
        Expr::Stmt(block) => match block.statements() {
            [Stmt::Expr(e)] => format!("{{ {} }}", plain(e)),
            _ => "{ … }".into(),
        },
        other => other
            .get_literal_value(None)
            .map(|v| crate::value::to_exact_text(&v))
            .unwrap_or_else(|| "…".into()),
    }
}

fn join_with<'a>(items: impl Iterator<Item = &'a Expr>, separator: &str) -> String {
    items.map(plain).collect::<Vec<_>>().join(separator)
}

fn join(items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// A traced derivation as text, with `letter(i)` for leaf `i` and `rate(i)` for rate `i`.
pub fn render(
    node: &Node,
    letter: &dyn Fn(usize) -> String,
    rate: &dyn Fn(usize) -> String,
) -> String {
    render_op(node, letter, rate).0
}

fn render_op<'n>(
    node: &'n Node,
    letter: &dyn Fn(usize) -> String,
    rate: &dyn Fn(usize) -> String,
) -> (String, Option<&'n str>) {
    let text = |n: &'n Node| render_op(n, letter, rate);
    match node {
        Node::Leaf(i) => (letter(*i), None),
        Node::Typed(t) | Node::Name(t) | Node::Var(t) | Node::Text(t) => (t.clone(), None),
        Node::Op { op, args } if args.len() == 2 => {
            let (a, b) = (text(&args[0]), text(&args[1]));
            (binary(op, [a, b]), Some(op.as_str()))
        }
        Node::Op { op, args } => {
            let (t, child) = args.first().map(text).unwrap_or_default();
            (unary(op, t, child), None)
        }
        Node::Call { name, args } => (
            format!("{name}({})", join(args.iter().map(|a| text(a).0))),
            None,
        ),
        Node::Method { object, name, args } => (
            format!(
                "{}.{name}({})",
                text(object).0,
                join(args.iter().map(|a| text(a).0))
            ),
            None,
        ),
        Node::Property { object, name } => (format!("{}.{name}", text(object).0), None),
        Node::Index { object, index } => (format!("{}[{}]", text(object).0, text(index).0), None),
        Node::Array(items) => (format!("[{}]", join(items.iter().map(|a| text(a).0))), None),
        Node::Convert {
            name,
            amount,
            rate: r,
        } => (format!("{name}({}, {})", text(amount).0, rate(*r)), None),
    }
}

/// Every typed-in value of a derivation, in order of appearance.
pub fn typed<'n>(node: &'n Node, out: &mut Vec<&'n str>) {
    match node {
        Node::Typed(t) => out.push(t),
        Node::Leaf(_) | Node::Name(_) | Node::Var(_) | Node::Text(_) => {}
        Node::Op { args, .. } | Node::Call { args, .. } | Node::Array(args) => {
            args.iter().for_each(|a| typed(a, out))
        }
        Node::Method { object, args, .. } => {
            typed(object, out);
            args.iter().for_each(|a| typed(a, out));
        }
        Node::Property { object, .. } => typed(object, out),
        Node::Index { object, index } => {
            typed(object, out);
            typed(index, out);
        }
        Node::Convert { amount, .. } => typed(amount, out),
    }
}
