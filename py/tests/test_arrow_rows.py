"""execute() reads a query's rows from HeavyDB's Arrow result (sql_execute_df over
Thrift's binary protocol, decoded by heavyai_lite.arrow_ipc without pyarrow): the
same rows, types and description as the Thrift rows of a server that refuses Arrow;
the binary codec's framing errors; the fallbacks."""

import asyncio
import contextlib
import io
import unittest

import heavyai_lite
from heavyai_lite import arrow_ipc, thrift_binary
from heavyai_lite.heavy_thrift import METHODS
from heavyai_lite.thrift_json import REPLY, ApplicationError, ProtocolError
from heavyai_lite.transport import ThreadedTransport, UrllibTransport
from tests import _support as S

SESSION = "ArrowRowsSession0123456789ab"
ARROW = REFUSING = None
QUERIES = [
    "SELECT * FROM all_types ORDER BY id",
    "SELECT * FROM tweets ORDER BY tweet_id",
    "SELECT * FROM flights ORDER BY flight_id LIMIT 3000",
    "SELECT carrier, COUNT(*) AS n FROM flights WHERE flight_id < 0 GROUP BY carrier",
]


def setUpModule():
    global ARROW, REFUSING
    ARROW = S.StandIn(SESSION).start()
    REFUSING = S.StandIn(SESSION, extra_args=["--no-arrow"]).start()


def tearDownModule():
    for standin in (ARROW, REFUSING):
        if standin is not None:
            standin.stop()


class Recording(UrllibTransport):
    """The real CPython transport, recording the Content-Type of each call."""

    def __init__(self):
        super().__init__()
        self.kinds = []

    def request(self, method, url, body=None, headers=None):
        self.kinds.append((headers or {}).get("Content-Type"))
        return super().request(method, url, body, headers)

    def request_binary(self, method, url, body=None, headers=None):
        self.kinds.append((headers or {}).get("Content-Type"))
        return super().request_binary(method, url, body, headers)


def connect(standin, transport=None):
    return heavyai_lite.connect(session=SESSION, host=standin.host, port=standin.port,
                                protocol="http", transport=transport)


def quietly(fn):
    with contextlib.redirect_stderr(io.StringIO()) as err:
        return fn(), err.getvalue()


class ArrowRowsTest(unittest.TestCase):
    maxDiff = None

    def test_rows_and_description_match_the_thrift_rows(self):
        recording = Recording()
        arrow, thrift = connect(ARROW, recording), connect(REFUSING)
        for sql in QUERIES:
            with self.subTest(sql=sql):
                del recording.kinds[:]
                a = arrow.execute(sql)
                t, _ = quietly(lambda: thrift.execute(sql))
                self.assertEqual(recording.kinds, ["application/vnd.apache.thrift.binary"],
                                 "one sql_execute_df call, binary protocol, no Thrift rows")
                self.assertEqual(a.description, t.description)
                self.assertEqual(a.rowcount, t.rowcount)
                rows_a, rows_t = a.fetchall(), t.fetchall()
                self.assertEqual(rows_a, rows_t)
                for ra, rt in zip(rows_a, rows_t):
                    self.assertEqual([type(v) for v in ra], [type(v) for v in rt])

    def test_bigint_beyond_2_53_nulls_and_types(self):
        cur = connect(ARROW).execute("SELECT bi, b, ts, dt, tm, dec FROM all_types ORDER BY id")
        rows = cur.fetchall()
        self.assertEqual(rows[1][0], 9007199254740993)
        self.assertEqual(rows[3], (None,) * 6)
        self.assertEqual([d[1] for d in cur.description],
                         ["BIGINT", "BOOL", "TIMESTAMP", "DATE", "TIME", "DECIMAL"])
        self.assertEqual(cur.description[5][4:6], (12, 2))

    def test_dml_and_ddl_never_go_through_arrow(self):
        recording = Recording()
        con = connect(ARROW, recording)
        con.execute("CREATE TABLE arrow_rows_ddl (a INTEGER)")
        try:
            con.execute("INSERT INTO arrow_rows_ddl VALUES (1)")
            self.assertEqual(con.execute("SELECT a FROM arrow_rows_ddl").fetchall(), [(1,)])
        finally:
            con.execute("DROP TABLE arrow_rows_ddl")
        self.assertEqual(recording.kinds.count("application/vnd.apache.thrift.binary"), 1)

    def test_sql_error_is_the_servers_and_arrow_stays_on(self):
        con = connect(ARROW)
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            con.execute("SELECT no_such_column FROM flights")
        self.assertIn("no_such_column", str(cm.exception))
        recording = Recording()
        con._transport = recording
        con.execute("SELECT 1")
        self.assertEqual(recording.kinds, ["application/vnd.apache.thrift.binary"])

    def test_refusal_is_said_once_then_thrift_only(self):
        recording = Recording()
        con = connect(REFUSING, recording)
        _, said = quietly(lambda: con.execute("SELECT 1"))
        _, again = quietly(lambda: con.execute("SELECT 2"))
        self.assertIn("refused the Arrow result", said)
        self.assertEqual(again, "")
        self.assertEqual(recording.kinds.count("application/vnd.apache.thrift.binary"), 1)

    def test_async_connection_reads_arrow_too(self):
        async def run():
            con = await heavyai_lite.connect_async(
                session=SESSION, host=ARROW.host, port=ARROW.port, protocol="http",
                transport=ThreadedTransport(Recording()))
            cur = await con.execute("SELECT * FROM all_types ORDER BY id")
            return cur.fetchall(), con._transport.sync.kinds
        rows, kinds = asyncio.run(run())
        self.assertEqual(rows, connect(ARROW).execute(
            "SELECT * FROM all_types ORDER BY id").fetchall())
        self.assertIn("application/vnd.apache.thrift.binary", kinds)

    def test_server_without_binary_protocol_gets_json(self):
        class JsonOnly(UrllibTransport):
            def request_binary(self, method, url, body=None, headers=None):
                return 400, b"only Thrift JSON here"
        con = connect(ARROW, JsonOnly())
        stream = con.select_arrow_ipc("SELECT * FROM all_types")
        self.assertTrue(con._binary_refused)
        fields, columns = arrow_ipc.read_stream(stream)
        self.assertEqual(len(columns[0]), 5)


class ArrowReaderTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stream = connect(ARROW).select_arrow_ipc("SELECT * FROM all_types ORDER BY id")

    def test_a_stream_cut_inside_a_message_is_an_error_not_fewer_rows(self):
        whole = arrow_ipc.read_stream(self.stream)[1]
        boundaries = set()
        for cut in range(1, len(self.stream)):
            try:
                columns = arrow_ipc.read_stream(self.stream[:cut])[1]
            except ValueError:
                continue
            boundaries.add(cut)  # a cut between two messages: whole batches only
            self.assertIn(len(columns[0]), (0, len(whole[0])))
        # (the Thrift reply around the stream carries its length, so a cut body fails there)
        self.assertLess(len(boundaries), len(self.stream) // 20, "most cuts must be detected")

    def test_garbage_is_an_operational_error_from_execute(self):
        cursor = heavyai_lite.Cursor()
        with self.assertRaises(heavyai_lite.OperationalError):
            cursor._load_arrow("q", {"df_buffer": b"\xff\xff\xff\xff\x10\x00\x00\x00xx"})


class ThriftBinaryTest(unittest.TestCase):
    REPLY_STRUCT = METHODS["sql_execute_df"][1]

    def reply(self, result, seqid=7, method="sql_execute_df", kind=REPLY):
        return thrift_binary.encode_message(method, self.REPLY_STRUCT, result, seqid, kind)

    def test_round_trip_of_a_dataframe_reply(self):
        data = bytes(range(256)) * 3
        payload = self.reply({"success": {"df_buffer": data, "df_size": len(data),
                                          "execution_time_ms": 12}})
        result = thrift_binary.decode_reply(payload, "sql_execute_df", self.REPLY_STRUCT, 7)
        self.assertEqual(result["success"]["df_buffer"], data)
        self.assertEqual(result["success"]["execution_time_ms"], 12)

    def test_a_reply_cut_at_any_byte_fails_clearly(self):
        payload = self.reply({"success": {"df_buffer": b"abc" * 20, "df_size": 60}})
        for cut in range(len(payload)):
            with self.assertRaises(ProtocolError, msg="cut at %d" % cut):
                thrift_binary.decode_reply(payload[:cut], "sql_execute_df",
                                           self.REPLY_STRUCT, 7)

    def test_trailing_bytes_wrong_method_and_seqid_are_errors(self):
        payload = self.reply({"success": {"df_size": 1}})
        for bad, args in ((payload + b"\x00", ("sql_execute_df", 7)),
                          (payload, ("sql_execute", 7)), (payload, ("sql_execute_df", 8))):
            with self.assertRaises(ProtocolError):
                thrift_binary.decode_reply(bad, args[0], self.REPLY_STRUCT, args[1])

    def test_server_exception_and_db_exception(self):
        exc = thrift_binary.encode_message("sql_execute_df", "TApplicationException",
                                           {"message": "Invalid method name"}, 7, 3)
        with self.assertRaises(ApplicationError):
            thrift_binary.decode_reply(exc, "sql_execute_df", self.REPLY_STRUCT, 7)
        payload = self.reply({"e": {"error_msg": "no Arrow"}})
        self.assertEqual(thrift_binary.decode_reply(payload, "sql_execute_df",
                                                    self.REPLY_STRUCT, 7),
                         {"e": {"error_msg": "no Arrow"}})


if __name__ == "__main__":
    unittest.main()
