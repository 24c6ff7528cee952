"""A small codec for Apache Thrift's JSON protocol (``TJSONProtocol``).

Wire format, as produced and read by Thrift's JSON protocol implementations:

* message:  ``[1, "method", message_type, seqid, {struct}]``
* struct:   ``{"<field id>": {"<type tag>": value}, ...}`` (absent fields omitted)
* list/set: ``["<elem tag>", size, elem, elem, ...]``
* map:      ``["<key tag>", "<value tag>", size, {"key": value, ...}]``
* bool is ``1``/``0``; i8/i16/i32/i64 are JSON numbers; doubles are numbers or
  the strings ``"NaN"``, ``"Infinity"``, ``"-Infinity"``; strings are JSON
  strings.
* binary shares the string tag ``"str"``; its value is the bytes in base64.
  Thrift's JavaScript protocol writes it padded (Node's ``Buffer`` base64),
  the C++ one (HeavyDB's) without ``=`` padding: both are read.

Types are described with plain Python values:

* a primitive tag: ``"tf" "i8" "i16" "i32" "i64" "dbl" "str"``, or ``"bin"``
  (binary: ``bytes`` in Python, tagged ``"str"`` on the wire)
* ``("rec", "StructName")`` -- a struct registered with :func:`struct`
* ``("lst", elem)``, ``("set", elem)``, ``("map", key, value)``

Structs decode to plain ``dict`` objects keyed by field name; fields that are
absent on the wire are absent from the dict.  Unknown fields are skipped.
"""

import base64
import binascii
import json
import math

# Thrift message types
CALL = 1
REPLY = 2
EXCEPTION = 3
ONEWAY = 4

VERSION = 1

_PRIMITIVES = frozenset(("tf", "i8", "i16", "i32", "i64", "dbl", "str", "bin"))
_INTS = frozenset(("i8", "i16", "i32", "i64"))
#: wire tags of types that have no tag of their own
_WIRE_TAGS = {"bin": "str"}

#: registry of struct definitions: name -> {field id: (field name, type)}
STRUCTS = {}


class ProtocolError(Exception):
    """The peer sent something that is not valid Thrift JSON for the schema."""


class ApplicationError(Exception):
    """A ``TApplicationException`` sent by the server (unknown method...)."""

    def __init__(self, message, type_=0):
        super().__init__(message)
        self.message = message
        self.type = type_


def struct(name, fields):
    """Register a struct definition ``{fid: (name, type)}`` and return it."""
    STRUCTS[name] = {"name": name, "by_id": dict(fields),
                     "by_name": {f[0]: (fid, f[1]) for fid, f in fields.items()}}
    return STRUCTS[name]


struct("TApplicationException", {1: ("message", "str"), 2: ("type", "i32")})


def tag_of(ttype):
    """The JSON type tag (``"i32"``, ``"rec"``, ``"lst"``...) of a type."""
    return _WIRE_TAGS.get(ttype, ttype) if isinstance(ttype, str) else ttype[0]


# ----------------------------------------------------------------- encoding

def _encode_double(value):
    value = float(value)
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def encode_value(ttype, value):
    """Convert a Python value to its Thrift-JSON representation."""
    if ttype == "bin":
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError("expected bytes for binary, got %r" % (type(value).__name__,))
        return base64.b64encode(bytes(value)).decode("ascii")
    tag = tag_of(ttype)
    if tag == "tf":
        return 1 if value else 0
    if tag in _INTS:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("expected an int for %s, got %r" % (tag, value))
        return value
    if tag == "dbl":
        return _encode_double(value)
    if tag == "str":
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        if not isinstance(value, str):
            raise TypeError("expected a str, got %r" % (value,))
        return value
    if tag == "rec":
        return encode_struct(ttype[1], value)
    if tag in ("lst", "set"):
        items = list(value)
        return [tag_of(ttype[1]), len(items)] + [encode_value(ttype[1], v) for v in items]
    if tag == "map":
        ktype, vtype = ttype[1], ttype[2]
        out = {}
        for k, v in dict(value).items():
            key = encode_value(ktype, k)
            out[key if isinstance(key, str) else json.dumps(key)] = encode_value(vtype, v)
        return [tag_of(ktype), tag_of(vtype), len(out), out]
    raise TypeError("unknown Thrift type %r" % (ttype,))


def encode_struct(name, values):
    """Encode a ``dict`` of field values (``None`` = absent) as struct ``name``."""
    spec = STRUCTS[name]
    unknown = set(values) - set(spec["by_name"])
    if unknown:
        raise TypeError("%s has no field(s) %s" % (name, ", ".join(sorted(unknown))))
    out = {}
    for fid in sorted(spec["by_id"]):
        fname, ftype = spec["by_id"][fid]
        value = values.get(fname)
        if value is not None:
            out[str(fid)] = {tag_of(ftype): encode_value(ftype, value)}
    return out


def encode_message(method, args_struct, args, seqid=0, message_type=CALL):
    """Serialize a call: ``[1,"method",1,seqid,{args}]`` as UTF-8 bytes."""
    envelope = [VERSION, method, message_type, seqid, encode_struct(args_struct, args)]
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


# ----------------------------------------------------------------- decoding

def _decode_int(raw):
    if isinstance(raw, bool):
        return int(raw)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str):
        return int(raw)
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    raise ProtocolError("expected an integer, got %r" % (raw,))


def _decode_double(raw):
    try:
        return float(raw)
    except (TypeError, ValueError):
        raise ProtocolError("expected a double, got %r" % (raw,)) from None


def _decode_str(raw):
    if not isinstance(raw, str):
        raise ProtocolError("expected a string, got %r" % (raw,))
    return raw


def _decode_bool(raw):
    if raw in (1, 0, True, False):
        return bool(raw)
    if raw in ("1", "0", "true", "false"):
        return raw in ("1", "true")
    raise ProtocolError("expected a bool, got %r" % (raw,))


def _decode_binary(raw):
    if not isinstance(raw, str):
        raise ProtocolError("expected base64 text for binary, got %r" % (type(raw).__name__,))
    try:
        return base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError("binary field is not valid base64") from None


_SCALAR_DECODERS = {"tf": _decode_bool, "i8": _decode_int, "i16": _decode_int,
                    "i32": _decode_int, "i64": _decode_int, "dbl": _decode_double,
                    "str": _decode_str, "bin": _decode_binary}


def decode_value(ttype, raw):
    """Convert a Thrift-JSON value to Python according to ``ttype``."""
    scalar = _SCALAR_DECODERS.get(ttype) if isinstance(ttype, str) else None
    if scalar is not None:
        return scalar(raw)
    tag = tag_of(ttype)
    if tag == "rec":
        return decode_struct(ttype[1], raw)
    if tag in ("lst", "set"):
        if not isinstance(raw, list) or len(raw) < 2:
            raise ProtocolError("malformed %s: %r" % (tag, raw))
        elem = ttype[1]
        items = raw[2:]
        if raw[0] != tag_of(elem):
            raise ProtocolError("list element type %r, expected %r" % (raw[0], tag_of(elem)))
        if len(items) != raw[1]:
            raise ProtocolError("list announces %r elements, has %d" % (raw[1], len(items)))
        if elem == "str":
            for item in items:
                if not isinstance(item, str):
                    raise ProtocolError("expected a string, got %r" % (item,))
            return items
        if elem in _INTS:
            return [v if type(v) is int else _decode_int(v) for v in items]
        decoder = _SCALAR_DECODERS.get(elem) if isinstance(elem, str) else None
        if decoder is not None:
            return [decoder(v) for v in items]
        return [decode_value(elem, v) for v in items]
    if tag == "map":
        if not isinstance(raw, list) or len(raw) < 3:
            raise ProtocolError("malformed map: %r" % (raw,))
        body = raw[3] if len(raw) > 3 else {}
        ktype, vtype = ttype[1], ttype[2]
        out = {}
        for k, v in body.items():
            key = (decode_value(ktype, k) if tag_of(ktype) == "str"
                   else decode_value(ktype, json.loads(k)))
            out[key] = decode_value(vtype, v)
        return out
    raise TypeError("unknown Thrift type %r" % (ttype,))


def decode_struct(name, raw):
    """Decode a JSON object as struct ``name`` into a dict keyed by field name."""
    if not isinstance(raw, dict):
        raise ProtocolError("expected a struct %s, got %r" % (name, type(raw).__name__))
    spec = STRUCTS[name]["by_id"]
    out = {}
    for fid_text, wrapped in raw.items():
        try:
            field = spec.get(int(fid_text))
        except ValueError:
            raise ProtocolError("bad field id %r in %s" % (fid_text, name)) from None
        if field is None or not isinstance(wrapped, dict) or len(wrapped) != 1:
            continue  # unknown field: skip, like generated code does
        (tag, value), = wrapped.items()
        fname, ftype = field
        if tag != tag_of(ftype):
            continue  # type mismatch: generated code skips the field too
        out[fname] = decode_value(ftype, value)
    return out


def decode_message(payload):
    """Parse a reply envelope; return ``(method, message_type, seqid, raw_struct)``."""
    if isinstance(payload, (bytes, bytearray)):
        payload = payload.decode("utf-8")
    try:
        msg = json.loads(payload)
    except ValueError as exc:
        snippet = payload[:200] if isinstance(payload, str) else ""
        raise ProtocolError("response is not Thrift JSON (%s): %r" % (exc, snippet)) from None
    if not isinstance(msg, list) or len(msg) < 5:
        raise ProtocolError("response is not a Thrift JSON message: %r" % (payload[:200],))
    if msg[0] != VERSION:
        raise ProtocolError("unsupported Thrift JSON protocol version %r" % (msg[0],))
    return msg[1], msg[2], msg[3], msg[4]


def decode_reply(payload, method, result_struct, seqid=None):
    """Decode a reply to ``method``: return the decoded result struct (a dict).

    Raises :class:`ApplicationError` for a ``TApplicationException`` reply and
    :class:`ProtocolError` for anything malformed or unexpected.
    """
    name, mtype, rseqid, body = decode_message(payload)
    if mtype == EXCEPTION:
        exc = decode_struct("TApplicationException", body)
        raise ApplicationError(exc.get("message", "unknown error"), exc.get("type", 0))
    if mtype != REPLY:
        raise ProtocolError("unexpected message type %r" % (mtype,))
    if name != method:
        raise ProtocolError("reply is for %r, expected %r" % (name, method))
    if seqid is not None and rseqid != seqid:
        raise ProtocolError("reply sequence id %r, expected %r" % (rseqid, seqid))
    return decode_struct(result_struct, body)
