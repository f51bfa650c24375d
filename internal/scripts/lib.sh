# shellcheck shell=bash
# Shared settings and helpers for the course scripts; source it, don't run it.
#
# Environment (all optional):
#   IMPLICITBIAS_HOME  where the kernel's tools are built (default ~/.local/share/implicitbias)
#   JUPYTER_DATA_DIR   Jupyter's data dir, where the kernelspec goes (default ~/.local/share/jupyter)

set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
IB_HOME="${IMPLICITBIAS_HOME:-${HOME}/.local/share/implicitbias}"
IB_BIN="${IB_HOME}/bin"
BUILD="${REPO}/build"
# Debian's Jupyter and Python, explicitly: a python3 earlier on PATH (pyenv,
# a virtualenv) usually has no Jupyter.
JUPYTER=/usr/bin/jupyter
PYTHON=/usr/bin/python3
APT_PACKAGES=(jupyter-notebook jupyter-nbconvert python3-jupyter-client)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# find_go puts a Go toolchain on PATH (/usr/local/go/bin if go is not there yet).
find_go() {
	if ! command -v go >/dev/null 2>&1; then
		[[ -x /usr/local/go/bin/go ]] || die "no Go toolchain: install Go 1.26 (https://go.dev/dl/) to /usr/local/go"
		PATH="/usr/local/go/bin:${PATH}"
	fi
	GOROOT_BIN="$(go env GOROOT)/bin"
	export PATH
}

# missing_apt prints the packages of "$@" that are not installed.
missing_apt() {
	local p
	for p in "$@"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
	done
}

# with_retries N CMD... runs CMD up to N times, 10 s apart (apt waits for the dpkg lock itself too).
with_retries() {
	local n=$1 i
	shift
	for ((i = 1; i <= n; i++)); do
		"$@" && return 0
		((i < n)) && { log "attempt $i of $n failed: $*; retrying in 10 s"; sleep 10; }
	done
	return 1
}

# ensure_apt installs the Debian packages of "$@" that are missing (none: no apt at all).
ensure_apt() {
	local missing sudo=()
	mapfile -t missing < <(missing_apt "$@")
	if ((${#missing[@]} == 0)); then
		log "Debian packages present: $*"
		return 0
	fi
	command -v apt-get >/dev/null || die "missing ${missing[*]} and no apt-get: install them with your package manager"
	if [[ "$(id -u)" != 0 ]]; then
		command -v sudo >/dev/null || die "missing ${missing[*]}: run as root or install them: apt-get install ${missing[*]}"
		sudo=(sudo)
	fi
	log "installing Debian packages: ${missing[*]}"
	local apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=120 -q)
	with_retries 3 "${apt[@]}" update
	with_retries 3 "${apt[@]}" install -y --no-install-recommends "${missing[@]}"
}

# ensure_jupyter installs Debian's Jupyter Notebook and nbconvert if missing.
ensure_jupyter() {
	ensure_apt "${APT_PACKAGES[@]}"
	[[ -x "${JUPYTER}" && -x "${PYTHON}" ]] || die "${JUPYTER} or ${PYTHON} missing after installing ${APT_PACKAGES[*]}"
}

# pinned_version MODULE prints the version go.mod pins for MODULE.
pinned_version() { (cd "${REPO}" && go list -m -f '{{.Version}}' "$1"); }

# built_version BIN MODULE prints the version of MODULE that BIN was built from ("" if none).
built_version() {
	[[ -x "$1" ]] || return 0
	go version -m "$1" 2>/dev/null | awk -v m="$2" '($1 == "mod" || $1 == "dep") && $2 == m { print $3 }'
}

# ensure_tool NAME PACKAGE MODULE builds PACKAGE (a go.mod tool) into IB_BIN/NAME
# unless the binary there was built from the pinned version of MODULE.
ensure_tool() {
	local name=$1 pkg=$2 mod=$3 want have
	want="$(pinned_version "${mod}")"
	have="$(built_version "${IB_BIN}/${name}" "${mod}")"
	if [[ -n "${want}" && "${have}" == "${want}" ]]; then
		log "${name} ${have} present in ${IB_BIN}"
		return 0
	fi
	log "building ${name} from the go.mod pin (${mod} ${want})"
	mkdir -p "${IB_BIN}"
	(cd "${REPO}" && go build -o "${IB_BIN}/${name}" "${pkg}")
}

# ensure_tools builds the GoNB kernel and goimports at their go.mod pins.
ensure_tools() {
	find_go
	ensure_tool gonb github.com/janpfeifer/gonb github.com/janpfeifer/gonb
	ensure_tool goimports golang.org/x/tools/cmd/goimports golang.org/x/tools
}

# install_kernel [GONB_FLAGS...] installs the GoNB kernelspec into
# ${JUPYTER_DATA_DIR:-~/.local/share/jupyter}/kernels/gonb, copying the
# kernel binary there, and puts goimports and go on the kernel's PATH.
install_kernel() {
	local data="${JUPYTER_DATA_DIR:-${HOME}/.local/share/jupyter}"
	local spec="${data}/kernels/gonb"
	# gopls is optional (editor help only); -force_deps installs without it.
	local out
	if ! out="$(JUPYTER_DATA_DIR="${data}" PATH="${IB_BIN}:${PATH}" \
		"${IB_BIN}/gonb" -install -force_copy -force_deps "$@" 2>&1)"; then
		printf '%s\n' "${out}" >&2
		die "gonb -install failed"
	fi
	rm -f "${spec}/gonb~"
	# The kernel inherits the server's environment; make sure it finds the
	# pinned goimports and the Go toolchain whatever PATH the server had.
	"${PYTHON}" - "${spec}/kernel.json" "${IB_BIN}:${GOROOT_BIN}:\${PATH}" <<'PY'
import json, sys
path, kpath = sys.argv[1], sys.argv[2]
with open(path) as f:
    spec = json.load(f)
spec.setdefault("env", {})["PATH"] = kpath
with open(path, "w") as f:
    json.dump(spec, f, indent=1)
    f.write("\n")
PY
	log "GoNB kernel installed in ${spec}"
}

# GOPLS_VERSION is the gopls the kernel uses for completion and hover (the
# image pins the same; gopls v0.24 needs Go 1.27).
GOPLS_VERSION=v0.23.0

# ensure_gopls builds gopls at GOPLS_VERSION into IB_BIN unless it is there.
# GoNB works without it (no completion), so a failed build only warns.
ensure_gopls() {
	find_go
	local have
	have="$(built_version "${IB_BIN}/gopls" golang.org/x/tools/gopls)"
	if [[ "${have}" == "${GOPLS_VERSION}" ]]; then
		log "gopls ${have} present in ${IB_BIN}"
		return 0
	fi
	log "building gopls ${GOPLS_VERSION} for completion in the notebooks (once, about a minute)"
	mkdir -p "${IB_BIN}"
	GOBIN="${IB_BIN}" go install "golang.org/x/tools/gopls@${GOPLS_VERSION}" ||
		log "gopls could not be built: the notebooks run without completion"
}

# warm_build_cache compiles, in a throwaway module wired to this checkout
# exactly as a chapter's setup cell wires the kernel's module, a program that
# imports what the chapters import (the library, the figures, the display
# layer, gonum). The packages land in Go's build cache, so the first figure
# cell of a fresh install links in about a second instead of compiling gonum
# and gonum/plot for half a minute with nothing on screen.
warm_build_cache() {
	find_go
	local dir t0
	t0=$(date +%s)
	dir="$(mktemp -d)"
	log "compiling the library and the figure stack into Go's build cache (first time: about a minute)"
	cat >"${dir}/main.go" <<'GO'
package main

import (
	"fmt"

	"github.com/implicitbias/course/lib/exercises"
	"github.com/implicitbias/course/lib/implicitbias"
	"github.com/implicitbias/course/lib/notebook"
	"github.com/implicitbias/course/lib/plots"
	"gonum.org/v1/gonum/mat"
)

func main() {
	fmt.Println(implicitbias.Euclidean{}, mat.NewVecDense(1, nil).Len(), plots.Figure{}, notebook.ShowFigure, exercises.Ch00)
}
GO
	if ! (cd "${dir}" && go mod init gonb_warm >/dev/null 2>&1 &&
		go mod edit -require "github.com/implicitbias/course@v0.0.0-00010101000000-000000000000" \
			-replace "github.com/implicitbias/course=${REPO}" &&
		go mod tidy >/dev/null 2>&1 && go build -o "${dir}/warm" . ); then
		log "warming the build cache failed (the first cell will compile instead)"
	else
		log "build cache warm ($(($(date +%s) - t0)) s)"
	fi
	rm -rf "${dir}"
}
