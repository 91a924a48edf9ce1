//! What the program embedding the engine decides for a session: where scripts may touch files,
//! how wide a page is, how many digits numbers show, how to ask a running script to stop, and how to read the memory in use.
//!
//! A session holds a `Host` as a value; an embedder that sets nothing gets no file access, a
//! 120-column page, its own stop flags and no memory budget. While the session evaluates, its
//! file policy and page width are this thread's current ones (`Host::enter`), because the
//! functions that need them run deep inside Rhai calls (`save` in a loop, a table printed with
//! `print`), where no session is in reach.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use std::path::PathBuf;
use std::time::Instant;

use whatif_core::display::Digits;

use crate::file_policy::{Access, FilePolicy};
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
    /// Bytes of stack of the thread scripts run on, where the embedder knows it (the binary
    /// runs them on a thread of its own); 0 for unknown. When known, a script whose calls
    /// nest deeper than the stack holds is stopped with a message (`stack_nearly_full`) before
    /// the process would die of a stack overflow, whatever `--max-call-depth` allows.
    pub stack_bytes: usize,
    /// How a person changes a limit where this host runs, for the messages that say how to
    /// raise one: the CLI says `--max-ops N`; the default names `EngineConfig`'s fields.
    pub limit_setting: LimitSetting,
}

/// A limit of an evaluation that a person can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Operations one evaluation may run.
    Operations,
    /// Seconds one evaluation may run.
    Timeout,
    /// The memory budget, in MiB.
    Memory,
    /// Depth of nested function calls.
    CallDepth,
    /// Nesting depth of expressions.
    ExprDepth,
    /// Bytes of one string.
    StringLength,
    /// Elements of one array.
    ArrayLength,
    /// Entries of one object map.
    MapLength,
}

impl Limit {
    /// The `EngineConfig` field that holds the limit.
    pub fn field(self) -> &'static str {
        match self {
            Limit::Operations => "max_operations",
            Limit::Timeout => "timeout",
            Limit::Memory => "max_memory",
            Limit::CallDepth => "max_call_depth",
            Limit::ExprDepth => "max_expr_depth",
            Limit::StringLength => "max_string_len",
            Limit::ArrayLength => "max_array_len",
            Limit::MapLength => "max_map_len",
        }
    }
}

/// The words that set `limit` to `value` (a number, or a placeholder such as `N`, `SECONDS`,
/// `MIB`) where the host runs: the CLI's `--max-ops N`.
pub type LimitSetting = fn(Limit, &str) -> String;

/// The default wording of a limit setting: the `EngineConfig` field (`max_operations = N`).
pub fn config_setting(limit: Limit, value: &str) -> String {
    format!("{} = {value}", limit.field())
}

/// How the evaluation running on this thread's host sets `limit` to `value`.
pub fn limit_setting(limit: Limit, value: &str) -> String {
    let setting = CURRENT.with(|c| c.borrow().limit_setting);
    setting(limit, value)
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
            stack_bytes: 0,
            limit_setting: config_setting,
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
    stack_floor: usize,
    deadline: Option<Instant>,
    memory_in_use: Option<fn() -> usize>,
    limit_setting: LimitSetting,
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
        stack_floor: 0,
        deadline: None,
        memory_in_use: None,
        limit_setting: config_setting,
    });

    /// The lowest stack address the running evaluation may reach; 0 for no check. Apart from
    /// `CURRENT` because the engine reads it between every two operations.
    static STACK_FLOOR: Cell<usize> = const { Cell::new(0) };
}

/// The address of a local of the caller's frame: where the stack is now.
#[inline(never)]
fn stack_address() -> usize {
    let probe = 0u8;
    std::hint::black_box(&probe) as *const u8 as usize
}

/// The lowest address an evaluation entered at the current depth may use, for a stack of
/// `bytes` (0: unknown, no floor). What was used before the evaluation started, and the
/// frames between two looks at the floor, fit in the part kept back.
fn stack_floor(bytes: usize) -> usize {
    if bytes == 0 {
        return 0;
    }
    let kept = (bytes / 8).max(512 * 1024).min(bytes / 2);
    stack_address().saturating_sub(bytes - kept).max(1)
}

/// Whether the evaluation running on this thread came near the end of its stack (always
/// false where the host did not say how large the stack is). Stacks grow down on every
/// platform whatif builds for.
pub fn stack_nearly_full() -> bool {
    let floor = STACK_FLOOR.with(Cell::get);
    floor != 0 && stack_address() < floor
}

/// Restores the previous settings when an evaluation ends (also by unwinding).
pub struct Entered {
    previous: Option<Current>,
}

impl Drop for Entered {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            STACK_FLOOR.with(|f| f.set(previous.stack_floor));
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
        self.enter_until(memory_budget, notes, None)
    }

    /// As `enter_with_notes`, with the evaluation's deadline, which native work checks too
    /// (`stopper`).
    pub fn enter_until(
        &self,
        memory_budget: usize,
        notes: Option<NoteSink>,
        deadline: Option<Instant>,
    ) -> Entered {
        let next = Current {
            deadline,
            memory_in_use: self.memory_in_use,
            limit_setting: self.limit_setting,
            files: Rc::clone(&self.files),
            page_width: self.page_width,
            digits: self.digits,
            memory_budget,
            notes,
            noted: std::collections::HashSet::new(),
            threads: self.threads,
            stop: self.stop.clone(),
            stack_floor: match STACK_FLOOR.with(Cell::get) {
                // Entered again inside an evaluation (a binding that runs a session): the
                // outer evaluation's floor still holds.
                0 => stack_floor(self.stack_bytes),
                outer => outer,
            },
        };
        STACK_FLOOR.with(|f| f.set(next.stack_floor));
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

/// Whether native work that runs long without returning to Rhai (a loader, a kernel, a
/// renderer) must stop, and why: Ctrl-C, a closed output, the deadline or the memory budget
/// of the evaluation that started it. A copy that may go to other threads.
#[derive(Debug, Clone, Default)]
pub struct Stopper {
    stop: StopSignal,
    deadline: Option<Instant>,
    memory_in_use: Option<fn() -> usize>,
    memory_budget: usize,
}

impl Stopper {
    /// The termination token to stop with now, if any (those of `stop` and `engine`).
    pub fn reason(&self) -> Option<&'static str> {
        if let Some(reason) = self.stop.pending() {
            return Some(reason);
        }
        if self.memory_budget > 0
            && self
                .memory_in_use
                .is_some_and(|in_use| in_use() > self.memory_budget)
        {
            return Some(crate::stop::OUT_OF_MEMORY);
        }
        if self.deadline.is_some_and(|at| Instant::now() >= at) {
            return Some(crate::stop::TIMED_OUT);
        }
        None
    }

    /// `reason` as a script error that ends the evaluation with the same message as a stop
    /// between two operations.
    pub fn check(&self) -> Result<(), Box<rhai::EvalAltResult>> {
        self.reason()
            .map_or(Ok(()), |r| Err(crate::stop::terminated(r)))
    }
}

/// The stop conditions of the evaluation running on this thread.
pub fn stopper() -> Stopper {
    CURRENT.with(|c| {
        let c = c.borrow();
        Stopper {
            stop: c.stop.clone(),
            deadline: c.deadline,
            memory_in_use: c.memory_in_use,
            memory_budget: c.memory_budget,
        }
    })
}

/// Bytes in use, where the host counts them; 0 where it does not.
pub fn memory_in_use() -> usize {
    CURRENT.with(|c| c.borrow().memory_in_use.map_or(0, |in_use| in_use()))
}

/// The current memory budget in bytes; 0 for none.
pub fn memory_budget() -> usize {
    CURRENT.with(|c| c.borrow().memory_budget)
}

/// Refuses, before anything is allocated, a value of `bytes` that would pass the memory budget:
/// past twice the budget the allocator itself can only end the process, which at the prompt
/// would lose the session. `what` names the value for the message (`padding an array to 10
/// items`).
pub fn check_size(bytes: usize, what: impl FnOnce() -> String) -> Result<(), String> {
    let budget = memory_budget();
    if budget == 0 || bytes <= budget {
        return Ok(());
    }
    const MIB: usize = 1024 * 1024;
    Err(format!(
        "{} needs about {} MiB, more than the memory budget of {} MiB (raise it with {})",
        what(),
        bytes.div_ceil(MIB),
        budget / MIB,
        limit_setting(Limit::Memory, "MIB")
    ))
}

thread_local! {
    /// Set while `guarded` runs a third-party reader whose panics are expected on damaged input.
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, a reader from another crate that may panic on a damaged file (the Parquet reader
/// does), turning a panic into an error with its message instead of ending the program.
pub fn guarded<R>(f: impl FnOnce() -> R) -> Result<R, String> {
    let was = GUARDED.with(|g| g.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(was));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "it is damaged".to_string())
    })
}

/// Whether a panic now comes from inside `guarded` (the program's panic hook stays quiet:
/// it becomes an ordinary error).
pub fn in_guarded_code() -> bool {
    GUARDED.with(|g| g.get())
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
    fn a_known_stack_gets_a_floor_that_entering_sets_and_leaving_clears() {
        assert!(!stack_nearly_full());
        let host = Host {
            stack_bytes: 8 * 1024 * 1024,
            ..Host::default()
        };
        {
            let _entered = host.enter(0);
            let floor = STACK_FLOOR.with(Cell::get);
            assert!(floor > 0 && floor < stack_address());
            assert!(stack_address() - floor >= 4 * 1024 * 1024);
            assert!(!stack_nearly_full());
        }
        assert_eq!(STACK_FLOOR.with(Cell::get), 0);
        let unknown = Host::default().enter(0);
        assert_eq!(STACK_FLOOR.with(Cell::get), 0);
        drop(unknown);
    }

    #[test]
    fn a_stopper_sees_the_flags_the_deadline_and_the_memory_budget() {
        let host = Host::default();
        {
            let _entered = host.enter_until(0, None, Some(Instant::now()));
            assert_eq!(stopper().reason(), Some(crate::stop::TIMED_OUT));
        }
        assert_eq!(stopper().reason(), None);
        let counting = Host {
            memory_in_use: Some(|| 2048),
            ..Host::default()
        };
        {
            let _entered = counting.enter_until(1024, None, None);
            assert_eq!(stopper().reason(), Some(crate::stop::OUT_OF_MEMORY));
            counting.stop.request_interrupt();
            assert_eq!(stopper().reason(), Some(crate::stop::INTERRUPTED));
            assert!(stopper().check().is_err());
        }
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
