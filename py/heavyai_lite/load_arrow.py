"""Write-back, the Arrow method: an Arrow IPC stream for ``load_table_binary_arrow``,
built from checked Python values or, for a DataFrame or pyarrow Table, cast column by
column with pyarrow (no Python value per cell). pyarrow is imported on use.
"""

import datetime
import decimal

from .load_values import seconds_since_epoch, wire_value, wire_values
from .loading import EPOCH, INT_RANGES, LoadError, module_of

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
            values = [None if v is None
                      else EPOCH + datetime.timedelta(seconds=seconds_since_epoch(v))
                      for v in values]
        elif column.type == "TIME":
            values = [None if v is None else v.replace(microsecond=0) for v in values]
        elif column.type == "DECIMAL":
            values = [None if v is None else decimal.Decimal(wire_value(column, 0, v))
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
    module = module_of(data)
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
