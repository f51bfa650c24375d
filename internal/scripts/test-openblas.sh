#!/usr/bin/env bash
# test-openblas.sh: the tests of the packages with an OpenBLAS backend, built
# with -tags openblas (gonum's BLAS routed to OpenBLAS through gonum's netlib
# cgo binding). The pure-Go default must give the same results to 1e-12;
# lib/implicitbias/matfact's TestBackendGolden compares both with one golden
# file. Needs cgo, a C compiler and Debian's libopenblas-dev (installed here
# with apt-get when missing and we are root).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${REPO}"
find_go

# A fresh machine has no package lists yet: ensure_apt updates them, retries
# and uses sudo when not root.
ensure_apt libopenblas-dev gcc

log "go vet -tags openblas ./lib/..."
CGO_ENABLED=1 go vet -tags openblas ./lib/...
log "go test -tags openblas ./lib/implicitbias/matfact/... and the chapter checks of 06 and 07"
CGO_ENABLED=1 go test -tags openblas -count=1 ./lib/implicitbias/matfact/...
CGO_ENABLED=1 go test -tags openblas -count=1 -run 'Ch06|Ch07' ./lib/exercises
