//! whatif's one tokenizer of Rhai source: spans of space, comments (nested block comments
//! too), strings and characters (back-tick strings with their `${ … }` code), numbers,
//! identifiers and keywords, and punctuation, each with its byte range. It never fails, so it
//! can read a half-typed entry, and it tracks what is left open at the end (brackets, a string,
//! a comment). The literal rewrite and the prompt both read these tokens.

/// What a span of source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A Rhai keyword (`let`, `fn`, `if`, …).
    Keyword,
    /// A name.
    Ident,
    /// A number literal.
    Number,
    /// A string or character literal.
    Str,
    /// A line or block comment.
    Comment,
    /// An operator or bracket.
    Punct,
    /// White space.
    Space,
}

/// A span of source: byte range and kind. Tokens cover the text without gaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte offset where it starts.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// What it is.
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

/// Whether `word` is a Rhai keyword (or a built-in the language treats like one).
pub fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "let"
            | "const"
            | "fn"
            | "if"
            | "else"
            | "while"
            | "loop"
            | "for"
            | "in"
            | "do"
            | "until"
            | "return"
            | "break"
            | "continue"
            | "switch"
            | "true"
            | "false"
            | "throw"
            | "try"
            | "catch"
            | "import"
            | "export"
            | "as"
            | "private"
            | "this"
            | "global"
            | "is_shared"
            | "Fn"
            | "call"
            | "curry"
            | "type_of"
            | "print"
            | "debug"
            | "eval"
    )
}

/// Rhai identifiers are ASCII (the engine is built without `unicode-xid-ident`).
fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// How a string's body ended.
enum StringEnd {
    /// Byte offset just after the closing quote, or of the line break that cut a `"` string.
    Closed(usize),
    /// Byte offset just after a back-tick string's `${`.
    Interpolation(usize),
    /// The text ended inside the string; whether it may go on on the next line.
    Unclosed { continues: bool },
}

/// The tokens of a text, in order; [`Lexer::open`] then says what the text left open.
///
/// Every delimiter Rhai has is ASCII, so the lexer walks bytes: a non-ASCII character is
/// inside a string, a comment or a space, or a one-character token of its own.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    open: Open,
    /// The bracket depth at which each open `${` started, innermost last: its `}` is the one
    /// that brings the depth back there, and resumes the back-tick string.
    interpolations: Vec<usize>,
    /// Rhai would stop at a token read so far (see [`Lexer::refused`]).
    refused: bool,
}

impl<'a> Lexer<'a> {
    pub fn new(text: &'a str) -> Self {
        Lexer {
            text,
            pos: 0,
            open: Open::default(),
            interpolations: Vec::new(),
            refused: false,
        }
    }

    /// What is open after the tokens read so far (at the end of the text once exhausted).
    #[cfg(test)]
    pub fn open(&self) -> &Open {
        &self.open
    }

    pub fn into_open(self) -> Open {
        self.open
    }

    /// Whether Rhai would refuse the text at a token read so far, so nothing after it can
    /// matter: a string or character literal cut off by a line break, or a non-ASCII
    /// character outside strings and comments (Rhai's identifiers and spaces are ASCII).
    pub fn refused(&self) -> bool {
        self.refused
    }

    fn byte(&self, at: usize) -> Option<u8> {
        self.text.as_bytes().get(at).copied()
    }

    fn space_end(&self, start: usize) -> usize {
        self.text[start..]
            .char_indices()
            .find(|(_, c)| !c.is_whitespace())
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    fn line_comment_end(&self, start: usize) -> usize {
        self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i)
    }

    /// Rhai block comments nest: `/* a /* b */ c */` is one comment.
    fn block_comment_end(&mut self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut depth = 0usize;
        let mut j = start;
        while j < bytes.len() {
            match (bytes[j], bytes.get(j + 1)) {
                (b'/', Some(b'*')) => {
                    depth += 1;
                    j += 2;
                }
                (b'*', Some(b'/')) => {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        return j;
                    }
                }
                _ => j += 1,
            }
        }
        self.open.comment = true;
        bytes.len()
    }

    /// Scans a string's body from `from` (just after its opening quote, or after the `}` that
    /// ends an interpolation). A `"` string can only go on to the next line after a `\`
    /// (Rhai's rule), so a bare line break ends it as "closed" for our purposes: Enter then
    /// runs the entry and Rhai names the missing quote.
    fn string_body(&mut self, from: usize, quote: u8) -> StringEnd {
        let bytes = self.text.as_bytes();
        let verbatim = quote == b'`';
        let mut j = from;
        while j < bytes.len() {
            let b = bytes[j];
            if b == b'\\' && !verbatim {
                j += 2;
                continue;
            }
            if verbatim && b == b'\\' && bytes[j + 1..].starts_with(b"${") {
                // Rhai's one escape in a back-tick string: `\${` is the text `${`.
                j += 3;
                continue;
            }
            if b == b'\n' && !verbatim {
                self.refused = true;
                return StringEnd::Closed(j);
            }
            if b == quote {
                return StringEnd::Closed(j + 1);
            }
            if verbatim && b == b'$' && bytes.get(j + 1) == Some(&b'{') {
                return StringEnd::Interpolation(j + 2);
            }
            j += 1;
        }
        // At the end of the text: a back-tick string continues; a `"` string only after a `\`
        // (which stepped past the end).
        StringEnd::Unclosed {
            continues: verbatim || j > bytes.len(),
        }
    }

    /// Where a string token ends, recording an interpolation or an unclosed string.
    fn string_end(&mut self, from: usize, quote: char) -> usize {
        match self.string_body(from, quote as u8) {
            StringEnd::Closed(end) => end,
            StringEnd::Interpolation(end) => {
                // The string continues after the interpolated code closes.
                self.interpolations.push(self.open.brackets.len());
                self.open.brackets.push('{');
                end
            }
            StringEnd::Unclosed { continues } => {
                self.open.string = Some(quote);
                self.open.string_continues = continues;
                self.text.len()
            }
        }
    }

    /// Whether a `}` here ends the innermost `${ … }`.
    fn closes_interpolation(&self) -> bool {
        self.open.brackets.last() == Some(&'{')
            && self.interpolations.last() == Some(&(self.open.brackets.len() - 1))
    }

    /// A number is a digit and what sticks to it: letters, digits and `_` (so `0x1F`, `12e5x`
    /// and `1_000` are one token each), a point when a digit follows (`1.max(2)` and
    /// `1.5.max(2)` are method calls, `1..2` a range), and the sign of an exponent (`1.5e-3`).
    /// So `1e5.5` is one (malformed) number, never `1e5` and something else.
    fn number_end(&self, start: usize) -> usize {
        let mut j = start + 1;
        while let Some(b) = self.byte(j) {
            let digit_next = self.byte(j + 1).is_some_and(|n| n.is_ascii_digit());
            let sticks = is_ident_byte(b)
                || (b == b'.' && digit_next)
                || (matches!(b, b'+' | b'-') && digit_next && self.exponent_at(start, j - 1));
            if !sticks {
                break;
            }
            j += 1;
        }
        j
    }

    /// Whether the byte at `at` is the `e` of an exponent: the first letter of a decimal
    /// number that starts at `start` (in `0x1e-5` the `e` is a hex digit, and the `-` a
    /// subtraction).
    fn exponent_at(&self, start: usize, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        matches!(bytes[at], b'e' | b'E')
            && bytes[start..at]
                .iter()
                .all(|b| b.is_ascii_digit() || matches!(b, b'_' | b'.'))
    }

    fn bracket(&mut self, c: char) {
        match c {
            '(' | '[' | '{' => self.open.brackets.push(c),
            ')' | ']' | '}' => {
                let expected = match c {
                    ')' => '(',
                    ']' => '[',
                    _ => '{',
                };
                // A stray closer is left for the parser to report; it does not close anything
                // else.
                if self.open.brackets.last() == Some(&expected) {
                    self.open.brackets.pop();
                }
            }
            _ => {}
        }
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let c = self.text[start..].chars().next()?;
        let next = self.byte(start + 1);
        let (kind, end) = match c {
            c if c.is_whitespace() => (Kind::Space, self.space_end(start)),
            '/' if next == Some(b'/') => (Kind::Comment, self.line_comment_end(start)),
            '/' if next == Some(b'*') => (Kind::Comment, self.block_comment_end(start)),
            '"' | '\'' | '`' => (Kind::Str, self.string_end(start + 1, c)),
            '}' if self.closes_interpolation() => {
                // End of `${ … }`: the back-tick string resumes.
                self.interpolations.pop();
                self.open.brackets.pop();
                (Kind::Str, self.string_end(start + 1, '`'))
            }
            '0'..='9' => (Kind::Number, self.number_end(start)),
            c if is_ident_start(c) => {
                let end = self.text[start..]
                    .bytes()
                    .position(|b| !is_ident_byte(b))
                    .map_or(self.text.len(), |i| start + i);
                let kind = if is_keyword(&self.text[start..end]) {
                    Kind::Keyword
                } else {
                    Kind::Ident
                };
                (kind, end)
            }
            c => {
                self.bracket(c);
                (Kind::Punct, start + c.len_utf8())
            }
        };
        if matches!(kind, Kind::Space | Kind::Punct) && !self.text[start..end].is_ascii() {
            self.refused = true;
        }
        self.pos = end;
        Some(Token { start, end, kind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<(&str, Kind)> {
        Lexer::new(text)
            .map(|t| (&text[t.start..t.end], t.kind))
            .collect()
    }

    #[test]
    fn reads_a_line_of_rhai() {
        use Kind::*;
        assert_eq!(
            tokens("let x = f(1_000, \"a\\\"b\"); // done"),
            vec![
                ("let", Keyword),
                (" ", Space),
                ("x", Ident),
                (" ", Space),
                ("=", Punct),
                (" ", Space),
                ("f", Ident),
                ("(", Punct),
                ("1_000", Number),
                (",", Punct),
                (" ", Space),
                ("\"a\\\"b\"", Str),
                (")", Punct),
                (";", Punct),
                (" ", Space),
                ("// done", Comment),
            ]
        );
    }

    #[test]
    fn numbers_take_their_exponent_sign_but_hex_digits_do_not() {
        use Kind::*;
        assert_eq!(tokens("1.5e-3"), vec![("1.5e-3", Number)]);
        assert_eq!(tokens("2E+3"), vec![("2E+3", Number)]);
        assert_eq!(
            tokens("0x1e-5"),
            vec![("0x1e", Number), ("-", Punct), ("5", Number)]
        );
        assert_eq!(
            tokens("1e-x"),
            vec![("1e", Number), ("-", Punct), ("x", Ident)]
        );
        assert_eq!(tokens("12e5x"), vec![("12e5x", Number)]);
        assert_eq!(tokens("1e5.5"), vec![("1e5.5", Number)]);
        assert_eq!(
            tokens("1.5.max"),
            vec![("1.5", Number), (".", Punct), ("max", Ident)]
        );
        assert_eq!(
            tokens("x.e5"),
            vec![("x", Ident), (".", Punct), ("e5", Ident)]
        );
        assert_eq!(
            tokens("1..2"),
            vec![("1", Number), (".", Punct), (".", Punct), ("2", Number)]
        );
    }

    #[test]
    fn comments_nest_and_strings_hold_code_only_inside_interpolation() {
        use Kind::*;
        assert_eq!(
            tokens("/* a /* 1e3 */ b */1"),
            vec![("/* a /* 1e3 */ b */", Comment), ("1", Number)]
        );
        assert_eq!(
            tokens("`a ${x} b`"),
            vec![("`a ${", Str), ("x", Ident), ("} b`", Str)]
        );
        let mut lexer = Lexer::new("`a ${ #{k: 1}.k } b ${ f(");
        let kinds: Vec<Kind> = lexer.by_ref().map(|t| t.kind).collect();
        assert_eq!(kinds.iter().filter(|k| **k == Str).count(), 2);
        assert_eq!(lexer.open().brackets, vec!['{', '(']);
    }

    #[test]
    fn non_ascii_text_stays_on_character_boundaries() {
        for text in ["é1e5", "\"\\é", "'😀'", "`${ \"😀\" }`.", "x.😀", "/* 注释"] {
            for t in Lexer::new(text) {
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            }
        }
        assert_eq!(tokens("é1")[0], ("é", Kind::Punct));
    }

    #[test]
    fn an_escaped_interpolation_is_text() {
        assert_eq!(tokens("`a \\${x} b`"), vec![("`a \\${x} b`", Kind::Str)]);
        assert_eq!(
            tokens("`\\$${x}`"),
            vec![("`\\$${", Kind::Str), ("x", Kind::Ident), ("}`", Kind::Str)]
        );
    }
}
