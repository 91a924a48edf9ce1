//! Dates of the precision the data has (a year `2019`, a month `2024-10`, a day `2024-12-16`),
//! their arithmetic (Excel's EDATE and EOMONTH) and day counts (DAYS360, YEARFRAC's five bases),
//! on `jiff`'s civil calendar. A year or month used where a day is needed is an error that names
//! which day to take (`DateError::NotADay`), never a silent guess. The finance functions count
//! actual days through `parse_date`. Errors are `DateError` (`error`).

mod error;

pub use error::{DateError, Order, FORMS};

use std::cmp::Ordering;
use std::fmt;

/// A calendar day (jiff's civil date).
pub use jiff::civil::Date as Day;
use jiff::SignedDuration;
use rust_decimal::Decimal;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Precision {
    Year,
    /// A calendar quarter (`2024-Q3`), as published totals give periods.
    Quarter,
    Month,
    Day,
}

/// A year, a quarter, a month or a day; `first` is the first day of the period it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Date {
    first: Day,
    precision: Precision,
}

/// The day `as_of` chooses in a year or a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// The first day.
    Start,
    /// The 15th of a month or of a quarter's middle month; 1 July of a year (where the
    /// mid-year convention puts it).
    Mid,
    /// The last day.
    End,
}

impl Anchor {
    pub fn parse(text: &str) -> Result<Anchor, DateError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "start" => Ok(Anchor::Start),
            "mid" => Ok(Anchor::Mid),
            "end" => Ok(Anchor::End),
            _ => Err(DateError::NotAConvention {
                text: text.to_string(),
            }),
        }
    }
}

fn digits(part: &str, len: usize) -> Option<i16> {
    if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

impl Date {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error quotes the text and says what is wrong.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let bad = || DateError::NotADate {
            text: text.to_string(),
        };
        let parts: Vec<&str> = text.trim().split('-').collect();
        let year = parts.first().and_then(|y| digits(y, 4)).ok_or_else(bad)?;
        let month = match parts.get(1) {
            None => return Ok(Date::year(year)),
            Some(q) if parts.len() == 2 && q.starts_with(['Q', 'q']) => {
                return match digits(&q[1..], 1) {
                    Some(n @ 1..=4) => Ok(Date::quarter(year, n as i8)),
                    _ => Err(DateError::NoQuarter {
                        text: text.to_string(),
                        quarter: q.to_string(),
                    }),
                };
            }
            Some(m) => digits(m, 2).ok_or_else(bad)?,
        };
        if !(1..=12).contains(&month) {
            return Err(DateError::NoMonth {
                text: text.to_string(),
                month: month.into(),
            });
        }
        let day = match parts.get(2) {
            None => return Ok(Date::month(year, month as i8)),
            Some(d) => digits(d, 2).ok_or_else(bad)?,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        let day = Day::new(year, month as i8, day as i8).map_err(|_| DateError::NoDay {
            text: Some(text.to_string()),
            year: year.into(),
            month: month.into(),
            day: day.into(),
        })?;
        Ok(Date::day(day))
    }

    /// A day from its year, month and day numbers; the error names what does not exist.
    pub fn ymd(year: i64, month: i64, day: i64) -> Result<Date, DateError> {
        if !(1..=9999).contains(&year) {
            return Err(DateError::YearRange(year));
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthRange(month));
        }
        let day = i8::try_from(day)
            .ok()
            .and_then(|d| Day::new(year as i16, month as i8, d).ok())
            .ok_or(DateError::NoDay {
                text: None,
                year,
                month,
                day,
            })?;
        Ok(Date::day(day))
    }

    /// A day written in `format` (strftime's `%d/%m/%Y`, `%m/%d/%Y`, `%d.%m.%Y`, `%Y%m%d`…).
    pub fn parse_with(text: &str, format: &str) -> Result<Date, DateError> {
        jiff::fmt::strtime::parse(format, text.trim())
            .and_then(|parsed| parsed.to_date())
            .map(Date::day)
            .map_err(|_| DateError::NotInFormat {
                text: text.to_string(),
                format: format.to_string(),
            })
    }

    /// Why `text` is not a date when it looks like one in another form (`31/03/2024`,
    /// `12/31/2024`, `31.03.2024`): which way round it reads, for the message that gives the
    /// format to read it with.
    pub fn parse_hint(text: &str) -> Option<DateError> {
        let parts: Vec<&str> = text.trim().split(['/', '.']).collect();
        let numeric = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !numeric || parts[2].len() != 4 {
            return None;
        }
        let separator = if text.contains('/') { '/' } else { '.' };
        let (first, second): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
        let order = if first > 12 {
            Order::DayFirst
        } else if second > 12 {
            Order::MonthFirst
        } else {
            Order::Either
        };
        Some(DateError::OtherForm {
            text: text.to_string(),
            separator,
            order,
        })
    }

    /// A whole year.
    pub fn year(year: i16) -> Date {
        Date {
            first: Day::constant(year, 1, 1),
            precision: Precision::Year,
        }
    }

    /// A whole quarter (1–4).
    pub fn quarter(year: i16, quarter: i8) -> Date {
        Date {
            first: Day::constant(year, (quarter - 1) * 3 + 1, 1),
            precision: Precision::Quarter,
        }
    }

    /// A whole month (1–12).
    pub fn month(year: i16, month: i8) -> Date {
        Date {
            first: Day::constant(year, month, 1),
            precision: Precision::Month,
        }
    }

    /// One day.
    pub fn day(day: Day) -> Date {
        Date {
            first: day,
            precision: Precision::Day,
        }
    }

    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first day of the period.
    pub fn first_day(&self) -> Day {
        self.first
    }

    /// The last day of the period.
    pub fn last_day(&self) -> Day {
        match self.precision {
            Precision::Year => self.first.last_of_year(),
            Precision::Quarter => {
                Day::constant(self.first.year(), self.first.month() + 2, 1).last_of_month()
            }
            Precision::Month => self.first.last_of_month(),
            Precision::Day => self.first,
        }
    }

    /// The day itself; a year or a month is an error saying a day of it must be chosen, for
    /// the function `what`.
    pub fn to_day(&self, what: &str) -> Result<Day, DateError> {
        if self.precision == Precision::Day {
            return Ok(self.first);
        }
        Err(DateError::NotADay {
            what: what.to_string(),
            date: *self,
        })
    }

    /// The day of a year or a month chosen by `anchor`; a day stays itself.
    pub fn as_of(&self, anchor: Anchor) -> Date {
        let day = match (anchor, self.precision) {
            (_, Precision::Day) | (Anchor::Start, _) => self.first,
            (Anchor::End, _) => self.last_day(),
            (Anchor::Mid, Precision::Month) => {
                Day::constant(self.first.year(), self.first.month(), 15)
            }
            (Anchor::Mid, Precision::Quarter) => {
                Day::constant(self.first.year(), self.first.month() + 1, 15)
            }
            (Anchor::Mid, Precision::Year) => Day::constant(self.first.year(), 7, 1),
        };
        Date::day(day)
    }

    /// Order of two dates. Dates of different precisions are ordered when one period ends
    /// before the other starts; overlapping ones (`2024` and `2024-10-01`) are an error.
    pub fn compare(&self, other: &Date) -> Result<Ordering, DateError> {
        if self.precision == other.precision {
            return Ok(self.first.cmp(&other.first));
        }
        if self.last_day() < other.first_day() {
            Ok(Ordering::Less)
        } else if other.last_day() < self.first_day() {
            Ok(Ordering::Greater)
        } else {
            Err(DateError::Overlap {
                a: *self,
                b: *other,
            })
        }
    }
}

impl Date {
    /// A total order for sorting: by first day, a coarser date before the finer ones that start
    /// with it (`2024`, `2024-Q1`, `2024-01`, `2024-01-01`). Comparisons in scripts use
    /// `compare`, which refuses overlapping dates instead of choosing.
    pub fn sort_order(&self, other: &Date) -> Ordering {
        self.first
            .cmp(&other.first)
            .then(self.precision.cmp(&other.precision))
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Quarter => write!(f, "{:04}-Q{}", d.year(), (d.month() - 1) / 3 + 1),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

const EPOCH: Day = Day::constant(1970, 1, 1);

/// Days since 1970-01-01.
pub fn day_number(day: Day) -> i64 {
    day.duration_since(EPOCH).as_secs() / 86_400
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Day, to: Day) -> i64 {
    day_number(to) - day_number(from)
}

fn out_of_range(what: &str) -> DateError {
    DateError::OutOfRange {
        what: what.to_string(),
    }
}

/// `day` plus `days` (negative goes back).
pub fn add_days(day: Day, days: i64) -> Result<Day, DateError> {
    days.checked_mul(86_400)
        .and_then(|secs| day.checked_add(SignedDuration::from_secs(secs)).ok())
        .filter(|d| d.year() >= 0)
        .ok_or_else(|| out_of_range("add_days"))
}

/// The first day of the month `months` after the month of `day`, as (year, month).
fn shift_month(year: i16, month: i8, months: i64, what: &str) -> Result<(i16, i8), DateError> {
    let index = (i64::from(year) * 12 + i64::from(month) - 1)
        .checked_add(months)
        .filter(|i| (0..10_000 * 12).contains(i))
        .ok_or_else(|| out_of_range(what))?;
    Ok(((index / 12) as i16, (index % 12 + 1) as i8))
}

/// Excel's EDATE: the same day `months` later (or earlier), clamped to the end of a shorter
/// month (`2011-01-31` plus one month is `2011-02-28`). A month stays a month.
pub fn add_months(date: Date, months: i64) -> Result<Date, DateError> {
    let first = date.first_day();
    match date.precision() {
        Precision::Year | Precision::Quarter => date.to_day("add_months").map(Date::day),
        Precision::Month => {
            let (y, m) = shift_month(first.year(), first.month(), months, "add_months")?;
            Ok(Date::month(y, m))
        }
        Precision::Day => {
            let (y, m) = shift_month(first.year(), first.month(), months, "add_months")?;
            let month = Day::constant(y, m, 1);
            let day = first.day().min(month.days_in_month());
            Ok(Date::day(Day::constant(y, m, day)))
        }
    }
}

/// Excel's EOMONTH: the last day of the month `months` after the month of `date` (a day or a
/// month).
pub fn eomonth(date: Date, months: i64) -> Result<Day, DateError> {
    if matches!(date.precision(), Precision::Year | Precision::Quarter) {
        date.to_day("eomonth")?;
    }
    let first = date.first_day();
    let (y, m) = shift_month(first.year(), first.month(), months, "eomonth")?;
    Ok(Day::constant(y, m, 1).last_of_month())
}

/// Excel's DAYS360: days between two dates on 30-day months. The US (NASD) method, as Excel
/// computes it: a start on the last day of its month counts as the 30th; an end on the 31st
/// counts as the 1st of the next month when the start is before the 30th, else as the 30th.
/// The European method counts every 31st as the 30th.
pub fn days360(start: Day, end: Day, european: bool) -> i64 {
    let (mut d1, mut d2) = (i64::from(start.day()), i64::from(end.day()));
    let mut m2 = i64::from(end.month());
    if european {
        d1 = d1.min(30);
        d2 = d2.min(30);
    } else {
        if start == start.last_of_month() {
            d1 = 30;
        }
        if d2 == 31 {
            if d1 < 30 {
                d2 = 1;
                m2 += 1;
            } else {
                d2 = 30;
            }
        }
    }
    360 * (i64::from(end.year()) - i64::from(start.year()))
        + 30 * (m2 - i64::from(start.month()))
        + (d2 - d1)
}

/// YEARFRAC's day-count bases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// 0: US (NASD) 30/360.
    Us30360,
    /// 1: actual days / actual days in the year(s).
    ActualActual,
    /// 2: actual days / 360.
    Actual360,
    /// 3: actual days / 365.
    Actual365,
    /// 4: European 30/360.
    European30360,
}

impl Basis {
    /// Excel's codes 0–4.
    pub fn from_code(code: i64) -> Result<Basis, DateError> {
        match code {
            0 => Ok(Basis::Us30360),
            1 => Ok(Basis::ActualActual),
            2 => Ok(Basis::Actual360),
            3 => Ok(Basis::Actual365),
            4 => Ok(Basis::European30360),
            _ => Err(DateError::NotABasis(code)),
        }
    }
}

fn is_leap(year: i16) -> bool {
    Day::constant(year, 1, 1).in_leap_year()
}

/// YEARFRAC basis 0: 30/360 with Excel's own end-of-month rules (not DAYS360's).
fn us_30_360_days(start: Day, end: Day) -> i64 {
    let (mut d1, mut d2) = (i64::from(start.day()), i64::from(end.day()));
    let last_of_february = |d: Day| d.month() == 2 && d == d.last_of_month();
    if d1 == 31 && d2 == 31 {
        (d1, d2) = (30, 30);
    } else if d1 == 31 {
        d1 = 30;
    } else if d1 == 30 && d2 == 31 {
        d2 = 30;
    } else if last_of_february(start) && last_of_february(end) {
        (d1, d2) = (30, 30);
    } else if last_of_february(start) {
        d1 = 30;
    }
    360 * (i64::from(end.year()) - i64::from(start.year()))
        + 30 * (i64::from(end.month()) - i64::from(start.month()))
        + (d2 - d1)
}

/// Excel's actual/actual: within a year, actual days over 365 or 366 (366 when the year is a
/// leap year or a 29 February falls in the span); over more than a year, actual days over the
/// average length of the calendar years touched.
fn actual_actual(start: Day, end: Day) -> Decimal {
    let days = days_between(start, end);
    let (y1, y2) = (start.year(), end.year());
    let within_a_year = y1 == y2
        || (i32::from(y2) == i32::from(y1) + 1
            && (start.month(), start.day()) >= (end.month(), end.day()));
    if within_a_year {
        let leap_day_between = |year: i16| {
            is_leap(year) && {
                let leap_day = Day::constant(year, 2, 29);
                start <= leap_day && leap_day <= end
            }
        };
        let length = if (y1 == y2 && is_leap(y1)) || leap_day_between(y1) || leap_day_between(y2) {
            366
        } else {
            365
        };
        return Decimal::from(days) / Decimal::from(length);
    }
    let years = i64::from(y2) - i64::from(y1) + 1;
    let spanned = days_between(Day::constant(y1, 1, 1), Day::constant(y2, 12, 31)) + 1;
    Decimal::from(days * years) / Decimal::from(spanned)
}

/// Excel's YEARFRAC: the fraction of a year between two days on `basis`; the order of the days
/// does not matter. Exact to 28 digits (a ratio of whole numbers).
pub fn year_frac(start: Day, end: Day, basis: Basis) -> Decimal {
    let (start, end) = if start <= end {
        (start, end)
    } else {
        (end, start)
    };
    let fraction = match basis {
        Basis::Us30360 => Decimal::from(us_30_360_days(start, end)) / Decimal::from(360),
        Basis::ActualActual => actual_actual(start, end),
        Basis::Actual360 => Decimal::from(days_between(start, end)) / Decimal::from(360),
        Basis::Actual365 => Decimal::from(days_between(start, end)) / Decimal::from(365),
        Basis::European30360 => Decimal::from(days360(start, end, true)) / Decimal::from(360),
    };
    fraction.normalize()
}

/// Parses `"YYYY-MM-DD"` into a day number (days since 1970-01-01); the error quotes the text
/// and says what is wrong. A year or a month is an error saying a day must be chosen.
pub fn parse_date(text: &str) -> Result<i64, DateError> {
    // An impossible day keeps the calendar's own diagnosis; other text gets the one form.
    let date = Date::parse(text).map_err(|e| {
        if e.is_impossible_day() {
            e
        } else {
            DateError::NotADayText {
                text: text.to_string(),
            }
        }
    })?;
    match date.precision() {
        Precision::Day => Ok(day_number(date.first_day())),
        precision => Err(DateError::PeriodText {
            text: text.to_string(),
            precision,
        }),
    }
}

/// Parses `"YYYY-MM"` into (year, month).
pub fn parse_year_month(text: &str) -> Result<(i64, u32), DateError> {
    match Date::parse(text) {
        Ok(date) if date.precision() == Precision::Month => {
            let first = date.first_day();
            Ok((i64::from(first.year()), first.month() as u32))
        }
        _ => Err(DateError::NotAMonth {
            text: text.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests;
