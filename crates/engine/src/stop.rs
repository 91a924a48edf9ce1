//! Stopping a running script from outside: Ctrl-C, or standard output closing under a pipe.
//!
//! A `StopSignal` is a pair of flags shared between the host (a signal handler, the code that
//! writes output) and the engine, whose progress callback reads them between operations and
//! ends the evaluation with a termination token naming the reason. The process carries on, so
//! the prompt keeps its session and the command line can choose the exit code.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// Termination token for a script that ran past its wall-clock budget.
pub const TIMED_OUT: &str = "timed out";
/// Termination token for a script that used more memory than its budget.
pub const OUT_OF_MEMORY: &str = "memory budget";
/// Termination token for calls nested deeper than the script thread's stack holds.
pub const STACK_FULL: &str = "stack full";

/// Termination token for Ctrl-C.
pub const INTERRUPTED: &str = "interrupted";
/// Termination token for a closed standard output.
pub const OUTPUT_CLOSED: &str = "output closed";

/// The error that ends an evaluation for `reason` (a termination token), as the engine's
/// progress hook ends it: for native work that notices the reason itself.
pub fn terminated(reason: &'static str) -> Box<rhai::EvalAltResult> {
    Box::new(rhai::EvalAltResult::ErrorTerminated(
        rhai::Dynamic::from(reason),
        rhai::Position::NONE,
    ))
}

/// Flags asking the running evaluation to stop; clones share the flags.
#[derive(Debug, Clone, Default)]
pub struct StopSignal {
    interrupt: Arc<AtomicBool>,
    output_closed: Arc<AtomicBool>,
}

impl StopSignal {
    /// The flag Ctrl-C sets, for a signal handler (storing to it is async-signal-safe).
    pub fn interrupt_flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Asks the running script to stop as if Ctrl-C was pressed.
    pub fn request_interrupt(&self) {
        self.interrupt.store(true, Ordering::SeqCst);
    }

    /// Asks the running script to stop because its output has nowhere to go.
    pub fn request_output_closed(&self) {
        self.output_closed.store(true, Ordering::SeqCst);
    }

    /// Clears a pending stop, before the next evaluation starts.
    pub fn reset(&self) {
        self.interrupt.store(false, Ordering::SeqCst);
        self.output_closed.store(false, Ordering::SeqCst);
    }

    /// The reason to stop now, if any; a closed output wins, since nothing can be reported.
    pub fn pending(&self) -> Option<&'static str> {
        if self.output_closed.load(Ordering::Relaxed) {
            Some(OUTPUT_CLOSED)
        } else if self.interrupt.load(Ordering::Relaxed) {
            Some(INTERRUPTED)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flags_and_reset_clears_them() {
        let stop = StopSignal::default();
        let handler_side = stop.clone();
        assert_eq!(stop.pending(), None);
        handler_side.interrupt_flag().store(true, Ordering::SeqCst);
        assert_eq!(stop.pending(), Some(INTERRUPTED));
        stop.reset();
        handler_side.request_interrupt();
        assert_eq!(stop.pending(), Some(INTERRUPTED));
        stop.request_output_closed();
        assert_eq!(stop.pending(), Some(OUTPUT_CLOSED));
        stop.reset();
        assert_eq!(handler_side.pending(), None);
    }
}
