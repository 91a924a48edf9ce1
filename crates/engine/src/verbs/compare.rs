//! `compare`: the differences between two maps, two scenario rows or two tables of one shape,
//! as a table.

use rhai::{Dynamic, Map};

use crate::numbers::{decimal_to_dynamic, script_error, RhaiResult};
use crate::table::{cell, Table};

/// b − a and (b − a) / |a| for two cells; empty where either is not a number (or a is 0 for
/// the relative change). Money of one currency gives a money difference. Money in two
/// currencies, or money against a plain number, is refused rather than left blank: a blank
/// difference would look like "no change worth showing"; `what` names the cell for the message.
fn differences(a: &Dynamic, b: &Dynamic, what: &str) -> RhaiResult<(Dynamic, Dynamic)> {
    let (x, y, currency) = match (cell::money(a), cell::money(b)) {
        (Some(x), Some(y)) if x.currency == y.currency => (x.amount, y.amount, Some(x.currency)),
        (None, None) => match (cell::number(a), cell::number(b)) {
            (Some(x), Some(y)) => (x, y, None),
            _ => return Ok((Dynamic::UNIT, Dynamic::UNIT)),
        },
        (Some(x), Some(y)) => {
            return Err(script_error(format!(
                "compare: {what} is {x} in a but {y} in b, so there is no difference to show; \
                 convert one first, e.g. convert(value, \"{}\")",
                x.currency
            )))
        }
        // One side is money here; the other a plain number.
        _ if cell::number(a).or(cell::number(b)).is_some() => {
            return Err(script_error(format!(
                "compare: {what} is {} in a but {} in b; give both as money of one currency, \
                 or both as plain numbers",
                crate::verbs::describe(a),
                crate::verbs::describe(b),
            )))
        }
        _ => return Ok((Dynamic::UNIT, Dynamic::UNIT)),
    };
    let diff = y.checked_sub(x).ok_or_else(|| {
        script_error(format!(
            "compare: {} − {} is outside the decimal range",
            x.normalize(),
            y.normalize()
        ))
    })?;
    let relative = if x.is_zero() {
        Dynamic::UNIT
    } else {
        diff.checked_div(x.abs())
            .map(decimal_to_dynamic)
            .unwrap_or(Dynamic::UNIT)
    };
    Ok((crate::args::rewrap(diff, currency), relative))
}

/// One row per key of either map: `name`, `a`, `b`, `difference`, `relative`.
pub fn maps(a: &Map, b: &Map) -> RhaiResult<Table> {
    let mut keys: Vec<&str> = a.keys().map(|k| k.as_str()).collect();
    keys.extend(b.keys().map(|k| k.as_str()).filter(|k| !a.contains_key(*k)));
    let mut rows = Vec::with_capacity(keys.len());
    for key in keys {
        let x = a.get(key).cloned().unwrap_or(Dynamic::UNIT);
        let y = b.get(key).cloned().unwrap_or(Dynamic::UNIT);
        let (diff, relative) = differences(&x, &y, key)?;
        rows.push(vec![Dynamic::from(key.to_string()), x, y, diff, relative]);
    }
    let columns = ["name", "a", "b", "difference", "relative"]
        .map(String::from)
        .to_vec();
    Ok(Table::from_parts(columns, rows))
}

/// Two rows of a `scenarios` table, found by the names in its `scenario` column, compared as
/// maps.
pub fn scenarios(t: &Table, a: &str, b: &str) -> RhaiResult<Table> {
    let col = t
        .column_index("scenario")
        .map_err(|e| script_error(format!("compare: {e}")))?;
    let find = |name: &str| {
        t.rows()
            .iter()
            .position(|row| cell::raw_text(&row[col]) == name)
            .and_then(|i| t.row_map(i))
            .ok_or_else(|| {
                let names: Vec<String> = t.rows().iter().map(|r| cell::raw_text(&r[col])).collect();
                script_error(format!(
                    "compare: no scenario {name:?}; the scenarios are {}",
                    names.join(", ")
                ))
            })
    };
    maps(&find(a)?, &find(b)?)
}

/// Two tables of the same shape cell by cell: numeric columns become b − a followed by
/// `<column>_relative`; other columns keep equal cells and show unequal ones as `"a → b"`.
pub fn tables(a: &Table, b: &Table) -> RhaiResult<Table> {
    if a.columns() != b.columns() || a.len() != b.len() {
        return Err(script_error(format!(
            "compare: the tables must have the same shape, but one has {} rows of ({}) and the \
             other {} rows of ({})",
            a.len(),
            a.columns().join(", "),
            b.len(),
            b.columns().join(", ")
        )));
    }
    let numeric: Vec<bool> = (0..a.columns().len())
        .map(|c| a.is_numeric_column(c) && b.is_numeric_column(c))
        .collect();
    let mut columns = Vec::new();
    for (name, &is_number) in a.columns().iter().zip(&numeric) {
        columns.push(name.clone());
        if is_number {
            columns.push(format!("{name}_relative"));
        }
    }
    let mut rows = Vec::with_capacity(a.len());
    for (i, (ra, rb)) in a.rows().iter().zip(b.rows()).enumerate() {
        let mut row = Vec::with_capacity(columns.len());
        for (c, &is_number) in numeric.iter().enumerate() {
            if is_number {
                let what = format!("{} in row {i}", a.columns()[c]);
                let (diff, relative) = differences(&ra[c], &rb[c], &what)?;
                row.push(diff);
                row.push(relative);
            } else if cell::equal(&ra[c], &rb[c]) {
                row.push(ra[c].clone());
            } else {
                row.push(Dynamic::from(format!(
                    "{} → {}",
                    cell::raw_text(&ra[c]),
                    cell::raw_text(&rb[c])
                )));
            }
        }
        rows.push(row);
    }
    Table::new(columns, rows).map_err(|e| script_error(format!("compare: {e}")))
}
