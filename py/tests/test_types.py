"""Unit tests of result decoding (types.py) and the cursor, on hand-built TRowSets."""

import datetime as dt
import unittest
from decimal import Decimal

from heavyai_lite import types as T
from heavyai_lite.cursor import Cursor
from heavyai_lite.heavy_thrift import DATUM_TYPES

CODE = {v: k for k, v in DATUM_TYPES.items()}


def ti(name, precision=0, scale=0, is_array=False):
    return {"type": CODE[name], "encoding": 0, "nullable": True, "is_array": is_array,
            "precision": precision, "scale": scale, "comp_param": 0, "size": -1}


def col(slot, values, nulls):
    data = {"int_col": [], "real_col": [], "str_col": [], "arr_col": []}
    data[slot + "_col"] = values
    return {"data": data, "nulls": nulls}


class ColumnarTest(unittest.TestCase):
    def rowset(self):
        desc = [("b", ti("BOOL")), ("s", ti("SMALLINT")), ("big", ti("BIGINT")),
                ("f", ti("FLOAT")), ("dec", ti("DECIMAL", 10, 2)), ("str", ti("STR")),
                ("d", ti("DATE")), ("t", ti("TIME")), ("ts", ti("TIMESTAMP")),
                ("ts3", ti("TIMESTAMP", 3)), ("ts6", ti("TIMESTAMP", 6)),
                ("ts9", ti("TIMESTAMP", 9)), ("deci", ti("DECIMAL", 18, 3))]
        cols = [
            col("int", [1, 0, 0], [False, False, True]),
            col("int", [-32768, 7, 0], [False, False, True]),
            col("int", [2 ** 63 - 1, -2 ** 63 + 1, 0], [False, False, True]),
            col("real", [1.5, -0.25, 0], [False, False, True]),
            col("real", [12345678.91, -0.1, 0], [False, False, True]),
            col("str", ["héllo 🌍", "", ""], [False, False, True]),
            col("int", [0, -86400, 0], [False, False, True]),
            col("int", [45296, 0, 0], [False, False, True]),
            col("int", [1700000000, -1, 0], [False, False, True]),
            col("int", [1700000000123, -1, 0], [False, False, True]),
            col("int", [1700000000123456, 0, 0], [False, False, True]),
            col("int", [1700000000123456789, -1, 0], [False, False, True]),
            col("int", [123456789012345678, -5, 0], [False, False, True]),
        ]
        return {"row_desc": [{"col_name": n, "col_type": t} for n, t in desc],
                "rows": [], "columns": cols, "is_columnar": True}

    def test_values(self):
        desc, rows = T.result_rows(self.rowset())
        self.assertEqual([d[1] for d in desc][:5], ["BOOL", "SMALLINT", "BIGINT", "FLOAT",
                                                    "DECIMAL"])
        self.assertEqual(desc[4], ("dec", "DECIMAL", None, None, 10, 2, True))
        epoch = dt.datetime(1970, 1, 1)
        self.assertEqual(rows[0], (
            True, -32768, 2 ** 63 - 1, 1.5, Decimal("12345678.91"), "héllo 🌍",
            dt.date(1970, 1, 1), dt.time(12, 34, 56), dt.datetime(2023, 11, 14, 22, 13, 20),
            dt.datetime(2023, 11, 14, 22, 13, 20, 123000),
            dt.datetime(2023, 11, 14, 22, 13, 20, 123456),
            dt.datetime(2023, 11, 14, 22, 13, 20, 123456), Decimal("123456789012345.678")))
        self.assertEqual(rows[1], (
            False, 7, -2 ** 63 + 1, -0.25, Decimal("-0.10"), "", dt.date(1969, 12, 31),
            dt.time(0, 0, 0), epoch - dt.timedelta(seconds=1),
            epoch - dt.timedelta(milliseconds=1), epoch,
            epoch - dt.timedelta(microseconds=1), Decimal("-0.005")))
        self.assertEqual(rows[2], (None,) * 13)
        self.assertIsInstance(rows[0][2], int)

    def test_decimal_as_scaled_int(self):
        rs = {"row_desc": [{"col_name": "x", "col_type": ti("DECIMAL", 12, 4)}],
              "columns": [col("int", [1234567, -1, 0], [False, False, True])],
              "is_columnar": True}
        self.assertEqual(T.result_rows(rs)[1], [(Decimal("123.4567"),), (Decimal("-0.0001"),),
                                                (None,)])

    def test_arrays_and_all_null_column(self):
        inner = [col("int", [1, 2], [False, True]), col("int", [], [])]
        rs = {"row_desc": [{"col_name": "a", "col_type": ti("INT", is_array=True)},
                           {"col_name": "n", "col_type": ti("DOUBLE")}],
              "columns": [{"data": {"arr_col": inner}, "nulls": [False, False]},
                          col("real", [], [True, True])],
              "is_columnar": True}
        desc, rows = T.result_rows(rs)
        self.assertEqual(desc[0][1], "INT[]")
        self.assertEqual(rows, [([1, None], None), ([], None)])

    def test_result_columns(self):
        names, types, cols = T.result_columns(self.rowset())
        self.assertEqual(names[0], "b")
        self.assertEqual(types[-1], "DECIMAL")
        self.assertEqual(cols[0], [True, False, None])


class RowWiseTest(unittest.TestCase):
    def test_rows(self):
        def datum(slot, v, null=False):
            return {"val": {slot + "_val": v}, "is_null": null}
        rs = {"row_desc": [{"col_name": "i", "col_type": ti("INT")},
                           {"col_name": "d", "col_type": ti("DECIMAL", 5, 1)},
                           {"col_name": "s", "col_type": ti("STR")},
                           {"col_name": "ts", "col_type": ti("TIMESTAMP")}],
              "rows": [{"cols": [datum("int", 3), datum("real", 1.5), datum("str", "x"),
                                 datum("int", 86400)]},
                       {"cols": [datum("int", 0, True), datum("real", 0, True),
                                 datum("str", "", True), datum("int", 0, True)]}],
              "columns": [], "is_columnar": False}
        desc, rows = T.result_rows(rs)
        self.assertEqual(rows, [(3, Decimal("1.5"), "x", dt.datetime(1970, 1, 2)),
                                (None, None, None, None)])
        names, types, cols = T.result_columns(rs)
        self.assertEqual(cols[0], [3, None])


class CursorTest(unittest.TestCase):
    def test_fetch_api(self):
        rs = {"row_desc": [{"col_name": "i", "col_type": ti("INT")}],
              "columns": [col("int", list(range(10)), [False] * 10)], "is_columnar": True}
        cur = Cursor()._load("SELECT i", {"row_set": rs, "execution_time_ms": 3})
        self.assertEqual(cur.rowcount, 10)
        self.assertEqual(cur.description, [("i", "INT", None, None, 0, 0, True)])
        self.assertEqual(cur.fetchone(), (0,))
        self.assertEqual(cur.fetchmany(3), [(1,), (2,), (3,)])
        cur.arraysize = 2
        self.assertEqual(cur.fetchmany(), [(4,), (5,)])
        self.assertEqual(list(cur), [(6,), (7,), (8,), (9,)])
        self.assertIsNone(cur.fetchone())
        self.assertEqual(cur.fetchall(), [])

    def test_no_result_set(self):
        cur = Cursor()._load("CREATE ...", {"row_set": {}})
        self.assertIsNone(cur.description)
        self.assertEqual(cur.rowcount, -1)
        self.assertEqual(cur.fetchall(), [])


if __name__ == "__main__":
    unittest.main()
