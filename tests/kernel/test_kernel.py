"""The whatif Jupyter kernel driven by Jupyter's own client libraries.

Run by `cargo test` (tests/integration/kernel.rs), which builds a virtual environment with
jupyter_client, nbclient, nbformat and jupyter_kernel_test, installs the kernelspec into a
temporary prefix and points JUPYTER_PATH at it. By hand:

    JUPYTER_PATH=PREFIX/share/jupyter python tests/kernel/test_kernel.py

Covers Jupyter's conformance suite (message schemas), the shipped examples/tour.ipynb run end
to end with nbclient, state across cells, errors, completion, inspection, interrupt, restart,
and messages that are not signed.
"""

import json
import os
import subprocess
import sys
import time
import unittest
from pathlib import Path

import jupyter_kernel_test
import nbformat
import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import start_new_kernel
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 30


class Conformance(jupyter_kernel_test.KernelTests):
    """Jupyter's own checks: every reply validated against the protocol's schemas."""

    kernel_name = "whatif"
    language_name = "whatif"
    file_extension = ".rhai"
    code_hello_world = 'print("hello, world")'
    code_stderr = 'debug("to stderr")'
    completion_samples = [
        {"text": "funding_r", "matches": {"funding_rounds"}},
    ]
    complete_code_samples = ["1 + 1", "let x = 2;", "fn f(x) {\n  x * 2\n}"]
    incomplete_code_samples = ["fn f(x) {", "[1, 2,"]
    invalid_code_samples = ["1 + )", "(1 + 2]"]
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "0.1 + 0.2", "result": "0.3"},
        {"code": "7 / 2", "result": "3.5"},
    ]
    code_generate_error = "1 + nope"
    code_inspect_sample = "npv"


class Kernel(unittest.TestCase):
    """One kernel for the checks below, in order-independent cells."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start_new_kernel(kernel_name="whatif", startup_timeout=TIMEOUT)

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def run_cell(self, code, kc=None):
        """Runs code; (reply content, IOPub messages of this execution, in order)."""
        kc = kc or self.kc
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=TIMEOUT)
        published = []
        while True:
            msg = kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            published.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return reply["content"], published

    def result(self, code):
        reply, published = self.run_cell(code)
        self.assertEqual(reply["status"], "ok", reply)
        results = [m["content"]["data"] for m in published if m["msg_type"] == "execute_result"]
        self.assertEqual(len(results), 1, published)
        return results[0]

    def test_state_persists_across_cells(self):
        self.run_cell("let x = 20")
        self.run_cell("fn twice(a) { a * 2 }")
        self.assertEqual(self.result("twice(x) + 2")["text/plain"], "42")

    def test_a_failed_cell_keeps_what_ran_before_the_error(self):
        reply, published = self.run_cell("let a = 5;\nlet b = a / 0;")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Error")
        self.assertIn("division by zero", reply["evalue"].lower())
        traceback = "\n".join(reply["traceback"])
        # The prompt's message: cell and line, the source line and a caret under it.
        self.assertRegex(traceback, r"In \[\d+\]:2:")
        self.assertIn("let b = a / 0;", traceback)
        self.assertIn("^", traceback)
        self.assertTrue(any(m["msg_type"] == "error" for m in published))
        self.assertEqual(self.result("a * 10")["text/plain"], "50")

    def test_cells_sent_before_a_failure_are_aborted_as_run_all_expects(self):
        # The failing cell works a while first: a cell counts as sent before the failure when
        # the front end made it before the failure's reply, and a cell that fails at once could
        # be answered before a busy machine lets this client make the second message.
        first = self.kc.execute("let ran = 1; let n = 0; for i in 0..200000 { n += i } nope()")
        queued = self.kc.execute("let ran = 2")
        replies = {}
        while len(replies) < 2:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[msg["parent_header"]["msg_id"]] = msg["content"]["status"]
        self.assertEqual(replies, {first: "error", queued: "aborted"})
        self.assertEqual(self.result("ran")["text/plain"], "1")

    def test_print_streams_before_the_result_and_notes_go_to_stderr(self):
        reply, published = self.run_cell('print("first"); debug("a note"); 1 + 1')
        kinds = [(m["msg_type"], m["content"].get("name")) for m in published]
        self.assertLess(kinds.index(("stream", "stdout")), kinds.index(("execute_result", None)))
        streams = {m["content"]["name"]: m["content"]["text"] for m in published if m["msg_type"] == "stream"}
        self.assertEqual(streams["stdout"], "first\n")
        self.assertIn("a note", streams["stderr"])

    def test_json_keeps_every_digit_as_strings(self):
        data = self.result("1234567890123456789.0123456789")
        self.assertEqual(data["text/plain"], "1234567890123456789")
        self.assertEqual(data["application/json"], "1234567890123456789.0123456789")
        money = self.result('cny(yi(821.29))')["application/json"]
        self.assertEqual(money, {"amount": "82129000000", "currency": "CNY"})
        record = self.result("#{a: 0.1 + 0.2, b: [1, 2.50]}")
        self.assertEqual(record["application/json"], {"a": "0.3", "b": ["1", "2.5"]})
        self.assertIn("<table>", record["text/html"])

    def test_a_table_is_html_with_numbers_right_aligned_and_its_row_count(self):
        html = self.result('pledges.select(["id", "amount", "currency"])')["text/html"]
        self.assertIn("<table>", html)
        self.assertIn('class="num"', html)
        self.assertIn("2 rows", html)
        self.assertNotIn("<body", html)

    def test_commands_run_in_a_cell(self):
        reply, published = self.run_cell(":digits 4")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual(self.result("1 / 3")["text/plain"], "0.3333")
        self.run_cell(":digits 12")
        text = "".join(m["content"].get("text", "") for m in self.run_cell(":help npv")[1] if m["msg_type"] == "stream")
        self.assertIn("npv(", text)
        text = "".join(m["content"].get("text", "") for m in self.run_cell(":datasets")[1] if m["msg_type"] == "stream")
        self.assertIn("funding_rounds", text)
        reply, _ = self.run_cell('let deal = softbank_deals.by_id("nvidia-2019");\n'
                                 "let explained = roi(deal.amount, deal.value_later)")
        self.assertEqual(reply["status"], "ok", reply)
        reply, published = self.run_cell(":explain explained")
        self.assertEqual(reply["status"], "ok", reply)
        shown = json.dumps([m["content"] for m in published])
        self.assertIn("nvidia-2019", shown)
        reply, _ = self.run_cell(":format nonsense")
        self.assertEqual(reply["status"], "error")
        self.assertIn("unknown format", reply["evalue"])

    def test_completion_uses_the_cursor_in_characters(self):
        self.run_cell("let rounds = funding_rounds")
        code = 'let note = "软银";\nrounds.amo + 1'
        cursor = len('let note = "软银";\nrounds.amo')
        self.kc.complete(code, cursor_pos=cursor)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertIn("amount", reply["matches"])
        self.assertEqual(reply["cursor_start"], cursor - len("amo"))
        self.assertEqual(reply["cursor_end"], cursor)

    def test_inspection_is_the_help_page(self):
        self.kc.inspect("npv(0.1, ", cursor_pos=len("npv(0.1, "))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertTrue(reply["found"], reply)
        self.assertIn("npv(", reply["data"]["text/plain"])
        self.kc.inspect("1 + 2", cursor_pos=2)
        self.assertFalse(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["found"])

    def test_is_complete(self):
        for code, status in [("1 + 1", "complete"), ("fn f(x) {", "incomplete"), ("1 + )", "invalid")]:
            self.kc.is_complete(code)
            self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], status, code)

    def test_history_and_comms_are_answered(self):
        self.kc.history(hist_access_type="tail", n=10)
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["history"], [])
        self.kc.comm_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"], {})
        msg = self.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "nothing", "data": {}})
        self.kc.shell_channel.send(msg)
        self.assertEqual(self.result("1 + 1")["text/plain"], "2")

    def test_unsigned_and_malformed_messages_are_rejected_and_the_kernel_lives(self):
        info = self.km.get_connection_info()
        context = zmq.Context.instance()
        socket = context.socket(zmq.DEALER)
        socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        header = json.dumps({"msg_id": "x", "msg_type": "execute_request", "session": "s",
                             "username": "u", "date": "2024-12-17T00:00:00Z", "version": "5.3"})
        content = json.dumps({"code": "let hacked = 1", "silent": False})
        for signature in [b"not-a-signature", b"0" * 64, b""]:
            socket.send_multipart([b"<IDS|MSG>", signature, header.encode(), b"{}", b"{}", content.encode()])
        socket.send_multipart([b"<IDS|MSG>"])
        socket.send_multipart([b"garbage"])
        time.sleep(0.3)
        socket.close(linger=0)
        self.assertTrue(self.km.is_alive())
        reply, _ = self.run_cell("hacked")
        self.assertEqual(reply["status"], "error", "an unsigned message must not run")


class SameAsAScript(unittest.TestCase):
    """A script run as notebook cells prints what `whatif FILE` prints."""

    def test_the_tour_script_cell_by_cell_prints_what_the_command_line_prints(self):
        script = ROOT / "scripts" / "00_tour.rhai"
        program = KernelSpecManager().get_kernel_spec("whatif").argv[0]
        expected = subprocess.run([program, str(script)], capture_output=True, text=True,
                                  cwd=ROOT, check=True).stdout
        # One cell per section, as an analyst would paste it.
        cells, cell = [], []
        for line in script.read_text().splitlines():
            if line.startswith("section(") and cell:
                cells.append("\n".join(cell))
                cell = []
            cell.append(line)
        cells.append("\n".join(cell))
        self.assertGreater(len(cells), 3)
        self.assertIn("Nvidia", expected)
        km, kc = start_new_kernel(kernel_name="whatif", startup_timeout=TIMEOUT, cwd=str(ROOT))
        try:
            printed = []
            for code in cells:
                msg_id = kc.execute(code)
                reply = kc.get_shell_msg(timeout=TIMEOUT)["content"]
                self.assertEqual(reply["status"], "ok", reply)
                while True:
                    msg = kc.get_iopub_msg(timeout=TIMEOUT)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
                        printed.append(msg["content"]["text"])
                    if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                        break
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        self.assertEqual("".join(printed), expected)


class Lifecycle(unittest.TestCase):
    """Interrupt and restart, each on a kernel of its own."""

    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="whatif", startup_timeout=TIMEOUT)

    def tearDown(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def test_an_interrupt_stops_a_running_cell_and_the_session_survives(self):
        self.kc.execute("let kept = 7")
        self.kc.get_shell_msg(timeout=TIMEOUT)
        msg_id = self.kc.execute("let i = 0; loop { i += 1; }")
        time.sleep(0.5)
        started = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "KeyboardInterrupt")
        self.assertLess(time.monotonic() - started, 5)
        self.kc.execute("kept * 6")
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")

    def test_restart_gives_a_fresh_session(self):
        self.kc.execute("let before = 1")
        self.kc.get_shell_msg(timeout=TIMEOUT)
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        self.kc.execute("before")
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], "error")
        self.kc.execute("1 + 1")
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], "ok")


class Orphan(unittest.TestCase):
    def test_the_kernel_ends_when_the_server_that_started_it_is_gone(self):
        from jupyter_client.connect import write_connection_file
        program = KernelSpecManager().get_kernel_spec("whatif").argv[0]
        connection_file, _ = write_connection_file()
        launcher = (
            "import os, subprocess, sys\n"
            "env = dict(os.environ, JPY_PARENT_PID=str(os.getpid()))\n"
            "kernel = subprocess.Popen([sys.argv[1], '--kernel', sys.argv[2]], env=env,\n"
            "                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "print(kernel.pid, flush=True)\n"
        )
        out = subprocess.run([sys.executable, "-c", launcher, program, connection_file],
                             capture_output=True, text=True, check=True).stdout
        pid = int(out.strip())
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and alive(pid):
            time.sleep(0.1)
        self.assertFalse(alive(pid), "the kernel outlived the server that started it")
        os.remove(connection_file)


def alive(pid):
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


class Notebook(unittest.TestCase):
    """examples/tour.ipynb, executed end to end as JupyterLab would."""

    def test_the_tour_runs_with_a_table_an_explanation_and_a_chart(self):
        nb = nbformat.read(ROOT / "examples" / "tour.ipynb", as_version=4)
        NotebookClient(nb, kernel_name="whatif", timeout=TIMEOUT,
                       resources={"metadata": {"path": str(ROOT / "examples")}}).execute()
        nbformat.validate(nb)
        outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
        self.assertFalse([o for o in outputs if o.output_type == "error"])
        data = [o.get("data", {}) for o in outputs]
        tables = [d["text/html"] for d in data if "<table>" in d.get("text/html", "") and " rows" in d["text/html"]]
        self.assertTrue(tables, "no HTML table")
        self.assertTrue(any("USD" in t or "CNY" in t for t in tables))
        self.assertTrue(any("<svg" in d.get("image/svg+xml", "") for d in data), "no chart")
        explained = [d["text/html"] for d in data if "<pre>" in d.get("text/html", "")]
        self.assertTrue(explained and "<a href=" in explained[0], "no explanation with links")
        printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
        self.assertIn("multiple left on the table: 37.5x", printed)


if __name__ == "__main__":
    if "JUPYTER_PATH" not in os.environ:
        sys.exit("set JUPYTER_PATH to the folder holding kernels/whatif (see the docstring)")
    unittest.main(verbosity=2)
