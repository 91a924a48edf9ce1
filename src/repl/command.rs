//! The REPL's own commands. They start with `:` so they never collide with script code; this
//! parses them and holds their one-line descriptions (for `:help` and completion).

use std::str::FromStr;

/// How values are shown after each entry: a format of the engine's list that shows on screen
/// (every one but the binary files).
pub type Format = &'static whatif_engine::formats::Format;

/// The on-screen format `name` names (`md` for markdown, in any case).
pub fn parse_format(name: &str) -> Result<Format, String> {
    use whatif_engine::formats::Format;
    match Format::named(name) {
        Some(format) if !format.is_binary() => Ok(format),
        Some(format) => Err(format!(
            "{} is a binary file format, not one to show results in; save a table to a \
             file with :once FILE.{}",
            format.name,
            format.extensions.first().copied().unwrap_or(format.name)
        )),
        None => {
            let names = Format::screen_names();
            let lower = name.to_ascii_lowercase();
            let near = whatif_engine::closest(&lower, names.iter().copied())
                .map(|n| format!("did you mean {n}? "))
                .unwrap_or_default();
            Err(format!(
                "unknown format '{name}': {near}choose one of {}",
                names.join(", ")
            ))
        }
    }
}

/// A parsed `:command`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help(Option<String>),
    Functions(Option<String>),
    Datasets,
    Vars,
    Load(String),
    Save(String),
    Once(String),
    Format(Option<Format>),
    Digits(Option<whatif_core::display::Digits>),
    Timer(Option<bool>),
    /// `:explain [EXPR]` (or `:why`): how the last result, or EXPR, was derived.
    Explain(Option<String>),
    Reset,
    Quit,
}

/// Every command with its argument and a one-line description, in `:help` order.
#[rustfmt::skip]
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "[NAME]", "this introduction, or the help of a function, dataset or command"),
    (":functions", "[FILTER]", "list functions (whatif's and yours; a filter searches all)"),
    (":datasets", "", "list the datasets"),
    (":vars", "", "list the variables in the session"),
    (":load", "FILE", "run a script into the session"),
    (":save", "FILE", "write this session as a runnable .rhai script that replays it"),
    (":once", "FILE", "also save the next table result to FILE (format from its extension)"),
    (":format", "[FORMAT]", "how results are shown: text, json, markdown, csv, html, … (:help :format)"),
    (":digits", "[N|exact]", "significant digits numbers show (default 12); files keep every digit"),
    (":timer", "[on|off]", "print how long each entry took"),
    (":explain", "[EXPR]", "how the last result (or EXPR) was derived: figures, sources, rates"),
    (":why", "[EXPR]", "the same as :explain"),
    (":reset", "", "forget every variable, function and entry"),
    (":quit", "", "leave (Ctrl-D does too)"),
];

/// Splits `:name rest` into the name and its trimmed argument.
fn split(input: &str) -> (&str, Option<&str>) {
    let input = input.trim();
    match input.split_once(char::is_whitespace) {
        Some((name, rest)) if !rest.trim().is_empty() => (name, Some(rest.trim())),
        Some((name, _)) => (name, None),
        None => (input, None),
    }
}

impl FromStr for Command {
    type Err = String;

    /// Parses an entry that starts with `:`. Unique prefixes are accepted (`:h`, `:fun`).
    fn from_str(input: &str) -> Result<Self, String> {
        let (name, arg) = split(input);
        let matches: Vec<&str> = COMMANDS
            .iter()
            .map(|(n, _, _)| *n)
            .filter(|n| n.starts_with(name))
            .collect();
        let full = match (COMMANDS.iter().find(|(n, _, _)| *n == name), &matches[..]) {
            (Some((n, _, _)), _) => *n,
            (None, [only]) => only,
            (None, []) if name == ":q" || name == ":exit" => ":quit",
            (None, []) => {
                let names = COMMANDS.iter().map(|(n, _, _)| *n);
                return Err(match whatif_engine::closest(name, names) {
                    Some(near) => format!("unknown command '{name}'; did you mean {near}?"),
                    None => format!(
                        "unknown command '{name}'; :help lists the commands (script code \
                         never starts with ':')"
                    ),
                });
            }
            (None, many) => {
                return Err(format!(
                    "'{name}' could be {}; type more of it",
                    many.join(", ")
                ))
            }
        };
        let need = |what: &str| -> Result<String, String> {
            arg.map(str::to_string)
                .ok_or_else(|| format!("{full} needs {what}, e.g. {full} session.rhai"))
        };
        let none = |command: Command| -> Result<Command, String> {
            match arg {
                Some(extra) => Err(format!("{full} takes no argument (got '{extra}')")),
                None => Ok(command),
            }
        };
        match full {
            ":help" => Ok(Command::Help(arg.map(str::to_string))),
            ":functions" => Ok(Command::Functions(arg.map(str::to_string))),
            ":datasets" => none(Command::Datasets),
            ":vars" => none(Command::Vars),
            ":explain" | ":why" => Ok(Command::Explain(arg.map(str::to_string))),
            ":load" => Ok(Command::Load(need("a script to run")?)),
            ":save" => Ok(Command::Save(need("a file to write")?)),
            ":once" => Ok(Command::Once(need("a file for the next table")?)),
            ":format" => Ok(Command::Format(arg.map(parse_format).transpose()?)),
            ":digits" => Ok(Command::Digits(
                arg.map(whatif_core::display::Digits::parse)
                    .transpose()
                    .map_err(String::from)?,
            )),
            ":timer" => match arg.map(str::to_ascii_lowercase).as_deref() {
                None => Ok(Command::Timer(None)),
                Some("on") => Ok(Command::Timer(Some(true))),
                Some("off") => Ok(Command::Timer(Some(false))),
                Some(other) => Err(format!(":timer takes on or off, not '{other}'")),
            },
            ":reset" => none(Command::Reset),
            _ => none(Command::Quit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_and_prefixes() {
        assert_eq!(":help".parse(), Ok(Command::Help(None)));
        assert_eq!(
            ":help  assert_eq ".parse(),
            Ok(Command::Help(Some("assert_eq".into())))
        );
        assert_eq!(
            ":fun npv".parse(),
            Ok(Command::Functions(Some("npv".into())))
        );
        assert_eq!(":q".parse(), Ok(Command::Quit));
        assert_eq!(
            ":format json".parse(),
            Ok(Command::Format(whatif_engine::formats::Format::named(
                "json"
            )))
        );
        assert_eq!(":timer on".parse(), Ok(Command::Timer(Some(true))));
        use whatif_core::display::Digits;
        assert_eq!(
            ":digits 6".parse(),
            Ok(Command::Digits(Some(Digits::Significant(6))))
        );
        assert_eq!(
            ":digits exact".parse(),
            Ok(Command::Digits(Some(Digits::Exact)))
        );
        assert_eq!(":digits".parse(), Ok(Command::Digits(None)));
        let err = ":digits 0".parse::<Command>().unwrap_err();
        assert!(err.contains("from 1 to 28"), "{err}");
    }

    #[test]
    fn explains_bad_commands() {
        let err = ":nope".parse::<Command>().unwrap_err();
        assert!(err.contains("unknown command ':nope'"), "{err}");
        let err = ":save".parse::<Command>().unwrap_err();
        assert!(err.contains(":save needs a file"), "{err}");
        let err = ":format xml".parse::<Command>().unwrap_err();
        assert!(err.contains("unknown format 'xml'"), "{err}");
        let err = ":format xlsx".parse::<Command>().unwrap_err();
        assert!(
            err.contains("binary file format") && err.contains(":once FILE.xlsx"),
            "{err}"
        );
        assert_eq!(
            ":hlep".parse::<Command>().unwrap_err(),
            "unknown command ':hlep'; did you mean :help?"
        );
        assert_eq!(
            ":format jsno".parse::<Command>().unwrap_err(),
            "unknown format 'jsno': did you mean json? choose one of text, json, box, markdown, \
             csv, tsv, jsonl, html, latex, typst"
        );
        let err = ":vars x".parse::<Command>().unwrap_err();
        assert!(err.contains("takes no argument"), "{err}");
        // `:f` could be :functions or :format.
        let err = ":f".parse::<Command>().unwrap_err();
        assert!(err.contains(":functions, :format"), "{err}");
    }
}
