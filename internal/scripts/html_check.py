"""html_check.py OUT [SHOTS]: checks the static course in OUT as a reader's
browser sees it. It serves OUT over HTTP on 127.0.0.1 and, for every page:

  * fetches every script, style and image the page links to (relative links
    only; an absolute file:// or http(s):// link fails the page: the export
    must work on any website and offline);
  * loads the page in headless Chromium, lets MathJax typeset, and fails if
    any TeX is left raw ($…$ outside code), if MathJax reported an error, or
    if no formula was typeset on a page that has TeX;
  * checks that Go code is highlighted as Go (pygments' Go lexer marks
    `func`/`import`/`package` as declaration or namespace keywords);
  * saves a screenshot of the top of the page to SHOTS (default OUT/../html-shots)
    so that a person can look at it.

Exits 1 with one line per problem; prints one line per page."""
import functools
import html.parser
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

out = os.path.abspath(sys.argv[1])
shots = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else os.path.join(os.path.dirname(out), "html-shots")
os.makedirs(shots, exist_ok=True)
chromium = shutil.which("chromium") or shutil.which("chromium-browser")
if not chromium:
    sys.exit("html_check: chromium not found (Debian package chromium)")


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=out))
threading.Thread(target=httpd.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{httpd.server_address[1]}/"


class Links(html.parser.HTMLParser):
    """Collects the URLs a page loads (scripts, styles, images)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        elif tag == "link" and a.get("href") and "stylesheet" in (a.get("rel") or ""):
            self.urls.append(a["href"])
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.urls.append(a["src"])


class Text(html.parser.HTMLParser):
    """The visible prose of a typeset page: text outside code, scripts,
    styles and MathJax's own output."""

    SKIP = {"script", "style", "pre", "code", "textarea"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.stack = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        skip = tag in self.SKIP or "MathJax" in cls or "mjx" in cls or "highlight" in cls or "input_area" in cls
        self.stack.append((tag, skip))
        if skip:
            self.depth += 1

    def handle_endtag(self, tag):
        while self.stack:
            t, skip = self.stack.pop()
            if skip:
                self.depth -= 1
            if t == tag:
                break

    def handle_data(self, data):
        if self.depth == 0:
            self.text.append(data)


def chromium_run(*args):
    with tempfile.TemporaryDirectory() as profile:
        cmd = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=30000", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=180)


problems = []
pages = sorted(p for p in os.listdir(out) if p.endswith(".html"))
if "index.html" not in pages:
    problems.append("index.html missing")
for page in pages:
    with open(os.path.join(out, page), encoding="utf-8") as f:
        src = f.read()
    links = Links()
    links.feed(src)
    bad = []
    for u in links.urls:
        if re.match(r"^[a-z]+:", u):
            bad.append(f"absolute link {u}")
            continue
        try:
            with urllib.request.urlopen(urllib.parse.urljoin(base + page, u), timeout=30) as r:
                if r.status != 200:
                    bad.append(f"{u}: HTTP {r.status}")
        except Exception as e:  # noqa: BLE001 - any failure to load is the finding
            bad.append(f"{u}: {e}")
    problems += [f"{page}: {b}" for b in bad]

    dom = chromium_run("--dump-dom", base + page).stdout
    t = Text()
    t.feed(dom)
    prose = "".join(t.text)
    has_tex = "$" in re.sub(r"<(script|style|pre)[\s\S]*?</\1>", "", src)
    typeset = len(re.findall(r'class="MJX|class="MathJax_CHTML|class="mjx-chtml', dom))
    raw = len(re.findall(r"\$", prose))
    if page != "index.html":
        if has_tex and typeset == 0:
            problems.append(f"{page}: MathJax typeset nothing")
        if raw:
            problems.append(f"{page}: {raw} raw '$' left in the typeset page")
        if "Math Processing Error" in dom or 'class="MathJax_Error"' in dom:
            problems.append(f"{page}: MathJax reported an error")
        if not re.search(r'<span class="(kd|kn)">(func|import|package)</span>', src):
            problems.append(f"{page}: Go code is not highlighted as Go")
    shot = os.path.join(shots, page[:-5] + ".png")
    chromium_run("--window-size=1280,1600", f"--screenshot={shot}", base + page)
    print(f"  {page:40s} links {len(links.urls):3d}  formulas {typeset:4d}  raw $ {raw:3d}  shot {os.path.basename(shot)}")

httpd.shutdown()
if problems:
    print("\n".join("html_check: " + p for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"html_check: {len(pages)} pages load over HTTP, maths typeset, Go highlighted; screenshots in {shots}")
