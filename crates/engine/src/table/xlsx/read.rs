//! Reading a sheet with `calamine` into a table: which sheet (the first worksheet holding
//! data unless named), where its table is (`header`, `skip`, `range`; blank rows and columns
//! around it dropped, blank rows inside it skipped), its column names, each cell (`cells`),
//! each row's origin (`Deals!B7`), money that whatif recorded, and one note per thing done.

use std::io::Cursor;
use std::rc::Rc;

use calamine::{Data, Range, Reader, SheetType, Xlsx};
use whatif_core::money::{CurrencyCode, Money};

use super::super::layout::{column_names, Names};
use super::super::{io, money, Origin, SheetOrigin, Table, TableError, TableResult};
use super::cells::{header_text, is_blank, read_cell, ErrorValues, Seen};
use super::{cell_name, column_letters, MONEY_SHEET, ONE_CURRENCY};

/// Choices for reading a sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet to read; the first worksheet holding data when `None`.
    pub sheet: Option<String>,
    /// Columns kept as text even where they look like numbers (codes, identifiers).
    pub text: Vec<String>,
    /// `#{amount: "currency"}`: columns made money after reading, each with the column
    /// holding its code or a fixed code (as `load_csv`); columns whatif recorded as money
    /// are money without it.
    pub money: Vec<(String, String)>,
    /// The header's row number as Excel shows it (1 is the sheet's first row).
    pub header: Option<usize>,
    /// Rows skipped from the top of the table's area before the header.
    pub skip: usize,
    /// Only this Excel range (`B3:H40`), its first row the header.
    pub range: Option<String>,
    /// What to do with empty or repeated header names.
    pub names: Names,
    /// What to do with error cells (`#N/A`, `#DIV/0!`).
    pub errors: ErrorValues,
    /// `#{dates: #{"Close Date": "%d/%m/%Y"}}`: text columns of dates in another form.
    pub dates: Vec<(String, String)>,
}

/// Where the table is: zero-based sheet rows and columns, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Area {
    header: u32,
    last_row: u32,
    first_col: u32,
    last_col: u32,
}

fn open(path: &str) -> TableResult<Xlsx<Cursor<Vec<u8>>>> {
    open_bytes(path, io::read_bytes(path)?)
}

fn open_bytes(path: &str, bytes: Vec<u8>) -> TableResult<Xlsx<Cursor<Vec<u8>>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| TableError::new(format!("cannot read {path:?}: {}", not_a_workbook(&e))))
}

/// Why a file is not a workbook, in whatif's words rather than the zip or XML reader's.
fn not_a_workbook(error: &calamine::XlsxError) -> String {
    use calamine::XlsxError as E;
    match error {
        E::Zip(_) => {
            "it is not an xlsx workbook (not a zip archive; an .xls or .csv renamed?)".to_string()
        }
        E::Xml(_) | E::XmlAttr(_) => {
            "it is not a valid xlsx workbook (its XML is damaged)".to_string()
        }
        E::FileNotFound(part) => format!("it is not a complete xlsx workbook ({part} is missing)"),
        E::Password => "the workbook is password-protected; save an unprotected copy".to_string(),
        other => format!("it is not a workbook whatif can read ({other})"),
    }
}

/// Whether a worksheet of the workbook may hold a formula (`<f>` in its XML, with or without a
/// prefix): most exports hold none, and then the second pass over the sheet that finds
/// formula cells is spared. Anything unexpected answers yes, so that pass decides.
pub(super) fn may_have_formulas(bytes: &[u8]) -> bool {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return true;
    };
    for i in 0..archive.len() {
        let Ok(mut file) = archive.by_index(i) else {
            return true;
        };
        let name = file.name();
        if !(name.starts_with("xl/worksheets/") && name.ends_with(".xml")) {
            continue;
        }
        if holds_formula_tag(&mut file).unwrap_or(true) {
            return true;
        }
    }
    false
}

/// Whether `xml` holds `<f>`/`<f ` or a prefixed `:f>`/`:f `, read in pieces (a sheet's XML
/// is tens of megabytes) and found by a vector search, not a byte-by-byte window.
pub(super) fn holds_formula_tag(xml: &mut impl std::io::Read) -> std::io::Result<bool> {
    let mut buffer = vec![0u8; 1 << 16];
    // The last two bytes of a piece are read again with the next, so a tag split between
    // pieces is still seen whole.
    let mut carried = 0;
    loop {
        let n = xml.read(&mut buffer[carried..])?;
        if n == 0 {
            return Ok(false);
        }
        let end = carried + n;
        let piece = &buffer[..end];
        let tag_at = |i: usize| matches!(piece.get(i + 2), Some(b'>' | b' '));
        if memchr::memmem::find_iter(piece, b"<f").any(tag_at)
            || memchr::memmem::find_iter(piece, b":f").any(tag_at)
        {
            return Ok(true);
        }
        carried = end.min(2);
        buffer.copy_within(end - carried..end, 0);
    }
}

/// `B3:H40` (or `$B$3:$H$40`) as zero-based ((row, column), (row, column)).
pub(super) fn parse_range(text: &str) -> Option<((u32, u32), (u32, u32))> {
    let cell = |s: &str| -> Option<(u32, u32)> {
        let s = s.trim().replace('$', "");
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        let col = letters
            .to_ascii_uppercase()
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
        let row: u32 = digits.parse().ok()?;
        ((1..=1_048_576).contains(&row) && col <= 16_384).then_some((row - 1, col - 1))
    };
    let (a, b) = text.split_once(':')?;
    let (a, b) = (cell(a)?, cell(b)?);
    Some(((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))))
}

/// The `A1:H40` text of a range's used cells, `""` when it has none.
fn used_text(range: &Range<Data>) -> String {
    match (range.start(), range.end()) {
        (Some(s), Some(e)) if !range.is_empty() => format!(
            "{}:{}",
            cell_name(s.0, s.1 as usize),
            cell_name(e.0, e.1 as usize)
        ),
        _ => String::new(),
    }
}

/// The sheet to read and its cells: the named one, or the first worksheet holding data (not
/// a chart sheet, not an empty sheet, not whatif's money record).
fn pick_sheet(
    workbook: &mut Xlsx<Cursor<Vec<u8>>>,
    path: &str,
    wanted: Option<&str>,
) -> TableResult<(String, Range<Data>)> {
    let sheets: Vec<(String, SheetType)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.name != MONEY_SHEET)
        .map(|s| (s.name.clone(), s.typ))
        .collect();
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    let read = |workbook: &mut Xlsx<_>, name: &str| {
        workbook
            .worksheet_range(name)
            .map_err(|e| TableError::new(format!("cannot read sheet {name:?} of {path:?}: {e}")))
    };
    if let Some(wanted) = wanted {
        let Some((name, kind)) = sheets.iter().find(|(n, _)| n == wanted) else {
            return Err(TableError::new(format!(
                "{path:?} has no sheet {wanted:?}; its sheets are {}",
                names.join(", ")
            )));
        };
        if *kind != SheetType::WorkSheet {
            return Err(TableError::new(format!(
                "sheet {wanted:?} of {path:?} is a {}, not a worksheet of cells",
                kind_name(*kind)
            )));
        }
        return Ok((name.clone(), read(workbook, name)?));
    }
    for (name, kind) in &sheets {
        if *kind != SheetType::WorkSheet {
            continue;
        }
        let range = read(workbook, name)?;
        if range.used_cells().any(|(_, _, v)| !is_blank(v)) {
            return Ok((name.clone(), range));
        }
    }
    Err(TableError::new(match names.is_empty() {
        true => format!("{path:?} has no sheets"),
        false => format!(
            "{path:?} has no worksheet holding data; its sheets are {}",
            names.join(", ")
        ),
    }))
}

fn kind_name(kind: SheetType) -> &'static str {
    match kind {
        SheetType::WorkSheet => "worksheet",
        SheetType::ChartSheet => "chart sheet",
        SheetType::DialogSheet => "dialog sheet",
        SheetType::MacroSheet => "macro sheet",
        SheetType::Vba => "VBA module",
    }
}

/// The sheets of the workbook at `path`, in workbook order: name, kind, whether visible, and
/// the used range (`A1:H40`, empty for a sheet without cells), with its rows and columns.
pub fn sheets(path: &str) -> TableResult<Table> {
    let mut workbook = open(path)?;
    let metadata: Vec<calamine::Sheet> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.name != MONEY_SHEET)
        .cloned()
        .collect();
    let mut rows = Vec::new();
    for sheet in metadata {
        let (used, height, width) = match sheet.typ {
            SheetType::WorkSheet => {
                let range = workbook.worksheet_range(&sheet.name).map_err(|e| {
                    TableError::new(format!(
                        "cannot read sheet {:?} of {path:?}: {e}",
                        sheet.name
                    ))
                })?;
                let text = used_text(&range);
                let (h, w) = if text.is_empty() {
                    (0, 0)
                } else {
                    range.get_size()
                };
                (text, h as i64, w as i64)
            }
            _ => (String::new(), 0, 0),
        };
        let visible = matches!(sheet.visible, calamine::SheetVisible::Visible);
        rows.push(vec![
            rhai::Dynamic::from(sheet.name.clone()),
            rhai::Dynamic::from(kind_name(sheet.typ).to_string()),
            rhai::Dynamic::from_bool(visible),
            match used.is_empty() {
                true => rhai::Dynamic::UNIT,
                false => rhai::Dynamic::from(used),
            },
            rhai::Dynamic::from_int(height),
            rhai::Dynamic::from_int(width),
        ]);
    }
    let columns = ["sheet", "kind", "visible", "range", "rows", "columns"];
    Table::new(columns.iter().map(|c| c.to_string()).collect(), rows)
}

/// Where the table is in `range` (a sheet's used cells), by the options: `None` for a sheet
/// without cells there. Blank columns at either side and blank rows at the foot are dropped.
fn locate(range: &Range<Data>, options: &ReadOptions, sheet: &str) -> TableResult<Option<Area>> {
    let (Some(start), Some(end)) = (range.start(), range.end()) else {
        return Ok(None);
    };
    if range.is_empty() {
        return Ok(None);
    }
    let (mut top, mut bottom, mut left, mut right) = (start.0, end.0, start.1, end.1);
    if let Some(text) = &options.range {
        let Some(((r0, c0), (r1, c1))) = parse_range(text) else {
            return Err(TableError::new(format!(
                "load_xlsx: range must be an Excel range such as \"B3:H40\", not {text:?}"
            )));
        };
        if r0 > bottom || r1 < top || c0 > right || c1 < left {
            return Err(TableError::new(format!(
                "load_xlsx: the range {text} holds no cells of sheet {sheet:?}, whose cells are \
                 in {}",
                used_text(range)
            )));
        }
        (top, bottom, left, right) = (r0.max(top), r1.min(bottom), c0.max(left), c1.min(right));
    }
    let header =
        match (options.header, options.skip) {
            (Some(_), s) if s > 0 => return Err(TableError::new(
                "load_xlsx: give header (the header's row number) or skip (rows before it), not \
                 both",
            )),
            (Some(row), _) => {
                let row = row as u32 - 1;
                if row < top || row > bottom {
                    return Err(TableError::new(format!(
                        "load_xlsx: header row {} is outside the cells of sheet {sheet:?} ({}{})",
                        row + 1,
                        used_text(range),
                        match &options.range {
                            Some(r) => format!(", range {r}"),
                            None => String::new(),
                        }
                    )));
                }
                row
            }
            (None, skip) => {
                let row = top as usize + skip;
                if row > bottom as usize {
                    return Err(TableError::new(format!(
                        "load_xlsx: skipping {skip} rows leaves no header: the cells of sheet \
                     {sheet:?} are in {}",
                        used_text(range)
                    )));
                }
                row as u32
            }
        };
    let blank_at = |r: u32, c: u32| range.get_value((r, c)).is_none_or(is_blank);
    let column_blank = |c: u32| (header..=bottom).all(|r| blank_at(r, c));
    while left < right && column_blank(left) {
        left += 1;
    }
    while right > left && column_blank(right) {
        right -= 1;
    }
    let row_blank = |r: u32| (left..=right).all(|c| blank_at(r, c));
    while bottom > header && row_blank(bottom) {
        bottom -= 1;
    }
    Ok(Some(Area {
        header,
        last_row: bottom,
        first_col: left,
        last_col: right,
    }))
}

/// How the header message points at other header rows: the first row below that looks like a
/// header (every cell across its span filled, and as wide as any row near the top), if any.
fn header_hint(range: &Range<Data>, area: &Area) -> String {
    let options = "pick the header row with #{header: N} (its row number), #{skip: N} or \
                   #{range: \"B3:H40\"}";
    let Some(start) = range.start() else {
        return options.to_string();
    };
    let filled = |r: u32| -> Option<(u32, u32, usize)> {
        let cells: Vec<u32> = (area.first_col..=area.last_col)
            .filter(|&c| range.get_value((r, c)).is_some_and(|v| !is_blank(v)))
            .collect();
        let (first, last) = (*cells.first()?, *cells.last()?);
        (cells.len() as u32 == last - first + 1).then_some((first, last, cells.len()))
    };
    let near: Vec<u32> = (area.header..=area.last_row.min(area.header + 30)).collect();
    let widest = near
        .iter()
        .filter_map(|&r| filled(r))
        .map(|f| f.2)
        .max()
        .unwrap_or(0);
    let text_only = |r: u32| {
        (area.first_col..=area.last_col).all(|c| {
            range
                .get_value((r, c))
                .is_none_or(|v| is_blank(v) || matches!(v, Data::String(_)))
        })
    };
    // Holds a number, a date or a boolean: a row of data rather than titles.
    let data_like = |r: u32| {
        (area.first_col..=area.last_col).any(|c| {
            range
                .get_value((r, c))
                .is_some_and(|v| !is_blank(v) && !matches!(v, Data::String(_)))
        })
    };
    // A header: a row of text without gaps, nearly as wide as any near the top (a last
    // column of remarks may have no name), with data under it.
    let candidate = near.iter().skip(1).find(|&&r| {
        filled(r).is_some_and(|f| f.2 > 1 && f.2 * 10 >= widest * 8)
            && text_only(r)
            && r < area.last_row
            && data_like(r + 1)
    });
    match candidate {
        Some(&r) => format!(
            "if the table starts at row {} (it looks like a header), load with #{{header: {}}} \
             or #{{skip: {}}}; or {options}",
            r + 1,
            r + 1,
            r - start.0
        ),
        None => options.to_string(),
    }
}

/// Reads one sheet of the workbook at `path` into a table (see the module's summary). Errors
/// name the sheet and the cell (`Sheet1!C7`).
pub fn load(path: &str, options: &ReadOptions) -> TableResult<Table> {
    let bytes = io::read_bytes(path)?;
    // The look for formulas inflates the sheets a second time: it runs beside the reading of
    // the cells, on another core, rather than before it.
    let scanned = bytes.clone();
    let look = std::thread::Builder::new()
        .name("xlsx-formulas".into())
        .spawn(move || may_have_formulas(&scanned));
    let mut workbook = open_bytes(path, bytes)?;
    let picked = pick_sheet(&mut workbook, path, options.sheet.as_deref());
    let formulas_possible = match look {
        Ok(handle) => handle.join().unwrap_or(true),
        Err(_) => true,
    };
    let (sheet, range) = picked?;
    let Some(area) = locate(&range, options, &sheet)? else {
        return Table::new(Vec::new(), Vec::new());
    };
    let place = |r: u32, c: u32| format!("{sheet}!{}", cell_name(r, c as usize));
    // Formula cells: counted for the note, and their text results decoded (see `cells`).
    let formulas = match formulas_possible {
        true => workbook.worksheet_formula(&sheet).unwrap_or_default(),
        false => Range::default(),
    };
    let is_formula = |r: u32, c: u32| formulas.get_value((r, c)).is_some_and(|f| !f.is_empty());
    let header: Vec<String> = (area.first_col..=area.last_col)
        .map(|c| {
            range
                .get_value((area.header, c))
                .map_or(String::new(), |v| {
                    header_text(v, is_formula(area.header, c))
                })
        })
        .collect();
    let hint = header_hint(&range, &area);
    let (columns, renamed) = column_names(
        &header,
        options.names,
        &|i| place(area.header, area.first_col + i as u32),
        &hint,
    )
    .map_err(|e| TableError::new(format!("{path}: {e}")))?;
    for wanted in &options.text {
        if !columns.contains(wanted) {
            return Err(TableError::new(format!(
                "load_xlsx: no column {wanted:?} to keep as text; the columns are {}",
                columns.join(", ")
            )));
        }
    }
    let keep_text: Vec<bool> = columns.iter().map(|c| options.text.contains(c)).collect();
    let (start_row, start_col) = range.start().unwrap_or((0, 0));
    let from = (area.first_col - start_col) as usize;
    let to = (area.last_col - start_col) as usize;
    let mut seen = Seen::default();
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut blank = Vec::new();
    let body = range
        .rows()
        .skip((area.header + 1 - start_row) as usize)
        .take((area.last_row - area.header) as usize);
    for (k, row) in body.enumerate() {
        let r = area.header + 1 + k as u32;
        let cells = &row[from..=to];
        if cells.iter().all(is_blank) {
            blank.push(r + 1);
            continue;
        }
        let mut out = Vec::with_capacity(cells.len());
        for (c, value) in cells.iter().enumerate() {
            let col = area.first_col + c as u32;
            let at = || place(r, col);
            out.push(
                read_cell(
                    value,
                    is_formula(r, col),
                    keep_text[c],
                    options.errors,
                    &at,
                    &mut seen,
                )
                .map_err(|why| TableError::new(format!("{}: {why}", at())))?,
            );
        }
        rows.push(out);
        lines.push(u64::from(r) + 1);
    }
    let formats = crate::table::load::dates::formats_of(&options.dates, &columns, path)?;
    crate::table::load::dates::type_rows(
        &columns,
        &mut rows,
        &lines,
        &formats,
        &keep_text,
        (path, "row"),
    )?;
    let formulas = formula_cells(&formulas, &area);
    let mut table = Table::new(columns.clone(), rows)
        .map_err(|e| TableError::new(format!("sheet {sheet:?}: {e}")))?
        .into_typed()
        .with_origin(Origin {
            file: path.to_string(),
            lines: lines.into(),
            sheet: Some(Rc::new(SheetOrigin {
                name: sheet.clone(),
                columns: columns
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (c.clone(), column_letters(area.first_col as usize + i)))
                    .collect(),
            })),
            dataset: None,
        });
    let mut added = Vec::new();
    for (column, code_column, was_added) in recorded_money(&mut workbook, &sheet) {
        let Ok(c) = table.column_index(&column) else {
            continue;
        };
        if let Some(code) = code_column.strip_prefix(ONE_CURRENCY) {
            // A column of one currency, shown by its cells' number format.
            if let Ok(code) = CurrencyCode::parse(code) {
                table = in_one_currency(&table, c, code);
            }
            continue;
        }
        if table.column_index(&code_column).is_err() {
            continue;
        }
        table = money::with_money(&table, &column, &code_column)
            .map_err(|e| TableError::new(format!("sheet {sheet:?}: {e}")))?
            .keeping_origin(&table);
        if was_added {
            added.push(code_column);
        }
    }
    for (column, currency) in &options.money {
        table = money::with_money(&table, column, currency)
            .map_err(|e| TableError::new(format!("load_xlsx: {e}")))?
            .keeping_origin(&table);
    }
    if !added.is_empty() {
        table = table.drop_columns(&added)?.keeping_origin(&table);
    }
    tell(path, &sheet, &seen, &blank, formulas, renamed);
    Ok(table)
}

/// The load's notes, once each: header names made unique, blank rows skipped, error values
/// read as empty, numbers rounded, formula cells.
fn tell(
    path: &str,
    sheet: &str,
    seen: &Seen,
    blank: &[u32],
    formulas: usize,
    renamed: Option<String>,
) {
    let list = |items: &[String]| {
        let mut text = items
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if items.len() > 10 {
            text.push_str(&format!(" and {} more", items.len() - 10));
        }
        text
    };
    if let Some(renamed) = renamed {
        crate::host::note(&format!("{path}: sheet {sheet}: {renamed}"));
    }
    if !blank.is_empty() {
        let rows: Vec<String> = blank.iter().map(u32::to_string).collect();
        let (noun, verb) = if rows.len() == 1 {
            ("row", "was")
        } else {
            ("rows", "were")
        };
        crate::host::note(&format!(
            "{path}: sheet {sheet}: blank {noun} {} inside the table {verb} skipped",
            list(&rows)
        ));
    }
    if !seen.errors.is_empty() {
        crate::host::note(&format!(
            "{path}: {} read as empty (Excel error values): {}; load with #{{errors: \"fail\"}} \
             to refuse such a sheet",
            crate::messages::count(seen.errors.len(), "cell", "cells"),
            list(&seen.errors)
        ));
    }
    if !seen.rounded.is_empty() {
        crate::host::note(&format!(
            "{path}: {} more decimal places than a decimal holds (float noise such as \
             8.9e-16), rounded to 28 places: {}",
            crate::messages::count(seen.rounded.len(), "number had", "numbers had"),
            list(&seen.rounded)
        ));
    }
    if formulas > 0 {
        crate::host::note(&format!(
            "{path}: {sheet} has {}; their values are the ones Excel last calculated",
            crate::messages::count(formulas, "formula cell", "formula cells")
        ));
    }
}

/// How many cells of `area` hold a formula (their cached values are what was read).
fn formula_cells(formulas: &Range<String>, area: &Area) -> usize {
    let (r0, c0) = formulas.start().unwrap_or((0, 0));
    formulas
        .used_cells()
        .filter(|(r, c, f)| {
            let (r, c) = (*r as u32 + r0, *c as u32 + c0);
            !f.is_empty()
                && (area.header..=area.last_row).contains(&r)
                && (area.first_col..=area.last_col).contains(&c)
        })
        .count()
}

/// `table` with the numbers of column `c` as money in `code` (whatif wrote them so).
fn in_one_currency(table: &Table, c: usize, code: CurrencyCode) -> Table {
    let rows = table
        .rows()
        .iter()
        .map(|row| {
            let mut row = row.to_vec();
            if let Some(amount) = super::super::cell::number(&row[c]) {
                row[c] = rhai::Dynamic::from(Money::new(amount, code));
            }
            row
        })
        .collect();
    table
        .with(table.columns().to_vec(), rows)
        .keeping_origin(table)
}

/// The money columns recorded for `sheet` by `write_money_sheet`: (column, code column,
/// added). Empty when the workbook has no record (written elsewhere).
fn recorded_money<R: std::io::Read + std::io::Seek>(
    workbook: &mut Xlsx<R>,
    sheet: &str,
) -> Vec<(String, String, bool)> {
    if !workbook.sheet_names().iter().any(|n| n == MONEY_SHEET) {
        return Vec::new();
    }
    let Ok(range) = workbook.worksheet_range(MONEY_SHEET) else {
        return Vec::new();
    };
    let text = |d: &Data| match d {
        Data::String(s) => Some(s.clone()),
        _ => None,
    };
    range
        .rows()
        .skip(1)
        .filter_map(|row| {
            let name = text(row.first()?)?;
            let column = text(row.get(1)?)?;
            let code = text(row.get(2)?)?;
            let added = matches!(row.get(3), Some(Data::Bool(true)));
            (name == sheet).then_some((column, code, added))
        })
        .collect()
}
