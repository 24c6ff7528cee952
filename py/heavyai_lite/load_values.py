"""Write-back, the columnar and row methods: every value of a column checked against
its HeavyDB type and encoded as ``load_table_binary_columnar`` (``TColumn``) or
``load_table`` (``TStringRow``) take it; the first bad value stops the load before
anything is sent. Pure logic.
"""

import datetime
import decimal
import math
import numbers

from .loading import EPOCH, EPOCH_DATE, FLOAT_MAX, INT_RANGES, LoadError

def _fail(column, row, value, why):
    raise LoadError("column %s (%s), row %d: %r %s; nothing was loaded"
                    % (column.name, column.sql_type(), row, value, why))


def seconds_since_epoch(value):
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    delta = value.replace(microsecond=0) - EPOCH
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


def wire_value(column, row, v):
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
        return seconds_since_epoch(v)
    if kind == "DATE":
        if isinstance(v, datetime.datetime) or not isinstance(v, datetime.date):
            _fail(column, row, v, "is not a date")
        return (v - EPOCH_DATE).days * 86400
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
            values.append(wire_value(column, row, v))
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
        return (EPOCH + datetime.timedelta(seconds=wire)).strftime("%Y-%m-%d %H:%M:%S")
    if kind == "DATE":
        return (EPOCH_DATE + datetime.timedelta(days=wire // 86400)).isoformat()
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
