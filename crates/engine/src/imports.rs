//! `import "helpers" as h;` behind the file policy: Rhai's file module resolver, asked only
//! after the policy allows reading the module's file.

use std::path::Path;

use crate::files::Access;
use crate::host::check_file;

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
        let path = &*crate::files::expand_home(path);
        let file = self.inner.get_file_path(path, folder);
        let display = file.to_string_lossy().to_string();
        check_file(&display, Access::Read).map_err(|message| {
            Box::new(rhai::EvalAltResult::ErrorRuntime(
                format!("import \"{path}\": {message}").into(),
                pos,
            ))
        })?;
        self.inner.resolve(engine, source, path, pos)
    }
}
