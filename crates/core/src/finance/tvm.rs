//! The time value of money with numpy-financial's signs (money paid out is negative): the
//! closed forms FV, PV, PMT, IPMT, PPMT and NPER, and RATE, their root.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, MathematicalOps};

use super::dd::Dd;
use super::roots::{check_sign_change, irr_search, IrrSearch};
use super::{check_rate, domain, FinanceError, FinanceResult};
use crate::decimal::decimal_from_f64;

/// When in each period the payments fall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// At the end of each period (numpy-financial's `when=0`, the default).
    End,
    /// At the beginning (`when=1`).
    Begin,
}

impl When {
    /// `"end"` (or `"finish"`) and `"begin"` (or `"start"`), in any case.
    pub fn parse(when: &str) -> Result<When, FinanceError> {
        match when.trim().to_ascii_lowercase().as_str() {
            "end" | "finish" => Ok(When::End),
            "begin" | "start" => Ok(When::Begin),
            _ => Err(domain(format!(
                "when must be \"end\" (payments at the end of each period) or \"begin\", not {when:?}"
            ))),
        }
    }

    /// numpy-financial's 0 or 1, as the formulas use it.
    fn factor(self) -> Decimal {
        match self {
            When::End => Decimal::ZERO,
            When::Begin => Decimal::ONE,
        }
    }
}

/// Rounds a decimal closed-form result to 20 significant digits (see the module docs).
fn sig20(value: Decimal) -> Decimal {
    value
        .round_sf_with_strategy(20, rust_decimal::RoundingStrategy::MidpointNearestEven)
        .unwrap_or(value)
        .normalize()
}

/// `(1 + rate)^nper` in decimal when `nper` is whole and it fits.
fn growth_decimal(rate: Decimal, nper: Decimal) -> Option<Decimal> {
    let nper = nper.normalize();
    if nper.scale() != 0 {
        return None;
    }
    let n = nper.to_i64()?;
    let base = Decimal::ONE.checked_add(rate)?;
    let power = base.checked_powu(n.unsigned_abs())?;
    if n < 0 {
        Decimal::ONE.checked_div(power)
    } else {
        Some(power)
    }
}

/// The terms every closed form shares: (1+r)^n and the annuity factor
/// (1 + r·when)((1+r)^n − 1)/r (or n at a zero rate).
struct Tvm<T> {
    growth: T,
    factor: T,
}

fn tvm_decimal(rate: Decimal, nper: Decimal, when: Decimal) -> Option<Tvm<Decimal>> {
    let growth = growth_decimal(rate, nper)?;
    let factor = if rate.is_zero() {
        nper
    } else {
        Decimal::ONE
            .checked_add(rate.checked_mul(when)?)?
            .checked_mul(growth.checked_sub(Decimal::ONE)?)?
            .checked_div(rate)?
    };
    Some(Tvm { growth, factor })
}

fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

fn tvm_f64(rate: f64, nper: f64, when: f64) -> Tvm<f64> {
    // (1+r)^n through ln_1p/exp_m1 keeps the digits of small rates.
    let log = rate.ln_1p() * nper;
    let growth = log.exp();
    let factor = if rate == 0.0 {
        nper
    } else {
        (1.0 + rate * when) * log.exp_m1() / rate
    };
    Tvm { growth, factor }
}

fn f64_result(what: &str, value: f64) -> FinanceResult {
    if !value.is_finite() {
        return Err(domain(format!(
            "{what}: the result is not a finite number (the inputs overflow or divide by zero)"
        )));
    }
    decimal_from_f64(value, 14).map_err(|_| {
        domain(format!(
            "{what}: the result {value:e} is outside the decimal range"
        ))
    })
}

/// A closed form in decimal when `exact` has an answer (whole periods, nothing overflows),
/// else in `f64` from the same terms.
fn closed_form(
    what: &str,
    (rate, nper, when): (Decimal, Decimal, When),
    exact: impl FnOnce(Tvm<Decimal>) -> Option<Decimal>,
    approximate: impl FnOnce(Tvm<f64>) -> f64,
) -> FinanceResult {
    let when = when.factor();
    match tvm_decimal(rate, nper, when).and_then(exact) {
        Some(v) => Ok(sig20(v)),
        None => f64_result(what, approximate(tvm_f64(f(rate), f(nper), f(when)))),
    }
}

/// Future value (numpy-financial `fv`): −(pv·(1+r)^n + pmt·annuity).
pub fn fv(rate: Decimal, nper: Decimal, pmt: Decimal, pv: Decimal, when: When) -> FinanceResult {
    check_rate("fv", rate)?;
    let exact = |t: Tvm<Decimal>| {
        Some(
            -pv.checked_mul(t.growth)?
                .checked_add(pmt.checked_mul(t.factor)?)?,
        )
    };
    let approximate = |t: Tvm<f64>| -(f(pv) * t.growth + f(pmt) * t.factor);
    closed_form("fv", (rate, nper, when), exact, approximate)
}

/// What PV and PMT divide by: both are −(fv + known·term) / divisor, with the growth factor
/// and the annuity factor in opposite roles.
#[derive(Clone, Copy)]
enum Divisor {
    /// PV: what the payments leave owing, discounted over the periods.
    Growth,
    /// PMT: what the present value grows to, spread over the payments.
    Annuity,
}

impl<T: Copy> Tvm<T> {
    /// (term, divisor) for `divisor`.
    fn roles(&self, divisor: Divisor) -> (T, T) {
        match divisor {
            Divisor::Growth => (self.factor, self.growth),
            Divisor::Annuity => (self.growth, self.factor),
        }
    }
}

/// −(fv + known·term) / divisor, in decimal when it can be.
fn settle(
    what: &str,
    terms: (Decimal, Decimal, When),
    (fv, known): (Decimal, Decimal),
    divisor: Divisor,
) -> FinanceResult {
    let exact = |t: Tvm<Decimal>| {
        let (term, over) = t.roles(divisor);
        Some(
            -fv.checked_add(known.checked_mul(term)?)?
                .checked_div(over)?,
        )
    };
    let approximate = |t: Tvm<f64>| {
        let (term, over) = t.roles(divisor);
        -(f(fv) + f(known) * term) / over
    };
    closed_form(what, terms, exact, approximate)
}

/// Present value (numpy-financial `pv`): −(fv + pmt·annuity) / (1+r)^n.
pub fn pv(rate: Decimal, nper: Decimal, pmt: Decimal, fv: Decimal, when: When) -> FinanceResult {
    check_rate("pv", rate)?;
    settle("pv", (rate, nper, when), (fv, pmt), Divisor::Growth)
}

/// Payment per period (numpy-financial `pmt`): −(fv + pv·(1+r)^n) / annuity.
pub fn pmt(rate: Decimal, nper: Decimal, pv: Decimal, fv: Decimal, when: When) -> FinanceResult {
    check_rate("pmt", rate)?;
    if nper.is_zero() {
        return Err(domain(
            "pmt: nper is 0, so there are no payments to spread the value over",
        ));
    }
    settle("pmt", (rate, nper, when), (fv, pv), Divisor::Annuity)
}

fn check_per(what: &str, per: Decimal, nper: Decimal) -> FinanceResult<()> {
    let per = per.normalize();
    if per.scale() != 0 || per < Decimal::ONE || per > nper {
        return Err(domain(format!(
            "{what}: per must be a whole period between 1 and nper ({}), not {per}",
            nper.normalize()
        )));
    }
    Ok(())
}

/// One payment split in two (numpy-financial `ipmt` and `ppmt`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaymentParts {
    /// The interest on the balance before the payment.
    pub interest: Decimal,
    /// The whole payment, `pmt`.
    pub payment: Decimal,
}

impl PaymentParts {
    /// The principal part, payment − interest. Not rounded again, so that the two parts add up
    /// to the payment exactly.
    pub fn principal(&self) -> FinanceResult {
        self.payment
            .checked_sub(self.interest)
            .map(|v| v.normalize())
            .ok_or_else(|| domain("ppmt: the principal overflows the decimal range"))
    }
}

/// Payment number `per` (1-based) split into interest and principal. Its messages say `ipmt`,
/// for the principal too, as they always have.
pub fn payment_parts(
    rate: Decimal,
    per: Decimal,
    nper: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: When,
) -> FinanceResult<PaymentParts> {
    check_per("ipmt", per, nper)?;
    let payment = pmt(rate, nper, pv, fv, when)?;
    if when == When::Begin && per == Decimal::ONE {
        let interest = Decimal::ZERO;
        return Ok(PaymentParts { interest, payment });
    }
    // Balance after per - 1 periods, times the rate; paying at the beginning discounts a period.
    let balance = balance_after(rate, per - Decimal::ONE, nper, payment, [pv, fv], when)?;
    let overflow = || domain("ipmt: the interest overflows the decimal range");
    let interest = balance.checked_mul(rate).ok_or_else(overflow)?;
    let interest = match when {
        When::End => interest,
        When::Begin => interest
            .checked_div(Decimal::ONE + rate)
            .ok_or_else(overflow)?,
    };
    let interest = sig20(interest);
    Ok(PaymentParts { interest, payment })
}

/// The balance after `done` of `nper` periods. Two closed forms give it: what `pv` has grown
/// to less the payments so far (`fv` over `done` periods), and what the remaining payments and
/// `fv` are worth now (minus `pv` over `nper - done` periods). Late in a long loan the first is
/// a small difference of huge terms (ipmt(0.1479, 297, 300, -270.51) lost three digits to it),
/// early on the second can be; the form whose terms are smaller keeps the digits.
fn balance_after(
    rate: Decimal,
    done: Decimal,
    nper: Decimal,
    payment: Decimal,
    [pv, fv]: [Decimal; 2],
    when: When,
) -> FinanceResult {
    let left = nper - done;
    let (r, w, pmt) = (f(rate), f(when.factor()), f(payment).abs());
    let grown = tvm_f64(r, f(done), w);
    let forward_terms = f(pv).abs() * grown.growth + pmt * grown.factor.abs();
    let remaining = tvm_f64(r, f(left), w);
    let backward_terms = (f(fv).abs() + pmt * remaining.factor.abs()) / remaining.growth;
    if backward_terms < forward_terms {
        self::pv(rate, left, payment, fv, when).map(|v| -v)
    } else {
        self::fv(rate, done, payment, pv, when)
    }
}

/// Number of periods (numpy-financial `nper`).
pub fn nper(rate: Decimal, pmt: Decimal, pv: Decimal, fv: Decimal, when: When) -> FinanceResult {
    check_rate("nper", rate)?;
    if rate.is_zero() {
        if pmt.is_zero() {
            return Err(domain(
                "nper: with a zero rate and a zero payment the value never changes, so no number of periods reaches fv",
            ));
        }
        let total = fv
            .checked_add(pv)
            .ok_or_else(|| domain("nper: the inputs overflow the decimal range"))?;
        return Ok(sig20(-total / pmt));
    }
    let overflow = || domain("nper: the inputs overflow the decimal range");
    // z = pmt (1 + r·when) / r; nper = ln((z − fv) / (z + pv)) / ln(1 + r)
    let z = pmt
        .checked_mul(Decimal::ONE + rate * when.factor())
        .and_then(|v| v.checked_div(rate))
        .ok_or_else(overflow)?;
    let numer = z.checked_sub(fv).ok_or_else(overflow)?;
    let denom = z.checked_add(pv).ok_or_else(overflow)?;
    if denom.is_zero() || numer.is_zero() || numer.is_sign_negative() != denom.is_sign_negative() {
        return Err(domain(format!(
            "nper: no number of periods works: the payment {} never brings the value {} to {} at \
             rate {} (the logarithm's argument is not positive)",
            pmt.normalize(),
            pv.normalize(),
            fv.normalize(),
            rate.normalize()
        )));
    }
    // ln of a ratio near 1 keeps its digits through ln_1p of the exact difference.
    let excess = numer
        .checked_sub(denom)
        .and_then(|d| d.checked_div(denom))
        .ok_or_else(overflow)?;
    let n = f(excess).ln_1p() / f(rate).ln_1p();
    f64_result("nper", n)
}

/// Interest rate per period (Excel's RATE, numpy-financial `rate`): the IRR of the equivalent
/// flows when `nper` is whole; Newton on the closed form otherwise.
pub fn rate(
    nper: Decimal,
    pmt: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: When,
    guess: Decimal,
) -> FinanceResult {
    rate_search(nper, pmt, pv, fv, when, guess).map(|search| search.rate)
}

/// RATE with every rate the values allow when there are several (whole `nper` only: the
/// equivalent flows change sign twice when pv and fv share a sign the payments do not).
pub fn rate_search(
    nper: Decimal,
    pmt: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: When,
    guess: Decimal,
) -> FinanceResult<IrrSearch<Decimal>> {
    let n = nper.normalize();
    if n <= Decimal::ZERO {
        return Err(domain(format!("rate: nper must be positive, not {n}")));
    }
    if n.scale() == 0 && n <= Decimal::from(100_000) {
        return rate_of_flows(n.to_usize().unwrap_or(0), [pmt, pv, fv], when, guess);
    }
    // Fractional nper: Newton on fv(r) = 0.
    let (n, p, v, fvv, w) = (f(nper), f(pmt), f(pv), f(fv), f(when.factor()));
    let g = |r: f64| {
        let t = tvm_f64(r, n, w);
        fvv + v * t.growth + p * t.factor
    };
    let mut r = f(guess);
    for _ in 0..200 {
        let h = 1e-7 * r.abs().max(1e-4);
        let slope = (g(r + h) - g(r - h)) / (2.0 * h);
        if slope == 0.0 || !slope.is_finite() {
            break;
        }
        let next = r - g(r) / slope;
        if !next.is_finite() || next <= -1.0 {
            break;
        }
        if (next - r).abs() <= 1e-15 * next.abs().max(1e-15) {
            // A step that stops moving is not yet a root: the closed form must vanish to 1e-12
            // of its terms' size there.
            let t = tvm_f64(next, n, w);
            let size = fvv.abs() + (v * t.growth).abs() + (p * t.factor).abs();
            if g(next).abs() > 1e-12 * size {
                break;
            }
            let rate = f64_result("rate", next).map(|d| sig_round(d, 12))?;
            return Ok(IrrSearch {
                rate,
                roots: Vec::new(),
            });
        }
        r = next;
    }
    Err(domain(
        "rate: no interest rate was found that links these values; try another guess",
    ))
}

/// RATE over a whole number of periods: the IRR of pv, the payments and fv as flows.
fn rate_of_flows(
    periods: usize,
    [pmt, pv, fv]: [Decimal; 3],
    when: When,
    guess: Decimal,
) -> FinanceResult<IrrSearch<Decimal>> {
    let mut flows = vec![Decimal::ZERO; periods + 1];
    for (t, flow) in flows.iter_mut().enumerate() {
        let paid = match when {
            When::End => t >= 1,
            When::Begin => t < periods,
        };
        if paid {
            *flow += pmt;
        }
    }
    flows[0] += pv;
    flows[periods] += fv;
    let dd: Vec<Dd> = flows.iter().map(|d| Dd::from_decimal(*d)).collect();
    check_sign_change(&dd, "rate").map_err(|_| {
        domain(format!(
            "rate: pv {}, pmt {} and fv {} never change sign, so no interest rate links them",
            pv.normalize(),
            pmt.normalize(),
            fv.normalize()
        ))
    })?;
    irr_search(&dd, guess).map_err(|e| {
        // irr's messages, renamed. A domain error keeps the "Runtime error: " its text once
        // carried here as a script error, so that the message reads as it always has.
        let text = match e {
            FinanceError::Arithmetic(a) => a.0,
            FinanceError::Root(root) => format!("Runtime error: {}", root.renamed("rate")),
            other => format!("Runtime error: {other}"),
        };
        domain(text.replace("irr:", "rate:"))
    })
}

fn sig_round(value: Decimal, digits: u32) -> Decimal {
    value.round_sf(digits).unwrap_or(value).normalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nper_inputs_past_the_decimal_range_are_an_error_not_a_panic() {
        let big = Decimal::from_str_exact("70000000000000000000000000000").unwrap();
        let err = nper(Decimal::ZERO, Decimal::ONE, big, big, When::End).unwrap_err();
        assert!(format!("{err:?}").contains("overflow"), "{err:?}");
    }
    use crate::decimal::dec;

    #[test]
    fn whole_periods_are_exact() {
        let (end, begin) = (When::End, When::Begin);
        assert_eq!(
            fv(dec("0.1"), dec("2"), Decimal::ZERO, dec("-100"), end).unwrap(),
            dec("121")
        );
        assert_eq!(
            fv(dec("0.1"), dec("1"), dec("-100"), Decimal::ZERO, begin).unwrap(),
            dec("110")
        );
        assert_eq!(
            pv(dec("0.1"), dec("2"), Decimal::ZERO, dec("-121"), end).unwrap(),
            dec("100")
        );
        assert_eq!(
            pmt(Decimal::ZERO, dec("10"), dec("1000"), Decimal::ZERO, end).unwrap(),
            dec("-100")
        );
        assert_eq!(
            nper(Decimal::ZERO, dec("-100"), dec("1000"), Decimal::ZERO, end).unwrap(),
            dec("10")
        );
    }

    #[test]
    fn interest_and_principal_add_up_to_the_payment() {
        let (rate, nper, pv) = (dec("0.0824") / dec("12"), dec("12"), dec("2500"));
        let total = pmt(rate, nper, pv, Decimal::ZERO, When::End).unwrap();
        for per in 1..=12 {
            let per = Decimal::from(per);
            let parts = payment_parts(rate, per, nper, pv, Decimal::ZERO, When::End).unwrap();
            assert_eq!(parts.payment, total);
            assert_eq!(parts.interest + parts.principal().unwrap(), total);
        }
        let e = payment_parts(rate, dec("13"), nper, pv, Decimal::ZERO, When::End).unwrap_err();
        assert!(
            e.message().starts_with("ipmt: per must be a whole period"),
            "{e}"
        );
    }

    #[test]
    fn rate_inverts_the_closed_forms() {
        let r = rate(
            dec("10"),
            Decimal::ZERO,
            dec("-3500"),
            dec("10000"),
            When::End,
            dec("0.1"),
        );
        assert!((r.unwrap() - dec("0.110690853710753")).abs() < dec("0.00000000000001"));
        assert!(rate(
            Decimal::ZERO,
            dec("-1"),
            dec("1"),
            Decimal::ZERO,
            When::End,
            dec("0.1")
        )
        .is_err());
    }

    #[test]
    fn rate_names_itself_in_irr_errors() {
        let e = rate(
            dec("10"),
            dec("-100"),
            dec("800"),
            Decimal::ZERO,
            When::End,
            dec("-2"),
        );
        assert_eq!(
            e.unwrap_err().message(),
            "Runtime error: rate: the guess must be greater than -1 (-100%), not -2"
        );
    }

    #[test]
    fn when_reads_either_end() {
        assert_eq!(When::parse(" Begin ").unwrap(), When::Begin);
        assert_eq!(When::parse("finish").unwrap(), When::End);
        assert!(When::parse("later").is_err());
    }

    #[test]
    fn late_payments_of_long_loans_keep_their_digits() {
        // pyxirr's test_ipmt (also the 60-digit rational reference): 16.9656277018672.
        let parts = payment_parts(
            dec("0.1479"),
            dec("297"),
            dec("300"),
            dec("-270.51"),
            Decimal::ZERO,
            When::End,
        )
        .unwrap();
        assert!(
            (parts.interest - dec("16.9656277018672")).abs() < dec("0.0000000000001"),
            "{}",
            parts.interest
        );
        assert_eq!(parts.interest + parts.principal().unwrap(), parts.payment);
    }
}
