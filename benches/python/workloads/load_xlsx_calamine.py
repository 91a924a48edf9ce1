"""Workbook load with python-calamine alone (the Rust reader whatif also uses, from Python)."""

import sys
from decimal import Decimal

from python_calamine import CalamineWorkbook

rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
header, body = rows[0], rows[1:]
amount = header.index("amount")
print(len(body))
print(sum(Decimal(repr(r[amount])) for r in body))
