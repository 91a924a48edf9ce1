"""Parquet peers for whatif's tests: DuckDB, polars and pyarrow (pandas) write files for
whatif to read, and read the file whatif wrote. Driven by tests/integration/parquet.rs.

  parquet_peers.py write DIR       writes duckdb.parquet, polars.parquet, pandas.parquet
  parquet_peers.py read FILE       prints what each peer reads from FILE, as JSON
"""

import datetime
import decimal
import json
import sys


def write(folder):
    import duckdb
    import pandas as pd
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    # DuckDB: DECIMAL(18,3) stored as INT64, a date, a double, text with a null; snappy.
    duckdb.connect().execute(
        """
        COPY (
            SELECT * FROM (VALUES
                ('OpenAI', 6600000000.125::DECIMAL(18,3), DATE '2024-10-02', 0.1::DOUBLE, 'US'),
                ('Moonshot', 1000000000.5::DECIMAL(18,3), DATE '2024-02-19', 2.5::DOUBLE, NULL)
            ) AS t(company, amount, closed, ratio, country)
        ) TO '%s/duckdb.parquet' (FORMAT PARQUET, COMPRESSION SNAPPY)
        """
        % folder
    )
    # polars: zstd by default; a wide decimal, an integer column with a null, large strings.
    pl.DataFrame(
        {
            "company": ["Zhipu", "Baichuan"],
            "amount": pl.Series(
                [decimal.Decimal("12345678901234567890.12"), decimal.Decimal("-0.01")],
                dtype=pl.Decimal(38, 2),
            ),
            "rounds": pl.Series([3, None], dtype=pl.Int64),
        }
    ).write_parquet("%s/polars.parquet" % folder)
    # pandas through pyarrow: float64 noise and a timestamp, snappy.
    df = pd.DataFrame(
        {
            "name": ["a", "b"],
            "share": [0.1 + 0.2, 1e-7],
            "at": [datetime.datetime(2024, 12, 6, 9, 30, 15, 250000), datetime.datetime(2000, 1, 1)],
        }
    )
    df.to_parquet("%s/pandas.parquet" % folder, engine="pyarrow", index=False)


def read(path):
    import duckdb
    import polars as pl
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    schema = {f.name: str(f.type) for f in table.schema}
    metadata = {
        k.decode(): v.decode() for k, v in (table.schema.metadata or {}).items() if k.startswith(b"whatif")
    }
    rows = table.to_pylist()

    def text(v):
        if isinstance(v, decimal.Decimal):
            return format(v, "f")
        return v

    arrow_rows = [{k: text(v) for k, v in r.items()} for r in rows]
    frame = pl.read_parquet(path)
    duck = duckdb.connect().execute("SELECT count(*) FROM '%s'" % path).fetchone()[0]
    print(
        json.dumps(
            {
                "schema": schema,
                "metadata": metadata,
                "rows": arrow_rows,
                "polars_shape": list(frame.shape),
                "duckdb_count": duck,
            }
        )
    )


if __name__ == "__main__":
    {"write": write, "read": read}[sys.argv[1]](sys.argv[2])
