//! Dated cash flows (Excel's XNPV and XIRR): actual days / 365 from the first date, discounted
//! in `f64` with a compensated sum and a first-order error bound per term. XNPV needs the first
//! date to be the earliest, as Excel does, because its value is discounted to that date; XIRR
//! takes the dates in any order (as LibreOffice, pyxirr and PhpSpreadsheet do), because its
//! roots do not depend on the date discounted to.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::dd::U;
use super::roots::{
    bisect, bracketed, nearest_root, safeguarded_newton, sign_changes, IrrSearch, RootError,
};
use super::{check_rate, digits_for, domain, rounded, FinanceError, FinanceResult};
use crate::dates::parse_date;

/// One input as the caller reads it: the error of an amount or date it cannot read is
/// reported when the reading reaches it.
pub type Read<T> = Result<T, FinanceError>;

/// Dated flows: amounts in `f64` and times in years (actual days / 365 from the first date,
/// or from the earliest when the order does not matter).
pub struct DatedFlows {
    pub amounts: Vec<f64>,
    pub years: Vec<f64>,
}

impl DatedFlows {
    /// Reads amounts and `"YYYY-MM-DD"` dates for the function `what`. Whatever holds them,
    /// the errors come in one order: the counts, each date in turn, a date before the first
    /// (unless `any_order`), then each amount.
    pub fn read<S: AsRef<str>>(
        what: &str,
        any_order: bool,
        amounts: impl ExactSizeIterator<Item = Read<f64>>,
        dates: impl ExactSizeIterator<Item = Read<S>>,
    ) -> FinanceResult<DatedFlows> {
        let n = amounts.len();
        if n != dates.len() {
            return Err(domain(format!(
                "{what}: {n} amounts but {} dates; each amount needs its date",
                dates.len()
            )));
        }
        if n == 0 {
            return Err(domain(format!("{what}: there are no cash flows")));
        }
        let mut days = Vec::with_capacity(n);
        // The first date's text, and the first date before it, for the message.
        let (mut first, mut early) = (None, None);
        for (i, text) in dates.enumerate() {
            let text = text?;
            let day = parse_date(text.as_ref()).map_err(|error| FinanceError::Date {
                context: format!("{what}: dates[{i}]"),
                error,
            })?;
            match days.first() {
                None => first = Some(text),
                Some(start) if day < *start && early.is_none() => early = Some((i, text)),
                Some(_) => {}
            }
            days.push(day);
        }
        if let (Some((i, text)), Some(first), false) = (early, first, any_order) {
            return Err(domain(format!(
                "{what}: dates[{i}] ({}) is before the first date ({}); as in Excel, the first \
                 date is the start of the investment",
                text.as_ref(),
                first.as_ref()
            )));
        }
        let amounts = amounts.collect::<Read<Vec<f64>>>()?;
        let start = if any_order {
            days.iter().copied().min().unwrap_or(days[0])
        } else {
            days[0]
        };
        let years = days.iter().map(|d| (d - start) as f64 / 365.0).collect();
        Ok(DatedFlows { amounts, years })
    }

    /// XNPV, its scale (sum of |terms|) and a first-order error bound.
    pub fn xnpv(&self, rate: f64) -> (f64, f64, f64) {
        let log = rate.ln_1p();
        // Neumaier's compensated sum keeps the summation error independent of the count.
        let (mut sum, mut comp, mut scale, mut error) = (0.0f64, 0.0f64, 0.0f64, 0.0f64);
        for (a, t) in self.amounts.iter().zip(&self.years) {
            let exponent = -t * log;
            let term = a * exponent.exp();
            let s = sum + term;
            comp += if sum.abs() >= term.abs() {
                (sum - s) + term
            } else {
                (term - s) + sum
            };
            sum = s;
            scale += term.abs();
            error += term.abs() * (4.0 + 2.0 * exponent.abs());
        }
        let total = sum + comp;
        (total, scale, error * U + 2.0 * U * total.abs())
    }

    /// XNPV and its derivative in one pass, one `exp` per flow (for Newton steps).
    fn xnpv_and_slope(&self, rate: f64) -> (f64, f64) {
        let log = rate.ln_1p();
        let inverse = 1.0 / (1.0 + rate);
        let (mut value, mut slope) = (0.0, 0.0);
        for (a, t) in self.amounts.iter().zip(&self.years) {
            let term = a * (-t * log).exp();
            value += term;
            slope -= t * term;
        }
        (value, slope * inverse)
    }

    /// XNPV and its error bound, or None where it overflows.
    fn checked(&self, rate: f64) -> Option<(f64, f64)> {
        let (v, _, bound) = self.xnpv(rate);
        (v.is_finite() && bound.is_finite()).then_some((v, bound))
    }

    /// A root the arithmetic can vouch for: |XNPV| <= 1e-12 of the discounted flows' scale, or
    /// XNPV changing sign beyond its error bound right around it.
    fn confirmed(&self, r: f64) -> bool {
        let (v, scale, _) = self.xnpv(r);
        (v.is_finite() && v.abs() <= 1e-12 * scale) || bracketed(|x| self.checked(x), r)
    }

    /// Excel's XIRR: Newton from `guess`, then the root nearest the guess on a scan.
    pub fn xirr(&self, guess: f64) -> Result<f64, RootError> {
        self.xirr_search(guess).map(|search| search.rate)
    }

    /// XIRR from `guess` with every root when there are several: Newton's root when the flows
    /// (in date order) change sign once, since it is then the only one; else the confirmed
    /// root of a scan nearest the guess.
    pub fn xirr_search(&self, guess: f64) -> Result<IrrSearch, RootError> {
        let positive = self.amounts.iter().any(|a| *a > 0.0);
        let negative = self.amounts.iter().any(|a| *a < 0.0);
        if !(positive && negative) {
            return Err(RootError::NoSignChange { what: "xirr" });
        }
        let newton = safeguarded_newton(|r| self.xnpv_and_slope(r), guess)
            .filter(|r| r.is_finite() && *r > -1.0 && self.confirmed(*r));
        if let (Some(rate), 1) = (newton, self.sign_changes()) {
            return Ok(IrrSearch {
                rate,
                roots: Vec::new(),
            });
        }
        nearest_root(newton, self.roots(), guess, || RootError::NoDatedRoot {
            what: "xirr",
        })
    }

    /// Sign changes of the amounts in date order (Descartes' rule bounds the roots by it).
    fn sign_changes(&self) -> usize {
        let mut order: Vec<usize> = (0..self.amounts.len()).collect();
        order.sort_by(|a, b| self.years[*a].total_cmp(&self.years[*b]));
        // Flows on the same day count as one.
        let mut merged: Vec<(f64, f64)> = Vec::new();
        for i in order {
            match merged.last_mut() {
                Some((t, a)) if *t == self.years[i] => *a += self.amounts[i],
                _ => merged.push((self.years[i], self.amounts[i])),
            }
        }
        sign_changes(merged.into_iter().map(|(_, a)| a))
    }

    /// Every confirmed root on the scan, sorted.
    pub fn roots(&self) -> Vec<f64> {
        let mut roots: Vec<f64> = self
            .scan_roots()
            .into_iter()
            .filter(|r| self.confirmed(*r))
            .collect();
        roots.sort_by(f64::total_cmp);
        roots.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * a.abs().max(1e-12));
        roots
    }

    /// Roots on a logarithmic grid of 1 + r from 0.001 to 1000, refined by bisection.
    fn scan_roots(&self) -> Vec<f64> {
        const GRID: usize = 2000;
        let rate_at = |k: usize| {
            (-3.0 * std::f64::consts::LN_10
                + 6.0 * std::f64::consts::LN_10 * k as f64 / GRID as f64)
                .exp()
                - 1.0
        };
        let mut roots = Vec::new();
        let mut a = rate_at(0);
        let mut fa = self.xnpv(a).0;
        for k in 1..=GRID {
            let b = rate_at(k);
            let fb = self.xnpv(b).0;
            if fa.is_finite() && fb.is_finite() && fa != 0.0 && (fa < 0.0) != (fb < 0.0) {
                roots.push(bisect(|m| self.xnpv(m).0, (a, fa), b, false));
            } else if fb == 0.0 {
                roots.push(b);
            }
            a = b;
            fa = fb;
        }
        roots
    }

    /// A root as a decimal with the digits its residual justifies.
    fn root_value(&self, r: f64) -> FinanceResult {
        let (v, _, bound) = self.xnpv(r);
        let slope = self.xnpv_and_slope(r).1.abs().max(f64::MIN_POSITIVE);
        let error = (v.abs() + bound) / slope + 2.0 * U * r.abs();
        // A root closer to zero than its error bound is zero as far as the flows can tell
        // (`[-100, 100]` a day apart): say 0, not the noise of the last bits.
        if error >= r.abs() {
            return Ok(Decimal::ZERO);
        }
        rounded(r, digits_for(r, error).max(1))
    }
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

/// Excel's XNPV of amounts at dates (see `DatedFlows::read`), to the digits its error bound
/// guarantees.
pub fn xnpv<S: AsRef<str>>(
    rate: Decimal,
    amounts: impl ExactSizeIterator<Item = Read<f64>>,
    dates: impl ExactSizeIterator<Item = Read<S>>,
) -> FinanceResult {
    check_rate("xnpv", rate)?;
    let flows = DatedFlows::read("xnpv", false, amounts, dates)?;
    let (v, _, bound) = flows.xnpv(f(rate));
    if !v.is_finite() {
        return Err(domain(
            "xnpv: the discounted flows overflow; the rate is too close to -1",
        ));
    }
    rounded(v, digits_for(v, bound))
}

/// Excel's XIRR of amounts at dates in any order, searched from `guess`, to the digits its
/// residual justifies.
pub fn xirr<S: AsRef<str>>(
    amounts: impl ExactSizeIterator<Item = Read<f64>>,
    dates: impl ExactSizeIterator<Item = Read<S>>,
    guess: Decimal,
) -> FinanceResult {
    xirr_search(amounts, dates, guess).map(|search| search.rate)
}

/// XIRR with every root of the flows when there are several (see `DatedFlows::xirr_search`).
pub fn xirr_search<S: AsRef<str>>(
    amounts: impl ExactSizeIterator<Item = Read<f64>>,
    dates: impl ExactSizeIterator<Item = Read<S>>,
    guess: Decimal,
) -> FinanceResult<IrrSearch<Decimal>> {
    let flows = DatedFlows::read("xirr", true, amounts, dates)?;
    let guess = f(guess);
    if guess <= -1.0 {
        return Err(domain(format!(
            "xirr: the guess must be greater than -1 (-100%), not {guess}"
        )));
    }
    let search = flows.xirr_search(guess)?;
    Ok(IrrSearch {
        rate: flows.root_value(search.rate)?,
        roots: search
            .roots
            .iter()
            .map(|r| flows.root_value(*r))
            .collect::<FinanceResult<_>>()?,
    })
}

/// Every XIRR of amounts at dates in any order, sorted: the confirmed roots of a scan of
/// 1 + r from 0.001 to 1000.
pub fn xirr_roots<S: AsRef<str>>(
    amounts: impl ExactSizeIterator<Item = Read<f64>>,
    dates: impl ExactSizeIterator<Item = Read<S>>,
) -> FinanceResult<Vec<Decimal>> {
    let flows = DatedFlows::read("xirr_roots", true, amounts, dates)?;
    flows
        .roots()
        .into_iter()
        .map(|r| flows.root_value(r))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    #[test]
    fn a_zero_return_is_exactly_zero() {
        let amounts = [Ok(-100.0), Ok(100.0)].into_iter();
        let dates = [Ok("2024-01-01"), Ok("2024-01-02")].into_iter();
        let search = xirr_search(amounts, dates, dec("0.1")).unwrap();
        assert_eq!(search.rate, Decimal::ZERO);
    }

    const EXCEL_DATES: [&str; 5] = [
        "2008-01-01",
        "2008-03-01",
        "2008-10-30",
        "2009-02-15",
        "2009-04-01",
    ];

    fn amounts() -> impl ExactSizeIterator<Item = Read<f64>> {
        [-10000.0, 2750.0, 4250.0, 3250.0, 2750.0]
            .into_iter()
            .map(Ok)
    }

    #[test]
    fn dated_flows_match_excel() {
        let dates = || EXCEL_DATES.into_iter().map(Ok);
        let v = xnpv(dec("0.09"), amounts(), dates()).unwrap();
        assert!((v - dec("2086.6476")).abs() < dec("0.0001"), "{v}");
        let r = xirr(amounts(), dates(), dec("0.1")).unwrap();
        assert!(
            (r - dec("0.37336253351")).abs() < dec("0.00000000001"),
            "{r}"
        );
    }

    #[test]
    fn dates_are_checked_before_amounts_and_in_order() {
        let amounts = || [Ok(1.0), Err(domain("bad amount"))].into_iter();
        let dates = ["2020-01-01", "2019-01-01"].into_iter().map(Ok);
        let e = xnpv(dec("0.1"), amounts(), dates).unwrap_err();
        assert!(e
            .message()
            .contains("dates[1] (2019-01-01) is before the first date (2020-01-01)"));
        // A date that does not parse wins over an earlier one before the first.
        let dates = ["2020-01-01", "2019-01-01", "2020-02-30"]
            .into_iter()
            .map(Ok);
        let three = [Ok(1.0), Ok(1.0), Ok(1.0)].into_iter();
        let e = xnpv(dec("0.1"), three, dates).unwrap_err();
        assert!(e.message().contains("dates[2]: "), "{e}");
        assert!(
            matches!(
                &e,
                FinanceError::Date {
                    context,
                    error: crate::dates::DateError::NoDay { day: 30, .. },
                } if context == "xnpv: dates[2]"
            ),
            "{e:?}"
        );
        let dates = ["2020-01-01", "2021-01-01"].into_iter().map(Ok);
        assert_eq!(
            xnpv(dec("0.1"), amounts(), dates).unwrap_err().message(),
            "bad amount"
        );
    }

    #[test]
    fn an_xirr_without_a_root_says_which_search_failed() {
        let dates = || {
            ["2021-01-01", "2022-01-01", "2023-01-01"]
                .into_iter()
                .map(Ok)
        };
        let flows = |a: [f64; 3]| a.into_iter().map(Ok);
        assert_eq!(
            xirr(flows([1.0, 2.0, 3.0]), dates(), dec("0.1")),
            Err(FinanceError::Root(RootError::NoSignChange { what: "xirr" }))
        );
        // -1 + 2d - 2d² < 0 for every discount factor d: the XNPV never reaches zero.
        let e = xirr(flows([-1.0, 2.0, -2.0]), dates(), dec("0.1")).unwrap_err();
        assert_eq!(
            e,
            FinanceError::Root(RootError::NoDatedRoot { what: "xirr" })
        );
        assert!(e.message().contains("makes the XNPV zero"), "{e}");
    }

    #[test]
    fn xirr_takes_dates_in_any_order() {
        let dates = [
            "2009-04-01",
            "2008-03-01",
            "2008-10-30",
            "2009-02-15",
            "2008-01-01",
        ];
        let amounts = [2750.0, 2750.0, 4250.0, 3250.0, -10000.0];
        let r = xirr(
            amounts.into_iter().map(Ok),
            dates.into_iter().map(Ok),
            dec("0.1"),
        )
        .unwrap();
        assert!(
            (r - dec("0.37336253351")).abs() < dec("0.00000000001"),
            "{r}"
        );
        // XNPV still needs the first date first: its value is discounted to it.
        let e = xnpv(
            dec("0.1"),
            amounts.into_iter().map(Ok),
            dates.into_iter().map(Ok),
        );
        assert!(e
            .unwrap_err()
            .message()
            .contains("is before the first date"));
    }

    #[test]
    fn two_roots_on_dated_flows_are_both_listed() {
        let dates = ["2020-01-01", "2020-12-31", "2021-12-31"];
        let amounts = [-100.0, 230.0, -132.0];
        let read = || (amounts.into_iter().map(Ok), dates.into_iter().map(Ok));
        let (a, d) = read();
        let search = xirr_search(a, d, dec("0.1")).unwrap();
        assert_eq!(search.roots.len(), 2, "{search:?}");
        assert!(search.rate < dec("0.15"));
        let (a, d) = read();
        assert_eq!(xirr_roots(a, d).unwrap().len(), 2);
    }
}
