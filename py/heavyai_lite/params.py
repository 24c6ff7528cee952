"""How ``connect()`` arguments and the site's session endpoint become one server and one
session: defaults, the endpoint's session kept to its own server, login arguments."""

from .compat import check_protocol
from .exceptions import InterfaceError
from .session import NO_SESSION_MESSAGE

DEFAULT_PROTOCOL = "http"
DEFAULT_HOST = "localhost"
DEFAULT_PORT = 6278
DEFAULT_DATABASE = "heavyai"


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
