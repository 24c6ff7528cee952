"""heavyai_lite: a small pure-Python HeavyDB client for JupyterLite/Pyodide.

Speaks HeavyDB's Thrift JSON protocol over HTTP(S) with the standard library
only (pandas optional), so it runs in CPython and in Pyodide's Web Worker.

    import heavyai_lite
    con = heavyai_lite.connect()            # the session handed over by Immerse
    cur = con.execute("SELECT COUNT(*) FROM flights")
    cur.fetchone()

    con = await heavyai_lite.connect_async()  # Pyodide: non-blocking variant
    df = await con.select_df("SELECT * FROM tweets LIMIT 10")

    %load_ext heavyai_lite                    # IPython: the %%heavysql magic
"""

from . import compat as _compat
from .client import AsyncConnection, Connection  # noqa: F401
from .cursor import Cursor  # noqa: F401
from .params import (DEFAULT_DATABASE, DEFAULT_HOST, DEFAULT_PORT,  # noqa: F401
                     DEFAULT_PROTOCOL, login_args, resolve, _needs_site)
from .exceptions import (DatabaseError, DataError, Error, IntegrityError,  # noqa: F401
                         InterfaceError, InternalError, NotSupportedError,
                         OperationalError, ProgrammingError, Warning)
from .heavy_thrift import TArrowTransport  # noqa: F401
from .render import RenderResult  # noqa: F401
from .renewal import SessionRenewal
from .session import SITE_URL_ENV, read_session_info, read_session_info_async
from .transport import default_async_transport, default_transport
from .types import ColumnDetails  # noqa: F401

from ._version import __version__  # noqa: E402,F401

_last = {"connection": None}


def last_connection():
    """The last :class:`Connection` made by :func:`connect` (the ``%%heavysql`` default)."""
    return _last["connection"]


def load_ipython_extension(ipython):
    """``%load_ext heavyai_lite``: registers ``%%heavysql`` / ``%heavysql`` (magic.py) and
    ``%%heavyai_vega`` / ``%%omnisci_vega`` (vega.py)."""
    from .magic import load_ipython_extension as register_sql
    from .vega import register_vega_magics
    register_sql(ipython)
    register_vega_magics(ipython)


apilevel = "2.0"
threadsafety = 1
paramstyle = "qmark"  # nominal: parameters are not supported

__all__ = [
    "connect", "connect_async", "Connection", "AsyncConnection", "Cursor",
    "ColumnDetails", "Error", "Warning", "InterfaceError", "DatabaseError",
    "DataError", "OperationalError", "IntegrityError", "InternalError",
    "ProgrammingError", "NotSupportedError", "SITE_URL_ENV", "TArrowTransport",
    "RenderResult",
]


def _explicit(session, host, port, protocol, database, user, password,
              sessionid=None, dbname=None, uri=None):
    """Our arguments, with the ``heavyai``/``pyheavydb`` spellings folded in."""
    if uri is None and _compat.looks_like_uri(session):
        uri, session = session, None  # connect("heavydb://...") as pyheavydb takes it
    session = _compat.one_of("session", session, "sessionid", sessionid)
    database = _compat.one_of("database", database, "dbname", dbname)
    out = {"session": session, "host": host, "port": port, "protocol": protocol,
           "database": database, "user": user, "password": password}
    if uri is not None:
        if any(v is not None for v in out.values()):
            raise TypeError("connect() takes either uri= or the connection's parts, not both")
        out.update(_compat.parse_uri(uri))
    return out


def _site_info(transport, explicit, site_url):
    """Read heavyai/session when needed; tolerate failure when only the
    host is missing but credentials were given explicitly."""
    if not _needs_site(explicit["session"], explicit["user"], explicit["host"]):
        return None
    must = explicit["session"] is None and explicit["user"] is None
    try:
        return read_session_info(transport, site_url)
    except (InterfaceError, OperationalError):
        if must:
            raise
        return None


def _renewal_for_site(explicit, info, site_url):
    """A session read from the site follows the page's new sessions; explicit ones do not."""
    if info is None or explicit["session"] is not None or explicit["user"] is not None:
        return None
    return SessionRenewal(site_url)


def connect(session=None, host=None, port=None, protocol=None, database=None,
            user=None, password=None, site_url=None, transport=None, *,
            sessionid=None, dbname=None, uri=None):
    """Open a :class:`Connection` to HeavyDB.

    Without ``session``/``user`` the session handed over by HeavyAI Immerse is
    read from the JupyterLite site's ``heavyai/session`` endpoint; the site
    base URL is ``site_url``, else ``$HEAVYAI_LITE_SITE_URL``, else (Pyodide)
    derived from the kernel worker's URL.  Explicit arguments override the
    endpoint's values.  With ``user``/``password`` a new session is opened
    (``connect`` Thrift call) and closed again by :meth:`Connection.close`;
    a session handed over by Immerse is never disconnected.

    As in ``heavyai``/``pyheavydb``: ``sessionid=`` is ``session=``,
    ``dbname=`` is ``database=``, and ``uri="heavydb://user:password@host:port/
    dbname?protocol=http"`` (also as the first argument) names them all.
    Only ``protocol`` ``http``/``https`` is spoken.
    """
    transport = transport or default_transport()
    explicit = _explicit(session, host, port, protocol, database, user, password,
                         sessionid, dbname, uri)
    info = _site_info(transport, explicit, site_url)
    params = resolve(explicit, info)
    con = Connection(transport, params["protocol"], params["host"], params["port"],
                     params["session"], params["database"], site_info=info)
    con.session_renewal = _renewal_for_site(explicit, info, site_url)
    if params["session"] is None:
        con.session = con._call("connect", login_args(params))
        con.owns_session = True
        con.database = login_args(params)["dbname"]
    _last["connection"] = con
    return con


async def connect_async(session=None, host=None, port=None, protocol=None, database=None,
                        user=None, password=None, site_url=None, transport=None, *,
                        sessionid=None, dbname=None, uri=None):
    """Asynchronous :func:`connect`; returns an :class:`AsyncConnection`.

    In Pyodide requests go through ``pyodide.http.pyfetch``; in CPython a
    thread runs ``urllib``.  Use ``await con.execute(sql)`` etc.
    """
    transport = transport or default_async_transport()
    explicit = _explicit(session, host, port, protocol, database, user, password,
                         sessionid, dbname, uri)
    info = None
    if _needs_site(explicit["session"], explicit["user"], explicit["host"]):
        must = explicit["session"] is None and explicit["user"] is None
        try:
            info = await read_session_info_async(transport, site_url)
        except (InterfaceError, OperationalError):
            if must:
                raise
    params = resolve(explicit, info)
    con = AsyncConnection(transport, params["protocol"], params["host"], params["port"],
                          params["session"], params["database"], site_info=info)
    con.session_renewal = _renewal_for_site(explicit, info, site_url)
    if params["session"] is None:
        con.session = await con._call("connect", login_args(params))
        con.owns_session = True
        con.database = login_args(params)["dbname"]
    return con
