//! The ECB reference rates: cross rates against an independent 60-digit computation, weekends,
//! the first and last day, CNY before 2005-04, the quiet failures they replace, `set_fx` checked
//! for every pair, every currency as money, and newer files loaded with `fx_load` / `--fx`.

use std::path::PathBuf;

use rust_decimal::Decimal;
use whatif_core::fx::{FxSession, FxSource, Period};
use whatif_engine::file_policy::FilePolicy;

use crate::common::{error, eval, eval_in, fails_with, session, stdout_of, whatif};

/// The value of `code` as the binary prints it; the script must succeed.
fn text(code: &str) -> String {
    eval(code).unwrap_or_else(|e| panic!("{code} failed:\n{e}"))
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fx")
        .join(name)
}

/// Every sampled day and period of `ecb_cross_60.csv` (written by `make_ecb_cross.py` with
/// Python's decimal module at 60 digits) agrees with whatif's exact fraction to 22 significant
/// digits, and each day names the business day it used.
#[test]
fn cross_rates_match_a_60_digit_computation() {
    let text = std::fs::read_to_string(data("ecb_cross_60.csv")).unwrap();
    let fx = FxSession::new();
    let mut checked = 0;
    for line in text.lines().skip(1) {
        let [from, to, period, used, expected] = line.split(',').collect::<Vec<_>>()[..] else {
            panic!("bad line {line}");
        };
        let period = Period::parse(period).unwrap();
        let quote = fx.quote_with(from, to, period, FxSource::Ecb).unwrap();
        let ours = quote.rate.value().unwrap();
        // As many of the 60 digits as a decimal holds (28 after the point, 29 in all).
        let point = expected.find('.').unwrap_or(expected.len());
        let keep = (point + 29).min(expected.len()).min(30);
        let expected: Decimal = expected[..keep].parse().unwrap();
        let tolerance = expected * Decimal::new(1, 22);
        assert!(
            (ours - expected).abs() <= tolerance,
            "{from}→{to} {period}: {ours} vs {expected}"
        );
        if !used.is_empty() {
            assert!(
                quote.rows[0]
                    .source
                    .starts_with(&format!("ECB reference rate of {used}")),
                "{}",
                quote.rows[0].source
            );
        }
        checked += 1;
    }
    assert!(checked >= 60, "{checked}");
}

#[test]
fn weekends_and_the_ends_of_the_table() {
    let out = text(r#"explain(convert(usd(100), "JPY", "2024-03-30"))"#);
    assert!(
        out.contains("ECB reference rate of 2024-03-28, the last business day before 2024-03-30 (USD 1.0811, JPY 163.45 per EUR)"),
        "{out}"
    );
    assert_eq!(text(r#"fx_rate("EUR", "USD", "1999-01-04")"#), "1.1789");
    assert_eq!(text(r#"fx_rate("EUR", "USD", "2026-10-30")"#), "1.1172");
    let e = error(r#"fx_rate("EUR", "USD", "1999-01-01")"#);
    assert!(
        e.contains("from 1999-01-04 to 2026-10-30") && e.contains("before"),
        "{e}"
    );
    let e = error(r#"fx_rate("EUR", "USD", "2026-10-31")"#);
    assert!(e.contains("after") && e.contains("fx_load"), "{e}");
    let e = error(r#"convert(usd(1), "JPY", 2026)"#);
    assert!(e.contains("before 2026 ends"), "{e}");
}

#[test]
fn cny_before_april_2005() {
    // The Federal Reserve's annual averages answer 2002–2004; the ECB has no CNY before 2005-04.
    assert_eq!(text(r#"convert(usd(100), "CNY", 2003)"#), "827.72 CNY");
    let out = text(r#"explain(convert(usd(100), "CNY", 2004))"#);
    assert!(out.contains("Statistical Supplement"), "{out}");
    let e = error(r#"convert(usd(100), "CNY", 2001)"#);
    assert!(
        e.contains("no published 2001 average") && e.contains("from 2005-04-01"),
        "{e}"
    );
    let e = error(r#"convert(usd(100), "CNY", "2004-06-30")"#);
    assert!(
        e.contains("no CNY rate") && e.contains("from 2005-04-01"),
        "{e}"
    );
    assert_eq!(
        text(r#"convert(usd(100), "CNY", "2005-04-01") == convert(usd(100), "CNY", "2005-04-03")"#),
        "true"
    );
}

/// The quiet failures of the issue, each now answered or refused.
#[test]
fn the_quiet_failures_are_answered_or_refused() {
    // HKD converts; EUR and GBP have 2024; 2016, the Alibaba years and 2025 have rates.
    assert_eq!(
        text(r#"convert(hkd(1_000_000), "USD", 2024).round_money()"#),
        "128,162.69 USD"
    );
    assert_eq!(
        text(r#"convert(eur(1_000_000), "USD", 2024).round_money()"#),
        "1,082,380.47 USD"
    );
    assert!(eval(r#"convert(gbp(1), "USD", 2024)"#).is_ok());
    assert!(eval(r#"convert(pledges.by_id("pledge-2016").amount, "CNY", 2016)"#).is_ok());
    for year in [2000, 2005, 2011, 2025] {
        assert!(
            eval(&format!(r#"convert(usd(1), "JPY", {year})"#)).is_ok(),
            "{year}"
        );
    }
    // A wrong-way-round rate for EUR or HKD is refused with the published rate.
    let e = error(r#"set_fx("EUR", "USD", 0.92, 2024)"#);
    assert!(
        e.contains("the wrong way round (1 EUR = 1.082 USD, 1 USD = 0.9239 EUR)"),
        "{e}"
    );
    let e = error(r#"set_fx("USD", "HKD", 0.128, 2024)"#);
    assert!(
        e.contains("1/61 of the ECB mean of 2024 (1 USD = 7.803 HKD"),
        "{e}"
    );
    // A day in a month without a published average takes that day's rate, not the year's.
    let out = text(r#"explain(convert(jpy(1_000_000), "USD", "2024-11-29"))"#);
    assert!(out.contains("ECB reference rate of 2024-11-29"), "{out}");
    assert!(!out.contains("151.353"), "{out}");
    // A converted table names the rate of each row's period.
    let out = text(
        r#"explain(table([#{amount: jpy(100), date: "2024-11-29"}, #{amount: jpy(100), date: "2024-07"}]).convert("amount", "USD", "date"))"#,
    );
    assert!(out.contains("rate JPY→USD, 2024-11-29"), "{out}");
    assert!(
        out.contains("mean of the 23 ECB daily reference rates of 2024-07"),
        "{out}"
    );
}

#[test]
fn set_fx_is_checked_for_every_pair_both_ways() {
    for (call, needle) in [
        (r#"set_fx("EUR", "USD", 0.92, 2024)"#, "wrong way round"),
        (r#"set_fx("USD", "EUR", 1.08, 2024)"#, "wrong way round"),
        (r#"set_fx("GBP", "USD", 0.78, 2024)"#, "wrong way round"),
        (r#"set_fx("USD", "GBP", 1.28, 2024)"#, "wrong way round"),
        (r#"set_fx("USD", "HKD", 0.128, 2024)"#, "1/61 of"),
        (r#"set_fx("HKD", "USD", 7.8, 2024)"#, "61x the"),
        (
            r#"set_fx("USD", "CHF", 30, "2016-03-15")"#,
            "ECB reference rate of 2016-03-15",
        ),
    ] {
        let e = error(call);
        assert!(
            e.contains(needle) && e.contains("set_fx_unchecked"),
            "{call}: {e}"
        );
    }
    for call in [
        r#"set_fx("EUR", "USD", 1.05, 2024)"#,
        r#"set_fx("USD", "EUR", 0.95, 2024)"#,
        r#"set_fx("GBP", "USD", 1.25, 2024)"#,
        r#"set_fx("USD", "HKD", 7.8, 2024)"#,
        r#"set_fx("HKD", "USD", 0.128, 2024)"#,
    ] {
        assert!(eval(call).is_ok(), "{call}");
    }
    let mut s = session();
    eval_in(&mut s, r#"set_fx("USD", "HKD", 7.8, 2024)"#).unwrap();
    assert_eq!(
        eval_in(&mut s, r#"convert(usd(10), "HKD", 2024)"#).unwrap(),
        "78 HKD"
    );
}

#[test]
fn every_ecb_currency_is_money() {
    assert_eq!(text(r#"money(1234.565, "CHF")"#), "1,234.57 CHF");
    assert_eq!(text(r#"money(1234.5, "KRW")"#), "1,235 KRW");
    assert_eq!(text(r#"money(5, "KRW").currency"#), "KRW");
    assert!(eval(r#"convert(money(100, "CHF"), "KRW", "2020-05-05")"#).is_ok());
    for (typed, meant) in [("RMB", "CNY"), ("YEN", "JPY"), ("UKP", "GBP")] {
        let e = error(&format!(r#"money(1, "{typed}")"#));
        assert!(e.contains(&format!("did you mean \"{meant}\"?")), "{e}");
        let e = error(&format!(r#"convert(usd(1), "{typed}", 2024)"#));
        assert!(e.contains(&format!("did you mean {meant}?")), "{e}");
    }
    // Saved with its code and read back as the same money.
    let dir = tempfile::tempdir().unwrap();
    let mut s = session();
    s.set_file_policy(FilePolicy::roots([dir.path().into()]));
    let csv = dir.path().join("chf.csv");
    let back = eval_in(
        &mut s,
        &format!(
            r#"table([#{{amount: money(1234.565, "CHF")}}]).save({csv:?});
               load_csv({csv:?}, #{{money: #{{amount: "amount_currency"}}}}).row(0).amount == money(1234.565, "CHF")"#
        ),
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    assert!(
        written.contains("1234.565") && written.contains("CHF"),
        "{written}"
    );
    assert_eq!(back.unwrap(), "true");
}

#[test]
fn fx_load_reads_a_good_file_and_names_a_bad_line() {
    let mut s = session();
    s.set_file_policy(FilePolicy::roots([data("")]));
    let load = |s: &mut whatif_engine::Session, name: &str| {
        eval_in(s, &format!("fx_load({:?})", data(name)))
    };
    let summary = load(&mut s, "eurofxref-2024-01.csv").unwrap();
    assert!(
        summary.contains("10 business days from 2024-01-02 to 2024-01-15, 41 currencies"),
        "{summary}"
    );
    // The session now uses the loaded file, and says so.
    let out = eval_in(&mut s, r#"explain(convert(eur(100), "USD", "2024-01-06"))"#).unwrap();
    assert!(
        out.contains("ECB reference rate of 2024-01-05") && out.contains("loaded from"),
        "{out}"
    );
    let e = eval_in(&mut s, r#"convert(eur(100), "USD", "2016-03-15")"#).unwrap_err();
    assert!(e.contains("from 2024-01-02 to 2024-01-15"), "{e}");
    // The ZIP as the ECB publishes it.
    let summary = load(&mut s, "eurofxref-2024-01.zip").unwrap();
    assert!(summary.contains("10 business days"), "{summary}");
    // A cut-short file, a cut-short ZIP and a bad rate are refused, and the session keeps the
    // rates it had.
    let e = load(&mut s, "truncated.csv").unwrap_err();
    assert!(
        e.contains("truncated.csv line 11:") && e.contains("cut short"),
        "{e}"
    );
    let e = load(&mut s, "truncated.zip").unwrap_err();
    assert!(e.contains("not a complete ZIP archive"), "{e}");
    let e = load(&mut s, "bad-line.csv").unwrap_err();
    assert!(
        e.contains("bad-line.csv line 4: USD rate \"abc\" is not a positive number"),
        "{e}"
    );
    assert!(eval_in(&mut s, r#"convert(eur(100), "USD", "2024-01-06")"#).is_ok());
    // Outside the file policy, nothing is read.
    let e = eval(&format!("fx_load({:?})", data("eurofxref-2024-01.csv"))).unwrap_err();
    assert!(e.contains("fx_load"), "{e}");
}

#[test]
fn the_fx_flag_loads_a_file_for_the_run() {
    let good = data("eurofxref-2024-01.zip");
    let out = stdout_of(&[
        "--fx",
        good.to_str().unwrap(),
        "-e",
        r#"fx_rate("EUR", "USD", "2024-01-15")"#,
    ]);
    assert_eq!(out.trim(), "1.0945");
    let bad = data("bad-line.csv");
    fails_with(
        whatif().args(["--fx", bad.to_str().unwrap(), "-e", "1"]),
        2,
        &["--fx:", "line 4", "\"abc\""],
    );
    let e = fails_with(
        whatif().args(["--fx", "no-such.zip", "-e", "1"]),
        2,
        &["--fx: cannot read \"no-such.zip\": no such file"],
    );
    assert!(!e.contains("panicked"));
}

#[test]
fn fx_rates_lists_the_ecb_means_and_fx_daily_every_day() {
    let means = text(
        r#"let r = fx_rates.filter(|r| r.quote == "CHF" && r.period == "2016").row(0);
           [r.base, r.rate == fx_rate("EUR", "CHF", 2016), r.source]"#,
    );
    assert_eq!(
        means,
        r#"["EUR", true, "mean of the 257 ECB daily reference rates of 2016"]"#
    );
    assert_eq!(
        text(r#"describe("fx_rates").rows == fx_rates.len()"#),
        "true"
    );
    // The published rows come first, as before.
    assert_eq!(text("fx_rates.row(0).id"), "USDCNY-1996");
    assert_eq!(
        text(r#"let d = fx_daily(); d.len() > 200000 && d.row(0).period == "1999-01-04""#),
        "true"
    );
}

#[test]
fn a_chosen_source_is_the_one_used_and_explained() {
    let ecb = text(r#"explain(convert(usd(100), "CNY", 2024, #{source: "ECB"}))"#);
    assert!(
        ecb.contains("mean of the 256 ECB daily reference rates of 2024"),
        "{ecb}"
    );
    let published = text(r#"explain(convert(usd(100), "CNY", 2024))"#);
    assert!(
        published.contains("Internal Revenue Service"),
        "{published}"
    );
    assert_eq!(
        text(
            r#"fx_source("ECB"); convert(usd(100), "CNY", 2024) == convert(usd(100), "CNY", 2024, #{source: "ECB"})"#
        ),
        "true"
    );
    let e = error(r#"convert(usd(1), "CNY", 2024, #{sorce: "ECB"})"#);
    assert!(
        e.contains("unknown option \"sorce\" (known: source)"),
        "{e}"
    );
    let e = error(r#"fx_source("BIS")"#);
    assert!(e.contains("\"ECB\"") && e.contains("\"published\""), "{e}");
}

/// `t.convert` takes the same `#{source: …}` as `convert`, and `rate_column` puts each row's
/// exact rate beside the amount (empty where the row has no amount).
#[test]
fn a_table_conversion_chooses_its_source_and_shows_each_rate() {
    let rows = r#"let t = table([#{amount: cny(725.47), day: "2024-06"}, #{amount: (), day: "2024-07"}, #{amount: eur(100), day: "2016-03-15"}]);"#;
    let shown = text(&format!(
        r#"{rows} let c = t.convert("amount", "USD", "day", #{{rate_column: "usd_rate"}}); [c.columns(), c.row(0).amount, c.row(1).usd_rate, c.row(2).amount, c.row(2).usd_rate]"#
    ));
    assert!(
        shown.contains(r#"["amount", "usd_rate", "day"]"#),
        "{shown}"
    );
    assert!(shown.contains("100") && shown.contains("111.09"), "{shown}");
    assert!(shown.contains("()") && shown.contains("1.1109"), "{shown}");
    // The published 2024 average and the ECB mean of 2024 differ; the option picks one.
    assert_eq!(
        text(
            r#"let t = table([#{amount: usd(100)}]); let a = t.convert("amount", "CNY", 2024, #{source: "ECB"}).row(0).amount; a == convert(usd(100), "CNY", 2024, #{source: "ECB"}) && a != convert(usd(100), "CNY", 2024)"#
        ),
        "true"
    );
    let e = error(r#"table([#{amount: usd(1)}]).convert("amount", "CNY", 2024, #{rate: "x"})"#);
    assert!(
        e.contains("unknown option \"rate\" (known: source, rate_column)"),
        "{e}"
    );
    let e = error(
        r#"table([#{amount: usd(1), fx: 2}]).convert("amount", "CNY", 2024, #{rate_column: "fx"})"#,
    );
    assert!(e.contains("already has a column \"fx\""), "{e}");
}
