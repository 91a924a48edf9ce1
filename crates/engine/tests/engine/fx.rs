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
