//! The bad-input battery, continued: the seams where a value could be read otherwise than
//! meant (literals, unlike comparisons, dates, swapped amounts, rates in percent, closures over
//! the value they are called on). Each mistake fails with exit code 1 and a message naming the
//! cause and the fix.

use crate::bad_input::{each_names, each_says_exactly};

#[test]
fn literals_that_would_be_misread_are_refused() {
    each_names(&[
        ("pmt(0,05/12, 360, 300000)", &["05", "0.05", "with a point"]),
        ("let r = 007; r", &["007", "0.007", "(7)"]),
        ("[1, 02, 3]", &["02", "0.02", "(2)"]),
        ("05.25 * 2", &["05.25", "(5.25)"]),
        (
            "0.00000000000000000000000000001",
            &["cannot be held exactly", "28 decimal places", "round it"],
        ),
        (
            "let x = 1 + 9.2345678901234567890123456789; x",
            &["9.2345678901234567890123456789", "significant digits"],
        ),
    ]);
    each_says_exactly(&[(
        "pmt(0,05/12, 360, 300000)",
        "error: the number 05 starts with a zero: whatif writes decimals with a point (0.05; a \
         comma separates arguments) and whole numbers without leading zeros (5)",
    )]);
}

/// Runs `code`, which must succeed, and returns its standard error.
fn notes_of(code: &str) -> String {
    let out = crate::common::whatif().args(["-e", code]).output().unwrap();
    assert!(out.status.success(), "{code}: {out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn a_rate_typed_in_percent_runs_with_a_note_once_per_call_site() {
    for (code, words) in [
        (
            "pmt(5/12, 360, 300000)",
            "note: pmt: rate 0.4167 per period is 41.67 % over 360 periods; for 5 % a year \
             paid monthly write 0.05 / 12",
        ),
        (
            "npv(10, [-100, 50, 60])",
            "note: npv: rate 10 per period is 1000 %; for 10 % write 0.1",
        ),
        (
            "[-100, 50, 60].npv(10)",
            "note: npv: rate 10 per period is 1000 %",
        ),
        ("fv(8, 10, -100, 0)", "note: fv: rate 8 per period"),
        (
            "pv(0.5, 30, -100)",
            "note: pv: rate 0.5 per period is 50 % over 30 periods",
        ),
        (
            "ipmt(3, 1, 12, 2500)",
            "note: ipmt: rate 3 per period is 300 %",
        ),
        (
            "ppmt(3, 1, 12, 2500)",
            "note: ppmt: rate 3 per period is 300 %",
        ),
        ("nper(7, -2000, 200)", "note: nper: rate 7 per period"),
        (
            "irr([-100, 50, 60], 10)",
            "note: irr: guess 10 per period is 1000 %",
        ),
        (
            "rate(10, -100, 800, 0, \"end\", 4)",
            "note: rate: guess 4 per period",
        ),
        (
            "xirr([-100, 110], [\"2023-01-01\", \"2024-01-01\"], 12)",
            "note: xirr: guess 12 per year is 1200 %; for 12 % write 0.12",
        ),
        (
            "xnpv(9, [-100, 110], [\"2024-01-01\", \"2025-01-01\"])",
            "note: xnpv: rate 9 per year is 900 %; for 9 % write 0.09",
        ),
        (
            "mirr([-100, 50, 60], 5, 0.1)",
            "note: mirr: finance_rate 5 per period is 500 %; for 5 % write 0.05",
        ),
    ] {
        let stderr = notes_of(code);
        assert!(stderr.contains(words), "{code}: {stderr}");
    }
    // A loop or a sweep runs one call site many times: one note. Two sites: two notes.
    let stderr = notes_of("let s = 0; for i in 0..5 { s += npv(10, [-100, 50]) }; s");
    assert_eq!(stderr.matches("note:").count(), 1, "{stderr}");
    let stderr = notes_of("npv(10, [-100, 50]) + npv(10, [-100, 60])");
    assert_eq!(stderr.matches("note:").count(), 2, "{stderr}");
    // Ordinary rates say nothing.
    let stderr = notes_of(
        "pmt(0.05 / 12, 360, 300000) + npv(0.08, [-100, 60, 60]) + irr([-100, 60, 60]) \
         + pv(0.25, 10, -100) + mirr([-100, 50, 60], 0.1, 0.12)",
    );
    assert_eq!(stderr, "");
}

#[test]
fn closures_over_the_value_they_are_called_on_work() {
    for (code, expected) in [
        (
            "let xs = [10, 20, 70]; xs.map(|x| x / sum(xs))",
            "[0.1, 0.2, 0.7]",
        ),
        (
            "let xs = [10, 20, 70]; xs.filter(|x| x > xs[0])",
            "[20, 70]",
        ),
        (
            "let t = softbank_deals; t.filter(|r| r.count > t.len()).len()",
            "1",
        ),
        (
            "let t = funding_rounds.filter(|r| r.currency == \"USD\"); \
             t.filter(|r| r.amount > t.mean(\"amount\")).len() > 0",
            "true",
        ),
        (
            "let xs = [1, 2, 3]; xs.reduce(|s, x| s + x * xs.len(), 0)",
            "18",
        ),
        (
            "let xs = [3, 1, 2]; xs.all(|x| x <= xs.reduce(|a, b| max(a, b), 0))",
            "true",
        ),
    ] {
        assert_eq!(
            crate::common::stdout_of(&["-e", code]).trim(),
            expected,
            "{code}"
        );
    }
}

#[test]
fn rhai_errors_read_in_whatif_words_with_the_fix() {
    each_names(&[
        (
            "let xs = [10, 20, 70]; let f = |x| x / sum(xs); xs.map(f)",
            &[
                "map(xs, f) instead of xs.map(f)",
                "let total = sum(xs)",
                "<expr>:1:52",
            ],
        ),
        (
            "let xs = [1, 2]; let f = |x| x > xs[0]; xs.filter(f)",
            &["filter(xs, f)", "<expr>:1:"],
        ),
        (
            "const xs = [1]; xs.push(2)",
            &["push would change a constant", "let instead of const"],
        ),
        (
            "let s = \"abc\"; s[10]",
            &["no character [10]", "the text has 3"],
        ),
        // Rhai indexes an integer by its bits (`get_bit` and the other bit-field functions are
        // not registered: no analyst needs them).
        ("let n = 5; n[100]", &["no bit 100", "64"]),
        (
            "import \"nosuch\" as m;",
            &["no module \"nosuch\"", ".rhai file"],
        ),
    ]);
}

#[test]
fn exactness_is_what_the_readme_claims() {
    let out = |code: &str| crate::common::stdout_of(&["-e", code]).trim().to_string();
    assert_eq!(
        out("xirr([-100, 100], [\"2024-01-01\", \"2024-01-02\"])"),
        "0"
    );
    assert_eq!(
        out("xirr([-100, 100], [\"2024-01-01\", \"2024-01-02\"]) == 0"),
        "true"
    );
    assert_eq!(out("irr([-100, 100]) == 0"), "true");
    // NPV at a non-zero rate holds 15 significant digits, not the 28 of `1 / 1.1`.
    assert_eq!(out("exact(npv(0.1, [0, 1]))"), "0.909090909090909");
    assert_eq!(out("npv(0, [0.1, 0.2]) == 0.3"), "true");
    assert_eq!(out("fv(0.1, 2, 0, -100) == 121"), "true");
}

#[test]
fn unlike_values_do_not_compare_quietly() {
    each_names(&[
        (
            "\"100\" > 50",
            &["the text \"100\"", "the number 50", "parse_decimal(x) > 50"],
        ),
        ("50 < \"100\"", &["50 < parse_decimal(x)"]),
        (
            "date(\"2024-01-01\") > 2023",
            &["the date 2024-01-01", "x.year > 2023", "x > date(\"2023\")"],
        ),
        (
            "softbank_deals.filter(|r| r.date >= 2019).len()",
            &[
                "the date 1996",
                "the number 2019",
                "x.year >= 2019",
                "x >= date(\"2019\")",
                "yahoo-1996",
            ],
        ),
        (
            "table([#{closed: \"1996\"}]).filter(|r| r.closed >= 2019).len()",
            &["the text \"1996\"", "x >= \"2019\"", "date(x).year >= 2019"],
        ),
        (
            "date(\"2024\") == 2024",
            &["the date 2024", "x.year == 2024"],
        ),
        ("2024 != date(\"2024\")", &["2024 != x.year"]),
        ("1 == \"1\"", &["the number 1", "the text \"1\"", "`==`"]),
        ("\"1.5\" != 1.5", &["`!=`", "parse_decimal(x) != 1.5"]),
        (
            "true > 1",
            &["true/false", "the number 1", "different kinds"],
        ),
        ("[1, 2] < 3", &["an array (2 items)", "`<`"]),
        ("usd(5) > \"a\"", &["the amount 5 USD", "the text \"a\""]),
        ("#{a: 1} >= 1", &["a map", "`>=`"]),
        (
            "date(\"2024-03-31\") <= usd(1)",
            &["the date 2024-03-31", "the amount"],
        ),
        ("let amount = usd(5); amount > 4", &["usd(4)"]),
    ]);
    // Like kinds, numbers of both kinds, dates with date text and anything with an empty
    // value still compare.
    for (code, expected) in [
        ("1 < 2.5", "true"),
        ("\"a\" < \"b\"", "true"),
        ("date(\"2024-03-31\") > \"2024-01-01\"", "true"),
        ("let x = (); x == 5", "false"),
        ("let x = (); x < 5", "false"),
        ("softbank_deals.filter(|r| r.date >= \"2019\").len()", "3"),
        ("usd(5) > 0", "true"),
    ] {
        assert_eq!(
            crate::common::stdout_of(&["-e", code]).trim(),
            expected,
            "{code}"
        );
    }
}

#[test]
fn dates_in_other_forms_need_their_format() {
    each_names(&[
        (
            "date(\"12/31/2024\")",
            &[
                "\"12/31/2024\"",
                "give its format",
                "date(\"12/31/2024\", \"%m/%d/%Y\")",
            ],
        ),
        (
            "date(\"31/03/2024\")",
            &["date(\"31/03/2024\", \"%d/%m/%Y\")"],
        ),
        (
            "date(\"03/04/2024\")",
            &[
                "either way round",
                "\"%d/%m/%Y\") for day first",
                "\"%m/%d/%Y\" for month first",
            ],
        ),
        ("date(\"31.03.2024\")", &["\"%d.%m.%Y\""]),
        (
            "date(\"31/03/2024\", \"%m/%d/%Y\")",
            &["not a date in the form \"%m/%d/%Y\""],
        ),
        ("date(2024, 2, 30)", &["month 2 of 2024 has no day 30"]),
        ("date(2024, 13, 1)", &["no month 13", "1 to 12"]),
    ]);
    for (code, expected) in [
        ("date(\"31/03/2024\", \"%d/%m/%Y\")", "2024-03-31"),
        ("date(2024, 3, 31)", "2024-03-31"),
        ("date(2024, 3, 31) == date(\"2024-03-31\")", "true"),
    ] {
        assert_eq!(
            crate::common::stdout_of(&["-e", code]).trim(),
            expected,
            "{code}"
        );
    }
}

#[test]
fn dates_from_data_refuse_numbers_and_text_ways() {
    each_names(&[
        (
            "pledges.filter(|r| r.date > 2020).len()",
            &[
                "the date 2016-12",
                "the number 2020",
                "x.year > 2020",
                "pledge-2016",
            ],
        ),
        (
            "fx_rates.filter(|r| r.period == 2024).len()",
            &["the date", "the number 2024", "x.year == 2024"],
        ),
        (
            "funding_rounds.filter(|r| r.date < 2024.5).len()",
            &["the date", "the number 2024.5", "`<`"],
        ),
        (
            "parse_csv(\"d\\n2024-03-31\\n\").filter(|r| r.d >= 2024).len()",
            &[
                "the date 2024-03-31",
                "x.year >= 2024",
                "x >= date(\"2024\")",
            ],
        ),
        (
            "stock_moves.filter(|r| r.since != () && r.since <= 2022).len()",
            &["the date", "x.year <= 2022"],
        ),
        // A year and a day inside it overlap: neither comes first, so no silent guess.
        (
            "softbank_deals.filter(|r| r.date != () && r.date >= date(\"2019-06-30\")).len()",
            &["2019 and 2019-06-30 overlap", "as_of(date, \"start\""],
        ),
        ("date(\"2024-10\") < \"2024-10-15\"", &["overlap", "as_of"]),
        (
            "pledges.by_id(\"pledge-2024\").date.sub_string(0, 4)",
            &["a date is not text", ".year", "to_string()"],
        ),
        (
            "softbank_deals.by_id(\"yahoo-1996\").date.parse_int()",
            &["a date is not text", ".year"],
        ),
        (
            "funding_totals.by_id(\"us-2024-q3\").period.month",
            &["2024-Q3 is a whole quarter", "as_of"],
        ),
        (
            "days_between(funding_totals.by_id(\"us-2024-q3\").period, \"2024-12-31\")",
            &["2024-Q3 is a whole quarter", "as_of"],
        ),
    ]);
}

#[test]
fn dates_written_another_way_need_the_dates_option_and_its_format() {
    each_names(&[
        (
            "parse_csv(\"d\\n31/03/2024\\n\", #{dates: #{d: \"%m/%d/%Y\"}})",
            &[
                "<csv text>:2",
                "column \"d\"",
                "\"31/03/2024\"",
                "\"%m/%d/%Y\"",
                "correct the cell or the format",
            ],
        ),
        (
            "parse_csv(\"d\\n2024-03-31\\n\", #{dates: #{e: \"%d/%m/%Y\"}})",
            &[
                "the dates option names no column \"e\"",
                "the columns are d",
            ],
        ),
        (
            "parse_csv(\"d\\n2024-03-31\\n\", #{dates: #{d: 5}})",
            &["the dates option maps columns", "%d day"],
        ),
        (
            "parse_csv(\"d\\n2024-03-31\\n\", #{dates: \"%d/%m/%Y\"})",
            &["#{dates: #{\"Close Date\": \"%d/%m/%Y\"}}"],
        ),
        (
            "parse_csv(\"d\\n1\\n\", #{datse: #{d: \"%d/%m/%Y\"}})",
            &["unknown option \"datse\"", "did you mean dates?"],
        ),
        (
            "parse_json(`[{\"d\": \"2024/03/31\"}]`, #{dates: #{d: \"%d/%m/%Y\"}})",
            &["line 1", "\"2024/03/31\"", "\"%d/%m/%Y\""],
        ),
        (
            "load_xlsx(\"x.xlsx\", #{dates: [\"d\"]})",
            &["the dates option maps columns"],
        ),
        (
            "date(\"12/31/2024\")",
            &["give its format", "date(\"12/31/2024\", \"%m/%d/%Y\")"],
        ),
    ]);
}

const CAPS: &str = "let caps = table([\"holder\", \"shares\"], [[\"founders\", 8000000]]);";

#[test]
fn round_maths_take_named_amounts_and_refuse_unknown_or_missing_names() {
    let named = |call: &str| format!("{CAPS} {call}");
    each_names(&[
        (
            &named("dilute(caps, #{raised: usd(bn(0.5)), pre: usd(bn(4)), investor: \"SoftBank\"})"),
            &[
                "dilute: unknown argument \"pre\"",
                "did you mean pre_money?",
                "raised, pre_money, investor",
            ],
        ),
        (
            &named("dilute(caps, #{raisd: usd(bn(0.5)), pre_money: usd(bn(4)), investor: \"SoftBank\"})"),
            &["unknown argument \"raisd\"", "did you mean raised?"],
        ),
        (
            &named("dilute(caps, #{raised: usd(bn(0.5)), investor: \"SoftBank\"})"),
            &["dilute: missing argument pre_money", "by name"],
        ),
        (
            &named("dilute(caps, #{raised: 1, pre_money: 4, investor: 7})"),
            &["investor must be a name in quotes", "7"],
        ),
        (
            "post_money(#{pre: 8e6, raised: 2e6})",
            &["post_money: unknown argument \"pre\"", "did you mean pre_money?"],
        ),
        (
            "post_money(#{pre_money: usd(8e6), raised: eur(2e6)})",
            &["raised is in EUR but pre_money is in USD"],
        ),
        (
            // Positionally too, the amount raised comes first, as in dilute.
            "post_money(usd(2e6), eur(8e6))",
            &["raised is in USD but pre_money is in EUR"],
        ),
        (
            &named("dilute_with_pool(caps, #{raised: 2e6, pre_money: 8e6, investor: \"a\", pool: \"pool\", pool_target: 0.2})"),
            &["unknown argument \"pool\"", "did you mean pool_holder?"],
        ),
        (
            &named("dilute_with_pool(caps, #{raised: 2e6, pre_money: 8e6, investor: \"a\"})"),
            &["missing arguments pool_holder, pool_target"],
        ),
    ]);
    // The issue's example: named, the amounts land where they are meant whatever their order.
    for (code, expected) in [
        (
            named("dilute(caps, #{pre_money: usd(bn(4)), investor: \"SoftBank\", raised: usd(bn(0.5))}).row(1).ownership"),
            "0.111111111111",
        ),
        (
            named("dilute(caps, #{raised: usd(bn(0.5)), pre_money: usd(bn(4)), investor: \"SoftBank\"}).column(\"shares\") == dilute(caps, usd(bn(0.5)), usd(bn(4)), \"SoftBank\").column(\"shares\")"),
            "true",
        ),
        (
            "post_money(#{raised: usd(2e6), pre_money: usd(8e6)})".to_string(),
            "10,000,000 USD",
        ),
    ] {
        assert_eq!(
            crate::common::stdout_of(&["-e", &code]).trim(),
            expected,
            "{code}"
        );
    }
}
