#!/usr/bin/env bash
# clear.sh [NOTEBOOK...]: strips outputs, execution counts and execution
# metadata from notebooks (default: notebooks/*.ipynb) in place, so they can
# be committed. Uses Debian's python3-nbformat (installed by install.sh).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
if (($# == 0)); then
	set -- "${REPO}"/notebooks/*.ipynb
fi
"${PYTHON}" - "$@" <<'PY'
import sys, nbformat
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    changed = False
    for cell in nb.cells:
        for key in ("execution", "ib_seconds", "collapsed", "scrolled"):
            if key in cell.metadata:
                del cell.metadata[key]
                changed = True
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
    for key in ("widgets",):
        if key in nb.metadata:
            del nb.metadata[key]
            changed = True
    if changed:
        nbformat.write(nb, path)
        print(f"cleared {path}", file=sys.stderr)
PY
