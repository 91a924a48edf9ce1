//! What a notebook shows for a value: `text/plain` exactly as the prompt shows it, `text/html`
//! for tables (the engine's HTML table: numbers right-aligned, money with its code, the row
//! count), records, lists and explanations (sources as links), `application/json` with every
//! digit (decimals as strings: a JSON number becomes a binary float in a saved notebook), and a
//! chart as `image/svg+xml`.

use rhai::{Array, Dynamic, Map};
use serde_json::{json, Value};
use whatif_engine::formats::Format;
use whatif_engine::table::chart::Chart;
use whatif_engine::text::Document;
use whatif_engine::value;
use whatif_engine::Session;

/// Scoped to whatif's own output, so a notebook's other cells keep their look.
const STYLE: &str = "<style>\
.whatif table { border-collapse: collapse; font-size: 13px; }\
.whatif th, .whatif td { border: 1px solid #d0d7de; padding: 4px 10px; }\
.whatif th { text-align: left; }\
.whatif td.num, .whatif th.num { text-align: right; font-variant-numeric: tabular-nums; }\
.whatif p.rows { color: #57606a; font-size: 12px; margin: 4px 0; }\
</style>";

/// The media of a value whose prompt text is `text`.
pub fn bundle(session: &Session, value: &Dynamic, text: &str) -> Value {
    let mut data = text_bundle(text);
    let json = session.within(|| value::to_json(value));
    if let Ok(parsed) = serde_json::from_str::<Value>(&numbers_as_strings(&json)) {
        data["application/json"] = parsed;
    }
    if let Some(chart) = value.read_lock::<Chart>() {
        if let Ok(svg) = session.within(|| chart.svg()) {
            data["image/svg+xml"] = json!(svg);
        }
    } else if let Some(html) = session.within(|| html(value, session.host().page_width)) {
        data["text/html"] = json!(format!("{STYLE}<div class=\"whatif\">{html}</div>"));
    }
    data
}

/// Text alone (help pages, `:vars`, a value shown by a `:command`).
pub fn text_bundle(text: &str) -> Value {
    json!({ "text/plain": text })
}

/// Text a `:command` showed (`:explain`): as it is, and in HTML with its sources as links
/// when it names any.
pub fn shown_bundle(text: &str) -> Value {
    let mut data = text_bundle(text);
    if text.contains("://") {
        data["text/html"] = json!(format!("<pre>{}</pre>", linked(text)));
    }
    data
}

/// HTML for a table (or an array of maps), an explanation, a record or a list; `None` for a
/// plain value, whose text says it all.
fn html(value: &Dynamic, width: u16) -> Option<String> {
    if value::as_table(value).is_some() {
        let page = value::render(value, Format::named("html")?, width)?;
        return table_fragment(&page);
    }
    if let Some(document) = value.read_lock::<Document>() {
        return Some(format!("<pre>{}</pre>", linked(&document.text)));
    }
    if let Some(map) = value.read_lock::<Map>() {
        let rows: String = map
            .iter()
            .map(|(key, item)| format!("<tr><th>{}</th>{}</tr>", escape(key), cell(item)))
            .collect();
        return Some(format!("<table>{rows}</table>"));
    }
    if let Some(array) = value.read_lock::<Array>() {
        if array.is_empty() {
            return None;
        }
        let head: String = (0..array.len())
            .map(|i| format!("<th class=\"num\">{i}</th>"))
            .collect();
        let cells: String = array.iter().map(cell).collect();
        return Some(format!("<table><tr>{head}</tr><tr>{cells}</tr></table>"));
    }
    None
}

/// One value as a table cell: numbers and money right-aligned, at the display digits.
fn cell(item: &Dynamic) -> String {
    let text = whatif_engine::table::cell::display_text(item);
    let numeric = whatif_engine::table::cell::number(item).is_some()
        || item.is::<whatif_core::money::Money>();
    let class = if numeric { " class=\"num\"" } else { "" };
    format!("<td{class}>{}</td>", escape(&text))
}

/// The `<table>` and the row count of the engine's HTML page, without the page around them.
fn table_fragment(page: &str) -> Option<String> {
    let start = page.find("<table>")?;
    let end = page.rfind("</p>")? + "</p>".len();
    (start < end).then(|| page[start..end].to_string())
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Escaped text whose web addresses are links.
pub fn linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = [rest.find("http://"), rest.find("https://")]
        .into_iter()
        .flatten()
        .min()
    {
        out.push_str(&escape(&rest[..at]));
        let len = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"'))
            .unwrap_or(rest.len() - at);
        let url = escape(&rest[at..at + len]);
        out.push_str(&format!(
            "<a href=\"{url}\" target=\"_blank\" rel=\"noopener\">{url}</a>"
        ));
        rest = &rest[at + len..];
    }
    out.push_str(&escape(rest));
    out
}

/// The same JSON with every number as a string of its exact digits (`0.1` becomes `"0.1"`), so
/// no reader turns it into a binary float; strings, `true`, `false` and `null` are untouched.
pub fn numbers_as_strings(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    let mut chars = json.char_indices().peekable();
    let mut in_string = false;
    while let Some((at, c)) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if c == '-' || c.is_ascii_digit() {
            let mut end = at + c.len_utf8();
            while let Some(&(i, d)) = chars.peek() {
                if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '+' | '-') {
                    end = i + 1;
                    chars.next();
                } else {
                    break;
                }
            }
            out.push('"');
            out.push_str(&json[at..end]);
            out.push('"');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_numbers_become_exact_strings() {
        assert_eq!(
            numbers_as_strings(r#"{"a":1234567890123456789.0123456789,"b":[-2,3e5],"c":"x 1\"2"}"#),
            r#"{"a":"1234567890123456789.0123456789","b":["-2","3e5"],"c":"x 1\"2"}"#
        );
        assert_eq!(
            numbers_as_strings(r#"{"amount":11424259285.019,"currency":"USD"}"#),
            r#"{"amount":"11424259285.019","currency":"USD"}"#
        );
        assert_eq!(numbers_as_strings("[true,null,false]"), "[true,null,false]");
    }

    #[test]
    fn addresses_become_links_and_the_rest_is_escaped() {
        assert_eq!(
            linked("[1] https://example.org/a?b=1 <x>"),
            "[1] <a href=\"https://example.org/a?b=1\" target=\"_blank\" rel=\"noopener\">\
             https://example.org/a?b=1</a> &lt;x&gt;"
        );
    }
}
