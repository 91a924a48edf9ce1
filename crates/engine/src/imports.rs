//! `import "helpers" as h;` behind the file policy: Rhai's file module resolver, asked only
//! after the policy allows reading the module's file.

use std::path::Path;

use crate::disk::Guard;
use crate::file_policy::Access;
use crate::host::with_file_policy;

/// Rhai's file module resolver behind the file policy: `import "helpers" as h;` reads
/// `helpers.rhai` (beside the importing script, or in the working folder) only where the policy
/// allows reading.
pub struct PolicyModuleResolver {
    inner: rhai::module_resolvers::FileModuleResolver,
}

impl PolicyModuleResolver {
    pub fn new() -> Self {
        PolicyModuleResolver {
            inner: rhai::module_resolvers::FileModuleResolver::new(),
        }
    }
}

impl Default for PolicyModuleResolver {
    fn default() -> Self {
        Self::new()
    }
}

impl rhai::ModuleResolver for PolicyModuleResolver {
    fn resolve(
        &self,
        engine: &rhai::Engine,
        source: Option<&str>,
        path: &str,
        pos: rhai::Position,
    ) -> Result<rhai::Shared<rhai::Module>, Box<rhai::EvalAltResult>> {
        let folder = source.and_then(|s| Path::new(s).parent());
        let path = &*crate::file_policy::expand_home(path);
        let file = self.inner.get_file_path(path, folder);
        let display = file.to_string_lossy().to_string();
        // The policy checks the file that is opened, and only a regular file is read (a FIFO
        // would hang the import); the text is compiled here rather than by Rhai's resolver,
        // which would open the path a second time.
        let refused = |message: String| {
            Box::new(rhai::EvalAltResult::ErrorRuntime(
                format!("import \"{path}\": {message}").into(),
                pos,
            ))
        };
        with_file_policy(|policy| policy.check_path(&display, Access::Read)).map_err(refused)?;
        if !file.exists() {
            return Err(Box::new(rhai::EvalAltResult::ErrorModuleNotFound(
                path.to_string(),
                pos,
            )));
        }
        let bytes = with_file_policy(|policy| crate::disk::read(&display, Guard::Policy(policy)))
            .map_err(refused)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            Box::new(rhai::EvalAltResult::ErrorRuntime(
                format!("import \"{path}\": {display} is not UTF-8 text").into(),
                pos,
            ))
        })?;
        let in_module = |err| {
            Box::new(rhai::EvalAltResult::ErrorInModule(
                path.to_string(),
                err,
                pos,
            ))
        };
        let mut ast = engine.compile(&text).map_err(|e| in_module(e.into()))?;
        ast.set_source(path);
        let module =
            rhai::Module::eval_ast_as_new(rhai::Scope::new(), &ast, engine).map_err(in_module)?;
        Ok(module.into())
    }
}
