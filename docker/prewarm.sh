#!/bin/bash
# Build step of the course image: execute every chapter once (offline, as
# the student's user) so that the Go build cache holds everything the
# chapters compile, and the build fails if a chapter fails. Also executes
# docker/testdata/smoke.ipynb (installed as /usr/local/share/course/smoke.ipynb: gonum/plot, gonbui, the course library), so the
# cache is warm even for a chapter added later. Outputs are discarded: the
# image ships the chapters as committed.
set -euo pipefail
cd "${COURSE_DIR:-$HOME/course}/notebooks"
shopt -s nullglob
out=$(mktemp -d)
smoke=zz-image-smoke.ipynb
cp /usr/local/share/course/smoke.ipynb "$smoke"
trap 'rm -rf "$out" "$smoke"' EXIT
for nb in *.ipynb; do
	t0=$(date +%s%N)
	if ! jupyter nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=gonb \
		--ExecutePreprocessor.timeout=900 --output-dir "$out" "$nb" >"$out/log" 2>&1; then
		cat "$out/log"
		echo "prewarm: $nb FAILED" >&2
		exit 1
	fi
	echo "prewarm: executed $nb in $((($(date +%s%N) - t0) / 1000000)) ms"
done
