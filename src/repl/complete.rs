//! Tab completion at the prompt: `:commands` and their arguments, names in scope, a map's keys
//! or a table's columns after `.`, and the cells of a closure's row.

use std::collections::HashSet;

use rhai::Dynamic;

use super::command::COMMANDS;
use super::prompt::Repl;
use super::scan;
use super::script::LAST;
use whatif_engine::table::Table;

/// What Tab can offer at a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Completion {
    Nothing,
    /// Replace from byte `start` to the cursor with one of `names`.
    Names {
        start: usize,
        names: Vec<String>,
    },
    /// A file name (after `:load`, `:save`, `:once`, or inside a string literal).
    Files,
}

impl Repl {
    /// Tab completion candidates for `line` with the cursor at byte `pos`.
    pub fn complete(&self, line: &str, pos: usize) -> Completion {
        let Some(before) = line.get(..pos) else {
            return Completion::Nothing;
        };
        let trimmed = before.trim_start();
        if trimmed.starts_with(':') {
            return self.complete_command(before, trimmed);
        }
        let (start, receiver) = match scan::cursor(before) {
            scan::Cursor::Str => return Completion::Files,
            scan::Cursor::Comment | scan::Cursor::Number => return Completion::Nothing,
            scan::Cursor::Word { start, receiver } => (start, receiver),
        };
        let prefix = &before[start..];
        let mut names: Vec<String> = if let Some(receiver) = receiver {
            // Columns (or keys) first, then methods: a column is what is usually meant.
            let mut members = self.members(receiver);
            let mut row_of_closure = false;
            if members.is_empty() {
                if let Some(table) = closure_table(&before[..start], receiver) {
                    members = self.members(table);
                    row_of_closure = true;
                }
            }
            // In the table's own order.
            let mut seen = HashSet::new();
            members.retain(|n| n.starts_with(prefix) && seen.insert(n.clone()));
            // A row in a closure has its cells and a few row methods, not every function.
            let mut methods: Vec<String> = if row_of_closure {
                ROW_METHODS
                    .iter()
                    .filter(|m| m.starts_with(prefix))
                    .map(|m| m.to_string())
                    .collect()
            } else {
                self.functions()
                    .into_iter()
                    .filter(|f| f.num_params >= 1 && f.name.starts_with(prefix))
                    .map(|f| f.name)
                    .collect()
            };
            methods.retain(|n| !members.contains(n));
            methods.sort();
            methods.dedup();
            members.extend(methods);
            return Completion::Names {
                start,
                names: members,
            };
        } else {
            if prefix.is_empty() {
                return Completion::Nothing;
            }
            let mut names: Vec<String> = self.variables().into_iter().map(|(n, _, _)| n).collect();
            names.extend(self.functions().into_iter().map(|f| f.name));
            names.extend(self.datasets().into_iter().map(|d| d.name));
            names.extend(
                [
                    "let", "const", "fn", "if", "else", "while", "loop", "for", "return", "switch",
                ]
                .iter()
                .map(|s| s.to_string()),
            );
            names
        };
        names.retain(|n| n.starts_with(prefix));
        names.sort();
        names.dedup();
        Completion::Names { start, names }
    }

    fn complete_command(&self, before: &str, trimmed: &str) -> Completion {
        let lead = before.len() - trimmed.len();
        let Some((name, arg)) = trimmed.split_once(char::is_whitespace) else {
            let names = COMMANDS
                .iter()
                .map(|(n, _, _)| n.to_string())
                .filter(|n| n.starts_with(trimmed))
                .collect();
            return Completion::Names { start: lead, names };
        };
        let Some((command, _, _)) = COMMANDS.iter().find(|(n, _, _)| n.starts_with(name)) else {
            return Completion::Nothing;
        };
        let word = arg.rsplit(char::is_whitespace).next().unwrap_or("");
        let start = before.len() - word.len();
        let mut names: Vec<String> = match *command {
            ":help" | ":functions" => {
                let mut names: Vec<String> = self.functions().into_iter().map(|f| f.name).collect();
                names.extend(self.datasets().into_iter().map(|d| d.name));
                if *command == ":help" {
                    names.extend(COMMANDS.iter().map(|(n, _, _)| n.to_string()));
                }
                names
            }
            ":load" | ":save" | ":once" => return Completion::Files,
            ":format" => whatif_engine::formats::Format::screen_names()
                .iter()
                .map(|s| s.to_string())
                .collect(),
            ":timer" => vec!["on".to_string(), "off".to_string()],
            _ => return Completion::Nothing,
        };
        names.retain(|n| n.starts_with(word));
        names.sort();
        names.dedup();
        Completion::Names { start, names }
    }

    /// Names that can follow `receiver.`: a map's keys, or a table's columns (through a
    /// script-callable `columns(table)` when the engine has one).
    fn members(&self, receiver: &str) -> Vec<String> {
        let name = if receiver == "_" { LAST } else { receiver };
        let value = match self.session.scope().get_value::<Dynamic>(name) {
            Some(value) => value,
            // A dataset resolves at run time, not from the scope.
            None => match whatif_core::datasets::get(name) {
                Some(dataset) => return dataset.columns.iter().map(|c| c.name.clone()).collect(),
                None => return Vec::new(),
            },
        };
        if let Some(map) = value.read_lock::<rhai::Map>() {
            return map.keys().map(|k| k.to_string()).collect();
        }
        if let Some(table) = value.read_lock::<Table>() {
            return table.columns().to_vec();
        }
        Vec::new()
    }
}

/// What a table row offers besides its cells (see the engine's `Row` type).
const ROW_METHODS: [&str; 6] = ["contains", "get", "keys", "len", "to_map", "values"];

/// The table a closure parameter iterates: in `funding_rounds.filter(|r| r.` the `r` of the
/// closure passed to a method of `funding_rounds` (the root of a chain such as
/// `t.sort("a").filter(|r| …)`, whose rows have the root's columns).
fn closure_table<'a>(before: &'a str, parameter: &str) -> Option<&'a str> {
    let (tokens, _) = scan::scan(before);
    let code: Vec<&scan::Token> = tokens
        .iter()
        .filter(|t| !matches!(t.kind, scan::Kind::Space | scan::Kind::Comment))
        .collect();
    let text = |t: &scan::Token| &before[t.start..t.end];
    // The last `|params|` that names the parameter and opens a closure argument: `(` or `,`
    // before its first `|`.
    let mut i = code.len();
    while i > 0 {
        i -= 1;
        if text(code[i]) != "|" {
            continue;
        }
        // code[i] closes a parameter list; find its opening `|`.
        let mut j = i;
        let mut names = Vec::new();
        while j > 0 {
            j -= 1;
            match text(code[j]) {
                "|" => break,
                "," => {}
                word if code[j].kind == scan::Kind::Ident => names.push(word),
                _ => {
                    j = 0;
                    names.clear();
                    break;
                }
            }
        }
        if !names.contains(&parameter) || j == 0 || !matches!(text(code[j - 1]), "(" | ",") {
            continue;
        }
        // Back to the call's `(` (past earlier arguments), then to the method name, its `.`
        // and the root of the chain.
        let mut k = j - 1;
        let mut depth = 0;
        while text(code[k]) != "(" || depth > 0 {
            match text(code[k]) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => depth -= 1,
                _ => {}
            }
            if k == 0 {
                return None;
            }
            k -= 1;
        }
        while k > 0 {
            k -= 1;
            match text(code[k]) {
                ")" | "]" => depth += 1,
                "(" | "[" if depth == 0 => break,
                "(" | "[" => depth -= 1,
                _ => {}
            }
            if depth == 0
                && code[k].kind == scan::Kind::Ident
                && (k == 0 || text(code[k - 1]) != ".")
            {
                return Some(text(code[k]));
            }
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repl::prompt::tests::repl;

    #[test]
    fn completes_functions_variables_members_and_commands() {
        let (mut r, _) = repl();
        r.handle("fn cagr_demo(x) { x }");
        r.handle("let capital = #{ amount: 1, currency: \"USD\" }");
        let Completion::Names { start, names } = r.complete("1 + cag", 7) else {
            panic!()
        };
        assert_eq!(
            (start, names),
            (4, vec!["cagr".to_string(), "cagr_demo".to_string()])
        );
        let Completion::Names { names, .. } = r.complete("capital.cu", 10) else {
            panic!()
        };
        assert_eq!(names, vec!["currency".to_string()]);
        let line = "funding_rounds.filter(|r| r.cu";
        let Completion::Names { names, .. } = r.complete(line, line.len()) else {
            panic!()
        };
        assert_eq!(names, vec!["currency".to_string()]);
        let line = "funding_rounds.sort(\"amount\").add_column(\"x\", |row| row.am";
        let Completion::Names { names, .. } = r.complete(line, line.len()) else {
            panic!()
        };
        assert_eq!(names, vec!["amount".to_string()]);
        let line = "funding_rounds.";
        let Completion::Names { names, .. } = r.complete(line, line.len()) else {
            panic!()
        };
        assert_eq!(names[0], "id", "columns come before methods: {names:?}");
        assert!(names.contains(&"filter".to_string()));
        let Completion::Names { names, .. } = r.complete(":fo", 3) else {
            panic!()
        };
        assert_eq!(names, vec![":format".to_string()]);
        assert_eq!(r.complete(":load sc", 8), Completion::Files);
        assert_eq!(r.complete("load(\"da", 8), Completion::Files);
        assert_eq!(r.complete("// cag", 6), Completion::Nothing);
    }
}
