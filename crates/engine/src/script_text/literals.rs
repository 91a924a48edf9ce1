//! Number literals as the analyst meant them, checked and rewritten before compiling.
//!
//! Rhai's tokenizer reads an exponent only when floats are enabled; with `no_float` it splits
//! `32e9` into `32` and an identifier `e9`. Analysts type scientific notation all the time, so
//! before compiling, each such literal is rewritten to its exact decimal expansion. The rewrite
//! changes lengths, so it records every edit and maps positions in the rewritten text back to
//! the original, keeping `file:line:col` in error messages true to what the user wrote.
//!
//! A method call that Rhai would refuse as a "data race" is rewritten to the function form
//! that means the same: `xs.map(|x| x / sum(xs))` reads `xs` inside the closure while `map` is
//! called on it (see `method_over_itself`).
//!
//! Two literals Rhai would read quietly wrong are refused here: a whole number with a leading
//! zero (`05`, most often a decimal comma, `0,05`, read as two arguments) and a decimal with
//! more places than a decimal holds (Rhai rounds `0.000…01` to `0`).

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

/// Rewrites every scientific-notation number outside strings and comments, and refuses a
/// literal that would be read as something else than what was typed.
pub fn rewrite_literals(source: &str) -> Result<Rewritten, LiteralError> {
    if !may_need_a_look(source) && !source.contains('|') {
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
    let mut tokens = Vec::new();
    while let Some(token) = lexer.next() {
        if lexer.refused() {
            // Rhai reports the first error; a literal after this one must not come first.
            break;
        }
        tokens.push(token);
    }
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        i += 1;
        if let Some((name, method, open)) = method_over_itself(source, &tokens, i - 1) {
            let (line, col) = place.advance(source, token.start);
            let replacement = format!("{method}({name}, ");
            let typed = &source[token.start..tokens[open].end];
            let edit = Edit {
                line,
                new_col: (col as isize + place.shift) as usize,
                new_len: replacement.chars().count(),
                old_len: typed.chars().count(),
            };
            place.shift += edit.new_len as isize - edit.old_len as isize;
            edits.push(edit);
            out.push_str(&source[copied..token.start]);
            out.push_str(&replacement);
            copied = tokens[open].end;
            i = open + 1;
            continue;
        }
        let typed = &source[token.start..token.end];
        if token.kind != Kind::Number {
            continue;
        }
        let literal: String = typed.chars().filter(|c| *c != '_').collect();
        if !is_scientific(typed) {
            if let Some(message) = misread(&literal) {
                let (line, col) = place.advance(source, token.start);
                return Err(LiteralError { line, col, message });
            }
            continue;
        }
        let (line, col) = place.advance(source, token.start);
        let expanded = expand(&literal).ok_or_else(|| LiteralError {
            line,
            col,
            message: format!(
                "the number {literal} is outside the exact decimal range \
                 (about ±7.9e28, at most 28 decimal places); write it out, e.g. \
                 32_000_000_000, or use bn(32)"
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

/// Methods that take a closure and leave the value they are called on as it was: called on a
/// variable their closure also reads, they run in the function form (`map(xs, |x| …)`).
const READING_METHODS: [&str; 10] = [
    "map",
    "filter",
    "reduce",
    "reduce_rev",
    "all",
    "some",
    "find",
    "find_map",
    "index_of",
    "add_column",
];

/// At token `at`: a variable `name` called with one of [`READING_METHODS`] whose arguments
/// read `name` again (`xs.map(|x| x / sum(xs))`), as (name, method, index of the `(`).
///
/// Rhai holds a variable a method is called on for the length of the call, and refuses the
/// call ("data race") when a closure among the arguments captured that same variable. The
/// function form passes the value instead, and these methods do not change it, so the two
/// forms mean the same.
fn method_over_itself<'s>(
    source: &'s str,
    tokens: &[super::Token],
    at: usize,
) -> Option<(&'s str, &'s str, usize)> {
    let text = |t: &super::Token| &source[t.start..t.end];
    let solid = |from: usize| {
        (from..tokens.len()).find(|&j| !matches!(tokens[j].kind, Kind::Space | Kind::Comment))
    };
    let token = tokens[at];
    if token.kind != Kind::Ident {
        return None;
    }
    // `a.b.map(…)` and `m::xs.map(…)` are not a variable of their own.
    let before = (0..at)
        .rev()
        .find(|&j| !matches!(tokens[j].kind, Kind::Space | Kind::Comment));
    if before.is_some_and(|j| matches!(text(&tokens[j]), "." | ":" | "?")) {
        return None;
    }
    let dot = solid(at + 1)?;
    if text(&tokens[dot]) != "." {
        return None;
    }
    let method = solid(dot + 1)?;
    if tokens[method].kind != Kind::Ident || !READING_METHODS.contains(&text(&tokens[method])) {
        return None;
    }
    let open = solid(method + 1)?;
    if text(&tokens[open]) != "(" {
        return None;
    }
    let name = text(&token);
    let mut depth = 0usize;
    let mut previous = "";
    for t in &tokens[open..] {
        let word = text(t);
        match word {
            "(" | "[" | "{" => depth += 1,
            ")" | "]" | "}" => {
                depth -= 1;
                if depth == 0 {
                    return None;
                }
            }
            _ => {}
        }
        if t.kind == Kind::Ident && word == name && previous != "." {
            return Some((name, text(&tokens[method]), open));
        }
        if !matches!(t.kind, Kind::Space | Kind::Comment) {
            previous = word;
        }
    }
    None
}

/// Whether `source` may hold a literal to rewrite or refuse: a digit or `_` just before an
/// `e` (an exponent), a zero followed by a digit (a leading zero), or a number longer than 28
/// characters (too many digits to hold). Most scripts have none, and skip the lexer.
fn may_need_a_look(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut run = 0usize;
    for (i, &b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied().unwrap_or(b' ');
        if matches!(next, b'e' | b'E') && (b.is_ascii_digit() || b == b'_') {
            return true;
        }
        if b.is_ascii_digit() || b == b'_' || (b == b'.' && run > 0 && next.is_ascii_digit()) {
            if b == b'0' && run == 0 && next.is_ascii_digit() {
                return true;
            }
            run += 1;
            if run > MAX_PLACES {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// The most decimal places a decimal holds exactly.
const MAX_PLACES: usize = 28;

/// Why a plain number literal (no exponent, `_` removed) would be read otherwise than typed,
/// with the fix; `None` when Rhai reads it as written.
fn misread(literal: &str) -> Option<String> {
    let bytes = literal.as_bytes();
    if !bytes.iter().all(|b| b.is_ascii_digit() || *b == b'.') {
        return None;
    }
    if bytes.first() == Some(&b'0') && bytes.get(1).is_some_and(u8::is_ascii_digit) {
        let whole = literal.trim_start_matches('0');
        let whole = if whole.is_empty() || whole.starts_with('.') {
            format!("0{whole}")
        } else {
            whole.to_string()
        };
        let decimal = if literal.contains('.') {
            String::new()
        } else {
            format!("decimals with a point (0.{literal}; a comma separates arguments) and ")
        };
        return Some(format!(
            "the number {literal} starts with a zero: whatif writes {decimal}whole numbers \
             without leading zeros ({whole})"
        ));
    }
    let (_, fraction) = literal.split_once('.')?;
    let exact = fraction.len() <= MAX_PLACES
        && rust_decimal::Decimal::from_str_exact(literal)
            .is_ok_and(|d| d.scale() as usize == fraction.len());
    (!exact).then(|| {
        format!(
            "the number {literal} cannot be held exactly: a decimal holds at most {MAX_PLACES} \
             decimal places and about 28 significant digits; round it to fewer places (a \
             decimal never rounds a literal quietly)"
        )
    })
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
        rewrite_literals(s).unwrap().text
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
        // `${1e3}` left alone would fail to parse.
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
        let rewritten = rewrite_literals("a + 32e9 + zz").unwrap();
        // `zz` starts at column 12 as typed; 7 characters later after expansion.
        assert_eq!(rewritten.original_col(1, 19), 12);
        assert_eq!(rewritten.original_col(1, 5), 5);
        assert_eq!(rewritten.original_col(1, 8), 5);
        assert_eq!(rewritten.original_col(2, 3), 3);
    }

    #[test]
    fn refuses_numbers_past_the_decimal_range() {
        let err = rewrite_literals("\n  1e40").unwrap_err();
        assert_eq!((err.line, err.col), (2, 3));
        assert!(err.message.contains("1e40"));
        assert!(rewrite_literals("1e-40").is_err());
    }

    #[test]
    fn maps_several_edits_on_several_lines() {
        let rewritten = rewrite_literals("1e3 + 2e3 + x\n  y + 3e-1").unwrap();
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
        assert!(rewrite_literals("let s = \"abc\n1e40").is_ok());
        assert!(rewrite_literals("é 1e40").is_ok());
        assert!(rewrite_literals("1e40 é").is_err());
    }

    #[test]
    fn rewrites_the_end_of_an_exclusive_range() {
        // A literal right after `..` is not a property.
        assert_eq!(text("1..2e3"), "1..2000");
        assert_eq!(text("1..=2e3"), "1..=2000");
    }

    #[test]
    fn refuses_a_leading_zero_and_names_the_decimal_point() {
        let err = rewrite_literals("pmt(0,05/12, 360, 300000)").unwrap_err();
        assert_eq!((err.line, err.col), (1, 7));
        assert!(err.message.contains("0.05"), "{}", err.message);
        assert!(err.message.contains("with a point"), "{}", err.message);
        let err = rewrite_literals("x = 007").unwrap_err();
        assert!(err.message.contains("0.007") && err.message.contains("(7)"));
        assert!(rewrite_literals("1..05").is_err());
        let err = rewrite_literals("05.5").unwrap_err();
        assert!(err.message.contains("(5.5)"), "{}", err.message);
        // Zero itself, decimals below one, hex, octal and binary stay as Rhai reads them.
        for src in [
            "0", "0.05", "x[0]", "0x05", "0o17", "0b01", "10 + 0", "1..05a", "1e5.05", "\"05\"",
        ] {
            assert!(rewrite_literals(src).is_ok(), "{src}");
        }
    }

    #[test]
    fn refuses_a_decimal_finer_than_a_decimal_holds() {
        let err = rewrite_literals("0.00000000000000000000000000001").unwrap_err();
        assert!(err.message.contains("28 decimal places"), "{}", err.message);
        let err = rewrite_literals("9.2345678901234567890123456789").unwrap_err();
        assert!(
            err.message.contains("cannot be held exactly"),
            "{}",
            err.message
        );
        // 28 places is exactly what a decimal holds.
        assert!(rewrite_literals("0.0000000000000000000000000001").is_ok());
        assert!(rewrite_literals("79228162514264337593543950335.0").is_err());
        assert!(rewrite_literals("1.5 + 2.25").is_ok());
    }

    #[test]
    fn a_reading_method_over_its_own_variable_becomes_the_function_form() {
        assert_eq!(
            text("let xs = [10, 20, 70]; xs.map(|x| x / sum(xs))"),
            "let xs = [10, 20, 70]; map(xs, |x| x / sum(xs))"
        );
        assert_eq!(
            text("t.filter(|r| r.amount > t.mean(\"amount\")).len()"),
            "filter(t, |r| r.amount > t.mean(\"amount\")).len()"
        );
        // A closure that does not read the variable, a property of that name, a mutating
        // method and a chain stay as typed.
        for src in [
            "t.filter(|r| r.amount > 1)",
            "t.filter(|r| r.t > 1)",
            "xs.sort(|a, b| xs.len())",
            "a.t.filter(|r| t.len())",
            "t.filter(|r| r.x)\n + t",
        ] {
            assert_eq!(text(src), src);
        }
        let rewritten = rewrite_literals("t.filter(|r| r.amount > t.mean(\"x\") + zz)").unwrap();
        // `zz` typed at column 39; `t.filter(` (9) became `filter(t, ` (10).
        assert_eq!(rewritten.original_col(1, 40), 39);
        assert_eq!(rewritten.original_col(1, 1), 1);
    }

    #[test]
    fn leaves_an_escaped_interpolation_alone() {
        // `\${1e3}` is the text `${1e3}` in Rhai, not `${1000}`.
        assert_eq!(
            text("`cost \\${1e3} = ${1e3}`"),
            "`cost \\${1e3} = ${1000}`"
        );
    }
}
