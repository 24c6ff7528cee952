"""A throwaway virtual environment with the given packages from pip's
configured index, for tests that need a real third-party package (IPython,
pandas, pyarrow) that the base Python lacks.

    python = package_venv(["ipython"])   # Path of the venv's python
    subprocess.run([python, "-c", "..."])

One venv per set of packages per test process, removed when the process exits.
The venv sees the checkout's ``py/`` directory (``heavyai_lite``) through a
``.pth`` file, so the code under test is this checkout's, not a wheel.
"""

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PY_DIR = Path(__file__).resolve().parents[1]
# An unreachable index fails at once instead of after pip's five retries.
PIP_ENV = dict(os.environ, PIP_RETRIES="0", PIP_DISABLE_PIP_VERSION_CHECK="1")

_venvs = {}


def package_venv(packages, timeout=900):
    """The python of a venv with ``packages`` installed (pip's configured index)."""
    key = tuple(sorted(packages))
    if key in _venvs:
        return _venvs[key]
    root = Path(tempfile.mkdtemp(prefix="heavyai-venv-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True,
                   capture_output=True, timeout=timeout)
    python = root / "bin" / "python"
    res = subprocess.run([str(python), "-m", "pip", "install", *key], env=PIP_ENV,
                         capture_output=True, text=True, timeout=timeout)
    if res.returncode != 0:
        raise AssertionError("pip install %s failed:\n%s\n%s"
                             % (" ".join(key), res.stdout[-3000:], res.stderr[-3000:]))
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "heavyai_lite_checkout.pth").write_text(str(PY_DIR) + "\n")
    _venvs[key] = python
    return python
