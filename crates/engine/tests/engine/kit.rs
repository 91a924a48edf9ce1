//! The analyst's kit through the engine: dates of the data's precision and their
//! messages, dated finance functions taking `Date` values, fund metrics against pyxirr's test
//! values, round maths against a textbook cap table, and loan schedules to the cent.

use rust_decimal::Decimal;

use crate::common::{error, eval, json, number};

// --- dates -----------------------------------------------------------------------------------

#[test]
fn dates_print_as_written_everywhere() {
    assert_eq!(eval("date(\"2024-12-16\")").unwrap(), "2024-12-16");
    assert_eq!(eval("`${date(\"2024-10\")}`").unwrap(), "2024-10");
    assert_eq!(eval("\"on \" + date(2019)").unwrap(), "on 2019");
    assert_eq!(
        json("[date(\"2019\"), as_of(\"2024-02\", \"end\")]"),
        "[\"2019\",\"2024-02-29\"]"
    );
}

#[test]
fn a_year_or_month_where_a_day_is_needed_names_as_of() {
    for code in [
        "days_between(\"2024-10\", \"2024-12-16\")",
        "add_days(date(\"2019\"), 1)",
        "year_frac(\"2019\", \"2024-12-16\", 1)",
        "days360(\"2024-10\", \"2024-12-16\")",
        "xirr([-1, 2], [date(\"2019\"), \"2024-12-16\"])",
        "xnpv(0.1, [-1, 2], [\"2019-01-01\", date(\"2024-12\")])",
        "cagr(1, 2, date(\"2019\"), \"2024-12-16\")",
        "cagr(1, 2, \"2019\", \"2024-12-16\")",
    ] {
        let message = error(code);
        assert!(message.contains("as_of("), "{code}:\n{message}");
        assert!(message.contains("\"start\""), "{code}:\n{message}");
    }
}

#[test]
fn dated_finance_functions_take_dates_and_text_alike() {
    let text = number("xirr([-1000, 300, 900], [\"2019-01-01\", \"2020-03-01\", \"2021-06-30\"])");
    let dates = number(
        "xirr([-1000, 300, 900], [as_of(2019, \"start\"), date(\"2020-03-01\"), \
         eomonth(\"2021-06-15\", 0)])",
    );
    assert_eq!(text, dates);
    assert_eq!(
        number("xnpv(0.1, [-1000, 1100], [date(\"2019-01-01\"), \"2020-01-01\"])"),
        number("xnpv(0.1, [-1000, 1100], [\"2019-01-01\", \"2020-01-01\"])")
    );
    assert_eq!(
        number("cagr(100, 121, date(\"2021-01-01\"), add_months(\"2021-01-01\", 24))"),
        Decimal::new(1, 1)
    );
    let message = error("xirr([-1, 2], [\"2020-01-01\", 5])");
    assert!(
        message.contains("xirr: dates[1] must be a date"),
        "{message}"
    );
}

#[test]
fn comparisons_order_dates_and_refuse_overlaps() {
    assert_eq!(eval("date(\"2019\") < \"2024-10\"").unwrap(), "true");
    assert_eq!(
        eval("\"2024-12-16\" >= date(\"2024-12-16\")").unwrap(),
        "true"
    );
    assert_eq!(eval("date(\"2024-10\") != \"2024-11\"").unwrap(), "true");
    assert_eq!(eval("date(2024) == date(\"2024-01-01\")").unwrap(), "false");
    let message = error("date(\"2024\") < date(\"2024-10-01\")");
    assert!(message.contains("overlap"), "{message}");
    assert!(message.contains("as_of"), "{message}");
}

#[test]
fn bad_dates_say_what_is_wrong_in_the_analysts_words() {
    let message = error("date(\"2024-02-30\")");
    assert!(
        message.contains("month 2 of 2024 has no day 30"),
        "{message}"
    );
    let message = error("add_months(\"2024-01-31\", 1.5)");
    assert!(
        message.contains("must be a whole number, not 1.5"),
        "{message}"
    );
    let message = error("year_frac(\"2024-01-01\", \"2024-06-30\", 5)");
    assert!(
        message.contains("basis 5 is not one of Excel's"),
        "{message}"
    );
    let message = error("as_of(\"2024\", \"middle\")");
    assert!(
        message.contains("\"start\", \"mid\" or \"end\""),
        "{message}"
    );
    for message in [
        error("days_between(1.5, \"2024-01-01\")"),
        error("date(12345)"),
    ] {
        assert!(
            !message.contains("i64") && !message.contains("Decimal"),
            "{message}"
        );
    }
}

// --- funds -----------------------------------------------------------------------------------

// pyxirr's tests (src/core/private_equity.rs).
#[test]
fn fund_metrics_match_pyxirr() {
    assert_eq!(number("tvpi([-10, -20, 15, 30], 15)"), Decimal::from(2));
    assert_eq!(number("moic([-25, 15, 0], 20)"), Decimal::new(14, 1));
    assert_eq!(number("dpi([-10, -20, 15, 30])"), Decimal::new(15, 1));
    assert_eq!(number("rvpi([10, 20, 15, 30], 15)"), Decimal::new(2, 1));
    let alpha = number(
        "direct_alpha([-80, -140, 0, 70, 140, 85], \
         [890.35, 1144.98, 1271.5, 1289.09, 1466.47, 1842.37], 70)",
    );
    assert!(
        (alpha - Decimal::new(28, 3)).abs() < Decimal::new(1, 4),
        "{alpha}"
    );
    let ln = number("ln_pme([-100, -50, 60, 10, 0], [100, 105, 115, 117, 120])");
    assert!(
        (ln - Decimal::new(53, 3)).abs() < Decimal::new(1, 3),
        "{ln}"
    );
}

#[test]
fn fund_metric_errors_name_the_function_and_the_cause() {
    let message = error("tvpi([10, 20], 5)");
    assert!(
        message.contains("tvpi: there are no contributions"),
        "{message}"
    );
    let message = error("ks_pme([-1, 2], [100], 0)");
    assert!(
        message.contains("2 amounts but 1 index levels"),
        "{message}"
    );
    let message = error("direct_alpha([1, 2], [1, 1], 0)");
    assert!(message.contains("direct_alpha:"), "{message}");
}

// --- rounds ----------------------------------------------------------------------------------

// Venture Hacks, "The option pool shuffle": USD 2M at USD 8M pre-money on 6M shares is
// USD 1.33 a share; with a 20% post-financing pool in the pre-money it is USD 1.00.
#[test]
fn rounds_match_the_option_pool_shuffle() {
    let caps = "table([\"holder\", \"shares\"], [[\"founders\", 6000000]])";
    assert_eq!(
        json(&format!(
            "dilute({caps}, 2e6, 8e6, \"a\").column(\"ownership\")"
        )),
        "[0.8,0.2]"
    );
    assert_eq!(
        json(&format!(
            "dilute_with_pool({caps}, 2e6, 8e6, \"a\", \"pool\", 0.2).column(\"shares\")"
        )),
        "[6000000,2000000,2000000]"
    );
}

#[test]
fn ownership_sums_to_exactly_one() {
    let code = "let caps = table([\"holder\", \"shares\"], [[\"a\", 7], [\"b\", 11], [\"c\", 13], \
                [\"d\", 17], [\"pool\", 3]]); \
                let after = dilute_with_pool(caps, 1234567, 9876543, \"e\", \"pool\", 0.15); \
                after.sum(\"ownership\")";
    assert_eq!(eval(code).unwrap(), "1");
    let message = error("dilute(table([\"holder\", \"shares\"], [[\"a\", 1.5]]), 1, 1, \"x\")");
    assert!(message.contains("a holds 1.5 shares"), "{message}");
}

// `implied_valuation` refuses a zero stake, and a stake above 1 (a percentage written as 4.9
// instead of 0.049).
#[test]
fn implied_valuation_keeps_its_results_and_refuses_bad_stakes() {
    assert_eq!(
        number("implied_valuation(4e9, 0.049)"),
        number("4e9 / 0.049")
    );
    assert!(error("implied_valuation(4e9, 0)").contains("0.049"));
    assert!(error("implied_valuation(4e9, 4.9)").contains("at most 1"));
}

// --- loans -----------------------------------------------------------------------------------

#[test]
fn amortize_pays_off_to_the_cent() {
    let code = "let s = amortize(0.005, 360, 100000); \
                [s.sum(\"principal\"), s.column(\"balance\")[359], s.column(\"payment\")[0], s.len()]";
    assert_eq!(json(code), "[100000,0,599.55,360]");
    let message = error("amortize(0.01, 12, 1000.005)");
    assert!(message.contains("whole cents"), "{message}");
    let message = error("amortize(0.01, 2.5, 1000)");
    assert!(message.contains("whole number of periods"), "{message}");
}
