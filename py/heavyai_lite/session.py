"""Reading the Immerse session handed over to the JupyterLite site.

The site's service worker answers ``GET <site base URL>heavyai/session`` with::

    {"session": "...", "connection": {"protocol": "https", "host": "...",
     "port": 443}, "environment": {...}, "query": "..."}

(empty strings when no session was handed over).

Where the site base URL comes from, in order:

1. the ``site_url`` argument of :func:`heavyai_lite.connect`;
2. the ``HEAVYAI_LITE_SITE_URL`` environment variable;
3. in Pyodide only: derived from the Web Worker's own URL (``js.location``).
   ``@jupyterlite/pyodide-kernel`` 0.8 passes the page's base URL
   (``PageConfig.getBaseUrl()``) to the worker only inside its private
   ``initialize(options)`` call, which Python cannot read; the worker script
   itself is served from below that base URL (for a standard JupyterLite site:
   ``<base>/extensions/@jupyterlite/pyodide-kernel-extension/static/...``), so
   the candidates are the prefix before ``/extensions/`` or ``/build/`` and
   then every parent directory of the worker URL, deepest first.  The first
   candidate answering with session JSON wins.

Where no service worker controls the page (browsers that deny storage to
embedded sites deny service workers too), the endpoint does not exist.  The
site then hands the session to each Python kernel of the page by a silent
execution that sets the ``HEAVYAI_LITE_PAGE_SESSION`` environment variable to
the endpoint's JSON (see ``src/codegen/kernel-session-code.ts``); it is used only
when the endpoint cannot be read.
"""

import json
import os
import urllib.parse

from .exceptions import InterfaceError, OperationalError
from .transport import TransportError, is_pyodide

SESSION_PATH = "heavyai/session"
SITE_URL_ENV = "HEAVYAI_LITE_SITE_URL"
PAGE_SESSION_ENV = "HEAVYAI_LITE_PAGE_SESSION"
PAGE_SESSION_SOURCE = "the session the page handed to this kernel"

NO_SESSION_MESSAGE = (
    "No HeavyDB session is available: the site has no session from HeavyAI "
    "Immerse. Open this notebook from Immerse (so that it is connected with your "
    "Immerse session), or pass credentials explicitly, e.g. "
    "heavyai_lite.connect(user='...', password='...', host='...', port=..., "
    "protocol='https', database='...') or heavyai_lite.connect(session='...', "
    "host='...', port=..., protocol='https').")


def _with_slash(url):
    return url if url.endswith("/") else url + "/"


def worker_location():
    """The URL of the running Web Worker script in Pyodide, or ``None``."""
    if not is_pyodide():
        return None
    try:
        import js

        return str(js.location.href)
    except Exception:
        return None


def candidates_from_worker_url(href):
    """Possible site base URLs for a worker script URL (best guess first)."""
    parts = urllib.parse.urlsplit(href)
    path = parts.path
    found = []

    def add(p):
        url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, _with_slash(p), "", ""))
        if url not in found:
            found.append(url)

    for marker in ("/extensions/", "/build/"):
        idx = path.find(marker)
        if idx >= 0:
            add(path[:idx + 1])
    segments = path.split("/")[:-1]  # drop the script file name
    while segments:
        add("/".join(segments) + "/")
        segments = segments[:-1]
    return found


def site_url_candidates(site_url=None):
    """Base URLs to try for ``heavyai/session``, most specific first."""
    if site_url:
        return [_with_slash(site_url)]
    env = os.environ.get(SITE_URL_ENV, "").strip()
    if env:
        return [_with_slash(env)]
    href = worker_location()
    return candidates_from_worker_url(href) if href else []


def session_url(base):
    return urllib.parse.urljoin(_with_slash(base), SESSION_PATH)


def parse_session_info(text, url="heavyai/session"):
    """Normalise the endpoint's JSON into a flat dict (missing -> ``None``)."""
    try:
        raw = json.loads(text)
    except ValueError:
        raise ValueError("%s did not return JSON" % url) from None
    if not isinstance(raw, dict) or "session" not in raw:
        raise ValueError("%s did not return session JSON" % url)
    conn = raw.get("connection") or {}

    def clean(value):
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        return value.strip() if isinstance(value, str) else value

    port = clean(conn.get("port"))
    if port is not None:
        try:
            port = int(port)
        except (TypeError, ValueError):
            raise ValueError("%s returned a bad port %r" % (url, port)) from None
    return SiteInfo({
        "session": clean(raw.get("session")),
        "protocol": clean(conn.get("protocol")),
        "host": clean(conn.get("host")),
        "port": port,
        "database": clean(conn.get("database") or conn.get("dbName")),
        "query": clean(raw.get("query")),
        "environment": raw.get("environment") or {},
        "url": url,
        "raw": raw,
    })


HIDDEN = "<hidden>"


class SiteInfo(dict):
    """What the endpoint answered. A plain dict, except that displaying it
    (``repr``, ``str``, IPython's pretty printer) never shows the session ID:
    notebook outputs are saved and shared."""

    def masked(self):
        """A copy with the session ID replaced by ``<hidden>``."""
        copy = dict(self)
        if copy.get("session"):
            copy["session"] = HIDDEN
        raw = copy.get("raw")
        if isinstance(raw, dict) and raw.get("session"):
            copy["raw"] = dict(raw, session=HIDDEN)
        return copy

    def __repr__(self):
        return "SiteInfo(%r)" % (self.masked(),)

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _explain(tried):
    return "; ".join("%s: %s" % t for t in tried)


def _session_lookup(site_url):
    """Try each candidate site URL in turn: yields the URL to GET and receives
    ``(status, text)`` or the ``TransportError``; returns the session info.
    The sync and async readers below only differ in how they do the GET."""
    bases = site_url_candidates(site_url)
    if not bases:
        raise InterfaceError(
            "Cannot find the JupyterLite site URL to read %s from. " % SESSION_PATH
            + "Pass site_url='https://.../' (the site's base URL) or set the "
            + SITE_URL_ENV + " environment variable. " + NO_SESSION_MESSAGE)
    tried = []
    for base in bases:
        url = session_url(base)
        outcome = yield url
        if isinstance(outcome, TransportError):
            tried.append((url, str(outcome)))
            continue
        status, text = outcome
        if status != 200:
            tried.append((url, "HTTP %d" % status))
            continue
        try:
            return parse_session_info(text, url)
        except ValueError as exc:
            tried.append((url, str(exc)))
    raise OperationalError("Could not read the Immerse session from the site (%s)"
                           % _explain(tried), url=session_url(bases[0]))


def page_session_info():
    """The session the page handed to this kernel (no service worker), or ``None``."""
    text = os.environ.get(PAGE_SESSION_ENV, "")
    if not text.strip():
        return None
    try:
        return parse_session_info(text, PAGE_SESSION_SOURCE)
    except ValueError as exc:
        raise OperationalError(str(exc), url=PAGE_SESSION_ENV) from None


def _or_page_session(error):
    """The endpoint could not be read: use the page's session if it handed one over."""
    info = page_session_info()
    if info is None:
        raise error
    return info


_ACCEPT_JSON = {"Accept": "application/json"}


def read_session_info(transport, site_url=None):
    """Read the site's ``heavyai/session`` endpoint (``transport`` is synchronous);
    without it, the session the page handed to the kernel."""
    try:
        return _read_endpoint(transport, site_url)
    except (InterfaceError, OperationalError) as exc:
        return _or_page_session(exc)


async def read_session_info_async(transport, site_url=None):
    """Asynchronous :func:`read_session_info` (``transport`` is async)."""
    try:
        return await _read_endpoint_async(transport, site_url)
    except (InterfaceError, OperationalError) as exc:
        return _or_page_session(exc)


def _read_endpoint(transport, site_url):
    lookup = _session_lookup(site_url)
    try:
        url = next(lookup)
        while True:
            try:
                outcome = transport.request("GET", url, None, _ACCEPT_JSON)
            except TransportError as exc:
                outcome = exc
            url = lookup.send(outcome)
    except StopIteration as done:
        return done.value


async def _read_endpoint_async(transport, site_url):
    lookup = _session_lookup(site_url)
    try:
        url = next(lookup)
        while True:
            try:
                outcome = await transport.request("GET", url, None, _ACCEPT_JSON)
            except TransportError as exc:
                outcome = exc
            url = lookup.send(outcome)
    except StopIteration as done:
        return done.value
