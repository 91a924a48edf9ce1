//! Writing a table out: the box rendering people read in a terminal (comfy-table, DuckDB-like
//! elision of long and wide tables) and the file formats analysts pass on: markdown, CSV, TSV,
//! JSON, JSON lines, a self-contained HTML page and a LaTeX tabular. Machine formats (CSV, TSV,
//! JSON) keep every digit and no grouping; human formats group thousands and honour money views.
//!
//! The format names and the dispatch are `crate::formats`'; `boxed` draws the box and `writers`
//! writes the other formats.

mod boxed;
mod writers;

use whatif_core::decimal::group_thousands;

pub use boxed::{render_box, MAX_WRAPPED_COLUMNS};
pub use writers::{delimited, html, json, jsonl, latex, markdown, typst};

/// Tables longer than this show their first and last `EDGE_ROWS` rows in the box rendering,
/// with a `…` row between, as DuckDB's CLI does. Files always get every row.
pub const MAX_ROWS: usize = 40;
/// Rows shown at each end of an elided box rendering.
pub const EDGE_ROWS: usize = 20;
/// Width of the box rendering for files and when the host gives none, so that piped output is
/// the same on every machine.
pub const DEFAULT_WIDTH: u16 = crate::host::DEFAULT_PAGE_WIDTH;

/// `1 row`, `2 rows`, `1,234 rows`: the count grouped, the noun agreeing with it.
fn plural(n: usize, one: &str, many: &str) -> String {
    let count = group_thousands(&n.to_string());
    if n == 1 {
        format!("{count} {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{dec, int, sample, text};
    use super::super::Table;
    use super::*;
    use unicode_width::UnicodeWidthStr;

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
    fn a_long_value_in_a_single_row_wraps_onto_a_few_lines_then_is_cut() {
        let long = "word ".repeat(200_000);
        let t = Table::new(
            vec!["id".into(), "note".into()],
            vec![vec![text("a"), text(&long)]],
        )
        .unwrap();
        let out = render_box(&t, 80);
        assert!(out.lines().count() < 30, "{} lines", out.lines().count());
        assert!(out.contains('…'), "{out}");
        assert!(out.lines().all(|l| l.width() <= 80), "{out}");
        let short = Table::new(
            vec!["id".into(), "note".into()],
            vec![vec![text("a"), text(&"word ".repeat(30))]],
        )
        .unwrap();
        let out = render_box(&short, 80);
        assert!(
            !out.contains('…'),
            "a value of two lines is wrapped whole: {out}"
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
        let typ = typst(&t);
        assert!(typ.contains("table.header([a|b], [x]),"), "{typ}");
        assert!(typ.contains("[R&D\\_50%], [1,234.5],"), "{typ}");
        let specials = Table::new(
            vec!["note".into()],
            vec![
                vec![text("#let x = $5 [a] *b* <l> @r // c ~ 'q' \"d\" \\")],
                vec![text("1. first\n- second...")],
                vec![text("-1,234.5 and 3.5 a.b")],
            ],
        )
        .unwrap();
        let typ = typst(&specials);
        assert!(typ.contains("  align: (left,),\n"), "{typ}");
        assert!(
            typ.contains(r#"[\#let x \= \$5 \[a\] \*b\* \<l\> \@r \/\/ c \~ \'q\' \"d\" \\],"#),
            "{typ}"
        );
        assert!(typ.contains(r"[1\. first\ \- second\.\.\.],"), "{typ}");
        assert!(typ.contains(r"[\-1,234.5 and 3.5 a.b],"), "{typ}");
    }
}
