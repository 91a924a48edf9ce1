//! Builds the Rhai engine every session runs on: exact-decimal numbers, the bindings, the
//! stdlib, the stop hook (Ctrl-C, closed output, wall-clock and memory budgets) and the
//! resource limits.

use std::cell::Cell;
use std::rc::Rc;
use std::time::{Duration, Instant};

use rhai::{Dynamic, Engine};

use crate::host::Host;
pub use crate::stop::{OUT_OF_MEMORY, STACK_FULL, TIMED_OUT};
use crate::{bindings, numbers, stdlib};

/// Growth of the memory in use between two reads of the clock at most.
const CLOCK_EVERY_BYTES: usize = 64 * 1024 * 1024;

/// Strings the engine interns, as `Engine::new()` sets.
const STRINGS_INTERNED: usize = 256;

thread_local! {
    /// Rhai's standard package without its byte buffers (`blob`) and bit fields (`get_bit`),
    /// which no analyst's script needs and every start paid to register (some 80 functions),
    /// built on a thread's first engine and shared by the rest.
    static STANDARD: rhai::Shared<rhai::Module> = {
        use rhai::packages::*;
        let mut module = rhai::Module::new();
        // `CorePackage` marks the module as Rhai's standard library, which `functions` reads.
        CorePackage::init(&mut module);
        LogicPackage::init(&mut module);
        BasicMathPackage::init(&mut module);
        BasicArrayPackage::init(&mut module);
        BasicMapPackage::init(&mut module);
        BasicTimePackage::init(&mut module);
        MoreStringPackage::init(&mut module);
        module.register_lazy_functions();
        module.build_index();
        rhai::Shared::new(module)
    };
    /// The comparisons refused between unlike kinds (`compare`), built once per thread: as a
    /// module they cost a quarter of registering each on every engine.
    static UNLIKE: rhai::Shared<rhai::Module> = {
        let mut module = rhai::Module::new();
        crate::compare::register(&mut module);
        module.build_index();
        rhai::Shared::new(module)
    };
}

/// Resource limits chosen at start-up. The defaults are generous enough for every shipped
/// script and tight enough that `loop {}`, runaway recursion or unbounded growth end with an
/// error that names the limit instead of eating the machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EngineConfig {
    /// Operations one evaluation may run; 0 for no limit (`--max-ops`).
    pub max_operations: u64,
    /// Wall-clock budget of one evaluation; `None` for no limit (`--timeout`).
    pub timeout: Option<Duration>,
    /// Depth of nested function calls (`--max-call-depth`).
    pub max_call_depth: usize,
    /// Nesting depth of expressions at the top level; functions get half (`--max-expr-depth`).
    pub max_expr_depth: usize,
    /// Memory the process may use while a script runs, in bytes; 0 for no limit
    /// (`--max-memory`, in MiB). Enforced only where the host reports the memory in use
    /// (`Host::memory_in_use`).
    pub max_memory: usize,
    /// Length of one string in bytes; 0 for no limit (`--max-string-len`). Off by default:
    /// Rhai checks these per-value limits by re-measuring the whole value on every change,
    /// which makes building a large array quadratic; the memory budget guards instead.
    pub max_string_len: usize,
    /// Elements of one array; 0 for no limit (`--max-array-len`). Off by default, as above.
    pub max_array_len: usize,
    /// Entries of one object map; 0 for no limit (`--max-map-len`). Off by default, as above.
    pub max_map_len: usize,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            max_operations: 100_000_000,
            timeout: Some(Duration::from_secs(60)),
            max_call_depth: 200,
            max_expr_depth: 200,
            max_memory: 1024 * 1024 * 1024,
            max_string_len: 0,
            max_array_len: 0,
            max_map_len: 0,
        }
    }
}

impl EngineConfig {
    /// The interactive prompt: no wall-clock budget, since Ctrl-C serves.
    pub fn interactive() -> Self {
        EngineConfig {
            timeout: None,
            ..EngineConfig::default()
        }
    }
}

/// When the running evaluation must stop; set by the session before each evaluation.
#[derive(Debug, Clone, Default)]
pub struct Deadline(Rc<Cell<Option<Instant>>>);

impl Deadline {
    /// Starts the clock: the evaluation stops `timeout` from now (never for `None`).
    pub fn arm(&self, timeout: Option<Duration>) {
        self.0.set(timeout.map(|t| Instant::now() + t));
    }

    /// When the running evaluation must stop, if it must.
    pub fn at(&self) -> Option<Instant> {
        self.0.get()
    }

    /// Whether the evaluation ran past its deadline.
    pub fn passed(&self) -> bool {
        self.0.get().is_some_and(|at| Instant::now() >= at)
    }
}

/// A fresh engine with whatif's numbers, bindings, stdlib and limits; `deadline` and the host's
/// stop flags and memory probe are checked while it runs. Also returns the function names of
/// each stdlib module (for pointing errors at their file) and any stdlib module that failed to
/// compile (a bug in whatif, reported by the session rather than taking it down).
pub fn build_engine(config: &EngineConfig, deadline: Deadline, host: &Host) -> BuiltEngine {
    // `Engine::new()` would build Rhai's standard package anew for every engine; the standard
    // package and the bindings are built once per thread and shared (`bindings::shared`).
    let mut engine = Engine::new_raw();
    engine.set_max_strings_interned(STRINGS_INTERNED);
    STANDARD.with(|standard| engine.register_global_module(standard.clone()));
    engine.register_global_module(bindings::shared());
    // Without this, Rhai's built-in integer division (which truncates) and decimal operators
    // (which keep trailing zeros) win over the overrides registered in `numbers`.
    engine.set_fast_operators(false);
    numbers::register(&mut engine);
    UNLIKE.with(|unlike| engine.register_global_module(unlike.clone()));
    engine.set_module_resolver(crate::imports::PolicyModuleResolver::new());
    let fx = whatif_core::fx::FxSession::new();
    let definitions = crate::explain::Definitions::default();
    bindings::attach(&mut engine, &fx, &definitions);

    engine.set_max_operations(config.max_operations);
    engine.set_max_call_levels(config.max_call_depth);
    // The stdlib is compiled when a session first needs it (`stdlib::load`); its function
    // names are read now, for pointing errors at its files.
    let stdlib = stdlib::Loaded {
        function_names: stdlib::function_names(),
        errors: Vec::new(),
    };
    engine.set_max_expr_depths(config.max_expr_depth, (config.max_expr_depth / 2).max(1));
    engine.set_max_string_size(config.max_string_len);
    engine.set_max_array_size(config.max_array_len);
    engine.set_max_map_size(config.max_map_len);
    let stop = host.stop.clone();
    let memory = host.memory_in_use.filter(|_| config.max_memory > 0);
    let budget = config.max_memory;
    // Memory in use when the clock was last read: an operation that grows memory by much
    // (`s += s`) can take seconds, so growth reads the clock too, not only every 4096th step.
    let probe = host.memory_in_use;
    let clock_mark = Cell::new(0usize);
    // Rhai counts operations afresh inside each closure a native function calls (`sweep`,
    // `monte_carlo`), so its count can stay short of any multiple of 4096 for a whole run of
    // short closures: the hook counts its own calls.
    let calls = Cell::new(0u32);
    engine.on_progress(move |_operations| {
        calls.set(calls.get().wrapping_add(1));
        if let Some(reason) = stop.pending() {
            return Some(Dynamic::from(reason));
        }
        if memory.is_some_and(|in_use| in_use() > budget) {
            return Some(Dynamic::from(OUT_OF_MEMORY));
        }
        if crate::host::stack_nearly_full() {
            return Some(Dynamic::from(STACK_FULL));
        }
        // Reading the clock costs more than an operation: look every 4096 of them.
        let grew = probe.is_some_and(|in_use| {
            let now = in_use();
            let grew = now > clock_mark.get().saturating_add(CLOCK_EVERY_BYTES);
            if grew || now < clock_mark.get() {
                clock_mark.set(now);
            }
            grew
        });
        if (grew || calls.get().is_multiple_of(4096)) && deadline.passed() {
            return Some(Dynamic::from(TIMED_OUT));
        }
        None
    });
    BuiltEngine {
        engine,
        stdlib,
        fx,
        definitions,
    }
}

/// An engine and what building it learnt about the stdlib.
pub struct BuiltEngine {
    pub engine: Engine,
    pub stdlib: stdlib::Loaded,
    /// The session's FX table (its `set_fx` overrides); the session makes it current while it
    /// evaluates (`bindings::state`).
    pub fx: whatif_core::fx::FxSession,
    /// What `explain` follows variables to; the session records into it.
    pub definitions: crate::explain::Definitions,
}
