//! Rhai source text read without compiling it. One lexer ([`lexer`]) turns it into tokens;
//! on top of them, the rewrite of scientific literals that runs before every compilation
//! ([`scientific`]) and what the prompt asks of half-typed input ([`scan`]).

pub mod lexer;
pub mod scan;
pub mod scientific;
pub mod syntax;

pub use lexer::{Kind, Lexer, Open, Token};
pub use scientific::{rewrite_scientific, LiteralError, Rewritten};
