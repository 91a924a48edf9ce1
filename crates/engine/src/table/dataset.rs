//! The article's datasets (`whatif_core::datasets`) as script values: a `Table` whose cells are
//! Rhai values, and the page `:help NAME` shows.

use rhai::Dynamic;
use whatif_core::datasets::{Cell, Dataset};

use super::{format, Table};
use crate::numbers::decimal_to_dynamic;

/// A cell as a script value: `()` when empty; decimals exact, whole ones as integers.
pub fn cell_value(cell: &Cell) -> Dynamic {
    match cell {
        Cell::Empty => Dynamic::UNIT,
        Cell::Int(i) => Dynamic::from_int(*i),
        Cell::Decimal(d) => decimal_to_dynamic(*d),
        Cell::Text(s) => Dynamic::from(s.clone()),
        Cell::Date(d) => Dynamic::from(*d),
        Cell::Money(m) => Dynamic::from(*m),
    }
}

/// The dataset as a script `Table`, columns in the data file's order.
pub fn dataset_table(dataset: &'static Dataset) -> Result<Table, String> {
    let columns = dataset.columns.iter().map(|c| c.name.clone()).collect();
    let rows = dataset
        .rows
        .iter()
        .map(|row| row.iter().map(cell_value).collect())
        .collect();
    Table::new(columns, rows)
        .map(|t| t.with_origin(super::Origin::of_dataset(dataset)))
        .map_err(|e| format!("dataset {}: {e}", dataset.name))
}

/// The `fx_rates` table of `fx`: its published and session rows as the dataset has them, then
/// the ECB's monthly and annual means; or (`daily`) every daily ECB rate, in the same columns.
/// Kept as typed columns (the daily rates are a quarter of a million rows) until a query needs
/// rows.
pub fn fx_rates_table(fx: &whatif_core::fx::FxSession, daily: bool) -> Result<Table, String> {
    use super::cell::Field;
    use super::columns::ColumnBuilder;
    let worded = |e: whatif_core::fx::FxError| crate::messages::fx(&e);
    let published = whatif_core::fx::session_dataset(fx).map_err(worded)?;
    let mut builders: Vec<ColumnBuilder> = published
        .columns
        .iter()
        .map(|_| ColumnBuilder::new())
        .collect();
    let number = |d: rust_decimal::Decimal| {
        if d.fract().is_zero() {
            if let Some(i) = rust_decimal::prelude::ToPrimitive::to_i64(&d) {
                return Field::Int(i);
            }
        }
        Field::Decimal(d.normalize())
    };
    // Where each row is in the built-in `fx_rates` dataset (`NOT_FROM_SOURCE` for a rate set
    // in the session or an ECB mean): the session's rows are the built-in ones it did not
    // replace, in their order, then its own.
    let builtin = whatif_core::datasets::get("fx_rates");
    let mut positions: Vec<u64> = Vec::new();
    let mut next = 0usize;
    for row in published.rows.iter().filter(|_| !daily) {
        let id = match row.first() {
            Some(Cell::Text(id)) => id.as_str(),
            _ => "",
        };
        let rows = builtin.map_or(&[][..], |b| b.rows.as_slice());
        let found = rows[next.min(rows.len())..]
            .iter()
            .position(|r| matches!(r.first(), Some(Cell::Text(b)) if b == id))
            .map(|k| next + k);
        positions.push(found.map_or(super::NOT_FROM_SOURCE, |at| {
            next = at + 1;
            at as u64
        }));
        for (builder, cell) in builders.iter_mut().zip(row) {
            match cell {
                Cell::Decimal(d) => builder.push(number(*d), ""),
                Cell::Text(t) => builder.push(Field::Text, t),
                Cell::Date(d) => builder.push(Field::Date(*d), ""),
                Cell::Int(i) => builder.push(Field::Int(*i), ""),
                _ => builder.push(Field::Empty, ""),
            }
        }
    }
    fx.with_ecb(|rates| {
        whatif_core::fx::for_each_ecb_row(rates, daily, |row| {
            let fields = [
                row.id(),
                "EUR".to_string(),
                row.code.to_string(),
                String::new(),
                row.period.to_string(),
                row.period.kind().to_string(),
                row.source(&rates.origin),
            ];
            for (c, (builder, text)) in builders.iter_mut().zip(&fields).enumerate() {
                if c == 3 {
                    builder.push(number(row.rate), "");
                } else if let Some(period) = (c == 4)
                    .then(|| whatif_core::dates::Date::parse(text).ok())
                    .flatten()
                {
                    builder.push(Field::Date(period), text);
                } else {
                    builder.push(Field::Text, text);
                }
            }
        })
    })
    .map_err(worded)?;
    let names = published.columns.iter().map(|c| c.name.clone()).collect();
    let table = Table::from_columns(
        names,
        builders.into_iter().map(ColumnBuilder::finish).collect(),
    );
    Ok(match builtin.filter(|_| !daily) {
        Some(dataset) => {
            positions.resize(table.len(), super::NOT_FROM_SOURCE);
            table.with_origin(super::Origin {
                lines: positions.into(),
                ..super::Origin::of_dataset(dataset)
            })
        }
        None => table,
    })
}

/// A page explaining the dataset, as `:help NAME` shows it: description, row count, the
/// columns with their meaning and unit (as a table `width` columns wide), and sources.
pub fn dataset_page(dataset: &Dataset, width: u16) -> String {
    let columns = Table::new(
        vec!["column".into(), "meaning".into(), "unit".into()],
        dataset
            .columns
            .iter()
            .map(|c| {
                vec![
                    c.name.clone().into(),
                    c.meaning.clone().into(),
                    c.unit.clone().into(),
                ]
            })
            .collect(),
    );
    let mut page = format!(
        "{}\n{} rows, {} columns:\n",
        dataset.description,
        dataset.rows.len(),
        dataset.columns.len()
    );
    if let Ok(columns) = columns {
        page.push_str(&format::render_box(&columns, width));
    }
    if !dataset.sources.is_empty() {
        page.push_str("\nsources:");
        for source in &dataset.sources {
            page.push_str("\n  ");
            page.push_str(source);
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_become_money_counts_integers_and_empty_cells_unit() {
        let pledges = whatif_core::datasets::get("pledges").unwrap();
        let table = dataset_table(pledges).unwrap();
        let first = table.row_map(0).unwrap();
        let amount = first["amount"]
            .read_lock::<whatif_core::money::Money>()
            .map(|m| *m);
        assert_eq!(
            amount.map(|m| m.display()),
            Some("50,000,000,000 USD".into())
        );
        assert!(first["jobs"].is_int());
        assert!(first["horizon_years"].is_unit());
    }
}
