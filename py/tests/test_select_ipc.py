"""select_ipc / select_arrow_ipc, the TDataFrame codec and the heavyai /
pyheavydb spellings of connect(), without a server: a fake transport records
each request and answers with a canned Thrift JSON reply."""

import asyncio
import base64
import json
import subprocess
import sys
import types
import unittest
from unittest import mock

import heavyai_lite
from heavyai_lite import arrow as hl_arrow
from heavyai_lite import heavy_thrift  # noqa: F401  (registers the structs)
from heavyai_lite import thrift_json as tj
from heavyai_lite.client import Connection
from tests import _arrow_ipc as ipc
from tests import _support as S

SESSION = "UnitSessionABCDEFGHIJKLMNOP"
STREAM = b"\xff\xff\xff\xff\x00\x00\x00\x00"  # an end-of-stream marker is bytes enough here

# select_ipc's ImportError, word for word, when neither pyarrow nor pandas imports
HINT_CPYTHON = (
    "select_ipc() needs pyarrow and pandas to build a DataFrame from HeavyDB's Arrow "
    "result; missing here: pyarrow, pandas. Install them with \"pip install pyarrow "
    "pandas\". Without them, select_df(sql) needs only pandas, and select_arrow_ipc(sql) "
    "returns the Arrow IPC stream as bytes.")
HINT_PYODIDE = (
    "select_ipc() needs pyarrow and pandas to build a DataFrame from HeavyDB's Arrow "
    "result; missing here: pyarrow. Install pyarrow (it is part of the Pyodide "
    "distribution and brings pandas): in a JupyterLite notebook run \"%pip install "
    "pyarrow\", in plain Pyodide \"import micropip; await micropip.install('pyarrow')\". "
    "Without them, select_df(sql) needs only pandas, and select_arrow_ipc(sql) returns "
    "the Arrow IPC stream as bytes.")


def df_reply(method="sql_execute_df", seqid=0, buffer=STREAM, padded=False):
    text = base64.b64encode(buffer).decode("ascii")
    if not padded:
        text = text.rstrip("=")  # HeavyDB's C++ TJSONProtocol writes no padding
    body = {"0": {"rec": {"5": {"i64": 12}, "6": {"i64": 3}, "7": {"str": text}}}}
    return json.dumps([1, method, tj.REPLY, seqid, body])


class FakeTransport:
    def __init__(self, reply):
        self.reply = reply
        self.bodies = []

    def request(self, method, url, body=None, headers=None):
        self.bodies.append(json.loads(body))
        return 200, self.reply


class AsyncFakeTransport(FakeTransport):
    async def request(self, method, url, body=None, headers=None):
        return FakeTransport.request(self, method, url, body, headers)


def connection(reply):
    transport = FakeTransport(reply)
    return Connection(transport, "http", "db.example", 6278, SESSION), transport


def without_arrow():
    """Make ``import pyarrow`` and ``import pandas`` fail, whatever is installed."""
    return mock.patch.dict(sys.modules, {"pyarrow": None, "pyarrow.ipc": None,
                                         "pandas": None})


class BinaryCodecTest(unittest.TestCase):
    def test_binary_is_base64_under_the_string_tag(self):
        tj.struct("_B", {1: ("b", "bin"), 2: ("l", ("lst", "bin"))})
        enc = tj.encode_struct("_B", {"b": b"\x00\xffab", "l": [b"x", b""]})
        self.assertEqual(enc, {"1": {"str": "AP9hYg=="}, "2": {"lst": ["str", 2, "eA==", ""]}})
        self.assertEqual(tj.decode_struct("_B", enc), {"b": b"\x00\xffab", "l": [b"x", b""]})

    def test_unpadded_base64_as_heavydb_writes_it(self):
        for raw in (b"a", b"ab", b"abc", bytes(range(256))):
            unpadded = base64.b64encode(raw).decode("ascii").rstrip("=")
            self.assertEqual(tj.decode_value("bin", unpadded), raw)

    def test_bad_base64_is_a_protocol_error(self):
        for bad in ("a", "!!!!", 12):
            with self.assertRaises(tj.ProtocolError):
                tj.decode_value("bin", bad)

    def test_sql_execute_df_call_matches_js_tjsonprotocol_layout(self):
        con, transport = connection(df_reply())
        self.assertEqual(con.select_arrow_ipc("  SELECT 1\n", first_n=10), STREAM)
        self.assertEqual(transport.bodies, [[
            1, "sql_execute_df", 1, 0,
            {"1": {"str": SESSION}, "2": {"str": "SELECT 1"}, "3": {"i32": 0},
             "4": {"i32": 0}, "5": {"i32": 10}, "6": {"i32": 1}}]])

    def test_tdataframe_reply(self):
        res = tj.decode_reply(df_reply(buffer=b"\x01\x02\x03\x04\x05", padded=True),
                              "sql_execute_df", "Heavy_sql_execute_df_result", 0)
        self.assertEqual(res, {"success": {"execution_time_ms": 12,
                                           "arrow_conversion_time_ms": 3,
                                           "df_buffer": b"\x01\x02\x03\x04\x05"}})

    def test_reply_without_buffer_is_an_operational_error(self):
        reply = json.dumps([1, "sql_execute_df", tj.REPLY, 0,
                            {"0": {"rec": {"5": {"i64": 1}}}}])
        con, _ = connection(reply)
        with self.assertRaises(heavyai_lite.OperationalError) as cm:
            con.select_arrow_ipc("SELECT 1")
        self.assertIn("without an Arrow buffer", str(cm.exception))

    def test_server_refusal_is_a_database_error(self):
        reply = json.dumps([1, "sql_execute_df", tj.REPLY, 0, {"1": {"rec": {
            "1": {"str": "Only read-only queries are supported"}}}}])
        con, _ = connection(reply)
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            con.select_arrow_ipc("DROP TABLE t")
        self.assertEqual(cm.exception.error_msg, "Only read-only queries are supported")


class SelectIpcTest(unittest.TestCase):
    def test_no_pyarrow_error_names_what_to_install_and_sends_nothing(self):
        con, transport = connection(df_reply())
        with without_arrow(), mock.patch.object(hl_arrow, "is_pyodide", return_value=False):
            with self.assertRaises(ImportError) as cm:
                con.select_ipc("SELECT 1")
        self.assertEqual(str(cm.exception), HINT_CPYTHON)
        self.assertEqual(transport.bodies, [])

    def test_no_pyarrow_error_in_pyodide(self):
        con, _ = connection(df_reply())
        fake_pandas = types.ModuleType("pandas")
        with without_arrow(), mock.patch.dict(sys.modules, {"pandas": fake_pandas}), \
                mock.patch.object(hl_arrow, "is_pyodide", return_value=True):
            with self.assertRaises(ImportError) as cm:
                con.select_ipc("SELECT 1")
        self.assertEqual(str(cm.exception), HINT_PYODIDE)

    def test_no_pyarrow_error_never_shows_the_session(self):
        con, _ = connection(df_reply())
        with without_arrow(), self.assertRaises(ImportError) as cm:
            con.select_ipc("SELECT 1")
        self.assertNotIn(SESSION[:6], str(cm.exception))

    def test_dataframe_is_built_from_the_stream(self):
        """The bytes handed to the DataFrame builder (frames.from_arrow, exercised with real
        pyarrow in test_notebook_magic) are df_buffer."""
        seen = []
        modules = {"pyarrow": types.ModuleType("pyarrow"), "pandas": types.ModuleType("pandas")}
        con, transport = connection(df_reply(buffer=b"arrow bytes"))
        with mock.patch.dict(sys.modules, modules), mock.patch(
                "heavyai_lite.frames.from_arrow", lambda s: seen.append(bytes(s)) or "the frame"):
            self.assertEqual(con.select_ipc("SELECT 2", first_n=5), "the frame")
        self.assertEqual(seen, [b"arrow bytes"])
        self.assertEqual(transport.bodies[0][4]["5"], {"i32": 5})

    def test_shared_memory_and_parameters_are_refused_before_any_request(self):
        con, transport = connection(df_reply())
        with self.assertRaises(heavyai_lite.NotSupportedError) as cm:
            con.select_ipc("SELECT 1",
                           transport_method=heavyai_lite.TArrowTransport.SHARED_MEMORY)
        self.assertIn("only TArrowTransport.WIRE", str(cm.exception))
        with self.assertRaises(heavyai_lite.InterfaceError):
            con.select_ipc("SELECT ?", parameters={"a": 1})
        self.assertEqual(transport.bodies, [])

    def test_async_variants(self):
        transport = AsyncFakeTransport(df_reply())
        con = heavyai_lite.AsyncConnection(transport, "http", "db.example", 6278, SESSION)

        async def main():
            stream = await con.select_arrow_ipc("SELECT 3")
            with without_arrow():
                try:
                    await con.select_ipc("SELECT 3")
                except ImportError as exc:
                    return stream, str(exc)
            return stream, None
        stream, error = asyncio.run(main())
        self.assertEqual(stream, STREAM)
        self.assertTrue(error.startswith("select_ipc() needs pyarrow and pandas"))
        self.assertEqual(len(transport.bodies), 1)


class ArrowFramingHelperTest(unittest.TestCase):
    """The test helper that checks streams without pyarrow reads a real one
    (written by the apache-arrow package in Node) correctly."""

    def test_reads_apache_arrow_stream(self):
        script = (
            "import { tableFromArrays, tableToIPC, Table } from 'apache-arrow';"
            "const t = tableFromArrays({ a: Int32Array.from([1, 2, 3]), name: ['x', 'y', 'z'] });"
            "const both = new Table([...t.batches, ...t.batches]);"
            "process.stdout.write(Buffer.from(tableToIPC(both, 'stream')).toString('base64'));")
        out = subprocess.run(["node", "--input-type=module", "-e", script], cwd=str(S.REPO),
                             capture_output=True, text=True, timeout=120, check=True)
        stream = base64.b64decode(out.stdout)
        self.assertEqual(ipc.summary(stream), (["a", "name"], 6, 2))
        with self.assertRaises(ValueError):
            ipc.summary(stream[:-8])  # no end-of-stream marker
        with self.assertRaises(ValueError):
            ipc.summary(stream + b"\x00")


if __name__ == "__main__":
    unittest.main()
