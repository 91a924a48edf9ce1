//! The native path of the what-if verbs: every recognised closure shape gives the
//! same value, digit for digit, as calling the closure; closures it does not recognise, values
//! that are not plain numbers and failing scenarios go through the closure as before; and any
//! number of threads gives the same tables.

use std::rc::Rc;

use whatif_engine::internals::native;
use whatif_engine::{EngineConfig, Host, Session};

use crate::common::eval_in;

/// 40 flows, as in the benchmark.
const FLOWS: &str = "let flows = [-1000, 30, 45.5, 60, 75, 90, 105, 120, 135, 150, 165, \
                     180, 195, 210, 225, 240, 255, 270, 285, 300, -80, 315, 330, 345, 360, \
                     375, 390, 405, 420, 435, 450, 465, 480, 495, 510, 525, 540, 555, 570, \
                     585.25];";

fn session_on(threads: usize) -> Session {
    let host = Host {
        threads,
        ..Host::default()
    };
    // The closure path of a long run is slow in a debug build on a busy machine, and the
    // timeout now reaches it: these tests compare values, not times.
    let config = EngineConfig {
        timeout: None,
        ..EngineConfig::default()
    };
    Session::with_host(&config, Rc::new(|_| {}), Rc::new(|_| {}), host)
}

/// The value of `code` as exact JSON (or its rendered error), with the native path on or off,
/// and whether the native path was taken.
fn run(code: &str, native_on: bool, threads: usize) -> (Result<String, String>, bool) {
    let mut session = session_on(threads);
    let before = native::runs();
    let was = native::set_enabled(native_on);
    let value = match session.eval(code, "<test>") {
        Ok(value) => Ok(whatif_engine::value::to_json(&value)),
        Err(error) => Err(session.render_error(&error)),
    };
    native::set_enabled(was);
    (value, native::runs() > before)
}

/// `code` gives the same value natively as through its closure, and took the native path.
fn same_both_ways(code: &str) {
    let (fast, took_native) = run(code, true, 2);
    let (slow, took_native_off) = run(code, false, 2);
    assert!(took_native, "the native path did not recognise: {code}");
    assert!(!took_native_off);
    let fast = fast.unwrap_or_else(|e| panic!("{code} failed: {e}"));
    assert_eq!(fast, slow.unwrap(), "{code}");
}

#[test]
fn native_sweeps_equal_the_closure_path_digit_for_digit() {
    for body in [
        "npv(r, flows)",
        "flows.npv(r)",
        "npv(r, cf)",
        "cf.npv(r)",
        "npv(r, [-100, 60, 60.5])",
        "pv(0.08, 10, r)",
        "pv(r, 10, -100)",
        "pv(r, 30, -100, 1000)",
        "fv(r, 10, -100, -1000)",
        "pmt(r, 360, 250000)",
        "pmt(0.004, 360, r)",
    ] {
        // Rate 0 (an exact sum), negative rates and many digits.
        same_both_ways(&format!(
            "{FLOWS} let cf = cashflows(flows); \
             sweep(|r| {body}, range(-0.5, 0.5, 0.0025) + [0.123456789012345678])"
        ));
    }
    same_both_ways(&format!(
        "{FLOWS} sweep(|r| npv(r, flows), range(0.0, 0.5, 0.00005))"
    ));
    same_both_ways("sweep(|n| pv(0.08, n, -100), 1..40)");
    same_both_ways("sweep2(|r, n| pv(r, n, -100), range(0.01, 0.2, 0.01), range(1, 31, 1))");
    same_both_ways(&format!(
        "{FLOWS} sweep2(|g, r| pmt(r, 12, g), [100, 1000, 123.45], range(0, 0.1, 0.001))"
    ));
}

#[test]
fn native_monte_carlo_equals_the_closure_path_digit_for_digit() {
    // 150,000 draws: three blocks of generator streams.
    same_both_ways(&format!(
        "{FLOWS} monte_carlo(150000, 42, |rng| npv(rng.normal(0.08, 0.02), flows))"
    ));
    // Two draws per call, taken left to right.
    same_both_ways(
        "monte_carlo_samples(70000, 7, |rng| pv(rng.uniform(0.01, 0.1), 10, \
         rng.triangular(-120, -100, -80)))",
    );
    same_both_ways("monte_carlo(2000, 3, |rng| fv(rng.lognormal(-3, 0.5), 10, -100, 0))");
    same_both_ways(&format!(
        "{FLOWS} let cf = cashflows(flows); monte_carlo(1000, 1, |rng| cf.npv(rng.uniform(0, 0.2)))"
    ));
}

#[test]
fn other_closures_and_values_take_the_closure_path() {
    for code in [
        // A block, an operator, a map, a helper of the script's own.
        "let flows = [-100, 60, 60]; sweep(|r| { let x = npv(r, flows); x }, [0.1, 0.2])",
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows) * 2, [0.1, 0.2])",
        "let flows = [-100, 60, 60]; sweep(|r| #{v: npv(r, flows)}, [0.1, 0.2])",
        "fn npv(r, f) { 1 } let flows = [-100, 60]; sweep(|r| npv(r, flows), [0.1])",
        // Not plain numbers.
        "sweep(|r| pv(r, 10, -100), [0.1, \"x\"])",
        "let flows = [-100, \"60\"]; sweep(|r| npv(r, flows), [0.1])",
        // A scenario that fails: the closure reports it where it happened.
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows), [0.1, -1, 0.2])",
        // ... after its inputs were freed and rebuilt from the typed column (that they come
        // back as the same values is `columns::numbers`' test).
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows), [0, 0.10, -1.000, 2])",
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows), range(0.5, -1.5, -0.0001))",
        "monte_carlo(10, 1, |rng| npv(rng.normal(0.08, -1), [-100, 60]))",
        "monte_carlo(10, 1, |rng| rng.normal(0.08, 0.01))",
    ] {
        let (native_value, _) = run(code, true, 2);
        let (closure_value, _) = run(code, false, 2);
        assert_eq!(native_value, closure_value, "{code}");
    }
    let (value, took_native) = run(
        "fn npv(r, f) { 1 } let flows = [-100, 60]; sweep(|r| npv(r, flows), [0.1])",
        true,
        2,
    );
    assert!(!took_native);
    assert!(value.unwrap().contains(r#""y":1"#));
    let (value, _) = run(
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows), [0.1, -1, 0.2])",
        true,
        2,
    );
    assert!(value.unwrap_err().contains("greater than -1"));
}

#[test]
fn any_number_of_threads_gives_the_same_tables() {
    for code in [
        format!("{FLOWS} monte_carlo(300000, 42, |rng| npv(rng.normal(0.08, 0.02), flows))"),
        format!("{FLOWS} sweep(|r| npv(r, flows), range(0.0, 0.5, 0.00002))"),
        "monte_carlo_samples(140000, 5, |rng| pv(rng.normal(0.05, 0.01), 10, -100))[-1]".into(),
    ] {
        let (one, native_one) = run(&code, true, 1);
        let (four, native_four) = run(&code, true, 4);
        assert!(native_one && native_four);
        assert_eq!(one.unwrap(), four.unwrap(), "{code}");
    }
}

#[test]
fn a_seed_gives_the_numbers_of_its_first_block_whatever_the_length() {
    // Draws up to 65,536 are the plain seeded stream: a longer run starts with them.
    let mut session = session_on(2);
    let short = eval_in(
        &mut session,
        "monte_carlo_samples(1000, 42, |rng| pv(rng.normal(0.05, 0.01), 10, -100))",
    )
    .unwrap();
    let long = eval_in(
        &mut session,
        "monte_carlo_samples(100000, 42, |rng| pv(rng.normal(0.05, 0.01), 10, -100))\
         .extract(0, 1000)",
    )
    .unwrap();
    assert_eq!(short, long);
}

#[test]
fn ctrl_c_stops_a_long_native_run() {
    let host = Host::default();
    let stop = host.stop.clone();
    let mut session = Session::with_host(
        &EngineConfig::default(),
        Rc::new(|_| {}),
        Rc::new(|_| {}),
        host,
    );
    let asker = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        stop.request_interrupt();
    });
    let started = std::time::Instant::now();
    // Ten million draws: minutes in a debug build, were it not stopped.
    let result = eval_in(
        &mut session,
        "monte_carlo(10000000, 1, |rng| npv(rng.normal(0.08, 0.02), [-100, 60, 60]))",
    );
    asker.join().unwrap();
    let error = result.unwrap_err();
    assert!(error.contains("interrupted"), "{error}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn threads_on_the_command_line_change_nothing_but_the_time() {
    let code = "monte_carlo(140000, 9, |rng| npv(rng.normal(0.08, 0.02), [-100, 60, 60]))";
    let one = crate::common::stdout_of(&["--threads", "1", "--format", "json", "-e", code]);
    let two = crate::common::stdout_of(&["--threads", "2", "--format", "json", "-e", code]);
    assert!(one.contains("\"mean\""), "{one}");
    assert_eq!(one, two);
    crate::common::fails_with(
        crate::common::whatif().args(["--threads", "0", "-e", "1"]),
        2,
        &["--threads"],
    );
}

/// Money is what analysts are told to use: flows in one currency (an array of money, plain
/// zeros among them, or cached money flows) and TVM amounts given as money take the native path
/// and give the closure's money, digit for digit, in sweeps, two-way sweeps and Monte Carlo.
#[test]
fn money_takes_the_native_path_and_keeps_its_currency() {
    let money_flows = "let flows = [usd(-1000), 0, usd(30), usd(45.5), usd(60), usd(75.25), \
                       usd(90), usd(-80), usd(585.25)]; let cf = cashflows(flows); \
                       let pv0 = cny(-300000); let pay = usd(-100); let fv0 = usd(1000);";
    for body in [
        "npv(r, flows)",
        "flows.npv(r)",
        "npv(r, cf)",
        "pmt(r, 360, pv0)",
        "pv(r, 30, pay, fv0)",
        "pv(r, 10, pay, 1000)",
        "fv(r, 10, pay, fv0)",
        // Money made in the call from a constant, as people write it inline.
        "pmt(r, 360, cny(-300000))",
        "pv(r, 30, usd(-100), usd(1000.50))",
        "fv(r, 10, hkd(-100), 1000)",
    ] {
        same_both_ways(&format!(
            "{money_flows} sweep(|r| {body}, range(-0.5, 0.5, 0.0025) + [0.123456789012345678])"
        ));
    }
    same_both_ways(&format!(
        "{money_flows} sweep2(|r, n| pmt(r, n, pv0), [0.03, 0.05, 0.0725], [120, 240, 360])"
    ));
    for body in [
        "npv(rng.normal(0.08, 0.02), flows)",
        "npv(rng.uniform(0.01, 0.2), cf)",
        "pmt(rng.triangular(0.02, 0.05, 0.09), 360, pv0)",
    ] {
        same_both_ways(&format!(
            "{money_flows} monte_carlo(20000, 7, |rng| {body})"
        ));
        same_both_ways(&format!(
            "{money_flows} monte_carlo_samples(3000, 7, |rng| {body})"
        ));
    }
    // The results are money: a sweep's y column and the summary's statistics.
    let (value, took_native) = run(
        &format!("{money_flows} let t = monte_carlo(5000, 3, |rng| npv(rng.normal(0.08, 0.02), flows)); [t.row(0).mean.currency, t.row(0).p95.currency, type_of(t.row(0).sd)]"),
        true,
        2,
    );
    assert!(took_native);
    assert_eq!(value.unwrap(), r#"["USD","USD","Money"]"#);
    // Mixed currencies stay with the closure, which refuses them; a TVM call takes a plain
    // amount beside money in the money's currency, and so does the native path.
    for code in [
        "let flows = [usd(-100), cny(60)]; sweep(|r| npv(r, flows), [0.1])",
        "let flows = [usd(-100), 60]; sweep(|r| npv(r, flows), [0.1])",
        "let p = usd(-100); let f = cny(1000); sweep(|r| pv(r, 10, p, f), [0.1])",
        "sweep(|r| pv(r, 10, usd(-100), cny(1000)), [0.1])",
    ] {
        let (native_value, took_native) = run(code, true, 2);
        let (closure_value, _) = run(code, false, 2);
        assert!(!took_native, "{code}");
        assert_eq!(native_value, closure_value, "{code}");
        assert!(native_value.is_err(), "{code}");
    }
}

/// A script's own function named like a money constructor is the one the closure calls: the
/// native path leaves the call to it.
#[test]
fn a_script_function_named_like_a_constructor_keeps_the_closure_path() {
    let code = "fn usd(x) { x * 2 } sweep(|r| pmt(r, 360, usd(1000)), [0.01, 0.02])";
    let (native_value, took_native) = run(code, true, 2);
    let (closure_value, _) = run(code, false, 2);
    assert!(!took_native);
    assert_eq!(native_value, closure_value);
    assert!(!native_value.unwrap().contains("USD"));
}

/// Rates written as a yearly one divided (`r / 12`, `0.05 / 12`, a draw over 12) and payments
/// at the beginning (`"begin"`) are recognised, and give the closure's digits.
#[test]
fn divided_rates_and_payments_at_the_beginning_take_the_native_path() {
    let setup = "let loan = usd(300000); let flows = [-1000, 60, 60, 1060]; let pay = -1500;";
    for body in [
        "pmt(r / 12, 360, loan)",
        "pmt(0.05 / 12, n, loan)",
        "pv(r / 12, 120, -1500, 0, \"begin\")",
        "fv(r / 4, 40, -100, -1000, \"end\")",
        "pmt(r / 12, 360, loan, 0, \"begin\")",
        "pv(r / 12, 120, pay / 12, 1000)",
        "npv(r / 12, flows)",
    ] {
        let (input, values) = if body.contains(", n,") {
            ("n", "[120, 180, 240, 360]")
        } else {
            ("r", "range(0.0, 0.12, 0.0005) + [0.123456789012345678]")
        };
        same_both_ways(&format!("{setup} sweep(|{input}| {body}, {values})"));
    }
    same_both_ways(&format!(
        "{setup} monte_carlo(20000, 11, |rng| pmt(rng.normal(0.06, 0.01) / 12, 360, loan, 0, \"begin\"))"
    ));
    // A `when` that is not "end" or "begin" is the closure's to refuse.
    let code = "sweep(|r| pv(r, 10, -100, 0, \"start\"), [0.1])";
    let (native_value, took_native) = run(code, true, 2);
    assert!(!took_native);
    assert_eq!(native_value, run(code, false, 2).0);
}

/// The notes `code` gives (standard error), with the native path on or off.
fn notes_of(code: &str, native_on: bool, threads: usize) -> (Vec<String>, bool) {
    let notes = Rc::new(std::cell::RefCell::new(Vec::new()));
    let sink = Rc::clone(&notes);
    let host = Host {
        threads,
        ..Host::default()
    };
    let mut session = Session::with_host(
        &EngineConfig::default(),
        Rc::new(|_| {}),
        Rc::new(move |text| sink.borrow_mut().push(text.to_string())),
        host,
    );
    let before = native::runs();
    let was = native::set_enabled(native_on);
    let outcome = session.eval(code, "<test>");
    native::set_enabled(was);
    assert!(outcome.is_ok(), "{code}");
    let taken = native::runs() > before;
    let notes = notes.borrow().clone();
    (notes, taken)
}

#[test]
fn a_rate_typed_in_percent_gets_the_closures_note_on_the_native_path() {
    for code in [
        // The first scenario whose rate looks like percent is the one named, whichever
        // thread meets it first: 1.0001 is past 8,000 other rates.
        "let flows = [-100, 60, 60]; sweep(|r| npv(r, flows), range(0, 8, 0.0001))",
        "let cf = cashflows([-100, 60, 60]); sweep(|r| cf.npv(r), [0.1, 5, 6])",
        "sweep(|r| pmt(r / 12, 360, 250000), [5, 6])",
        "sweep(|r| pv(r, 30, -100), [0.05, 12])",
        "let flows = [-100, 60, 60]; sweep2(|r, g| npv(r, flows), [5], [1])",
        "sweep2(|r, n| pmt(r, n, 1000), [0.05, 7], [10, 20])",
        "let flows = [-100, 60, 60]; monte_carlo(20000, 3, |rng| npv(rng.normal(8, 2), flows))",
        "monte_carlo(100, 3, |rng| fv(rng.uniform(0.1, 3), 10, -100, 0))",
    ] {
        for threads in [1, 2] {
            let (native_notes, native) = notes_of(code, true, threads);
            let (closure_notes, taken) = notes_of(code, false, threads);
            assert!(native && !taken, "{code}");
            assert_eq!(native_notes, closure_notes, "{code} on {threads} threads");
            assert_eq!(native_notes.len(), 1, "{code}: {native_notes:?}");
            assert!(native_notes[0].contains(" % "), "{native_notes:?}");
        }
    }
    // Ordinary rates: no note either way, and the native path was taken.
    let (notes, taken) = notes_of("sweep(|r| pv(r, 30, -100), range(0, 0.2, 0.01))", true, 2);
    assert!(taken && notes.is_empty(), "{notes:?}");
}
