//! The standard library written in Rhai (`stdlib/*.rhai` at the top of the repository, beside
//! `src`, `scripts` and `tests`): thin composition and reporting helpers, embedded in the binary and loaded into an engine as a global module, so their
//! functions are called like native ones. Numeric kernels stay in Rust (`bindings/`).
//!
//! Compiling the stdlib is most of a start-up's work, and most scripts never call it: a
//! session loads it before the first text that names one of its functions (or imports a
//! module, or calls `eval`), and the prompt loads it at once for its help and completion.

use rhai::{Engine, Module, Scope};

/// (file name, source) of every stdlib module, in load order. The files sit outside this
/// crate's folder, which is why the crate is not published (`publish = false`).
pub const MODULES: &[(&str, &str)] = &[
    ("report.rhai", include_str!("../../../stdlib/report.rhai")),
    ("pledge.rhai", include_str!("../../../stdlib/pledge.rhai")),
    (
        "portfolio.rhai",
        include_str!("../../../stdlib/portfolio.rhai"),
    ),
];

/// What loading the stdlib into an engine produced.
#[derive(Debug, Default)]
pub struct Loaded {
    /// (module file name, names of its functions), so that a session points errors inside
    /// stdlib functions at their file without compiling the stdlib a second time.
    pub function_names: Vec<(String, Vec<String>)>,
    /// Modules that failed to compile: a bug in whatif, reported by the session.
    pub errors: Vec<String>,
}

/// The functions each module defines, read from the sources without compiling them (the
/// name on each line that starts a definition, `fn name(` or `private fn name(`: the lexer was
/// a sixth of a start-up). Only the lines holding `fn ` are looked at.
pub fn function_names() -> Vec<(String, Vec<String>)> {
    MODULES
        .iter()
        .map(|(name, source)| {
            let functions = memchr::memmem::find_iter(source.as_bytes(), b"fn ")
                .filter_map(|at| {
                    let line_start = source[..at].rfind('\n').map_or(0, |n| n + 1);
                    let before = source[line_start..at].trim_start();
                    if !(before.is_empty() || before == "private ") {
                        return None;
                    }
                    let rest = &source[at + 3..];
                    let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_'))?;
                    Some(rest[..end].to_string()).filter(|n| !n.is_empty())
                })
                .collect();
            (name.to_string(), functions)
        })
        .collect()
}

/// Whether compiling `text` may need the stdlib: it names one of its functions (in code or in
/// a string, as `Fn("name")` does), or imports a module or evaluates text, which are not seen.
pub fn is_needed_by(text: &str, names: &[(String, Vec<String>)]) -> bool {
    text.contains("import")
        || text.contains("eval")
        || names
            .iter()
            .flat_map(|(_, functions)| functions)
            .any(|f| text.contains(f.as_str()))
}

/// Loads the stdlib into `engine`, compiled under the default depth limits whatever the user
/// chose for their scripts (it is whatif's own code); the engine's limits are `config`'s after.
pub fn load(engine: &mut Engine, config: &crate::EngineConfig) -> Loaded {
    let defaults = crate::EngineConfig::default();
    engine.set_max_expr_depths(defaults.max_expr_depth, defaults.max_expr_depth / 2);
    let loaded = register(engine);
    engine.set_max_expr_depths(config.max_expr_depth, (config.max_expr_depth / 2).max(1));
    loaded
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
    fn every_file_in_the_stdlib_folder_is_embedded() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../stdlib");
        let mut files: Vec<String> = std::fs::read_dir(&folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".rhai"))
            .collect();
        files.sort();
        let mut embedded: Vec<String> = MODULES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(files, embedded);
        for (name, source) in MODULES {
            assert_eq!(&std::fs::read_to_string(folder.join(name)).unwrap(), source);
        }
    }

    #[test]
    fn each_module_loads_on_its_own() {
        for (name, source) in MODULES {
            let mut engine = crate::engine::build_engine(
                &crate::EngineConfig::default(),
                crate::engine::Deadline::default(),
                &crate::Host::default(),
            )
            .engine;
            let loaded = load(&mut engine, &crate::EngineConfig::default());
            assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
            compile_module(&engine, name, source).unwrap_or_else(|e| panic!("{e}"));
        }
    }

    #[test]
    fn function_names_read_without_compiling_are_the_compiled_ones() {
        let mut engine = crate::engine::build_engine(
            &crate::EngineConfig::default(),
            crate::engine::Deadline::default(),
            &crate::Host::default(),
        )
        .engine;
        let compiled = load(&mut engine, &crate::EngineConfig::default()).function_names;
        let read = function_names();
        assert_eq!(read.len(), compiled.len());
        for ((module, mut a), (_, mut b)) in read.into_iter().zip(compiled) {
            // Closures compile to functions of their own, named when compiled.
            b.retain(|name| !name.starts_with("anon$"));
            a.sort();
            b.sort();
            assert_eq!(a, b, "{module}");
        }
    }
}
