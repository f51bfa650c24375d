#!/usr/bin/env bash
# html.sh [OUTDIR]: executes every chapter and exports a static HTML course
# (index.html plus one page per chapter) to OUTDIR (default build/html), for
# a course website. The export is self-contained: MathJax, require.js and the
# styles are copied into OUTDIR/static and referenced by relative links, so
# the pages work offline, opened from disk or served over HTTP. Go code is
# highlighted as Go. Nothing under build/ is committed.
#
# IB_EXECUTED=DIR reuses notebooks already executed into DIR (by execute.sh)
# instead of executing them again.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="${1:-${BUILD}/html}"
"$(dirname "${BASH_SOURCE[0]}")/install.sh"
# Debian's MathJax 2 and require.js: the sources of the copies in static/.
ensure_apt libjs-mathjax fonts-mathjax libjs-requirejs
mkdir -p "${out}"
out="$(cd "${out}" && pwd)"
if [[ -n "${IB_EXECUTED:-}" ]]; then
	rm -rf "${out}/executed"
	mkdir -p "${out}/executed"
	cp "${IB_EXECUTED}"/*.ipynb "${out}/executed/"
else
	"$(dirname "${BASH_SOURCE[0]}")/execute.sh" "${out}/executed"
fi

log "copying MathJax and require.js into ${out}/static"
mj=/usr/share/javascript/mathjax
rm -rf "${out}/static"
mkdir -p "${out}/static/mathjax/fonts/HTML-CSS/TeX" "${out}/static/mathjax/jax/output" \
	"${out}/static/mathjax/localization"
# The subset the notebook's configuration (TeX input, CommonHTML output with
# the TeX web fonts, the Safe extension) loads; the packed sources only.
cp -L "${mj}/MathJax.js" "${out}/static/mathjax/"
cp -rL "${mj}/config" "${mj}/extensions" "${out}/static/mathjax/"
cp -rL "${mj}/jax/input" "${mj}/jax/element" "${out}/static/mathjax/jax/"
cp -rL "${mj}/jax/output/CommonHTML" "${out}/static/mathjax/jax/output/"
cp -rL "${mj}/fonts/HTML-CSS/TeX/woff" "${out}/static/mathjax/fonts/HTML-CSS/TeX/"
cp -rL "${mj}/localization/en" "${out}/static/mathjax/localization/"
cp -L /usr/share/javascript/requirejs/require.min.js "${out}/static/"

# The kernel reports no pygments lexer, so nbconvert would highlight Go as
# Python: name Go explicitly in the copies that are exported.
"${PYTHON}" - "${out}"/executed/*.ipynb <<'PY'
import json, sys
for p in sys.argv[1:]:
    with open(p) as f:
        nb = json.load(f)
    li = nb["metadata"].setdefault("language_info", {})
    li.update({"name": "go", "pygments_lexer": "go", "codemirror_mode": "go",
               "file_extension": ".go", "mimetype": "text/x-go"})
    with open(p, "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
PY

log "exporting HTML to ${out}"
"${JUPYTER}" nbconvert --to html --output-dir="${out}" \
	--HTMLExporter.mathjax_url='static/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe' \
	--HTMLExporter.require_js_url='static/require.min.js' \
	"${out}"/executed/*.ipynb 2>"${out}/executed/html.log" ||
	{ cat "${out}/executed/html.log" >&2; die "HTML export failed"; }
"${PYTHON}" "$(dirname "${BASH_SOURCE[0]}")/html_index.py" "${out}" "${out}"/executed/*.ipynb
log "static course: ${out}/index.html (check it with internal/scripts/html_check.py ${out})"
