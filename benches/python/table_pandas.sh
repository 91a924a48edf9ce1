#!/usr/bin/env bash
# Runs the table benchmarks and pandas on the same generated rows, one after the other, so the
# numbers come from the same machine in the same run. Shares benches/python/compare.sh's Python venv
# (benches/python/.venv), so it needs nothing installed but python3 and cargo.
#
#   bash benches/python/table_pandas.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=benches/python/.venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet numpy numpy-financial pandas
fi
echo "== whatif (criterion: [low median high]) =="
cargo bench --bench table 2>/dev/null | grep -E "^[a-z]|time:"
echo "== pandas (median) =="
"$venv/bin/python" benches/python/table_pandas.py
