"""Turn HeavyDB result sets (``TRowSet``) into Python values.

HeavyDB transports every value in one of three lists of ``TColumnData``
(columnar results) or ``TDatumVal`` fields (row-wise results):

* ``int_col`` / ``int_val``: BOOL (0/1), TINYINT..BIGINT, DATE (epoch seconds),
  TIME (seconds since midnight), TIMESTAMP (epoch in units of 10**-precision
  seconds: precision 0, 3, 6 or 9), intervals;
* ``real_col`` / ``real_val``: FLOAT, DOUBLE, and DECIMAL (HeavyDB converts
  decimals to doubles before sending them; the JavaScript connector reads
  DECIMAL from ``real_col``).  A server that sends the scaled integer in
  ``int_col`` instead is handled as well;
* ``str_col`` / ``str_val``: STR (dictionary-encoded strings arrive decoded)
  and geo types as WKT.

NULLs are flagged separately (``TColumn.nulls`` / ``TDatum.is_null``).
"""

import collections
import datetime
import decimal

from .heavy_thrift import DATUM_TYPES, ENCODING_TYPES

_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)

INT_TYPES = frozenset(("TINYINT", "SMALLINT", "INT", "BIGINT",
                       "INTERVAL_DAY_TIME", "INTERVAL_YEAR_MONTH"))
REAL_TYPES = frozenset(("FLOAT", "DOUBLE"))
STR_TYPES = frozenset(("STR", "POINT", "LINESTRING", "POLYGON", "MULTIPOLYGON",
                       "GEOMETRY", "GEOGRAPHY"))

#: One column of a table, as returned by ``Connection.table_details``.
ColumnDetails = collections.namedtuple(
    "ColumnDetails",
    "name type nullable precision scale comp_param encoding is_array")


def type_name(type_info):
    """HeavyDB's name for a ``TTypeInfo``'s type (``"BIGINT"``, ``"STR"``...)."""
    code = type_info.get("type", -1)
    return DATUM_TYPES.get(code, "UNKNOWN(%s)" % code)


def column_details(col):
    """A :class:`ColumnDetails` for a ``TColumnType`` dict."""
    ti = col.get("col_type", {})
    return ColumnDetails(
        name=col.get("col_name", ""), type=type_name(ti),
        nullable=bool(ti.get("nullable", True)), precision=ti.get("precision", 0),
        scale=ti.get("scale", 0), comp_param=ti.get("comp_param", 0),
        encoding=ENCODING_TYPES.get(ti.get("encoding", 0), "NONE"),
        is_array=bool(ti.get("is_array", False)))


def description(row_desc):
    """DB-API ``cursor.description``: 7-tuples
    ``(name, type_name, display_size, internal_size, precision, scale, null_ok)``
    where ``type_name`` is HeavyDB's (``"BIGINT"``; arrays get ``"[]"``)."""
    out = []
    for col in row_desc:
        d = column_details(col)
        name = d.type + ("[]" if d.is_array else "")
        out.append((d.name, name, None, None, d.precision, d.scale, d.nullable))
    return out


# ------------------------------------------------------------ scalar values

def _timestamp(value, precision):
    unit = 10 ** (precision or 0)
    seconds, frac = divmod(value, unit)
    micros = frac * 1000000 // unit
    return _EPOCH + datetime.timedelta(seconds=seconds, microseconds=micros)


def _date(value):
    return _EPOCH_DATE + datetime.timedelta(days=value // 86400)


def _time(value):
    value %= 86400
    return datetime.time(value // 3600, (value // 60) % 60, value % 60)


def _decimal_from_int(value, scale):
    return decimal.Decimal(value).scaleb(-scale) if scale else decimal.Decimal(value)


def _decimal_from_real(value, scale):
    dec = decimal.Decimal(repr(float(value)))
    if not dec.is_finite():
        return dec
    return dec.quantize(decimal.Decimal(1).scaleb(-scale)) if scale >= 0 else dec


def converter(type_info):
    """Return ``(source, function)``: which list holds the values
    (``"int"``, ``"real"``, ``"str"`` or ``"decimal"``) and how to convert one."""
    name = type_name(type_info)
    precision = type_info.get("precision", 0) or 0
    scale = type_info.get("scale", 0) or 0
    if name == "BOOL":
        return "int", bool
    if name in INT_TYPES:
        return "int", None
    if name == "TIMESTAMP":
        return "int", lambda v: _timestamp(v, precision)
    if name == "DATE":
        return "int", _date
    if name == "TIME":
        return "int", _time
    if name in REAL_TYPES:
        return "real", None
    if name == "DECIMAL":
        return "decimal", scale
    return "str", None


def _pick_decimal(int_values, real_values, scale):
    """DECIMAL values come as doubles in real_col (HeavyDB) or scaled ints."""
    if real_values:
        return [_decimal_from_real(v, scale) for v in real_values]
    return [_decimal_from_int(v, scale) for v in int_values]


# ----------------------------------------------------------- columnar results

def decode_column(type_info, column):
    """Python values of one ``TColumn`` (``None`` for NULLs)."""
    data = column.get("data", {})
    nulls = column.get("nulls", [])
    if type_info.get("is_array"):
        scalar = dict(type_info, is_array=False)
        values = [decode_column(scalar, item) for item in data.get("arr_col", [])]
    else:
        source, fn = converter(type_info)
        if source == "decimal":
            values = _pick_decimal(data.get("int_col", []), data.get("real_col", []), fn)
        else:
            values = data.get(source + "_col", [])
            if fn is not None:
                values = [fn(v) for v in values]
    if len(values) < len(nulls):
        if all(nulls):
            return [None] * len(nulls)
        raise ValueError("column has %d values for %d rows" % (len(values), len(nulls)))
    if any(nulls):
        return [None if n else v for v, n in zip(values, nulls)]
    return list(values[:len(nulls)]) if nulls else list(values)


def decode_columns(row_set):
    """Column-wise Python values of a columnar ``TRowSet``: a list of lists."""
    row_desc = row_set.get("row_desc", [])
    columns = row_set.get("columns", [])
    if len(columns) != len(row_desc):
        raise ValueError("result has %d column descriptors but %d columns"
                         % (len(row_desc), len(columns)))
    return [decode_column(d.get("col_type", {}), c) for d, c in zip(row_desc, columns)]


# ----------------------------------------------------------- row-wise results

def decode_datum(type_info, datum):
    """Python value of one ``TDatum`` (row-wise results)."""
    if datum.get("is_null"):
        return None
    val = datum.get("val", {})
    if type_info.get("is_array"):
        scalar = dict(type_info, is_array=False)
        return [decode_datum(scalar, d) for d in val.get("arr_val", [])]
    source, fn = converter(type_info)
    if source == "decimal":
        if "real_val" in val and "int_val" not in val:
            return _decimal_from_real(val["real_val"], fn)
        if "int_val" in val and "real_val" not in val:
            return _decimal_from_int(val["int_val"], fn)
        # both present (servers fill every TDatumVal field): trust the double
        return _decimal_from_real(val.get("real_val", 0.0), fn)
    default = {"int": 0, "real": 0.0, "str": ""}[source]
    value = val.get(source + "_val", default)
    return fn(value) if fn is not None else value


def decode_rows(row_set):
    """Row-wise Python values of a row-wise ``TRowSet``: a list of tuples."""
    types = [d.get("col_type", {}) for d in row_set.get("row_desc", [])]
    return [tuple(decode_datum(t, d) for t, d in zip(types, row.get("cols", [])))
            for row in row_set.get("rows", [])]


def result_rows(row_set):
    """``(description, rows)`` for any ``TRowSet``; rows are tuples."""
    desc = description(row_set.get("row_desc", []))
    if row_set.get("is_columnar", bool(row_set.get("columns"))):
        cols = decode_columns(row_set)
        rows = list(zip(*cols)) if cols else []
    else:
        rows = decode_rows(row_set)
    return desc, rows


def result_columns(row_set):
    """``(names, types, columns)`` for any ``TRowSet``; columns are lists."""
    desc = description(row_set.get("row_desc", []))
    if row_set.get("is_columnar", bool(row_set.get("columns"))):
        cols = decode_columns(row_set)
    else:
        rows = decode_rows(row_set)
        cols = [list(c) for c in zip(*rows)] if rows else [[] for _ in desc]
    return [d[0] for d in desc], [d[1] for d in desc], cols
