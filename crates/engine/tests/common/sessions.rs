//! Engine sessions for tests, and their values as text, exact JSON or decimals: shared by the
//! engine's tests and the binary's.

use std::rc::Rc;

use rust_decimal::Decimal;
use whatif_engine::value::{to_json, to_text};
use whatif_engine::{EngineConfig, Session};

/// The repository's top folder, where `scripts/`, `stdlib/` and `tests/data/` are.
pub fn repository() -> std::path::PathBuf {
    let here = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|dir| dir.join("scripts").is_dir() && dir.join("stdlib").is_dir())
        .unwrap_or(here)
        .to_path_buf()
}

/// A session with `config`'s limits; what scripts print goes nowhere.
pub fn session_with(config: &EngineConfig) -> Session {
    Session::new(config, Rc::new(|_| {}), Rc::new(|_| {}))
}

/// A session with the default limits, as the binary starts one.
pub fn session() -> Session {
    session_with(&EngineConfig::default())
}

/// Evaluates `code` in `session`: the value as the binary prints it, or the rendered error.
pub fn eval_in(session: &mut Session, code: &str) -> Result<String, String> {
    match session.eval(code, "<test>") {
        Ok(value) => Ok(to_text(&value)),
        Err(error) => Err(session.render_error(&error)),
    }
}

/// Evaluates `code` in a fresh session: the value as text, or the rendered error.
pub fn eval(code: &str) -> Result<String, String> {
    eval_in(&mut session(), code)
}

/// The value of `code` in a fresh session as exact JSON; panics with the rendered error if the
/// script fails.
pub fn json(code: &str) -> String {
    let mut session = session();
    match session.eval(code, "<test>") {
        Ok(value) => to_json(&value),
        Err(error) => panic!("{code} failed:\n{}", session.render_error(&error)),
    }
}

/// The rendered error of `code`, which must fail.
pub fn error(code: &str) -> String {
    match eval(code) {
        Ok(value) => panic!("{code} should fail but gave {value}"),
        Err(error) => error,
    }
}

/// The value of `code` as a decimal with every digit (not the 12 significant digits the
/// binary shows); panics if the script fails or gives no number.
pub fn number(code: &str) -> Decimal {
    let mut session = session();
    let text = match session.eval(code, "<test>") {
        Ok(value) => whatif_engine::value::to_exact_text(&value),
        Err(error) => panic!("{code} failed:\n{}", session.render_error(&error)),
    };
    text.parse()
        .unwrap_or_else(|_| panic!("{code} gave {text:?}, not a number"))
}
