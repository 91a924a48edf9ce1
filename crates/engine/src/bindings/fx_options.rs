//! Script bindings that choose where rates come from: the `#{source: …}` forms of `convert` and
//! `fx_rate`, `fx_source` (the session's choice) and `fx_load` (a newer copy of the ECB's file
//! for the session, read through the file policy).

use rhai::{Dynamic, FuncRegistration, Map, Module};

use super::fx::{convert_amount_from, convert_money_from};
use crate::docs::doc_comment;
use crate::numbers::{decimal_to_dynamic, script_error, RhaiResult};
use whatif_core::fx::{FxSession, FxSource, Period};
use whatif_core::money::Money;

use crate::table::money::{ConvertOptions, PeriodChoice};
use crate::table::Table;

/// The source an options map names (`#{source: "ECB"}`); other keys are errors.
fn source_of(options: &Map, function: &str) -> RhaiResult<FxSource> {
    let mut source = None;
    for (key, value) in options {
        match key.as_str() {
            "source" => {
                let text = value.clone().into_string().map_err(|_| {
                    script_error(format!(
                        "{function}: source must be text such as \"ECB\", not {}",
                        crate::messages::kind_of(value)
                    ))
                })?;
                source = Some(FxSource::parse(&text).map_err(crate::messages::fx_error)?);
            }
            other => {
                return Err(script_error(format!(
                    "{function}: unknown option {other:?} (known: source)"
                )))
            }
        }
    }
    source.ok_or_else(|| {
        script_error(format!(
            "{function}: the options name no source; write #{{source: \"ECB\"}} or \
             #{{source: \"published\"}}"
        ))
    })
}

/// The options of `t.convert(…, options)`: `source` and `rate_column`; other keys are errors.
fn table_options(options: &Map) -> RhaiResult<ConvertOptions> {
    let mut chosen = ConvertOptions::default();
    for (key, value) in options {
        match key.as_str() {
            "source" => {
                let mut one = Map::new();
                one.insert(key.clone(), value.clone());
                chosen.source = Some(source_of(&one, "convert")?);
            }
            "rate_column" => {
                let name = value.clone().into_string().map_err(|_| {
                    script_error(format!(
                        "convert: rate_column must be a column name such as \"usd_rate\", not {}",
                        crate::messages::kind_of(value)
                    ))
                })?;
                if name.trim().is_empty() {
                    return Err(script_error(
                        "convert: rate_column is empty; give the new column a name such as \"usd_rate\"",
                    ));
                }
                chosen.rate_column = Some(name);
            }
            other => {
                return Err(script_error(format!(
                    "convert: unknown option {other:?} (known: source, rate_column)"
                )))
            }
        }
    }
    Ok(chosen)
}

fn period_of(value: &Dynamic) -> RhaiResult<Period> {
    crate::table::money::period_of_cell(value).map_err(script_error)
}

pub fn register(module: &mut Module) {
    FuncRegistration::new("convert")
        .with_comments(doc_comment(
            "Converts `amount` (a number) at the rate of `period` (a year, `\"YYYY-MM\"` or \
             `\"YYYY-MM-DD\"`) from the source `options.source` names: `\"ECB\"` (the ECB's \
             daily rates or their mean), `\"published\"` (the published averages), `\"auto\"`.",
            "assert_eq(convert(100, \"USD\", \"CNY\", 2023), 708.09);\n\
             let ecb = convert(100, \"USD\", \"CNY\", 2023, #{source: \"ECB\"});\n\
             assert(ecb != 708.09 && ecb > 700 && ecb < 720);",
        ))
        // The period's name is the one the shorter forms' merge to, so that the signatures
        // read as one chain: `convert(amount, from, to[, period/year[, options]])`.
        .with_params_info([
            "amount: Decimal",
            "from: &str",
            "to: &str",
            "period/year: Dynamic",
            "options: Map",
            "Decimal",
        ])
        .set_into_module(
            module,
            |amount: Dynamic,
             from: &str,
             to: &str,
             period: Dynamic,
             options: Map|
             -> RhaiResult<Dynamic> {
                let fx = super::state::fx();
                let source = source_of(&options, "convert")?;
                convert_amount_from(
                    &fx,
                    &amount,
                    from,
                    to,
                    period_of(&period)?,
                    "convert",
                    source,
                )
            },
        );

    FuncRegistration::new("convert")
        .with_comments(doc_comment(
            "Money in another currency at the rate of `period` (a year, a month, a day or a \
             date) from the source `options.source` names: `\"ECB\"` or `\"published\"`.",
            "let m = convert(usd(1000), \"EUR\", 2024, #{source: \"ECB\"});\n\
             assert_eq(m.currency, \"EUR\");\n\
             assert(m > eur(900) && m < eur(940));",
        ))
        .with_params_info([
            "money: Money",
            "to: &str",
            "date/period/year: Dynamic",
            "options: Map",
            "Money",
        ])
        .set_into_module(
            module,
            |m: Money, to: &str, period: Dynamic, options: Map| -> RhaiResult<Money> {
                let fx = super::state::fx();
                let source = source_of(&options, "convert")?;
                convert_money_from(&fx, m, to, period_of(&period)?, source)
            },
        );

    FuncRegistration::new("convert")
        .with_comments(doc_comment(
            "The table with a money column converted at `period` (a year, a month, a day, or \
             the name of a column holding each row's), with options: `source` (`\"ECB\"`, \
             `\"published\"`, `\"auto\"`) and `rate_column` (a new column after the amounts \
             holding each row's rate: units of `to` per one unit of the row's currency).",
            "let t = table([#{amount: eur(100), day: \"2016-03-15\"}]);\n\
             let c = t.convert(\"amount\", \"USD\", \"day\", #{source: \"ECB\", rate_column: \"usd_rate\"});\n\
             assert_eq(c.row(0).amount, usd(111.09));\n\
             assert_eq(c.row(0).usd_rate, 1.1109);",
        ))
        .with_params_info([
            "t: &mut Table",
            "column: &str",
            "to: &str",
            "period_or_column/year: Dynamic",
            "options: Map",
            "Table",
        ])
        .with_purity(true)
        .set_into_module(
            module,
            |t: &mut Table,
             column: &str,
             to: &str,
             period: Dynamic,
             options: Map|
             -> RhaiResult<Table> {
                let fx = super::state::fx();
                let options = table_options(&options)?;
                let choice = match period.clone().into_string() {
                    Ok(text) if t.columns().contains(&text) => {
                        PeriodChoice::Column(text)
                    }
                    _ => PeriodChoice::Fixed(period_of(&period)?),
                };
                crate::table::money::convert_with(t, &fx, column, to, &choice, &options)
                    .map_err(|e| script_error(e.0))
            },
        );

    FuncRegistration::new("fx_rate")
        .with_comments(doc_comment(
            "Units of `to` per one `from` over `period` from the source `options.source` names.",
            "assert_eq(fx_rate(\"EUR\", \"USD\", \"2016-03-15\", #{source: \"ECB\"}), 1.1109);",
        ))
        .with_params_info([
            "from: &str",
            "to: &str",
            "period: Dynamic",
            "options: Map",
            "Decimal",
        ])
        .set_into_module(
            module,
            |from: &str, to: &str, period: Dynamic, options: Map| -> RhaiResult<Dynamic> {
                let fx = super::state::fx();
                let source = source_of(&options, "fx_rate")?;
                fx.quote_with(from, to, period_of(&period)?, source)
                    .and_then(|q| q.rate.value())
                    .map(decimal_to_dynamic)
                    .map_err(crate::messages::fx_error)
            },
        );

    FuncRegistration::new("fx_source")
        .with_comments(doc_comment(
            "Chooses the rates this session's conversions use: `\"ECB\"` (the ECB's daily rates \
             and their means), `\"published\"` (the IRS and Federal Reserve averages only) or \
             `\"auto\"` (published averages where there is one, else the ECB; the default).",
            "fx_source(\"ECB\");\nassert_eq(fx_source(), \"ECB\");\nfx_source(\"auto\");\nassert_eq(convert(100, \"USD\", \"CNY\", 2023), 708.09);",
        ))
        .with_params_info(["source: &str", "()"])
        .set_into_module(module, |source: &str| -> RhaiResult<()> { let fx = super::state::fx();
            fx.set_source(FxSource::parse(source).map_err(crate::messages::fx_error)?);
            Ok(())
        });
    FuncRegistration::new("fx_source")
        .with_comments(doc_comment(
            "The rates this session's conversions use: \"auto\", \"ECB\" or \"published\".",
            "assert_eq(fx_source(), \"auto\");",
        ))
        .with_params_info(["String"])
        .set_into_module(module, || -> String {
            let fx = super::state::fx();
            fx.source().name().to_string()
        });

    FuncRegistration::new("fx_daily")
        .with_comments(doc_comment(
            "Every daily ECB reference rate the session uses, as a table in the columns of \
             `fx_rates` (base EUR; period the day; about 230,000 rows). `fx_rates` has the \
             published averages and the ECB's monthly and annual means.",
            "let t = fx_daily();\nassert(t.len() > 200000);\nassert_eq(t.row(0).id, \"ECB-EURUSD-1999-01-04\");",
        ))
        .with_params_info(["Table"])
        .set_into_module(module, || -> RhaiResult<crate::table::Table> { let fx = super::state::fx();
            crate::table::dataset::fx_rates_table(&fx, true).map_err(script_error)
        });

    FuncRegistration::new("fx")
        .with_comments(doc_comment(&fx_help(), "assert(fx().contains(\"ECB\"));"))
        .with_params_info(["String"])
        .set_into_module(module, || -> RhaiResult<String> {
            let fx = super::state::fx();
            summary(&fx).map_err(script_error)
        });

    FuncRegistration::new("fx_load")
        .with_comments(doc_comment(
            "Reads a newer copy of the ECB's reference rates (`eurofxref-hist.csv`, or the ZIP \
             the ECB publishes) and uses it for the rest of the session instead of the shipped \
             one; returns what it loaded. The file is checked first (the header, days in order, \
             every rate positive or N/A), and a bad line is named.",
            "let message = \"\";\ntry { fx_load(\"no-such-file.zip\") } catch (e) { message = e }\nassert(message.contains(\"fx_load\"));",
        ))
        .with_params_info(["path: &str", "String"])
        .set_into_module(module, |path: &str| -> RhaiResult<String> { let fx = super::state::fx();
            load(&fx, path).map_err(script_error)
        });
}

/// Reads `path` through the file policy and loads it into the session.
pub fn load(fx: &FxSession, path: &str) -> Result<String, String> {
    // Checked where it is opened, and only a regular file (`crate::disk`).
    let bytes = crate::table::io::read_bytes(path).map_err(|e| format!("fx_load: {e}"))?;
    fx.load(&bytes, path)
        .map(|summary| format!("fx_load: {summary}"))
        .map_err(|e| format!("fx_load: {}", crate::messages::fx(&e)))
}

/// What `:help fx` says: where rates come from, how far they reach, the currencies.
fn fx_help() -> String {
    let (first, last) = whatif_core::fx::ecb::SHIPPED_RANGE;
    let mut codes: Vec<&str> = whatif_core::fx::ecb::SHIPPED_CODES.to_vec();
    codes.push("EUR");
    codes.sort_unstable();
    let names: Vec<String> = codes
        .iter()
        .map(|c| match whatif_core::fx::name_of(c) {
            Some(name) => format!("{c} ({name})"),
            None => c.to_string(),
        })
        .collect();
    format!(
        "Where exchange rates come from: the published averages of `fx_rates` (Federal Reserve \
         G.5A annual, G.5 and EXCHUS monthly, IRS 2024 yearly), and the European Central Bank's \
         euro reference rates, one per business day from {first} to {last} (shipped with \
         whatif; a newer file: `fx_load(path)` or `whatif --fx FILE`). Returns the session's \
         summary.\n\nCurrencies: {}.\n\nA day uses its ECB rate (a weekend or holiday the \
         last business day's before it); a month or a year its published average, else the \
         exact mean of its ECB rates. Pairs cross through EUR (ECB) or USD (published).",
        names.join(", ")
    )
}

/// The session's rates in a few lines.
fn summary(fx: &FxSession) -> Result<String, String> {
    let published = fx.rows().map_err(|e| crate::messages::fx(&e))?.len();
    let ecb = fx
        .with_ecb(|rates| {
            let origin = if rates.origin == "shipped" {
                "shipped with whatif".to_string()
            } else {
                format!("loaded from {}", rates.origin)
            };
            format!(
                "ECB reference rates ({origin}): {} business days {}; currencies per EUR: {}",
                rates.days().len(),
                rates.range_text(),
                rates.codes().join(", ")
            )
        })
        .map_err(|e| crate::messages::fx(&e))?;
    Ok(format!(
        "{ecb}\npublished averages and rates set with set_fx: {published} rows (fx_rates)\nsource for conversions: {}",
        fx.source().name()
    ))
}
