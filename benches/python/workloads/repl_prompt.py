"""Whole-process time from spawning `whatif` on a terminal to its first prompt.

Usage: repl_prompt.py WHATIF RUNS. Each run forks onto a fresh pseudo-terminal, starts the REPL
(history in a temporary file, colours off), reads until the prompt `>> ` appears, then sends
Ctrl-D. Prints the median and the minimum in milliseconds as JSON. Standard library only.
"""

import json
import os
import pty
import select
import statistics
import sys
import tempfile
import time


def one_run(whatif, history):
    env = dict(os.environ, WHATIF_HISTORY=history, NO_COLOR="1", TERM="dumb")
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(whatif, [whatif], env)
    seen = b""
    elapsed = None
    deadline = start + 10
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        if b">> " in seen:
            elapsed = time.perf_counter() - start
            break
    try:
        os.write(fd, b"\x04")
    except OSError:
        pass
    # Drain until the child closes the terminal, then reap it.
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 2)
            if not ready or not os.read(fd, 4096):
                break
        except OSError:
            break
    os.close(fd)
    os.waitpid(pid, 0)
    if elapsed is None:
        sys.exit(f"no prompt from {whatif}; it printed {seen[:200]!r}")
    return elapsed * 1000


def main():
    whatif, runs = sys.argv[1], int(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        history = os.path.join(tmp, "history")
        one_run(whatif, history)  # warm-up
        times = [one_run(whatif, history) for _ in range(runs)]
    print(json.dumps({"median_ms": statistics.median(times), "min_ms": min(times)}))


if __name__ == "__main__":
    main()
