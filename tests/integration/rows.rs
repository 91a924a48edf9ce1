//! Table rows as scripts read them (and the row naming of their messages): a column
//! that does not exist is an error with a did-you-mean and the columns, in every place a row
//! reaches a script; empty cells stay `()`; rows still do what scripts did with them as maps;
//! an error inside a closure over rows names the row by its id or its file line.

use crate::common::{error, folder_with, json as ok, whatif};

/// The first line of the rendered error of `code`, without the `error: ` prefix.
fn message(code: &str) -> String {
    let rendered = error(code);
    let first = rendered.lines().next().unwrap_or_default();
    first.strip_prefix("error: ").unwrap_or(first).to_string()
}

const T: &str = r#"let t = table(["name", "currency", "amount"], [["OpenAI", "USD", 40e9], ["智谱", "CNY", ()]]);"#;

const COLUMNS: &str = "the columns are name, currency, amount";

#[test]
fn a_misspelled_column_is_an_error_in_every_verb() {
    let cases = [
        (r#"t.filter(|r| r.curency == "CNY")"#, "curency", "currency"),
        (
            r#"t.filter(|r| r.Currency == "CNY")"#,
            "Currency",
            "currency",
        ),
        (
            r#"t.add_column("x", |r| r.ammount * 2)"#,
            "ammount",
            "amount",
        ),
        (r#"t.sort("amout")"#, "amout", "amount"),
        (r#"t.sort("Amount", "desc")"#, "Amount", "amount"),
        (r#"t.group_by("curency")"#, "curency", "currency"),
        (r#"t.group_by("currency").sum("amont")"#, "amont", "amount"),
        (r#"t.row(0).nmae"#, "nmae", "name"),
        (r#"t[0]["Name"]"#, "Name", "name"),
        (
            r#"t.row_where("name", "OpenAI").amuont"#,
            "amuont",
            "amount",
        ),
        (r#"for r in t { r.currncy }"#, "currncy", "currency"),
        (r#"t.select(["name", "ammount"])"#, "ammount", "amount"),
        (r#"t.column("Currency")"#, "Currency", "currency"),
    ];
    for (code, wrong, right) in cases {
        let m = message(&format!("{T} {code}"));
        assert!(
            m.starts_with(&format!(
                "no column {wrong:?} (did you mean {right:?}?); {COLUMNS}"
            )),
            "{code}: {m}"
        );
    }
    // Datasets and `by_id` as the issue found them.
    assert_eq!(
        message(r#"funding_rounds.filter(|r| r.curency == "CNY").len()"#),
        "no column \"curency\" (did you mean \"currency\"?); the columns are id, entity, \
         name_zh, country, date, round, amount, currency, qualifier, investors, investor_count, \
         investor_count_qualifier, note, reported_by, source (in the row with id \"xai-2024-05\")"
    );
    assert!(message(r#"pledges.by_id("pledge-2024").jobz"#)
        .starts_with("no column \"jobz\" (did you mean \"jobs\"?); the columns are id,"));
    // A name far from every column gets the list without a guess.
    assert_eq!(
        message(&format!("{T} t.row(0).valuation")),
        format!("no column \"valuation\"; {COLUMNS}")
    );
}

#[test]
fn empty_cells_stay_unit_and_the_right_spelling_works() {
    assert_eq!(
        ok(&format!(r#"{T} t.filter(|r| r.currency == "CNY").len()"#)),
        "1"
    );
    assert_eq!(ok(&format!("{T} t.row(1).amount")), "null");
    assert_eq!(ok(&format!("{T} t.row(1).amount ?? 0")), "0");
    assert_eq!(
        ok(r#"funding_rounds.filter(|r| r.currency == "CNY").len()"#),
        "3"
    );
}

#[test]
fn rows_still_do_what_maps_did() {
    assert_eq!(ok(&format!(r#"{T} t.row(0)["amount"]"#)), "40000000000");
    assert_eq!(
        ok(&format!("{T} t.row(0).keys()")),
        r#"["name","currency","amount"]"#
    );
    assert_eq!(ok(&format!(r#"{T} "amount" in t.row(0)"#)), "true");
    assert_eq!(ok(&format!(r#"{T} t.row(0).get("nope")"#)), "null");
    assert_eq!(
        ok(&format!("{T} t.row(0)")),
        r#"{"amount":40000000000,"currency":"USD","name":"OpenAI"}"#
    );
    assert_eq!(
        ok(&format!("{T} `${{t.row(1)}}`")),
        r##""#{amount: (), currency: \"CNY\", name: \"智谱\"}""##
    );
    assert_eq!(
        ok(&format!(
            "{T} let r = t.row(0); r.amount = 1; [r.amount, t.row(0).amount]"
        )),
        "[1,40000000000]"
    );
    assert_eq!(ok(&format!("{T} table([t.row(1), t.row(0)]).len()")), "2");
    assert_eq!(
        ok(&format!(
            r#"{T} table(["name", "currency", "amount"], [t.row(0)]) == t.head(1)"#
        )),
        "true"
    );
    assert_eq!(ok(&format!("{T} t.to_array()[0].amount")), "40000000000");
    assert_eq!(ok(&format!("{T} type_of(t.row(0))")), "\"Row\"");
    // A row cannot grow a column; the message says how to get a map that can.
    assert!(message(&format!("{T} let r = t.row(0); r.country = \"US\";")).contains("to_map()"));
}

#[test]
fn errors_in_a_closure_name_the_row_by_id() {
    // Arithmetic on an empty cell, in a dataset: the row is named by its id.
    let m = message(
        r#"funding_rounds.add_column("x", |r| { if r.amount == () { throw "no amount" } r.amount })"#,
    );
    assert!(m.starts_with("no amount (in the row with id "), "{m}");
    // Without an id column or a file, the row is named by its index (as `t.row(i)` takes it).
    let m = message(&format!(
        r#"{T} t.add_column("x", |r| if r.amount == () {{ throw "empty" }} else {{ r.amount }})"#
    ));
    assert_eq!(m, "empty (in row 1)");
    // An error the session words itself (here: no `*` for an empty cell) gets a note.
    let out = whatif()
        .args(["-e", &format!(r#"{T} t.add_column("x", |r| r.amount * 2)"#)])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("note: the error below happened in row 1\nerror: "),
        "{stderr}"
    );
}

#[test]
fn errors_about_a_loaded_file_name_its_line() {
    let dir = folder_with(&[
        (
            "r.csv",
            b"name,amount\nOpenAI,40\n\"multi\nline\",7\nxAI,oops\n",
        ),
        (
            "r.json",
            b"[\n  {\"name\": \"OpenAI\", \"amount\": 40},\n  {\"name\": \"xAI\",\n   \"amount\": \"oops\"}\n]\n",
        ),
    ]);
    let run = |code: &str| {
        let out = whatif()
            .current_dir(dir.path())
            .args(["-e", code])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stderr).to_string()
    };
    // The third record starts on line 5: line 1 is the header, the second record takes two.
    let e = run(r#"load_csv("r.csv").sum("amount")"#);
    assert!(
        e.starts_with("error: column \"amount\" has a non-number at line 5 of r.csv: oops"),
        "{e}"
    );
    // Sorting keeps each row's line: xAI sorts first and is on line 5.
    let e = run(r#"load_csv("r.csv").sort("name", "desc").add_column("x", |r| r.amount / 2)"#);
    assert!(
        e.starts_with("note: the error below happened in line 5 of r.csv\nerror: "),
        "{e}"
    );
    let e = run(r#"load_csv("r.csv").filter(|r| r.name != "OpenAI").add_column("x", |r| r.amout)"#);
    assert!(
        e.starts_with(
            "error: no column \"amout\" (did you mean \"amount\"?); the columns are name, \
             amount (in line 3 of r.csv)"
        ),
        "{e}"
    );
    // A JSON table's rows are named by the line their object opens on.
    let e = run(r#"load_json("r.json").sum("amount")"#);
    assert!(
        e.starts_with("error: column \"amount\" has a non-number at line 3 of r.json: oops"),
        "{e}"
    );
    let e = run(r#"load_csv("r.csv").filter(|r| r.amount)"#);
    assert!(
        e.contains("filter: the function must return true or false, but for line 2 of r.csv"),
        "{e}"
    );
}
