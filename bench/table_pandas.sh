#!/usr/bin/env bash
# Runs the table benchmarks and pandas on the same generated rows, one after the other, so the
# numbers come from the same machine in the same run. Shares bench/compare.sh's Python venv
# (bench/.venv), so it needs nothing installed but python3 and cargo.
#
#   bash bench/table_pandas.sh
set -euo pipefail
cd "$(dirname "$0")/.."
venv=bench/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy numpy-financial pandas
fi
echo "== whatif (criterion: [low median high]) =="
cargo bench --bench table 2>/dev/null | grep -E "^[a-z]|time:"
echo "== pandas (median) =="
"$venv/bin/python" bench/table_pandas.py
