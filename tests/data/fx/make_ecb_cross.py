"""Writes ecb_cross_60.csv: cross rates of the shipped ECB file computed independently of
whatif, with Python's decimal module at 60 significant digits.

    python3 make_ecb_cross.py ../../../crates/core/src/fx/data/eurofxref-hist.zip > ecb_cross_60.csv

A day's rate is TO per EUR / FROM per EUR on the last business day on or before it; a month's or
a year's is the mean of TO's daily rates over the mean of FROM's (the sums' ratio, as every day of
the period has both). The sample is seeded, so the file is reproducible.
"""
import csv
import datetime
import io
import random
import sys
import zipfile
from decimal import Decimal, getcontext

getcontext().prec = 60

with zipfile.ZipFile(sys.argv[1]) as z:
    text = z.read("eurofxref-hist.csv").decode()
rows = list(csv.reader(io.StringIO(text)))
header = [h for h in rows[0] if h]
table = {}
for row in rows[1:]:
    if row:
        table[row[0]] = {c: row[i] for i, c in enumerate(header) if i > 0}
days = sorted(table)


def rate(day, code):
    if code == "EUR":
        return Decimal(1)
    v = table[day][code]
    return None if v == "N/A" else Decimal(v)


def on_or_before(day):
    i = max(i for i, d in enumerate(days) if d <= day)
    return days[i]


out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["from", "to", "period", "used", "rate"])
rng = random.Random(20240315)
pairs = [("USD", "JPY"), ("USD", "CNY"), ("EUR", "USD"), ("GBP", "HKD"), ("CHF", "KRW"),
         ("JPY", "EUR"), ("CNY", "JPY"), ("AUD", "SGD"), ("USD", "EUR"), ("HKD", "USD")]
first = datetime.date.fromisoformat(days[0])
last = datetime.date.fromisoformat(days[-1])
sample = [first, last, datetime.date(2024, 3, 30), datetime.date(2024, 3, 31),
          datetime.date(2024, 4, 1), datetime.date(2016, 3, 15), datetime.date(2020, 12, 25)]
sample += [first + datetime.timedelta(days=rng.randrange((last - first).days)) for _ in range(40)]
for n, day in enumerate(sample):
    f, t = pairs[n % len(pairs)]
    used = on_or_before(day.isoformat())
    a, b = rate(used, f), rate(used, t)
    if a is None or b is None:
        continue
    out.writerow([f, t, day.isoformat(), used, b / a])
for period in ["2016", "2024", "2010-02", "2024-07", "1999", "2025-12"]:
    for f, t in [("USD", "JPY"), ("EUR", "USD"), ("GBP", "CHF")]:
        ds = [d for d in days if d.startswith(period)]
        out.writerow([f, t, period, "", sum(rate(d, t) for d in ds) / sum(rate(d, f) for d in ds)])
