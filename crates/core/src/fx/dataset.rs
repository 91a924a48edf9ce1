//! The `fx_rates` dataset (the published averages, the rates set in the session) and the
//! currency codes money accepts.

use super::{builtin_rows, FxSession};

/// The columns of the `fx_rates` dataset: name, meaning, unit.
const COLUMNS: [(&str, &str, &str); 7] = [
    ("id", "stable identifier", "text"),
    (
        "base",
        "the currency one unit of which the rate prices",
        "ISO 4217",
    ),
    ("quote", "the currency the rate is expressed in", "ISO 4217"),
    ("rate", "units of `quote` per one unit of `base`", "ratio"),
    (
        "period",
        "the period the rate averages: a year or YYYY-MM",
        "date",
    ),
    ("period_kind", "annual or monthly", "text"),
    ("source", "the publication the rate comes from", "text"),
];

/// The `fx_rates` dataset as a session sees it (built-in rates plus its `set_fx` overrides).
pub fn session_dataset(session: &FxSession) -> Result<crate::datasets::dataset::Dataset, String> {
    use crate::datasets::dataset::{Cell, Column, Dataset};
    let column = |name: &str, meaning: &str, unit: &str| Column {
        name: name.to_string(),
        meaning: meaning.to_string(),
        unit: unit.to_string(),
    };
    let rows = session
        .rows()?
        .into_iter()
        .map(|row| {
            vec![
                Cell::Text(row.id.clone()),
                Cell::Text(row.base.clone()),
                Cell::Text(row.quote.clone()),
                Cell::Decimal(row.rate),
                Cell::Text(row.period.to_string()),
                Cell::Text(row.period_kind().to_string()),
                Cell::Text(row.source.clone()),
            ]
        })
        .collect();
    Dataset::new(
        "fx_rates",
        "Exchange rates used by convert(): annual and monthly averages of the Federal Reserve \
         (G.5A, G.5, EXCHUS) and the IRS 2024 yearly average; `set_fx` overrides appear here too",
        COLUMNS
            .iter()
            .map(|(name, meaning, unit)| column(name, meaning, unit))
            .collect(),
        vec!["shared/reference/fx-rates.md (Federal Reserve G.5A/G.5/EXCHUS, US IRS)".to_string()],
        rows,
    )
}

/// The `fx_rates` dataset with the built-in rates only (for the dataset registry).
pub fn builtin_dataset() -> Result<crate::datasets::dataset::Dataset, String> {
    session_dataset(&FxSession::new())
}

/// The codes money may use without a session's own `set_fx` rates: every currency the built-in
/// FX table and the shipped ECB rates quote and every currency the datasets use, sorted.
pub fn known_codes() -> Vec<String> {
    let mut codes: Vec<String> = crate::datasets::fields::CURRENCIES
        .iter()
        .map(|c| c.to_string())
        .collect();
    codes.extend(super::ecb::SHIPPED_CODES.iter().map(|c| c.to_string()));
    codes.push("EUR".into());
    if let Ok(rows) = builtin_rows() {
        for row in rows {
            codes.push(row.base.clone());
            codes.push(row.quote.clone());
        }
    }
    codes.sort();
    codes.dedup();
    codes
}
