//! Dates are date values wherever they come from: the datasets, `fx_rates`, CSV, JSON, workbooks
//! and Parquet. They print as the ISO text they were, sort in time order, refuse numbers, and
//! save as the same text (real dates in workbooks and Parquet). Dates written another way need
//! the `dates` option; a column holding them stays text with a note naming the lines.

use crate::common::{folder_with, run_in_dir, stdout_of};

/// The printed value of each expression, in one run.
fn values(code: &str) -> String {
    stdout_of(&["-e", code])
}

#[test]
fn dataset_dates_are_dates_with_their_precision() {
    for (code, expected) in [
        ("type_of(softbank_deals.by_id(\"yahoo-1996\").date)", "Date"),
        ("softbank_deals.by_id(\"yahoo-1996\").date.precision", "year"),
        ("pledges.by_id(\"pledge-2016\").date.precision", "month"),
        ("pledges.by_id(\"pledge-2024\").date.day", "16"),
        (
            "funding_totals.by_id(\"us-2024-q3\").period",
            "2024-Q3",
        ),
        (
            "funding_totals.by_id(\"us-2024-q3\").period.precision",
            "quarter",
        ),
        ("type_of(fx_rates.row(0).period)", "Date"),
        ("type_of(fx_daily().row(0).period)", "Date"),
        // The issue's example: 0 while dates were text compared with a number.
        (
            "softbank_deals.filter(|r| r.date != () && r.date.year >= 2019).len()",
            "3",
        ),
        (
            "softbank_deals.filter(|r| r.date != () && r.date >= date(\"2019\")).len()",
            "3",
        ),
        ("softbank_deals.filter(|r| r.date >= \"2019\").len()", "3"),
        // A blank date cell is found with "" as before; a date is never blank.
        ("softbank_deals.filter(|r| r.date == \"\").len()", "8"),
        ("pledges.filter(|r| r.date != \"\").len()", "2"),
        // FX functions take a dataset's date as the period.
        (
            "let d = softbank_deals.by_id(\"openai-2024-10\"); convert_cny(d.amount.value, d.date) == convert_cny(d.amount.value, \"2024-10\")",
            "true",
        ),
    ] {
        assert_eq!(values(code).trim(), expected, "{code}");
    }
}

#[test]
fn dates_sort_in_time_order_and_print_as_before() {
    // Text sorted "2019" after "2016-12-31" and before "2019-01"; time order keeps a year
    // before the months and days inside it.
    let sorted = values(
        "softbank_deals.filter(|r| r.date != ()).sort(\"date\").column(\"date\").map(|d| d.to_string())",
    );
    assert_eq!(
        sorted.trim(),
        "[\"1996\", \"2000\", \"2004\", \"2016\", \"2017\", \"2019\", \"2024-10\", \"2024-11\"]"
    );
    let mixed = values(
        "table([#{d: date(\"2024-10\")}, #{d: date(\"2019\")}, #{d: date(\"2024-01-15\")}, #{d: date(\"2024\")}]).sort(\"d\").column(\"d\")",
    );
    assert_eq!(mixed.trim(), "[2019, 2024, 2024-01-15, 2024-10]");
    assert_eq!(
        values("softbank_deals.max(\"date\")").trim(),
        "2024-11",
        "max in time order"
    );
}

#[test]
fn csv_iso_date_columns_load_as_dates_and_save_as_the_same_text() {
    let csv = b"deal,closed,amount,note\na,2024-03-31,5,x\nb,2023-12,7,2024-01-01\nc,,9,n/a\nd,2024-01-15,1,\n";
    let dir = folder_with(&[("d.csv", csv)]);
    let script = r#"
        let t = load_csv("d.csv");
        print(type_of(t.row(0).closed));
        print(type_of(t.row(1).note));
        print(t.sort("closed").column("deal"));
        print(t.filter(|r| r.closed != () && r.closed >= date("2024-01-01")).len());
        save(t, "out.csv");
        save(t, "out.json");
        save(t, "out.parquet");
        save(t, "out.xlsx");
        print(type_of(load_parquet("out.parquet").row(0).closed));
        let x = load_xlsx("out.xlsx");
        print(type_of(x.row(0).closed));
        print(x.row(1).closed);
        print(type_of(load_json("out.json").row(0).closed));
    "#;
    let (out, err) = run_in_dir(dir.path(), &["-e", script]);
    assert_eq!(
        out, "Date\nstring\n[\"b\", \"d\", \"a\", \"c\"]\n2\nDate\nDate\n2023-12\nDate\n",
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("out.csv"))
            .unwrap()
            .replace("\r\n", "\n"),
        String::from_utf8(csv.to_vec()).unwrap()
    );
    let json = std::fs::read_to_string(dir.path().join("out.json")).unwrap();
    assert!(json.contains("\"closed\":\"2024-03-31\""), "{json}");
    assert!(json.contains("\"closed\":\"2023-12\""), "{json}");
}

#[test]
fn a_date_column_of_a_csv_is_compared_not_quietly_false() {
    let dir = folder_with(&[("d.csv", b"d\n2024-03-31\n2018-01-02\n")]);
    let out = crate::common::whatif()
        .current_dir(dir.path())
        .args(["-e", "load_csv(\"d.csv\").filter(|r| r.d >= 2019).len()"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("cannot compare the date 2024-03-31 with the number 2019")
            && err.contains("x.year >= 2019")
            && err.contains("line 2 of d.csv"),
        "{err}"
    );
}

const MIXED: &[u8] =
    b"deal,Close Date,amount\na,2024-03-31,5\nb,31/03/2024,7\nc,2024-06-30,9\nd,15/07/2024,1\n";

#[test]
fn mixed_date_forms_stay_text_with_a_note_naming_the_lines_of_each() {
    let dir = folder_with(&[("m.csv", MIXED)]);
    let (out, err) = run_in_dir(
        dir.path(),
        &["-e", "type_of(load_csv(\"m.csv\").row(0)[\"Close Date\"])"],
    );
    assert_eq!(out, "string\n");
    assert_eq!(
        err,
        "note: m.csv: column \"Close Date\" has dates written in 2 forms, kept as text, which \
         sorts and compares them as text: YYYY-MM-DD (lines 2, 4: \"2024-03-31\"); DD/MM/YYYY \
         (lines 3, 5: \"31/03/2024\"); load with #{dates: #{\"Close Date\": \"%d/%m/%Y\"}} to \
         read them as dates (ISO dates read in any case)\n"
    );
    // One other form alone is named too, with its format; day and month that could be either
    // way round say so.
    let dir = folder_with(&[("u.csv", b"d\n03/31/2024\n12/01/2024\n")]);
    let (_, err) = run_in_dir(dir.path(), &["-e", "load_csv(\"u.csv\").len()"]);
    assert!(
        err.contains("dates written MM/DD/YYYY (lines 2, 3: \"03/31/2024\")")
            && err.contains("#{dates: #{\"d\": \"%m/%d/%Y\"}}"),
        "{err}"
    );
    let dir = folder_with(&[("e.csv", b"d\n03/04/2024\n")]);
    let (_, err) = run_in_dir(dir.path(), &["-e", "load_csv(\"e.csv\").len()"]);
    assert!(err.contains("DD/MM/YYYY or MM/DD/YYYY"), "{err}");
    assert!(
        err.contains("\"%d/%m/%Y\" (day first) or \"%m/%d/%Y\""),
        "{err}"
    );
}

#[test]
fn the_dates_option_reads_a_column_in_its_format_in_every_loader() {
    let dir = folder_with(&[
        ("m.csv", MIXED),
        (
            "m.json",
            br#"[{"deal": "a", "closed": "2024-03-31"}, {"deal": "b", "closed": "31/03/2024"}]"#,
        ),
    ]);
    let script = r#"
        let t = load_csv("m.csv", #{dates: #{"Close Date": "%d/%m/%Y"}});
        print(t.sort("Close Date").column("deal"));
        print(t.column("Close Date"));
        let j = load_json("m.json", #{dates: #{closed: "%d/%m/%Y"}});
        print(j.column("closed").map(|d| type_of(d)));
        save(table([#{deal: "a", closed: "31/03/2024"}, #{deal: "b", closed: "2024-06-30"}]), "t.xlsx");
        print(load_xlsx("t.xlsx", #{dates: #{closed: "%d/%m/%Y"}}).column("closed"));
    "#;
    let (out, err) = run_in_dir(dir.path(), &["-e", script]);
    assert_eq!(
        out,
        "[\"a\", \"b\", \"c\", \"d\"]\n[2024-03-31, 2024-03-31, 2024-06-30, 2024-07-15]\n\
         [\"Date\", \"Date\"]\n[2024-03-31, 2024-06-30]\n",
        "{err}"
    );
    assert!(!err.contains("note"), "{err}");
}

#[test]
fn a_saved_dataset_loads_back_with_its_years_months_and_days_as_dates() {
    let dir = folder_with(&[]);
    let script = r#"
        save(softbank_deals, "s.csv");
        save(softbank_deals, "s.json");
        save(softbank_deals, "s.parquet");
        for t in [load_csv("s.csv"), load_json("s.json"), load_parquet("s.parquet")] {
            print(t.column("date").filter(|d| d != ()).map(|d| type_of(d) + " " + d));
        }
    "#;
    let (out, err) = run_in_dir(dir.path(), &["-e", script]);
    let expected = "[\"Date 1996\", \"Date 2000\", \"Date 2004\", \"Date 2016\", \"Date 2017\", \
                    \"Date 2024-10\", \"Date 2024-11\", \"Date 2019\"]\n";
    assert_eq!(out, expected.repeat(3), "{err}");
}

/// The message a failing date call throws, as `catch` receives it.
fn caught(code: &str) -> String {
    let script = format!("let m = (); try {{ {code}; }} catch (e) {{ m = e }} m");
    whatif_engine::Session::new(
        &whatif_engine::EngineConfig::default(),
        std::rc::Rc::new(|_| {}),
        std::rc::Rc::new(|_| {}),
    )
    .eval(&script, "<test>")
    .map(|v| v.to_string())
    .unwrap_or_else(|_| panic!("{code} did not fail as a catchable error"))
}

/// The date errors whose fix is a call, in the engine's final words.
#[test]
fn every_date_fix_is_worded_with_the_call_to_write() {
    assert_eq!(
        caught("add_months(date(\"2024\"), 1)"),
        "add_months: 2024 is a whole year and a day is needed; choose one with as_of(date, \
         \"start\"), as_of(date, \"mid\") or as_of(date, \"end\")"
    );
    assert_eq!(
        caught("date(\"2024\") < \"2024-10-01\""),
        "2024 and 2024-10-01 overlap, so neither comes first; compare days chosen with \
         as_of(date, \"start\" | \"mid\" | \"end\")"
    );
    assert_eq!(
        caught("as_of(date(\"2024\"), \"middle\")"),
        "as_of: \"middle\" is not a convention; choose \"start\", \"mid\" or \"end\""
    );
    assert_eq!(
        caught("year_frac(\"2024-01-01\", \"2024-07-01\", 5)"),
        "year_frac: basis 5 is not one of Excel's: 0 (US 30/360), 1 (actual/actual), 2 \
         (actual/360), 3 (actual/365) or 4 (European 30/360)"
    );
    assert_eq!(
        caught("xnpv(0.1, [-100, 110], [\"2024-01-01\", \"2024-10\"])"),
        "xnpv: dates[1]: \"2024-10\" is a whole month, not a day; choose one with \
         as_of(\"2024-10\", \"start\" | \"mid\" | \"end\")"
    );
    assert_eq!(
        caught("date(\"31/03/2024\")"),
        "\"31/03/2024\" is not in the form \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"; give its \
         format, date(\"31/03/2024\", \"%d/%m/%Y\")"
    );
    assert_eq!(
        caught("date(\"03/04/2024\")"),
        "\"03/04/2024\" is not in the form \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"; day and \
         month could be either way round: give its format, date(\"03/04/2024\", \"%d/%m/%Y\") \
         for day first, or \"%m/%d/%Y\" for month first"
    );
}
