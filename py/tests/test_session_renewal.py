"""A connection made from the site's session follows the page's new session
after the server refused the old one; explicit sessions raise as before."""

import asyncio
import json
import threading
import time
import unittest
import urllib.request

import heavyai_lite
from heavyai_lite import renewal
from tests import _support as S

STANDIN = None
SESSION = "RenewalSession0123456789abcdef"


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


def expire(session):
    """End ``session`` at the stand-in at once (its control path)."""
    request = urllib.request.Request(
        "http://%s:%d/standin/expire-sessions" % (STANDIN.host, STANDIN.port),
        data=json.dumps({"sessions": [session]}).encode("utf-8"), method="POST")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read())["expired"]


def fresh_session():
    """A new valid session, as the host page would get by logging in again."""
    con = heavyai_lite.connect(host=STANDIN.host, port=STANDIN.port, protocol="http",
                               user=S.USER, password=S.PASSWORD)
    return con.session


def later(seconds, action):
    timer = threading.Timer(seconds, action)
    timer.start()
    return timer


class IsSessionInvalidTest(unittest.TestCase):
    def test_heavydb_messages(self):
        for text in ("Session not valid.",
                     "Idle Session Timeout. User should re-authenticate.",
                     "Reached Session Life. User should re-authenticate."):
            self.assertTrue(renewal.is_session_invalid(heavyai_lite.DatabaseError(text)))
        self.assertFalse(renewal.is_session_invalid(
            heavyai_lite.DatabaseError("Table foo does not exist")))
        self.assertFalse(renewal.is_session_invalid(
            heavyai_lite.OperationalError("Session not valid.")))
        self.assertFalse(renewal.is_session_invalid(ValueError("Session not valid.")))


class RenewalTest(unittest.TestCase):
    def setUp(self):
        S.clean_env()

    def test_site_session_is_replaced_and_the_call_retried_once(self):
        first = fresh_session()
        with S.SiteServer(S.session_payload(STANDIN, first)) as site:
            con = heavyai_lite.connect(site_url=site.base)
            self.assertEqual(con.execute("SELECT 1 AS x").fetchall(), [(1,)])
            self.assertEqual(expire(first), 1)
            second = fresh_session()
            # The page gets the new session a moment later (the host answers its request).
            timer = later(0.5, lambda: site.payload.update(session=second))
            started = time.monotonic()
            rows = con.execute("SELECT 2 AS x").fetchall()
            timer.join()
            self.assertEqual(rows, [(2,)])
            self.assertGreaterEqual(time.monotonic() - started, 0.4)
            self.assertEqual(con.session, second)
            # The page was told once that the session was refused.
            self.assertEqual([r for r in site.requests if r.endswith("?renew")],
                             ["/heavyai/session?renew"])
            self.assertNotIn("session", repr(con).replace("session=<set>", ""))

    def test_async_connection_the_same(self):
        first = fresh_session()

        async def scenario(site):
            con = await heavyai_lite.connect_async(site_url=site.base)
            expire(first)
            second = fresh_session()
            later(0.3, lambda: site.payload.update(session=second))
            cur = await con.execute("SELECT 3 AS x")
            return cur.fetchall()

        with S.SiteServer(S.session_payload(STANDIN, first)) as site:
            self.assertEqual(asyncio.run(scenario(site)), [(3,)])

    def test_waits_a_bounded_time_then_raises_the_servers_error(self):
        first = fresh_session()
        with S.SiteServer(S.session_payload(STANDIN, first)) as site:
            con = heavyai_lite.connect(site_url=site.base)
            con.session_renewal = renewal.SessionRenewal(
                site.base, wait_seconds=0.6, poll_seconds=0.1)
            expire(first)
            started = time.monotonic()
            with self.assertRaises(heavyai_lite.DatabaseError) as caught:
                con.execute("SELECT 1")
            elapsed = time.monotonic() - started
            self.assertEqual(caught.exception.error_msg, "Session not valid.")
            self.assertGreaterEqual(elapsed, 0.6)
            self.assertLess(elapsed, 5)
            self.assertGreater(len(site.requests), 3)  # it kept re-reading the endpoint

    def test_a_session_for_another_server_is_not_taken(self):
        first = fresh_session()
        with S.SiteServer(S.session_payload(STANDIN, first)) as site:
            con = heavyai_lite.connect(site_url=site.base)
            con.session_renewal = renewal.SessionRenewal(
                site.base, wait_seconds=0.5, poll_seconds=0.1)
            expire(first)
            site.payload.update(session=fresh_session(),
                                connection={"protocol": "http", "host": "other.example",
                                            "port": 1})
            with self.assertRaises(heavyai_lite.DatabaseError):
                con.execute("SELECT 1")
            self.assertEqual(con.session, first)

    def test_explicit_sessions_raise_at_once(self):
        first = fresh_session()
        with S.SiteServer(S.session_payload(STANDIN, fresh_session())) as site:
            con = heavyai_lite.connect(session=first, host=STANDIN.host,
                                       port=STANDIN.port, protocol="http")
            self.assertIsNone(con.session_renewal)
            expire(first)
            started = time.monotonic()
            with self.assertRaises(heavyai_lite.DatabaseError):
                con.execute("SELECT 1")
            self.assertLess(time.monotonic() - started, 2)
            self.assertEqual(site.requests, [])
        login = heavyai_lite.connect(host=STANDIN.host, port=STANDIN.port, protocol="http",
                                     user=S.USER, password=S.PASSWORD)
        self.assertIsNone(login.session_renewal)


if __name__ == "__main__":
    unittest.main()


class InterruptTest(unittest.TestCase):
    LONG = "SELECT sum(i * i % 7) AS s FROM range(100000000000) t(i)"

    def test_async_interrupt_stops_the_running_query(self):
        async def scenario():
            con = await heavyai_lite.connect_async(
                host=STANDIN.host, port=STANDIN.port, protocol="http",
                user=S.USER, password=S.PASSWORD)
            started = time.monotonic()
            running = asyncio.ensure_future(con.execute(self.LONG))
            await asyncio.sleep(0.5)
            await con.interrupt()
            with self.assertRaises(heavyai_lite.DatabaseError) as caught:
                await running
            elapsed = time.monotonic() - started
            cur = await con.execute("SELECT 5 AS x")
            await con.close()
            return caught.exception.error_msg, elapsed, cur.fetchall()

        message, elapsed, rows = asyncio.run(scenario())
        self.assertEqual(message, "Query execution has been interrupted")
        self.assertLess(elapsed, 10)
        self.assertEqual(rows, [(5,)])
