//! Builds the Rhai engine every session runs on: exact-decimal numbers, the native packages,
//! the stop hook (Ctrl-C, closed output) and the resource limits.

use rhai::{Dynamic, Engine};

use crate::{interrupt, numbers, packages};

/// Limits and hooks chosen at start-up.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Operations a single evaluation may run; 0 for no limit.
    pub max_operations: u64,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig { max_operations: 0 }
    }
}

/// A fresh engine with whatif's numbers and packages. `print` and `debug` go where the session
/// sends them (see `Session::new`).
pub fn build_engine(config: &EngineConfig) -> Engine {
    let mut engine = Engine::new();
    // Without this, Rhai's built-in integer division (which truncates) and decimal operators
    // (which keep trailing zeros) win over the overrides registered in `numbers`.
    engine.set_fast_operators(false);
    numbers::register(&mut engine);
    packages::register_all(&mut engine);

    engine.set_max_operations(config.max_operations);
    engine.on_progress(|_| interrupt::pending().map(Dynamic::from));
    engine
}
