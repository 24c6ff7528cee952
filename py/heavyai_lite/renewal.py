"""Picking up a new handed-over session after the server refused the old one.

A connection made from the site's ``heavyai/session`` endpoint (no explicit
``session=`` or ``user=``) follows the page: when HeavyDB answers that the
session is not valid (expired, or ended), the page asks its host for a new
one; a connection that finds the session refused first reads the endpoint
once with ``?renew``, which makes the site's pages ask their host.  The
connection re-reads the endpoint until a different session for
the same server appears, within ``wait_seconds``, then retries the call
once.  Explicit sessions and logins are never renewed: the error is raised
as it came.
"""

import asyncio
import re
import time

from .exceptions import DatabaseError, OperationalError
from .session import (read_session_info, read_session_info_async, session_url,
                      site_url_candidates)
from .transport import TransportError

# A read of the endpoint with this parameter also makes the site's pages ask their host for a
# new session (src/ids.ts RENEW_PARAM).
RENEW_QUERY = "?renew"
_ACCEPT_JSON = {"Accept": "application/json"}


def _renew_urls(site_url):
    return [session_url(base) + RENEW_QUERY for base in site_url_candidates(site_url)]

# HeavyDB's messages for a session it no longer accepts (src/sql/errors.ts has the same list).
_SESSION_INVALID = (
    re.compile(r"^Session not valid\.?$"),
    re.compile(r"^Idle Session Timeout\. User should re-authenticate\.$"),
    re.compile(r"^Reached Session Life\. User should re-authenticate\.$"),
)

DEFAULT_WAIT_SECONDS = 30.0
DEFAULT_POLL_SECONDS = 0.25


def is_session_invalid(exc):
    """Whether ``exc`` is HeavyDB saying the session is no longer valid."""
    if not isinstance(exc, DatabaseError) or isinstance(exc, OperationalError):
        return False
    message = (exc.error_msg or "").strip()
    return any(p.match(message) for p in _SESSION_INVALID)


class SessionRenewal:
    """How a connection re-reads the endpoint for a new session."""

    def __init__(self, site_url=None, wait_seconds=None, poll_seconds=None,
                 clock=time.monotonic):
        self.site_url = site_url
        self.wait_seconds = DEFAULT_WAIT_SECONDS if wait_seconds is None else wait_seconds
        self.poll_seconds = DEFAULT_POLL_SECONDS if poll_seconds is None else poll_seconds
        self._clock = clock

    def _fresh(self, con, info):
        """The endpoint's session if it is a new one for the server ``con`` talks to."""
        session = info.get("session") if info else None
        if not session or session == con.session:
            return None
        same_server = all(info.get(k) in (None, getattr(con, k))
                          for k in ("protocol", "host", "port"))
        return session if same_server else None

    def _ask_page(self, con):
        """Tell the site's pages the session was refused (they ask their host)."""
        for url in _renew_urls(self.site_url):
            try:
                status, _ = con._transport.request("GET", url, None, _ACCEPT_JSON)
            except TransportError:
                continue
            if status == 200:
                return

    async def _ask_page_async(self, con):
        for url in _renew_urls(self.site_url):
            try:
                status, _ = await con._transport.request("GET", url, None, _ACCEPT_JSON)
            except TransportError:
                continue
            if status == 200:
                return

    def renew(self, con, error):
        """Wait for a new session and put it on ``con``; raise ``error`` when none came."""
        deadline = self._clock() + self.wait_seconds
        asked = False
        while True:
            try:
                session = self._fresh(con, read_session_info(con._transport, self.site_url))
            except DatabaseError:
                session = None  # the endpoint may be briefly unreadable; keep waiting
            if session:
                con.session = session
                return session
            if self._clock() >= deadline:
                raise error
            if not asked:
                asked = True
                self._ask_page(con)
                continue
            time.sleep(self.poll_seconds)

    async def renew_async(self, con, error):
        """Asynchronous :meth:`renew`."""
        deadline = self._clock() + self.wait_seconds
        asked = False
        while True:
            try:
                info = await read_session_info_async(con._transport, self.site_url)
                session = self._fresh(con, info)
            except DatabaseError:
                session = None
            if session:
                con.session = session
                return session
            if self._clock() >= deadline:
                raise error
            if not asked:
                asked = True
                await self._ask_page_async(con)
                continue
            await asyncio.sleep(self.poll_seconds)


def renewal_for(con, error):
    """The renewal to use for ``error`` on ``con``, or ``None`` to raise it as it is."""
    renewal = getattr(con, "session_renewal", None)
    if renewal is None or con.owns_session or not is_session_invalid(error):
        return None
    return renewal
