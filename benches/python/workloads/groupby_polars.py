"""CSV load + group-by + save with polars: argv are the input file and the output file."""

import sys

import polars as pl

totals = pl.read_csv(sys.argv[1]).group_by("country").agg(pl.col("amount").sum())
totals.write_csv(sys.argv[2])
print(len(totals))
