"""Connections (synchronous and asynchronous).

Both flavours share the request encoding / reply decoding in :class:`rpc.Rpc`
and the per-operation logic in :class:`_BaseConnection`; only the transport
call differs (``transport.request`` vs ``await transport.request``).
"""

import itertools

from . import arrow as _arrow
from . import plans as _plans
from . import renewal as _renewal
from . import types as _types
from .cursor import ArrowNotRead, Cursor
from .exceptions import DatabaseError, Error, InterfaceError, NotSupportedError, OperationalError
from .heavy_thrift import TArrowTransport, TDeviceType
from .render import RenderResult, vega_json
from .rpc import BINARY_METHODS, BadReply, Rpc
from .transport import TransportError, speaks_binary

#: HeavyDB's error message for a query stopped by ``interrupt``
INTERRUPTED = "Query execution has been interrupted"

_nonces = itertools.count(1)


class _BaseConnection:
    """Operations shared by the sync and async connections.

    Each ``_op_*`` method returns ``(thrift method, args, postprocess)``.
    """

    def __init__(self, transport, protocol, host, port, session, database=None,
                 owns_session=False, site_info=None):
        self._transport = transport
        self._rpc = Rpc(protocol, host, port)
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
        if isinstance(error, ArrowNotRead):
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
            except (DatabaseError, ArrowNotRead) as exc:
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
            except (DatabaseError, ArrowNotRead) as exc:
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
