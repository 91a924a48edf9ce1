//! Dates in loaded files (CSV, JSON, workbooks): ISO dates (`2024-03-31`, `2024-03`) are date
//! values; `#{dates: #{"Close Date": "%d/%m/%Y"}}` reads a column written another way; and a
//! column whose cells look like dates written in another form, or in more than one, stays text
//! with a note naming the lines of each form and the option that reads them (text dates sort
//! and compare as text: `31/03/2024` after `2024-06-30`).

use rhai::{Dynamic, Map};
use whatif_core::dates::Date;

use super::super::cell::{iso_date, Field};
use super::super::{TableError, TableResult};

/// How many lines of each form a note names.
const SHOWN: usize = 3;

/// The form of a cell that looks like a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    /// `2024-03-31` or `2024-03`: read as a date.
    Iso,
    /// `31/03/2024` or `03/31/2024` (`/`, `.` or `-` between the parts).
    DayMonthYear(u8),
    /// `2024/03/31`, `2024.03.31`.
    YearFirst(u8),
}

impl Form {
    /// The form of `field`, if it looks like a date.
    pub(crate) fn of(field: &str) -> Option<Form> {
        let field = field.trim();
        if iso_date(field).is_some() {
            return Some(Form::Iso);
        }
        let sep = *field
            .as_bytes()
            .iter()
            .find(|b| matches!(b, b'/' | b'.' | b'-'))?;
        let parts: Vec<&str> = field.split(sep as char).collect();
        let digits = |p: &str, lens: &[usize]| {
            lens.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
        };
        match parts.as_slice() {
            [d, m, y] if digits(d, &[1, 2]) && digits(m, &[1, 2]) && digits(y, &[4]) => {
                Some(Form::DayMonthYear(sep))
            }
            // With dashes, only ISO itself (`2024-13-01` is no date at all).
            [y, m, d]
                if sep != b'-' && digits(y, &[4]) && digits(m, &[1, 2]) && digits(d, &[1, 2]) =>
            {
                Some(Form::YearFirst(sep))
            }
            _ => None,
        }
    }

    /// The form as a reader writes it, and the format that reads it (`%d/%m/%Y`), given the
    /// cells seen: a first part over 12 is a day, a second part over 12 a month first.
    fn describe(&self, examples: &[String]) -> (String, String) {
        match *self {
            Form::Iso => ("YYYY-MM-DD".into(), "%Y-%m-%d".into()),
            Form::YearFirst(sep) => {
                let s = sep as char;
                (format!("YYYY{s}MM{s}DD"), format!("%Y{s}%m{s}%d"))
            }
            Form::DayMonthYear(sep) => {
                let s = sep as char;
                let part = |e: &String, i: usize| -> u32 {
                    e.split(s).nth(i).and_then(|p| p.parse().ok()).unwrap_or(0)
                };
                let day_first = examples.iter().any(|e| part(e, 0) > 12);
                let month_first = examples.iter().any(|e| part(e, 1) > 12);
                let dmy = format!("%d{s}%m{s}%Y");
                let mdy = format!("%m{s}%d{s}%Y");
                match (day_first, month_first) {
                    (true, false) => (format!("DD{s}MM{s}YYYY"), dmy),
                    (false, true) => (format!("MM{s}DD{s}YYYY"), mdy),
                    _ => (
                        format!("DD{s}MM{s}YYYY or MM{s}DD{s}YYYY"),
                        format!("{dmy}\" (day first) or \"{mdy}"),
                    ),
                }
            }
        }
    }
}

/// A form seen in a column, with its first cells (line, text).
type Seen = (Form, Vec<(u64, String)>);

/// Per column, the date forms its cells were seen in: the form, its first lines and cells.
#[derive(Default)]
pub(crate) struct Forms {
    seen: Vec<Vec<Seen>>,
}

impl Forms {
    pub(crate) fn new(columns: usize) -> Forms {
        Forms {
            seen: vec![Vec::new(); columns],
        }
    }

    /// Notes the form of a cell of column `c` read as `value` (ISO dates) or kept as text;
    /// true when the cell has a date's form.
    pub(crate) fn record(&mut self, c: usize, value: &Field, field: &str, line: u64) -> bool {
        let form = match value {
            Field::Date(_) => Form::Iso,
            Field::Text => match Form::of(field) {
                Some(form) => form,
                None => return false,
            },
            _ => return false,
        };
        self.record_form(c, form, field, line);
        true
    }

    /// Adds the forms a later piece of the file noted: as if its cells had been noted here.
    pub(crate) fn join(&mut self, later: Forms) {
        for (c, forms) in later.seen.into_iter().enumerate() {
            for (form, cells) in forms {
                for (line, text) in cells {
                    self.record_form(c, form, &text, line);
                }
            }
        }
    }

    /// Whether `forget_first_iso` can take back the first ISO date noted in column `c`
    /// exactly: not when the dates after it were not kept for lack of room.
    pub(crate) fn can_forget_first_iso(&self, c: usize) -> bool {
        self.seen[c]
            .iter()
            .find(|(f, _)| *f == Form::Iso)
            .is_some_and(|(_, cells)| cells.len() < SHOWN)
    }

    /// Takes back the first ISO date noted in column `c`.
    pub(crate) fn forget_first_iso(&mut self, c: usize) {
        if let Some(at) = self.seen[c].iter().position(|(f, _)| *f == Form::Iso) {
            self.seen[c][at].1.remove(0);
            if self.seen[c][at].1.is_empty() {
                self.seen[c].remove(at);
            }
        }
    }

    fn record_form(&mut self, c: usize, form: Form, field: &str, line: u64) {
        let forms = &mut self.seen[c];
        // Past the lines a note shows, nothing to keep (a million dates come through here).
        if let Some((_, lines)) = forms.iter().find(|(f, _)| *f == form) {
            if lines.len() >= SHOWN {
                return;
            }
        }
        match forms.iter_mut().find(|(f, _)| *f == form) {
            Some((_, lines)) if lines.len() < SHOWN => lines.push((line, field.trim().into())),
            Some(_) => {}
            None => forms.push((form, vec![(line, field.trim().into())])),
        }
    }

    /// One note per column holding dates written in a form other than ISO: they stay text,
    /// each form with its first lines, and the option that reads them.
    pub(crate) fn tell(&self, columns: &[String], name: &str, place: &str) {
        for (column, forms) in columns.iter().zip(&self.seen) {
            if forms.iter().all(|(f, _)| *f == Form::Iso) {
                continue;
            }
            let described: Vec<(String, String, String)> = forms
                .iter()
                .map(|(form, cells)| {
                    let texts: Vec<String> = cells.iter().map(|(_, t)| t.clone()).collect();
                    let (how, format) = form.describe(&texts);
                    let lines: Vec<String> = cells.iter().map(|(l, _)| l.to_string()).collect();
                    let first = &cells[0].1;
                    let plural = if lines.len() > 1 { "s" } else { "" };
                    let at = format!("{place}{plural} {}: {first:?}", lines.join(", "));
                    (how, format, at)
                })
                .collect();
            let other = described
                .iter()
                .find(|(_, format, _)| format != "%Y-%m-%d")
                .map_or("%d/%m/%Y".to_string(), |(_, format, _)| format.clone());
            let fix =
                format!("load with #{{dates: #{{{column:?}: \"{other}\"}}}} to read them as dates");
            let message = if described.len() == 1 {
                let (how, _, at) = &described[0];
                format!(
                    "{name}: column {column:?} has dates written {how} ({at}), kept as text, \
                     which sorts and compares them as text; {fix}"
                )
            } else {
                let each: Vec<String> = described
                    .iter()
                    .map(|(how, _, at)| format!("{how} ({at})"))
                    .collect();
                format!(
                    "{name}: column {column:?} has dates written in {} forms, kept as text, \
                     which sorts and compares them as text: {}; {fix} (ISO dates read in any \
                     case)",
                    described.len(),
                    each.join("; ")
                )
            };
            crate::host::note(&message);
        }
    }
}

/// The `dates` option: column names to strftime formats (`#{"Close Date": "%d/%m/%Y"}`).
pub(crate) fn date_formats(value: &Dynamic, function: &str) -> TableResult<Vec<(String, String)>> {
    let bad = || {
        TableError::new(format!(
            "{function}: the dates option maps columns to the format their dates are written \
             in, e.g. #{{dates: #{{\"Close Date\": \"%d/%m/%Y\"}}}} (%d day, %m month, %Y \
             year), not {}",
            super::super::value_text(value)
        ))
    };
    let map = value.read_lock::<Map>().ok_or_else(bad)?;
    map.iter()
        .map(|(column, format)| {
            let format = format.clone().into_string().map_err(|_| bad())?;
            if !format.contains('%') {
                return Err(bad());
            }
            Ok((column.to_string(), format))
        })
        .collect()
}

/// The format given for each of `columns`; an unknown column is an error with did-you-mean.
pub(crate) fn formats_of(
    formats: &[(String, String)],
    columns: &[String],
    name: &str,
) -> TableResult<Vec<Option<String>>> {
    let mut out = vec![None; columns.len()];
    for (wanted, format) in formats {
        let at = columns.iter().position(|c| c == wanted).ok_or_else(|| {
            TableError::new(format!(
                "{name}: the dates option names {}",
                super::super::row::unknown_column(wanted, columns).0
            ))
        })?;
        out[at] = Some(format.clone());
    }
    Ok(out)
}

/// A field of a column given a format: empty, an ISO date, or a date in `format`; anything
/// else is an error naming the cell and the format.
pub(crate) fn read_in(field: &str, format: &str) -> Result<Field, String> {
    let trimmed = field.trim();
    if trimmed.is_empty() {
        return Ok(Field::Empty);
    }
    if let Some(date) = iso_date(trimmed) {
        return Ok(Field::Date(date));
    }
    Date::parse_with(trimmed, format)
        .map(Field::Date)
        .map_err(|_| {
            format!(
                "{trimmed:?} is not a date in the form {format:?} the dates option gives; \
                 correct the cell or the format"
            )
        })
}

/// Dates in a table read as rows (JSON, workbooks): a column given a format reads its text
/// cells in it (an error names the cell's `place` and line); a column whose every non-empty
/// cell is an ISO date's text becomes dates; other date-like text stays text, with the note.
/// `keep` marks the columns kept as text.
pub(crate) fn type_rows(
    columns: &[String],
    rows: &mut [Vec<Dynamic>],
    lines: &[u64],
    formats: &[Option<String>],
    keep: &[bool],
    (name, place): (&str, &str),
) -> TableResult<()> {
    let mut forms = Forms::new(columns.len());
    for c in 0..columns.len() {
        if keep.get(c).copied().unwrap_or(false) {
            continue;
        }
        let line = |i: usize| lines.get(i).copied().unwrap_or(i as u64 + 1);
        if let Some(format) = &formats[c] {
            for (i, row) in rows.iter_mut().enumerate() {
                let Ok(text) = row[c].as_immutable_string_ref().map(|t| t.to_string()) else {
                    continue;
                };
                row[c] = match read_in(&text, format) {
                    Ok(Field::Date(d)) => Dynamic::from(d),
                    Ok(_) => Dynamic::UNIT,
                    Err(why) => {
                        return Err(TableError::new(format!(
                            "{name}: {place} {}, column {:?}: {why}",
                            line(i),
                            columns[c]
                        )))
                    }
                };
            }
            continue;
        }
        let mut all_iso = true;
        let mut any = false;
        for (i, row) in rows.iter().enumerate() {
            let cell = &row[c];
            if cell.is_unit() || cell.is::<Date>() {
                continue;
            }
            match cell.as_immutable_string_ref() {
                Ok(text) if text.trim().is_empty() => {}
                // A year's text beside ISO months and days (as whatif saves the datasets)
                // is a year.
                Ok(text) if is_year_text(&text) => {}
                Ok(text) => {
                    let form = Form::of(&text);
                    any |= form == Some(Form::Iso);
                    all_iso &= form == Some(Form::Iso);
                    if let Some(form) = form {
                        forms.record_form(c, form, &text, line(i));
                    }
                }
                Err(_) => all_iso = false,
            }
        }
        if all_iso && any {
            for row in rows.iter_mut() {
                let date = row[c].as_immutable_string_ref().ok().and_then(|t| {
                    let t = t.trim();
                    iso_date(t).or_else(|| is_year_text(t).then(|| Date::parse(t).ok())?)
                });
                if let Some(date) = date {
                    row[c] = Dynamic::from(date);
                }
            }
        }
    }
    forms.tell(columns, name, place);
    Ok(())
}

fn is_year_text(text: &str) -> bool {
    let text = text.trim();
    text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) && !text.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_of_date_like_cells() {
        assert_eq!(Form::of("2024-03-31"), Some(Form::Iso));
        assert_eq!(Form::of("2024-03"), Some(Form::Iso));
        assert_eq!(Form::of("31/03/2024"), Some(Form::DayMonthYear(b'/')));
        assert_eq!(Form::of("1.3.2024"), Some(Form::DayMonthYear(b'.')));
        assert_eq!(Form::of("2024/03/31"), Some(Form::YearFirst(b'/')));
        for not in ["2024", "12/2024", "1/2/3", "abc", "2024-13-01", "3.14"] {
            assert_eq!(Form::of(not), None, "{not}");
        }
    }

    #[test]
    fn a_form_names_its_format_from_the_cells_seen() {
        let form = Form::DayMonthYear(b'/');
        let cells = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(form.describe(&cells(&["31/03/2024"])).1, "%d/%m/%Y");
        assert_eq!(form.describe(&cells(&["03/31/2024"])).1, "%m/%d/%Y");
        assert!(form.describe(&cells(&["03/04/2024"])).0.contains(" or "));
    }

    #[test]
    fn a_formatted_column_reads_its_format_and_iso_and_refuses_the_rest() {
        assert_eq!(
            read_in("31/03/2024", "%d/%m/%Y"),
            Ok(Field::Date(Date::parse("2024-03-31").unwrap()))
        );
        assert_eq!(
            read_in("2024-03-31", "%d/%m/%Y"),
            Ok(Field::Date(Date::parse("2024-03-31").unwrap()))
        );
        assert_eq!(read_in(" ", "%d/%m/%Y"), Ok(Field::Empty));
        let why = read_in("03/31/2024", "%d/%m/%Y").unwrap_err();
        assert!(
            why.contains("\"03/31/2024\"") && why.contains("%d/%m/%Y"),
            "{why}"
        );
    }
}
