# System-wide Jupyter Notebook configuration of the course image
# (/etc/jupyter/jupyter_notebook_config.py). Read by `jupyter notebook` and by
# `jupyterhub-singleuser`, whoever starts them (start-notebook.sh, a hub, Binder).
import os
import sys

sys.path.insert(0, "/usr/local/share/course/python")

c = get_config()  # noqa: F821 (provided by traitlets)

# GoNB is the course's kernel.
c.MultiKernelManager.default_kernel_name = "gonb"
c.NotebookApp.open_browser = False

# course_startup refuses to serve without authentication and trusts the
# pristine chapters with a signing key made in this container.
c.NotebookApp.nbserver_extensions.update({"course_startup": True})

# The server's root is the student's course folder (laid out in $HOME by the
# image's entry point), whoever starts the server: start-notebook.sh, a hub's
# plain `jupyterhub-singleuser` (Zero to JupyterHub's default command) or
# Binder's `jupyter notebook ...`. A --notebook-dir option still wins.
_course = os.environ.get("COURSE_DIR", os.path.expanduser("~/course"))
if os.path.isdir(_course):
    c.NotebookApp.notebook_dir = _course
