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

/// Compiles one stdlib module into a Rhai module; an error names the file (a bug in whatif).
pub fn compile_module(engine: &Engine, name: &str, source: &str) -> Result<Module, String> {
    let mut ast = engine
        .compile(source)
        .map_err(|e| format!("stdlib/{name}: {e}"))?;
    ast.set_source(format!("stdlib/{name}"));
    FUNCTION_NAMES.with(|names| {
        let mut names = names.borrow_mut();
        if !names.iter().any(|(module, _)| *module == name) {
            let functions = ast.iter_functions().map(|f| f.name.to_string()).collect();
            names.push((name.to_string(), functions));
        }
    });
    Module::eval_ast_as_new(Scope::new(), &ast, engine).map_err(|e| format!("stdlib/{name}: {e}"))
}

thread_local! {
    /// (module file name, names of its functions), filled as modules compile: sessions use it
    /// to point errors inside stdlib functions at their file without compiling the stdlib a
    /// second time (that second compile was an eighth of the start-up instructions).
    static FUNCTION_NAMES: std::cell::RefCell<Vec<(String, Vec<String>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// The names of the functions the stdlib module `name` defines (compiling it if no engine on
/// this thread has yet).
pub fn function_names(name: &str) -> Vec<String> {
    let known = FUNCTION_NAMES.with(|names| {
        names
            .borrow()
            .iter()
            .find(|(module, _)| module == name)
            .map(|(_, functions)| functions.clone())
    });
    known.unwrap_or_else(|| {
        let source = MODULES.iter().find(|(module, _)| *module == name);
        source
            .and_then(|(_, source)| Engine::new_raw().compile(*source).ok())
            .map(|ast| ast.iter_functions().map(|f| f.name.to_string()).collect())
            .unwrap_or_default()
    })
}

/// Registers every stdlib module on `engine`. The modules ship with the binary and are tested,
/// so a failure here is a bug: it is reported on standard error and the module is skipped
/// rather than taking the session down.
pub fn register(engine: &mut Engine) {
    for (name, source) in MODULES {
        match compile_module(engine, name, source) {
            Ok(module) => {
                engine.register_global_module(module.into());
            }
            Err(message) => eprintln!("error: internal error: {message}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_module_loads_on_its_own() {
        for (name, source) in MODULES {
            let engine = crate::engine::build_engine(
                &crate::EngineConfig::default(),
                crate::engine::Deadline::default(),
            );
            compile_module(&engine, name, source).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}
