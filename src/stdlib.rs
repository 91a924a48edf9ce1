//! The standard library written in Rhai (`stdlib/*.rhai`): thin composition and reporting
//! helpers, embedded in the binary and loaded into every engine as a global module, so their
//! functions are called like native ones. Numeric kernels stay in Rust (`packages/`).

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
    Module::eval_ast_as_new(Scope::new(), &ast, engine).map_err(|e| format!("stdlib/{name}: {e}"))
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
