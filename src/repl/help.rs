//! Help texts: the `:help` introduction (its examples are evaluated live, so they cannot go
//! stale), the page for one function, dataset or command, and the `:functions` listing. All
//! plain text built from the catalogue; the terminal layer only prints it.

use super::catalog::{DatasetInfo, FnInfo, Origin};
use super::command::COMMANDS;

/// Examples for the introduction; each is evaluated when `:help` runs.
pub const INTRO_EXAMPLES: &[&str] = &[
    "0.1 + 0.2",
    "7 / 2",
    "let price = 150; price * 1.08",
    "[120, 95.5, 310].reduce(|sum, x| sum + x, 0)",
];

/// The introduction. `examples` pairs each example with its shown result.
pub fn intro(
    examples: &[(String, String)],
    functions: &[FnInfo],
    datasets: &[DatasetInfo],
) -> String {
    let mut out = String::from(
        "whatif evaluates Rhai code in exact decimals. Type an expression and press Enter;\n\
         variables and functions stay for the next entry, and `_` is the last value.\n\
         An unclosed (, [, {, /* or `string` continues on the next line. Tab completes names;\n\
         Ctrl-C stops a running script or drops the entry being typed; Ctrl-D leaves.\n\nExamples (evaluated just now):\n",
    );
    let width = examples.iter().map(|(c, _)| c.len()).max().unwrap_or(0);
    for (code, result) in examples {
        out.push_str(&format!("  {code:width$}   => {result}\n"));
    }
    let mut whatif: Vec<&str> = headline(functions)
        .into_iter()
        .filter(|f| f.origin == Origin::Whatif)
        .map(|f| f.name.as_str())
        .collect();
    whatif.dedup();
    if !whatif.is_empty() {
        let shown: Vec<&str> = whatif.iter().take(12).copied().collect();
        out.push_str(&format!(
            "\nwhatif functions ({}): {}{}\n",
            whatif.len(),
            shown.join(", "),
            if whatif.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        ));
    }
    if !datasets.is_empty() {
        let names: Vec<&str> = datasets.iter().map(|d| d.name.as_str()).collect();
        out.push_str(&format!(
            "datasets ({}): {}\n",
            names.len(),
            names.join(", ")
        ));
    }
    out.push_str("\nCommands:\n");
    for (name, arg, what) in COMMANDS {
        let usage = if arg.is_empty() {
            name.to_string()
        } else {
            format!("{name} {arg}")
        };
        out.push_str(&format!("  {usage:20} {what}\n"));
    }
    out.push_str("\n`:help NAME` shows a function's signature, description and example.");
    out
}

/// The user's functions and whatif's own; undocumented overloads of Rhai built-ins (the
/// exact-number conversions) are not news to the user.
fn headline(functions: &[FnInfo]) -> Vec<&FnInfo> {
    let builtin: std::collections::HashSet<&str> = functions
        .iter()
        .filter(|f| f.origin == Origin::Builtin)
        .map(|f| f.name.as_str())
        .collect();
    functions
        .iter()
        .filter(|f| match f.origin {
            Origin::User => true,
            Origin::Whatif => !(f.doc.is_empty() && builtin.contains(f.name.as_str())),
            Origin::Builtin => false,
        })
        .collect()
}

fn unique_names(functions: &[FnInfo], origin: Origin) -> Vec<&str> {
    let mut names: Vec<&str> = functions
        .iter()
        .filter(|f| f.origin == origin)
        .map(|f| f.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The help page for `name`: every overload of a function with that name, a dataset, or a
/// command; `None` when nothing has that name.
pub fn topic(name: &str, functions: &[FnInfo], datasets: &[DatasetInfo]) -> Option<String> {
    let mut out = String::new();
    let command = if name.starts_with(':') {
        name.to_string()
    } else {
        format!(":{name}")
    };
    if let Some((n, arg, what)) = COMMANDS.iter().find(|(n, _, _)| *n == command) {
        out.push_str(&format!("{n} {arg}\n  {what}\n"));
        if *n == ":format" {
            out.push_str(&format_list());
        }
        if name.starts_with(':') {
            return Some(out.trim_end().to_string());
        }
    }
    let overloads: Vec<&FnInfo> = functions.iter().filter(|f| f.name == name).collect();
    for f in &overloads {
        if !out.is_empty() {
            out.push('\n');
        }
        let origin = match f.origin {
            Origin::User => "  (defined in this session)",
            Origin::Whatif => "",
            Origin::Builtin => "  (Rhai built-in)",
        };
        out.push_str(&format!("{}{origin}\n", f.signature));
        let mut in_code = false;
        for line in &f.doc {
            if line.trim_start().starts_with("```") {
                if !in_code {
                    out.push_str("  Example:\n");
                }
                in_code = !in_code;
                continue;
            }
            let pad = if in_code { "    " } else { "  " };
            out.push_str(format!("{pad}{line}").trim_end());
            out.push('\n');
        }
    }
    if let Some(d) = datasets.iter().find(|d| d.name == name) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&format!("dataset {}\n", d.name));
        for line in d.description.lines() {
            out.push_str(format!("  {line}").trim_end());
            out.push('\n');
        }
    }
    if out.is_empty() {
        None
    } else {
        Some(out.trim_end().to_string())
    }
}

/// Names close to `name`, for "did you mean".
pub fn suggestions<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|c| {
            let cl = c.to_ascii_lowercase();
            let d = if cl.starts_with(&lower) || lower.starts_with(&cl) {
                0
            } else if cl.contains(&lower) {
                1
            } else {
                let d = edit_distance(&lower, &cl);
                if d > 2 {
                    return None;
                }
                d + 1
            };
            Some((d, c))
        })
        .collect();
    scored.sort();
    let mut names: Vec<String> = scored.into_iter().map(|(_, c)| c.to_string()).collect();
    names.dedup();
    names.truncate(5);
    names
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// The `:functions` listing: with no filter, whatif's functions and the user's; with one, every
/// function whose name contains it.
pub fn listing(filter: Option<&str>, functions: &[FnInfo]) -> String {
    let filter = filter.map(str::to_ascii_lowercase);
    let mut shown: Vec<&FnInfo> = match &filter {
        Some(text) => functions
            .iter()
            .filter(|f| f.name.to_ascii_lowercase().contains(text.as_str()))
            .collect(),
        None => headline(functions),
    };
    shown.sort_by(|a, b| (a.origin, &a.name, &a.signature).cmp(&(b.origin, &b.name, &b.signature)));
    shown.dedup_by(|a, b| a.signature == b.signature);
    let mut out = String::new();
    let mut heading = None;
    for f in &shown {
        if heading != Some(f.origin) {
            heading = Some(f.origin);
            out.push_str(match f.origin {
                Origin::User => "defined in this session:\n",
                Origin::Whatif => "whatif:\n",
                Origin::Builtin => "Rhai built-ins:\n",
            });
        }
        let summary = f.summary();
        if summary.is_empty() {
            out.push_str(&format!("  {}\n", f.signature));
        } else if f.signature.len() < 32 && summary.len() < 64 {
            out.push_str(&format!("  {:32} {summary}\n", f.signature));
        } else {
            out.push_str(&format!("  {}\n      {summary}\n", f.signature));
        }
    }
    let builtins = unique_names(functions, Origin::Builtin).len();
    match &filter {
        None => out.push_str(&format!(
            "({builtins} Rhai built-in functions not listed: `:functions TEXT` searches them too)"
        )),
        Some(text) if shown.is_empty() => {
            out.push_str(&format!("no function name contains '{text}'"))
        }
        Some(_) => {}
    }
    out.trim_end().to_string()
}

/// The formats for `:help :format`: those results can be shown in, then the file-only ones
/// `:once` and `save` write.
fn format_list() -> String {
    use whatif_engine::formats::{Format, ALL};
    let (screen, files): (Vec<&Format>, Vec<&Format>) = ALL.iter().partition(|f| !f.is_binary());
    format!(
        "\nFormats (name, file extensions):\n{}\n\nFiles only (save, :once, -o):\n{}\n",
        Format::help_lines(&screen),
        Format::help_lines(&files)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(name: &str, origin: Origin, doc: &[&str]) -> FnInfo {
        FnInfo {
            name: name.into(),
            signature: format!("{name}(x)"),
            doc: doc.iter().map(|s| s.to_string()).collect(),
            origin,
            num_params: 1,
        }
    }

    #[test]
    fn topic_shows_signature_description_and_example() {
        let fns = vec![f(
            "cagr",
            Origin::Whatif,
            &[
                "Compound growth.",
                "",
                "```rhai",
                "assert_eq(cagr(1), 1);",
                "```",
            ],
        )];
        let page = topic("cagr", &fns, &[]).unwrap();
        assert!(page.starts_with("cagr(x)\n  Compound growth."), "{page}");
        assert!(
            page.contains("Example:\n    assert_eq(cagr(1), 1);"),
            "{page}"
        );
        assert!(topic("nothing", &fns, &[]).is_none());
        assert!(topic(":save", &fns, &[]).unwrap().contains("runnable"));
    }

    #[test]
    fn format_help_lists_every_format_of_the_registry() {
        let page = topic(":format", &[], &[]).unwrap();
        for format in whatif_engine::formats::ALL {
            let line = page
                .lines()
                .find(|l| l.split_whitespace().next() == Some(format.name))
                .unwrap_or_else(|| panic!("{} missing:\n{page}", format.name));
            assert!(line.contains(format.about), "{line}");
            for ext in format.extensions {
                assert!(line.contains(&format!(".{ext}")), "{line}");
            }
        }
        let files = page.split("Files only").nth(1).unwrap();
        assert!(
            files.contains("xlsx") && !files.contains("markdown"),
            "{page}"
        );
    }

    #[test]
    fn suggests_close_names() {
        let names = ["assert_eq", "assert", "cagr"];
        assert_eq!(
            suggestions("asert_eq", names.iter().copied()),
            vec!["assert_eq"]
        );
        assert_eq!(suggestions("cag", names.iter().copied()), vec!["cagr"]);
    }

    #[test]
    fn listing_hides_builtins_unless_filtered() {
        let fns = vec![
            f("mine", Origin::User, &[]),
            f("len", Origin::Builtin, &[]),
            f("roi", Origin::Whatif, &["Return on investment."]),
        ];
        let all = listing(None, &fns);
        assert!(all.contains("mine(x)") && all.contains("Return on investment."));
        assert!(!all.contains("len(x)"), "{all}");
        assert!(listing(Some("le"), &fns).contains("len(x)"));
    }
}
