"""The jupyterlite-heavyai prebuilt extension for JupyterLite (files only).

``pip install`` places the extension in
``<prefix>/share/jupyter/labextensions/jupyterlite-heavyai``, where
``jupyter lite build`` and JupyterLab find prebuilt extensions. The site's
service worker with the HeavyAI session endpoint is ``service-worker.js`` in
that folder: copy it over the built site's own ``service-worker.js``.
"""

import sys
from pathlib import Path

from ._version import __version__  # noqa: F401

EXTENSION_NAME = "jupyterlite-heavyai"


def labextension_dir():
    """The installed extension folder."""
    return Path(sys.prefix) / "share" / "jupyter" / "labextensions" / EXTENSION_NAME


def service_worker_path():
    """The service worker to place at the root of a JupyterLite site."""
    return labextension_dir() / "service-worker.js"


def _jupyter_labextension_paths():
    return [{"src": str(labextension_dir()), "dest": EXTENSION_NAME}]
