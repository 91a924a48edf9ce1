//! Money that knows its currency: the acceptance commands as a user runs them, every
//! arithmetic rule and its error, money in tables and files (round trips through CSV and JSON),
//! FX of money and the `set_fx` guard, finance functions over money, and a property test that
//! sums in one currency are exact.

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::{error, eval, eval_fails, folder_with, json, session, stdout_of};

fn text(code: &str) -> String {
    eval(code).unwrap_or_else(|e| panic!("{code} failed:\n{e}"))
}

// --- the issue's acceptance commands ---------------------------------------------------------

#[test]
fn acceptance_commands() {
    eval_fails(r#"funding_totals.sum("amount")"#, &["CNY", "USD"]);
    let usd = stdout_of(&[
        "-e",
        r#"funding_totals.filter(|r| r.currency == "USD").sum("amount")"#,
    ]);
    assert!(usd.trim_end().ends_with(" USD"), "{usd}");
    eval_fails("cny(yi(821.29)) + usd(bn(33.2))", &["convert"]);
    assert_eq!(
        stdout_of(&["-e", r#"convert(cny(yi(821.29)), "USD", 2024)"#]),
        "11,424,259,285.02 USD\n"
    );
    assert_eq!(
        stdout_of(&["-e", r#"pledges.by_id("pledge-2024").amount / 100000"#]),
        "1,000,000 USD\n"
    );
    assert_eq!(
        stdout_of(&["-e", "roi(usd(bn(4)), usd(bn(150)))"]),
        "36.5\n"
    );
    assert_eq!(
        stdout_of(&["-e", "npv(0.08, [usd(-100), usd(60), usd(60)])"]),
        "7.00 USD\n"
    );
    eval_fails(
        r#"set_fx("CNY", "USD", 7.13, "2024-07")"#,
        &[r#"did you mean set_fx("USD", "CNY", 7.13, "2024-07")"#],
    );
}

#[test]
fn a_lone_money_is_a_json_object_with_the_exact_amount() {
    assert_eq!(
        stdout_of(&[
            "--format",
            "json",
            "-e",
            r#"convert(cny(yi(821.29)), "USD", 2024)"#
        ]),
        "{\"amount\":11424259285.018778689664765614,\"currency\":\"USD\"}\n"
    );
}

// --- arithmetic ------------------------------------------------------------------------------

#[test]
fn one_currency_adds_subtracts_and_compares_exactly() {
    assert_eq!(text("usd(0.1) + usd(0.2)"), "0.3 USD");
    assert_eq!(text("usd(5) - usd(7.5)"), "-2.5 USD");
    assert_eq!(text("usd(5) < usd(7)"), "true");
    assert_eq!(text("usd(5) >= usd(5)"), "true");
    assert_eq!(text("usd(5) == usd(5.00)"), "true");
    assert_eq!(text("usd(5) == cny(5)"), "false");
    assert_eq!(text("let m = usd(1); m += usd(2); m"), "3 USD");
}

#[test]
fn money_times_or_over_a_number_is_money_and_over_money_a_ratio() {
    assert_eq!(text("usd(10) * 1.5"), "15 USD");
    assert_eq!(text("2 * usd(10)"), "20 USD");
    assert_eq!(text("usd(10) / 4"), "2.5 USD");
    assert_eq!(text("usd(10) / usd(4)"), "2.5");
    assert_eq!(text("type_of(usd(10) / usd(4))"), "decimal");
    assert_eq!(text("-usd(3)"), "-3 USD");
    assert_eq!(text("abs(usd(-3))"), "3 USD");
    assert_eq!(text("round_money(usd(2.345))"), "2.35 USD");
    assert_eq!(text("round_money(jpy(1234.5))"), "1,235 JPY");
}

#[test]
fn magnitudes_compose_and_value_and_currency_read_back() {
    assert_eq!(text("usd(bn(100)).value"), "100000000000");
    assert_eq!(text("cny(yi(821.29)).currency"), "CNY");
    assert_eq!(text(r#"money(5, "gbp")"#), "5 GBP");
    assert_eq!(text("hkd(1).currency"), "HKD");
    assert_eq!(
        text(r#"pledges.by_id("pledge-2024").amount.value"#),
        "100000000000"
    );
    // Plain numbers stay plain.
    assert_eq!(text("bn(100) / 100000"), "1000000");
}

#[test]
fn every_refusal_says_what_to_write() {
    let e = error("cny(yi(821.29)) + usd(bn(33.2))");
    assert!(
        e.contains(
            "cannot add 82,129,000,000 CNY to 33,200,000,000 USD: convert one first, e.g. \
             convert(x, \"USD\", 2024)"
        ),
        "{e}"
    );
    let e = error("funding_rounds.filter(|r| r.amount > 1e9)");
    assert!(
        e.contains("x > usd(1000000000) instead of x > 1000000000"),
        "{e}"
    );
    assert!(error("usd(1) - cny(1)").contains("cannot subtract 1 CNY from 1 USD"));
    assert!(error("usd(1) < cny(1)").contains("cannot compare 1 USD with 1 CNY"));
    assert!(error("usd(1) / cny(1)").contains("cannot divide 1 USD by 1 CNY"));
    assert!(error("usd(1) * usd(1)").contains("cannot multiply two amounts of money"));
    assert!(error("1 / usd(1)").contains("divide by its value instead"));
    assert!(error("usd(1) + 5").contains("x + usd(5) instead of x + 5"));
    assert!(error("usd(1) / 0").contains("Division by zero"));
    let e = error(r#"money(1, "XYZ")"#);
    assert!(
        e.contains("unknown currency \"XYZ\"") && e.contains("HKD"),
        "{e}"
    );
    let e = error("bn(usd(1))");
    assert!(
        e.contains("this is an amount in USD") && e.contains("x.value"),
        "{e}"
    );
    assert!(!e.contains("Money") && !e.contains("whatif_core"), "{e}");
    // Money where a function wants numbers names no Rust type either.
    let e = error("npv(0.1, [1, usd(2)])");
    assert!(e.contains("values[1] is the amount 2 USD"), "{e}");
    let e = error("tornado(|p| p.a, #{a: 1}, #{a: usd(1)})");
    assert!(
        e.contains("not 1 USD (an amount of money)") && !e.contains("whatif_core"),
        "{e}"
    );
}

#[test]
fn a_plain_zero_is_zero_in_every_currency() {
    assert_eq!(text("let t = 0; t += usd(5); t"), "5 USD");
    assert_eq!(text("0 - usd(3)"), "-3 USD");
    assert_eq!(text("usd(5) > 0"), "true");
    assert_eq!(text("usd(0) == 0"), "true");
}

#[test]
fn text_rounds_to_the_minor_unit_but_the_value_stays_exact() {
    assert_eq!(text("usd(1) / 3"), "0.33 USD");
    assert_eq!(
        json("usd(1) / 3"),
        r#"{"amount":0.3333333333333333333333333333,"currency":"USD"}"#
    );
    assert_eq!(text("(usd(1) / 3) * 3 == usd(1)"), "false");
    assert_eq!(text("jpy(1000.4)"), "1,000 JPY");
    assert_eq!(text("`${usd(1234.5)}`"), "1,234.5 USD");
    assert_eq!(text("[usd(1), cny(2)]"), "[1 USD, 2 CNY]");
}

// --- aggregates and tables -------------------------------------------------------------------

#[test]
fn aggregates_over_arrays_need_one_currency() {
    assert_eq!(text("sum([usd(0.1), usd(0.2)])"), "0.3 USD");
    assert_eq!(text("mean([usd(1), usd(2)])"), "1.5 USD");
    assert_eq!(text("min([usd(3), usd(1.5)])"), "1.5 USD");
    assert_eq!(text("max([usd(3), usd(1.5)])"), "3 USD");
    assert_eq!(text("sum([1, 2.5])"), "3.5");
    let e = error("sum([usd(1), usd(2), cny(3)])");
    assert!(
        e.contains("item 2 is in CNY, the items before it in USD"),
        "{e}"
    );
}

#[test]
fn table_aggregates_name_the_first_row_in_another_currency() {
    let e = error(r#"funding_totals.sum("amount")"#);
    assert!(
        e.contains("the row with id \"china-2024\"")
            && e.contains("is in CNY")
            && e.contains("USD"),
        "{e}"
    );
    let by_currency = text(
        r#"let g = funding_totals.filter(|r| r.amount != ()).group_by("currency").sum("amount");
           g.column("amount").map(|m| m.currency)"#,
    );
    assert_eq!(by_currency, r#"["USD", "CNY"]"#);
    assert_eq!(
        text(r#"funding_rounds.filter(|r| r.currency == "CNY").max("amount")"#),
        "5,000,000,000 CNY"
    );
}

#[test]
fn tables_convert_a_money_column_by_period_or_per_row_date() {
    assert_eq!(
        text(
            r#"let t = funding_totals.filter(|r| r.amount != ()).convert("amount", "USD", 2024);
               round_money(t.filter(|r| r.id == "china-2024").row(0).amount)"#
        ),
        "11,424,259,285.02 USD"
    );
    // A month uses its published average (June 2024) or its ECB mean; a day its ECB rate.
    assert_eq!(
        text(
            r#"let t = table([#{amount: cny(725.47), date: "2024-06"}, #{amount: cny(100), date: "2024-07-15"}])
                .convert("amount", "USD", "date").column("amount");
               [t[0] == usd(100), t[1] == convert(cny(100), "USD", "2024-07-15", #{source: "ECB"})]"#
        ),
        "[true, true]"
    );
    let e = error(r#"table([#{amount: 5}]).convert("amount", "USD")"#);
    assert!(e.contains("not money"), "{e}");
}

#[test]
fn money_columns_are_right_aligned_with_their_code() {
    // One currency: the code once, in the header; the amounts right-aligned beneath it.
    let out = stdout_of(&["-e", r#"pledges.select(["id", "amount"])"#]);
    assert!(out.contains("│    amount (USD) │"), "{out}");
    assert!(out.contains("│ 100,000,000,000 │"), "{out}");
    assert!(out.contains("│  50,000,000,000 │"), "{out}");
    let out = stdout_of(&[
        "-e",
        r#"pledges.select(["id", "amount"])"#,
        "--format",
        "markdown",
    ]);
    assert!(
        out.contains("| id | amount (USD) |\n| --- | ---: |"),
        "{out}"
    );
    assert!(out.contains("| pledge-2024 | 100,000,000,000 |"), "{out}");
    // Mixed currencies: each cell keeps its code, decimal points and codes lined up.
    let out = stdout_of(&["-e", r#"funding_totals.select(["id", "amount"])"#]);
    assert!(out.contains("│             amount │"), "{out}");
    assert!(out.contains("│ 82,129,000,000 CNY │"), "{out}");
    assert!(out.contains("│  1,100,000,000 USD │"), "{out}");
    let out = stdout_of(&["-e", r#"table([#{a: usd(10.5)}, #{a: cny(1/3)}])"#]);
    assert!(out.contains("│ 10.50 USD │"), "{out}");
    assert!(out.contains("│  0.33 CNY │"), "{out}");
}

#[test]
fn a_bar_chart_of_money_keeps_the_code_on_each_bar() {
    let out = stdout_of(&["-e", r#"pledges.bar_chart("id", "amount")"#]);
    assert!(out.contains("█ 100,000,000,000 USD"), "{out}");
}

#[test]
fn money_cells_show_every_digit_under_digits_exact() {
    let shown = |digits: &str| {
        stdout_of(&[
            "--digits",
            digits,
            "-e",
            r#"table([#{a: usd(1/3)}, #{a: cny(2)}])"#,
        ])
    };
    let out = shown("exact");
    assert!(
        out.contains("│ 0.3333333333333333333333333333 USD │"),
        "{out}"
    );
    assert!(
        out.contains("│ 2 CNY                              │"),
        "{out}"
    );
    let out = shown("12");
    assert!(out.contains("│ 0.33 USD │"), "{out}");
    let out = stdout_of(&[
        "--digits",
        "exact",
        "-e",
        "table([#{a: usd(1/3)}, #{a: usd(2)}])",
    ]);
    assert!(out.contains("│ 0.3333333333333333333333333333 │"), "{out}");
}

#[test]
fn a_percentage_format_on_money_asks_for_a_ratio() {
    let e = error(r#"pledges.add_column("share", |r| r.amount / 150e9).format(#{share: "pct1"})"#);
    assert!(
        e.contains("a percentage needs a ratio") && e.contains("r.amount / usd(150e9)"),
        "{e}"
    );
}

#[test]
fn csv_and_json_files_round_trip_money() {
    let dir = folder_with(&[]);
    let mut s = session();
    s.set_file_policy(whatif_engine::file_policy::FilePolicy::roots([dir
        .path()
        .into()]));
    let csv = dir.path().join("rounds.csv");
    let json_path = dir.path().join("rounds.json");
    let bare = dir.path().join("bare.csv");
    let code = format!(
        r#"let t = funding_rounds.filter(|r| r.amount != ()).select(["id", "amount", "currency"]);
           t.save({csv:?});
           t.save({json_path:?});
           table([#{{price: usd(1.005)}}, #{{price: usd(2)}}]).save({bare:?});
           let back = load_csv({csv:?}, #{{money: #{{amount: "currency"}}}});
           let lines = load_json({json_path:?}, #{{money: #{{amount: "currency"}}}});
           let prices = load_csv({bare:?}, #{{money: #{{price: "price_currency"}}}});
           [back == t, lines == t, prices.row(0).price == usd(1.005), back.row(0).amount == t.row(0).amount]"#
    );
    let value = s
        .eval(&code, "<test>")
        .unwrap_or_else(|e| panic!("{}", s.render_error(&e)));
    assert_eq!(
        whatif_engine::value::to_text(&value),
        "[true, true, true, true]"
    );
    let written = std::fs::read_to_string(&bare).unwrap();
    assert_eq!(written, "price,price_currency\r\n1.005,USD\r\n2,USD\r\n");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(written.starts_with("id,amount,currency\r\n"), "{written}");
    assert!(written.contains(",5000000000,CNY\r\n"), "{written}");
}

#[test]
fn a_bad_money_option_says_how_to_write_it() {
    let dir = folder_with(&[(
        "bad.csv",
        b"id,amount,currency\nr1,5,USD\nr2,6,US Dollars\n",
    )]);
    let mut s = session();
    s.set_file_policy(whatif_engine::file_policy::FilePolicy::roots([dir
        .path()
        .into()]));
    let path = dir.path().join("bad.csv");
    let mut fails = |options: &str| {
        let code = format!("load_csv({path:?}, {options})");
        match s.eval(&code, "<test>") {
            Ok(_) => panic!("{code} should fail"),
            Err(e) => s.render_error(&e),
        }
    };
    let e = fails("#{money: 5}");
    assert!(e.contains("#{money: #{amount: \"currency\"}}"), "{e}");
    let e = fails("#{money: #{amount: \"currency\"}}");
    assert!(
        e.contains("the row with id \"r2\"") && e.contains("\"US Dollars\""),
        "{e}"
    );
    let e = fails("#{money: #{amount: \"dollars\"}}");
    assert!(e.contains("neither a column"), "{e}");
    let e = fails("#{monies: #{amount: \"USD\"}}");
    assert!(e.contains("unknown option \"monies\""), "{e}");
}

// --- FX --------------------------------------------------------------------------------------

#[test]
fn convert_takes_money_and_gives_money() {
    assert_eq!(text(r#"convert(usd(1000), "CNY")"#), "7,280.7 CNY");
    assert_eq!(text(r#"convert(usd(100), "CNY", "2024-06")"#), "725.47 CNY");
    assert_eq!(text(r#"convert(cny(7.189), "CNY", "USD", 2024)"#), "1 USD");
    assert_eq!(text(r#"convert_usd(cny(7.2807))"#), "1 USD");
    // The numeric forms keep working.
    assert_eq!(text(r#"convert(1000, "USD", "CNY")"#), "7280.7");
    let e = error(r#"convert(cny(1), "USD", "CNY", 2024)"#);
    assert!(e.contains("the amount is 1 CNY, not in USD"), "{e}");
}

#[test]
fn set_fx_refuses_a_rate_typed_the_wrong_way_round() {
    let e = error(r#"set_fx("CNY", "USD", 7.13, "2024-07")"#);
    assert!(
        e.contains(
            "1 CNY = 7.13 USD is 51x the published 2024 average (1 CNY = 0.1391 USD, 1 USD = \
             7.189 CNY); did you mean set_fx(\"USD\", \"CNY\", 7.13, \"2024-07\")?"
        ),
        "{e}"
    );
    assert!(
        e.contains("set_fx_unchecked(\"CNY\", \"USD\", 7.13, \"2024-07\")"),
        "{e}"
    );
    assert_eq!(
        text(r#"set_fx("USD", "CNY", 7.13, "2024-07"); convert(usd(1), "CNY", "2024-07")"#),
        "7.13 CNY"
    );
    assert_eq!(
        text(r#"set_fx_unchecked("CNY", "USD", 7.13, 2024); convert(cny(1), "USD", 2024)"#),
        "7.13 USD"
    );
    let e = error(r#"convert(cny(1), "USD", 1998)"#);
    assert!(e.contains("(1 CNY = ? USD)"), "{e}");
}

// --- finance ---------------------------------------------------------------------------------

#[test]
fn finance_functions_take_money_of_one_currency() {
    assert_eq!(text("npv(0.08, [usd(-100), usd(60), usd(60)])"), "7.00 USD");
    assert_eq!(
        text("[usd(-100), usd(60), usd(60)].npv(0.1).currency"),
        "USD"
    );
    assert_eq!(text("fv(0.1, 2, 0, usd(-100))"), "121 USD");
    assert_eq!(text("pv(0.1, 1, cny(-110), 0, \"begin\")"), "110 CNY");
    assert_eq!(text("pmt(0, 10, 0, eur(1000))"), "-100 EUR");
    assert_eq!(text("type_of(ipmt(0.1, 1, 2, usd(100)))"), "Money");
    assert_eq!(text("type_of(ppmt(0.1, 1, 2, usd(100)))"), "Money");
    assert_eq!(
        text(r#"xnpv(0.1, [usd(-100), usd(110)], ["2023-01-01", "2024-01-01"]).currency"#),
        "USD"
    );
    // Rates and counts are plain numbers.
    assert_eq!(text("irr([usd(-100), usd(110)])"), "0.1");
    assert_eq!(text("irr_roots([usd(-100), usd(110)])"), "[0.1]");
    assert_eq!(text("type_of(nper(0.01, usd(-100), usd(1000)))"), "decimal");
    assert_eq!(text("type_of(rate(10, usd(-100), usd(800)))"), "decimal");
    assert_eq!(
        text("type_of(mirr([usd(-100), usd(60), usd(60)], 0.1, 0.1))"),
        "decimal"
    );
    assert_eq!(
        text(r#"type_of(xirr([usd(-100), usd(110)], ["2023-01-01", "2024-01-01"]))"#),
        "decimal"
    );
    assert_eq!(text("roi(usd(bn(4)), usd(bn(150)))"), "36.5");
    assert_eq!(text("multiple(usd(bn(4)), usd(bn(150)))"), "37.5");
    assert_eq!(text("cagr(usd(100), usd(121), 2)"), "0.1");
    // Mixed currencies in one call are refused.
    // One reader of amounts words every such refusal the same way.
    let e = error("npv(0.1, [usd(-100), cny(110)])");
    assert!(
        e.contains("npv: values[0] is in USD but values[1] is in CNY: one call takes one currency"),
        "{e}"
    );
    let e = error("fv(0.1, 2, usd(-10), cny(-100))");
    assert!(
        e.contains("fv: pmt is in USD but pv is in CNY: one call takes one currency"),
        "{e}"
    );
    let e = error("roi(usd(1), cny(2))");
    assert!(
        e.contains("roi: cost is in USD but value is in CNY: one call takes one currency"),
        "{e}"
    );
    let e = error("tvpi([usd(-10), cny(20)], usd(5))");
    assert!(
        e.contains(
            "tvpi: amounts[0] is in USD but amounts[1] is in CNY: one call takes one currency"
        ),
        "{e}"
    );
    // Money beside a plain number other than 0 is refused where the amounts are all of a kind.
    let e = error("tvpi([usd(-10), 20], usd(5))");
    assert!(
        e.contains("tvpi: amounts[0] is an amount in USD but amounts[1] is the plain number 20"),
        "{e}"
    );
    let e = error("fv(usd(0.1), 2, 0, usd(-100))");
    assert!(e.contains("fv's rate must be a plain number"), "{e}");
}

#[test]
fn fmt_money_takes_money_and_one_rule_for_small_amounts() {
    assert_eq!(text(r#"fmt_money(12345, "USD")"#), "$12,345.00");
    assert_eq!(text(r#"fmt_money(1234.5, "CNY")"#), "¥1,234.50");
    assert_eq!(text(r#"fmt_money(usd(bn(100)), "USD")"#), "$100.0B");
    assert_eq!(text("fmt_money(cny(yi(821.29)))"), "¥821.29亿");
    let e = error(r#"fmt_money(cny(5), "USD")"#);
    assert!(e.contains("the amount is 5 CNY, not in USD"), "{e}");
}

#[test]
fn what_if_verbs_name_the_input_that_mixes_money_and_numbers() {
    // A plain-number range for a money base is the range's fault, not the function's.
    let e = error(
        "tornado(|p| p.price * p.qty, #{price: usd(10), qty: 5}, #{price: [8, 12], qty: [4, 6]})",
    );
    assert!(
        e.contains("the base of \"price\" is 10 USD")
            && e.contains("its range has 8")
            && e.contains("money(8, \"USD\")"),
        "{e}"
    );
    let e = error("tornado(|p| p.a, #{a: usd(1)}, #{a: [usd(0), cny(2)]})");
    assert!(
        e.contains("range has 2 CNY") && e.contains("money in USD"),
        "{e}"
    );
    // Two currencies (or money against a number) have no difference: said, not left blank.
    let e = error("compare(#{npv: usd(100)}, #{npv: cny(125)})");
    assert!(
        e.contains("npv is 100 USD in a but 125 CNY in b") && e.contains("convert("),
        "{e}"
    );
    let e = error("compare(#{npv: usd(100)}, #{npv: 125})");
    assert!(
        e.contains("npv is 100 USD") && e.contains("both as plain numbers"),
        "{e}"
    );
    let e = error(r#"compare(table(["v"], [[1], [usd(2)]]), table(["v"], [[1], [eur(2)]]))"#);
    assert!(e.contains("v in row 1 is 2 USD in a but 2 EUR in b"), "{e}");
}

#[test]
fn what_if_verbs_keep_money() {
    assert_eq!(
        text(r#"tornado(|p| usd(p.a) * 2, #{a: 1}, #{a: [1, 3]}).row(0).swing"#),
        "4 USD"
    );
    assert_eq!(
        text(r#"sweep(|x| usd(x) * 2, [1, 2]).column("y")"#),
        "[2 USD, 4 USD]"
    );
    assert_eq!(text("goal_seek(|x| usd(x) * 2, usd(6), 0, 10)"), "3");
    assert_eq!(
        text(
            r#"let t = scenarios(#{base: #{m: 2}, bull: #{m: 3}}, |s| #{v: usd(100) * s.m});
                compare(t, "base", "bull").filter(|r| r.name == "v").row(0).difference"#
        ),
        "100 USD"
    );
    assert_eq!(
        text("let s = monte_carlo(50, 7, |rng| usd(rng.uniform(1, 2))).row(0); [s.mean.currency, s.sd.currency, s.p95.currency]"),
        r#"["USD", "USD", "USD"]"#
    );
    let e =
        error("monte_carlo(10, 1, |rng| if rng.uniform(0, 1) > 0.5 { usd(1) } else { cny(1) })");
    assert!(e.contains("return one currency"), "{e}");
    assert_eq!(
        text("goal_seek(|m| npv(0.08, [usd(-100), usd(60) * m]), 0, 1, 3)"),
        "1.8"
    );
    let e = error("goal_seek(|x| usd(x), 5, 0, 10)");
    assert!(
        e.contains("write the target as money too, e.g. usd(5)"),
        "{e}"
    );
    let e = error("goal_seek(|x| cny(x), usd(5), 0, 10)");
    assert!(e.contains("the target is in USD"), "{e}");
}

// --- property --------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Sums of money in one currency are exact: the sum of the cents equals the cents of the sum.
    #[test]
    fn sums_in_one_currency_are_exact(cents in proptest::collection::vec(-10_000_000_000_i64..10_000_000_000, 1..40)) {
        let items: Vec<String> = cents.iter().map(|c| format!("usd({c} / 100)")).collect();
        let code = format!("sum([{}]).value", items.join(", "));
        let expected: Decimal = cents.iter().map(|c| Decimal::new(*c, 2)).sum();
        let got: Decimal = text(&code).parse().unwrap();
        prop_assert_eq!(got, expected.normalize());
    }
}

/// Mixed currencies in a column loaded from a file name the row by its file line.
#[test]
fn mixed_currencies_in_a_loaded_file_name_the_line() {
    let dir = folder_with(&[("mixed.csv", b"name,amount,currency\na,100,USD\nb,200,CNY\n")]);
    let mut s = session();
    s.set_file_policy(whatif_engine::file_policy::FilePolicy::roots([dir
        .path()
        .into()]));
    let path = dir.path().join("mixed.csv");
    let code = format!("load_csv({path:?}, #{{money: #{{amount: \"currency\"}}}}).sum(\"amount\")");
    let e = match s.eval(&code, "<test>") {
        Ok(_) => panic!("{code} should fail"),
        Err(e) => s.render_error(&e),
    };
    assert!(
        e.contains("line 3 of") && e.contains("is in CNY, the items before it in USD"),
        "{e}"
    );
}
