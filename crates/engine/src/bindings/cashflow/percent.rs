//! The note for a rate that looks typed in percent: `npv(10, …)` for 10 %, or `5 / 12` for
//! 5 % a year paid monthly. Such a rate runs as given (a 41.67 % monthly rate is a legal
//! input), but a note on standard error names what it means and how to write the likely
//! intent, once per call site, so a sweep over a closure does not repeat it.

use std::cell::RefCell;

use rhai::NativeCallContext;
use rust_decimal::Decimal;

use crate::messages::percent_rates::message;

thread_local! {
    /// `source:line:col` of the finance call running on this thread, for the once-per-site
    /// rule.
    static SITE: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Marks the call in `ctx` as the one running until the guard drops.
pub(crate) struct Site(Option<String>);

impl Site {
    pub(crate) fn enter(ctx: &NativeCallContext) -> Site {
        let here = format!(
            "{}:{}",
            ctx.call_source().unwrap_or(""),
            ctx.call_position()
        );
        Site(SITE.with(|s| s.borrow_mut().replace(here)))
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        SITE.with(|s| *s.borrow_mut() = self.0.take());
    }
}

/// Notes `rate` once per call site when it looks typed in percent (see `messages::percent_rates`).
pub(crate) fn check(function: &str, what: &str, rate: Decimal, periods: Option<Decimal>) {
    check_per(function, what, rate, "period", periods);
}

/// As [`check`], for a rate per `per` (`"year"` for XNPV's).
pub(crate) fn check_per(
    function: &str,
    what: &str,
    rate: Decimal,
    per: &str,
    periods: Option<Decimal>,
) {
    if let Some(text) = message(function, what, rate, per, periods) {
        let site = SITE.with(|s| s.borrow().clone()).unwrap_or_default();
        crate::host::note_once(&format!("{site} {function} {what}"), &text);
    }
}
