//! Where a dataset figure comes from: the row that holds it (found by its id), the article's
//! references that row cites, and the hedge (`about`, `over`, `up to`, …) on the figure.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::fields::{ARTICLE, QUALIFIERS, REFERENCES};
use super::{Cell, Dataset};

/// One source behind a figure: a numbered reference of the article (with its URL), the
/// article itself, a named reporter, or a free text (the FX table's releases).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceRef {
    /// The article's reference number (`[1]`), when it is one.
    pub number: Option<usize>,
    /// The URL of a numbered reference, or the description of any other source.
    pub text: String,
}

impl SourceRef {
    /// A numbered reference of the article, if `number` is one.
    pub fn reference(number: usize) -> Option<SourceRef> {
        let url = REFERENCES.get(number.checked_sub(1)?)?;
        Some(SourceRef {
            number: Some(number),
            text: url.to_string(),
        })
    }

    pub fn other(text: impl Into<String>) -> SourceRef {
        SourceRef {
            number: None,
            text: text.into(),
        }
    }

    /// `[1]` for a numbered reference, else the text (`article: …`).
    pub fn short(&self) -> String {
        match self.number {
            Some(n) => format!("[{n}]"),
            None if self.text.starts_with("article") => "article".into(),
            None => self.text.clone(),
        }
    }

    /// `[1] https://…` or the text itself: a footnote.
    pub fn footnote(&self) -> String {
        match self.number {
            Some(n) => format!("[{n}] {}", self.text),
            None => self.text.clone(),
        }
    }

    /// The URL of a numbered reference.
    pub fn url(&self) -> Option<&str> {
        self.number.map(|_| self.text.as_str())
    }
}

/// A hedge on a figure: the article's word and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hedge {
    pub word: String,
    pub meaning: String,
}

/// The dataset and row whose `id` cell is `id`, the first found (see `find_rows`).
pub fn find_row(id: &str) -> Option<(&'static Dataset, usize)> {
    find_rows(id).into_iter().next()
}

/// Every dataset row whose `id` cell is `id`: ids are unique within a dataset, not across
/// them (`openai-2024-10` is a funding round and a SoftBank deal).
pub fn find_rows(id: &str) -> Vec<(&'static Dataset, usize)> {
    static INDEX: OnceLock<HashMap<String, Vec<(usize, usize)>>> = OnceLock::new();
    let all = super::all();
    let index = INDEX.get_or_init(|| {
        let mut index: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (d, dataset) in all.iter().enumerate() {
            let Some(at) = dataset.column_index("id") else {
                continue;
            };
            for (r, row) in dataset.rows.iter().enumerate() {
                if let Cell::Text(t) = &row[at] {
                    index.entry(t.clone()).or_default().push((d, r));
                }
            }
        }
        index
    });
    index
        .get(id)
        .map(|rows| rows.iter().map(|&(d, r)| (&all[d], r)).collect())
        .unwrap_or_default()
}

fn text_cell<'a>(dataset: &'a Dataset, row: usize, column: &str) -> Option<&'a str> {
    match dataset.cell(row, column)? {
        Cell::Text(t) if !t.trim().is_empty() => Some(t.as_str()),
        _ => None,
    }
}

/// The sources row `row` cites: its `source` cell (reference numbers `1;3`, `article`, or a
/// release's description) and its `reported_by`.
pub fn row_sources(dataset: &Dataset, row: usize) -> Vec<SourceRef> {
    let mut sources = Vec::new();
    if let Some(cited) = text_cell(dataset, row, "source") {
        for part in cited.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match part.parse::<usize>().ok().and_then(SourceRef::reference) {
                Some(reference) => sources.push(reference),
                None if part == "article" => sources.push(SourceRef::other(ARTICLE)),
                None => sources.push(SourceRef::other(format!("{}: {part}", dataset.name))),
            }
        }
    }
    if let Some(reporter) = text_cell(dataset, row, "reported_by") {
        sources.push(SourceRef::other(format!("reported by: {reporter}")));
    }
    sources
}

/// The row's main figure: its amount, or its value or change where it has no amount column.
fn main_figure(dataset: &Dataset) -> Option<&'static str> {
    ["amount", "value", "change"]
        .into_iter()
        .find(|c| dataset.column_index(c).is_some())
}

/// The hedge on `column` of row `row`: its own `<column>_qualifier` when the dataset has one,
/// else the row's `qualifier` when `column` is the main figure (or, for a row without one, its
/// date or count, as the data files define it).
pub fn hedge(dataset: &Dataset, row: usize, column: &str) -> Option<Hedge> {
    let own = format!("{column}_qualifier");
    let word = if dataset.column_index(&own).is_some() {
        text_cell(dataset, row, &own)?
    } else {
        let main = main_figure(dataset);
        let main_is_empty = main.is_none_or(|m| matches!(dataset.cell(row, m), Some(Cell::Empty)));
        let applies = Some(column) == main || (main_is_empty && matches!(column, "date" | "count"));
        if !applies {
            return None;
        }
        text_cell(dataset, row, "qualifier")?
    };
    let meaning = QUALIFIERS
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, m)| m.to_string())
        .unwrap_or_default();
    Some(Hedge {
        word: word.to_string(),
        meaning,
    })
}

/// Every hedge of a row, by column: what `explain` of a whole row warns about.
pub fn row_hedges(dataset: &Dataset, row: usize) -> Vec<(String, Hedge)> {
    dataset
        .columns
        .iter()
        .filter(|c| !c.name.ends_with("qualifier"))
        .filter_map(|c| Some((c.name.clone(), hedge(dataset, row, &c.name)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_is_found_by_id_with_its_numbered_references() {
        let (dataset, row) = find_row("pledge-2024").unwrap();
        assert_eq!(dataset.name, "pledges");
        let sources = row_sources(dataset, row);
        let numbers: Vec<_> = sources.iter().filter_map(|s| s.number).collect();
        assert_eq!(numbers, vec![1, 3, 4]);
        assert!(sources[0]
            .text
            .starts_with("https://www.cnbc.com/2024/12/16/"));
        assert!(find_row("no-such-row").is_none());
        let both: Vec<&str> = find_rows("openai-2024-10")
            .iter()
            .map(|(d, _)| d.name.as_str())
            .collect();
        assert!(
            both.len() >= 2 && both.contains(&"funding_rounds"),
            "{both:?}"
        );
    }

    #[test]
    fn hedges_follow_their_columns() {
        let (deals, yahoo) = find_row("yahoo-1996").unwrap();
        assert_eq!(hedge(deals, yahoo, "amount").unwrap().word, "about");
        assert_eq!(hedge(deals, yahoo, "stake").unwrap().word, "about");
        assert_eq!(hedge(deals, yahoo, "count"), None);
        assert_eq!(hedge(deals, yahoo, "value_later"), None);
        let (totals, largest) = find_row("us-2024-largest-round").unwrap();
        assert_eq!(hedge(totals, largest, "amount").unwrap().word, "up to");
        let (_, startups) = find_row("us-2024-startups-over-100m").unwrap();
        assert_eq!(hedge(totals, startups, "count").unwrap().word, "over");
    }

    #[test]
    fn article_rows_cite_the_article() {
        let (dataset, row) = find_row("nvidia-2019")
            .or_else(|| find_row("yahoo-1996"))
            .unwrap();
        let sources = row_sources(dataset, row);
        assert!(
            sources.iter().any(|s| s.short() == "article"),
            "{sources:?}"
        );
    }
}
