"""The DB-API cursor: a fully fetched result, read from Thrift rows or an Arrow stream."""

import struct

from . import arrow_ipc as _arrow_ipc
from . import types as _types
from .exceptions import InterfaceError, OperationalError

class ArrowNotRead(Exception):
    """An Arrow result this client reads over Thrift instead (empty, or a column type
    the pure-Python reader does not know)."""


class Cursor:
    """DB-API style cursor over a fully fetched result."""

    arraysize = 1

    def __init__(self, connection=None):
        self.connection = connection
        self.description = None
        self.rowcount = -1
        self.query = None
        self.execution_time_ms = None
        self._rows = []
        self._pos = 0
        self._closed = False

    def _load(self, query, result):
        row_set = (result or {}).get("row_set") or {}
        self.query = query
        self.execution_time_ms = (result or {}).get("execution_time_ms")
        if row_set.get("row_desc"):
            self.description, self._rows = _types.result_rows(row_set)
        else:
            self.description, self._rows = None, []
        self.rowcount = len(self._rows) if self.description is not None else -1
        self._pos = 0
        return self

    def _load_arrow(self, query, result):
        stream = (result or {}).get("df_buffer")
        if not stream:
            raise ArrowNotRead("no Arrow stream")
        try:
            fields, columns = _arrow_ipc.read_stream(stream)
        except _arrow_ipc.Unsupported as exc:
            raise ArrowNotRead(str(exc)) from None
        except (ValueError, IndexError, KeyError, struct.error) as exc:
            raise OperationalError("HeavyDB sent an Arrow result that cannot be read: %s"
                                   % exc) from None
        self.query = query
        self.execution_time_ms = (result or {}).get("execution_time_ms")
        self.description = [f.description() for f in fields]
        self._rows = list(zip(*columns)) if columns else []
        self.rowcount = len(self._rows)
        self._pos = 0
        return self

    def execute(self, operation, parameters=None):
        """Run ``operation`` on the cursor's (synchronous) connection."""
        if parameters:
            raise InterfaceError("query parameters are not supported; format the SQL yourself")
        if self.connection is None or not hasattr(self.connection, "_run_sync"):
            raise InterfaceError("this cursor has no synchronous connection")
        return self.connection._execute(operation, self)

    def _check(self):
        if self._closed:
            raise InterfaceError("cursor is closed")
        if self.description is None and self.query is None:
            raise InterfaceError("no query has been executed")

    def fetchone(self):
        self._check()
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return row

    def fetchmany(self, size=None):
        self._check()
        size = self.arraysize if size is None else size
        rows = self._rows[self._pos:self._pos + size]
        self._pos += len(rows)
        return rows

    def fetchall(self):
        self._check()
        rows = self._rows[self._pos:]
        self._pos = len(self._rows)
        return rows

    def __iter__(self):
        while True:
            row = self.fetchone()
            if row is None:
                return
            yield row

    def close(self):
        self._closed = True
        self._rows = []

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
