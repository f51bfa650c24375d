#!/usr/bin/env bash
# serve.sh: installs what is missing (install.sh), then starts the course's
# Jupyter Notebook server on 127.0.0.1:${PORT:-8888} with the notebooks/
# folder, protected by ${JUPYTER_TOKEN} or a fresh random token (printed).
# Stop it with Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$(dirname "${BASH_SOURCE[0]}")/install.sh"
export PATH="${IB_BIN}:${PATH}"

port="${PORT:-8888}"
token="${JUPYTER_TOKEN:-$("${PYTHON}" -c 'import secrets; print(secrets.token_hex(24))')}"
[[ -n "${token}" ]] || die "empty token"
args=(--no-browser --ip=127.0.0.1 --port="${port}" --port-retries=0
	--NotebookApp.token="${token}" --notebook-dir="${REPO}/notebooks")
# Jupyter refuses to run as root unless told; the server listens on
# 127.0.0.1 only and needs the token.
[[ "$(id -u)" == 0 ]] && args+=(--allow-root)

cat >&2 <<MSG

  The course is at   http://127.0.0.1:${port}/tree?token=${token}
  Start with         http://127.0.0.1:${port}/notebooks/00-start-here.ipynb?token=${token}
  (token: ${token})  Stop with Ctrl-C.

MSG
exec /usr/bin/jupyter-notebook "${args[@]}"
