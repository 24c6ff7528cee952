"""Unit tests of the Thrift JSON codec against hand-built messages."""

import json
import unittest

from heavyai_lite import heavy_thrift  # noqa: F401  (registers the structs)
from heavyai_lite import thrift_json as tj


def reply(method, body, mtype=tj.REPLY, seqid=0):
    return json.dumps([1, method, mtype, seqid, body])


class EncodeTest(unittest.TestCase):
    def test_sql_execute_call_matches_js_tjsonprotocol_layout(self):
        body = tj.encode_message("sql_execute", "Heavy_sql_execute_args", {
            "session": "S1", "query": 'SELECT "a"\n', "column_format": True,
            "nonce": "7", "first_n": -1, "at_most_n": -1}, seqid=3)
        self.assertEqual(
            body.decode("utf-8"),
            '[1,"sql_execute",1,3,{"1":{"str":"S1"},"2":{"str":"SELECT \\"a\\"\\n"},'
            '"3":{"tf":1},"4":{"str":"7"},"5":{"i32":-1},"6":{"i32":-1}}]')

    def test_absent_fields_are_omitted_and_unicode_is_raw_utf8(self):
        body = tj.encode_message("connect", "Heavy_connect_args",
                                 {"user": "ünï", "passwd": "p", "dbname": None})
        self.assertEqual(body, '[1,"connect",1,0,{"1":{"str":"ünï"},"2":{"str":"p"}}]'
                         .encode("utf-8"))

    def test_containers_and_doubles(self):
        tj.struct("_T", {1: ("l", ("lst", "i64")), 2: ("m", ("map", "str", "i32")),
                         3: ("d", "dbl"), 4: ("r", ("rec", "TDBException")),
                         5: ("n", ("lst", "dbl"))})
        enc = tj.encode_struct("_T", {"l": [1, 2 ** 62], "m": {"a": 1},
                                      "d": float("nan"), "r": {"error_msg": "x"},
                                      "n": [float("inf"), -float("inf"), 1.5]})
        self.assertEqual(enc, {"1": {"lst": ["i64", 2, 1, 2 ** 62]},
                               "2": {"map": ["str", "i32", 1, {"a": 1}]},
                               "3": {"dbl": "NaN"}, "4": {"rec": {"1": {"str": "x"}}},
                               "5": {"lst": ["dbl", 3, "Infinity", "-Infinity", 1.5]}})
        dec = tj.decode_struct("_T", json.loads(json.dumps(enc)))
        self.assertEqual(dec["l"], [1, 2 ** 62])
        self.assertEqual(dec["m"], {"a": 1})
        self.assertNotEqual(dec["d"], dec["d"])  # NaN
        self.assertEqual(dec["n"], [float("inf"), -float("inf"), 1.5])
        self.assertEqual(dec["r"], {"error_msg": "x"})

    def test_type_errors(self):
        with self.assertRaises(TypeError):
            tj.encode_struct("Heavy_sql_execute_args", {"first_n": "1"})
        with self.assertRaises(TypeError):
            tj.encode_struct("Heavy_sql_execute_args", {"bogus": 1})


class DecodeTest(unittest.TestCase):
    def test_success_reply_with_unknown_fields_skipped(self):
        text = reply("get_tables", {"0": {"lst": ["str", 2, "flights", "tweets"]},
                                    "9": {"i32": 5}})
        res = tj.decode_reply(text, "get_tables", "Heavy_get_tables_result", 0)
        self.assertEqual(res, {"success": ["flights", "tweets"]})

    def test_tdbexception_reply(self):
        text = reply("sql_execute", {"1": {"rec": {"1": {"str": "Session not valid."}}}})
        res = tj.decode_reply(text, "sql_execute", "Heavy_sql_execute_result")
        self.assertEqual(res, {"e": {"error_msg": "Session not valid."}})

    def test_application_exception(self):
        text = reply("nope", {"1": {"str": "Unknown function nope"}, "2": {"i32": 1}},
                     mtype=tj.EXCEPTION)
        with self.assertRaises(tj.ApplicationError) as cm:
            tj.decode_reply(text, "nope", "Heavy_get_tables_result")
        self.assertEqual(cm.exception.message, "Unknown function nope")
        self.assertEqual(cm.exception.type, 1)

    def test_i64_as_string_and_big_numbers(self):
        text = reply("sql_execute", {"0": {"rec": {"2": {"i64": "9223372036854775807"},
                                                   "1": {"rec": {"3": {"lst": ["rec", 1, {
                                                       "1": {"rec": {"1": {"lst": [
                                                           "i64", 2, -9223372036854775808,
                                                           "12"]}}},
                                                       "2": {"lst": ["tf", 2, 0, 1]}}]}}}}}})
        res = tj.decode_reply(text, "sql_execute", "Heavy_sql_execute_result")
        q = res["success"]
        self.assertEqual(q["execution_time_ms"], 2 ** 63 - 1)
        col = q["row_set"]["columns"][0]
        self.assertEqual(col["data"]["int_col"], [-2 ** 63, 12])
        self.assertEqual(col["nulls"], [False, True])

    def test_malformed(self):
        for bad in ("<html>", "[2,\"x\",2,0,{}]", "{}", "[1,\"x\"]"):
            with self.assertRaises(tj.ProtocolError):
                tj.decode_reply(bad, "x", "Heavy_get_tables_result")
        with self.assertRaises(tj.ProtocolError):  # wrong method name
            tj.decode_reply(reply("a", {}), "b", "Heavy_get_tables_result")
        with self.assertRaises(tj.ProtocolError):  # list size mismatch
            tj.decode_reply(reply("get_tables", {"0": {"lst": ["str", 3, "a"]}}),
                            "get_tables", "Heavy_get_tables_result")


if __name__ == "__main__":
    unittest.main()
