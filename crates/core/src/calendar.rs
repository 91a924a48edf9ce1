//! Calendar dates as analysts write them (`"YYYY-MM-DD"`), turned into day numbers so that the
//! finance functions can count actual days (XNPV, XIRR, date-based CAGR). A small civil-calendar
//! conversion is all they need, so no date library is pulled in.

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

fn digits(part: &str, len: usize) -> Option<u32> {
    if part.len() == len && part.bytes().all(|b| b.is_ascii_digit()) {
        part.parse().ok()
    } else {
        None
    }
}

/// Parses `"YYYY-MM-DD"` into a day number; the error quotes the text and says what is wrong.
pub fn parse_date(text: &str) -> Result<i64, String> {
    let bad = || format!("{text:?} is not a date in the form \"YYYY-MM-DD\"");
    let mut parts = text.trim().split('-');
    let (Some(y), Some(m), Some(d), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let (Some(year), Some(month), Some(day)) = (digits(y, 4), digits(m, 2), digits(d, 2)) else {
        return Err(bad());
    };
    if !(1..=12).contains(&month) {
        return Err(format!("{text:?} has no month {month}"));
    }
    let year = i64::from(year);
    if day == 0 || day > days_in_month(year, month) {
        return Err(format!(
            "{text:?}: month {month} of {year} has no day {day}"
        ));
    }
    Ok(days_from_civil(year, month, day))
}

/// Parses `"YYYY-MM"` into (year, month).
pub fn parse_year_month(text: &str) -> Result<(i64, u32), String> {
    let bad = || format!("{text:?} is not a month in the form \"YYYY-MM\"");
    let mut parts = text.trim().split('-');
    let (Some(y), Some(m), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    match (digits(y, 4), digits(m, 2)) {
        (Some(year), Some(month)) if (1..=12).contains(&month) => Ok((i64::from(year), month)),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_match_known_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(parse_date("2000-03-01").unwrap(), 11_017);
        assert_eq!(
            parse_date("2024-02-29").unwrap() - parse_date("2024-02-28").unwrap(),
            1
        );
        assert_eq!(
            parse_date("2009-04-01").unwrap() - parse_date("2008-01-01").unwrap(),
            456
        );
        assert_eq!(parse_date("1900-01-01").unwrap(), -25_567);
    }

    #[test]
    fn bad_dates_say_why() {
        assert!(parse_date("2023-02-29").unwrap_err().contains("no day 29"));
        assert!(parse_date("2023-13-01")
            .unwrap_err()
            .contains("no month 13"));
        assert!(parse_date("2023/01/01").is_err());
        assert!(parse_date("23-01-01").is_err());
        assert_eq!(parse_year_month("2024-12").unwrap(), (2024, 12));
        assert!(parse_year_month("2024-00").is_err());
    }
}
