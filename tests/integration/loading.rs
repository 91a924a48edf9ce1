//! Loading user files without a changed digit or a silent guess (and `~/` paths):
//! numbers past a decimal's 28 digits stay text with one note, the `separator`, `text` and
//! `numbers` options of `load_csv` and `load_json`, the notes that point to them, and errors
//! for options that do not exist.

use tempfile::TempDir;

use crate::common::{fails_with, folder_with, run_in_dir, whatif};

/// Runs `whatif -e code` in `dir`; the run must succeed. Returns (stdout, stderr).
fn run_in(dir: &TempDir, code: &str) -> (String, String) {
    run_in_dir(dir.path(), &["-e", code])
}

const LONG: &[u8] = b"company,amount\nA,123456789012.123456789012345678\nB,0.000000000000000000000000000001234\nC,12.5\nD,99999999999999999999999999999999\n";

#[test]
fn numbers_past_28_digits_stay_text_with_one_note() {
    let dir = folder_with(&[("long.csv", LONG)]);
    let (out, err) = run_in(&dir, r#"load_csv("long.csv").column("amount")"#);
    assert_eq!(
        out,
        "[\"123456789012.123456789012345678\", \"0.000000000000000000000000000001234\", 12.5, \
         \"99999999999999999999999999999999\"]\n"
    );
    assert_eq!(
        err,
        "note: long.csv: column \"amount\" has numbers a decimal cannot hold exactly (more than \
         28 significant digits, or beyond ±7.9e28), first 123456789012.123456789012345678 at \
         line 2; they are kept as text so that no digit changes\n"
    );
    // JSON numbers too: never rounded, kept as their text.
    let dir = folder_with(&[("r.json", br#"[{"v": 0.000000000000000000000000000001234}]"#)]);
    let (out, err) = run_in(&dir, r#"load_json("r.json").row(0).v"#);
    assert_eq!(out, "0.000000000000000000000000000001234\n");
    assert!(
        err.contains("column \"v\" has numbers a decimal cannot hold exactly"),
        "{err}"
    );
    assert!(err.contains("at line 1"), "{err}");
}

#[test]
fn text_columns_keep_leading_zeros_and_a_note_offers_them() {
    let dir = folder_with(&[("z.csv", b"zip,id,amount\n08123,007,5\n10115,12,6\n")]);
    let (out, err) = run_in(&dir, r#"load_csv("z.csv").column("zip")"#);
    assert_eq!(out, "[8123, 10115]\n");
    assert_eq!(
        err,
        "note: z.csv: columns \"zip\", \"id\" have codes with leading zeros such as 08123 (line \
         2), read as numbers without them; load with #{text: [\"zip\", \"id\"]} to keep them as \
         written\n"
    );
    let (out, err) = run_in(
        &dir,
        r#"let t = load_csv("z.csv", #{text: ["zip", "id"]}); [t.column("zip"), t.column("id"), t.column("amount")]"#,
    );
    assert_eq!(out, "[[\"08123\", \"10115\"], [\"007\", \"12\"], [5, 6]]\n");
    assert_eq!(err, "");
}

#[test]
fn semicolon_files_load_with_a_separator_and_get_a_hint_without_one() {
    let dir = folder_with(&[("eu.csv", b"name;amount\nOpenAI;40\n\"a;b\";7\n")]);
    let (out, err) = run_in(&dir, r#"load_csv("eu.csv").columns()"#);
    assert_eq!(out, "[\"name;amount\"]\n");
    assert_eq!(
        err,
        "note: eu.csv loaded as one column named \"name;amount\"; if its fields are separated \
         by ';', load it with #{separator: \";\"}\n"
    );
    let (out, err) = run_in(
        &dir,
        r#"let t = load_csv("eu.csv", #{separator: ";"}); [t.columns(), t.column("name"), t.sum("amount")]"#,
    );
    assert_eq!(out, "[[\"name\", \"amount\"], [\"OpenAI\", \"a;b\"], 47]\n");
    assert_eq!(err, "");
    let (out, _) = run_in(
        &dir,
        r#"parse_csv("a\tb\n1\t2\n", #{separator: "\t"}).row(0).b"#,
    );
    assert_eq!(out, "2\n");
}

#[test]
fn formatted_numbers_are_named_and_read_with_numbers_excel() {
    let dir = folder_with(&[(
        "f.csv",
        b"name,raised,share,loss\nX,\"3,000,000,000\",12%,(50)\nY,$300,5.5%,\nZ,\xe2\x82\xac1.5,0%,\"($1,234.50)\"\n",
    )]);
    let (out, err) = run_in(&dir, r#"load_csv("f.csv").column("raised")"#);
    assert_eq!(out, "[\"3,000,000,000\", \"$300\", \"€1.5\"]\n");
    assert_eq!(
        err,
        "note: f.csv: column \"raised\" has formatted numbers, kept as text: \"3,000,000,000\" \
         (line 2), \"$300\" (line 3), \"€1.5\" (line 4); load with #{numbers: \"excel\"} to read \
         them as numbers\n\
         note: f.csv: column \"share\" has formatted numbers, kept as text: \"12%\" (line 2), \
         \"5.5%\" (line 3), \"0%\" (line 4); load with #{numbers: \"excel\"} to read them as \
         numbers\n\
         note: f.csv: column \"loss\" has formatted numbers, kept as text: \"(50)\" (line 2), \
         \"($1,234.50)\" (line 4); load with #{numbers: \"excel\"} to read them as numbers\n"
    );
    // Amounts with a currency become money in it, each row in its own.
    let (out, err) = run_in(
        &dir,
        r#"let t = load_csv("f.csv", #{numbers: "excel"}); [t.column("raised") == [3000000000, usd(300), eur(1.5)], t.column("share"), t.column("loss") == [-50, (), usd(-1234.5)], t.sum("share")]"#,
    );
    assert_eq!(out, "[true, [0.12, 0.055, 0], true, 0.175]\n");
    assert_eq!(
        err,
        "note: f.csv: \"$\" in columns \"raised\", \"loss\" is read as USD, a sign several \
         currencies share; load with #{dollar: \"HKD\"} (or another code) if these are other \
         dollars\n"
    );
    // The same option for JSON string values: an amount with its currency is money, never a
    // bare number that lost its code.
    let (out, err) = run_in(
        &dir,
        r#"let t = parse_json(`[{"raised": "$1,250", "n": 1}, {"raised": "HK$45,000,000", "n": "2"}, {"raised": "€12.50", "n": "1,000"}]`, #{numbers: "excel"}); [t.column("raised") == [usd(1250), hkd(45000000), eur(12.5)], t.column("n")]"#,
    );
    assert_eq!(out, "[true, [1, 2, 1000]]\n");
    assert!(
        err.contains("\"$\" in column \"raised\" is read as USD"),
        "{err}"
    );
    let (out, err) = run_in(
        &dir,
        r#"parse_json(`[{"raised": "$1,250"}]`, #{numbers: "excel", dollar: "HKD"}).row(0).raised == hkd(1250)"#,
    );
    assert_eq!(out, "true\n");
    assert_eq!(err, "");
}

#[test]
fn unknown_or_malformed_options_are_errors_that_list_the_known_ones() {
    let dir = folder_with(&[("f.csv", b"a,b\n1,2\n")]);
    let cases: [(&str, &[&str]); 6] = [
        (
            r#"load_csv("f.csv", #{seperator: ";"})"#,
            &["load_csv: unknown option \"seperator\" (did you mean separator?); the options are separator, text, numbers"],
        ),
        (
            r#"load_csv("f.csv", #{numbers: "european"})"#,
            &["numbers must be \"plain\" (the default) or \"excel\""],
        ),
        (
            r#"load_csv("f.csv", #{separator: ";;"})"#,
            &["separator must be one character such as \";\""],
        ),
        (
            r#"load_csv("f.csv", #{text: ["c"]})"#,
            &["f.csv: the text option names no column \"c\"; the columns are a, b"],
        ),
        (
            r#"load_csv("f.csv", #{text: [1]})"#,
            &["text must list column names, like [\"zip\", \"id\"]"],
        ),
        (
            r#"parse_json("[]", #{separator: ";"})"#,
            &["parse_json: separator applies to CSV files only"],
        ),
    ];
    for (code, needles) in cases {
        fails_with(
            whatif().current_dir(dir.path()).args(["-e", code]),
            1,
            needles,
        );
    }
}

#[test]
fn tilde_paths_are_the_home_folder_for_load_save_and_import() {
    let home = folder_with(&[("r.csv", b"a\n1\n"), ("lib.rhai", b"fn twice(x) { x * 2 }")]);
    let work = tempfile::tempdir().unwrap();
    let out = whatif()
        .current_dir(work.path())
        .env("HOME", home.path())
        .arg("--allow-path")
        .arg(home.path())
        .args([
            "-e",
            r#"import "~/lib" as lib; let t = load_csv("~/r.csv"); save(t, "~/copy.csv"); lib::twice(t.row(0).a)"#,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "2\n");
    assert_eq!(
        std::fs::read_to_string(home.path().join("copy.csv")).unwrap(),
        "a\r\n1\r\n"
    );
    // The policy checks the home folder as the path it is: outside the allowed folders here.
    fails_with(
        whatif()
            .current_dir(work.path())
            .env("HOME", home.path())
            .args(["-e", r#"load_csv("~/r.csv")"#]),
        1,
        &["cannot read '~/r.csv'", "outside the folders"],
    );
}

/// Files are read without a copy: a byte-order mark is still dropped before the
/// header, in CSV and JSON alike, and a bad byte after one is placed as before.
#[test]
fn files_with_a_byte_order_mark_load_as_without_one() {
    let dir = folder_with(&[
        (
            "bom.csv",
            b"\xEF\xBB\xBFcountry,amount\nUS,1.50\nCN,2\nUS,0.25\n",
        ),
        ("bom.json", b"\xEF\xBB\xBF[{\"a\": 1}]"),
        ("bad.csv", b"\xEF\xBB\xBFa,b\nx,\xFF\n"),
    ]);
    let (out, _) = run_in(
        &dir,
        r#"let t = load_csv("bom.csv"); [t.columns(), t.group_by("country").sum("amount").column("amount"), load_json("bom.json").columns()]"#,
    );
    assert_eq!(out, "[[\"country\", \"amount\"], [1.75, 2], [\"a\"]]\n");
    let mut cmd = whatif();
    cmd.current_dir(dir.path())
        .args(["-e", r#"load_csv("bad.csv")"#]);
    fails_with(
        &mut cmd,
        1,
        &["bad.csv:2:3: not UTF-8 text (invalid byte 0xFF)"],
    );
}
