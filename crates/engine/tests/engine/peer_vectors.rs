//! The published test vectors of whatif's peers — numpy-financial, pyxirr and PhpSpreadsheet —
//! run against whatif. The vectors are in `tests/data/peers/vectors.txt` (each block names the
//! repository, file and commit it comes from, and the peer's own tolerance); pyxirr's sample
//! files are copied unchanged into `tests/data/peers/pyxirr/`.
//!
//! Where whatif deliberately differs from a peer (each such line in the data file is marked
//! `# differs:`):
//! * numpy-financial `test_rate_decimal` publishes 0.1106908537142689284704528100, where its
//!   Newton stopped at a 1e-6 step; whatif returns the exact root (10000/3500)^(1/10) - 1 =
//!   0.110690853710753 (3.5e-12 away).
//! * numpy-financial `test_infinite_payments`: `nper(0, -0.0, 1000)` is `inf` in numpy; whatif
//!   says no number of periods reaches fv (an infinity is not a number of periods).
//! * numpy-financial `test_gh_15`: its flows go down to 1e-313, beyond the 28 decimal places a
//!   script number holds, so the vector runs on the core (the `finance::roots` unit test
//!   `numpy_financial_gh_15_finds_the_root_near_minus_one`) with
//!   the flows as published; a script cannot write those literals.
//! * numpy-financial's `when=0/1` and PhpSpreadsheet's `type` 0/1/2: whatif's `when` is the text
//!   `"end"`/`"begin"`; the numeric spellings and PhpSpreadsheet's "non-array argument" cases do
//!   not apply. A bad `when` (`"2"`) is an error as type 2 is #NUM!.
//! * pyxirr `30-20.csv`: pyxirr finds no XIRR (NaN); the XNPV of these flows changes sign at
//!   -0.8973538214882 (an 80-digit evaluation agrees: -1.3e7 at the printed rate, against
//!   discounted flows of 1.7e21, and opposite signs 1e-7 either side), so whatif returns it.
//! * pyxirr `minus_0_13.csv` and `minus_0_993.csv`: pyxirr publishes -0.13423264098831872 and
//!   -0.993785049929284; the roots to 60 digits are -0.1342326407978884 and
//!   -0.9937850499494831, which whatif returns (pyxirr is within its own 1e-9 tolerance).
//! * PhpSpreadsheet XIRR "agree with Excel not DeCampo" (issue5a/5b): Excel gives #NUM!; the
//!   flows change sign once, so their root is unique, and whatif returns it (-0.7640294 and
//!   -0.8353404, DeCampo's values). "Python line 39" is an error in whatif too (no root above
//!   -100%; Python's -1 is not a rate).
//! * PhpSpreadsheet XNPV "minimum value > 0" / "maximum value < 0" are #NUM! there; an XNPV needs
//!   no sign change, so whatif discounts the flows.
//! * PhpSpreadsheet RATE with guess 0 is #NUM! there (its Newton cannot start at 0); whatif's
//!   safeguarded search finds the root. RATE(1, 1, 8000) is -1.000125 there (below -100%,
//!   where the discount factor changes sign; Excel says #NUM!); whatif finds no rate, as Excel.

use rust_decimal::Decimal;

use crate::common::session;
use whatif_engine::value::to_exact_text;

/// A pyxirr sample file's (dates, amounts) as Rhai array literals.
fn sample_columns(file: &str) -> (String, String) {
    let path = crate::common::repository()
        .join("tests/data/peers/pyxirr")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let (mut dates, mut amounts) = (Vec::new(), Vec::new());
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (date, amount) = line.split_once(',').expect("date,amount");
        dates.push(format!("\"{}\"", date.trim()));
        amounts.push(amount.trim().to_string());
    }
    (
        format!("[{}]", dates.join(", ")),
        format!("[{}]", amounts.join(", ")),
    )
}

/// `AMOUNTS(file)` and `DATES(file)` replaced by the sample's columns.
fn expand_samples(expression: &str) -> String {
    let mut out = expression.to_string();
    for (marker, pick_dates) in [("AMOUNTS(", false), ("DATES(", true)] {
        while let Some(start) = out.find(marker) {
            let end = start + out[start..].find(')').expect("closing parenthesis");
            let file = &out[start + marker.len()..end];
            let (dates, amounts) = sample_columns(file);
            let columns = if pick_dates { dates } else { amounts };
            out.replace_range(start..=end, &columns);
        }
    }
    out
}

enum Expected {
    Value(Decimal, Option<Decimal>),
    True,
    Error(String),
}

fn parse_expected(text: &str) -> Expected {
    let text = text.trim();
    if let Some(needle) = text.strip_prefix("error:") {
        return Expected::Error(needle.trim().to_string());
    }
    if text == "true" {
        return Expected::True;
    }
    let (value, tolerance) = match text.split_once('±') {
        Some((v, t)) => (v.trim(), Some(t.trim())),
        None => (text, None),
    };
    let number = |s: &str| -> Decimal {
        Decimal::from_str_exact(s)
            .or_else(|_| Decimal::from_scientific(s))
            .unwrap_or_else(|e| panic!("bad number {s:?} in vectors.txt: {e}"))
    };
    Expected::Value(number(value), tolerance.map(number))
}

/// What went wrong with one vector, or None.
fn check(expression: &str, expected: &Expected, tolerance: Decimal) -> Option<String> {
    // Every digit: the comparison is with the peer's published digits, not the display's 12.
    let mut session = session();
    let result = session
        .eval(&expand_samples(expression), "<test>")
        .map(|value| to_exact_text(&value))
        .map_err(|error| session.render_error(&error));
    match (expected, result) {
        (Expected::Error(needle), Err(message)) if message.contains(needle.as_str()) => None,
        (Expected::Error(needle), outcome) => Some(format!(
            "expected an error containing {needle:?}, got {outcome:?}"
        )),
        (Expected::True, Ok(text)) if text == "true" => None,
        (Expected::Value(value, own), Ok(text)) => {
            let Ok(actual) = text.parse::<Decimal>() else {
                return Some(format!("expected {value}, got {text:?}"));
            };
            let allowed = own.unwrap_or(tolerance);
            let diff = (actual - value).abs();
            (diff > allowed)
                .then(|| format!("expected {value} ± {allowed}, got {actual} (off by {diff})"))
        }
        (_, outcome) => Some(format!("unexpected outcome {outcome:?}")),
    }
}

#[test]
fn published_vectors_of_numpy_financial_pyxirr_and_phpspreadsheet() {
    let path = crate::common::repository().join("tests/data/peers/vectors.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let (mut source, mut tolerance) = (String::new(), Decimal::ZERO);
    let (mut run, mut failures) = (0, Vec::new());
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(rest) = line.strip_prefix("@source ") {
            source = rest.to_string();
        } else if let Some(rest) = line.strip_prefix("@tolerance ") {
            tolerance = Decimal::from_scientific(rest.trim())
                .or_else(|_| Decimal::from_str_exact(rest.trim()))
                .unwrap();
        } else {
            let (expression, expected) = line
                .rsplit_once(" => ")
                .unwrap_or_else(|| panic!("line {}: no ` => `", number + 1));
            run += 1;
            if let Some(why) = check(expression, &parse_expected(expected), tolerance) {
                failures.push(format!(
                    "line {}: {expression}\n  {why}\n  from {source}",
                    number + 1
                ));
            }
        }
    }
    assert!(run >= 200, "only {run} vectors ran");
    assert!(
        failures.is_empty(),
        "{} of {run} peer vectors fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
