#!/usr/bin/env bash
# html.sh [OUTDIR]: executes every chapter and exports a static HTML course
# (one page per chapter plus index.html) to OUTDIR (default build/html),
# for a course website. Nothing under build/ is committed.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="${1:-${BUILD}/html}"
"$(dirname "${BASH_SOURCE[0]}")/install.sh"
mkdir -p "${out}"
out="$(cd "${out}" && pwd)"
"$(dirname "${BASH_SOURCE[0]}")/execute.sh" "${out}/executed"
log "exporting HTML to ${out}"
"${JUPYTER}" nbconvert --to html --output-dir="${out}" "${out}"/executed/*.ipynb 2>"${out}/executed/html.log" ||
	{ cat "${out}/executed/html.log" >&2; die "HTML export failed"; }
"${PYTHON}" - "${out}" "${out}"/executed/*.ipynb <<'PY'
import html, json, os, sys
out, nbs = sys.argv[1], sys.argv[2:]
items = []
for p in nbs:
    with open(p) as f:
        nb = json.load(f)
    title = os.path.basename(p)
    for c in nb["cells"]:
        if c["cell_type"] == "markdown":
            src = "".join(c["source"])
            for line in src.splitlines():
                if line.startswith("# "):
                    title = line[2:].strip()
                    break
            break
    page = os.path.basename(p)[:-len(".ipynb")] + ".html"
    items.append(f'<li><a href="{html.escape(page)}">{html.escape(title)}</a></li>')
with open(os.path.join(out, "index.html"), "w") as f:
    f.write("<!doctype html>\n<meta charset=utf-8>\n<title>The implicit bias of optimisers</title>\n"
            "<h1>The implicit bias of optimisers — a Go course</h1>\n<ol start=0>\n"
            + "\n".join(items) + "\n</ol>\n")
PY
log "static course: ${out}/index.html"
