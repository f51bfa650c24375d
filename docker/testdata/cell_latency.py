"""Measures GoNB latencies inside the course image (run by docker/test.sh).

Starts a GoNB kernel in the chapters' folder, as a chapter would, and times:
the kernel start, the chapter wiring cell (go mod edit -require/-replace), a
first plain Go cell and a first figure cell using gonum/plot and the course
library. Prints one `latency:` line per step; exits non-zero on a cell error.
"""
import json
import os
import sys
import time

from jupyter_client.manager import start_new_kernel

HERE = os.path.dirname(os.path.abspath(__file__))
NB_DIR = os.path.expanduser("~/course/notebooks")

smoke = json.load(open(os.path.join(HERE, "smoke.ipynb")))
code = ["".join(c["source"]) for c in smoke["cells"] if c["cell_type"] == "code"]
wiring, figure = code[0], code[1]
steps = [
    ("wiring cell", wiring),
    ("first Go cell", '%%\nfmt.Println("hello from GoNB")'),
    ("first figure cell", figure),
]

t = time.monotonic()
km, kc = start_new_kernel(kernel_name="gonb", cwd=NB_DIR)
print(f"latency: kernel start {time.monotonic() - t:.2f} s", flush=True)
try:
    for name, src in steps:
        seen = []

        def hook(msg, seen=seen):
            t = msg["header"]["msg_type"]
            c = msg["content"]
            if t == "stream":
                seen.append(c["text"])
            elif t == "error":
                seen.append("\n".join(c.get("traceback", [])) or c.get("evalue", ""))
            elif t in ("display_data", "execute_result"):
                seen.append("[" + ",".join(sorted(c.get("data", {}))) + "]")

        t = time.monotonic()
        reply = kc.execute_interactive(src, timeout=300, output_hook=hook)
        dt = time.monotonic() - t
        status = reply["content"]["status"]
        print(f"latency: {name} {dt:.2f} s ({status}) {''.join(seen)[:200]!r}", flush=True)
        if status != "ok" or any("error" in s.lower() for s in seen if not s.startswith("[")):
            sys.exit(1)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    del kc, km  # before interpreter shutdown, or jupyter_client's __del__ logs a traceback
