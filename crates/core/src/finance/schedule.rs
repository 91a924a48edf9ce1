//! Loan schedules: each period's payment split into interest and principal, in the minor unit
//! (cents). The level payment is `pmt` rounded half away from zero to cents; each period's
//! interest is the balance times the rate, rounded the same way; the principal is the payment
//! less the interest. The rounding residue goes to the last payment, so that the principal
//! column sums exactly to the loan (less any balloon `fv`) and the last balance is exactly
//! `-fv` (0 for a loan paid off).

use rust_decimal::{Decimal, RoundingStrategy};

use super::tvm::{pmt, When};
use super::{domain, FinanceResult};

/// The most periods a schedule lists (a 100-year loan paid monthly is 1,200).
pub const MAX_PERIODS: i64 = 10_000;

/// One line of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub period: i64,
    pub payment: Decimal,
    pub interest: Decimal,
    pub principal: Decimal,
    /// What is still owed after this payment.
    pub balance: Decimal,
}

fn cents(value: Decimal) -> Decimal {
    value
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .normalize()
}

fn in_cents(what: &str, value: Decimal) -> FinanceResult<()> {
    if value.normalize().scale() > 2 {
        return Err(domain(format!(
            "amortize: {what} is {}; give it in whole cents (at most 2 decimals)",
            value.normalize()
        )));
    }
    Ok(())
}

/// The schedule of a loan `pv` repaid in `nper` level payments at `rate` per period
/// (numpy-financial's signs: a loan received is positive, so the payments are shown positive
/// too), leaving `-fv` owed at the end (a balloon; 0 for none).
pub fn amortize(
    rate: Decimal,
    nper: Decimal,
    pv: Decimal,
    fv: Decimal,
    when: When,
) -> FinanceResult<Vec<Period>> {
    let n = nper.normalize();
    if n.scale() != 0 || n < Decimal::ONE || n > Decimal::from(MAX_PERIODS) {
        return Err(domain(format!(
            "amortize: nper must be a whole number of periods from 1 to {MAX_PERIODS}, not {n}"
        )));
    }
    in_cents("the loan (pv)", pv)?;
    in_cents("the balloon (fv)", fv)?;
    if when == When::Begin && !fv.is_zero() {
        return Err(domain(
            "amortize: a balloon (fv) with payments at the beginning of each period is not \
             supported; use when = \"end\" or fv = 0",
        ));
    }
    let n: i64 = n.mantissa() as i64;
    let payment = cents(-pmt(rate, nper, pv, fv, when)?);
    let overflow = || domain("amortize: an amount overflows the decimal range");
    let end_balance = -fv;
    let mut balance = pv;
    let mut rows = Vec::with_capacity(n as usize);
    for period in 1..=n {
        let interest = if when == When::Begin && period == 1 {
            Decimal::ZERO
        } else {
            cents(balance.checked_mul(rate).ok_or_else(overflow)?)
        };
        let (payment, principal) = if period == n {
            let principal = balance - end_balance;
            (
                interest.checked_add(principal).ok_or_else(overflow)?,
                principal,
            )
        } else {
            (payment, payment - interest)
        };
        balance = balance.checked_sub(principal).ok_or_else(overflow)?;
        rows.push(Period {
            period,
            payment: payment.normalize(),
            interest: interest.normalize(),
            principal: principal.normalize(),
            balance: balance.normalize(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::dec;

    fn column(rows: &[Period], pick: fn(&Period) -> Decimal) -> Vec<Decimal> {
        rows.iter().map(pick).collect()
    }

    #[test]
    fn a_short_loan_by_hand() {
        // 1,000 at 1% for 3 periods: pmt = 340.0221..., so 340.02 a period. Interest 10.00,
        // 6.6998 -> 6.70, 3.3666 -> 3.37; the last payment takes the cent of residue.
        let rows = amortize(dec("0.01"), dec("3"), dec("1000"), Decimal::ZERO, When::End).unwrap();
        assert_eq!(
            column(&rows, |r| r.payment),
            [dec("340.02"), dec("340.02"), dec("340.03")]
        );
        assert_eq!(
            column(&rows, |r| r.interest),
            [dec("10"), dec("6.7"), dec("3.37")]
        );
        assert_eq!(
            column(&rows, |r| r.principal),
            [dec("330.02"), dec("333.32"), dec("336.66")]
        );
        assert_eq!(
            column(&rows, |r| r.balance),
            [dec("669.98"), dec("336.66"), dec("0")]
        );
    }

    #[test]
    fn a_mortgage_pays_off_to_the_cent() {
        // 100,000 over 30 years at 6% a year paid monthly: 599.55 a month (the textbook figure).
        let rows = amortize(
            dec("0.005"),
            dec("360"),
            dec("100000"),
            Decimal::ZERO,
            When::End,
        )
        .unwrap();
        assert_eq!(rows[0].payment, dec("599.55"));
        assert_eq!(rows[0].interest, dec("500"));
        let principal: Decimal = rows.iter().map(|r| r.principal).sum();
        assert_eq!(principal, dec("100000"));
        assert_eq!(rows[359].balance, Decimal::ZERO);
        assert!((rows[359].payment - dec("599.55")).abs() < dec("1"));
    }

    #[test]
    fn a_balloon_stays_owed_and_begin_pays_no_first_interest() {
        let rows = amortize(dec("0.01"), dec("12"), dec("1000"), dec("-500"), When::End).unwrap();
        let principal: Decimal = rows.iter().map(|r| r.principal).sum();
        assert_eq!(principal, dec("500"));
        assert_eq!(rows[11].balance, dec("500"));

        let rows = amortize(
            dec("0.01"),
            dec("3"),
            dec("1000"),
            Decimal::ZERO,
            When::Begin,
        )
        .unwrap();
        assert_eq!(rows[0].interest, Decimal::ZERO);
        // The same interest as numpy-financial's ipmt with when = begin.
        let second = super::super::payment_parts(
            dec("0.01"),
            dec("2"),
            dec("3"),
            dec("1000"),
            Decimal::ZERO,
            When::Begin,
        )
        .unwrap();
        assert_eq!(rows[1].interest, cents(-second.interest));
        assert_eq!(rows[2].balance, Decimal::ZERO);
    }

    #[test]
    fn bad_inputs_say_what_to_give() {
        let zero = Decimal::ZERO;
        assert!(amortize(dec("0.01"), dec("2.5"), dec("1"), zero, When::End)
            .unwrap_err()
            .to_string()
            .contains("whole number of periods"));
        assert!(
            amortize(dec("0.01"), dec("2"), dec("1.005"), zero, When::End)
                .unwrap_err()
                .to_string()
                .contains("whole cents")
        );
        assert!(amortize(dec("0.01"), dec("2"), dec("1"), dec("1"), When::Begin).is_err());
        assert!(amortize(dec("0.01"), dec("20000"), dec("1"), zero, When::End).is_err());
    }
}
