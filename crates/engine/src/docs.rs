//! Doc comments for functions registered from a table rather than by `#[export_module]`:
//! written in the form Rhai's metadata keeps, so that `:help` and the doc-example tests read
//! them exactly like the `///` docs of an exported function.

/// The doc comment of one function: its description, then a runnable ```rhai example.
pub fn doc_comment(description: &str, example: &str) -> [String; 1] {
    // Sized once: every engine formats these at start-up.
    let lines = description.lines().count() + example.lines().count() + 3;
    let mut text = String::with_capacity(description.len() + example.len() + 4 * lines + 16);
    for line in description.lines() {
        push_line(&mut text, line);
    }
    text.push_str("///\n/// ```rhai\n");
    for line in example.lines() {
        push_line(&mut text, line);
    }
    text.push_str("/// ```");
    [text]
}

/// One `///` line; an empty one without the trailing space, as `#[export_module]` writes it.
fn push_line(text: &mut String, line: &str) {
    text.push_str(if line.is_empty() { "///" } else { "/// " });
    text.push_str(line);
    text.push('\n');
}
