//! Charts of one label column against one value column: a horizontal bar chart drawn with
//! Unicode blocks for the terminal, and an SVG bar chart drawn with plotters for reports.
//! Bar lengths are geometry and may go through `f64`; every value printed next to a bar is the
//! exact cell text.

use plotters::prelude::*;
use unicode_width::UnicodeWidthStr;

use super::cell;
use super::{io, Table, TableError, TableResult};

/// A bar chart as a script value (`chart(t, label, value)`): printed as the terminal chart,
/// drawn as SVG where the host can show pictures (a notebook).
#[derive(Debug, Clone)]
pub struct Chart {
    table: Table,
    label: String,
    value: String,
}

impl Chart {
    /// A chart of `value` against `label`; refused as `bar_chart` refuses it (an unknown
    /// column, a non-number, money in several currencies).
    pub fn new(table: Table, label: &str, value: &str) -> TableResult<Chart> {
        points(&table, label, value)?;
        Ok(Chart {
            table,
            label: label.to_string(),
            value: value.to_string(),
        })
    }

    /// The terminal chart.
    pub fn text(&self) -> String {
        bar_chart_text(&self.table, &self.label, &self.value).unwrap_or_default()
    }

    /// The SVG chart.
    pub fn svg(&self) -> TableResult<String> {
        svg_bar_chart(&self.table, &self.label, &self.value)
    }

    /// What is charted, with every digit: `{"label": …, "value": …, "rows": [...]}`.
    pub fn json(&self) -> String {
        format!(
            "{{\"label\":{},\"value\":{},\"rows\":{}}}",
            crate::text::json_string(&self.label),
            crate::text::json_string(&self.value),
            <Table as crate::text::Embedded>::json(&self.table)
        )
    }

    /// `Chart (amount by name)`.
    pub fn describe(&self) -> String {
        format!("Chart ({} by {})", self.value, self.label)
    }
}

/// Width in characters of the longest bar in the terminal chart.
pub const BAR_WIDTH: usize = 40;

/// (label, exact value text, value as f64 for geometry) for each row with a number.
fn points(table: &Table, label: &str, value: &str) -> TableResult<Vec<(String, String, f64)>> {
    let l = table.column_index(label)?;
    let v = table.column_index(value)?;
    // A chart has no header to carry a currency: each value keeps its code.
    let group = super::ColumnDisplay {
        currency_in_header: false,
        ..table.display_plan()[v]
    };
    // Bars of money compare only in one currency: this refuses a mixed column, naming the row.
    let all = super::query::row_indices(table.len())?;
    super::money::aggregate(table, v, &all, super::money::Aggregate::Max)?;
    let mut out = Vec::with_capacity(table.len());
    for (i, row) in table.rows().iter().enumerate() {
        if row[v].is_unit() {
            continue;
        }
        let amount = cell::money(&row[v]).map(|m| m.amount);
        let Some(n) = cell::number(&row[v]).or(amount) else {
            return Err(TableError::new(format!(
                "chart: column {value:?} has a non-number at row {i}: {}",
                super::value_text(&row[v])
            )));
        };
        let geometry = n.to_string().parse::<f64>().unwrap_or(0.0);
        out.push((
            cell::raw_text(&row[l]).replace('\n', " "),
            table.display_cell(row, v, group),
            geometry,
        ));
    }
    Ok(out)
}

/// A horizontal bar chart: labels padded to align (double-width characters counted), bars in
/// eighth-blocks scaled to the largest magnitude, the value after each bar. Negative values
/// are drawn with a lighter block.
pub fn bar_chart_text(table: &Table, label: &str, value: &str) -> TableResult<String> {
    let points = points(table, label, value)?;
    if points.is_empty() {
        return Ok(format!("(no values in column {value:?} to chart)"));
    }
    let label_width = points
        .iter()
        .map(|(l, _, _)| UnicodeWidthStr::width(l.as_str()))
        .max()
        .unwrap_or(0);
    let largest = points
        .iter()
        .map(|(_, _, v)| v.abs())
        .fold(0.0_f64, f64::max);
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let mut out = String::new();
    for (label, text, v) in &points {
        let eighths = if largest > 0.0 {
            ((v.abs() / largest) * (BAR_WIDTH * 8) as f64).round() as usize
        } else {
            0
        };
        let mut bar: String = if *v < 0.0 {
            "░".repeat(eighths.div_ceil(8))
        } else {
            let mut b = "█".repeat(eighths / 8);
            if eighths % 8 > 0 {
                b.push(EIGHTHS[eighths % 8]);
            }
            b
        };
        if bar.is_empty() && *v != 0.0 {
            bar.push('▏');
        }
        let pad = label_width - UnicodeWidthStr::width(label.as_str());
        out.push_str(&format!("{label}{} │{bar} {text}\n", " ".repeat(pad)));
    }
    out.pop();
    Ok(out)
}

/// Writes an SVG horizontal bar chart (one bar per row, labelled with its exact value) to
/// `path`, atomically.
pub fn save_svg(table: &Table, label: &str, value: &str, path: &str) -> TableResult<()> {
    let svg = svg_bar_chart(table, label, value)?;
    io::write_atomic(path, svg.as_bytes())
}

/// The SVG text of the bar chart.
pub fn svg_bar_chart(table: &Table, label: &str, value: &str) -> TableResult<String> {
    let points = points(table, label, value)?;
    if points.is_empty() {
        return Err(TableError::new(format!(
            "chart: column {value:?} has no numbers to chart"
        )));
    }
    let n = points.len();
    let height = (120 + 36 * n).min(20_000) as u32;
    let lo = points.iter().map(|p| p.2).fold(0.0_f64, f64::min);
    let hi = points.iter().map(|p| p.2).fold(0.0_f64, f64::max);
    let span = if hi - lo > 0.0 { hi - lo } else { 1.0 };
    // Room on the right for the value labels.
    let (x_lo, x_hi) = (lo - span * 0.02 * (lo < 0.0) as u8 as f64, hi + span * 0.25);
    let longest_label = points
        .iter()
        .map(|p| UnicodeWidthStr::width(p.0.as_str()))
        .max()
        .unwrap_or(1);
    let fail = |e: String| TableError::new(format!("cannot draw the chart: {e}"));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (900, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(e.to_string()))?;
        let mut chart = ChartBuilder::on(&root)
            .caption(format!("{value} by {label}"), ("sans-serif", 20))
            .margin(16)
            .x_label_area_size(30)
            .y_label_area_size((longest_label as u32 * 8 + 16).min(400))
            .build_cartesian_2d(x_lo..x_hi, 0.0..n as f64)
            .map_err(|e| fail(e.to_string()))?;
        let labels: Vec<String> = points.iter().map(|p| p.0.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .y_labels(n * 2 + 1)
            .y_label_formatter(&|y: &f64| {
                // Labels sit at the middle of each bar's band; bands run top to bottom.
                let band = y - y.floor();
                let i = n as isize - 1 - y.floor() as isize;
                if (band - 0.5).abs() < 1e-9 && i >= 0 && (i as usize) < n {
                    labels[i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_label_formatter(&|x: &f64| compact_axis(*x))
            .draw()
            .map_err(|e| fail(e.to_string()))?;
        let bar_color = RGBColor(0x3b, 0x6e, 0xa8);
        chart
            .draw_series(points.iter().enumerate().map(|(i, p)| {
                let top = (n - i) as f64 - 0.15;
                let bottom = (n - 1 - i) as f64 + 0.15;
                Rectangle::new([(0.0, bottom), (p.2, top)], bar_color.filled())
            }))
            .map_err(|e| fail(e.to_string()))?;
        chart
            .draw_series(points.iter().enumerate().map(|(i, p)| {
                let middle = (n - 1 - i) as f64 + 0.62;
                Text::new(
                    p.1.clone(),
                    (p.2.max(0.0) + span * 0.01, middle),
                    ("sans-serif", 13),
                )
            }))
            .map_err(|e| fail(e.to_string()))?;
        root.present().map_err(|e| fail(e.to_string()))?;
    }
    Ok(svg)
}

/// Axis tick text: short (`1.5B`), since exact values label the bars themselves.
fn compact_axis(x: f64) -> String {
    let a = x.abs();
    let (v, s) = if a >= 1e12 {
        (x / 1e12, "T")
    } else if a >= 1e9 {
        (x / 1e9, "B")
    } else if a >= 1e6 {
        (x / 1e6, "M")
    } else if a >= 1e3 {
        (x / 1e3, "K")
    } else {
        (x, "")
    };
    let text = format!("{v:.1}");
    format!("{}{s}", text.trim_end_matches(".0"))
}

#[cfg(test)]
mod tests {
    use super::super::tests::sample;
    use super::*;

    #[test]
    fn text_bars_scale_to_the_largest_and_align_cjk_labels() {
        let chart = bar_chart_text(&sample(), "name", "amount").unwrap();
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines.len(), 3, "{chart}");
        assert!(lines[0]
            .starts_with("OpenAI    │████████████████████████████████████████ 40,000,000,000"));
        let bar_at: Vec<usize> = lines
            .iter()
            .map(|l| UnicodeWidthStr::width(&l[..l.find('│').unwrap()]))
            .collect();
        assert!(bar_at.iter().all(|&w| w == bar_at[0]), "{chart}");
    }

    #[test]
    fn svg_has_a_bar_and_an_exact_label_per_row() {
        let svg = svg_bar_chart(&sample(), "name", "amount").unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("13,000,000,000.5"));
        assert!(svg.contains("智谱"));
        assert!(bar_chart_text(&sample(), "amount", "name").is_err());
    }
}
