"""The site's session is sent only to the site's server: ``connect()`` with
another host, port or protocol and no explicit session refuses before sending
anything. Real HTTP: the site's endpoint stand-in (``SiteServer``) and a
second server that records every request reaching it."""

import asyncio
import os
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import threading
from unittest import mock

import heavyai_lite
from heavyai_lite.params import resolve
from tests import _support as S

SESSION = "handed-over-Zq7SECRET-session"


class RecordingServer:
    """Answers nothing useful; remembers the method and path of every request."""

    def __init__(self):
        self.requests = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _record(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer.requests.append((self.command, self.path, body))
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST = do_PUT = _record  # noqa: N815

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()


def payload(protocol, host, port):
    return {"session": SESSION,
            "connection": {"protocol": protocol, "host": host, "port": str(port)},
            "environment": {"protocol": "HEAVYAI_PROTOCOL", "host": "HEAVYAI_HOST",
                            "port": "HEAVYAI_PORT"},
            "query": ""}


class EndpointSessionServerTest(unittest.TestCase):
    def setUp(self):
        S.clean_env()

    def refused(self, site_payload, **overrides):
        """connect(**overrides) against the site; returns the error's text."""
        with S.SiteServer(site_payload) as site:
            with mock.patch.dict(os.environ, {"HEAVYAI_LITE_SITE_URL": site.base}):
                with self.assertRaises(heavyai_lite.InterfaceError) as cm:
                    heavyai_lite.connect(**overrides)
                with self.assertRaises(heavyai_lite.InterfaceError) as acm:
                    asyncio.run(heavyai_lite.connect_async(**overrides))
        self.assertEqual(str(acm.exception), str(cm.exception))
        message = str(cm.exception)
        self.assertNotIn(SESSION, message)
        self.assertIn("session=", message)
        return message

    def test_another_port_is_refused_and_nothing_is_sent(self):
        with RecordingServer() as other:
            message = self.refused(payload("http", "127.0.0.1", S.free_port()),
                                   host="127.0.0.1", port=other.port)
            self.assertEqual(other.requests, [])
        self.assertIn("127.0.0.1:%d" % other.port, message)

    def test_another_host_is_refused_and_nothing_is_sent(self):
        # localhost and 127.0.0.1 reach the same socket: only the name differs.
        with RecordingServer() as other:
            message = self.refused(payload("http", "localhost", other.port),
                                   host="127.0.0.1")
            self.assertEqual(other.requests, [])
        self.assertIn("http://localhost:%d" % other.port, message)
        self.assertIn("http://127.0.0.1:%d" % other.port, message)

    def test_cleartext_instead_of_https_is_refused_and_nothing_is_sent(self):
        with RecordingServer() as other:
            self.refused(payload("https", "127.0.0.1", other.port), protocol="http")
            self.assertEqual(other.requests, [])

    def test_an_explicit_session_may_go_to_another_server(self):
        with RecordingServer() as other:
            with S.SiteServer(payload("http", "127.0.0.1", S.free_port())) as site:
                con = heavyai_lite.connect(site_url=site.base, host="127.0.0.1",
                                           port=other.port, session="explicit-Zq7SECRET")
                with self.assertRaises(heavyai_lite.Error):
                    con.execute("SELECT 1")
            # the query in Thrift's binary protocol, then (the server answered no Thrift) in JSON
            self.assertEqual([method for method, _, _ in other.requests], ["POST", "POST"])
            for _, _, body in other.requests:
                self.assertIn(b"explicit-Zq7SECRET", body)
                self.assertNotIn(SESSION.encode(), body)

    def test_restating_the_endpoint_server_or_changing_the_database_is_allowed(self):
        info = {"session": SESSION, "protocol": "https", "host": "DB.example.com",
                "port": "443", "database": "heavyai"}
        for explicit in ({"host": "db.example.com"}, {"port": 443},
                         {"protocol": "HTTPS"}, {"database": "other"}, {}):
            with self.subTest(explicit=explicit):
                params = resolve(explicit, info)
                self.assertEqual(params["session"], SESSION)
        # Defaults count as the endpoint's values when it leaves them out.
        self.assertEqual(resolve({"port": 6278}, {"session": SESSION})["session"], SESSION)
        with self.assertRaises(heavyai_lite.InterfaceError):
            resolve({"port": 6274}, {"session": SESSION})


if __name__ == "__main__":
    unittest.main()
