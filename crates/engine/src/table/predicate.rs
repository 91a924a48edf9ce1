//! `filter`'s native path: a closure that tests columns against constants
//! (`|r| r.amount > 5000`, `|r| r.country == "US" && r.amount >= min`) is recognised once from
//! its syntax tree and run over the typed columns of a loaded file, without a script value per
//! cell or a closure call per row. Only what cannot differ from the closure is taken: number
//! columns against numbers, text columns against text for `==`/`!=`, joined by `&&` and `||`,
//! on columns with no empty cell (where the closure would report the empty cell itself).
//! Anything else returns `None` and `filter` calls the closure.

use std::cmp::Ordering;

use rhai::{Dynamic, Expr, FnPtr, ImmutableString, NativeCallContext};
use rust_decimal::Decimal;

use super::columns::{NumberKind, Storage, EMPTY_TEXT};
use super::Table;
use crate::closures::Closure;

/// How a cell compares with the constant: `cell OP constant`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

impl Op {
    fn of(name: &str) -> Option<Op> {
        Some(match name {
            "<" => Op::Less,
            "<=" => Op::LessOrEqual,
            ">" => Op::Greater,
            ">=" => Op::GreaterOrEqual,
            "==" => Op::Equal,
            "!=" => Op::NotEqual,
            _ => return None,
        })
    }

    /// The same test with its sides swapped: `5000 < r.amount` is `r.amount > 5000`.
    fn swapped(self) -> Op {
        match self {
            Op::Less => Op::Greater,
            Op::LessOrEqual => Op::GreaterOrEqual,
            Op::Greater => Op::Less,
            Op::GreaterOrEqual => Op::LessOrEqual,
            same => same,
        }
    }

    fn holds(self, order: Ordering) -> bool {
        match self {
            Op::Less => order.is_lt(),
            Op::LessOrEqual => order.is_le(),
            Op::Greater => order.is_gt(),
            Op::GreaterOrEqual => order.is_ge(),
            Op::Equal => order.is_eq(),
            Op::NotEqual => order.is_ne(),
        }
    }
}

/// A recognised test of one row.
#[derive(Debug)]
enum Test {
    /// A number column's cell against a number.
    Number {
        column: usize,
        op: Op,
        value: Decimal,
    },
    /// A text column's cell equal (or not) to a text.
    Text {
        column: usize,
        equal: bool,
        value: ImmutableString,
    },
    All(Vec<Test>),
    Any(Vec<Test>),
}

/// The indices of the rows of `table` that `keep` keeps, computed without calling it when its
/// body is a recognised test; `None` when `filter` must call the closure.
pub(crate) fn kept_rows(
    ctx: &NativeCallContext,
    table: &Table,
    keep: &FnPtr,
) -> Option<Vec<usize>> {
    let storage = &table.rows;
    if !storage.is_typed() || !crate::closures::enabled() {
        return None;
    }
    let closure = Closure::read(ctx, keep, 1)?;
    let reader = Reader {
        closure: &closure,
        table,
    };
    let test = reader.test(&closure.expression()?)?;
    if !test.columns_are_full(storage) {
        return None;
    }
    let kept = test.mask(storage)?;
    crate::closures::count_run();
    Some((0..storage.len()).filter(|&i| kept[i]).collect())
}

struct Reader<'a> {
    closure: &'a Closure,
    table: &'a Table,
}

impl Reader<'_> {
    fn test(&self, expr: &Expr) -> Option<Test> {
        match expr {
            Expr::And(parts, _) => parts
                .iter()
                .map(|p| self.test(p))
                .collect::<Option<_>>()
                .map(Test::All),
            Expr::Or(parts, _) => parts
                .iter()
                .map(|p| self.test(p))
                .collect::<Option<_>>()
                .map(Test::Any),
            Expr::FnCall(call, _) if call.namespace.is_empty() && call.args.len() == 2 => {
                let op = Op::of(call.name.as_str())?;
                match (self.column(&call.args[0]), self.column(&call.args[1])) {
                    (Some(column), None) => self.compare(column, op, &call.args[1]),
                    (None, Some(column)) => self.compare(column, op.swapped(), &call.args[0]),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The column `r.name` reads, when `expr` is that on the row parameter.
    fn column(&self, expr: &Expr) -> Option<usize> {
        let Expr::Dot(dot, _, _) = expr else {
            return None;
        };
        let (Some(Ok(0)), Expr::Property(property, _)) = (self.closure.var(&dot.lhs), &dot.rhs)
        else {
            return None;
        };
        self.table
            .columns()
            .iter()
            .position(|c| *c == property.2.as_str())
    }

    fn compare(&self, column: usize, op: Op, constant: &Expr) -> Option<Test> {
        let value = match self.closure.var(constant) {
            Some(Err(captured)) => captured.clone(),
            Some(Ok(_)) => return None,
            None => constant.get_literal_value(None)?,
        };
        let storage = &self.table.rows;
        if storage.number_column(column).is_some() {
            let value = number(&value)?;
            return Some(Test::Number { column, op, value });
        }
        if storage.text_column(column).is_some() {
            let equal = match op {
                Op::Equal => true,
                Op::NotEqual => false,
                _ => return None,
            };
            let value = value.into_immutable_string().ok()?;
            return Some(Test::Text {
                column,
                equal,
                value,
            });
        }
        None
    }
}

/// A plain number (an integer or a decimal), as the script's comparisons take it.
fn number(value: &Dynamic) -> Option<Decimal> {
    match value.as_int() {
        Ok(i) => Some(Decimal::from(i)),
        Err(_) => value.as_decimal().ok(),
    }
}

impl Test {
    /// Whether every column the test reads has a value in every row: an empty cell is the
    /// closure's to report.
    fn columns_are_full(&self, storage: &Storage) -> bool {
        match self {
            Test::Number { column, .. } => storage
                .number_column(*column)
                .is_some_and(|(_, kinds)| !kinds.contains(&NumberKind::Empty)),
            Test::Text { column, .. } => storage
                .text_column(*column)
                .is_some_and(|(_, codes)| !codes.contains(&EMPTY_TEXT)),
            Test::All(parts) | Test::Any(parts) => {
                parts.iter().all(|p| p.columns_are_full(storage))
            }
        }
    }

    /// Whether each row passes.
    fn mask(&self, storage: &Storage) -> Option<Vec<bool>> {
        Some(match self {
            Test::Number { column, op, value } => {
                let (values, _) = storage.number_column(*column)?;
                values.iter().map(|v| op.holds(v.cmp(value))).collect()
            }
            Test::Text {
                column,
                equal,
                value,
            } => {
                let (texts, codes) = storage.text_column(*column)?;
                let passes: Vec<bool> = texts.iter().map(|t| (t == value) == *equal).collect();
                codes.iter().map(|&code| passes[code as usize]).collect()
            }
            Test::All(parts) | Test::Any(parts) => {
                let all = matches!(self, Test::All(_));
                let mut parts = parts.iter();
                let mut mask = parts.next()?.mask(storage)?;
                for part in parts {
                    for (m, p) in mask.iter_mut().zip(part.mask(storage)?) {
                        *m = if all { *m && p } else { *m || p };
                    }
                }
                mask
            }
        })
    }
}
