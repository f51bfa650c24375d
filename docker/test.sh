#!/usr/bin/env bash
# Image test: builds docker/Dockerfile with podman against locally made
# stand-ins of the base images, runs the image and checks it under an empty
# home, behind a real JupyterHub and as Binder runs it (see docker/README.md,
# "Testing the image"). Self-contained: installs podman,
# makes the stand-ins (cached between runs on the same machine), cleans up
# its containers. Run as root from anywhere: bash docker/test.sh
#
# Environment:
#   IMAGE_TAG=localhost/implicitbias-course:test   image name built and tested
#   REBUILD_STANDINS=1    remake the debian/golang stand-ins even if present
#   KEEP_IMAGE=0          remove the built image at the end (default: keep it)
#   NO_CACHE=1            build without podman's layer cache (fresh-build timing)
#   ALL_CHAPTERS=1        execute every chapter again at run time (the build does)
#   SIZING=0              skip the 1/2/4/8 concurrent-kernels measurement
#   SIZING_N="1 2 4 8"    the Ns measured;  SIZING_CHAPTER=NN-....ipynb  its chapter
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
# jupyterhub brings configurable-http-proxy (node): the real hub of the hub test.
PKGS="podman runc debootstrap netavark aardvark-dns containernetworking-plugins conmon iptables ca-certificates curl jupyterhub"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	log "installing$missing"
	apt_get update -qq
	# Debian's jupyterhub package enables and starts a system hub on port
	# 8000; the test only needs its programs: no service is started during
	# the install (policy-rc.d), and it is left disabled.
	policy=""
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && policy=1
	fi
	# shellcheck disable=SC2086
	apt_get install -y -qq --no-install-recommends $missing
	[ -z "$policy" ] || rm -f /usr/sbin/policy-rc.d
	case " $missing " in *" jupyterhub "*)
		systemctl disable jupyterhub.service >/dev/null 2>&1 ||
			rm -f /etc/systemd/system/multi-user.target.wants/jupyterhub.service ;;
	esac
fi

WORK=$(mktemp -d /tmp/course-image-test.XXXXXX)
CONTAINERS=()
HUB_PID=""
HUB_PREFIX=course-test-$$-
cleanup() {
	local rc=$?
	[ -z "$HUB_PID" ] || kill "$HUB_PID" 2>/dev/null || true
	for c in "${CONTAINERS[@]}" $(podman ps -a --format '{{.Names}}' 2>/dev/null | grep "^$HUB_PREFIX" || true); do
		podman rm -f -t 2 "$c" >/dev/null 2>&1 || true
	done
	[ -z "$HUB_PID" ] || { sleep 1; kill -9 "$HUB_PID" 2>/dev/null || true; }
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
	# HTTPS here goes through an intercepting proxy: its CA goes where
	# Debian's ca-certificates (installed by the image's build) picks it up.
	mkdir -p "$rootfs/usr/local/share/ca-certificates"
	cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/" 2>/dev/null || true
	tar -C "$rootfs" -c . | podman import --change 'CMD ["bash"]' --change "LABEL course.standin=$STANDIN_VERSION" \
		- "$DEBIAN_REF" >/dev/null
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
# Version 2 of the debian stand-in carries the host's extra CA certificates
# (the image's final stage is based on it); an older one is remade alone.
STANDIN_VERSION=2
if [ "${REBUILD_STANDINS:-0}" = 1 ] || ! podman image exists "$DEBIAN_REF"; then
	make_debian
	REBUILD_STANDINS=1
elif [ "$(podman image inspect --format '{{index .Config.Labels "course.standin"}}' "$DEBIAN_REF" 2>/dev/null)" != "$STANDIN_VERSION" ]; then
	make_debian
fi
if [ "${REBUILD_STANDINS:-0}" = 1 ] || ! podman image exists "$GOLANG_REF"; then make_golang; fi

# --- build -------------------------------------------------------------------
log "building $IMAGE_TAG"
tb=$(now)
GOPROXY_ARG=$(go env GOPROXY 2>/dev/null || echo https://proxy.golang.org,direct)
# The build's own exit status decides; the progress filter only echoes the
# step lines (multi-stage builds print them as "[2/2] STEP n/m:") and finds
# none when every layer comes from the cache, which is not a failure.
build_rc=0
podman build --pull=never --format docker ${NO_CACHE:+--no-cache} \
	--ignorefile "$REPO/docker/Dockerfile.dockerignore" \
	--build-arg GOPROXY="$GOPROXY_ARG" \
	-t "$IMAGE_TAG" -f "$REPO/docker/Dockerfile" "$REPO" >"$WORK/build.log" 2>&1 &
build_pid=$!
tail --pid="$build_pid" -n +1 -f "$WORK/build.log" 2>/dev/null |
	grep --line-buffered -E '^(\[[0-9]+/[0-9]+\] )?(STEP|COMMIT)|prewarm:' || true
wait "$build_pid" || build_rc=$?
[ "$build_rc" = 0 ] || { tail -60 "$WORK/build.log"; fail "image build (podman build exit $build_rc)"; }
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
# The student's home: an empty folder over /home/jovyan, as a Kubernetes
# volume (Zero to JupyterHub) or a fresh host folder gives it.
STUDENT="$WORK/student-home"
mkdir -p "$STUDENT"
chown 1000:100 "$STUDENT"
TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
NAME=course-test-$$
CONTAINERS+=("$NAME")
tr0=$(now)
podman run -d --name "$NAME" -p "127.0.0.1:$PORT:8888" -e JUPYTER_TOKEN="$TOKEN" \
	-v "$STUDENT:/home/jovyan" "$IMAGE_TAG" >/dev/null
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
curl -fsS -H "Authorization: token $TOKEN" "$URL/api/kernelspecs" | grep -c '"default": *"gonb"' >/dev/null || fail "gonb is not the default kernel"
# Only uid 1000 inside the container, from PID 1 (tini) down.
podman top "$NAME" user pid args
uids=$(podman exec "$NAME" ps -eo uid= | tr -d ' ' | sort -u | tr '\n' ' ')
[ "$uids" = "1000 " ] || fail "processes run as uids: $uids"
# Students' files land in the mounted folder, owned by uid 1000.
c=$(code -X PUT -H "Authorization: token $TOKEN" -H 'Content-Type: application/json' \
	-d '{"type":"file","format":"text","content":"hello\n"}' "$URL/api/contents/work/hello.txt")
[ "$c" = 201 ] || [ "$c" = 200 ] || fail "saving into work/ answered $c"
[ "$(stat -c %u "$STUDENT/course/work/hello.txt")" = 1000 ] || fail "student file not owned by uid 1000"
# The empty home got the chapters (as the student's files) and the links to
# the course's library.
nch=$(find "$REPO/notebooks" -maxdepth 1 -name '*.ipynb' | wc -l)
[ "$(find "$STUDENT/course/notebooks" -maxdepth 1 -name '*.ipynb' -user 1000 | wc -l)" = "$nch" ] ||
	fail "the empty home did not get the $nch chapters"
[ "$(readlink "$STUDENT/course/lib")" = /opt/course/lib ] || fail "~/course/lib does not link to the course's library"
[ -L "$STUDENT/course/go.mod" ] || fail "~/course/go.mod missing"
[ -f "$STUDENT/.jupyter/custom/custom.css" ] || fail "the course's custom.css is not in ~/.jupyter/custom"
curl -fsS "$URL/custom/custom.css?token=$TOKEN" | grep -c 'cm-tab' >/dev/null || fail "the server does not serve the course's custom.css"
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

# A restart on the same home keeps the student's edits (never overwritten)
# and brings back a deleted chapter; course-reset restores a pristine copy
# and keeps the student's version beside it.
first=$(cd "$REPO/notebooks" && ls -- *.ipynb | head -1)
second=$(cd "$REPO/notebooks" && ls -- *.ipynb | sed -n 2p)
printf '\n' >>"$STUDENT/course/notebooks/$first"
rm "$STUDENT/course/notebooks/$second"
run -v "$STUDENT:/home/jovyan" "$IMAGE_TAG" true
cmp -s "$REPO/notebooks/$first" "$STUDENT/course/notebooks/$first" && fail "a restart overwrote the student's edit of $first"
cmp -s "$REPO/notebooks/$second" "$STUDENT/course/notebooks/$second" || fail "a restart did not bring back the deleted $second"
run -v "$STUDENT:/home/jovyan" "$IMAGE_TAG" course-reset "${first%%-*}" || fail "course-reset ${first%%-*}"
cmp -s "$REPO/notebooks/$first" "$STUDENT/course/notebooks/$first" || fail "course-reset did not restore $first"
ls "$STUDENT/course/notebooks/${first%.ipynb}".edited-*.ipynb >/dev/null 2>&1 || fail "course-reset lost the student's version of $first"

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
# Every chapter was executed at build time (prewarm.sh), in this layout; here
# the first one and the smoke notebook run again at run time, offline, under
# an empty home (ALL_CHAPTERS=1: every chapter), after the latency probe.
log "executing chapters with --network none under an empty home"
OUT="$WORK/out"
EMPTY="$WORK/empty-home"
mkdir -p "$OUT" "$EMPTY"
chown 1000:100 "$OUT" "$EMPTY"
tc=$(now)
podman run --rm --no-healthcheck --network none -e ALL_CHAPTERS="${ALL_CHAPTERS:-0}" -v "$EMPTY:/home/jovyan" -v "$REPO/docker/testdata:/testdata:ro" -v "$OUT:/out" "$IMAGE_TAG" bash -euc '
	cd ~/course/notebooks
	cp /testdata/smoke.ipynb ./zz-image-smoke.ipynb
	python3 /testdata/cell_latency.py 2>/out/latency.err || { cat /out/latency.err; exit 1; }
	# A chapter copied into work/ runs there too, against the same library.
	cp 00-*.ipynb ../work/zz-copied-chapter.ipynb
	for nb in *.ipynb ../work/zz-copied-chapter.ipynb; do
		case "$nb" in 00-* | zz-image-smoke.ipynb | ../work/*) ;; *) [ "$ALL_CHAPTERS" = 1 ] || continue ;; esac
		t=$(date +%s.%N)
		jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=600 \
			--output-dir /out "$nb" >/out/"${nb##*/}".log 2>&1 || { cat /out/"${nb##*/}".log; exit 1; }
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
    if f.startswith(("zz-image-smoke", "zz-copied-chapter")) and figs == 0:
        sys.exit(1)
sys.exit(0 if total else 1)
EOF

# --- sizing: one chapter by 1, 2, 4, 8 students at once --------------------------
# The numbers behind docker/README.md's Zero to JupyterHub config.yaml: time
# per chapter and peak memory with N concurrent kernels in one container
# (testdata/concurrency.py). SIZING=0 skips it; SIZING_N="1 2" changes the Ns.
SIZING_TXT="$WORK/sizing.txt"
: >"$SIZING_TXT"
if [ "${SIZING:-1}" != 0 ]; then
	SZ_CH=${SIZING_CHAPTER:-$second}
	log "sizing: $SZ_CH by ${SIZING_N:-1 2 4 8} concurrent kernels"
	for n in ${SIZING_N:-1 2 4 8}; do
		home="$WORK/sizing-home-$n"
		mkdir -p "$home"
		chown 1000:100 "$home"
		podman run --rm --no-healthcheck --network none -v "$home:/home/jovyan" \
			-v "$REPO/docker/testdata:/testdata:ro" "$IMAGE_TAG" \
			python3 /testdata/concurrency.py "$n" "$SZ_CH" | tee -a "$SIZING_TXT" ||
			fail "sizing with $n kernels"
	done
fi

# --- a real JupyterHub ---------------------------------------------------------
# Debian's jupyterhub (3.0) and configurable-http-proxy on the host, the
# DummyAuthenticator with a random password, and docker/hub's
# ContainerSpawner running the image as Zero to JupyterHub would: an empty
# home volume at /home/jovyan, uid 1000:100, no privileges, the command
# `jupyterhub-singleuser`. Everything below goes through the proxy.
log "a real JupyterHub: two students"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
HUBDIR="$WORK/hub"
HOMES="$WORK/homes"
mkdir -p "$HUBDIR" "$HOMES"
HUB_URL_PORT=$(free_port)
HUB_PASSWORD=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
th=$(now)
(cd "$HUBDIR" && exec env COURSE_IMAGE="$IMAGE_TAG" COURSE_HOMES="$HOMES" COURSE_HUB_DIR="$HUBDIR" \
	COURSE_HUB_PORT="$HUB_URL_PORT" COURSE_PROXY_API="$(free_port)" COURSE_HUB_API="$(free_port)" \
	COURSE_NAME_PREFIX="$HUB_PREFIX" COURSE_PASSWORD="$HUB_PASSWORD" COURSE_USERS=alice,bob \
	jupyterhub -f "$REPO/docker/hub/jupyterhub_config.py" >"$HUBDIR/hub.log" 2>&1) &
HUB_PID=$!
HUB="http://127.0.0.1:$HUB_URL_PORT"
for _ in $(seq 1 600); do
	curl -fsS "$HUB/hub/api" >/dev/null 2>&1 && break
	kill -0 "$HUB_PID" 2>/dev/null || { cat "$HUBDIR/hub.log"; fail "jupyterhub exited"; }
	sleep 0.1
done
curl -fsS "$HUB/hub/api" || { tail -40 "$HUBDIR/hub.log"; fail "the hub does not answer"; }
echo
# Debian's Python (it has tornado, from the jupyterhub package), whatever python3 PATH finds first.
hubc() { /usr/bin/python3 "$REPO/docker/testdata/hub_client.py" "$HUB" "$@"; }
hub_fail() { tail -60 "$HUBDIR/hub.log"; for c in $(podman ps -a --format '{{.Names}}' | grep "^$HUB_PREFIX" || true); do echo "--- $c"; podman logs "$c" 2>&1 | tail -30; done; fail "$@"; }
# Log in through the hub's REST API (a token for the username/password).
if hubc "wrong$HUB_PASSWORD" login alice >/dev/null 2>&1; then fail "the hub accepted a wrong password"; fi
ALICE=$(hubc "$HUB_PASSWORD" login alice) || hub_fail "alice cannot log in"
BOB=$(hubc "$HUB_PASSWORD" login bob) || hub_fail "bob cannot log in"
# Both servers at once.
hubc "$ALICE" start alice & pa=$!
hubc "$BOB" start bob & pb=$!
wait "$pa" || hub_fail "alice's server did not start"
wait "$pb" || hub_fail "bob's server did not start"
HUB_START_S=$(elapsed "$th" "$(now)")
for u in alice bob; do
	[ "$(find "$HOMES/$u/course/notebooks" -maxdepth 1 -name '*.ipynb' -user 1000 | wc -l)" = "$nch" ] ||
		hub_fail "$u's empty home did not get the $nch chapters"
done
podman top "${HUB_PREFIX}alice" user args
uids=$(podman exec "${HUB_PREFIX}alice" ps -eo uid= | tr -d ' ' | sort -u | tr '\n' ' ')
[ "$uids" = "1000 " ] || hub_fail "alice's server runs processes as uids: $uids"
# Each student reaches their own server only.
c=$(hubc "$ALICE" code /user/alice/api/contents) && [ "$c" = 200 ] || hub_fail "alice's own server answered $c"
c=$(hubc "$BOB" code /user/alice/api/contents) && [ "$c" = 403 ] || hub_fail "bob reached alice's server ($c)"
c=$(hubc "$ALICE" code /user/bob/api/contents) && [ "$c" = 403 ] || hub_fail "alice reached bob's server ($c)"
c=$(hubc "" code /user/alice/api/contents) && { [ "$c" = 403 ] || [ "$c" = 302 ]; } || hub_fail "an anonymous request reached alice's server ($c)"
c=$(hubc "$BOB" code /user/alice/api/kernels POST) && [ "$c" = 403 ] || hub_fail "bob could start a kernel on alice's server ($c)"
# A chapter in each, at the same time, through the proxied kernel API.
CH_A=$first
CH_B=$second
tx=$(now)
hubc "$ALICE" execute alice "$CH_A" "executed-$CH_A" & pa=$!
hubc "$BOB" execute bob "$CH_B" "executed-$CH_B" & pb=$!
wait "$pa" || hub_fail "alice's chapter failed through the hub"
wait "$pb" || hub_fail "bob's chapter failed through the hub"
HUB_EXEC_S=$(elapsed "$tx" "$(now)")
# What a student saved survives stopping and restarting the server.
hubc "$ALICE" edit alice "$CH_A" "edited by alice" || hub_fail "alice cannot save her chapter"
hubc "$ALICE" stop alice || hub_fail "alice's server did not stop"
podman container exists "${HUB_PREFIX}alice" && hub_fail "alice's container is still there after stop"
hubc "$ALICE" start alice || hub_fail "alice's server did not restart"
hubc "$ALICE" has alice "work/executed-$CH_A" image/png || hub_fail "alice's saved notebook is gone after a restart"
hubc "$ALICE" has alice "notebooks/$CH_A" "edited by alice" || hub_fail "alice's edited chapter was overwritten at restart"
hubc "$ALICE" stop alice || true
hubc "$BOB" stop bob || true
kill "$HUB_PID" 2>/dev/null || true
wait "$HUB_PID" 2>/dev/null || true
HUB_PID=""
HUB_S=$(elapsed "$th" "$(now)")

# --- Binder ------------------------------------------------------------------
# repo2docker builds binder/Dockerfile with the repository root as context
# and NB_USER/NB_UID as build arguments (mybinder.org: jovyan, 1000), then
# runs `jupyter notebook --ip=0.0.0.0 --port=8888` with its own token; with
# no persistent home there, the image's (empty) home is what the entry point
# fills. binder/Dockerfile is a copy of docker/Dockerfile, so this build is
# served from the layer cache of the one above.
log "Binder: binder/Dockerfile built and run as repo2docker does"
cmp -s "$REPO/docker/Dockerfile" "$REPO/binder/Dockerfile" ||
	fail "binder/Dockerfile differs from docker/Dockerfile: cp docker/Dockerfile binder/Dockerfile"
BINDER_TAG=${IMAGE_TAG}-binder
tbb=$(now)
podman build --pull=never --format docker \
	--build-arg NB_USER=jovyan --build-arg NB_UID=1000 --build-arg GOPROXY="$GOPROXY_ARG" \
	-t "$BINDER_TAG" -f "$REPO/binder/Dockerfile" "$REPO" >"$WORK/binder-build.log" 2>&1 ||
	{ tail -60 "$WORK/binder-build.log"; fail "binder image build"; }
BINDER_BUILD_S=$(elapsed "$tbb" "$(now)")
BNAME=course-test-binder-$$
CONTAINERS+=("$BNAME")
BTOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
podman run -d --no-healthcheck --name "$BNAME" -p "127.0.0.1:$PORT:8888" "$BINDER_TAG" \
	jupyter notebook --ip=0.0.0.0 --port=8888 --NotebookApp.token="$BTOKEN" >/dev/null
for _ in $(seq 1 300); do
	curl -fsS "$URL/api" >/dev/null 2>&1 && break
	sleep 0.1
done
c=$(code "$URL/tree?token=$BTOKEN") && [ "$c" = 200 ] || { podman logs "$BNAME"; fail "Binder: /tree answered $c"; }
curl -fsS -H "Authorization: token $BTOKEN" "$URL/api/contents/notebooks" | grep -c "\"$first\"" >/dev/null ||
	fail "Binder: the chapters are not in the server's notebooks/ folder"
c=$(code "$URL/api/contents") && [ "$c" = 403 ] || fail "Binder: /api/contents without token answered $c"
tbx=$(now)
/usr/bin/python3 "$REPO/docker/testdata/hub_client.py" "$URL" "$BTOKEN" execute-at / "$second" "binder-$second" ||
	{ podman logs "$BNAME" 2>&1 | tail -30; fail "Binder: $second failed"; }
BINDER_EXEC_S=$(elapsed "$tbx" "$(now)")
podman rm -f -t 5 "$BNAME" >/dev/null
[ "$BINDER_TAG" = "$IMAGE_TAG" ] || podman untag "$BINDER_TAG" "$BINDER_TAG" >/dev/null 2>&1 || podman rmi "$BINDER_TAG" >/dev/null 2>&1 || true

log "summary"
cat <<EOF
image:              $IMAGE_TAG
image size:         ${SIZE_MB} MB
build time:         ${BUILD_S} s
run -> /api:        ${API_S} s
chapters offline:   ${CHAPTERS_S} s (empty home)
binder: build ${BINDER_BUILD_S} s (layer cache), a chapter ${BINDER_EXEC_S} s
hub: 2 servers up:  ${HUB_START_S} s; 2 chapters at once: ${HUB_EXEC_S} s; whole hub test: ${HUB_S} s
$(grep '^latency:' "$WORK/chapters.txt" | sed 's/^latency: /latency (empty home), /')
$(sed 's/^sizing: /sizing, /' "$SIZING_TXT")
total test time:    $(($(date +%s) - T0)) s
EOF
echo "PASS docker/test.sh"
