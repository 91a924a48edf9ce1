"""Writes the fixed CSV of the group-by workload: argv[1] rows to argv[2].

The same generator as benches/table.rs (company, country, amount with cents, year), so the
criterion numbers and the whole-process comparison see the same data. Standard library only.
"""

import sys

COUNTRIES = ["US", "CN", "FR", "GB", "DE", "JP", "IN", "CA"]


def main():
    n, path = int(sys.argv[1]), sys.argv[2]
    with open(path, "w", newline="") as out:
        out.write("company,country,amount,year\n")
        for i in range(n):
            cents = (i * 104_729) % 1_000_000_000 + 100
            out.write(
                f"company_{(i * 7919) % 5000:04d},{COUNTRIES[(i * 31) % 8]},"
                f"{cents // 100}.{cents % 100:02d},{2015 + i % 10}\n"
            )


if __name__ == "__main__":
    main()
