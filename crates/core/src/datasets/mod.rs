//! The article's datasets: CSV files embedded at compile time (`data/`), read into typed
//! records (`records.rs`) whose cells are validated (`fields.rs`), and a registry that parses
//! them once, at first use, into `Dataset`s that scripts see as arrays of maps.
//!
//! A dataset built in code (the FX table, for instance) joins the registry by adding its
//! builder to `ENTRIES` below. `lookup` finds one by name, or says why not (`DatasetError`);
//! the validation of the shipped files words its findings as text, since a shipped file that
//! fails is a defect of the build the unit tests catch.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use serde::de::DeserializeOwned;

pub mod dataset;
mod error;
pub mod fields;
pub mod provenance;
pub mod records;

pub use dataset::{Cell, Column, Dataset};
pub use error::{BuildError, DatasetError};

/// A column of a record type, known at compile time.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec {
    pub name: &'static str,
    pub meaning: &'static str,
    pub unit: &'static str,
}

/// A row type of one embedded data file.
pub trait Record: DeserializeOwned {
    /// The dataset's name in scripts.
    const NAME: &'static str;
    /// The file name under `data/`.
    const FILE: &'static str;
    /// The file's text, embedded at compile time.
    const TEXT: &'static str;
    const DESCRIPTION: &'static str;
    /// The columns, in the order the file must have them.
    const COLUMNS: &'static [ColumnSpec];
    fn id(&self) -> &str;
    fn cells(&self) -> Vec<Cell>;
    /// Checks that span columns (an amount needs a currency, …).
    fn check(&self) -> Result<(), String>;
    /// The first cell of a row (cells in column order) that does not parse, with the reason.
    fn diagnose(cells: &[&str]) -> Option<(usize, String)>;
}

/// Parses and validates CSV `text` as rows of `R`; errors name `file`, the row and the line.
pub fn parse_records<R: Record>(file: &str, text: &str) -> Result<Vec<R>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("{file}: cannot read the header: {e}"))?
        .clone();
    check_headers::<R>(file, &headers)?;

    let mut records = Vec::new();
    let mut first_row_of: HashMap<String, usize> = HashMap::new();
    let mut raw = csv::StringRecord::new();
    let mut row = 0;
    loop {
        let at = |row: usize, raw: &csv::StringRecord| match raw.position() {
            Some(p) => format!("{file}: row {row} (line {})", p.line()),
            None => format!("{file}: row {row}"),
        };
        match reader.read_record(&mut raw) {
            Ok(false) => break,
            Ok(true) => row += 1,
            Err(e) => return Err(format!("{file}: row {}: {}", row + 1, csv_message(&e))),
        }
        let record: R = raw.deserialize(Some(&headers)).map_err(|e| {
            let cells: Vec<&str> = raw.iter().collect();
            match R::diagnose(&cells) {
                Some((column, why)) => format!(
                    "{}, column `{}`: {why}",
                    at(row, &raw),
                    R::COLUMNS[column].name
                ),
                None => format!("{}: {}", at(row, &raw), csv_message(&e)),
            }
        })?;
        let id = record.id().to_string();
        record
            .check()
            .map_err(|msg| format!("{}, id {id:?}: {msg}", at(row, &raw)))?;
        if let Some(first) = first_row_of.insert(id.clone(), row) {
            return Err(format!(
                "{}: duplicate id {id:?} (first used in row {first})",
                at(row, &raw)
            ));
        }
        records.push(record);
    }
    Ok(records)
}

fn check_headers<R: Record>(file: &str, headers: &csv::StringRecord) -> Result<(), String> {
    let expected: Vec<&str> = R::COLUMNS.iter().map(|c| c.name).collect();
    let found: Vec<&str> = headers.iter().collect();
    if found == expected {
        return Ok(());
    }
    if let Some(missing) = expected.iter().find(|c| !found.contains(c)) {
        return Err(format!("{file}: missing required column `{missing}`"));
    }
    if let Some(unknown) = found.iter().find(|c| !expected.contains(c)) {
        return Err(format!("{file}: unknown column `{unknown}`"));
    }
    Err(format!(
        "{file}: columns out of order or repeated; expected {}",
        expected.join(",")
    ))
}

/// The useful part of a csv error: the message without csv's own position prefix.
fn csv_message(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Deserialize { err, .. } => err.kind().to_string(),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields where the header has {expected_len}"),
        _ => error.to_string(),
    }
}

/// Builds the dataset of one embedded file.
pub fn file_dataset<R: Record>() -> Result<Dataset, String> {
    let records = parse_records::<R>(R::FILE, R::TEXT)?;
    let columns = R::COLUMNS
        .iter()
        .map(|c| Column::new(c.name, c.meaning, c.unit))
        .collect();
    let rows: Vec<Vec<Cell>> = records.iter().map(Record::cells).collect();
    let mut dataset = Dataset::new(R::NAME, R::DESCRIPTION, columns, Vec::new(), rows)?;
    with_money(&mut dataset)?;
    dataset.sources = sources_of(&dataset);
    Ok(dataset)
}

/// The unit of the columns that hold amounts of money in their row's `currency`.
pub const MONEY_UNIT: &str = "currency units";

/// Turns every amount of a money column (unit `MONEY_UNIT`) into `Cell::Money` in its row's
/// currency; the `currency` column stays, for filters and files. The records have checked
/// that an amount has a currency.
fn with_money(dataset: &mut Dataset) -> Result<(), String> {
    let Some(currency) = dataset.column_index("currency") else {
        return Ok(());
    };
    let money_columns: Vec<usize> = (0..dataset.columns.len())
        .filter(|&c| dataset.columns[c].unit == MONEY_UNIT)
        .collect();
    for (i, row) in dataset.rows.iter_mut().enumerate() {
        let Cell::Text(code) = &row[currency] else {
            continue;
        };
        let code = crate::money::CurrencyCode::parse(code)
            .map_err(|e| format!("{}: row {}: {e}", dataset.name, i + 1))?;
        for &c in &money_columns {
            let amount = match &row[c] {
                Cell::Decimal(d) => *d,
                Cell::Int(n) => rust_decimal::Decimal::from(*n),
                _ => continue,
            };
            row[c] = Cell::Money(crate::money::Money::new(amount, code));
        }
    }
    Ok(())
}

/// The references a dataset's rows cite, in the article's order, then `article` and the
/// named reporters.
fn sources_of(dataset: &Dataset) -> Vec<String> {
    let texts = |column: &str| -> BTreeSet<String> {
        let Some(index) = dataset.column_index(column) else {
            return BTreeSet::new();
        };
        dataset
            .rows
            .iter()
            .filter_map(|row| match &row[index] {
                Cell::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect()
    };
    let cited = texts("source");
    let mut numbers: BTreeSet<usize> = BTreeSet::new();
    for source in &cited {
        numbers.extend(source.split(';').filter_map(|n| n.parse::<usize>().ok()));
    }
    let mut sources: Vec<String> = numbers
        .into_iter()
        .filter_map(|n| Some(format!("[{n}] {}", fields::REFERENCES.get(n - 1)?)))
        .collect();
    if cited.contains("article") {
        sources.push(fields::ARTICLE.to_string());
    }
    sources.extend(
        texts("reported_by")
            .into_iter()
            .map(|r| format!("reported by: {r}")),
    );
    sources
}

/// A dataset the registry knows: its name (known without parsing) and how to build it.
struct Entry {
    name: &'static str,
    build: fn() -> Result<Dataset, BuildError>,
}

impl Entry {
    /// A dataset built in code, e.g. `Entry::code("fx_rates", fx_rates)`.
    const fn code(name: &'static str, build: fn() -> Result<Dataset, BuildError>) -> Self {
        Entry { name, build }
    }
}

/// The dataset of one embedded file, for the registry.
fn file_entry_build<R: Record>() -> Result<Dataset, BuildError> {
    file_dataset::<R>().map_err(BuildError::Invalid)
}

/// The published FX rates as a dataset, for the registry.
fn fx_rates() -> Result<Dataset, BuildError> {
    crate::fx::builtin_dataset().map_err(|e| BuildError::Fx(Box::new(e)))
}

macro_rules! file_entry {
    ($record:ty) => {
        Entry {
            name: <$record as Record>::NAME,
            build: file_entry_build::<$record>,
        }
    };
}

/// Every dataset, in the order `datasets()` lists them. A dataset built in code joins with one
/// line here: `Entry::code("name", builder)`, where `builder` returns `Dataset::new(…)`.
const ENTRIES: &[Entry] = &[
    file_entry!(records::Pledge),
    file_entry!(records::SoftbankDeal),
    file_entry!(records::FundingRound),
    file_entry!(records::Valuation),
    file_entry!(records::FundingTotal),
    file_entry!(records::StockMove),
    file_entry!(records::Forecast),
    file_entry!(records::ExportControl),
    file_entry!(records::Event),
    file_entry!(records::Fact),
    Entry::code("fx_rates", fx_rates),
];

struct Registry {
    datasets: Vec<Dataset>,
}

static REGISTRY: OnceLock<Registry> = OnceLock::new();

/// Each entry built on its own at first use, so that touching one dataset parses one file, not
/// all of them.
static BUILT: [OnceLock<Result<Dataset, BuildError>>; ENTRIES.len()] =
    [const { OnceLock::new() }; ENTRIES.len()];

fn built(index: usize) -> &'static Result<Dataset, BuildError> {
    BUILT[index].get_or_init(|| (ENTRIES[index].build)())
}

fn built_by_name(name: &str) -> Option<&'static Result<Dataset, BuildError>> {
    ENTRIES.iter().position(|e| e.name == name).map(built)
}

fn registry() -> &'static Registry {
    REGISTRY.get_or_init(|| {
        let datasets = (0..ENTRIES.len())
            .filter_map(|index| built(index).as_ref().ok().cloned())
            .collect();
        Registry { datasets }
    })
}

/// The names of every dataset, without parsing any.
pub fn names() -> Vec<&'static str> {
    ENTRIES.iter().map(|e| e.name).collect()
}

/// Whether `name` is a dataset's name (cheap: no parsing).
pub fn is_name(name: &str) -> bool {
    ENTRIES.iter().any(|e| e.name == name)
}

/// Every dataset that loaded, parsed on first call.
pub fn all() -> &'static [Dataset] {
    &registry().datasets
}

/// The dataset called `name`.
pub fn get(name: &str) -> Option<&'static Dataset> {
    built_by_name(name)?.as_ref().ok()
}

/// The dataset called `name`, or why there is none: no such name, or a dataset that failed
/// to build (the shipped files are checked by the tests, so that is for datasets in
/// development).
pub fn lookup(name: &str) -> Result<&'static Dataset, DatasetError> {
    match built_by_name(name) {
        Some(Ok(dataset)) => Ok(dataset),
        Some(Err(cause)) => Err(DatasetError::Failed {
            name: name.to_string(),
            cause: cause.clone(),
        }),
        None => Err(DatasetError::Unknown {
            name: name.to_string(),
            known: names(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::records::*;
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn every_shipped_file_validates() {
        for entry in ENTRIES {
            if let Err(error) = (entry.build)() {
                panic!("{}: {error}", entry.name);
            }
        }
        assert_eq!(all().len(), ENTRIES.len());
        assert!(names().iter().all(|name| lookup(name).is_ok()));
    }

    #[test]
    fn names_are_unique_and_known_without_parsing() {
        let names = names();
        let unique: BTreeSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for name in [
            "pledges",
            "softbank_deals",
            "funding_rounds",
            "valuations",
            "funding_totals",
            "forecasts",
            "export_controls",
            "timeline",
        ] {
            assert!(is_name(name), "{name}");
        }
    }

    #[test]
    fn every_row_cites_a_source() {
        for dataset in all() {
            assert!(!dataset.sources.is_empty(), "{}", dataset.name);
            for (i, row) in dataset.rows.iter().enumerate() {
                let source = dataset.cell(i, "source").expect("source column");
                assert!(matches!(source, Cell::Text(_)), "{} row {i}", dataset.name);
                assert!(!row.is_empty());
            }
        }
    }

    const HEADER: &str = "id,entity,name_zh,recipient,date,amount,currency,qualifier,jobs,\
                          horizon_years,deploy_by,status,note,source\n";

    fn broken(rows: &str) -> String {
        parse_records::<Pledge>("pledges.csv", &format!("{HEADER}{rows}"))
            .map(|_| ())
            .unwrap_err()
    }

    const GOOD: &str =
        "p1,SoftBank,,United States,2024-12-16,100000000000,USD,,100000,4,2029,,note,1\n";

    #[test]
    fn a_good_row_parses_exactly() {
        let rows = parse_records::<Pledge>("pledges.csv", &format!("{HEADER}{GOOD}")).unwrap();
        assert_eq!(
            rows[0].amount.unwrap().0,
            Decimal::from(100_000_000_000_i64)
        );
        assert_eq!(rows[0].jobs.unwrap().0, 100_000);
    }

    #[test]
    fn amounts_are_money_in_their_rows_currency() {
        use crate::money::{CurrencyCode, Money};
        let totals = get("funding_totals").unwrap();
        let amount = totals.column_index("amount").unwrap();
        let currency = totals.column_index("currency").unwrap();
        let mut seen = 0;
        for row in &totals.rows {
            match (&row[amount], &row[currency]) {
                (Cell::Money(m), Cell::Text(code)) => {
                    assert_eq!(m.currency.as_str(), code);
                    seen += 1;
                }
                (Cell::Empty, _) => {}
                other => panic!("an amount that is not money: {other:?}"),
            }
        }
        assert!(seen > 3);
        let deals = get("softbank_deals").unwrap();
        let later = deals.column_index("value_later").unwrap();
        assert!(deals.rows.iter().any(|r| matches!(
            r[later],
            Cell::Money(Money {
                currency: CurrencyCode::USD,
                ..
            })
        )));
    }

    #[test]
    fn unknown_currency_names_file_row_and_column() {
        let err = broken(&format!(
            "{GOOD}p2,SoftBank,,US,2016-12,50000000000,USDD,,,,,,note,2\n"
        ));
        assert_eq!(
            err,
            "pledges.csv: row 2 (line 3), column `currency`: unknown currency \"USDD\" \
             (known: USD, CNY, JPY, EUR, GBP, HKD)"
        );
    }

    /// Asserts that a pledges file with `row` fails with a message starting `expected`.
    fn rejects(row: &str, expected: &str) {
        let err = broken(row);
        assert!(err.starts_with(expected), "{err}");
    }

    #[test]
    fn malformed_date_names_file_row_and_column() {
        rejects(
            "p1,SoftBank,,US,2023-02-29,1,USD,,,,,,note,1\n",
            "pledges.csv: row 1 (line 2), column `date`: malformed date \"2023-02-29\"",
        );
    }

    #[test]
    fn duplicate_id_names_both_rows() {
        let err = broken(&format!("{GOOD}{GOOD}"));
        assert_eq!(
            err,
            "pledges.csv: row 2 (line 3): duplicate id \"p1\" (first used in row 1)"
        );
    }

    #[test]
    fn missing_required_field_names_the_column() {
        let err = broken("p1,,,US,2024,1,USD,,,,,,note,1\n");
        assert_eq!(
            err,
            "pledges.csv: row 1 (line 2), column `entity`: missing required value"
        );
    }

    #[test]
    fn missing_column_is_named() {
        let err = parse_records::<Pledge>("pledges.csv", "id,entity\np1,SoftBank\n")
            .map(|_| ())
            .unwrap_err();
        assert_eq!(err, "pledges.csv: missing required column `name_zh`");
    }

    #[test]
    fn amount_without_currency_is_a_row_error() {
        let err = broken("p1,SoftBank,,US,2024,1,,,,,,,note,1\n");
        assert_eq!(
            err,
            "pledges.csv: row 1 (line 2), id \"p1\": amount 1 has no currency"
        );
    }

    #[test]
    fn abbreviated_amount_is_rejected() {
        rejects(
            "p1,SoftBank,,US,2024,100B,USD,,,,,,note,1\n",
            "pledges.csv: row 1 (line 2), column `amount`: \"100B\" is not a number",
        );
    }

    #[test]
    fn short_row_is_reported() {
        let err = broken("p1,SoftBank\n");
        assert!(err.starts_with("pledges.csv: row 1"), "{err}");
        assert!(err.contains("2 fields where the header has 14"), "{err}");
    }

    #[test]
    fn code_built_dataset_checks_row_lengths() {
        let columns = vec![
            Column::new("id", "id", ""),
            Column::new("rate", "rate", "CNY"),
        ];
        let ok = Dataset::new(
            "fx",
            "test",
            columns.clone(),
            vec![],
            vec![vec![
                Cell::Text("a".into()),
                Cell::Decimal(Decimal::new(72, 1)),
            ]],
        )
        .unwrap();
        assert_eq!(
            ok.cell(0, "rate"),
            Some(&Cell::Decimal(Decimal::new(72, 1)))
        );
        assert!(Dataset::new("fx", "test", columns, vec![], vec![vec![Cell::Empty]]).is_err());

        fn builder() -> Result<Dataset, BuildError> {
            Dataset::new("fx", "d", vec![Column::new("id", "", "")], vec![], vec![])
                .map_err(BuildError::Invalid)
        }
        let entry = Entry::code("fx", builder);
        assert_eq!((entry.build)().unwrap().name, entry.name);
    }

    #[test]
    fn a_lookup_names_what_is_missing() {
        assert_eq!(lookup("pledges").unwrap().name, "pledges");
        let Err(DatasetError::Unknown { name, known }) = lookup("pledge") else {
            panic!("pledge is not a dataset");
        };
        assert_eq!(name, "pledge");
        assert_eq!(known, names());
        let failed = DatasetError::Failed {
            name: "fx_rates".into(),
            cause: BuildError::Fx(Box::new(crate::fx::FxError::AlreadyChosen)),
        };
        assert_eq!(
            failed.to_string(),
            "dataset fx_rates failed to load: the process's ECB rates are already chosen"
        );
    }
}
