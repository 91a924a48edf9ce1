"""Peak resident memory of a command: runs it RUNS times, prints the median max RSS in MiB.

Usage: peak_rss.py RUNS COMMAND [ARGS...]. Uses wait4's resource usage (what
`/usr/bin/time -v` reports as "Maximum resident set size"), so it needs nothing installed.
"""

import json
import os
import statistics
import subprocess
import sys


def main():
    runs, command = int(sys.argv[1]), sys.argv[2:]
    peaks = []
    for _ in range(runs):
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{' '.join(command)} exited with {child.returncode}")
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    print(json.dumps({"median_mib": statistics.median(peaks), "max_mib": max(peaks)}))


if __name__ == "__main__":
    main()
