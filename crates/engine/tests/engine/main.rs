//! The engine's tests, from Rust sessions with no binary and no terminal: every documented
//! example, the what-if verbs, FX, the analyst's kit, the peers' published vectors and the fuzz
//! of scripts and loaders. Run one module with `cargo test -p whatif-engine --test engine
//! MODULE::`, e.g. `cargo test -p whatif-engine --test engine fuzz::`.

#[path = "../common/sessions.rs"]
#[allow(dead_code)]
mod common;

mod doc_examples;
mod filter;
mod fuzz;
mod fx;
mod kit;
mod peer_vectors;
mod verbs;
