//! What the prompt asks of an entry while it is typed: whether it is complete (unclosed
//! brackets, strings or comments continue on the next line), the spans the highlighter
//! colours, and where its last statement starts and ends. The Rhai parser cannot answer: it
//! rejects unfinished input instead of saying what is missing; the [`Lexer`] never fails.

use super::lexer::Lexer;
pub use super::lexer::{is_keyword, Kind, Open, Token};

/// Splits `text` into tokens and reports what is left open at its end.
pub fn scan(text: &str) -> (Vec<Token>, Open) {
    let mut lexer = Lexer::new(text);
    let tokens = lexer.by_ref().collect();
    (tokens, lexer.into_open())
}

/// Whether the input is complete enough to run: nothing left open, or a closing bracket that
/// does not match (`npv(0.08, [-100, 50, 60)`), which no further line can repair, so the entry
/// runs and shows its error.
pub fn is_complete(text: &str) -> bool {
    !scan(text).1.is_incomplete()
        || matches!(
            brackets(text),
            Some(Brackets::Mismatched { .. } | Brackets::Stray { .. })
        )
}

/// What is wrong with the brackets of a text, by byte offsets (strings and comments aside).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brackets {
    /// The bracket at `open` is never closed.
    Unclosed {
        /// Byte offset of the opening bracket.
        open: usize,
        /// The opening bracket.
        bracket: char,
    },
    /// The bracket at `close` does not match the one opened at `open`.
    Mismatched {
        /// Byte offset of the opening bracket.
        open: usize,
        /// The opening bracket.
        bracket: char,
        /// Byte offset of the closing bracket.
        close: usize,
        /// The closing bracket.
        closer: char,
    },
    /// The bracket at `close` closes nothing.
    Stray {
        /// Byte offset of the closing bracket.
        close: usize,
        /// The closing bracket.
        closer: char,
    },
}

/// The first bracket problem of `text`, if any: a closer that does not match, or else the
/// innermost bracket left open at the end.
pub fn brackets(text: &str) -> Option<Brackets> {
    let (tokens, _) = scan(text);
    let mut stack: Vec<(char, usize)> = Vec::new();
    for t in tokens.iter().filter(|t| t.kind == Kind::Punct) {
        let Some(c) = text[t.start..t.end].chars().next() else {
            continue;
        };
        let expected = match c {
            '(' | '[' | '{' => {
                stack.push((c, t.start));
                continue;
            }
            ')' => '(',
            ']' => '[',
            '}' => '{',
            _ => continue,
        };
        match stack.pop() {
            Some((open, _)) if open == expected => {}
            Some((bracket, open)) => {
                return Some(Brackets::Mismatched {
                    open,
                    bracket,
                    close: t.start,
                    closer: c,
                })
            }
            None => {
                return Some(Brackets::Stray {
                    close: t.start,
                    closer: c,
                })
            }
        }
    }
    stack
        .pop()
        .map(|(bracket, open)| Brackets::Unclosed { open, bracket })
}

/// Byte range of a number written with a percent sign as a suffix (`5%`, `12.5 %)`), which
/// Rhai reads as a remainder missing its right-hand side.
pub fn percent_suffix(text: &str) -> Option<(usize, usize)> {
    let (tokens, _) = scan(text);
    let code: Vec<&Token> = tokens
        .iter()
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .collect();
    for (i, t) in code.iter().enumerate() {
        if t.kind != Kind::Number {
            continue;
        }
        let Some(percent) = code.get(i + 1) else {
            continue;
        };
        if &text[percent.start..percent.end] != "%" {
            continue;
        }
        let ends_value = match code.get(i + 2) {
            None => true,
            Some(next) => {
                next.kind == Kind::Punct
                    && matches!(
                        &text[next.start..next.end],
                        ")" | "]" | "}" | ";" | "," | "*" | "/" | "%" | "=" | "<" | ">" | "&" | "|"
                    )
            }
        };
        if ends_value {
            return Some((t.start, percent.end));
        }
    }
    None
}

/// End (byte offset) of the last token that is not space or comment; 0 for none.
pub fn last_code_end(text: &str) -> Option<(usize, Token)> {
    let (tokens, _) = scan(text);
    tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .map(|t| (t.end, *t))
}

/// Byte offset just after the last `;` at bracket depth zero, if any.
pub fn last_top_level_semicolon(text: &str) -> Option<usize> {
    let (tokens, _) = scan(text);
    let mut depth = 0i32;
    let mut found = None;
    for t in &tokens {
        if t.kind != Kind::Punct {
            continue;
        }
        match &text[t.start..t.end] {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => depth -= 1,
            ";" if depth == 0 => found = Some(t.end),
            _ => {}
        }
    }
    found
}

/// What the end of a text (the cursor, for completion) is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor<'a> {
    /// Inside a string or character literal.
    Str,
    /// Inside a comment.
    Comment,
    /// Inside, or just after, a number.
    Number,
    /// A name being typed from byte `start` (empty after a space or a symbol). `receiver` is
    /// the word before the `.` it follows, if it follows one (`a.b`, not `a..b`); empty when
    /// that is not a word (`f().b`).
    Word {
        /// Byte offset where the name starts.
        start: usize,
        /// The word before the `.`, if any.
        receiver: Option<&'a str>,
    },
}

/// Reads what `before` (the text up to the cursor) ends in.
pub fn cursor(before: &str) -> Cursor<'_> {
    let (tokens, open) = scan(before);
    if open.string.is_some() {
        return Cursor::Str;
    }
    if open.comment {
        return Cursor::Comment;
    }
    let start = match tokens.last() {
        Some(t) if t.kind == Kind::Comment => return Cursor::Comment,
        Some(t) if t.kind == Kind::Number => return Cursor::Number,
        Some(t) if matches!(t.kind, Kind::Ident | Kind::Keyword) => t.start,
        _ => before.len(),
    };
    let head = &before[..start];
    let receiver = match head.strip_suffix('.') {
        Some(object) if !object.ends_with('.') => Some(&object[word_start(object)..]),
        _ => None,
    };
    Cursor::Word { start, receiver }
}

/// Start of the run of identifier characters that ends at the end of `text`.
fn word_start(text: &str) -> usize {
    text.bytes()
        .rposition(|b| !(b.is_ascii_alphanumeric() || b == b'_'))
        .map_or(0, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mismatched_bracket_completes_the_entry() {
        assert!(is_complete("npv(0.08, [-100, 50, 60)"));
        assert!(!is_complete("npv(0.08, [-100, 50, 60"));
        assert!(is_complete("f(1))"));
        assert_eq!(
            brackets("f(1, [2)"),
            Some(Brackets::Mismatched {
                open: 5,
                bracket: '[',
                close: 7,
                closer: ')'
            })
        );
        assert_eq!(
            brackets("let a = (1 +\n2"),
            Some(Brackets::Unclosed {
                open: 8,
                bracket: '('
            })
        );
        assert_eq!(brackets("`${a}` + \"(\" + f([1])"), None);
    }

    #[test]
    fn finds_a_percent_written_as_a_suffix() {
        assert_eq!(percent_suffix("5%"), Some((0, 2)));
        assert_eq!(percent_suffix("npv(8 %, f)"), Some((4, 7)));
        assert_eq!(percent_suffix("7 % 2"), None);
        assert_eq!(percent_suffix("\"5%\""), None);
    }

    #[test]
    fn brackets_and_strings_decide_completeness() {
        assert!(is_complete("1 + 2"));
        assert!(!is_complete("fn f(x) {"));
        assert!(!is_complete("let a = [1,\n 2"));
        assert!(is_complete("fn f(x) {\n x\n}"));
        // A `"` string continues only after a `\` (Rhai's rule); a back-tick string always.
        assert!(is_complete("let s = \"abc"));
        assert!(!is_complete("let s = \"abc\\"));
        assert!(!is_complete("let s = \"abc\\\n def\\"));
        assert!(is_complete("let s = \"abc\\\n def"));
        assert!(!is_complete("let s = `abc\n def"));
        assert!(is_complete("let s = \"a{b(c\""));
        assert!(!is_complete("/* note"));
        assert!(is_complete("/* a /* b */ c */ 1"));
        assert!(is_complete("// a { comment"));
        // A stray closer is the parser's to report: run it.
        assert!(is_complete("1 + 2)"));
        assert!(is_complete("'{'"));
        assert!(is_complete("\"a\\\"{\""));
    }

    #[test]
    fn backtick_interpolation_nests() {
        assert!(is_complete("`a ${ x + 1 } b`"));
        assert!(!is_complete("`a ${ f(x"));
        assert!(!is_complete("`a ${ #{a: 1}.a } b"));
        assert!(is_complete("`a ${ #{a: 1}.a } b`"));
    }

    #[test]
    fn numbers_stop_before_method_calls() {
        let text = "1.5.max(2)";
        let (tokens, _) = scan(text);
        assert_eq!(tokens[0].kind, Kind::Number);
        assert_eq!(&text[tokens[0].start..tokens[0].end], "1.5");
    }

    #[test]
    fn finds_the_last_statement() {
        assert_eq!(last_top_level_semicolon("let a = 1; a + 1"), Some(10));
        assert_eq!(last_top_level_semicolon("f({ 1; 2 })"), None);
        assert_eq!(last_code_end("x // note").map(|(end, _)| end), Some(1));
    }

    #[test]
    fn finds_what_the_cursor_is_in() {
        assert_eq!(cursor("let s = \"da"), Cursor::Str);
        assert_eq!(cursor("x // no"), Cursor::Comment);
        assert_eq!(cursor("/* a\n b"), Cursor::Comment);
        assert_eq!(cursor("x + 1.5e"), Cursor::Number);
        assert_eq!(
            cursor("np"),
            Cursor::Word {
                start: 0,
                receiver: None
            }
        );
        assert_eq!(
            cursor("f(rounds.am"),
            Cursor::Word {
                start: 9,
                receiver: Some("rounds")
            }
        );
        assert_eq!(
            cursor("`${m."),
            Cursor::Word {
                start: 5,
                receiver: Some("m")
            }
        );
        assert_eq!(
            cursor("f()."),
            Cursor::Word {
                start: 4,
                receiver: Some("")
            }
        );
        assert_eq!(
            cursor("1..x"),
            Cursor::Word {
                start: 3,
                receiver: None
            }
        );
        assert_eq!(
            cursor("a + "),
            Cursor::Word {
                start: 4,
                receiver: None
            }
        );
    }

    #[test]
    fn an_escaped_interpolation_opens_no_code() {
        // `\${` is text in Rhai: Enter continues the string, and nothing is completed as code.
        let (_, open) = scan("`a \\${ f(");
        assert!(open.brackets.is_empty());
        assert_eq!(open.string, Some('`'));
        assert_eq!(cursor("`a \\${ x"), Cursor::Str);
    }
}
