//! The article's datasets as scripts see them: figures checked by value against the article,
//! the constants' scoping, `datasets()`, `describe()` and exact JSON output.

use whatif_engine::value::to_json;

use crate::common::{error, json, session, stdout_of};

/// One cell, as JSON, of the row with `id` in `dataset`; money as its amount (its currency is
/// checked by `amounts_are_money_in_the_rows_currency`).
fn cell(dataset: &str, id: &str, column: &str) -> String {
    let rows = json(&format!(
        "let rows = {dataset}.filter(|r| r.id == \"{id}\"); \
         if rows.len() != 1 {{ throw `expected one row {id} in {dataset}, found ${{rows.len()}}`; }} \
         let v = rows[0].{column}; if type_of(v) == \"Money\" {{ v.value }} else {{ v }}"
    ));
    rows
}

/// Every amount of the data is money in its row's currency.
#[test]
fn amounts_are_money_in_the_rows_currency() {
    for (dataset, column) in [
        ("pledges", "amount"),
        ("softbank_deals", "amount"),
        ("softbank_deals", "value_later"),
        ("funding_rounds", "amount"),
        ("funding_totals", "amount"),
        ("valuations", "amount"),
        ("valuations", "from_amount"),
        ("forecasts", "amount"),
        ("timeline", "amount"),
        ("export_controls", "amount"),
    ] {
        let script = format!(
            "{dataset}.filter(|r| r.{column} != ()).to_array().all(|r| \
             type_of(r.{column}) == \"Money\" && r.{column}.currency == r.currency)"
        );
        assert_eq!(json(&script), "true", "{dataset}.{column}");
    }
    assert_eq!(
        json(r#"pledges.by_id("pledge-2024").amount"#),
        r#"{"amount":100000000000,"currency":"USD"}"#
    );
}

/// Checks several cells of one row: `(column, expected JSON)`.
fn check(dataset: &str, id: &str, expected: &[(&str, &str)]) {
    for (column, want) in expected {
        assert_eq!(
            cell(dataset, id, column),
            *want,
            "{dataset} / {id} / {column}"
        );
    }
}

#[test]
fn pledges_2016_and_2024() {
    check(
        "pledges",
        "pledge-2016",
        &[
            ("date", "\"2016-12\""),
            ("amount", "50000000000"),
            ("currency", "\"USD\""),
            ("jobs", "50000"),
            ("source", "\"2\""),
        ],
    );
    check(
        "pledges",
        "pledge-2024",
        &[
            ("date", "\"2024-12-16\""),
            ("amount", "100000000000"),
            ("jobs", "100000"),
            ("horizon_years", "4"),
            ("deploy_by", "\"2029\""),
            ("qualifier", "null"),
            ("source", "\"1;3;4\""),
        ],
    );
}

#[test]
fn softbank_deals_by_value() {
    check(
        "softbank_deals",
        "yahoo-1996",
        &[
            ("amount", "102000000"),
            ("qualifier", "\"about\""),
            ("stake", "0.35"),
            ("stake_qualifier", "\"about\""),
            ("count", "2"),
            ("date", "\"1996\""),
        ],
    );
    check(
        "softbank_deals",
        "alibaba-2000",
        &[("amount", "20000000"), ("date", "\"2000\"")],
    );
    check(
        "softbank_deals",
        "alibaba-2004",
        &[("amount", "60000000"), ("date", "\"2004\"")],
    );
    check(
        "softbank_deals",
        "arm-2016",
        &[
            ("amount", "32000000000"),
            ("date", "\"2016\""),
            ("kind", "\"acquisition\""),
        ],
    );
    check(
        "softbank_deals",
        "nvidia-2019",
        &[
            ("stake", "0.049"),
            ("amount", "4000000000"),
            ("date", "\"2019\""),
            ("value_later", "150000000000"),
            ("kind", "\"sale\""),
        ],
    );
    check(
        "softbank_deals",
        "vision-fund-2017",
        &[("amount", "100000000000")],
    );
    check(
        "softbank_deals",
        "vision-fund-portfolio",
        &[
            ("count", "470"),
            ("count_qualifier", "\"about\""),
            ("amount", "null"),
        ],
    );
    check(
        "softbank_deals",
        "vision-fund-assets",
        &[("amount", "160000000000")],
    );
    check(
        "softbank_deals",
        "vision-fund-loss",
        &[("amount", "16500000000"), ("qualifier", "\"at its peak\"")],
    );
    check(
        "softbank_deals",
        "openai-2024-10",
        &[("amount", "500000000"), ("date", "\"2024-10\"")],
    );
    check(
        "softbank_deals",
        "openai-2024-11",
        &[("amount", "1500000000"), ("date", "\"2024-11\"")],
    );
    check("softbank_deals", "arm-stake", &[("stake", "0.9")]);
    for id in ["perplexity", "glean", "poolside"] {
        check("softbank_deals", id, &[("amount", "null")]);
    }
    // SoftBank's two OpenAI investments add up exactly.
    assert_eq!(
        json("softbank_deals.filter(|d| d.entity == \"OpenAI\").sum(\"amount\")"),
        r#"{"amount":2000000000,"currency":"USD"}"#
    );
}

#[test]
fn funding_rounds_us_and_china() {
    check(
        "funding_rounds",
        "moonshot-2024-02",
        &[
            ("amount", "1000000000"),
            ("currency", "\"USD\""),
            ("round", "\"A+\""),
            ("date", "\"2024-02\""),
            ("name_zh", "\"月之暗面\""),
        ],
    );
    check(
        "funding_rounds",
        "moonshot-2024-08",
        &[
            ("amount", "300000000"),
            ("round", "\"B\""),
            ("date", "\"2024-08\""),
        ],
    );
    check(
        "funding_rounds",
        "baichuan-2024-07",
        &[
            ("amount", "5000000000"),
            ("currency", "\"CNY\""),
            ("round", "\"A\""),
        ],
    );
    check(
        "funding_rounds",
        "infinigence-2024-09",
        &[
            ("amount", "500000000"),
            ("currency", "\"CNY\""),
            ("qualifier", "\"nearly\""),
            ("date", "\"2024-09\""),
        ],
    );
    check(
        "funding_rounds",
        "zhipu-2024-12",
        &[
            ("amount", "3000000000"),
            ("currency", "\"CNY\""),
            ("date", "\"2024-12\""),
        ],
    );
    for id in ["modelbest-2024-12", "stepfun-2024-12"] {
        check(
            "funding_rounds",
            id,
            &[("amount", "null"), ("date", "\"2024-12\"")],
        );
    }
    check("funding_rounds", "xai-2024-05", &[("amount", "6000000000")]);
    check(
        "funding_rounds",
        "xai-series-c",
        &[
            ("amount", "6000000000"),
            ("round", "\"C\""),
            ("investor_count", "100"),
        ],
    );
    check(
        "funding_rounds",
        "openai-2024-10",
        &[("amount", "6600000000"), ("date", "\"2024-10\"")],
    );
    // xAI's two rounds make the total the article states.
    assert_eq!(
        json(
            "let rounds = funding_rounds.filter(|r| r.entity == \"xAI\").sum(\"amount\");\
             let total = funding_totals.filter(|t| t.id == \"xai-total\")[0].amount;\
             [rounds, total]"
        ),
        r#"[{"amount":12000000000,"currency":"USD"},{"amount":12000000000,"currency":"USD"}]"#
    );
}

#[test]
fn valuations_and_milestones() {
    check(
        "valuations",
        "nvidia-1t-to-2t",
        &[
            ("from_amount", "1000000000000"),
            ("amount", "2000000000000"),
            ("elapsed", "8"),
            ("elapsed_unit", "\"months\""),
        ],
    );
    check(
        "valuations",
        "nvidia-2t-to-3t",
        &[
            ("from_amount", "2000000000000"),
            ("amount", "3000000000000"),
            ("elapsed", "96"),
            ("elapsed_unit", "\"days\""),
        ],
    );
    check(
        "valuations",
        "openai-2024-10",
        &[("amount", "157000000000"), ("metric", "\"valuation\"")],
    );
    check(
        "valuations",
        "xai-target",
        &[
            ("amount", "50000000000"),
            ("multiple", "2"),
            ("elapsed", "6"),
            ("reported_by", "\"CNBC\""),
        ],
    );
    check(
        "valuations",
        "arm-ipo-2023",
        &[
            ("amount", "100000000000"),
            ("qualifier", "\"over\""),
            ("date", "\"2023\""),
        ],
    );
    check(
        "valuations",
        "arm-peak",
        &[("amount", "190000000000"), ("qualifier", "\"over\"")],
    );
    check(
        "valuations",
        "nvidia-market-cap",
        &[("amount", "3000000000000"), ("qualifier", "\"over\"")],
    );
}

#[test]
fn funding_totals_by_country_and_period() {
    check(
        "funding_totals",
        "china-2024",
        &[
            ("amount", "82129000000"),
            ("currency", "\"CNY\""),
            ("period", "\"2024\""),
            ("to_date", "\"2024-12-17\""),
        ],
    );
    check(
        "funding_totals",
        "china-2023",
        &[
            ("amount", "63676000000"),
            ("currency", "\"CNY\""),
            ("period", "\"2023\""),
        ],
    );
    check(
        "funding_totals",
        "us-2024-over-100m",
        &[
            ("count", "52"),
            ("amount", "33200000000"),
            ("currency", "\"USD\""),
        ],
    );
    check(
        "funding_totals",
        "us-2024-q3",
        &[
            ("amount", "19000000000"),
            ("share", "0.28"),
            ("period", "\"2024-Q3\""),
        ],
    );
    check(
        "funding_totals",
        "us-2023-ai-index",
        &[("amount", "67200000000"), ("qualifier", "\"about\"")],
    );
    check(
        "funding_totals",
        "china-2023-ai-index",
        &[
            ("amount", "7800000000"),
            ("currency", "\"USD\""),
            ("qualifier", "\"about\""),
        ],
    );
    check(
        "funding_totals",
        "us-2024-startups-over-100m",
        &[("count", "50"), ("count_qualifier", "\"over\"")],
    );
    check(
        "funding_totals",
        "us-2024-largest-round",
        &[("amount", "1100000000"), ("qualifier", "\"up to\"")],
    );
}

#[test]
fn forecasts_goldman_and_softbank() {
    check(
        "forecasts",
        "gs-global-2025",
        &[
            ("amount", "200000000000"),
            ("qualifier", "\"about\""),
            ("date", "\"2025\""),
        ],
    );
    check(
        "forecasts",
        "gs-us-2025",
        &[
            ("amount", "100000000000"),
            ("qualifier", "\"nearly\""),
            ("share", "0.5"),
        ],
    );
    check(
        "forecasts",
        "gs-us-gdp",
        &[
            ("share_low", "0.025"),
            ("share_high", "0.04"),
            ("share_of", "\"US GDP\""),
        ],
    );
    check(
        "forecasts",
        "softbank-chip-delivery",
        &[("date", "\"2026\"")],
    );
}

#[test]
fn export_control_counts() {
    check(
        "export_controls",
        "bis-entity-list-2024-12",
        &[("count", "140")],
    );
    check(
        "export_controls",
        "bis-equipment-2024-12",
        &[("count", "24")],
    );
    check("export_controls", "bis-software-2024-12", &[("count", "3")]);
    check("export_controls", "chips-act-2022", &[("date", "\"2022\"")]);
}

#[test]
fn timeline_of_son_and_softbank() {
    check("timeline", "son-born", &[("date", "\"1957\"")]);
    check(
        "timeline",
        "son-first-million",
        &[
            ("date", "\"1975\""),
            ("amount", "1000000"),
            ("figure", "18"),
        ],
    );
    check("timeline", "softbank-founded", &[("date", "\"1981\"")]);
    check("timeline", "trump-takes-office", &[("date", "\"2025-01\"")]);
    check(
        "timeline",
        "softbank-listed",
        &[
            ("date", "\"1994\""),
            ("amount", "1000000000"),
            ("qualifier", "\"over\""),
        ],
    );
    check("timeline", "arm-nasdaq-ipo", &[("figure", "3")]);
}

#[test]
fn stock_moves_and_facts() {
    check(
        "stock_moves",
        "arm-ipo-day",
        &[("change", "0.25"), ("unit", "\"fraction\"")],
    );
    check(
        "stock_moves",
        "nvidia-price-since-2022",
        &[
            ("change", "9"),
            ("unit", "\"times\""),
            ("qualifier", "\"up to\""),
        ],
    );
    check(
        "stock_moves",
        "alibaba-return",
        &[("change", "1000"), ("qualifier", "\"over\"")],
    );
    check("facts", "ai-chip-makers", &[("value", "3")]);
}

#[test]
fn every_row_has_id_source_and_currency_with_amount() {
    for name in json("datasets()")
        .trim_matches(|c| c == '[' || c == ']')
        .split(',')
        .map(|n| n.trim_matches('"').to_string())
    {
        let bad = json(&format!(
            "{name}.filter(|r| r.id == () || r.source == () || \
             (\"amount\" in r && r.amount != () && r.currency == ())).len()"
        ));
        assert_eq!(bad, "0", "{name}");
    }
}

#[test]
fn datasets_lists_the_names() {
    assert_eq!(
        json("datasets()"),
        r#"["pledges","softbank_deals","funding_rounds","valuations","funding_totals","stock_moves","forecasts","export_controls","timeline","facts","fx_rates"]"#
    );
}

#[test]
fn a_variable_shadows_a_dataset() {
    assert_eq!(json("let pledges = 5; pledges"), "5");
    assert_eq!(json("fn f(timeline) { timeline } f(7)"), "7");
    // Across evaluations of one session, as in the REPL or repeated -e.
    let mut session = session();
    let _ = session.eval("let facts = \"mine\";", "<1>").unwrap();
    let value = session.eval("facts", "<2>").unwrap();
    assert_eq!(to_json(&value), "\"mine\"");
    // Once out of scope, the name means the dataset again.
    assert_eq!(json("{ let pledges = 5; } pledges.len()"), "2");
}

#[test]
fn repeated_access_gives_the_same_rows_and_scripts_cannot_change_them() {
    assert_eq!(json("pledges == pledges"), "true");
    assert_eq!(
        json("let p = pledges.to_array(); p.push(1); [p.len(), pledges.len()]"),
        "[3,2]"
    );
}

#[test]
fn describe_explains_columns_and_rejects_unknown_names() {
    assert_eq!(json("describe(\"pledges\").rows"), "2");
    let amount =
        json("describe(\"funding_rounds\").columns.filter(|c| c.name == \"amount\")[0].meaning");
    assert!(amount.contains("full base units"), "{amount}");
    let sources = json("describe(\"pledges\").sources");
    assert!(sources.contains("cnbc.com/2016/12/06"), "{sources}");

    let rendered = error("describe(\"plegdes\")");
    assert!(
        rendered.contains("unknown dataset \"plegdes\"")
            && rendered.contains("pledges, softbank_deals"),
        "{rendered}"
    );
}

#[test]
fn cli_prints_amounts_digit_for_digit() {
    let text = stdout_of(&["-e", "funding_rounds", "--format", "json"]);
    for amount in [
        "\"amount\":1000000000,",
        "\"amount\":300000000,",
        "\"amount\":5000000000,",
        "\"amount\":6600000000,",
    ] {
        assert!(text.contains(amount), "{amount} in {text}");
    }

    let text = stdout_of(&["-e", "funding_totals", "--format", "json"]);
    assert!(text.contains("\"amount\":82129000000,"), "{text}");
    assert!(text.contains("\"share\":0.28,"), "{text}");
}

#[test]
fn cli_lists_and_describes() {
    let text = stdout_of(&["-e", "datasets()", "--format", "json"]);
    assert!(
        text.starts_with("[\"pledges\",\"softbank_deals\""),
        "{text}"
    );

    let text = stdout_of(&["-e", "describe(\"pledges\")"]);
    assert!(text.contains("jobs the pledge is to create"), "{text}");
}

#[test]
fn issue_5_acceptance_cny_rounds_as_box_and_as_csv() {
    let code = r#"funding_rounds.filter(|r| r.currency == "CNY").sort("amount", "desc")"#;
    let boxed = stdout_of(&["-e", code]);
    assert!(boxed.starts_with('┌'), "{boxed}");
    assert!(boxed.contains("5,000,000,000"), "{boxed}");
    let csv = stdout_of(&["-e", code, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let amount = headers.iter().position(|h| h == "amount").unwrap();
    let id = headers.iter().position(|h| h == "id").unwrap();
    let rows: Vec<(String, String)> = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[id].to_string(), r[amount].to_string())
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("baichuan-2024-07".to_string(), "5000000000".to_string()),
            ("zhipu-2024-12".to_string(), "3000000000".to_string()),
            ("infinigence-2024-09".to_string(), "500000000".to_string()),
        ]
    );
}
