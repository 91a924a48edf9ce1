//! Days as `yyyymmdd` numbers, the form the ECB's table is indexed by: their text, their
//! distance, and the days a period covers.

use super::Period;

/// A day as `yyyymmdd`, which sorts as the calendar does.
pub type Ymd = u32;

/// `2016-03-15` for `20160315`.
pub fn ymd_text(day: Ymd) -> String {
    format!("{}-{:02}-{:02}", day / 10000, day / 100 % 100, day % 100)
}

/// Days since 1970-01-01 of a `yyyymmdd` (the proleptic Gregorian calendar).
pub(super) fn day_number(day: Ymd) -> i64 {
    let (y, m, d) = (
        i64::from(day / 10000),
        i64::from(day / 100 % 100),
        i64::from(day % 100),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The first and last day a period covers, as `yyyymmdd` (a month's last day may not exist:
/// only the order matters).
pub fn period_days(period: Period) -> (Ymd, Ymd) {
    let ymd = |y: i64, m: u32, d: u32| (y.clamp(0, 9999) as u32) * 10000 + m * 100 + d;
    match period {
        Period::Year(y) => (ymd(y, 1, 1), ymd(y, 12, 31)),
        Period::Month(y, m) => (ymd(y, m, 1), ymd(y, m, 31)),
        Period::Day(y, m, d) => (ymd(y, m, d), ymd(y, m, d)),
    }
}
