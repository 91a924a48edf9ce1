//! Script functions that move tables through files and text: `save` (every text format and
//! `.xlsx` and `.parquet`), `load_csv`, `load_json`, `parse_csv`, `parse_json`, `save_xlsx`,
//! `load_xlsx` and `load_parquet`,
//! with their options maps.

use rhai::plugin::*;

use super::{err, names};
use crate::formats::Format;
use crate::numbers::{script_error, RhaiResult};
use crate::table::layout::{row_number, Names};
use crate::table::xlsx::ErrorValues;
use crate::table::{Table, TableError};

/// A loaded table with the `money` option applied, if it was given.
fn with_money_option(
    loaded: Result<Table, TableError>,
    options: &crate::table::load::LoadOptions,
) -> RhaiResult<Table> {
    let mut t = loaded.map_err(err)?;
    for (column, currency) in &options.money {
        t = crate::table::money::with_money(&t, column, currency).map_err(err)?;
    }
    Ok(t)
}

/// Writes `t` to `path` in `format`, atomically and under the file policy.
fn save_with(t: &Table, path: &str, format: &Format) -> RhaiResult<()> {
    format.save(t, path).map_err(err)
}

/// The sheets of `save_xlsx`'s map, in its (sorted) key order.
fn sheets_of(sheets: rhai::Map) -> RhaiResult<Vec<(String, Table)>> {
    sheets
        .into_iter()
        .map(|(name, value)| match value.read_lock::<Table>() {
            Some(t) => Ok((name.to_string(), t.clone())),
            None => crate::value::as_table(&value)
                .map(|t| (name.to_string(), t))
                .ok_or_else(|| {
                    script_error(format!(
                        "save_xlsx: sheet {:?} must be a table, not {}",
                        name.as_str(),
                        crate::value::to_text(&value)
                    ))
                }),
        })
        .collect()
}

/// `#{exact_text: true}` for `save_xlsx`; other keys are mistakes worth naming.
fn write_options(options: &rhai::Map) -> RhaiResult<crate::table::xlsx::WriteOptions> {
    let mut out = crate::table::xlsx::WriteOptions::default();
    for (key, value) in options {
        match key.as_str() {
            "exact_text" => {
                out.exact_text = value.as_bool().map_err(|_| {
                    script_error("save_xlsx: exact_text must be true or false".to_string())
                })?
            }
            other => {
                return Err(script_error(format!(
                    "save_xlsx: unknown option {other:?}; the option is exact_text"
                )))
            }
        }
    }
    Ok(out)
}

/// The options of `load_xlsx`, for messages.
const XLSX_KEYS: [&str; 9] = [
    "sheet", "header", "skip", "range", "names", "errors", "text", "money", "dates",
];

/// `#{sheet: "…", header: 3, skip: 2, range: "B3:H40", names: "dedupe", errors: "fail", text:
/// ["col", …], money: #{amount: "currency"}}` for `load_xlsx`.
fn read_options(options: &rhai::Map) -> RhaiResult<crate::table::xlsx::ReadOptions> {
    let mut out = crate::table::xlsx::ReadOptions::default();
    for (key, value) in options {
        match key.as_str() {
            "sheet" => {
                out.sheet = Some(value.clone().into_string().map_err(|_| {
                    script_error("load_xlsx: sheet must be a sheet name in quotes".to_string())
                })?)
            }
            "text" => {
                let columns = value
                    .read_lock::<rhai::Array>()
                    .map(|a| a.clone())
                    .ok_or_else(|| {
                        script_error("load_xlsx: text must be a list of column names".to_string())
                    })?;
                out.text = names(&columns, "load_xlsx")?;
            }
            "money" => {
                out.money = crate::table::load::money_columns(value, "load_xlsx").map_err(err)?
            }
            "dates" => {
                out.dates =
                    crate::table::load::dates::date_formats(value, "load_xlsx").map_err(err)?
            }
            "header" => {
                out.header = Some(row_number(value, "header", 1, "load_xlsx").map_err(err)?)
            }
            "skip" => out.skip = row_number(value, "skip", 0, "load_xlsx").map_err(err)?,
            "range" => {
                out.range = Some(value.clone().into_string().map_err(|_| {
                    script_error(
                        "load_xlsx: range must be an Excel range in quotes, such as \"B3:H40\""
                            .to_string(),
                    )
                })?)
            }
            "names" => out.names = Names::from_value(value, "load_xlsx").map_err(err)?,
            "errors" => {
                out.errors = match value.clone().into_string().as_deref() {
                    Ok("empty") => ErrorValues::Empty,
                    Ok("fail") => ErrorValues::Fail,
                    _ => {
                        return Err(script_error(
                            "load_xlsx: errors must be \"empty\" (the default: #N/A and the \
                             like read as empty cells, with a note) or \"fail\" (refuse the \
                             sheet)"
                                .to_string(),
                        ))
                    }
                }
            }
            other => {
                return Err(script_error(format!(
                    "load_xlsx: unknown option {other:?}; the options are {}",
                    XLSX_KEYS.join(", ")
                )))
            }
        }
    }
    Ok(out)
}

#[export_module]
pub mod file_functions {
    use rhai::Map;

    use super::{err, read_options, save_with, sheets_of, with_money_option, write_options};
    use crate::formats::Format as Output;
    use crate::numbers::{script_error, RhaiResult};
    use crate::table::load::{self, Format, LoadOptions};
    use crate::table::xlsx;

    pub type Table = crate::table::Table;

    /// Saves the table to a file in the format its extension names (`.csv`, `.md`, `.html`,
    /// `.txt` (a box drawing), `.xlsx`, `.parquet`, …: every format `:format` lists). The write is atomic: a failed save leaves no
    /// file behind, and an existing file is replaced only once the new one is complete.
    ///
    /// ```rhai
    /// let t = table(["name", "amount"], [["OpenAI", 40e9]]);
    /// // save(t, "rounds.csv") writes rounds.csv; a missing folder is an error:
    /// let message = "";
    /// try { save(t, "no_such_folder/rounds.csv") } catch (e) { message = e }
    /// assert(message.contains("does not exist"));
    /// ```
    #[rhai_fn(name = "save", pure, return_raw)]
    pub fn save_by_extension(t: &mut Table, path: &str) -> RhaiResult<()> {
        let format = Output::from_path(path).map_err(script_error)?;
        save_with(t, path, format)
    }

    /// Saves the table to a file in the named format, whatever the extension.
    ///
    /// ```rhai
    /// let t = table(["name"], [["OpenAI"]]);
    /// // save(t, "report.txt", "markdown") writes markdown into report.txt
    /// let message = "";
    /// try { save(t, "report.txt", "xls") } catch (e) { message = e }
    /// assert(message.contains("unknown table format"));
    /// ```
    #[rhai_fn(name = "save", pure, return_raw)]
    pub fn save_as(t: &mut Table, path: &str, format: &str) -> RhaiResult<()> {
        let format = Output::for_table(format, true).map_err(script_error)?;
        save_with(t, path, format)
    }

    /// Loads a CSV file with a header row: numbers become exact integers or decimals, ISO
    /// dates (`2024-03-31`, `2024-03`) dates, empty cells `()`; a malformed row is an error
    /// naming its line. Dates written another way (`31/03/2024`) stay text with a note. A number with more digits
    /// than a decimal holds (28) stays text, never rounded, and a note says so; cells such as
    /// `3,000,000` or `$300` stay text too, with a note offering `numbers: "excel"`.
    ///
    /// ```rhai
    /// let t = load_csv("tests/fixtures/rounds.csv");
    /// assert_eq(t.columns(), ["company", "country", "amount"]);
    /// assert_eq(t.row(1).amount, 1000000000.5);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_csv(path: &str) -> RhaiResult<Table> {
        load::load_csv(path, &LoadOptions::default()).map_err(err)
    }

    /// `load_csv` with options: `separator` (one character, `";"` for European files, `"\t"`
    /// for tabs), `text` (columns kept as text, such as codes with leading zeros: `08123`),
    /// `numbers: "excel"` (read `3,000,000`, `(50)` as −50, `12%` as 0.12, magnitudes `1.5M`,
    /// `2bn`, `821.29亿`, and amounts with a currency as money: `$300`, `US$1,000`,
    /// `HK$45,000,000`, `€5`, `CN¥3`, `CHF 1000`, `1,000 USD`; `$` alone is USD unless
    /// `dollar: "HKD"` says otherwise), `decimal: ","` (European numbers: `12.500.000,50`),
    /// `money` (`#{amount: "currency"}` makes `amount` money in the code of each row's
    /// `currency` column, `#{price: "USD"}` in one code: how a table saved with money loads
    /// back), `header: 3` (the header's line number) or `skip: 2` (lines above it: a title,
    /// notes), `names: "dedupe"` (an empty header becomes `column_3`, a repeated one
    /// `amount_2`, instead of an error), `dates` (`#{dates: #{"Close Date": "%d/%m/%Y"}}`
    /// reads a column of dates written another way, `%d` day, `%m` month, `%Y` year; a cell
    /// in neither that form nor ISO is an error naming its line).
    ///
    /// ```rhai
    /// let t = parse_csv("deal,closed\na,31/03/2024\nb,2024-06-30\n", #{dates: #{closed: "%d/%m/%Y"}});
    /// assert_eq(t.row(0).closed, date("2024-03-31"));
    /// assert_eq(t.sort("closed").row(0).deal, "a");
    /// let t = load_csv("tests/fixtures/rounds.csv", #{money: #{amount: "USD"}});
    /// assert_eq(t.row(0).amount, usd(40_000_000_000));
    /// let t = parse_csv("zip;amount\n08123;\"$1,250.50\"\n", #{separator: ";", text: ["zip"], numbers: "excel"});
    /// assert_eq(t.row(0).zip, "08123");
    /// assert_eq(t.row(0).amount, usd(1250.5));
    /// let t = parse_csv("raised\n\"HK$45,000,000\"\n€12.50\n1.5M\n50万\n", #{numbers: "excel"});
    /// assert_eq(t.column("raised"), [hkd(45_000_000), eur(12.5), 1_500_000, 500_000]);
    /// let t = parse_csv("a;b\n12.500.000,50;\"1 234,5\"\n", #{separator: ";", decimal: ","});
    /// assert_eq(t.row(0).a, 12_500_000.5);
    /// let t = parse_csv("Deals, Q3\n\nname,amount\nxAI,6\n", #{header: 3});
    /// assert_eq(t.row(0).amount, 6);
    /// // load_csv("rounds_eu.csv", #{separator: ";"}) reads a file the same way
    /// ```
    #[rhai_fn(name = "load_csv", return_raw)]
    pub fn load_csv_with(path: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "load_csv", Format::Csv).map_err(err)?;
        with_money_option(load::load_csv(path, &options), &options)
    }

    /// Loads a JSON file holding an array of objects; columns in first-seen key order, every
    /// digit of every number kept.
    ///
    /// ```rhai
    /// let t = load_json("tests/fixtures/rounds.json");
    /// assert_eq(t.row(1).amount, 12345678901234567.89);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_json(path: &str) -> RhaiResult<Table> {
        load::load_json(path, &LoadOptions::default()).map_err(err)
    }

    /// `load_json` with options: `text` (columns kept as text), `numbers: "excel"` (string
    /// values such as `"12%"` read as numbers, `"$1,250"` as money) and `money`, as for `load_csv`.
    ///
    /// ```rhai
    /// let m = load_json("tests/fixtures/rounds.json", #{money: #{amount: "USD"}});
    /// assert_eq(m.row(1).amount, usd(12345678901234567.89));
    /// let t = parse_json(`[{"id": 7, "raised": "$1,250"}]`, #{text: ["id"], numbers: "excel"});
    /// assert_eq(t.row(0).id, "7");
    /// assert_eq(t.row(0).raised, usd(1250));
    /// ```
    #[rhai_fn(name = "load_json", return_raw)]
    pub fn load_json_with(path: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "load_json", Format::Json).map_err(err)?;
        with_money_option(load::load_json(path, &options), &options)
    }

    /// Parses CSV text with a header row, as `load_csv` does for a file.
    ///
    /// ```rhai
    /// let t = parse_csv("name,amount\nOpenAI,40000000000\nxAI,\n");
    /// assert_eq(t.column("amount"), [40_000_000_000, ()]);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_csv(text: &str) -> RhaiResult<Table> {
        load::parse_csv(text, "<csv text>", &LoadOptions::default()).map_err(err)
    }

    /// Parses CSV text with the options of `load_csv`.
    ///
    /// ```rhai
    /// let t = parse_csv("a;b\n1;2\n", #{separator: ";"});
    /// assert_eq(t.columns(), ["a", "b"]);
    /// ```
    #[rhai_fn(name = "parse_csv", return_raw)]
    pub fn parse_csv_with(text: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "parse_csv", Format::Csv).map_err(err)?;
        with_money_option(load::parse_csv(text, "<csv text>", &options), &options)
    }

    /// Parses JSON text holding an array of objects, as `load_json` does for a file.
    ///
    /// ```rhai
    /// let t = parse_json(`[{"name": "OpenAI", "amount": 0.1}]`);
    /// assert_eq(t.row(0).amount, 0.1);
    /// ```
    #[rhai_fn(return_raw)]
    pub fn parse_json(text: &str) -> RhaiResult<Table> {
        load::parse_json(text, "<json text>", &LoadOptions::default()).map_err(err)
    }

    /// Parses JSON text with the options of `load_json`.
    ///
    /// ```rhai
    /// let t = parse_json(`[{"share": "12%"}]`, #{numbers: "excel"});
    /// assert_eq(t.row(0).share, 0.12);
    /// ```
    #[rhai_fn(name = "parse_json", return_raw)]
    pub fn parse_json_with(text: &str, options: Map) -> RhaiResult<Table> {
        let options = LoadOptions::from_map(&options, "parse_json", Format::Json).map_err(err)?;
        with_money_option(load::parse_json(text, "<json text>", &options), &options)
    }

    /// Writes several tables to one Excel workbook, one sheet per key (sheets come in the
    /// map's order, which Rhai sorts by name). Header bold, frozen and filtered; numbers as
    /// numbers, `YYYY-MM-DD` text as dates, `t.format(…)` carried over. Excel holds 15
    /// significant digits: a longer number is rounded, with one note saying where. Atomic.
    ///
    /// ```rhai
    /// let message = "";
    /// try { save_xlsx(#{rounds: funding_rounds, pledges: pledges}, "no_such_folder/a.xlsx") } catch (e) { message = e }
    /// assert(message.contains("does not exist"));
    /// try { save_xlsx(#{rounds: 42}, "a.xlsx") } catch (e) { message = e }
    /// assert(message.contains(`sheet "rounds" must be a table, not 42`));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn save_xlsx(sheets: Map, path: &str) -> RhaiResult<()> {
        xlsx::save(&sheets_of(sheets)?, path, Default::default(), false).map_err(err)
    }

    /// `save_xlsx` with options: `#{exact_text: true}` writes numbers a double cannot hold to
    /// 15 significant digits as text, keeping every digit.
    ///
    /// ```rhai
    /// let message = "";
    /// try { save_xlsx(#{t: table(["x"], [[1]])}, "a.xlsx", #{exact: true}) } catch (e) { message = e }
    /// assert(message.contains("unknown option \"exact\""));
    /// ```
    #[rhai_fn(name = "save_xlsx", return_raw)]
    pub fn save_xlsx_with(sheets: Map, path: &str, options: Map) -> RhaiResult<()> {
        let options = write_options(&options)?;
        xlsx::save(&sheets_of(sheets)?, path, options, false).map_err(err)
    }

    /// Reads the first sheet of an Excel workbook into a table: the first row names the
    /// columns; numbers become exact decimals (`0.1` is `0.1`), dates `YYYY-MM-DD`. Errors name
    /// the sheet and cell (`Sheet1!C7`).
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("no_such_file.xlsx") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_xlsx(path: &str) -> RhaiResult<Table> {
        xlsx::load(path, &Default::default()).map_err(err)
    }

    /// Reads a Parquet file (as DuckDB, polars, Spark and pandas write them, snappy or zstd
    /// compressed) into a table: decimals exact, binary floats through their shortest
    /// round-trip text (`0.1` is `0.1`), dates `YYYY-MM-DD`, nulls `()`; money that whatif
    /// wrote comes back as money. `save(t, "x.parquet")` writes one.
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_parquet("no_such_file.parquet") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn load_parquet(path: &str) -> RhaiResult<Table> {
        crate::table::parquet::load(path).map_err(err)
    }

    /// Reads the named sheet of an Excel workbook, as `load_xlsx(path)` does the first.
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("no_such_file.xlsx", "rounds") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(name = "load_xlsx", return_raw)]
    pub fn load_xlsx_sheet(path: &str, sheet: &str) -> RhaiResult<Table> {
        let options = xlsx::ReadOptions {
            sheet: Some(sheet.to_string()),
            ..Default::default()
        };
        xlsx::load(path, &options).map_err(err)
    }

    /// Reads a sheet with options: `sheet` (a name; the first worksheet holding data
    /// otherwise), where the table is (`header: 3`, the header's row number as Excel shows it;
    /// `skip: 2`, rows above the header; `range: "B3:H40"`), `names: "dedupe"` (an empty
    /// header becomes `column_3`, a repeated one `amount_2`, instead of an error),
    /// `errors: "fail"` (refuse a sheet with `#N/A`, `#DIV/0!`, … instead of reading them as
    /// empty cells with a note), `text` (columns kept as text even where they look like
    /// numbers, such as codes) and `money` (amount columns made money from a currency column
    /// or a code, as in `load_csv`: `#{money: #{amount: "currency"}}`), `dates` (text columns
    /// of dates written another way, as in `load_csv`: `#{dates: #{closed: "%d/%m/%Y"}}`).
    /// Date cells and ISO date text load as dates. Money that whatif wrote comes back as money
    /// without the option.
    ///
    /// ```rhai
    /// let message = "";
    /// try { load_xlsx("a.xlsx", #{sheets: "x"}) } catch (e) { message = e }
    /// assert(message.contains("the options are sheet, header, skip, range"));
    /// try { load_xlsx("a.xlsx", #{header: 0}) } catch (e) { message = e }
    /// assert(message.contains("header must be a whole number of at least 1"));
    /// try { load_xlsx("a.xlsx", #{money: "USD"}) } catch (e) { message = e }
    /// assert(message.contains(`#{money: #{amount: "currency"}}`));
    /// ```
    #[rhai_fn(name = "load_xlsx", return_raw)]
    pub fn load_xlsx_with(path: &str, options: Map) -> RhaiResult<Table> {
        xlsx::load(path, &read_options(&options)?).map_err(err)
    }

    /// The sheets of an Excel workbook as a table: `sheet`, `kind` (worksheet, chart sheet),
    /// `visible`, `range` (its used cells, `A1:H40`; `()` for an empty sheet), `rows` and
    /// `columns`, to choose what `load_xlsx` should read.
    ///
    /// ```rhai
    /// let message = "";
    /// try { xlsx_sheets("no_such_file.xlsx") } catch (e) { message = e }
    /// assert(message.contains("no such file"));
    /// ```
    #[rhai_fn(return_raw)]
    pub fn xlsx_sheets(path: &str) -> RhaiResult<Table> {
        xlsx::sheets(path).map_err(err)
    }
}
