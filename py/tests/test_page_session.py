"""The session the page hands to the kernel when no service worker serves
``heavyai/session`` (strict browsers): ``connect()`` uses it only when the
endpoint is absent.  Against the HeavyDB stand-in."""

import asyncio
import json
import os
import unittest
from unittest import mock

import heavyai_lite
from heavyai_lite.session import PAGE_SESSION_ENV, page_session_info
from tests import _support as S

STANDIN = None
SESSION = "PageSession0123456789"


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


def page_session(session=SESSION):
    """The environment the site's silent execution leaves in the kernel."""
    payload = S.session_payload(STANDIN, session=session)
    payload["connection"]["port"] = str(payload["connection"]["port"])  # the endpoint's strings
    return {PAGE_SESSION_ENV: json.dumps(payload)}


class PageSessionTest(unittest.TestCase):
    def setUp(self):
        S.clean_env()

    def test_no_endpoint_uses_the_page_session(self):
        # A static host without our service worker: every candidate URL answers 404.
        with S.SiteServer(S.session_payload(STANDIN), prefix="/elsewhere/") as site:
            with mock.patch.dict(os.environ, {**page_session(), "HEAVYAI_LITE_SITE_URL": "http://127.0.0.1:%d/" % site.port}):
                con = heavyai_lite.connect()
            self.assertEqual(site.requests, ["/heavyai/session"])
        self.assertEqual((con.host, con.port, con.session), (STANDIN.host, STANDIN.port, SESSION))
        self.assertEqual(con.site_info["query"], "SELECT 1")
        self.assertEqual(con.execute("SELECT COUNT(*) FROM tweets").fetchone()[0],
                         S.reference("SELECT COUNT(*) FROM tweets")[1][0][0])
        self.assertFalse(con.owns_session)

    def test_no_site_url_known_uses_the_page_session(self):
        with mock.patch.dict(os.environ, page_session()):
            con = heavyai_lite.connect()
        self.assertEqual(con.execute("SELECT 7").fetchall(), [(7,)])

    def test_the_endpoint_wins_when_it_answers(self):
        with S.SiteServer(S.session_payload(STANDIN)) as site:
            with mock.patch.dict(os.environ, page_session("stale-page-session")):
                con = heavyai_lite.connect(site_url=site.base)
        self.assertEqual(con.session, SESSION)

    def test_without_a_page_session_the_endpoint_error_stays(self):
        with self.assertRaises(heavyai_lite.OperationalError) as cm:
            heavyai_lite.connect(site_url="http://127.0.0.1:%d/" % S.free_port())
        self.assertIn("heavyai/session", str(cm.exception))

    def test_a_malformed_page_session_is_an_error_that_names_it(self):
        with mock.patch.dict(os.environ, {PAGE_SESSION_ENV: "{not json"}):
            with self.assertRaises(heavyai_lite.OperationalError) as cm:
                heavyai_lite.connect()
        self.assertIn("handed to this kernel", str(cm.exception))

    def test_an_empty_page_session_means_none(self):
        with mock.patch.dict(os.environ, {PAGE_SESSION_ENV: ""}):
            self.assertIsNone(page_session_info())
            with self.assertRaises(heavyai_lite.InterfaceError):
                heavyai_lite.connect()

    def test_connect_async_uses_the_page_session(self):
        async def run():
            con = await heavyai_lite.connect_async()
            return con.session, (await con.execute("SELECT 8")).fetchall()

        with mock.patch.dict(os.environ, page_session()):
            self.assertEqual(asyncio.run(run()), (SESSION, [(8,)]))


if __name__ == "__main__":
    unittest.main()
