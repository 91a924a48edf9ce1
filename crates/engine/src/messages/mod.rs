//! Messages in the analyst's words: type names as a script writer knows them (`integer`,
//! `number`, `string`, `Table`, never `i64` or `ImmutableString`), values described by kind
//! (`Table (18 rows × 16 columns)`), operator errors as sentences, and did-you-mean
//! suggestions by edit distance; `core_errors` words the core's typed errors (FX, dates,
//! money, datasets, IRR searches) with their fixes.

mod core_errors;
pub(crate) mod percent_rates;
pub(crate) mod rhai_texts;
pub(crate) mod script_errors;

pub(crate) use core_errors::CONSTRUCTORS;
pub use core_errors::{dataset, date, date_error, fx, fx_error, money, money_call, root};

use rhai::{Dynamic, AST};

use crate::functions::FunctionInfo;

/// A type name from Rhai (`i64`, `&str | ImmutableString | String`, `decimal`, a Rust path)
/// in the words a script writer uses.
pub fn type_word(name: &str) -> String {
    let name = name.trim();
    let name = name.strip_prefix("&mut ").unwrap_or(name);
    let name = name.strip_prefix('&').unwrap_or(name);
    if name.contains("ImmutableString") || name == "str" || name == "String" {
        return "string".to_string();
    }
    // A Rust path (`whatif_engine::table::query::Grouped`): its last segment.
    let last = name.rsplit("::").next().unwrap_or(name);
    match last {
        "i64" | "INT" | "integer" => "integer",
        "decimal" | "Decimal" | "number" => "number",
        "string" => "string",
        "()" => "nothing",
        "bool" => "true/false",
        "char" => "character",
        "array" | "Array" => "array",
        "map" | "Map" => "map",
        "Fn" | "FnPtr" => "function",
        "blob" | "Blob" => "blob",
        "Grouped" | "GroupedTable" => "grouped table",
        "Dynamic" => "any value",
        other => other,
    }
    .to_string()
}

/// The type word with its article, for sentences: `an integer`, `a Table`, `nothing (an empty
/// value)`.
pub fn with_article(word: &str) -> String {
    match word {
        "nothing" => "nothing (an empty value, `()`)".to_string(),
        "true/false" => "a true/false value".to_string(),
        "any value" => word.to_string(),
        w if w.starts_with(['a', 'e', 'i', 'o', 'u']) => format!("an {w}"),
        w => format!("a {w}"),
    }
}

/// The kind of a value in a script writer's words (`integer`, `number`, `string`, `Table`…).
pub fn kind_of(value: &Dynamic) -> String {
    type_word(value.type_name())
}

/// A plain value described by kind and size: `array (3 items)`, `map (2 entries)`, `integer`.
/// The engine's own types describe themselves (`Embedded::describe`: `Table (18 rows × 16
/// columns)`); `crate::value::describe` covers both.
pub fn describe(value: &Dynamic) -> String {
    if let Some(a) = value.read_lock::<rhai::Array>() {
        return format!("array ({})", count(a.len(), "item", "items"));
    }
    if let Some(m) = value.read_lock::<rhai::Map>() {
        return format!("map ({})", count(m.len(), "entry", "entries"));
    }
    kind_of(value)
}

/// `what must be a number, not …`, quoting a string and saying how to read a number from it.
pub fn not_a_number(value: &Dynamic, what: &str) -> String {
    if let Ok(text) = value.as_immutable_string_ref() {
        return format!(
            "{what} must be a number, not the string {:?} (write numbers without quotes; \
             parse_decimal(text) reads one from text)",
            text.as_str()
        );
    }
    let word = kind_of(value);
    format!("{what} must be a number, not {}", with_article(&word))
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Rewrites every Rhai type name inside a message Rhai wrote (`for type '()'`, `(i64, …)`).
pub fn plain_types(message: &str) -> String {
    let mut out = message.replace("&str | ImmutableString | String", "string");
    for (rust, word) in [
        ("whatif_engine::table::query::Grouped", "grouped table"),
        ("GroupedTable", "grouped table"),
        ("rust_decimal::decimal::Decimal", "number"),
        ("ImmutableString", "string"),
        ("'i64'", "'integer'"),
        ("'decimal'", "'number'"),
        ("'()'", "nothing (an empty value)"),
    ] {
        out = out.replace(rust, word);
    }
    // `i64` and `decimal` as whole words.
    let mut words = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find(|c: char| c.is_ascii_alphanumeric() || c == '_') {
        words.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tail.len());
        match &tail[..end] {
            "i64" => words.push_str("integer"),
            "decimal" => words.push_str("number"),
            other => words.push_str(other),
        }
        rest = &tail[end..];
    }
    words.push_str(rest);
    words
}

/// An operator that found no match for its operands, as a sentence: `cannot multiply nothing
/// (an empty value) by an integer`. `operands` are Rhai's type names.
pub fn operator_error(op: &str, operands: &[&str]) -> String {
    let words: Vec<String> = operands.iter().map(|t| type_word(t)).collect();
    let a: Vec<String> = words.iter().map(|w| with_article(w)).collect();
    let mut message = match (op, a.as_slice()) {
        ("-", [x]) => format!("cannot negate {x}"),
        ("!", [x]) => format!("cannot negate {x} with `!` (it works on true/false)"),
        ("+", [x, y]) => format!("cannot add {y} to {x}"),
        ("-", [x, y]) => format!("cannot subtract {y} from {x}"),
        ("*", [x, y]) => format!("cannot multiply {x} by {y}"),
        ("/", [x, y]) => format!("cannot divide {x} by {y}"),
        ("%", [x, y]) => format!("cannot take the remainder of {x} divided by {y}"),
        ("**", [x, y]) => format!("cannot raise {x} to the power of {y}"),
        ("<" | ">" | "<=" | ">=", [x, y]) => format!("cannot compare {x} with {y} using `{op}`"),
        (_, [x, y]) => format!("operator `{op}` cannot combine {x} and {y}"),
        _ => format!("operator `{op}` cannot take {}", a.join(" and ")),
    };
    if op == "%" && words.first().is_some_and(|w| w == "string") {
        message.push_str(
            "; `%` does not format text in whatif: use fmt_pct(x), fmt_money(x, \"USD\") or \
             round_half_up(x, 2)",
        );
    } else if words.iter().any(|w| w == "nothing") {
        message.push_str(
            " (an empty value comes from an empty cell, a variable declared without a value, \
             or a function that returns nothing)",
        );
    } else if words.len() == 2
        && words.iter().any(|w| w == "array")
        && words.iter().any(|w| w == "integer" || w == "number")
        && "+-*/".contains(op)
    {
        message.push_str(&format!(
            " (to work on each item: values.map(|x| x {op} …))"
        ));
    } else if words.first().is_some_and(|w| w == "Date") && (op == "+" || op == "-") {
        // Excel adds days to a date with `+`; whatif says which unit.
        message.push_str(
            " (use days_between(a, b) for the days between two dates, add_days(d, n) or \
             add_months(d, n) to move a date)",
        );
    } else if words.iter().any(|w| w == "string") && words.iter().any(|w| w != "string") {
        message.push_str(" (to read a number from text use parse_decimal(\"1.5\"))");
    }
    message
}

/// The candidate closest to `word` by edit distance, when it is close enough to be what was
/// meant (a different case, or about one typo in three letters); `None` for an exact match.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate == word {
            return None;
        }
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_lowercase())
        };
        // A typo in a short name of two letters would suggest half the alphabet.
        if distance > limit || (distance > 0 && word.chars().count() < 3) {
            continue;
        }
        let better = match best {
            None => true,
            Some((d, b)) => distance < d || (distance == d && candidate < b),
        };
        if better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The ways to call `name`, by parameter names, from the engine's functions and the session's
/// `fn`s: one entry per chain of overloads that each add parameters to the one before
/// (`convert(amount, from, to[, period])`).
pub fn signatures(engine: &[FunctionInfo], user: &AST, name: &str) -> Vec<String> {
    let mut overloads: Vec<Vec<String>> = user
        .iter_functions()
        .filter(|f| f.name == name)
        .map(|f| f.params.iter().map(|p| p.to_string()).collect())
        .collect();
    for f in engine {
        if f.name != name {
            continue;
        }
        let params: Vec<String> = f
            .params
            .iter()
            .enumerate()
            .map(|(i, (param, ty))| match (param, ty) {
                (Some(n), _) if n != "_" => n.clone(),
                (_, Some(ty)) => type_word(ty),
                _ => format!("arg{}", i + 1),
            })
            .collect();
        if !overloads.contains(&params) {
            overloads.push(params);
        }
    }
    // By length, then by names: the engine's metadata comes in no fixed order.
    overloads.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    // Overloads that differ only in the name of their last parameter (`year`, `period`) read
    // as one: `convert(amount, from, to, year/period)`.
    let mut merged: Vec<Vec<String>> = Vec::new();
    for params in overloads {
        match merged.last_mut() {
            Some(last)
                if last.len() == params.len()
                    && !params.is_empty()
                    && last[..last.len() - 1] == params[..params.len() - 1] =>
            {
                let end = last.len() - 1;
                let name = params[end].clone();
                if !last[end].split('/').any(|n| n == name) {
                    last[end] = format!("{}/{name}", last[end]);
                }
            }
            _ => merged.push(params),
        }
    }
    // Overloads that each add parameters to a shorter one form a chain, shown as one signature
    // with brackets: `convert(amount, from, to[, period/year])`.
    let mut chains: Vec<Vec<Vec<String>>> = Vec::new();
    for params in merged {
        match chains
            .iter_mut()
            .find(|chain| params.starts_with(chain.last().expect("chains are never empty")))
        {
            Some(chain) => chain.push(params),
            None => chains.push(vec![params]),
        }
    }
    chains
        .iter()
        .map(|chain| {
            let mut text = chain[0].join(", ");
            let mut previous = chain[0].len();
            let mut closing = String::new();
            for overload in &chain[1..] {
                let added = overload[previous..].join(", ");
                if previous == 0 {
                    text.push_str(&format!("[{added}"));
                } else {
                    text.push_str(&format!("[, {added}"));
                }
                closing.push(']');
                previous = overload.len();
            }
            format!("{name}({text}{closing})")
        })
        .collect()
}

/// Every plain function name the engine and the session know, for did-you-mean.
pub fn function_names(engine: &[FunctionInfo], user: &AST) -> Vec<String> {
    let mut names: Vec<String> = user.iter_functions().map(|f| f.name.to_string()).collect();
    for f in engine {
        let plain = f
            .name
            .starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && f.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !f.name.starts_with("anon$");
        if plain {
            names.push(f.name.clone());
        }
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_types_become_words() {
        assert_eq!(type_word("i64"), "integer");
        assert_eq!(type_word("&str | ImmutableString | String"), "string");
        assert_eq!(
            type_word("whatif_engine::table::query::Grouped"),
            "grouped table"
        );
        assert_eq!(type_word("decimal"), "number");
        assert_eq!(
            plain_types("a getter is not registered for type '()'"),
            "a getter is not registered for type nothing (an empty value)"
        );
        assert_eq!(
            plain_types("(i64, decimal, my_i64)"),
            "(integer, number, my_i64)"
        );
    }

    #[test]
    fn operators_read_as_sentences() {
        assert_eq!(
            operator_error("*", &["()", "i64"]),
            "cannot multiply nothing (an empty value, `()`) by an integer (an empty value \
             comes from an empty cell, a variable declared without a value, or a function that \
             returns nothing)"
        );
        assert!(
            operator_error("%", &["&str | ImmutableString | String", "i64"]).contains("fmt_pct(x)")
        );
        assert_eq!(
            operator_error("*", &["map", "i64"]),
            "cannot multiply a map by an integer"
        );
    }

    #[test]
    fn closest_allows_about_one_typo_in_three_letters() {
        let names = ["convert", "convert_cny", "npv", "irr", "funding_rounds"];
        assert_eq!(closest("conver", names), Some("convert"));
        assert_eq!(closest("fundng_rounds", names), Some("funding_rounds"));
        assert_eq!(closest("NPV", names), Some("npv"));
        assert_eq!(closest("zzz", names), None);
        assert_eq!(closest("npv", names), None);
        assert_eq!(closest("ab", ["abs"]), None);
    }
}
