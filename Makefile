# The course's commands; each is a thin wrapper around internal/scripts/*.sh
# (run those directly on a machine without make).
.PHONY: serve test install html test-go clear bench

## serve: install what is missing, then start the notebook server on 127.0.0.1:8888 (token printed)
serve:
	internal/scripts/serve.sh

## test: every test: gofmt, vet, go test, notebook checks and execution with the GoNB kernel
test:
	internal/scripts/test.sh

## install: Jupyter (Debian packages) if missing, GoNB and goimports from the go.mod pins, the kernelspec
install:
	internal/scripts/install.sh

## html: execute every chapter and export a static HTML course to build/html
html:
	internal/scripts/html.sh

## test-go: the Go tests and the committed-notebook checks only (no kernel)
test-go:
	IB_SKIP_NOTEBOOKS=1 IB_SKIP_DOCKER=1 internal/scripts/test.sh

## clear: strip outputs and execution metadata from notebooks/*.ipynb before committing
clear:
	internal/scripts/clear.sh

## bench: the library's benchmarks
bench:
	go test -run '^$$' -bench . ./lib/...
