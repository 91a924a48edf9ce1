//! Scientific-notation literals (`32e9`, `1.5e-3`) for an engine built without floats.
//!
//! Rhai's tokenizer reads an exponent only when floats are enabled; with `no_float` it splits
//! `32e9` into `32` and an identifier `e9`. Analysts type scientific notation all the time, so
//! before compiling, each such literal is rewritten to its exact decimal expansion. The rewrite
//! changes lengths, so it records every edit and maps positions in the rewritten text back to
//! the original, keeping `file:line:col` in error messages true to what the user wrote.

use rust_decimal::Decimal;

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

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Rewrites every scientific-notation number outside strings and comments.
pub fn rewrite_scientific(source: &str) -> Result<Rewritten, LiteralError> {
    let chars: Vec<char> = source.chars().collect();
    // Fast path: most scripts have no candidate at all.
    if !chars.iter().any(|c| *c == 'e' || *c == 'E') {
        return Ok(Rewritten {
            text: source.to_string(),
            edits: Vec::new(),
        });
    }
    let mut out = String::with_capacity(source.len());
    let mut edits = Vec::new();
    let (mut line, mut col, mut new_col) = (1usize, 1usize, 1usize);
    let mut i = 0;
    // Brace depth inside each open `${ … }` of a back-tick string, innermost last.
    let mut interpolations: Vec<usize> = Vec::new();

    // Copies chars[from..to] unchanged, keeping line and column counters.
    let copy = |out: &mut String,
                from: usize,
                to: usize,
                line: &mut usize,
                col: &mut usize,
                new_col: &mut usize| {
        for &c in &chars[from..to] {
            out.push(c);
            if c == '\n' {
                *line += 1;
                *col = 1;
                *new_col = 1;
            } else {
                *col += 1;
                *new_col += 1;
            }
        }
    };

    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        // Comments.
        if c == '/' && next == Some('/') {
            let end = chars[i..]
                .iter()
                .position(|&c| c == '\n')
                .map_or(chars.len(), |p| i + p);
            copy(&mut out, i, end, &mut line, &mut col, &mut new_col);
            i = end;
            continue;
        }
        if c == '/' && next == Some('*') {
            let mut depth = 0usize;
            let mut j = i;
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            let end = j.min(chars.len());
            copy(&mut out, i, end, &mut line, &mut col, &mut new_col);
            i = end;
            continue;
        }
        // Back-tick strings: copy the text up to the closing back-tick, or up to `${`, where
        // code starts again (and numbers in it are rewritten) until the matching `}`.
        if c == '`' || (c == '}' && interpolations.last() == Some(&0)) {
            if c == '}' {
                interpolations.pop();
            }
            let mut j = i + 1;
            let mut opens_code = false;
            while j < chars.len() && chars[j] != '`' {
                if chars[j] == '$' && chars.get(j + 1) == Some(&'{') {
                    opens_code = true;
                    j += 2;
                    break;
                }
                j += 1;
            }
            let end = if opens_code {
                j
            } else {
                (j + 1).min(chars.len())
            };
            if opens_code {
                interpolations.push(0);
            }
            copy(&mut out, i, end, &mut line, &mut col, &mut new_col);
            i = end;
            continue;
        }
        if let Some(depth) = interpolations.last_mut() {
            match c {
                '{' => *depth += 1,
                '}' => *depth -= 1,
                _ => {}
            }
        }
        // Strings and characters: skip to the closing quote, honouring escapes.
        if c == '"' || c == '\'' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != c {
                if chars[j] == '\\' {
                    j += 1;
                }
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            copy(&mut out, i, end, &mut line, &mut col, &mut new_col);
            i = end;
            continue;
        }
        // Identifiers (including ones with digits, such as `x1e5`) are copied whole.
        if is_ident_char(c) && !c.is_ascii_digit() {
            let mut j = i;
            while j < chars.len() && is_ident_char(chars[j]) {
                j += 1;
            }
            copy(&mut out, i, j, &mut line, &mut col, &mut new_col);
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let preceded_by_dot = i > 0 && chars[i - 1] == '.';
            let radix = c == '0' && matches!(next, Some('x' | 'X' | 'o' | 'O' | 'b' | 'B'));
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '_') {
                j += 1;
            }
            if j + 1 < chars.len() && chars[j] == '.' && chars[j + 1].is_ascii_digit() {
                j += 1;
                while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '_') {
                    j += 1;
                }
            }
            if !radix && !preceded_by_dot && j < chars.len() && (chars[j] == 'e' || chars[j] == 'E')
            {
                let mut k = j + 1;
                if k < chars.len() && (chars[k] == '+' || chars[k] == '-') {
                    k += 1;
                }
                let digits_start = k;
                while k < chars.len() && chars[k].is_ascii_digit() {
                    k += 1;
                }
                let followed_by_ident = k < chars.len() && is_ident_char(chars[k]);
                if k > digits_start && !followed_by_ident {
                    let literal: String = chars[i..k].iter().filter(|c| **c != '_').collect();
                    let expanded = expand(&literal).ok_or_else(|| LiteralError {
                        line,
                        col,
                        message: format!(
                            "the number {literal} is outside the exact decimal range \
                             (about ±7.9e28, at most 28 decimal places)"
                        ),
                    })?;
                    let new_len = expanded.chars().count();
                    edits.push(Edit {
                        line,
                        new_col,
                        new_len,
                        old_len: k - i,
                    });
                    out.push_str(&expanded);
                    col += k - i;
                    new_col += new_len;
                    i = k;
                    continue;
                }
            }
            // Not scientific: the tokenizer reads it (a radix literal whole, with its letters).
            if radix {
                j = i;
                while j < chars.len() && is_ident_char(chars[j]) {
                    j += 1;
                }
            }
            copy(&mut out, i, j, &mut line, &mut col, &mut new_col);
            i = j;
            continue;
        }
        copy(&mut out, i, i + 1, &mut line, &mut col, &mut new_col);
        i += 1;
    }
    Ok(Rewritten { text: out, edits })
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
}
