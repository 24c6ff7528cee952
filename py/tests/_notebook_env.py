"""A temporary venv with real IPython, pandas, numpy and pyarrow, installed from pip's
configured package index, made once per test run and shared by every test class that
needs it; and a runner for Python snippets in it (heavyai_lite from this checkout)."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests import _support as S

PACKAGES = ("ipython", "pandas", "numpy", "pyarrow")
# An unreachable index fails at once instead of after pip's retries.
PIP_ENV = dict(os.environ, PIP_RETRIES="0", PIP_DISABLE_PIP_VERSION_CHECK="1")
_VENV = {}


def python():
    """The venv's interpreter; the venv is built on first use (about a minute)."""
    if "python" not in _VENV:
        tmp = tempfile.TemporaryDirectory(prefix="heavyai-notebook-venv-")
        _VENV["tmp"] = tmp
        venv = Path(tmp.name) / "venv"
        started = time.monotonic()
        for cmd, what in (([sys.executable, "-m", "venv", str(venv)], "python -m venv"),
                          ([str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
                           + list(PACKAGES), "pip install " + " ".join(PACKAGES))):
            res = subprocess.run(cmd, env=PIP_ENV, capture_output=True, text=True, timeout=900)
            if res.returncode != 0:
                raise AssertionError("%s failed (pip's configured index must serve %s):\n%s\n%s"
                                     % (what, ", ".join(PACKAGES), res.stdout[-3000:],
                                        res.stderr[-3000:]))
        _VENV["python"] = venv / "bin" / "python"
        print("\n[notebook venv] %s installed in %.1f s" % (", ".join(PACKAGES),
                                                           time.monotonic() - started),
              file=sys.stderr)
    return _VENV["python"]


PRELUDE = r"""
import json, sys, io, contextlib, datetime, decimal
import heavyai_lite
STANDIN = json.loads(sys.argv[1])

def connect():
    return heavyai_lite.connect(session=STANDIN["session"], host=STANDIN["host"],
                                port=STANDIN["port"], protocol="http")

def shell():
    from IPython.core.interactiveshell import InteractiveShell
    sh = InteractiveShell.instance()
    sh.run_cell("%load_ext heavyai_lite")
    return sh

def run_cell(sh, code):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        result = sh.run_cell(code)
    return result, out.getvalue(), err.getvalue()

def emit(value):
    print("RESULT " + json.dumps(value, default=str))
"""


def run(standin, code, timeout=300):
    """Run ``code`` (after PRELUDE) in the venv; return what it passed to ``emit``."""
    env = dict(os.environ, PYTHONPATH=str(S.REPO / "py"), PYTHONIOENCODING="utf-8")
    env.pop("HEAVYAI_LITE_SITE_URL", None)
    arg = json.dumps({"session": standin.session, "host": standin.host, "port": standin.port})
    res = subprocess.run([str(python()), "-c", PRELUDE + code, arg], env=env,
                         capture_output=True, text=True, timeout=timeout, cwd=tempfile.gettempdir())
    lines = [l for l in res.stdout.splitlines() if l.startswith("RESULT ")]
    if res.returncode != 0 or not lines:
        raise AssertionError("snippet failed (exit %d):\n%s\n%s"
                             % (res.returncode, res.stdout[-4000:], res.stderr[-4000:]))
    return json.loads(lines[-1][len("RESULT "):])
