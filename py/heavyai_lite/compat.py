"""``connect()`` arguments as the ``heavyai`` / ``pyheavydb`` packages spell
them (``sessionid=``, ``dbname=``, ``uri=``), mapped onto ours.

Error messages here never repeat a session ID or a password.
"""

from urllib.parse import parse_qs, unquote, urlsplit

from .exceptions import InterfaceError

#: what we speak; HeavyDB's ``binary`` protocol needs raw sockets
PROTOCOLS = ("http", "https")


def one_of(name, value, alias, alias_value):
    """``value`` or ``alias_value``: whichever was given; both only if equal."""
    if value is not None and alias_value is not None and value != alias_value:
        raise TypeError("connect() got both %s= and %s= with different values; pass one"
                        % (name, alias))
    return value if value is not None else alias_value


def looks_like_uri(text):
    """True for ``heavydb://...``-style strings (a session ID never holds "://")."""
    return isinstance(text, str) and "://" in text


def parse_uri(uri):
    """``heavydb://user:password@host:port/dbname?protocol=http`` -> dict of
    the ``connect()`` arguments it names (absent parts are ``None``)."""
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    try:
        port = parts.port
    except ValueError:
        raise InterfaceError("connect(uri=...): the port is not a number") from None
    return {
        "user": unquote(parts.username) if parts.username is not None else None,
        "password": unquote(parts.password) if parts.password is not None else None,
        "host": parts.hostname or None,
        "port": port,
        "database": unquote(parts.path.lstrip("/")) or None,
        "protocol": query.get("protocol", [None])[0],
    }


def check_protocol(protocol):
    """Refuse protocols other than HTTP(S), saying what to use instead."""
    if protocol not in PROTOCOLS:
        raise InterfaceError(
            "protocol=%r is not supported: heavyai_lite speaks HeavyDB's Thrift JSON over "
            "HTTP(S) only (the browser gives Python no sockets for the binary protocol). "
            "Use protocol='http' with HeavyDB's HTTP port (6278 by default) or "
            "protocol='https'." % (protocol,))
