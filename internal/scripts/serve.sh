#!/usr/bin/env bash
# serve.sh: installs what is missing (install.sh), then starts the course's
# Jupyter Notebook server on 127.0.0.1:${PORT:-8888} with the notebooks/
# folder, protected by ${JUPYTER_TOKEN} or a fresh random token (printed).
# Stop it with Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$(dirname "${BASH_SOURCE[0]}")/install.sh"
ensure_gopls
export PATH="${IB_BIN}:${PATH}"
warm_build_cache

port="${PORT:-8888}"
token="${JUPYTER_TOKEN:-$("${PYTHON}" -c 'import secrets; print(secrets.token_hex(24))')}"
[[ -n "${token}" ]] || die "empty token"
args=(--no-browser --ip=127.0.0.1 --port="${port}" --port-retries=0
	--NotebookApp.token="${token}" --notebook-dir="${REPO}/notebooks")
# The course's editor style: the classic Notebook reads custom/custom.css
# only from its config directory, so the server gets one of its own (unless
# JUPYTER_CONFIG_DIR is set) holding internal/jupyter/custom.
if [[ -z "${JUPYTER_CONFIG_DIR:-}" ]]; then
	export JUPYTER_CONFIG_DIR="${IB_HOME}/jupyter-config"
	mkdir -p "${JUPYTER_CONFIG_DIR}"
	rm -rf "${JUPYTER_CONFIG_DIR}/custom"
	cp -r "${REPO}/internal/jupyter/custom" "${JUPYTER_CONFIG_DIR}/"
fi
# The chapters are committed without outputs; trusting them here (with this
# user's key) lets their figures and tables show without the "Not Trusted"
# warning. A chapter a student saves stays trusted: the server signs it.
"${PYTHON}" - "${REPO}"/notebooks/*.ipynb <<'PY' || log "could not trust the chapters"
import sys
import nbformat
from nbformat.sign import NotebookNotary
notary = NotebookNotary()
for path in sys.argv[1:]:
    notary.sign(nbformat.read(path, as_version=4))
PY
# Jupyter refuses to run as root unless told; the server listens on
# 127.0.0.1 only and needs the token.
[[ "$(id -u)" == 0 ]] && args+=(--allow-root)

cat >&2 <<MSG

  The course is at   http://127.0.0.1:${port}/tree?token=${token}
  Start with         http://127.0.0.1:${port}/notebooks/00-start-here.ipynb?token=${token}
  (token: ${token})  Stop with Ctrl-C.

MSG
exec /usr/bin/jupyter-notebook "${args[@]}"
