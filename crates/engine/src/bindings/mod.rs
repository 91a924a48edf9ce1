//! The script bindings, one module per topic, each with a `register(module)`; `register_all`
//! is the one list of them. A binding converts its arguments, calls the core, and converts the
//! result back. Every script-callable function carries a `///` doc with a runnable ```rhai
//! example, which reaches the engine's metadata (from `#[export_module]`, or `crate::docs` for
//! functions registered from a table), where `:help` and `crates/engine/tests/engine/doc_examples.rs` read it.
//!
//! The functions are built once per thread into one shared module (`shared`) that every
//! engine installs; what belongs to one session (its `set_fx` table) is reached through
//! `state`, and the few per-engine hooks (dataset names, the `explain` syntax) are `attach`ed.

use std::any::TypeId;

use rhai::{Engine, FuncRegistration, Module, RhaiNativeFunc, Shared, Variant};

pub mod arrays;
pub mod assert;
pub mod cashflow;
pub mod data;
pub mod dates;
pub mod display;
pub mod echo;
pub mod explain;
pub mod funds;
pub mod fx;
pub mod fx_options;
pub mod money;
pub mod returns;
pub mod state;
pub mod strings;
pub mod table;
pub mod units;
pub mod verbs;

/// Registers every binding's functions and types into `module`.
pub fn register_all(module: &mut Module) {
    assert::register(module);
    arrays::register(module);
    strings::register(module);
    display::register(module);
    units::register(module);
    dates::register(module);
    returns::register(module);
    cashflow::register(module);
    funds::register(module);
    fx::register(module);
    fx_options::register(module);
    money::register(module);
    explain::register(module);
    data::register(module);
    table::register(module);
    verbs::register(module);
    echo::register(module);
}

/// The per-engine hooks: datasets as global names (with the engine's cache of them), and the
/// `explain`/`sources` syntax over the session's FX table and recorded definitions.
pub fn attach(
    engine: &mut Engine,
    fx: &whatif_core::fx::FxSession,
    definitions: &crate::explain::Definitions,
) {
    explain::attach(engine, fx, definitions);
    data::attach(engine, fx.clone());
}

thread_local! {
    /// Built on a thread's first engine. Rhai's modules are reference-counted without atomics
    /// (the `sync` feature is off), so each thread that builds engines keeps its own.
    static SHARED: Shared<Module> = {
        let mut module = Module::new();
        register_all(&mut module);
        module.build_index();
        module.into()
    };
}

/// The module of every binding, built once per thread and shared by its engines.
pub fn shared() -> Shared<Module> {
    SHARED.with(Shared::clone)
}

/// `rhai::Engine`'s registration calls, onto a module: a binding module's `register` reads
/// as it would against an engine, and the metadata (`:help`'s signatures) comes out the same.
pub trait Register {
    /// A function in the global namespace; its parameters' metadata are their type names as
    /// scripts know them (`Money`, not `whatif_core::money::Money`).
    fn register_fn<A, const N: usize, const X: bool, R, const F: bool, Func>(
        &mut self,
        name: &str,
        func: Func,
    ) -> &mut Self
    where
        A: 'static,
        R: Variant + Clone,
        Func: RhaiNativeFunc<A, N, X, R, F> + 'static;

    /// A custom type and the name `type_of` and messages give it. Every type needs this line:
    /// a `pub type` alias inside an `#[export_module]` names the type only in that module,
    /// and `Module::combine_flatten` does not carry the name into the shared one.
    fn register_type_with_name<T: Variant + Clone>(&mut self, name: &str) -> &mut Self;

    /// `for x in value` over a type that iterates.
    fn register_iterator<T>(&mut self) -> &mut Self
    where
        T: Variant + Clone + IntoIterator,
        <T as IntoIterator>::Item: Variant + Clone;

    /// `value[index]`.
    fn register_indexer_get<A, const X: bool, R, const F: bool, Func>(
        &mut self,
        func: Func,
    ) -> &mut Self
    where
        A: 'static,
        R: Variant + Clone,
        Func: RhaiNativeFunc<A, 2, X, R, F> + 'static,
    {
        self.register_fn(FN_IDX_GET, func)
    }

    /// `value[index] = x`.
    fn register_indexer_set<A, const X: bool, const F: bool, Func>(
        &mut self,
        func: Func,
    ) -> &mut Self
    where
        A: 'static,
        Func: RhaiNativeFunc<A, 3, X, (), F> + 'static,
    {
        self.register_fn(FN_IDX_SET, func)
    }
}

/// Rhai's names of the indexer functions (`rhai::engine::FN_IDX_GET`, not exported).
const FN_IDX_GET: &str = "index$get$";
const FN_IDX_SET: &str = "index$set$";

impl Register for Module {
    fn register_fn<A, const N: usize, const X: bool, R, const F: bool, Func>(
        &mut self,
        name: &str,
        func: Func,
    ) -> &mut Self
    where
        A: 'static,
        R: Variant + Clone,
        Func: RhaiNativeFunc<A, N, X, R, F> + 'static,
    {
        let mut params: Vec<String> = Func::param_names()
            .iter()
            .map(|ty| format!("_: {}", script_type_name(self, ty)))
            .collect();
        if Func::return_type() != TypeId::of::<()>() {
            params.push(script_type_name(self, Func::return_type_name()));
        }
        FuncRegistration::new(name)
            .in_global_namespace()
            .with_params_info(params)
            .set_into_module(self, func);
        self
    }

    fn register_type_with_name<T: Variant + Clone>(&mut self, name: &str) -> &mut Self {
        self.set_custom_type::<T>(name);
        self
    }

    fn register_iterator<T>(&mut self) -> &mut Self
    where
        T: Variant + Clone + IntoIterator,
        <T as IntoIterator>::Item: Variant + Clone,
    {
        self.set_iterable::<T>();
        self
    }
}

/// A Rust type name as scripts know it, as `Engine` formats a parameter: a type registered in
/// `module` by its registered name, a standard one by Rhai's own (`&mut ` kept).
fn script_type_name(module: &Module, ty: &str) -> String {
    if let Some(inner) = ty.strip_prefix("&mut ") {
        let mapped = script_type_name(module, inner);
        return if mapped == inner {
            ty.to_string()
        } else {
            format!("&mut {mapped}")
        };
    }
    match module.get_custom_type_display_by_name(ty) {
        Some(name) => name.to_string(),
        None => STANDARD_NAMES.with(|engine| engine.map_type_name(ty).to_string()),
    }
}

thread_local! {
    /// An engine without packages, for Rhai's names of its standard types.
    static STANDARD_NAMES: Engine = const { Engine::new_raw() };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bindings_are_built_once_per_thread_and_shared() {
        assert!(Shared::ptr_eq(&shared(), &shared()));
        let count = || shared().gen_fn_signatures_with_mapper(Into::into).count();
        let other = std::thread::spawn(count).join().unwrap();
        assert_eq!(other, count());
    }

    #[test]
    fn a_function_registered_on_a_module_names_its_types_as_scripts_do() {
        let mut module = Module::new();
        module.register_type_with_name::<whatif_core::dates::Date>("Date");
        module.register_fn(
            "==",
            |_: whatif_core::dates::Date, _: rhai::ImmutableString| true,
        );
        module.register_fn("touch", |_: &mut whatif_core::dates::Date| {});
        let engine = {
            let mut engine = Engine::new_raw();
            engine.register_global_module(module.into());
            engine
        };
        let signatures = engine.gen_fn_signatures(false);
        assert!(
            signatures.contains(&"==(_: Date, _: string) -> bool".to_string()),
            "{signatures:?}"
        );
        assert!(
            signatures.contains(&"touch(_: &mut Date)".to_string()),
            "{signatures:?}"
        );
    }
}
