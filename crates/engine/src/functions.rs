//! The one walk over the engine's function metadata: every native and stdlib function with
//! its name, parameters, return type and doc comments. Help, completion, did-you-mean and the
//! doc-example test read this rather than Rhai's JSON.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use rhai::Engine;

/// One overload as the engine's metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInfo {
    /// The name scripts call it by.
    pub name: String,
    /// Rhai's text of the overload, unique per overload: `npv(rate: Decimal, …) -> …`.
    pub signature: String,
    /// Each parameter's name (`_` when unnamed) and type, as registered; empty for a
    /// function registered without parameter metadata.
    pub params: Vec<(Option<String>, Option<String>)>,
    /// How many parameters it takes.
    pub num_params: usize,
    /// The Rust return type as registered; `()` for none.
    pub return_type: String,
    /// The raw doc comments: `/// …` lines or `/** … */` blocks.
    pub comments: Vec<String>,
    /// From Rhai's standard library rather than whatif's bindings or stdlib.
    pub standard: bool,
}

/// Every function the engine offers: whatif's (and the stdlib's, once loaded) first, then
/// those of Rhai's standard library.
pub fn native_functions(engine: &Engine) -> Vec<FunctionInfo> {
    let mut found = read(engine, false);
    let ours: HashSet<String> = found.iter().map(|f| f.signature.clone()).collect();
    found.extend(
        read(engine, true)
            .into_iter()
            .filter(|f| !ours.contains(&f.signature))
            .map(|f| FunctionInfo {
                standard: true,
                ..f
            }),
    );
    found
}

thread_local! {
    /// Every session's engine is built the same way (`engine::build_engine`), so its functions
    /// differ only by whether the stdlib is compiled in: read once per thread for each, since
    /// reading goes through Rhai's JSON of every overload and its docs (milliseconds, on every
    /// misspelled name otherwise).
    static SESSION_FUNCTIONS: RefCell<[Option<Rc<[FunctionInfo]>>; 2]> =
        const { RefCell::new([None, None]) };
}

/// The functions of a session's engine (`native_functions`), read once per thread for an engine
/// without the stdlib and once for one with it.
pub(crate) fn session_functions(engine: &Engine, stdlib_loaded: bool) -> Rc<[FunctionInfo]> {
    let slot = usize::from(stdlib_loaded);
    if let Some(known) = SESSION_FUNCTIONS.with(|cache| cache.borrow()[slot].clone()) {
        return known;
    }
    let read: Rc<[FunctionInfo]> = native_functions(engine).into();
    SESSION_FUNCTIONS.with(|cache| cache.borrow_mut()[slot] = Some(Rc::clone(&read)));
    read
}

/// The functions of the engine's metadata, with Rhai's standard library or without.
fn read(engine: &Engine, standard: bool) -> Vec<FunctionInfo> {
    let Ok(json) = engine.gen_fn_metadata_to_json(standard) else {
        return Vec::new();
    };
    let Ok(metadata) = serde_json::from_str::<serde_json::Value>(&json) else {
        return Vec::new();
    };
    let text = |v: &serde_json::Value| v.as_str().map(str::to_string);
    metadata["functions"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| {
            Some(FunctionInfo {
                name: text(&f["name"])?,
                signature: text(&f["signature"]).unwrap_or_default(),
                params: f["params"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|p| (text(&p["name"]), text(&p["type"])))
                    .collect(),
                num_params: f["numParams"].as_u64().unwrap_or(0) as usize,
                return_type: text(&f["returnType"]).unwrap_or_else(|| "()".to_string()),
                comments: f["docComments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(text)
                    .collect(),
                standard: false,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatifs_functions_come_with_their_docs_and_rhais_are_marked_standard() {
        let session = crate::Session::new(
            &crate::EngineConfig::default(),
            std::rc::Rc::new(|_| {}),
            std::rc::Rc::new(|_| {}),
        );
        let functions = native_functions(session.engine());
        let roi = functions
            .iter()
            .find(|f| f.name == "roi")
            .expect("roi is listed");
        assert!(!roi.standard);
        assert_eq!(roi.params[0].0.as_deref(), Some("cost"));
        assert_eq!(roi.num_params, 2);
        assert!(roi.comments.iter().any(|c| c.contains("```rhai")));
        assert!(functions.iter().any(|f| f.name == "len" && f.standard));
        assert!(!functions.iter().any(|f| f.name == "roi" && f.standard));
    }

    #[test]
    fn a_sessions_functions_are_read_once_and_gain_the_stdlib_when_it_is_compiled() {
        let new = || {
            crate::Session::new(
                &crate::EngineConfig::default(),
                std::rc::Rc::new(|_| {}),
                std::rc::Rc::new(|_| {}),
            )
        };
        let (first, mut second) = (new(), new());
        let without = first.native_functions();
        assert!(Rc::ptr_eq(&without, &second.native_functions()));
        assert!(!without.iter().any(|f| f.name == "deploy"));
        second.load_stdlib();
        let with = second.native_functions();
        assert!(with.iter().any(|f| f.name == "deploy"));
        assert!(!Rc::ptr_eq(&without, &with));
        // The cache holds what a fresh read finds.
        assert_eq!(with.len(), native_functions(second.engine()).len());
        assert_eq!(without.len(), native_functions(first.engine()).len());
    }
}
