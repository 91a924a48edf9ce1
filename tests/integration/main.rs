//! The integration tests, one binary for them all (linking one binary instead of fourteen
//! saves build time): the `whatif` binary as a user runs it, the REPL on a pseudo-terminal, and
//! the engine's sessions from Rust. Each module covers one concern; run one with
//! `cargo test --test integration MODULE::`, e.g. `cargo test --test integration repl::`.

#[path = "../common/mod.rs"]
mod common;

mod bad_input;
mod bad_input_seams;
mod cli;
mod datasets;
mod dates;
mod display;
mod files;
mod finance;
mod fx_ecb;
mod interrupt;
mod kernel;
mod limits;
mod loading;
mod money;
mod native;
mod parquet;
mod provenance;
mod repl;
mod rows;
mod saving;
mod scripts;
mod table;
mod trial;
mod workbooks;
