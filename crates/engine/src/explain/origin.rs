//! Where a traced value comes from, read from the tables' own provenance (`table::Origin` and
//! the `Step`s that made their rows), never guessed from cell values: a dataset figure or a
//! file cell (by the row's position in the table it was read into), a cell a conversion or a
//! computed column made (followed back through the step to the row it was made from, with
//! the rate each row used), the rows behind an aggregate or a table, a whole row.

use std::collections::HashMap;
use std::rc::Rc;

use rhai::{Dynamic, EvalContext};
use whatif_core::datasets::provenance::{self, SourceRef};
use whatif_core::datasets::Dataset;

use super::trace::Tracer;
use super::{Leaf, LeafKind, Node};
use crate::numbers::RhaiResult;
use crate::table::{How, Row, Step, Table, TableRow, UsedRate, NOT_FROM_SOURCE, NO_RATE};

/// Where one cell came from.
enum CellFrom {
    Dataset(&'static Dataset, usize, String),
    /// A file, the cell's place in it (`line 3`, `Deals!B7`) and its column.
    File(String, String, String),
    /// Converted at a rate from the cell it was made from: that cell's origin (when known) and
    /// value, and the rate.
    Converted(Option<Box<CellFrom>>, Dynamic, usize),
    /// Computed by a closure from a row of the table before.
    Computed(rhai::FnPtr, TableRow),
}

fn key(row: &Row) -> *const Dynamic {
    Rc::as_ptr(row) as *const Dynamic
}

impl Tracer<'_> {
    /// The rate a table conversion used for one row, recorded once.
    fn record_used(&mut self, used: &UsedRate) -> Option<usize> {
        self.record_quote(&used.from, &used.to, used.period, &used.quote, used.source)
    }

    /// Where cell `column` of `row` (the shared cells of a row of `table`) came from, followed
    /// back through the steps that made the table.
    /// `at` is the row's position in `table` when known (a row taken from typed columns is
    /// built alone, so only its position finds it); the rows of the tables before are found by
    /// identity.
    fn cell_from(
        &mut self,
        table: &Table,
        row: &Row,
        column: &str,
        mut at: Option<usize>,
    ) -> Option<CellFrom> {
        let (mut table, mut row, mut column) = (table.clone(), row.clone(), column.to_string());
        while let Some(step) = table.made() {
            let k = position_in_step(&table, step, at.take(), &row)?;
            let before = step.input.rows().get(k)?.clone();
            match &step.how {
                How::Columns(names) => {
                    column = names.iter().find(|(now, _)| *now == column)?.1.clone();
                }
                How::Converted {
                    column: converted,
                    currency,
                    quotes,
                    rows,
                } => {
                    if *converted == column {
                        let at = step.input.column_index(&column).ok()?;
                        let inner = self.cell_from(&step.input, &before, &column, Some(k));
                        return match rows.get(k).copied().filter(|&q| q != NO_RATE) {
                            Some(q) => {
                                let rate = self.record_used(&quotes[q as usize])?;
                                let value = before[at].clone();
                                Some(CellFrom::Converted(inner.map(Box::new), value, rate))
                            }
                            None => inner,
                        };
                    }
                    // The currency column follows the conversion: not the source's code.
                    if currency.as_deref() == Some(column.as_str()) {
                        return None;
                    }
                }
                How::Computed {
                    column: computed,
                    f,
                } if *computed == column => {
                    let columns = Rc::new(step.input.columns().to_vec());
                    let input = Rc::new(step.input.clone());
                    let row = TableRow::new(columns, before).taken_from(&input, k);
                    return Some(CellFrom::Computed(f.clone(), row));
                }
                How::Computed { .. } => {}
            }
            let input = step.input.clone();
            table = input;
            row = before;
        }
        let i = match at {
            Some(i) => i,
            None => table.position_of(&row)?,
        };
        let origin = table.origin()?;
        let at = origin.lines.get(i).filter(|&l| l != NOT_FROM_SOURCE)?;
        match origin.dataset {
            Some(dataset) => {
                dataset.cell(at as usize, &column)?;
                Some(CellFrom::Dataset(dataset, at as usize, column))
            }
            None => Some(CellFrom::File(
                origin.file.clone(),
                origin.cell(i, &column)?,
                column,
            )),
        }
    }

    /// The node for cell `column` (holding `value`) of `row`, a row taken from its table or
    /// from `table` (the last table of the chain it was read in); `None` when its origin is
    /// not known.
    pub(super) fn cell_node(
        &mut self,
        ctx: &mut EvalContext,
        row: &Dynamic,
        column: &str,
        value: &Dynamic,
        table: Option<&Table>,
    ) -> RhaiResult<Option<Node>> {
        let Some(row) = row.read_lock::<TableRow>().map(|r| r.clone()) else {
            return Ok(None);
        };
        let from = match row.source() {
            Some((t, cells, i)) => self.cell_from(t, cells, column, Some(i)),
            None => table.and_then(|t| self.cell_from(t, row.shared_cells(), column, None)),
        };
        match from {
            Some(from) => self.node_of(ctx, from, value),
            None => Ok(None),
        }
    }

    fn node_of(
        &mut self,
        ctx: &mut EvalContext,
        from: CellFrom,
        value: &Dynamic,
    ) -> RhaiResult<Option<Node>> {
        Ok(Some(match from {
            CellFrom::Dataset(dataset, index, column) => {
                let leaf = figure_leaf(dataset, index, &column, value);
                self.push_leaf(leaf)
            }
            CellFrom::File(file, place, column) => {
                let leaf = Leaf {
                    kind: LeafKind::FileCell,
                    value: value.clone(),
                    what: format!("{file}, {place} · {column}"),
                    dataset: None,
                    file: Some(file.clone()),
                    rows: vec![place],
                    column: Some(column),
                    sources: vec![SourceRef::other(format!("file {file}"))],
                    hedges: Vec::new(),
                    untraced: None,
                    selection: None,
                    unit: None,
                };
                self.push_leaf(leaf)
            }
            CellFrom::Converted(inner, before, rate) => {
                let traced = match inner {
                    Some(inner) => self.node_of(ctx, *inner, &before)?,
                    None => None,
                };
                let amount =
                    traced.unwrap_or_else(|| Node::Typed(crate::value::to_exact_text(&before)));
                Node::Convert {
                    name: "convert".into(),
                    amount: Box::new(amount),
                    rate,
                }
            }
            CellFrom::Computed(f, row) => {
                match self.through_closure(ctx, &f, Dynamic::from(row), value)? {
                    Some(node) => node,
                    None => return Ok(None),
                }
            }
        }))
    }

    /// The leaf for an aggregate (or a whole table, `column` None) over `table`'s rows: each
    /// row followed back to the rows it was made from, the rates its conversions used
    /// recorded.
    pub fn rows_leaf(
        &mut self,
        table: &Table,
        column: Option<&str>,
        how: &str,
        value: Dynamic,
    ) -> Leaf {
        let (base, positions, base_column) = self.base_rows(table, column);
        let mut datasets: Vec<String> = Vec::new();
        let mut rows: Vec<String> = Vec::new();
        let mut sources: Vec<SourceRef> = Vec::new();
        let mut hedges = Vec::new();
        let mut unknown = 0usize;
        let origin = base.origin();
        for at in &positions {
            let line = at
                .and_then(|i| origin.and_then(|o| o.lines.get(i)))
                .filter(|&l| l != NOT_FROM_SOURCE);
            match (line, origin.and_then(|o| o.dataset)) {
                (Some(index), Some(dataset)) => {
                    let index = index as usize;
                    let id = dataset_id(dataset, index);
                    if !datasets.contains(&dataset.name) {
                        datasets.push(dataset.name.clone());
                    }
                    for s in provenance::row_sources(dataset, index) {
                        if !sources.contains(&s) {
                            sources.push(s);
                        }
                    }
                    match column {
                        Some(_) => {
                            let hedge = base_column
                                .as_deref()
                                .and_then(|c| provenance::hedge(dataset, index, c));
                            if let Some(h) = hedge {
                                hedges.push((id.clone(), h.word, h.meaning));
                            }
                        }
                        None => hedges.extend(
                            provenance::row_hedges(dataset, index)
                                .into_iter()
                                .map(|(c, h)| (format!("{id}.{c}"), h.word, h.meaning)),
                        ),
                    }
                    rows.push(id);
                }
                (Some(line), None) => rows.push(format!("line {line}")),
                (None, _) => unknown += 1,
            }
        }
        let file = origin
            .filter(|o| o.dataset.is_none())
            .map(|o| o.file.clone());
        if let Some(f) = &file {
            sources.push(SourceRef::other(format!("file {f}")));
        }
        let from = match (datasets.as_slice(), &file) {
            ([], Some(f)) => f.clone(),
            ([], None) => "a table built in the script".to_string(),
            (names, _) => names.join(", "),
        };
        let shown = 5 * self.limits.depth.saturating_sub(2).max(1);
        let mut listed: Vec<String> = rows.iter().take(shown).cloned().collect();
        if rows.len() > shown {
            listed.push(format!("… {} more", rows.len() - shown));
        }
        let n = crate::messages::count(table.len(), "row", "rows");
        let what = match column {
            Some(c) if how == "column" => format!("{c} of {n} of {from}: {}", listed.join(", ")),
            Some(c) => format!("{how} of {c} over {n} of {from}: {}", listed.join(", ")),
            None => format!("{n} of {from}: {}", listed.join(", ")),
        };
        Leaf {
            kind: if column.is_some() {
                LeafKind::Rows
            } else {
                LeafKind::Table
            },
            value,
            what: what.trim_end_matches(": ").to_string(),
            dataset: (datasets.len() == 1).then(|| datasets[0].clone()),
            file,
            rows,
            column: column.map(str::to_string),
            sources,
            hedges,
            untraced: match (column, &base_column) {
                (Some(c), None) => Some(format!(
                    "{c} was computed for each row by a closure (add_column)"
                )),
                (Some(_), _) if unknown > 0 => Some(format!(
                    "{} of its rows were built in the script",
                    crate::messages::count(unknown, "row", "rows")
                )),
                _ => None,
            },
            selection: None,
            unit: None,
        }
    }

    /// `table`'s rows followed back through the steps that made them: the table they were
    /// read into, each row's position there (`None` when not known), and the column of that
    /// table the aggregated column came from (`None` when a closure computed it). The rates
    /// conversions used on the way are recorded.
    fn base_rows(
        &mut self,
        table: &Table,
        column: Option<&str>,
    ) -> (Table, Vec<Option<usize>>, Option<String>) {
        let mut current = table.clone();
        let mut rows: Vec<Option<Row>> = current.rows().iter().cloned().map(Some).collect();
        let mut column = column.map(str::to_string);
        let whole = column.is_none();
        while let Some(step) = current.made() {
            let index: HashMap<*const Dynamic, usize> = step
                .output
                .rows()
                .iter()
                .enumerate()
                .map(|(k, r)| (key(r), k))
                .collect();
            let ks: Vec<Option<usize>> = rows
                .iter()
                .map(|r| r.as_ref().and_then(|r| index.get(&key(r)).copied()))
                .collect();
            match &step.how {
                How::Columns(names) => {
                    column = column.and_then(|c| {
                        names
                            .iter()
                            .find(|(now, _)| *now == c)
                            .map(|(_, was)| was.clone())
                    });
                }
                How::Converted {
                    column: converted,
                    quotes,
                    rows: used,
                    ..
                } if whole || column.as_deref() == Some(converted.as_str()) => {
                    let mut seen = vec![false; quotes.len()];
                    for k in ks.iter().flatten() {
                        match used.get(*k).copied() {
                            Some(q) if q != NO_RATE && !seen[q as usize] => {
                                seen[q as usize] = true;
                                self.record_used(&quotes[q as usize]);
                            }
                            _ => {}
                        }
                    }
                }
                How::Computed {
                    column: computed, ..
                } if column.as_deref() == Some(computed.as_str()) => column = None,
                _ => {}
            }
            rows = ks
                .iter()
                .map(|k| k.and_then(|k| step.input.rows().get(k).cloned()))
                .collect();
            let input = step.input.clone();
            current = input;
        }
        let index: HashMap<*const Dynamic, usize> = current
            .rows()
            .iter()
            .enumerate()
            .map(|(i, r)| (key(r), i))
            .collect();
        let positions = rows
            .iter()
            .map(|r| r.as_ref().and_then(|r| index.get(&key(r)).copied()))
            .collect();
        (current, positions, column)
    }

    /// The leaf for a whole row taken from a table.
    pub fn row_leaf(&self, value: &Dynamic) -> Option<Leaf> {
        let row = value.read_lock::<TableRow>()?.clone();
        let (table, cells, index) = row.source()?;
        let mut table = table.clone();
        let mut cells = cells.clone();
        let mut at = Some(index);
        while let Some(step) = table.made() {
            let k = position_in_step(&table, step, at.take(), &cells)?;
            cells = step.input.rows().get(k)?.clone();
            let input = step.input.clone();
            table = input;
        }
        let i = match at {
            Some(i) => i,
            None => table.position_of(&cells)?,
        };
        let origin = table.origin()?;
        let dataset = origin.dataset?;
        let index = origin.lines.get(i).filter(|&l| l != NOT_FROM_SOURCE)? as usize;
        let id = dataset_id(dataset, index);
        Some(Leaf {
            kind: LeafKind::Row,
            value: value.clone(),
            what: format!("{} · {id}", dataset.name),
            dataset: Some(dataset.name.clone()),
            file: None,
            rows: vec![id],
            column: None,
            sources: provenance::row_sources(dataset, index),
            hedges: provenance::row_hedges(dataset, index)
                .into_iter()
                .map(|(c, h)| (c, h.word, h.meaning))
                .collect(),
            untraced: None,
            selection: None,
            unit: None,
        })
    }
}

/// The id of row `index` of `dataset` (its position when it has no id).
fn dataset_id(dataset: &Dataset, index: usize) -> String {
    match dataset.cell(index, "id") {
        Some(whatif_core::datasets::Cell::Text(id)) => id.clone(),
        _ => format!("row {}", index + 1),
    }
}

/// The leaf of cell `column` of row `index` of `dataset`.
fn figure_leaf(dataset: &'static Dataset, index: usize, column: &str, value: &Dynamic) -> Leaf {
    let id = dataset_id(dataset, index);
    let hedges = provenance::hedge(dataset, index, column)
        .map(|h| vec![(column.to_string(), h.word, h.meaning)])
        .unwrap_or_default();
    let unit = dataset
        .columns
        .iter()
        .find(|c| c.name == column)
        .map(|c| c.unit.clone())
        .filter(|u| {
            !u.is_empty() && u != "fraction" && u.chars().all(|ch| ch.is_ascii_alphabetic())
        });
    Leaf {
        kind: LeafKind::Figure,
        value: value.clone(),
        what: format!("{} · {id} · {column}", dataset.name),
        dataset: Some(dataset.name.clone()),
        file: None,
        rows: vec![id],
        column: Some(column.to_string()),
        sources: provenance::row_sources(dataset, index),
        hedges,
        untraced: None,
        selection: None,
        unit,
    }
}

/// The position of `row` of `table` in the output of `step`, the step that made `table`: `at`
/// when it is known and the table holds the step's own rows (a selection of a made table keeps
/// its step, and its positions are its own), else where the same shared cells are.
fn position_in_step(table: &Table, step: &Step, at: Option<usize>, row: &Row) -> Option<usize> {
    match at.filter(|_| table.holds(&step.output)) {
        Some(k) => Some(k),
        None => step.output.rows().iter().position(|r| Rc::ptr_eq(r, row)),
    }
}
