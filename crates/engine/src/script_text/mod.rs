//! Rhai source text read without compiling it. One lexer ([`lexer`]) turns it into tokens;
//! on top of them, the check and rewrite of number literals that runs before every
//! compilation ([`literals`]) and what the prompt asks of half-typed input ([`scan`]).

pub mod lexer;
pub mod literals;
pub mod scan;
pub mod syntax;

pub use lexer::{Kind, Lexer, Token};
pub use literals::{rewrite_literals, Rewritten};
