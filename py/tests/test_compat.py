"""The heavyai / pyheavydb spellings: connect(sessionid=, dbname=, uri=),
get_tables(), get_table_details(), get_column_details(), without a server."""

import asyncio
import json
import unittest

import heavyai_lite
from heavyai_lite import thrift_json as tj

SESSION = "CompatSessionABCDEFGHIJKLMN"


class Recorder:
    """Answers every call with ``replies[method]`` and records the calls."""

    def __init__(self, replies):
        self.replies = replies
        self.calls = []

    def request(self, method, url, body=None, headers=None):
        msg = json.loads(body)
        self.calls.append((url, msg[1], msg[4]))
        return 200, json.dumps([1, msg[1], tj.REPLY, msg[3], self.replies[msg[1]]])


class AsyncRecorder(Recorder):
    async def request(self, method, url, body=None, headers=None):
        return Recorder.request(self, method, url, body, headers)


TABLES = {"0": {"lst": ["str", 2, "flights", "tweets"]}}
DETAILS = {"0": {"rec": {"1": {"lst": ["rec", 1, {
    "1": {"str": "flight_id"},
    "2": {"rec": {"1": {"i32": 2}, "4": {"i32": 0}, "2": {"tf": 0}, "3": {"tf": 0},
                  "5": {"i32": 0}, "6": {"i32": 0}, "7": {"i32": 0}}}}]}}}}
REPLIES = {"get_tables": TABLES, "get_table_details": DETAILS,
           "connect": {"0": {"str": "NewSession"}}, "disconnect": {}}


class ConnectSpellingTest(unittest.TestCase):
    def test_sessionid_is_session(self):
        rec = Recorder(REPLIES)
        con = heavyai_lite.connect(sessionid=SESSION, host="db.example", port=6278,
                                   protocol="http", transport=rec)
        self.assertEqual(con.get_tables(), ["flights", "tweets"])
        self.assertEqual(rec.calls, [("http://db.example:6278/", "get_tables",
                                      {"1": {"str": SESSION}})])
        self.assertFalse(con.owns_session)  # never disconnected, as in pyheavydb
        con.close()
        self.assertEqual(len(rec.calls), 1)

    def test_conflicting_spellings_are_refused_without_echoing_them(self):
        with self.assertRaises(TypeError) as cm:
            heavyai_lite.connect(session=SESSION, sessionid="Other" + SESSION,
                                 host="h", transport=Recorder(REPLIES))
        self.assertEqual(str(cm.exception), "connect() got both session= and sessionid= "
                                            "with different values; pass one")
        with self.assertRaises(TypeError):
            heavyai_lite.connect(user="u", password="p", host="h", database="a",
                                 dbname="b", transport=Recorder(REPLIES))

    def test_dbname_and_uri_log_in(self):
        rec = Recorder(REPLIES)
        con = heavyai_lite.connect(user="admin", password="pw", host="db.example",
                                   port=6278, dbname="heavyai", transport=rec)
        self.assertEqual(rec.calls[0][1:], ("connect", {"1": {"str": "admin"},
                                                        "2": {"str": "pw"},
                                                        "3": {"str": "heavyai"}}))
        self.assertTrue(con.owns_session)
        for args, kwargs in ((("heavydb://ad%40min:p%2Fw@db.example:443/mydb?protocol=https",),
                              {}),
                             ((), {"uri": "heavydb://ad%40min:p%2Fw@db.example:443/mydb"
                                          "?protocol=https"})):
            rec = Recorder(REPLIES)
            con = heavyai_lite.connect(*args, transport=rec, **kwargs)
            self.assertEqual(rec.calls, [("https://db.example:443/", "connect",
                                          {"1": {"str": "ad@min"}, "2": {"str": "p/w"},
                                           "3": {"str": "mydb"}})])
            self.assertEqual(con.database, "mydb")
        with self.assertRaises(TypeError):
            heavyai_lite.connect(uri="heavydb://a:b@h:1/db?protocol=http", host="x",
                                 transport=Recorder(REPLIES))

    def test_binary_protocol_is_refused_with_what_to_use(self):
        with self.assertRaises(heavyai_lite.InterfaceError) as cm:
            heavyai_lite.connect("heavydb://admin:pw@db.example:6274/heavyai?protocol=binary",
                                 transport=Recorder(REPLIES))
        msg = str(cm.exception)
        self.assertIn("protocol='binary' is not supported", msg)
        self.assertIn("protocol='http'", msg)
        self.assertNotIn("pw", msg.replace("protocol", ""))

    def test_async_connect_takes_the_same_spellings(self):
        async def main():
            rec = AsyncRecorder(REPLIES)
            con = await heavyai_lite.connect_async(sessionid=SESSION, host="db.example",
                                                   transport=rec)
            return await con.get_tables(), await con.get_column_details("flights"), rec
        tables, details, rec = asyncio.run(main())
        self.assertEqual(tables, ["flights", "tweets"])
        self.assertEqual([(c.name, c.type) for c in details], [("flight_id", "BIGINT")])
        self.assertEqual(rec.calls[1][2], {"1": {"str": SESSION}, "2": {"str": "flights"}})


class AliasTest(unittest.TestCase):
    def test_heavyai_names_call_the_same_operations(self):
        rec = Recorder(REPLIES)
        con = heavyai_lite.connect(session=SESSION, host="db.example", transport=rec)
        self.assertEqual(con.get_tables(), con.list_tables())
        self.assertEqual(con.get_table_details("flights"), con.table_details("flights"))
        self.assertEqual(con.get_column_details("flights"), con.table_details("flights"))
        self.assertEqual(con.get_table_details("flights")[0].name, "flight_id")
        self.assertEqual([c[1] for c in rec.calls],
                         ["get_tables", "get_tables"] + ["get_table_details"] * 5)


if __name__ == "__main__":
    unittest.main()
