//! The wording of script errors: a syntax error pointed at its cause (a percent sign, an
//! unclosed bracket, `explain`'s form), a limit named in the embedder's words with how to
//! raise it, and an unknown name given the closest function, variable or dataset and the ways
//! to call a function that exists. The session calls these once per error.

use rhai::{Scope, AST};

use crate::engine::EngineConfig;
use crate::error::{ErrorKind, Location, ScriptError};
use crate::functions::FunctionInfo;
use crate::host::{Limit, LimitSetting};
use whatif_core::decimal::group_thousands;

/// What the session knows that an unknown name may be near.
pub(crate) struct Known<'a> {
    /// The engine's functions (`Session::native_functions`).
    pub functions: &'a [FunctionInfo],
    /// The script functions defined so far.
    pub user: &'a AST,
    /// The session's variables.
    pub scope: &'a Scope<'static>,
}

/// Words a syntax error of `code` (named `source`): nesting too deep in the host's words for
/// the limit, else its cause when the text shows one, and `explain`'s form.
pub(crate) fn word_syntax_error(
    error: &mut ScriptError,
    e: &rhai::ParseError,
    (code, source): (&str, &str),
    config: &EngineConfig,
    limit_setting: LimitSetting,
) {
    if matches!(e.err_type(), rhai::ParseErrorType::ExprTooDeep) {
        error.message = format!(
            "syntax error: expressions nest deeper than {} levels (raise the limit \
                         with {})",
            config.max_expr_depth,
            (limit_setting)(Limit::ExprDepth, "N")
        );
    } else {
        explain_syntax(error, code, source);
    }
    // The syntax's internal keys are `explain` and `sources` to the user.
    for (word, key) in crate::explain::SYNTAX
        .iter()
        .zip(crate::explain::SYNTAX_KEYS)
    {
        let mentioned = error.message.contains(key);
        error.message = error.message.replace(key, word);
        for (note, _) in &mut error.notes {
            *note = note.replace(key, word);
        }
        if mentioned {
            error.message = format!(
                "syntax error: {word} takes one expression in brackets, {word}(x){}",
                if *word == "explain" {
                    ", and may take a map of options after it: explain(x, #{depth: 5, lines: 60})"
                } else {
                    ""
                }
            );
        }
    }
}

/// Words an error of a run of `code` (named `source`): where a data race happened, which limit
/// stopped it and how to raise it, and what an unknown name may have meant.
pub(crate) fn word_run_error(
    error: &mut ScriptError,
    raw: &rhai::EvalAltResult,
    (code, source): (&str, &str),
    config: &EngineConfig,
    limit_setting: LimitSetting,
    known: &Known,
) {
    if error.location.is_none() {
        error.location = place_of_data_race(raw, code, source);
    }
    explain_limit(error, raw, config, limit_setting);
    suggest(error, raw, known);
}

/// Adds what the session knows to an unknown name: the closest function, variable or
/// dataset, and the ways to call a function that exists with other arguments.
fn suggest(error: &mut ScriptError, raw: &rhai::EvalAltResult, session: &Known) {
    use rhai::EvalAltResult as E;
    let mut leaf = raw;
    while let E::ErrorInFunctionCall(_, _, inner, _) | E::ErrorInModule(_, inner, _) = leaf {
        leaf = inner;
    }
    match leaf {
        E::ErrorFunctionNotFound(signature, _) => {
            let name = signature
                .split_once(" (")
                .map_or(signature.as_str(), |(n, _)| n);
            let name = name.trim();
            if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_') {
                return;
            }
            let given = error
                .message
                .strip_prefix("unknown function ")
                .unwrap_or(&error.message)
                .to_string();
            let given = given.strip_prefix(name).unwrap_or(&given).to_string();
            let known = super::signatures(session.functions, session.user, name);
            if !known.is_empty() {
                let arguments = describe_arguments(&given);
                // Dates were text before they were dates: say what replaces the text ways.
                let date = if arguments.starts_with("a Date")
                    && known
                        .iter()
                        .any(|k| k.contains("(string") && !k.contains("(Date"))
                {
                    "; a date is not text: use its .year, .month or .day, or d.to_string() \
                     for its text"
                } else {
                    ""
                };
                error.message = format!(
                    "{name} cannot take {arguments}; it is called as {}{date}",
                    known.join(" or ")
                );
                return;
            }
            let names = super::function_names(session.functions, session.user);
            let mut candidates: Vec<&str> = names.iter().map(String::as_str).collect();
            let datasets = whatif_core::datasets::names();
            candidates.extend(datasets.iter().copied());
            if let Some(near) = super::closest(name, candidates) {
                let how = super::signatures(session.functions, session.user, near);
                let shown = if how.is_empty() {
                    near.to_string()
                } else {
                    how.join(" or ")
                };
                error.message = format!("{}; did you mean {shown}?", error.message);
            } else {
                error.message = format!(
                    "{} (`:functions WORD` at the prompt lists the functions)",
                    error.message
                );
            }
        }
        E::ErrorVariableNotFound(name, _) => {
            let mut candidates: Vec<String> = session
                .scope
                .iter_raw()
                .map(|(n, _, _)| n.to_string())
                .collect();
            candidates.extend(whatif_core::datasets::names().iter().map(|n| n.to_string()));
            let names = super::function_names(session.functions, session.user);
            let near =
                super::closest(name, candidates.iter().map(String::as_str)).map(str::to_string);
            if let Some(near) = near {
                error.message = format!("unknown variable {name}; did you mean {near}?");
            } else if names.iter().any(|n| n == name) {
                error.message = format!(
                    "{name} is a function, not a variable: call it with its arguments, \
                     {name}(…)"
                );
            }
        }
        _ => {}
    }
}

/// `(integer, string)` as `an integer and a string`; `()` as `no arguments`.
fn describe_arguments(given: &str) -> String {
    let inner = given.trim().trim_start_matches('(').trim_end_matches(')');
    if inner.trim().is_empty() {
        return "no arguments".to_string();
    }
    let words: Vec<String> = inner.split(", ").map(super::with_article).collect();
    match words.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => "no arguments".to_string(),
    }
}

/// Points a syntax error at its cause when the text shows one the parser cannot: a number
/// with a percent sign (`5%`), or a bracket that is never closed or closed by the wrong kind
/// (the parser notices only later, where it gave up; that place becomes a note).
fn explain_syntax(error: &mut ScriptError, code: &str, source: &str) {
    use crate::script_text::scan::{brackets, percent_suffix, Brackets};
    let at = |offset: usize| {
        let before = &code[..offset];
        Some(Location {
            source: source.to_string(),
            line: before.matches('\n').count() + 1,
            col: before.rsplit('\n').next().unwrap_or("").chars().count() + 1,
        })
    };
    if let Some((start, end)) = percent_suffix(code) {
        let written = &code[start..end];
        let number = written.trim_end_matches('%').trim().replace('_', "");
        let fraction = number
            .parse::<rust_decimal::Decimal>()
            .map(|n| {
                (n / rust_decimal::Decimal::ONE_HUNDRED)
                    .normalize()
                    .to_string()
            })
            .unwrap_or_else(|_| format!("{number} / 100"));
        error.message = format!(
            "syntax error: `{written}` is not a percentage in whatif: write {fraction} or \
             pct({number})"
        );
        error.location = at(start);
        return;
    }
    let gave_up = error
        .message
        .trim_start_matches("syntax error: ")
        .to_string();
    if gave_up.starts_with("Script is incomplete") {
        let last = crate::script_text::scan::last_code_end(code)
            .map(|(_, t)| code[t.start..t.end].to_string())
            .unwrap_or_default();
        error.message = format!(
            "syntax error: the script ends in the middle of an expression: something is \
             missing after `{last}`"
        );
    }
    match brackets(code) {
        Some(Brackets::Unclosed { open, bracket }) => {
            let closer = closing(bracket);
            error.notes.push((
                format!("the parser gave up here: {gave_up}"),
                error.location.take(),
            ));
            error.message =
                format!("syntax error: this `{bracket}` is never closed (add its `{closer}`)");
            error.location = at(open);
        }
        Some(Brackets::Mismatched {
            open,
            bracket,
            close,
            closer,
        }) => {
            error.message = format!(
                "syntax error: `{closer}` does not close the `{bracket}` before it (write `{}`, \
                 or close the inner bracket first)",
                closing(bracket)
            );
            error.location = at(close);
            error
                .notes
                .push((format!("the `{bracket}` opened here"), at(open)));
        }
        Some(Brackets::Stray { close, closer }) => {
            error.message = format!("syntax error: `{closer}` closes no open bracket");
            error.location = at(close);
        }
        None => {}
    }
}

fn closing(bracket: char) -> char {
    match bracket {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

/// Says which limit a script ran into and how to raise it.
/// Rhai reports a data race without a position; the method call it names is found in the
/// text instead (the first `.name(` outside strings and comments), so the message points at it.
fn place_of_data_race(raw: &rhai::EvalAltResult, code: &str, source: &str) -> Option<Location> {
    use crate::script_text::{Kind, Lexer};
    let mut leaf = raw;
    while let rhai::EvalAltResult::ErrorInFunctionCall(_, _, inner, _) = leaf {
        leaf = inner;
    }
    let rhai::EvalAltResult::ErrorDataRace(what, _) = leaf else {
        return None;
    };
    let name = what.split_once("function '")?.1.strip_suffix('\'')?;
    let tokens: Vec<_> = Lexer::new(code)
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .collect();
    let at = tokens.windows(3).find(|w| {
        &code[w[0].start..w[0].end] == "."
            && &code[w[1].start..w[1].end] == name
            && &code[w[2].start..w[2].end] == "("
    })?;
    let before = &code[..at[1].start];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some(Location {
        source: source.to_string(),
        line,
        col,
    })
}

fn explain_limit(
    error: &mut ScriptError,
    raw: &rhai::EvalAltResult,
    config: &EngineConfig,
    set: crate::host::LimitSetting,
) {
    // "raise it with --max-ops N, or --max-ops 0 for no limit", in the host's words.
    let raise = |limit: Limit, placeholder: &str| {
        format!(
            "raise it with {}, or {} for no limit",
            set(limit, placeholder),
            set(limit, "0")
        )
    };
    use rhai::EvalAltResult as E;
    let mut leaf = raw;
    while let E::ErrorInFunctionCall(_, _, inner, _) | E::ErrorInModule(_, inner, _) = leaf {
        leaf = inner;
    }
    let explained = match leaf {
        E::ErrorTooManyOperations(_) => format!(
            "the script ran past its limit of {} operations ({})",
            group_thousands(&config.max_operations.to_string()),
            raise(Limit::Operations, "N")
        ),
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::stop::TIMED_OUT) =>
        {
            let seconds = config.timeout.map_or(0, |t| t.as_secs());
            error.kind = ErrorKind::Runtime;
            format!(
                "the script ran past its time limit of {seconds} s ({})",
                raise(Limit::Timeout, "SECONDS")
            )
        }
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::stop::OUT_OF_MEMORY) =>
        {
            error.kind = ErrorKind::Runtime;
            format!(
                "the script used more than its memory budget of {} MiB ({})",
                config.max_memory / (1024 * 1024),
                raise(Limit::Memory, "MIB")
            )
        }
        E::ErrorTerminated(token, _)
            if token
                .clone()
                .into_string()
                .is_ok_and(|t| t == crate::stop::STACK_FULL) =>
        {
            error.kind = ErrorKind::Runtime;
            format!(
                "function calls nested deeper than whatif's stack holds, before the limit of \
                 {} levels: runaway recursion? (lower it with {}, or write the recursion as a \
                 loop)",
                group_thousands(&config.max_call_depth.to_string()),
                set(Limit::CallDepth, "N")
            )
        }
        E::ErrorStackOverflow(_) => format!(
            "function calls nested deeper than {} levels: runaway recursion? (raise the limit \
             with {})",
            config.max_call_depth,
            set(Limit::CallDepth, "N")
        ),
        E::ErrorDataTooLarge(what, _) => {
            let what = what.to_lowercase();
            let (thing, limit, unit, flag) = if what.contains("array") {
                (
                    "an array",
                    config.max_array_len,
                    "elements",
                    Limit::ArrayLength,
                )
            } else if what.contains("map") {
                (
                    "an object map",
                    config.max_map_len,
                    "entries",
                    Limit::MapLength,
                )
            } else {
                (
                    "a string",
                    config.max_string_len,
                    "bytes",
                    Limit::StringLength,
                )
            };
            format!(
                "{thing} grew past its limit of {} {unit} (raise it with {})",
                group_thousands(&limit.to_string()),
                set(flag, "N")
            )
        }
        _ => return,
    };
    error.message = explained;
}
