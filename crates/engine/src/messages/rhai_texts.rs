//! Rhai's own error texts in the analyst's words: a call with no match, a property that is not
//! there, a string left open, a data race. Plain text to text, so the script error type can
//! use them without depending on the rest of the wording.

/// Rhai says "Function not found: name (types)"; say which call had no match, in words.
pub(crate) fn function_not_found(signature: &str) -> String {
    let (name, types) = match signature.split_once(" (") {
        Some((name, rest)) => (name.trim(), rest.trim_end_matches(')')),
        None => (signature.trim(), ""),
    };
    let is_operator = !name.is_empty() && name.chars().all(|c| "+-*/%<>=!&|^".contains(c));
    let types: Vec<&str> = if types.is_empty() {
        Vec::new()
    } else {
        types.split(", ").collect()
    };
    if is_operator {
        return crate::messages::operator_error(name, &types);
    }
    let words: Vec<String> = types
        .iter()
        .map(|t| crate::messages::type_word(t))
        .collect();
    format!("unknown function {name}({})", words.join(", "))
}

/// Rhai says "Unknown property 'x' - a getter is not registered for type 'T'" (or "No writable
/// property 'x' - a setter …" when assigning).
pub(crate) fn unknown_property(text: &str) -> String {
    if let Some(rest) = text.strip_prefix("No writable property '") {
        if let (Some((property, _)), Some((_, owner))) =
            (rest.split_once('\''), rest.split_once("for type '"))
        {
            let owner = owner.split('\'').next().unwrap_or(owner);
            let word = crate::messages::type_word(owner);
            let hint = if word == "map" || word == "nothing" {
                ""
            } else {
                " (only a map takes new properties: #{name: value})"
            };
            return format!(
                "cannot set property {property} on {}{hint}",
                crate::messages::with_article(&word)
            );
        }
    }
    let property = text
        .strip_prefix("Unknown property '")
        .and_then(|rest| rest.split_once('\''));
    let owner = text
        .rsplit_once("for type '")
        .map(|(_, t)| t.trim_end_matches('\''));
    match (property, owner) {
        (Some((property, _)), Some(owner)) => {
            let word = crate::messages::type_word(owner);
            let fix = match word.as_str() {
                "Table" => format!(
                    "; a column is read with t.column(\"{property}\") or t[\"{property}\"], one \
                     row's cell with t.row(0).{property}"
                ),
                "nothing" => " (the value before the dot is empty: a misspelled key or an \
                              empty cell?)"
                    .to_string(),
                "Money" => "; an amount of money has .value (the bare number) and .currency \
                            (its code)"
                    .to_string(),
                "string" if matches!(property, "year" | "month" | "day") => {
                    format!("; text is not a date: read it as one first, e.g. date(x).{property}")
                }
                "Date" => "; a date has .year, .month and .day, and days_between(a, b), \
                           add_days and add_months work with it"
                    .to_string(),
                _ => String::new(),
            };
            format!(
                "{} has no property {property}{fix}",
                crate::messages::with_article(&word)
            )
        }
        _ => crate::messages::plain_types(text),
    }
}

/// A hint for a syntax error's parser message, when one applies.
pub(crate) fn hint_for_syntax(message: &str) -> Option<&'static str> {
    if message.contains("Unterminated string") || message.contains("Open string") {
        Some("a string is missing its closing quote")
    } else {
        None
    }
}

/// Rhai's "data race": a closure among a call's arguments captured the variable the call
/// holds (`xs.map(f)` where `f` reads `xs`). whatif already runs the common form, the closure
/// written in the call, as `map(xs, …)`; a closure kept in a variable still arrives here.
pub(crate) fn data_race(what: &str) -> String {
    let function = what
        .split_once("function '")
        .and_then(|(_, rest)| rest.strip_suffix('\''))
        .unwrap_or("this function");
    format!(
        "{function} is called on a variable that its closure also reads; call it as a \
         function, {function}(xs, f) instead of xs.{function}(f), or compute what the closure \
         needs first (let total = sum(xs); xs.{function}(|x| x / total))"
    )
}
