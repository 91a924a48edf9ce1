//! Where `explain(` and `sources(` are calls of whatif's syntax rather than names. Rhai makes a
//! custom syntax's keyword a keyword everywhere, which would break `describe(d).sources` and a
//! map key `sources`; the session marks the places in each text where the word is called, and
//! the engine turns the keyword back into a plain name everywhere else.

use super::lexer::{Kind, Lexer};

/// 1-based (line, column) of every `word(` among `words` that is a call: followed by `(`, not
/// a property (`.word`), a function definition (`fn word`) or a module path (`m::word`).
pub fn calls(text: &str, words: &[&str]) -> Vec<(usize, usize)> {
    if !words.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    let tokens: Vec<_> = Lexer::new(text)
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .collect();
    let word = |i: usize| tokens.get(i).map(|t| &text[t.start..t.end]);
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.kind != Kind::Ident || !words.contains(&&text[token.start..token.end]) {
            continue;
        }
        let previous = i.checked_sub(1).and_then(word);
        if word(i + 1) != Some("(") || matches!(previous, Some("." | "?." | "fn" | "::")) {
            continue;
        }
        let before = &text[..token.start];
        let line = before.matches('\n').count() + 1;
        let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        found.push((line, col));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::calls;

    #[test]
    fn only_calls_are_marked() {
        let words = ["explain", "sources"];
        assert_eq!(calls("explain(x)", &words), vec![(1, 1)]);
        assert_eq!(calls("d.sources.len()", &words), vec![]);
        assert_eq!(calls("#{sources: 1}; fn explain(x) { x }", &words), vec![]);
        assert_eq!(
            calls("let a = 1;\n  sources (a) // explain(b)", &words),
            vec![(2, 3)]
        );
        assert_eq!(calls("\"explain(x)\"", &words), vec![]);
    }
}
