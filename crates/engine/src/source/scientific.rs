//! Scientific-notation literals (`32e9`, `1.5e-3`) for an engine built without floats.
//!
//! Rhai's tokenizer reads an exponent only when floats are enabled; with `no_float` it splits
//! `32e9` into `32` and an identifier `e9`. Analysts type scientific notation all the time, so
//! before compiling, each such literal is rewritten to its exact decimal expansion. The rewrite
//! changes lengths, so it records every edit and maps positions in the rewritten text back to
//! the original, keeping `file:line:col` in error messages true to what the user wrote.

use rust_decimal::Decimal;

use super::lexer::{Kind, Lexer};

/// Source text after rewriting, with the edits needed to map positions back.
#[derive(Debug, Clone, Default)]
pub struct Rewritten {
    pub text: String,
    edits: Vec<Edit>,
}

#[derive(Debug, Clone)]
struct Edit {
    line: usize,
    /// 1-based column of the replacement in the rewritten text.
    new_col: usize,
    new_len: usize,
    old_len: usize,
}

/// A literal that cannot be expanded, with its 1-based position in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

impl Rewritten {
    /// Maps a 1-based (line, column) in the rewritten text to the column the user typed.
    pub fn original_col(&self, line: usize, col: usize) -> usize {
        let mut shift: isize = 0;
        for edit in self.edits.iter().filter(|e| e.line == line) {
            if col >= edit.new_col + edit.new_len {
                shift += edit.new_len as isize - edit.old_len as isize;
            } else if col >= edit.new_col {
                return (edit.new_col as isize - shift) as usize;
            }
        }
        (col as isize - shift).max(1) as usize
    }
}

/// Rewrites every scientific-notation number outside strings and comments.
pub fn rewrite_scientific(source: &str) -> Result<Rewritten, LiteralError> {
    if !may_hold_exponent(source) {
        return Ok(Rewritten {
            text: source.to_string(),
            edits: Vec::new(),
        });
    }
    let mut out = String::with_capacity(source.len());
    let mut edits = Vec::new();
    let mut copied = 0;
    let mut place = Place::default();
    let mut lexer = Lexer::new(source);
    while let Some(token) = lexer.next() {
        if lexer.refused() {
            // Rhai reports the first error; a literal after this one must not come first.
            break;
        }
        let typed = &source[token.start..token.end];
        if token.kind != Kind::Number || !is_scientific(typed) {
            continue;
        }
        let (line, col) = place.advance(source, token.start);
        let literal: String = typed.chars().filter(|c| *c != '_').collect();
        let expanded = expand(&literal).ok_or_else(|| LiteralError {
            line,
            col,
            message: format!(
                "the number {literal} is outside the exact decimal range \
                 (about ±7.9e28, at most 28 decimal places)"
            ),
        })?;
        let edit = Edit {
            line,
            new_col: (col as isize + place.shift) as usize,
            new_len: expanded.len(),
            old_len: typed.len(),
        };
        place.shift += edit.new_len as isize - edit.old_len as isize;
        edits.push(edit);
        out.push_str(&source[copied..token.start]);
        out.push_str(&expanded);
        copied = token.end;
    }
    out.push_str(&source[copied..]);
    Ok(Rewritten { text: out, edits })
}

/// Whether `source` may hold a scientific literal at all: every one has a digit or `_` just
/// before its `e`. Most scripts have none, and skip the lexer.
fn may_hold_exponent(source: &str) -> bool {
    source
        .as_bytes()
        .windows(2)
        .any(|w| matches!(w[1], b'e' | b'E') && (w[0].is_ascii_digit() || w[0] == b'_'))
}

/// Whether a number token is a decimal in scientific notation: digits (and `_`), an optional
/// fraction, `e` or `E`, an optional sign and digits. Anything else stuck to it (`12e5x`,
/// `0x1e5`) makes it something Rhai reads, or refuses, on its own.
fn is_scientific(number: &str) -> bool {
    let Some((mantissa, exponent)) = number.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    mantissa
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'_' | b'.'))
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// Where the rewrite is in the original text: 1-based line and column (in characters, as
/// Rhai counts them), and how far earlier edits on this line moved the rewritten text.
struct Place {
    line: usize,
    col: usize,
    /// Byte offset `line` and `col` describe.
    at: usize,
    shift: isize,
}

impl Default for Place {
    fn default() -> Self {
        Place {
            line: 1,
            col: 1,
            at: 0,
            shift: 0,
        }
    }
}

impl Place {
    /// Moves to byte `to` (at or after the current place) and returns its line and column.
    fn advance(&mut self, source: &str, to: usize) -> (usize, usize) {
        let gap = &source[self.at..to];
        match gap.rfind('\n') {
            Some(last) => {
                self.line += gap.bytes().filter(|b| *b == b'\n').count();
                self.col = gap[last + 1..].chars().count() + 1;
                self.shift = 0;
            }
            None => self.col += gap.chars().count(),
        }
        self.at = to;
        (self.line, self.col)
    }
}

fn expand(literal: &str) -> Option<String> {
    let value = Decimal::from_scientific(literal).ok()?;
    // `from_scientific` silently rounds exponents beyond 28 places; refuse instead.
    let exponent: i64 = literal
        .split(['e', 'E'])
        .nth(1)?
        .trim_start_matches('+')
        .parse()
        .ok()?;
    let mantissa_places = literal
        .split(['e', 'E'])
        .next()?
        .split('.')
        .nth(1)
        .map_or(0, |f| f.len() as i64);
    if mantissa_places - exponent > 28 {
        return None;
    }
    let text = value.normalize().to_string();
    // A whole number that fits i64 reads back as an integer, anything else as a decimal.
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        rewrite_scientific(s).unwrap().text
    }

    #[test]
    fn expands_scientific_literals_exactly() {
        assert_eq!(text("32e9"), "32000000000");
        assert_eq!(text("x = 1.5e-3;"), "x = 0.0015;");
        assert_eq!(text("2E+3 + 1_0e1"), "2000 + 100");
    }

    #[test]
    fn leaves_strings_comments_identifiers_and_hex_alone() {
        let src = "let e1e5 = \"1e5\"; // 2e3\n/* 3e4 */ 0x1e5 + a.x1e2 + 12";
        assert_eq!(text(src), src);
    }

    #[test]
    fn rewrites_inside_string_interpolation_but_not_the_text_around_it() {
        // Regression: `${1e3}` was left alone and failed to parse.
        assert_eq!(text("`1e3 is ${1e3}`"), "`1e3 is ${1000}`");
        assert_eq!(
            text("`a ${ #{k: 2e3}.k } b ${`in ${1e1}`} 3e2`"),
            "`a ${ #{k: 2000}.k } b ${`in ${10}`} 3e2`"
        );
        assert_eq!(
            text("let m = #{a: 1e2}; `${m.a}`"),
            "let m = #{a: 100}; `${m.a}`"
        );
    }

    #[test]
    fn maps_columns_back_to_what_was_typed() {
        let rewritten = rewrite_scientific("a + 32e9 + zz").unwrap();
        // `zz` starts at column 12 as typed; 7 characters later after expansion.
        assert_eq!(rewritten.original_col(1, 19), 12);
        assert_eq!(rewritten.original_col(1, 5), 5);
        assert_eq!(rewritten.original_col(1, 8), 5);
        assert_eq!(rewritten.original_col(2, 3), 3);
    }

    #[test]
    fn refuses_numbers_past_the_decimal_range() {
        let err = rewrite_scientific("\n  1e40").unwrap_err();
        assert_eq!((err.line, err.col), (2, 3));
        assert!(err.message.contains("1e40"));
        assert!(rewrite_scientific("1e-40").is_err());
    }

    #[test]
    fn maps_several_edits_on_several_lines() {
        let rewritten = rewrite_scientific("1e3 + 2e3 + x\n  y + 3e-1").unwrap();
        assert_eq!(rewritten.text, "1000 + 2000 + x\n  y + 0.3");
        // `x` typed at column 13, now at 15; `2e3` typed at 7, now at 8.
        assert_eq!(rewritten.original_col(1, 15), 13);
        assert_eq!(rewritten.original_col(1, 8), 7);
        assert_eq!(rewritten.original_col(2, 3), 3);
        assert_eq!(rewritten.original_col(2, 7), 7);
    }

    #[test]
    fn leaves_properties_hex_and_what_sticks_to_a_number_for_rhai() {
        // `e5` after a point is a property name, and hex digits may spell an exponent.
        for src in [
            "x.e5", "x.E5 + 1", "0x1e3", "0x1e-5", "0b1e1", "'1e3'", "`1e3`",
        ] {
            assert_eq!(text(src), src);
        }
        // A number with something stuck to it is Rhai's to refuse, as a whole: `1e5.5` is not
        // 100000.5, and `12e5x` not 1200000 times x.
        for src in ["1e5.5", "2.5e3.5", "12e5x", "1e3_", "2E+3e-3"] {
            assert_eq!(text(src), src);
        }
        assert_eq!(text("1_000e-3 + 1e0"), "1 + 1");
    }

    #[test]
    fn rewrites_in_nested_interpolation_but_not_in_strings_inside_it() {
        assert_eq!(
            text("`${ `${ \"1e3\" + 1e3 }` }` // 1e3"),
            "`${ `${ \"1e3\" + 1000 }` }` // 1e3"
        );
        assert_eq!(text("`${ /* 1e3 */ 2e0 }`"), "`${ /* 1e3 */ 2 }`");
    }

    #[test]
    fn an_earlier_error_for_rhai_comes_before_a_literal_out_of_range() {
        // Rhai stops at the unterminated string, or at a character it does not read; a
        // literal after either must not be reported instead.
        assert!(rewrite_scientific("let s = \"abc\n1e40").is_ok());
        assert!(rewrite_scientific("é 1e40").is_ok());
        assert!(rewrite_scientific("1e40 é").is_err());
    }

    #[test]
    fn rewrites_the_end_of_an_exclusive_range() {
        // Regression: a literal right after `..` was taken for a property and left alone.
        assert_eq!(text("1..2e3"), "1..2000");
        assert_eq!(text("1..=2e3"), "1..=2000");
    }

    #[test]
    fn leaves_an_escaped_interpolation_alone() {
        // Regression: `\${1e3}` is the text `${1e3}` in Rhai, and was printed as `${1000}`.
        assert_eq!(
            text("`cost \\${1e3} = ${1e3}`"),
            "`cost \\${1e3} = ${1000}`"
        );
    }
}
