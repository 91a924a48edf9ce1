//! The typed fields of the article's data files: each newtype parses and validates one CSV cell
//! (ids, dates, currencies, exact amounts, fractions, qualifiers, sources), so a bad cell fails
//! with a message that names the column and quotes the value.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{Deserialize, Deserializer, Error as _};

use super::Cell;

/// Currencies a row may use. Kept small on purpose: a typo such as `USDD` must fail.
pub const CURRENCIES: &[&str] = &["USD", "CNY", "JPY", "EUR", "GBP", "HKD"];

/// The article's hedges, in English. `qualifier` applies to a row's main figure (its amount, or
/// its date or count when it has no amount).
pub const QUALIFIERS: &[(&str, &str)] = &[
    ("over", "超過 / 超 / 突破 / 上: more than the figure"),
    ("about", "約 / 大約: approximately the figure"),
    ("nearly", "近 / 接近: a little under the figure"),
    ("up to", "最高 / 最高達: the figure is a maximum"),
    ("at its peak", "一度: the figure was reached at one point"),
    ("as early as", "最早: the date is the earliest"),
    ("after", "之後: after the date"),
    (
        "unspecified",
        "only an order of magnitude is given (數百億: tens of billions); see note",
    ),
];

/// The numbered references at the end of the article; `source` cites them by number.
pub const REFERENCES: &[&str] = &[
    "https://www.cnbc.com/2024/12/16/softbank-ceo-to-announce-100-billion-investment-in-us-during-visit-with-trump.html",
    "https://www.cnbc.com/2016/12/06/trump-says-softbank-will-invest-50-billion-in-the-us-aiming-to-create-50000-jobs.html",
    "https://www.reuters.com/business/finance/softbank-ceo-announce-100-bln-investment-us-during-visit-trump-cnbc-reports-2024-12-16/",
    "https://www.bloomberg.com/news/articles/2024-12-16/softbank-s-son-to-pledge-100-billion-in-us-investments-cnbc",
    "http://www.news.cn/tech/20241223/e191fb0eb4b441b79c868ac85c314988/c.html",
    "https://www.cls.cn/detail/1422753",
];

/// How `source = article` is explained.
pub const ARTICLE: &str =
    "article: the NetEase Hao (網易號) article of December 2024 on SoftBank's USD 100 billion pledge";

/// A field type that parses one CSV cell. `Deserialize` goes through it, and so does the search
/// for the column to blame when a row fails (csv does not report which field a custom error
/// came from).
pub trait Field: Sized {
    fn parse_text(text: &str) -> Result<Self, String>;
}

impl<T: Field> Field for Option<T> {
    fn parse_text(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            Ok(None)
        } else {
            T::parse_text(text).map(Some)
        }
    }
}

/// Trims a required cell and validates it with `check`.
fn required<T>(text: &str, check: impl FnOnce(&str) -> Result<T, String>) -> Result<T, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("missing required value".to_string());
    }
    check(text)
}

macro_rules! serde_via_field {
    ($name:ident) => {
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::parse_text(&text).map_err(D::Error::custom)
            }
        }
    };
}

macro_rules! text_field {
    ($(#[$meta:meta])* $name:ident, $check:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(pub String);

        impl Field for $name {
            fn parse_text(text: &str) -> Result<Self, String> {
                required(text, |text| {
                    let check: fn(&str) -> Result<(), String> = $check;
                    check(text).map(|()| $name(text.to_string()))
                })
            }
        }
        serde_via_field!($name);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ToCell for $name {
            fn to_cell(&self) -> Cell {
                Cell::Text(self.0.clone())
            }
        }
    };
}

text_field!(
    /// Required free text.
    Text,
    |_| Ok(())
);
text_field!(
    /// A stable row id: lower-case letters, digits and hyphens.
    Id,
    check_id
);
/// A date as precise as the article gives it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `YYYY-Qn`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub crate::dates::Date);

impl Field for Date {
    fn parse_text(text: &str) -> Result<Self, String> {
        required(text, |text| {
            check_date(text)?;
            crate::dates::Date::parse(text)
                .map(Date)
                .map_err(|e| e.to_string())
        })
    }
}
serde_via_field!(Date);

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl ToCell for Date {
    fn to_cell(&self) -> Cell {
        Cell::Date(self.0)
    }
}
text_field!(
    /// An ISO 4217 code from `CURRENCIES`.
    Currency,
    check_currency
);
text_field!(
    /// One of `QUALIFIERS`.
    Qualifier,
    check_qualifier
);
text_field!(
    /// `article`, or reference numbers separated by `;` (`1;3;4`).
    Source,
    check_source
);

/// An exact decimal written out in full (`100000000000`, `0.049`): never `1e11`, `100B` or
/// `1,000`, and never through `f64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number(pub Decimal);

impl Field for Number {
    fn parse_text(text: &str) -> Result<Self, String> {
        required(text, |text| parse_number(text).map(Number))
    }
}
serde_via_field!(Number);

impl ToCell for Number {
    fn to_cell(&self) -> Cell {
        Cell::Decimal(self.0)
    }
}

/// A ratio as a fraction between 0 and 1 (`0.35` for 35 %).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fraction(pub Decimal);

impl Field for Fraction {
    fn parse_text(text: &str) -> Result<Self, String> {
        required(text, |text| {
            let value = parse_number(text)?;
            if value < Decimal::ZERO || value > Decimal::ONE {
                return Err(format!(
                    "{text:?} is not a fraction between 0 and 1 (write 35 % as 0.35)"
                ));
            }
            Ok(Fraction(value))
        })
    }
}
serde_via_field!(Fraction);

impl ToCell for Fraction {
    fn to_cell(&self) -> Cell {
        Cell::Decimal(self.0)
    }
}

/// A whole count (jobs, companies, days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count(pub i64);

impl Field for Count {
    fn parse_text(text: &str) -> Result<Self, String> {
        required(text, |text| {
            if !text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{text:?} is not a whole number written in digits"));
            }
            text.parse::<i64>()
                .map(Count)
                .map_err(|_| format!("{text:?} is too large for a count"))
        })
    }
}
serde_via_field!(Count);

impl ToCell for Count {
    fn to_cell(&self) -> Cell {
        Cell::Int(self.0)
    }
}

/// How a field becomes a cell of a `Dataset` row.
pub trait ToCell {
    fn to_cell(&self) -> Cell;
}

impl<T: ToCell> ToCell for Option<T> {
    fn to_cell(&self) -> Cell {
        self.as_ref().map_or(Cell::Empty, ToCell::to_cell)
    }
}

fn parse_number(text: &str) -> Result<Decimal, String> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let well_formed = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && digits.bytes().filter(|b| *b == b'.').count() <= 1
        && !digits.starts_with('.')
        && !digits.ends_with('.');
    if !well_formed {
        return Err(format!(
            "{text:?} is not a number written out in full (digits and at most one point, \
             e.g. 100000000000 or 0.049)"
        ));
    }
    Decimal::from_str_exact(text).map_err(|_| format!("{text:?} does not fit an exact decimal"))
}

fn check_id(text: &str) -> Result<(), String> {
    let ok = text.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "id {text:?} must use lower-case letters, digits and hyphens"
        ))
    }
}

fn check_currency(text: &str) -> Result<(), String> {
    if CURRENCIES.contains(&text) {
        Ok(())
    } else {
        Err(format!(
            "unknown currency {text:?} (known: {})",
            CURRENCIES.join(", ")
        ))
    }
}

fn check_qualifier(text: &str) -> Result<(), String> {
    if QUALIFIERS.iter().any(|(q, _)| *q == text) {
        Ok(())
    } else {
        let known: Vec<&str> = QUALIFIERS.iter().map(|(q, _)| *q).collect();
        Err(format!(
            "unknown qualifier {text:?} (known: {})",
            known.join(", ")
        ))
    }
}

fn check_source(text: &str) -> Result<(), String> {
    if text == "article" {
        return Ok(());
    }
    for part in text.split(';') {
        let valid = u32::from_str(part)
            .ok()
            .is_some_and(|n| n >= 1 && n as usize <= REFERENCES.len());
        if !valid {
            return Err(format!(
                "source {text:?} must be `article` or reference numbers 1 to {} separated by `;`",
                REFERENCES.len()
            ));
        }
    }
    Ok(())
}

/// Validates a date written as `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (a real calendar day) or
/// `YYYY-Qn`.
pub fn check_date(text: &str) -> Result<(), String> {
    let bad = |why: &str| {
        Err(format!(
            "malformed date {text:?}: {why} (write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-Qn)"
        ))
    };
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| -> Option<u32> {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let Some(year) = number(parts[0], 4) else {
        return bad("the year must have four digits");
    };
    match parts.as_slice() {
        [_] => Ok(()),
        [_, quarter] if quarter.starts_with('Q') => match *quarter {
            "Q1" | "Q2" | "Q3" | "Q4" => Ok(()),
            _ => bad("the quarter must be Q1 to Q4"),
        },
        [_, month] | [_, month, _] => {
            let Some(month) = number(month, 2).filter(|m| (1..=12).contains(m)) else {
                return bad("the month must be 01 to 12");
            };
            if let [_, _, day] = parts.as_slice() {
                let Some(day) = number(day, 2) else {
                    return bad("the day must have two digits");
                };
                if day == 0 || day > days_in_month(year, month) {
                    return bad("no such day in that month");
                }
            }
            Ok(())
        }
        _ => bad("too many parts"),
    }
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_every_allowed_precision_pass() {
        for ok in ["1957", "2024-10", "2024-12-17", "2024-Q3", "2024-02-29"] {
            assert_eq!(check_date(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_fail() {
        for bad in [
            "24",
            "2024-13",
            "2023-02-29",
            "2024-04-31",
            "2024-Q5",
            "2024/12",
            "2024-1",
            "2024-12-1",
            "2024-12-17-1",
            "Dec 2024",
        ] {
            let err = check_date(bad).unwrap_err();
            assert!(err.contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn numbers_must_be_written_out_in_full() {
        assert_eq!(
            parse_number("82129000000").unwrap(),
            Decimal::from(82_129_000_000_i64)
        );
        assert_eq!(parse_number("0.049").unwrap().to_string(), "0.049");
        for bad in ["1e11", "100B", "1,000", "1.2.3", ".5", "5.", ""] {
            assert!(parse_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn sources_cite_existing_references() {
        assert!(check_source("article").is_ok());
        assert!(check_source("1;3;4").is_ok());
        assert!(check_source("7").is_err());
        assert!(check_source("1, 3").is_err());
    }
}
