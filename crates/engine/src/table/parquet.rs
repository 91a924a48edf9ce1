//! Parquet out and in, the format DuckDB, polars, Spark and pandas exchange: decimals exactly
//! as `DECIMAL(38, s)` (a column whose digits do not fit 38 is written as text, with a note),
//! integers as `INT64`, text as UTF-8, money as its amount plus a currency column named in the
//! file's metadata (so it loads back as money), empty cells as nulls. Reading takes the flat
//! files those tools write (snappy or zstd compressed): binary floats become decimals through
//! their shortest round-trip text, dates `YYYY-MM-DD`.

use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical};
use parquet::data_type::{
    BoolType, ByteArray, ByteArrayType, FixedLenByteArray, FixedLenByteArrayType, Int32Type,
    Int64Type,
};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::writer::SerializedFileWriter;
use parquet::record::Field;
use parquet::schema::types::Type;
use rhai::Dynamic;
use rust_decimal::Decimal;
use whatif_core::dates::{Date, Precision};

use super::{cell, io, money, Table, TableError, TableResult};

/// The metadata key naming the money columns: `[["amount", "currency"], …]` as JSON.
const MONEY_KEY: &str = "whatif.money";

/// Whether `path` names a Parquet file.
pub fn is_parquet_path(path: &str) -> bool {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// How one column is stored.
enum Plan {
    Int,
    Bool,
    /// Exact decimals at this scale, as 16-byte big-endian two's complement.
    Decimal(u32),
    /// Days: Parquet's DATE (days since 1970-01-01).
    Date,
    Text,
}

/// The bytes of `table` as a Parquet file, and a note when a column had to become text.
pub fn file_bytes(table: &Table) -> TableResult<(Vec<u8>, Option<String>)> {
    let flat = money::flattened(table);
    let money_pairs = money_columns(table, &flat);
    let mut fields = Vec::new();
    let mut plans = Vec::new();
    let mut as_text = Vec::new();
    for (c, name) in flat.columns().iter().enumerate() {
        let is_money = money_pairs.iter().any(|(amount, _)| amount == name);
        let (plan, widened) = plan_of(&flat, c, is_money);
        if widened {
            as_text.push(name.clone());
        }
        fields.push(Arc::new(field(name, &plan)?));
        plans.push(plan);
    }
    let schema = Type::group_type_builder("whatif")
        .with_fields(fields)
        .build()
        .map_err(reason)?;
    let mut metadata = Vec::new();
    if !money_pairs.is_empty() {
        let pairs: Vec<[String; 2]> = money_pairs
            .iter()
            .map(|(amount, code)| [amount.clone(), code.clone()])
            .collect();
        let json = serde_json::to_string(&pairs).map_err(|e| TableError::new(e.to_string()))?;
        metadata.push(KeyValue::new(MONEY_KEY.to_string(), json));
    }
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_key_value_metadata(Some(metadata))
        .set_created_by(format!("whatif {}", env!("CARGO_PKG_VERSION")))
        .build();
    let mut bytes = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut bytes, Arc::new(schema), Arc::new(properties))
        .map_err(reason)?;
    let mut group = writer.next_row_group().map_err(reason)?;
    let mut c = 0;
    while let Some(mut column) = group.next_column().map_err(reason)? {
        let cells = flat.rows().iter().map(|row| &row[c]);
        let levels: Vec<i16> = flat
            .rows()
            .iter()
            .map(|row| i16::from(!row[c].is_unit()))
            .collect();
        let present = cells.filter(|v| !v.is_unit());
        match plans[c] {
            Plan::Int => {
                let values: Vec<i64> = present.map(|v| v.as_int().unwrap_or_default()).collect();
                column
                    .typed::<Int64Type>()
                    .write_batch(&values, Some(&levels), None)
            }
            Plan::Bool => {
                let values: Vec<bool> = present.map(|v| v.as_bool().unwrap_or_default()).collect();
                column
                    .typed::<BoolType>()
                    .write_batch(&values, Some(&levels), None)
            }
            Plan::Decimal(scale) => {
                let values: Vec<FixedLenByteArray> = present
                    .map(|v| {
                        let d = cell::number(v).unwrap_or_default();
                        let unscaled = d.mantissa() * 10i128.pow(scale - d.scale());
                        FixedLenByteArray::from(unscaled.to_be_bytes().to_vec())
                    })
                    .collect();
                column
                    .typed::<FixedLenByteArrayType>()
                    .write_batch(&values, Some(&levels), None)
            }
            Plan::Date => {
                let values: Vec<i32> = present
                    .map(|v| v.read_lock::<Date>().map_or(0, |d| day_number(&d)))
                    .collect();
                column
                    .typed::<Int32Type>()
                    .write_batch(&values, Some(&levels), None)
            }
            Plan::Text => {
                let values: Vec<ByteArray> = present
                    .map(|v| ByteArray::from(cell::raw_text(v).as_str()))
                    .collect();
                column
                    .typed::<ByteArrayType>()
                    .write_batch(&values, Some(&levels), None)
            }
        }
        .map_err(reason)?;
        column.close().map_err(reason)?;
        c += 1;
    }
    group.close().map_err(reason)?;
    writer.close().map_err(reason)?;
    let note = (!as_text.is_empty()).then(|| {
        format!(
            "{} written as text: {} digits do not fit Parquet's 38-digit decimals",
            as_text.join(", "),
            if as_text.len() == 1 { "its" } else { "their" }
        )
    });
    Ok((bytes, note))
}

/// Saves `table` to `path` as Parquet (atomically, under the file policy unless
/// `unrestricted`), noting columns written as text.
pub fn save(table: &Table, path: &str, unrestricted: bool) -> TableResult<()> {
    let (bytes, note) = file_bytes(table)?;
    io::write_binary(path, &bytes, note, unrestricted)
}

/// Money columns of `table` and the column of `flat` (the table flattened) holding their codes.
fn money_columns(table: &Table, flat: &Table) -> Vec<(String, String)> {
    table
        .columns()
        .iter()
        .enumerate()
        .filter(|(c, _)| table.rows().iter().any(|r| cell::money(&r[*c]).is_some()))
        .map(|(_, name)| {
            let own = format!("{name}_currency");
            let code = if flat.columns().contains(&own) && !table.columns().contains(&own) {
                own
            } else {
                flat.columns()
                    .iter()
                    .filter(|n| n.starts_with(&own))
                    .find(|n| !table.columns().contains(n))
                    .cloned()
                    .unwrap_or_else(|| money::CURRENCY_COLUMN.to_string())
            };
            (name.clone(), code)
        })
        .collect()
}

/// How column `c` is stored, and whether decimals had to become text (too many digits). Money
/// amounts are decimals even when every one is whole.
fn plan_of(t: &Table, c: usize, is_money: bool) -> (Plan, bool) {
    let cells = || t.rows().iter().map(move |r| &r[c]).filter(|v| !v.is_unit());
    if !is_money && cells().all(|v| v.is_int()) && cells().next().is_some() {
        return (Plan::Int, false);
    }
    let day = |v: &Dynamic| {
        v.read_lock::<Date>()
            .is_some_and(|d| d.precision() == Precision::Day)
    };
    if cells().next().is_some() && cells().all(day) {
        return (Plan::Date, false);
    }
    if cells().all(|v| v.is_bool()) && cells().next().is_some() {
        return (Plan::Bool, false);
    }
    if cells().next().is_some() && cells().all(|v| v.is_int() || v.is_decimal()) {
        let scale = cells()
            .filter_map(cell::number)
            .map(|d| d.scale())
            .max()
            .unwrap_or(0);
        let fits = cells().filter_map(cell::number).all(|d| {
            10i128
                .checked_pow(scale - d.scale())
                .and_then(|f| d.mantissa().checked_mul(f))
                .is_some_and(|u| u.unsigned_abs() < 10u128.pow(38))
        });
        return if fits {
            (Plan::Decimal(scale), false)
        } else {
            (Plan::Text, true)
        };
    }
    (Plan::Text, false)
}

fn field(name: &str, plan: &Plan) -> TableResult<Type> {
    let builder = match plan {
        Plan::Int => Type::primitive_type_builder(name, Physical::INT64),
        Plan::Bool => Type::primitive_type_builder(name, Physical::BOOLEAN),
        Plan::Decimal(scale) => Type::primitive_type_builder(name, Physical::FIXED_LEN_BYTE_ARRAY)
            .with_length(16)
            .with_logical_type(Some(LogicalType::decimal(*scale as i32, 38)))
            .with_precision(38)
            .with_scale(*scale as i32),
        Plan::Date => Type::primitive_type_builder(name, Physical::INT32)
            .with_logical_type(Some(LogicalType::Date)),
        Plan::Text => Type::primitive_type_builder(name, Physical::BYTE_ARRAY)
            .with_logical_type(Some(LogicalType::String)),
    };
    builder
        .with_repetition(Repetition::OPTIONAL)
        .build()
        .map_err(reason)
}

fn reason(error: parquet::errors::ParquetError) -> TableError {
    let text = error.to_string();
    TableError::new(
        text.strip_prefix("Parquet error: ")
            .unwrap_or(&text)
            .to_string(),
    )
}

/// Loads a Parquet file as a table; money columns recorded by whatif come back as money.
pub fn load(path: &str) -> TableResult<Table> {
    let bytes = io::read_bytes(path)?;
    parse(bytes, path)
}

/// A Parquet file's bytes as a table; `name` appears in messages. The reader panics on some
/// damaged files: that is an error naming the file, like any other damage.
pub fn parse(bytes: Vec<u8>, name: &str) -> TableResult<Table> {
    crate::host::guarded(|| parse_unguarded(bytes, name)).unwrap_or_else(|why| {
        Err(TableError::new(format!(
            "cannot read {name:?} as a Parquet file (it is damaged: {why})"
        )))
    })
}

fn parse_unguarded(bytes: Vec<u8>, name: &str) -> TableResult<Table> {
    let not_parquet = |e: parquet::errors::ParquetError| {
        TableError::new(format!(
            "cannot read {name:?} as a Parquet file ({})",
            reason(e).0
        ))
    };
    let reader = SerializedFileReader::new(bytes::Bytes::from(bytes)).map_err(not_parquet)?;
    let metadata = reader.metadata().file_metadata();
    let schema = metadata.schema_descr().root_schema();
    let mut columns = Vec::new();
    for f in schema.get_fields() {
        if f.is_group() || f.get_basic_info().repetition() == Repetition::REPEATED {
            return Err(TableError::new(format!(
                "{name}: column {:?} holds nested values (lists or structs); whatif reads flat \
                 tables: flatten it first (DuckDB: UNNEST, polars: explode/unnest)",
                f.name()
            )));
        }
        columns.push(f.name().to_string());
    }
    let money_pairs: Vec<[String; 2]> = metadata
        .key_value_metadata()
        .and_then(|kv| kv.iter().find(|k| k.key == MONEY_KEY))
        .and_then(|k| k.value.as_deref())
        .and_then(|v| serde_json::from_str(v).ok())
        .unwrap_or_default();
    let mut rows = Vec::with_capacity(usize::try_from(metadata.num_rows()).unwrap_or(0));
    let mut kept_as_text: Vec<String> = Vec::new();
    let iter = reader.get_row_iter(None).map_err(not_parquet)?;
    for row in iter {
        let row = row.map_err(not_parquet)?;
        let mut cells = Vec::with_capacity(columns.len());
        for (column, field) in row.get_column_iter() {
            let value = cell_of(field).map_err(|why| {
                TableError::new(format!(
                    "{name}: row {}, column {column:?}: {why}",
                    rows.len() + 1
                ))
            })?;
            if let Kept::AsText(v) = &value {
                if !kept_as_text.contains(column) {
                    kept_as_text.push(column.clone());
                }
                cells.push(v.clone());
            } else if let Kept::Value(v) = value {
                cells.push(v);
            }
        }
        rows.push(cells);
    }
    if !kept_as_text.is_empty() {
        crate::host::note(&format!(
            "{name}: {} kept as text: {} numbers have more digits than a decimal holds (28)",
            kept_as_text.join(", "),
            if kept_as_text.len() == 1 {
                "its"
            } else {
                "their"
            }
        ));
    }
    // A column of years, months and days mixed is written as its ISO text: dates again here.
    let rows_at: Vec<u64> = (1..=rows.len() as u64).collect();
    let no_formats = vec![None; columns.len()];
    let dated = (name, "row");
    crate::table::load::dates::type_rows(&columns, &mut rows, &rows_at, &no_formats, &[], dated)?;
    let mut table = Table::new(columns, rows)?;
    for [amount, code] in money_pairs {
        if table.columns().contains(&amount) && table.columns().contains(&code) {
            table = money::with_money(&table, &amount, &code)?;
            if code != money::CURRENCY_COLUMN {
                let keep: Vec<String> = table
                    .columns()
                    .iter()
                    .filter(|c| **c != code)
                    .cloned()
                    .collect();
                table = table.select(&keep)?;
            }
        }
    }
    Ok(table)
}

/// A cell as read: a script value, or the exact text of a number too long for a decimal.
enum Kept {
    Value(Dynamic),
    AsText(Dynamic),
}

fn cell_of(field: &Field) -> Result<Kept, String> {
    use Kept::Value;
    let int = |i: i64| Ok(Value(Dynamic::from_int(i)));
    match field {
        Field::Null => Ok(Value(Dynamic::UNIT)),
        Field::Bool(b) => Ok(Value(Dynamic::from_bool(*b))),
        Field::Byte(i) => int(i64::from(*i)),
        Field::Short(i) => int(i64::from(*i)),
        Field::Int(i) => int(i64::from(*i)),
        Field::Long(i) => int(*i),
        Field::UByte(i) => int(i64::from(*i)),
        Field::UShort(i) => int(i64::from(*i)),
        Field::UInt(i) => int(i64::from(*i)),
        Field::ULong(i) => match i64::try_from(*i) {
            Ok(i) => int(i),
            Err(_) => Ok(Value(crate::numbers::decimal_to_dynamic(Decimal::from(*i)))),
        },
        Field::Float16(f) => float(f64::from(*f)),
        Field::Float(f) => float(f64::from(*f)),
        Field::Double(f) => float(*f),
        Field::Decimal(d) => {
            let data = d.data();
            let negative = data.first().is_some_and(|b| b & 0x80 != 0);
            if data.len() > 16 {
                return Err("a decimal wider than 16 bytes".to_string());
            }
            let mut buf = [if negative { 0xff } else { 0 }; 16];
            buf[16 - data.len()..].copy_from_slice(data);
            let unscaled = i128::from_be_bytes(buf);
            let scale =
                u32::try_from(d.scale()).map_err(|_| "a negative decimal scale".to_string())?;
            match Decimal::try_from_i128_with_scale(unscaled, scale) {
                Ok(value) => Ok(Value(crate::numbers::decimal_to_dynamic(value.normalize()))),
                Err(_) => Ok(Kept::AsText(Dynamic::from(exact_text(unscaled, scale)))),
            }
        }
        Field::Str(s) => Ok(Value(Dynamic::from(s.clone()))),
        Field::Bytes(b) => match std::str::from_utf8(b.data()) {
            Ok(text) => Ok(Value(Dynamic::from(text.to_string()))),
            Err(_) => {
                Err("binary data, not text; cast it to a string or drop the column".to_string())
            }
        },
        Field::Date(days) => Ok(Value(Dynamic::from(Date::day(epoch_day(i64::from(
            *days,
        ))?)))),
        Field::TimestampMillis(ms) => timestamp(*ms, 1_000),
        Field::TimestampMicros(us) => timestamp(*us, 1_000_000),
        Field::TimeMillis(ms) => Ok(Value(Dynamic::from(time_text(i64::from(*ms), 1_000)))),
        Field::TimeMicros(us) => Ok(Value(Dynamic::from(time_text(*us, 1_000_000)))),
        Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
            Err("a nested value; whatif reads flat tables".to_string())
        }
    }
}

/// A binary float as the decimal its shortest round-trip text names (`0.1` is `0.1`).
fn float(f: f64) -> Result<Kept, String> {
    if !f.is_finite() {
        return Err(format!("{f} is not a number whatif can hold"));
    }
    let text = format!("{f}");
    match Decimal::from_str_exact(&text).or_else(|_| Decimal::from_scientific(&text)) {
        Ok(d) => Ok(Kept::Value(crate::numbers::decimal_to_dynamic(
            d.normalize(),
        ))),
        Err(_) => Ok(Kept::AsText(Dynamic::from(text))),
    }
}

fn exact_text(unscaled: i128, scale: u32) -> String {
    let digits = unscaled.unsigned_abs().to_string();
    let sign = if unscaled < 0 { "-" } else { "" };
    let scale = scale as usize;
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (whole, fraction) = padded.split_at(padded.len() - scale);
    format!("{sign}{whole}.{fraction}")
}

fn epoch_day(days: i64) -> Result<whatif_core::dates::Day, String> {
    let worded = |e: whatif_core::dates::DateError| crate::messages::date(&e);
    let epoch = Date::parse("1970-01-01").map_err(worded)?.first_day();
    whatif_core::dates::add_days(epoch, days).map_err(worded)
}

fn iso_day(days: i64) -> Result<String, String> {
    Ok(epoch_day(days)?.to_string())
}

/// Days since 1970-01-01 of a day, as Parquet's DATE holds them.
fn day_number(date: &Date) -> i32 {
    i32::try_from(whatif_core::dates::day_number(date.first_day())).unwrap_or_default()
}

fn timestamp(units: i64, per_second: i64) -> Result<Kept, String> {
    let day = units.div_euclid(per_second * 86_400);
    let rest = units.rem_euclid(per_second * 86_400);
    Ok(Kept::Value(Dynamic::from(format!(
        "{}T{}",
        iso_day(day)?,
        time_text(rest, per_second)
    ))))
}

fn time_text(units: i64, per_second: i64) -> String {
    let seconds = units.div_euclid(per_second);
    let fraction = units.rem_euclid(per_second);
    let base = format!(
        "{:02}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    );
    if fraction == 0 {
        return base;
    }
    let width = per_second.to_string().len() - 1;
    let digits = format!("{fraction:0width$}");
    format!("{base}.{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_decimals_and_times_read_as_exact_text() {
        assert_eq!(exact_text(-12345, 2), "-123.45");
        assert_eq!(exact_text(5, 3), "0.005");
        assert_eq!(time_text(3_723_500, 1_000), "01:02:03.5");
        assert_eq!(iso_day(19_723).unwrap(), "2024-01-01");
        assert_eq!(iso_day(-1).unwrap(), "1969-12-31");
    }

    #[test]
    fn a_table_round_trips_with_money_decimals_integers_text_and_gaps() {
        let t = crate::table::dataset::dataset_table(
            whatif_core::datasets::get("funding_rounds").unwrap(),
        )
        .unwrap();
        let (bytes, note) = file_bytes(&t).unwrap();
        assert!(note.is_none());
        let back = parse(bytes, "r.parquet").unwrap();
        assert!(back.same_as(&t), "{:?}", back.columns());
    }
}
