"""Writes benches/python/RESULTS.md from the measurements benches/python/compare.sh left in a folder.

Usage: report.py RESULTS_DIR OUTPUT.md. The folder holds hyperfine's JSON exports
(startup.json, sweep.json, monte_carlo.json, csv.json), repl_prompt.json, csv_rss_whatif.json,
csv_rss_pandas.json, peak_rss.json, scale_N.json and scale_rss_N.json (the CSV at 1M, 3M and
10M rows), complete.json (criterion
medians of the completion benchmark, in ns) and machine.txt. benches/python/NOTES.md (what the numbers mean, why a budget
is not met) is appended as it is. Standard library only.
"""

import json
import os
import sys


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return json.load(f)


def medians(export):
    """{command name: median seconds} from a hyperfine JSON export."""
    if export is None:
        return {}
    return {r["command"]: r["median"] for r in export["results"]}


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds is not None else "not measured"


SCALES = (1_000_000, 3_000_000, 10_000_000)


def scale(folder):
    """The rows of the CSV scale table and the 10M-row budgets, from scale_N.json (hyperfine)
    and scale_rss_N.json ({tool: peak_rss.py's output})."""
    rows, budgets = [], []
    for n in SCALES:
        times = medians(load(folder, f"scale_{n}.json"))
        rss = load(folder, f"scale_rss_{n}.json") or {}
        if not times:
            continue
        w = times.get("whatif")
        for tool in ("whatif", "DuckDB", "polars", "pandas"):
            if tool not in times:
                continue
            t, mib = times[tool], rss.get(tool, {}).get("median_mib")
            r = w / t if w and t and tool != "whatif" else None
            versus = "-" if r is None else (f"{1 / r:.2f}x faster" if r <= 1 else f"{r:.2f}x slower")
            rows.append(f"| {n:,} | {tool} | {ms(t)} | "
                        f"{f'{mib:.0f} MiB' if mib else '-'} | {versus} |")
        if n != SCALES[-1]:
            continue
        duck, polars = times.get("DuckDB"), times.get("polars")
        ok = w is not None and duck is not None and w <= 1.5 * duck
        budgets.append(("CSV at 10,000,000 rows: load + group-by + save within 1.5x of DuckDB",
                        f"{w / duck:.2f}x DuckDB's time" if w and duck else "-",
                        ok if w and duck else None))
        budgets.append(("CSV at 10,000,000 rows: faster than polars",
                        f"{w / polars:.2f}x polars' time" if w and polars else "-",
                        (w < polars) if w and polars else None))
        mib = rss.get("whatif", {}).get("median_mib")
        budgets.append(("CSV at 10,000,000 rows: peak memory under 400 MB",
                        f"{mib * 1.048576:.0f} MB" if mib else "-",
                        (mib * 1.048576 < 400) if mib else None))
    return rows, [(name, measured, "not measured" if ok is None else
                   ("met" if ok else "**not met**"), "") for name, measured, ok in budgets]


def main():
    folder, output = sys.argv[1], sys.argv[2]
    t = {}
    for name in ("startup.json", "sweep.json", "monte_carlo.json", "csv.json", "xlsx.json"):
        t.update(medians(load(folder, name)))
    repl = load(folder, "repl_prompt.json")
    rss = load(folder, "peak_rss.json")
    complete = load(folder, "complete.json") or {}
    with open(os.path.join(folder, "machine.txt")) as f:
        machine = f.read().strip()

    rows = []  # (workload, whatif median, peer name, peer median)
    budgets = []  # (budget, measured, met?, note)

    def ratio(a, b):
        return b / a if a and b else None

    one = t.get("whatif -e '1 + 1'")
    data = t.get("whatif -e 'funding_rounds.len()'")
    py = t.get("python -c 'print(2)'")
    rows.append(("start-up: `-e '1 + 1'`", one, "`python -c 'print(2)'`", py))
    rows.append(("start-up, datasets touched: `-e 'funding_rounds.len()'`", data,
                 "`python -c 'print(2)'`", py))
    rows.append(("start-up, datasets touched", data, "`python -c 'import numpy_financial'`",
                 t.get("python -c 'import numpy_financial'")))
    rows.append(("start-up, datasets touched", data, "`python -c 'import pandas'`",
                 t.get("python -c 'import pandas'")))
    sweep = t.get("whatif sweep.rhai")
    pure = t.get("python sweep_pure.py")
    npf = t.get("python sweep_npf.py")
    rows.append(("sweep, 100,000 scenarios", sweep, "pure Python loop", pure))
    rows.append(("sweep, 100,000 scenarios", sweep, "numpy-financial, npv per rate (incl. import)",
                 npf))
    rows.append(("sweep, 100,000 scenarios", sweep, "numpy vectorised by hand (incl. import)",
                 t.get("python sweep_numpy.py")))
    sweep_one = t.get("whatif --threads 1 sweep.rhai")
    sweep_numpy = t.get("python sweep_numpy.py")
    rows.append(("sweep, 100,000 scenarios, `--threads 1`", sweep_one,
                 "numpy vectorised by hand (incl. import)", sweep_numpy))
    mc = t.get("whatif monte_carlo.rhai")
    mc_one = t.get("whatif --threads 1 monte_carlo.rhai")
    mc_numpy = t.get("python monte_carlo_numpy.py")
    rows.append(("Monte Carlo, 1,000,000 draws, all cores", mc,
                 "numpy vectorised by hand (incl. import)", mc_numpy))
    rows.append(("Monte Carlo, 1,000,000 draws, `--threads 1`", mc_one,
                 "numpy vectorised by hand (incl. import)", mc_numpy))
    csv_w = t.get("whatif groupby.rhai")
    csv_p = t.get("python groupby_pandas.py")
    rows.append(("CSV 1,000,000 rows: load + group-by + save", csv_w, "pandas", csv_p))
    rows.append(("CSV 1,000,000 rows: load + group-by + save", csv_w, "DuckDB (Python package)",
                 t.get("python groupby_duckdb.py")))
    rows.append(("CSV 1,000,000 rows: load + group-by + save", csv_w, "polars (Python package)",
                 t.get("python groupby_polars.py")))
    xlsx_w = t.get("whatif load_xlsx.rhai")
    xlsx_openpyxl = t.get("python load_xlsx_pandas.py openpyxl")
    xlsx_calamine = t.get("python load_xlsx_calamine.py")
    rows.append(("xlsx 100,000 rows: load + sum", xlsx_w, "pandas.read_excel (openpyxl)",
                 xlsx_openpyxl))
    rows.append(("xlsx 100,000 rows: load + sum", xlsx_w, "pandas.read_excel (calamine)",
                 t.get("python load_xlsx_pandas.py calamine")))
    rows.append(("xlsx 100,000 rows: load + sum", xlsx_w, "python-calamine alone", xlsx_calamine))
    csv_rss_w = load(folder, "csv_rss_whatif.json")
    csv_rss_p = load(folder, "csv_rss_pandas.json")

    def budget(name, measured, ok, note=""):
        if ok is None:
            budgets.append((name, measured, "not measured", note))
        else:
            budgets.append((name, measured, "met" if ok else "**not met**", note))

    # Two decimals wherever a ratio meets a threshold: one decimal printed 3.97x as "4.0x"
    # beside "not met".
    r = ratio(one, py)
    budget("`-e '1 + 1'` at least 4x faster than `python -c 'print(2)'`",
           f"{r:.2f}x" if r else "-", r >= 4 if r else None)
    r = ratio(data, py)
    budget("`-e 'funding_rounds.len()'` at least 3x faster than `python -c 'print(2)'`",
           f"{r:.2f}x" if r else "-", r >= 3 if r else None)
    r = ratio(sweep, pure)
    budget("sweep at least 10x faster than pure Python", f"{r:.2f}x" if r else "-",
           r >= 10 if r else None, "" if r else "needs `sweep` and `range` (what-if issue)")
    r = ratio(sweep, npf)
    budget("sweep faster than numpy-financial (whole process)", f"{r:.2f}x" if r else "-",
           r > 1 if r else None, "" if r else "needs `sweep` and `range` (what-if issue)")
    r = ratio(sweep, sweep_numpy)
    budget("sweep at least as fast as numpy vectorised by hand (whole process)",
           f"{r:.2f}x" if r else "-", r >= 1 if r else None)
    r = ratio(mc, mc_numpy)
    budget("Monte Carlo of 1,000,000 draws at least as fast as numpy (whole process)",
           f"{r:.2f}x" if r else "-", r >= 1 if r else None)
    r = ratio(mc_one, mc_numpy)
    budget("Monte Carlo of 1,000,000 draws on one thread at least as fast as numpy",
           f"{r:.2f}x" if r else "-", r >= 1 if r else None, "ratio below 1: whatif slower")
    r = ratio(mc, mc_numpy)
    budget("Monte Carlo of 1,000,000 draws on all cores at least 1.5x numpy",
           f"{r:.2f}x" if r else "-", r >= 1.5 if r else None)
    r = ratio(sweep, sweep_one)
    budget("sweep of 100,000 scenarios: all cores at least 1.5x faster than one thread",
           f"{r:.2f}x" if r else "-", r >= 1.5 if r else None)
    sweep_money = t.get("whatif sweep_money.rhai")
    mc_money = t.get("whatif monte_carlo_money.rhai")
    rows.append(("sweep, 100,000 scenarios, USD flows", sweep_money, "whatif, plain-number flows",
                 sweep))
    rows.append(("Monte Carlo, 1,000,000 draws, USD flows", mc_money,
                 "whatif, plain-number flows", mc))
    # The money run's time over the plain run's: at most 1.2.
    r = ratio(sweep, sweep_money)
    budget("sweep with money flows within 1.2x of plain numbers",
           f"{r:.2f}x the time" if r else "-", r <= 1.2 if r else None)
    r = ratio(mc, mc_money)
    budget("Monte Carlo with money flows within 1.2x of plain numbers",
           f"{r:.2f}x the time" if r else "-", r <= 1.2 if r else None)
    r = ratio(csv_w, csv_p)
    budget("CSV load + group-by + save at least as fast as pandas", f"{r:.2f}x" if r else "-",
           r >= 1 if r else None)
    r = ratio(xlsx_w, xlsx_openpyxl)
    budget("`load_xlsx` of 100,000 rows at least 3x faster than `pandas.read_excel` (openpyxl)",
           f"{r:.2f}x" if r else "-", r >= 3 if r else None)
    r = ratio(xlsx_w, xlsx_calamine)
    budget("`load_xlsx` of 100,000 rows within 1.5x of python-calamine",
           f"{r:.2f}x" if r else "-", r >= 1 / 1.5 if r else None,
           "ratio above 1: whatif faster")
    if csv_rss_w and csv_rss_p:
        w_mib, p_mib = csv_rss_w["median_mib"], csv_rss_p["median_mib"]
        budget("CSV peak memory no higher than pandas'",
               f"{w_mib:.0f} MiB vs {p_mib:.0f} MiB", w_mib <= p_mib)
    else:
        budget("CSV peak memory no higher than pandas'", "-", None)
    if repl:
        budget("REPL first prompt under 20 ms (whole process, on a pty)",
               f"{repl['median_ms']:.1f} ms", repl["median_ms"] < 20)
    else:
        budget("REPL first prompt under 20 ms", "-", None)
    worst = max(complete.values()) if complete else None
    budget("completion of a keypress under 5 ms, all datasets loaded",
           f"{worst / 1e6:.3f} ms (slowest case)" if worst else "-",
           worst < 5e6 if worst else None)
    if rss:
        budget("peak memory of `scripts/00_tour.rhai` under 30 MiB",
               f"{rss['median_mib']:.1f} MiB", rss["median_mib"] < 30)
    else:
        budget("peak memory of the tour under 30 MiB", "-", None)

    out = ["# whatif vs Python: measured side by side", "",
           "Written by `benches/python/compare.sh` (do not edit by hand; run it again). Whole-process "
           "times, medians of hyperfine runs (warm-up first, at least 10 runs, no shell), "
           "all measured in the same run on this machine:", "", "```", machine, "```", "",
           "| workload | whatif | peer | peer time | whatif is |",
           "| --- | ---: | --- | ---: | ---: |"]
    for name, w, peer, p in rows:
        r = ratio(w, p)
        out.append(f"| {name} | {ms(w)} | {peer} | {ms(p)} | "
                   f"{f'{r:.1f}x faster' if r and r >= 1 else (f'{1 / r:.1f}x slower' if r else '-')} |")
    out += ["", "| other measurement | value |", "| --- | ---: |"]
    if repl:
        out.append(f"| REPL: spawn on a pty to first prompt (median / min) | "
                   f"{repl['median_ms']:.1f} ms / {repl['min_ms']:.1f} ms |")
    for name, ns in sorted(complete.items()):
        out.append(f"| completion `{name}` (criterion median, in-process) | {ns / 1e3:.1f} µs |")
    if rss:
        out.append(f"| peak RSS of `scripts/00_tour.rhai` (median of runs) | "
                   f"{rss['median_mib']:.1f} MiB |")
    scale_rows, scale_budgets = scale(folder)
    budgets += scale_budgets
    if scale_rows:
        out += ["", "## CSV at scale: load + group-by + save", "",
                "| rows | tool | median | peak RSS | whatif is |",
                "| ---: | --- | ---: | ---: | ---: |"]
        out += scale_rows
    out += ["", "## Budgets", "", "| budget | measured | verdict | note |",
            "| --- | ---: | --- | --- |"]
    for name, measured, verdict, note in budgets:
        out.append(f"| {name} | {measured} | {verdict} | {note} |")
    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "NOTES.md")
    if os.path.exists(notes):
        with open(notes) as f:
            out += ["", f.read().strip()]
    with open(output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
