//! The script bindings, one module per topic, each with a `register(engine)`; `register_all`
//! is the one list of them. A binding converts its arguments, calls the core, and converts the
//! result back. Every script-callable function carries a `///` doc with a runnable ```rhai
//! example, which reaches the engine's metadata (from `#[export_module]`, or `docs.rs` for
//! functions registered from a table), where `:help` and `tests/integration/doc_examples.rs` read it.

use rhai::Engine;

pub mod arrays;
pub mod assert;
pub mod cashflow;
pub mod data;
pub mod dates;
pub mod display;
pub mod docs;
pub mod echo;
pub mod explain;
pub mod funds;
pub mod fx;
pub mod fx_options;
pub mod money;
pub mod returns;
pub mod strings;
pub mod table;
pub mod units;
pub mod whatif;

/// Registers every binding on `engine`. The `fx_rates` dataset lists the session's own rates,
/// so the FX functions hand their state to the data bindings; `explain` reads them too, and
/// the session's recorded definitions.
pub fn register_all(engine: &mut Engine, definitions: &crate::explain::Definitions) {
    assert::register(engine);
    arrays::register(engine);
    strings::register(engine);
    display::register(engine);
    units::register(engine);
    dates::register(engine);
    returns::register(engine);
    cashflow::register(engine);
    funds::register(engine);
    let fx = fx::register(engine);
    money::register(engine, &fx);
    explain::register(engine, &fx, definitions);
    data::register(engine, fx);
    table::register(engine);
    whatif::register(engine);
    echo::register(engine);
}
