//! Money in tables: the aggregates of a money column (one currency, or an error naming the
//! first row in another), building money cells from an amount column and a currency column or
//! code (`load_csv(path, #{money: …})`), converting a money column to one currency
//! (`t.convert`), and flattening money for files (the exact amount in its column, the code in
//! the row's `currency` column or in `<column>_currency`), so that saving and loading
//! round-trip.

use std::collections::HashMap;

use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_core::fx::{FxSession, FxSource, Period};
use whatif_core::money::{self, CurrencyCode, Money};

use super::cell;
use super::{Table, TableError, TableResult, UsedRate, NO_RATE};

/// The column every money column of a dataset shares its code with.
pub const CURRENCY_COLUMN: &str = "currency";

/// A column aggregate.
#[derive(Debug, Clone, Copy)]
pub enum Aggregate {
    /// The total.
    Sum,
    /// The mean.
    Mean,
    /// The smallest.
    Min,
    /// The largest.
    Max,
}

/// How row `i` is named in an error: by its `id`, else its line in the file it came from.
fn row_name(t: &Table, i: usize) -> String {
    t.row_label(i)
}

/// The aggregate of column `c` over `rows` when the column holds money (`None` when its first
/// non-empty cell is not money: the plain-number aggregates apply). Mixed currencies, or money
/// mixed with numbers, are errors naming the row.
pub fn aggregate(
    t: &Table,
    c: usize,
    rows: &[u32],
    kind: Aggregate,
) -> TableResult<Option<Dynamic>> {
    let mut cells = rows
        .iter()
        .map(|&i| (i as usize, &t.rows()[i as usize][c]))
        .filter(|(_, v)| !v.is_unit())
        .peekable();
    match cells.peek() {
        Some((_, first)) if cell::money(first).is_some() => {}
        _ => return Ok(None),
    }
    let mut amounts = Vec::new();
    let mut at = Vec::new();
    for (i, v) in cells {
        let Some(m) = cell::money(v) else {
            return Err(TableError::new(format!(
                "column {:?} mixes money and other values: {} is {}, the rows before it money",
                t.columns()[c],
                row_name(t, i),
                super::value_text(v)
            )));
        };
        amounts.push(m);
        at.push(i);
    }
    let which = |k: usize| row_name(t, at[k]);
    let result = match kind {
        Aggregate::Sum => money::sum(&amounts, &which),
        Aggregate::Mean => money::mean(&amounts, &which),
        Aggregate::Min => money::extreme(&amounts, false, &which),
        Aggregate::Max => money::extreme(&amounts, true, &which),
    }
    .map_err(|e| {
        let e = match e {
            money::MoneyError::MixedAggregate {
                what,
                which,
                found,
                expected,
                ..
            } => money::MoneyError::MixedAggregate {
                what,
                which,
                found,
                expected,
                column: Some(t.columns()[c].clone()),
            },
            other => other,
        };
        TableError::new(format!(
            "column {:?}: {}",
            t.columns()[c],
            crate::messages::money(&e)
        ))
    })?;
    Ok(Some(result.map_or(Dynamic::UNIT, Dynamic::from)))
}

/// Where the code of a money column's cells comes from.
enum Code {
    Column(usize),
    Fixed(CurrencyCode),
}

/// The table with `column`'s numbers as money: `currency` names a column of codes or is a
/// code for every row. An empty amount stays empty; an amount without a code is an error.
pub fn with_money(t: &Table, column: &str, currency: &str) -> TableResult<Table> {
    let c = t.column_index(column)?;
    let code = match t.column_index(currency) {
        Ok(i) => Code::Column(i),
        // A code must be one money knows (as `money(x, code)` requires): a misspelled column
        // such as "cur" would otherwise become the currency "CUR".
        Err(_) => Code::Fixed(
            money::known_currency(currency, &whatif_core::fx::known_codes()).map_err(|_| {
                let hint = crate::messages::closest(currency, t.columns().iter().map(String::as_str))
                    .map(|c| format!("; did you mean the column {c:?}?"))
                    .unwrap_or_default();
                TableError::new(format!(
                    "money: {currency:?} is neither a column ({}) nor a known currency code ({}){hint}",
                    t.columns().join(", "),
                    whatif_core::fx::known_codes().join(", ")
                ))
            })?,
        ),
    };
    let mut rows = Vec::with_capacity(t.len());
    for (i, row) in t.rows().iter().enumerate() {
        let mut row = row.to_vec();
        let cell = &row[c];
        if !cell.is_unit() && cell::money(cell).is_none() {
            let Some(amount) = cell::number(cell) else {
                return Err(TableError::new(format!(
                    "money: {} has {} in column {column:?}, not a number",
                    row_name(t, i),
                    super::value_text(cell)
                )));
            };
            let code = match &code {
                Code::Fixed(code) => *code,
                Code::Column(k) => {
                    let text = cell::raw_text(&row[*k]);
                    CurrencyCode::parse(&text).map_err(|_| {
                        TableError::new(format!(
                            "money: {} has the amount {} but {:?} in column {currency:?}, not a \
                             currency code like \"USD\"",
                            row_name(t, i),
                            amount.normalize(),
                            text
                        ))
                    })?
                }
            };
            row[c] = Dynamic::from(Money::new(amount, code));
        }
        rows.push(row);
    }
    let kept = t.columns().iter().map(|n| (n.clone(), n.clone())).collect();
    Ok(t.with(t.columns().to_vec(), rows)
        .made_from(t, super::How::Columns(kept)))
}

/// How `t.convert` picks each row's rate: one period, or a column holding a year or a date.
pub enum PeriodChoice {
    /// One period for every row.
    Fixed(Period),
    /// A column holding each row's year or date.
    Column(String),
}

/// The period a cell names: a year (`2024`), a month (`"2024-07"`, its published average or
/// the mean of its ECB rates) or a day (`"2024-07-15"`, its ECB rate). A quarter (`"2024-Q3"`)
/// takes its year's rate.
pub(crate) fn period_of_cell(value: &Dynamic) -> Result<Period, String> {
    if let Ok(year) = value.as_int() {
        return Ok(Period::Year(year));
    }
    let text = cell::raw_text(value);
    let text = text.trim();
    if text.is_empty() {
        return Err("the period is empty; filter such rows out or convert at one period".into());
    }
    if let Ok(period) = Period::parse(text) {
        return Ok(period);
    }
    let quarter = text.len() == 7
        && text.as_bytes()[4] == b'-'
        && matches!(
            &text[5..],
            "Q1" | "Q2" | "Q3" | "Q4" | "q1" | "q2" | "q3" | "q4"
        );
    if quarter {
        if let Ok(year) = Period::parse(&text[..4]) {
            return Ok(year);
        }
    }
    // An impossible day (`2024-13-45`) keeps the calendar's own diagnosis.
    whatif_core::dates::Date::parse(text).map_err(|e| crate::messages::date(&e))?;
    Err(format!(
        "{text:?} is not a year, a month \"YYYY-MM\" or a date \"YYYY-MM-DD\""
    ))
}

/// What `t.convert(…, options)` may choose besides the period: the source of the rates, and a
/// column that receives each row's rate (units of the target per one unit of the row's
/// currency, exact), so a reader of the table sees the rate beside the amount.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// The source of the rates (`#{source: "ECB"}`); the session's choice when `None`.
    pub source: Option<FxSource>,
    /// The name of a new column, after the amounts, holding each row's rate.
    pub rate_column: Option<String>,
}

/// The table with every amount of `column` converted to `to` (money in, money out; empty cells
/// stay empty), each row at the rate of `period`.
pub fn convert(
    t: &Table,
    fx: &FxSession,
    column: &str,
    to: &str,
    period: &PeriodChoice,
) -> TableResult<Table> {
    convert_with(t, fx, column, to, period, &ConvertOptions::default())
}

/// [`convert`] with a chosen source and, if asked, a column of the rates used.
pub fn convert_with(
    t: &Table,
    fx: &FxSession,
    column: &str,
    to: &str,
    period: &PeriodChoice,
    options: &ConvertOptions,
) -> TableResult<Table> {
    let c = t.column_index(column)?;
    let source = options.source.unwrap_or_else(|| fx.source());
    if let Some(name) = &options.rate_column {
        if t.columns().iter().any(|existing| existing == name) {
            return Err(TableError::new(format!(
                "convert: the table already has a column {name:?}; name the rate column \
                 something else, e.g. #{{rate_column: \"{name}_{}\"}}",
                to.to_ascii_lowercase()
            )));
        }
    }
    let target = CurrencyCode::parse(to)
        .map_err(|e| TableError::new(format!("convert: {}", crate::messages::money(&e))))?;
    // The fixed period, or the index of the column that names each row's.
    let period: Result<Period, usize> = match period {
        PeriodChoice::Column(name) => Err(t.column_index(name)?),
        PeriodChoice::Fixed(p) => Ok(*p),
    };
    // The row's `currency` cell names the converted amount's code when it agrees with it; it
    // follows the conversion (else filters and group_by("currency") would see the old code)
    // unless another money cell of the row still uses the old code.
    let shared = t.column_index(CURRENCY_COLUMN).ok().filter(|&k| k != c);
    let mut rows = Vec::with_capacity(t.len());
    // Each rate once per currency and period; each row keeps which it used, for `explain`.
    let mut quotes: Vec<UsedRate> = Vec::new();
    let mut known: HashMap<(CurrencyCode, Period), u32> = HashMap::new();
    let mut used: Vec<u32> = Vec::with_capacity(t.len());
    // Each row's rate, when asked for (empty for a row with no amount).
    let mut rates: Vec<Dynamic> = Vec::new();
    for (i, row) in t.rows().iter().enumerate() {
        let mut row = row.to_vec();
        used.push(NO_RATE);
        if row[c].is_unit() && options.rate_column.is_some() {
            rates.push(Dynamic::UNIT);
        }
        if !row[c].is_unit() {
            let Some(m) = cell::money(&row[c]) else {
                return Err(TableError::new(format!(
                    "convert: {} has {} in column {column:?}, not money; make the column money \
                     first, e.g. load_csv(path, #{{money: #{{{column}: \"currency\"}}}})",
                    row_name(t, i),
                    super::value_text(&row[c])
                )));
            };
            let at = |e: String| TableError::new(format!("convert: {}: {e}", row_name(t, i)));
            let fx_at = |e: whatif_core::fx::FxError| at(crate::messages::fx(&e));
            let period = match period {
                Ok(p) => p,
                Err(k) => period_of_cell(&row[k]).map_err(at)?,
            };
            let q = match known.get(&(m.currency, period)) {
                Some(&q) => q,
                None => {
                    let quote = fx
                        .quote_with(m.currency.as_str(), target.as_str(), period, source)
                        .map_err(fx_at)?;
                    quotes.push(UsedRate {
                        from: m.currency.to_string(),
                        to: target.to_string(),
                        period,
                        quote,
                        source,
                    });
                    let q = (quotes.len() - 1) as u32;
                    known.insert((m.currency, period), q);
                    q
                }
            };
            let rate = quotes[q as usize].quote.rate;
            let amount = rate.apply(m.amount).map_err(fx_at)?;
            if options.rate_column.is_some() {
                let value = rate.value().map_err(fx_at)?;
                rates.push(crate::numbers::decimal_to_dynamic(value));
            }
            if !quotes[q as usize].quote.rows.is_empty() {
                used[i] = q;
            }
            row[c] = Dynamic::from(Money::new(amount, target));
            if let Some(k) = shared {
                let names_old = cell::raw_text(&row[k])
                    .trim()
                    .eq_ignore_ascii_case(m.currency.as_str());
                let others_use_old = row.iter().enumerate().any(|(j, v)| {
                    j != c && cell::money(v).is_some_and(|o| o.currency == m.currency)
                });
                if names_old && !others_use_old {
                    row[k] = Dynamic::from(target.to_string());
                }
            }
        }
        rows.push(row);
    }
    let how = super::How::Converted {
        column: column.to_string(),
        currency: shared.map(|k| t.columns()[k].clone()),
        quotes,
        rows: used,
    };
    let mut columns = t.columns().to_vec();
    if let Some(name) = &options.rate_column {
        columns.insert(c + 1, name.clone());
        for (row, rate) in rows.iter_mut().zip(rates) {
            row.insert(c + 1, rate);
        }
    }
    Ok(t.with(columns, rows).made_from(t, how))
}

/// Where a written money column's codes go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodesAt {
    /// The table's own `currency` column, which every row agrees with.
    Shared,
    /// A new column `<column>_currency` after it.
    Added(String),
    /// Nowhere: the column holds one currency, which a workbook shows in each cell's number
    /// format (only when asked for: CSV has no formats).
    Format(CurrencyCode),
}

/// Each money column of `t` and where its codes go when written; `formats` when the file
/// shows a currency in a cell's number format (a workbook), so that a column of one
/// currency needs no code column.
pub fn money_layout(t: &Table, formats: bool) -> Vec<(usize, CodesAt)> {
    let money_columns: Vec<usize> = (0..t.columns().len())
        .filter(|&c| t.rows().iter().any(|r| cell::money(&r[c]).is_some()))
        .collect();
    let shared = t.column_index(CURRENCY_COLUMN).ok();
    let agrees = |c: usize| {
        shared.is_some_and(|k| {
            t.rows().iter().all(|r| match cell::money(&r[c]) {
                Some(m) => {
                    let text = cell::raw_text(&r[k]);
                    text.is_empty() || text == m.currency.as_str()
                }
                None => true,
            })
        })
    };
    // The one currency of a column whose every non-empty cell is money in it.
    let single = |c: usize| -> Option<CurrencyCode> {
        let mut code = None;
        for r in t.rows().iter() {
            if r[c].is_unit() {
                continue;
            }
            let m = cell::money(&r[c])?;
            if code.is_some_and(|k| k != m.currency) {
                return None;
            }
            code = Some(m.currency);
        }
        code
    };
    money_columns
        .into_iter()
        .map(|c| {
            if agrees(c) {
                return (c, CodesAt::Shared);
            }
            if let Some(code) = single(c).filter(|_| formats) {
                return (c, CodesAt::Format(code));
            }
            let mut code_name = format!("{}_currency", t.columns()[c]);
            while t.columns().contains(&code_name) {
                code_name.push('_');
            }
            (c, CodesAt::Added(code_name))
        })
        .collect()
}

/// The table as files hold it: each money column's exact amounts as numbers, their codes in
/// the `currency` column when every row agrees with it (an empty `currency` cell takes the
/// code), otherwise in a new column `<column>_currency` after it. Tables without money are
/// returned as they are.
pub fn flattened(t: &Table) -> Table {
    flattened_as(t, &money_layout(t, false))
}

/// `flattened` with the codes where `layout` (from `money_layout`) puts them.
pub fn flattened_as(t: &Table, layout: &[(usize, CodesAt)]) -> Table {
    if layout.is_empty() {
        return t.clone();
    }
    let shared = t.column_index(CURRENCY_COLUMN).ok();
    let uses_shared: Vec<usize> = layout
        .iter()
        .filter(|(_, at)| *at == CodesAt::Shared)
        .map(|(c, _)| *c)
        .collect();
    let mut columns: Vec<String> = Vec::new();
    // For each output column: the source column, and whether it is the code of a money column.
    let mut plan: Vec<(usize, bool)> = Vec::new();
    for (c, name) in t.columns().iter().enumerate() {
        columns.push(name.clone());
        plan.push((c, false));
        if let Some((_, CodesAt::Added(code_name))) = layout.iter().find(|(m, _)| *m == c) {
            columns.push(code_name.clone());
            plan.push((c, true));
        }
    }
    let rows = t
        .rows()
        .iter()
        .map(|row| {
            let code_of = |c: usize| cell::money(&row[c]).map(|m| m.currency.to_string());
            plan.iter()
                .map(|&(c, is_code)| {
                    if is_code {
                        return code_of(c).map_or(Dynamic::UNIT, Dynamic::from);
                    }
                    if let Some(m) = cell::money(&row[c]) {
                        return crate::numbers::decimal_to_dynamic(m.amount);
                    }
                    if Some(c) == shared && cell::raw_text(&row[c]).is_empty() {
                        if let Some(code) = uses_shared.iter().find_map(|&m| code_of(m)) {
                            return Dynamic::from(code);
                        }
                    }
                    row[c].clone()
                })
                .collect()
        })
        .collect();
    Table::from_parts(columns, rows)
}

/// The amount of a money cell, for the human formats' compact money views.
pub fn amount(value: &Dynamic) -> Option<(Decimal, CurrencyCode)> {
    cell::money(value).map(|m| (m.amount, m.currency))
}

/// Column `c` holds money of at most one currency; otherwise an error for `what` (`"sort"`)
/// naming the first row in another currency, as ordering yuan among dollars would rank
/// unlike things.
pub fn one_currency(t: &Table, c: usize, what: &str) -> TableResult<()> {
    let mut first: Option<CurrencyCode> = None;
    for (i, row) in t.rows().iter().enumerate() {
        let Some(m) = cell::money(&row[c]) else {
            continue;
        };
        match first {
            None => first = Some(m.currency),
            Some(code) if code != m.currency => {
                let column = &t.columns()[c];
                return Err(TableError::new(format!(
                    "{what}: column {column:?} mixes currencies: {} is in {}, the rows before \
                     it in {code}; convert first, e.g. t.convert({column:?}, \"{code}\", 2024), \
                     or filter one currency",
                    row_name(t, i),
                    m.currency
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::tests::{dec, int, text};

    fn money_table() -> Table {
        let t = Table::new(
            vec!["id".into(), "currency".into(), "amount".into()],
            vec![
                vec![text("a"), text("USD"), dec("1.5")],
                vec![text("b"), text("USD"), int(2)],
                vec![text("c"), text("CNY"), int(7)],
                vec![text("d"), text("CNY"), Dynamic::UNIT],
            ],
        )
        .unwrap();
        with_money(&t, "amount", "currency").unwrap()
    }

    fn only(t: &Table, code: &str) -> Table {
        t.filter_rows(|_, r| Ok::<_, ()>(cell::raw_text(&r.get_or_unit("currency")) == code))
            .unwrap()
    }

    #[test]
    fn mixed_currencies_name_the_row_and_both_codes() {
        let t = money_table();
        let e = t.sum("amount").unwrap_err().0;
        assert!(
            e.contains("the row with id \"c\" is in CNY, the items before it in USD"),
            "{e}"
        );
        let usd = only(&t, "USD");
        let total = usd.sum("amount").unwrap();
        assert_eq!(cell::money(&total).unwrap().display(), "3.5 USD");
        let groups = t.group_by("currency").unwrap().sum("amount").unwrap();
        assert_eq!(
            cell::money(&groups.rows()[1][1]).unwrap().display(),
            "7 CNY"
        );
    }

    #[test]
    fn files_keep_the_exact_amount_and_its_code() {
        let t = money_table();
        let flat = flattened(&t);
        assert_eq!(flat.columns(), t.columns());
        assert_eq!(cell::raw_text(&flat.rows()[0][2]), "1.5");
        let no_code = Table::new(
            vec!["amount".into()],
            vec![vec![Dynamic::from(t.rows()[0][2].clone())]],
        )
        .unwrap();
        let flat = flattened(&no_code);
        assert_eq!(flat.columns(), ["amount", "amount_currency"]);
        assert_eq!(cell::raw_text(&flat.rows()[0][1]), "USD");
        let back = with_money(&flat, "amount", "amount_currency").unwrap();
        assert!(cell::equal(&back.rows()[0][0], &t.rows()[0][2]));
    }

    #[test]
    fn convert_uses_each_rows_period() {
        let fx = FxSession::new();
        let t = only(&money_table(), "CNY");
        let t = Table::new(
            vec!["currency".into(), "amount".into(), "date".into()],
            vec![vec![
                t.rows()[0][1].clone(),
                t.rows()[0][2].clone(),
                text("2024-06"),
            ]],
        )
        .unwrap();
        let converted = convert(
            &t,
            &fx,
            "amount",
            "USD",
            &PeriodChoice::Column("date".into()),
        )
        .unwrap();
        // June 2024 has a published monthly average: 7 / 7.2547.
        let m = cell::money(&converted.rows()[0][1]).unwrap();
        assert_eq!(m.currency, CurrencyCode::USD);
        assert_eq!(
            m.amount,
            (Decimal::from(7) / "7.2547".parse::<Decimal>().unwrap()).normalize()
        );
    }
}
