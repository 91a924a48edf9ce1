//! Script bindings of dates (`whatif_core::dates`): the `Date` type of a year, a month or a day,
//! its comparisons, arithmetic (EDATE, EOMONTH) and day counts (DAYS360, YEARFRAC). Every
//! function takes a `Date` or its text (`"2024-12-16"`); `date_text` lets the dated finance
//! functions take both too.

use std::cmp::Ordering;

use rhai::plugin::*;
use rhai::{ImmutableString, INT};

use super::Register;
use whatif_core::dates::{Date, Precision};

use crate::messages::{date as worded, date_error};
use crate::numbers::{script_error, RhaiResult};

/// Registers the `Date` type, its functions and its comparisons with text into `module`.
pub fn register(module: &mut Module) {
    module.register_type_with_name::<Date>("Date");
    module.combine_flatten(exported_module!(date_functions));
    register_comparisons(module);
}

/// A script value as a date: a `Date`, or text in one of its forms. `what` names the argument.
pub fn date_of(value: &Dynamic, what: &str) -> Result<Date, String> {
    if let Some(date) = value.read_lock::<Date>() {
        return Ok(*date);
    }
    if let Ok(text) = value.as_immutable_string_ref() {
        return Date::parse(&text).map_err(|e| format!("{what}: {}", worded(&e)));
    }
    // Only a four-digit number reads as a year: 5 is more likely a slip than the year 5.
    if let Ok(year) = value
        .as_int()
        .map_err(|_| ())
        .and_then(|y| year_of(y).map_err(|_| ()))
    {
        return Ok(year);
    }
    Err(format!(
        "{what} must be a date such as \"2024-12-16\" or date(\"2024-12-16\") (or a year such as 2019), not {}",
        if value.is_unit() {
            "an empty value (an empty cell?)".to_string()
        } else {
            crate::text::to_text::<crate::table::Table>(value)
        }
    ))
}

/// The `"YYYY-MM-DD"` text of a date argument for the dated finance functions (`xirr`,
/// `xnpv`, `cagr`): text passes as it is, for the core to read; a `Date` must be a day.
pub fn date_text(value: &Dynamic, what: &str) -> Result<ImmutableString, String> {
    if let Ok(text) = value.as_immutable_string_ref() {
        return Ok(text.clone());
    }
    let date = date_of(value, what)?;
    let day = date.to_day(what).map_err(|e| worded(&e))?;
    Ok(day.to_string().into())
}

/// A whole year from a four-digit number such as 2019, as the datasets give year-only dates.
fn year_of(year: INT) -> Result<Date, String> {
    match i16::try_from(year) {
        Ok(y) if (1000..=9999).contains(&y) => Ok(Date::year(y)),
        _ => Err(format!("{year} is not a four-digit year")),
    }
}

fn day_of(value: &Dynamic, what: &str) -> RhaiResult<whatif_core::dates::Day> {
    date_of(value, what)
        .and_then(|d| d.to_day(what).map_err(|e| worded(&e)))
        .map_err(script_error)
}

fn whole(value: &Dynamic, what: &str) -> RhaiResult<i64> {
    if let Ok(int) = value.as_int() {
        return Ok(int);
    }
    match value.as_decimal() {
        Ok(d) if d.fract().is_zero() => d
            .try_into()
            .map_err(|_| script_error(format!("{what} is too large: {}", d.normalize()))),
        _ => Err(script_error(format!(
            "{what} must be a whole number, not {}",
            crate::text::to_text::<crate::table::Table>(value)
        ))),
    }
}

fn ordering(a: &Date, b: &Date) -> RhaiResult<Ordering> {
    a.compare(b).map_err(date_error)
}

fn parsed(text: &str) -> RhaiResult<Date> {
    Date::parse(text).map_err(date_error)
}

/// `<`, `<=`, `>`, `>=`, `==` and `!=` between a `Date` and date text, either side.
fn register_comparisons(module: &mut Module) {
    macro_rules! comparisons {
        ($($op:literal => $test:expr),*) => {$(
            module.register_fn($op, |a: Date, b: ImmutableString| -> RhaiResult<bool> {
                Ok($test(ordering(&a, &parsed(&b)?)?))
            });
            module.register_fn($op, |a: ImmutableString, b: Date| -> RhaiResult<bool> {
                Ok($test(ordering(&parsed(&a)?, &b)?))
            });
        )*};
    }
    comparisons!(
        "<" => Ordering::is_lt,
        "<=" => Ordering::is_le,
        ">" => Ordering::is_gt,
        ">=" => Ordering::is_ge
    );
    // A date is never empty text: `r.date == ""` finds the blank cells, as with text.
    let same =
        |a: &Date, b: &str| -> RhaiResult<bool> { Ok(!b.trim().is_empty() && *a == parsed(b)?) };
    module.register_fn(
        "==",
        move |a: Date, b: ImmutableString| -> RhaiResult<bool> { same(&a, &b) },
    );
    module.register_fn(
        "==",
        move |a: ImmutableString, b: Date| -> RhaiResult<bool> { same(&b, &a) },
    );
    module.register_fn(
        "!=",
        move |a: Date, b: ImmutableString| -> RhaiResult<bool> { Ok(!same(&a, &b)?) },
    );
    module.register_fn(
        "!=",
        move |a: ImmutableString, b: Date| -> RhaiResult<bool> { Ok(!same(&b, &a)?) },
    );
}

#[export_module]
pub mod date_functions {
    use super::*;
    use crate::numbers::decimal_to_dynamic;
    use whatif_core::dates;

    /// A year, a month or a day (`type_of` says "Date").
    pub type Date = whatif_core::dates::Date;

    /// A date as precise as the data: a year `"2019"`, a quarter `"2024-Q3"`, a month
    /// `"2024-10"` or a day `"2024-12-16"`. It prints as its text; the datasets' and loaded
    /// files' dates are the same values. A date never compares with a number (`d >= 2019` is
    /// an error: write `d.year >= 2019` or `d >= date("2019")`); dates of different
    /// precisions compare when one ends before the other starts, and overlapping ones (`2019`
    /// and `2019-06-30`) are an error naming `as_of`, never a guess.
    ///
    /// ```rhai
    /// let d = date("2024-12-16");
    /// assert_eq(`${d}`, "2024-12-16");
    /// assert_eq(type_of(date("2019")), "Date");
    /// assert_eq(date("2024-10").precision, "month");
    /// assert_eq(date("2024-Q3").precision, "quarter");
    /// assert(date("2019") < date("2024-10-15"));
    /// let message = "";
    /// try { date("2019") < date("2019-06-30") } catch (e) { message = e }
    /// assert(message.contains("overlap"));
    /// assert_eq(softbank_deals.filter(|r| r.date != () && r.date.year >= 2019).len(), 3);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn date(text: &str) -> RhaiResult<Date> {
        Date::parse(text).map_err(|e| date_error(Date::parse_hint(text).unwrap_or(e)))
    }

    /// A day written in another form, read with its `format` (`%d` day, `%m` month, `%Y`
    /// year, as in strftime).
    ///
    /// ```rhai
    /// assert_eq(date("31/03/2024", "%d/%m/%Y"), date("2024-03-31"));
    /// assert_eq(date("12/31/2024", "%m/%d/%Y"), date("2024-12-31"));
    /// ```
    #[rhai_fn(name = "date", return_raw)]
    pub fn date_with_format(text: &str, format: &str) -> RhaiResult<Date> {
        Date::parse_with(text, format).map_err(|e| script_error(format!("date: {}", worded(&e))))
    }

    /// A day from its year, month and day numbers.
    ///
    /// ```rhai
    /// assert_eq(date(2024, 3, 31), date("2024-03-31"));
    /// ```
    #[rhai_fn(name = "date", return_raw)]
    pub fn date_ymd(year: INT, month: INT, day: INT) -> RhaiResult<Date> {
        Date::ymd(year, month, day).map_err(|e| script_error(format!("date: {}", worded(&e))))
    }

    /// A whole year from a number, as `date("2019")`.
    ///
    /// ```rhai
    /// assert_eq(date(2019), date("2019"));
    /// assert_eq(as_of(2019, "end"), date("2019-12-31"));
    /// ```
    #[rhai_fn(name = "date", return_raw)]
    pub fn date_year(year: INT) -> RhaiResult<Date> {
        year_of(year).map_err(|m| script_error(format!("date: {m}")))
    }

    /// A date stays itself, so `date(d)` takes a `Date` or text alike.
    ///
    /// ```rhai
    /// assert_eq(date(date("2024-10")), date("2024-10"));
    /// ```
    #[rhai_fn(name = "date")]
    pub fn date_itself(date: Date) -> Date {
        date
    }

    /// The date's text.
    ///
    /// ```rhai
    /// assert_eq(date("2024-10").to_string(), "2024-10");
    /// ```
    #[rhai_fn(name = "to_string", name = "to_debug")]
    pub fn to_string(date: &mut Date) -> String {
        date.to_string()
    }

    /// How precise the date is: `"year"`, `"quarter"`, `"month"` or `"day"`.
    ///
    /// ```rhai
    /// assert_eq(date("2019").precision, "year");
    /// ```
    #[rhai_fn(get = "precision", pure)]
    pub fn precision(date: &mut Date) -> String {
        match date.precision() {
            Precision::Year => "year",
            Precision::Quarter => "quarter",
            Precision::Month => "month",
            Precision::Day => "day",
        }
        .into()
    }

    /// The year of a date.
    ///
    /// ```rhai
    /// assert_eq(date("2024-12-16").year, 2024);
    /// ```
    #[rhai_fn(get = "year", pure)]
    pub fn year(date: &mut Date) -> INT {
        INT::from(date.first_day().year())
    }

    /// The month of a date (1 to 12); a year or a quarter has none, which is an error.
    ///
    /// ```rhai
    /// assert_eq(date("2024-10").month, 10);
    /// assert_eq(date("2024-12-16").month, 12);
    /// ```
    #[rhai_fn(get = "month", pure, return_raw)]
    pub fn month(date: &mut Date) -> RhaiResult<INT> {
        let whole = match date.precision() {
            Precision::Year => "year",
            Precision::Quarter => "quarter",
            Precision::Month | Precision::Day => "",
        };
        if !whole.is_empty() {
            return Err(script_error(format!(
                "{date} is a whole {whole} and has no month; choose a day with as_of(date, \
                 \"start\" | \"mid\" | \"end\")"
            )));
        }
        Ok(INT::from(date.first_day().month()))
    }

    /// The day of the month of a date (1 to 31); a year or month has none, which is an error.
    ///
    /// ```rhai
    /// assert_eq(date("2024-12-16").day, 16);
    /// ```
    #[rhai_fn(get = "day", pure, return_raw)]
    pub fn day(date: &mut Date) -> RhaiResult<INT> {
        if date.precision() != Precision::Day {
            return Err(script_error(format!(
                "{date} is not a day and has no day of the month; choose one with as_of(date, \
                 \"start\" | \"mid\" | \"end\")"
            )));
        }
        Ok(INT::from(date.first_day().day()))
    }

    /// Dates in order; a year and a month or day inside it overlap, which is an error (choose
    /// a day with `as_of`). Dates compare with date text too.
    ///
    /// ```rhai
    /// assert(date("2019") < date("2024-10"));
    /// assert(date("2024-12-16") > "2024-12-06");
    /// assert(date("2024-10") == date("2024-10"));
    /// ```
    #[rhai_fn(name = "<", return_raw)]
    pub fn less(a: Date, b: Date) -> RhaiResult<bool> {
        Ok(ordering(&a, &b)?.is_lt())
    }

    /// `a` is on or before `b`.
    ///
    /// ```rhai
    /// assert(date("2024-10") <= date("2024-10"));
    /// ```
    #[rhai_fn(name = "<=", return_raw)]
    pub fn less_or_equal(a: Date, b: Date) -> RhaiResult<bool> {
        Ok(ordering(&a, &b)?.is_le())
    }

    /// `a` is after `b`.
    ///
    /// ```rhai
    /// assert(date("2024-12-16") > date("2023"));
    /// ```
    #[rhai_fn(name = ">", return_raw)]
    pub fn greater(a: Date, b: Date) -> RhaiResult<bool> {
        Ok(ordering(&a, &b)?.is_gt())
    }

    /// `a` is on or after `b`.
    ///
    /// ```rhai
    /// assert(date("2025") >= date("2024-12-31"));
    /// ```
    #[rhai_fn(name = ">=", return_raw)]
    pub fn greater_or_equal(a: Date, b: Date) -> RhaiResult<bool> {
        Ok(ordering(&a, &b)?.is_ge())
    }

    /// The same date at the same precision: `2024` is not `2024-01-01`.
    ///
    /// ```rhai
    /// assert(date("2024-10") == date("2024-10"));
    /// assert(!(date("2024") == date("2024-01-01")));
    /// ```
    #[rhai_fn(name = "==")]
    pub fn equal(a: Date, b: Date) -> bool {
        a == b
    }

    /// Not the same date, or not at the same precision.
    ///
    /// ```rhai
    /// assert(date("2024") != date("2024-01-01"));
    /// ```
    #[rhai_fn(name = "!=")]
    pub fn not_equal(a: Date, b: Date) -> bool {
        a != b
    }

    /// The day a year or a month stands for: `"start"` (its first day), `"mid"` (the 15th of a
    /// month, 1 July of a year: the mid-year convention) or `"end"` (its last day). A day stays
    /// itself.
    ///
    /// ```rhai
    /// assert_eq(as_of("2019", "start"), date("2019-01-01"));
    /// assert_eq(as_of(date("2019"), "mid"), date("2019-07-01"));
    /// assert_eq(as_of("2024-02", "end"), date("2024-02-29"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn as_of(date: Dynamic, convention: &str) -> RhaiResult<Date> {
        let anchor = dates::Anchor::parse(convention).map_err(date_error)?;
        Ok(date_of(&date, "as_of").map_err(script_error)?.as_of(anchor))
    }

    /// Whole days from `from` to `to` (negative when `to` is earlier).
    ///
    /// ```rhai
    /// assert_eq(days_between("2024-12-06", "2024-12-16"), 10);
    /// assert_eq(days_between(date("2024-03-01"), "2024-02-28"), -2);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn days_between(from: Dynamic, to: Dynamic) -> RhaiResult<INT> {
        Ok(dates::days_between(
            day_of(&from, "days_between")?,
            day_of(&to, "days_between")?,
        ))
    }

    /// A day plus `days` (negative goes back).
    ///
    /// ```rhai
    /// assert_eq(add_days("2024-09-01", 96), date("2024-12-06"));
    /// assert_eq(add_days(date("2024-03-01"), -1), date("2024-02-29"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn add_days(date: Dynamic, days: Dynamic) -> RhaiResult<Date> {
        let day = day_of(&date, "add_days")?;
        let days = whole(&days, "add_days's days")?;
        dates::add_days(day, days)
            .map(Date::day)
            .map_err(date_error)
    }

    /// Excel's EDATE: the same day `months` later (or earlier), clamped to the last day of a
    /// shorter month. A month stays a month.
    ///
    /// ```rhai
    /// assert_eq(add_months("2011-01-15", -1), date("2010-12-15"));
    /// assert_eq(add_months("2011-01-31", 1), date("2011-02-28"));
    /// assert_eq(add_months(date("2024-10"), 3), date("2025-01"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn add_months(date: Dynamic, months: Dynamic) -> RhaiResult<Date> {
        let date = date_of(&date, "add_months").map_err(script_error)?;
        let months = whole(&months, "add_months's months")?;
        dates::add_months(date, months).map_err(date_error)
    }

    /// Excel's EOMONTH: the last day of the month `months` after the date's month.
    ///
    /// ```rhai
    /// assert_eq(eomonth("2011-01-01", 1), date("2011-02-28"));
    /// assert_eq(eomonth("2011-01-01", -3), date("2010-10-31"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn eomonth(date: Dynamic, months: Dynamic) -> RhaiResult<Date> {
        let date = date_of(&date, "eomonth").map_err(script_error)?;
        let months = whole(&months, "eomonth's months")?;
        dates::eomonth(date, months)
            .map(Date::day)
            .map_err(date_error)
    }

    /// Excel's YEARFRAC: the fraction of a year between two days on Excel's `basis`: 0 US
    /// (NASD) 30/360, 1 actual/actual, 2 actual/360, 3 actual/365, 4 European 30/360. Exact to
    /// 28 digits; the order of the days does not matter.
    ///
    /// ```rhai
    /// assert_near(year_frac("2012-01-01", "2012-07-30", 1), 0.57650273, 1e-8);
    /// assert_eq(year_frac("2019-01-01", "2024-01-01", 0), 5);
    /// ```
    #[rhai_fn(name = "year_frac", return_raw)]
    pub fn year_frac(start: Dynamic, end: Dynamic, basis: Dynamic) -> RhaiResult<Dynamic> {
        let basis = whole(&basis, "year_frac's basis")?;
        let basis = dates::Basis::from_code(basis).map_err(date_error)?;
        Ok(decimal_to_dynamic(dates::year_frac(
            day_of(&start, "year_frac")?,
            day_of(&end, "year_frac")?,
            basis,
        )))
    }

    /// YEARFRAC on basis 0 (US 30/360), Excel's default.
    ///
    /// ```rhai
    /// assert_near(year_frac("2012-01-01", "2012-07-30"), 0.58055556, 1e-8);
    /// ```
    #[rhai_fn(name = "year_frac", return_raw)]
    pub fn year_frac_us(start: Dynamic, end: Dynamic) -> RhaiResult<Dynamic> {
        year_frac(start, end, Dynamic::from_int(0))
    }

    /// Excel's DAYS360, US (NASD) method: days between two days on twelve 30-day months.
    ///
    /// ```rhai
    /// assert_eq(days360("2011-01-01", "2011-12-31"), 360);
    /// assert_eq(days360("2011-01-30", "2011-02-01"), 1);
    /// ```
    #[rhai_fn(name = "days360", return_raw)]
    pub fn days360(start: Dynamic, end: Dynamic) -> RhaiResult<INT> {
        days360_method(start, end, false)
    }

    /// DAYS360 with Excel's `method`: `true` for the European method (every 31st counts as the
    /// 30th), `false` for the US one.
    ///
    /// ```rhai
    /// assert_eq(days360("2011-01-01", "2011-12-31", true), 359);
    /// ```
    #[rhai_fn(name = "days360", return_raw)]
    pub fn days360_method(start: Dynamic, end: Dynamic, european: bool) -> RhaiResult<INT> {
        Ok(dates::days360(
            day_of(&start, "days360")?,
            day_of(&end, "days360")?,
            european,
        ))
    }
}
