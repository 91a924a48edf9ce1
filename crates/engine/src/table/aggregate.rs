//! Exact aggregates of a table column over some of its rows (sum, mean, min, max), for whole
//! tables and for the groups of `group_by`: money through `money`, numbers as decimals, and a
//! loaded table's number columns read from their typed storage (`columns`).

use rhai::Dynamic;
use rust_decimal::Decimal;

use super::cell::{self, Key};
use super::money;
use super::{Table, TableError, TableResult};
use crate::numbers::decimal_to_dynamic;

pub(crate) fn overflow(column: &str) -> TableError {
    TableError::new(format!(
        "the sum of column {column:?} is outside the decimal range ({})",
        whatif_core::decimal::DECIMAL_RANGE
    ))
}

fn numbers_of(t: &Table, c: usize, rows: &[usize]) -> TableResult<Vec<Decimal>> {
    let mut out = Vec::with_capacity(rows.len());
    for &i in rows {
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
                    t.row_label(i),
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
    rows: &[usize],
    kind: money::Aggregate,
) -> TableResult<Dynamic> {
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
            let (total, count) = match sum_at_common_scale(numbers().map(|(_, n)| n)) {
                Some(sum) => sum,
                None => {
                    let (mut total, mut count) = (Decimal::ZERO, 0usize);
                    for (_, n) in numbers() {
                        total = total.checked_add(n).ok_or_else(overflow)?;
                        count += 1;
                    }
                    (total, count)
                }
            };
            if matches!(kind, money::Aggregate::Sum) {
                return Ok(decimal_to_dynamic(total));
            }
            if count == 0 {
                return Ok(Dynamic::UNIT);
            }
            let mean = total
                .checked_div(Decimal::from(count))
                .ok_or_else(overflow)?;
            Ok(decimal_to_dynamic(mean))
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

/// The sum of `values` and their count, added as integers at the largest scale among them:
/// the same value at the same scale as adding them one by one with `Decimal::checked_add`
/// whenever every partial sum fits a decimal's 96 bits there (then no step of that addition
/// rounds), and that is checked. `None` otherwise: the caller adds them as decimals, with
/// their rounding and overflow error. Decimal addition was a twentieth of a million-row
/// load + group-by + save.
fn sum_at_common_scale(values: impl Iterator<Item = Decimal>) -> Option<(Decimal, usize)> {
    const LIMIT: i128 = 1 << 96;
    let (mut total, mut scale, mut count) = (0i128, 0u32, 0usize);
    for value in values {
        let mut mantissa = value.mantissa();
        match value.scale() {
            s if s > scale => {
                total = total.checked_mul(10i128.checked_pow(s - scale)?)?;
                scale = s;
            }
            s if s < scale => mantissa = mantissa.checked_mul(10i128.checked_pow(scale - s)?)?,
            _ => {}
        }
        total = total.checked_add(mantissa)?;
        if total.abs() >= LIMIT {
            return None;
        }
        count += 1;
    }
    Decimal::try_from_i128_with_scale(total, scale)
        .ok()
        .map(|total| (total, count))
}

fn sum_of(t: &Table, c: usize, rows: &[usize]) -> TableResult<Dynamic> {
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

fn mean_of(t: &Table, c: usize, rows: &[usize]) -> TableResult<Dynamic> {
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

fn extreme_of(t: &Table, c: usize, rows: &[usize], largest: bool) -> TableResult<Dynamic> {
    let kind = if largest {
        money::Aggregate::Max
    } else {
        money::Aggregate::Min
    };
    if let Some(extreme) = money::aggregate(t, c, rows, kind)? {
        return Ok(extreme);
    }
    let mut best: Option<(Key, &Dynamic)> = None;
    for &i in rows {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_at_a_common_scale_equal_decimal_addition_or_give_way_to_it() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let cases: [&[&str]; 4] = [
            &["1.5", "2", "-0.25", "1048.29"],
            &["0.1", "0.2", "-0.3"],
            &["79228162514264337593543950335", "-1"],
            &[],
        ];
        for case in cases {
            let values: Vec<Decimal> = case.iter().map(|s| d(s)).collect();
            let expected = values
                .iter()
                .try_fold(Decimal::ZERO, |a, b| a.checked_add(*b))
                .unwrap();
            let (total, count) = sum_at_common_scale(values.iter().copied()).unwrap();
            assert_eq!(total, expected, "{case:?}");
            assert_eq!(total.scale(), expected.scale(), "{case:?}");
            assert_eq!(count, values.len());
        }
        // Past 96 bits at the common scale decimal addition rounds: this one gives way to it.
        let rounding = [d("7922816251426433759354395033.5"), d("0.05")];
        assert_eq!(sum_at_common_scale(rounding.into_iter()), None);
    }
}
