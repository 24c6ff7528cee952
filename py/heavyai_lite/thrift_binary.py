"""Apache Thrift's binary protocol (``TBinaryProtocol``, strict messages), for the
calls whose replies are large binary payloads (the Arrow stream of
``sql_execute_df``): Thrift JSON carries such a payload as base64 text, which
costs a third more bytes on the wire, a text conversion and a base64 decode.

Structs are the ones registered in :mod:`thrift_json` (same type descriptions,
same decoded form: dicts keyed by field name, absent fields absent, unknown
fields skipped).  Wire format, big-endian:

* message: ``i32 (0x80010000 | type)``, name (``i32`` length + UTF-8), ``i32`` seqid,
  then the struct;
* struct: per field ``i8 type, i16 id, value``; ``i8 0`` ends it;
* list/set: ``i8 element type, i32 size``; map: ``i8 key type, i8 value type, i32 size``;
* string/binary: ``i32`` length + bytes; bool: one byte.
"""

import struct as _struct

from .thrift_json import CALL, EXCEPTION, REPLY, STRUCTS, ApplicationError, ProtocolError

VERSION_1 = 0x80010000
VERSION_MASK = 0xFFFF0000

STOP, BOOL, BYTE, DOUBLE, I16, I32, I64, STRING, STRUCT, MAP, SET, LIST = (
    0, 2, 3, 4, 6, 8, 10, 11, 12, 13, 14, 15)
_TYPE_IDS = {"tf": BOOL, "i8": BYTE, "i16": I16, "i32": I32, "i64": I64, "dbl": DOUBLE,
             "str": STRING, "bin": STRING, "rec": STRUCT, "map": MAP, "set": SET, "lst": LIST}
_FIXED = {BOOL: (1, "?"), BYTE: (1, "b"), I16: (2, "h"), I32: (4, "i"), I64: (8, "q"),
          DOUBLE: (8, "d")}
_I32 = _struct.Struct(">i")
_FIELD = _struct.Struct(">bh")


def type_id(ttype):
    """The binary protocol's type byte of a type description."""
    return _TYPE_IDS[ttype if isinstance(ttype, str) else ttype[0]]


# ----------------------------------------------------------------- encoding

def _write_value(out, ttype, value):
    tid = type_id(ttype)
    if tid in _FIXED:
        if tid in (BYTE, I16, I32, I64) and (isinstance(value, bool)
                                             or not isinstance(value, int)):
            raise TypeError("expected an int for %s, got %r" % (ttype, value))
        out += _struct.pack(">" + _FIXED[tid][1], bool(value) if tid == BOOL else value)
    elif tid == STRING:
        if isinstance(value, str):
            value = value.encode("utf-8")
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("expected str or bytes, got %r" % (type(value).__name__,))
        out += _I32.pack(len(value))
        out += value
    elif tid == STRUCT:
        _write_struct(out, ttype[1], value)
    elif tid in (LIST, SET):
        items = list(value)
        out += _struct.pack(">bi", type_id(ttype[1]), len(items))
        for item in items:
            _write_value(out, ttype[1], item)
    else:
        items = dict(value)
        out += _struct.pack(">bbi", type_id(ttype[1]), type_id(ttype[2]), len(items))
        for k, v in items.items():
            _write_value(out, ttype[1], k)
            _write_value(out, ttype[2], v)


def _write_struct(out, name, values):
    spec = STRUCTS[name]
    unknown = set(values) - set(spec["by_name"])
    if unknown:
        raise TypeError("%s has no field(s) %s" % (name, ", ".join(sorted(unknown))))
    for fid in sorted(spec["by_id"]):
        fname, ftype = spec["by_id"][fid]
        value = values.get(fname)
        if value is not None:
            out += _FIELD.pack(type_id(ftype), fid)
            _write_value(out, ftype, value)
    out.append(STOP)


def encode_message(method, args_struct, args, seqid=0, message_type=CALL):
    """Serialize a call; a ``bytearray`` (every built-in transport sends it as it is:
    another copy of a load's stream would cost as much as writing it)."""
    out = bytearray()
    name = method.encode("utf-8")
    out += _struct.pack(">iI", (VERSION_1 | message_type) - (1 << 32), len(name))
    out += name
    out += _I32.pack(seqid)
    _write_struct(out, args_struct, args)
    return out


# ----------------------------------------------------------------- decoding

class _Reader:
    def __init__(self, payload):
        self.buf = memoryview(payload)
        self.pos = 0

    def take(self, size):
        start, end = self.pos, self.pos + size
        if size < 0 or end > len(self.buf):
            raise ProtocolError("reply is truncated (%d bytes wanted at offset %d of %d)"
                                % (size, start, len(self.buf)))
        self.pos = end
        return start

    def unpack(self, fmt, size):
        return _struct.unpack_from(fmt, self.buf, self.take(size))[0]

    def string_bytes(self):
        size = self.unpack(">i", 4)
        start = self.take(size)
        return self.buf[start:start + size]

    def value(self, tid, ttype):
        if tid in _FIXED:
            size, code = _FIXED[tid]
            return self.unpack(">" + code, size)
        if tid == STRING:
            raw = self.string_bytes()
            if ttype == "bin":
                return raw  # a read-only view of the reply: an Arrow result is not copied
            try:
                return str(raw, "utf-8")
            except UnicodeDecodeError:
                raise ProtocolError("a string field is not UTF-8") from None
        if tid == STRUCT:
            return self.struct(ttype[1] if ttype is not None else None)
        if tid in (LIST, SET):
            etid, size = self.unpack(">b", 1), self.unpack(">i", 4)
            elem = ttype[1] if ttype is not None else None
            if size < 0:
                raise ProtocolError("negative list size")
            if etid in _FIXED and etid != BOOL:
                width, code = _FIXED[etid]
                return list(_struct.unpack_from(">%d%s" % (size, code), self.buf,
                                                self.take(width * size)))
            return [self.value(etid, elem) for _ in range(size)]
        if tid == MAP:
            ktid, vtid, size = self.unpack(">b", 1), self.unpack(">b", 1), self.unpack(">i", 4)
            ktype, vtype = (ttype[1], ttype[2]) if ttype is not None else (None, None)
            return {self.value(ktid, ktype): self.value(vtid, vtype) for _ in range(size)}
        raise ProtocolError("unknown Thrift type id %r" % (tid,))

    def struct(self, name):
        spec = STRUCTS[name]["by_id"] if name is not None else {}
        out = {}
        while True:
            tid = self.unpack(">b", 1)
            if tid == STOP:
                return out
            fid = self.unpack(">h", 2)
            field = spec.get(fid)
            if field is not None and type_id(field[1]) == tid:
                out[field[0]] = self.value(tid, field[1])
            else:  # unknown field or another type: skip it, like generated code does
                self.value(tid, None)


def decode_reply(payload, method, result_struct, seqid=None):
    """Decode a binary reply to ``method``: the result struct as a dict.

    Raises :class:`ApplicationError` for a ``TApplicationException`` and
    :class:`ProtocolError` for anything malformed, truncated or unexpected.
    """
    reader = _Reader(payload)
    head = reader.unpack(">i", 4)
    if head >= 0 or (head & VERSION_MASK) != (VERSION_1 & VERSION_MASK):
        raise ProtocolError("response is not a strict Thrift binary message")
    mtype = head & 0xFF
    try:
        name = str(reader.string_bytes(), "utf-8")
    except UnicodeDecodeError:
        raise ProtocolError("bad method name in reply") from None
    rseqid = reader.unpack(">i", 4)
    if mtype == EXCEPTION:
        exc = reader.struct("TApplicationException")
        raise ApplicationError(exc.get("message", "unknown error"), exc.get("type", 0))
    if mtype != REPLY:
        raise ProtocolError("unexpected message type %r" % (mtype,))
    if name != method:
        raise ProtocolError("reply is for %r, expected %r" % (name, method))
    if seqid is not None and rseqid != seqid:
        raise ProtocolError("reply sequence id %r, expected %r" % (rseqid, seqid))
    result = reader.struct(result_struct)
    if reader.pos != len(reader.buf):
        raise ProtocolError("%d unexpected bytes after the reply" % (len(reader.buf) - reader.pos))
    return result

