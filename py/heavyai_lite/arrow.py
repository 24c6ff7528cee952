"""Arrow results: HeavyDB's ``sql_execute_df`` (``TArrowTransport.WIRE``)
hands back an Arrow IPC stream; pyarrow turns it into a pandas DataFrame.

pyarrow is optional: without it the stream is still available as bytes
(``select_arrow_ipc``) and ``select_ipc`` explains what to install.
"""

import importlib

from .transport import is_pyodide

#: what ``select_ipc`` imports, in the order it reports them missing
REQUIRED = ("pyarrow", "pandas")


def missing_modules():
    """The modules of :data:`REQUIRED` that cannot be imported here."""
    missing = []
    for name in REQUIRED:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def install_hint(missing, pyodide=None):
    """The message of the ImportError ``select_ipc`` raises."""
    pyodide = is_pyodide() if pyodide is None else pyodide
    head = ("select_ipc() needs pyarrow and pandas to build a DataFrame from HeavyDB's "
            "Arrow result; missing here: %s. " % ", ".join(missing))
    if pyodide:
        how = ('Install pyarrow (it is part of the Pyodide distribution and brings pandas): '
               'in a JupyterLite notebook run "%pip install pyarrow", in plain Pyodide '
               '"import micropip; await micropip.install(\'pyarrow\')".')
    else:
        how = 'Install them with "pip install pyarrow pandas".'
    tail = (" Without them, select_df(sql) needs only pandas, and select_arrow_ipc(sql) "
            "returns the Arrow IPC stream as bytes.")
    return head + how + tail


def require():
    """Raise ImportError naming what to install unless pyarrow and pandas import."""
    missing = missing_modules()
    if missing:
        raise ImportError(install_hint(missing))


def dataframe(stream):
    """A pandas DataFrame from the bytes of an Arrow IPC stream (exact types: see frames.py)."""
    require()
    from .frames import from_arrow
    return from_arrow(stream)
