//! The box rendering people read in a terminal: comfy-table with grouped numbers lined up on
//! their decimal points, DuckDB-like elision of long tables, wide tables wrapped onto blocks or
//! with columns hidden, and a single row shown vertically.

use std::fmt::Write as _;

use comfy_table::{
    CellAlignment, ColumnConstraint, ContentArrangement, ContentLineStyle, LineStyle, TableStyle,
};
use unicode_width::UnicodeWidthStr;

use super::{plural, EDGE_ROWS, MAX_ROWS};
use crate::table::Table;
use whatif_core::decimal::group_thousands;

const BOX_STYLE: TableStyle = TableStyle::new()
    .top_border(LineStyle::new('┌', '─', '┬', '┐'))
    .header_lines(ContentLineStyle::new('│', '│', '│'))
    .header_separator(LineStyle::new('├', '─', '┼', '┤'))
    .content_lines(ContentLineStyle::new('│', '│', '│'))
    .bottom_border(LineStyle::new('└', '─', '┴', '┘'));

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
    // A long value wraps in its column, up to VERTICAL_LINES lines; past that it is cut with
    // `…`, so that a cell of megabytes is measured once rather than wrapped whole.
    let label_width = (0..ncols)
        .map(|c| widest_line(&table.display_header(c)))
        .max()
        .unwrap_or(0);
    let room = (width as usize)
        .saturating_sub(label_width + 7)
        .max(MAX_CELL_WIDTH);
    let mut values: Vec<Vec<String>> = (0..ncols)
        .map(|c| {
            let text = truncate_cell(&table.display_cell(row, c, group[c]), usize::MAX);
            if text.len() > room * VERTICAL_LINES {
                vec![truncate_cell(&text, room * VERTICAL_LINES)]
            } else {
                vec![text]
            }
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

/// Lines a long value may wrap onto in a single row's vertical view.
const VERTICAL_LINES: usize = 20;

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
