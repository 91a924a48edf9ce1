//! The script bindings, one module per topic; `register_all` puts them on an engine.
//! Script-callable functions live in `#[export_module]` modules so that their `///` docs
//! (with a runnable ```rhai example) reach the engine's metadata, where `:help` and the
//! doc-example tests (`tests/doc_examples.rs`) read them.

use rhai::{exported_module, Engine};

pub mod assert;
pub mod cashflow;
pub mod data;
pub mod docs;

pub mod fx;
pub mod returns;
pub mod strings;
pub mod table;
pub mod units;
pub mod whatif;

/// Registers every native package on `engine`.
pub fn register_all(engine: &mut Engine) {
    engine.register_global_module(exported_module!(assert::assert_functions).into());
    engine.register_global_module(exported_module!(strings::string_functions).into());
    engine.register_global_module(exported_module!(units::units_functions).into());
    engine.register_global_module(exported_module!(returns::returns_functions).into());
    engine.register_global_module(cashflow::module().into());
    let fx = fx::register(engine);
    data::register(engine, fx);
    table::register(engine);
    whatif::register(engine);
}
