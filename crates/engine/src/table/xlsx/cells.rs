//! What one workbook cell becomes: numbers exact decimals through their shortest round-trip
//! text (`0.1` is `0.1`; float noise beyond 28 decimal places rounded and noted), dates and
//! times as text (one function, `date_cell`, decides), durations as their clock text, the
//! file format's `_xHHHH_` escapes decoded, Excel error values empty and noted (or refused).

use calamine::{Data, ExcelDateTime};
use rhai::{Dynamic, INT};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::super::cell::{read_typed, KeptAsText, NumberStyle};

/// What to do with a cell holding an Excel error value (`#N/A`, `#DIV/0!`, …).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ErrorValues {
    /// Read it as an empty cell; the load names every such cell in one note.
    #[default]
    Empty,
    /// Refuse the sheet, naming the first such cell.
    Fail,
}

/// What reading a sheet's cells met, for the notes the load gives once it is done.
#[derive(Debug, Default)]
pub(super) struct Seen {
    /// `Deals!C7 #DIV/0!`, in reading order.
    pub errors: Vec<String>,
    /// Cells whose double had more decimal places than a decimal holds.
    pub rounded: Vec<String>,
}

/// The decimal places a decimal holds.
const PLACES: u32 = 28;

/// The script value of one data cell; `formula` when it holds one (its text result still
/// carries the file's escapes: `calamine` decodes those of shared and inline strings only);
/// `at` names the cell (`Deals!C7`) for notes and errors.
pub(super) fn read_cell(
    value: &Data,
    formula: bool,
    keep_text: bool,
    errors: ErrorValues,
    at: &dyn Fn() -> String,
    seen: &mut Seen,
) -> Result<Dynamic, String> {
    Ok(match value {
        Data::Empty => Dynamic::UNIT,
        Data::Int(i) if keep_text => Dynamic::from(i.to_string()),
        Data::Int(i) => Dynamic::from_int(*i as INT),
        Data::Float(f) => {
            // Shortest round-trip text: the double Excel stored for `0.1` reads as `0.1`.
            let text = format!("{f}");
            if keep_text {
                return Ok(Dynamic::from(text));
            }
            match read_typed(&text, NumberStyle::Plain) {
                (field, None) => field.into_dynamic(&text),
                (_, Some(KeptAsText::Formatted)) => Dynamic::from(text),
                (_, Some(KeptAsText::TooPrecise)) => match round_places(&text, *f) {
                    Some(d) => {
                        seen.rounded.push(at());
                        Dynamic::from_decimal(d)
                    }
                    None => {
                        return Err(format!(
                            "the number {f:e} is outside the decimal range ({}); whatif cannot \
                             hold it exactly",
                            whatif_core::decimal::DECIMAL_RANGE
                        ))
                    }
                },
            }
        }
        Data::String(s) if formula => Dynamic::from(decode_escapes(s)),
        Data::String(s) => Dynamic::from(s.clone()),
        Data::Bool(b) => Dynamic::from_bool(*b),
        Data::DateTime(dt) => date_cell(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Dynamic::from(s.clone()),
        Data::Error(e) => match errors {
            ErrorValues::Empty => {
                seen.errors.push(format!("{} {e}", at()));
                Dynamic::UNIT
            }
            ErrorValues::Fail => {
                return Err(format!(
                    "the cell holds the Excel error {e}; fix it in the workbook, or load \
                     without #{{errors: \"fail\"}} to read such cells as empty"
                ))
            }
        },
    })
}

/// The text of a header cell, as a column name: text trimmed, numbers by their shortest text,
/// dates as dates. An error value or an empty cell gives `""`.
pub(super) fn header_text(value: &Data, formula: bool) -> String {
    match value {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) if formula => decode_escapes(s).trim().to_string(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => crate::value::to_text(&date_cell(dt)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
    }
}

/// A date-formatted cell as the value whatif gives dates: `2020-07-23`, with its time when it
/// has one (`2020-07-23 14:05:09.250`), a time of day alone (`14:05`), a duration as a clock
/// (`0:11`, `27:30:15`). The 1904 date system is the cell's own (`calamine` reads it from the
/// workbook). The one place that decides how a workbook's dates load.
pub(super) fn date_cell(dt: &ExcelDateTime) -> Dynamic {
    let serial = dt.as_f64();
    if dt.is_duration() {
        return Dynamic::from(duration_text(serial));
    }
    if !(0.0..2_958_466.0).contains(&serial) {
        // Before Excel's first day or after 9999-12-31: not a date Excel can show.
        return Dynamic::from(format!("{serial}"));
    }
    let (y, m, d, hh, mm, ss, ms) = dt.to_ymd_hms_milli();
    let time = clock(hh, mm, ss, ms);
    if serial < 1.0 {
        return Dynamic::from(time);
    }
    let day = format!("{y:04}-{m:02}-{d:02}");
    if (hh, mm, ss, ms) == (0, 0, 0, 0) {
        whatif_core::dates::Date::parse(&day).map_or(Dynamic::from(day), Dynamic::from)
    } else {
        Dynamic::from(format!("{day} {time}"))
    }
}

/// `14:05`, `14:05:09`, `14:05:09.25`: seconds and their fraction only when there are some.
fn clock(hh: u8, mm: u8, ss: u8, ms: u16) -> String {
    format!("{hh:02}:{mm:02}{}", seconds(u64::from(ss), u64::from(ms)))
}

/// `:09.25` after the minutes of a clock; nothing for none.
fn seconds(ss: u64, ms: u64) -> String {
    match (ss, ms) {
        (0, 0) => String::new(),
        (ss, 0) => format!(":{ss:02}"),
        (ss, ms) => format!(":{ss:02}{}", format!(".{ms:03}").trim_end_matches('0')),
    }
}

/// A duration of `days` as Excel's `[h]:mm:ss` shows it, to the millisecond: `0:11`,
/// `27:30:15`, `-1:30`.
fn duration_text(days: f64) -> String {
    let total = (days.abs() * 86_400_000.0).round() as u64;
    let sign = if days < 0.0 && total > 0 { "-" } else { "" };
    let (hours, rest) = (total / 3_600_000, total % 3_600_000);
    let (minutes, rest) = (rest / 60_000, rest % 60_000);
    format!(
        "{sign}{hours}:{minutes:02}{}",
        seconds(rest / 1000, rest % 1000)
    )
}

/// A double's shortest text with more decimal places than a decimal holds, rounded half away
/// from zero to 28 places; `None` beyond the decimal range.
fn round_places(text: &str, double: f64) -> Option<Decimal> {
    if double.abs() >= Decimal::MAX.to_f64()? {
        return None;
    }
    let negative = text.starts_with('-');
    let body = text.trim_start_matches('-');
    let (whole, fraction) = body.split_once('.').unwrap_or((body, ""));
    if fraction.len() <= PLACES as usize {
        // Too many digits on both sides of the point cannot come from a double's shortest text
        // (17 significant digits at most): only the places need rounding.
        return None;
    }
    let kept = format!("{whole}.{}", &fraction[..PLACES as usize]);
    let mut d: Decimal = kept.parse().ok()?;
    if fraction.as_bytes()[PLACES as usize] >= b'5' {
        d = d.checked_add(Decimal::new(1, PLACES))?;
    }
    Some(if negative { -d } else { d }.normalize())
}

/// Decodes the file format's escapes of characters XML cannot carry (in a formula's text
/// result, which `calamine` leaves as written): `_x000D_` is a carriage
/// return, `_x005F_` an underscore (so `_x005F_x000D_` is the text `_x000D_`), and a pair of
/// surrogates one character.
pub(super) fn decode_escapes(text: &str) -> String {
    if !text.contains("_x") {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut units: Vec<u16> = Vec::new();
    let mut i = 0;
    let mut plain = 0;
    let flush = |units: &mut Vec<u16>, out: &mut String| {
        out.extend(char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or('\u{FFFD}')));
    };
    while i < bytes.len() {
        let escape = bytes.get(i..i + 7).filter(|e| {
            e[0] == b'_'
                && e[1] == b'x'
                && e[6] == b'_'
                && e[2..6].iter().all(u8::is_ascii_hexdigit)
        });
        match escape {
            Some(e) => {
                if plain < i {
                    flush(&mut units, &mut out);
                    out.push_str(&text[plain..i]);
                }
                let hex = std::str::from_utf8(&e[2..6]).unwrap_or("0");
                units.push(u16::from_str_radix(hex, 16).unwrap_or(0xFFFD));
                i += 7;
                plain = i;
            }
            None => i += 1,
        }
    }
    flush(&mut units, &mut out);
    out.push_str(&text[plain..]);
    out
}

/// Whether a cell is blank: empty, or an empty text. Text of spaces is a value someone typed
/// (and whatif may have written), so it is kept.
pub(super) fn is_blank(value: &Data) -> bool {
    match value {
        Data::Empty => true,
        Data::String(s) => s.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::ExcelDateTimeType;

    #[test]
    fn escapes_decode_including_escaped_underscores_and_surrogates() {
        assert_eq!(decode_escapes("a_x000D_b"), "a\rb");
        assert_eq!(decode_escapes("_x005F_x000D_"), "_x000D_");
        assert_eq!(decode_escapes("x_xD83D__xDE00_y"), "x😀y");
        assert_eq!(
            decode_escapes("_x00_ and _xZZZZ_ stay"),
            "_x00_ and _xZZZZ_ stay"
        );
        assert_eq!(decode_escapes("智谱_x0009_AI"), "智谱\tAI");
    }

    #[test]
    fn float_noise_rounds_to_28_places_and_huge_numbers_are_refused() {
        let f = 8.881784197001252e-16;
        let d = round_places(&format!("{f}"), f).unwrap();
        assert_eq!(d.to_string(), "0.0000000000000008881784197001");
        let f = -1.5e-28 - 1e-44;
        let d = round_places(&format!("{f}"), f).unwrap();
        assert_eq!(d.to_string(), "-0.0000000000000000000000000002");
        let mut seen = Seen::default();
        let at = || "S!A1".to_string();
        let v = read_cell(
            &Data::Float(1e30),
            false,
            false,
            ErrorValues::Empty,
            &at,
            &mut seen,
        );
        assert!(v
            .unwrap_err()
            .contains("the number 1e30 is outside the decimal range"));
        let v = read_cell(
            &Data::Float(3e-30),
            false,
            false,
            ErrorValues::Empty,
            &at,
            &mut seen,
        )
        .unwrap();
        assert_eq!(v.as_decimal().unwrap(), Decimal::ZERO);
        assert_eq!(seen.rounded, ["S!A1"]);
    }

    #[test]
    fn dates_times_and_durations_read_as_excel_shows_them() {
        let date = |v: f64, ty, is_1904| {
            crate::value::to_text(&date_cell(&ExcelDateTime::new(v, ty, is_1904)))
        };
        use ExcelDateTimeType::{DateTime, TimeDelta};
        assert_eq!(date(44035.0, DateTime, false), "2020-07-23");
        assert_eq!(date(44035.0 - 1462.0, DateTime, true), "2020-07-23");
        assert_eq!(
            date(44035.5 + 0.25 / 86_400.0, DateTime, false),
            "2020-07-23 12:00:00.25"
        );
        assert_eq!(date(0.75, DateTime, false), "18:00");
        assert_eq!(date(11.0 / 1440.0, TimeDelta, false), "0:11");
        assert_eq!(
            date(1.0 + 3.5 / 24.0 + 15.0 / 86_400.0, TimeDelta, false),
            "27:30:15"
        );
    }

    #[test]
    fn error_values_are_empty_and_listed_or_refused() {
        let mut seen = Seen::default();
        let at = || "Deals!C7".to_string();
        let e = Data::Error(calamine::CellErrorType::Div0);
        let v = read_cell(&e, false, false, ErrorValues::Empty, &at, &mut seen).unwrap();
        assert!(v.is_unit());
        assert_eq!(seen.errors, ["Deals!C7 #DIV/0!"]);
        let err = read_cell(&e, false, false, ErrorValues::Fail, &at, &mut seen).unwrap_err();
        assert!(err.contains("the Excel error #DIV/0!"), "{err}");
    }
}
