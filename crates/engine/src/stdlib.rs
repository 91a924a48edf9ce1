//! The standard library written in Rhai (`stdlib/*.rhai`): thin composition and reporting
//! helpers, embedded in the binary and loaded into every engine as a global module, so their
//! functions are called like native ones. Numeric kernels stay in Rust (`bindings/`).

use rhai::{Engine, Module, Scope};

/// (file name, source) of every stdlib module, in load order.
pub const MODULES: &[(&str, &str)] = &[
    ("report.rhai", include_str!("../stdlib/report.rhai")),
    ("pledge.rhai", include_str!("../stdlib/pledge.rhai")),
    ("portfolio.rhai", include_str!("../stdlib/portfolio.rhai")),
];

/// What loading the stdlib into an engine produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// (module file name, names of its functions), so that a session points errors inside
    /// stdlib functions at their file without compiling the stdlib a second time (that second
    /// compile was an eighth of the start-up instructions).
    pub function_names: Vec<(String, Vec<String>)>,
    /// Modules that failed to compile: a bug in whatif, reported by the session.
    pub errors: Vec<String>,
}

/// Compiles one stdlib module into a Rhai module and the names of its functions; an error
/// names the file (a bug in whatif).
pub fn compile_module(
    engine: &Engine,
    name: &str,
    source: &str,
) -> Result<(Module, Vec<String>), String> {
    let mut ast = engine
        .compile(source)
        .map_err(|e| format!("stdlib/{name}: {e}"))?;
    ast.set_source(format!("stdlib/{name}"));
    let functions = ast.iter_functions().map(|f| f.name.to_string()).collect();
    let module = Module::eval_ast_as_new(Scope::new(), &ast, engine)
        .map_err(|e| format!("stdlib/{name}: {e}"))?;
    Ok((module, functions))
}

/// Registers every stdlib module on `engine`. The modules ship with the binary and are tested,
/// so a failure is a bug: the module is skipped and the failure returned rather than taking the
/// session down.
pub fn register(engine: &mut Engine) -> Loaded {
    let mut loaded = Loaded::default();
    for (name, source) in MODULES {
        match compile_module(engine, name, source) {
            Ok((module, functions)) => {
                engine.register_global_module(module.into());
                loaded.function_names.push((name.to_string(), functions));
            }
            Err(message) => loaded.errors.push(message),
        }
    }
    loaded
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_module_loads_on_its_own() {
        for (name, source) in MODULES {
            let built = crate::engine::build_engine(
                &crate::EngineConfig::default(),
                crate::engine::Deadline::default(),
                &crate::Host::default(),
            );
            assert!(built.stdlib.errors.is_empty(), "{:?}", built.stdlib.errors);
            let engine = built.engine;
            compile_module(&engine, name, source).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
