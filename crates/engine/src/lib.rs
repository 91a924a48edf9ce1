//! whatif-engine: the library an embedder uses. Rhai with exact decimal numbers, whatif's native
//! functions, tables and the article's datasets as script values, and sessions that keep state
//! between evaluations. Nothing here touches the terminal. See `crates/README.md` for a map.
//!
//! An embedder builds a [`Session`] from an [`EngineConfig`] and a [`Host`] (its file policy,
//! page width, display digits, stop flags), evaluates text with [`Session::eval`], shows values
//! with [`value`] in one of the [`formats`], and words failures with [`ScriptError`]. The
//! bindings, the what-if verbs and the script-text tools behind them are private.

#![deny(missing_docs)]

pub(crate) mod args;
pub(crate) mod bindings;
pub(crate) mod cashflows;
pub(crate) mod closures;
pub(crate) mod compare;
pub mod disk;
pub(crate) mod docs;
pub(crate) mod engine;
pub mod error;
pub(crate) mod explain;
pub mod file_policy;
pub mod formats;
pub mod functions;
pub mod host;
pub(crate) mod imports;
pub(crate) mod messages;
pub(crate) mod numbers;
pub(crate) mod script_text;
pub mod session;
pub(crate) mod stdlib;
pub mod stop;
pub mod table;
pub mod text;
pub mod value;
pub(crate) mod verbs;

pub use engine::EngineConfig;
pub use error::{ErrorKind, ScriptError, SourceMap};
pub use explain::LAST_RESULT;
pub use file_policy::FilePolicy;
pub use formats::Format;
pub use host::Host;
pub use messages::closest;
pub use script_text::scan;
pub use session::{Session, Sink};
pub use table::{Table, TableRow};
pub use text::Document;

/// Seams for whatif's own tests and benchmarks (the engine built without a session, the
/// native what-if path, FX state, workbook internals). Not part of the embedder's interface.
#[doc(hidden)]
pub mod internals {
    pub use crate::bindings::{fx, state, table::load_save::file_functions::save_by_extension};
    pub use crate::engine::{build_engine, Deadline};
    pub use crate::explain::definitions::KEPT;
    pub use crate::verbs::native;
}
