//! Currency conversion: the published averages (`rates.csv`, transcribed from the Federal
//! Reserve and IRS figures in the project's reference notes), the ECB's daily euro reference
//! rates (`ecb`), per-session overrides made with `set_fx`, and rates loaded with `fx_load`.
//!
//! Rules: a conversion names its period (a year such as `2023`, a month `"2024-12"` or a day
//! `"2024-03-15"`); without one it uses December 2024, the month the article was written. A
//! year or a month uses its published average where `rates.csv` has one (directly or crossed
//! through USD), else the exact mean of that period's ECB daily rates; a day uses that day's
//! ECB rate, or the last business day's before it. Every ECB rate crosses through EUR. A
//! missing rate is an error (`FxError`, in `error`) that names the pair and the period, and
//! from which the embedder words the fix — never another period's rate. Rates are kept as exact fractions, so a conversion multiplies first and
//! divides once: `convert_cny(bn(67.2), 2023)` is exactly 67.2e9 × 7.0809.

mod currencies;
mod dataset;
mod days;
pub mod ecb;
mod error;
mod guard;
mod session;

use std::fmt;
use std::sync::OnceLock;

use rust_decimal::Decimal;

/// The embedded table; parsed and validated once per process.
const FX_RATES_CSV: &str = include_str!("rates.csv");

/// The period a conversion without one uses: December 2024, when the article was written.
pub const DEFAULT_PERIOD: Period = Period::Month(2024, 12);

/// The source of a rate set with `set_fx`, as the table and `explain` show it.
pub const SET_IN_SESSION: &str = "set_fx in this session";

/// An annual or monthly averaging period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Year(i64),
    Month(i64, u32),
    Day(i64, u32, u32),
}

impl Period {
    /// `"2023"` (annual), `"2024-12"` (monthly) or `"2024-03-15"` (a day).
    pub fn parse(text: &str) -> Result<Period, FxError> {
        let text = text.trim();
        if text.len() == 10 {
            let date = crate::dates::Date::parse(text)?;
            if date.precision() == crate::dates::Precision::Day {
                let day = date.first_day();
                return Ok(Period::Day(
                    i64::from(day.year()),
                    day.month() as u32,
                    day.day() as u32,
                ));
            }
        }
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse()
                .map(Period::Year)
                .map_err(|_| FxError::NotAPeriod(text.to_string()));
        }
        crate::dates::parse_year_month(text)
            .map(|(y, m)| Period::Month(y, m))
            .map_err(|_| FxError::NotAPeriod(text.to_string()))
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Period::Year(_) => "annual",
            Period::Month(..) => "monthly",
            Period::Day(..) => "daily",
        }
    }

    /// The year and month around a day, the year around a month: the periods whose rates
    /// set with `set_fx` a day or month falls back to.
    fn enclosing(&self) -> Vec<Period> {
        match *self {
            Period::Year(_) => vec![],
            Period::Month(y, _) => vec![Period::Year(y)],
            Period::Day(y, m, _) => vec![Period::Month(y, m), Period::Year(y)],
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
            Period::Day(y, m, d) => write!(f, "{y}-{m:02}-{d:02}"),
        }
    }
}

/// One row of the FX table: 1 `base` = `rate` `quote` over `period`.
#[derive(Debug, Clone, PartialEq)]
pub struct FxRow {
    pub id: String,
    pub base: String,
    pub quote: String,
    pub rate: Decimal,
    pub period: Period,
    pub source: String,
}

impl FxRow {
    pub fn period_kind(&self) -> &'static str {
        self.period.kind()
    }
}

pub use currencies::{did_you_mean, name_of};
pub use dataset::{
    builtin_dataset, for_each_ecb_row, known_codes, row_count, session_dataset, EcbRow,
};
pub use error::{
    crossing, missing_published, no_published_average, pair_text, Distance, EcbError, FileProblem,
    FxError, Implausible, Overflow,
};
pub use guard::check_plausible;
pub use session::{FxSession, FxSource, Quote};

fn currency_code(text: &str) -> Result<String, FxError> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(FxError::NotACode(text.to_string()))
    }
}

/// Parses and validates the table: seven columns, known period kinds that match the period,
/// positive rates, unique ids and no pair quoted twice for one period (in either direction).
pub fn parse_table(text: &str) -> Result<Vec<FxRow>, String> {
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l.trim()).unwrap_or("");
    if header != "id,base,quote,rate,period,period_kind,source" {
        return Err(format!("fx_rates.csv: unexpected header {header:?}"));
    }
    let mut rows: Vec<FxRow> = Vec::new();
    for (index, line) in lines {
        if line.trim().is_empty() {
            continue;
        }
        let at = |m: String| format!("fx_rates.csv line {}: {m}", index + 1);
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [id, base, quote, rate, period, kind, source] = fields[..] else {
            return Err(at(format!("expected 7 fields, found {}", fields.len())));
        };
        let code = |text| currency_code(text).map_err(|e| at(e.to_string()));
        let base = code(base)?;
        let quote = code(quote)?;
        if base == quote {
            return Err(at(format!("{base} quoted against itself")));
        }
        let rate: Decimal = rate
            .parse()
            .map_err(|_| at(format!("rate {rate:?} is not a number")))?;
        if rate <= Decimal::ZERO {
            return Err(at(format!("rate {rate} must be positive")));
        }
        let period = Period::parse(period).map_err(|e| at(e.to_string()))?;
        if period.kind() != kind {
            return Err(at(format!(
                "period {period} is {}, not {kind}",
                period.kind()
            )));
        }
        if source.is_empty() {
            return Err(at("every rate needs a source".into()));
        }
        if rows.iter().any(|r| r.id == id) {
            return Err(at(format!("duplicate id {id}")));
        }
        if rows.iter().any(|r| {
            r.period == period
                && ((r.base == base && r.quote == quote) || (r.base == quote && r.quote == base))
        }) {
            return Err(at(format!("{base}/{quote} quoted twice for {period}")));
        }
        rows.push(FxRow {
            id: id.to_string(),
            base,
            quote,
            rate,
            period,
            source: source.to_string(),
        });
    }
    Ok(rows)
}

/// The built-in rows (parsed once). An invalid embedded table is a build defect that the unit
/// tests catch; at run time it surfaces as an error (`FxError::Table`), not a panic.
pub fn builtin_rows() -> Result<&'static [FxRow], FxError> {
    static TABLE: OnceLock<Result<Vec<FxRow>, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_table(FX_RATES_CSV))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(|e| FxError::Table(e.clone()))
}

/// A rate as an exact fraction: `amount × num / den`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub num: Decimal,
    pub den: Decimal,
}

impl Rate {
    pub fn value(&self) -> Result<Decimal, FxError> {
        self.num
            .checked_div(self.den)
            .map(|d| d.normalize())
            .ok_or(FxError::Overflow(Overflow::Rate))
    }

    pub fn apply(&self, amount: Decimal) -> Result<Decimal, FxError> {
        amount
            .checked_mul(self.num)
            .and_then(|v| v.checked_div(self.den))
            .map(|d| d.normalize())
            .ok_or(FxError::Overflow(Overflow::Converting(amount)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn embedded_table_is_valid() {
        let rows = builtin_rows().unwrap();
        assert_eq!(rows.len(), 65);
        assert!(rows.iter().all(|r| r.rate > Decimal::ZERO));
    }

    #[test]
    fn conversions_use_the_named_period_exactly() {
        let fx = FxSession::new();
        assert_eq!(
            fx.convert(dec("67200000000"), "USD", "CNY", Period::Year(2023))
                .unwrap(),
            dec("475836480000")
        );
        assert_eq!(
            fx.convert(dec("100"), "EUR", "USD", Period::Year(2023))
                .unwrap(),
            dec("108.17")
        );
        assert_eq!(
            fx.convert(dec("108.17"), "USD", "EUR", Period::Year(2023))
                .unwrap(),
            dec("100")
        );
        assert_eq!(
            fx.convert(dec("1"), "usd", "cny", DEFAULT_PERIOD).unwrap(),
            dec("7.2807")
        );
        // Cross through USD: 7.0809 CNY = 1 USD = 140.5001 JPY.
        assert_eq!(
            fx.convert(dec("7.0809"), "CNY", "JPY", Period::Year(2023))
                .unwrap(),
            dec("140.5001")
        );
    }

    #[test]
    fn a_rate_the_wrong_way_round_is_refused_with_the_fix() {
        let fx = FxSession::new();
        let e = fx
            .set("CNY", "USD", dec("7.13"), Period::parse("2024-07").unwrap())
            .unwrap_err();
        let FxError::Implausible(i) = &e else {
            panic!("{e:?}");
        };
        assert_eq!(
            (i.base.as_str(), i.quote.as_str(), i.rate, i.period),
            ("CNY", "USD", dec("7.13"), Period::Month(2024, 7))
        );
        assert_eq!(i.distance, Distance::Times(dec("51")));
        assert_eq!(i.what, "published 2024 average");
        assert_eq!(
            e.to_string(),
            "1 CNY = 7.13 USD is 51x the published 2024 average (1 CNY = 0.1391 USD, 1 USD = \
             7.189 CNY)"
        );
        let e = fx
            .set("USD", "JPY", dec("0.0066"), Period::Year(2023))
            .unwrap_err();
        let FxError::Implausible(i) = &e else {
            panic!("{e:?}");
        };
        assert_eq!(i.distance, Distance::Fraction(dec("21288")));
        assert!(
            e.to_string()
                .contains("is 1/21288 of the published 2023 average"),
            "{e}"
        );
        // The same rate the right way round is within 2%: a rate typed upside down.
        let e = fx
            .set("EUR", "USD", dec("0.9245"), Period::Year(2023))
            .unwrap_err();
        assert!(
            matches!(&e, FxError::Implausible(i) if i.distance == Distance::WrongWayRound),
            "{e:?}"
        );
        assert_eq!(
            fx.set("USD", "usd", dec("1"), DEFAULT_PERIOD),
            Err(FxError::SamePair("USD".into()))
        );
        assert_eq!(
            fx.set("USD", "CNY", dec("-1"), DEFAULT_PERIOD),
            Err(FxError::RateNotPositive(dec("-1")))
        );
        // Within 2x either way, and pairs the table never quotes, pass.
        fx.set("USD", "CNY", dec("7.13"), Period::parse("2024-07").unwrap())
            .unwrap();
        fx.set("USD", "CNY", dec("12"), Period::Year(2030)).unwrap();
        fx.set("USD", "INR", dec("83.2"), Period::Year(2023))
            .unwrap();
        assert!(fx.set("USD", "CNY", dec("15"), Period::Year(2030)).is_err());
        fx.set_unchecked("CNY", "USD", dec("7.13"), Period::Year(2024))
            .unwrap();
        assert_eq!(
            fx.convert(dec("1"), "CNY", "USD", Period::Year(2024))
                .unwrap(),
            dec("7.13")
        );
    }

    #[test]
    fn missing_periods_fail_and_say_how_to_fix() {
        let fx = FxSession::new();
        let published = |from, to, period| {
            fx.quote_with(from, to, period, FxSource::Published)
                .map(|q| q.rate)
        };
        let no_published = |from: &str, to: &str, period| FxError::NoPublished {
            from: from.into(),
            to: to.into(),
            period,
        };
        let e = published("USD", "CNY", Period::Year(2016)).unwrap_err();
        assert_eq!(e, no_published("USD", "CNY", Period::Year(2016)));
        assert!(!e.to_string().contains("through USD"), "{e}");
        let e = published("usd", "jpy", DEFAULT_PERIOD).unwrap_err();
        assert_eq!(e, no_published("USD", "JPY", DEFAULT_PERIOD));
        let e = published("CNY", "GBP", Period::Year(1996)).unwrap_err();
        assert_eq!(e, no_published("CNY", "GBP", Period::Year(1996)));
        assert!(e.to_string().contains("through USD"), "{e}");
        // Before the euro, neither source has GBP: the error says both.
        let e = fx
            .convert(dec("1"), "CNY", "GBP", Period::Year(1996))
            .unwrap_err();
        let FxError::NoRate {
            from,
            to,
            period,
            cause,
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!(
            (from.as_str(), to.as_str(), *period),
            ("CNY", "GBP", Period::Year(1996))
        );
        assert!(
            matches!(**cause, EcbError::OutOfRange { after: false, .. }),
            "{cause:?}"
        );
        assert!(
            e.to_string().contains("no published 1996 average")
                && e.to_string().contains("from 1999-01-04 to 2026-10-30"),
            "{e}"
        );
        // The ECB alone: its reason, without the published table's.
        let e = fx
            .quote_with("USD", "JPY", Period::Year(2027), FxSource::Ecb)
            .unwrap_err();
        assert!(
            matches!(&e, FxError::NoEcb { cause, .. } if cause.newer_file_helps()),
            "{e:?}"
        );
        let e = fx
            .convert(dec("1"), "USD", "DOLLARS", DEFAULT_PERIOD)
            .unwrap_err();
        assert_eq!(e, FxError::NotACode("DOLLARS".into()));
        assert!(e.to_string().contains("three-letter"), "{e}");
        let e = fx
            .convert(dec("1"), "USD", "RMB", DEFAULT_PERIOD)
            .unwrap_err();
        let FxError::UnknownCurrency {
            code, hint, period, ..
        } = &e
        else {
            panic!("{e:?}");
        };
        assert_eq!(
            (code.as_str(), hint.as_deref(), *period),
            ("RMB", Some("CNY"), DEFAULT_PERIOD)
        );
        assert!(
            e.to_string()
                .starts_with("unknown currency RMB: did you mean CNY? whatif has rates for"),
            "{e}"
        );
        assert_eq!(
            Period::parse("2024-13"),
            Err(FxError::NotAPeriod("2024-13".into()))
        );
        assert!(matches!(
            Period::parse("2024-02-30"),
            Err(FxError::Date(crate::dates::DateError::NoDay {
                day: 30,
                ..
            }))
        ));
        assert_eq!(
            FxSource::parse("fed"),
            Err(FxError::NotASource("fed".into()))
        );
    }

    #[test]
    fn a_missing_rate_spells_its_direction() {
        let e = FxSession::new()
            .convert(dec("1"), "CNY", "USD", Period::Year(1998))
            .unwrap_err();
        assert!(e.to_string().contains("(1 CNY = ? USD)"), "{e}");
        assert!(matches!(e, FxError::NoRate { .. }), "{e:?}");
    }

    #[test]
    fn overrides_win_and_are_listed() {
        let fx = FxSession::new();
        fx.set("CNY", "USD", dec("0.14"), Period::Year(2023))
            .unwrap();
        assert_eq!(
            fx.convert(dec("100"), "CNY", "USD", Period::Year(2023))
                .unwrap(),
            dec("14")
        );
        assert_eq!(
            fx.convert(dec("14"), "USD", "CNY", Period::Year(2023))
                .unwrap(),
            dec("100")
        );
        let rows = fx.rows().unwrap();
        assert_eq!(rows.len(), 65);
        assert!(rows
            .iter()
            .any(|r| r.source.contains("set_fx") && r.rate == dec("0.14")));
        assert!(fx.set("USD", "CNY", dec("-1"), DEFAULT_PERIOD).is_err());
        // Another session does not see the override.
        assert_eq!(
            FxSession::new()
                .convert(dec("1"), "USD", "CNY", Period::Year(2023))
                .unwrap(),
            dec("7.0809")
        );
    }

    #[test]
    fn an_overflow_names_what_overflowed() {
        let huge = Rate {
            num: Decimal::MAX,
            den: dec("0.0001"),
        };
        assert_eq!(huge.value(), Err(FxError::Overflow(Overflow::Rate)));
        assert_eq!(
            huge.apply(dec("2")),
            Err(FxError::Overflow(Overflow::Converting(dec("2"))))
        );
        assert_eq!(
            huge.apply(dec("2")).unwrap_err().to_string(),
            "converting 2 overflows the decimal range"
        );
    }

    #[test]
    fn bad_tables_are_rejected() {
        let header = "id,base,quote,rate,period,period_kind,source\n";
        assert!(parse_table(&format!("{header}a,USD,CNY,-1,2023,annual,x\n")).is_err());
        assert!(parse_table(&format!("{header}a,USD,CNY,7,2023,monthly,x\n")).is_err());
        assert!(parse_table(&format!(
            "{header}a,USD,CNY,7,2023,annual,x\nb,CNY,USD,0.1,2023,annual,y\n"
        ))
        .is_err());
        assert!(parse_table(&format!("{header}a,USD,CNY,7,2023,annual\n")).is_err());
    }

    #[test]
    fn money_knows_the_fx_tables_and_the_datasets_currencies() {
        let known = known_codes();
        assert!(known.contains(&"HKD".to_string()) && known.contains(&"EUR".to_string()));
        assert!(known.windows(2).all(|w| w[0] < w[1]), "{known:?}");
    }
}
