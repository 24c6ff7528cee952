"""Write-back: turn a DataFrame, a pyarrow Table, a list of row tuples or a dict
of column lists into what HeavyDB's load calls take, checking every value
first so that bad input is refused before anything is sent.

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
_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)
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


def _module_of(data):
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
    module = _module_of(data)
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
        if dtype is not None and _module_of(dtype) == "pyarrow":
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


# ---------------------------------------------------------- checking and encoding

def _fail(column, row, value, why):
    raise LoadError("column %s (%s), row %d: %r %s; nothing was loaded"
                    % (column.name, column.sql_type(), row, value, why))


def _seconds(value):
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    delta = value.replace(microsecond=0) - _EPOCH
    return delta.days * 86400 + delta.seconds


def _int_value(column, row, v):
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        _fail(column, row, v, "is a boolean, not an integer")
    if isinstance(v, numbers.Integral):
        n = int(v)
    elif isinstance(v, (numbers.Real, decimal.Decimal)) and float(v).is_integer():
        n = int(v)
    else:
        _fail(column, row, v, "is not an integer")
    low, high = INT_RANGES[column.type]
    if not low <= n <= high:
        _fail(column, row, v, "is out of range for %s (%d to %d)" % (column.type, low, high))
    return n


def _wire_value(column, row, v):
    """The value as HeavyDB's columnar load takes it (int, float or str)."""
    kind = column.type
    if kind == "BOOL":
        if isinstance(v, bool) or type(v).__name__ == "bool_":
            return 1 if v else 0
        _fail(column, row, v, "is not a boolean")
    if kind in INT_RANGES:
        return _int_value(column, row, v)
    if kind in ("FLOAT", "DOUBLE"):
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, decimal.Decimal)):
            _fail(column, row, v, "is not a number")
        f = float(v)
        if math.isinf(f) or (kind == "FLOAT" and abs(f) > FLOAT_MAX):
            _fail(column, row, v, "is out of range for %s" % kind)
        return f
    if kind == "DECIMAL":
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, decimal.Decimal)):
            _fail(column, row, v, "is not a number")
        d = v if isinstance(v, decimal.Decimal) else decimal.Decimal(repr(float(v)) if
                                                                      isinstance(v, float) else v)
        if not d.is_finite():
            _fail(column, row, v, "is not a finite number")
        scaled = int(d.scaleb(column.scale).to_integral_value(decimal.ROUND_HALF_EVEN))
        if abs(scaled) >= 10 ** column.precision:
            _fail(column, row, v, "does not fit %s" % column.sql_type())
        return scaled
    if kind == "STR":
        if not isinstance(v, str):
            _fail(column, row, v, "is not text")
        return v
    if kind == "TIMESTAMP":
        if not isinstance(v, datetime.datetime):
            _fail(column, row, v, "is not a datetime")
        return _seconds(v)
    if kind == "DATE":
        if isinstance(v, datetime.datetime) or not isinstance(v, datetime.date):
            _fail(column, row, v, "is not a date")
        return (v - _EPOCH_DATE).days * 86400
    if kind == "TIME":
        if not isinstance(v, datetime.time):
            _fail(column, row, v, "is not a time")
        return v.hour * 3600 + v.minute * 60 + v.second
    raise LoadError("column %s: HeavyDB type %s cannot be loaded by heavyai_lite"
                    % (column.name, kind))


def wire_values(column):
    """``(values, nulls)`` of a column, every value checked; raises LoadError."""
    values, nulls = [], []
    for row, v in enumerate(column.values):
        if v is None:
            values.append(None)
            nulls.append(True)
        else:
            values.append(_wire_value(column, row, v))
            nulls.append(False)
    return values, nulls


def slot(kind):
    if kind in ("FLOAT", "DOUBLE"):
        return "real"
    if kind == "STR":
        return "str"
    return "int"


def tcolumn(column):
    """A Thrift ``TColumn`` for ``load_table_binary_columnar``."""
    values, nulls = wire_values(column)
    where = slot(column.type)
    fill = {"int": 0, "real": 0.0, "str": ""}[where]
    data = {"int_col": [], "real_col": [], "str_col": [], "arr_col": []}
    data[where + "_col"] = [fill if v is None else v for v in values]
    return {"data": data, "nulls": nulls}


def _text(column, wire):
    kind = column.type
    if kind == "BOOL":
        return "true" if wire else "false"
    if kind == "DECIMAL":
        return str(decimal.Decimal(wire).scaleb(-column.scale))
    if kind in ("FLOAT", "DOUBLE"):
        return repr(wire)
    if kind == "TIMESTAMP":
        return (_EPOCH + datetime.timedelta(seconds=wire)).strftime("%Y-%m-%d %H:%M:%S")
    if kind == "DATE":
        return (_EPOCH_DATE + datetime.timedelta(days=wire // 86400)).isoformat()
    if kind == "TIME":
        return "%02d:%02d:%02d" % (wire // 3600, wire // 60 % 60, wire % 60)
    return str(wire)


def string_rows(columns):
    """Thrift ``TStringRow``s for ``load_table``, every value checked first."""
    encoded = [wire_values(c) for c in columns]
    count = len(columns[0].values) if columns else 0
    rows = []
    for r in range(count):
        cols = []
        for column, (values, nulls) in zip(columns, encoded):
            if nulls[r]:
                cols.append({"str_val": "", "is_null": True})
            else:
                cols.append({"str_val": _text(column, values[r]), "is_null": False})
        rows.append({"cols": cols})
    return rows


ARROW_TYPES = {"BOOL": "bool_", "TINYINT": "int8", "SMALLINT": "int16", "INT": "int32",
               "BIGINT": "int64", "FLOAT": "float32", "DOUBLE": "float64", "STR": "string",
               "DATE": "date32"}


def arrow_type(column):
    import pyarrow as pa
    if column.type == "DECIMAL":
        return pa.decimal128(column.precision, column.scale)
    if column.type == "TIMESTAMP":
        return pa.timestamp("s")
    if column.type == "TIME":
        return pa.time32("s")
    return getattr(pa, ARROW_TYPES[column.type])()


def arrow_stream(columns):
    """An Arrow IPC stream for ``load_table_binary_arrow``, values checked first."""
    import pyarrow as pa
    arrays = []
    for column in columns:
        wire_values(column)  # the same checks as the other methods, before any conversion
        values = column.values
        if column.type == "TIMESTAMP":
            values = [None if v is None else _EPOCH + datetime.timedelta(seconds=_seconds(v))
                      for v in values]
        elif column.type == "TIME":
            values = [None if v is None else v.replace(microsecond=0) for v in values]
        elif column.type == "DECIMAL":
            values = [None if v is None else decimal.Decimal(_wire_value(column, 0, v))
                      .scaleb(-column.scale) for v in values]
        arrays.append(pa.array(values, type=arrow_type(column)))
    table = pa.Table.from_arrays(arrays, names=[c.name for c in columns])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return memoryview(sink.getvalue())  # the writer's buffer itself: no copy of the stream


def _arrow_fits(pa, source, kind):
    """Whether an Arrow column of type ``source`` may load into HeavyDB type ``kind``."""
    t = pa.types
    numeric = t.is_integer(source) or t.is_floating(source)
    return {
        "BOOL": t.is_boolean(source),
        "FLOAT": numeric, "DOUBLE": numeric,
        "DECIMAL": numeric or t.is_decimal(source),
        "STR": t.is_string(source) or t.is_large_string(source),
        "TIMESTAMP": t.is_timestamp(source),
        "DATE": t.is_date(source),
        "TIME": t.is_time(source),
    }.get(kind, t.is_integer(source) or t.is_floating(source))


def _checked_arrow_column(pa, column, chunked):
    import pyarrow.compute as pc
    source = chunked.type
    if pa.types.is_dictionary(source):
        chunked = chunked.cast(source.value_type)
        source = source.value_type
    if not _arrow_fits(pa, source, column.type):
        raise LoadError("column %s (%s): %s values cannot be loaded into it; nothing was loaded"
                        % (column.name, column.sql_type(), source))
    if column.type in INT_RANGES and chunked.null_count < len(chunked):
        low, high = INT_RANGES[column.type]
        extremes = pc.min_max(chunked).as_py()
        for value in (extremes["min"], extremes["max"]):
            if not low <= value <= high:
                raise LoadError("column %s (%s): %r is out of range for %s (%d to %d); nothing "
                                "was loaded" % (column.name, column.sql_type(), value,
                                                column.type, low, high))
    if column.type == "TIMESTAMP" and source.tz is not None:
        chunked = chunked.cast(pa.timestamp(source.unit))  # the UTC instants, zone dropped
    lossy = column.type in ("TIMESTAMP", "TIME", "FLOAT")  # seconds kept, as HeavyDB does
    try:
        return chunked.cast(arrow_type(column), safe=not lossy)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise LoadError("column %s (%s): %s; nothing was loaded"
                        % (column.name, column.sql_type(), exc)) from None


def arrow_table_of(data, preserve_index):
    """A pyarrow Table of a DataFrame or pyarrow Table, or None for other inputs or
    object columns pyarrow cannot type (those take the value-by-value path)."""
    import pyarrow as pa
    module = _module_of(data)
    if module == "pyarrow" and hasattr(data, "schema"):
        return data
    if module != "pandas" or not hasattr(data, "iloc"):
        return None
    frame = data.reset_index() if preserve_index else data
    try:
        return pa.Table.from_pandas(frame, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def arrow_stream_of_table(table, columns):
    """An Arrow IPC stream of ``table`` cast to the columns' types, checked column by column
    with pyarrow (no Python value per cell)."""
    import pyarrow as pa
    if table.num_columns != len(columns):
        raise LoadError("the data has %d columns for %d; nothing was loaded"
                        % (table.num_columns, len(columns)))
    arrays = [_checked_arrow_column(pa, c, table.column(i)) for i, c in enumerate(columns)]
    out = pa.Table.from_arrays(arrays, names=[c.name for c in columns])
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, out.schema) as writer:
        writer.write_table(out)
    return memoryview(sink.getvalue())


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
