//! Currency conversion: the built-in table's rates and directions, cross rates through
//! USD, missing periods that fail with a way out, and per-session `set_fx` overrides visible
//! through the public Rust API the `fx_rates` dataset is built from.

use std::rc::Rc;

use rust_decimal::Decimal;
use whatif_core::fx::Period;
use whatif_engine::internals::fx;
use whatif_engine::{EngineConfig, Session};

use crate::common::{eval, eval_in};

fn session() -> Session {
    Session::new(&EngineConfig::default(), Rc::new(|_| {}), Rc::new(|_| {}))
}

#[test]
fn named_years_use_their_annual_average_exactly() {
    assert_eq!(eval("convert_cny(bn(67.2), 2023)").unwrap(), "475836480000");
    assert_eq!(
        eval("convert(bn(67.2), \"USD\", \"CNY\", 2023)").unwrap(),
        "475836480000"
    );
    assert_eq!(eval("convert_usd(7.0809, 2023)").unwrap(), "1");
    assert_eq!(eval("convert_cny(1, 1996)").unwrap(), "8.3395");
    assert_eq!(eval("convert_cny(1, 2024)").unwrap(), "7.189");
    assert_eq!(eval("fx_rate(\"USD\", \"JPY\", 2012)").unwrap(), "79.82");
}

#[test]
fn no_period_means_december_2024() {
    assert_eq!(eval("convert_cny(1)").unwrap(), "7.2807");
    assert_eq!(eval("convert_cny(1, \"2024-12\")").unwrap(), "7.2807");
    assert_eq!(
        eval("fx_rate(\"USD\", \"CNY\", \"2024-11\")").unwrap(),
        "7.2063"
    );
}

#[test]
fn euro_and_pound_are_quoted_in_dollars() {
    // 1 EUR = 1.0817 USD in 2023, so 100 EUR is 108.17 USD, not 92.45.
    assert_eq!(
        eval("convert(100, \"EUR\", \"USD\", 2023)").unwrap(),
        "108.17"
    );
    assert_eq!(
        eval("convert(124.4, \"USD\", \"GBP\", 2023)").unwrap(),
        "100"
    );
}

#[test]
fn cross_rates_go_through_usd() {
    // 1 CNY = 140.5001 / 7.0809 JPY in 2023.
    assert_eq!(
        eval("convert(7.0809, \"CNY\", \"JPY\", 2023)").unwrap(),
        "140.5001"
    );
    assert_eq!(
        eval("convert(70809, \"CNY\", \"EUR\", 2023) * 1.0817").unwrap(),
        "10000"
    );
    assert_eq!(eval("convert(5, \"JPY\", \"JPY\", 1900)").unwrap(), "5");
}

#[test]
fn a_missing_period_is_an_error_never_another_years_rate() {
    // 2016 has no published average: the mean of its ECB daily rates answers, as labelled.
    assert_eq!(
        eval("convert_cny(100, 2016) == convert(100, \"USD\", \"CNY\", 2016, #{source: \"ECB\"})")
            .unwrap(),
        "true"
    );
    let e = eval("convert(100, \"USD\", \"CNY\", 2016, #{source: \"published\"})").unwrap_err();
    assert!(
        e.contains("2016") && e.contains("set_fx(\"USD\", \"CNY\", rate, 2016)"),
        "{e}"
    );
    // Before the euro neither source has a rate: the range and the fix are named.
    let e = eval("convert_cny(100, 1998)").unwrap_err();
    assert!(
        e.contains("from 1999-01-04 to 2026-10-30")
            && e.contains("set_fx(\"USD\", \"CNY\", rate, 1998)"),
        "{e}"
    );
    let e =
        eval("convert(100, \"CNY\", \"JPY\", \"2024-12\", #{source: \"published\"})").unwrap_err();
    assert!(e.contains("CNY→JPY") && e.contains("through USD"), "{e}");
    let e = eval("convert(100, \"USD\", \"CNY\", \"2024-13\")").unwrap_err();
    assert!(e.contains("YYYY-MM"), "{e}");
    let e = eval("convert(100, \"USD\", \"CHF\", 1997)").unwrap_err();
    assert!(e.contains("CHF") && e.contains("1997"), "{e}");
}

#[test]
fn set_fx_overrides_for_this_session_only() {
    let mut s = session();
    eval_in(&mut s, "set_fx(\"USD\", \"CNY\", 6.64, 2016)").unwrap();
    assert_eq!(eval_in(&mut s, "convert_cny(100, 2016)").unwrap(), "664");
    assert_eq!(eval_in(&mut s, "convert_usd(664, 2016)").unwrap(), "100");
    // Overriding a built-in rate, in the inverse direction.
    eval_in(&mut s, "set_fx(\"CNY\", \"USD\", 0.14, 2023)").unwrap();
    assert_eq!(eval_in(&mut s, "convert_usd(100, 2023)").unwrap(), "14");
    // A fresh session is untouched.
    assert_ne!(eval("convert_cny(100, 2016)").unwrap(), "664");
    assert_eq!(eval("convert_usd(7.0809, 2023)").unwrap(), "1");
    let e = eval_in(&mut s, "set_fx(\"USD\", \"CNY\", 0)").unwrap_err();
    assert!(e.contains("positive"), "{e}");
}

#[test]
fn the_table_rows_include_session_overrides() {
    let mut module = rhai::Module::new();
    fx::register(&mut module);
    let mut engine = rhai::Engine::new();
    engine.register_global_module(module.into());
    let handle = whatif_core::fx::FxSession::new();
    let before = handle.rows().unwrap();
    assert!(before
        .iter()
        .any(|r| r.id == "USDCNY-2023" && r.rate == "7.0809".parse::<Decimal>().unwrap()));
    assert!(before.iter().all(|r| !r.source.is_empty()));
    // The functions change the table of the session evaluating.
    let entered = whatif_engine::internals::state::enter(&handle);
    engine
        .run("set_fx(\"USD\", \"CNY\", 7.1, 2023); set_fx(\"USD\", \"INR\", 83.2, 2023);")
        .unwrap();
    drop(entered);
    let after = handle.rows().unwrap();
    assert_eq!(after.len(), before.len() + 1);
    let replaced: Vec<_> = after
        .iter()
        .filter(|r| r.base == "USD" && r.quote == "CNY" && r.period == Period::Year(2023))
        .collect();
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].rate, "7.1".parse::<Decimal>().unwrap());
    assert_eq!(replaced[0].period_kind(), "annual");
    assert!(replaced[0].source.contains("set_fx"));
}

/// The message a failing FX call throws, as `catch` receives it.
fn caught(code: &str) -> String {
    eval(&format!(
        "let m = (); try {{ {code}; }} catch (e) {{ m = e }} m"
    ))
    .unwrap_or_else(|e| panic!("{code}: {e}"))
}

/// Each fix the core's FX errors call for, in the engine's final words: the call to write
/// is spelled with the pair and the period of the failure.
#[test]
fn every_fx_fix_is_worded_with_the_call_to_write() {
    assert_eq!(
        caught("set_fx(\"CNY\", \"USD\", 7.13, \"2024-07\")"),
        "1 CNY = 7.13 USD is 51x the published 2024 average (1 CNY = 0.1391 USD, 1 USD = \
         7.189 CNY); did you mean set_fx(\"USD\", \"CNY\", 7.13, \"2024-07\")? To use the rate \
         as typed, call set_fx_unchecked(\"CNY\", \"USD\", 7.13, \"2024-07\")"
    );
    assert_eq!(
        caught("set_fx(\"USD\", \"usd\", 1)"),
        "set_fx: USD to USD is always 1"
    );
    assert_eq!(
        caught("set_fx(\"USD\", \"CNY\", 0)"),
        "set_fx: the rate must be positive, not 0"
    );
    let unknown = caught("convert(1, \"USD\", \"RMB\", 2023)");
    assert!(
        unknown.starts_with("unknown currency RMB: did you mean CNY? whatif has rates for AUD, ")
            && unknown.ends_with(", ZAR (set one with set_fx(\"USD\", \"RMB\", rate, 2023))"),
        "{unknown}"
    );
    assert_eq!(
        caught("convert(100, \"USD\", \"CNY\", 2016, #{source: \"published\"})"),
        "no USD→CNY exchange rate (1 USD = ? CNY) for 2016 in the fx_rates table (only periods \
         with a published figure are included, and no other period's rate is used); set one \
         with set_fx(\"USD\", \"CNY\", rate, 2016)"
    );
    assert_eq!(
        caught("convert(100, \"CNY\", \"JPY\", \"2024-12\", #{source: \"published\"})"),
        "no CNY→JPY exchange rate (1 CNY = ? JPY) for 2024-12 in the fx_rates table (only \
         periods with a published figure are included, and no other period's rate is used); \
         set one with set_fx(\"CNY\", \"JPY\", rate, \"2024-12\") (crossing CNY→JPY through USD \
         needs both legs)"
    );
    assert_eq!(
        caught("convert_cny(100, 1998)"),
        "no USD→CNY exchange rate (1 USD = ? CNY) for 1998: fx_rates has no published 1998 \
         average and the ECB reference rates run from 1999-01-04 to 2026-10-30; 1998 is before \
         them; to use a rate of your own, set one with set_fx(\"USD\", \"CNY\", rate, 1998)"
    );
    // After the shipped rates end, a newer ECB file is the first way out.
    assert_eq!(
        caught("convert(1, \"USD\", \"JPY\", 2027)"),
        "no USD→JPY exchange rate (1 USD = ? JPY) for 2027: fx_rates has no published 2027 \
         average and the ECB reference rates run from 1999-01-04 to 2026-10-30; 2027 is after \
         them; load a newer copy of the ECB's file with fx_load(\"eurofxref-hist.zip\"); to use \
         a rate of your own, set one with set_fx(\"USD\", \"JPY\", rate, 2027)"
    );
    assert_eq!(
        caught("convert(1, \"USD\", \"JPY\", \"2026-11-02\")"),
        "no USD→JPY exchange rate (1 USD = ? JPY) for 2026-11-02: the ECB reference rates run \
         from 1999-01-04 to 2026-10-30; 2026-11-02 is after them; load a newer copy of the \
         ECB's file with fx_load(\"eurofxref-hist.zip\"); to use a rate of your own, set one \
         with set_fx(\"USD\", \"JPY\", rate, \"2026-11-02\")"
    );
    assert_eq!(
        caught("convert(1, \"USD\", \"JPY\", 2026, #{source: \"ECB\"})"),
        "no ECB USD→JPY exchange rate (1 USD = ? JPY) for 2026: the ECB reference rates end on \
         2026-10-30, before 2026 ends, so its mean is not known yet; load a newer copy of the \
         ECB's file with fx_load(\"eurofxref-hist.zip\")"
    );
    assert_eq!(
        caught("convert(1, \"USD\", \"CNY\", \"2004-06-30\", #{source: \"ECB\"})"),
        "no ECB USD→CNY exchange rate (1 USD = ? CNY) for 2004-06-30: the ECB published no CNY \
         rate on 2004-06-30 or in the week before (its CNY rates run from 2005-04-01 to \
         2026-10-30)"
    );
}
