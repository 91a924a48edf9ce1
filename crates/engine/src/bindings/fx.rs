//! Script bindings of currency conversion (`whatif_core::fx`): `convert`, `convert_cny`,
//! `convert_usd`, `fx_rate` and `set_fx`, each over the session's own `FxSession`, so that
//! overrides made with `set_fx` stay in the session that made them. Every one of them takes the
//! rate's period in three forms (none: December 2024; a year; a `"YYYY-MM"` or `"YYYY"` text):
//! each function is written once and `register_period_forms!` registers its three forms.

use rhai::{Dynamic, Engine, FuncRegistration, INT};

use super::docs::doc_comment;
use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};
use whatif_core::fx::{FxSession, Period, DEFAULT_PERIOD};

fn period_of_text(text: &str) -> RhaiResult<Period> {
    Period::parse(text).map_err(script_error)
}

/// The parameter that names the period, for each form: none, a year, a text.
const PERIOD_PARAMS: [Option<&str>; 3] = [None, Some("year: INT"), Some("period: &str")];

/// One FX function as `:help` shows it: its parameters before the period, what it returns,
/// and for each period form a description and a runnable example.
struct FxFunction<'a> {
    name: &'a str,
    params: &'a [&'a str],
    returns: &'a str,
    forms: [(String, String); 3],
}

impl FxFunction<'_> {
    /// The registration of period form `form` (an index into `PERIOD_PARAMS`), with its docs.
    fn form(&self, form: usize) -> FuncRegistration {
        let (description, example) = &self.forms[form];
        let params = self.params.iter().copied().chain(PERIOD_PARAMS[form]);
        FuncRegistration::new(self.name)
            .with_comments(doc_comment(description, example))
            .with_params_info(params.chain([self.returns]))
    }
}

fn forms(docs: [(&str, &str); 3]) -> [(String, String); 3] {
    docs.map(|(description, example)| (description.to_string(), example.to_string()))
}

/// Registers `$function` (an `FxFunction`) in its three period forms. `$body` is written
/// once, over the arguments `$arg`, a clone `$fx` of the session and the rate's `$period`:
/// `DEFAULT_PERIOD`, `Period::Year(year)`, or the period text parsed.
macro_rules! register_period_forms {
    ($engine:ident, $session:ident, $function:expr,
     fn($fx:ident, $period:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty $body:block) => {{
        let function = $function;
        let $fx = $session.clone();
        function.form(0).register_into_engine(
            $engine,
            move |$($arg: $ty),*| -> RhaiResult<$ret> {
                let $period = DEFAULT_PERIOD;
                $body
            },
        );
        let $fx = $session.clone();
        function.form(1).register_into_engine(
            $engine,
            move |$($arg: $ty,)* year: INT| -> RhaiResult<$ret> {
                let $period = Period::Year(year);
                $body
            },
        );
        let $fx = $session.clone();
        function.form(2).register_into_engine(
            $engine,
            move |$($arg: $ty,)* period: &str| -> RhaiResult<$ret> {
                let $period = period_of_text(period)?;
                $body
            },
        );
    }};
}

/// Registers the FX functions on `engine` with a fresh override table, and returns the handle
/// to that table.
pub fn register(engine: &mut Engine) -> FxSession {
    let session = FxSession::new();
    register_convert(engine, &session);
    register_one_way(engine, &session);
    register_fx_rate(engine, &session);
    register_set_fx(engine, &session);
    session
}

/// `convert(amount, from, to[, period])`.
fn register_convert(engine: &mut Engine, session: &FxSession) {
    let convert = FxFunction {
        name: "convert",
        params: &["amount: Decimal", "from: &str", "to: &str"],
        returns: "Decimal",
        forms: forms([
            (
                "Converts `amount` from one currency to another at the December 2024 rate (as of the article).",
                "assert_eq(convert(1000, \"USD\", \"CNY\"), 7280.7);",
            ),
            (
                "Converts `amount` at the annual average rate of `year`; crosses through USD when needed.",
                "assert_eq(convert(100, \"EUR\", \"USD\", 2023), 108.17);\nassert_near(convert(1, \"CNY\", \"JPY\", 2023), 19.8421, 0.0001);",
            ),
            (
                "Converts `amount` at the rate of a period: a month `\"YYYY-MM\"` (monthly average) or a year `\"2023\"`.",
                "assert_eq(convert(100, \"USD\", \"CNY\", \"2024-06\"), 725.47);",
            ),
        ]),
    };
    register_period_forms! {
        engine, session, convert,
        fn(fx, period, amount: Dynamic, from: &str, to: &str) -> Dynamic {
            let amount = to_decimal(&amount, "convert's amount")?;
            fx.convert(amount, from, to, period)
                .map(decimal_to_dynamic)
                .map_err(script_error)
        }
    }
}

/// `convert_cny(usd[, period])` and `convert_usd(cny[, period])`.
fn register_one_way(engine: &mut Engine, session: &FxSession) {
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
        let one_way = FxFunction {
            name,
            params: &["amount: Decimal"],
            returns: "Decimal",
            forms: [
                (
                    format!("{what} at the December 2024 rate (as of the article)."),
                    example_none.to_string(),
                ),
                (
                    format!("{what} at the annual average rate of `year`."),
                    example_year.to_string(),
                ),
                (
                    format!("{what} at the rate of a period `\"YYYY-MM\"` or `\"YYYY\"`."),
                    format!("assert_eq({name}(100, \"2024-12\"), {name}(100));"),
                ),
            ],
        };
        register_period_forms! {
            engine, session, one_way,
            fn(fx, period, amount: Dynamic) -> Dynamic {
                let amount = to_decimal(&amount, &format!("{name}'s amount"))?;
                fx.convert(amount, from, to, period)
                    .map(decimal_to_dynamic)
                    .map_err(script_error)
            }
        }
    }
}

/// `fx_rate(from, to[, period])`.
fn register_fx_rate(engine: &mut Engine, session: &FxSession) {
    let fx_rate = FxFunction {
        name: "fx_rate",
        params: &["from: &str", "to: &str"],
        returns: "Decimal",
        forms: forms([
            (
                "Units of `to` per one `from` at the December 2024 rate (as of the article).",
                "assert_eq(fx_rate(\"USD\", \"CNY\"), 7.2807);",
            ),
            (
                "Units of `to` per one `from`, annual average of `year`.",
                "assert_eq(fx_rate(\"EUR\", \"USD\", 2023), 1.0817);",
            ),
            (
                "Units of `to` per one `from` over a period `\"YYYY-MM\"` or `\"YYYY\"`.",
                "assert_eq(fx_rate(\"USD\", \"JPY\", \"2024-04\"), 153.89);",
            ),
        ]),
    };
    register_period_forms! {
        engine, session, fx_rate,
        fn(fx, period, from: &str, to: &str) -> Dynamic {
            fx.rate(from, to, period)
                .and_then(|r| r.value())
                .map(decimal_to_dynamic)
                .map_err(script_error)
        }
    }
}

/// `set_fx(from, to, rate[, period])`.
fn register_set_fx(engine: &mut Engine, session: &FxSession) {
    let set_fx = FxFunction {
        name: "set_fx",
        params: &["from: &str", "to: &str", "rate: Decimal"],
        returns: "()",
        forms: forms([
            (
                "Sets the rate (units of `to` per one `from`) for this session at the default period, December 2024.",
                "set_fx(\"USD\", \"JPY\", 153.7);\nassert_eq(convert(10, \"USD\", \"JPY\"), 1537);",
            ),
            (
                "Sets the annual average rate of `year` for this session.",
                "set_fx(\"USD\", \"CNY\", 7.1, 2016);\nassert_eq(convert_cny(10, 2016), 71);",
            ),
            (
                "Sets the rate of a period `\"YYYY-MM\"` or `\"YYYY\"` for this session.",
                "set_fx(\"EUR\", \"USD\", 1.05, \"2024-12\");\nassert_eq(convert(100, \"EUR\", \"USD\"), 105);",
            ),
        ]),
    };
    register_period_forms! {
        engine, session, set_fx,
        fn(fx, period, from: &str, to: &str, rate: Dynamic) -> () {
            let rate = to_decimal(&rate, "set_fx's rate")?;
            fx.set(from, to, rate, period).map_err(script_error)
        }
    }
}
