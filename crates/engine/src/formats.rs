//! Every output format, one entry each: its name, other names, file extensions, whether it is
//! binary, and its writer. `--format`, `-o`, `:format`, `save`, `to_string` and every help
//! text read this list, so adding a format is adding an entry to [`ALL`].

use rhai::{Dynamic, Map};

use crate::table::{format as table_format, Table, TableError, TableResult};

/// One output format.
pub struct Format {
    /// The name `--format`, `:format`, `save(t, path, name)` and `to_string(name)` accept.
    pub name: &'static str,
    /// Other names accepted for it (`md`, `tex`).
    pub aliases: &'static [&'static str],
    /// File extensions that ask for it, without the dot; the first is the usual one.
    pub extensions: &'static [&'static str],
    /// One line for help texts.
    pub about: &'static str,
    /// How a value is written in it.
    pub writer: Writer,
}

/// Writes a table as text for a page `width` columns wide (only box drawings use the width).
pub type TextWriter = fn(&Table, u16) -> TableResult<String>;

/// Writes a value to a binary file at `path`; `unrestricted` when the host chose the path
/// (`-o`), not a script (the file policy applies to a script's paths).
pub type FileWriter = fn(&Dynamic, &str, bool) -> TableResult<()>;

/// How a format writes values.
#[derive(Clone, Copy)]
pub enum Writer {
    /// A format for any value: a table through `table`, and every other value (an array of
    /// maps included) as `other` says.
    Value {
        /// Writes a table.
        table: TextWriter,
        /// How every other value is written.
        other: Other,
    },
    /// A table format: a table, or an array of maps turned into one, through `table`; any
    /// other value as `other` says.
    Table {
        /// Writes a table.
        table: TextWriter,
        /// How a value that is no table is written.
        other: Other,
    },
    /// A binary file; on screen the value reads as text.
    Binary(FileWriter),
}

/// How a text format writes a value that is not a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Other {
    /// As the prompt prints it: a map as a record, display digits.
    Text,
    /// Exact JSON.
    Json,
    /// Every digit, no grouping (machine formats); in a file, a record becomes a one-row
    /// table and any other collection is refused.
    Exact,
}

/// Every output format, in the order help texts list them. The first is the default.
pub static ALL: &[Format] = &[
    Format {
        name: "text",
        aliases: &["txt"],
        extensions: &["txt", "text"],
        about: "as print shows values; a table as a box drawing",
        writer: Writer::Value {
            table: |t, width| Ok(table_format::render_box(t, width)),
            other: Other::Text,
        },
    },
    Format {
        name: "json",
        aliases: &[],
        extensions: &["json"],
        about: "exact JSON of any value; a table as an array of objects",
        writer: Writer::Value {
            table: |t, _| Ok(table_format::json(t)),
            other: Other::Json,
        },
    },
    Format {
        name: "box",
        aliases: &[],
        extensions: &[],
        about: "a table as a box drawing (an array of maps too)",
        writer: Writer::Table {
            table: |t, width| Ok(table_format::render_box(t, width)),
            other: Other::Text,
        },
    },
    Format {
        name: "markdown",
        aliases: &["md"],
        extensions: &["md", "markdown"],
        about: "a GitHub-flavoured markdown table",
        writer: Writer::Table {
            table: |t, _| Ok(table_format::markdown(t)),
            other: Other::Text,
        },
    },
    Format {
        name: "csv",
        aliases: &[],
        extensions: &["csv"],
        about: "comma-separated values, every digit",
        writer: Writer::Table {
            table: |t, _| table_format::delimited(t, b','),
            other: Other::Exact,
        },
    },
    Format {
        name: "tsv",
        aliases: &["tab"],
        extensions: &["tsv", "tab"],
        about: "tab-separated values, every digit",
        writer: Writer::Table {
            table: |t, _| table_format::delimited(t, b'\t'),
            other: Other::Exact,
        },
    },
    Format {
        name: "jsonl",
        aliases: &["ndjson"],
        extensions: &["jsonl", "ndjson"],
        about: "one exact JSON object per row",
        writer: Writer::Table {
            table: |t, _| Ok(table_format::jsonl(t)),
            other: Other::Json,
        },
    },
    Format {
        name: "html",
        aliases: &["htm"],
        extensions: &["html", "htm"],
        about: "a self-contained HTML page",
        writer: Writer::Table {
            table: |t, _| Ok(table_format::html(t)),
            other: Other::Text,
        },
    },
    Format {
        name: "latex",
        aliases: &["tex"],
        extensions: &["tex", "latex"],
        about: "a LaTeX tabular",
        writer: Writer::Table {
            table: |t, _| Ok(table_format::latex(t)),
            other: Other::Text,
        },
    },
    Format {
        name: "typst",
        aliases: &["typ"],
        extensions: &["typ"],
        about: "a Typst #table with a header row",
        writer: Writer::Table {
            table: |t, _| Ok(table_format::typst(t)),
            other: Other::Text,
        },
    },
    Format {
        name: "xlsx",
        aliases: &[],
        extensions: &["xlsx"],
        about: "an Excel workbook (files only); a map of tables, one sheet each",
        writer: Writer::Binary(write_xlsx),
    },
    Format {
        name: "parquet",
        aliases: &[],
        extensions: &["parquet"],
        about: "a Parquet file (files only), exact decimals",
        writer: Writer::Binary(write_parquet),
    },
];

impl Format {
    /// The default: values as `print` shows them.
    pub fn text() -> &'static Format {
        &ALL[0]
    }

    /// Whether the format is a binary file, written only to a file.
    pub fn is_binary(&self) -> bool {
        matches!(self.writer, Writer::Binary(_))
    }

    /// The format `name` (or one of its aliases) names, in any case.
    pub fn named(name: &str) -> Option<&'static Format> {
        let lower = name.to_ascii_lowercase();
        ALL.iter()
            .find(|f| f.name == lower || f.aliases.contains(&lower.as_str()))
    }

    /// The format a file name's extension asks for.
    pub fn from_path(path: &str) -> Result<&'static Format, String> {
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        if let Some(format) = ALL.iter().find(|f| f.extensions.contains(&ext.as_str())) {
            return Ok(format);
        }
        if ext == "xls" {
            return Err(format!(
                "cannot write {path:?}: whatif writes Excel's .xlsx workbooks, not the old .xls; \
                 use a name ending in .xlsx"
            ));
        }
        let extensions: Vec<String> = ALL
            .iter()
            .filter_map(|f| f.extensions.first())
            .map(|e| format!(".{e}"))
            .collect();
        Err(format!(
            "cannot tell the format of {path:?} from its extension; use one of {} or name the \
             format",
            extensions.join(", ")
        ))
    }

    /// The format `name` names for writing a table: any format when `files` (for `save`),
    /// the text formats only otherwise (for `to_string`).
    pub fn for_table(name: &str, files: bool) -> Result<&'static Format, String> {
        Format::named(name)
            .filter(|f| files || !f.is_binary())
            .ok_or_else(|| {
                let names = if files {
                    Format::names()
                } else {
                    Format::screen_names()
                };
                format!(
                    "unknown table format {name:?}; use one of {}",
                    names.join(", ")
                )
            })
    }

    /// The names of the formats that show on screen (every one but the binary files).
    pub fn screen_names() -> Vec<&'static str> {
        ALL.iter()
            .filter(|f| !f.is_binary())
            .map(|f| f.name)
            .collect()
    }

    /// Every format's name.
    pub fn names() -> Vec<&'static str> {
        ALL.iter().map(|f| f.name).collect()
    }

    /// The table as text in this format; `None` for a binary format.
    pub fn table_text(&self, table: &Table, width: u16) -> Option<TableResult<String>> {
        match self.writer {
            Writer::Value { table: write, .. } | Writer::Table { table: write, .. } => {
                Some(write(table, width))
            }
            Writer::Binary(_) => None,
        }
    }

    /// Saves `table` to `path` in this format, atomically and under the file policy, as a
    /// script's `save` does (a box drawing at the fixed default width).
    pub fn save(&self, table: &Table, path: &str) -> TableResult<()> {
        match self.writer {
            Writer::Binary(write) => write(&Dynamic::from(table.clone()), path, false),
            Writer::Value { table: write, .. } | Writer::Table { table: write, .. } => {
                let text = write(table, table_format::DEFAULT_WIDTH)?;
                crate::table::io::write_atomic(path, text.as_bytes())
            }
        }
    }

    /// One line per format for help texts: name, extensions, what it is.
    pub fn help_lines(formats: &[&Format]) -> String {
        formats
            .iter()
            .map(|f| {
                let extensions: Vec<String> =
                    f.extensions.iter().map(|e| format!(".{e}")).collect();
                format!("  {:9} {:15} {}", f.name, extensions.join(" "), f.about)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl PartialEq for Format {
    fn eq(&self, other: &Format) -> bool {
        self.name == other.name
    }
}

impl Eq for Format {}

impl std::fmt::Debug for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Format({})", self.name)
    }
}

/// `-o x.xlsx`, `save(t, "x.xlsx")`: a table (or an array of maps) as `Sheet1`, a map of tables
/// as one sheet per key. Long numbers are noted as `save_xlsx` notes them.
fn write_xlsx(value: &Dynamic, path: &str, unrestricted: bool) -> TableResult<()> {
    let sheets: Vec<(String, Table)> = if let Some(t) = crate::table::as_table(value) {
        vec![("Sheet1".to_string(), t)]
    } else if let Some(map) = value.read_lock::<Map>().filter(|m| !m.is_empty()) {
        map.iter()
            .map(|(name, item)| {
                crate::table::as_table(item)
                    .map(|t| (name.to_string(), t))
                    .ok_or_else(|| not_a_sheet(value))
            })
            .collect::<Result<_, _>>()?
    } else {
        return Err(not_a_sheet(value));
    };
    crate::table::xlsx::save(&sheets, path, Default::default(), unrestricted)
}

fn not_a_sheet(value: &Dynamic) -> TableError {
    TableError::new(format!(
        "an Excel workbook holds tables: the result must be a table, or a map of tables (one \
         sheet each), not {}",
        match value.type_name() {
            "decimal" | "i64" => "a number",
            "string" => "text",
            "map" => "a map holding other values",
            "array" => "an array that is not a list of rows",
            _ => "this value",
        }
    ))
}

/// `-o x.parquet`, `save(t, "x.parquet")`: a table, or an array of maps.
fn write_parquet(value: &Dynamic, path: &str, unrestricted: bool) -> TableResult<()> {
    let table = crate::table::as_table(value).ok_or_else(|| {
        TableError::new(format!(
            "a Parquet file holds a table, and the result ({}) is not one",
            crate::messages::describe(value)
        ))
    })?;
    crate::table::parquet::save(&table, path, unrestricted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_aliases_and_extensions_find_one_format_each() {
        assert_eq!(Format::text().name, "text");
        assert_eq!(Format::named("MD").unwrap().name, "markdown");
        assert_eq!(Format::named("tex").unwrap().name, "latex");
        assert!(Format::named("xls").is_none());
        assert_eq!(Format::from_path("a/b.CSV").unwrap().name, "csv");
        assert_eq!(Format::from_path("x.htm").unwrap().name, "html");
        assert_eq!(Format::from_path("x.txt").unwrap().name, "text");
        assert!(Format::from_path("x.xlsx").unwrap().is_binary());
        assert!(Format::from_path("x.xls").unwrap_err().contains(".xlsx"));
        let unknown = Format::from_path("x.doc").unwrap_err();
        assert!(
            unknown.contains(".csv, .tsv") && unknown.contains(".parquet"),
            "{unknown}"
        );
        // No two formats claim one name or extension.
        let mut seen = std::collections::HashSet::new();
        for f in ALL {
            for name in std::iter::once(&f.name).chain(f.aliases) {
                assert!(seen.insert(format!("name {name}")), "{name} twice");
            }
            for ext in f.extensions {
                assert!(seen.insert(format!("ext {ext}")), ".{ext} twice");
            }
        }
    }
}
