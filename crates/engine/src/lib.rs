//! whatif-engine: the library an embedder uses. Rhai with exact decimal numbers, whatif's native
//! functions, tables and the article's datasets as script values, and sessions that keep state
//! between evaluations. Nothing here touches the terminal. See `crates/README.md` for a map.

pub mod args;
pub mod bindings;
pub mod cashflows;
pub mod compare;
pub mod disk;
pub mod docs;
pub mod engine;
pub mod error;
pub mod explain;
pub mod files;
pub mod formats;
pub mod functions;
pub mod host;
pub mod imports;
pub mod numbers;
pub mod plain;
pub mod session;
pub mod source;
pub mod stdlib;
pub mod stop;
pub mod table;
pub mod text;
pub mod value;
pub mod whatif;

pub use engine::EngineConfig;
pub use error::{ErrorKind, ScriptError};
pub use host::Host;
pub use session::Session;
