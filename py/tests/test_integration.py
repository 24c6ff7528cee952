"""heavyai_lite (CPython transports) against the HeavyDB stand-in, checked
against DuckDB's reference answers."""

import asyncio
import math
import os
import unittest
from unittest import mock

import heavyai_lite
from tests import _arrow_ipc as ipc
from tests import _support as S

STANDIN = None
SESSION = "IntegrationSession0123456789"


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


def connect(**kw):
    args = dict(session=SESSION, host=STANDIN.host, port=STANDIN.port, protocol="http")
    args.update(kw)
    return heavyai_lite.connect(**args)


class SampleTablesTest(unittest.TestCase):
    maxDiff = None

    def assert_matches_reference(self, sql):
        ref_cols, ref_rows = S.reference(sql)
        with connect() as con:
            cur = con.execute(sql)
            rows = cur.fetchall()
            desc = cur.description
        self.assertEqual([d[0] for d in desc], [c["name"] for c in ref_cols])
        self.assertEqual([d[1] for d in desc], [c["type"] for c in ref_cols])
        self.assertEqual([(d[4], d[5]) for d in desc],
                         [(c["precision"], c["scale"]) for c in ref_cols])
        self.assertEqual(len(rows), len(ref_rows))
        self.assertEqual(cur.rowcount, len(ref_rows))
        for row, ref in zip(rows, ref_rows):
            self.assertEqual(row, ref)
            for value, col in zip(row, ref_cols):
                if value is not None:  # bool is an int subclass: check exactly
                    self.assertIs(type(value), S.PYTHON_TYPES[col["type"]], col)
        return rows

    def test_all_types(self):
        rows = self.assert_matches_reference("SELECT * FROM all_types ORDER BY 1")
        self.assertTrue(any(v is None for r in rows for v in r), "expected NULLs")
        self.assertGreaterEqual(len(rows), 2)

    def test_tweets(self):
        rows = self.assert_matches_reference("SELECT * FROM tweets ORDER BY 1")
        self.assertTrue(any(isinstance(v, str) and any(ord(ch) > 0xFFFF for ch in v)
                            for r in rows for v in r), "expected non-BMP unicode text")

    def test_expressions(self):
        self.assert_matches_reference(
            "SELECT COUNT(*) AS n, MIN(dep_time) AS first_dep, MAX(air_time) AS mx, "
            "CAST(SUM(distance) AS BIGINT) AS total FROM flights")

    def test_list_tables_and_details(self):
        with connect() as con:
            self.assertTrue({"flights", "tweets", "all_types"} <= set(con.list_tables()))
            details = con.table_details("all_types")
        ref_cols, _ = S.reference("SELECT * FROM all_types LIMIT 0")
        self.assertEqual([(c.name, c.type) for c in details],
                         [(c["name"], c["type"]) for c in ref_cols])
        dec = [c for c in details if c.type == "DECIMAL"][0]
        ref_dec = [c for c in ref_cols if c["type"] == "DECIMAL"][0]
        self.assertEqual((dec.precision, dec.scale), (ref_dec["precision"], ref_dec["scale"]))

    def test_cursor_api(self):
        with connect() as con:
            cur = con.cursor()
            cur.execute("SELECT flight_id FROM flights ORDER BY flight_id LIMIT 5")
            self.assertEqual(cur.fetchone(), (1,))
            self.assertEqual(cur.fetchmany(2), [(2,), (3,)])
            self.assertEqual([r for r in cur], [(4,), (5,)])
            self.assertEqual(con.execute("SELECT 1 AS x").fetchall(), [(1,)])


class FlightsTest(unittest.TestCase):
    BLOCK = 50000

    def test_million_rows_in_blocks(self):
        probes = [0, 1, 49999, 50000, 99999, 100000, 500000, 999998, 999999]
        ref_cols, ref_probe_rows = S.reference(
            "SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (ORDER BY flight_id) - 1 "
            "AS rn FROM flights) WHERE rn IN (%s) ORDER BY rn" % ",".join(map(str, probes)))
        _, ref_agg = S.reference(
            "SELECT COUNT(*), CAST(SUM(flight_id) AS BIGINT), CAST(SUM(distance) AS BIGINT), "
            "COUNT(dep_delay), COUNT(DISTINCT carrier) FROM flights")
        total, sum_id, sum_dist, n_delay, n_carriers = ref_agg[0]
        with connect() as con:
            count = con.execute("SELECT COUNT(*) FROM flights").fetchone()[0]
            self.assertEqual(count, total)
            self.assertGreaterEqual(count, 1000000)
            names = [c["name"] for c in ref_cols]
            got, offset = {}, 0
            acc = [0, 0, 0, 0]
            carriers = set()
            while offset < count:
                cur = con.execute("SELECT * FROM flights ORDER BY flight_id LIMIT %d OFFSET %d"
                                  % (self.BLOCK, offset))
                self.assertEqual([d[0] for d in cur.description], names)
                rows = cur.fetchall()
                self.assertEqual(len(rows), min(self.BLOCK, count - offset))
                for p in probes:
                    if offset <= p < offset + len(rows):
                        got[p] = rows[p - offset]
                for r in rows:
                    acc[0] += 1
                    acc[1] += r[0]
                    acc[2] += r[6] or 0
                    acc[3] += r[5] is not None
                    carriers.add(r[1])
                offset += len(rows)
        self.assertEqual(offset, total)
        self.assertEqual(acc, [total, sum_id, sum_dist, n_delay])
        self.assertEqual(len(carriers - {None}), n_carriers)
        self.assertEqual([got[p] for p in probes], ref_probe_rows)


class ErrorsTest(unittest.TestCase):
    def test_invalid_session(self):
        con = connect(session="not-a-session")
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            con.execute("SELECT 1")
        self.assertEqual(cm.exception.error_msg, "Session not valid.")
        self.assertEqual(str(cm.exception), "Session not valid.")
        self.assertIsInstance(cm.exception, heavyai_lite.Error)
        self.assertNotIsInstance(cm.exception, heavyai_lite.OperationalError)

    def test_bad_sql_carries_duckdb_message(self):
        with connect() as con:
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.execute("SELECT * FROM no_such_table_xyz")
            msg = cm.exception.error_msg
            self.assertIn("no_such_table_xyz", msg)
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.execute("SELEC 1")
            self.assertIn("syntax", cm.exception.error_msg.lower())
            # the connection keeps working after errors
            self.assertEqual(con.execute("SELECT 2").fetchall(), [(2,)])

    def test_unreachable_host(self):
        port = S.free_port()
        con = heavyai_lite.connect(session="x", host="127.0.0.1", port=port, protocol="http")
        with self.assertRaises(heavyai_lite.OperationalError) as cm:
            con.execute("SELECT 1")
        msg = str(cm.exception)
        for part in ("protocol=http", "host=127.0.0.1", "port=%d" % port,
                     "http://127.0.0.1:%d/" % port):
            self.assertIn(part, msg)

    def test_http_error_status(self):
        with S.SiteServer({}) as site:  # answers 404 to POST / (no do_POST)
            con = heavyai_lite.connect(session="x", host="127.0.0.1", port=site.port)
            with self.assertRaises(heavyai_lite.OperationalError) as cm:
                con.execute("SELECT 1")
            self.assertEqual(cm.exception.status, 501)
            self.assertIn("HTTP 501", str(cm.exception))

    def test_missing_table_details(self):
        with connect() as con:
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.table_details("nope")
            self.assertIn("nope", cm.exception.error_msg)


class LoginTest(unittest.TestCase):
    def test_user_password_session_is_disconnected_on_close(self):
        con = heavyai_lite.connect(user=S.USER, password=S.PASSWORD, database=S.DATABASE,
                                   host=STANDIN.host, port=STANDIN.port)
        self.assertTrue(con.owns_session)
        own = con.session
        self.assertEqual(con.execute("SELECT 3").fetchall(), [(3,)])
        con.close()
        with self.assertRaises(heavyai_lite.InterfaceError):
            con.execute("SELECT 1")
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            connect(session=own).execute("SELECT 1")
        self.assertEqual(cm.exception.error_msg, "Session not valid.")

    def test_handed_over_session_is_never_disconnected(self):
        with connect() as con:
            self.assertFalse(con.owns_session)
        con.close()
        self.assertEqual(connect().execute("SELECT 4").fetchall(), [(4,)])

    def test_wrong_password(self):
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            heavyai_lite.connect(user=S.USER, password="wrong", host=STANDIN.host,
                                 port=STANDIN.port)
        self.assertTrue(cm.exception.error_msg)


class SiteSessionTest(unittest.TestCase):
    def setUp(self):
        S.clean_env()

    def test_connect_without_arguments_reads_site_session(self):
        with S.SiteServer(S.session_payload(STANDIN)) as site:
            with mock.patch.dict(os.environ, {"HEAVYAI_LITE_SITE_URL": site.base}):
                con = heavyai_lite.connect()
            self.assertEqual((con.host, con.port, con.session),
                             (STANDIN.host, STANDIN.port, SESSION))
            self.assertEqual(con.site_info["query"], "SELECT 1")
            self.assertEqual(con.execute("SELECT COUNT(*) FROM tweets").fetchone()[0],
                             S.reference("SELECT COUNT(*) FROM tweets")[1][0][0])
            con.close()
            self.assertEqual(site.requests, ["/heavyai/session"])
        self.assertEqual(connect().execute("SELECT 1").fetchall(), [(1,)])  # not disconnected

    def test_site_url_argument_and_explicit_overrides(self):
        payload = S.session_payload(STANDIN, session="stale-session")
        with S.SiteServer(payload, prefix="/lite/") as site:
            con = heavyai_lite.connect(site_url=site.base.rstrip("/"), session=SESSION)
            self.assertEqual(con.execute("SELECT 5").fetchall(), [(5,)])
            self.assertEqual(site.requests, ["/lite/heavyai/session"])
            con = heavyai_lite.connect(site_url=site.base)
            with self.assertRaises(heavyai_lite.DatabaseError):
                con.execute("SELECT 1")

    def test_empty_session_without_credentials(self):
        with S.SiteServer(S.empty_payload()) as site:
            with self.assertRaises(heavyai_lite.InterfaceError) as cm:
                heavyai_lite.connect(site_url=site.base)
        msg = str(cm.exception)
        self.assertIn("Immerse", msg)
        self.assertIn("password", msg)

    def test_empty_session_with_credentials_logs_in(self):
        payload = S.empty_payload()
        payload["connection"] = {"protocol": "http", "host": STANDIN.host, "port": STANDIN.port}
        with S.SiteServer(payload) as site:
            con = heavyai_lite.connect(site_url=site.base, user=S.USER, password=S.PASSWORD)
            self.assertTrue(con.owns_session)
            self.assertEqual(con.execute("SELECT 6").fetchall(), [(6,)])
            con.close()

    def test_no_site_url_known(self):
        with self.assertRaises(heavyai_lite.InterfaceError) as cm:
            heavyai_lite.connect()
        self.assertIn("site_url", str(cm.exception))

    def test_site_unreachable(self):
        with self.assertRaises(heavyai_lite.OperationalError) as cm:
            heavyai_lite.connect(site_url="http://127.0.0.1:%d/" % S.free_port())
        self.assertIn("heavyai/session", str(cm.exception))


class AsyncTest(unittest.TestCase):
    def test_async_connection_in_cpython(self):
        async def main():
            with S.SiteServer(S.session_payload(STANDIN)) as site:
                con = await heavyai_lite.connect_async(site_url=site.base)
            async with con:
                cur = await con.execute("SELECT * FROM all_types ORDER BY 1")
                tables = await con.list_tables()
                details = await con.table_details("tweets")
            return cur.fetchall(), tables, details
        rows, tables, details = asyncio.run(main())
        self.assertEqual(rows, S.reference("SELECT * FROM all_types ORDER BY 1")[1])
        self.assertIn("flights", tables)
        self.assertEqual(details[0].name, "tweet_id")

    def test_async_errors(self):
        async def main():
            con = await heavyai_lite.connect_async(session="bad", host=STANDIN.host,
                                                   port=STANDIN.port)
            await con.execute("SELECT 1")
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            asyncio.run(main())
        self.assertEqual(cm.exception.error_msg, "Session not valid.")


class ArrowTest(unittest.TestCase):
    """select_arrow_ipc / select_ipc through the stand-in's sql_execute_df (WIRE)."""

    def test_stream_has_the_reference_columns_and_rows(self):
        with connect() as con:
            for sql in ("SELECT * FROM all_types ORDER BY 1", "SELECT * FROM tweets ORDER BY 1",
                        "SELECT * FROM flights ORDER BY flight_id LIMIT 50000"):
                ref_cols, ref_rows = S.reference(sql)
                stream = con.select_arrow_ipc(sql)
                self.assertIsInstance(stream, bytes)
                names, rows, batches = ipc.summary(stream)
                self.assertEqual(names, [c["name"] for c in ref_cols], sql)
                self.assertEqual(rows, len(ref_rows), sql)
                self.assertGreaterEqual(batches, 1)

    def test_first_n_and_refusals(self):
        with connect() as con:
            names, rows, _ = ipc.summary(
                con.select_arrow_ipc("SELECT flight_id FROM flights ORDER BY flight_id", first_n=1234))
            self.assertEqual((names, rows), (["flight_id"], 1234))
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.select_arrow_ipc("CREATE TABLE t_from_arrow (a INT)")
            self.assertIn("DDL", cm.exception.error_msg)
            self.assertNotIn("t_from_arrow", con.list_tables())
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.select_arrow_ipc("SELECT * FROM no_such_table_xyz")
            self.assertIn("no_such_table_xyz", cm.exception.error_msg)
        with self.assertRaises(heavyai_lite.DatabaseError) as cm:
            connect(session="not-a-session").select_arrow_ipc("SELECT 1")
        self.assertEqual(cm.exception.error_msg, "Session not valid.")

    def test_select_ipc(self):
        sql = "SELECT * FROM tweets ORDER BY 1"
        with connect() as con:
            try:
                import pandas  # noqa: F401
                import pyarrow  # noqa: F401
            except ImportError:  # this machine: no PyPI, so no pyarrow
                with self.assertRaises(ImportError) as cm:
                    con.select_ipc(sql)
                self.assertIn('"pip install pyarrow pandas"', str(cm.exception))
            else:  # pragma: no cover - pyarrow cannot be installed on the CI machine
                ref_cols, ref_rows = S.reference(sql)
                df = con.select_ipc(sql)
                self.assertEqual(list(df.columns), [c["name"] for c in ref_cols])
                self.assertEqual(len(df), len(ref_rows))

    def test_async_and_heavyai_spellings(self):
        async def main():
            con = await heavyai_lite.connect_async(sessionid=SESSION, host=STANDIN.host,
                                                   port=STANDIN.port, protocol="http")
            async with con:
                return (await con.select_arrow_ipc("SELECT COUNT(*) AS n FROM flights"),
                        await con.get_tables(), await con.get_column_details("tweets"))
        stream, tables, details = asyncio.run(main())
        self.assertEqual(ipc.summary(stream)[:2], (["n"], 1))
        self.assertIn("flights", tables)
        self.assertEqual(details[0].name, "tweet_id")
        con = heavyai_lite.connect(sessionid=SESSION, host=STANDIN.host, port=STANDIN.port,
                                   protocol="http")
        self.assertEqual(con.get_tables(), con.list_tables())
        self.assertEqual(con.get_table_details("all_types"), con.table_details("all_types"))
        con.close()
        self.assertEqual(connect().execute("SELECT 7").fetchall(), [(7,)])  # not disconnected


class SelectDfTest(unittest.TestCase):
    def test_select_df(self):
        with connect() as con:
            try:
                import pandas  # noqa: F401
            except ImportError:
                with self.assertRaises(ImportError) as cm:
                    con.select_df("SELECT 1")
                self.assertIn("pip install pandas", str(cm.exception))
            else:  # pragma: no cover - pandas is not installed on the CI machine
                df = con.select_df("SELECT * FROM tweets ORDER BY 1")
                self.assertEqual(list(df.columns)[0], "tweet_id")
                self.assertTrue(math.isfinite(float(df["lat"].dropna().iloc[0])))


if __name__ == "__main__":
    unittest.main()
