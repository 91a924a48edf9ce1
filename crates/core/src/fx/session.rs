//! The FX state of one script session — the rates set with `set_fx`, the ECB table it uses
//! (the shipped one, or one loaded with `fx_load`), the source it prefers — and the quote of a
//! pair for a period with the rows that explain it.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use rust_decimal::Decimal;

use super::ecb::{self, ymd_text, EcbRates};
use super::error::{EcbError, FxError, Overflow};
use super::{builtin_rows, currency_code, FxRow, Period, Rate, SET_IN_SESSION};

/// Which rates answer a conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FxSource {
    /// Published averages where `rates.csv` has one for the year or month, the ECB otherwise.
    #[default]
    Auto,
    /// The ECB's daily rates (a day) or their mean (a month or a year) only.
    Ecb,
    /// The published averages (and `set_fx` rates) only.
    Published,
}

impl FxSource {
    pub fn parse(text: &str) -> Result<FxSource, FxError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(FxSource::Auto),
            "ecb" => Ok(FxSource::Ecb),
            "published" => Ok(FxSource::Published),
            _ => Err(FxError::NotASource(text.to_string())),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            FxSource::Auto => "auto",
            FxSource::Ecb => "ECB",
            FxSource::Published => "published",
        }
    }
}

/// A rate with the rows behind it (one, or two crossed through USD).
#[derive(Debug, Clone)]
pub struct Quote {
    pub rate: Rate,
    pub rows: Vec<FxRow>,
}

/// The session's FX state, shared by the registered closures.
#[derive(Debug, Clone, Default)]
pub struct FxSession {
    overrides: Rc<RefCell<Vec<FxRow>>>,
    loaded: Rc<RefCell<Option<Rc<EcbRates>>>>,
    source: Rc<Cell<FxSource>>,
    generation: Rc<Cell<u64>>,
}

fn same_pair(row: &FxRow, a: &str, b: &str) -> bool {
    (row.base == a && row.quote == b) || (row.base == b && row.quote == a)
}

impl FxSession {
    pub fn new() -> FxSession {
        FxSession::default()
    }

    /// Changes whenever a rate is set or loaded: what a cache of the session's rates keys on.
    pub fn generation(&self) -> u64 {
        self.generation.get()
    }

    fn changed(&self) {
        self.generation.set(self.generation.get() + 1);
    }

    /// The source a conversion without its own choice uses.
    pub fn source(&self) -> FxSource {
        self.source.get()
    }

    pub fn set_source(&self, source: FxSource) {
        self.source.set(source);
    }

    /// Runs `f` over the session's ECB table: the one loaded with `fx_load`, else the shipped
    /// one (read on first need).
    pub fn with_ecb<T>(&self, f: impl FnOnce(&EcbRates) -> T) -> Result<T, FxError> {
        if let Some(loaded) = self.loaded.borrow().as_ref() {
            return Ok(f(loaded));
        }
        Ok(f(ecb::process_rates()?))
    }

    /// Uses the ECB rates in `bytes` (the CSV or its ZIP, read from `file`) for the rest of the
    /// session, once they validate; says what was loaded.
    pub fn load(&self, bytes: &[u8], file: &str) -> Result<String, FxError> {
        let rates = ecb::read(bytes, file)?;
        let summary = format!(
            "{} business days {}, {} currencies per EUR, from {file}",
            rates.days().len(),
            rates.range_text(),
            rates.codes().len()
        );
        *self.loaded.borrow_mut() = Some(Rc::new(rates));
        self.changed();
        Ok(summary)
    }

    /// The currencies the ECB table quotes (the euro included), without reading the shipped
    /// rates.
    pub fn ecb_codes(&self) -> Vec<String> {
        let loaded = self.loaded.borrow();
        let mut codes: Vec<String> = match (loaded.as_deref(), ecb::chosen_for_process()) {
            (Some(rates), _) | (None, Some(rates)) => rates.codes().to_vec(),
            (None, None) => ecb::SHIPPED_CODES.iter().map(|c| c.to_string()).collect(),
        };
        codes.push("EUR".into());
        codes
    }

    /// Every published row as the session sees it: built-in rows not overridden, then the
    /// overrides (source "set_fx in this session").
    pub fn rows(&self) -> Result<Vec<FxRow>, FxError> {
        let overrides = self.overrides.borrow();
        let replaced = |row: &FxRow| {
            overrides
                .iter()
                .any(|o| o.period == row.period && same_pair(o, &row.base, &row.quote))
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
    /// far from the published one of the pair, or that is the published one the wrong way
    /// round, is refused (see `check_plausible`); `set_unchecked` takes it anyway.
    pub fn set(&self, from: &str, to: &str, rate: Decimal, period: Period) -> Result<(), FxError> {
        let (base, quote) = Self::checked_pair(from, to, rate)?;
        super::guard::check_plausible(self, &base, &quote, rate, period)?;
        self.set_unchecked(&base, &quote, rate, period)
    }

    fn checked_pair(from: &str, to: &str, rate: Decimal) -> Result<(String, String), FxError> {
        let base = currency_code(from)?;
        let quote = currency_code(to)?;
        if base == quote {
            return Err(FxError::SamePair(base));
        }
        if rate <= Decimal::ZERO {
            return Err(FxError::RateNotPositive(rate));
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
    ) -> Result<(), FxError> {
        let (base, quote) = Self::checked_pair(from, to, rate)?;
        let mut overrides = self.overrides.borrow_mut();
        overrides.retain(|o| !(o.period == period && same_pair(o, &base, &quote)));
        overrides.push(FxRow {
            id: format!("{base}{quote}-{period}"),
            base,
            quote,
            rate: rate.normalize(),
            period,
            source: SET_IN_SESSION.into(),
        });
        drop(overrides);
        self.changed();
        Ok(())
    }

    /// A rate set in this session or published for exactly `period`, either direction.
    fn direct(&self, from: &str, to: &str, period: Period, published: bool) -> Option<Quote> {
        let overrides = self.overrides.borrow();
        let builtin = if published {
            builtin_rows().unwrap_or(&[])
        } else {
            &[]
        };
        let found = [overrides.as_slice(), builtin]
            .into_iter()
            .flat_map(|t| t.iter())
            .find(|r| r.period == period && same_pair(r, from, to))
            .map(|row| Quote {
                rate: if row.base == from {
                    Rate {
                        num: row.rate,
                        den: Decimal::ONE,
                    }
                } else {
                    Rate {
                        num: Decimal::ONE,
                        den: row.rate,
                    }
                },
                rows: vec![row.clone()],
            });
        found
    }

    /// The published (or set) rate of `period`: direct, or crossed through USD.
    fn published(&self, from: &str, to: &str, period: Period) -> Result<Option<Quote>, FxError> {
        if let Some(quote) = self.direct(from, to, period, true) {
            return Ok(Some(quote));
        }
        if from == "USD" || to == "USD" {
            return Ok(None);
        }
        let (Some(a), Some(b)) = (
            self.direct(from, "USD", period, true),
            self.direct("USD", to, period, true),
        ) else {
            return Ok(None);
        };
        let overflow = || FxError::Overflow(Overflow::Cross);
        Ok(Some(Quote {
            rate: Rate {
                num: a.rate.num.checked_mul(b.rate.num).ok_or_else(overflow)?,
                den: a.rate.den.checked_mul(b.rate.den).ok_or_else(overflow)?,
            },
            rows: [a.rows, b.rows].concat(),
        }))
    }

    /// A rate set with `set_fx` for the month or year around `period`.
    fn enclosing_override(&self, from: &str, to: &str, period: Period) -> Option<Quote> {
        period
            .enclosing()
            .into_iter()
            .find_map(|p| self.direct(from, to, p, false))
    }

    /// The ECB's rate: a day's (or the last business day's before it), or a period's mean,
    /// crossed through EUR.
    fn ecb_quote(
        &self,
        from: &str,
        to: &str,
        period: Period,
        describe: bool,
    ) -> Result<Quote, FxError> {
        self.with_ecb(|rates| ecb_quote(rates, from, to, period, describe))?
    }

    /// The rate from `from` to `to` over `period` from `source`, with the rows behind it.
    pub fn quote_with(
        &self,
        from: &str,
        to: &str,
        period: Period,
        source: FxSource,
    ) -> Result<Quote, FxError> {
        self.quote_described(from, to, period, source, true)
    }

    /// The rate alone, without the rows that explain it (what a conversion needs: it runs per
    /// row of a table, and the rows' text is most of a quote's cost).
    pub fn rate_with(
        &self,
        from: &str,
        to: &str,
        period: Period,
        source: FxSource,
    ) -> Result<Rate, FxError> {
        self.quote_described(from, to, period, source, false)
            .map(|q| q.rate)
    }

    fn quote_described(
        &self,
        from: &str,
        to: &str,
        period: Period,
        source: FxSource,
        describe: bool,
    ) -> Result<Quote, FxError> {
        let from = currency_code(from)?;
        let to = currency_code(to)?;
        if from == to {
            return Ok(Quote {
                rate: Rate {
                    num: Decimal::ONE,
                    den: Decimal::ONE,
                },
                rows: Vec::new(),
            });
        }
        for code in [&from, &to] {
            if !self.knows(code)? {
                let known = self.currencies()?;
                return Err(FxError::UnknownCurrency {
                    code: code.clone(),
                    hint: super::currencies::did_you_mean(code, &known),
                    known,
                    period,
                });
            }
        }
        if source != FxSource::Ecb {
            if !matches!(period, Period::Day(..)) {
                if let Some(quote) = self.published(&from, &to, period)? {
                    return Ok(quote);
                }
            } else if let Some(quote) = self.direct(&from, &to, period, false) {
                return Ok(quote);
            }
            if let Some(quote) = self.enclosing_override(&from, &to, period) {
                return Ok(quote);
            }
        }
        // The ECB's own reasons become the cause of a missing rate; anything else (an
        // overflow, an unreadable shipped file) passes as it is.
        let missing = |e: FxError| match (e, source) {
            (FxError::Ecb(cause), FxSource::Auto) => FxError::NoRate {
                from: from.clone(),
                to: to.clone(),
                period,
                cause: Box::new(cause),
            },
            (FxError::Ecb(cause), _) => FxError::NoEcb {
                from: from.clone(),
                to: to.clone(),
                period,
                cause: Box::new(cause),
            },
            (other, _) => other,
        };
        match source {
            FxSource::Published => Err(FxError::NoPublished {
                from: from.clone(),
                to: to.clone(),
                period,
            }),
            FxSource::Ecb | FxSource::Auto => self
                .ecb_quote(&from, &to, period, describe)
                .map_err(missing),
        }
    }

    /// The quote from the session's preferred source.
    pub fn quote(&self, from: &str, to: &str, period: Period) -> Result<Quote, FxError> {
        self.quote_with(from, to, period, self.source())
    }

    /// The rows `rate(from, to, period)` uses: what `explain` shows as a conversion's rate and
    /// source.
    pub fn rate_rows(&self, from: &str, to: &str, period: Period) -> Result<Vec<FxRow>, FxError> {
        self.quote(from, to, period).map(|q| q.rows)
    }

    /// Whether any rate, published, set in this session or from the ECB, quotes `code`.
    /// Checked on every conversion, so it allocates nothing: the set rates, the published
    /// table's codes (gathered once per process) and the ECB table's columns.
    fn knows(&self, code: &str) -> Result<bool, FxError> {
        if code == "EUR"
            || self
                .overrides
                .borrow()
                .iter()
                .any(|r| r.base == code || r.quote == code)
            || published_codes()?.iter().any(|c| c == code)
        {
            return Ok(true);
        }
        let loaded = self.loaded.borrow();
        Ok(match (loaded.as_deref(), ecb::chosen_for_process()) {
            (Some(rates), _) | (None, Some(rates)) => rates.codes().iter().any(|c| c == code),
            (None, None) => ecb::SHIPPED_CODES.contains(&code),
        })
    }

    /// Every currency the session has rates for, sorted.
    pub fn currencies(&self) -> Result<Vec<String>, FxError> {
        let mut codes: Vec<String> = self
            .rows()?
            .iter()
            .flat_map(|r| [r.base.clone(), r.quote.clone()])
            .chain(self.ecb_codes())
            .collect();
        codes.sort();
        codes.dedup();
        Ok(codes)
    }

    /// The rate from `from` to `to` over `period`.
    pub fn rate(&self, from: &str, to: &str, period: Period) -> Result<Rate, FxError> {
        self.rate_with(from, to, period, self.source())
    }

    /// `amount` in `from` converted to `to` at the `period` rate of `source`.
    pub fn convert_with(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        period: Period,
        source: FxSource,
    ) -> Result<Decimal, FxError> {
        self.rate_with(from, to, period, source)?.apply(amount)
    }

    /// `amount` in `from` converted to `to` at the `period` rate.
    pub fn convert(
        &self,
        amount: Decimal,
        from: &str,
        to: &str,
        period: Period,
    ) -> Result<Decimal, FxError> {
        self.rate(from, to, period)?.apply(amount)
    }
}

/// The codes of the published table, once per process.
fn published_codes() -> Result<&'static [String], FxError> {
    static CODES: std::sync::OnceLock<Result<Vec<String>, FxError>> = std::sync::OnceLock::new();
    CODES
        .get_or_init(|| {
            let mut codes: Vec<String> = builtin_rows()?
                .iter()
                .flat_map(|r| [r.base.clone(), r.quote.clone()])
                .collect();
            codes.sort();
            codes.dedup();
            Ok(codes)
        })
        .as_ref()
        .map(Vec::as_slice)
        .map_err(Clone::clone)
}

/// "USD 1.1109, JPY 125.36" (the euro, always 1, left out).
fn per_euro(parts: &[(&str, Decimal)]) -> String {
    parts
        .iter()
        .filter(|(code, _)| *code != "EUR")
        .map(|(code, rate)| format!("{code} {}", rate.normalize()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The ECB's rate for `period`, crossed through EUR; with `describe`, the row that explains it
/// (the day used, each leg per euro, the file).
fn ecb_quote(
    rates: &EcbRates,
    from: &str,
    to: &str,
    period: Period,
    describe: bool,
) -> Result<Quote, FxError> {
    for code in [from, to] {
        if !rates.has(code) {
            return Err(FxError::Ecb(EcbError::NoCurrency {
                code: code.to_string(),
                codes: rates.codes().to_vec(),
            }));
        }
    }
    let file = if rates.origin == "shipped" {
        String::new()
    } else {
        format!("; loaded from {}", rates.origin)
    };
    let (rate, source) = match period {
        Period::Day(..) => {
            let (day, _) = ecb::period_days(period);
            let r = rates.on_day(from, to, day).map_err(FxError::Ecb)?;
            if !describe {
                return Ok(Quote {
                    rate: Rate {
                        num: r.to,
                        den: r.from,
                    },
                    rows: Vec::new(),
                });
            }
            let when = if r.used == day {
                ymd_text(day)
            } else {
                format!(
                    "{}, the last business day before {}",
                    ymd_text(r.used),
                    ymd_text(day)
                )
            };
            let parts = per_euro(&[(from, r.from), (to, r.to)]);
            (
                Rate {
                    num: r.to,
                    den: r.from,
                },
                format!("ECB reference rate of {when} ({parts} per EUR{file})"),
            )
        }
        _ => {
            let a = rates.period_sum(from, period).map_err(FxError::Ecb)?;
            let b = rates.period_sum(to, period).map_err(FxError::Ecb)?;
            let overflow = || FxError::Overflow(Overflow::Mean);
            let rate = if a.days == b.days {
                Rate {
                    num: b.sum,
                    den: a.sum,
                }
            } else {
                Rate {
                    num: b
                        .sum
                        .checked_mul(Decimal::from(a.days))
                        .ok_or_else(overflow)?,
                    den: a
                        .sum
                        .checked_mul(Decimal::from(b.days))
                        .ok_or_else(overflow)?,
                }
            };
            if !describe {
                return Ok(Quote {
                    rate,
                    rows: Vec::new(),
                });
            }
            let parts = per_euro(&[
                (from, super::error::significant(a.mean(), 6)),
                (to, super::error::significant(b.mean(), 6)),
            ]);
            (
                rate,
                format!(
                    "mean of the {} ECB daily reference rates of {period} ({parts} per EUR{file})",
                    a.days
                ),
            )
        }
    };
    let id = match period {
        Period::Day(..) => format!("ECB-{from}{to}-{period}"),
        _ => format!("ECB-mean-{from}{to}-{period}"),
    };
    Ok(Quote {
        rows: vec![FxRow {
            id,
            base: from.to_string(),
            quote: to.to_string(),
            rate: rate.value()?,
            period,
            source,
        }],
        rate,
    })
}
