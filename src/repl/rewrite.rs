//! Entries the prompt rewrote before running them (each `_` becomes [`LAST`]): errors are
//! shown with what was typed, at the columns it was typed at, and a failed entry is cut where
//! it stopped running so that `:save` replays only what ran.

use std::collections::HashMap;

use whatif_engine::error::{Location, PositionMap, ScriptError};

use super::script::{statement_start, LAST};

/// An entry whose `_` were rewritten to [`LAST`], so errors can show what was typed.
pub struct Rewrite {
    original: String,
    /// (line, column) of each `_` in the original, 1-based.
    uses: Vec<(usize, usize)>,
}

impl Rewrite {
    /// `typed`, whose `_` are at byte offsets `uses`.
    pub fn new(typed: &str, uses: &[usize]) -> Self {
        Rewrite {
            original: typed.to_string(),
            uses: uses.iter().map(|&at| line_col(typed, at)).collect(),
        }
    }

    fn original_col(&self, line: usize, col: usize) -> usize {
        let extra = LAST.len() - 1;
        let mut shift = 0;
        for (k, (_, use_col)) in self.uses.iter().filter(|(l, _)| *l == line).enumerate() {
            if use_col + k * extra < col {
                shift += extra.min(col - (use_col + k * extra));
            }
        }
        col.saturating_sub(shift).max(1)
    }
}

/// Shows the user's own text for rewritten entries, and the session's otherwise.
struct Display<'a> {
    inner: &'a dyn PositionMap,
    rewrites: &'a HashMap<String, Rewrite>,
}

impl PositionMap for Display<'_> {
    fn locate(&self, source: &str, pos: rhai::Position) -> Option<Location> {
        self.inner.locate(source, pos)
    }

    fn line_text(&self, source: &str, line: usize) -> Option<&str> {
        match self.rewrites.get(source) {
            Some(r) => r.original.lines().nth(line.checked_sub(1)?),
            None => self.inner.line_text(source, line),
        }
    }
}

/// `error` as script mode renders it, with the user's own text and columns for rewritten
/// entries and `_` for [`LAST`].
pub fn render_error(
    error: &ScriptError,
    sources: &dyn PositionMap,
    rewrites: &HashMap<String, Rewrite>,
) -> String {
    let mut error = error.clone();
    let locations = error
        .location
        .iter_mut()
        .chain(error.calls.iter_mut().filter_map(|(_, l)| l.as_mut()));
    for loc in locations {
        if let Some(rewrite) = rewrites.get(&loc.source) {
            loc.col = rewrite.original_col(loc.line, loc.col);
        }
    }
    error.message = error.message.replace(LAST, "_");
    let display = Display {
        inner: sources,
        rewrites,
    };
    error.render(&display).trim_end().to_string()
}

/// How much of a failed entry ran before the failing statement, as a byte offset in what was
/// typed: nothing for a syntax error; otherwise up to the top-level statement holding the
/// error, or the outermost call into a function that failed.
pub fn ran_until(error: &ScriptError, source: &str, typed: &str, evaluated: &str) -> usize {
    if error.kind == whatif_engine::ErrorKind::Parse {
        return 0;
    }
    let outermost = error
        .calls
        .iter()
        .rev()
        .filter_map(|(_, l)| l.as_ref())
        .chain(error.location.as_ref())
        .find(|l| l.source == source);
    let Some(location) = outermost else {
        return 0;
    };
    let offset_of = |text: &str| {
        let mut offset = 0;
        for (n, line) in text.split('\n').enumerate() {
            if n + 1 == location.line {
                let col: usize = line
                    .chars()
                    .take(location.col.saturating_sub(1))
                    .map(char::len_utf8)
                    .sum();
                return Some(offset + col);
            }
            offset += line.len() + 1;
        }
        None
    };
    let Some(at) = offset_of(evaluated) else {
        return 0;
    };
    // `_` became `_last` in what ran: count statements there, then find the same statement in
    // what was typed.
    let start = statement_start(evaluated, at);
    let statements_before = super::script::statement_ends(evaluated)
        .into_iter()
        .filter(|&end| end <= start)
        .count();
    if statements_before == 0 {
        return 0;
    }
    super::script::statement_ends(typed)
        .get(statements_before - 1)
        .copied()
        .unwrap_or(0)
}

/// 1-based (line, column) of byte `at` in `text`.
fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_maps_columns_back() {
        let rewrite = Rewrite {
            original: "_ + _ + z".into(),
            uses: vec![(1, 1), (1, 5)],
        };
        // In "_last + _last + z", z is at column 17; in the original at 9.
        assert_eq!(rewrite.original_col(1, 17), 9);
        assert_eq!(rewrite.original_col(1, 9), 5);
        assert_eq!(rewrite.original_col(1, 8), 4);
        assert_eq!(rewrite.original_col(1, 1), 1);
    }
}
