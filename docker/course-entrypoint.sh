#!/bin/bash
# Entry point of the course image (after tini): lays out the course in the
# student's home (course-home.sh; a volume mounted over /home/jovyan starts
# empty), then runs the command: start-notebook.sh by default, or whatever a
# hub (jupyterhub-singleuser), Binder (jupyter notebook ...) or `docker run
# IMAGE CMD` asks for. Kubernetes and Docker keep an image's ENTRYPOINT when
# they replace its command, so every way of starting the image passes here.
course-home.sh
exec "$@"
