//! The `fx_rates` dataset (the published averages, the rates set in the session) and the
//! currency codes money accepts.

use super::{builtin_rows, FxError, FxSession};

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
        "the period the rate averages: a year, YYYY-MM, or the day YYYY-MM-DD of an ECB rate",
        "date",
    ),
    ("period_kind", "annual, monthly or daily", "text"),
    ("source", "the publication the rate comes from", "text"),
];

/// The `fx_rates` dataset as a session sees it (built-in rates plus the rates set in it).
pub fn session_dataset(session: &FxSession) -> Result<crate::datasets::dataset::Dataset, FxError> {
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
                crate::dates::Date::parse(&row.period.to_string())
                    .map_or_else(|_| Cell::Text(row.period.to_string()), Cell::Date),
                Cell::Text(row.period_kind().to_string()),
                Cell::Text(row.source.clone()),
            ]
        })
        .collect();
    Dataset::new(
        "fx_rates",
        "Exchange rates used by convert(): annual and monthly averages of the Federal Reserve \
         (G.5A, G.5, EXCHUS) and the IRS 2024 yearly average; `set_fx` overrides appear here too; \
         then the monthly and annual means of the ECB's daily euro reference rates (base EUR; the \
         daily rates themselves: fx_daily())",
        COLUMNS
            .iter()
            .map(|(name, meaning, unit)| column(name, meaning, unit))
            .collect(),
        vec![
            "shared/reference/fx-rates.md (Federal Reserve G.5A/G.5/EXCHUS, US IRS)".to_string(),
            "European Central Bank, euro foreign exchange reference rates (eurofxref-hist)"
                .to_string(),
        ],
        rows,
    )
    .map_err(FxError::Table)
}

/// The `fx_rates` dataset with the built-in rates only (for the dataset registry).
pub fn builtin_dataset() -> Result<crate::datasets::dataset::Dataset, FxError> {
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

/// One ECB row of `fx_rates`: 1 EUR in `code` on a day, or the mean over a month or a year of
/// its `days` daily rates.
#[derive(Debug, Clone, PartialEq)]
pub struct EcbRow<'a> {
    pub code: &'a str,
    pub period: super::Period,
    pub rate: rust_decimal::Decimal,
    pub days: u32,
}

impl EcbRow<'_> {
    pub fn id(&self) -> String {
        match self.period {
            super::Period::Day(..) => format!("ECB-EUR{}-{}", self.code, self.period),
            _ => format!("ECB-mean-EUR{}-{}", self.code, self.period),
        }
    }

    pub fn source(&self, origin: &str) -> String {
        let file = if origin == "shipped" {
            String::new()
        } else {
            format!(" (loaded from {origin})")
        };
        match self.period {
            super::Period::Day(..) => format!("ECB euro reference rate{file}"),
            _ => format!(
                "mean of the {} ECB daily reference rates of {}{file}",
                self.days, self.period
            ),
        }
    }
}

/// The ECB rates of `rates` as rows: each currency's daily rates (`daily`), or its monthly and
/// annual means over the months and years the table covers whole (the rows of `fx_rates`).
pub fn for_each_ecb_row(rates: &super::ecb::EcbRates, daily: bool, mut f: impl FnMut(EcbRow)) {
    use super::Period;
    let days = rates.days();
    let mut months: Vec<Period> = days
        .iter()
        .map(|d| Period::Month(i64::from(d / 10000), d / 100 % 100))
        .collect();
    months.dedup();
    let mut years: Vec<Period> = days
        .iter()
        .map(|d| Period::Year(i64::from(d / 10000)))
        .collect();
    years.dedup();
    for code in rates.codes() {
        let Some(column) = rates.column(code) else {
            continue;
        };
        for (day, rate) in days.iter().zip(column) {
            if daily && !rate.is_zero() {
                f(EcbRow {
                    code,
                    period: Period::Day(i64::from(day / 10000), day / 100 % 100, day % 100),
                    rate: *rate,
                    days: 1,
                });
            }
        }
        for period in months.iter().chain(&years).filter(|_| !daily) {
            if let Some(sum) = rates.whole_period_sum(code, *period) {
                f(EcbRow {
                    code,
                    period: *period,
                    rate: sum.mean(),
                    days: sum.days,
                });
            }
        }
    }
}

/// How many rows `fx_rates` has in `session`, without building them.
pub fn row_count(session: &FxSession) -> Result<usize, FxError> {
    let published = session.rows()?.len();
    let ecb = session.with_ecb(|rates| {
        let mut n = 0;
        for_each_ecb_row(rates, false, |_| n += 1);
        n
    })?;
    Ok(published + ecb)
}
