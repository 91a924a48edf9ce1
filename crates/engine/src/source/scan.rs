//! A tolerant lexer for what the user is typing: it never fails, so it can answer while the
//! entry is still half-written. It decides whether an entry is complete (unclosed brackets,
//! strings or comments continue on the next line), gives the spans the highlighter colours,
//! and finds statement ends. The Rhai parser cannot do this: it rejects unfinished input
//! instead of saying what is missing.

/// What a span of input is, for colouring and for finding names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Keyword,
    Ident,
    Number,
    Str,
    Comment,
    Punct,
    Space,
}

/// A span of the input: byte range and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
}

/// What is still open at the end of the input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Open {
    /// Unclosed brackets, innermost last.
    pub brackets: Vec<char>,
    /// Inside a string (or char) literal at the end of the text, with its quote.
    pub string: Option<char>,
    /// That string may go on on the next line: a back-tick string, or a `"` string whose
    /// line ends in `\`.
    pub string_continues: bool,
    /// Inside a block comment.
    pub comment: bool,
}

impl Open {
    /// Whether Enter should continue the entry rather than run it.
    pub fn is_incomplete(&self) -> bool {
        !self.brackets.is_empty() || self.string_continues || self.comment
    }
}

const KEYWORDS: &[&str] = &[
    "let",
    "const",
    "fn",
    "if",
    "else",
    "while",
    "loop",
    "for",
    "in",
    "do",
    "until",
    "return",
    "break",
    "continue",
    "switch",
    "true",
    "false",
    "throw",
    "try",
    "catch",
    "import",
    "export",
    "as",
    "private",
    "this",
    "global",
    "is_shared",
    "Fn",
    "call",
    "curry",
    "type_of",
    "print",
    "debug",
    "eval",
];

/// Whether `word` is a Rhai keyword (or a built-in the language treats like one).
pub fn is_keyword(word: &str) -> bool {
    KEYWORDS.contains(&word)
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits `text` into tokens and reports what is left open at its end.
pub fn scan(text: &str) -> (Vec<Token>, Open) {
    let mut tokens = Vec::new();
    let mut open = Open::default();
    // Contexts: code inside `${ … }` of a back-tick string returns to the string at its `}`.
    // Each entry is the bracket depth at which the interpolation started.
    let mut interpolations: Vec<usize> = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let mut i = 0;
    while i < chars.len() {
        let (start, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let (kind, len) = if c.is_whitespace() {
            let n = chars[i..]
                .iter()
                .take_while(|(_, c)| c.is_whitespace())
                .count();
            (Kind::Space, n)
        } else if c == '/' && next == Some('/') {
            let n = chars[i..].iter().take_while(|(_, c)| *c != '\n').count();
            (Kind::Comment, n)
        } else if c == '/' && next == Some('*') {
            // Rhai block comments nest.
            let mut depth = 0usize;
            let mut j = i;
            let mut closed = false;
            while j < chars.len() {
                let a = chars[j].1;
                let b = chars.get(j + 1).map(|&(_, c)| c);
                if a == '/' && b == Some('*') {
                    depth += 1;
                    j += 2;
                } else if a == '*' && b == Some('/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        closed = true;
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            open.comment = !closed;
            (Kind::Comment, j - i)
        } else if c == '"' || c == '\'' || c == '`' {
            let (n, closed, interpolation, continues) = scan_string(&chars[i..], c);
            if interpolation {
                // The string continues after the interpolated code closes.
                tokens.push(Token {
                    start,
                    end: byte_at(i + n),
                    kind: Kind::Str,
                });
                interpolations.push(open.brackets.len());
                open.brackets.push('{');
                i += n;
                continue;
            }
            if !closed {
                open.string = Some(c);
                open.string_continues = continues;
            }
            (Kind::Str, n)
        } else if c == '}'
            && interpolations.last() == Some(&(open.brackets.len().saturating_sub(1)))
            && open.brackets.last() == Some(&'{')
        {
            // End of `${ … }`: resume the back-tick string.
            interpolations.pop();
            open.brackets.pop();
            let (n, closed, interpolation, _) = scan_string_body(&chars[i + 1..], '`');
            if interpolation {
                interpolations.push(open.brackets.len());
                open.brackets.push('{');
            } else if !closed {
                open.string = Some('`');
                open.string_continues = true;
            }
            (Kind::Str, n + 1)
        } else if c.is_ascii_digit() {
            // A point belongs to the number only when a digit follows: `1.max(2)` and
            // `1.5.max(2)` are method calls.
            let mut n = 1;
            let mut point = false;
            while let Some(&(_, d)) = chars.get(i + n) {
                let digit_next = chars
                    .get(i + n + 1)
                    .is_some_and(|(_, c)| c.is_ascii_digit());
                if d.is_ascii_alphanumeric() || d == '_' {
                    n += 1;
                } else if d == '.' && !point && digit_next {
                    point = true;
                    n += 1;
                } else {
                    break;
                }
            }
            (Kind::Number, n)
        } else if is_ident_start(c) {
            let n = chars[i..]
                .iter()
                .take_while(|(_, c)| is_ident_char(*c))
                .count();
            let word = &text[start..byte_at(i + n)];
            let kind = if is_keyword(word) {
                Kind::Keyword
            } else {
                Kind::Ident
            };
            (kind, n)
        } else {
            match c {
                '(' | '[' | '{' => open.brackets.push(c),
                ')' | ']' | '}' => {
                    let expected = match c {
                        ')' => '(',
                        ']' => '[',
                        _ => '{',
                    };
                    // A stray closer is left for the parser to report; it does not close
                    // anything else.
                    if open.brackets.last() == Some(&expected) {
                        open.brackets.pop();
                    }
                }
                _ => {}
            }
            (Kind::Punct, 1)
        };
        tokens.push(Token {
            start,
            end: byte_at(i + len),
            kind,
        });
        i += len;
    }
    (tokens, open)
}

/// Scans a string literal starting at its quote: (chars consumed, closed, stopped at `${`,
/// may continue on the next line).
fn scan_string(chars: &[(usize, char)], quote: char) -> (usize, bool, bool, bool) {
    let (n, closed, interpolation, continues) = scan_string_body(&chars[1..], quote);
    (n + 1, closed, interpolation, continues)
}

/// Scans a string's body (see [`scan_string`]). A `"` string can only
/// continue on the next line after a `\` (Rhai's rule), so a bare line break ends it as
/// "closed" for our purposes: Enter then runs the entry and Rhai names the missing quote.
fn scan_string_body(chars: &[(usize, char)], quote: char) -> (usize, bool, bool, bool) {
    let mut j = 0;
    while j < chars.len() {
        let c = chars[j].1;
        if c == '\\' && quote != '`' {
            j += 2;
            continue;
        }
        if c == '\n' && quote != '`' {
            return (j, true, false, false);
        }
        if c == quote {
            return (j + 1, true, false, false);
        }
        if quote == '`' && c == '$' && chars.get(j + 1).map(|&(_, c)| c) == Some('{') {
            return (j + 2, false, true, false);
        }
        j += 1;
    }
    // At the end of the text: a back-tick string continues; a `"` string only after a `\`.
    let continues = quote == '`' || j > chars.len();
    (chars.len(), false, false, continues)
}

/// Whether the input is complete enough to run.
pub fn is_complete(text: &str) -> bool {
    !scan(text).1.is_incomplete()
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
