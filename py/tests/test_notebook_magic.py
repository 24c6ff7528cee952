"""The %%heavysql magic and DataFrames over Arrow, in real IPython with real pandas and
pyarrow (a venv made from pip's index, see _notebook_env), against the HeavyDB stand-in."""

import unittest

from tests import _notebook_env as env
from tests import _support as S

STANDIN = None
REFUSING = None


def setUpModule():
    global STANDIN, REFUSING
    env.python()  # build the venv first: its failure is the clearest error
    STANDIN = S.StandIn("NotebookMagicSession0123456789").start()
    REFUSING = S.StandIn("NotebookNoArrowSession012345", extra_args=["--no-arrow"]).start()


def tearDownModule():
    for standin in (STANDIN, REFUSING):
        if standin is not None:
            standin.stop()


class HeavySqlMagicTest(unittest.TestCase):
    maxDiff = None

    def test_cell_binds_and_returns_a_dataframe_with_exact_types(self):
        got = env.run(STANDIN, r"""
con = connect()
sh = shell()
r, out, err = run_cell(sh, "%%heavysql frame\nSELECT id, bi, si, b, s, ts, d FROM all_types ORDER BY id")
df = sh.user_ns["frame"]
emit({"same": r.result is df, "error": repr(r.error_in_exec), "type": type(df).__name__,
      "dtypes": {c: str(t) for c, t in df.dtypes.items()},
      "bi": [None if v is None or str(v) == "<NA>" else int(v) for v in df["bi"].tolist()],
      "si_na": [bool(v) for v in df["si"].isna()],
      "s_na": [bool(v) for v in df["s"].isna()],
      "ts": [None if str(v) == "NaT" else v.isoformat() for v in df["ts"]],
      "err": err})
""")
        self.assertEqual(got["error"], "None")
        self.assertTrue(got["same"], "the cell's value is the bound DataFrame")
        self.assertEqual(got["type"], "DataFrame")
        self.assertEqual(got["dtypes"]["bi"], "Int64")
        self.assertEqual(got["dtypes"]["si"], "Int16")
        self.assertEqual(got["dtypes"]["id"], "int32")
        self.assertEqual(got["dtypes"]["b"], "boolean")
        self.assertTrue(got["dtypes"]["ts"].startswith("datetime64"), got["dtypes"])
        self.assertEqual(got["bi"], [1234567890123, 9007199254740993, -9223372036854775807, None, 0])
        self.assertEqual(got["si_na"], [False, False, False, True, False])
        self.assertEqual(got["s_na"], [False, False, False, True, False])
        self.assertEqual(got["ts"], ["2024-02-29T13:45:10", "1969-07-20T20:17:40",
                                     "1900-01-01T00:00:01", None, "1970-01-01T00:00:00"])
        self.assertEqual(got["err"], "", "Arrow worked: no fallback notice")

    def test_values_are_bound_as_literals(self):
        got = env.run(STANDIN, r"""
con = connect()
sh = shell()
sh.user_ns.update(hostile="x' OR '1'='1", name="o'brien", ids=[1, 4, 8], missing=None,
                  day=datetime.date(2024, 3, 2), tbl="tweets", big=9007199254740993)
r1, _, _ = run_cell(sh, "%%heavysql a\nSELECT COUNT(*) AS n FROM tweets WHERE user_name = {hostile}")
r2, _, _ = run_cell(sh, "%%heavysql b\nSELECT tweet_id FROM {tbl:ident} WHERE user_name = {name} OR tweet_id IN {ids} ORDER BY 1")
r3, _, _ = run_cell(sh, "%%heavysql c\nSELECT {missing} IS NULL AS n, '{{braces}}' AS s, {big} AS big, {day} AS d")
r4 = sh.run_cell("x = %heavysql SELECT COUNT(*) AS n FROM tweets WHERE tweet_id IN {ids}")
emit({"a": int(sh.user_ns["a"]["n"][0]), "b": sh.user_ns["b"]["tweet_id"].tolist(),
      "c": [bool(sh.user_ns["c"]["n"][0]), sh.user_ns["c"]["s"][0], int(sh.user_ns["c"]["big"][0]),
            str(sh.user_ns["c"]["d"][0])],
      "line": int(sh.user_ns["x"]["n"][0]), "errors": [repr(r.error_in_exec) for r in (r1, r2, r3, r4)]})
""")
        self.assertEqual(got["errors"], ["None"] * 4)
        self.assertEqual(got["a"], 0, "the hostile string stayed one literal")
        self.assertEqual(got["b"], [1, 4, 8])
        self.assertEqual(got["c"], [True, "{braces}", 9007199254740993, "2024-03-02"])
        self.assertEqual(got["line"], 3)

    def test_errors_are_short_heavyai_lite_errors(self):
        got = env.run(STANDIN, r"""
con = connect()
sh = shell()
r1, out1, _ = run_cell(sh, "%%heavysql\nSELECT nope FROM flights")
r2, out2, _ = run_cell(sh, "%%heavysql\nSELECT {undefined_name}")
r3, out3, _ = run_cell(sh, "%%heavysql\nSELECT * FROM tweets WHERE user_name = '{x}'")
emit([[type(r.error_in_exec).__name__, isinstance(r.error_in_exec, heavyai_lite.Error), o,
       str(r.error_in_exec)] for r, o in ((r1, out1), (r2, out2), (r3, out3))])
""")
        for name, is_ours, shown, message in got:
            self.assertTrue(is_ours, name)
            # exactly the error and its (server's) message: no traceback through our code
            self.assertEqual(shown.strip(), ("%s: %s" % (name, message)).strip())
            self.assertNotIn("Traceback", shown)
        self.assertEqual(got[0][0], "DatabaseError")
        self.assertIn("nope", got[0][2])
        self.assertIn("name 'undefined_name' is not defined", got[1][2])
        self.assertIn("without them", got[2][2])

    def test_ddl_and_dml_run_and_report_affected_rows(self):
        got = env.run(STANDIN, r"""
con = connect()
sh = shell()
outs = []
for cell in ("%%heavysql\nCREATE TABLE magic_ddl (a INTEGER, b TEXT)",
             "%%heavysql\nINSERT INTO magic_ddl VALUES (1, 'x'), (2, 'y'), (3, {v})",
             "%%heavysql\nDELETE FROM magic_ddl WHERE a >= 2"):
    sh.user_ns["v"] = "z"
    r, out, _ = run_cell(sh, cell)
    outs.append([repr(r.error_in_exec), out.strip(), r.result is None])
left = con.execute("SELECT a, b FROM magic_ddl").fetchall()
emit({"outs": outs, "left": left})
""")
        self.assertEqual([o[0] for o in got["outs"]], ["None"] * 3)
        self.assertEqual(got["outs"][1][1], "3 rows affected")
        self.assertEqual(got["outs"][2][1], "2 rows affected")
        self.assertEqual(got["left"], [[1, "x"]])

    def test_con_names_a_connection_and_new_connection_is_the_default(self):
        got = env.run(STANDIN, r"""
sh = shell()
sh.user_ns["mine"] = connect()
r1, _, _ = run_cell(sh, "%%heavysql a --con mine\nSELECT 1 AS one")
sh.user_ns["notcon"] = 5
r2, out2, _ = run_cell(sh, "%%heavysql a --con notcon\nSELECT 1 AS one")
emit([repr(r1.error_in_exec), int(sh.user_ns["a"]["one"][0]), out2.strip(),
      heavyai_lite.last_connection() is sh.user_ns["mine"]])
""")
        self.assertEqual(got[0], "None")
        self.assertEqual(got[1], 1)
        self.assertIn("--con notcon is a int", got[2])
        self.assertTrue(got[3])

    def test_select_df_and_select_ipc_read_arrow_with_the_same_frame(self):
        got = env.run(STANDIN, r"""
con = connect()
a = con.select_df("SELECT * FROM tweets ORDER BY tweet_id")
b = con.select_ipc("SELECT * FROM tweets ORDER BY tweet_id")
emit([a.equals(b), {c: str(t) for c, t in a.dtypes.items()}, len(a)])
""")
        self.assertTrue(got[0])
        self.assertEqual(got[2], 8)
        self.assertEqual(got[1]["tweet_id"], "int64")
        self.assertFalse(got[1]["user_name"].startswith("category"))

    def test_refused_arrow_falls_back_to_thrift_and_says_so_once(self):
        got = env.run(REFUSING, r"""
con = connect()
errs = []
frames = []
for _ in range(2):
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        frames.append(con.select_df("SELECT id, bi FROM all_types ORDER BY id"))
    errs.append(buf.getvalue())
emit([errs, frames[0]["bi"].astype(object).where(frames[0]["bi"].notna(), None).tolist(),
      str(frames[0]["bi"].dtype)])
""")
        self.assertIn("refused the Arrow result", got[0][0])
        self.assertEqual(got[0][1], "", "said once")
        self.assertEqual(got[1], [1234567890123, 9007199254740993, -9223372036854775807, None, 0])
        self.assertEqual(got[2], "Int64")

    def test_without_pyarrow_select_df_reads_arrow_with_its_own_reader(self):
        got = env.run(STANDIN, r"""
sys.modules["pyarrow"] = None  # as in a Pyodide kernel that has pandas but not pyarrow
from heavyai_lite import arrow_ipc
streams_read = []
real_read_stream = arrow_ipc.read_stream
def counting_read_stream(stream):
    streams_read.append(len(stream))
    return real_read_stream(stream)
arrow_ipc.read_stream = counting_read_stream
con = connect()
thrift = heavyai_lite.connect(session=%r, host=STANDIN["host"], port=%d, protocol="http")
out = {"same": [], "dtypes": [], "err": [], "rows": []}
for q in ("SELECT * FROM all_types ORDER BY id", "SELECT * FROM tweets ORDER BY 1",
          "SELECT * FROM flights ORDER BY flight_id LIMIT 5000"):
    buf = io.StringIO()
    with contextlib.redirect_stderr(buf):
        arrow = con.select_df(q)
    out["err"].append(buf.getvalue())
    with contextlib.redirect_stderr(io.StringIO()):
        over_thrift = thrift.select_df(q)
    out["same"].append(bool(arrow.equals(over_thrift))
                       and list(arrow.columns) == list(over_thrift.columns))
    out["dtypes"].append([str(t) for t in arrow.dtypes] == [str(t) for t in over_thrift.dtypes])
    out["rows"].append(len(arrow))
out["streams_read"] = len(streams_read)
emit(out)
""" % (REFUSING.session, REFUSING.port))
        self.assertEqual(got["same"], [True, True, True], "equal to the Thrift result's frame")
        self.assertEqual(got["dtypes"], [True, True, True])
        self.assertEqual(got["rows"][0], 5)
        self.assertEqual(got["rows"][2], 5000)
        self.assertEqual(got["streams_read"], 3, "each query was read from its Arrow stream")
        self.assertIn("pyarrow is not installed", got["err"][0])
        self.assertIn("own Arrow reader", got["err"][0])
        self.assertNotIn("refused", got["err"][0])
        self.assertEqual(got["err"][1:], ["", ""], "said once per connection")


if __name__ == "__main__":
    unittest.main()
