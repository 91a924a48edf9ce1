//! One table cell (a `rhai::Dynamic`) seen the way tables need it: as a number when it is one,
//! ordered and compared by value (`3 == 3.0`, `()` last), hashed as a grouping key, and written
//! as exact text for files or as grouped digits for people. Nothing here goes through `f64`.

use std::cmp::Ordering;

use rhai::{Dynamic, ImmutableString, INT};
use rust_decimal::Decimal;
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
    Number(Decimal),
    /// Money orders by currency, then amount: a sort never compares yuan with dollars.
    Money(CurrencyCode, Decimal),
    Text(ImmutableString),
    Bool(bool),
    /// Anything else (arrays, maps, characters, tables), by its display text.
    Other(String),
    Empty,
}

impl Key {
    pub fn of(cell: &Dynamic) -> Key {
        if cell.is_unit() {
            Key::Empty
        } else if let Some(n) = number(cell) {
            Key::Number(n.normalize())
        } else if let Some(m) = cell.read_lock::<Money>() {
            Key::Money(m.currency, m.amount.normalize())
        } else if let Ok(s) = cell.as_immutable_string_ref() {
            Key::Text(s.clone())
        } else if let Ok(b) = cell.as_bool() {
            Key::Bool(b)
        } else {
            Key::Other(super::value_text(cell))
        }
    }

    fn rank(&self) -> u8 {
        match self {
            Key::Number(_) => 0,
            Key::Money(..) => 1,
            Key::Text(_) => 2,
            Key::Bool(_) => 3,
            Key::Other(_) => 4,
            Key::Empty => 5,
        }
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Numbers before text before booleans before anything else; empty cells last.
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Key::Number(a), Key::Number(b)) => a.cmp(b),
            (Key::Money(c, a), Key::Money(d, b)) => c.cmp(d).then(a.cmp(b)),
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
        super::value_text(cell)
    }
}

/// The text of a cell for people: numbers with thousands separators and their natural
/// decimals (`1234567.5` → `1,234,567.5`), empty cells blank.
pub fn display_text(cell: &Dynamic) -> String {
    if cell.is_unit() {
        String::new()
    } else if let Ok(i) = cell.as_int() {
        group_thousands(&i.to_string())
    } else if let Ok(d) = cell.as_decimal() {
        group_thousands(&d.normalize().to_string())
    } else {
        super::value_text(cell)
    }
}

/// Parses one field of a loaded file: empty → `()`, integers → INT (decimals when they do not
/// fit an i64), other numbers → exact decimals, anything else stays text.
pub fn parse_field(field: &str) -> Dynamic {
    let trimmed = field.trim();
    if trimmed.is_empty() {
        return Dynamic::UNIT;
    }
    if looks_numeric(trimmed) {
        let is_integer = trimmed
            .strip_prefix(['-', '+'])
            .unwrap_or(trimmed)
            .bytes()
            .all(|b| b.is_ascii_digit());
        if is_integer {
            if let Ok(i) = trimmed.parse::<INT>() {
                return Dynamic::from_int(i);
            }
        }
        if let Some(d) = parse_number(trimmed) {
            return Dynamic::from_decimal(d);
        }
    }
    Dynamic::from(field.to_string())
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

fn parse_number(text: &str) -> Option<Decimal> {
    let text = text.strip_prefix('+').unwrap_or(text);
    text.parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
        .map(|d| d.normalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Dynamic {
        Dynamic::from_decimal(s.parse().unwrap())
    }

    #[test]
    fn integers_and_decimals_compare_by_value() {
        assert!(equal(&Dynamic::from_int(3), &dec("3.00")));
        assert_eq!(compare(&Dynamic::from_int(2), &dec("2.5")), Ordering::Less);
        assert_eq!(compare(&Dynamic::UNIT, &dec("2.5")), Ordering::Greater);
        assert_eq!(
            compare(&Dynamic::from("b"), &Dynamic::from("a")),
            Ordering::Greater
        );
    }

    #[test]
    fn thousands_keep_natural_decimals() {
        assert_eq!(
            display_text(&dec("12345678901234567.89")),
            "12,345,678,901,234,567.89"
        );
    }

    #[test]
    fn fields_parse_exactly() {
        assert_eq!(parse_field("42").as_int().unwrap(), 42);
        assert_eq!(
            parse_field("12345678901234567.89")
                .as_decimal()
                .unwrap()
                .to_string(),
            "12345678901234567.89"
        );
        assert_eq!(
            parse_field("99999999999999999999")
                .as_decimal()
                .unwrap()
                .to_string(),
            "99999999999999999999"
        );
        assert_eq!(
            parse_field("1.5e3").as_decimal().unwrap().to_string(),
            "1500"
        );
        assert!(parse_field("  ").is_unit());
        assert_eq!(parse_field("1,234").into_string().unwrap(), "1,234");
        assert_eq!(parse_field("e5").into_string().unwrap(), "e5");
        assert_eq!(parse_field("-.5").as_decimal().unwrap().to_string(), "-0.5");
    }
}
