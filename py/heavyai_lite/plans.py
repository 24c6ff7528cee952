"""Operations that take more than one Thrift call (a fallback, a look-up before a
load), written once for both connection flavours.

A plan is a generator: it yields ``(method, args)`` calls, receives each reply
(or has the call's :class:`Error` thrown into it) and returns the result.
``Connection._drive`` runs it with blocking calls, ``AsyncConnection._drive``
with awaited ones.
"""

import re

from . import arrow_ipc
from . import frames
from . import load_arrow, load_values, loading
from . import types as _types
from .exceptions import DatabaseError, OperationalError
from .heavy_thrift import TArrowTransport, TDeviceType

_READ_QUERY = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/|\()*(?:select|with|values)\b",
                         re.IGNORECASE | re.DOTALL)


def is_read_query(sql):
    """Whether HeavyDB would answer ``sql`` through ``sql_execute_df`` (not DDL/DML)."""
    return bool(_READ_QUERY.match(sql))


def _state(con):
    """Per-connection memory: whether Arrow was refused, which notices were shown."""
    state = con.__dict__.get("_plan_state")
    if state is None:
        state = con.__dict__["_plan_state"] = {"arrow_refused": False,
                                               "notices": frames.Notices()}
    return state


def arrow_refused(con):
    """Whether this connection's server refused ``sql_execute_df`` before."""
    return _state(con)["arrow_refused"]


def refuse_arrow(con, refusal):
    """Remember that the server refused Arrow; say so once per connection."""
    state = _state(con)
    state["arrow_refused"] = True
    state["notices"].once("refused", frames.ARROW_REFUSED % (con._rpc.where(), refusal))


def _nonce():
    from . import client
    return str(next(client._nonces))


def execute_args(con, sql):
    return {"session": con.session, "query": sql, "column_format": True, "nonce": _nonce(),
            "first_n": -1, "at_most_n": -1}


def arrow_args(con, sql, first_n=-1):
    return {"session": con.session, "query": sql.strip(), "device_type": TDeviceType.CPU,
            "device_id": 0, "first_n": first_n, "transport_method": TArrowTransport.WIRE}


def _thrift_frame(result):
    row_set = (result or {}).get("row_set") or {}
    return frames.from_columns(*_types.result_columns(row_set))


def select_df(con, sql):
    """A DataFrame over Arrow (read by pyarrow, else by ``arrow_ipc``, saying so once);
    over Thrift when the statement is not a query, the server refuses Arrow (said once
    per connection) or the stream holds a type only pyarrow reads."""
    con._check()
    frames.require_pandas()
    state = _state(con)
    if not is_read_query(sql):
        return _thrift_frame((yield "sql_execute", execute_args(con, sql)))
    read = frames.from_arrow
    if not frames.has_pyarrow():
        state["notices"].once("pyarrow", frames.NO_PYARROW % frames.pyarrow_install_hint())
        read = frames.from_arrow_values
    refusal = None
    if not state["arrow_refused"]:
        try:
            reply = yield "sql_execute_df", arrow_args(con, sql)
        except OperationalError:
            raise
        except DatabaseError as exc:
            refusal = exc  # a refusal, or an error in the SQL: sql_execute tells which
        else:
            try:
                return read((reply or {}).get("df_buffer"))
            except arrow_ipc.Unsupported:
                pass  # a column type only pyarrow reads: the same query over Thrift
    frame = _thrift_frame((yield "sql_execute", execute_args(con, sql)))
    if refusal is not None:
        refuse_arrow(con, refusal)
    return frame


# ------------------------------------------------------------------- write-back

def _plain(cols):
    return [loading.Column(name, None, values) for name, _, values in cols]


def _payload(method, columns, data, preserve_index):
    if method == "infer":
        method = "arrow" if frames.has_pyarrow() else "columnar"
    if method == "arrow":
        if not frames.has_pyarrow():
            raise loading.LoadError("method='arrow' needs pyarrow (%s); method='columnar' "
                                    "needs nothing" % frames.pyarrow_install_hint())
        table = load_arrow.arrow_table_of(data, preserve_index)
        stream = (load_arrow.arrow_stream(columns) if table is None
                  else load_arrow.arrow_stream_of_table(table, columns))
        return "load_table_binary_arrow", {"arrow_stream": stream, "use_column_names": False}
    if method == "columnar":
        return "load_table_binary_columnar", {"cols": [load_values.tcolumn(c) for c in columns],
                                              "column_names": []}
    return "load_table", {"rows": load_values.string_rows(columns), "column_names": []}


def create_table(con, table_name, data, preserve_index=False):
    con._check()
    columns = loading.infer_columns(loading.columns_of(data, preserve_index))
    yield "create_table", {"session": con.session, "table_name": table_name,
                           "row_desc": loading.column_types(columns),
                           "create_params": {"is_replicated": False}}


def load_table(con, table_name, data, method="infer", preserve_index=False, create="infer",
               column_names=None):
    """Check everything, create the table when asked, then load in one call."""
    con._check()
    loading.check_options(method, create)
    cols = loading.columns_of(data, preserve_index, column_names)
    tables = yield "get_tables", {"session": con.session}
    exists = table_name in (tables or [])
    if not exists and create is False:
        raise loading.LoadError("Table %s does not exist (create=False); nothing was loaded"
                                % table_name)
    if exists and create is True:
        raise loading.LoadError("Table %s already exists (create=True); nothing was loaded"
                                % table_name)
    creating = not exists
    if creating:
        columns = loading.infer_columns(cols)
    else:
        details = yield "get_table_details", {"session": con.session, "table_name": table_name}
        found = [_types.column_details(c) for c in (details or {}).get("row_desc", [])]
        columns = loading.retyped(_plain(cols), found, table_name)
    call, args = _payload(method, columns, data, preserve_index)  # every value is checked here, before any change
    args.update(session=con.session, table_name=table_name)
    if creating:
        yield "create_table", {"session": con.session, "table_name": table_name,
                               "row_desc": loading.column_types(columns),
                               "create_params": {"is_replicated": False}}
    try:
        yield call, args
    except DatabaseError:
        if creating:  # the table was made for this load: leave no trace of it
            try:
                yield "sql_execute", execute_args(con, 'DROP TABLE "%s"'
                                                  % table_name.replace('"', '""'))
            except DatabaseError:
                pass
        raise
