"""pandas DataFrames from HeavyDB results, with exact types.

Three sources, one result:

* the Arrow IPC stream of ``sql_execute_df`` read by pyarrow, the fast path;
* the same stream read into Python values by ``arrow_ipc`` (pandas only), when
  pyarrow is missing;
* the columns of a Thrift ``sql_execute`` result (pandas only), when the server
  refuses Arrow or the stream holds a type ``arrow_ipc`` does not read.

Either way: integers stay exact (a column with NULLs becomes pandas'
nullable ``Int64``/``Int32``/..., never float), booleans with NULLs become
``boolean``, NULLs are missing values, timestamps are ``datetime64``,
dictionary-encoded text is plain text (not ``category``).
"""

import importlib
import struct
import sys

from .exceptions import OperationalError
from .transport import is_pyodide

_INT_TYPES = ("TINYINT", "SMALLINT", "INT", "BIGINT")
_NULLABLE_INT = {"TINYINT": "Int8", "SMALLINT": "Int16", "INT": "Int32", "BIGINT": "Int64"}
_NUMPY_INT = {"TINYINT": "int8", "SMALLINT": "int16", "INT": "int32", "BIGINT": "int64"}


def pandas_missing_message(what="select_df()"):
    return ("%s needs pandas, which is not installed in this Python. In a JupyterLite "
            "notebook run '%%pip install pandas' in a cell, then run this cell again (in "
            "CPython: pip install pandas). Or use con.execute(sql).fetchall() for plain "
            "Python rows." % what)


def require_pandas(what="select_df()"):
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise ImportError(pandas_missing_message(what)) from None


def has_pyarrow():
    try:
        importlib.import_module("pyarrow")
    except ImportError:
        return False
    return True


class Notices:
    """Messages shown once per connection (stderr: visible in a notebook, not an error)."""

    def __init__(self):
        self.shown = set()

    def once(self, key, text):
        if key not in self.shown:
            self.shown.add(key)
            print(text, file=sys.stderr)


ARROW_REFUSED = ("heavyai_lite: HeavyDB at %s refused the Arrow result (sql_execute_df: %s); "
                 "reading results over Thrift instead, which is slower for large results.")
NO_PYARROW = ("heavyai_lite: pyarrow is not installed, so DataFrames are built from "
              "heavyai_lite's own Arrow reader, which is slower for large results. "
              "For pyarrow's: %s")


def pyarrow_install_hint():
    return ("'%pip install pyarrow' in a notebook cell" if is_pyodide()
            else "pip install pyarrow")


# ----------------------------------------------------------------- Arrow stream

def _arrow_series(pd, pa, column, name):
    kind = column.type
    if pa.types.is_dictionary(kind):
        column = column.cast(kind.value_type)
        kind = kind.value_type
    if column.null_count and pa.types.is_integer(kind):
        nullable = pd.api.types.pandas_dtype(str(kind).capitalize().replace("Uint", "UInt"))
        return column.to_pandas(types_mapper={kind: nullable}.get).rename(name)
    if column.null_count and pa.types.is_boolean(kind):
        return column.to_pandas(types_mapper={kind: pd.BooleanDtype()}.get).rename(name)
    return column.to_pandas().rename(name)


def from_arrow(stream):
    """A DataFrame from an Arrow IPC stream (bytes or any buffer; read in place)."""
    pd = require_pandas()
    if not stream:
        return pd.DataFrame()
    import pyarrow as pa
    import pyarrow.ipc
    table = pyarrow.ipc.open_stream(pa.py_buffer(stream)).read_all()
    names = table.column_names
    series = {i: _arrow_series(pd, pa, table.column(i), i) for i in range(len(names))}
    frame = pd.DataFrame(series, index=pd.RangeIndex(table.num_rows), columns=list(series))
    frame.columns = names
    return frame


def from_arrow_values(stream):
    """A DataFrame from an Arrow IPC stream without pyarrow: the stream is read into
    Python values by ``arrow_ipc`` (the reader behind ``execute()``), which gives the
    values a Thrift result gives, so the DataFrame is the one ``from_columns`` makes of
    that result.  Raises ``arrow_ipc.Unsupported`` for a column it cannot read."""
    from . import arrow_ipc
    pd = require_pandas()
    if not stream:
        return pd.DataFrame()
    try:
        fields, columns = arrow_ipc.read_stream(stream)
    except (ValueError, IndexError, KeyError, struct.error) as exc:
        raise OperationalError("HeavyDB sent an Arrow result that cannot be read: %s"
                               % exc) from None
    return from_columns([f.name for f in fields], [f.type_name for f in fields], columns)


# ------------------------------------------------------------ Thrift columns

def from_columns(names, types, columns):
    """A DataFrame from decoded Thrift columns (lists of Python values)."""
    pd = require_pandas()
    data = {}
    for i, (kind, values) in enumerate(zip(types, columns)):
        has_null = any(v is None for v in values)
        if kind in _INT_TYPES:
            dtype = _NULLABLE_INT[kind] if has_null else _NUMPY_INT[kind]
            data[i] = pd.array(values, dtype=dtype)
        elif kind == "BOOL":
            data[i] = pd.array(values, dtype="boolean" if has_null else "bool")
        elif kind == "TIMESTAMP":
            data[i] = pd.to_datetime(pd.Series(values, dtype=object))
        elif kind in ("FLOAT", "DOUBLE"):
            data[i] = pd.array([float("nan") if v is None else v for v in values],
                               dtype="float32" if kind == "FLOAT" else "float64")
        else:
            data[i] = pd.Series(values, dtype=object)
    frame = pd.DataFrame(data, columns=list(range(len(columns))))
    frame.columns = names
    return frame
