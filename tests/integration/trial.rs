//! Findings of trying the merged tool as a demanding analyst would (money, display, dates and
//! the kit together): each test reproduces one finding and asserts its fix.

use crate::common::{eval, folder_with, session};

fn text(code: &str) -> String {
    eval(code).unwrap_or_else(|e| panic!("{code} failed:\n{e}"))
}

/// `cashflows([...])` of money refused every money flow (naming index 0 as if plain numbers
/// came before it), and the cached flows' `npv` was a bare number: the currency was lost.
#[test]
fn cashflows_of_money_keep_their_currency() {
    let code = "let c = cashflows([usd(-100), usd(60), usd(60)]);";
    assert_eq!(text(&format!("{code} c.npv(0.08)")), "7.00 USD");
    assert_eq!(text(&format!("{code} npv(0.08, c)")), "7.00 USD");
    assert_eq!(
        text(&format!(
            "{code} npv(0.08, c) == npv(0.08, [usd(-100), usd(60), usd(60)])"
        )),
        "true"
    );
    assert_eq!(text(&format!("{code} c.npv(0)")), "20 USD");
    assert_eq!(text(&format!("{code} c.irr()")), "0.130662386292");
    assert_eq!(
        text(&format!("{code} c.to_array()")),
        "[-100 USD, 60 USD, 60 USD]"
    );
    assert_eq!(
        text(&format!("{code} `${{c}}`")),
        "cashflows([usd(-100), usd(60), usd(60)])"
    );
    // Plain flows are unchanged.
    assert_eq!(text("cashflows([-100, 110]).npv(0.1)"), "0");
    let mixed = eval("cashflows([usd(-100), cny(60)])").unwrap_err();
    assert!(
        mixed.contains("USD") && mixed.contains("CNY") && mixed.contains("convert"),
        "{mixed}"
    );
    let plain_after = eval("cashflows([usd(-100), 60])").unwrap_err();
    assert!(plain_after.contains("usd(60)"), "{plain_after}");
}

/// The echo of cached flows was the bare type name `CashFlows`.
#[test]
fn cashflows_show_their_flows() {
    assert_eq!(text("cashflows([-1, 2])"), "cashflows([-1, 2])");
    assert_eq!(
        text("[cashflows([cny(-1), cny(2.5)])]"),
        "[cashflows([cny(-1), cny(2.5)])]"
    );
}

/// `xirr_roots` and `npv_profile` of money flows failed with "values[0] is the amount …, but
/// the values before it are plain numbers".
#[test]
fn roots_and_profiles_take_money_flows() {
    assert_eq!(
        text(r#"xirr_roots([usd(-100), usd(110)], ["2024-01-01", "2025-01-01"])"#),
        text(r#"xirr_roots([-100, 110], ["2024-01-01", "2025-01-01"])"#)
    );
    let profile = "npv_profile([usd(-100), usd(110)], 0, 0.2)";
    assert_eq!(text(&format!("{profile}.row(0).npv")), "10 USD");
    assert_eq!(
        text(&format!(
            r#"{profile}.filter(|r| r.root == "IRR").row(0).rate"#
        )),
        "0.1"
    );
}

/// `t.convert("amount", "USD", …)` left each converted row's `currency` cell at the old code,
/// so `group_by("currency")` put dollar sums under "CNY" and `r.currency == "USD"` missed the
/// converted rows.
#[test]
fn converting_a_money_column_updates_the_rows_currency() {
    let converted = r#"funding_rounds.convert("amount", "USD", "date")"#;
    assert_eq!(
        text(&format!(
            r#"{converted}.filter(|r| r.currency == "CNY").len()"#
        )),
        "0"
    );
    assert_eq!(
        text(&format!(
            r#"{converted}.filter(|r| r.id == "baichuan-2024-07").row(0).currency"#
        )),
        "USD"
    );
    let mut s = session();
    let grouped = s
        .eval(
            &format!(
                r#"{converted}.filter(|r| r.currency != "").group_by("currency").sum("amount")"#
            ),
            "<test>",
        )
        .map(|v| whatif_engine::value::to_text(&v))
        .unwrap_or_else(|e| panic!("{}", s.render_error(&e)));
    assert!(!grouped.contains("CNY"), "{grouped}");
    // Saved and loaded back with the `currency` column, each amount keeps its code.
    let dir = folder_with(&[]);
    let mut s = session();
    s.set_file_policy(whatif_engine::file_policy::FilePolicy::roots([dir
        .path()
        .into()]));
    let csv = dir.path().join("converted.csv");
    let code = format!(
        r#"{converted}.select(["id", "amount", "currency"]).save({csv:?});
           let back = load_csv({csv:?}, #{{money: #{{amount: "currency"}}}});
           back.filter(|r| r.id == "baichuan-2024-07").row(0).amount"#
    );
    let back = s
        .eval(&code, "<test>")
        .map(|v| whatif_engine::value::to_text(&v))
        .unwrap_or_else(|e| panic!("{}", s.render_error(&e)));
    // CNY 5B at the mean of July 2024's 23 ECB rates (July has no published average).
    assert_eq!(back, "688,515,358.22 USD");
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(!written.contains("amount_currency"), "{written}");
}

/// `[3, 2.5, 1].sort()` failed with "unknown function elements of different types cannot be
/// sorted()", and an array of money named `whatif_core::money::Money`.
#[test]
fn arrays_of_numbers_money_text_and_dates_sort() {
    assert_eq!(
        text("let a = [3, 2.5, 1, -0.5]; a.sort(); a"),
        "[-0.5, 1, 2.5, 3]"
    );
    assert_eq!(
        text("let a = [usd(5), usd(-1), usd(2.5)]; a.sort(); a"),
        "[-1 USD, 2.5 USD, 5 USD]"
    );
    assert_eq!(text(r#"let a = ["b", "a"]; a.sort(); a"#), r#"["a", "b"]"#);
    assert_eq!(
        text(r#"let a = [date("2024-05"), date("2024-01-02")]; a.sort(); a"#),
        "[2024-01-02, 2024-05]"
    );
    // A custom order still goes through Rhai's own sort.
    assert_eq!(
        text("let a = [1, 3, 2]; a.sort(|x, y| y - x); a"),
        "[3, 2, 1]"
    );
    for (code, words) in [
        (
            "let a = [usd(3), cny(1)]; a.sort();",
            &["USD", "CNY", "convert"][..],
        ),
        (
            r#"let a = [3, "x"]; a.sort();"#,
            &["item 1 is text", "all numbers"][..],
        ),
        ("let a = [3, ()]; a.sort();", &["item 1", "empty"][..]),
    ] {
        let message = eval(code).unwrap_err();
        assert!(
            words.iter().all(|w| message.contains(w)),
            "{code}: {message}"
        );
        assert!(!message.contains("::"), "{message}");
    }
}

/// `max(usd(5), usd(3))` was "max cannot take a Money and a Money" although the array forms
/// take money.
#[test]
fn max_and_min_of_two_amounts() {
    assert_eq!(text("max(usd(5), usd(3))"), "5 USD");
    assert_eq!(text("min(usd(5), usd(3))"), "3 USD");
    let message = eval("min(usd(5), cny(3))").unwrap_err();
    assert!(message.contains("convert"), "{message}");
}

/// `convert(usd(100), "CNY", "2024-07-15")` said "the amount is 100 USD, not in CNY"; a date
/// value was refused; and an impossible day (`2024-13-45`) was silently read as its year, in
/// `t.convert` as well.
#[test]
fn convert_takes_a_day_or_a_date_as_its_period() {
    // A day takes its ECB rate (7.7529 CNY and 1.0686 USD per EUR on 2024-06-14, the Friday
    // before), as text or as a date value; a month its published average.
    assert_eq!(
        text(r#"convert(cny(775.29), "USD", "2024-06-15")"#),
        "106.86 USD"
    );
    assert_eq!(
        text(r#"convert(cny(775.29), "USD", date("2024-06-15"))"#),
        "106.86 USD"
    );
    assert_eq!(
        text(r#"convert(cny(725.47), "USD", date("2024-06"))"#),
        "100 USD"
    );
    // A month without a published rate uses its ECB mean, never the year's average.
    assert_eq!(
        text(r#"convert(usd(100), "CNY", "2024-07") == convert(usd(100), "CNY", 2024)"#),
        "false"
    );
    let bad = eval(r#"convert(cny(725.47), "USD", "2024-13-45")"#).unwrap_err();
    assert!(bad.contains("no month 13"), "{bad}");
    let bad = eval(r#"convert(cny(725.47), "USD", "bogus")"#).unwrap_err();
    assert!(bad.contains("is not a date in the form"), "{bad}");
    let bad = eval(
        r#"table([#{amount: cny(725.47), date: "2024-13-01"}]).convert("amount", "USD", "date")"#,
    )
    .unwrap_err();
    assert!(bad.contains("no month 13"), "{bad}");
    // Quarters keep their year's rate, as documented.
    assert_eq!(
        text(r#"convert(cny(725.47), "USD", "2024-Q3") == convert(cny(725.47), "USD", 2024)"#),
        "true"
    );
}

/// `funding_totals.filter(|r| r.period == "")` matched none of the rows whose period is blank
/// (an empty cell is `()`, and `() == ""` was false), so `!= ""` kept them: the next step then
/// failed on a row the user had filtered out.
#[test]
fn a_blank_cell_equals_empty_text() {
    assert_eq!(
        text(r#"funding_totals.filter(|r| r.period == "").len()"#),
        "1"
    );
    assert_eq!(
        text(r#"funding_totals.filter(|r| r.period != "").len() + 1 == funding_totals.len()"#),
        "true"
    );
    assert_eq!(
        text(r#"[() == "", "" == (), () == "x", () != "x", () != ""]"#),
        "[true, true, false, true, false]"
    );
}

/// `funding_rounds.sort("amount", "desc")` ordered the yuan rounds after every dollar round
/// (by currency, then amount), so `.head(5)` quietly ranked the "largest rounds" in dollars
/// only; a sort over several currencies is now an error that says how to make one.
#[test]
fn sorting_a_column_of_several_currencies_is_an_error() {
    let message = eval(r#"funding_rounds.sort("amount", "desc")"#).unwrap_err();
    for words in [
        "mixes currencies",
        "baichuan-2024-07",
        "CNY",
        "USD",
        "t.convert(\"amount\"",
    ] {
        assert!(message.contains(words), "{message}");
    }
    assert_eq!(
        text(r#"funding_rounds.convert("amount", "USD", 2024).sort("amount", "desc").row(0).id"#),
        r#"openai-2024-10"#
    );
    assert_eq!(
        text(r#"funding_rounds.filter(|r| r.currency == "CNY").sort("amount").row(0).id"#),
        "infinigence-2024-09"
    );
}

/// A date had `.year` but no `.month` or `.day`; `r.date.year` on the datasets' text dates,
/// `usd(5).amount`, `d2 - d1` and `d + 5` said what failed but not what to write.
#[test]
fn dates_and_money_say_which_properties_and_functions_they_have() {
    assert_eq!(text(r#"date("2024-12-16").month"#), "12");
    assert_eq!(text(r#"date("2024-12-16").day"#), "16");
    assert_eq!(text(r#"date("2024-10").month"#), "10");
    for (code, words) in [
        (r#"date("2024").month"#, &["whole year", "as_of"][..]),
        (r#"date("2024-10").day"#, &["not a day", "as_of"][..]),
        ("usd(5).amount", &[".value", ".currency"][..]),
        (
            r#"date("2024-12-16") - date("2024-01-01")"#,
            &["days_between(a, b)"][..],
        ),
        (r#"date("2024-12-16") + 5"#, &["add_days(d, n)"][..]),
        (r#"let d = "2024-12-16"; d.year"#, &["date(x).year"][..]),
    ] {
        let message = eval(code).unwrap_err();
        assert!(
            words.iter().all(|w| message.contains(w)),
            "{code}: {message}"
        );
    }
    assert_eq!(
        text(r#"funding_rounds.filter(|r| date(r.date).year == 2024).len()"#),
        "18"
    );
}

/// `load_csv(path, #{money: #{amount: "cur"}})` (a misspelled column) made every amount the
/// currency "CUR"; and errors about money in a loaded file named rows by 0-based index
/// (`row 3`) instead of the file line.
#[test]
fn money_options_refuse_unknown_codes_and_errors_name_file_lines() {
    let dir = folder_with(&[(
        "rounds.csv",
        b"id,date,amount,currency\na,2024-07-15,100,CNY\nb,2024-13-01,200,CNY\nc,2024-08,,\nd,2024,300,USD\n",
    )]);
    let mut s = session();
    s.set_file_policy(whatif_engine::file_policy::FilePolicy::roots([dir
        .path()
        .into()]));
    let path = dir.path().join("rounds.csv");
    let mut fails = |code: String| match s.eval(&code, "<test>") {
        Ok(v) => panic!("{code} gave {}", whatif_engine::value::to_text(&v)),
        Err(e) => s.render_error(&e),
    };
    let e = fails(format!(
        r#"load_csv({path:?}, #{{money: #{{amount: "cur"}}}})"#
    ));
    assert!(
        e.contains("neither a column") && e.contains("known currency code"),
        "{e}"
    );
    let loaded = format!(r#"load_csv({path:?}, #{{money: #{{amount: "currency"}}}})"#);
    // Rows are named by id (as main's row_label does), else by file line.
    let e = fails(format!(r#"{loaded}.sum("amount")"#));
    assert!(e.contains(r#"the row with id "d""#), "{e}");
    let e = fails(format!(r#"{loaded}.convert("amount", "USD", "date")"#));
    assert!(
        e.contains(r#"the row with id "b""#) && e.contains("no month 13"),
        "{e}"
    );
    let e = fails(format!(
        r#"{loaded}.select(["amount", "currency"]).sort("amount")"#
    ));
    assert!(e.contains("line 5 of "), "{e}");
}

/// `implied_stake(usd(bn(4)), 80)` returned `50,000,000 USD`: a stake in dollars, money
/// divided by a plain valuation.
#[test]
fn implied_stake_refuses_money_over_a_plain_number() {
    assert_eq!(text("implied_stake(usd(bn(4)), usd(bn(80)))"), "0.05");
    assert_eq!(text("implied_stake(4, 80)"), "0.05");
    for code in ["implied_stake(usd(bn(4)), 80)", "implied_stake(4, cny(80))"] {
        let message = eval(code).unwrap_err();
        assert!(message.contains("write both as money"), "{code}: {message}");
    }
}

/// `funding_rounds.column("amount").sum()` said "item 16 is (), not an amount of money";
/// `pledges.by_id("pledge_2024")` gave no hint of `pledge-2024`.
#[test]
fn empty_items_and_near_ids_are_named_in_words() {
    let message = eval(r#"funding_rounds.column("amount").sum()"#).unwrap_err();
    assert!(
        message.contains("item 16 is empty")
            && message.contains("t.sum(column)")
            && !message.contains("is (),"),
        "{message}"
    );
    let message = eval(r#"pledges.by_id("pledge_2024")"#).unwrap_err();
    assert!(
        message.contains(r#"did you mean "pledge-2024"?"#),
        "{message}"
    );
    // Another year is another row, not a typo.
    let message = eval(r#"pledges.by_id("pledge-2030")"#).unwrap_err();
    assert!(!message.contains("did you mean"), "{message}");
}

/// `whatif -e '-usd(4)'` (or `-e '-100 + 50'`) was refused by the argument parser as the
/// unknown flag `-u`.
#[test]
fn code_starting_with_a_minus_sign_is_code() {
    use crate::common::stdout_of;
    assert_eq!(stdout_of(&["-e", "-usd(4)"]), "-4 USD\n");
    assert_eq!(stdout_of(&["-e", "-100 + 50"]), "-50\n");
    assert_eq!(stdout_of(&["--digits", "3", "-e", "-1/3"]), "-0.333\n");
}

/// A row of a table made by a function (`amortize(…).row(0)`) printed its columns in
/// alphabetical order (balance, interest, payment, …) instead of the table's.
#[test]
fn a_row_prints_in_its_tables_column_order() {
    let out = crate::common::stdout_of(&["-e", "amortize(0.05, 3, usd(1000)).row(0)"]);
    let keys: Vec<&str> = out
        .lines()
        .map(|l| l.split(':').next().unwrap().trim())
        .collect();
    assert_eq!(
        keys,
        ["period", "payment", "interest", "principal", "balance"],
        "{out}"
    );
    let out = crate::common::stdout_of(&["-e", "funding_rounds.row(0)"]);
    assert!(out.starts_with("id "), "{out}");
}

/// `funding_rounds.pivot("country", "currency", "amount")` failed: money cells "cannot be
/// summed" (and the message showed the amount as text without its currency).
#[test]
fn pivot_sums_money_of_one_currency() {
    let pivot = r#"funding_rounds.pivot("currency", "country", "amount")"#;
    assert_eq!(
        text(&format!(r#"{pivot}.row(0)["United States"]"#)),
        "19,400,000,000 USD"
    );
    assert_eq!(
        text(&format!(r#"{pivot}.row(1).China"#)),
        "8,500,000,000 CNY"
    );
    let message = eval(
        r#"table([#{k: "a", c: "x", v: usd(1)}, #{k: "a", c: "x", v: cny(2)}]).pivot("k", "c", "v")"#,
    )
    .unwrap_err();
    assert!(message.contains("convert one first"), "{message}");
}

/// A file's lower-case code (`usd`) was left as it was after `t.convert` to CNY.
#[test]
fn convert_updates_a_lower_case_currency_cell() {
    assert_eq!(
        text(
            r#"table([#{amount: usd(1), currency: "usd"}]).convert("amount", "CNY", 2024).row(0).currency"#
        ),
        "CNY"
    );
    // A row whose other money cell still uses the old code keeps it.
    assert_eq!(
        text(
            r#"table([#{amount: usd(1), fee: usd(2), currency: "USD"}]).convert("amount", "CNY", 2024).row(0).currency"#
        ),
        "USD"
    );
}

/// Rust spoke through: `if usd(5) {…}` said "Data type incorrect: whatif_core::money::Money
/// (expecting bool)", `table([1, 2])` "not i64 (1)", an empty flow "the plain number ()" with
/// the fix `usd(())`, an empty date "not ()".
#[test]
fn messages_name_kinds_not_rust_types() {
    for (code, words) in [
        ("if usd(5) { 1 }", &["must be true or false", "Money"][..]),
        ("table([1, 2])", &["not an integer (1)"][..]),
        ("irr([usd(-1), ()])", &["values[1] is empty", "usd(0)"][..]),
        (
            r#"xnpv(0.1, [1, 2], [(), "2024-01-01"])"#,
            &["not an empty value"][..],
        ),
    ] {
        let message = eval(code).unwrap_err();
        assert!(
            words.iter().all(|w| message.contains(w)),
            "{code}: {message}"
        );
        for rust in ["::", "i64", "(())", "usd(())", "expecting bool"] {
            assert!(!message.contains(rust), "{code}: {message}");
        }
    }
}

/// `whatif -e '1/3' -o a.csv` wrote `0.333333333333` and `--format csv` of a lone amount
/// `0.33 USD`: machine formats rounded values that are not tables.
#[test]
fn machine_formats_keep_every_digit_of_a_lone_value() {
    use crate::common::stdout_of;
    assert_eq!(
        stdout_of(&["-e", "1/3", "--format", "csv"]),
        "0.3333333333333333333333333333\n"
    );
    assert_eq!(
        stdout_of(&["-e", "usd(1)/3", "--format", "tsv"]),
        "0.3333333333333333333333333333 USD\n"
    );
    // The human formats keep the display policy.
    assert_eq!(
        stdout_of(&["-e", "1/3", "--format", "markdown"]),
        "0.333333333333\n"
    );
}

/// Money flows are a script type of their own (still "CashFlows" to a user), so code that reads
/// plain cached flows natively (the what-if verbs' fast path on main) cannot drop the currency:
/// a sweep over them stays money.
#[test]
fn money_cashflows_stay_money_in_the_what_if_verbs() {
    let code = "let c = cashflows([usd(-100), usd(60), usd(60)]);";
    assert_eq!(text(&format!("{code} type_of(c)")), "CashFlows");
    assert_eq!(
        text(&format!(
            r#"{code} sweep(|r| c.npv(r), [0.05, 0.1]).column("y")"#
        )),
        "[11.56 USD, 4.13 USD]"
    );
    assert_eq!(
        text(&format!(r#"{code} sweep(|r| npv(r, c), [0.1]).row(0).y"#)),
        "4.13 USD"
    );
    assert_eq!(
        text(&format!("{code} goal_seek(|r| npv(r, c), usd(0), 0, 1)")),
        "0.130662386292"
    );
    assert_eq!(
        text(&format!("{code} [c.irr(0.2), c.len, irr_roots(c)]")),
        "[0.130662386292, 3, [0.130662386292]]"
    );
    let message = eval(&format!("{code} c + 1")).unwrap_err();
    assert!(
        message.contains("a CashFlows") && !message.contains("Money"),
        "{message}"
    );
}

/// A what-if function that returns nothing (an empty cell, `()`) was reported as "returned ()
/// (())"; other kinds were named by their Rust type.
#[test]
fn a_what_if_function_that_returns_nothing_is_told_so() {
    for code in [
        "monte_carlo(10, 1, |rng| ())",
        "goal_seek(|x| if x > 100 { x }, 5, 0, 10)",
    ] {
        let e = eval(code).unwrap_err();
        assert!(
            e.contains("returned nothing (an empty value, `()`, such as an empty cell)"),
            "{e}"
        );
        assert!(!e.contains("(())"), "{e}");
    }
    let e = eval("goal_seek(|x| [x], 5, 0, 10)").unwrap_err();
    assert!(e.contains("returned [0] (an array)"), "{e}");
}
