"""pandas on the same rows as benches/table.rs (same generator), for comparison.

Run through benches/python/table_pandas.sh, which makes a venv with pandas. Prints the median of
several runs per operation, in milliseconds. Note pandas holds `amount` as float64, so its sums
are not exact; whatif's are (Decimal).
"""

import os
import statistics
import tempfile
import time

import pandas as pd

COUNTRIES = ["US", "CN", "FR", "GB", "DE", "JP", "IN", "CA"]


def generate(n):
    idx = range(n)
    return pd.DataFrame(
        {
            "company": [f"company_{(i * 7919) % 5000:04d}" for i in idx],
            "country": [COUNTRIES[(i * 31) % 8] for i in idx],
            "amount": [((i * 104_729) % 1_000_000_000 + 100) / 100 for i in idx],
            "year": [2015 + i % 10 for i in idx],
        }
    )


def median_ms(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    df = generate(100_000)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "out.csv")
        results = [
            ("sort 100k rows by amount desc",
             median_ms(lambda: df.sort_values("amount", ascending=False, kind="stable"), 20)),
            ("group_by country, sum amount, 100k rows",
             median_ms(lambda: df.groupby("country", sort=False)["amount"].sum(), 20)),
            ("group_by company (5000 groups), mean amount, 100k rows",
             median_ms(lambda: df.groupby("company", sort=False)["amount"].mean(), 20)),
            ("render 100k rows (repr)", median_ms(lambda: repr(df), 20)),
            ("save 100k rows to CSV", median_ms(lambda: df.to_csv(out, index=False), 10)),
        ]
        big = os.path.join(tmp, "rows_1m.csv")
        generate(1_000_000).to_csv(big, index=False)
        results.append(("load_csv 1M rows", median_ms(lambda: pd.read_csv(big), 5)))
    print(f"pandas {pd.__version__}")
    for name, ms in results:
        print(f"{name:<58} {ms:10.2f} ms")


if __name__ == "__main__":
    main()
