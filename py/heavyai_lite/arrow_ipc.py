"""A reader of Arrow IPC streams into plain Python values, without pyarrow.

``execute()`` reads HeavyDB's Arrow result (``sql_execute_df``) through this
module: the columns HeavyDB sends are fixed-width numbers, bit-packed booleans,
dictionary-encoded or plain UTF-8 text, decimals, dates, times and timestamps,
each with an optional validity bitmap.  Fixed-width values are unpacked by one
C call per buffer (``memoryview.cast(...).tolist()``) and conversions run in
``map`` over whole columns, so a million rows cost a few C loops per column
rather than a Python loop per value.

Layout (Arrow's ``Message.fbs``/``Schema.fbs``): the stream is a run of
messages -- ``0xFFFFFFFF``, an int32 metadata length, a flatbuffer
``Message``, then ``bodyLength`` body bytes -- ended by ``0xFFFFFFFF 0`` or
the end of the bytes.  Anything this reader does not know (nested types,
compression, big-endian data) raises :class:`Unsupported`, and the caller
reads the result over Thrift instead.
"""

import datetime
import decimal
import itertools
import struct
import sys

_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_DATE = datetime.date(1970, 1, 1)
_ZEROS = itertools.repeat(0)

# Message.header union
_SCHEMA, _DICTIONARY_BATCH, _RECORD_BATCH = 1, 2, 3
# Type union
_INT, _FLOAT, _UTF8, _BOOL, _DECIMAL, _DATE, _TIME, _TIMESTAMP = 2, 3, 5, 6, 7, 8, 9, 10

_INT_NAMES = {8: "TINYINT", 16: "SMALLINT", 32: "INT", 64: "BIGINT"}
_INT_CODES = {(8, True): "b", (16, True): "h", (32, True): "i", (64, True): "q",
              (8, False): "B", (16, False): "H", (32, False): "I", (64, False): "Q"}
#: Arrow time unit -> digits after the second (HeavyDB's TIMESTAMP precision)
_UNIT_DIGITS = {0: 0, 1: 3, 2: 6, 3: 9}
# one byte of a bitmap -> its 8 bits, least significant first
_BITS = [tuple(bool(byte >> i & 1) for i in range(8)) for byte in range(256)]


class Unsupported(Exception):
    """The stream holds something this reader does not decode."""


class Field:
    """One column: HeavyDB's type name and the ``cursor.description`` details."""

    def __init__(self, name, type_name, precision, scale, nullable, decode, dictionary_id):
        self.name, self.type_name = name, type_name
        self.precision, self.scale, self.nullable = precision, scale, nullable
        self.decode = decode  # (buffers of one batch, length) -> list of values
        self.dictionary_id = dictionary_id

    def description(self):
        return (self.name, self.type_name, None, None, self.precision, self.scale,
                self.nullable)


# ------------------------------------------------------------------ flatbuffers

class _Table:
    """A flatbuffer table at ``pos`` in ``buf``."""

    __slots__ = ("buf", "pos", "vtable", "vsize")

    def __init__(self, buf, pos):
        self.buf, self.pos = buf, pos
        self.vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vsize = struct.unpack_from("<H", buf, self.vtable)[0]

    def _offset(self, index):
        at = 4 + 2 * index
        return struct.unpack_from("<H", self.buf, self.vtable + at)[0] if at < self.vsize else 0

    def scalar(self, index, fmt, default=0):
        off = self._offset(index)
        return struct.unpack_from(fmt, self.buf, self.pos + off)[0] if off else default

    def _target(self, index):
        off = self._offset(index)
        if not off:
            return None
        at = self.pos + off
        return at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, index):
        at = self._target(index)
        return None if at is None else _Table(self.buf, at)

    def string(self, index):
        at = self._target(index)
        if at is None:
            return ""
        size = struct.unpack_from("<I", self.buf, at)[0]
        return bytes(self.buf[at + 4:at + 4 + size]).decode("utf-8")

    def vector(self, index):
        """``(position of the first element, count)``; ``(0, 0)`` when absent."""
        at = self._target(index)
        if at is None:
            return 0, 0
        return at + 4, struct.unpack_from("<I", self.buf, at)[0]

    def tables(self, index):
        start, count = self.vector(index)
        out = []
        for i in range(count):
            at = start + 4 * i
            out.append(_Table(self.buf, at + struct.unpack_from("<I", self.buf, at)[0]))
        return out


# ------------------------------------------------------------------ column decoders

def _valid(buffers, length):
    """Validity per row (``None`` when every row is valid)."""
    bitmap = buffers[0]
    if not len(bitmap):
        return None
    return list(itertools.chain.from_iterable(map(_BITS.__getitem__, bitmap[:(length + 7) // 8])))


def _with_nulls(values, buffers, length, null_count):
    if not null_count:
        return values
    valid = _valid(buffers, length)
    if valid is None:
        return values
    return [v if ok else None for v, ok in zip(values, valid)]


def _numbers(code, width):
    def decode(buffers, length, null_count):
        data = buffers[1]
        if len(data) < width * length:
            raise ValueError("a column's data is shorter than its rows")
        values = data[:width * length].cast(code).tolist()
        return _with_nulls(values, buffers, length, null_count)
    return decode


def _converted(numbers, convert):
    def decode(buffers, length, null_count):
        values = numbers(buffers, length, 0)
        valid = _valid(buffers, length) if null_count else None
        if valid is not None:  # a NULL's slot may hold anything, even an impossible date
            values = [v if ok else 0 for v, ok in zip(values, valid)]
        values = convert(values)
        return values if valid is None else [v if ok else None for v, ok in zip(values, valid)]
    return decode


def _booleans(buffers, length, null_count):
    bits = buffers[1]
    values = list(itertools.chain.from_iterable(map(_BITS.__getitem__, bits[:(length + 7) // 8])))
    return _with_nulls(values[:length], buffers, length, null_count)


def _texts(buffers, length, null_count):
    offsets = buffers[1][:4 * (length + 1)].cast("i").tolist()
    data = bytes(buffers[2])
    values = [data[a:b].decode("utf-8") for a, b in zip(offsets, offsets[1:])]
    return _with_nulls(values, buffers, length, null_count)


def _decimals(scale):
    def decode(buffers, length, null_count):
        data = buffers[1]
        values = [decimal.Decimal(int.from_bytes(data[16 * i:16 * i + 16], "little", signed=True))
                  .scaleb(-scale) for i in range(length)]
        return _with_nulls(values, buffers, length, null_count)
    return decode


def _timestamps(unit):
    def convert(values):
        if unit == 0:
            deltas = map(datetime.timedelta, _ZEROS, values)
        elif unit == 1:
            deltas = map(datetime.timedelta, _ZEROS, _ZEROS, _ZEROS, values)
        else:
            per_micro = 1000 ** (unit - 2)
            deltas = map(datetime.timedelta, _ZEROS, _ZEROS,
                         (v // per_micro for v in values))
        return list(map(_EPOCH.__add__, deltas))
    return convert


def _dates(unit):
    def convert(values):
        days = values if unit == 0 else (v // 86400000 for v in values)
        return list(map(_EPOCH_DATE.__add__, map(datetime.timedelta, days)))
    return convert


def _times(unit):
    per_second = 1000 ** unit

    def convert(values):
        out = []
        for v in values:
            seconds, frac = divmod(v, per_second)
            seconds %= 86400
            out.append(datetime.time(seconds // 3600, seconds // 60 % 60, seconds % 60,
                                     frac * 1000000 // per_second))
        return out
    return convert


def _field(table):
    """A :class:`Field` for a flatbuffer ``Field`` table."""
    name = table.string(0)
    nullable = bool(table.scalar(1, "<?", False))
    type_type = table.scalar(2, "<B")
    type_table = table.table(3)
    if table.vector(5)[1]:
        raise Unsupported("nested column %r" % name)
    encoding = table.table(4)
    dictionary_id = None
    if encoding is not None:
        dictionary_id = encoding.scalar(0, "<q")
        index = encoding.table(1)
        width = index.scalar(0, "<i", 32) if index is not None else 32
        signed = bool(index.scalar(1, "<?", True)) if index is not None else True
        if type_type != _UTF8 or (width, signed) not in _INT_CODES:
            raise Unsupported("dictionary of type %d in column %r" % (type_type, name))
        return Field(name, "STR", 0, 0, nullable,
                     _numbers(_INT_CODES[(width, signed)], width // 8), dictionary_id)
    precision = scale = 0
    if type_type == _INT:
        width = type_table.scalar(0, "<i")
        signed = bool(type_table.scalar(1, "<?", False))
        if (width, signed) not in _INT_CODES:
            raise Unsupported("integer width %d in column %r" % (width, name))
        type_name = _INT_NAMES[width] if signed else _INT_NAMES.get(width * 2, "BIGINT")
        decode = _numbers(_INT_CODES[(width, signed)], width // 8)
    elif type_type == _FLOAT:
        kind = type_table.scalar(0, "<h")
        if kind not in (1, 2):
            raise Unsupported("half-precision column %r" % name)
        type_name = "FLOAT" if kind == 1 else "DOUBLE"
        decode = _numbers("f" if kind == 1 else "d", 4 if kind == 1 else 8)
    elif type_type == _UTF8:
        type_name, decode = "STR", _texts
    elif type_type == _BOOL:
        type_name, decode = "BOOL", _booleans
    elif type_type == _DECIMAL:
        precision, scale = type_table.scalar(0, "<i"), type_table.scalar(1, "<i")
        if type_table.scalar(2, "<i", 128) != 128:
            raise Unsupported("decimal width in column %r" % name)
        type_name, decode = "DECIMAL", _decimals(scale)
    elif type_type == _DATE:
        unit = type_table.scalar(0, "<h", 1)
        type_name = "DATE"
        decode = _converted(_numbers("i", 4) if unit == 0 else _numbers("q", 8), _dates(unit))
    elif type_type == _TIME:
        unit, width = type_table.scalar(0, "<h", 1), type_table.scalar(1, "<i", 32)
        type_name = "TIME"
        decode = _converted(_numbers("i", 4) if width == 32 else _numbers("q", 8), _times(unit))
    elif type_type == _TIMESTAMP:
        unit = type_table.scalar(0, "<h")
        type_name, precision = "TIMESTAMP", _UNIT_DIGITS[unit]
        decode = _converted(_numbers("q", 8), _timestamps(unit))
    else:
        raise Unsupported("Arrow type %d in column %r" % (type_type, name))
    return Field(name, type_name, precision, scale, nullable, decode, dictionary_id)


# ------------------------------------------------------------------ stream

def _messages(stream):
    """``(header type, header table, body)`` of each message."""
    buf = memoryview(stream)
    pos, end = 0, len(buf)
    while pos + 4 <= end:
        size = struct.unpack_from("<i", buf, pos)[0]
        pos += 4
        if size == -1:  # continuation marker, then the length
            if pos + 4 > end:
                raise ValueError("the Arrow stream is truncated")
            size = struct.unpack_from("<i", buf, pos)[0]
            pos += 4
        if size == 0:
            return
        if size < 0 or pos + size > end:
            raise ValueError("the Arrow stream is truncated")
        meta = buf[pos:pos + size]
        pos += size
        message = _Table(meta, struct.unpack_from("<I", meta, 0)[0])
        body_length = message.scalar(3, "<q")
        if pos + body_length > end:
            raise ValueError("the Arrow stream is truncated")
        body = buf[pos:pos + body_length]
        pos += body_length
        yield message.scalar(1, "<B"), message.table(2), body


def _batch(table, body):
    """``(length, [(node length, null count)], [buffer views])`` of a RecordBatch."""
    if table.table(3) is not None:
        raise Unsupported("compressed record batch")
    start, count = table.vector(1)
    nodes = [struct.unpack_from("<qq", table.buf, start + 16 * i) for i in range(count)]
    start, count = table.vector(2)
    buffers = []
    for i in range(count):
        offset, size = struct.unpack_from("<qq", table.buf, start + 16 * i)
        if offset + size > len(body):
            raise ValueError("an Arrow buffer lies outside its message")
        buffers.append(body[offset:offset + size])
    return table.scalar(0, "<q"), nodes, buffers


def _width(field):
    return 3 if field.decode is _texts else 2


def read_stream(stream):
    """``(fields, columns)``: a :class:`Field` and a list of Python values per column."""
    if sys.byteorder != "little":
        raise Unsupported("big-endian platform")
    fields, columns, dictionaries = None, None, {}
    for kind, header, body in _messages(stream):
        if kind == _SCHEMA:
            if header.scalar(0, "<h") != 0:
                raise Unsupported("big-endian Arrow data")
            fields = [_field(t) for t in header.tables(1)]
            columns = [[] for _ in fields]
        elif kind == _DICTIONARY_BATCH:
            dictionary_id = header.scalar(0, "<q")
            if header.scalar(2, "<?", False):
                raise Unsupported("delta dictionary")
            length, nodes, buffers = _batch(header.table(1), body)
            if len(nodes) != 1 or len(buffers) != 3:
                raise Unsupported("dictionary of a type other than text")
            dictionaries[dictionary_id] = _texts(buffers, nodes[0][0], nodes[0][1])
        elif kind == _RECORD_BATCH:
            if fields is None:
                raise ValueError("Arrow record batch before the schema")
            length, nodes, buffers = _batch(header, body)
            if len(nodes) != len(fields):
                raise ValueError("Arrow record batch with %d columns, schema has %d"
                                 % (len(nodes), len(fields)))
            at = 0
            for i, field in enumerate(fields):
                width = 2 if field.dictionary_id is not None else _width(field)
                rows, null_count = nodes[i]
                values = field.decode(buffers[at:at + width], rows, null_count)
                at += width
                if field.dictionary_id is not None:
                    words = dictionaries.get(field.dictionary_id)
                    if words is None:
                        raise ValueError("Arrow dictionary %d is missing" % field.dictionary_id)
                    values = (list(map(words.__getitem__, values)) if not null_count
                              else [None if v is None else words[v] for v in values])
                columns[i].extend(values)
        else:
            raise Unsupported("Arrow message type %d" % kind)
    if fields is None:
        raise ValueError("the Arrow stream has no schema")
    return fields, columns
