//! The time-value-of-money family as script functions: fv, pv, pmt, nper, ipmt and ppmt, each
//! a ladder of arities (`whatif_core::finance::tvm`).

use rhai::plugin::*;
use rust_decimal::Decimal;
use whatif_core::finance::{self, When};

use super::ladder::Amount;

/// FV, PV and PMT: `fv(rate, nper, pmt, pv[, when])`, `pv(rate, nper, pmt[, fv[, when]])`,
/// `pmt(rate, nper, pv[, fv[, when]])`.
pub(super) fn register_payments(module: &mut Module) {
    ladder! { module;
        /// Future value after `nper` periods of payment `pmt` on present value `pv`
        /// (numpy-financial signs: money paid out is negative), payments at period end.
        ///
        /// ```rhai
        /// assert_near(fv(0.05 / 12, 10 * 12, -100, -100), 15692.928894335748, 1e-9);
        /// assert_eq(fv(0.1, 2, 0, -100), 121);
        /// ```
        fn fv(rate: Decimal, nper: Decimal, pmt: Amount, pv: Amount) -> Amount
        /// Future value with payments at `"end"` or `"begin"` of each period.
        ///
        /// ```rhai
        /// assert_eq(fv(0.1, 1, -100, 0, "begin"), 110);
        /// ```
        [when: When = When::End]
        => {
            super::percent::check("fv", "rate", rate, Some(nper));
            finance::fv(rate, nper, pmt, pv, when)
        };

        /// Present value of `nper` payments of `pmt`.
        ///
        /// ```rhai
        /// assert_near(pv(0.05 / 12, 10 * 12, -100), 9428.1350328, 1e-6);
        /// ```
        fn pv(rate: Decimal, nper: Decimal, pmt: Amount) -> Amount
        /// Present value of payments plus a final value `fv`.
        ///
        /// ```rhai
        /// assert_near(pv(0.05 / 12, 10 * 12, -100, 15692.93), -100.000671316213, 1e-12);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Present value with payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(pv(0.1, 1, -110, 0, "begin"), 110);
        /// ```
        [when: When = When::End]
        => {
            super::percent::check("pv", "rate", rate, Some(nper));
            finance::pv(rate, nper, pmt, fv, when)
        };

        /// Payment per period that pays off `pv` over `nper` periods.
        ///
        /// ```rhai
        /// assert_near(pmt(0.075 / 12, 12 * 15, 200000), -1854.0247200054619, 1e-10);
        /// ```
        fn pmt(rate: Decimal, nper: Decimal, pv: Amount) -> Amount
        /// Payment per period that turns `pv` into `fv` over `nper` periods.
        ///
        /// ```rhai
        /// assert_eq(pmt(0, 10, 0, 1000), -100);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Payment per period, paid at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(pmt(0.1, 1, 110, 0, "begin"), -110);
        /// ```
        [when: When = When::End]
        => {
            super::percent::check("pmt", "rate", rate, Some(nper));
            finance::pmt(rate, nper, pv, fv, when)
        };
    }
}

/// NPER, IPMT and PPMT: `nper(rate, pmt, pv[, fv[, when]])`, and
/// `ipmt(rate, per, nper, pv[, fv[, when]])`, the same for `ppmt`.
pub(super) fn register_payment_parts(module: &mut Module) {
    ladder! { module;
        /// Number of periods for payments `pmt` to bring `pv` to zero.
        ///
        /// ```rhai
        /// assert_near(nper(0.07 / 12, -150, 8000), 64.07334877066185, 1e-12);
        /// ```
        fn nper(rate: Decimal, pmt: Amount, pv: Amount)
        /// Number of periods for payments `pmt` to bring `pv` to `fv`.
        ///
        /// ```rhai
        /// assert_eq(nper(0, -100, 0, 1000), 10);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Number of periods, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_near(nper(0.1, -110, 200, 0, "begin"), 1.89560054, 1e-8);
        /// ```
        [when: When = When::End]
        => {
            let periods = finance::nper(rate, pmt, pv, fv, when);
            super::percent::check("nper", "rate", rate, periods.as_ref().ok().copied());
            periods
        };

        /// Interest part of payment number `per` (1-based).
        ///
        /// ```rhai
        /// assert_near(ipmt(0.0824 / 12, 1, 12, 2500), -17.166666666667, 1e-9);
        /// ```
        fn ipmt(rate: Decimal, per: Decimal, nper: Decimal, pv: Amount) -> Amount
        /// Interest part of payment `per` with a final value `fv`.
        ///
        /// ```rhai
        /// assert_eq(ipmt(0.1, 1, 2, 0, -1000), 0);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Interest part of payment `per`, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(ipmt(0.1, 1, 12, 1000, 0, "begin"), 0);
        /// ```
        [when: When = When::End]
        => {
            super::percent::check("ipmt", "rate", rate, Some(nper));
            finance::payment_parts(rate, per, nper, pv, fv, when).map(|parts| parts.interest)
        };

        /// Principal part of payment number `per`: `pmt − ipmt`.
        ///
        /// ```rhai
        /// assert_near(ppmt(0.0824 / 12, 1, 12, 2500), -200.58192368678, 1e-10);
        /// ```
        fn ppmt(rate: Decimal, per: Decimal, nper: Decimal, pv: Amount) -> Amount
        /// Principal part of payment `per` with a final value `fv`.
        ///
        /// ```rhai
        /// assert_eq(ppmt(0, 1, 10, 0, -1000), 100);
        /// ```
        [fv: Amount = Decimal::ZERO]
        /// Principal part of payment `per`, payments at `"end"` or `"begin"`.
        ///
        /// ```rhai
        /// assert_eq(ppmt(0, 1, 4, 100, 0, "begin"), -25);
        /// ```
        [when: When = When::End]
        => {
            super::percent::check("ppmt", "rate", rate, Some(nper));
            finance::payment_parts(rate, per, nper, pv, fv, when)
                .and_then(|parts| parts.principal())
        };
    }
}
