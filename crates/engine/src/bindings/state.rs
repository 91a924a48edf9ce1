//! The session's own state that the shared bindings reach: its FX table (the overrides made
//! with `set_fx`). The bindings are built once and shared by every engine, so they cannot hold
//! a session's state; the session makes its state current on this thread while it evaluates
//! (`enter`), as the host's settings are (`crate::host`).

use std::cell::RefCell;

use whatif_core::fx::FxSession;

thread_local! {
    /// The FX table of the evaluation running on this thread, if any.
    static CURRENT: RefCell<Option<FxSession>> = const { RefCell::new(None) };
}

/// Restores the previous state when an evaluation ends (also by unwinding).
pub struct Entered {
    previous: Option<FxSession>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// Makes `fx` the current FX table on this thread until the returned guard drops.
pub fn enter(fx: &FxSession) -> Entered {
    let previous = CURRENT.with(|c| c.borrow_mut().replace(fx.clone()));
    Entered { previous }
}

/// The FX table of the evaluation running on this thread; outside one, a table without
/// overrides (the published rates).
pub fn fx() -> FxSession {
    CURRENT.with(|c| c.borrow().clone()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use whatif_core::fx::Period;

    #[test]
    fn the_entered_table_is_current_until_its_guard_drops() {
        let mine = FxSession::new();
        assert!(mine
            .set(
                "USD",
                "CNY",
                rust_decimal::Decimal::from(8),
                Period::Year(2024)
            )
            .is_ok());
        let rate = |fx: &FxSession| fx.convert(1.into(), "USD", "CNY", Period::Year(2024)).ok();
        {
            let _entered = enter(&mine);
            assert_eq!(rate(&fx()), Some(8.into()));
            {
                let _inner = enter(&FxSession::new());
                assert_ne!(rate(&fx()), Some(8.into()));
            }
            assert_eq!(rate(&fx()), Some(8.into()));
        }
        assert_ne!(rate(&fx()), Some(8.into()));
    }
}
