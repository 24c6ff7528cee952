"""Write-back's input side: a DataFrame, a pyarrow Table, a list of row tuples or a
dict of column lists read as named columns, their HeavyDB types inferred (or taken
from the existing table), and the table's description for ``create_table``. The
values are checked and encoded for the load calls in ``load_values`` (columnar and
row methods) and ``load_arrow`` (Arrow), so that bad input is refused before
anything is sent.

Inferred HeavyDB types (``create='infer'`` / ``create_table``):

=====================================  ==========================================
data                                   HeavyDB column
=====================================  ==========================================
bool                                   BOOLEAN
int8 / int16 / int32 / int64           TINYINT / SMALLINT / INTEGER / BIGINT
uint8 / uint16 / uint32                SMALLINT / INTEGER / BIGINT
Python int                             BIGINT
float32 / float64, Python float        FLOAT / DOUBLE
decimal.Decimal, decimal128(p, s)      DECIMAL(p, s)  (p <= 18)
str, pandas string / category          TEXT ENCODING DICT(32)
datetime64, datetime.datetime          TIMESTAMP(0)  (fractions of a second dropped;
                                       time-zone aware values stored as UTC)
datetime.date, date32                  DATE
datetime.time, time32/64               TIME
=====================================  ==========================================

NULLs: ``None``, NaN, ``pandas.NA`` and ``NaT`` load as NULL.  Anything else
(timedelta, bytes, uint64, mixed columns, a column of NULLs only) is refused.
Pure logic: pandas/numpy/pyarrow are used only when the data is one of theirs.
"""

import datetime
import decimal
import math
import numbers

from .exceptions import InterfaceError
from .heavy_thrift import DATUM_TYPE_CODES, ENCODING_CODES

METHODS = ("infer", "arrow", "columnar", "rows")
MAX_DECIMAL_PRECISION = 18

# HeavyDB keeps each integer type's minimum as its NULL sentinel.
INT_RANGES = {
    "TINYINT": (-(2 ** 7) + 1, 2 ** 7 - 1),
    "SMALLINT": (-(2 ** 15) + 1, 2 ** 15 - 1),
    "INT": (-(2 ** 31) + 1, 2 ** 31 - 1),
    "BIGINT": (-(2 ** 63) + 1, 2 ** 63 - 1),
}
FLOAT_MAX = 3.4028234663852886e38
EPOCH = datetime.datetime(1970, 1, 1)
EPOCH_DATE = datetime.date(1970, 1, 1)
_SQL_NAMES = {"BOOL": "BOOLEAN", "INT": "INTEGER", "STR": "TEXT ENCODING DICT(32)",
              "TIMESTAMP": "TIMESTAMP(0)"}


class LoadError(InterfaceError):
    """The data cannot be loaded as given; nothing was sent to HeavyDB."""


class Column:
    """One column to load: its name, HeavyDB type and Python values (None = NULL).
    ``values`` may be given as a pandas Series or pyarrow array: it becomes a list of
    Python values only when a method needs one (the Arrow path of a DataFrame does not)."""

    def __init__(self, name, type_, values, precision=0, scale=0):
        self.name, self.type, self._raw = name, type_, values
        self.precision, self.scale = precision, scale
        self._values = values if isinstance(values, list) else None

    @property
    def values(self):
        if self._values is None:
            self._values = to_python(self._raw)
        return self._values

    def sql_type(self):
        if self.type == "DECIMAL":
            return "DECIMAL(%d,%d)" % (self.precision, self.scale)
        return _SQL_NAMES.get(self.type, self.type)


# ------------------------------------------------------------------ input shapes

def _is_missing(value):
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def module_of(data):
    return type(data).__module__.split(".")[0]


def _frame_columns(frame, preserve_index):
    if preserve_index:
        frame = frame.reset_index()
    names = [str(c) for c in frame.columns]
    out = []
    for i, name in enumerate(names):
        series = frame.iloc[:, i]
        out.append((name, series.dtype, series))
    return out


def columns_of(data, preserve_index=False, column_names=None):
    """``[(name, dtype or None, values)]`` for any accepted input; values are a
    list, a pandas Series or a pyarrow ChunkedArray."""
    module = module_of(data)
    if module == "pandas" and hasattr(data, "columns") and hasattr(data, "iloc"):
        cols = _frame_columns(data, preserve_index)
    elif module == "pyarrow" and hasattr(data, "schema") and hasattr(data, "column_names"):
        cols = [(str(n), data.schema.field(i).type, data.column(i))
                for i, n in enumerate(data.column_names)]
    elif isinstance(data, dict):
        cols = [(str(k), None, list(v)) for k, v in data.items()]
        lengths = {len(v) for _, _, v in cols}
        if len(lengths) > 1:
            raise LoadError("the dict's column lists differ in length: %s"
                            % ", ".join("%s=%d" % (n, len(v)) for n, _, v in cols))
    elif isinstance(data, (list, tuple)):
        cols = _row_columns(list(data), column_names)
    else:
        raise LoadError("data must be a pandas DataFrame, a pyarrow Table, a list of row "
                        "tuples or a dict of column lists, not %s" % type(data).__name__)
    if column_names is not None and not isinstance(data, (list, tuple)):
        if len(column_names) != len(cols):
            raise LoadError("column_names has %d names for %d columns"
                            % (len(column_names), len(cols)))
        cols = [(str(n), t, v) for n, (_, t, v) in zip(column_names, cols)]
    if not cols:
        raise LoadError("the data has no columns")
    return cols


def _row_columns(rows, column_names):
    widths = {len(r) if isinstance(r, (list, tuple)) else -1 for r in rows}
    if -1 in widths:
        raise LoadError("each row must be a tuple or list of values")
    if len(widths) > 1:
        raise LoadError("the rows have different numbers of values: %s"
                        % ", ".join(map(str, sorted(widths))))
    width = widths.pop() if widths else len(column_names or ())
    if column_names is not None and len(column_names) != width:
        raise LoadError("column_names has %d names for rows of %d values"
                        % (len(column_names), width))
    names = [str(n) for n in column_names] if column_names is not None else [None] * width
    return [(names[i], None, [r[i] for r in rows]) for i in range(width)]


# ---------------------------------------------------------------- type inference

def _dtype_type(dtype):
    """HeavyDB type for a numpy/pandas dtype, or None when values must be inspected."""
    text = str(dtype)
    table = {"int8": "TINYINT", "int16": "SMALLINT", "int32": "INT", "int64": "BIGINT",
             "uint8": "SMALLINT", "uint16": "INT", "uint32": "BIGINT",
             "float32": "FLOAT", "float64": "DOUBLE", "bool": "BOOL", "boolean": "BOOL",
             "category": "STR", "string": "STR", "str": "STR"}
    lowered = text.lower()
    if lowered in table:
        return table[lowered], 0, 0
    if text.startswith("datetime64"):
        return "TIMESTAMP", 0, 0
    if text.startswith("string") or text.startswith("str"):
        return "STR", 0, 0
    if text in ("object",):
        return None
    raise LoadError("unsupported dtype %s" % text)


def _arrow_type(kind):
    import pyarrow as pa
    t = pa.types
    ints = {8: "TINYINT", 16: "SMALLINT", 32: "INT", 64: "BIGINT"}
    if t.is_boolean(kind):
        return "BOOL", 0, 0
    if t.is_signed_integer(kind):
        return ints[kind.bit_width], 0, 0
    if t.is_unsigned_integer(kind) and kind.bit_width < 64:
        return ints[kind.bit_width * 2], 0, 0
    if t.is_float32(kind) or t.is_float16(kind):
        return "FLOAT", 0, 0
    if t.is_float64(kind):
        return "DOUBLE", 0, 0
    if t.is_decimal(kind):
        return "DECIMAL", kind.precision, kind.scale
    if t.is_string(kind) or t.is_large_string(kind) or (
            t.is_dictionary(kind) and (t.is_string(kind.value_type)
                                       or t.is_large_string(kind.value_type))):
        return "STR", 0, 0
    if t.is_timestamp(kind):
        return "TIMESTAMP", 0, 0
    if t.is_date(kind):
        return "DATE", 0, 0
    if t.is_time(kind):
        return "TIME", 0, 0
    raise LoadError("unsupported Arrow type %s" % kind)


def _decimal_shape(value):
    sign, digits, exponent = value.as_tuple()
    scale = max(0, -exponent)
    return max(len(digits) + max(0, exponent), scale + 1), scale


def _value_type(name, values):
    """HeavyDB type of a column of Python values."""
    kinds = set()
    precision = scale = 0
    for v in values:
        if _is_missing(v):
            continue
        if isinstance(v, bool) or type(v).__name__ == "bool_":
            kinds.add("BOOL")
        elif isinstance(v, numbers.Integral):
            kinds.add("BIGINT")
        elif isinstance(v, decimal.Decimal):
            kinds.add("DECIMAL")
            p, s = _decimal_shape(v)
            precision, scale = max(precision, p), max(scale, s)
        elif isinstance(v, numbers.Real):
            kinds.add("DOUBLE")
        elif isinstance(v, str):
            kinds.add("STR")
        elif isinstance(v, datetime.datetime):
            kinds.add("TIMESTAMP")
        elif isinstance(v, datetime.date):
            kinds.add("DATE")
        elif isinstance(v, datetime.time):
            kinds.add("TIME")
        else:
            raise LoadError("column %s: a %s cannot be loaded" % (name, type(v).__name__))
    if kinds == {"BIGINT", "DOUBLE"}:
        kinds = {"DOUBLE"}
    if kinds == {"DECIMAL", "BIGINT"}:
        kinds = {"DECIMAL"}
    if not kinds:
        raise LoadError("column %s holds only NULLs: its type cannot be inferred; create the "
                        "table first (CREATE TABLE) or pass create=False" % name)
    if len(kinds) > 1:
        raise LoadError("column %s mixes %s values" % (name, " and ".join(sorted(kinds))))
    kind = kinds.pop()
    if kind == "DECIMAL":
        precision = max(precision, scale + 1)
        if precision > MAX_DECIMAL_PRECISION:
            raise LoadError("column %s: DECIMAL precision %d is over HeavyDB's %d"
                            % (name, precision, MAX_DECIMAL_PRECISION))
    return kind, precision, scale


def to_python(values):
    """A plain list of Python values (None for every kind of missing value)."""
    if hasattr(values, "to_pylist"):
        values = values.to_pylist()
    elif hasattr(values, "tolist"):
        dtype = str(getattr(values, "dtype", ""))
        if dtype.startswith("datetime64") and hasattr(values, "dt"):
            values = list(values.dt.to_pydatetime()) if len(values) else []
            # pandas gives NaT for missing datetimes; those are NULL
        else:
            values = values.astype(object).tolist() if dtype == "category" else values.tolist()
    return [None if _is_missing(v) else v for v in values]


def infer_columns(cols):
    """``[Column]`` with inferred types; the values become plain Python lists."""
    out = []
    for i, (name, dtype, values) in enumerate(cols):
        if name is None:
            raise LoadError("rows carry no column names: pass column_names=[...] to create "
                            "the table")
        if dtype is not None and module_of(dtype) == "pyarrow":
            kind = _arrow_type(dtype)
        elif dtype is not None:
            kind = _dtype_type(dtype)
        else:
            kind = None
        if kind is None:
            values = to_python(values)
            kind = _value_type(name, values)
        if kind[0] == "DECIMAL" and kind[1] > MAX_DECIMAL_PRECISION:
            raise LoadError("column %s: DECIMAL precision %d is over HeavyDB's %d"
                            % (name, kind[1], MAX_DECIMAL_PRECISION))
        out.append(Column(name, kind[0], values, kind[1], kind[2]))
    return out


# ------------------------------------------------------------------- tables

def column_types(columns):
    """Thrift ``TColumnType``s for ``create_table``."""
    out = []
    for c in columns:
        is_str = c.type == "STR"
        out.append({
            "col_name": c.name,
            "col_type": {"type": DATUM_TYPE_CODES[c.type],
                         "encoding": ENCODING_CODES["DICT" if is_str else "NONE"],
                         "nullable": True, "is_array": False, "precision": c.precision,
                         "scale": c.scale, "comp_param": 32 if is_str else 0, "size": -1},
            "is_reserved_keyword": False, "src_name": "", "is_system": False,
            "is_physical": False, "col_id": 0})
    return out


def retyped(columns, details, table_name):
    """``columns`` with the types of the existing table's columns (by position)."""
    if len(columns) != len(details):
        raise LoadError("table %s has %d columns, the data has %d; nothing was loaded"
                        % (table_name, len(details), len(columns)))
    return [Column(d.name, d.type, c._raw, d.precision, d.scale)
            for c, d in zip(columns, details)]


def check_options(method, create):
    if method not in METHODS:
        raise LoadError("method must be one of %s, not %r" % (", ".join(METHODS), method))
    if create not in ("infer", True, False):
        raise LoadError("create must be 'infer', True or False, not %r" % (create,))
