"""CSV load + group-by + save with DuckDB's Python package: argv are the input and output files."""

import sys

import duckdb

duckdb.sql(
    f"COPY (SELECT country, sum(amount) AS amount FROM read_csv('{sys.argv[1]}') "
    f"GROUP BY country) TO '{sys.argv[2]}' (HEADER)"
)
