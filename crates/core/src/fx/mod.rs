//! Currency conversion over the built-in FX table (`fx_rates.csv`, transcribed from the
//! Federal Reserve and IRS figures in the project's reference notes) plus per-session
//! overrides made with `set_fx`.
//!
//! Rules: a conversion names its period (a year such as `2023` for the annual average, or
//! `"YYYY-MM"` for a monthly average); without one it uses December 2024, the month the article
//! was written. A missing rate is an error that names the pair and period and shows the
//! `set_fx` call that would supply it — never another period's rate. Pairs without a direct
//! quote cross through USD (CNY→JPY = CNY→USD→JPY). Rates are kept as exact fractions, so a
//! conversion multiplies first and divides once: `convert_cny(bn(67.2), 2023)` is exactly
//! 67.2e9 × 7.0809.
//!
//! Overrides live in an `FxSession` (one per script session, shared by its bindings), from which
//! the `fx_rates` dataset can list every row, overrides included.

use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;
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
}

impl Period {
    /// `"2023"` (annual) or `"2024-12"` (monthly).
    pub fn parse(text: &str) -> Result<Period, String> {
        let text = text.trim();
        if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
            return text
                .parse()
                .map(Period::Year)
                .map_err(|_| format!("{text:?} is not a year"));
        }
        crate::calendar::parse_year_month(text)
            .map(|(y, m)| Period::Month(y, m))
            .map_err(|_| {
                format!("period must be a year (2023) or a month \"YYYY-MM\", not {text:?}")
            })
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Period::Year(_) => "annual",
            Period::Month(..) => "monthly",
        }
    }

    /// How the period is written in a script: `2023` or `"2024-12"`.
    fn as_argument(&self) -> String {
        match self {
            Period::Year(y) => y.to_string(),
            Period::Month(..) => format!("\"{self}\""),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::Month(y, m) => write!(f, "{y}-{m:02}"),
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

fn currency_code(text: &str) -> Result<String, String> {
    let code = text.trim().to_ascii_uppercase();
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(code)
    } else {
        Err(format!(
            "a currency must be a three-letter code such as \"USD\" or \"CNY\", not {text:?}"
        ))
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
        let base = currency_code(base).map_err(at)?;
        let quote = currency_code(quote).map_err(at)?;
        if base == quote {
            return Err(at(format!("{base} quoted against itself")));
        }
        let rate: Decimal = rate
            .parse()
            .map_err(|_| at(format!("rate {rate:?} is not a number")))?;
        if rate <= Decimal::ZERO {
            return Err(at(format!("rate {rate} must be positive")));
        }
        let period = Period::parse(period).map_err(at)?;
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
/// tests catch; at run time it surfaces as a script error, not a panic.
pub fn builtin_rows() -> Result<&'static [FxRow], String> {
    static TABLE: OnceLock<Result<Vec<FxRow>, String>> = OnceLock::new();
    TABLE
        .get_or_init(|| parse_table(FX_RATES_CSV))
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// A rate as an exact fraction: `amount × num / den`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    pub num: Decimal,
    pub den: Decimal,
}

impl Rate {
    pub fn value(&self) -> Result<Decimal, String> {
        self.num
            .checked_div(self.den)
            .map(|d| d.normalize())
            .ok_or_else(|| "the exchange rate overflows the decimal range".to_string())
    }

    pub fn apply(&self, amount: Decimal) -> Result<Decimal, String> {
        amount
            .checked_mul(self.num)
            .and_then(|v| v.checked_div(self.den))
            .map(|d| d.normalize())
            .ok_or_else(|| {
                format!(
                    "converting {} overflows the decimal range",
                    amount.normalize()
                )
            })
    }
}

/// The session's FX state: the overrides made with `set_fx`, shared by the registered closures.
#[derive(Debug, Clone, Default)]
pub struct FxSession {
    overrides: Rc<RefCell<Vec<FxRow>>>,
}

impl FxSession {
    pub fn new() -> FxSession {
        FxSession::default()
    }

    /// Every row of the table as the session sees it: built-in rows not overridden, then the
    /// overrides (source "set_fx in this session").
    pub fn rows(&self) -> Result<Vec<FxRow>, String> {
        let overrides = self.overrides.borrow();
        let replaced = |row: &FxRow| {
            overrides.iter().any(|o| {
                o.period == row.period
                    && ((o.base == row.base && o.quote == row.quote)
                        || (o.base == row.quote && o.quote == row.base))
            })
        };
        let mut rows: Vec<FxRow> = builtin_rows()?
            .iter()
            .filter(|r| !replaced(r))
            .cloned()
            .collect();
        rows.extend(overrides.iter().cloned());
        Ok(rows)
    }

    /// Sets (or replaces) a rate for this session: 1 `from` = `rate` `to` over `period`. A rate
    /// more than 2x away from the nearest published rate of the pair is refused as most likely
    /// typed the wrong way round (see `check_plausible`); `set_unchecked` takes it anyway.
    pub fn set(&self, from: &str, to: &str, rate: Decimal, period: Period) -> Result<(), String> {
        let (base, quote) = Self::checked_pair(from, to, rate)?;
        check_plausible(&base, &quote, rate, period)?;
        self.set_unchecked(&base, &quote, rate, period)
    }

    fn checked_pair(from: &str, to: &str, rate: Decimal) -> Result<(String, String), String> {
        let base = currency_code(from)?;
        let quote = currency_code(to)?;
        if base == quote {
            return Err(format!("set_fx: {base} to {base} is always 1"));
        }
        if rate <= Decimal::ZERO {
            return Err(format!(
                "set_fx: the rate must be positive, not {}",
                rate.normalize()
            ));
        }
        Ok((base, quote))
    }

    /// Sets a rate without comparing it with the published ones.
    pub fn set_unchecked(
        &self,
        from: &str,
        to: &str,
        rate: Decimal,
        period: Period,
    ) -> Result<(), String> {
        let (base, quote) = Self::checked_pair(from, to, rate)?;
        let mut overrides = self.overrides.borrow_mut();
        overrides.retain(|o| {
            !(o.period == period
                && ((o.base == base && o.quote == quote) || (o.base == quote && o.quote == base)))
        });
        overrides.push(FxRow {
            id: format!("{base}{quote}-{period}"),
            base,
            quote,
            rate: rate.normalize(),
            period,
            source: SET_IN_SESSION.into(),
        });
        Ok(())
    }

    fn direct(&self, from: &str, to: &str, period: Period) -> Result<Option<Rate>, String> {
        let overrides = self.overrides.borrow();
        let builtin = builtin_rows()?;
        for table in [overrides.as_slice(), builtin] {
            for row in table.iter().filter(|r| r.period == period) {
                if row.base == from && row.quote == to {
                    return Ok(Some(Rate {
                        num: row.rate,
                        den: Decimal::ONE,
                    }));
                }
                if row.base == to && row.quote == from {
                    return Ok(Some(Rate {
                        num: Decimal::ONE,
                        den: row.rate,
                    }));
                }
            }
        }
        Ok(None)
    }

    /// The rows `rate(from, to, period)` uses: one for a direct rate (either direction), two
    /// when it crosses through USD; what `explain` shows as a conversion's rate and source.
    pub fn rate_rows(&self, from: &str, to: &str, period: Period) -> Result<Vec<FxRow>, String> {
        let from = currency_code(from)?;
        let to = currency_code(to)?;
        if from == to {
            return Ok(Vec::new());
        }
        self.rate(&from, &to, period)?;
        let overrides = self.overrides.borrow();
        let builtin = builtin_rows()?;
        let find = |a: &str, b: &str| -> Option<FxRow> {
            [overrides.as_slice(), builtin]
                .into_iter()
                .find_map(|table| {
                    table
                        .iter()
                        .find(|r| {
                            r.period == period
                                && ((r.base == a && r.quote == b) || (r.base == b && r.quote == a))
                        })
                        .cloned()
                })
        };
        if let Some(row) = find(&from, &to) {
            return Ok(vec![row]);
        }
        Ok([find(&from, "USD"), find("USD", &to)]
            .into_iter()
            .flatten()
            .collect())
    }

    /// Whether any row, built in or set in this session, quotes `code`.
    fn knows(&self, code: &str) -> Result<bool, String> {
        Ok(self.currencies()?.iter().any(|c| c == code))
    }

    /// Every currency the table quotes, sorted.
    pub fn currencies(&self) -> Result<Vec<String>, String> {
        let mut codes: Vec<String> = self
            .rows()?
            .iter()
            .flat_map(|r| [r.base.clone(), r.quote.clone()])
            .collect();
        codes.sort();
        codes.dedup();
        Ok(codes)
    }

    /// The rate from `from` to `to` over `period`, directly or through USD.
    pub fn rate(&self, from: &str, to: &str, period: Period) -> Result<Rate, String> {
        let from = currency_code(from)?;
        let to = currency_code(to)?;
        if from == to {
            return Ok(Rate {
                num: Decimal::ONE,
                den: Decimal::ONE,
            });
        }
        if let Some(rate) = self.direct(&from, &to, period)? {
            return Ok(rate);
        }
        let missing = |a: &str, b: &str| {
            format!(
                "no {a}→{b} exchange rate (1 {a} = ? {b}) for {period} in the fx_rates table \
                 (only periods with a published figure are included, and no other period's rate \
                 is used); set one with set_fx(\"{a}\", \"{b}\", rate, {})",
                period.as_argument()
            )
        };
        // A currency the table has no rate for in any period is most likely a typo: say so.
        for code in [&from, &to] {
            if !self.knows(code)? {
                return Err(format!(
                    "unknown currency {code}: the fx_rates table has rates for {} (set one with \
                     set_fx(\"USD\", \"{code}\", rate, {}))",
                    self.currencies()?.join(", "),
                    period.as_argument()
                ));
            }
        }
        if from == "USD" || to == "USD" {
            return Err(missing(&from, &to));
        }
        let first = self.direct(&from, "USD", period)?;
        let second = self.direct("USD", &to, period)?;
        match (first, second) {
            (Some(a), Some(b)) => {
                let overflow = || "the cross rate overflows the decimal range".to_string();
                Ok(Rate {
                    num: a.num.checked_mul(b.num).ok_or_else(overflow)?,
                    den: a.den.checked_mul(b.den).ok_or_else(overflow)?,
                })
            }
            (None, _) => Err(format!(
                "{} (needed to cross {from}→{to} through USD)",
                missing(&from, "USD")
            )),
            (_, None) => Err(format!(
                "{} (needed to cross {from}→{to} through USD)",
                missing("USD", &to)
            )),
        }
    }

    /// `amount` in `from` converted to `to` at the `period` rate.
    pub fn convert(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        period: Period,
    ) -> Result<Decimal, String> {
        self.rate(from, to, period)?.apply(amount)
    }
}

/// A period as a month number, a year at its middle, to find the published rate nearest it.
fn month_index(period: Period) -> i64 {
    match period {
        Period::Year(y) => y * 12 + 6,
        Period::Month(y, m) => y * 12 + i64::from(m) - 1,
    }
}

/// `value` with `digits` significant digits (rates shown in messages).
fn significant(value: Decimal, digits: u32) -> Decimal {
    if value.is_zero() {
        return value;
    }
    let magnitude = value.abs().log10_floor();
    let places = (digits as i64 - 1 - magnitude).clamp(0, 28) as u32;
    value
        .round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

trait Log10Floor {
    fn log10_floor(&self) -> i64;
}

impl Log10Floor for Decimal {
    /// ⌊log10(x)⌋ for a positive decimal, counted in digits.
    fn log10_floor(&self) -> i64 {
        let digits = self
            .trunc()
            .normalize()
            .to_string()
            .trim_start_matches('-')
            .len() as i64;
        if *self >= Decimal::ONE {
            return digits - 1;
        }
        let text = self.normalize().to_string();
        let fraction = text.split('.').nth(1).unwrap_or("");
        -(fraction.chars().take_while(|c| *c == '0').count() as i64) - 1
    }
}

/// Refuses a rate for 1 `base` = `rate` `quote` that is more than 2x away, either way, from the
/// published rate of the same pair nearest to `period`: the commonest FX mistake is a rate
/// typed the wrong way round (7.13 for 1 CNY in USD). The message shows both directions and
/// the call that was probably meant, and how to insist. Pairs the table never quotes pass.
pub fn check_plausible(
    base: &str,
    quote: &str,
    rate: Decimal,
    period: Period,
) -> Result<(), String> {
    let rows = builtin_rows()?;
    let nearest = rows
        .iter()
        .filter(|r| (r.base == base && r.quote == quote) || (r.base == quote && r.quote == base))
        .min_by_key(|r| {
            let distance = (month_index(r.period) - month_index(period)).abs();
            // On a tie the annual average wins: it is the figure people quote.
            (distance, matches!(r.period, Period::Month(..)))
        });
    let Some(row) = nearest else {
        return Ok(());
    };
    let published = if row.base == base {
        row.rate
    } else {
        Decimal::ONE / row.rate
    };
    let two = Decimal::TWO;
    let factor = rate / published;
    if factor <= two && factor >= Decimal::ONE / two {
        return Ok(());
    }
    let how_far = if factor > Decimal::ONE {
        format!("{}x", significant(factor, 2))
    } else {
        format!("1/{} of", significant(Decimal::ONE / factor, 2))
    };
    let average = match row.period {
        Period::Year(y) => format!("{y} average"),
        Period::Month(..) => format!("{} monthly average", row.period),
    };
    let rate = rate.normalize();
    let period_arg = period.as_argument();
    Err(format!(
        "1 {base} = {rate} {quote} is {how_far} the published {average} (1 {base} = {} {quote}, \
         1 {quote} = {} {base}); did you mean set_fx(\"{quote}\", \"{base}\", {rate}, {period_arg})? \
         To use the rate as typed, call set_fx_unchecked(\"{base}\", \"{quote}\", {rate}, {period_arg})",
        significant(published, 4),
        significant(Decimal::ONE / published, 4),
    ))
}

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
/// FX table quotes and every currency the datasets use, sorted.
pub fn known_codes() -> Vec<String> {
    let mut codes: Vec<String> = crate::datasets::fields::CURRENCIES
        .iter()
        .map(|c| c.to_string())
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn embedded_table_is_valid() {
        let rows = builtin_rows().unwrap();
        assert_eq!(rows.len(), 56);
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
    fn missing_periods_fail_and_say_how_to_fix() {
        let fx = FxSession::new();
        let e = fx
            .convert(dec("1"), "USD", "CNY", Period::Year(2016))
            .unwrap_err();
        assert!(
            e.contains("2016") && e.contains("set_fx(\"USD\", \"CNY\", rate, 2016)"),
            "{e}"
        );
        let e = fx
            .convert(dec("1"), "USD", "JPY", DEFAULT_PERIOD)
            .unwrap_err();
        assert!(e.contains("2024-12") && e.contains("\"2024-12\""), "{e}");
        let e = fx
            .convert(dec("1"), "CNY", "GBP", Period::Year(1996))
            .unwrap_err();
        assert!(e.contains("GBP") && e.contains("through USD"), "{e}");
        assert!(fx
            .convert(dec("1"), "USD", "DOLLARS", DEFAULT_PERIOD)
            .is_err());
    }

    #[test]
    fn a_rate_the_wrong_way_round_is_refused_with_the_fix() {
        let fx = FxSession::new();
        let e = fx
            .set("CNY", "USD", dec("7.13"), Period::parse("2024-07").unwrap())
            .unwrap_err();
        assert_eq!(
            e,
            "1 CNY = 7.13 USD is 51x the published 2024 average (1 CNY = 0.1391 USD, 1 USD = \
             7.189 CNY); did you mean set_fx(\"USD\", \"CNY\", 7.13, \"2024-07\")? To use the \
             rate as typed, call set_fx_unchecked(\"CNY\", \"USD\", 7.13, \"2024-07\")"
        );
        let e = fx
            .set("USD", "JPY", dec("0.0066"), Period::Year(2023))
            .unwrap_err();
        assert!(
            e.contains("is 1/21288 of the published 2023 average"),
            "{e}"
        );
        assert!(e.contains("set_fx(\"JPY\", \"USD\", 0.0066, 2023)"), "{e}");
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
    fn a_missing_rate_spells_its_direction() {
        let e = FxSession::new()
            .convert(dec("1"), "CNY", "USD", Period::Year(2016))
            .unwrap_err();
        assert!(e.contains("(1 CNY = ? USD)"), "{e}");
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
        assert_eq!(rows.len(), 56);
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
