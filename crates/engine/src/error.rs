//! Script errors: what went wrong, where (`file:line:col`, as the user typed it), through which
//! function calls, and their rendering with the source line and a caret under the position.

use std::collections::HashMap;
use std::fmt::Write as _;

use rhai::{EvalAltResult, ParseError, Position};

/// How the sources of whatif's own Rhai helpers (`stdlib/*.rhai`) are named.
pub const STDLIB_PREFIX: &str = "stdlib/";

/// A point in a named source, 1-based, in the text the user wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The source's name: a file, `<eval>`, `<repl>`.
    pub source: String,
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1.
    pub col: usize,
}

/// Why a script stopped without a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A syntax error: nothing ran.
    Parse,
    /// The script ran and failed.
    Runtime,
    /// Stopped from outside: Ctrl-C.
    Interrupted,
    /// Standard output was closed (`| head`): not a failure of the script.
    OutputClosed,
}

/// One error raised by a script, ready to render.
#[derive(Debug, Clone)]
pub struct ScriptError {
    /// Why it stopped.
    pub kind: ErrorKind,
    /// The message in the analyst's words, one line.
    pub message: String,
    /// Where in the user's text, when known.
    pub location: Option<Location>,
    /// Calls that led to the error, innermost first: (function name, call site).
    pub calls: Vec<(String, Option<Location>)>,
    /// More to say, each with the place it is about when there is one (`the parser gave up
    /// here`).
    pub notes: Vec<(String, Option<Location>)>,
}

impl std::fmt::Display for ScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(loc) = &self.location {
            write!(f, " ({}:{}:{})", loc.source, loc.line, loc.col)?;
        }
        Ok(())
    }
}

impl std::error::Error for ScriptError {}

/// Maps a position in compiled text back to what the user typed.
pub trait PositionMap {
    /// Where `pos` of compiled `source` is in the text the user typed.
    fn locate(&self, source: &str, pos: Position) -> Option<Location>;
    /// The text of `line` of `source` as the user typed it.
    fn line_text(&self, source: &str, line: usize) -> Option<&str>;
    /// The source a script function was defined in, when known.
    fn function_source(&self, _name: &str) -> Option<String> {
        None
    }
}

impl ScriptError {
    /// An error of `kind` at `location`, with no calls leading to it.
    pub fn new(kind: ErrorKind, message: impl Into<String>, location: Option<Location>) -> Self {
        ScriptError {
            kind,
            message: message.into(),
            location,
            calls: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// A syntax error from the compiler.
    pub fn from_parse(err: &ParseError, source: &str, map: &dyn PositionMap) -> Self {
        let message = format!("syntax error: {}", err.err_type());
        let message = crate::messages::rhai_texts::hint_for_syntax(&message)
            .map_or(message.clone(), |h| format!("{message} ({h})"));
        ScriptError::new(
            ErrorKind::Parse,
            message,
            map.locate(source, err.position()),
        )
    }

    /// A runtime error, with the chain of function calls unwound.
    pub fn from_eval(err: &EvalAltResult, source: &str, map: &dyn PositionMap) -> Self {
        let mut calls = Vec::new();
        let mut current = err;
        let mut current_source = source.to_string();
        loop {
            match current {
                EvalAltResult::ErrorInFunctionCall(name, fn_source, inner, pos) => {
                    let label = if name.starts_with("anon$") {
                        "closure".to_string()
                    } else {
                        format!("function '{name}'")
                    };
                    calls.push((label, map.locate(&current_source, *pos)));
                    // Rhai names the caller's source here once ASTs are merged; the session
                    // knows where each function was defined.
                    if let Some(defined_in) = map.function_source(name) {
                        current_source = defined_in;
                    } else if !fn_source.is_empty() {
                        current_source = fn_source.clone();
                    }
                    current = inner;
                }
                EvalAltResult::ErrorInModule(name, inner, pos) => {
                    calls.push((
                        format!("module '{name}'"),
                        map.locate(&current_source, *pos),
                    ));
                    current = inner;
                }
                _ => break,
            }
        }
        calls.reverse();
        let kind = match current {
            EvalAltResult::ErrorTerminated(token, _) => match token.clone().into_string() {
                Ok(reason) if reason == crate::stop::OUTPUT_CLOSED => ErrorKind::OutputClosed,
                _ => ErrorKind::Interrupted,
            },
            EvalAltResult::ErrorParsing(..) => ErrorKind::Parse,
            _ => ErrorKind::Runtime,
        };
        let pos = current.position();
        let message = match (current, kind) {
            (_, ErrorKind::Interrupted) => "interrupted (Ctrl-C)".to_string(),
            (EvalAltResult::ErrorRuntime(value, _), _) => value
                .clone()
                .into_string()
                .unwrap_or_else(|v| v.to_string()),
            (EvalAltResult::ErrorFunctionNotFound(signature, _), _) => {
                crate::messages::rhai_texts::function_not_found(signature)
            }
            (EvalAltResult::ErrorTooManyOperations(_), _) => {
                "the script ran past its operation limit".to_string()
            }
            (EvalAltResult::ErrorDotExpr(text, _), _) => {
                crate::messages::rhai_texts::unknown_property(text)
            }
            (EvalAltResult::ErrorArrayBounds(len, index, _), _) => format!(
                "there is no item [{index}]: the array has {} (the first is [0], the last [-1])",
                match len {
                    0 => "none".to_string(),
                    1 => "1 item".to_string(),
                    n => format!("{n} items"),
                }
            ),
            // whatif's own operators write these, in words already.
            (EvalAltResult::ErrorArithmetic(text, _), _) => text.clone(),
            (EvalAltResult::ErrorFor(..), _) => {
                "`for … in` needs something to go through: an array, a range (0..10), a \
                 string or a Table"
                    .to_string()
            }
            (EvalAltResult::ErrorMismatchDataType(expected, actual, _), _) => {
                let actual = crate::messages::with_article(&crate::messages::type_word(actual));
                if expected == "bool" {
                    format!(
                        "a condition (if, while, &&, ||, !) must be true or false, not {actual}; \
                         compare it, e.g. x > usd(0) or x != ()"
                    )
                } else {
                    format!(
                        "expected {}, not {actual}",
                        crate::messages::with_article(&crate::messages::type_word(expected))
                    )
                }
            }
            (EvalAltResult::ErrorVariableNotFound(name, _), _) => {
                format!("unknown variable {name} (define it first: let {name} = …)")
            }
            (EvalAltResult::ErrorDataRace(what, _), _) => {
                crate::messages::rhai_texts::data_race(what)
            }
            (EvalAltResult::ErrorNonPureMethodCallOnConstant(name, _), _) => format!(
                "{name} would change a constant; declare it with let instead of const, or \
                 work on a copy: let copy = value; copy.{name}(…)"
            ),
            (EvalAltResult::ErrorAssignmentToConstant(name, _), _) => format!(
                "{name} is a constant and cannot change; declare it with let {name} = … to \
                 change it later"
            ),
            (EvalAltResult::ErrorStringBounds(len, index, _), _) => format!(
                "there is no character [{index}]: the text has {len} (the first is [0], the \
                 last [-1])"
            ),
            (EvalAltResult::ErrorBitFieldBounds(bits, index, _), _) => format!(
                "there is no bit {index}: a whole number has {bits} (0 to {})",
                bits.saturating_sub(1)
            ),
            (EvalAltResult::ErrorIndexingType(what, _), _) => format!(
                "{} cannot be indexed with [ ]; index an array, a map, a text or a Table row",
                crate::messages::with_article(&crate::messages::type_word(what))
            ),
            (EvalAltResult::ErrorModuleNotFound(name, _), _) => format!(
                "no module {name:?} to import: give the path of a .rhai file (relative to the \
                 script) that the file policy allows"
            ),
            (EvalAltResult::ErrorUnboundThis(_), _) => {
                "`this` only has a value inside a function called as a method, x.f()".to_string()
            }
            (EvalAltResult::ErrorMismatchOutputType(expected, actual, _), _) => format!(
                "the result is {}, where {} was expected",
                crate::messages::with_article(&crate::messages::type_word(actual)),
                crate::messages::with_article(&crate::messages::type_word(expected))
            ),
            _ => {
                // Display appends " (line L, position C)": the location is shown separately.
                let text = current.to_string();
                let suffix = format!(" ({pos})");
                crate::messages::plain_types(text.strip_suffix(&suffix).unwrap_or(&text))
            }
        };
        let mut location = map.locate(&current_source, pos);
        let mut notes = Vec::new();
        // An error inside whatif's own Rhai helpers is about how they were called: show the
        // user's call, and only name the helper's line.
        let in_stdlib = |l: &Option<Location>| {
            l.as_ref()
                .is_some_and(|l| l.source.starts_with(STDLIB_PREFIX))
        };
        if in_stdlib(&location) {
            if let Some(at) = calls
                .iter()
                .position(|(_, site)| site.is_some() && !in_stdlib(site))
            {
                let (what, site) = calls.remove(at);
                calls.drain(..at);
                location = site;
                // The helper's own line is not the user's to fix (and private helpers of
                // different stdlib files share names, so it could not always be told).
                notes.push((format!("raised in {what}, one of whatif's helpers"), None));
            }
        }
        ScriptError {
            kind,
            message,
            location,
            calls,
            notes,
        }
    }

    /// The error as the terminal shows it: message, location, source line and caret, then the
    /// call sites that led there.
    pub fn render(&self, map: &dyn PositionMap) -> String {
        let mut out = format!("error: {}\n", self.message);
        if let Some(loc) = &self.location {
            snippet(&mut out, loc, map);
        }
        for (what, site) in &self.calls {
            match site {
                Some(loc) => {
                    let _ = writeln!(out, "note: in {what}, called from here:");
                    snippet(&mut out, loc, map);
                }
                None => {
                    let _ = writeln!(out, "note: in {what}");
                }
            }
        }
        for (note, site) in &self.notes {
            let _ = writeln!(out, "note: {note}");
            if let Some(loc) = site {
                snippet(&mut out, loc, map);
            }
        }
        out
    }
}

fn snippet(out: &mut String, loc: &Location, map: &dyn PositionMap) {
    let _ = writeln!(out, "  --> {}:{}:{}", loc.source, loc.line, loc.col);
    let Some(text) = map.line_text(&loc.source, loc.line) else {
        return;
    };
    let number = loc.line.to_string();
    let pad = " ".repeat(number.len());
    // The caret sits under the character at `col`; wide (CJK) characters take two cells and
    // tabs are kept so the terminal expands them alike in both lines.
    let mut indent = String::new();
    for c in text.chars().take(loc.col.saturating_sub(1)) {
        match c {
            '\t' => indent.push('\t'),
            c if unicode_width::UnicodeWidthChar::width(c).unwrap_or(1) == 2 => {
                indent.push_str("  ")
            }
            _ => indent.push(' '),
        }
    }
    let _ = writeln!(out, " {pad} |");
    let _ = writeln!(out, " {number} | {text}");
    let _ = writeln!(out, " {pad} | {indent}^");
}

/// Source texts by name, as compiled, for rendering. Sessions keep one.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    sources: HashMap<String, (String, crate::script_text::Rewritten)>,
    functions: HashMap<String, String>,
}

impl SourceMap {
    /// Records that script function `name` was (last) defined in `source`.
    pub fn define_function(&mut self, name: &str, source: &str) {
        self.functions.insert(name.to_string(), source.to_string());
    }

    /// Records source `name`: the text the user typed and the text compiled from it.
    pub fn insert(&mut self, name: &str, original: &str, rewritten: crate::script_text::Rewritten) {
        self.sources
            .insert(name.to_string(), (original.to_string(), rewritten));
    }
}

impl PositionMap for SourceMap {
    fn locate(&self, source: &str, pos: Position) -> Option<Location> {
        let line = pos.line()?;
        let col = pos.position().unwrap_or(1).max(1);
        let col = self
            .sources
            .get(source)
            .map_or(col, |(_, rewritten)| rewritten.original_col(line, col));
        Some(Location {
            source: source.to_string(),
            line,
            col,
        })
    }

    fn line_text(&self, source: &str, line: usize) -> Option<&str> {
        let (original, _) = self.sources.get(source)?;
        original.lines().nth(line.checked_sub(1)?)
    }

    fn function_source(&self, name: &str) -> Option<String> {
        self.functions.get(name).cloned()
    }
}
