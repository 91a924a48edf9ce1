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
        Cell::Money(m) => Dynamic::from(*m),
    }
}

/// The dataset as a script `Table`, columns in the data file's order.
pub fn dataset_table(dataset: &Dataset) -> Result<Table, String> {
    let columns = dataset.columns.iter().map(|c| c.name.clone()).collect();
    let rows = dataset
        .rows
        .iter()
        .map(|row| row.iter().map(cell_value).collect())
        .collect();
    Table::new(columns, rows).map_err(|e| format!("dataset {}: {e}", dataset.name))
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
