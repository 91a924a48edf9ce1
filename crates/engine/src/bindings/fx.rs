//! Script bindings of currency conversion (`whatif_core::fx`): `convert`, `convert_cny`,
//! `convert_usd`, `fx_rate` and `set_fx`, each over the session's own `FxSession`, so that
//! overrides made with `set_fx` stay in the session that made them.

use rhai::{Dynamic, Engine, FuncRegistration, INT};
use rust_decimal::Decimal;

use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};
use whatif_core::fx::{FxSession, Period, DEFAULT_PERIOD};

fn period_of_year(year: INT) -> Period {
    Period::Year(year)
}

fn period_of_text(text: &str) -> RhaiResult<Period> {
    Period::parse(text).map_err(script_error)
}

/// Doc comment lines for a registered closure: a description and a runnable example.
fn doc(description: &str, example: &str) -> [String; 1] {
    let mut text = String::new();
    for line in description.lines() {
        text.push_str("/// ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("///\n/// ```rhai\n");
    for line in example.lines() {
        text.push_str("/// ");
        text.push_str(line);
        text.push('\n');
    }
    text.push_str("/// ```");
    [text]
}

/// Registers the FX functions on `engine` with a fresh override table, and returns the handle
/// to that table.
pub fn register(engine: &mut Engine) -> FxSession {
    let fx = FxSession::new();

    fn amount(value: &Dynamic, what: &str) -> RhaiResult<Decimal> {
        to_decimal(value, what)
    }
    let err = |m: String| script_error(m);

    // convert(amount, from, to[, period])
    let s = fx.clone();
    FuncRegistration::new("convert")
        .with_comments(doc(
            "Converts `amount` from one currency to another at the December 2024 rate (as of the article).",
            "assert_eq(convert(1000, \"USD\", \"CNY\"), 7280.7);",
        ))
        .with_params_info(["amount: Decimal", "from: &str", "to: &str", "Decimal"])
        .register_into_engine(engine, move |a: Dynamic, from: &str, to: &str| -> RhaiResult<Dynamic> {
            let a = amount(&a, "convert's amount")?;
            s.convert(a, from, to, DEFAULT_PERIOD).map(decimal_to_dynamic).map_err(err)
        });
    let s = fx.clone();
    FuncRegistration::new("convert")
        .with_comments(doc(
            "Converts `amount` at the annual average rate of `year`; crosses through USD when needed.",
            "assert_eq(convert(100, \"EUR\", \"USD\", 2023), 108.17);\nassert_near(convert(1, \"CNY\", \"JPY\", 2023), 19.8421, 0.0001);",
        ))
        .with_params_info(["amount: Decimal", "from: &str", "to: &str", "year: INT", "Decimal"])
        .register_into_engine(engine, move |a: Dynamic, from: &str, to: &str, year: INT| -> RhaiResult<Dynamic> {
            let a = amount(&a, "convert's amount")?;
            s.convert(a, from, to, period_of_year(year)).map(decimal_to_dynamic).map_err(err)
        });
    let s = fx.clone();
    FuncRegistration::new("convert")
        .with_comments(doc(
            "Converts `amount` at the rate of a period: a month `\"YYYY-MM\"` (monthly average) or a year `\"2023\"`.",
            "assert_eq(convert(100, \"USD\", \"CNY\", \"2024-06\"), 725.47);",
        ))
        .with_params_info(["amount: Decimal", "from: &str", "to: &str", "period: &str", "Decimal"])
        .register_into_engine(engine, move |a: Dynamic, from: &str, to: &str, period: &str| -> RhaiResult<Dynamic> {
            let a = amount(&a, "convert's amount")?;
            s.convert(a, from, to, period_of_text(period)?).map(decimal_to_dynamic).map_err(err)
        });

    // convert_cny(usd[, period]) and convert_usd(cny[, period])
    for (name, from, to, what, example_none, example_year) in [
        (
            "convert_cny",
            "USD",
            "CNY",
            "US dollars in yuan",
            "assert_eq(convert_cny(100), 728.07);",
            "assert_eq(convert_cny(bn(67.2), 2023), 475836480000);",
        ),
        (
            "convert_usd",
            "CNY",
            "USD",
            "yuan in US dollars",
            "assert_eq(convert_usd(728.07), 100);",
            "assert_eq(convert_usd(708.09, 2023), 100);",
        ),
    ] {
        let s = fx.clone();
        FuncRegistration::new(name)
            .with_comments(doc(
                &format!("{what} at the December 2024 rate (as of the article)."),
                example_none,
            ))
            .with_params_info(["amount: Decimal", "Decimal"])
            .register_into_engine(engine, move |a: Dynamic| -> RhaiResult<Dynamic> {
                let a = amount(&a, &format!("{name}'s amount"))?;
                s.convert(a, from, to, DEFAULT_PERIOD)
                    .map(decimal_to_dynamic)
                    .map_err(err)
            });
        let s = fx.clone();
        FuncRegistration::new(name)
            .with_comments(doc(
                &format!("{what} at the annual average rate of `year`."),
                example_year,
            ))
            .with_params_info(["amount: Decimal", "year: INT", "Decimal"])
            .register_into_engine(
                engine,
                move |a: Dynamic, year: INT| -> RhaiResult<Dynamic> {
                    let a = amount(&a, &format!("{name}'s amount"))?;
                    s.convert(a, from, to, period_of_year(year))
                        .map(decimal_to_dynamic)
                        .map_err(err)
                },
            );
        let s = fx.clone();
        FuncRegistration::new(name)
            .with_comments(doc(
                &format!("{what} at the rate of a period `\"YYYY-MM\"` or `\"YYYY\"`."),
                &format!("assert_eq({name}(100, \"2024-12\"), {name}(100));"),
            ))
            .with_params_info(["amount: Decimal", "period: &str", "Decimal"])
            .register_into_engine(
                engine,
                move |a: Dynamic, period: &str| -> RhaiResult<Dynamic> {
                    let a = amount(&a, &format!("{name}'s amount"))?;
                    s.convert(a, from, to, period_of_text(period)?)
                        .map(decimal_to_dynamic)
                        .map_err(err)
                },
            );
    }

    // fx_rate(from, to[, period])
    let s = fx.clone();
    FuncRegistration::new("fx_rate")
        .with_comments(doc(
            "Units of `to` per one `from` at the December 2024 rate (as of the article).",
            "assert_eq(fx_rate(\"USD\", \"CNY\"), 7.2807);",
        ))
        .with_params_info(["from: &str", "to: &str", "Decimal"])
        .register_into_engine(engine, move |from: &str, to: &str| -> RhaiResult<Dynamic> {
            s.rate(from, to, DEFAULT_PERIOD)
                .and_then(|r| r.value())
                .map(decimal_to_dynamic)
                .map_err(err)
        });
    let s = fx.clone();
    FuncRegistration::new("fx_rate")
        .with_comments(doc(
            "Units of `to` per one `from`, annual average of `year`.",
            "assert_eq(fx_rate(\"EUR\", \"USD\", 2023), 1.0817);",
        ))
        .with_params_info(["from: &str", "to: &str", "year: INT", "Decimal"])
        .register_into_engine(
            engine,
            move |from: &str, to: &str, year: INT| -> RhaiResult<Dynamic> {
                s.rate(from, to, period_of_year(year))
                    .and_then(|r| r.value())
                    .map(decimal_to_dynamic)
                    .map_err(err)
            },
        );
    let s = fx.clone();
    FuncRegistration::new("fx_rate")
        .with_comments(doc(
            "Units of `to` per one `from` over a period `\"YYYY-MM\"` or `\"YYYY\"`.",
            "assert_eq(fx_rate(\"USD\", \"JPY\", \"2024-04\"), 153.89);",
        ))
        .with_params_info(["from: &str", "to: &str", "period: &str", "Decimal"])
        .register_into_engine(
            engine,
            move |from: &str, to: &str, period: &str| -> RhaiResult<Dynamic> {
                s.rate(from, to, period_of_text(period)?)
                    .and_then(|r| r.value())
                    .map(decimal_to_dynamic)
                    .map_err(err)
            },
        );

    // set_fx(from, to, rate[, period])
    let s = fx.clone();
    FuncRegistration::new("set_fx")
        .with_comments(doc(
            "Sets the rate (units of `to` per one `from`) for this session at the default period, December 2024.",
            "set_fx(\"USD\", \"JPY\", 153.7);\nassert_eq(convert(10, \"USD\", \"JPY\"), 1537);",
        ))
        .with_params_info(["from: &str", "to: &str", "rate: Decimal", "()"])
        .register_into_engine(engine, move |from: &str, to: &str, rate: Dynamic| -> RhaiResult<()> {
            let rate = amount(&rate, "set_fx's rate")?;
            s.set(from, to, rate, DEFAULT_PERIOD).map_err(err)
        });
    let s = fx.clone();
    FuncRegistration::new("set_fx")
        .with_comments(doc(
            "Sets the annual average rate of `year` for this session.",
            "set_fx(\"USD\", \"CNY\", 7.1, 2016);\nassert_eq(convert_cny(10, 2016), 71);",
        ))
        .with_params_info(["from: &str", "to: &str", "rate: Decimal", "year: INT", "()"])
        .register_into_engine(
            engine,
            move |from: &str, to: &str, rate: Dynamic, year: INT| -> RhaiResult<()> {
                let rate = amount(&rate, "set_fx's rate")?;
                s.set(from, to, rate, period_of_year(year)).map_err(err)
            },
        );
    let s = fx.clone();
    FuncRegistration::new("set_fx")
        .with_comments(doc(
            "Sets the rate of a period `\"YYYY-MM\"` or `\"YYYY\"` for this session.",
            "set_fx(\"EUR\", \"USD\", 1.05, \"2024-12\");\nassert_eq(convert(100, \"EUR\", \"USD\"), 105);",
        ))
        .with_params_info(["from: &str", "to: &str", "rate: Decimal", "period: &str", "()"])
        .register_into_engine(engine, move |from: &str, to: &str, rate: Dynamic, period: &str| -> RhaiResult<()> {
            let rate = amount(&rate, "set_fx's rate")?;
            s.set(from, to, rate, period_of_text(period)?).map_err(err)
        });

    fx
}
