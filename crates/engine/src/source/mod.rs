//! Rhai source text read without compiling it: the rewrite of scientific literals that runs
//! before every compilation, and the tolerant scan the prompt uses on half-typed input.

pub mod lexer;
pub mod scan;
pub mod scientific;

pub use lexer::{Kind, Lexer, Open, Token};
pub use scientific::{rewrite_scientific, LiteralError, Rewritten};
