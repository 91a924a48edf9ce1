//! `:save`: the session's successful entries written back as one runnable `.rhai` script,
//! atomically (a temporary file beside the target, then a rename), so a failed write never
//! leaves half a script behind.

use super::scan;

/// The variable that holds the REPL's `_` (Rhai reserves `_` itself).
pub const LAST: &str = "_last";

/// One successful entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The code as typed (or the script's text for `:load`).
    pub code: String,
    /// `Some(path)` when the entry is a script run with `:load`.
    pub loaded_from: Option<String>,
    /// The value shown, on one line, when the entry had one (it became `_`).
    pub value: Option<String>,
}

/// Lays out continuation lines the prompt indented (they start with `indent`, the width of
/// the prompt) four spaces per open bracket, so a saved function reads as it was meant to:
/// the prompt cannot move a closing `}` back while it is typed. Lines inside a string, and
/// lines without the prompt's indentation (pasted code), are left alone.
pub fn dedent_continuations(code: &str, indent: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for (i, line) in code.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
            let open = scan::scan(&out).1;
            if open.string.is_none() && !open.comment {
                if let Some(rest) = line.strip_prefix(indent) {
                    let rest = rest.trim_start();
                    let closers = rest
                        .chars()
                        .take_while(|c| matches!(c, ')' | ']' | '}'))
                        .count();
                    let depth = open.brackets.len().saturating_sub(closers);
                    out.push_str(&"    ".repeat(depth));
                    out.push_str(rest);
                    continue;
                }
            }
        }
        out.push_str(line);
    }
    out
}

/// Ends `code` with a `;` right after its last token (before a trailing comment), so that the
/// next entry starts a new statement. Empty statements are legal in Rhai, so one after a `}`
/// does no harm.
fn terminate(code: &str) -> String {
    match scan::last_code_end(code) {
        None => code.to_string(),
        Some((_, token)) if &code[token.start..token.end] == ";" => code.to_string(),
        Some((end, _)) => format!("{};{}", &code[..end], &code[end..]),
    }
}

/// Rewrites an entry whose value later entries use as `_`: its last statement is bound to
/// [`LAST`].
fn bind_last(code: &str) -> String {
    let end = scan::last_code_end(code).map_or(code.len(), |(end, _)| end);
    let (body, trailing) = code.split_at(end);
    let split = scan::last_top_level_semicolon(body).unwrap_or(0);
    let (head, tail) = body.split_at(split);
    let lead = &tail[..tail.len() - tail.trim_start().len()];
    format!("{head}{lead}let {LAST} = {};{trailing}", tail.trim_start())
}

/// The script for `entries`; `indent` is the continuation indentation to remove.
pub fn render(entries: &[Entry], indent: &str) -> String {
    // An entry binds `_` when a later entry reads `_` before another value replaces it.
    let mut binds = vec![false; entries.len()];
    let mut last_value: Option<usize> = None;
    for (i, entry) in entries.iter().enumerate() {
        if entry.loaded_from.is_none() && !scan::underscore_uses(&entry.code).is_empty() {
            if let Some(j) = last_value {
                binds[j] = true;
            }
        }
        if entry.value.is_some() {
            last_value = Some(i);
        }
    }

    let mut out = String::from(
        "// Saved from the whatif REPL with :save. Run it with: whatif FILE\n\
         // `_` (the last value) is written as `_last`.\n\n",
    );
    for (entry, binds) in entries.iter().zip(binds) {
        if let Some(path) = &entry.loaded_from {
            out.push_str(&format!("// :load {path}\n"));
            let code = entry.code.strip_prefix('\u{feff}').unwrap_or(&entry.code);
            let code = if code.starts_with("#!") {
                code.split_once('\n').map_or("", |(_, rest)| rest)
            } else {
                code
            };
            out.push_str(terminate(code.trim_end()).as_str());
            out.push_str("\n// end of ");
            out.push_str(path);
            out.push_str("\n\n");
            continue;
        }
        let code = dedent_continuations(entry.code.trim_end(), indent);
        let code = scan::replace_underscore(&code, LAST);
        let code = if binds {
            bind_last(&code)
        } else {
            terminate(&code)
        };
        out.push_str(&code);
        if let Some(value) = &entry.value {
            let value: String = value.chars().take(70).collect();
            let more = if value.len() < entry.value.as_ref().map_or(0, |v| v.len()) {
                " …"
            } else {
                ""
            };
            out.push_str(&format!(
                "{}// => {value}{more}",
                if code.contains('\n') { "\n" } else { "  " }
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, value: Option<&str>) -> Entry {
        Entry {
            code: code.into(),
            loaded_from: None,
            value: value.map(str::to_string),
        }
    }

    /// The script `:save` writes for these (code, shown value) entries.
    fn rendered(entries: &[(&str, Option<&str>)]) -> String {
        let entries: Vec<Entry> = entries.iter().map(|(c, v)| entry(c, *v)).collect();
        render(&entries, "   ")
    }

    /// Asserts that the saved script for `entries` contains each of `expected`.
    fn saves_as(entries: &[(&str, Option<&str>)], expected: &[&str]) {
        let script = rendered(entries);
        for part in expected {
            assert!(script.contains(part), "{part:?} not in:\n{script}");
        }
    }

    #[test]
    fn entries_become_statements() {
        saves_as(
            &[
                ("let x = 2", None),
                ("fn f(a) {\n       a * x\n       }", None),
                ("x * 21 // answer", Some("42")),
            ],
            &[
                "let x = 2;\n",
                "fn f(a) {\n    a * x\n};\n",
                "x * 21; // answer  // => 42\n",
            ],
        );
    }

    #[test]
    fn underscore_binds_the_value_it_reads() {
        saves_as(
            &[
                ("let a = 1; a + 1", Some("2")),
                ("3", Some("3")),
                ("_ * 10", Some("30")),
            ],
            &[
                "let a = 1; a + 1;  // => 2",
                "let _last = 3;  // => 3",
                "_last * 10;",
            ],
        );
    }

    #[test]
    fn continuation_indent_inside_strings_is_kept() {
        assert_eq!(dedent_continuations("f(\n       1)", "   "), "f(\n    1)");
        assert_eq!(dedent_continuations("f(\n  1)", "   "), "f(\n  1)");
        assert_eq!(dedent_continuations("`a\n   b`", "   "), "`a\n   b`");
    }
}
