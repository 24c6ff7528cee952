"""Read the framing of an Arrow IPC stream without pyarrow (tests only).

A stream is a run of encapsulated messages -- ``0xFFFFFFFF``, an int32
metadata length, a flatbuffer ``Message``, then ``bodyLength`` body bytes --
ended by ``0xFFFFFFFF 0x00000000``.  This walks the messages and reads just
enough of the flatbuffers (Arrow's ``Message.fbs``/``Schema.fbs``) to check a
stream: each message's header type, the schema's field names, and each record
batch's row count.
"""

import struct

CONTINUATION = 0xFFFFFFFF
SCHEMA, DICTIONARY_BATCH, RECORD_BATCH = 1, 2, 3


class Table:
    """A flatbuffer table at ``pos`` in ``buf``."""

    def __init__(self, buf, pos):
        self.buf, self.pos = buf, pos
        self.vtable = pos - struct.unpack_from("<i", buf, pos)[0]
        self.vsize = struct.unpack_from("<H", buf, self.vtable)[0]

    def _field(self, index):
        at = 4 + 2 * index
        if at >= self.vsize:
            return 0
        return struct.unpack_from("<H", self.buf, self.vtable + at)[0]

    def scalar(self, index, fmt, default=0):
        off = self._field(index)
        return struct.unpack_from("<" + fmt, self.buf, self.pos + off)[0] if off else default

    def _target(self, index):
        off = self._field(index)
        if not off:
            return None
        at = self.pos + off
        return at + struct.unpack_from("<I", self.buf, at)[0]

    def table(self, index):
        at = self._target(index)
        return None if at is None else Table(self.buf, at)

    def tables(self, index):
        at = self._target(index)
        if at is None:
            return []
        n = struct.unpack_from("<I", self.buf, at)[0]
        out = []
        for i in range(n):
            elem = at + 4 + 4 * i
            out.append(Table(self.buf, elem + struct.unpack_from("<I", self.buf, elem)[0]))
        return out

    def string(self, index):
        at = self._target(index)
        if at is None:
            return None
        n = struct.unpack_from("<I", self.buf, at)[0]
        return bytes(self.buf[at + 4:at + 4 + n]).decode("utf-8")


def messages(stream):
    """``[(header_type, header Table), ...]`` of an IPC stream; raises
    ``ValueError`` unless the framing is exact up to the end-of-stream marker
    and nothing follows it."""
    buf = memoryview(stream)
    pos, out = 0, []
    while True:
        if pos + 8 > len(buf):
            raise ValueError("stream ends without an end-of-stream marker at %d" % pos)
        marker, length = struct.unpack_from("<Ii", buf, pos)
        if marker != CONTINUATION:
            raise ValueError("no continuation marker at %d" % pos)
        pos += 8
        if length == 0:
            break
        if length < 0 or pos + length > len(buf):
            raise ValueError("bad metadata length %d at %d" % (length, pos))
        meta = bytes(buf[pos:pos + length])
        message = Table(meta, struct.unpack_from("<I", meta, 0)[0])
        header_type = message.scalar(1, "B")
        body = message.scalar(3, "q")
        out.append((header_type, message.table(2)))
        pos += length + body
    if pos != len(buf):
        raise ValueError("%d bytes after the end-of-stream marker" % (len(buf) - pos))
    return out


def summary(stream):
    """``(field names, total rows, number of record batches)`` of a stream
    whose first message is its schema."""
    msgs = messages(stream)
    if not msgs or msgs[0][0] != SCHEMA:
        raise ValueError("the stream does not start with a schema message")
    names = [f.string(0) for f in msgs[0][1].tables(1)]
    batches = [h for t, h in msgs[1:] if t == RECORD_BATCH]
    return names, sum(b.scalar(0, "q") for b in batches), len(batches)
