"""The Jupyter kernel's two budgets, measured with Jupyter's own client (not a timed test):
kernel start to the first kernel_info_reply, and the round trip of a trivial cell (request
sent to reply and idle status received) next to the engine's own evaluation of it.

    cargo build --release
    target/release/whatif kernel install --prefix /tmp/whatif-kernel
    JUPYTER_PATH=/tmp/whatif-kernel/share/jupyter python benches/python/kernel.py

The venv needs jupyter_client (tests/kernel/requirements.txt has it).
"""

import queue
import statistics
import time

from jupyter_client.manager import start_new_kernel
from jupyter_client import KernelManager

STARTS = 20
CELLS = 500


def start_to_kernel_info():
    """Process start to the first kernel_info_reply, in ms (asked every 2 ms, as a front end
    that connects right after the launch would)."""
    km = KernelManager(kernel_name="whatif")
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    while True:
        kc.kernel_info()
        try:
            kc.get_shell_msg(timeout=0.002)
            break
        except queue.Empty:
            continue
    elapsed = (time.perf_counter() - started) * 1000
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return elapsed


def round_trip(kc, code):
    started = time.perf_counter()
    msg_id = kc.execute(code)
    kc.get_shell_msg(timeout=10)
    while True:
        msg = kc.get_iopub_msg(timeout=10)
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                and msg["content"]["execution_state"] == "idle"):
            return (time.perf_counter() - started) * 1000


def main():
    starts = [start_to_kernel_info() for _ in range(STARTS)]
    print(f"start -> first kernel_info_reply: median {statistics.median(starts):.1f} ms, "
          f"min {min(starts):.1f} ms ({STARTS} starts)")
    km, kc = start_new_kernel(kernel_name="whatif")
    try:
        for _ in range(20):
            round_trip(kc, "1 + 1")
        trips = [round_trip(kc, "1 + 1") for _ in range(CELLS)]
        print(f"round trip of '1 + 1' (reply and idle): median {statistics.median(trips):.2f} ms, "
              f"p90 {sorted(trips)[int(CELLS * 0.9)]:.2f} ms ({CELLS} cells)")
        round_trip(kc, ":timer on")
        msg_id = kc.execute("1 + 1")
        took = None
        while took is None:
            msg = kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                took = msg["content"]["text"].strip()
        print(f"the engine's own evaluation of '1 + 1' (:timer): {took}")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
