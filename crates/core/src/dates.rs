//! Dates of the precision the data has (a year `2019`, a month `2024-10`, a day `2024-12-16`),
//! their arithmetic (Excel's EDATE and EOMONTH) and day counts (DAYS360, YEARFRAC's five bases),
//! on `jiff`'s civil calendar. A year or month used where a day is needed is an error that names
//! `as_of`, never a silent guess. The finance functions count actual days through `parse_date`.

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
    pub fn parse(text: &str) -> Result<Anchor, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "start" => Ok(Anchor::Start),
            "mid" => Ok(Anchor::Mid),
            "end" => Ok(Anchor::End),
            _ => Err(format!(
                "as_of: {text:?} is not a convention; choose \"start\", \"mid\" or \"end\""
            )),
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

const FORMS: &str = "\"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"";

impl Date {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; the error quotes the text and says what is wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("{text:?} is not a date in the form {FORMS}");
        let parts: Vec<&str> = text.trim().split('-').collect();
        let year = parts.first().and_then(|y| digits(y, 4)).ok_or_else(bad)?;
        let month = match parts.get(1) {
            None => return Ok(Date::year(year)),
            Some(q) if parts.len() == 2 && q.starts_with(['Q', 'q']) => {
                return match digits(&q[1..], 1) {
                    Some(n @ 1..=4) => Ok(Date::quarter(year, n as i8)),
                    _ => Err(format!(
                        "{text:?} has no quarter {q}; quarters are Q1 to Q4"
                    )),
                };
            }
            Some(m) => digits(m, 2).ok_or_else(bad)?,
        };
        if !(1..=12).contains(&month) {
            return Err(format!("{text:?} has no month {month}"));
        }
        let day = match parts.get(2) {
            None => return Ok(Date::month(year, month as i8)),
            Some(d) => digits(d, 2).ok_or_else(bad)?,
        };
        if parts.len() > 3 {
            return Err(bad());
        }
        let day = Day::new(year, month as i8, day as i8)
            .map_err(|_| format!("{text:?}: month {month} of {year} has no day {day}"))?;
        Ok(Date::day(day))
    }

    /// A day from its year, month and day numbers; the error names what does not exist.
    pub fn ymd(year: i64, month: i64, day: i64) -> Result<Date, String> {
        if !(1..=9999).contains(&year) {
            return Err(format!("{year} is not a year from 1 to 9999"));
        }
        if !(1..=12).contains(&month) {
            return Err(format!(
                "there is no month {month}; months run from 1 to 12"
            ));
        }
        let day = i8::try_from(day)
            .ok()
            .and_then(|d| Day::new(year as i16, month as i8, d).ok())
            .ok_or_else(|| format!("month {month} of {year} has no day {day}"))?;
        Ok(Date::day(day))
    }

    /// A day written in `format` (strftime's `%d/%m/%Y`, `%m/%d/%Y`, `%d.%m.%Y`, `%Y%m%d`…).
    pub fn parse_with(text: &str, format: &str) -> Result<Date, String> {
        jiff::fmt::strtime::parse(format, text.trim())
            .and_then(|parsed| parsed.to_date())
            .map(Date::day)
            .map_err(|_| format!("{text:?} is not a date in the form {format:?}"))
    }

    /// Why `text` is not a date, with how to read it when it looks like one in another form
    /// (`31/03/2024`, `12/31/2024`, `31.03.2024`).
    pub fn parse_hint(text: &str) -> Option<String> {
        let parts: Vec<&str> = text.trim().split(['/', '.']).collect();
        let numeric = parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !numeric || parts[2].len() != 4 {
            return None;
        }
        let sep = if text.contains('/') { "/" } else { "." };
        let (first, second): (u32, u32) = (parts[0].parse().ok()?, parts[1].parse().ok()?);
        let dmy = format!("%d{sep}%m{sep}%Y");
        let mdy = format!("%m{sep}%d{sep}%Y");
        let example = if first > 12 {
            format!("give its format, date({text:?}, {dmy:?})")
        } else if second > 12 {
            format!("give its format, date({text:?}, {mdy:?})")
        } else {
            format!(
                "day and month could be either way round: give its format, date({text:?}, \
                 {dmy:?}) for day first, or {mdy:?} for month first"
            )
        };
        Some(format!("{text:?} is not in the form {FORMS}; {example}"))
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

    /// The day itself; a year or a month is an error that names `as_of`, for the function
    /// `what`.
    pub fn to_day(&self, what: &str) -> Result<Day, String> {
        let whole = match self.precision {
            Precision::Day => return Ok(self.first),
            Precision::Month => "a whole month",
            Precision::Quarter => "a whole quarter",
            Precision::Year => "a whole year",
        };
        Err(format!(
            "{what}: {self} is {whole} and a day is needed; choose one with as_of(date, \"start\"), \
             as_of(date, \"mid\") or as_of(date, \"end\")"
        ))
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
    pub fn compare(&self, other: &Date) -> Result<Ordering, String> {
        if self.precision == other.precision {
            return Ok(self.first.cmp(&other.first));
        }
        if self.last_day() < other.first_day() {
            Ok(Ordering::Less)
        } else if other.last_day() < self.first_day() {
            Ok(Ordering::Greater)
        } else {
            Err(format!(
                "{self} and {other} overlap, so neither comes first; compare days chosen with \
                 as_of(date, \"start\" | \"mid\" | \"end\")"
            ))
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

fn out_of_range(what: &str) -> String {
    format!("{what}: the result is outside the years 0000 to 9999")
}

/// `day` plus `days` (negative goes back).
pub fn add_days(day: Day, days: i64) -> Result<Day, String> {
    days.checked_mul(86_400)
        .and_then(|secs| day.checked_add(SignedDuration::from_secs(secs)).ok())
        .filter(|d| d.year() >= 0)
        .ok_or_else(|| out_of_range("add_days"))
}

/// The first day of the month `months` after the month of `day`, as (year, month).
fn shift_month(year: i16, month: i8, months: i64, what: &str) -> Result<(i16, i8), String> {
    let index = (i64::from(year) * 12 + i64::from(month) - 1)
        .checked_add(months)
        .filter(|i| (0..10_000 * 12).contains(i))
        .ok_or_else(|| out_of_range(what))?;
    Ok(((index / 12) as i16, (index % 12 + 1) as i8))
}

/// Excel's EDATE: the same day `months` later (or earlier), clamped to the end of a shorter
/// month (`2011-01-31` plus one month is `2011-02-28`). A month stays a month.
pub fn add_months(date: Date, months: i64) -> Result<Date, String> {
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
pub fn eomonth(date: Date, months: i64) -> Result<Day, String> {
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
    pub fn from_code(code: i64) -> Result<Basis, String> {
        match code {
            0 => Ok(Basis::Us30360),
            1 => Ok(Basis::ActualActual),
            2 => Ok(Basis::Actual360),
            3 => Ok(Basis::Actual365),
            4 => Ok(Basis::European30360),
            _ => Err(format!(
                "year_frac: basis {code} is not one of Excel's: 0 (US 30/360), 1 (actual/actual), \
                 2 (actual/360), 3 (actual/365) or 4 (European 30/360)"
            )),
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
/// and says what is wrong. A year or a month is an error that names `as_of`.
pub fn parse_date(text: &str) -> Result<i64, String> {
    // An impossible day keeps the calendar's own diagnosis; other text gets the one form.
    let date = Date::parse(text).map_err(|m| {
        if m.contains("has no") {
            m
        } else {
            bad_day(text)
        }
    })?;
    let whole = match date.precision() {
        Precision::Day => return Ok(day_number(date.first_day())),
        Precision::Month => "a whole month",
        Precision::Quarter => "a whole quarter",
        Precision::Year => "a whole year",
    };
    Err(format!(
        "{text:?} is {whole}, not a day; choose one with as_of(\"{text}\", \"start\" | \"mid\" | \"end\")"
    ))
}

fn bad_day(text: &str) -> String {
    format!("{text:?} is not a date in the form \"YYYY-MM-DD\"")
}

/// Parses `"YYYY-MM"` into (year, month).
pub fn parse_year_month(text: &str) -> Result<(i64, u32), String> {
    match Date::parse(text) {
        Ok(date) if date.precision() == Precision::Month => {
            let first = date.first_day();
            Ok((i64::from(first.year()), first.month() as u32))
        }
        _ => Err(format!("{text:?} is not a month in the form \"YYYY-MM\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_forms_are_read_with_their_format_and_named_without_it() {
        assert_eq!(
            Date::parse_with("31/03/2024", "%d/%m/%Y").unwrap(),
            Date::parse("2024-03-31").unwrap()
        );
        assert_eq!(
            Date::ymd(2024, 3, 31).unwrap(),
            Date::parse("2024-03-31").unwrap()
        );
        assert!(Date::ymd(2023, 2, 29).is_err());
        let hint = Date::parse_hint("12/31/2024").unwrap();
        assert!(
            hint.ends_with("give its format, date(\"12/31/2024\", \"%m/%d/%Y\")"),
            "{hint}"
        );
        assert!(Date::parse_hint("03/04/2024")
            .unwrap()
            .contains("either way round"));
        assert_eq!(Date::parse_hint("2024-03-31"), None);
        assert_eq!(Date::parse_hint("March 2024"), None);
    }
    use crate::decimal::dec;

    fn day(text: &str) -> Day {
        Date::parse(text).unwrap().to_day("test").unwrap()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    #[test]
    fn day_numbers_match_known_dates() {
        assert_eq!(day_number(day("1970-01-01")), 0);
        assert_eq!(parse_date("2000-03-01").unwrap(), 11_017);
        assert_eq!(
            parse_date("2024-02-29").unwrap() - parse_date("2024-02-28").unwrap(),
            1
        );
        assert_eq!(
            parse_date("2009-04-01").unwrap() - parse_date("2008-01-01").unwrap(),
            456
        );
        assert_eq!(parse_date("1900-01-01").unwrap(), -25_567);
    }

    #[test]
    fn bad_dates_say_why() {
        assert!(parse_date("2023-02-29").unwrap_err().contains("no day 29"));
        assert!(parse_date("2023-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert!(parse_date("2023/01/01").is_err());
        assert!(parse_date("23-01-01").is_err());
        assert!(parse_date("2024-10").unwrap_err().contains("as_of"));
        assert_eq!(parse_year_month("2024-12").unwrap(), (2024, 12));
        assert!(parse_year_month("2024-00").is_err());
        assert!(parse_year_month("2024").is_err());
        assert!(Date::parse("2024-10-01-02").is_err());
        assert!(Date::parse("").is_err());
    }

    #[test]
    fn dates_keep_their_precision_and_print_as_written() {
        for text in ["2019", "2024-10", "2024-12-16", "0001-01-01", "2024-Q3"] {
            assert_eq!(date(text).to_string(), text);
        }
        assert_eq!(date("2019").precision(), Precision::Year);
        assert_eq!(date("2024-Q3").precision(), Precision::Quarter);
        assert!(Date::parse("2024-Q5").unwrap_err().contains("Q1 to Q4"));
        let mut sorted = ["2024-01-01", "2024-01", "2023-12-31", "2024-Q1", "2024"].map(date);
        sorted.sort_by(Date::sort_order);
        assert_eq!(
            sorted.map(|d| d.to_string()),
            ["2023-12-31", "2024", "2024-Q1", "2024-01", "2024-01-01"]
        );
        assert_eq!(date("2024-02").last_day(), day("2024-02-29"));
        let message = date("2024-10").to_day("days_between").unwrap_err();
        assert!(message.contains("2024-10 is a whole month"), "{message}");
        assert!(message.contains("as_of(date, \"start\")"), "{message}");
    }

    #[test]
    fn as_of_chooses_the_day_it_says() {
        assert_eq!(date("2019").as_of(Anchor::Start), date("2019-01-01"));
        assert_eq!(date("2019").as_of(Anchor::Mid), date("2019-07-01"));
        assert_eq!(date("2019").as_of(Anchor::End), date("2019-12-31"));
        assert_eq!(date("2023-02").as_of(Anchor::End), date("2023-02-28"));
        assert_eq!(date("2023-02").as_of(Anchor::Mid), date("2023-02-15"));
        assert_eq!(date("2024-Q3").as_of(Anchor::Mid), date("2024-08-15"));
        assert_eq!(date("2024-Q4").as_of(Anchor::End), date("2024-12-31"));
        assert_eq!(date("2023-02-03").as_of(Anchor::End), date("2023-02-03"));
        assert!(Anchor::parse("middle").unwrap_err().contains("\"mid\""));
    }

    #[test]
    fn dates_of_different_precisions_compare_when_they_do_not_overlap() {
        assert_eq!(date("2019").compare(&date("2024-10")), Ok(Ordering::Less));
        assert_eq!(
            date("2024-12-16").compare(&date("2024-10")),
            Ok(Ordering::Greater)
        );
        assert_eq!(
            date("2024-10-01").compare(&date("2024-10-01")),
            Ok(Ordering::Equal)
        );
        assert!(date("2024").compare(&date("2024-10-01")).is_err());
    }

    // Excel's EDATE examples (support.microsoft.com, "EDATE function": 15-Jan-11 plus 1, -1 and
    // 2 months) and the end-of-month clamping in the OOXML spec (ECMA-376 part 4, EDATE:
    // EDATE(DATE(2006,1,31),5) is 2006-06-30, EDATE(DATE(2004,2,29),12) is 2005-02-28).
    #[test]
    fn add_months_matches_excel_edate() {
        let edate = |text: &str, n| add_months(date(text), n).unwrap().to_string();
        assert_eq!(edate("2011-01-15", 1), "2011-02-15");
        assert_eq!(edate("2011-01-15", -1), "2010-12-15");
        assert_eq!(edate("2011-01-15", 2), "2011-03-15");
        assert_eq!(edate("2006-01-31", 5), "2006-06-30");
        assert_eq!(edate("2004-02-29", 12), "2005-02-28");
        assert_eq!(edate("2004-01-15", -23), "2002-02-15");
        assert_eq!(edate("2024-10", 3), "2025-01");
        assert!(add_months(date("2024"), 1).unwrap_err().contains("as_of"));
        assert!(add_months(date("9999-12-01"), 1).is_err());
    }

    // Excel's EOMONTH examples (support.microsoft.com, "EOMONTH function": 1-Jan-11 plus 1 month
    // is 2/28/2011, minus 3 months is 10/31/2010).
    #[test]
    fn eomonth_matches_excel() {
        let eom = |text: &str, n| eomonth(date(text), n).unwrap().to_string();
        assert_eq!(eom("2011-01-01", 1), "2011-02-28");
        assert_eq!(eom("2011-01-01", -3), "2010-10-31");
        assert_eq!(eom("2024-01-31", 1), "2024-02-29");
        assert_eq!(eom("2024-10", 0), "2024-10-31");
        assert!(eomonth(date("2024"), 0).is_err());
    }

    // Excel's DAYS360 examples (support.microsoft.com, "DAYS360 function"): 1/30/2011 to
    // 2/1/2011 is 1, 1/1/2011 to 12/31/2011 is 360, 1/1/2011 to 2/1/2011 is 30.
    #[test]
    fn days360_matches_excel() {
        assert_eq!(days360(day("2011-01-30"), day("2011-02-01"), false), 1);
        assert_eq!(days360(day("2011-01-01"), day("2011-12-31"), false), 360);
        assert_eq!(days360(day("2011-01-01"), day("2011-02-01"), false), 30);
        // The methods differ on a 31st ending a span that starts before the 30th.
        assert_eq!(days360(day("2011-01-01"), day("2011-12-31"), true), 359);
        // A start on the last day of February counts as the 30th in the US method only.
        assert_eq!(days360(day("2011-02-28"), day("2011-03-31"), false), 30);
        assert_eq!(days360(day("2011-02-28"), day("2011-03-31"), true), 32);
        assert_eq!(days360(day("2011-02-01"), day("2011-01-30"), false), -1);
        // Apache POI's documented DAYS360 examples (poi.apache.org, class Days360).
        assert_eq!(days360(day("1993-02-28"), day("1993-03-01"), false), 1);
        assert_eq!(days360(day("1993-02-28"), day("1993-03-01"), true), 3);
        assert_eq!(days360(day("1996-02-29"), day("1996-03-01"), false), 1);
        assert_eq!(days360(day("1996-02-29"), day("1996-03-01"), true), 2);
    }

    // Excel's YEARFRAC example (support.microsoft.com, "YEARFRAC function": 1/1/2012 to
    // 7/30/2012 is 0.58055556 on basis 0, 0.57650273 on basis 1 and 0.57808219 on basis 3), and
    // Apple Numbers' YEARFRAC("12/15/2009", "6/30/2010", basis) for all five bases
    // (help.apple.com/functions, YEARFRAC: 0.541666667, 0.539726027, 0.547222222,
    // 0.539726027, 0.541666667), which agree with Excel.
    #[test]
    fn year_frac_matches_the_published_examples() {
        let frac = |a: &str, b: &str, basis| {
            year_frac(day(a), day(b), Basis::from_code(basis).unwrap())
                .round_dp(9)
                .normalize()
        };
        assert_eq!(frac("2012-01-01", "2012-07-30", 0), dec("0.580555556"));
        assert_eq!(frac("2012-01-01", "2012-07-30", 1), dec("0.576502732"));
        assert_eq!(frac("2012-01-01", "2012-07-30", 3), dec("0.578082192"));
        assert_eq!(frac("2009-12-15", "2010-06-30", 0), dec("0.541666667"));
        assert_eq!(frac("2009-12-15", "2010-06-30", 1), dec("0.539726027"));
        assert_eq!(frac("2009-12-15", "2010-06-30", 2), dec("0.547222222"));
        assert_eq!(frac("2009-12-15", "2010-06-30", 3), dec("0.539726027"));
        assert_eq!(frac("2009-12-15", "2010-06-30", 4), dec("0.541666667"));
        // 211 / 360 to 28 digits; the order of the days does not matter.
        assert_eq!(
            year_frac(day("2012-07-30"), day("2012-01-01"), Basis::Actual360),
            dec("0.5861111111111111111111111111")
        );
        assert_eq!(
            year_frac(day("2019-01-01"), day("2024-01-01"), Basis::Us30360),
            dec("5")
        );
        assert!(Basis::from_code(5).unwrap_err().contains("0 (US 30/360)"));
    }

    #[test]
    fn actual_actual_averages_the_years_over_more_than_one() {
        // 2019-01-01 .. 2021-01-01: 731 days over the years 2019, 2020 and 2021 (1096 days / 3).
        assert_eq!(
            year_frac(day("2019-01-01"), day("2021-01-01"), Basis::ActualActual),
            Decimal::from(731 * 3) / Decimal::from(1096)
        );
        // A span of less than a year over 29 February counts 366 days.
        assert_eq!(
            year_frac(day("2023-12-01"), day("2024-03-01"), Basis::ActualActual),
            Decimal::from(91) / Decimal::from(366)
        );
    }

    #[test]
    fn add_days_crosses_months_and_years() {
        assert_eq!(add_days(day("2024-09-01"), 96).unwrap(), day("2024-12-06"));
        assert_eq!(add_days(day("2024-03-01"), -1).unwrap(), day("2024-02-29"));
        assert!(add_days(day("9999-12-31"), 1).is_err());
        assert!(add_days(day("2024-01-01"), i64::MAX).is_err());
        assert_eq!(days_between(day("2024-12-06"), day("2024-12-16")), 10);
    }
}
