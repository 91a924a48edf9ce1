//! whatif: a scripting tool for investment analysts on the Rhai engine, with exact decimal
//! numbers, finance helpers and the datasets of one article. This crate is the core; the binary
//! in `main.rs` and the CLI in `cli.rs` are thin layers over it. See `src/README.md` for a map.

pub mod datasets;
pub mod engine;
pub mod error;
pub mod files;
pub mod interrupt;
pub mod literals;
pub mod memory;
pub mod numbers;
pub mod packages;
pub mod repl;
pub mod session;
pub mod stdlib;
pub mod table;
pub mod value;
pub mod whatif;

pub use engine::EngineConfig;
pub use error::{ErrorKind, ScriptError};
pub use session::Session;
