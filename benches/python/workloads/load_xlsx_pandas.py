"""Workbook load with pandas: argv[1] the workbook, argv[2] the engine (openpyxl or calamine)."""

import sys

import pandas as pd

t = pd.read_excel(sys.argv[1], engine=sys.argv[2])
print(len(t))
print(t["amount"].sum())
