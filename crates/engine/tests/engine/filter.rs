//! `filter` on a loaded file's typed columns: tests of columns against constants are answered
//! from the columns (`table::predicate`) with the same rows the closure keeps, and everything
//! else (empty cells, unlike kinds, misspelled columns, other closures) still goes to the
//! closure and its messages.

use whatif_engine::internals::native;
use whatif_engine::value::to_json;

use crate::common::{eval_in, session};

/// A file of 2,000 rows: a unique id, a country, amounts written as integers, decimals with
/// trailing zeros and negatives, and a column with empty cells.
fn rows_csv() -> String {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |n: u64| {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d) % n
    };
    let mut text = String::from("id,country,amount,note\n");
    for i in 0..2_000 {
        let country = ["US", "CN", "GB", "JP"][next(4) as usize];
        let amount = match next(4) {
            0 => format!("{}", next(10_000)),
            1 => format!("{}.{:02}", next(10_000), next(100)),
            2 => format!("-{}.50", next(100)),
            _ => "1.50".to_string(),
        };
        let note = if next(10) == 0 { "" } else { "x" };
        text.push_str(&format!("r{i},{country},{amount},{note}\n"));
    }
    text
}

/// The filtered table as JSON, with the native paths on or off, and whether a native path ran.
fn filtered(test: &str, native_on: bool) -> (Result<String, String>, bool) {
    let mut s = session();
    let csv = rows_csv();
    let code = format!(
        "let t = parse_csv({csv:?}); let min = 5000; let one = 1.5; let cn = \"CN\"; \
         t.filter({test})"
    );
    let was = native::set_enabled(native_on);
    let before = native::runs();
    let result = s
        .eval(&code, "<test>")
        .map(|v| to_json(&v))
        .map_err(|e| s.render_error(&e));
    let ran = native::runs() > before;
    native::set_enabled(was);
    (result, ran)
}

#[test]
fn column_tests_keep_the_rows_the_closure_keeps() {
    let recognised = [
        "|r| r.amount > 5000",
        "|r| r.amount >= min",
        "|r| r.amount < 0",
        "|r| r.amount <= -10.5",
        "|r| r.amount == 1.5",
        "|r| r.amount == one",
        "|r| r.amount != 1.50",
        "|r| r.amount != 7",
        "|r| 5000 < r.amount",
        "|r| -20 >= r.amount",
        "|r| r.country == \"US\"",
        "|r| r.country != cn",
        "|r| \"JP\" == r.country",
        "|r| r.country == \"FR\"",
        "|r| r.amount > min && r.country == \"US\"",
        "|r| r.amount < 0 || r.country == \"GB\" || r.amount == 1.5",
        "|r| (r.amount > 100 && r.amount < 200) || r.country == cn",
    ];
    for test in recognised {
        let (native, ran) = filtered(test, true);
        let (closure, _) = filtered(test, false);
        assert!(ran, "{test} did not take the native path");
        let native = native.unwrap_or_else(|e| panic!("{test}: {e}"));
        assert_eq!(native, closure.unwrap(), "{test}");
        if test.contains("FR") {
            assert_eq!(native, "[]", "no row is from FR");
        } else {
            assert!(
                native.len() > 40,
                "{test} kept nothing to compare: {native}"
            );
        }
    }
}

#[test]
fn other_closures_are_called_with_their_own_messages() {
    // An empty cell, a text compared with a number, a misspelled column, arithmetic, a method:
    // the closure runs and says what it says without the native path.
    let called = [
        "|r| r.note == \"x\"",
        "|r| r.amount > \"5\"",
        "|r| r.amont > 5",
        "|r| r.amount * 2 > 10000",
        "|r| r.country.starts_with(\"U\")",
        "|r| r.country < \"M\"",
        "|r| r.id == 3",
    ];
    for test in called {
        let (native, ran) = filtered(test, true);
        let (closure, _) = filtered(test, false);
        assert!(!ran, "{test} took the native path");
        assert_eq!(native, closure, "{test}");
    }
    let (misspelled, _) = filtered("|r| r.amont > 5", true);
    assert!(misspelled.unwrap_err().contains("did you mean \"amount\""));
}

#[test]
fn a_filtered_file_keeps_its_lines_and_reads_the_same_after_more_queries() {
    let mut s = session();
    let csv = rows_csv();
    let code = format!(
        "let t = parse_csv({csv:?}); let big = t.filter(|r| r.amount > 9000); \
         [big.len(), big.sort(\"amount\").head(3).column(\"id\"), big.sum(\"amount\"), \
          t.filter(|r| r.amount > 9000 && r.amount * 1 > 0).sum(\"amount\")]"
    );
    let native = eval_in(&mut s, &code).unwrap();
    native::set_enabled(false);
    let closure = eval_in(&mut session(), &code).unwrap();
    native::set_enabled(true);
    assert_eq!(native, closure);
}
