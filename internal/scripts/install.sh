#!/usr/bin/env bash
# Installs what the course needs and is missing (idempotent):
#   - Debian's Jupyter Notebook and nbconvert (apt-get, only if missing),
#   - the GoNB kernel and goimports, built from the versions pinned in go.mod
#     into ${IMPLICITBIAS_HOME:-~/.local/share/implicitbias}/bin,
#   - the "gonb" kernelspec in ${JUPYTER_DATA_DIR:-~/.local/share/jupyter}.
# Arguments are passed to `gonb -install` (e.g. -raw_error for plain-text errors).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_jupyter
ensure_tools
install_kernel "$@"
