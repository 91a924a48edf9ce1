//! Provenance: `explain(x)` names the figures behind a value with their datasets,
//! rows, references, hedges, rates and typed-in values; `sources(x)` lists the references;
//! both follow variables defined in earlier statements and entries.

use std::collections::BTreeSet;

use crate::common::{eval_in, session, stdout_of};
use whatif_core::datasets::{self, provenance, Cell};

fn explain(code: &str) -> String {
    let mut s = session();
    eval_in(&mut s, code).unwrap_or_else(|e| panic!("{code}: {e}"))
}

#[test]
fn roi_of_a_deal_names_both_figures_and_the_article() {
    let out = stdout_of(&[
        "-e",
        r#"explain(roi(softbank_deals.by_id("nvidia-2019").amount, softbank_deals.by_id("nvidia-2019").value_later))"#,
    ]);
    assert!(out.starts_with("36.5\n"), "{out}");
    assert!(
        out.contains("softbank_deals · nvidia-2019 · amount"),
        "{out}"
    );
    assert!(
        out.contains("softbank_deals · nvidia-2019 · value_later"),
        "{out}"
    );
    assert!(out.contains("= roi(A, B)"), "{out}");
    assert!(out.contains("article: the NetEase Hao"), "{out}");
    insta::assert_snapshot!("explain_roi_of_a_deal", out);
}

#[test]
fn a_conversion_names_its_rate_and_who_set_it() {
    let code = r#"explain(convert(pledges.by_id("pledge-2024").amount, "CNY"))"#;
    let published = stdout_of(&["-e", code]);
    assert!(
        published.contains("rate USD→CNY, 2024-12 = 7.2807"),
        "{published}"
    );
    assert!(
        published.contains("fx_rates · Federal Reserve"),
        "{published}"
    );
    assert!(
        published.contains("[1] https://www.cnbc.com/2024/12/16/"),
        "{published}"
    );
    insta::assert_snapshot!("explain_conversion_published_rate", published);

    let set = stdout_of(&["-e", &format!(r#"set_fx("USD", "CNY", 7.3); {code}"#)]);
    assert!(set.contains("rate USD→CNY, 2024-12 = 7.3"), "{set}");
    assert!(set.contains("set by you with set_fx"), "{set}");
    assert!(!set.contains("Federal Reserve"), "{set}");
    insta::assert_snapshot!("explain_conversion_rate_set_by_user", set);
}

#[test]
fn literals_are_typed_in() {
    let out = stdout_of(&["-e", "explain(usd(5) * 2)"]);
    assert!(out.contains("typed in: usd(5), 2"), "{out}");
    assert!(!out.contains("sources:"), "{out}");
    insta::assert_snapshot!("explain_typed_in", out);
}

/// The references of the USD rows of `funding_totals`, read from the dataset itself.
fn usd_funding_total_sources() -> BTreeSet<String> {
    let totals = datasets::get("funding_totals").unwrap();
    let currency = totals.column_index("currency").unwrap();
    let mut expected = BTreeSet::new();
    for (i, row) in totals.rows.iter().enumerate() {
        if matches!(&row[currency], Cell::Text(c) if c == "USD") {
            for source in provenance::row_sources(totals, i) {
                expected.insert(source.footnote());
            }
        }
    }
    expected
}

#[test]
fn sources_of_an_aggregate_are_exactly_its_rows_references() {
    let listed = explain(
        r#"sources(funding_totals.filter(|r| r.currency == "USD").sum("amount")).map(|s| s.text)"#,
    );
    let mut s = session();
    let texts = s
        .eval(
            r#"sources(funding_totals.filter(|r| r.currency == "USD").sum("amount")).map(|s| s.text)"#,
            "<test>",
        )
        .unwrap()
        .into_array()
        .unwrap();
    let got: BTreeSet<String> = texts
        .into_iter()
        .map(|t| t.into_string().unwrap())
        .collect();
    assert_eq!(got, usd_funding_total_sources(), "{listed}");
    // The yuan rows cite sources of their own that must not appear.
    let cny = explain(
        r#"sources(funding_totals.filter(|r| r.currency == "CNY").sum("amount")).map(|s| s.text)"#,
    );
    insta::assert_snapshot!("sources_of_usd_funding_totals", listed);
    insta::assert_snapshot!("sources_of_cny_funding_totals", cny);
}

#[test]
fn numbered_references_come_with_their_numbers_and_urls() {
    let mut s = session();
    let numbers = eval_in(
        &mut s,
        r#"sources(pledges.by_id("pledge-2024").amount).map(|s| s.number)"#,
    );
    assert_eq!(numbers.unwrap(), "[1, 3, 4]");
    let url = eval_in(
        &mut s,
        r#"sources(pledges.by_id("pledge-2024").jobs)[1].url"#,
    )
    .unwrap();
    assert!(url.starts_with("https://www.reuters.com/"), "{url}");
}

#[test]
fn variables_are_followed_across_entries() {
    let mut s = session();
    eval_in(&mut s, r#"let p = pledges.by_id("pledge-2024");"#).unwrap();
    eval_in(&mut s, r#"let cny = convert(p.amount, "CNY");"#).unwrap();
    eval_in(&mut s, "let per_job = cny / p.jobs;").unwrap();
    let out = eval_in(&mut s, "explain(per_job)").unwrap();
    assert!(out.starts_with("7,280,700 CNY"), "{out}");
    assert!(out.contains("per_job = cny / B"), "{out}");
    assert!(out.contains("cny = convert(A, USD→CNY, 2024-12)"), "{out}");
    assert!(out.contains("pledges · pledge-2024 · jobs"), "{out}");
    insta::assert_snapshot!("explain_follows_variables", out);
}

#[test]
fn a_reassigned_variable_reads_through_its_previous_definition() {
    let out = explain(
        r#"let x = pledges.by_id("pledge-2024").amount; x = x * 2; x += usd(5); explain(x)"#,
    );
    assert!(out.contains("x = A * 2 + usd(5)"), "{out}");
}

#[test]
fn a_value_changed_in_a_loop_is_said_to_be_untraced() {
    let out = explain("let total = usd(0); for r in pledges { total += r.amount } explain(total)");
    assert!(
        out.contains("A is not traced: total: it was changed after its definition"),
        "{out}"
    );
}

#[test]
fn hedged_figures_are_warned_about() {
    let out = explain(
        r#"explain(softbank_deals.by_id("yahoo-1996").amount * softbank_deals.by_id("yahoo-1996").stake)"#,
    );
    assert!(
        out.contains(r#"warning: A is hedged in the article: "about""#),
        "{out}"
    );
    assert!(
        out.contains(r#"warning: B is hedged in the article: "about""#),
        "{out}"
    );
    let up_to = explain(r#"explain(funding_totals.by_id("us-2024-largest-round").amount)"#);
    assert!(up_to.contains(r#""up to""#), "{up_to}");
}

#[test]
fn a_sum_over_many_rows_is_summarised_within_thirty_lines() {
    let out = explain(r#"explain(funding_rounds.filter(|r| r.currency == "USD").sum("amount"))"#);
    assert!(out.lines().count() <= 30, "{out}");
    assert!(out.contains("more"), "{out}");
    let mut s = session();
    let many: Vec<String> = (0..40).map(|i| format!("fx_rates.row({i}).rate")).collect();
    let long = eval_in(&mut s, &format!("explain({})", many.join(" + "))).unwrap();
    assert!(long.lines().count() <= 30, "{long}");
    let longer = eval_in(
        &mut s,
        &format!("explain({}, #{{lines: 200}})", many.join(" + ")),
    )
    .unwrap();
    assert!(longer.lines().count() > 30, "{longer}");
}

#[test]
fn depth_limits_how_far_variables_are_followed() {
    let chain = r#"let a = pledges.by_id("pledge-2024").amount; let b = a * 2; let c = b * 2; let d = c * 2; let e = d * 2;"#;
    let short = explain(&format!("{chain} explain(e)"));
    assert!(short.contains("deeper than 3 definitions"), "{short}");
    let deep = explain(&format!("{chain} explain(e, #{{depth: 6}})"));
    assert!(deep.contains("pledges · pledge-2024 · amount"), "{deep}");
    assert!(!deep.contains("not traced"), "{deep}");
}

#[test]
fn rows_tables_and_files_have_origins() {
    let row = explain(r#"explain(pledges.by_id("pledge-2016"))"#);
    assert!(row.contains("pledges · pledge-2016"), "{row}");
    assert!(
        row.contains("[2] https://www.cnbc.com/2016/12/06/"),
        "{row}"
    );
    let table = explain(r#"explain(funding_rounds.filter(|r| r.currency == "CNY"))"#);
    assert!(table.contains("rows of funding_rounds"), "{table}");
    assert!(
        table.contains(r#"funding_rounds.filter(|r| r.currency == "CNY")"#),
        "{table}"
    );
    let converted = explain(
        r#"explain(funding_rounds.filter(|r| r.amount != ()).convert("amount", "USD", 2024))"#,
    );
    assert!(
        converted.contains("16 rows of funding_rounds"),
        "{converted}"
    );
    assert!(
        converted.contains("rate CNY→USD, 2024 = 1 / 7.189"),
        "{converted}"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "id,country,amount,currency\na,US,100.50,USD\nb,CN,200,USD\nc,US,50,USD\n",
    )
    .unwrap();
    let (out, _) = crate::common::run_in_dir(
        dir.path(),
        &[
            "-e",
            r#"let t = load_csv("r.csv", #{money: #{amount: "currency"}}); explain(t.by_id("b").amount + t.filter(|r| r.country == "US").sum("amount"))"#,
        ],
    );
    assert!(out.contains("r.csv, line 3 · amount"), "{out}");
    assert!(
        out.contains("over 2 rows of r.csv: line 2, line 4"),
        "{out}"
    );
}

#[test]
fn json_is_the_same_tree_as_data() {
    let out = stdout_of(&[
        "--format",
        "json",
        "-e",
        r#"explain(convert(pledges.by_id("pledge-2024").amount, "CNY") / pledges.by_id("pledge-2024").jobs)"#,
    ]);
    let tree: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(tree["value"]["currency"], "CNY");
    assert_eq!(tree["expression"], "convert(A, USD→CNY, 2024-12) / B");
    assert_eq!(tree["figures"][0]["dataset"], "pledges");
    assert_eq!(tree["figures"][1]["column"], "jobs");
    assert_eq!(tree["rates"][0]["rate"].to_string(), "7.2807");
    assert_eq!(tree["rates"][0]["set_by_user"], false);
    assert_eq!(tree["sources"][0]["number"], 1);
    insta::assert_snapshot!("explain_json", out);
}

#[test]
fn the_words_stay_names_outside_a_call() {
    let mut s = session();
    assert_eq!(
        eval_in(&mut s, r#"describe("pledges").sources.len() > 0"#).unwrap(),
        "true"
    );
    assert_eq!(
        eval_in(
            &mut s,
            "let m = #{sources: 1, explain: 2}; let sources = m.sources + m.explain; sources"
        )
        .unwrap(),
        "3"
    );
    let method = eval_in(&mut s, "(5).explain()").unwrap();
    assert!(method.contains("write explain(x)"), "{method}");
}

#[test]
fn errors_inside_explain_point_at_the_cause() {
    let mut s = session();
    let err = eval_in(&mut s, r#"explain(pledges.by_id("pledge-2024").amont)"#).unwrap_err();
    assert!(
        err.contains(r#"no column "amont" (did you mean "amount"?)"#),
        "{err}"
    );
    assert!(err.contains("<test>:1:"), "{err}");
    let err = eval_in(&mut s, "explain(1 + 2").unwrap_err();
    assert!(
        err.contains("for 'explain'") && !err.contains("__whatif"),
        "{err}"
    );
    let err = eval_in(&mut s, "explain()").unwrap_err();
    assert!(
        err.contains("explain takes one expression in brackets"),
        "{err}"
    );
    let err = eval_in(&mut s, "sources(1, 2)").unwrap_err();
    assert!(
        err.contains("sources takes one expression in brackets, sources(x)"),
        "{err}"
    );
    let err = eval_in(&mut s, "explain(2, #{depth: 100})").unwrap_err();
    assert!(err.contains("ask for at most 64"), "{err}");
    let err = eval_in(&mut s, "explain(2, #{depht: 3})").unwrap_err();
    assert!(
        err.contains(r#"unknown option "depht" (known: depth, lines)"#),
        "{err}"
    );
}

#[test]
fn a_converted_table_names_each_rate_it_used_as_published() {
    let out = explain(
        r#"explain(funding_rounds.filter(|r| r.amount != ()).convert("amount", "USD", "date").sum("amount"))"#,
    );
    // Months without a published average use, and say, the mean of their ECB rates.
    assert!(
        out.contains("rate CNY→USD, 2024-07 = 0.137703072   fx_rates · mean of the 23 ECB daily reference rates of 2024-07 (CNY 7.87498, USD 1.08441 per EUR)"),
        "{out}"
    );
    assert!(out.contains("rate CNY→USD, 2024-12 = 1 / 7.2807"), "{out}");
    // Converted rows still come from their dataset rows, not from "the script".
    assert!(!out.contains("built in the script"), "{out}");
    assert!(
        !out.contains("softbank_deals"),
        "ids shared with other datasets: {out}"
    );
}

#[test]
fn a_definition_that_prints_is_not_run_again() {
    let out = stdout_of(&[
        "-e",
        r#"fn f(x) { print("ran"); x * 2 } let y = f(pledges.by_id("pledge-2024").amount); explain(y)"#,
    ]);
    assert_eq!(out.matches("ran").count(), 1, "{out}");
    assert!(
        out.contains("its definition writes a file, prints or sets a rate"),
        "{out}"
    );
    let pure =
        explain(r#"fn g(x) { x * 2 } let y = g(pledges.by_id("pledge-2024").amount); explain(y)"#);
    // The function is followed through its body.
    assert!(pure.contains("y = A * 2"), "{pure}");
}

#[test]
fn a_variable_compounded_from_itself_is_recorded_in_linear_space() {
    // Each line reads the previous balance twice: a record that copied definitions would
    // double with every line (24 lines once took more than 1 GB).
    let compounding = "balance = balance + balance * rate;\n".repeat(60);
    let script = format!("let balance = 1000.0; let rate = 0.05;\n{compounding}explain(balance)");
    let output = crate::common::whatif()
        .args(["--max-memory", "200", "--timeout", "60", "-e", &script])
        .timeout(std::time::Duration::from_secs(120))
        .output()
        .expect("runs");
    let out = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(out.starts_with("18679.1"), "{out}");
    assert!(
        out.contains(
            "balance: it was computed from its own earlier value too many times to write out"
        ),
        "{out}"
    );
}

#[test]
fn a_short_chain_of_reassignments_is_still_written_out() {
    let out = explain("let balance = 1000.0; let rate = 0.05; balance = balance + balance * rate; balance = balance + balance * rate; explain(balance)");
    assert!(
        out.contains("balance = 1000 + 1000 * rate + (1000 + 1000 * rate) * rate"),
        "{out}"
    );
    let out = explain("let x = 5; x += 1; let y = [x, 2]; x = x * 2; explain(x)");
    assert!(out.contains("x = (5 + 1) * 2"), "{out}");
}

#[test]
fn a_hundred_thousand_statements_record_and_run() {
    let script = format!("let x = 0;\n{}print(x)", "x += 1;\n".repeat(100_000));
    let (_dir, path) = crate::common::script_file("many.rhai", script);
    crate::common::whatif()
        .args(["--max-memory", "500", "--timeout", "60"])
        .arg(&path)
        .timeout(std::time::Duration::from_secs(120))
        .assert()
        .success()
        .stdout("100000\n");
}

#[test]
fn a_chain_longer_than_what_is_kept_says_so() {
    let out = explain(&format!(
        "let x = 0;\n{}explain(x)",
        "x += 1;\n".repeat(whatif_engine::internals::KEPT + 10)
    ));
    assert!(out.starts_with("1010"), "{out}");
    assert!(out.contains("more than 1,000 times in a row"), "{out}");
}

/// A row keeps the table it was taken from: `explain` names its own row, by position, even
/// where other rows share its id, date, currency and amount.
#[test]
fn rows_sharing_id_date_and_amount_each_explain_to_their_own_row() {
    // `openai-2024-10` is a row of funding_rounds, softbank_deals and valuations, each dated
    // 2024-10 in USD: the selected cells are the same in all three.
    for dataset in ["funding_rounds", "softbank_deals", "valuations"] {
        let out = explain(&format!(
            r#"let t = {dataset}.select(["id", "date", "currency"]); explain(t.by_id("openai-2024-10"))"#
        ));
        assert!(
            out.contains(&format!("{dataset} · openai-2024-10")),
            "{dataset}: {out}"
        );
    }
    // A loaded file's row with the same id, date and amount as a dataset row is the file's.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("deals.csv"),
        "id,date,amount,currency\nopenai-2024-10,2024-10,6600000000,USD\n",
    )
    .unwrap();
    let (out, _) = crate::common::run_in_dir(
        dir.path(),
        &[
            "-e",
            r#"let t = load_csv("deals.csv", #{money: #{amount: "currency"}});
               let mine = t.by_id("openai-2024-10");
               let theirs = funding_rounds.by_id("openai-2024-10");
               assert_eq(mine.amount, theirs.amount);
               print(explain(mine.amount)); print(explain(theirs.amount));"#,
        ],
    );
    let (mine, theirs) = out.split_once("\n6,600,000,000 USD").unwrap();
    assert!(mine.contains("deals.csv, line 2 · amount"), "{out}");
    assert!(!mine.contains("funding_rounds"), "{out}");
    assert!(
        theirs.contains("funding_rounds · openai-2024-10 · amount"),
        "{out}"
    );
    // A table typed into the script is not a dataset's, whatever its cells.
    let typed = explain(
        r#"let t = table(["id", "amount"], [["pledge-2024", usd(100e9)]]); let r = t.row(0); explain(r.amount)"#,
    );
    assert!(!typed.contains("pledges ·"), "{typed}");
}

#[test]
fn a_converted_table_in_a_variable_still_names_its_rates() {
    let inline = explain(
        r#"explain(funding_rounds.filter(|r| r.amount != ()).convert("amount", "USD", 2024).sum("amount"))"#,
    );
    let split = explain(
        r#"let c = funding_rounds.filter(|r| r.amount != ()).convert("amount", "USD", 2024); explain(c.sum("amount"))"#,
    );
    for out in [&inline, &split] {
        assert!(
            out.contains("rate CNY→USD, 2024 = 1 / 7.189 (1 USD = 7.189 CNY)"),
            "{out}"
        );
        assert!(out.contains("over 16 rows of funding_rounds"), "{out}");
    }
    insta::assert_snapshot!("explain_converted_table_in_a_variable", split);
}

#[test]
fn a_cell_of_a_converted_table_names_its_row_and_its_rate() {
    let out = explain(
        r#"let conv = funding_rounds.convert("amount", "USD", "date"); explain(conv.by_id("baichuan-2024-07").amount)"#,
    );
    assert!(out.contains("= convert(A, CNY→USD, 2024-07)"), "{out}");
    assert!(
        out.contains("funding_rounds · baichuan-2024-07 · amount"),
        "{out}"
    );
    assert!(out.contains("5,000,000,000 CNY"), "{out}");
    assert!(out.contains("rate CNY→USD, 2024-07 = 0.137703072"), "{out}");
    // Through a later filter and sort, and from a row kept in a variable, the same.
    let later = explain(
        r#"let conv = funding_rounds.convert("amount", "USD", "date").filter(|r| r.amount != ()).sort("amount");
           let r = conv.by_id("baichuan-2024-07"); explain(r.amount)"#,
    );
    assert!(
        later.contains("funding_rounds · baichuan-2024-07 · amount"),
        "{later}"
    );
    assert!(later.contains("rate CNY→USD, 2024-07"), "{later}");
    insta::assert_snapshot!("explain_cell_of_a_converted_table", out);
}

#[test]
fn a_computed_cell_is_traced_through_its_closure() {
    let out = explain(
        r#"let t2 = pledges.add_column("cny", |r| r.amount.convert("CNY", 2024)); explain(t2.row(0).cny)"#,
    );
    assert!(!out.contains("typed in: 0"), "{out}");
    assert!(out.contains("pledges · pledge-2016 · amount"), "{out}");
    assert!(out.contains("rate USD→CNY, 2024 = 7.189"), "{out}");
    // A column computed from other columns names each of them.
    let per_job = explain(
        r#"let t = pledges.add_column("per_job", |r| r.amount / r.jobs); explain(t.by_id("pledge-2024").per_job)"#,
    );
    assert!(per_job.contains("= A / B"), "{per_job}");
    assert!(
        per_job.contains("pledges · pledge-2024 · jobs"),
        "{per_job}"
    );
}

#[test]
fn a_call_of_the_users_own_function_is_traced_through_its_body() {
    let out = explain(
        r#"fn per_job_of(r) { let jobs = r.jobs; r.amount / jobs }
           explain(per_job_of(pledges.by_id("pledge-2024")))"#,
    );
    assert!(!out.contains("typed in: per_job_of"), "{out}");
    assert!(out.contains("= B / A"), "the local jobs is A: {out}");
    assert!(out.contains("pledges · pledge-2024 · amount"), "{out}");
    assert!(out.contains("pledges · pledge-2024 · jobs"), "{out}");
    // Figures passed in stay what they were; a literal stays typed in.
    let scaled = explain(
        r#"fn twice(x, k) { x * k } explain(twice(pledges.by_id("pledge-2016").amount, 2))"#,
    );
    assert!(scaled.contains("= A * 2"), "{scaled}");
    assert!(
        scaled.contains("pledges · pledge-2016 · amount"),
        "{scaled}"
    );
    insta::assert_snapshot!("explain_own_function", out);
}

#[test]
fn a_rate_of_another_period_or_source_than_asked_says_so() {
    // A month fx_rates has no average for: the ECB's monthly mean answers, and says so.
    let ecb = explain(r#"explain(convert(usd(100), "CNY", "2024-07"))"#);
    assert!(
        ecb.contains("warning: rate USD→CNY, 2024-07: it is the mean of the ECB's daily rates of 2024-07: fx_rates publishes no 2024-07 average for this pair"),
        "{ecb}"
    );
    // A rate set for the year answers a month of it.
    let year =
        explain(r#"set_fx("USD", "CNY", 7.3, 2024); explain(convert(usd(100), "CNY", "2024-07"))"#);
    assert!(
        year.contains("it is the 2024 rate (set by you with set_fx): no rate is published or set for 2024-07 itself"),
        "{year}"
    );
    // A published monthly average is what was asked: no warning.
    let asked = explain(r#"explain(convert(usd(100), "CNY", "2024-06"))"#);
    assert!(!asked.contains("warning"), "{asked}");
    // Each converted cell says which rate its row used.
    let table = explain(
        r#"let conv = funding_rounds.convert("amount", "USD", "date"); explain(conv.by_id("baichuan-2024-07").amount)"#,
    );
    assert!(
        table.contains("rate CNY→USD, 2024-07: it is the mean of the ECB's daily rates"),
        "{table}"
    );
    insta::assert_snapshot!("explain_rate_of_another_period", year);
}

#[test]
fn a_workbook_cell_names_its_file_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let (out, _) = crate::common::run_in_dir(
        dir.path(),
        &[
            "-e",
            r#"pledges.select(["id", "amount", "jobs"]).save("deals.xlsx");
               let t = load_xlsx("deals.xlsx");
               print(explain(t.by_id("pledge-2024").jobs));
               print(explain(t.filter(|r| r.jobs != ()).sum("jobs")));"#,
        ],
    );
    assert!(out.contains("deals.xlsx, Sheet1!C3 · jobs"), "{out}");
    assert!(out.contains("over 2 rows of deals.xlsx"), "{out}");
    // A converted cell of a loaded file names its line, its amount there and the rate.
    std::fs::write(
        dir.path().join("r.csv"),
        "id,amount,currency\na,100,USD\nb,700,CNY\n",
    )
    .unwrap();
    let (converted, _) = crate::common::run_in_dir(
        dir.path(),
        &[
            "-e",
            r#"let t = load_csv("r.csv", #{money: #{amount: "currency"}}).convert("amount", "USD", 2024);
               print(explain(t.by_id("b").amount));"#,
        ],
    );
    assert!(
        converted.contains("= convert(A, CNY→USD, 2024)"),
        "{converted}"
    );
    assert!(
        converted.contains("700 CNY  r.csv, line 3 · amount"),
        "{converted}"
    );
}

/// A loaded file's rows taken one at a time from typed columns (never all built), through a
/// selection, a sort, a computed column and a native filter, still name their file lines.
#[test]
fn rows_taken_alone_from_typed_columns_name_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("r.csv"),
        "id,country,amount\na,US,100\nb,CN,100\nc,US,100\nd,GB,75.5\n",
    )
    .unwrap();
    let cases = [
        (r#"explain(t.row(2).amount)"#, "r.csv, line 4 · amount"),
        (
            r#"explain(t.select(["id", "amount"]).row(1).amount)"#,
            "r.csv, line 3 · amount",
        ),
        (
            r#"explain(t.sort("amount").row(0).amount)"#,
            "r.csv, line 5 · amount",
        ),
        (
            r#"explain(t.filter(|r| r.country == "US").row(1).amount)"#,
            "r.csv, line 4 · amount",
        ),
        (
            r#"explain(t.add_column("twice", |r| r.amount * 2).select(["twice", "id"]).row(3).twice)"#,
            "r.csv, line 5 · amount",
        ),
    ];
    for (code, names) in cases {
        let (out, _) = crate::common::run_in_dir(
            dir.path(),
            &["-e", &format!(r#"let t = load_csv("r.csv"); {code}"#)],
        );
        assert!(out.contains(names), "{code}:\n{out}");
    }
}
