//! Where a table sits in a file that CSV and workbook loads share: the `header` and `skip`
//! options, and turning a header's cells into column names (refusing empty or repeated names
//! unless `#{names: "dedupe"}` asks for `column_3` and `amount_2`, said in a note).

use rhai::Dynamic;

use super::{TableError, TableResult};

/// What to do with empty or repeated header names.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Names {
    /// Refuse them, naming the cells: a silent rename could hide a misplaced header.
    #[default]
    AsWritten,
    /// Empty → `column_3` (its position), repeated → `amount_2`, `amount_3`; one note.
    Dedupe,
}

impl Names {
    /// The `names` option of `function`.
    pub fn from_value(value: &Dynamic, function: &str) -> TableResult<Names> {
        match value.clone().into_string().as_deref() {
            Ok("dedupe") => Ok(Names::Dedupe),
            Ok("as written") | Ok("strict") => Ok(Names::AsWritten),
            _ => Err(TableError::new(format!(
                "{function}: names must be \"dedupe\" (an empty header becomes column_3, a \
                 repeated one amount_2), not {}",
                super::value_text(value)
            ))),
        }
    }
}

/// A row count option (`header`, `skip`): a whole number, at least `least`.
pub fn row_number(value: &Dynamic, key: &str, least: i64, function: &str) -> TableResult<usize> {
    let n = value
        .as_int()
        .ok()
        .or_else(|| {
            use rust_decimal::prelude::ToPrimitive;
            value
                .as_decimal()
                .ok()
                .filter(|d| d.fract().is_zero())
                .and_then(|d| d.to_i64())
        })
        .filter(|n| *n >= least);
    n.map(|n| n as usize).ok_or_else(|| {
        let what = match key {
            "header" => "the header's row number, counting from 1 as Excel and editors do",
            _ => "how many rows to skip before the header",
        };
        TableError::new(format!(
            "{function}: {key} must be a whole number of at least {least} ({what}), not {}",
            super::value_text(value)
        ))
    })
}

/// Column names from the text of a header's cells. `place(i)` names header cell `i` in
/// messages (`Deals!C3`, `line 1, field 3`); `hint` says how to pick another header row.
/// Returns the names and, when `Dedupe` renamed any, the note saying which.
pub fn column_names(
    raw: &[String],
    names: Names,
    place: &dyn Fn(usize) -> String,
    hint: &str,
) -> TableResult<(Vec<String>, Option<String>)> {
    let empty: Vec<usize> = (0..raw.len()).filter(|&i| raw[i].is_empty()).collect();
    if names == Names::AsWritten {
        if !empty.is_empty() {
            let cells: Vec<String> = empty.iter().take(5).map(|&i| place(i)).collect();
            let more = match empty.len() {
                n if n > 5 => format!(" and {} more", n - 5),
                _ => String::new(),
            };
            let (noun, verb) = match empty.len() {
                1 => ("cell", "is"),
                _ => ("cells", "are"),
            };
            return Err(TableError::new(format!(
                "the header {noun} {}{more} {verb} empty, and every column needs a name; {hint}, \
                 or load with #{{names: \"dedupe\"}} to call an unnamed column column_{}",
                cells.join(", "),
                empty[0] + 1
            )));
        }
        // A map of first places keeps a header of 200,000 columns linear.
        let mut first_place: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::with_capacity(raw.len());
        for (i, name) in raw.iter().enumerate() {
            if let Some(&first) = first_place.get(name.as_str()) {
                return Err(TableError::new(format!(
                    "the column name {name:?} appears twice in the header ({} and {}); rename \
                     one, or load with #{{names: \"dedupe\"}} to read the second as {name}_2",
                    place(first),
                    place(i)
                )));
            }
            first_place.insert(name, i);
        }
        return Ok((raw.to_vec(), None));
    }
    let mut out: Vec<String> = Vec::with_capacity(raw.len());
    let mut out_set: std::collections::HashSet<String> = std::collections::HashSet::new();
    let all_raw: std::collections::HashSet<&str> = raw.iter().map(String::as_str).collect();
    let mut renamed = Vec::new();
    for (i, name) in raw.iter().enumerate() {
        let base = if name.is_empty() {
            format!("column_{}", i + 1)
        } else {
            name.clone()
        };
        let taken = |n: &str, out: &std::collections::HashSet<String>| {
            out.contains(n) || all_raw.contains(n)
        };
        let mut unique = base.clone();
        if name.is_empty() {
            let mut k = 2;
            while taken(&unique, &out_set) {
                unique = format!("{base}_{k}");
                k += 1;
            }
        } else if out_set.contains(&unique) {
            let mut k = 2;
            while taken(&unique, &out_set) || unique == base {
                unique = format!("{base}_{k}");
                k += 1;
            }
        }
        if unique != *name {
            let was = match name.is_empty() {
                true => "empty".to_string(),
                false => format!("{name:?} again"),
            };
            renamed.push(format!("{} ({was}) is {unique:?}", place(i)));
        }
        out_set.insert(unique.clone());
        out.push(unique);
    }
    let note =
        (!renamed.is_empty()).then(|| format!("header names made unique: {}", renamed.join(", ")));
    Ok((out, note))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn place(i: usize) -> String {
        format!("S!{}1", (b'A' + i as u8) as char)
    }

    #[test]
    fn empty_and_repeated_names_are_refused_naming_cells() {
        let err = column_names(
            &strings(&["a", "", "b", ""]),
            Names::AsWritten,
            &place,
            "pick",
        )
        .unwrap_err();
        assert!(
            err.0.starts_with("the header cells S!B1, S!D1 are empty")
                && err.0.contains("; pick, or load with #{names: \"dedupe\"}"),
            "{err}"
        );
        let err = column_names(
            &strings(&["amount", "x", "amount"]),
            Names::AsWritten,
            &place,
            "",
        )
        .unwrap_err();
        assert!(
            err.0
                .contains("\"amount\" appears twice in the header (S!A1 and S!C1)"),
            "{err}"
        );
    }

    #[test]
    fn dedupe_numbers_repeats_and_names_empty_columns_by_position() {
        let (names, note) = column_names(
            &strings(&["amount", "", "amount", "amount_2", "amount"]),
            Names::Dedupe,
            &place,
            "",
        )
        .unwrap();
        assert_eq!(
            names,
            ["amount", "column_2", "amount_3", "amount_2", "amount_4"]
        );
        let note = note.unwrap();
        assert!(note.contains("S!B1 (empty) is \"column_2\""), "{note}");
        assert!(
            note.contains("S!C1 (\"amount\" again) is \"amount_3\""),
            "{note}"
        );
        let (names, note) = column_names(&strings(&["a", "b"]), Names::Dedupe, &place, "").unwrap();
        assert_eq!((names, note), (strings(&["a", "b"]), None));
    }
}

#[cfg(test)]
mod csv_tests {
    use super::super::cell::raw_text;
    use super::super::load::{parse_csv, LoadOptions};
    use super::*;

    #[test]
    fn csv_header_and_skip_count_file_lines_and_names_dedupe() {
        let text = "Deals, third quarter\nsource: desk\nname,amount\nxAI,6\n\"M,\",7\n";
        let skip = LoadOptions {
            skip: 2,
            ..LoadOptions::default()
        };
        let t = parse_csv(text, "d.csv", &skip).unwrap();
        assert_eq!(t.columns(), ["name", "amount"]);
        assert_eq!(t.origin().unwrap().lines, [4, 5]);
        assert_eq!(raw_text(&t.rows()[1][0]), "M,");
        let err = parse_csv("t\n\nname,\"x\n", "d.csv", &skip).unwrap_err();
        assert!(err.0.starts_with("d.csv:3:6: the quoted field"), "{err}");
        let err = parse_csv(
            "t\nname,amount\n1,2,3\n",
            "d.csv",
            &LoadOptions {
                skip: 1,
                ..LoadOptions::default()
            },
        )
        .unwrap_err();
        assert!(err.0.starts_with("d.csv:3: this row has 3 fields"), "{err}");
        let err = parse_csv("t\n", "d.csv", &skip).unwrap_err();
        assert!(
            err.0
                .contains("skipping 2 lines leaves no header: the file has 1 line"),
            "{err}"
        );
        let err = parse_csv("a,,a\n1,2,3\n", "d.csv", &LoadOptions::default()).unwrap_err();
        assert!(
            err.0
                .starts_with("d.csv: the header cell d.csv:1:2 is empty")
                && err.0.contains("#{header: N}"),
            "{err}"
        );
        let dedupe = LoadOptions {
            names: Names::Dedupe,
            ..LoadOptions::default()
        };
        let t = parse_csv("a,,a\n1,2,3\n", "d.csv", &dedupe).unwrap();
        assert_eq!(t.columns(), ["a", "column_2", "a_2"]);
    }

    #[test]
    fn header_and_skip_options_are_read_from_a_map() {
        use super::super::load::Format;
        let mut map = rhai::Map::new();
        map.insert("header".into(), Dynamic::from_int(3));
        let o = LoadOptions::from_map(&map, "load_csv", Format::Csv).unwrap();
        assert_eq!(o.skip, 2);
        map.insert("skip".into(), Dynamic::from_int(1));
        let err = LoadOptions::from_map(&map, "load_csv", Format::Csv).unwrap_err();
        assert!(err.0.contains("give header"), "{err}");
        let err = LoadOptions::from_map(&map, "load_json", Format::Json).unwrap_err();
        assert!(err.0.contains("applies to CSV files only"), "{err}");
        let mut map = rhai::Map::new();
        map.insert("header".into(), Dynamic::from_int(0));
        let err = LoadOptions::from_map(&map, "load_csv", Format::Csv).unwrap_err();
        assert!(
            err.0
                .contains("header must be a whole number of at least 1"),
            "{err}"
        );
    }
}
