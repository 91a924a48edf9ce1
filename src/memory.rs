//! The process's allocator, counting the bytes in use so that scripts run under a memory
//! budget. Rhai's own per-value size limits re-measure a whole array on every mutation
//! (measured: 100,000 `push`es take 2.8 s with them, 0.04 s without), so instead the engine
//! reads `in_use` between operations (the session's `Host::memory_in_use`) and stops a script
//! once the total passes the budget; a single allocation that would pass twice the budget
//! (`[].pad(1_000_000_000, 0)`) cannot be unwound from inside the allocator, so it ends the
//! process with a clear message instead of taking the machine's memory.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static BUDGET: AtomicUsize = AtomicUsize::new(0);

/// Bytes currently allocated through `CountingAllocator` (0 when it is not installed).
pub fn in_use() -> usize {
    IN_USE.load(Ordering::Relaxed)
}

/// Sets the budget in bytes for the hard refusal; 0 for none.
pub fn set_budget(bytes: usize) {
    BUDGET.store(bytes, Ordering::Relaxed);
}

/// The budget in bytes; 0 for none.
pub fn budget() -> usize {
    BUDGET.load(Ordering::Relaxed)
}

/// The system allocator with a running count of bytes in use.
pub struct CountingAllocator;

impl CountingAllocator {
    /// `layout`, once the allocation it describes is known not to pass the hard limit.
    fn checked(layout: Layout) -> Layout {
        Self::refuse(layout.size());
        layout
    }

    /// Counts a fresh allocation of `layout` that succeeded.
    fn counted(layout: Layout, ptr: *mut u8) -> *mut u8 {
        if !ptr.is_null() {
            IN_USE.fetch_add(layout.size(), Ordering::Relaxed);
        }
        ptr
    }

    #[inline]
    fn refuse(size: usize) -> bool {
        let budget = budget();
        if budget == 0 {
            return false;
        }
        let hard = budget.saturating_mul(2);
        if in_use().saturating_add(size) <= hard {
            return false;
        }
        Self::exceeded(budget)
    }

    /// Stops the process, out of line so that every allocation's check stays a few
    /// instructions.
    #[cold]
    #[inline(never)]
    fn exceeded(budget: usize) -> bool {
        // Allocation failure would abort with a bare message; say what happened instead. This
        // runs inside the allocator, so it must not allocate: fixed pieces and a stack buffer.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut mib = budget / (1024 * 1024);
        loop {
            at -= 1;
            digits[at] = b'0' + (mib % 10) as u8;
            mib /= 10;
            if mib == 0 {
                break;
            }
        }
        use std::io::Write;
        let mut err = std::io::stderr().lock();
        let _ = err.write_all(b"error: the script asked for more than twice its memory budget of ");
        let _ = err.write_all(&digits[at..]);
        let _ = err
            .write_all(b" MiB (raise it with --max-memory MIB, or --max-memory 0 for no limit)\n");
        std::process::exit(1);
    }
}

// SAFETY: every call is forwarded to `System` unchanged; only the counter is added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::counted(layout, unsafe { System.alloc(Self::checked(layout)) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::counted(layout, unsafe {
            System.alloc_zeroed(Self::checked(layout))
        })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size > layout.size() {
            Self::refuse(new_size - layout.size());
        }
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            IN_USE.fetch_add(new_size, Ordering::Relaxed);
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        new
    }
}
