"""The Pyodide code paths, run in CPython against fakes of the browser HTTP
layer: a fake ``js`` module (``XMLHttpRequest``, ``location``) and a fake
``pyodide.http.pyfetch``, injected through ``sys.modules`` while
``sys.platform`` pretends to be ``"emscripten"``.  The fakes perform real
HTTP (urllib) so requests reach the HeavyDB stand-in."""

import asyncio
import sys
import types
import unittest
import urllib.error
import urllib.request
from unittest import mock

import heavyai_lite
from heavyai_lite import session as hl_session
from heavyai_lite import transport as hl_transport
from tests import _support as S

STANDIN = None
SESSION = "PyodideSession0123456789"
WORKER_PATH = "lite/extensions/@jupyterlite/pyodide-kernel-extension/static/comlink.worker.js"
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


class FakeJsException(Exception):
    """Stands for pyodide.ffi.JsException."""


def _http(method, url, body, headers, binary=False):
    data = body.encode("utf-8") if isinstance(body, str) else body
    if isinstance(data, FakeUint8Array):
        data = bytes(data.data)
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with _OPENER.open(req, timeout=120) as resp:
            status, payload = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, payload = exc.code, exc.read()
    return status, (payload if binary else payload.decode("utf-8"))


class FakeUint8Array:
    """The subset of a JS Uint8Array (through Pyodide's JsProxy) that the transports use."""

    def __init__(self, size):
        self.data = bytearray(size)

    @classmethod
    def new(cls, size):
        return cls(size)

    def assign(self, source):
        if len(source) != len(self.data):
            raise AssertionError("assign() needs a buffer of the same length")
        self.data[:] = source


class FakeArrayBuffer:
    def __init__(self, data):
        self._data = data

    def to_bytes(self):
        return bytes(self._data)


class FakeXMLHttpRequest:
    """The subset of the browser's XMLHttpRequest that XhrTransport uses."""

    log = []

    def __init__(self):
        self.status = 0
        self.responseText = ""
        self.responseType = ""
        self.response = None
        self._headers = {}

    @classmethod
    def new(cls):  # Pyodide spells JS `new X()` as `X.new()`
        return cls()

    def open(self, method, url, is_async):
        if is_async is not False:
            raise AssertionError("XhrTransport must use synchronous XHR")
        self._method, self._url = method, url

    def setRequestHeader(self, key, value):  # noqa: N802
        self._headers[key] = value

    def send(self, body=None):
        if body is not None and not isinstance(body, (str, FakeUint8Array)):
            raise AssertionError("body must be a str or Uint8Array, got %r" % type(body))
        FakeXMLHttpRequest.log.append((self._method, self._url, dict(self._headers)))
        binary = self.responseType == "arraybuffer"
        try:
            self.status, payload = _http(self._method, self._url, body, self._headers, binary)
            if binary:
                self.response = FakeArrayBuffer(payload)
            else:
                self.responseText = payload
        except (urllib.error.URLError, OSError):
            # a failed synchronous send throws "NetworkError" in browsers
            raise FakeJsException("NetworkError: Failed to execute 'send' on "
                                  "'XMLHttpRequest': Failed to load '%s'." % self._url)


class FakeResponse:
    def __init__(self, status, text):
        self.status, self._text = status, text
        self.ok = 200 <= status < 300

    async def string(self):
        return self._text.decode("utf-8") if isinstance(self._text, bytes) else self._text

    async def bytes(self):
        return self._text if isinstance(self._text, bytes) else self._text.encode("utf-8")


async def fake_pyfetch(url, **options):
    FAKE_FETCH_LOG.append((url, options))
    try:
        status, text = await asyncio.get_running_loop().run_in_executor(
            None, _http, options.get("method", "GET"), url, options.get("body"),
            options.get("headers", {}), True)
    except (urllib.error.URLError, OSError):
        raise OSError("Failed to fetch")
    return FakeResponse(status, text)


FAKE_FETCH_LOG = []


class PyodideEnvironment:
    """Context manager: fake ``js`` and ``pyodide.http`` + emscripten platform."""

    def __init__(self, worker_href):
        js = types.ModuleType("js")
        js.XMLHttpRequest = FakeXMLHttpRequest
        js.Uint8Array = FakeUint8Array
        js.location = types.SimpleNamespace(href=worker_href)
        pyodide = types.ModuleType("pyodide")
        http = types.ModuleType("pyodide.http")
        http.pyfetch = fake_pyfetch
        pyodide.http = http
        self._patches = [mock.patch.dict(sys.modules, {"js": js, "pyodide": pyodide,
                                                       "pyodide.http": http}),
                         mock.patch.object(sys, "platform", "emscripten"),
                         mock.patch.dict("os.environ", {}, clear=False)]

    def __enter__(self):
        for p in self._patches:
            p.start()
        S.clean_env()
        FakeXMLHttpRequest.log.clear()
        FAKE_FETCH_LOG.clear()
        return self

    def __exit__(self, *exc):
        for p in reversed(self._patches):
            p.stop()


class WorkerUrlTest(unittest.TestCase):
    def test_candidates(self):
        href = "https://h.example:8443/apps/lite/" + WORKER_PATH.split("/", 1)[1] + "?v=1"
        self.assertEqual(hl_session.candidates_from_worker_url(href)[:2], [
            "https://h.example:8443/apps/lite/",
            "https://h.example:8443/apps/lite/extensions/@jupyterlite/"
            "pyodide-kernel-extension/static/"])
        self.assertEqual(hl_session.candidates_from_worker_url(href)[-1],
                         "https://h.example:8443/")
        self.assertEqual(hl_session.candidates_from_worker_url("http://x/build/w.js"),
                         ["http://x/", "http://x/build/"])

    def test_transport_selection(self):
        with PyodideEnvironment("http://127.0.0.1:1/" + WORKER_PATH):
            self.assertIsInstance(hl_transport.default_transport(), hl_transport.XhrTransport)
            self.assertIsInstance(hl_transport.default_async_transport(),
                                  hl_transport.FetchTransport)
        self.assertIsInstance(hl_transport.default_transport(), hl_transport.UrllibTransport)


class XhrTransportTest(unittest.TestCase):
    def test_connect_without_arguments_in_worker(self):
        with S.SiteServer(S.session_payload(STANDIN), prefix="/lite/") as site:
            href = "http://127.0.0.1:%d/%s" % (site.port, WORKER_PATH)
            with PyodideEnvironment(href):
                con = heavyai_lite.connect()
                rows = con.execute("SELECT * FROM all_types ORDER BY 1").fetchall()
                tables = con.list_tables()
                con.close()
                log = list(FakeXMLHttpRequest.log)
            self.assertEqual(site.requests, ["/lite/heavyai/session"])
        self.assertEqual(rows, S.reference("SELECT * FROM all_types ORDER BY 1")[1])
        self.assertIn("tweets", tables)
        self.assertEqual(log[0][:2], ("GET", "http://127.0.0.1:%d/lite/heavyai/session"
                                      % site.port))
        post = log[1]
        self.assertEqual(post[:2], ("POST", STANDIN.url))
        # the query's rows come over Arrow in Thrift's binary protocol; list_tables in JSON
        self.assertEqual(post[2]["Content-Type"], "application/vnd.apache.thrift.binary")
        self.assertEqual(log[2][2]["Content-Type"], "application/vnd.apache.thrift.json")
        self.assertFalse(any(m == "POST" and "disconnect" in u for m, u, _ in log))

    def test_network_error_and_bad_session(self):
        with PyodideEnvironment("http://127.0.0.1:1/" + WORKER_PATH):
            port = S.free_port()
            con = heavyai_lite.connect(session="x", host="127.0.0.1", port=port)
            with self.assertRaises(heavyai_lite.OperationalError) as cm:
                con.execute("SELECT 1")
            self.assertIn("host=127.0.0.1, port=%d" % port, str(cm.exception))
            self.assertIn("NetworkError", str(cm.exception))
            con = heavyai_lite.connect(session="bad", host=STANDIN.host, port=STANDIN.port)
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.execute("SELECT 1")
            self.assertEqual(cm.exception.error_msg, "Session not valid.")

    def test_site_candidates_are_tried_in_order(self):
        # worker served from the site root's build/ dir: /build/ is tried after /
        with S.SiteServer(S.session_payload(STANDIN), prefix="/") as site:
            href = "http://127.0.0.1:%d/build/pyodide/worker.js" % site.port
            with PyodideEnvironment(href):
                con = heavyai_lite.connect()
            self.assertEqual(site.requests, ["/heavyai/session"])
            self.assertEqual(con.session, SESSION)
        with S.SiteServer(S.empty_payload(), prefix="/a/b/") as site:
            href = "http://127.0.0.1:%d/a/b/c/worker.js" % site.port
            with PyodideEnvironment(href):
                with self.assertRaises(heavyai_lite.InterfaceError) as cm:
                    heavyai_lite.connect()
            self.assertEqual(site.requests, ["/a/b/c/heavyai/session", "/a/b/heavyai/session"])
            self.assertIn("Immerse", str(cm.exception))


class FetchTransportTest(unittest.TestCase):
    def test_connect_async_with_pyfetch(self):
        async def main():
            con = await heavyai_lite.connect_async(site_url=site.base)
            cur = await con.execute("SELECT * FROM tweets ORDER BY 1")
            details = await con.table_details("flights")
            with self.assertRaises(heavyai_lite.DatabaseError):
                await con.execute("SELECT * FROM nope_nope")
            await con.close()
            return cur, details

        with S.SiteServer(S.session_payload(STANDIN)) as site:
            with PyodideEnvironment("http://127.0.0.1:1/x.js"):
                cur, details = asyncio.run(main())
                log = list(FAKE_FETCH_LOG)
        self.assertEqual(cur.fetchall(), S.reference("SELECT * FROM tweets ORDER BY 1")[1])
        self.assertEqual(details[0].name, "flight_id")
        self.assertEqual(log[0][1], {"method": "GET",
                                     "headers": {"Accept": "application/json"}})
        self.assertEqual(log[1][1]["method"], "POST")
        # the query over Arrow: Thrift's binary protocol, the body a Uint8Array
        self.assertEqual(log[1][1]["headers"]["Content-Type"],
                         "application/vnd.apache.thrift.binary")
        self.assertIsInstance(log[1][1]["body"], FakeUint8Array)
        # the table details in Thrift JSON, the body a JS string
        self.assertIsInstance(log[2][1]["body"], str)

    def test_async_login_and_network_error(self):
        async def login():
            con = await heavyai_lite.connect_async(
                user=S.USER, password=S.PASSWORD, host=STANDIN.host, port=STANDIN.port)
            rows = (await con.execute("SELECT 7")).fetchall()
            await con.close()
            return con, rows

        async def unreachable(port):
            con = await heavyai_lite.connect_async(session="x", host="127.0.0.1", port=port)
            await con.execute("SELECT 1")

        with PyodideEnvironment("http://127.0.0.1:1/x.js"):
            con, rows = asyncio.run(login())
            self.assertEqual(rows, [(7,)])
            self.assertTrue(con.owns_session and con.closed)
            port = S.free_port()
            with self.assertRaises(heavyai_lite.OperationalError) as cm:
                asyncio.run(unreachable(port))
            self.assertIn("Failed to fetch", str(cm.exception))
            self.assertIn("port=%d" % port, str(cm.exception))


if __name__ == "__main__":
    unittest.main()
