#!/usr/bin/env bash
# Image test: builds docker/Dockerfile with podman against locally made
# stand-ins of the base images, runs the image and checks it (see
# docker/README.md, "Testing the image"). Self-contained: installs podman,
# makes the stand-ins (cached between runs on the same machine), cleans up
# its containers. Run as root from anywhere: bash docker/test.sh
#
# Environment:
#   IMAGE_TAG=localhost/implicitbias-course:test   image name built and tested
#   REBUILD_STANDINS=1    remake the debian/golang stand-ins even if present
#   KEEP_IMAGE=0          remove the built image at the end (default: keep it)
#   NO_CACHE=1            build without podman's layer cache (fresh-build timing)
set -Eeuo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE_TAG=${IMAGE_TAG:-localhost/implicitbias-course:test}
DEBIAN_REF=docker.io/library/debian:bookworm-slim
GOLANG_REF=docker.io/library/golang:1.26-bookworm
T0=$(date +%s)

log() { printf '\n== %s (t=%ds)\n' "$*" "$(($(date +%s) - T0))"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

[ "$(id -u)" = 0 ] || fail "run as root (podman runs rootful here)"

# --- podman and friends ----------------------------------------------------
apt_get() {
	local i
	for i in $(seq 1 30); do
		if DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=60 "$@"; then
			return 0
		fi
		echo "apt-get $1 failed (try $i), retrying in 5 s" >&2
		sleep 5
	done
	return 1
}
PKGS="podman runc debootstrap netavark aardvark-dns containernetworking-plugins conmon iptables ca-certificates curl"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing$missing"
	apt_get update -qq
	# shellcheck disable=SC2086
	apt_get install -y -qq --no-install-recommends $missing
fi

WORK=$(mktemp -d /tmp/course-image-test.XXXXXX)
CONTAINERS=()
cleanup() {
	local rc=$?
	for c in "${CONTAINERS[@]}"; do podman rm -f -t 2 "$c" >/dev/null 2>&1 || true; done
	if [ "${KEEP_IMAGE:-1}" = 0 ]; then podman rmi -f "$IMAGE_TAG" >/dev/null 2>&1 || true; fi
	rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT

# podman's default crun refuses this machine's cgroup layout, and the default
# rlimits cannot be raised in the sandbox: a private containers.conf.
cat >"$WORK/containers.conf" <<EOF
[containers]
default_ulimits = ["nofile=$(ulimit -Hn):$(ulimit -Hn)", "nproc=4096:4096"]
[engine]
runtime = "runc"
EOF
export CONTAINERS_CONF="$WORK/containers.conf"

# --- stand-ins of the official base images ---------------------------------
mirror() {
	awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null ||
		true
}
make_debian() {
	local m rootfs
	m=$(mirror)
	m=${m:-http://deb.debian.org/debian}
	rootfs="$WORK/rootfs"
	log "debootstrap bookworm from $m"
	debootstrap --variant=minbase bookworm "$rootfs" "$m" >"$WORK/debootstrap.log" 2>&1 ||
		{ tail -20 "$WORK/debootstrap.log"; fail debootstrap; }
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		mkdir -p "$rootfs/etc/apt/sources.list.d"
		cp /etc/apt/sources.list.d/debian.sources "$rootfs/etc/apt/sources.list.d/"
		rm -f "$rootfs/etc/apt/sources.list"
	fi
	rm -rf "$rootfs/var/lib/apt/lists/"* "$rootfs/var/cache/apt/archives/"*.deb
	tar -C "$rootfs" -c . | podman import --change 'CMD ["bash"]' - "$DEBIAN_REF" >/dev/null
	rm -rf "$rootfs"
}
make_golang() {
	local ctx="$WORK/golang-ctx"
	log "golang stand-in from the host's $(/usr/local/go/bin/go version)"
	mkdir -p "$ctx/certs"
	# HTTPS here goes through an intercepting proxy: the stand-in (like the
	# host) trusts its CA. The course image itself adds no certificates.
	cp /usr/local/share/ca-certificates/*.crt "$ctx/certs/" 2>/dev/null || true
	tar -C /usr/local -cf "$ctx/go.tar" go
	cat >"$ctx/Containerfile" <<'EOF'
FROM docker.io/library/debian:bookworm-slim
RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl wget git gnupg netbase procps openssh-client g++ gcc libc6-dev make pkg-config \
    && rm -rf /var/lib/apt/lists/*
COPY certs/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
ADD go.tar /usr/local/
ENV GOLANG_VERSION=standin GOTOOLCHAIN=local GOPATH=/go PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p /go/src /go/bin && chmod -R 1777 /go
WORKDIR /go
EOF
	podman build --pull=never -q -t "$GOLANG_REF" -f "$ctx/Containerfile" "$ctx" >"$WORK/golang-build.log" 2>&1 ||
		{ tail -30 "$WORK/golang-build.log"; fail "golang stand-in"; }
	rm -rf "$ctx"
}
if [ "${REBUILD_STANDINS:-0}" = 1 ] || ! podman image exists "$DEBIAN_REF"; then make_debian; REBUILD_STANDINS=1; fi
if [ "${REBUILD_STANDINS:-0}" = 1 ] || ! podman image exists "$GOLANG_REF"; then make_golang; fi

# --- build -------------------------------------------------------------------
log "building $IMAGE_TAG"
tb=$(now)
GOPROXY_ARG=$(go env GOPROXY 2>/dev/null || echo https://proxy.golang.org,direct)
podman build --pull=never --format docker ${NO_CACHE:+--no-cache} \
	--ignorefile "$REPO/docker/Dockerfile.dockerignore" \
	--build-arg GOPROXY="$GOPROXY_ARG" \
	-t "$IMAGE_TAG" -f "$REPO/docker/Dockerfile" "$REPO" 2>&1 | tee "$WORK/build.log" |
	grep --line-buffered -E '^(STEP|prewarm:|COMMIT)' ||
	{ tail -60 "$WORK/build.log"; fail "image build"; }
BUILD_S=$(elapsed "$tb" "$(now)")
# Drop the previous builds' images (untagged, no children): the layer cache stays.
podman image prune -f >/dev/null 2>&1 || true
SIZE=$(podman image inspect "$IMAGE_TAG" --format '{{.Size}}')
SIZE_MB=$((SIZE / 1000000))

# --- static checks -----------------------------------------------------------
log "static checks"
run() { podman run --rm --no-healthcheck "$@"; }
[ "$(run "$IMAGE_TAG" id -u)" = 1000 ] || fail "default user is not uid 1000"
[ "$(run "$IMAGE_TAG" id -g)" = 100 ] || fail "default group is not gid 100"
if run "$IMAGE_TAG" sh -c 'command -v sudo' >/dev/null; then fail "sudo is installed"; fi
run "$IMAGE_TAG" jupyterhub-singleuser --help >"$WORK/su.txt" 2>&1 || { cat "$WORK/su.txt"; fail "jupyterhub-singleuser --help"; }
grep -q -- '--NotebookApp\|--SingleUser\|base-url\|hub' "$WORK/su.txt" || fail "jupyterhub-singleuser --help printed no options"
# Started by a hub, the start script must hand over to jupyterhub-singleuser.
run -e JUPYTERHUB_API_TOKEN=dummy "$IMAGE_TAG" start-notebook.sh --help >"$WORK/su2.txt" 2>&1 || { cat "$WORK/su2.txt"; fail "start-notebook.sh under a hub"; }
grep -qi 'singleuser\|jupyterhub' "$WORK/su2.txt" || fail "start-notebook.sh did not run jupyterhub-singleuser under a hub"
run "$IMAGE_TAG" python3 -c 'from jupyter_client.kernelspec import KernelSpecManager as K; print(K().find_kernel_specs())' >"$WORK/ks.txt"
grep -q "'gonb': '/usr/local/share/jupyter/kernels/gonb'" "$WORK/ks.txt" || { cat "$WORK/ks.txt"; fail "gonb kernel not registered system-wide"; }
# Nothing secret baked in: no Jupyter signing key, trust database or cookie secret.
secrets=$(run "$IMAGE_TAG" sh -c 'find / -xdev \( -name notebook_secret -o -name nbsignatures.db -o -name "*cookie_secret" -o -name "jupyterhub.sqlite" \) 2>/dev/null' || true)
[ -z "$secrets" ] || fail "secrets baked into the image: $secrets"
# Disabling authentication is refused.
if timeout 120 podman run --rm --no-healthcheck "$IMAGE_TAG" start-notebook.sh --NotebookApp.token= >"$WORK/noauth.txt" 2>&1; then
	fail "the server started with an empty token"
fi
grep -qi 'refus' "$WORK/noauth.txt" || { cat "$WORK/noauth.txt"; fail "empty token not refused clearly"; }
if timeout 120 podman run --rm --no-healthcheck "$IMAGE_TAG" jupyter notebook --NotebookApp.token= --NotebookApp.password= >"$WORK/noauth2.txt" 2>&1; then
	fail "jupyter notebook started without authentication"
fi
grep -qi 'refus' "$WORK/noauth2.txt" || { cat "$WORK/noauth2.txt"; fail "unauthenticated jupyter notebook not refused clearly"; }

# --- the running server ------------------------------------------------------
log "running the server"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18888)
STUDENT="$WORK/student-work"
mkdir -p "$STUDENT"
chown 1000:100 "$STUDENT"
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
NAME=course-test-$$
CONTAINERS+=("$NAME")
tr0=$(now)
podman run -d --name "$NAME" -p "127.0.0.1:$PORT:8888" -e JUPYTER_TOKEN="$TOKEN" \
	-v "$STUDENT:/home/jovyan/course/work" "$IMAGE_TAG" >/dev/null
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
	curl -fsS "$URL/api" >/dev/null 2>&1 && break
	sleep 0.1
done
curl -fsS "$URL/api" >/dev/null || { podman logs "$NAME"; fail "/api does not answer"; }
API_S=$(elapsed "$tr0" "$(now)")
podman healthcheck run "$NAME" || fail "HEALTHCHECK reports unhealthy"
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
c=$(code "$URL/api/contents") && [ "$c" = 403 ] || fail "/api/contents without token answered $c"
c=$(code -H "Authorization: token wrong$TOKEN" "$URL/api/contents") && [ "$c" = 403 ] || fail "/api/contents with a wrong token answered $c"
c=$(code "$URL/tree") && [ "$c" = 302 ] || [ "$c" = 403 ] || fail "/tree without token answered $c"
c=$(code -H "Authorization: token $TOKEN" "$URL/api/contents") && [ "$c" = 200 ] || fail "/api/contents with the token answered $c"
c=$(code "$URL/tree?token=$TOKEN") && [ "$c" = 200 ] || fail "/tree?token= answered $c"
curl -fsS -H "Authorization: token $TOKEN" "$URL/api/kernelspecs" | grep -q '"default": *"gonb"' || fail "gonb is not the default kernel"
# Only uid 1000 inside the container, from PID 1 (tini) down.
podman top "$NAME" user pid args
uids=$(podman exec "$NAME" ps -eo uid= | tr -d ' ' | sort -u | tr '\n' ' ')
[ "$uids" = "1000 " ] || fail "processes run as uids: $uids"
# Students' files land in the mounted folder, owned by uid 1000.
c=$(code -X PUT -H "Authorization: token $TOKEN" -H 'Content-Type: application/json' \
	-d '{"type":"file","format":"text","content":"hello\n"}' "$URL/api/contents/work/hello.txt")
[ "$c" = 201 ] || [ "$c" = 200 ] || fail "saving into work/ answered $c"
[ "$(stat -c %u "$STUDENT/hello.txt")" = 1000 ] || fail "student file not owned by uid 1000"
# Chapters are trusted at start-up (fresh per-container signing key).
podman exec "$NAME" sh -c 'for f in ~/course/notebooks/*.ipynb; do [ -e "$f" ] || continue; python3 -c "
import sys, nbformat
from nbformat.sign import NotebookNotary
nb = nbformat.read(sys.argv[1], 4)
sys.exit(0 if NotebookNotary().check_signature(nb) else 1)" "$f" || { echo "untrusted: $f"; exit 1; }; done' ||
	fail "chapters are not trusted"
# The signatures above are the real check; the log line says it was the
# start-up extension that signed them. podman's log can lag behind the
# server's output, so give it a few seconds.
for i in $(seq 20); do
	podman logs "$NAME" 2>&1 | grep -q 'trusted [1-9][0-9]* pristine chapter' && break
	[ "$i" = 20 ] && { podman logs "$NAME" 2>&1 | tail -20; fail "start-up did not log trusting the chapters"; }
	sleep 0.5
done
podman rm -f -t 5 "$NAME" >/dev/null

# Without JUPYTER_TOKEN: a random token, printed, and required.
NAME2=course-test-notoken-$$
CONTAINERS+=("$NAME2")
podman run -d --name "$NAME2" -p "127.0.0.1:$PORT:8888" "$IMAGE_TAG" >/dev/null
for _ in $(seq 1 300); do
	curl -fsS "$URL/api" >/dev/null 2>&1 && break
	sleep 0.1
done
RANDOM_TOKEN=$(podman logs "$NAME2" 2>&1 | grep -o 'token=[0-9a-f]\{32,\}' | head -1 | cut -d= -f2)
[ -n "$RANDOM_TOKEN" ] || { podman logs "$NAME2"; fail "no random token printed"; }
c=$(code "$URL/api/contents") && [ "$c" = 403 ] || fail "random-token server: /api/contents without token answered $c"
c=$(code -H "Authorization: token $RANDOM_TOKEN" "$URL/api/contents") && [ "$c" = 200 ] || fail "random-token server: printed token refused ($c)"
podman rm -f -t 5 "$NAME2" >/dev/null

# --- chapters offline ----------------------------------------------------------
log "executing the chapters with --network none"
OUT="$WORK/out"
mkdir -p "$OUT"
chown 1000:100 "$OUT"
tc=$(now)
podman run --rm --no-healthcheck --network none -v "$REPO/docker/testdata:/testdata:ro" -v "$OUT:/out" "$IMAGE_TAG" bash -euc '
	cd ~/course/notebooks
	cp /testdata/smoke.ipynb ./zz-image-smoke.ipynb
	python3 /testdata/cell_latency.py 2>/out/latency.err || { cat /out/latency.err; exit 1; }
	for nb in *.ipynb; do
		t=$(date +%s.%N)
		jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
			--output-dir /out "$nb" >/out/"$nb".log 2>&1 || { cat /out/"$nb".log; exit 1; }
		echo "executed $nb in $(awk -v a=$t -v b=$(date +%s.%N) "BEGIN{printf \"%.1f\", b-a}") s"
	done' | tee "$WORK/chapters.txt" || fail "a chapter failed offline"
CHAPTERS_S=$(elapsed "$tc" "$(now)")
python3 - "$OUT" <<'EOF' || fail "executed notebooks lack figures or hold errors"
import json, os, sys
out = sys.argv[1]
total = 0
for f in sorted(os.listdir(out)):
    if not f.endswith(".ipynb"):
        continue
    nb = json.load(open(os.path.join(out, f)))
    figs = errs = 0
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            if o.get("output_type") == "error":
                errs += 1
            d = o.get("data", {})
            if "image/png" in d or "image/svg+xml" in d or "<svg" in "".join(d.get("text/html", "")):
                figs += 1
    print(f"{f}: {figs} figure(s), {errs} error(s)")
    total += figs
    if errs:
        sys.exit(1)
    if f.startswith("zz-image-smoke") and figs == 0:
        sys.exit(1)
sys.exit(0 if total else 1)
EOF

log "summary"
cat <<EOF
image:              $IMAGE_TAG
image size:         ${SIZE_MB} MB
build time:         ${BUILD_S} s
run -> /api:        ${API_S} s
chapters offline:   ${CHAPTERS_S} s
$(grep '^latency:' "$WORK/chapters.txt" | sed 's/^latency: /latency, /')
total test time:    $(($(date +%s) - T0)) s
EOF
echo "PASS docker/test.sh"
