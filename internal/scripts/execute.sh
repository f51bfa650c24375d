#!/usr/bin/env bash
# execute.sh OUTDIR [NOTEBOOK...]
# Executes notebooks (default: notebooks/*.ipynb) top to bottom with the GoNB
# kernel via `jupyter nbconvert --execute`, writing the executed copies to
# OUTDIR, each cell's wall time in its metadata ("ib_seconds") and one line
# per notebook to OUTDIR/timings.tsv. Runs every notebook, then fails if any
# failed. Expects the kernel to be installed (install.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# >= 1)) || die "usage: execute.sh OUTDIR [NOTEBOOK...]"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
shift
if (($# == 0)); then
	set -- "${REPO}"/notebooks/*.ipynb
fi
[[ -e "$1" ]] || die "no notebooks to execute"
find_go
export PATH="${IB_BIN}:${PATH}"

# nbclient hooks, loaded as a Jupyter config file, time each cell here: the
# kernel's own message timestamps have one-second resolution.
cat >"${out}/.nbtiming.py" <<'PY'
import time
_start = {}
def _cell_execute(cell, cell_index, **kw):
    _start[cell_index] = time.monotonic()
def _cell_executed(cell, cell_index, **kw):
    t0 = _start.pop(cell_index, None)
    if t0 is not None:
        cell.metadata["ib_seconds"] = round(time.monotonic() - t0, 3)
c.ExecutePreprocessor.on_cell_execute = _cell_execute
c.ExecutePreprocessor.on_cell_executed = _cell_executed
PY

: >"${out}/timings.tsv"
failed=()
for nb in "$@"; do
	name="$(basename "${nb}")"
	log "executing ${name}"
	t0=$(date +%s.%N)
	rc=0
	"${JUPYTER}" nbconvert --to notebook --execute \
		--config="${out}/.nbtiming.py" \
		--ExecutePreprocessor.kernel_name=gonb \
		--ExecutePreprocessor.timeout="${NB_TIMEOUT:-600}" \
		--output-dir="${out}" "${nb}" >"${out}/${name%.ipynb}.log" 2>&1 || rc=$?
	t1=$(date +%s.%N)
	secs=$(awk -v a="${t0}" -v b="${t1}" 'BEGIN { printf "%.1f", b - a }')
	printf '%s\t%s\t%s\n' "${name}" "${secs}" "${rc}" >>"${out}/timings.tsv"
	if ((rc != 0)); then
		failed+=("${name}")
		printf 'FAIL %s after %s s; nbconvert said:\n' "${name}" "${secs}" >&2
		tail -n 40 "${out}/${name%.ipynb}.log" | sed 's/^/    /' >&2
	else
		printf '     %-32s %6s s\n' "${name}" "${secs}" >&2
	fi
done
if ((${#failed[@]} > 0)); then
	die "${#failed[@]} notebook(s) failed to execute: ${failed[*]}"
fi
