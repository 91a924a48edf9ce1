//! The REPL's reading of an entry: where `_` (the last value) is used, and its replacement by
//! the variable that holds it. The scanning underneath (tokens, unfinished input) is the
//! engine's `source::scan`, re-exported so the prompt has one place to ask.

pub use whatif_engine::scan::{
    cursor, is_complete, last_code_end, last_top_level_semicolon, scan, Cursor, Kind, Open, Token,
};

/// Byte ranges of the REPL's `_` (the last value) used as a variable: an identifier token that
/// is exactly `_` and is not a `switch` default arm (`_ =>`).
pub fn underscore_uses(text: &str) -> Vec<usize> {
    let (tokens, _) = scan(text);
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != Kind::Ident || &text[token.start..token.end] != "_" {
            continue;
        }
        let next = tokens[i + 1..].iter().find(|t| t.kind != Kind::Space);
        let arm = next.is_some_and(|t| text[t.start..].starts_with("=>"));
        if !arm {
            found.push(token.start);
        }
    }
    found
}

/// Replaces each use of `_` with `name`.
pub fn replace_underscore(text: &str, name: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for at in underscore_uses(text) {
        out.push_str(&text[last..at]);
        out.push_str(name);
        last = at + 1;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_underscore_but_not_switch_arms_or_strings() {
        assert_eq!(underscore_uses("_ * 2"), vec![0]);
        assert_eq!(underscore_uses("a_b + \"_\" + _x"), Vec::<usize>::new());
        assert_eq!(
            underscore_uses("switch x { 1 => _, _ => 0 }"),
            vec!["switch x { 1 => ".len()]
        );
        assert_eq!(replace_underscore("f(_) + _", "_last"), "f(_last) + _last");
    }
}
