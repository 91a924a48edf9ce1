//! Where a traced value comes from: a dataset figure (by its row's id and cells), a row of a
//! loaded file (by identity with the table's row), the rows behind an aggregate or a table,
//! a whole row, and the rates a table conversion uses. Each is a `Leaf` of the derivation.

use std::rc::Rc;

use rhai::Dynamic;
use whatif_core::datasets::provenance::{self, SourceRef};
use whatif_core::fx::DEFAULT_PERIOD;

use super::trace::Tracer;
use super::{Leaf, LeafKind};
use crate::table::{cell, Table, TableRow};

impl Tracer<'_> {
    /// The rates `t.convert(column, to, period or period column)` uses: one per currency and
    /// period among the rows.
    pub(super) fn table_rates(&mut self, t: &Table, args: &[Dynamic]) {
        let text = |i: usize| args.get(i).and_then(|v| v.clone().into_string().ok());
        let (Some(column), Some(to)) = (text(0), text(1)) else {
            return;
        };
        let Some(c) = t.columns().iter().position(|n| *n == column) else {
            return;
        };
        let period_column = text(2).and_then(|p| t.columns().iter().position(|n| *n == p));
        for row in t.rows().iter() {
            let Some(m) = cell::money(&row[c]) else {
                continue;
            };
            if m.currency.as_str() == to.to_ascii_uppercase() {
                continue;
            }
            let period = match (period_column, args.get(2)) {
                (Some(p), _) => crate::table::money::period_of_cell(&row[p]).ok(),
                (None, Some(p)) => crate::table::money::period_of_cell(p).ok(),
                (None, None) => Some(DEFAULT_PERIOD),
            };
            if let Some(period) = period {
                self.record_rate(m.currency.as_str(), &to, period);
            }
        }
    }

    /// The leaf for cell `column` of `row` (with value `cell`): a dataset figure when the row's
    /// id is a dataset row holding that same value, else a file cell when `table` was loaded
    /// from a file and holds this row.
    pub(super) fn cell_leaf(
        &self,
        row: &Dynamic,
        column: &str,
        value: &Dynamic,
        table: Option<&Table>,
    ) -> Option<Leaf> {
        let row = row.read_lock::<TableRow>()?.clone();
        let in_file = table.and_then(|t| {
            let origin = t.origin()?;
            let at = t.rows().iter().position(|r| row.is_row(r))?;
            Some((origin.file.clone(), *origin.lines.get(at)?))
        });
        if let Some((file, line)) = in_file {
            return Some(Leaf {
                kind: LeafKind::FileCell,
                value: value.clone(),
                what: format!("{file}, line {line} · {column}"),
                dataset: None,
                file: Some(file.clone()),
                rows: vec![format!("line {line}")],
                column: Some(column.to_string()),
                sources: vec![SourceRef::other(format!("file {file}"))],
                hedges: Vec::new(),
                untraced: None,
                selection: None,
                unit: None,
            });
        }
        if let Some((dataset, index)) = dataset_row(&row) {
            let cell = dataset.cell(index, column)?;
            if crate::value::to_exact_text(&crate::table::dataset::cell_value(cell))
                == crate::value::to_exact_text(value)
            {
                let id = row.get_or_unit("id").into_string().unwrap_or_default();
                let hedges = provenance::hedge(dataset, index, column)
                    .map(|h| vec![(column.to_string(), h.word, h.meaning)])
                    .unwrap_or_default();
                let unit = dataset
                    .columns
                    .iter()
                    .find(|c| c.name == column)
                    .map(|c| c.unit.clone())
                    .filter(|u| {
                        !u.is_empty()
                            && u != "fraction"
                            && u.chars().all(|ch| ch.is_ascii_alphabetic())
                    });
                return Some(Leaf {
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
                });
            }
        }
        None
    }

    /// The leaf for an aggregate (or a whole table, `column` None) over `table`'s rows.
    pub fn rows_leaf(
        &self,
        table: &Table,
        column: Option<&str>,
        how: &str,
        value: Dynamic,
    ) -> Leaf {
        let mut datasets: Vec<String> = Vec::new();
        let mut rows: Vec<String> = Vec::new();
        let mut sources: Vec<SourceRef> = Vec::new();
        let mut hedges = Vec::new();
        let mut unknown = 0usize;
        let columns = Rc::new(table.columns().to_vec());
        for (i, cells) in table.rows().iter().enumerate() {
            let row = TableRow::new(Rc::clone(&columns), Rc::clone(cells));
            if let Some(line) = table.origin().and_then(|o| o.lines.get(i)) {
                rows.push(format!("line {line}"));
            } else if let Some((dataset, index)) = dataset_row(&row) {
                let id = row.get_or_unit("id").into_string().unwrap_or_default();
                if !datasets.contains(&dataset.name) {
                    datasets.push(dataset.name.clone());
                }
                for s in provenance::row_sources(dataset, index) {
                    if !sources.contains(&s) {
                        sources.push(s);
                    }
                }
                match column {
                    Some(c) => {
                        if let Some(h) = provenance::hedge(dataset, index, c) {
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
            } else {
                unknown += 1;
            }
        }
        let file = table.origin().map(|o| o.file.clone());
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
            untraced: (unknown > 0 && column.is_some()).then(|| {
                format!(
                    "{} of its rows were built in the script",
                    crate::messages::count(unknown, "row", "rows")
                )
            }),
            selection: None,
            unit: None,
        }
    }

    /// The leaf for a whole row.
    pub fn row_leaf(&self, value: &Dynamic) -> Option<Leaf> {
        let row = value.read_lock::<TableRow>()?.clone();
        let (dataset, index) = dataset_row(&row)?;
        let id = row.get_or_unit("id").into_string().unwrap_or_default();
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

/// The dataset row a table row stands for: among the dataset rows with its id (ids repeat
/// across datasets), the one that shares the most cells with it, when at least half of them
/// agree (a converted amount still comes from its row; an id reused for other data does not).
fn dataset_row(row: &TableRow) -> Option<(&'static whatif_core::datasets::Dataset, usize)> {
    let id = row.get("id").ok()?.into_string().ok()?;
    let mut best: Option<((&'static whatif_core::datasets::Dataset, usize), usize)> = None;
    for (dataset, index) in provenance::find_rows(&id) {
        let (mut shared, mut equal) = (0usize, 0usize);
        for (column, value) in row.columns().iter().zip(row.cells()) {
            if let Some(cell) = dataset.cell(index, column) {
                shared += 1;
                if crate::value::to_exact_text(&crate::table::dataset::cell_value(cell))
                    == crate::value::to_exact_text(value)
                {
                    equal += 1;
                }
            }
        }
        if equal * 2 >= shared && best.is_none_or(|(_, e)| equal > e) {
            best = Some(((dataset, index), equal));
        }
    }
    best.map(|(found, _)| found)
}
