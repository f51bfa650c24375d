"""Notebook server extension of the course image, run at every server start.

1. Authentication guard: outside a JupyterHub (whose OAuth protects the
   single-user server) the server refuses to start when both the token and
   the password are empty, whoever asked for it (command line, config, env).
2. Trust: the chapters whose content still matches the checksums recorded at
   build time (/usr/local/share/course/chapters.sha256) are signed with this
   container's own key (~/.local/share/jupyter/notebook_secret, made on first
   use, never baked into the image), so their saved figures and HTML render.
"""
import hashlib
import os
import sys

MANIFEST = "/usr/local/share/course/chapters.sha256"


def _guard(nbapp):
    if os.environ.get("JUPYTERHUB_API_TOKEN"):
        return
    if not getattr(nbapp, "token", "") and not getattr(nbapp, "password", ""):
        msg = ("course image: refusing to serve without authentication "
               "(empty token and no password); set JUPYTER_TOKEN or leave it "
               "unset for a random token")
        nbapp.log.critical(msg)
        print(msg, file=sys.stderr, flush=True)
        sys.exit(1)


def _trust(nbapp):
    if not os.path.exists(MANIFEST):
        return
    import nbformat
    from nbformat.sign import NotebookNotary

    root = os.environ.get("COURSE_DIR", os.path.expanduser("~/course"))
    notary = NotebookNotary(parent=nbapp)
    n = 0
    with open(MANIFEST) as f:
        for line in f:
            parts = line.split(None, 1)
            if len(parts) != 2:
                continue
            want, rel = parts[0], parts[1].strip().lstrip("*")
            path = os.path.join(root, rel)
            try:
                with open(path, "rb") as nbf:
                    data = nbf.read()
            except OSError:
                continue
            if hashlib.sha256(data).hexdigest() != want:
                continue  # edited since the build: left to the student to trust
            notary.sign(nbformat.reads(data.decode("utf-8"), as_version=4))
            n += 1
    nbapp.log.info("course image: trusted %d pristine chapter(s)", n)


def load_jupyter_server_extension(nbapp):
    _guard(nbapp)
    try:
        _trust(nbapp)
    except Exception as e:  # never keep the server from starting over trust
        nbapp.log.warning("course image: could not trust the chapters: %s", e)
