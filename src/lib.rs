//! whatif's command line: argument parsing, modes, exit codes and the interactive prompt. The
//! engine it drives is `whatif_engine`; the maths underneath is `whatif_core`.

pub mod cli;
pub mod kernel;
pub mod memory;
pub mod repl;
