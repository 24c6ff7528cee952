"""One HeavyDB call as bytes: the request's encoding and the reply's decoding, in Thrift's
JSON or binary protocol, with errors that never carry the session ID (no I/O here: the
connections' transports carry the bytes)."""

import itertools
import json

from . import thrift_binary, thrift_json
from .exceptions import DatabaseError, Error, OperationalError
from .heavy_thrift import METHODS

CONTENT_TYPE = "application/vnd.apache.thrift.json"
BINARY_CONTENT_TYPE = "application/vnd.apache.thrift.binary"
#: calls that carry bulk binary data (an Arrow stream in the reply or the request): sent with
#: Thrift's binary protocol when the transport can carry it (no base64 text to transfer,
#: convert and decode on either side)
BINARY_METHODS = frozenset(("sql_execute_df", "load_table_binary_arrow"))
SESSION_PLACEHOLDER = "<session>"


def _redact(text, secret):
    """``text`` without ``secret``, as written or as escaped inside JSON."""
    if secret and isinstance(text, str):
        for form in (secret, json.dumps(secret)[1:-1]):
            text = text.replace(form, SESSION_PLACEHOLDER)
    return text


def _redacted(exc, secret):
    """``exc`` with every mention of ``secret`` in its message replaced."""
    if secret:
        exc.args = tuple(_redact(arg, secret) for arg in exc.args)
        if isinstance(getattr(exc, "error_msg", None), str):
            exc.error_msg = _redact(exc.error_msg, secret)
    return exc


class Rpc:
    """Thrift-JSON-over-HTTP call encoding and reply decoding (no I/O)."""

    def __init__(self, protocol, host, port):
        self.protocol, self.host, self.port = protocol, host, port
        self.url = "%s://%s:%s/" % (protocol, host, port)
        self._seqids = itertools.count(0)

    def where(self):
        return "%s (protocol=%s, host=%s, port=%s)" % (
            self.url, self.protocol, self.host, self.port)

    def encode(self, method, args, binary=False):
        args_struct = METHODS[method][0]
        seqid = next(self._seqids)
        codec, kind = (thrift_binary, BINARY_CONTENT_TYPE) if binary else (thrift_json,
                                                                           CONTENT_TYPE)
        body = codec.encode_message(method, args_struct, args, seqid)
        return body, {"Content-Type": kind, "Accept": kind}, seqid

    def transport_failed(self, exc, secret=None):
        return OperationalError(_redact("Cannot reach HeavyDB at %s: %s" % (self.where(), exc), secret),
                                url=self.url)

    def decode(self, method, status, text, seqid, secret=None, binary=False):
        """The reply's result; errors never carry ``secret`` (the session ID),
        even when a server or proxy echoes the request in its message."""
        try:
            return self._decode(method, status, text, seqid, secret, binary)
        except Error as exc:
            raise _redacted(exc, secret) from None

    def _decode(self, method, status, text, seqid, secret, binary):
        if status != 200:
            if isinstance(text, (bytes, bytearray)):
                text = text.decode("utf-8", "replace")
            # Redacted before it is cut, so no prefix of the session survives either.
            snippet = " ".join(_redact(str(text), secret).split())[:300]
            # in the binary protocol, an HTTP error may only mean "not here": retried as JSON
            raise (BadReply if binary else OperationalError)(
                "HeavyDB at %s answered HTTP %d to %s%s" % (
                    self.where(), status, method, (": " + snippet) if snippet else ""),
                url=self.url, status=status)
        codec = thrift_binary if binary else thrift_json
        try:
            result = codec.decode_reply(text, method, METHODS[method][1], seqid)
        except thrift_json.ApplicationError as exc:
            raise DatabaseError(exc.message, method) from None
        except thrift_json.ProtocolError as exc:
            raise BadReply("Bad reply from HeavyDB at %s to %s: %s"
                           % (self.where(), method, exc), url=self.url) from None
        if "e" in result:
            raise DatabaseError(result["e"].get("error_msg", ""), method)
        return result.get("success")


class BadReply(OperationalError):
    """An HTTP answer that is not a Thrift reply to the call."""
