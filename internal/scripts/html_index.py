"""html_index.py OUT NOTEBOOK...: writes OUT/index.html, the front page of the
static course: a short introduction and one line per chapter (number, title,
link), styled in the page itself so that it needs no other file."""
import html
import json
import os
import re
import sys

out, nbs = sys.argv[1], sys.argv[2:]
rows = []
for p in sorted(nbs):
    with open(p) as f:
        nb = json.load(f)
    base = os.path.basename(p)[: -len(".ipynb")]
    num, title = base[:2], base
    for c in nb["cells"]:
        if c["cell_type"] != "markdown":
            continue
        for line in "".join(c["source"]).splitlines():
            if line.startswith("# "):
                title = line[2:].strip()
                break
        break
    # Chapters write "NN · Title" or "NN — Title": show the number once.
    m = re.match(r"^(\d\d)\s*[·—:-]\s*(.*)$", title)
    if m:
        num, title = m.group(1), m.group(2)
    rows.append(
        f'<li><span class="num">{html.escape(num)}</span>'
        f'<a href="{html.escape(base)}.html">{html.escape(title)}</a></li>'
    )

page = f"""<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The implicit bias of optimisers: a course in Go notebooks</title>
<style>
body {{ font: 18px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: #1d1d1f; max-width: 46rem; margin: 3rem auto; padding: 0 1.25rem; }}
h1 {{ font-size: 1.9rem; line-height: 1.25; margin-bottom: .4rem; }}
p.lead {{ color: #444; }}
ol {{ list-style: none; padding: 0; margin: 2rem 0; }}
li {{ display: flex; gap: 1rem; align-items: baseline; padding: .7rem 0; border-top: 1px solid #e3e3e6; }}
li:last-child {{ border-bottom: 1px solid #e3e3e6; }}
.num {{ font-variant-numeric: tabular-nums; color: #0072b2; font-weight: 600; min-width: 1.6rem; }}
a {{ color: #1d1d1f; text-decoration: none; }}
a:hover {{ color: #0072b2; text-decoration: underline; }}
footer {{ font-size: .85rem; color: #666; }}
</style>
<h1>The implicit bias of optimisers</h1>
<p class="lead">When a model can fit its data in infinitely many ways, the optimiser chooses one.
This course shows which one, and why, where it can be computed exactly: mirror descent,
reparametrised and diagonal networks, matrix models, sign-like and noisy methods.
Every chapter states a result from the literature, runs it live in Go, and checks each
prediction against what it observes.</p>
<p>These pages are the chapters as executed when the site was built: read them here, or run
and change them in the notebooks (start with chapter 00, which also explains how to run a cell).</p>
<ol>
{chr(10).join(rows)}
</ol>
<footer>Built from the course's notebooks with Jupyter's nbconvert; works offline.</footer>
</html>
"""
with open(os.path.join(out, "index.html"), "w") as f:
    f.write(page)
