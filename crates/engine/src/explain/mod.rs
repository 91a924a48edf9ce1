//! Provenance: `explain(x)` and `sources(x)`. Figures carry nothing; a table keeps where its
//! rows were read (`table::Origin`: a dataset's rows, a file's lines, a sheet's cells) and the
//! step that made them from another table (a conversion with each row's rate, a computed
//! column, a selection), and a row taken out of a table keeps that table; so provenance costs
//! next to nothing where it is not asked for. The expression given to `explain` is traced when
//! it is asked: evaluated node by node (`trace`), where a cell read from a row becomes a
//! lettered figure with its row, references and hedge (followed back through the steps that
//! made it), a conversion records its rate and where the rate came from, a call of a script
//! function is followed through its body (`body`), literals are "typed in", and a variable is
//! expanded into the statement that defined it (`Definitions`, kept by the session for every
//! top-level `let`), once its definition is checked to still give the variable's value.

mod body;
pub mod definitions;
mod effects;
pub mod origin;
pub mod print;
pub mod trace;

use std::fmt::Write as _;

use rhai::{Array, Dynamic, Map};
use rust_decimal::Decimal;
use whatif_core::datasets::provenance::SourceRef;
use whatif_core::fx::{FxRow, FxSource, Period};

use crate::text::json_string;

pub use definitions::{Definitions, SYNTAX, SYNTAX_KEYS};

/// The variable the prompt keeps its last result in, shown to people as `_`.
pub const LAST_RESULT: &str = "_last";

/// A traced derivation: the shape of the expression, with what each part stands for.
#[derive(Debug, Clone)]
pub enum Node {
    /// A figure, aggregate, row or table whose origin is known: `leaves[i]`.
    Leaf(usize),
    /// A value typed into the script (`0.08`, `usd(5)`).
    Typed(String),
    /// Text that names something (a column, a dataset, a string argument).
    Name(String),
    /// A variable whose defining expression is among the definitions.
    Var(String),
    /// Script text not traced further (a closure, a block).
    Text(String),
    Op {
        op: String,
        args: Vec<Node>,
    },
    Call {
        name: String,
        args: Vec<Node>,
    },
    Method {
        object: Box<Node>,
        name: String,
        args: Vec<Node>,
    },
    Property {
        object: Box<Node>,
        name: String,
    },
    Index {
        object: Box<Node>,
        index: Box<Node>,
    },
    Array(Vec<Node>),
    /// A conversion of `amount` at `rates[rate]`.
    Convert {
        name: String,
        amount: Box<Node>,
        rate: usize,
    },
}

/// What a leaf is: where its value was read.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub kind: LeafKind,
    pub value: Dynamic,
    /// `pledges · pledge-2024 · amount`, `sum of amount over 3 rows of funding_totals: …`.
    pub what: String,
    pub dataset: Option<String>,
    pub file: Option<String>,
    /// Row ids (datasets) or file lines, for the JSON tree.
    pub rows: Vec<String>,
    pub column: Option<String>,
    pub sources: Vec<SourceRef>,
    /// Hedged figures among those behind the leaf: `(row or column, word, meaning)`.
    pub hedges: Vec<(String, String, String)>,
    /// Why the origin is not known, for a value that could not be traced.
    pub untraced: Option<String>,
    /// For an aggregate over a table the script selected: the selection (`t.filter(…)`).
    pub selection: Option<String>,
    /// The column's unit, when it is a word (`jobs`, `years`), shown after the value.
    pub unit: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafKind {
    /// One cell of a dataset row.
    Figure,
    /// One cell of a row loaded from a file.
    FileCell,
    /// An aggregate or column over rows.
    Rows,
    /// A whole row.
    Row,
    /// A whole table.
    Table,
    /// A value computed earlier whose derivation is not known.
    Untraced,
}

impl LeafKind {
    fn word(self) -> &'static str {
        match self {
            LeafKind::Figure => "dataset",
            LeafKind::FileCell => "file",
            LeafKind::Rows => "rows",
            LeafKind::Row => "row",
            LeafKind::Table => "table",
            LeafKind::Untraced => "untraced",
        }
    }
}

/// A conversion's rate: the pair, the period, the rate and the FX table rows behind it.
#[derive(Debug, Clone)]
pub struct RateUse {
    pub from: String,
    pub to: String,
    pub period: String,
    pub rate: Decimal,
    pub rows: Vec<FxRow>,
    /// Set when the rate is not one of the period asked for (a month without a published
    /// average, answered by the ECB's mean or by a rate set for its year): what answered.
    pub other: Option<String>,
}

/// What answered instead, when the rows behind a rate are not of the period asked for from
/// the source asked for: a rate set for the enclosing year, or the ECB's mean for a month or
/// year that fx_rates publishes no average for.
pub(crate) fn other_period(asked: Period, rows: &[FxRow], source: FxSource) -> Option<String> {
    if let Some(row) = rows
        .iter()
        .find(|r| r.period != asked && !r.id.starts_with("ECB-"))
    {
        return Some(format!(
            "it is the {} rate ({}): no rate is published or set for {asked} itself",
            row.period,
            if row.source == whatif_core::fx::SET_IN_SESSION {
                "set by you with set_fx".to_string()
            } else {
                row.source.clone()
            }
        ));
    }
    let ecb = !rows.is_empty() && rows.iter().all(|r| r.id.starts_with("ECB-"));
    if ecb && source != FxSource::Ecb && !matches!(asked, Period::Day(..)) {
        return Some(format!(
            "it is the mean of the ECB's daily rates of {asked}: fx_rates publishes no {asked} \
             average for this pair"
        ));
    }
    None
}

impl RateUse {
    /// `USD→CNY, 2024-12`: how the expression shows the rate.
    pub fn short(&self) -> String {
        format!("{}→{}, {}", self.from, self.to, self.period)
    }

    /// The rate as the table publishes it: `7.2807`, or for the other direction
    /// `1 / 7.189 (1 USD = 7.189 CNY)`; a cross through USD to 6 significant digits.
    pub fn shown(&self) -> String {
        match self.rows.as_slice() {
            // An ECB rate crossed through EUR or a mean: its inputs are in the source text.
            [row] if row.id.starts_with("ECB-") => whatif_core::display::display_decimal(
                row.rate,
                whatif_core::display::Digits::Significant(9),
            ),
            [row] if row.base == self.from => row.rate.normalize().to_string(),
            [row] => format!(
                "1 / {} (1 {} = {} {})",
                row.rate.normalize(),
                row.base,
                row.rate.normalize(),
                row.quote
            ),
            _ => format!(
                "{} (through USD)",
                whatif_core::display::display_decimal(
                    self.rate,
                    whatif_core::display::Digits::Significant(6)
                )
            ),
        }
    }

    fn set_by_user(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.source == whatif_core::fx::SET_IN_SESSION)
    }

    fn source_text(&self) -> String {
        self.rows
            .iter()
            .map(|r| {
                let from = if r.source == whatif_core::fx::SET_IN_SESSION {
                    "set by you with set_fx in this session".to_string()
                } else {
                    format!("fx_rates · {}", r.source)
                };
                if self.rows.len() > 1 {
                    format!("1 {} = {} {} ({from})", r.base, r.rate.normalize(), r.quote)
                } else {
                    from
                }
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// How much `explain` writes.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Levels of variable definitions expanded.
    pub depth: usize,
    /// Lines of text at most (the value line included).
    pub lines: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 3,
            lines: 30,
        }
    }
}

/// The result of `explain(x)`: a script value that prints as the derivation and writes itself
/// as a JSON tree under `--format json`.
#[derive(Debug, Clone)]
pub struct Explanation {
    pub value: Dynamic,
    pub root: Node,
    pub definitions: Vec<(String, Node)>,
    pub leaves: Vec<Leaf>,
    pub rates: Vec<RateUse>,
    pub notes: Vec<String>,
    pub limits: Limits,
}

/// `A`…`Z`, then `AA`, `AB`…
pub fn letter(i: usize) -> String {
    let mut n = i;
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn value_text(value: &Dynamic) -> String {
    if let Ok(i) = value.as_int() {
        // Counts of jobs or companies read better grouped; years and small counts do not.
        return if i.abs() >= 10_000 {
            whatif_core::decimal::group_thousands(&i.to_string())
        } else {
            i.to_string()
        };
    }
    if let Some(t) = value.read_lock::<crate::table::Table>() {
        return format!(
            "a table of {}",
            crate::messages::count(t.len(), "row", "rows")
        );
    }
    if value.is::<crate::table::TableRow>() {
        return "a row".into();
    }
    let text = crate::value::to_text(value);
    let first = text.lines().next().unwrap_or("");
    if text.lines().count() > 1 || first.chars().count() > 60 {
        let short: String = first.chars().take(57).collect();
        format!("{short}…")
    } else {
        first.to_string()
    }
}

impl Explanation {
    /// The sources behind every leaf and rate, each once, numbered references first.
    pub fn sources(&self) -> Vec<(SourceRef, Vec<String>)> {
        let mut out: Vec<(SourceRef, Vec<String>)> = Vec::new();
        let mut add =
            |source: SourceRef, by: String| match out.iter_mut().find(|(s, _)| *s == source) {
                Some((_, users)) => {
                    if !users.contains(&by) {
                        users.push(by)
                    }
                }
                None => out.push((source, vec![by])),
            };
        for leaf in &self.leaves {
            for s in &leaf.sources {
                add(s.clone(), leaf.what.clone());
            }
        }
        for rate in &self.rates {
            for row in &rate.rows {
                add(
                    SourceRef::other(if row.source == whatif_core::fx::SET_IN_SESSION {
                        format!(
                            "set_fx in this session: 1 {} = {} {}",
                            row.base,
                            row.rate.normalize(),
                            row.quote
                        )
                    } else {
                        format!("fx_rates: {}", row.source)
                    }),
                    format!("{}→{} {}", row.base, row.quote, row.period),
                );
            }
        }
        out.sort_by_key(|(s, _)| (s.number.is_none(), s.number));
        out
    }

    /// `sources(x)`: one map per source, for footnotes.
    pub fn sources_array(&self) -> Array {
        self.sources()
            .into_iter()
            .map(|(source, users)| {
                let mut map = Map::new();
                map.insert(
                    "number".into(),
                    source
                        .number
                        .map_or(Dynamic::UNIT, |n| Dynamic::from_int(n as i64)),
                );
                map.insert(
                    "url".into(),
                    source
                        .url()
                        .map_or(Dynamic::UNIT, |u| Dynamic::from(u.to_string())),
                );
                map.insert("text".into(), Dynamic::from(source.footnote()));
                map.insert(
                    "figures".into(),
                    Dynamic::from_array(users.into_iter().map(Dynamic::from).collect()),
                );
                Dynamic::from_map(map)
            })
            .collect()
    }

    fn render(&self, node: &Node) -> String {
        print::render(node, &|i| letter(i), &|r| self.rates[r].short())
    }

    fn typed(&self) -> Vec<String> {
        let mut all = Vec::new();
        print::typed(&self.root, &mut all);
        for (_, node) in &self.definitions {
            print::typed(node, &mut all);
        }
        let mut out: Vec<String> = Vec::new();
        for t in all {
            if !out.iter().any(|o| o == t) {
                out.push(t.to_string());
            }
        }
        out
    }

    fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (i, leaf) in self.leaves.iter().enumerate() {
            let label = letter(i);
            match (leaf.kind, leaf.hedges.as_slice()) {
                (_, []) => {}
                (LeafKind::Figure | LeafKind::FileCell, [(_, word, meaning)]) => out.push(format!(
                    "{label} is hedged in the article: \"{word}\" ({meaning})"
                )),
                (_, hedges) => out.push(format!(
                    "{label} rests on {} hedged in the article: {}",
                    crate::messages::count(hedges.len(), "figure", "figures"),
                    hedges
                        .iter()
                        .take(6)
                        .map(|(at, word, _)| format!("{at} \"{word}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                        + if hedges.len() > 6 { ", …" } else { "" }
                )),
            }
            if let Some(why) = &leaf.untraced {
                out.push(format!("{label} is not traced: {why}"));
            }
        }
        for rate in &self.rates {
            if let Some(other) = &rate.other {
                out.push(format!("rate {}: {other}", rate.short()));
            }
        }
        out.extend(self.notes.iter().cloned());
        out
    }

    /// The derivation as a person reads it, at most `limits.lines` lines.
    pub fn text(&self) -> String {
        let mut lines: Vec<String> = vec![value_text(&self.value)];
        let root = self.render(&self.root);
        let is_leaf = matches!(self.root, Node::Leaf(_) | Node::Var(_));
        if !is_leaf && root != lines[0] {
            lines.push(format!("  = {root}"));
        }
        for (name, node) in &self.definitions {
            lines.push(format!("  {name} = {}", self.render(node)));
        }
        let shown: Vec<String> = self
            .leaves
            .iter()
            .map(|l| match l.kind {
                LeafKind::Table => "table".to_string(),
                LeafKind::Row => "row".to_string(),
                _ => match &l.unit {
                    Some(unit) => format!("{} {unit}", value_text(&l.value)),
                    None => value_text(&l.value),
                },
            })
            .collect();
        let width = shown.iter().map(|s| s.chars().count()).max().unwrap_or(0);
        let what_width = self
            .leaves
            .iter()
            .map(|l| l.what.chars().count())
            .max()
            .unwrap_or(0)
            .min(60);
        let mut leaf_lines: Vec<String> = Vec::new();
        for (i, leaf) in self.leaves.iter().enumerate() {
            let refs: Vec<String> = leaf.sources.iter().map(SourceRef::short).collect();
            let mut line = format!(
                "  {:<3}{:<width$}  {:<what_width$}",
                letter(i),
                shown[i],
                leaf.what
            );
            if !refs.is_empty() {
                let _ = write!(line, "  {}", dedup(refs).join(" "));
            }
            leaf_lines.push(line.trim_end().to_string());
            if let Some(selection) = &leaf.selection {
                leaf_lines.push(format!("     rows of {selection}"));
            }
        }
        for rate in &self.rates {
            leaf_lines.push(format!(
                "  rate {} = {}   {}",
                rate.short(),
                rate.shown(),
                rate.source_text()
            ));
        }
        let typed = self.typed();
        let mut tail: Vec<String> = Vec::new();
        if !typed.is_empty() {
            tail.push(format!("  typed in: {}", typed.join(", ")));
        }
        let footnotes: Vec<String> = self
            .sources()
            .into_iter()
            .filter(|(s, _)| {
                s.number.is_some()
                    || s.text.starts_with("article")
                    || s.text.starts_with("reported")
            })
            .map(|(s, _)| format!("    {}", s.footnote()))
            .collect();
        if !footnotes.is_empty() {
            tail.push("  sources:".into());
            tail.extend(footnotes);
        }
        tail.extend(
            self.warnings()
                .into_iter()
                .map(|w| format!("  warning: {w}")),
        );
        // Figures first; what does not fit is counted, never cut mid-list silently.
        let room = self
            .limits
            .lines
            .saturating_sub(lines.len() + tail.len())
            .max(3);
        if leaf_lines.len() > room {
            let hidden = leaf_lines.len() - (room - 1);
            leaf_lines.truncate(room - 1);
            leaf_lines.push(format!(
                "  … {hidden} more figures and rates (explain(x, #{{lines: {}}}) shows them all)",
                self.limits.lines + hidden
            ));
        }
        lines.extend(leaf_lines);
        lines.extend(tail);
        if lines.len() > self.limits.lines.max(8) {
            let hidden = lines.len() - self.limits.lines.max(8) + 1;
            lines.truncate(self.limits.lines.max(8) - 1);
            lines.push(format!(
                "  … {hidden} more lines (explain(x, #{{lines: N}}) shows more)"
            ));
        }
        lines.join("\n")
    }

    /// The same derivation as data: value, expression, definitions, figures, rates, typed
    /// values, warnings and sources.
    pub fn json(&self) -> String {
        let strings = |items: &[String]| -> String {
            format!(
                "[{}]",
                items
                    .iter()
                    .map(|s| json_string(s))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        let opt = |s: &Option<String>| s.as_deref().map_or("null".to_string(), json_string);
        let leaves: Vec<String> = self
            .leaves
            .iter()
            .enumerate()
            .map(|(i, l)| {
                format!(
                    "{{\"label\":{},\"kind\":{},\"unit\":{},\"value\":{},\"text\":{},\"what\":{},\"dataset\":{},\"file\":{},\"rows\":{},\"column\":{},\"sources\":{},\"hedges\":[{}],\"untraced\":{}}}",
                    json_string(&letter(i)),
                    json_string(l.kind.word()),
                    opt(&l.unit),
                    crate::value::to_json(&plain_value(&l.value)),
                    json_string(&value_text(&l.value)),
                    json_string(&l.what),
                    opt(&l.dataset),
                    opt(&l.file),
                    strings(&l.rows),
                    opt(&l.column),
                    strings(&l.sources.iter().map(SourceRef::footnote).collect::<Vec<_>>()),
                    l.hedges
                        .iter()
                        .map(|(at, w, m)| format!(
                            "{{\"at\":{},\"word\":{},\"meaning\":{}}}",
                            json_string(at),
                            json_string(w),
                            json_string(m)
                        ))
                        .collect::<Vec<_>>()
                        .join(","),
                    opt(&l.untraced),
                )
            })
            .collect();
        let rates: Vec<String> = self
            .rates
            .iter()
            .map(|r| {
                format!(
                    "{{\"from\":{},\"to\":{},\"period\":{},\"rate\":{},\"set_by_user\":{},\"source\":{},\"other_period\":{}}}",
                    json_string(&r.from),
                    json_string(&r.to),
                    json_string(&r.period),
                    crate::text::decimal_json(r.rate),
                    r.set_by_user(),
                    json_string(&r.source_text()),
                    opt(&r.other)
                )
            })
            .collect();
        let definitions: Vec<String> = self
            .definitions
            .iter()
            .map(|(name, node)| {
                format!(
                    "{{\"name\":{},\"expression\":{}}}",
                    json_string(name),
                    json_string(&self.render(node))
                )
            })
            .collect();
        let sources: Vec<String> = self
            .sources()
            .into_iter()
            .map(|(s, users)| {
                format!(
                    "{{\"number\":{},\"url\":{},\"text\":{},\"figures\":{}}}",
                    s.number.map_or("null".into(), |n| n.to_string()),
                    s.url().map_or("null".into(), json_string),
                    json_string(&s.footnote()),
                    strings(&users)
                )
            })
            .collect();
        format!(
            "{{\"value\":{},\"text\":{},\"expression\":{},\"definitions\":[{}],\"figures\":[{}],\"rates\":[{}],\"typed\":{},\"warnings\":{},\"sources\":[{}]}}",
            crate::value::to_json(&plain_value(&self.value)),
            json_string(&value_text(&self.value)),
            json_string(&self.render(&self.root)),
            definitions.join(","),
            leaves.join(","),
            rates.join(","),
            strings(&self.typed()),
            strings(&self.warnings()),
            sources.join(",")
        )
    }
}

/// Tables are described rather than written out inside an explanation's JSON.
fn plain_value(value: &Dynamic) -> Dynamic {
    if value.is::<crate::table::Table>() {
        Dynamic::from(value_text(value))
    } else {
        value.clone()
    }
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
