//! Writing a table out: the box rendering people read in a terminal (comfy-table, DuckDB-like
//! elision of long and wide tables) and the file formats analysts pass on: markdown, CSV, TSV,
//! JSON, JSON lines, a self-contained HTML page and a LaTeX tabular. Machine formats (CSV, TSV,
//! JSON) keep every digit and no grouping; human formats group thousands and honour money views.

use std::fmt::Write as _;
use std::str::FromStr;

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, TableStyle,
};
use unicode_width::UnicodeWidthStr;

use super::cell;
use super::{Table, TableError, TableResult};
use crate::text::json_string;
use whatif_core::decimal::group_thousands;

/// Tables longer than this show their first and last `EDGE_ROWS` rows in the box rendering,
/// with a `…` row between, as DuckDB's CLI does. Files always get every row.
pub const MAX_ROWS: usize = 40;
/// Rows shown at each end of an elided box rendering.
pub const EDGE_ROWS: usize = 20;
/// Width of the box rendering for files and when the host gives none, so that piped output is
/// the same on every machine.
pub const DEFAULT_WIDTH: u16 = crate::host::DEFAULT_PAGE_WIDTH;

/// The formats a table can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    Box,
    Markdown,
    Csv,
    Tsv,
    Json,
    Jsonl,
    Html,
    Latex,
}

impl TableFormat {
    pub const ALL: [TableFormat; 8] = [
        TableFormat::Box,
        TableFormat::Markdown,
        TableFormat::Csv,
        TableFormat::Tsv,
        TableFormat::Json,
        TableFormat::Jsonl,
        TableFormat::Html,
        TableFormat::Latex,
    ];

    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Box => "box",
            TableFormat::Markdown => "markdown",
            TableFormat::Csv => "csv",
            TableFormat::Tsv => "tsv",
            TableFormat::Json => "json",
            TableFormat::Jsonl => "jsonl",
            TableFormat::Html => "html",
            TableFormat::Latex => "latex",
        }
    }

    /// The format a file name asks for: `.csv`, `.tsv`, `.md`, `.json`, `.jsonl`/`.ndjson`,
    /// `.html`/`.htm`, `.tex`, `.txt` (box).
    pub fn from_path(path: &str) -> TableResult<TableFormat> {
        let ext = std::path::Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "csv" => TableFormat::Csv,
            "tsv" | "tab" => TableFormat::Tsv,
            "md" | "markdown" => TableFormat::Markdown,
            "json" => TableFormat::Json,
            "jsonl" | "ndjson" => TableFormat::Jsonl,
            "html" | "htm" => TableFormat::Html,
            "tex" | "latex" => TableFormat::Latex,
            "txt" | "text" => TableFormat::Box,
            "xls" => {
                return Err(TableError::new(format!(
                    "cannot write {path:?}: whatif writes Excel's .xlsx workbooks, not the old \
                     .xls; use a name ending in .xlsx"
                )))
            }
            _ => {
                return Err(TableError::new(format!(
                    "cannot tell the format of {path:?} from its extension; use one of .csv, \
                     .tsv, .md, .json, .jsonl, .html, .tex, .txt, .xlsx or name the format"
                )))
            }
        })
    }
}

impl FromStr for TableFormat {
    type Err = TableError;
    fn from_str(s: &str) -> TableResult<TableFormat> {
        let lower = s.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "md" => "markdown",
            "text" | "txt" => "box",
            "tex" => "latex",
            "ndjson" => "jsonl",
            other => other,
        };
        TableFormat::ALL
            .into_iter()
            .find(|f| f.name() == alias)
            .ok_or_else(|| {
                TableError::new(format!(
                    "unknown table format {s:?}; use one of box, markdown, csv, tsv, json, \
                     jsonl, html, latex"
                ))
            })
    }
}

/// The table in `format`; `width` only matters for `box`.
pub fn render(table: &Table, format: TableFormat, width: u16) -> TableResult<String> {
    Ok(match format {
        TableFormat::Box => render_box(table, width),
        TableFormat::Markdown => markdown(table),
        TableFormat::Csv => delimited(table, b',')?,
        TableFormat::Tsv => delimited(table, b'\t')?,
        TableFormat::Json => json(table),
        TableFormat::Jsonl => jsonl(table),
        TableFormat::Html => html(table),
        TableFormat::Latex => latex(table),
    })
}

const BOX_STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::new('┌', '─', '┬', '┐'))
    .header_lines(ContentLineStyle::new('│', '│', '│'))
    .header_separator(LineStyle::new('├', '─', '┼', '┤'))
    .content_lines(ContentLineStyle::new('│', '│', '│'))
    .bottom_border(LineStyle::new('└', '─', '┴', '┘'));

fn plural(n: usize, one: &str, many: &str) -> String {
    let count = group_thousands(&n.to_string());
    if n == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

/// Tables of up to this many columns that are too wide for the page wrap their columns onto
/// further blocks (as `psql` does) instead of hiding some; wider ones hide columns from the
/// middle out and name them in the footer.
pub const MAX_WRAPPED_COLUMNS: usize = 12;

/// The box rendering: numbers right-aligned with grouped digits and their decimal points lined
/// up, text left-aligned and cut to fit `width`; more than `MAX_ROWS` rows show head and tail.
/// A table wider than the page continues in further blocks (up to `MAX_WRAPPED_COLUMNS`
/// columns; past that, columns are hidden and named); a single row is shown vertically, one
/// line per column. A footer gives the size.
pub fn render_box(table: &Table, width: u16) -> String {
    let ncols = table.columns().len();
    if ncols == 0 {
        return "(empty table: no columns)".to_string();
    }
    if table.len() == 1 && ncols > 1 {
        return render_vertical(table, width);
    }
    let n = table.len();
    let elided = n > MAX_ROWS;
    let shown: Vec<usize> = if elided {
        (0..EDGE_ROWS).chain(n - EDGE_ROWS..n).collect()
    } else {
        (0..n).collect()
    };
    let right: Vec<bool> = (0..ncols)
        .map(|c| table.is_right_aligned_column(c))
        .collect();
    let wraps = ncols <= MAX_WRAPPED_COLUMNS;
    let (mut texts, long) = cell_texts(table, &shown, &right, width, wraps);
    align_decimal_points(&mut texts, &right);
    if wraps {
        let blocks = column_blocks(table, &texts, &right, width);
        let drawn: Vec<String> = blocks
            .iter()
            .map(|block| draw_box(table, &texts, block, &right, elided, false, width))
            .collect();
        let all: Vec<usize> = (0..ncols).collect();
        let mut footer = box_footer(table, shown.len(), &all);
        if blocks.len() > 1 {
            let _ = write!(footer, " in {} blocks", blocks.len());
        }
        return format!("{}\n{footer}", drawn.join("\n"));
    }
    let visible = visible_columns(table, &texts, &right, &long, width);
    let hidden = visible.len() < ncols;
    let drawn = draw_box(table, &texts, &visible, &right, elided, hidden, width);
    let footer = box_footer(table, shown.len(), &visible);
    format!("{drawn}\n{footer}")
}

/// Pads the right-aligned cells of each column so their decimal points line up: `0.1` over
/// `0.04`, `100` under `66.66`, `¥50亿` under `¥71.89亿`. What follows the point (digits, a
/// unit, `%`) counts as the fraction; a whole number's unit stands where the point would.
fn align_decimal_points(texts: &mut [Vec<String>], right: &[bool]) {
    let fraction_width = |text: &str| {
        let start = text.find('.').unwrap_or_else(|| {
            text.rfind(|c: char| c.is_ascii_digit())
                .map_or(text.len(), |last| last + 1)
        });
        UnicodeWidthStr::width(&text[start..])
    };
    for (c, _) in right.iter().enumerate().filter(|(_, r)| **r) {
        let widest = texts
            .iter()
            .map(|row| fraction_width(&row[c]))
            .max()
            .unwrap_or(0);
        for row in texts.iter_mut() {
            let cell = &mut row[c];
            if cell.is_empty() {
                continue;
            }
            let pad = widest - fraction_width(cell);
            cell.push_str(&" ".repeat(pad));
        }
    }
}

/// The columns of each block of a table wider than the page: as many as fit, in order; every
/// block after the first repeats the first column when it names the rows (text), so each
/// block reads on its own.
fn column_blocks(
    table: &Table,
    texts: &[Vec<String>],
    right: &[bool],
    width: u16,
) -> Vec<Vec<usize>> {
    let ncols = right.len();
    let cost: Vec<usize> = (0..ncols)
        .map(|c| {
            texts
                .iter()
                .map(|row| widest_line(&row[c]))
                .chain([widest_line(&table.display_header(c))])
                .max()
                .unwrap_or(1)
                + 3
        })
        .collect();
    let budget = width as usize;
    let label = ncols > 1 && !right[0];
    let mut blocks: Vec<Vec<usize>> = Vec::new();
    let mut block: Vec<usize> = Vec::new();
    let mut used = 1;
    for c in 0..ncols {
        if !block.is_empty() && used + cost[c] > budget {
            let is_label_only = label && block == [0];
            if !is_label_only {
                blocks.push(std::mem::take(&mut block));
                used = 1;
                // The label starts the block only when it leaves room for the column.
                if label && 1 + cost[0] + cost[c] <= budget {
                    block.push(0);
                    used += cost[0];
                }
            }
        }
        block.push(c);
        used += cost[c];
    }
    blocks.push(block);
    blocks
}

/// A single-row table, one line per column: `name │ value`, numbers right-aligned on their
/// decimal points, so a summary with many statistics reads down the page.
fn render_vertical(table: &Table, width: u16) -> String {
    let ncols = table.columns().len();
    let row = &table.rows()[0];
    let group = table.display_plan();
    let right: Vec<bool> = (0..ncols)
        .map(|c| table.is_right_aligned_column(c))
        .collect();
    let mut values: Vec<Vec<String>> = (0..ncols)
        .map(|c| {
            vec![truncate_cell(
                &table.display_cell(row, c, group[c]),
                usize::MAX,
            )]
        })
        .collect();
    // Every number in the one value column lines up on its point.
    let numbers: Vec<usize> = (0..ncols).filter(|&c| right[c]).collect();
    let mut column: Vec<Vec<String>> = numbers.iter().map(|&c| values[c].clone()).collect();
    align_decimal_points(&mut column, &[true]);
    for (i, &c) in numbers.iter().enumerate() {
        values[c] = column[i].clone();
    }
    let mut out = comfy_table::Table::new();
    out.load_style(BOX_STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    out.set_header(vec!["column".to_string(), "value".to_string()]);
    for c in 0..ncols {
        let alignment = if right[c] {
            CellAlignment::Right
        } else {
            CellAlignment::Left
        };
        out.add_row(vec![
            comfy_table::Cell::new(table.display_header(c)),
            comfy_table::Cell::new(&values[c][0]).set_alignment(alignment),
        ]);
    }
    format!(
        "{}\n1 row × {}, shown vertically",
        out.trim_fmt(),
        plural(ncols, "column", "columns")
    )
}

/// The text of every shown cell, and the long text columns. Like DuckDB, the box view shows
/// each cell on one line rather than wrapping it, so a row stays a row; when the table is
/// wider than the page, long text is cut with `…` (the full text is in every other format).
fn cell_texts(
    table: &Table,
    shown: &[usize],
    numeric: &[bool],
    width: u16,
    wraps: bool,
) -> (Vec<Vec<String>>, Vec<usize>) {
    let ncols = numeric.len();
    let group = table.display_plan();
    let full: Vec<Vec<String>> = shown
        .iter()
        .map(|&r| {
            (0..ncols)
                .map(|c| {
                    let text = table.display_cell(&table.rows()[r], c, group[c]);
                    if numeric[c] {
                        text
                    } else {
                        truncate_cell(&text, usize::MAX)
                    }
                })
                .collect()
        })
        .collect();
    let natural: Vec<usize> = (0..ncols)
        .map(|c| {
            full.iter()
                .map(|row| widest_line(&row[c]))
                .chain([widest_line(&table.display_header(c))])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let natural_width = 1 + natural.iter().map(|w| w + 3).sum::<usize>();
    // Long text columns share what the other columns leave, but never get less than
    // MAX_CELL_WIDTH (past that, whole columns are hidden instead).
    let long: Vec<usize> = (0..ncols)
        .filter(|&c| !numeric[c] && natural[c] > MAX_CELL_WIDTH)
        .collect();
    if natural_width <= width as usize {
        return (full, long);
    }
    let fixed: usize = 1
        + (0..ncols)
            .filter(|c| !long.contains(c))
            .map(|c| natural[c] + 3)
            .sum::<usize>();
    let fitting = (width as usize)
        .saturating_sub(fixed)
        .checked_div(long.len())
        .unwrap_or(0)
        .saturating_sub(3);
    let share = if fitting >= MAX_CELL_WIDTH || !wraps {
        fitting.max(MAX_CELL_WIDTH)
    } else {
        // The table wraps onto blocks anyway: a long text column can have a block to itself,
        // beside the row label.
        (width as usize)
            .saturating_sub(1 + natural[0] + 3 + 3)
            .max(MAX_CELL_WIDTH)
    };
    let texts = full
        .into_iter()
        .map(|row| {
            row.into_iter()
                .enumerate()
                .map(|(c, text)| {
                    if long.contains(&c) {
                        truncate_cell(&text, share)
                    } else {
                        text
                    }
                })
                .collect()
        })
        .collect();
    (texts, long)
}

/// The columns shown, in table order. Columns that do not fit are hidden: free text (notes,
/// descriptions) first, then other text, then numbers, so that the first (identifying) column
/// and the figures stay in view. Columns are dropped until the rest fit at their natural
/// width, so no cell wraps; only when a single column is wider than the page does comfy-table
/// squeeze it.
fn visible_columns(
    table: &Table,
    texts: &[Vec<String>],
    numeric: &[bool],
    long: &[usize],
    width: u16,
) -> Vec<usize> {
    let ncols = numeric.len();
    let content_width: Vec<usize> = (0..ncols)
        .map(|c| {
            texts
                .iter()
                .map(|row| widest_line(&row[c]))
                .chain([widest_line(&table.display_header(c)).min(MAX_CELL_WIDTH)])
                .max()
                .unwrap_or(1)
        })
        .collect();
    let min_width: Vec<usize> = content_width.iter().map(|w| w + 3).collect();
    let budget = width as usize;
    let cost = |cols: &[usize], hidden: bool| {
        1 + cols.iter().map(|&c| min_width[c]).sum::<usize>() + if hidden { 4 } else { 0 }
    };
    let mut visible: Vec<usize> = (0..ncols).collect();
    if cost(&visible, false) <= budget {
        return visible;
    }
    // Keep the first (identifying) column, then add numbers, other text and free text, in that
    // order of preference, each where it still fits; show them in table order.
    let rank = |c: usize| {
        if c == 0 {
            0
        } else if numeric[c] {
            1
        } else if !long.contains(&c) {
            2
        } else {
            3
        }
    };
    let mut preference: Vec<usize> = (0..ncols).collect();
    preference.sort_by_key(|&c| (rank(c), c));
    visible.clear();
    for c in preference {
        let mut candidate = visible.clone();
        candidate.push(c);
        if visible.is_empty() || cost(&candidate, true) <= budget {
            visible = candidate;
        }
    }
    visible.sort_unstable();
    visible
}

/// The box drawing of the shown cells, with a `…` column where columns are `hidden` and a
/// `…` row where rows are elided.
fn draw_box(
    table: &Table,
    texts: &[Vec<String>],
    visible: &[usize],
    numeric: &[bool],
    elided: bool,
    hidden: bool,
    width: u16,
) -> String {
    let mut layout: Vec<Option<usize>> = visible.iter().map(|&c| Some(c)).collect();
    if hidden {
        layout.push(None);
    }
    let mut out = comfy_table::Table::new();
    out.load_style(BOX_STYLE)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width);
    let header: Vec<String> = layout
        .iter()
        .map(|c| match c {
            Some(c) => table.display_header(*c),
            None => "…".to_string(),
        })
        .collect();
    out.set_header(header);
    for (i, row) in texts.iter().enumerate() {
        if elided && i == EDGE_ROWS {
            out.add_row(
                layout
                    .iter()
                    .map(|_| comfy_table::Cell::new("…").set_alignment(CellAlignment::Center))
                    .collect::<Vec<_>>(),
            );
        }
        out.add_row(
            layout
                .iter()
                .map(|c| match c {
                    Some(c) => row[*c].clone(),
                    None => "…".to_string(),
                })
                .collect::<Vec<_>>(),
        );
    }
    for (i, c) in layout.iter().enumerate() {
        if let Some(column) = out.column_mut(i) {
            match c {
                Some(c) if numeric[*c] => {
                    column.set_cell_alignment(CellAlignment::Right);
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
                Some(_) => column.set_cell_alignment(CellAlignment::Left),
                None => {
                    column.set_cell_alignment(CellAlignment::Center);
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
        }
    }
    out.trim_fmt()
}

/// `18 rows × 16 columns`, with how many rows are shown and which columns are not.
fn box_footer(table: &Table, shown_rows: usize, visible: &[usize]) -> String {
    let n = table.len();
    let ncols = table.columns().len();
    let mut footer = plural(n, "row", "rows");
    if shown_rows < n {
        let _ = write!(
            footer,
            " ({} shown)",
            group_thousands(&shown_rows.to_string())
        );
    }
    let _ = write!(footer, " × {}", plural(ncols, "column", "columns"));
    if visible.len() < ncols {
        let hidden: Vec<&str> = (0..ncols)
            .filter(|c| !visible.contains(c))
            .map(|c| table.columns()[c].as_str())
            .collect();
        let _ = write!(
            footer,
            " ({} shown; not shown: {})",
            visible.len(),
            hidden.join(", ")
        );
    }
    footer
}

/// Widest a text cell is shown in the box view, in terminal columns.
const MAX_CELL_WIDTH: usize = 24;

/// The first line of `text`, cut to `max` terminal columns with `…` when longer.
fn truncate_cell(text: &str, max: usize) -> String {
    let first = text.lines().next().unwrap_or("");
    let cut = first.len() < text.trim_end().len();
    if UnicodeWidthStr::width(first) <= max && !cut {
        return first.to_string();
    }
    if max == usize::MAX {
        return format!("{first} …");
    }
    let mut out = String::new();
    let mut used = 0;
    for c in first.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

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
    let table = &super::money::flattened(table);
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
        out.push_str(&super::value_json(value));
    }
    out.push('}');
    out
}

/// An array of objects, keys in column order, one row per line; numbers with every digit.
pub fn json(table: &Table) -> String {
    let table = &super::money::flattened(table);
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
    let table = &super::money::flattened(table);
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

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, int, sample, text};
    use super::*;

    #[test]
    fn formats_from_names_and_paths() {
        assert_eq!("MD".parse::<TableFormat>().unwrap(), TableFormat::Markdown);
        assert!("xls".parse::<TableFormat>().is_err());
        assert_eq!(TableFormat::from_path("a/b.CSV").unwrap(), TableFormat::Csv);
        assert_eq!(TableFormat::from_path("x.htm").unwrap(), TableFormat::Html);
        assert!(TableFormat::from_path("x.xlsx").is_err());
    }

    #[test]
    fn box_right_aligns_grouped_numbers_on_their_decimal_points() {
        let out = render_box(&sample(), 80);
        assert!(out.contains("│ 40,000,000,000   │"), "{out}");
        assert!(out.contains("│  1,000,000,000   │"), "{out}");
        assert!(out.contains("│ 13,000,000,000.5 │"), "{out}");
        assert!(out.contains("│ OpenAI "), "{out}");
        assert!(out.ends_with("4 rows × 3 columns"), "{out}");
        let t = Table::new(
            vec!["x".into(), "y".into()],
            vec![vec![dec("0.1"), int(100)], vec![dec("0.04"), dec("66.66")]],
        )
        .unwrap();
        let out = render_box(&t, 80);
        assert!(
            out.contains("│ 0.1  │ 100    │\n│ 0.04 │  66.66 │"),
            "{out}"
        );
    }

    #[test]
    fn numbers_show_twelve_significant_digits_and_formats_keep_their_decimals() {
        let third = dec("0.3333333333333333333333333333");
        let t = Table::new(
            vec!["name".into(), "x".into()],
            vec![vec![text("a"), third.clone()], vec![text("b"), int(2)]],
        )
        .unwrap();
        let out = render_box(&t, 80);
        assert!(out.contains("│ 0.333333333333 │"), "{out}");
        assert!(delimited(&t, b',')
            .unwrap()
            .contains("0.3333333333333333333333333333"));
        let formatted = t
            .with_formats(&[("x".to_string(), "pct1".to_string())])
            .unwrap();
        let md = markdown(&formatted);
        assert!(
            md.contains("| a | 33.3% |") && md.contains("| b | 200.0% |"),
            "{md}"
        );
        assert!(json(&formatted).contains("0.3333333333333333333333333333"));
        let err = t
            .with_formats(&[("x".to_string(), "pct9".to_string())])
            .unwrap_err();
        assert!(
            err.0
                .contains("format of column \"x\": unknown column format"),
            "{err}"
        );
        let err = t
            .with_formats(&[("nope".to_string(), "int".to_string())])
            .unwrap_err();
        assert!(err.0.contains("no column \"nope\""), "{err}");
        let renamed = formatted.rename("x", "share").unwrap().head(1);
        assert!(
            markdown(&renamed).contains("| a | 33.3% |"),
            "formats follow rename and head"
        );
    }

    fn money(amount: &str, code: &str) -> rhai::Dynamic {
        use whatif_core::money::{CurrencyCode, Money};
        rhai::Dynamic::from(Money::new(
            amount.parse().unwrap(),
            CurrencyCode::parse(code).unwrap(),
        ))
    }

    #[test]
    fn money_shows_its_code_once_in_the_header_or_in_each_cell() {
        let one = Table::new(
            vec!["id".into(), "amount".into()],
            vec![
                vec![text("a"), money("1234.5", "USD")],
                vec![text("b"), money("20", "USD")],
                vec![text("c"), rhai::Dynamic::UNIT],
            ],
        )
        .unwrap();
        let out = render_box(&one, 80);
        assert!(out.contains("│ id │ amount (USD) │"), "{out}");
        assert!(out.contains("│ a  │     1,234.50 │"), "{out}");
        assert!(out.contains("│ b  │        20.00 │"), "{out}");
        let md = markdown(&one);
        assert!(md.contains("| id | amount (USD) |\n| --- | ---: |"), "{md}");
        let bn = one.with_formats(&[("amount".into(), "bn".into())]).unwrap();
        assert!(markdown(&bn).contains("| id | amount (bn USD) |"));
        let mixed = Table::new(
            vec!["amount".into()],
            vec![vec![money("5", "CNY")], vec![money("100", "USD")]],
        )
        .unwrap();
        let out = render_box(&mixed, 80);
        assert!(out.contains("│   5 CNY │\n│ 100 USD │"), "{out}");
        let pct = one.with_formats(&[("amount".into(), "pct1".into())]);
        assert!(pct.unwrap_err().0.contains("a percentage needs a ratio"));
    }

    #[test]
    fn formatted_amount_text_is_right_aligned() {
        let t = Table::new(
            vec!["name".into(), "shown".into()],
            vec![
                vec![text("a"), text("$40.0B")],
                vec![text("b"), text("¥821.29亿")],
            ],
        )
        .unwrap();
        let out = render_box(&t, 80);
        assert!(
            out.contains("│ a    │  $40.0B   │\n│ b    │ ¥821.29亿 │"),
            "{out}"
        );
        assert!(markdown(&t).contains("| --- | ---: |"));
    }

    #[test]
    fn more_than_twelve_columns_hide_some_and_name_them() {
        let columns: Vec<String> = (0..30).map(|i| format!("column_{i}")).collect();
        let row: Vec<_> = (0..30).map(|i| int(1_000_000 * i)).collect();
        let t = Table::new(columns, vec![row.clone(), row]).unwrap();
        let out = render_box(&t, 80);
        for line in out
            .lines()
            .filter(|l| !l.contains("rows") && !l.contains("row ×"))
        {
            assert!(UnicodeWidthStr::width(line) <= 80, "{line}");
        }
        assert!(
            out.contains("column_0") && !out.contains("│ column_29"),
            "{out}"
        );
        assert!(out.contains("not shown: "), "{out}");
        assert!(out.trim_end().ends_with("column_29)"), "{out}");
    }

    #[test]
    fn up_to_twelve_columns_wrap_onto_blocks_and_free_text_never_wraps() {
        let long = "a long note that goes on and on about the deal and its terms".to_string();
        let row = |id: &str| {
            vec![
                text(id),
                rhai::Dynamic::from(long.clone()),
                int(5_000_000_000),
            ]
        };
        let t = Table::new(
            vec!["id".into(), "note".into(), "amount".into()],
            vec![row("x-1"), row("x-2")],
        )
        .unwrap();
        let out = render_box(&t, 30);
        assert!(out.contains("5,000,000,000"), "{out}");
        assert!(out.contains("│ note"), "{out}");
        assert!(out.ends_with("2 rows × 3 columns in 2 blocks"), "{out}");
        for line in out.lines() {
            assert!(UnicodeWidthStr::width(line) <= 30, "{line}");
        }
        // The identifying column starts every block.
        assert_eq!(out.matches("│ x-1").count(), 2, "{out}");
        let wide = render_box(&t, 120);
        assert!(wide.contains("about the deal and its terms"), "{wide}");
        assert_eq!(wide.lines().count(), 7, "one line per row:\n{wide}");
        let columns: Vec<String> = (0..12).map(|i| format!("statistic_{i}")).collect();
        let cells: Vec<_> = (0..12)
            .map(|i| dec(&format!("0.{i}123456789012")))
            .collect();
        let t = Table::new(columns, vec![cells.clone(), cells]).unwrap();
        for width in [80, 160] {
            let out = render_box(&t, width);
            for i in 0..12 {
                assert!(out.contains(&format!("statistic_{i} ")), "{out}");
            }
            assert!(!out.contains("not shown"), "{out}");
        }
    }

    #[test]
    fn a_single_row_prints_vertically() {
        let t = Table::new(
            vec!["output".into(), "mean".into(), "sd".into()],
            vec![vec![text("result"), dec("0.0805542193524"), dec("0.01")]],
        )
        .unwrap();
        let out = render_box(&t, 80);
        assert!(out.contains("│ mean   │ 0.0805542193524 │"), "{out}");
        assert!(out.contains("│ sd     │ 0.01            │"), "{out}");
        assert!(out.contains("│ output │ result          │"), "{out}");
        assert!(
            out.ends_with("1 row × 3 columns, shown vertically"),
            "{out}"
        );
    }

    #[test]
    fn markdown_latex_html_escape_their_specials() {
        let t = Table::new(
            vec!["a|b".into(), "x".into()],
            vec![vec![text("R&D_50%"), dec("1234.5")]],
        )
        .unwrap();
        let md = markdown(&t);
        assert!(md.starts_with("| a\\|b | x |\n| --- | ---: |\n"), "{md}");
        assert!(md.contains("| 1,234.5 |"));
        assert!(latex(&t).contains("R\\&D\\_50\\% & 1,234.5 \\\\"));
        assert!(html(&t).contains("<td>R&amp;D_50%</td><td class=\"num\">1,234.5</td>"));
    }
}
