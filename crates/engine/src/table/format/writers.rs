//! The file formats analysts pass on: markdown, CSV, TSV, JSON, JSON lines, a self-contained
//! HTML page, a LaTeX tabular and a Typst table. CSV, TSV and JSON keep every digit and no grouping; the others
//! group thousands and honour money views, as the box does.

use std::fmt::Write as _;

use super::plural;
use crate::table::{cell, money, value_json, Table, TableError, TableResult};
use crate::text::json_string;

fn markdown_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

/// A GitHub-flavoured markdown table; number columns right-aligned (`---:`).
pub fn markdown(table: &Table) -> String {
    let ncols = table.columns().len();
    let group = table.display_plan();
    let mut out = String::new();
    out.push('|');
    for c in 0..ncols {
        let _ = write!(out, " {} |", markdown_escape(&table.display_header(c)));
    }
    out.push_str("\n|");
    for c in 0..ncols {
        out.push_str(if table.is_right_aligned_column(c) {
            " ---: |"
        } else {
            " --- |"
        });
    }
    out.push('\n');
    for row in table.rows() {
        out.push('|');
        for (c, &grouped) in group.iter().enumerate() {
            let _ = write!(
                out,
                " {} |",
                markdown_escape(&table.display_cell(row, c, grouped))
            );
        }
        out.push('\n');
    }
    out
}

/// RFC 4180 CSV (or TSV with `\t`): a header row, CRLF line ends, fields quoted when they hold
/// the delimiter, a quote or a line break; numbers exact, empty cells empty; money as its exact
/// amount with the code in a currency column (`money::flattened`).
pub fn delimited(table: &Table, delimiter: u8) -> TableResult<String> {
    let table = &money::flattened(table);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| TableError::new(format!("cannot write CSV: {e}"));
    writer.write_record(table.columns()).map_err(fail)?;
    for row in table.rows() {
        writer
            .write_record(row.iter().map(cell::raw_text))
            .map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| TableError::new(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| TableError::new(format!("cannot write CSV: {e}")))
}

fn json_object(table: &Table, row: &[rhai::Dynamic]) -> String {
    let mut out = String::from("{");
    for (i, (name, value)) in table.columns().iter().zip(row).enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_string(name));
        out.push(':');
        out.push_str(&value_json(value));
    }
    out.push('}');
    out
}

/// An array of objects, keys in column order, one row per line; numbers with every digit.
pub fn json(table: &Table) -> String {
    let table = &money::flattened(table);
    if table.is_empty() {
        return "[]\n".to_string();
    }
    let mut out = String::from("[\n");
    for (i, row) in table.rows().iter().enumerate() {
        out.push_str("  ");
        out.push_str(&json_object(table, row));
        out.push_str(if i + 1 < table.len() { ",\n" } else { "\n" });
    }
    out.push_str("]\n");
    out
}

/// One JSON object per line.
pub fn jsonl(table: &Table) -> String {
    let table = &money::flattened(table);
    let mut out = String::new();
    for row in table.rows() {
        out.push_str(&json_object(table, row));
        out.push('\n');
    }
    out
}

fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
    out
}

const HTML_STYLE: &str = "\
body { font-family: -apple-system, \"Segoe UI\", \"PingFang SC\", \"Noto Sans CJK SC\", sans-serif; margin: 2rem; color: #1f2328; }
table { border-collapse: collapse; font-size: 14px; }
th, td { border: 1px solid #d0d7de; padding: 6px 12px; }
th { background: #f6f8fa; text-align: left; }
tbody tr:nth-child(even) { background: #f9fafb; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
p.rows { color: #57606a; font-size: 12px; }";

/// A self-contained HTML page (inline style, no scripts, no external files) with the table.
pub fn html(table: &Table) -> String {
    let ncols = table.columns().len();
    let group = table.display_plan();
    let numeric: Vec<bool> = (0..ncols)
        .map(|c| table.is_right_aligned_column(c))
        .collect();
    let class = |c: usize| if numeric[c] { " class=\"num\"" } else { "" };
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<title>whatif table</title>\n<style>\n");
    out.push_str(HTML_STYLE);
    out.push_str("\n</style>\n</head>\n<body>\n<table>\n<thead>\n<tr>");
    for c in 0..ncols {
        let _ = write!(
            out,
            "<th{}>{}</th>",
            class(c),
            html_escape(&table.display_header(c))
        );
    }
    out.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in table.rows() {
        out.push_str("<tr>");
        for (c, &grouped) in group.iter().enumerate() {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                class(c),
                html_escape(&table.display_cell(row, c, grouped))
            );
        }
        out.push_str("</tr>\n");
    }
    let _ = write!(
        out,
        "</tbody>\n</table>\n<p class=\"rows\">{}</p>\n</body>\n</html>\n",
        plural(table.len(), "row", "rows")
    );
    out
}

fn latex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(ch);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(ch),
        }
    }
    out
}

/// A LaTeX `tabular` (no packages needed) with ruled header; number columns right-aligned.
pub fn latex(table: &Table) -> String {
    let ncols = table.columns().len();
    let group = table.display_plan();
    let spec: String = (0..ncols)
        .map(|c| {
            if table.is_right_aligned_column(c) {
                'r'
            } else {
                'l'
            }
        })
        .collect();
    let mut out = format!("\\begin{{tabular}}{{{spec}}}\n\\hline\n");
    let header: Vec<String> = (0..ncols)
        .map(|c| latex_escape(&table.display_header(c)))
        .collect();
    let _ = writeln!(out, "{} \\\\", header.join(" & "));
    out.push_str("\\hline\n");
    for row in table.rows() {
        let cells: Vec<String> = (0..ncols)
            .map(|c| latex_escape(&table.display_cell(row, c, group[c])))
            .collect();
        let _ = writeln!(out, "{} \\\\", cells.join(" & "));
    }
    out.push_str("\\hline\n\\end{tabular}\n");
    out
}

/// Text as Typst markup inside `[…]`: a backslash before every character markup gives a
/// meaning to (Typst reads `\` and a character as that character), a line break as `\ `.
fn typst_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut leading_digits = true;
    while let Some(ch) = chars.next() {
        match ch {
            '\\' | '#' | '[' | ']' | '*' | '_' | '`' | '$' | '<' | '>' | '@' | '=' | '-' | '+'
            | '/' | '~' | '\'' | '"' => {
                out.push('\\');
                out.push(ch);
            }
            // `...` is an ellipsis and `1. ` at the start a numbered list.
            '.' if chars.peek() == Some(&'.')
                || out.ends_with('.')
                || (leading_digits
                    && !out.is_empty()
                    && chars.peek().is_none_or(|c| c.is_whitespace())) =>
            {
                out.push_str("\\.");
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\ "),
            _ => out.push(ch),
        }
        leading_digits &= ch.is_ascii_digit();
    }
    out
}

/// A Typst `#table` with a header row: number columns right-aligned, cells as in markdown
/// (money views and grouping as on screen).
pub fn typst(table: &Table) -> String {
    let ncols = table.columns().len();
    let group = table.display_plan();
    let align: Vec<&str> = (0..ncols)
        .map(|c| {
            if table.is_right_aligned_column(c) {
                "right"
            } else {
                "left"
            }
        })
        .collect();
    let cells = |texts: Vec<String>| -> String {
        texts
            .iter()
            .map(|t| format!("[{}]", typst_escape(t)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!(
        "#table(\n  columns: {ncols},\n  align: ({}{}),\n",
        align.join(", "),
        if ncols == 1 { "," } else { "" }
    );
    let header = (0..ncols).map(|c| table.display_header(c)).collect();
    let _ = writeln!(out, "  table.header({}),", cells(header));
    for row in table.rows() {
        let texts = (0..ncols)
            .map(|c| table.display_cell(row, c, group[c]))
            .collect();
        let _ = writeln!(out, "  {},", cells(texts));
    }
    out.push_str(")\n");
    out
}
