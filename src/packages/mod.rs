//! Native function packages, one module per topic; `register_all` puts them on an engine.

use rhai::Engine;

/// Registers every native package on `engine`.
pub fn register_all(engine: &mut Engine) {
    let _ = engine;
}
