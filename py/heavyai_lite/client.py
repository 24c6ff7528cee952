"""Connections and cursors (synchronous and asynchronous).

Both flavours share the request encoding / reply decoding in :class:`_Rpc`
and the per-operation logic in :class:`_BaseConnection`; only the transport
call differs (``transport.request`` vs ``await transport.request``).
"""

import itertools
import json
import struct

from . import arrow as _arrow
from . import arrow_ipc as _arrow_ipc
from . import plans as _plans
from . import renewal as _renewal
from . import thrift_binary, thrift_json
from . import types as _types
from .exceptions import DatabaseError, Error, InterfaceError, NotSupportedError, OperationalError
from .compat import check_protocol
from .heavy_thrift import METHODS, TArrowTransport, TDeviceType
from .render import RenderResult, vega_json
from .session import NO_SESSION_MESSAGE
from .transport import TransportError, speaks_binary

CONTENT_TYPE = "application/vnd.apache.thrift.json"
BINARY_CONTENT_TYPE = "application/vnd.apache.thrift.binary"
#: calls that carry bulk binary data (an Arrow stream in the reply or the request): sent with
#: Thrift's binary protocol when the transport can carry it (no base64 text to transfer,
#: convert and decode on either side)
BINARY_METHODS = frozenset(("sql_execute_df", "load_table_binary_arrow"))
#: HeavyDB's error message for a query stopped by ``interrupt``
INTERRUPTED = "Query execution has been interrupted"
DEFAULT_PROTOCOL = "http"
DEFAULT_HOST = "localhost"
DEFAULT_PORT = 6278
DEFAULT_DATABASE = "heavyai"

_nonces = itertools.count(1)
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


class _Rpc:
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


class _ArrowNotRead(Exception):
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
            raise _ArrowNotRead("no Arrow stream")
        try:
            fields, columns = _arrow_ipc.read_stream(stream)
        except _arrow_ipc.Unsupported as exc:
            raise _ArrowNotRead(str(exc)) from None
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


class _BaseConnection:
    """Operations shared by the sync and async connections.

    Each ``_op_*`` method returns ``(thrift method, args, postprocess)``.
    """

    def __init__(self, transport, protocol, host, port, session, database=None,
                 owns_session=False, site_info=None):
        self._transport = transport
        self._rpc = _Rpc(protocol, host, port)
        self.protocol, self.host, self.port = protocol, host, port
        self.session = session
        self.database = database
        self.owns_session = owns_session
        self.site_info = site_info
        # Set by connect() for a session read from the site: follows the page's new sessions.
        self.session_renewal = None
        self.closed = False
        self._binary_refused = False
        self._interrupts = 0  # interrupt() calls so far: an interrupted query is not retried

    def _binary_for(self, method):
        return (method in BINARY_METHODS and not self._binary_refused
                and speaks_binary(self._transport))

    def __repr__(self):
        # Not even a prefix of the session: notebook outputs are saved and shared.
        return "<%s %s session=%s>" % (
            type(self).__name__, self._rpc.url, "<set>" if self.session else "<none>")

    __str__ = __repr__

    def _check(self):
        if self.closed:
            raise InterfaceError("connection is closed")

    def _op_execute(self, sql, cursor=None, first_n=-1, at_most_n=-1):
        self._check()
        args = {"session": self.session, "query": sql, "column_format": True,
                "nonce": str(next(_nonces)), "first_n": first_n, "at_most_n": at_most_n}
        target = cursor if cursor is not None else Cursor(self)
        return "sql_execute", args, lambda r: target._load(sql, r)

    def _op_execute_arrow(self, sql, cursor=None, first_n=-1, at_most_n=-1):
        """The Arrow form of ``execute`` (``sql_execute_df``), or None where only Thrift
        answers: not a query, ``at_most_n``, or a server that refused Arrow before."""
        self._check()
        if (at_most_n != -1 or not _plans.is_read_query(sql)
                or _plans.arrow_refused(self)):
            return None
        target = cursor if cursor is not None else Cursor(self)
        return ("sql_execute_df", _plans.arrow_args(self, sql, first_n),
                lambda r: target._load_arrow(sql, r))

    def _arrow_failed(self, error):
        """After the Thrift retry of an Arrow ``execute`` succeeded: a server error on the
        Arrow call was a refusal (the SQL itself is fine), remembered and said once."""
        if isinstance(error, DatabaseError):
            _plans.refuse_arrow(self, error)

    def _retry_over_thrift(self, error, interrupts_before):
        """Whether a failed Arrow ``execute`` is run again over Thrift: not when it was
        interrupted (by this connection or, in HeavyDB's words, by anyone)."""
        if isinstance(error, _ArrowNotRead):
            return True
        return (self._interrupts == interrupts_before
                and INTERRUPTED not in (getattr(error, "error_msg", None) or str(error)))

    def _op_select_arrow_ipc(self, sql, first_n=-1):
        method, args, stream = self._op_arrow_stream(sql, first_n)
        return method, args, lambda result: bytes(stream(result))

    def _op_arrow_stream(self, sql, first_n=-1):
        """``sql_execute_df`` whose result is the stream as the reply holds it (a view)."""
        self._check()
        args = {"session": self.session, "query": sql.strip(),
                "device_type": TDeviceType.CPU, "device_id": 0, "first_n": first_n,
                "transport_method": TArrowTransport.WIRE}

        def post(result):
            stream = (result or {}).get("df_buffer")
            if stream is None:
                raise OperationalError("HeavyDB at %s answered sql_execute_df without an "
                                       "Arrow buffer" % self._rpc.where(), url=self._rpc.url)
            return stream
        return "sql_execute_df", args, post

    def _op_select_ipc(self, operation, parameters, first_n, transport_method):
        self._check()
        if parameters:
            raise InterfaceError("query parameters are not supported; format the SQL yourself")
        if transport_method != TArrowTransport.WIRE:
            raise NotSupportedError(
                "only TArrowTransport.WIRE is supported: SHARED_MEMORY hands over a "
                "shared-memory handle that only a process on the HeavyDB server's host "
                "can open", "sql_execute_df")
        _arrow.require()  # before the query runs, not after
        method, args, stream = self._op_arrow_stream(operation, first_n)
        return method, args, lambda r: _arrow.dataframe(stream(r))

    def _op_list_tables(self):
        self._check()
        return "get_tables", {"session": self.session}, lambda r: list(r or [])

    def _op_table_details(self, name):
        self._check()
        return ("get_table_details", {"session": self.session, "table_name": name},
                lambda r: [_types.column_details(c) for c in (r or {}).get("row_desc", [])])

    def _op_interrupt(self):
        self._check()
        self._interrupts += 1
        args = {"query_session": self.session, "interrupt_session": self.session}
        return "interrupt", args, lambda r: None

    def _op_server_status(self):
        self._check()
        return "get_server_status", {"session": self.session}, lambda r: r or {}

    def _op_render_vega(self, vega, compression_level):
        self._check()
        args = {"session": self.session, "widget_id": 0, "vega_json": vega_json(vega),
                "compression_level": int(compression_level), "nonce": str(next(_nonces))}
        return "render_vega", args, RenderResult


class Connection(_BaseConnection):
    """A synchronous HeavyDB connection (CPython, or Pyodide via sync XHR)."""

    def _call(self, method, args):
        if self._binary_for(method):
            try:
                return self._exchange(method, args, True)
            except BadReply:
                self._binary_refused = True  # a server without the binary protocol here
        return self._exchange(method, args, False)

    def _exchange(self, method, args, binary):
        body, headers, seqid = self._rpc.encode(method, args, binary)
        send = self._transport.request_binary if binary else self._transport.request
        try:
            status, text = send("POST", self._rpc.url, body, headers)
        except TransportError as exc:
            raise self._rpc.transport_failed(exc, self.session) from None
        return self._rpc.decode(method, status, text, seqid, self.session, binary)

    def _run_sync(self, op):
        method, args, post = op
        try:
            return post(self._call(method, args))
        except DatabaseError as exc:
            renewal = _renewal.renewal_for(self, exc)
            if renewal is None:
                raise
            session = renewal.renew(self, exc)
        return post(self._call(method, dict(args, session=session)))

    def _drive(self, plan):
        """Run a plan (see plans.py): each call it yields, blocking."""
        reply, error = None, None
        while True:
            try:
                call = plan.send(reply) if error is None else plan.throw(error)
            except StopIteration as done:
                return done.value
            reply, error = None, None
            try:
                reply = self._call(*call)
            except Error as exc:
                error = exc

    def cursor(self):
        self._check()
        return Cursor(self)

    def execute(self, sql, first_n=-1, at_most_n=-1):
        """Run ``sql``; return a :class:`Cursor` holding the result (a query's rows
        are read over Arrow when the server offers it, else over Thrift)."""
        return self._execute(sql, None, first_n, at_most_n)

    def _execute(self, sql, cursor, first_n=-1, at_most_n=-1):
        arrow = self._op_execute_arrow(sql, cursor, first_n, at_most_n)
        error = None
        if arrow is not None:
            interrupts = self._interrupts
            try:
                return self._run_sync(arrow)
            except OperationalError:
                raise
            except (DatabaseError, _ArrowNotRead) as exc:
                if not self._retry_over_thrift(exc, interrupts):
                    raise
                error = exc
        result = self._run_sync(self._op_execute(sql, cursor, first_n, at_most_n))
        self._arrow_failed(error)
        return result

    def select_df(self, sql):
        """Run ``sql``; return a pandas DataFrame (needs pandas), read over Arrow
        (``sql_execute_df``) when pyarrow is installed, else over Thrift."""
        return self._drive(_plans.select_df(self, sql))

    def load_table(self, table_name, data, method="infer", preserve_index=False,
                   create="infer", column_names=None):
        """Load ``data`` (a DataFrame, pyarrow Table, list of row tuples or dict of
        column lists) into ``table_name``; see ``heavyai_lite.loading`` for the
        types.  Every value is checked before anything is sent."""
        return self._drive(_plans.load_table(self, table_name, data, method, preserve_index,
                                             create, column_names))

    def create_table(self, table_name, data, preserve_index=False):
        """Create ``table_name`` with column types inferred from ``data``."""
        return self._drive(_plans.create_table(self, table_name, data, preserve_index))

    def select_ipc(self, operation, parameters=None, first_n=-1, release_memory=True,
                   transport_method=TArrowTransport.WIRE):
        """Run ``operation`` through HeavyDB's Arrow path (``sql_execute_df``,
        ``TArrowTransport.WIRE``); return a pandas DataFrame (needs pyarrow
        and pandas).  ``first_n`` caps the rows; ``release_memory`` is accepted
        for the ``heavyai`` package's signature (a WIRE result holds no server
        memory)."""
        return self._run_sync(self._op_select_ipc(operation, parameters, first_n,
                                                  transport_method))

    def select_arrow_ipc(self, sql, first_n=-1):
        """Run ``sql`` through ``sql_execute_df`` (WIRE); return the Arrow IPC
        stream as ``bytes`` (no pyarrow needed)."""
        return self._run_sync(self._op_select_arrow_ipc(sql, first_n))

    def list_tables(self):
        return self._run_sync(self._op_list_tables())

    def table_details(self, name):
        """Columns of table ``name`` as :class:`ColumnDetails` tuples."""
        return self._run_sync(self._op_table_details(name))

    # the heavyai / pymapd names
    get_tables = list_tables
    get_table_details = table_details
    get_column_details = table_details

    def server_status(self):
        return self._run_sync(self._op_server_status())

    def render_vega(self, vega, compression_level=1):
        """Render a Vega spec (a dict or JSON text) on the server; return a
        :class:`~heavyai_lite.render.RenderResult` (``.image`` is the PNG)."""
        return self._run_sync(self._op_render_vega(vega, compression_level))

    def interrupt(self):
        """Ask HeavyDB to stop what this session is running (from another
        thread: a blocking call holds this one)."""
        method, args, post = self._op_interrupt()
        return post(self._call(method, args))

    def commit(self):
        """HeavyDB has no transactions; provided for DB-API compatibility."""

    def close(self):
        """Close; disconnects only a session this connection created itself."""
        if self.closed:
            return
        try:
            if self.owns_session and self.session:
                self._call("disconnect", {"session": self.session})
        except (DatabaseError, InterfaceError):
            pass
        finally:
            self.closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class AsyncConnection(_BaseConnection):
    """An asynchronous HeavyDB connection (Pyodide ``pyfetch``, or a thread)."""

    async def _call(self, method, args):
        if self._binary_for(method):
            try:
                return await self._exchange(method, args, True)
            except BadReply:
                self._binary_refused = True  # a server without the binary protocol here
        return await self._exchange(method, args, False)

    async def _exchange(self, method, args, binary):
        body, headers, seqid = self._rpc.encode(method, args, binary)
        send = self._transport.request_binary if binary else self._transport.request
        try:
            status, text = await send("POST", self._rpc.url, body, headers)
        except TransportError as exc:
            raise self._rpc.transport_failed(exc, self.session) from None
        return self._rpc.decode(method, status, text, seqid, self.session, binary)

    async def _run(self, op):
        method, args, post = op
        try:
            return post(await self._call(method, args))
        except DatabaseError as exc:
            renewal = _renewal.renewal_for(self, exc)
            if renewal is None:
                raise
            session = await renewal.renew_async(self, exc)
        return post(await self._call(method, dict(args, session=session)))

    async def _drive(self, plan):
        reply, error = None, None
        while True:
            try:
                call = plan.send(reply) if error is None else plan.throw(error)
            except StopIteration as done:
                return done.value
            reply, error = None, None
            try:
                reply = await self._call(*call)
            except Error as exc:
                error = exc

    async def execute(self, sql, first_n=-1, at_most_n=-1):
        arrow = self._op_execute_arrow(sql, None, first_n, at_most_n)
        error = None
        if arrow is not None:
            interrupts = self._interrupts
            try:
                return await self._run(arrow)
            except OperationalError:
                raise
            except (DatabaseError, _ArrowNotRead) as exc:
                if not self._retry_over_thrift(exc, interrupts):
                    raise
                error = exc
        result = await self._run(self._op_execute(sql, first_n=first_n, at_most_n=at_most_n))
        self._arrow_failed(error)
        return result

    async def select_df(self, sql):
        return await self._drive(_plans.select_df(self, sql))

    async def load_table(self, table_name, data, method="infer", preserve_index=False,
                         create="infer", column_names=None):
        return await self._drive(_plans.load_table(self, table_name, data, method,
                                                   preserve_index, create, column_names))

    async def create_table(self, table_name, data, preserve_index=False):
        return await self._drive(_plans.create_table(self, table_name, data, preserve_index))

    async def select_ipc(self, operation, parameters=None, first_n=-1, release_memory=True,
                         transport_method=TArrowTransport.WIRE):
        return await self._run(self._op_select_ipc(operation, parameters, first_n,
                                                   transport_method))

    async def select_arrow_ipc(self, sql, first_n=-1):
        return await self._run(self._op_select_arrow_ipc(sql, first_n))

    async def list_tables(self):
        return await self._run(self._op_list_tables())

    async def table_details(self, name):
        return await self._run(self._op_table_details(name))

    get_tables = list_tables
    get_table_details = table_details
    get_column_details = table_details

    async def server_status(self):
        return await self._run(self._op_server_status())

    async def render_vega(self, vega, compression_level=1):
        return await self._run(self._op_render_vega(vega, compression_level))

    async def interrupt(self):
        """Ask HeavyDB to stop what this connection's session is running (from
        another task, while ``await con.execute(...)`` waits); that call then
        raises the server's "interrupted" error."""
        method, args, post = self._op_interrupt()
        return post(await self._call(method, args))

    async def close(self):
        if self.closed:
            return
        try:
            if self.owns_session and self.session:
                await self._call("disconnect", {"session": self.session})
        except (DatabaseError, InterfaceError):
            pass
        finally:
            self.closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()


# ------------------------------------------------------------ connect() logic

def _needs_site(session, user, host):
    return (session is None and user is None) or host is None


def _server(protocol, host, port):
    """``(protocol, host, port)`` with the defaults filled in, as connections use them."""
    protocol = (protocol or DEFAULT_PROTOCOL).rstrip(":").lower()
    check_protocol(protocol)
    host = host or DEFAULT_HOST
    if port is None or port == "":
        port = {"https": 443}.get(protocol, DEFAULT_PORT)
    return protocol, host, int(port)


def _server_text(server):
    return "%s://%s:%d" % server


def resolve(explicit, info):
    """Merge explicit ``connect()`` arguments over endpoint values + defaults.

    The endpoint's session is only ever sent to the endpoint's own server: a
    session is valid on one server, and sending it anywhere else (another
    host or port, or in cleartext) would hand it to whoever answers there.
    """
    info = info or {}
    out = {}
    for key in ("protocol", "host", "port", "database"):
        out[key] = explicit.get(key) if explicit.get(key) is not None else info.get(key)
    out["protocol"], out["host"], out["port"] = _server(
        out["protocol"], out["host"], out["port"])
    out["user"], out["password"] = explicit.get("user"), explicit.get("password")
    session = explicit.get("session")
    if session is None and out["user"] is None:
        session = info.get("session")
        if session:
            _check_endpoint_server(out, info)
    out["session"] = session or None
    if out["session"] is None and out["user"] is None:
        raise InterfaceError(NO_SESSION_MESSAGE)
    if out["session"] is None and out["password"] is None:
        raise InterfaceError("connect(user=...) also needs password=...")
    return out


def _check_endpoint_server(params, info):
    endpoint = _server(info.get("protocol"), info.get("host"), info.get("port"))
    wanted = (params["protocol"], params["host"], params["port"])
    if (endpoint[0], endpoint[1].lower(), endpoint[2]) != (
            wanted[0], wanted[1].lower(), wanted[2]):
        raise InterfaceError(
            "the session handed over by the site is for %s, not %s; it is only used "
            "with its own protocol, host and port, so nothing was sent. Pass session= "
            "(or sessionid=) explicitly, or user= and password=, to connect to %s."
            % (_server_text(endpoint), _server_text(wanted), _server_text(wanted)))


def login_args(params):
    return {"user": params["user"], "passwd": params["password"],
            "dbname": params["database"] or DEFAULT_DATABASE}
