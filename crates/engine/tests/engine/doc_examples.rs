//! Every script-callable native function documents a runnable ```rhai example; this runs each
//! one in a fresh session, so documentation and behaviour cannot drift apart.

use crate::common::session;

use whatif_engine::file_policy::FilePolicy;
use whatif_engine::functions::{native_functions, FunctionInfo};

/// Every native and stdlib function of whatif (not Rhai's own), from the engine's metadata.
fn functions() -> Vec<FunctionInfo> {
    let mut session = session();
    // The stdlib is compiled on first need; its functions are documented too.
    session.load_stdlib();
    native_functions(session.engine())
        .into_iter()
        .filter(|f| !f.standard)
        .collect()
}

/// (function signature, example code) for every documented native function.
fn examples() -> Vec<(String, String)> {
    let mut found = Vec::new();
    for function in functions() {
        let comments = &function.comments;
        let lines: Vec<String> = comments
            .iter()
            .flat_map(|block| block.lines().map(str::to_string).collect::<Vec<_>>())
            .map(|line| {
                let line = line.trim_start();
                let line = line.strip_prefix("///").unwrap_or(line);
                line.strip_prefix(' ').unwrap_or(line).to_string()
            })
            .collect();
        let mut in_example = false;
        let mut code = String::new();
        for line in lines {
            if line.trim_start().starts_with("```") {
                if in_example {
                    found.push((function.signature.clone(), code.clone()));
                    code.clear();
                }
                in_example = !in_example && line.trim() == "```rhai";
                continue;
            }
            if in_example {
                code.push_str(&line);
                code.push('\n');
            }
        }
    }
    found
}

#[test]
fn every_documented_example_runs() {
    let examples = examples();
    // Every function a script calls by name has at least one example among them.
    let callable = callable_signatures();
    let with_example: std::collections::HashSet<&str> =
        examples.iter().map(|(s, _)| s.as_str()).collect();
    let without: Vec<&String> = callable
        .iter()
        .filter(|s| !with_example.contains(s.as_str()))
        .collect();
    assert!(without.is_empty(), "no runnable example: {without:?}");
    assert!(
        callable.len() > 250 && examples.len() >= callable.len(),
        "{} examples for {} functions",
        examples.len(),
        callable.len()
    );
    // The examples name the repository's fixtures as a reader at its top would
    // (`tests/fixtures/rounds.csv`); cargo runs this binary in the engine's folder. Every test of
    // this binary that reads relative paths means the top folder, so changing it is safe.
    std::env::set_current_dir(crate::common::repository()).unwrap();
    let mut failures = Vec::new();
    for (signature, code) in &examples {
        let mut session = session();
        // The examples that load files read the fixtures of this repository.
        session.set_file_policy(FilePolicy::roots([crate::common::repository()]));
        if let Err(error) = session.eval(code, "<example>") {
            failures.push(format!(
                "{signature}:\n{code}{}",
                session.render_error(&error)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "failing doc examples:\n\n{}",
        failures.join("\n")
    );
}

/// Whether scripts call a function by its name: not an operator, an indexer, a property
/// accessor (`get$len`, reached as `x.len`) or a closure the stdlib compiled (`anon$…`).
fn called_by_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') && !name.contains('$')
}

/// The signature of every native and stdlib function scripts call by name.
fn callable_signatures() -> Vec<String> {
    functions()
        .into_iter()
        .filter(|f| called_by_name(&f.name))
        .map(|f| f.signature)
        .collect()
}

#[test]
fn every_function_called_by_name_has_a_runnable_example() {
    let missing: Vec<String> = functions()
        .into_iter()
        .filter(|f| called_by_name(&f.name))
        .filter(|f| !f.comments.iter().any(|c| c.contains("```rhai")))
        .map(|f| f.signature)
        .collect();
    assert!(
        missing.is_empty(),
        "without a runnable example: {missing:?}"
    );
    assert!(called_by_name("npv") && called_by_name("to_string"));
    assert!(!called_by_name("+") && !called_by_name("get$len") && !called_by_name("index$get$"));
}

#[test]
fn stdlib_functions_are_documented_examples_too() {
    let signatures: Vec<String> = examples().into_iter().map(|(s, _)| s).collect();
    for name in ["section", "underline", "key_values"] {
        assert!(
            signatures
                .iter()
                .any(|s| s.starts_with(&format!("{name}("))),
            "no example found for stdlib function {name}: {signatures:?}"
        );
    }
}
