//! Every script-callable native function documents a runnable ```rhai example; this runs each
//! one in a fresh session, so documentation and behaviour cannot drift apart.

use crate::common::session;

use whatif_engine::files::FilePolicy;

/// The engine's metadata of every native function, as Rhai writes it.
fn metadata() -> serde_json::Value {
    let mut session = session();
    // The stdlib is compiled on first need; its functions are documented too.
    session.load_stdlib();
    let json = session
        .engine()
        .gen_fn_metadata_to_json(false)
        .expect("metadata serialises");
    serde_json::from_str(&json).unwrap()
}

/// (function signature, example code) for every documented native function.
fn examples() -> Vec<(String, String)> {
    let metadata = metadata();
    let mut found = Vec::new();
    for function in metadata["functions"].as_array().unwrap() {
        let Some(comments) = function["docComments"].as_array() else {
            continue;
        };
        let lines: Vec<String> = comments
            .iter()
            .filter_map(|c| c.as_str())
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
                    found.push((
                        function["signature"].as_str().unwrap_or("?").to_string(),
                        code.clone(),
                    ));
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
    assert!(
        examples.len() >= 4,
        "expected documented examples, found {}",
        examples.len()
    );
    let mut failures = Vec::new();
    for (signature, code) in &examples {
        let mut session = session();
        // The examples that load files read the fixtures of this repository.
        session.set_file_policy(FilePolicy::roots([env!("CARGO_MANIFEST_DIR").into()]));
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

#[test]
fn every_native_function_with_a_doc_has_an_example() {
    let missing: Vec<String> = metadata()["functions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["docComments"].as_array().is_some_and(|c| !c.is_empty()))
        .filter(|f| {
            !f["docComments"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c.as_str().unwrap_or("").contains("```rhai"))
        })
        .map(|f| f["signature"].as_str().unwrap_or("?").to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "documented without an example: {missing:?}"
    );
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
