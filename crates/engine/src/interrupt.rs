//! Stopping a running script from outside: Ctrl-C, or standard output closing under a pipe.
//!
//! Rhai calls the progress callback installed in `engine.rs` between operations; it reads the
//! flag set here and ends the evaluation with a termination token naming the reason. The process
//! itself carries on, so the REPL keeps its session and the CLI can choose the exit code.

use std::sync::atomic::{AtomicU8, Ordering};

/// Termination token for Ctrl-C.
pub const INTERRUPTED: &str = "interrupted";
/// Termination token for a closed standard output.
pub const OUTPUT_CLOSED: &str = "output closed";

const RUNNING: u8 = 0;
const STOP_INTERRUPT: u8 = 1;
const STOP_OUTPUT_CLOSED: u8 = 2;

static STOP: AtomicU8 = AtomicU8::new(RUNNING);

/// Asks the running script to stop as if Ctrl-C was pressed (safe from a signal handler).
pub fn request_interrupt() {
    STOP.store(STOP_INTERRUPT, Ordering::SeqCst);
}

/// Asks the running script to stop because its output has nowhere to go.
pub fn request_output_closed() {
    STOP.store(STOP_OUTPUT_CLOSED, Ordering::SeqCst);
}

/// Clears a pending stop, before the next evaluation starts.
pub fn reset() {
    STOP.store(RUNNING, Ordering::SeqCst);
}

/// The reason to stop now, if any.
pub fn pending() -> Option<&'static str> {
    match STOP.load(Ordering::Relaxed) {
        RUNNING => None,
        STOP_OUTPUT_CLOSED => Some(OUTPUT_CLOSED),
        _ => Some(INTERRUPTED),
    }
}
