"""CSV load + group-by + save with pandas: argv are the input file and the output file."""

import sys

import pandas as pd

totals = pd.read_csv(sys.argv[1]).groupby("country", sort=False)["amount"].sum()
totals.to_csv(sys.argv[2])
print(len(totals))
