//! Amounts as analysts type them in exported files, read exactly: a currency by symbol or code
//! (`$1,000`, `US$1,000`, `HK$45,000,000`, `€12.50`, `CN¥3`, `RMB 3`, `CHF 1000`, `1,000 USD`),
//! a magnitude (`1.5M`, `2bn`, `300K`, `821.29亿`, `50万`), parentheses for negatives, a
//! trailing `%`, and European decimals (`12.500.000,50`, `1 234,5`) on request.

use rust_decimal::Decimal;
use whatif_core::money::{CurrencyCode, Money};

/// How a file writes its amounts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountStyle {
    /// `,` separates the decimals (and `.`, a space or `'` the thousands).
    pub decimal_comma: bool,
    /// The currency `$` alone means.
    pub dollar: CurrencyCode,
}

impl Default for AmountStyle {
    fn default() -> Self {
        AmountStyle {
            decimal_comma: false,
            dollar: CurrencyCode::USD,
        }
    }
}

/// What a cell of an amount holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    /// A plain number.
    Number(Decimal),
    /// Money, and the symbol it was read from when that symbol names several currencies
    /// (`$`, `¥`), for the note.
    Money(Money, Option<&'static str>),
}

/// Symbols and prefixes, longest first so `US$` is not read as `$`: (text, code, ambiguous).
/// `None` for the code is `$` itself (the style's dollar).
const SYMBOLS: [(&str, Option<&str>, bool); 21] = [
    ("US$", Some("USD"), false),
    ("HK$", Some("HKD"), false),
    ("NZ$", Some("NZD"), false),
    ("AU$", Some("AUD"), false),
    ("CA$", Some("CAD"), false),
    ("NT$", Some("TWD"), false),
    ("CN¥", Some("CNY"), false),
    ("JP¥", Some("JPY"), false),
    ("RMB", Some("CNY"), false),
    ("A$", Some("AUD"), false),
    ("C$", Some("CAD"), false),
    ("S$", Some("SGD"), false),
    ("R$", Some("BRL"), false),
    ("$", None, true),
    ("€", Some("EUR"), false),
    ("£", Some("GBP"), false),
    ("¥", Some("JPY"), true),
    ("￥", Some("JPY"), true),
    ("₹", Some("INR"), false),
    ("₩", Some("KRW"), false),
    ("元", Some("CNY"), false),
];

/// Codes of widely traded currencies a file may write beside amounts (`CHF 1000`) beyond the
/// ones whatif has rates for: reading them as money keeps the file's meaning, and converting
/// them later says plainly that no rate is known.
pub const WRITTEN_CODES: [&str; 24] = [
    "CHF", "CAD", "AUD", "NZD", "SGD", "TWD", "KRW", "INR", "BRL", "MXN", "ZAR", "SEK", "NOK",
    "DKK", "PLN", "CZK", "HUF", "TRY", "ILS", "AED", "SAR", "THB", "MYR", "IDR",
];

/// The codes a file's amounts may be written in: whatif's known codes and `WRITTEN_CODES`.
pub fn written_codes() -> Vec<String> {
    let mut codes = whatif_core::fx::known_codes();
    for code in WRITTEN_CODES {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_string());
        }
    }
    codes
}

/// Magnitude words after a number, longest first: (suffix, power of ten).
const MAGNITUDES: [(&str, u32); 14] = [
    ("万亿", 12),
    ("亿", 8),
    ("万", 4),
    ("trn", 12),
    ("tn", 12),
    ("bn", 9),
    ("mn", 6),
    ("T", 12),
    ("B", 9),
    ("b", 9),
    ("M", 6),
    ("m", 6),
    ("K", 3),
    ("k", 3),
];

/// A currency written before or after the number: a symbol from `SYMBOLS` or a known
/// three-letter code. Returns the code, whether the symbol is ambiguous, and the rest.
fn strip_currency<'a>(
    text: &'a str,
    style: &AmountStyle,
    known: &[String],
    prefix: bool,
) -> Option<(CurrencyCode, Option<&'static str>, &'a str)> {
    for (symbol, code, ambiguous) in SYMBOLS {
        let rest = match prefix {
            true => text.strip_prefix(symbol),
            false => text.strip_suffix(symbol),
        };
        if let Some(rest) = rest {
            let code = match code {
                Some(c) => CurrencyCode::parse(c).ok()?,
                None => style.dollar,
            };
            let named = ambiguous.then_some(symbol);
            return Some((code, named, rest.trim()));
        }
    }
    let (code, rest) = match prefix {
        true => (text.get(..3)?, text.get(3..)?),
        false => (
            text.get(text.len().checked_sub(3)?..)?,
            text.get(..text.len() - 3)?,
        ),
    };
    let is_code = code.bytes().all(|b| b.is_ascii_uppercase()) && known.iter().any(|k| k == code);
    // `USD1,000` and `1,000USD` are written too; `CHF1000` as well.
    if !is_code || rest.is_empty() {
        return None;
    }
    Some((CurrencyCode::parse(code).ok()?, None, rest.trim()))
}

/// The digits of a number with its grouping removed: `1,234.5` (or `1.234,5`, `1 234,5` with
/// a decimal comma) → `1234.5`; `None` when the grouping is not in threes.
fn plain_number(text: &str, decimal_comma: bool) -> Option<String> {
    let (point, groups): (char, &[char]) = match decimal_comma {
        true => (',', &['.', ' ', '\u{a0}', '\u{202f}', '\'']),
        false => ('.', &[',']),
    };
    let (whole, fraction) = match text.split_once(point) {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let parts: Vec<&str> = whole.split(|c| groups.contains(&c)).collect();
    if parts.len() > 1
        && (parts[0].is_empty() || parts[0].len() > 3 || parts[1..].iter().any(|g| g.len() != 3))
    {
        return None;
    }
    let digits: String = parts.concat();
    let fraction = fraction.unwrap_or("");
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    Some(match fraction.is_empty() {
        true => digits,
        false => format!("{digits}.{fraction}"),
    })
}

/// Reads `text` as an amount; `None` when it is not one (text stays text). `known` lists the
/// currency codes a written code must be one of (`ABC 100` is not money).
pub fn parse_amount(text: &str, style: &AmountStyle, known: &[String]) -> Option<Amount> {
    let mut rest = text.trim();
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let mut sign = |rest: &mut &str| {
        for minus in ['-', '\u{2212}'] {
            if let Some(r) = rest.strip_prefix(minus) {
                negative = !negative;
                *rest = r.trim_start();
                return;
            }
        }
        if let Some(r) = rest.strip_prefix('+') {
            *rest = r.trim_start();
        }
    };
    sign(&mut rest);
    let mut currency = strip_currency(rest, style, known, true);
    if let Some((_, _, r)) = currency {
        rest = r;
        sign(&mut rest);
    }
    let mut percent = false;
    if let Some(r) = rest.strip_suffix('%') {
        percent = true;
        rest = r.trim_end();
    }
    if currency.is_none() && !percent {
        currency = strip_currency(rest, style, known, false);
        if let Some((_, _, r)) = currency {
            rest = r;
        }
    }
    let mut power = 0;
    if !percent {
        if let Some((r, p)) = MAGNITUDES
            .iter()
            .find_map(|(s, p)| rest.strip_suffix(s).map(|r| (r.trim_end(), *p)))
        {
            // `1.5M` but not `M` alone, nor a word ending in one (`item`).
            if r.ends_with(|c: char| c.is_ascii_digit()) {
                rest = r;
                power = p;
            }
        }
    }
    let plain = plain_number(rest, style.decimal_comma)?;
    let marked =
        currency.is_some() || percent || power > 0 || negative && text.trim().starts_with('(');
    if !marked && !style.decimal_comma && !plain_differs(rest, &plain) {
        // A plain number: the ordinary reader's business.
        return None;
    }
    let mut value: Decimal = plain.parse().ok()?;
    if power > 0 {
        value = value.checked_mul(Decimal::from(10u64.pow(power)))?;
    }
    if percent {
        value = value.checked_div(Decimal::ONE_HUNDRED)?;
    }
    if negative {
        value = -value;
    }
    let value = value.normalize();
    Some(match currency {
        Some((code, ambiguous, _)) => Amount::Money(Money::new(value, code), ambiguous),
        None => Amount::Number(value),
    })
}

/// True when grouping was removed (`1,000`): the text is a formatted number.
fn plain_differs(text: &str, plain: &str) -> bool {
    text != plain
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        written_codes()
    }

    fn money(text: &str, style: &AmountStyle) -> (String, String, Option<&'static str>) {
        match parse_amount(text, style, &known()) {
            Some(Amount::Money(m, ambiguous)) => (
                m.amount.normalize().to_string(),
                m.currency.to_string(),
                ambiguous,
            ),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn number(text: &str, style: &AmountStyle) -> String {
        match parse_amount(text, style, &known()) {
            Some(Amount::Number(d)) => d.to_string(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn currencies_by_symbol_and_code_become_money() {
        let s = AmountStyle::default();
        let cases = [
            ("$1,000", "1000", "USD", Some("$")),
            ("US$1,000", "1000", "USD", None),
            ("HK$45,000,000", "45000000", "HKD", None),
            ("€12.50", "12.5", "EUR", None),
            ("£3", "3", "GBP", None),
            ("¥500", "500", "JPY", Some("¥")),
            ("CN¥3", "3", "CNY", None),
            ("RMB 1,000", "1000", "CNY", None),
            ("CHF 1000", "1000", "CHF", None),
            ("1,000 USD", "1000", "USD", None),
            ("-$1,234.50", "-1234.5", "USD", Some("$")),
            ("($1,234)", "-1234", "USD", Some("$")),
            ("$1.5M", "1500000", "USD", Some("$")),
            ("US$ 2bn", "2000000000", "USD", None),
            ("¥821.29亿", "82129000000", "JPY", Some("¥")),
            ("5 €", "5", "EUR", None),
        ];
        for (text, amount, code, ambiguous) in cases {
            assert_eq!(
                money(text, &s),
                (amount.to_string(), code.to_string(), ambiguous),
                "{text}"
            );
        }
        let hkd = AmountStyle {
            dollar: CurrencyCode::parse("HKD").unwrap(),
            ..s
        };
        assert_eq!(money("$5", &hkd).1, "HKD");
    }

    #[test]
    fn magnitudes_and_european_numbers_are_exact() {
        let s = AmountStyle::default();
        for (text, value) in [
            ("1.5M", "1500000"),
            ("2bn", "2000000000"),
            ("300K", "300000"),
            ("821.29亿", "82129000000"),
            ("50万", "500000"),
            ("0.1T", "100000000000"),
            ("12%", "0.12"),
            ("(50)", "-50"),
            ("3,000,000", "3000000"),
        ] {
            assert_eq!(number(text, &s), value, "{text}");
        }
        let eu = AmountStyle {
            decimal_comma: true,
            ..s
        };
        for (text, value) in [
            ("12.500.000,50", "12500000.5"),
            ("1 234,5", "1234.5"),
            ("1\u{a0}234,5", "1234.5"),
            ("12,5 %", "0.125"),
            ("7", "7"),
            ("12.500", "12500"),
        ] {
            assert_eq!(number(text, &eu), value, "{text}");
        }
        assert_eq!(
            money("12.500,50 €", &eu),
            ("12500.5".into(), "EUR".into(), None)
        );
        for not_an_amount in [
            "",
            "M",
            "item",
            "1,23",
            "ABC 100",
            "12 apples",
            "$",
            "1.2.3",
            "2024",
        ] {
            assert!(
                !matches!(
                    parse_amount(not_an_amount, &s, &known()),
                    Some(Amount::Money(..))
                ) && parse_amount(not_an_amount, &s, &known()).is_none(),
                "{not_an_amount}"
            );
        }
    }
}

#[cfg(test)]
mod csv_tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use super::super::cell::{money, raw_text};
    use super::super::load::{parse_csv, LoadOptions};
    use super::*;
    use crate::table::cell::NumberStyle;

    fn notes() -> (crate::host::Entered, Rc<RefCell<Vec<String>>>) {
        let notes = Rc::new(RefCell::new(Vec::new()));
        let sink = Rc::clone(&notes);
        let entered = crate::Host::default().enter_with_notes(
            0,
            Some(Rc::new(move |t: &str| {
                sink.borrow_mut().push(t.to_string())
            })),
        );
        (entered, notes)
    }

    fn excel() -> LoadOptions {
        LoadOptions {
            numbers: NumberStyle::Excel,
            ..LoadOptions::default()
        }
    }

    #[test]
    fn currency_amounts_in_a_csv_become_money_with_each_rows_code() {
        let (_host, notes) = notes();
        let text = "name,price\na,\"$1,000\"\nb,\"HK$45,000,000\"\nc,€12.50\nd,1.5M\ne,\"1,000 USD\"\nf,\n";
        let t = parse_csv(text, "p.csv", &excel()).unwrap();
        let cells: Vec<String> = t
            .rows()
            .iter()
            .map(|r| crate::value::to_text(&r[1]))
            .collect();
        let codes: Vec<Option<String>> = t
            .rows()
            .iter()
            .map(|r| money(&r[1]).map(|m| m.currency.to_string()))
            .collect();
        assert_eq!(
            codes,
            [
                Some("USD"),
                Some("HKD"),
                Some("EUR"),
                None,
                Some("USD"),
                None
            ]
            .map(|c| c.map(String::from))
        );
        assert_eq!(
            money(&t.rows()[1][1]).unwrap().amount,
            Decimal::from(45_000_000)
        );
        assert_eq!(raw_text(&t.rows()[3][1]), "1500000", "{cells:?}");
        assert!(t.rows()[5][1].is_unit());
        assert_eq!(t.origin().unwrap().lines, [2, 3, 4, 5, 6, 7]);
        let said = notes.borrow().join("\n");
        assert!(
            said.contains("p.csv: \"$\" in column \"price\" is read as USD")
                && said.contains("#{dollar: \"HKD\"}"),
            "{said}"
        );
        notes.borrow_mut().clear();
        let hkd = LoadOptions {
            dollar: Some(CurrencyCode::parse("HKD").unwrap()),
            ..excel()
        };
        let t = parse_csv(text, "p.csv", &hkd).unwrap();
        assert_eq!(money(&t.rows()[0][1]).unwrap().currency.as_str(), "HKD");
        assert!(notes.borrow().is_empty(), "{:?}", notes.borrow());
    }

    #[test]
    fn european_files_read_with_decimal_comma_and_semicolons() {
        let (_host, _notes) = notes();
        let options = LoadOptions {
            separator: b';',
            decimal_comma: true,
            ..LoadOptions::default()
        };
        let text = "name;amount;share\na;12.500.000,50;12,5 %\nb;1 234,5;7\nc;12.500;\n";
        let t = parse_csv(text, "eu.csv", &options).unwrap();
        let column =
            |c: usize| -> Vec<String> { t.rows().iter().map(|r| raw_text(&r[c])).collect() };
        assert_eq!(column(1), ["12500000.5", "1234.5", "12500"]);
        assert_eq!(column(2), ["0.125", "7", ""]);
        let t = parse_csv("x\n\"12,50 €\"\n", "eu.csv", &options).unwrap();
        assert_eq!(
            money(&t.rows()[0][0]).unwrap().amount,
            "12.5".parse::<Decimal>().unwrap()
        );
    }

    #[test]
    fn text_that_looks_like_numbers_is_named_per_column_with_five_lines() {
        let (_host, notes) = notes();
        let text = "a,b\n\"1,2345\",\"$1\"\n\"2,3456\",\"$2\"\n3,\"$3\"\n4,\"$4\"\n5,\"$5\"\n6,\"$6\"\n7,\"$7\"\n";
        parse_csv(text, "k.csv", &LoadOptions::default()).unwrap();
        let said = notes.borrow().join("\n");
        assert!(
            said.contains(
                "k.csv: column \"b\" has formatted numbers, kept as text: \"$1\" (line 2), \"$2\" \
                 (line 3), \"$3\" (line 4), \"$4\" (line 5), \"$5\" (line 6), 2 more; load with \
                 #{numbers: \"excel\"}"
            ),
            "{said}"
        );
        notes.borrow_mut().clear();
        let t = parse_csv(text, "k.csv", &excel()).unwrap();
        assert_eq!(raw_text(&t.rows()[0][0]), "1,2345");
        let said = notes.borrow().join("\n");
        assert!(
            said.contains(
                "k.csv: column \"a\" has cells that look like numbers but fit no reading, kept \
                 as text: \"1,2345\" (line 2), \"2,3456\" (line 3)"
            ),
            "{said}"
        );
    }
}
