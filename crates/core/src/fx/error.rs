//! Why a rate, a conversion or an ECB file was refused: what happened, with the data a message
//! needs (the pair, the period, the range of the rates, the file and line). `Display` words it
//! for an analyst without naming a script call; the fix that is a call (setting a rate of one's
//! own, loading a newer ECB file, the rate the right way round) follows from the variant, and
//! the embedder words it.

use std::fmt;

use rust_decimal::Decimal;

use super::days::{ymd_text, Ymd};
use super::Period;
use crate::dates::DateError;

#[derive(Debug, Clone, PartialEq)]
pub enum FxError {
    /// Text that is not a three-letter currency code.
    NotACode(String),
    /// Text that is not a year, a month or a day.
    NotAPeriod(String),
    /// A day that is not in the calendar (`"2024-02-30"`).
    Date(DateError),
    /// A source of rates other than ECB, published or auto.
    NotASource(String),
    /// A rate of a currency against itself.
    SamePair(String),
    /// A rate that is zero or negative.
    RateNotPositive(Decimal),
    /// A rate typed in that is far from the reference rate of the pair, or is it the wrong way
    /// round: the fix is the rate the other way round, or insisting on it.
    Implausible(Box<Implausible>),
    /// A code no rate quotes: the fix is a rate of one's own against it.
    UnknownCurrency {
        code: String,
        /// Every code the session has rates for.
        known: Vec<String>,
        /// The code the text most likely means (`RMB` → CNY).
        hint: Option<String>,
        /// The period of the conversion asked for.
        period: Period,
    },
    /// No published (or set) rate for the pair and period: the fix is a rate of one's own.
    NoPublished {
        from: String,
        to: String,
        period: Period,
    },
    /// No ECB rate for the pair and period, the ECB chosen as the source.
    NoEcb {
        from: String,
        to: String,
        period: Period,
        cause: Box<EcbError>,
    },
    /// No rate from either source: the fix is a rate of one's own (or a newer ECB file, when
    /// the cause says so).
    NoRate {
        from: String,
        to: String,
        period: Period,
        cause: Box<EcbError>,
    },
    /// The ECB's table refused a look-up.
    Ecb(EcbError),
    /// An ECB file that cannot be used; `line` is 1-based.
    BadFile {
        file: String,
        line: Option<usize>,
        problem: FileProblem,
    },
    /// A rate, cross rate, mean or converted amount beyond the decimal range.
    Overflow(Overflow),
    /// The process's ECB rates were chosen once already.
    AlreadyChosen,
    /// The built-in table of published rates is invalid: a defect of the build, which the unit
    /// tests catch.
    Table(String),
}

/// A rate typed in and the reference it was compared with.
#[derive(Debug, Clone, PartialEq)]
pub struct Implausible {
    pub base: String,
    pub quote: String,
    /// The rate as typed: 1 `base` = `rate` `quote`.
    pub rate: Decimal,
    pub period: Period,
    /// The reference rate, 1 `base` = `reference` `quote`.
    pub reference: Decimal,
    /// What the reference is: "published 2024 average", "ECB mean of 2019-07"…
    pub what: String,
    pub distance: Distance,
}

/// How far a rate is from its reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Distance {
    /// More than 2x the reference (the factor, to 2 significant digits).
    Times(Decimal),
    /// Less than half the reference (1 / the factor, to 2 significant digits).
    Fraction(Decimal),
    /// Within 2% of the reference the wrong way round.
    WrongWayRound,
}

/// What overflowed the decimal range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Overflow {
    /// A rate's value (its fraction divided out).
    Rate,
    /// Two published legs crossed through USD.
    Cross,
    /// The mean of two ECB columns over a period.
    Mean,
    /// An amount converted.
    Converting(Decimal),
}

/// Why the ECB's table cannot answer.
#[derive(Debug, Clone, PartialEq)]
pub enum EcbError {
    /// A day or period (`what`) before or after the table's days: after them, a newer file
    /// would have it.
    OutOfRange {
        first: Ymd,
        last: Ymd,
        what: String,
        after: bool,
    },
    /// A period that ends after the table's last day: its mean is not known yet (a newer file
    /// would have it).
    NotEnded { last: Ymd, period: Period },
    /// A period that begins before a table that does not start with the euro.
    StartsAfter { first: Ymd, period: Period },
    /// A currency the table does not quote; `codes` are those it does.
    NoCurrency { code: String, codes: Vec<String> },
    /// No rate of `code` on `day` or in the week before; `coverage` says when it has rates.
    NoDayRate {
        code: String,
        day: Ymd,
        coverage: String,
    },
    /// Rates of `code` on only some business days of a period.
    Partial {
        code: String,
        published: usize,
        days: usize,
        period: Period,
        coverage: String,
    },
    /// The exact sum of a period's rates overflows.
    SumOverflow { code: String, period: Period },
}

/// What is wrong with an ECB file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileProblem {
    /// Neither a ZIP archive nor UTF-8 text.
    NotText,
    /// A ZIP archive that cannot be opened.
    NotZip(String),
    /// A ZIP archive without exactly one `.csv`.
    CsvCount(usize),
    /// The `.csv` in the archive cannot be found again.
    Unreadable { name: String, why: String },
    /// The `.csv` in the archive cannot be inflated or is not text.
    Damaged { name: String, why: String },
    /// The header is not `Date,USD,JPY,…` (its first 40 characters).
    Header(String),
    /// A column name that is not a three-letter code.
    NotACode(String),
    /// A currency's column twice (or the euro's).
    Repeated(String),
    /// A first field that is not a day `YYYY-MM-DD`.
    NotADate(String),
    /// A day out of order after the previous one.
    OutOfOrder { day: Ymd, previous: Ymd },
    /// More rates than the header has currencies.
    TooManyFields(usize),
    /// A rate that is not a positive number.
    NotPositive { code: String, field: String },
    /// Fewer rates than the header has currencies.
    CutShort { count: usize, expected: usize },
    /// A header and no rates.
    NoRates,
}

/// `USD→CNY exchange rate (1 USD = ? CNY) for 2016`: the pair a missing rate names.
pub fn pair_text(from: &str, to: &str, period: Period) -> String {
    format!("{from}→{to} exchange rate (1 {from} = ? {to}) for {period}")
}

impl EcbError {
    /// Whether a newer copy of the ECB's file would have the rate.
    pub fn newer_file_helps(&self) -> bool {
        matches!(
            self,
            EcbError::OutOfRange { after: true, .. } | EcbError::NotEnded { .. }
        )
    }
}

impl fmt::Display for FxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FxError::NotACode(text) => write!(
                f,
                "a currency must be a three-letter code such as \"USD\" or \"CNY\", not {text:?}"
            ),
            FxError::NotAPeriod(text) => write!(
                f,
                "period must be a year (2023), a month \"YYYY-MM\" or a day \"YYYY-MM-DD\", not \
                 {text:?}"
            ),
            FxError::Date(error) => error.fmt(f),
            FxError::NotASource(text) => write!(
                f,
                "the rate source must be \"ECB\" (the ECB's daily reference rates and their \
                 means), \"published\" (the IRS and Federal Reserve averages) or \"auto\" \
                 (published averages where there is one, else the ECB), not {text:?}"
            ),
            FxError::SamePair(code) => write!(f, "{code} to {code} is always 1"),
            FxError::RateNotPositive(rate) => {
                write!(f, "the rate must be positive, not {}", rate.normalize())
            }
            FxError::Implausible(i) => i.fmt(f),
            FxError::UnknownCurrency {
                code, known, hint, ..
            } => {
                write!(f, "unknown currency {code}: ")?;
                if let Some(hint) = hint {
                    write!(f, "did you mean {hint}? ")?;
                }
                write!(f, "whatif has rates for {}", known.join(", "))
            }
            FxError::NoPublished { from, to, period } => {
                write!(f, "{}", missing_published(from, to, *period))?;
                if from != "USD" && to != "USD" {
                    write!(f, " ({})", crossing(from, to))?;
                }
                Ok(())
            }
            FxError::NoEcb {
                from,
                to,
                period,
                cause,
            } => write!(f, "no ECB {}: {cause}", pair_text(from, to, *period)),
            FxError::NoRate {
                from,
                to,
                period,
                cause,
            } => write!(
                f,
                "no {}: {}{cause}",
                pair_text(from, to, *period),
                no_published_average(*period)
            ),
            FxError::Ecb(cause) => cause.fmt(f),
            FxError::BadFile {
                file,
                line,
                problem,
            } => match line {
                Some(line) => write!(f, "{file} line {line}: {problem}"),
                None => match problem {
                    FileProblem::Unreadable { .. } | FileProblem::Damaged { .. } => {
                        write!(f, "{file}: {problem}")
                    }
                    _ => write!(f, "{file} {problem}"),
                },
            },
            FxError::Overflow(what) => match what {
                Overflow::Rate => f.write_str("the exchange rate overflows the decimal range"),
                Overflow::Cross => f.write_str("the cross rate overflows the decimal range"),
                Overflow::Mean => f.write_str("the mean rate overflows the decimal range"),
                Overflow::Converting(amount) => write!(
                    f,
                    "converting {} overflows the decimal range",
                    amount.normalize()
                ),
            },
            FxError::AlreadyChosen => f.write_str("the process's ECB rates are already chosen"),
            FxError::Table(message) => f.write_str(message),
        }
    }
}

/// `no USD→CNY exchange rate … for 2016 in the fx_rates table (…)`, without the fix.
pub fn missing_published(from: &str, to: &str, period: Period) -> String {
    format!(
        "no {} in the fx_rates table (only periods with a published figure are included, and \
         no other period's rate is used)",
        pair_text(from, to, period)
    )
}

/// Why a pair without USD has no published rate.
pub fn crossing(from: &str, to: &str) -> String {
    format!("crossing {from}→{to} through USD needs both legs")
}

/// `fx_rates has no published 2016 average and ` (nothing for a day, which has none).
pub fn no_published_average(period: Period) -> String {
    match period {
        Period::Day(..) => String::new(),
        _ => format!("fx_rates has no published {period} average and "),
    }
}

impl fmt::Display for Implausible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Implausible {
            base,
            quote,
            rate,
            reference,
            what,
            distance,
            ..
        } = self;
        let how_far = match distance {
            Distance::Times(x) => format!("{x}x the {what}"),
            Distance::Fraction(x) => format!("1/{x} of the {what}"),
            Distance::WrongWayRound => format!("the {what} the wrong way round"),
        };
        write!(
            f,
            "1 {base} = {rate} {quote} is {how_far} (1 {base} = {} {quote}, 1 {quote} = {} {base})",
            significant(*reference, 4),
            significant(Decimal::ONE / reference, 4),
        )
    }
}

impl fmt::Display for EcbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EcbError::OutOfRange {
                first,
                last,
                what,
                after,
            } => write!(
                f,
                "the ECB reference rates run from {} to {}; {what} is {} them",
                ymd_text(*first),
                ymd_text(*last),
                if *after { "after" } else { "before" }
            ),
            EcbError::NotEnded { last, period } => write!(
                f,
                "the ECB reference rates end on {}, before {period} ends, so its mean is not \
                 known yet",
                ymd_text(*last)
            ),
            EcbError::StartsAfter { first, period } => write!(
                f,
                "these ECB reference rates start on {}, after {period} begins",
                ymd_text(*first)
            ),
            EcbError::NoCurrency { code, codes } => write!(
                f,
                "the ECB reference rates have no {code} (they quote EUR, {})",
                codes.join(", ")
            ),
            EcbError::NoDayRate {
                code,
                day,
                coverage,
            } => write!(
                f,
                "the ECB published no {code} rate on {} or in the week before (its {code} rates \
                 run {coverage})",
                ymd_text(*day)
            ),
            EcbError::Partial {
                code,
                published,
                days,
                period,
                coverage,
            } => write!(
                f,
                "the ECB published {code} rates on only {published} of the {days} business days \
                 of {period} (its {code} rates run {coverage})"
            ),
            EcbError::SumOverflow { code, period } => {
                write!(f, "the sum of {code}'s rates over {period} overflows")
            }
        }
    }
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileProblem::NotText => f.write_str("is neither a ZIP archive nor text (UTF-8)"),
            FileProblem::NotZip(why) => write!(f, "is not a complete ZIP archive ({why})"),
            FileProblem::CsvCount(n) => write!(
                f,
                "should hold one .csv file (the ECB's eurofxref-hist.csv), not {n}"
            ),
            FileProblem::Unreadable { name, why } => write!(f, "cannot read {name} ({why})"),
            FileProblem::Damaged { name, why } => {
                write!(f, "{name} is damaged or not text ({why})")
            }
            FileProblem::Header(found) => write!(
                f,
                "expected the ECB header \"Date,USD,JPY,…\", found {found:?}"
            ),
            FileProblem::NotACode(name) => {
                write!(f, "{name:?} is not a three-letter currency code")
            }
            FileProblem::Repeated(code) => write!(f, "the column {code} is repeated"),
            FileProblem::NotADate(text) => write!(f, "{text:?} is not a date YYYY-MM-DD"),
            FileProblem::OutOfOrder { day, previous } => write!(
                f,
                "{} is out of order after {} (the days must run one way, newest or oldest \
                 first, without repeats)",
                ymd_text(*day),
                ymd_text(*previous)
            ),
            FileProblem::TooManyFields(codes) => {
                write!(f, "more fields than the {codes} currencies of the header")
            }
            FileProblem::NotPositive { code, field } => {
                write!(f, "{code} rate {field:?} is not a positive number")
            }
            FileProblem::CutShort { count, expected } => write!(
                f,
                "{count} rates for {expected} currencies of the header (is the file cut short?)"
            ),
            FileProblem::NoRates => f.write_str("has a header but no rates"),
        }
    }
}

impl std::error::Error for FxError {}

impl From<DateError> for FxError {
    fn from(error: DateError) -> Self {
        FxError::Date(error)
    }
}

/// `value` with `digits` significant digits (rates shown in messages).
pub(super) fn significant(value: Decimal, digits: u32) -> Decimal {
    if value.is_zero() {
        return value;
    }
    let magnitude = log10_floor(value.abs());
    let places = (digits as i64 - 1 - magnitude).clamp(0, 28) as u32;
    value
        .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

/// ⌊log10(x)⌋ for a positive decimal, counted in digits.
fn log10_floor(x: Decimal) -> i64 {
    let digits = x.trunc().normalize().to_string().len() as i64;
    if x >= Decimal::ONE {
        return digits - 1;
    }
    let text = x.normalize().to_string();
    let fraction = text.split('.').nth(1).unwrap_or("");
    -(fraction.chars().take_while(|c| *c == '0').count() as i64) - 1
}
