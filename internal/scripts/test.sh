#!/usr/bin/env bash
# test.sh: every test of the repository, as run by `make test` and .ci/run:
#   1. gofmt, go vet, go test ./... (and ./lib/... with the purego tag)
#   2. notebooks as committed (cmd/nbcheck; nbformat schema)
#   3. install what is missing (Jupyter, the GoNB kernel from the go.mod pin)
#   4. execute every notebooks/*.ipynb with the real kernel and check the
#      executed copies: no failing cell, the declared figures and checks
#   5. the static HTML course (html.sh, from the executed copies) opened
#      page by page over HTTP in headless Chromium (html_check.py), and one
#      chapter opened in the live Notebook that `make serve` starts
#      (live_check.py): maths typeset, scripts loaded, Go highlighted,
#      chapter trusted and unmodified
#   6. docker/test.sh, if it exists (skip with IB_SKIP_DOCKER=1)
# IB_SKIP_NOTEBOOKS=1 stops after step 2.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "${REPO}"
find_go
start=$(date +%s)

log "gofmt"
unformatted="$(gofmt -l .)"
[[ -z "${unformatted}" ]] || die "gofmt needed on: ${unformatted}"
log "go vet ./..."
go vet ./...
log "go test ./..."
go test ./...
# The pure-Go kernels are the production path where AVX2+FMA is missing;
# on this machine only the purego tag makes them the path under test.
log "go test -tags purego ./lib/..."
go test -tags purego ./lib/...
if [[ -x "${scripts}/test-openblas.sh" ]]; then
	"${scripts}/test-openblas.sh"
fi

mkdir -p "${BUILD}/bin"
go build -o "${BUILD}/bin/nbcheck" ./cmd/nbcheck
notebooks=("${REPO}"/notebooks/*.ipynb)
log "checking committed notebooks"
"${BUILD}/bin/nbcheck" "${notebooks[@]}"

if [[ "${IB_SKIP_NOTEBOOKS:-0}" != 1 ]]; then
	# A private kernelspec with plain-text errors, so that failures read well
	# in logs; it runs the same kernel binary as the served one.
	export JUPYTER_DATA_DIR="${BUILD}/jupyter"
	"${scripts}/install.sh" -raw_error
	"${PYTHON}" - "${notebooks[@]}" <<'PY'
import sys, nbformat
for p in sys.argv[1:]:
    nbformat.validate(nbformat.read(p, as_version=nbformat.NO_CONVERT))
print(f"nbformat schema ok: {len(sys.argv) - 1} notebooks", file=sys.stderr)
PY
	out="${BUILD}/nbtest"
	rm -rf "${out}"
	log "executing notebooks with the GoNB kernel"
	exec_rc=0
	"${scripts}/execute.sh" "${out}" "${notebooks[@]}" || exec_rc=$?
	executed=("${out}"/*.ipynb)
	if [[ -e "${executed[0]}" ]]; then
		log "checking executed notebooks"
		"${BUILD}/bin/nbcheck" -executed "${executed[@]}" || exec_rc=1
	fi
	((exec_rc == 0)) || die "notebook tests failed (executed copies and nbconvert logs in ${out})"

	ensure_apt chromium
	log "exporting the static HTML course from the executed chapters"
	IB_EXECUTED="${out}" "${scripts}/html.sh" "${BUILD}/html"
	log "opening every HTML page over HTTP in headless Chromium"
	"${PYTHON}" "${scripts}/html_check.py" "${BUILD}/html" "${BUILD}/html-shots"
	log "opening a chapter in the live Notebook (make serve) in headless Chromium"
	# The served Notebook uses the user's kernelspec, as make serve does.
	JUPYTER_DATA_DIR= "${PYTHON}" "${scripts}/live_check.py" 00-start-here "${BUILD}/live-00-start-here.png"
fi

if [[ -f "${REPO}/docker/test.sh" && "${IB_SKIP_DOCKER:-0}" != 1 ]]; then
	log "docker/test.sh"
	bash "${REPO}/docker/test.sh"
fi
log "all tests passed in $(($(date +%s) - start)) s"
