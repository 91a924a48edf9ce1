//! One table cell (a `rhai::Dynamic`) seen the way tables need it: as a number when it is one,
//! ordered and compared by value (`3 == 3.0`, `()` last), hashed as a grouping key, and written
//! as exact text for files or as grouped digits for people. Nothing here goes through `f64`.

use std::cmp::Ordering;

use rhai::{Dynamic, ImmutableString, INT};
use rust_decimal::Decimal;
use whatif_core::dates::Date;
use whatif_core::decimal::group_thousands;
use whatif_core::money::{CurrencyCode, Money};

/// The value of a numeric cell (integer or decimal); `None` for anything else.
pub fn number(cell: &Dynamic) -> Option<Decimal> {
    if let Ok(i) = cell.as_int() {
        return Some(Decimal::from(i));
    }
    cell.as_decimal().ok()
}

/// True for integers and decimals.
pub fn is_number(cell: &Dynamic) -> bool {
    cell.is_int() || cell.is_decimal()
}

/// The money a cell holds, if it holds money.
pub fn money(cell: &Dynamic) -> Option<Money> {
    cell.read_lock::<Money>().map(|m| *m)
}

/// A cell reduced to something that can be ordered, compared and hashed. Numbers are
/// normalised decimals so that `1`, `1.0` and `1.00` are the same key.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A number, normalised.
    Number(Decimal),
    /// Money orders by currency, then amount: a sort never compares yuan with dollars.
    Money(CurrencyCode, Decimal),
    /// Dates in time order (`Date::sort_order`): a year before the months and days inside it.
    Date(Date),
    /// Text.
    Text(ImmutableString),
    /// `true` or `false`.
    Bool(bool),
    /// Anything else (arrays, maps, characters, tables), by its display text.
    Other(String),
    /// An empty cell, `()`.
    Empty,
}

impl Key {
    /// The key of a cell.
    pub fn of(cell: &Dynamic) -> Key {
        if cell.is_unit() {
            Key::Empty
        } else if let Some(n) = number(cell) {
            Key::Number(n.normalize())
        } else if let Some(m) = cell.read_lock::<Money>() {
            Key::Money(m.currency, m.amount.normalize())
        } else if let Some(d) = cell.read_lock::<Date>() {
            Key::Date(*d)
        } else if let Ok(s) = cell.as_immutable_string_ref() {
            Key::Text(s.clone())
        } else if let Ok(b) = cell.as_bool() {
            Key::Bool(b)
        } else {
            Key::Other(super::value_exact_text(cell))
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Key::Number(_) => 0,
            Key::Money(..) => 1,
            Key::Date(_) => 2,
            Key::Text(_) => 3,
            Key::Bool(_) => 4,
            Key::Other(_) => 5,
            Key::Empty => 6,
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numbers before money before dates before text before booleans before anything else;
/// empty cells last.
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => a.cmp(b),
            (Key::Money(c, a), Key::Money(d, b)) => c.cmp(d).then(a.cmp(b)),
            (Key::Date(a), Key::Date(b)) => a.sort_order(b),
            (Key::Text(a), Key::Text(b)) => a.as_str().cmp(b.as_str()),
            (Key::Bool(a), Key::Bool(b)) => a.cmp(b),
            (Key::Other(a), Key::Other(b)) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

/// Orders two cells the way `sort` does.
pub fn compare(a: &Dynamic, b: &Dynamic) -> Ordering {
    Key::of(a).cmp(&Key::of(b))
}

/// Equality by value: `3 == 3.0`, `() == ()`, strings by content.
pub fn equal(a: &Dynamic, b: &Dynamic) -> bool {
    Key::of(a) == Key::of(b)
}

/// The exact text of a cell for CSV and other machine formats: numbers with every digit and
/// no grouping (money too: its code goes in a currency column), empty cells as the empty
/// string.
pub fn raw_text(cell: &Dynamic) -> String {
    if cell.is_unit() {
        String::new()
    } else if let Ok(i) = cell.as_int() {
        i.to_string()
    } else if let Ok(d) = cell.as_decimal() {
        d.normalize().to_string()
    } else if let Some(m) = cell.read_lock::<Money>() {
        m.amount.normalize().to_string()
    } else {
        super::value_exact_text(cell)
    }
}

/// The text of a cell for people: numbers with thousands separators at the session's display
/// digits (`1234567.5` → `1,234,567.5`, `1/3` → `0.333333333333`), empty cells blank.
pub fn display_text(cell: &Dynamic) -> String {
    if cell.is_unit() {
        String::new()
    } else if let Ok(i) = cell.as_int() {
        group_thousands(&i.to_string())
    } else if let Ok(d) = cell.as_decimal() {
        whatif_core::display::display_grouped(d, crate::host::digits())
    } else {
        super::value_text(cell)
    }
}

/// Money as the human formats show it: grouped, with its code unless the column header
/// carries it; at the minor unit when the exact amount has more digits, or every cell of the
/// column is shown there (`at_minor_unit`); every digit under `--digits exact`.
pub fn money_display_text(money: &Money, with_code: bool, at_minor_unit: bool) -> String {
    let amount = match crate::host::digits() {
        whatif_core::display::Digits::Exact => {
            group_thousands(&money.amount.normalize().to_string())
        }
        whatif_core::display::Digits::Significant(_) if at_minor_unit => {
            let minor = money.currency.minor_units();
            let mut rounded = money.amount.round_dp_with_strategy(
                minor,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            );
            if rounded.is_zero() {
                // A negative amount that rounds to zero loses its sign.
                rounded = Decimal::ZERO;
            }
            rounded.rescale(minor);
            group_thousands(&rounded.to_string())
        }
        whatif_core::display::Digits::Significant(_) => {
            let text = money.display();
            let code = format!(" {}", money.currency);
            text.strip_suffix(code.as_str())
                .unwrap_or(&text)
                .to_string()
        }
    };
    if with_code {
        format!("{amount} {}", money.currency)
    } else {
        amount
    }
}

/// True for the text of an amount formatted for people: `$40.0B`, `-€1.5M`, `¥821.29亿`,
/// `28.98%`, `1,234.5 USD`, `CHF 1.5M` (what `fmt_money` and `fmt_pct` return), so that a
/// column of them lines up on the right like numbers.
pub fn looks_like_formatted_amount(text: &str) -> bool {
    let text = text.trim();
    let text = text.strip_prefix('-').unwrap_or(text);
    let code = |s: &str| s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase());
    // A leading symbol or `XXX `, a trailing unit, `%` or ` XXX`.
    let after_prefix = ["JP¥", "$", "€", "£", "¥"]
        .iter()
        .find_map(|p| text.strip_prefix(p))
        .or_else(|| {
            text.split_once(' ')
                .filter(|(c, _)| code(c))
                .map(|(_, n)| n)
        });
    let text = after_prefix.unwrap_or(text);
    let before_suffix = ["万亿", "亿", "万", "%", "T", "B", "M", "K"]
        .iter()
        .find_map(|s| text.strip_suffix(s))
        .or_else(|| {
            text.rsplit_once(' ')
                .filter(|(_, c)| code(c))
                .map(|(n, _)| n)
        });
    // Bare digits (a year kept as text, `2029`) are text, not a formatted amount.
    if after_prefix.is_none() && before_suffix.is_none() {
        return false;
    }
    let text = before_suffix.unwrap_or(text);
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.ends_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.')
}

/// Parses one field of a loaded file: empty → `()`, integers → INT (decimals when they do not
/// fit an i64), other numbers → exact decimals, anything else stays text. A number a decimal
/// cannot hold exactly (more than 28 significant digits) stays text too: see `read_field`.
pub fn parse_field(field: &str) -> Dynamic {
    read_field(field, NumberStyle::Plain).0
}

/// How a loader reads cells that look like formatted numbers (`3,000,000`, `$300`, `(50)`,
/// `12%`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberStyle {
    /// Plain numbers only; formatted ones stay text (and the loader says so).
    #[default]
    Plain,
    /// As a spreadsheet shows them: thousands separators, a currency symbol ($ € £ ¥),
    /// parentheses for negatives, a trailing % (divided by 100).
    Excel,
}

/// Why a field that looks like a number was kept as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeptAsText {
    /// More significant digits than a decimal holds (28): reading it would change a digit.
    TooPrecise,
    /// A formatted number (`3,000,000`, `$300`, `(50)`, `12%`) under `NumberStyle::Plain`.
    Formatted,
}

/// `parse_field` that also says when a number-like field was kept as text, and reads
/// formatted numbers under `NumberStyle::Excel`.
pub fn read_field(field: &str, style: NumberStyle) -> (Dynamic, Option<KeptAsText>) {
    let (value, why) = read_typed(field, style);
    (value.into_dynamic(field), why)
}

/// What `read_field` makes of a field, before it becomes a script value: loaders that store
/// typed columns keep numbers unboxed and share equal texts.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Field {
    Empty,
    Int(INT),
    Decimal(Decimal),
    /// An ISO date (`2024-12-16`, `2024-12`).
    Date(Date),
    /// The field as written.
    Text,
}

impl Field {
    /// The script value of `field` read as `self`.
    pub(crate) fn into_dynamic(self, field: &str) -> Dynamic {
        match self {
            Field::Empty => Dynamic::UNIT,
            Field::Int(i) => Dynamic::from_int(i),
            Field::Decimal(d) => Dynamic::from_decimal(d),
            Field::Date(d) => Dynamic::from(d),
            Field::Text => Dynamic::from(field.to_string()),
        }
    }
}

/// `read_field` without building the script value.
pub(crate) fn read_typed(field: &str, style: NumberStyle) -> (Field, Option<KeptAsText>) {
    let trimmed = trim(field);
    if trimmed.is_empty() {
        return (Field::Empty, None);
    }
    // The amounts and counts of a large file, first: one pass instead of the checks below.
    if let Some(number) = short_plain_number(trimmed) {
        return (number, None);
    }
    if looks_numeric(trimmed) {
        let is_integer = trimmed
            .strip_prefix(['-', '+'])
            .unwrap_or(trimmed)
            .bytes()
            .all(|b| b.is_ascii_digit());
        if is_integer {
            if let Ok(i) = trimmed.parse::<INT>() {
                return (Field::Int(i), None);
            }
        }
        return match parse_number(trimmed).filter(|d| same_number(trimmed, *d)) {
            Some(d) => (Field::Decimal(d), None),
            None => (Field::Text, Some(KeptAsText::TooPrecise)),
        };
    }
    if let Some(date) = iso_date(trimmed) {
        return (Field::Date(date), None);
    }
    match formatted_number(trimmed) {
        Some(_) if style == NumberStyle::Plain => (Field::Text, Some(KeptAsText::Formatted)),
        Some(Some(d)) => {
            let value = crate::numbers::decimal_to_dynamic(d);
            match value.as_int() {
                Ok(i) => (Field::Int(i), None),
                Err(_) => (Field::Decimal(value.as_decimal().unwrap_or(d)), None),
            }
        }
        Some(None) => (Field::Text, Some(KeptAsText::TooPrecise)),
        None => (Field::Text, None),
    }
}

/// A field written as an ISO day (`2024-12-16`) or month (`2024-12`): what a loaded file's
/// dates become. A bare year (`2019`) stays a number, since a column of them may be counts.
/// Read in one pass over the bytes: a million-row file's date column spends its time here.
pub(crate) fn iso_date(field: &str) -> Option<Date> {
    let b = field.as_bytes();
    if !matches!(b.len(), 7 | 10) || b[4] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0i16, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + i16::from(c - b'0'))
        })
    };
    let (year, month) = (number(0, 4)?, number(5, 7)?);
    if !(1..=12).contains(&month) {
        return None;
    }
    if b.len() == 7 {
        return Some(Date::month(year, month as i8));
    }
    if b[7] != b'-' {
        return None;
    }
    let day = number(8, 10)?;
    whatif_core::dates::Day::new(year, month as i8, day as i8)
        .ok()
        .map(Date::day)
}

/// True for an integer written with leading zeros (`08123`, `-007`): a code more often than
/// an amount, which reading as a number would change.
pub fn has_leading_zero(field: &str) -> bool {
    let digits = field.trim().trim_start_matches(['-', '+']);
    digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The significant digits and the power of ten of the last one, of a plain number's text
/// (`"-0.0120"` → `("12", -3)`); zero is `("", 0)`.
fn digits_and_exponent(text: &str) -> (String, i64) {
    let body = text.trim_start_matches(['-', '+']);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], body[at + 1..].parse::<i64>().unwrap_or(0)),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    let trimmed = all.trim_start_matches('0');
    let significant = trimmed.trim_end_matches('0');
    if significant.is_empty() {
        return (String::new(), 0);
    }
    let dropped = (trimmed.len() - significant.len()) as i64;
    (
        significant.to_string(),
        exponent - fraction.len() as i64 + dropped,
    )
}

/// True when `d` is exactly the number `text` spells: no digit rounded away.
fn same_number(text: &str, d: Decimal) -> bool {
    // At most 28 digits without an exponent always parse exactly: the common case, checked
    // without allocating (loading a million rows spends its time here otherwise).
    if !text.contains(['e', 'E']) && text.bytes().filter(u8::is_ascii_digit).count() <= 28 {
        return true;
    }
    digits_and_exponent(text) == digits_and_exponent(&d.to_string())
        && (d.is_zero() || text.starts_with('-') == d.is_sign_negative())
}

/// A spreadsheet's formatted number: `Some(Some(value))`, or `Some(None)` when it has more
/// digits than a decimal holds; `None` when the text is not one. Accepts thousands separators
/// in groups of three (`3,000,000`), one currency symbol ($ € £ ¥) before or after the number,
/// a sign or parentheses for negatives (`(50)`, `-$5`, `$-5`), and a trailing `%`.
fn formatted_number(text: &str) -> Option<Option<Decimal>> {
    let mut rest = text;
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let percent = rest.ends_with('%');
    if percent {
        rest = rest[..rest.len() - 1].trim_end();
    }
    let mut currency = false;
    let mut strip_sign = |rest: &mut &str| {
        if let Some(r) = rest.strip_prefix('-') {
            negative = !negative;
            *rest = r.trim_start();
        } else if let Some(r) = rest.strip_prefix('+') {
            *rest = r.trim_start();
        }
    };
    strip_sign(&mut rest);
    for symbol in ['$', '€', '£', '¥'] {
        if let Some(r) = rest.strip_prefix(symbol) {
            rest = r.trim_start();
            currency = true;
            break;
        }
        if let Some(r) = rest.strip_suffix(symbol) {
            rest = r.trim_end();
            currency = true;
            break;
        }
    }
    strip_sign(&mut rest);
    let (whole, fraction) = rest.split_once('.').unwrap_or((rest, ""));
    let grouped = whole.contains(',');
    if grouped {
        let mut groups = whole.split(',');
        let first = groups.next()?;
        if first.is_empty() || first.len() > 3 || !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    let digits: String = whole.chars().filter(|&c| c != ',').collect();
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    // A plain number with none of the marks is not "formatted".
    if !(grouped || currency || percent || negative && text.starts_with('(')) {
        return None;
    }
    let plain = if fraction.is_empty() {
        digits
    } else {
        format!("{digits}.{fraction}")
    };
    let value = match parse_number(&plain).filter(|d| same_number(&plain, *d)) {
        Some(d) => d,
        None => return Some(None),
    };
    let value = if negative { -value } else { value };
    if percent {
        // Dividing by 100 only moves the point; at 28 digits it could round.
        return Some(
            value
                .checked_div(Decimal::ONE_HUNDRED)
                .filter(|q| q.checked_mul(Decimal::ONE_HUNDRED) == Some(value))
                .map(|q| q.normalize()),
        );
    }
    Some(Some(value))
}

/// Digits with at most a sign, one point and an exponent: what a spreadsheet would call a
/// number. Text such as `1,234` or `12 apples` stays text.
fn looks_numeric(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let mut digits = 0;
    let mut points = 0;
    for b in mantissa.bytes() {
        match b {
            b'0'..=b'9' => digits += 1,
            b'.' => points += 1,
            _ => return false,
        }
    }
    if digits == 0 || points > 1 {
        return false;
    }
    match exponent {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// `field.trim()`, without its look at each end for Unicode spaces when both ends are plain
/// ASCII (nearly every field of a large file).
fn trim(field: &str) -> &str {
    let plain = |b: &u8| b.is_ascii() && !matches!(b, b'\t'..=b'\r' | b' ');
    match field.as_bytes() {
        [first, .., last] if plain(first) && plain(last) => field,
        [only] if plain(only) => field,
        _ => field.trim(),
    }
}

/// A plain number of at most 18 digits, read in one pass over them: an integer (`2019`, `-7`,
/// `007`) as the general path reads it, or with a point (`-1048.29`, `+0.50`) the normalised
/// decimal `parse_number` gives. The amounts and counts of a large file are nearly all like
/// that, and `Decimal`'s parser with `normalize` was a tenth of loading one. `None` for
/// anything else (exponents, more digits), which takes the general path.
fn short_plain_number(text: &str) -> Option<Field> {
    let (negative, body) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mut mantissa, mut scale, point) = whatif_core::decimal::short_plain_digits(body)?;
    if negative {
        mantissa = -mantissa;
    }
    if !point {
        return Some(Field::Int(mantissa));
    }
    if mantissa == 0 {
        return Some(Field::Decimal(Decimal::ZERO));
    }
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    Some(Field::Decimal(Decimal::new(mantissa, scale)))
}

/// `short_plain_number`'s decimal, for the tests that hold it to the general parser.
#[cfg(test)]
fn short_plain_decimal(text: &str) -> Option<Decimal> {
    match short_plain_number(text)? {
        Field::Decimal(d) => Some(d),
        _ => None,
    }
}

fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.strip_prefix('+').unwrap_or(text);
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests;
