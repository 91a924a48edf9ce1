//! Rhai source text read without compiling it: the rewrite of scientific literals that runs
//! before every compilation.

pub mod scientific;

pub use scientific::{rewrite_scientific, LiteralError, Rewritten};
