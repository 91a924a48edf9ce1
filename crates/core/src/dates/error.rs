//! Why a date was refused: the text or date at fault and what is wrong with it. `Display`
//! words it for an analyst without naming a script call; where a fix is a call (choosing a day
//! of a period, giving a text's format), the embedder adds it from the variant's data.

use std::fmt;

use super::{Date, Precision};

/// The forms `Date::parse` reads, as messages name them.
pub const FORMS: &str = "\"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"";

/// Which way round a day written as `12/31/2024` or `31.03.2024` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// The first number is above 12: day, month, year.
    DayFirst,
    /// The second number is above 12: month, day, year.
    MonthFirst,
    /// Both numbers are 12 or less: either could be the day.
    Either,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Text in none of the forms `"YYYY"`, `"YYYY-MM"`, `"YYYY-MM-DD"`.
    NotADate { text: String },
    /// A day in another form (`31/03/2024`): read it with its format, `separator` between
    /// the numbers.
    OtherForm {
        text: String,
        separator: char,
        order: Order,
    },
    /// `"2024-Q5"`.
    NoQuarter { text: String, quarter: String },
    /// `"2024-13"`.
    NoMonth { text: String, month: i64 },
    /// A day the month does not have; `text` when the day was written as text.
    NoDay {
        text: Option<String>,
        year: i64,
        month: i64,
        day: i64,
    },
    /// A year outside 1 to 9999.
    YearRange(i64),
    /// A month outside 1 to 12.
    MonthRange(i64),
    /// Text that is not a day in the format given for it.
    NotInFormat { text: String, format: String },
    /// A year, a quarter or a month where the function `what` needs a day: the fix is to
    /// choose one (start, middle or end).
    NotADay { what: String, date: Date },
    /// Date text that names a whole period where a day is needed (`"2024-10"`).
    PeriodText { text: String, precision: Precision },
    /// Text that is not a day `"YYYY-MM-DD"`.
    NotADayText { text: String },
    /// Text that is not a month `"YYYY-MM"`.
    NotAMonth { text: String },
    /// Two dates of different precisions that overlap (`2024` and `2024-10-01`): neither
    /// comes first until a day of the coarser one is chosen.
    Overlap { a: Date, b: Date },
    /// The function `what` gave a day outside the years 0000 to 9999.
    OutOfRange { what: String },
    /// A convention for the day of a period other than start, mid and end.
    NotAConvention { text: String },
    /// A YEARFRAC basis other than Excel's 0 to 4.
    NotABasis(i64),
}

/// "a whole month" for a month, and so on.
fn whole(precision: Precision) -> &'static str {
    match precision {
        Precision::Day => "a day",
        Precision::Month => "a whole month",
        Precision::Quarter => "a whole quarter",
        Precision::Year => "a whole year",
    }
}

impl Order {
    /// The strftime format of a day written with `separator` in this order (`%d/%m/%Y`); none
    /// when either order could be meant.
    pub fn format(self, separator: char) -> Option<String> {
        match self {
            Order::DayFirst => Some(format!("%d{separator}%m{separator}%Y")),
            Order::MonthFirst => Some(format!("%m{separator}%d{separator}%Y")),
            Order::Either => None,
        }
    }
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::NotADate { text } => {
                write!(f, "{text:?} is not a date in the form {FORMS}")
            }
            DateError::OtherForm {
                text,
                separator,
                order,
            } => {
                write!(f, "{text:?} is not in the form {FORMS}; ")?;
                match order.format(*separator) {
                    Some(format) => write!(f, "its format is {format:?}"),
                    None => write!(
                        f,
                        "day and month could be either way round: {:?} for day first, or {:?} \
                         for month first",
                        Order::DayFirst.format(*separator).unwrap_or_default(),
                        Order::MonthFirst.format(*separator).unwrap_or_default()
                    ),
                }
            }
            DateError::NoQuarter { text, quarter } => {
                write!(
                    f,
                    "{text:?} has no quarter {quarter}; quarters are Q1 to Q4"
                )
            }
            DateError::NoMonth { text, month } => write!(f, "{text:?} has no month {month}"),
            DateError::NoDay {
                text,
                year,
                month,
                day,
            } => {
                if let Some(text) = text {
                    write!(f, "{text:?}: ")?;
                }
                write!(f, "month {month} of {year} has no day {day}")
            }
            DateError::YearRange(year) => write!(f, "{year} is not a year from 1 to 9999"),
            DateError::MonthRange(month) => {
                write!(f, "there is no month {month}; months run from 1 to 12")
            }
            DateError::NotInFormat { text, format } => {
                write!(f, "{text:?} is not a date in the form {format:?}")
            }
            DateError::NotADay { what, date } => write!(
                f,
                "{what}: {date} is {} and a day is needed",
                whole(date.precision())
            ),
            DateError::PeriodText { text, precision } => {
                write!(f, "{text:?} is {}, not a day", whole(*precision))
            }
            DateError::NotADayText { text } => {
                write!(f, "{text:?} is not a date in the form \"YYYY-MM-DD\"")
            }
            DateError::NotAMonth { text } => {
                write!(f, "{text:?} is not a month in the form \"YYYY-MM\"")
            }
            DateError::Overlap { a, b } => {
                write!(f, "{a} and {b} overlap, so neither comes first")
            }
            DateError::OutOfRange { what } => {
                write!(f, "{what}: the result is outside the years 0000 to 9999")
            }
            DateError::NotAConvention { text } => write!(
                f,
                "{text:?} is not a convention; choose \"start\", \"mid\" or \"end\""
            ),
            DateError::NotABasis(code) => write!(
                f,
                "basis {code} is not one of Excel's: 0 (US 30/360), 1 (actual/actual), 2 \
                 (actual/360), 3 (actual/365) or 4 (European 30/360)"
            ),
        }
    }
}

impl std::error::Error for DateError {}

impl DateError {
    /// Whether the calendar itself refuses the text (a month or a day that does not exist),
    /// rather than the text being in another form.
    pub fn is_impossible_day(&self) -> bool {
        matches!(
            self,
            DateError::NoQuarter { .. } | DateError::NoMonth { .. } | DateError::NoDay { .. }
        )
    }
}
