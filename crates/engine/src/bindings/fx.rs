//! Script bindings of currency conversion (`whatif_core::fx`): `convert` (of numbers, of money
//! and of a table's money column), `convert_cny`, `convert_usd`, `fx_rate`, `set_fx` (which
//! refuses a rate typed the wrong way round) and `set_fx_unchecked`, each over the session's
//! own `FxSession`, so that overrides made with `set_fx` stay in the session that made them.
//! Every one of them takes the rate's period in three forms (none: December 2024; a year; a
//! `"YYYY-MM"`, `"YYYY-MM-DD"` or `"YYYY"` text): each function is written once and
//! `register_period_forms!` registers its three forms. `fx_options` has the forms that choose
//! the rates' source, `fx_load` and `fx_source`.

use rhai::{Dynamic, FuncRegistration, Module, INT};

use super::money::{as_money, money_error, Amount};
use super::state;
use crate::docs::doc_comment;
use crate::messages::fx_error;
use crate::numbers::{decimal_to_dynamic, script_error, to_decimal, RhaiResult};
use crate::table::money::{self as money_table, PeriodChoice};
use crate::table::Table;
use whatif_core::fx::{FxSession, FxSource, Period, DEFAULT_PERIOD};
use whatif_core::money::{CurrencyCode, Money};

fn period_of_text(text: &str) -> RhaiResult<Period> {
    Period::parse(text).map_err(fx_error)
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

    /// The text form's registration for a `Date` period (a dataset's or a file's date), its
    /// parameter named as the text form's, so that `:help` shows one chain of forms.
    fn date_form(&self, name: &str) -> FuncRegistration {
        let (description, example) = &self.forms[2];
        let param = format!("{name}: Date");
        let params = self.params.iter().copied().chain([param.as_str()]);
        FuncRegistration::new(self.name)
            .with_comments(doc_comment(description, example))
            .with_params_info(params.chain([self.returns]))
    }
}

/// The FX period a date names: a year, a month or a day; a quarter takes its year's rate.
fn period_of_date(date: whatif_core::dates::Date) -> RhaiResult<Period> {
    money_table::period_of_cell(&Dynamic::from(date)).map_err(script_error)
}

/// Which rates answer which period, for `:help convert`.
pub(super) const SOURCES: &str =
    "Which rates answer: a year or a month uses its published average where \
`fx_rates` has one (Federal Reserve G.5A annual averages; the IRS 2024 yearly averages of CNY and \
JPY; Federal Reserve G.5 and EXCHUS monthly averages of 2024), crossed through USD when both legs \
are published; any other year or month uses the exact mean of its ECB daily reference rates \
(business days 1999-01-04 to 2026-10-30, crossed through EUR); a day uses the ECB rate of that \
day, or of the last business day before it. A rate set with `set_fx` comes first. \
`#{source: \"ECB\"}` (or `\"published\"`) as the last argument chooses one source for one \
conversion, `fx_source(\"ECB\")` for the session; `fx_load(path)` reads a newer ECB file.";

fn forms<A: AsRef<str>, B: AsRef<str>>(docs: [(A, B); 3]) -> [(String, String); 3] {
    docs.map(|(description, example)| {
        (
            description.as_ref().to_string(),
            example.as_ref().to_string(),
        )
    })
}

/// Registers `$function` (an `FxFunction`) in its three period forms. `$body` is written
/// once, over the arguments `$arg`, the session's FX table `$fx` and the rate's `$period`:
/// `DEFAULT_PERIOD`, `Period::Year(year)`, or the period text parsed.
macro_rules! register_period_forms {
    ($module:ident, $function:expr,
     fn($fx:ident, $period:ident $(, $arg:ident: $ty:ty)*) -> $ret:ty $body:block) => {{
        let function = $function;
        function.form(0).set_into_module(
            $module,
            move |$($arg: $ty),*| -> RhaiResult<$ret> {
                let $period = DEFAULT_PERIOD;
                let $fx = state::fx();
                $body
            },
        );
        function.form(1).set_into_module(
            $module,
            move |$($arg: $ty,)* year: INT| -> RhaiResult<$ret> {
                let $period = Period::Year(year);
                let $fx = state::fx();
                $body
            },
        );
        function.form(2).set_into_module(
            $module,
            move |$($arg: $ty,)* period: &str| -> RhaiResult<$ret> {
                let $period = period_of_text(period)?;
                let $fx = state::fx();
                $body
            },
        );
        function.date_form("period").set_into_module(
            $module,
            move |$($arg: $ty,)* date: whatif_core::dates::Date| -> RhaiResult<$ret> {
                let $period = period_of_date(date)?;
                let $fx = state::fx();
                $body
            },
        );
    }};
}

/// `amount` (a number, or money that must be in `from`) converted from `from` to `to`: a
/// number for a number, money for money.
fn convert_amount(
    fx: &FxSession,
    amount: &Dynamic,
    from: &str,
    to: &str,
    period: Period,
    function: &str,
) -> RhaiResult<Dynamic> {
    convert_amount_from(fx, amount, from, to, period, function, fx.source())
}

/// `convert_amount` from a chosen source of rates.
pub(super) fn convert_amount_from(
    fx: &FxSession,
    amount: &Dynamic,
    from: &str,
    to: &str,
    period: Period,
    function: &str,
    source: FxSource,
) -> RhaiResult<Dynamic> {
    match Amount::of(amount, &format!("{function}'s amount"))? {
        Amount::Number(n) => fx
            .convert_with(n, from, to, period, source)
            .map(decimal_to_dynamic)
            .map_err(fx_error),
        Amount::Money(m) => {
            let stated = CurrencyCode::parse(from).map_err(money_error)?;
            if stated != m.currency {
                return Err(script_error(format!(
                    "{function}: the amount is {m}, not in {stated}; convert(x, \"{to}\") \
                     takes the currency from the money itself"
                )));
            }
            convert_money_from(fx, m, to, period, source).map(Dynamic::from)
        }
    }
}

/// Money in another currency at the `period` rate.
fn convert_money(fx: &FxSession, m: Money, to: &str, period: Period) -> RhaiResult<Money> {
    convert_money_from(fx, m, to, period, fx.source())
}

/// Money in another currency at the `period` rate of `source`.
pub(super) fn convert_money_from(
    fx: &FxSession,
    m: Money,
    to: &str,
    period: Period,
    source: FxSource,
) -> RhaiResult<Money> {
    let target = CurrencyCode::parse(to).map_err(money_error)?;
    fx.convert_with(
        m.amount,
        m.currency.as_str(),
        target.as_str(),
        period,
        source,
    )
    .map(|amount| Money::new(amount, target))
    .map_err(fx_error)
}

/// Registers the FX functions into `module`; each reads the FX table of the session evaluating
/// (`state::fx`).
pub fn register(module: &mut Module) {
    register_convert(module);
    register_convert_money(module);
    register_one_way(module);
    register_fx_rate(module);
    register_set_fx(module);
}

/// `convert(amount, from, to[, period])`.
fn register_convert(module: &mut Module) {
    let convert = FxFunction {
        name: "convert",
        params: &["amount: Decimal", "from: &str", "to: &str"],
        returns: "Decimal",
        forms: forms([
            (
                &*format!("Converts `amount` from one currency to another at the December 2024 rate (as of the article).\n\n{SOURCES}"),
                "assert_eq(convert(1000, \"USD\", \"CNY\"), 7280.7);",
            ),
            (
                "Converts `amount` at the rate of `year`: its published annual average (crossed through USD when needed), else the mean of its ECB daily rates.",
                "assert_eq(convert(100, \"EUR\", \"USD\", 2023), 108.17);\nassert_near(convert(1, \"CNY\", \"JPY\", 2023), 19.8421, 0.0001);",
            ),
            (
                "Converts `amount` at the rate of a period: a month `\"YYYY-MM\"` (its published average, else the mean of its ECB rates), a day `\"YYYY-MM-DD\"` (the ECB rate of the day or of the last business day before it) or a year `\"2023\"`.",
                "assert_eq(convert(100, \"USD\", \"CNY\", \"2024-06\"), 725.47);\nassert_eq(convert(100, \"EUR\", \"USD\", \"2016-03-15\"), 111.09);",
            ),
        ]),
    };
    register_period_forms! {
        module, convert,
        fn(fx, period, amount: Dynamic, from: &str, to: &str) -> Dynamic {
            convert_amount(&fx, &amount, from, to, period, "convert")
        }
    }
}

/// `convert(m, to[, period])` for money, and `t.convert(column, to[, period_or_column])` for
/// a money column of a table.
fn register_convert_money(module: &mut Module) {
    let convert = FxFunction {
        name: "convert",
        params: &["money: Money", "to: &str"],
        returns: "Money",
        forms: forms([
            (
                &*format!("Money in another currency at the December 2024 rate (as of the article).\n\n{SOURCES}"),
                "assert_eq(convert(usd(1000), \"CNY\"), cny(7280.7));",
            ),
            (
                "Money in another currency at the rate of `year`: its published annual average, else the mean of its ECB daily rates.",
                "assert_eq(convert(cny(yi(821.29)), \"USD\", 2024).round_money(), usd(11424259285.02));",
            ),
            (
                "Money in another currency at the rate of a period `\"YYYY-MM\"`, `\"YYYY-MM-DD\"` or `\"YYYY\"`. \
                 (`convert(m, \"CNY\", \"USD\")`, the numeric form's order, also works when `m` is in CNY.)",
                "assert_eq(convert(usd(100), \"CNY\", \"2024-06\"), cny(725.47));",
            ),
        ]),
    };
    convert
        .form(0)
        .set_into_module(module, |m: Money, to: &str| {
            convert_money(&state::fx(), m, to, DEFAULT_PERIOD)
        });
    convert
        .form(1)
        .set_into_module(module, |m: Money, to: &str, year: INT| {
            convert_money(&state::fx(), m, to, Period::Year(year))
        });
    // The third argument is a period, or (in the numeric form's order, `convert(m, from, to)`)
    // the target currency.
    convert.form(2).set_into_module(
        module,
        |m: Money, to: &str, period: &str| -> RhaiResult<Money> {
            let fx = state::fx();
            if let Ok(period) = Period::parse(period) {
                return convert_money(&fx, m, to, period);
            }
            // A quarter (`"2024-Q3"`) takes its year's rate; anything else that is not a code
            // gets the period's own diagnosis.
            if CurrencyCode::parse(period).is_err() {
                let period = money_table::period_of_cell(&Dynamic::from(period.to_string()))
                    .map_err(|e| script_error(format!("convert: {e}")))?;
                return convert_money(&fx, m, to, period);
            }
            let money = convert_amount(
                &fx,
                &Dynamic::from(m),
                to,
                period,
                DEFAULT_PERIOD,
                "convert",
            )?;
            as_money(&money).ok_or_else(|| script_error("convert: expected money"))
        },
    );

    // A date value as the period: a year, a month or a day.
    FuncRegistration::new("convert")
        .with_comments(doc_comment(
            "Money in another currency at the rate of a date: a year or a month (its published \
             average, else the mean of its ECB daily rates), or a day (the ECB's reference rate \
             of that day, or of the last business day before it).",
            "assert_eq(convert(eur(100), \"USD\", date(\"2016-03-15\")), usd(111.09));\nassert_eq(convert(usd(100), \"CNY\", date(\"2024-06\")), cny(725.47));",
        ))
        .with_params_info(["money: Money", "to: &str", "date: Date", "Money"])
        .set_into_module(
            module,
            |m: Money, to: &str, date: whatif_core::dates::Date| -> RhaiResult<Money> {
                let fx = state::fx();
                let period = money_table::period_of_cell(&Dynamic::from(date.to_string()))
                    .map_err(|e| script_error(format!("convert: {e}")))?;
                convert_money(&fx, m, to, period)
            },
        );

    let table = FxFunction {
        name: "convert",
        params: &["t: &mut Table", "column: &str", "to: &str"],
        returns: "Table",
        forms: forms([
            (
                "The table with a money column converted to one currency at the December 2024 rate.",
                "let t = funding_totals.filter(|r| r.amount != ()).convert(\"amount\", \"USD\", 2024);\nassert_eq(t.sum(\"amount\").currency, \"USD\");",
            ),
            (
                "The table with a money column converted at the annual average rate of `year`.",
                "let t = table([#{amount: cny(7.189)}]).convert(\"amount\", \"USD\", 2024);\nassert_eq(t.row(0).amount, usd(1));",
            ),
            (
                "The table with a money column converted at a period `\"YYYY-MM\"`, or per row at the \
                 period in a column: a year or a month (its published average, else the mean of its \
                 ECB rates) or a date `2024-07-15` (the ECB rate of that day or the business day \
                 before). `explain(t)` names each rate used.",
                "let t = table([#{amount: cny(725.47), date: \"2024-06\"}, #{amount: eur(100), date: \"2016-03-15\"}]).convert(\"amount\", \"USD\", \"date\");\nassert_eq(t.row(0).amount, usd(100));\nassert_eq(t.row(1).amount, usd(111.09));",
            ),
        ]),
    };
    let method = |t: &mut Table, column: &str, to: &str, period: PeriodChoice| {
        money_table::convert(t, &state::fx(), column, to, &period).map_err(|e| script_error(e.0))
    };
    let (m0, m1, m2, m3) = (method, method, method, method);
    let columns_or_period = move |t: &Table, text: &str| -> RhaiResult<PeriodChoice> {
        if t.columns().iter().any(|c| c == text) {
            Ok(PeriodChoice::Column(text.to_string()))
        } else {
            period_of_text(text).map(PeriodChoice::Fixed)
        }
    };
    table.form(0).with_purity(true).set_into_module(
        module,
        move |t: &mut Table, column: &str, to: &str| {
            m0(t, column, to, PeriodChoice::Fixed(DEFAULT_PERIOD))
        },
    );
    table.form(1).with_purity(true).set_into_module(
        module,
        move |t: &mut Table, column: &str, to: &str, year: INT| {
            m1(t, column, to, PeriodChoice::Fixed(Period::Year(year)))
        },
    );
    table
        .form(2)
        .with_purity(true)
        .with_params_info([
            "t: &mut Table",
            "column: &str",
            "to: &str",
            "period_or_column: &str",
            "Table",
        ])
        .set_into_module(
            module,
            move |t: &mut Table, column: &str, to: &str, period: &str| {
                let choice = columns_or_period(t, period)?;
                m2(t, column, to, choice)
            },
        );
    table
        .date_form("period_or_column")
        .with_purity(true)
        .set_into_module(
            module,
            move |t: &mut Table, column: &str, to: &str, date: whatif_core::dates::Date| {
                m3(t, column, to, PeriodChoice::Fixed(period_of_date(date)?))
            },
        );
}

/// `convert_cny(usd[, period])` and `convert_usd(cny[, period])`.
fn register_one_way(module: &mut Module) {
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
            module, one_way,
            fn(fx, period, amount: Dynamic) -> Dynamic {
                convert_amount(&fx, &amount, from, to, period, name)
            }
        }
    }
}

/// `fx_rate(from, to[, period])`.
fn register_fx_rate(module: &mut Module) {
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
        module, fx_rate,
        fn(fx, period, from: &str, to: &str) -> Dynamic {
            fx.rate(from, to, period)
                .and_then(|r| r.value())
                .map(decimal_to_dynamic)
                .map_err(fx_error)
        }
    }
}

/// `set_fx(from, to, rate[, period])`.
fn register_set_fx(module: &mut Module) {
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
        module, set_fx,
        fn(fx, period, from: &str, to: &str, rate: Dynamic) -> () {
            let rate = to_decimal(&rate, "set_fx's rate")?;
            fx.set(from, to, rate, period).map_err(fx_error)
        }
    }
    let unchecked = FxFunction {
        name: "set_fx_unchecked",
        params: &["from: &str", "to: &str", "rate: Decimal"],
        returns: "()",
        forms: forms([
            (
                "Sets a rate as `set_fx` does, without refusing one more than 2x away from the published rate.",
                "set_fx_unchecked(\"CNY\", \"USD\", 7.13);\nassert_eq(convert(1, \"CNY\", \"USD\"), 7.13);",
            ),
            (
                "Sets the annual rate of `year` without comparing it with the published one.",
                "set_fx_unchecked(\"CNY\", \"USD\", 7.13, 2024);\nassert_eq(convert(1, \"CNY\", \"USD\", 2024), 7.13);",
            ),
            (
                "Sets the rate of a period without comparing it with the published one.",
                "set_fx_unchecked(\"CNY\", \"USD\", 7.13, \"2024-07\");\nassert_eq(convert(1, \"CNY\", \"USD\", \"2024-07\"), 7.13);",
            ),
        ]),
    };
    register_period_forms! {
        module, unchecked,
        fn(fx, period, from: &str, to: &str, rate: Dynamic) -> () {
            let rate = to_decimal(&rate, "set_fx_unchecked's rate")?;
            fx.set_unchecked(from, to, rate, period).map_err(fx_error)
        }
    }
}
