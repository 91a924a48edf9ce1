//! `:save`: the session written back as one runnable `.rhai` script that, run with
//! `whatif FILE`, rebuilds the session's state and shows what the session showed. Each value
//! an entry showed is echoed with `echo` (as the prompt shows it) and bound to `_last` (the
//! prompt's `_`). An entry that failed keeps the statements that ran before the failing one
//! (their variables lived on in the session); the failing statement and the rest of the entry
//! are kept as comments with the error, and a syntax error is kept as a comment entirely.
//! Whatever the failing statement itself changed before it failed is not replayed. The file
//! is written atomically (a temporary file beside the target, then a rename), so a failed write
//! never leaves half a script behind.

use super::scan;
use whatif_core::display::Digits;

/// The variable that holds the REPL's `_` (Rhai reserves `_` itself).
pub const LAST: &str = whatif_engine::LAST_RESULT;

/// One successful entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The code as typed (or the script's text for `:load`).
    pub code: String,
    /// `Some(path)` when the entry is a script run with `:load`.
    pub loaded_from: Option<String>,
    /// The value shown, on one line, when the entry had one (it became `_`).
    pub value: Option<String>,
    /// How the entry failed, when it did.
    pub failure: Option<Failure>,
}

/// A failed entry: what the session said, and how much of the entry ran before the failing
/// statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The error's first line.
    pub message: String,
    /// Byte offset in the entry's code where the failing statement starts (0 when nothing
    /// ran: a syntax error, or a failure in the first statement).
    pub ran_until: usize,
}

/// Byte offsets just after each top-level statement of `code`: after a `;`, or after a `}` that
/// ends a statement (a `fn`, `if`, loop or block not continued by `else`, `.` or an operator).
pub fn statement_ends(code: &str) -> Vec<usize> {
    let (tokens, _) = scan::scan(code);
    let code_tokens: Vec<&scan::Token> = tokens
        .iter()
        .filter(|t| !matches!(t.kind, scan::Kind::Space | scan::Kind::Comment))
        .collect();
    let mut depth = 0i32;
    let mut ends = Vec::new();
    for (i, t) in code_tokens.iter().enumerate() {
        if t.kind != scan::Kind::Punct {
            continue;
        }
        match &code[t.start..t.end] {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" => depth -= 1,
            "}" => {
                depth -= 1;
                let next = code_tokens.get(i + 1).map(|n| &code[n.start..n.end]);
                let continues = match next {
                    None => false,
                    Some(next) => {
                        next == "else"
                            || next == "catch"
                            || next == ";"
                            || next == ")"
                            || next == "]"
                            || next == "}"
                            || next == ","
                            || (code_tokens[i + 1].kind == scan::Kind::Punct
                                && !matches!(next, "{" | "(" | "[" | "#" | "-" | "!"))
                    }
                };
                if depth == 0 && !continues {
                    ends.push(t.end);
                }
            }
            ";" if depth == 0 => ends.push(t.end),
            _ => {}
        }
    }
    ends
}

/// Where the statement holding byte `at` starts: just after the last statement end before it.
pub fn statement_start(code: &str, at: usize) -> usize {
    statement_ends(code)
        .into_iter()
        .take_while(|&end| end <= at)
        .last()
        .unwrap_or(0)
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

/// Rewrites an entry that showed a value: its last statement is bound to [`LAST`] (the
/// prompt's `_`) and echoed as the prompt showed it.
fn echo_last(code: &str) -> String {
    let end = scan::last_code_end(code).map_or(code.len(), |(end, _)| end);
    let (body, trailing) = code.split_at(end);
    let body = body.strip_suffix(';').unwrap_or(body);
    let split = statement_ends(body)
        .into_iter()
        .rev()
        .find(|&e| e < body.len())
        .unwrap_or(0);
    let (head, tail) = body.split_at(split);
    let lead = &tail[..tail.len() - tail.trim_start().len()];
    format!(
        "{head}{lead}let {LAST} = {}; echo({LAST});{trailing}",
        tail.trim_start()
    )
}

/// `text` with every line commented out.
fn commented(text: &str) -> String {
    text.lines()
        .map(|line| format!("// {line}").trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The script for `entries`; `indent` is the continuation indentation to remove.
pub fn render(entries: &[Entry], indent: &str, digits: Digits) -> String {
    let mut out = String::from(
        "// Saved from the whatif REPL with :save. Run it with: whatif FILE\n\
         // Each value the session showed is shown again with echo; `_` is written as `_last`.\n",
    );
    // `:digits` is the prompt's, not the script's: without this the echoed values would not
    // match the `// =>` notes beside them.
    if digits != Digits::default() {
        let arg = match digits {
            Digits::Exact => "exact".to_string(),
            Digits::Significant(n) => n.to_string(),
        };
        out.push_str(&format!(
            "// Values were shown with :digits {arg}; run it with whatif --digits {arg} FILE to \
             see them the same way.\n"
        ));
    }
    out.push('\n');
    for entry in entries {
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
        let typed = scan::replace_underscore(entry.code.trim_end(), LAST);
        if let Some(failure) = &entry.failure {
            // Offsets are in the typed code; `_` → `_last` moves them, so split before.
            let ran_until = failure.ran_until.min(entry.code.len());
            let (ran, failed) = entry.code.split_at(ran_until);
            let ran = scan::replace_underscore(ran.trim_end(), LAST);
            if !ran.trim().is_empty() {
                out.push_str(&terminate(&dedent_continuations(&ran, indent)));
                out.push('\n');
            }
            out.push_str(&commented(&format!(
                "failed, not replayed: {}",
                dedent_continuations(failed.trim(), indent)
            )));
            out.push('\n');
            out.push_str(&commented(&failure.message));
            out.push('\n');
            continue;
        }
        let code = dedent_continuations(&typed, indent);
        let code = if entry.value.is_some() {
            echo_last(&code)
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
            failure: None,
        }
    }

    /// The script `:save` writes for these (code, shown value) entries.
    fn rendered(entries: &[(&str, Option<&str>)]) -> String {
        let entries: Vec<Entry> = entries.iter().map(|(c, v)| entry(c, *v)).collect();
        render(&entries, "   ", Digits::default())
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
                "let _last = x * 21; echo(_last); // answer  // => 42\n",
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
                "let a = 1; let _last = a + 1; echo(_last);  // => 2",
                "let _last = 3; echo(_last);  // => 3",
                "let _last = _last * 10; echo(_last);  // => 30",
            ],
        );
    }

    #[test]
    fn a_failed_entry_keeps_what_ran_and_comments_the_rest() {
        let failed = Entry {
            code: "let a = 5; 1/0".into(),
            loaded_from: None,
            value: None,
            failure: Some(Failure {
                message: "error: Division by zero: 1 / 0".into(),
                ran_until: statement_start("let a = 5; 1/0", 11),
            }),
        };
        let script = render(
            &[failed, entry("a * 10", Some("50"))],
            "   ",
            Digits::default(),
        );
        assert!(
            script.contains(
                "let a = 5;\n// failed, not replayed: 1/0\n// error: Division by zero: 1 / 0\n\
                 let _last = a * 10; echo(_last);  // => 50\n"
            ),
            "{script}"
        );
    }

    #[test]
    fn statements_end_at_semicolons_and_closing_braces() {
        assert_eq!(statement_ends("let a = 1; a"), vec![10]);
        assert_eq!(statement_ends("fn f(x) { x } f(2)"), vec![13]);
        assert_eq!(statement_ends("if a { 1 } else { 2 }"), vec![21]);
        assert_eq!(statement_ends("let m = #{a: 1}; m.a"), vec![16]);
        assert_eq!(
            statement_ends("[1].map(|x| { x }).len()"),
            Vec::<usize>::new()
        );
        assert_eq!(
            echo_last("fn f(x) { x } f(2)"),
            "fn f(x) { x } let _last = f(2); echo(_last);"
        );
        assert_eq!(echo_last("1 + 2;"), "let _last = 1 + 2; echo(_last);");
    }

    #[test]
    fn continuation_indent_inside_strings_is_kept() {
        assert_eq!(dedent_continuations("f(\n       1)", "   "), "f(\n    1)");
        assert_eq!(dedent_continuations("f(\n  1)", "   "), "f(\n  1)");
        assert_eq!(dedent_continuations("`a\n   b`", "   "), "`a\n   b`");
    }

    #[test]
    fn a_session_shown_at_other_digits_says_how_to_replay_it_so() {
        let entries = [entry("1/3", Some("0.3333"))];
        let script = render(&entries, "   ", Digits::Significant(4));
        assert!(script.contains("whatif --digits 4 FILE"), "{script}");
        assert!(script.contains("// => 0.3333"), "{script}");
        let exact = render(&entries, "   ", Digits::Exact);
        assert!(exact.contains("whatif --digits exact FILE"), "{exact}");
        let plain = render(&entries, "   ", Digits::default());
        assert!(!plain.contains("--digits"), "{plain}");
    }
}
