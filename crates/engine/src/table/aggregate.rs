//! Exact aggregates of a table column over some of its rows (sum, mean, min, max), for whole
//! tables and for the groups of `group_by`: money through `money`, numbers as decimals, and a
//! loaded table's number columns read from their typed storage (`columns`).

use rhai::Dynamic;
use rust_decimal::Decimal;

use super::cell::{self, Key};
use super::columns::NumberKind;
use super::money;
use super::{Table, TableError, TableResult};
use crate::numbers::decimal_to_dynamic;

pub(crate) fn overflow(column: &str) -> TableError {
    TableError::new(format!(
        "the sum of column {column:?} is outside the decimal range ({})",
        whatif_core::decimal::DECIMAL_RANGE
    ))
}

fn numbers_of(t: &Table, c: usize, rows: &[u32]) -> TableResult<Vec<Decimal>> {
    let mut out = Vec::with_capacity(rows.len());
    for i in rows.iter().map(|&i| i as usize) {
        let v = &t.rows()[i][c];
        if v.is_unit() {
            continue;
        }
        match cell::number(v) {
            Some(n) => out.push(n),
            None => {
                return Err(TableError::new(format!(
                    "column {:?} has a non-number at {}: {}",
                    t.columns()[c],
                    t.cell_label(i, &t.columns()[c]),
                    super::value_text(v)
                )))
            }
        }
    }
    Ok(out)
}

/// One aggregate of column `c` over `rows`: the one place a kind picks its computation.
pub(crate) fn aggregate_of(
    t: &Table,
    c: usize,
    rows: &[u32],
    kind: money::Aggregate,
) -> TableResult<Dynamic> {
    if let Some(result) = compact_sum_or_mean(t, c, rows, kind) {
        return Ok(result);
    }
    if t.rows.numbers(c, rows).is_some() {
        let numbers = || t.rows.numbers(c, rows).into_iter().flatten();
        return typed_aggregate(t, c, numbers, kind);
    }
    match kind {
        money::Aggregate::Sum => sum_of(t, c, rows),
        money::Aggregate::Mean => mean_of(t, c, rows),
        money::Aggregate::Min => extreme_of(t, c, rows, false),
        money::Aggregate::Max => extreme_of(t, c, rows, true),
    }
}

/// The exact sum or mean of a number column kept as 64-bit digits (see `NumberValues`), read
/// where it lies: gathering a group's values first (every eighth row of ten million) cost more
/// in fresh pages than the sum. `None` where `typed_aggregate` must decide (another kind, wide
/// values, or a sum that decimal addition would round).
fn compact_sum_or_mean(
    t: &Table,
    c: usize,
    rows: &[u32],
    kind: money::Aggregate,
) -> Option<Dynamic> {
    let (values, kinds) = t.rows.number_column(c)?;
    if !values.is_compact() || !matches!(kind, money::Aggregate::Sum | money::Aggregate::Mean) {
        return None;
    }
    let numbers = || {
        rows.iter()
            .map(|&i| i as usize)
            .filter(|&i| kinds[i] != NumberKind::Empty)
            .map(|i| values.get(i))
    };
    let (total, count) = whatif_core::decimal::exact_sum(numbers)?;
    sum_or_mean(total, count, kind)
}

/// The sum `total` of `count` numbers, or their mean (`()` for none), as the aggregate gives
/// it; `None` when the mean overflows.
fn sum_or_mean(total: Decimal, count: usize, kind: money::Aggregate) -> Option<Dynamic> {
    if matches!(kind, money::Aggregate::Sum) {
        return Some(decimal_to_dynamic(total));
    }
    if count == 0 {
        return Some(Dynamic::UNIT);
    }
    Some(decimal_to_dynamic(total.checked_div(Decimal::from(count))?))
}

/// `aggregate_of` over a column stored as numbers (see `columns`): the same results, read
/// from the typed values instead of script values.
fn typed_aggregate<I: Iterator<Item = (usize, Decimal)>>(
    t: &Table,
    c: usize,
    numbers: impl Fn() -> I,
    kind: money::Aggregate,
) -> TableResult<Dynamic> {
    let overflow = || overflow(&t.columns()[c]);
    match kind {
        money::Aggregate::Sum | money::Aggregate::Mean => {
            // The group's numbers gathered once: the exact sum reads them twice, and a group's
            // rows are spread over the whole column (every eighth row of ten million).
            let gathered: Vec<Decimal> = numbers().map(|(_, n)| n).collect();
            let (total, count) = match whatif_core::decimal::exact_sum(|| gathered.iter().copied())
            {
                Some(sum) => sum,
                None => {
                    let (mut total, mut count) = (Decimal::ZERO, 0usize);
                    for &n in &gathered {
                        total = total.checked_add(n).ok_or_else(overflow)?;
                        count += 1;
                    }
                    (total, count)
                }
            };
            sum_or_mean(total, count, kind).ok_or_else(overflow)
        }
        money::Aggregate::Min | money::Aggregate::Max => {
            let largest = matches!(kind, money::Aggregate::Max);
            let mut best: Option<(usize, Decimal)> = None;
            for (i, n) in numbers() {
                let better = match best {
                    None => true,
                    Some((_, b)) if largest => n > b,
                    Some((_, b)) => n < b,
                };
                if better {
                    best = Some((i, n));
                }
            }
            Ok(best.map_or(Dynamic::UNIT, |(i, _)| t.rows.cell(i, c)))
        }
    }
}

fn sum_of(t: &Table, c: usize, rows: &[u32]) -> TableResult<Dynamic> {
    if let Some(total) = money::aggregate(t, c, rows, money::Aggregate::Sum)? {
        return Ok(total);
    }
    let mut total = Decimal::ZERO;
    for n in numbers_of(t, c, rows)? {
        total = total
            .checked_add(n)
            .ok_or_else(|| overflow(&t.columns()[c]))?;
    }
    Ok(decimal_to_dynamic(total))
}

fn mean_of(t: &Table, c: usize, rows: &[u32]) -> TableResult<Dynamic> {
    if let Some(mean) = money::aggregate(t, c, rows, money::Aggregate::Mean)? {
        return Ok(mean);
    }
    let numbers = numbers_of(t, c, rows)?;
    if numbers.is_empty() {
        return Ok(Dynamic::UNIT);
    }
    let mut total = Decimal::ZERO;
    for n in &numbers {
        total = total
            .checked_add(*n)
            .ok_or_else(|| overflow(&t.columns()[c]))?;
    }
    let mean = total
        .checked_div(Decimal::from(numbers.len()))
        .ok_or_else(|| overflow(&t.columns()[c]))?;
    Ok(decimal_to_dynamic(mean))
}

fn extreme_of(t: &Table, c: usize, rows: &[u32], largest: bool) -> TableResult<Dynamic> {
    let kind = if largest {
        money::Aggregate::Max
    } else {
        money::Aggregate::Min
    };
    if let Some(extreme) = money::aggregate(t, c, rows, kind)? {
        return Ok(extreme);
    }
    let mut best: Option<(Key, &Dynamic)> = None;
    for i in rows.iter().map(|&i| i as usize) {
        let v = &t.rows()[i][c];
        if v.is_unit() {
            continue;
        }
        let k = Key::of(v);
        let better = match &best {
            None => true,
            Some((b, _)) if largest => k > *b,
            Some((b, _)) => k < *b,
        };
        if better {
            best = Some((k, v));
        }
    }
    Ok(best.map(|(_, v)| v.clone()).unwrap_or(Dynamic::UNIT))
}
