"""live_check.py [CHAPTER] [SHOT]: opens a chapter (default 00-start-here) in
the live classic Notebook started by serve.sh, as a student would, in headless
Chromium, once its kernel is ready, and fails unless

  * the notebook is trusted (no "Not Trusted" indicator),
  * it carries no "(unsaved changes)" marker although nothing was edited,
  * its maths is typeset by MathJax,
  * the kernel started (the indicator shows it idle).

The server runs on a free port on 127.0.0.1 with a random token and is shut
down through its REST API afterwards. A screenshot goes to SHOT (default
build/live-<chapter>.png)."""
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
repo = os.path.dirname(os.path.dirname(here))
chapter = sys.argv[1] if len(sys.argv) > 1 else "00-start-here"
shot = sys.argv[2] if len(sys.argv) > 2 else os.path.join(repo, "build", f"live-{chapter}.png")
os.makedirs(os.path.dirname(shot), exist_ok=True)
chromium = shutil.which("chromium") or sys.exit("live_check: chromium not found (Debian package chromium)")

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
token = secrets.token_hex(16)
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(tempfile.gettempdir(), f"live_check_{port}.log"), "w")
server = subprocess.Popen([os.path.join(here, "serve.sh")], env={**os.environ, "PORT": str(port), "JUPYTER_TOKEN": token},
                          stdout=log, stderr=subprocess.STDOUT)


def api(method, path):
    req = urllib.request.Request(f"{base}{path}?token={token}", method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        body = r.read()
        return json.loads(body) if body else None


problems = []
try:
    deadline = time.monotonic() + 600  # serve.sh may build gopls and warm the build cache first
    while True:
        if server.poll() is not None:
            sys.exit(f"live_check: serve.sh exited with {server.returncode}; see {log.name}")
        try:
            api("GET", "/api/status")
            break
        except Exception:  # noqa: BLE001 - not up yet
            if time.monotonic() > deadline:
                sys.exit(f"live_check: the server did not answer within 600 s; see {log.name}")
            time.sleep(1)
    url = f"{base}/notebooks/{chapter}.ipynb?token={token}"
    with tempfile.TemporaryDirectory() as profile:
        flags = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=30000"]
        dom = subprocess.run(flags + ["--dump-dom", url], capture_output=True, text=True, timeout=180).stdout
        subprocess.run(flags + ["--window-size=1280,1000", f"--screenshot={shot}", url], capture_output=True, timeout=180)
    if not dom:
        problems.append("Chromium returned no page")
    if re.search(r'id="notification_trusted"[^>]*>[^<]*Not Trusted', dom) or ">Not Trusted<" in dom:
        problems.append("the chapter opens Not Trusted")
    if "unsaved changes" in dom:
        problems.append("the chapter opens with (unsaved changes) though nothing was edited")
    if not re.search(r'class="MathJax', dom):
        problems.append("no formula was typeset")
    if "kernel_idle_icon" not in dom:
        problems.append("the kernel did not start (indicator not idle)")
finally:
    try:
        for k in api("GET", "/api/kernels") or []:
            api("DELETE", f"/api/kernels/{k['id']}")
        api("POST", "/api/shutdown")
    except Exception:  # noqa: BLE001 - the server may already be gone
        pass
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
if problems:
    print("\n".join(f"live_check: {chapter}: {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"live_check: {chapter} opens trusted, unmodified, maths typeset, kernel ready; screenshot {shot}")
