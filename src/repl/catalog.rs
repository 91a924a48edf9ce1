//! What the engine offers, read at run time: every function (whatif's native packages, Rhai's
//! built-ins and the user's own `fn`s) with its signature and `///` documentation, and the
//! datasets. `:help`, `:functions` and tab completion read this, so functions and datasets
//! added to the engine later appear in the REPL without changes here.

use rhai::{Engine, AST};

/// Where a function comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// Defined in this session with `fn`.
    User,
    /// One of whatif's native packages (or anything else registered on the engine).
    Whatif,
    /// Rhai's standard library.
    Builtin,
}

/// One function overload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FnInfo {
    pub name: String,
    pub signature: String,
    /// Documentation lines without the `///` markers.
    pub doc: Vec<String>,
    pub origin: Origin,
    pub num_params: usize,
}

impl FnInfo {
    /// The first paragraph of the documentation, on one line.
    pub fn summary(&self) -> String {
        self.doc
            .iter()
            .take_while(|l| !l.trim().is_empty() && !l.trim_start().starts_with("```"))
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// Turns the raw doc comments Rhai keeps (`/// text` lines or `/** … */` blocks) into lines.
pub fn doc_lines(comments: &[&str]) -> Vec<String> {
    let mut lines = Vec::new();
    for block in comments {
        let block = block.trim();
        if let Some(inner) = block.strip_prefix("/**") {
            let inner = inner.strip_suffix("*/").unwrap_or(inner);
            for line in inner.lines() {
                let line = line.trim();
                let line = line.strip_prefix('*').unwrap_or(line);
                lines.push(line.strip_prefix(' ').unwrap_or(line).to_string());
            }
        } else {
            for line in block.lines() {
                let line = line.trim_start();
                let line = line.strip_prefix("///").unwrap_or(line);
                lines.push(line.strip_prefix(' ').unwrap_or(line).to_string());
            }
        }
    }
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// A plain function name (operators, getters like `get$x` and anonymous closures are left out).
pub fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with("anon$")
}

/// A Rust type as a script writer thinks of it: `RhaiResult<Decimal>` is `decimal`,
/// `&mut Dynamic` is `any`, `&str` is `string`.
pub fn clean_type(ty: &str) -> String {
    let ty = ty.trim();
    let ty = ty.strip_prefix("&mut ").unwrap_or(ty);
    let ty = ty.strip_prefix('&').unwrap_or(ty).trim();
    // Drop the path of the outer type: `core::result::Result<…>` is `Result<…>`.
    let generic = ty.find('<').unwrap_or(ty.len());
    let ty = ty[..generic].rfind("::").map_or(ty, |i| &ty[i + 2..]);
    for wrapper in ["RhaiResult<", "RhaiResultOf<", "Result<"] {
        if let Some(inner) = ty.strip_prefix(wrapper).and_then(|s| s.strip_suffix('>')) {
            // The first generic argument, at depth zero: `Result<T, Box<E>>` is `T`.
            let mut depth = 0;
            let end = inner
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '<' | '(' => depth += 1,
                        '>' | ')' => depth -= 1,
                        ',' if depth == 0 => return true,
                        _ => {}
                    }
                    false
                })
                .map_or(inner.len(), |(i, _)| i);
            return clean_type(&inner[..end]);
        }
    }
    match ty {
        "Dynamic" => "any",
        "str" | "ImmutableString" | "String" => "string",
        "Decimal" => "decimal",
        "INT" => "i64",
        "Array" => "array",
        "Map" => "map",
        "FnPtr" => "Fn",
        other => other,
    }
    .to_string()
}

/// Native functions read from the engine's metadata, once per engine.
pub fn native_functions(engine: &Engine) -> Vec<FnInfo> {
    let all: Vec<FnInfo> = whatif_engine::functions::native_functions(engine)
        .iter()
        .filter(|f| is_plain_name(&f.name))
        .map(fn_info)
        .collect();
    let whatif: std::collections::HashSet<String> = all
        .iter()
        .filter(|f| f.origin == Origin::Whatif)
        .map(|f| f.signature.clone())
        .collect();
    all.into_iter()
        .filter(|f| f.origin == Origin::Whatif || !whatif.contains(&f.signature))
        .collect()
}

/// One native overload as `:help` and completion show it.
fn fn_info(f: &whatif_engine::functions::FunctionInfo) -> FnInfo {
    let params: Vec<String> = f
        .params
        .iter()
        .map(|(name, ty)| {
            let ty = ty.as_deref().map(clean_type);
            match (name, ty) {
                (Some(n), Some(t)) => format!("{n}: {t}"),
                (Some(n), None) => n.clone(),
                (None, Some(t)) => t,
                (None, None) => "?".to_string(),
            }
        })
        .collect();
    let returns = clean_type(&f.return_type);
    let arrow = if returns == "()" {
        String::new()
    } else {
        format!(" -> {returns}")
    };
    let comments: Vec<&str> = f.comments.iter().map(String::as_str).collect();
    FnInfo {
        name: f.name.clone(),
        signature: format!("{}({}){arrow}", f.name, params.join(", ")),
        doc: doc_lines(&comments),
        origin: if f.standard {
            Origin::Builtin
        } else {
            Origin::Whatif
        },
        num_params: f.num_params,
    }
}

/// The functions the user defined with `fn` in this session.
pub fn user_functions(ast: &AST) -> Vec<FnInfo> {
    ast.iter_functions()
        .filter(|f| is_plain_name(f.name))
        .map(|f| FnInfo {
            name: f.name.to_string(),
            signature: format!("{}({})", f.name, f.params.join(", ")),
            doc: doc_lines(&f.comments),
            origin: Origin::User,
            num_params: f.params.len(),
        })
        .collect()
}

/// A dataset as the REPL lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInfo {
    pub name: String,
    pub description: String,
}

/// The built-in datasets with their descriptions, straight from the registry (a user's own
/// `datasets()` function must not change what `:datasets` lists).
pub fn datasets() -> Vec<DatasetInfo> {
    whatif_core::datasets::names()
        .into_iter()
        .map(|name| DatasetInfo {
            name: name.to_string(),
            description: whatif_core::datasets::get(name)
                .map(|d| d.description.clone())
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_strip_markers() {
        let lines = doc_lines(&["/// First line.\n///\n/// ```rhai\n/// f(1)\n/// ```"]);
        assert_eq!(lines, vec!["First line.", "", "```rhai", "f(1)", "```"]);
        let block = doc_lines(&["/** Sums.\n * more */"]);
        assert_eq!(block, vec!["Sums.", "more"]);
    }

    #[test]
    fn summary_is_the_first_paragraph() {
        let info = FnInfo {
            name: "f".into(),
            signature: "f()".into(),
            doc: vec!["One".into(), "two.".into(), "".into(), "Rest".into()],
            origin: Origin::User,
            num_params: 0,
        };
        assert_eq!(info.summary(), "One two.");
    }

    #[test]
    fn datasets_come_from_the_registry_with_descriptions() {
        let found = datasets();
        assert_eq!(found.len(), whatif_core::datasets::names().len());
        let pledges = found.iter().find(|d| d.name == "pledges").unwrap();
        assert!(pledges.description.contains("SoftBank"), "{pledges:?}");
    }

    #[test]
    fn types_read_as_script_types() {
        assert_eq!(clean_type("RhaiResult<()>"), "()");
        assert_eq!(clean_type("&mut Dynamic"), "any");
        assert_eq!(clean_type("&str"), "string");
        assert_eq!(
            clean_type(
                "core::result::Result<rust_decimal::decimal::Decimal,alloc::boxed::Box<rhai::EvalAltResult>>"
            ),
            "decimal"
        );
        assert_eq!(clean_type("decimal"), "decimal");
    }

    #[test]
    fn plain_names_only() {
        assert!(is_plain_name("assert_eq"));
        assert!(!is_plain_name("+"));
        assert!(!is_plain_name("get$len"));
    }
}
