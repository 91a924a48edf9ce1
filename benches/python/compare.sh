#!/usr/bin/env bash
# whatif vs Python, whole process, side by side on this machine.
#
#   bash benches/python/compare.sh            # everything; writes benches/python/RESULTS.md
#   RUNS=20 bash benches/python/compare.sh    # more runs per workload (default 10)
#   bash benches/python/compare.sh scale      # only the CSV scale section (1M, 3M, 10M rows);
#                                             # prints its table, leaves RESULTS.md alone
#   VENV=/elsewhere/.venv bash benches/python/compare.sh   # use (or make) the venv there
#   SCALE_RUNS=5 (default 3), SCALE_PANDAS=0 (leave pandas out of the 10M-row run)
#
# Needs the Rust toolchain and python3 (with its venv module). It builds whatif in release mode,
# makes benches/python/.venv with numpy, numpy-financial, pandas, duckdb, polars, openpyxl and
# python-calamine from PyPI, installs hyperfine from
# the distribution's packages when it is missing, times every workload with hyperfine and
# writes the medians, ratios, budgets and the machine description to benches/python/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
only=${1:-all}
runs=${RUNS:-10}
quick_runs=$((runs * 3))

say() { printf '\n== %s ==\n' "$*" >&2; }

if ! command -v hyperfine >/dev/null; then
    say "installing hyperfine"
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y hyperfine || { apt-get update && apt-get install -y hyperfine; }
    else
        sudo apt-get install -y hyperfine || { sudo apt-get update && sudo apt-get install -y hyperfine; }
    fi
fi

say "building whatif (release)"
cargo build --release --quiet
whatif="$root/target/release/whatif"

venv=${VENV:-$root/benches/python/.venv}
if ! "$venv/bin/python" -c 'import numpy, numpy_financial, pandas, duckdb, polars, openpyxl, python_calamine' 2>/dev/null; then
    say "creating $venv with numpy, numpy-financial, pandas, duckdb, polars, openpyxl and python-calamine"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet numpy numpy-financial pandas duckdb polars openpyxl python-calamine
fi
# The interpreter itself, not a shim or wrapper script in front of it (pyenv's `python3` is a
# shell script that adds tens of milliseconds): the venv's python is the real interpreter.
python="$venv/bin/python"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
work="$out/work"
mkdir -p "$work"
cp benches/python/workloads/* "$work/"

say "machine"
{
    echo "cores (nproc): $(nproc)"
    echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
    echo "OS: $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") ($(uname -sr))"
    echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "$(rustc --version)"
    echo "whatif $(git describe --always --dirty 2>/dev/null || echo '(no git)')"
    echo "$("$python" --version); numpy $("$python" -c 'import numpy; print(numpy.__version__)'), numpy-financial $("$python" -c 'import numpy_financial; print(numpy_financial.__version__)'), pandas $("$python" -c 'import pandas; print(pandas.__version__)'), duckdb $("$python" -c 'import duckdb; print(duckdb.__version__)'), polars $("$python" -c 'import polars; print(polars.__version__)')"
    echo "$(hyperfine --version)"
} | tee "$out/machine.txt" >&2

# hyperfine -N runs each command without a shell; -n names each command in the JSON export.
timed() {
    local json=$1 warmup=$2 count=$3
    shift 3
    hyperfine -N --warmup "$warmup" --runs "$count" --export-json "$out/$json" --style basic "$@" >&2
}

# CSV at scale: the same load + group-by + save at 1M, 3M and 10M rows, so the growth shows;
# the files are made here, in the work folder, and removed after use (the 10M file is 318 MB).
scale() {
    local scale_runs=${SCALE_RUNS:-3}
    for n in 1000000 3000000 10000000; do
        say "CSV at scale: $n rows, load + group by country + sum + save"
        local file="$work/rows_$n.csv"
        python3 "$work/gen_rows.py" "$n" "$file"
        local args=(-n "whatif" "$whatif --allow-path $work $work/groupby.rhai $file $work/scale_whatif.csv"
            -n "DuckDB" "$python $work/groupby_duckdb.py $file $work/scale_duckdb.csv"
            -n "polars" "$python $work/groupby_polars.py $file $work/scale_polars.csv")
        if [ "$n" != 10000000 ] || [ "${SCALE_PANDAS:-1}" = 1 ]; then
            args+=(-n "pandas" "$python $work/groupby_pandas.py $file $work/scale_pandas.csv")
        fi
        timed "scale_$n.json" 1 "$scale_runs" "${args[@]}"
        # Every digit: whatif's exact sums beside DuckDB's (a binary float sum).
        python3 - "$work/scale_whatif.csv" "$work/scale_duckdb.csv" <<'PY' >&2
import csv, sys
from decimal import Decimal
def sums(path):
    with open(path) as f:
        return {r["country"]: Decimal(r["amount"]) for r in csv.DictReader(f)}
w, d = sums(sys.argv[1]), sums(sys.argv[2])
off = {k: d.get(k, Decimal(0)) - w[k] for k in w if d.get(k) != w[k]}
print("sums: whatif", ", ".join(f"{k} {w[k]}" for k in sorted(w)), "| DuckDB differs by",
      off or "nothing")
PY
        {
            printf '{'
            printf '"whatif": %s, ' "$(python3 "$work/peak_rss.py" "$scale_runs" "$whatif" --allow-path "$work" "$work/groupby.rhai" "$file" "$work/scale_whatif.csv")"
            printf '"DuckDB": %s, ' "$(python3 "$work/peak_rss.py" "$scale_runs" "$python" "$work/groupby_duckdb.py" "$file" "$work/scale_duckdb.csv")"
            printf '"polars": %s' "$(python3 "$work/peak_rss.py" "$scale_runs" "$python" "$work/groupby_polars.py" "$file" "$work/scale_polars.csv")"
            printf '}\n'
        } | tee "$out/scale_rss_$n.json" >&2
        rm -f "$file"
    done
    echo "load average after the scale runs: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
}

if [ "$only" = scale ]; then
    scale
    python3 benches/python/report.py "$out" "$out/RESULTS.md"
    sed -n '/^## CSV at scale/,/^## Budgets/p' "$out/RESULTS.md" | sed '$d'
    sed -n '/^## Budgets/,/^## What/p' "$out/RESULTS.md" | grep -E '^\| (budget|---|CSV at 10)'
    exit 0
fi

say "start-up"
timed startup.json 5 "$quick_runs" \
    -n "whatif -e '1 + 1'" "$whatif -e '1 + 1'" \
    -n "whatif -e 'funding_rounds.len()'" "$whatif -e 'funding_rounds.len()'" \
    -n "python -c 'print(2)'" "$python -c 'print(2)'" \
    -n "python -c 'import numpy_financial'" "$python -c 'import numpy_financial'" \
    -n "python -c 'import pandas'" "$python -c 'import pandas'"

say "sweep: 100,000 scenarios, NPV of 41 flows each"
sweep_args=(-n "python sweep_pure.py" "$python $work/sweep_pure.py"
    -n "python sweep_npf.py" "$python $work/sweep_npf.py"
    -n "python sweep_numpy.py" "$python $work/sweep_numpy.py")
if "$whatif" "$work/sweep.rhai" >/dev/null 2>"$out/sweep.err"; then
    sweep_args=(-n "whatif sweep.rhai" "$whatif $work/sweep.rhai" "${sweep_args[@]}")
else
    echo "whatif cannot run the sweep yet (not measured): $(head -c 300 "$out/sweep.err")" >&2
fi
timed sweep.json 1 "$runs" "${sweep_args[@]}" -n "whatif --threads 1 sweep.rhai" "$whatif --threads 1 $work/sweep.rhai" \
    -n "whatif sweep_money.rhai" "$whatif $work/sweep_money.rhai"

say "Monte Carlo: 1,000,000 normal rates, NPV of 41 flows each, summarised"
timed monte_carlo.json 1 "$runs" \
    -n "whatif monte_carlo.rhai" "$whatif $work/monte_carlo.rhai" \
    -n "whatif --threads 1 monte_carlo.rhai" "$whatif --threads 1 $work/monte_carlo.rhai" \
    -n "whatif monte_carlo_money.rhai" "$whatif $work/monte_carlo_money.rhai" \
    -n "python monte_carlo_numpy.py" "$python $work/monte_carlo_numpy.py"

say "CSV: load 1,000,000 rows, group by country, sum, save"
python3 "$work/gen_rows.py" 1000000 "$work/rows.csv"
timed csv.json 1 "$runs" \
    -n "whatif groupby.rhai" "$whatif --allow-path $work $work/groupby.rhai $work/rows.csv $work/whatif_out.csv" \
    -n "python groupby_pandas.py" "$python $work/groupby_pandas.py $work/rows.csv $work/pandas_out.csv" \
    -n "python groupby_duckdb.py" "$python $work/groupby_duckdb.py $work/rows.csv $work/duckdb_out.csv" \
    -n "python groupby_polars.py" "$python $work/groupby_polars.py $work/rows.csv $work/polars_out.csv"

say "CSV: peak memory"
python3 "$work/peak_rss.py" 3 "$whatif" --allow-path "$work" "$work/groupby.rhai" "$work/rows.csv" "$work/whatif_out.csv" \
    | tee "$out/csv_rss_whatif.json" >&2
python3 "$work/peak_rss.py" 3 "$python" "$work/groupby_pandas.py" "$work/rows.csv" "$work/pandas_out.csv" \
    | tee "$out/csv_rss_pandas.json" >&2

scale

say "xlsx: load a 100,000-row workbook, sum a column"
"$whatif" --allow-path "$work" "$work/gen_workbook.rhai" 100000 "$work/rows.xlsx"
timed xlsx.json 1 "$runs" \
    -n "whatif load_xlsx.rhai" "$whatif --allow-path $work $work/load_xlsx.rhai $work/rows.xlsx" \
    -n "python load_xlsx_pandas.py openpyxl" "$python $work/load_xlsx_pandas.py $work/rows.xlsx openpyxl" \
    -n "python load_xlsx_pandas.py calamine" "$python $work/load_xlsx_pandas.py $work/rows.xlsx calamine" \
    -n "python load_xlsx_calamine.py" "$python $work/load_xlsx_calamine.py $work/rows.xlsx"

say "REPL: time to the first prompt"
python3 "$work/repl_prompt.py" "$whatif" "$quick_runs" | tee "$out/repl_prompt.json" >&2

say "peak memory of the tour"
python3 "$work/peak_rss.py" 5 "$whatif" scripts/00_tour.rhai | tee "$out/peak_rss.json" >&2

say "completion latency (criterion, in-process)"
cargo bench --quiet --bench startup -- --noplot complete >&2
python3 - "$out/complete.json" <<'PY'
import glob, json, os, sys
medians = {}
for path in glob.glob("target/criterion/complete/*/new/estimates.json"):
    name = path.split(os.sep)[-3]
    with open(path) as f:
        medians[name] = json.load(f)["median"]["point_estimate"]
with open(sys.argv[1], "w") as f:
    json.dump(medians, f)
PY

python3 benches/python/report.py "$out" benches/python/RESULTS.md
say "wrote benches/python/RESULTS.md"
cat benches/python/RESULTS.md
