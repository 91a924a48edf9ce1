//! Table queries in Rust: projection, sorting, slicing, grouping (its exact aggregates are in
//! `aggregate`), joins, unions and pivots. Filters and computed columns take a Rust closure, so
//! the script layer can pass a Rhai function and this module stays free of the engine.

use std::collections::HashMap;

use rhai::{Array, Dynamic};
use rust_decimal::Decimal;

use super::aggregate::{aggregate_of, overflow};
use super::cell::{self, Key};
use super::columns::NumberKind;
use super::money;
use super::{Table, TableError, TableResult, TableRow};
use crate::numbers::decimal_to_dynamic;

/// Which rows of the left table a join keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// Only rows with a match.
    Inner,
    /// Every left row; right cells are empty where there is no match.
    Left,
}

impl Table {
    /// Only the named columns, in the order given.
    pub fn select(&self, names: &[String]) -> TableResult<Table> {
        let idx: Vec<usize> = names
            .iter()
            .map(|n| self.column_index(n))
            .collect::<TableResult<_>>()?;
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                return Err(TableError::new(format!("select: column {n:?} named twice")));
            }
        }
        let kept = names.iter().map(|n| (n.clone(), n.clone())).collect();
        let mut t = self.with(names.to_vec(), Vec::new());
        t.rows = std::rc::Rc::new(self.rows.columns_at(&idx));
        Ok(t.made_from(self, super::How::Columns(kept)))
    }

    /// Every column except the named ones.
    pub fn drop_columns(&self, names: &[String]) -> TableResult<Table> {
        for n in names {
            self.column_index(n)?;
        }
        let keep: Vec<String> = self
            .columns()
            .iter()
            .filter(|c| !names.contains(c))
            .cloned()
            .collect();
        self.select(&keep)
    }

    /// The column `old` renamed to `new`.
    pub fn rename(&self, old: &str, new: &str) -> TableResult<Table> {
        let i = self.column_index(old)?;
        if old != new && self.columns().iter().any(|c| c == new) {
            return Err(TableError::new(format!(
                "rename: there is already a column {new:?}"
            )));
        }
        let mut columns = self.columns().to_vec();
        columns[i] = new.to_string();
        let mut t = self.with(columns, Vec::new());
        t.rows = self.rows.clone();
        t.formats = self.formats.clone();
        t.rename_format(old, new);
        let money: Vec<_> = self
            .money_views()
            .iter()
            .cloned()
            .map(|mut m| {
                if m.column == old {
                    m.column = new.to_string();
                }
                if m.currency == super::Currency::Column(old.to_string()) {
                    m.currency = super::Currency::Column(new.to_string());
                }
                m
            })
            .collect();
        t.money = std::rc::Rc::new(money);
        let names = self
            .columns()
            .iter()
            .map(|c| (if c == old { new } else { c }.to_string(), c.clone()))
            .collect();
        Ok(t.made_from(self, super::How::Columns(names)))
    }

    /// The first `n` rows (all of them if there are fewer).
    pub fn head(&self, n: usize) -> Table {
        self.pick(&(0..n.min(self.len())).collect::<Vec<_>>())
    }

    /// The last `n` rows.
    pub fn tail(&self, n: usize) -> Table {
        let start = self.len().saturating_sub(n);
        self.pick(&(start..self.len()).collect::<Vec<_>>())
    }

    /// Rows ordered by `column`: numbers by value, then text, booleans, others; empty cells
    /// always last, in either direction. The sort is stable. Money of several currencies is an
    /// error (see `money::one_currency`).
    pub fn sort_by_column(&self, column: &str, descending: bool) -> TableResult<Table> {
        let c = self.column_index(column)?;
        let mut order: Vec<usize> = (0..self.len()).collect();
        let plain = |r: &super::Row| cell::money(&r[c]).is_none();
        // A loaded file's number column is read as it is stored, without building rows.
        let typed = self.rows.number_column(c).and_then(|(values, kinds)| {
            let empty = |k: &NumberKind| *k == NumberKind::Empty;
            (!kinds.iter().all(empty)).then(|| {
                let keys = values.iter().zip(kinds);
                keys.map(|(v, k)| (!empty(k)).then_some(v)).collect()
            })
        });
        let numbers = typed.or_else(|| {
            (self.is_numeric_column(c) && self.rows().iter().all(plain))
                .then(|| self.rows().iter().map(|r| cell::number(&r[c])).collect())
        });
        if let Some(keys) = numbers {
            // The common case (amounts) compares plain decimals, without the general key.
            let keys: Vec<Option<Decimal>> = keys;
            match scaled_integers(&keys) {
                Some(ints) => order
                    .sort_by(|&a, &b| empty_last(ints[a].as_ref(), ints[b].as_ref(), descending)),
                None => order
                    .sort_by(|&a, &b| empty_last(keys[a].as_ref(), keys[b].as_ref(), descending)),
            }
        } else {
            super::money::one_currency(self, c, "sort")?;
            let keys: Vec<Key> = self.rows().iter().map(|r| Key::of(&r[c])).collect();
            let key = |i: usize| Some(&keys[i]).filter(|k| **k != Key::Empty);
            order.sort_by(|&a, &b| empty_last(key(a), key(b), descending));
        }
        Ok(self.pick(&order))
    }

    /// The rows for which `keep` (given the row's index and the row) says true.
    pub fn filter_rows<E>(
        &self,
        mut keep: impl FnMut(usize, TableRow) -> Result<bool, E>,
    ) -> Result<Table, E> {
        let mut kept = Vec::new();
        for i in 0..self.len() {
            if keep(i, TableRow::new(self.columns.clone(), self.rows.row(i)))? {
                kept.push(i);
            }
        }
        Ok(self.pick(&kept))
    }

    /// The rows `keep` keeps, found without calling it when its body is a test of columns
    /// against constants that the typed columns answer (`predicate`); `None` otherwise.
    pub(crate) fn filter_natively(
        &self,
        ctx: &rhai::NativeCallContext,
        keep: &rhai::FnPtr,
    ) -> Option<Table> {
        super::predicate::kept_rows(ctx, self, keep).map(|kept| self.pick(&kept))
    }

    /// A new column computed from each row (replacing a column of the same name in place) by
    /// the closure `f` (`compute` calls it).
    pub fn add_column<E>(
        &self,
        name: &str,
        f: rhai::FnPtr,
        mut compute: impl FnMut(usize, TableRow) -> Result<Dynamic, E>,
    ) -> Result<Table, E> {
        let existing = self.columns().iter().position(|c| c == name);
        let mut columns = self.columns().to_vec();
        if existing.is_none() {
            columns.push(name.to_string());
        }
        let how = super::How::Computed {
            column: name.to_string(),
            f,
        };
        if self.rows.is_typed() {
            // A loaded file's columns stay typed: the closure sees rows built one at a time,
            // and its results become one more column.
            let mut values = Vec::with_capacity(self.len());
            for i in 0..self.len() {
                values.push(compute(
                    i,
                    TableRow::new(self.columns.clone(), self.rows.row(i)),
                )?);
            }
            let mut t = self.with(columns, Vec::new());
            t.rows = std::rc::Rc::new(self.rows.with_column(existing, values));
            return Ok(t.made_from(self, how));
        }
        let mut rows = Vec::with_capacity(self.len());
        for (i, row) in self.rows().iter().enumerate() {
            let value = compute(i, TableRow::new(self.columns.clone(), row.clone()))?;
            let mut row = row.to_vec();
            match existing {
                Some(at) => row[at] = value,
                None => row.push(value),
            }
            rows.push(row);
        }
        Ok(self.with(columns, rows).made_from(self, how))
    }

    /// The cells of one column.
    pub fn column_values(&self, column: &str) -> TableResult<Array> {
        let c = self.column_index(column)?;
        Ok(self.rows.column_cells(c))
    }

    /// Exact sum of a column's numbers (empty cells skipped).
    pub fn sum(&self, column: &str) -> TableResult<Dynamic> {
        self.aggregate(column, money::Aggregate::Sum)
    }

    /// Exact mean of a column's numbers (empty cells skipped); `()` when there are none.
    pub fn mean(&self, column: &str) -> TableResult<Dynamic> {
        self.aggregate(column, money::Aggregate::Mean)
    }

    /// One aggregate of a whole column: the sum, the mean, or the smallest or largest
    /// non-empty cell; `()` where there is no value to give.
    pub fn aggregate(&self, column: &str, kind: money::Aggregate) -> TableResult<Dynamic> {
        let c = self.column_index(column)?;
        aggregate_of(self, c, &row_indices(self.len())?, kind)
    }

    /// Rows grouped by the value of `column`, groups in first-seen order.
    pub fn group_by(&self, column: &str) -> TableResult<Grouped> {
        let c = self.column_index(column)?;
        u32::try_from(self.len()).map_err(|_| too_many_rows(self.len()))?;
        // A loaded file's typed column groups by its codes and numbers, building no rows.
        let groups = match self.rows.groups(c) {
            Some(groups) => groups,
            None => {
                let mut index: HashMap<Key, usize> = HashMap::new();
                let mut groups: Vec<(Dynamic, Vec<u32>)> = Vec::new();
                for (i, row) in self.rows().iter().enumerate() {
                    let key = Key::of(&row[c]);
                    match index.get(&key) {
                        Some(&g) => groups[g].1.push(i as u32),
                        None => {
                            index.insert(key, groups.len());
                            groups.push((row[c].clone(), vec![i as u32]));
                        }
                    }
                }
                groups
            }
        };
        Ok(Grouped {
            table: self.clone(),
            key: column.to_string(),
            groups: std::rc::Rc::new(groups),
        })
    }

    /// Rows of both tables matched on equal `key` values (by value: `3` matches `3.0`). The
    /// result has this table's columns, then the other's except the key; a clashing name gets
    /// the suffix `_right`. Empty keys never match.
    pub fn join(&self, other: &Table, key: &str, kind: JoinKind) -> TableResult<Table> {
        let lk = self.column_index(key)?;
        let rk = other
            .column_index(key)
            .map_err(|e| TableError::new(format!("join: the other table has {}", e.0)))?;
        let mut right_index: HashMap<Key, Vec<usize>> = HashMap::new();
        for (i, row) in other.rows().iter().enumerate() {
            let k = Key::of(&row[rk]);
            if k != Key::Empty {
                right_index.entry(k).or_default().push(i);
            }
        }
        let right_cols: Vec<usize> = (0..other.columns().len()).filter(|&i| i != rk).collect();
        let mut columns = self.columns().to_vec();
        for &i in &right_cols {
            let mut name = other.columns()[i].clone();
            if columns.contains(&name) {
                name = format!("{name}_right");
                let base = name.clone();
                let mut n = 2;
                while columns.contains(&name) {
                    name = format!("{base}{n}");
                    n += 1;
                }
            }
            columns.push(name);
        }
        let mut rows = Vec::new();
        for row in self.rows() {
            let matches = right_index.get(&Key::of(&row[lk]));
            match matches {
                Some(found) => {
                    for &r in found {
                        let mut out = row.to_vec();
                        out.extend(right_cols.iter().map(|&i| other.rows()[r][i].clone()));
                        rows.push(out);
                    }
                }
                None if kind == JoinKind::Left => {
                    let mut out = row.to_vec();
                    out.extend(right_cols.iter().map(|_| Dynamic::UNIT));
                    rows.push(out);
                }
                None => {}
            }
        }
        Ok(self.with(columns, rows))
    }

    /// This table's rows followed by the other's. Columns are matched by name; a column only
    /// one table has is added, with empty cells for the other table's rows.
    pub fn union(&self, other: &Table) -> Table {
        let mut columns = self.columns().to_vec();
        for c in other.columns() {
            if !columns.contains(c) {
                columns.push(c.clone());
            }
        }
        let width = columns.len();
        let mut rows: Vec<Vec<Dynamic>> = self
            .rows()
            .iter()
            .map(|r| {
                let mut r = r.to_vec();
                r.resize(width, Dynamic::UNIT);
                r
            })
            .collect();
        let positions: Vec<usize> = other
            .columns()
            .iter()
            .map(|c| columns.iter().position(|x| x == c).unwrap_or(0))
            .collect();
        for r in other.rows() {
            let mut out = vec![Dynamic::UNIT; width];
            for (cell, &at) in r.iter().zip(&positions) {
                out[at] = cell.clone();
            }
            rows.push(out);
        }
        self.with(columns, rows)
    }

    /// A cross-tab: one row per distinct `row_key`, one column per distinct `col_key` (named by
    /// its text, in first-seen order), cells the exact sum of `value` (or the single value when
    /// it is not a number); empty where there is no row.
    pub fn pivot(&self, row_key: &str, col_key: &str, value: &str) -> TableResult<Table> {
        let rk = self.column_index(row_key)?;
        let ck = self.column_index(col_key)?;
        let vc = self.column_index(value)?;
        let mut row_index: HashMap<Key, usize> = HashMap::new();
        let mut row_keys: Vec<Dynamic> = Vec::new();
        let mut col_names: Vec<String> = Vec::new();
        let mut cells: HashMap<(usize, usize), Dynamic> = HashMap::new();
        for (i, row) in self.rows().iter().enumerate() {
            let r = *row_index.entry(Key::of(&row[rk])).or_insert_with(|| {
                row_keys.push(row[rk].clone());
                row_keys.len() - 1
            });
            let name = cell::raw_text(&row[ck]);
            let c = match col_names.iter().position(|n| *n == name) {
                Some(c) => c,
                None => {
                    col_names.push(name);
                    col_names.len() - 1
                }
            };
            let v = &row[vc];
            if v.is_unit() {
                continue;
            }
            let slot = cells.entry((r, c)).or_insert(Dynamic::UNIT);
            if slot.is_unit() {
                *slot = v.clone();
            } else {
                let money = (cell::money(slot), cell::money(v));
                match (cell::number(slot), cell::number(v), money) {
                    (Some(a), Some(b), _) => {
                        let total = a.checked_add(b).ok_or_else(|| overflow(value))?;
                        *slot = decimal_to_dynamic(total);
                    }
                    // Money of one currency sums exactly; another currency is an error
                    // naming the row.
                    (_, _, (Some(a), Some(b))) => {
                        let total = a.add(&b).map_err(|e| {
                            let e = crate::messages::money(&e);
                            TableError::new(format!("pivot: {}: {e}", self.row_label(i)))
                        })?;
                        *slot = Dynamic::from(total);
                    }
                    _ => {
                        return Err(TableError::new(format!(
                            "pivot: {} gives a second value for ({}, {}) and {:?} cannot be \
                             summed",
                            self.row_label(i),
                            cell::raw_text(&row[rk]),
                            col_names[c],
                            cell::raw_text(v)
                        )))
                    }
                }
            }
        }
        let mut columns = vec![row_key.to_string()];
        for name in &col_names {
            if columns.contains(name) {
                return Err(TableError::new(format!(
                    "pivot: the value {name:?} of {col_key:?} clashes with the row key column"
                )));
            }
            columns.push(name.clone());
        }
        let rows = row_keys
            .into_iter()
            .enumerate()
            .map(|(r, key)| {
                let mut out = vec![key];
                out.extend(
                    (0..col_names.len()).map(|c| cells.remove(&(r, c)).unwrap_or(Dynamic::UNIT)),
                );
                out
            })
            .collect();
        Ok(Table::from_parts(columns, rows))
    }
}

/// The decimals as integers at one common scale (`1.5`, `2` → `15`, `20`), which compare much
/// faster than `Decimal`s of mixed scale; `None` if some value would not fit an `i128`.
fn scaled_integers(keys: &[Option<Decimal>]) -> Option<Vec<Option<i128>>> {
    let scale = keys.iter().flatten().map(|d| d.scale()).max().unwrap_or(0);
    keys.iter()
        .map(|k| match k {
            None => Some(None),
            Some(d) => 10i128
                .checked_pow(scale - d.scale())
                .and_then(|f| d.mantissa().checked_mul(f))
                .map(Some),
        })
        .collect()
}

/// Orders two sort keys, `None` (an empty cell) last whatever the direction.
fn empty_last<T: Ord>(a: Option<&T>, b: Option<&T>, descending: bool) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(a), Some(b)) if descending => b.cmp(a),
        (Some(a), Some(b)) => a.cmp(b),
    }
}

/// The indices of `len` rows, as groups and aggregates keep them.
pub(crate) fn row_indices(len: usize) -> TableResult<Vec<u32>> {
    let end = u32::try_from(len).map_err(|_| too_many_rows(len))?;
    Ok((0..end).collect())
}

fn too_many_rows(len: usize) -> TableError {
    TableError::new(format!(
        "the table has {len} rows; grouping and aggregating take at most {} rows: filter it \
         or split it with head/tail first",
        u32::MAX
    ))
}

/// A table split into groups by one column; each aggregate returns a table with the key column
/// and one result column (named like the aggregated column, or `count`).
#[derive(Clone)]
pub struct Grouped {
    table: Table,
    key: String,
    /// Each group's key and its rows (as `u32`: a group-by of ten million rows keeps one index
    /// per row).
    groups: std::rc::Rc<Vec<(Dynamic, Vec<u32>)>>,
}

impl Grouped {
    /// The column the rows are grouped by.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The number of groups.
    pub fn group_count(&self) -> usize {
        self.groups.len()
    }

    fn aggregate(
        &self,
        name: &str,
        mut f: impl FnMut(&[u32]) -> TableResult<Dynamic>,
    ) -> TableResult<Table> {
        let mut rows = Vec::with_capacity(self.groups.len());
        for (key, members) in self.groups.iter() {
            rows.push(vec![key.clone(), f(members)?]);
        }
        let columns = vec![self.key.clone(), name.to_string()];
        Ok(self.table.with(columns, rows))
    }

    fn checked_column(&self, column: &str) -> TableResult<usize> {
        if column == self.key {
            return Err(TableError::new(format!(
                "{column:?} is the grouping column; aggregate another column"
            )));
        }
        self.table.column_index(column)
    }

    /// Per group, the exact sum of `column`.
    pub fn sum(&self, column: &str) -> TableResult<Table> {
        self.aggregate_column(column, money::Aggregate::Sum)
    }

    /// Per group, the mean of `column`.
    pub fn mean(&self, column: &str) -> TableResult<Table> {
        self.aggregate_column(column, money::Aggregate::Mean)
    }

    /// Per group, the largest value of `column`.
    pub fn max(&self, column: &str) -> TableResult<Table> {
        self.aggregate_column(column, money::Aggregate::Max)
    }

    /// Per group, one aggregate of `column`: a table of the key column and the results.
    pub fn aggregate_column(&self, column: &str, kind: money::Aggregate) -> TableResult<Table> {
        let c = self.checked_column(column)?;
        self.aggregate(column, |rows| aggregate_of(&self.table, c, rows, kind))
    }

    /// Per group, the number of rows.
    pub fn count(&self) -> Table {
        let mut rows = Vec::with_capacity(self.groups.len());
        for (key, members) in self.groups.iter() {
            rows.push(vec![key.clone(), Dynamic::from_int(members.len() as i64)]);
        }
        self.table
            .with(vec![self.key.clone(), "count".to_string()], rows)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, int, sample, text};
    use super::*;

    fn col(t: &Table, name: &str) -> Vec<String> {
        t.column_values(name)
            .unwrap()
            .iter()
            .map(cell::raw_text)
            .collect()
    }

    #[test]
    fn sort_orders_by_value_with_empty_last_both_ways() {
        let t = sample();
        let up = t.sort_by_column("amount", false).unwrap();
        assert_eq!(
            col(&up, "name"),
            ["智谱", "Anthropic", "OpenAI", "月之暗面"]
        );
        let down = t.sort_by_column("amount", true).unwrap();
        assert_eq!(
            col(&down, "name"),
            ["OpenAI", "Anthropic", "智谱", "月之暗面"]
        );
    }

    #[test]
    fn numeric_sort_mixes_scales_and_falls_back_past_i128() {
        let t = Table::new(
            vec!["v".into()],
            vec![
                vec![dec("1.25")],
                vec![int(1)],
                vec![dec("-0.5")],
                vec![dec("1.2")],
            ],
        )
        .unwrap();
        assert_eq!(
            col(&t.sort_by_column("v", false).unwrap(), "v"),
            ["-0.5", "1", "1.2", "1.25"]
        );
        let huge = Table::new(
            vec!["v".into()],
            vec![
                vec![dec("79228162514264337593543950335")],
                vec![dec("0.0000000000000000000000000001")],
                vec![int(5)],
            ],
        )
        .unwrap();
        assert_eq!(
            col(&huge.sort_by_column("v", true).unwrap(), "v"),
            [
                "79228162514264337593543950335",
                "5",
                "0.0000000000000000000000000001"
            ]
        );
    }

    #[test]
    fn sums_and_means_are_exact() {
        let t = sample();
        assert_eq!(cell::raw_text(&t.sum("amount").unwrap()), "54000000000.5");
        assert_eq!(
            cell::raw_text(&t.mean("amount").unwrap()),
            "18000000000.166666666666666667"
        );
        let ints = Table::new(vec!["x".into()], vec![vec![int(1)], vec![int(2)]]).unwrap();
        assert_eq!(
            ints.mean("x").unwrap().as_decimal().unwrap().to_string(),
            "1.5"
        );
        assert!(t.sum("name").unwrap_err().0.contains("non-number at row 0"));
    }

    #[test]
    fn group_by_aggregates_per_key_in_first_seen_order() {
        let g = sample().group_by("currency").unwrap();
        let sums = g.sum("amount").unwrap();
        assert_eq!(sums.columns(), ["currency", "amount"]);
        assert_eq!(col(&sums, "currency"), ["USD", "CNY"]);
        assert_eq!(col(&sums, "amount"), ["53000000000.5", "1000000000"]);
        assert_eq!(col(&g.count(), "count"), ["2", "2"]);
        assert_eq!(
            col(&g.max("amount").unwrap(), "amount"),
            ["40000000000", "1000000000"]
        );
        assert_eq!(
            col(&g.mean("amount").unwrap(), "amount"),
            ["26500000000.25", "1000000000"]
        );
    }

    #[test]
    fn joins_match_by_value_and_left_join_keeps_unmatched() {
        let rates = Table::new(
            vec!["currency".into(), "rate".into(), "name".into()],
            vec![vec![text("CNY"), dec("7.1"), text("yuan")]],
        )
        .unwrap();
        let inner = sample().join(&rates, "currency", JoinKind::Inner).unwrap();
        assert_eq!(
            inner.columns(),
            ["name", "currency", "amount", "rate", "name_right"]
        );
        assert_eq!(inner.len(), 2);
        let left = sample().join(&rates, "currency", JoinKind::Left).unwrap();
        assert_eq!(left.len(), 4);
        assert!(left.rows()[0][3].is_unit());
        let n = Table::new(vec!["k".into()], vec![vec![int(3)]]).unwrap();
        let m = Table::new(vec!["k".into(), "v".into()], vec![vec![dec("3.0"), int(9)]]).unwrap();
        assert_eq!(n.join(&m, "k", JoinKind::Inner).unwrap().len(), 1);
    }

    #[test]
    fn union_aligns_columns_by_name() {
        let a = Table::new(vec!["x".into(), "y".into()], vec![vec![int(1), int(2)]]).unwrap();
        let b = Table::new(vec!["y".into(), "z".into()], vec![vec![int(3), int(4)]]).unwrap();
        let u = a.union(&b);
        assert_eq!(u.columns(), ["x", "y", "z"]);
        assert_eq!(col(&u, "y"), ["2", "3"]);
        assert_eq!(col(&u, "x"), ["1", ""]);
    }

    #[test]
    fn pivot_sums_duplicates() {
        let t = Table::new(
            vec!["country".into(), "year".into(), "amount".into()],
            vec![
                vec![text("US"), int(2023), int(10)],
                vec![text("CN"), int(2023), dec("2.5")],
                vec![text("US"), int(2024), int(7)],
                vec![text("US"), int(2023), dec("0.5")],
            ],
        )
        .unwrap();
        let p = t.pivot("country", "year", "amount").unwrap();
        assert_eq!(p.columns(), ["country", "2023", "2024"]);
        assert_eq!(col(&p, "2023"), ["10.5", "2.5"]);
        assert_eq!(col(&p, "2024"), ["7", ""]);
    }

    #[test]
    fn select_drop_rename_head_tail() {
        let t = sample();
        assert_eq!(
            t.select(&["amount".into(), "name".into()])
                .unwrap()
                .columns(),
            ["amount", "name"]
        );
        assert_eq!(
            t.drop_columns(&["currency".into()]).unwrap().columns(),
            ["name", "amount"]
        );
        assert!(t
            .select(&["nope".into()])
            .unwrap_err()
            .0
            .contains("columns are name"));
        assert_eq!(t.rename("amount", "usd").unwrap().columns()[2], "usd");
        assert!(t.rename("amount", "name").is_err());
        assert_eq!(t.head(2).len(), 2);
        assert_eq!(col(&t.tail(1), "name"), ["月之暗面"]);
        assert_eq!(t.head(99).len(), 4);
    }
}
