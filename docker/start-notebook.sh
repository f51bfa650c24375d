#!/bin/bash
# Start script of the course image (Jupyter Docker Stacks conventions).
# - Started by a JupyterHub (JUPYTERHUB_API_TOKEN set): jupyterhub-singleuser.
# - Otherwise: the classic notebook server on 0.0.0.0:8888, always with a
#   token: JUPYTER_TOKEN if given, else a random one, printed below.
# Extra arguments are passed to the server. Never runs as root.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
	echo "start-notebook.sh: refusing to run as root; run the image as uid ${NB_UID:-1000} (its default user)" >&2
	exit 1
fi
COURSE_DIR=${COURSE_DIR:-$HOME/course}

for a in "$@"; do
	case "$a" in
	*.token= | *.token=\'\' | *.token=\"\")
		echo "start-notebook.sh: refusing to start without authentication ($a); set JUPYTER_TOKEN instead" >&2
		exit 2
		;;
	esac
done

if [ -n "${JUPYTERHUB_API_TOKEN:-}" ]; then
	exec jupyterhub-singleuser --notebook-dir="$COURSE_DIR" "$@"
fi

if [ -z "${JUPYTER_TOKEN:-}" ]; then
	JUPYTER_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
	export JUPYTER_TOKEN
	echo "No JUPYTER_TOKEN given: generated a random one." >&2
	echo "Open http://127.0.0.1:8888/?token=${JUPYTER_TOKEN} (use the host port you published)" >&2
fi
exec jupyter notebook --no-browser --ip=0.0.0.0 --port=8888 --notebook-dir="$COURSE_DIR" "$@"
