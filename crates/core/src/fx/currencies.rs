//! Currency names and the words people type instead of codes (`RMB`, `YEN`, `UKP`), for
//! `:help fx` and the did-you-mean of an unknown code.

/// Names of the currencies whatif has rates for, by ISO 4217 code.
const NAMES: [(&str, &str); 42] = [
    ("AUD", "Australian dollar"),
    ("BGN", "Bulgarian lev"),
    ("BRL", "Brazilian real"),
    ("CAD", "Canadian dollar"),
    ("CHF", "Swiss franc"),
    ("CNY", "Chinese yuan renminbi"),
    ("CYP", "Cyprus pound (to 2007)"),
    ("CZK", "Czech koruna"),
    ("DKK", "Danish krone"),
    ("EEK", "Estonian kroon (to 2010)"),
    ("EUR", "euro"),
    ("GBP", "pound sterling"),
    ("HKD", "Hong Kong dollar"),
    ("HRK", "Croatian kuna (to 2022)"),
    ("HUF", "Hungarian forint"),
    ("IDR", "Indonesian rupiah"),
    ("ILS", "Israeli shekel"),
    ("INR", "Indian rupee"),
    ("ISK", "Icelandic krona"),
    ("JPY", "Japanese yen"),
    ("KRW", "South Korean won"),
    ("LTL", "Lithuanian litas (to 2014)"),
    ("LVL", "Latvian lats (to 2013)"),
    ("MTL", "Maltese lira (to 2007)"),
    ("MXN", "Mexican peso"),
    ("MYR", "Malaysian ringgit"),
    ("NOK", "Norwegian krone"),
    ("NZD", "New Zealand dollar"),
    ("PHP", "Philippine peso"),
    ("PLN", "Polish zloty"),
    ("ROL", "Romanian leu (old, to 2005)"),
    ("RON", "Romanian leu"),
    ("RUB", "Russian rouble (to 2022-03)"),
    ("SEK", "Swedish krona"),
    ("SGD", "Singapore dollar"),
    ("SIT", "Slovenian tolar (to 2006)"),
    ("SKK", "Slovak koruna (to 2008)"),
    ("THB", "Thai baht"),
    ("TRL", "Turkish lira (old, to 2004)"),
    ("TRY", "Turkish lira"),
    ("USD", "US dollar"),
    ("ZAR", "South African rand"),
];

/// Words that are not ISO codes but mean one.
const ALIASES: [(&str, &str); 14] = [
    ("RMB", "CNY"),
    ("CNH", "CNY"),
    ("YUAN", "CNY"),
    ("YEN", "JPY"),
    ("UKP", "GBP"),
    ("STG", "GBP"),
    ("POUND", "GBP"),
    ("EURO", "EUR"),
    ("EUROS", "EUR"),
    ("DOLLAR", "USD"),
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("SFR", "CHF"),
    ("WON", "KRW"),
];

/// The name of a currency, when whatif knows it.
pub fn name_of(code: &str) -> Option<&'static str> {
    NAMES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The code `text` most likely means among `known`: an alias (`RMB` → CNY), else the one
/// known code a single letter away.
pub fn did_you_mean(text: &str, known: &[String]) -> Option<String> {
    let upper = text.trim().to_ascii_uppercase();
    if let Some((_, code)) = ALIASES.iter().find(|(alias, _)| *alias == upper) {
        return known.iter().any(|k| k == code).then(|| code.to_string());
    }
    let close: Vec<&String> = known
        .iter()
        .filter(|k| {
            k.len() == upper.len()
                && k.bytes().zip(upper.bytes()).filter(|(a, b)| a != b).count() == 1
        })
        .collect();
    match close[..] {
        [one] => Some(one.clone()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_one_letter_typos_suggest_a_code() {
        let known: Vec<String> = NAMES.iter().map(|(c, _)| c.to_string()).collect();
        assert_eq!(did_you_mean("rmb", &known).as_deref(), Some("CNY"));
        assert_eq!(did_you_mean("YEN", &known).as_deref(), Some("JPY"));
        assert_eq!(did_you_mean("UKP", &known).as_deref(), Some("GBP"));
        assert_eq!(did_you_mean("USS", &known).as_deref(), Some("USD"));
        assert_eq!(did_you_mean("XYZ", &known), None);
        assert_eq!(name_of("CHF"), Some("Swiss franc"));
    }
}
