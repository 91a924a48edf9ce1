//! What the program embedding the engine decides for a session: where scripts may touch files,
//! how wide a page is, how many digits numbers show, how to ask a running script to stop, and how to read the memory in use.
//!
//! A session holds a `Host` as a value; an embedder that sets nothing gets no file access, a
//! 120-column page, its own stop flags and no memory budget. While the session evaluates, its
//! file policy and page width are this thread's current ones (`Host::enter`), because the
//! functions that need them run deep inside Rhai calls (`save` in a loop, a table printed with
//! `print`), where no session is in reach.

use std::cell::RefCell;
use std::rc::Rc;

use std::path::PathBuf;

use whatif_core::display::Digits;

use crate::files::{Access, FilePolicy};
use crate::stop::StopSignal;

/// Where notes go during an evaluation.
pub type NoteSink = Rc<dyn Fn(&str)>;

/// The width tables are laid out for when the host says nothing (and for files and pipes).
pub const DEFAULT_PAGE_WIDTH: u16 = 120;

/// The host's choices for one session.
#[derive(Debug, Clone)]
pub struct Host {
    /// Where scripts may read and write; nothing until the embedder says otherwise.
    pub files: Rc<FilePolicy>,
    /// Columns a table printed by a script may use.
    pub page_width: u16,
    /// Significant digits numbers show to people (`--digits`, `:digits`); files keep every
    /// digit whatever this says.
    pub digits: Digits,
    /// Shared with whatever asks the script to stop (a Ctrl-C handler, a closed output).
    pub stop: StopSignal,
    /// Bytes in use by the process, where the host counts them (its global allocator); the
    /// memory budget (`EngineConfig::max_memory`) is enforced only when this is set.
    pub memory_in_use: Option<fn() -> usize>,
    /// Threads the what-if verbs' native path may use (`--threads`); 0 for every core. Results
    /// are the same for any number.
    pub threads: usize,
}

impl Default for Host {
    fn default() -> Self {
        Host {
            files: Rc::new(FilePolicy::default()),
            page_width: DEFAULT_PAGE_WIDTH,
            digits: Digits::default(),
            stop: StopSignal::default(),
            memory_in_use: None,
            threads: 0,
        }
    }
}

struct Current {
    files: Rc<FilePolicy>,
    page_width: u16,
    digits: Digits,
    memory_budget: usize,
    notes: Option<NoteSink>,
    /// What `note_once` has said in this evaluation, by key.
    noted: std::collections::HashSet<String>,
    threads: usize,
    stop: StopSignal,
}

thread_local! {
    /// The settings of the evaluation running on this thread; outside one, the defaults (no
    /// file access).
    static CURRENT: RefCell<Current> = RefCell::new(Current {
        files: Rc::new(FilePolicy::default()),
        page_width: DEFAULT_PAGE_WIDTH,
        digits: Digits::Significant(whatif_core::display::DEFAULT_DIGITS),
        memory_budget: 0,
        notes: None,
        noted: std::collections::HashSet::new(),
        threads: 0,
        stop: StopSignal::default(),
    });
}

/// Restores the previous settings when an evaluation ends (also by unwinding).
pub struct Entered {
    previous: Option<Current>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            CURRENT.with(|c| *c.borrow_mut() = previous);
        }
    }
}

impl Host {
    /// Makes this host's file policy and page width, and the session's memory budget in bytes
    /// (0 for none), current on this thread until the returned guard drops.
    pub fn enter(&self, memory_budget: usize) -> Entered {
        self.enter_with_notes(memory_budget, None)
    }

    /// As `enter`, with `notes` receiving what `note` says during the evaluation (the
    /// session passes its error sink: notes go where `debug` goes, standard error in the CLI).
    pub fn enter_with_notes(&self, memory_budget: usize, notes: Option<NoteSink>) -> Entered {
        let next = Current {
            files: Rc::clone(&self.files),
            page_width: self.page_width,
            digits: self.digits,
            memory_budget,
            notes,
            noted: std::collections::HashSet::new(),
            threads: self.threads,
            stop: self.stop.clone(),
        };
        let previous = CURRENT.with(|c| std::mem::replace(&mut *c.borrow_mut(), next));
        Entered {
            previous: Some(previous),
        }
    }
}

/// Runs `f` with the current file policy.
pub fn with_file_policy<R>(f: impl FnOnce(&FilePolicy) -> R) -> R {
    CURRENT.with(|c| f(&c.borrow().files))
}

/// Checks `path` against the policy of the session evaluating on this thread (outside any
/// evaluation, nothing is allowed) and returns the resolved path; see
/// `FilePolicy::check_path`.
pub fn check_file(path: &str, access: Access) -> Result<PathBuf, String> {
    with_file_policy(|policy| policy.check_path(path, access))
}

/// The current page width.
pub fn page_width() -> u16 {
    CURRENT.with(|c| c.borrow().page_width)
}

/// The significant digits numbers currently show to people.
pub fn digits() -> Digits {
    CURRENT.with(|c| c.borrow().digits)
}

/// Runs `f` with numbers shown at `digits` (every digit for a file's text), then restores the
/// setting, also when `f` unwinds.
pub fn with_digits<R>(digits: Digits, f: impl FnOnce() -> R) -> R {
    struct Restore(Digits);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.borrow_mut().digits = self.0);
        }
    }
    let _restore = Restore(CURRENT.with(|c| std::mem::replace(&mut c.borrow_mut().digits, digits)));
    f()
}

/// Tells the person running the script something they should know about a result that is
/// nevertheless returned (a cell kept as text, an IRR chosen among several): one line, shown
/// as `note: …` where the session sends `debug` output. Outside an evaluation it goes nowhere.
pub fn note(text: &str) {
    let sink = CURRENT.with(|c| c.borrow().notes.clone());
    if let Some(sink) = sink {
        sink(&format!("note: {text}"));
    }
}

/// As [`note`], once per `key` in an evaluation: a note about a call site is said the first
/// time the site runs, not on every pass of a loop or a sweep.
pub fn note_once(key: &str, text: &str) {
    let first = CURRENT.with(|c| {
        let mut current = c.borrow_mut();
        current.notes.is_some() && current.noted.insert(key.to_string())
    });
    if first {
        note(text);
    }
}

/// The threads the current evaluation may use: the host's `threads`, or every core the
/// machine offers when that is 0.
pub fn threads() -> usize {
    match CURRENT.with(|c| c.borrow().threads) {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    }
}

/// The stop flags of the current evaluation, for native work that runs long without
/// returning to Rhai (whose progress callback reads the same flags).
pub fn stop_signal() -> StopSignal {
    CURRENT.with(|c| c.borrow().stop.clone())
}

/// The current memory budget in bytes; 0 for none.
pub fn memory_budget() -> usize {
    CURRENT.with(|c| c.borrow().memory_budget)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entering_a_host_sets_and_restores_the_settings() {
        assert_eq!(page_width(), DEFAULT_PAGE_WIDTH);
        let host = Host {
            files: Rc::new(FilePolicy::unrestricted()),
            page_width: 60,
            digits: Digits::Significant(4),
            ..Host::default()
        };
        {
            let _entered = host.enter(1024);
            assert_eq!(memory_budget(), 1024);
            assert_eq!(page_width(), 60);
            assert_eq!(digits(), Digits::Significant(4));
            assert_eq!(with_digits(Digits::Exact, digits), Digits::Exact);
            assert_eq!(digits(), Digits::Significant(4));
            assert!(with_file_policy(|p| p == &FilePolicy::unrestricted()));
        }
        assert_eq!(page_width(), DEFAULT_PAGE_WIDTH);
        assert_eq!(digits(), Digits::default());
        assert_eq!(memory_budget(), 0);
        assert!(with_file_policy(|p| p == &FilePolicy::default()));
        let refused = check_file("x.csv", Access::Read).unwrap_err();
        assert!(refused.contains("not enabled"), "{refused}");
    }

    #[test]
    fn notes_reach_the_sink_of_the_evaluation_and_nowhere_outside_one() {
        let heard = Rc::new(RefCell::new(Vec::<String>::new()));
        let sink = {
            let heard = Rc::clone(&heard);
            Rc::new(move |text: &str| heard.borrow_mut().push(text.to_string()))
        };
        note("before");
        {
            let _entered = Host::default().enter_with_notes(0, Some(sink));
            note("kept as text");
        }
        note("after");
        assert_eq!(*heard.borrow(), ["note: kept as text"]);
    }
}
