"""load_table / create_table against the HeavyDB stand-in: every method round-trips every
sample type with NULLs, create='infer' infers the documented types, bad input loads
nothing. DataFrame and pyarrow inputs run in the venv of _notebook_env (real pandas and
pyarrow); rows and dicts of columns also run here, with the standard library only."""

import asyncio
import datetime
import decimal
import unittest

import heavyai_lite
from heavyai_lite import load_values, loading
from tests import _notebook_env as env
from tests import _support as S

STANDIN = None
SESSION = "WriteBackSession0123456789ab"


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


def connect():
    return heavyai_lite.connect(session=SESSION, host=STANDIN.host, port=STANDIN.port,
                                protocol="http")


ROWS = [
    (1, True, 12, 123456, 9007199254740993, 1.5, 3.141592653589793, decimal.Decimal("12345.67"),
     "it's \"quoted\"", datetime.date(2024, 2, 29), datetime.time(13, 45, 10),
     datetime.datetime(2024, 2, 29, 13, 45, 10)),
    (2, False, -32767, -2147483647, -9223372036854775807, -0.25, -1e300, decimal.Decimal("-0.05"),
     "ünïcødé 😀\nline", datetime.date(1969, 7, 20), datetime.time(0, 0, 0),
     datetime.datetime(1969, 7, 20, 20, 17, 40)),
    (3, None, None, None, None, None, None, None, None, None, None, None),
]
NAMES = ["id", "b", "si", "i", "bi", "f", "d", "dec", "s", "dt", "tm", "ts"]
DDL = ("(id INTEGER, b BOOLEAN, si SMALLINT, i INTEGER, bi BIGINT, f FLOAT, d DOUBLE, "
       "dec DECIMAL(12,2), s TEXT, dt DATE, tm TIME, ts TIMESTAMP)")


def fresh_table(con, name):
    con.execute("DROP TABLE IF EXISTS %s" % name)
    con.execute("CREATE TABLE %s %s" % (name, DDL))


def count(con, table):
    return con.execute("SELECT COUNT(*) FROM %s" % table).fetchone()[0]


class RowsAndColumnsTest(unittest.TestCase):
    """Pure-Python inputs, no pandas: what plain Pyodide can do."""

    maxDiff = None

    def test_each_method_round_trips_every_type_from_rows_and_from_a_dict(self):
        with connect() as con:
            for method in ("columnar", "rows"):
                for shape in ("rows", "dict"):
                    table = "wb_%s_%s" % (method, shape)
                    fresh_table(con, table)
                    data = ROWS if shape == "rows" else {
                        n: [r[i] for r in ROWS] for i, n in enumerate(NAMES)}
                    con.load_table(table, data, method=method, create=False)
                    got = con.execute("SELECT * FROM %s ORDER BY id" % table).fetchall()
                    self.assertEqual(got, ROWS, (method, shape))

    def test_infer_creates_the_table_with_the_documented_types(self):
        with connect() as con:
            con.execute("DROP TABLE IF EXISTS wb_inferred")
            con.load_table("wb_inferred", ROWS, column_names=NAMES)
            types = [(c.name, c.type) for c in con.table_details("wb_inferred")]
            self.assertEqual(types, [
                ("id", "BIGINT"), ("b", "BOOL"), ("si", "BIGINT"), ("i", "BIGINT"),
                ("bi", "BIGINT"), ("f", "DOUBLE"), ("d", "DOUBLE"), ("dec", "DECIMAL"),
                ("s", "STR"), ("dt", "DATE"), ("tm", "TIME"), ("ts", "TIMESTAMP")])
            got = con.execute("SELECT * FROM wb_inferred ORDER BY id").fetchall()
            self.assertEqual(got, ROWS)
            # the table exists now: a second load appends
            con.load_table("wb_inferred", ROWS[:1])
            self.assertEqual(count(con, "wb_inferred"), 4)

    def test_create_table_then_create_true_and_false(self):
        with connect() as con:
            con.execute("DROP TABLE IF EXISTS wb_created")
            con.create_table("wb_created", {"a": [1, 2], "s": ["x", None]})
            self.assertEqual([(c.name, c.type) for c in con.table_details("wb_created")],
                             [("a", "BIGINT"), ("s", "STR")])
            self.assertEqual(count(con, "wb_created"), 0)
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con.create_table("wb_created", {"a": [1]})
            self.assertEqual(str(cm.exception), "Table wb_created already exists.")
            with self.assertRaises(heavyai_lite.InterfaceError):
                con.load_table("wb_created", {"a": [1], "s": ["y"]}, create=True)
            con.load_table("wb_created", {"a": [1], "s": ["y"]}, create=False)
            self.assertEqual(con.execute("SELECT * FROM wb_created").fetchall(), [(1, "y")])

    def test_bad_input_is_refused_and_loads_nothing(self):
        bad = [
            ("unknown table, create=False", "wb_nowhere", [(1,)], {"create": False},
             "Table wb_nowhere does not exist"),
            ("too few columns", "wb_bad", [(1, True)], {}, "has 12 columns, the data has 2"),
            ("text into INTEGER", "wb_bad", [("x",) + ROWS[0][1:]], {}, "is not an integer"),
            ("SMALLINT out of range", "wb_bad", [ROWS[0][:2] + (40000,) + ROWS[0][3:]], {},
             "out of range for SMALLINT"),
            ("DECIMAL overflow", "wb_bad",
             [ROWS[0][:7] + (decimal.Decimal("10000000000.5"),) + ROWS[0][8:]], {},
             "does not fit DECIMAL(12,2)"),
            ("a timedelta", "wb_new", [(datetime.timedelta(1),)], {"column_names": ["x"]},
             "a timedelta cannot be loaded"),
            ("only NULLs to infer from", "wb_new", [(None,)], {"column_names": ["x"]},
             "holds only NULLs"),
            ("ragged rows", "wb_bad", [ROWS[0], ROWS[0][:3]], {}, "different numbers of values"),
            ("unknown method", "wb_bad", ROWS, {"method": "csv"}, "method must be one of"),
        ]
        with connect() as con:
            fresh_table(con, "wb_bad")
            con.execute("DROP TABLE IF EXISTS wb_new")
            con.execute("DROP TABLE IF EXISTS wb_nowhere")
            for method in ("columnar", "rows"):
                for what, table, data, kw, message in bad:
                    with self.subTest(what=what, method=method):
                        kw = dict(kw)
                        kw.setdefault("method", method)
                        with self.assertRaises(heavyai_lite.Error) as cm:
                            con.load_table(table, data, **kw)
                        self.assertIn(message, str(cm.exception))
                        self.assertEqual(count(con, "wb_bad"), 0)
                        self.assertNotIn("wb_new", con.get_tables())
                        self.assertNotIn("wb_nowhere", con.get_tables())

    def test_the_stand_in_loads_atomically_and_uses_heavydbs_wording(self):
        """Past the client's checks: the server refuses a bad value in the last row and
        keeps none of the rows before it."""
        with connect() as con:
            fresh_table(con, "wb_atomic")
            cols = [load_values.tcolumn(c) for c in loading.retyped(
                [loading.Column(n, None, [r[i] for r in ROWS]) for i, n in enumerate(NAMES)],
                con.table_details("wb_atomic"), "wb_atomic")]
            cols[2]["data"]["int_col"][2] = 40000  # SMALLINT, row 3 (flagged NULL before)
            cols[2]["nulls"][2] = False
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con._call("load_table_binary_columnar", {
                    "session": con.session, "table_name": "wb_atomic", "cols": cols,
                    "column_names": []})
            self.assertIn("Integer 40000 exceeds the range of SMALLINT", str(cm.exception))
            self.assertIn("row 3; nothing was loaded", str(cm.exception))
            self.assertEqual(count(con, "wb_atomic"), 0)
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con._call("load_table_binary_columnar", {
                    "session": con.session, "table_name": "wb_atomic", "cols": cols[:3],
                    "column_names": []})
            self.assertEqual(str(cm.exception), "Wrong number of columns to load into Table "
                                                "wb_atomic")
            with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                con._call("load_table", {"session": con.session, "table_name": "wb_missing",
                                         "rows": [{"cols": [{"str_val": "1",
                                                             "is_null": False}]}],
                                         "column_names": []})
            self.assertEqual(str(cm.exception), "Table wb_missing does not exist.")

    def test_rows_are_visible_to_another_session_at_once(self):
        with connect() as con:
            fresh_table(con, "wb_shared")
            con.load_table("wb_shared", ROWS, method="columnar")
        other = heavyai_lite.connect(user=S.USER, password=S.PASSWORD, host=STANDIN.host,
                                     port=STANDIN.port, protocol="http")
        with other:
            self.assertEqual(count(other, "wb_shared"), 3)

    def test_async_connection_loads_too(self):
        async def main():
            con = await heavyai_lite.connect_async(session=SESSION, host=STANDIN.host,
                                                   port=STANDIN.port, protocol="http")
            await con.execute("DROP TABLE IF EXISTS wb_async")
            await con.load_table("wb_async", {"a": [1, None, 3], "s": ["x", "y", None]})
            cur = await con.execute("SELECT * FROM wb_async ORDER BY a NULLS LAST")
            with self.assertRaises(heavyai_lite.InterfaceError):
                await con.load_table("wb_async", {"a": ["text"], "s": ["z"]})
            after = (await con.execute("SELECT COUNT(*) FROM wb_async")).fetchone()[0]
            await con.close()
            return cur.fetchall(), after
        rows, after = asyncio.run(main())
        self.assertEqual(rows, [(1, "x"), (3, None), (None, "y")])
        self.assertEqual(after, 3)


class DataFrameWriteBackTest(unittest.TestCase):
    """pandas DataFrames and pyarrow Tables, in the venv with real pandas and pyarrow."""

    def test_each_method_round_trips_a_dataframe_of_every_type(self):
        got = env.run(STANDIN, r"""
import pandas as pd
con = connect()
source = con.select_df("SELECT * FROM all_types ORDER BY id")
out = {}
for method in ("arrow", "columnar", "rows", "infer"):
    table = "wbdf_" + method
    con.execute("DROP TABLE IF EXISTS " + table)
    con.execute("CREATE TABLE %s AS SELECT * FROM all_types LIMIT 0" % table)
    con.load_table(table, source, method=method, create=False)
    back = con.select_df("SELECT * FROM %s ORDER BY id" % table)
    out[method] = [back.equals(source), int(back["bi"][1]), int(back.isna().sum().sum()),
                   str(back["bi"].dtype)]
emit(out)
""")
        for method, (same, big, nulls, dtype) in got.items():
            self.assertTrue(same, method)
            self.assertEqual(big, 9007199254740993, method)
            self.assertEqual(nulls, 11, method)
            self.assertEqual(dtype, "Int64", method)

    def test_infer_from_dataframe_dtypes_and_from_a_pyarrow_table(self):
        got = env.run(STANDIN, r"""
import pandas as pd, numpy as np, pyarrow as pa
con = connect()
df = pd.DataFrame({
    "i8": np.array([1, -2], dtype="int8"), "i16": np.array([1, 2], dtype="int16"),
    "i32": np.array([1, 2], dtype="int32"), "i64": pd.array([9007199254740993, None], dtype="Int64"),
    "f32": np.array([1.5, np.nan], dtype="float32"), "f64": [0.1, 2.5],
    "flag": pd.array([True, None], dtype="boolean"), "txt": ["a", None],
    "cat": pd.Categorical(["u", "v"]),
    "when": pd.to_datetime(["2024-01-02 03:04:05", None]),
    "day": [datetime.date(2024, 1, 2), None], "dec": [decimal.Decimal("1.25"), None]})
types = {}
for name, data in (("wbdf_infer", df), ("wbdf_arrowtable", pa.Table.from_pandas(df, preserve_index=False))):
    con.execute("DROP TABLE IF EXISTS " + name)
    con.load_table(name, data)
    types[name] = [(c.name, c.type, c.precision, c.scale) for c in con.table_details(name)]
back = con.select_df("SELECT * FROM wbdf_infer")
emit({"types": types, "i64": [None if v is pd.NA else int(v) for v in back["i64"]],
      "when": [None if v is pd.NaT else v.isoformat() for v in back["when"]],
      "txt": back["txt"].isna().tolist(), "cat": back["cat"].tolist()})
""")
        expected = [["i8", "SMALLINT", 0, 0], ["i16", "SMALLINT", 0, 0], ["i32", "INT", 0, 0],
                    ["i64", "BIGINT", 0, 0], ["f32", "FLOAT", 0, 0], ["f64", "DOUBLE", 0, 0],
                    ["flag", "BOOL", 0, 0], ["txt", "STR", 0, 0], ["cat", "STR", 0, 0],
                    ["when", "TIMESTAMP", 0, 0], ["day", "DATE", 0, 0],
                    ["dec", "DECIMAL", 3, 2]]
        # the stand-in reports TINYINT columns as SMALLINT (see heavydb-standin/types.ts)
        self.assertEqual(got["types"]["wbdf_infer"], expected)
        self.assertEqual(got["i64"], [9007199254740993, None])
        self.assertEqual(got["when"], ["2024-01-02T03:04:05", None])
        self.assertEqual(got["txt"], [False, True])
        self.assertEqual(got["cat"], ["u", "v"])
        self.assertEqual(got["types"]["wbdf_arrowtable"], expected)

    def test_bad_dataframes_load_nothing(self):
        got = env.run(STANDIN, r"""
import pandas as pd, numpy as np
con = connect()
con.execute("DROP TABLE IF EXISTS wbdf_bad")
con.execute("CREATE TABLE wbdf_bad (a SMALLINT, s TEXT)")
cases = {
    "out of range": pd.DataFrame({"a": [1, 40000], "s": ["x", "y"]}),
    "type mismatch": pd.DataFrame({"a": ["x", "y"], "s": ["x", "y"]}),
    "column count": pd.DataFrame({"a": [1]}),
}
out = {}
for method in ("arrow", "columnar", "rows"):
    for what, df in cases.items():
        try:
            con.load_table("wbdf_bad", df, method=method)
            out[method + " " + what] = "loaded"
        except heavyai_lite.Error as exc:
            out[method + " " + what] = str(exc)
try:
    con.load_table("wbdf_new", pd.DataFrame({"gap": pd.to_timedelta([1, 2], unit="s")}))
    out["timedelta"] = "loaded"
except heavyai_lite.Error as exc:
    out["timedelta"] = str(exc)
emit({"errors": out, "rows": con.execute("SELECT COUNT(*) FROM wbdf_bad").fetchone()[0],
      "tables": con.get_tables()})
""")
        for key, message in got["errors"].items():
            self.assertNotEqual(message, "loaded", key)
            self.assertIn("nothing was loaded" if key != "timedelta" else "unsupported dtype",
                          message, key)
        self.assertIn("out of range for SMALLINT", got["errors"]["arrow out of range"])
        self.assertEqual(got["rows"], 0)
        self.assertNotIn("wbdf_new", got["tables"])


if __name__ == "__main__":
    unittest.main()
