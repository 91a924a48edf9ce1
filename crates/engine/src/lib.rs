//! whatif-engine: the library an embedder uses. Rhai with exact decimal numbers, whatif's native
//! functions, tables and the article's datasets as script values, and sessions that keep state
//! between evaluations. Nothing here touches the terminal. See `crates/README.md` for a map.

pub mod engine;
pub mod error;
pub mod files;
pub mod interrupt;
pub mod memory;
pub mod numbers;
pub mod bindings;
pub mod session;
pub mod source;
pub mod stdlib;
pub mod table;
pub mod value;

pub use engine::EngineConfig;
pub use error::{ErrorKind, ScriptError};
pub use session::Session;
