//! The check on a rate typed in with `set_fx`: compared with the published rate of the pair
//! (a published average of the period or near it, else the ECB's rate or mean for the period,
//! else the ECB's nearest day), a rate more than 2x away either way, or one that is the
//! published rate the wrong way round, is refused with both directions spelled out.

use rust_decimal::Decimal;

use super::days::{period_days, ymd_text};
use super::error::{significant, Distance, FxError, Implausible};
use super::{builtin_rows, FxSession, FxSource, Period};

/// A period as a month number, a year at its middle, to find the published rate nearest it.
fn month_index(period: Period) -> i64 {
    match period {
        Period::Year(y) => y * 12 + 6,
        Period::Month(y, m) | Period::Day(y, m, _) => y * 12 + i64::from(m) - 1,
    }
}

/// How far (in months) a published average may be from the period and still be the reference.
const NEAR_MONTHS: i64 = 6;

/// The published rate of the pair nearest `period` (1 `base` = ? `quote`), with what it is.
fn nearest_published(base: &str, quote: &str, period: Period) -> Option<(Decimal, String, i64)> {
    let rows = builtin_rows().ok()?;
    let row = rows
        .iter()
        .filter(|r| (r.base == base && r.quote == quote) || (r.base == quote && r.quote == base))
        .min_by_key(|r| {
            let distance = (month_index(r.period) - month_index(period)).abs();
            // On a tie the annual average wins: it is the figure people quote.
            (distance, !matches!(r.period, Period::Year(..)))
        })?;
    let rate = if row.base == base {
        row.rate
    } else {
        Decimal::ONE / row.rate
    };
    let what = match row.period {
        Period::Year(y) => format!("published {y} average"),
        other => format!("published {other} average"),
    };
    Some((
        rate,
        what,
        (month_index(row.period) - month_index(period)).abs(),
    ))
}

/// The ECB's rate for `period`, or at the table's nearest end when the period lies outside it.
fn ecb_reference(
    fx: &FxSession,
    base: &str,
    quote: &str,
    period: Period,
) -> Option<(Decimal, String)> {
    if let Ok(q) = fx.quote_with(base, quote, period, FxSource::Ecb) {
        let what = match period {
            Period::Day(..) => format!("ECB reference rate of {period}"),
            _ => format!("ECB mean of {period}"),
        };
        return Some((q.rate.value().ok()?, what));
    }
    let (start, end) = period_days(period);
    fx.with_ecb(|rates| {
        let day = end.clamp(rates.first_day(), rates.last_day());
        let day = if start > rates.last_day() || end < rates.first_day() {
            day
        } else {
            end.min(rates.last_day())
        };
        let r = rates.on_day(base, quote, day).ok()?;
        Some((
            r.to / r.from,
            format!("ECB reference rate of {}", ymd_text(r.used)),
        ))
    })
    .ok()
    .flatten()
}

/// Refuses 1 `base` = `rate` `quote` for `period` when it is more than 2x away, either way, from
/// the reference rate of the pair, or within 2% of the reference the wrong way round while more
/// than 5% from it: the commonest FX mistake is a rate typed upside down (7.13 for 1 CNY in
/// USD; 0.92 for 1 EUR in USD). The error carries both directions, from which the embedder
/// words the call that was probably meant and how to insist. Pairs without any reference pass.
pub fn check_plausible(
    fx: &FxSession,
    base: &str,
    quote: &str,
    rate: Decimal,
    period: Period,
) -> Result<(), FxError> {
    let published = nearest_published(base, quote, period);
    let reference = match published {
        Some((r, what, distance)) if distance <= NEAR_MONTHS => Some((r, what)),
        _ => ecb_reference(fx, base, quote, period)
            .or_else(|| published.map(|(r, what, _)| (r, what))),
    };
    let Some((published, what)) = reference else {
        return Ok(());
    };
    let two = Decimal::TWO;
    let factor = rate / published;
    let inverse = rate * published;
    let near = |x: Decimal, tolerance: &str| {
        let t: Decimal = tolerance.parse().unwrap_or(Decimal::ZERO);
        (x - Decimal::ONE).abs() <= t
    };
    let upside_down = near(inverse, "0.02") && !near(factor, "0.05");
    let distance = if factor > two {
        Distance::Times(significant(factor, 2))
    } else if factor < Decimal::ONE / two {
        Distance::Fraction(significant(Decimal::ONE / factor, 2))
    } else if upside_down {
        Distance::WrongWayRound
    } else {
        return Ok(());
    };
    Err(FxError::Implausible(Box::new(Implausible {
        base: base.to_string(),
        quote: quote.to_string(),
        rate: rate.normalize(),
        period,
        reference: published,
        what,
        distance,
    })))
}
