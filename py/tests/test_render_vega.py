"""render_vega against the HeavyDB stand-in: the PNG's pixels sit where the
spec's scales put the rows, errors carry the server's message, and the result
displays as image/png through a real IPython (in a throwaway venv)."""

import asyncio
import base64
import json
import subprocess
import textwrap
import unittest

import heavyai_lite
from tests import _png
from tests import _support as S
from tests._venv import package_venv

STANDIN = None
SESSION = "RenderVegaSession0123456789"
ORANGE = (255, 128, 0, 255)
WIDTH, HEIGHT = 256, 128

# Power-of-two scale factors keep the scaled positions exact, so the test can
# compute each row's pixel itself: column = distance // 16, row = air_time // 4.
SCATTER = {
    "width": WIDTH,
    "height": HEIGHT,
    "data": [{"name": "flights", "sql": "SELECT distance AS x, air_time AS y FROM flights"}],
    "scales": [
        {"name": "x", "type": "linear", "domain": [0, 4096], "range": "width"},
        {"name": "y", "type": "linear", "domain": [0, 512], "range": "height"},
    ],
    "marks": [{
        "type": "points",
        "from": {"data": "flights"},
        "properties": {"x": {"scale": "x", "field": "x"}, "y": {"scale": "y", "field": "y"},
                       "size": 1, "fillColor": "#ff8000"},
    }],
}


def setUpModule():
    global STANDIN
    STANDIN = S.StandIn(SESSION).start()


def tearDownModule():
    if STANDIN is not None:
        STANDIN.stop()


def connect():
    return heavyai_lite.connect(session=SESSION, host=STANDIN.host, port=STANDIN.port,
                                protocol="http")


def pixel(rows, x_px, y_px):
    """The pixel at (x, y) counted from the bottom-left, as HeavyDB places marks."""
    return rows[HEIGHT - 1 - y_px][x_px]


class RenderVegaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        with connect() as con:
            cls.result = con.render_vega(SCATTER)
            cls.samples = con.execute(
                "SELECT distance, air_time FROM flights WHERE flight_id IN (1, 4242, 999999)"
            ).fetchall()
            cls.column_rows = {r[0] for r in con.execute(
                "SELECT DISTINCT CAST(floor(air_time / 4) AS INTEGER) FROM flights "
                "WHERE distance >= 1600 AND distance < 1616").fetchall()}
        cls.width, cls.height, cls.rows = _png.decode(cls.result.image)

    def test_png_of_the_specs_size_with_timings(self):
        self.assertEqual((self.width, self.height), (WIDTH, HEIGHT))
        self.assertEqual(self.result.size(), (WIDTH, HEIGHT))
        for name in ("execution_time_ms", "render_time_ms", "total_time_ms"):
            self.assertIsInstance(getattr(self.result, name), int, name)
        self.assertGreaterEqual(self.result.total_time_ms, self.result.execution_time_ms)
        meta = json.loads(self.result.vega_metadata)
        self.assertEqual(meta["data"], [{"name": "flights", "rows": 1000000}])

    def test_rows_sit_where_the_scales_put_them(self):
        self.assertEqual(len(self.samples), 3)
        for distance, air_time in self.samples:
            self.assertEqual(pixel(self.rows, distance // 16, int(air_time // 4)), ORANGE,
                             (distance, air_time))

    def test_a_pixel_column_is_filled_exactly_where_rows_fall(self):
        # distance 1600..1615 is pixel column 100: lit rows are those the data reaches, no others
        self.assertTrue(self.column_rows)
        lit = {y for y in range(HEIGHT) if pixel(self.rows, 100, y)[3] > 0}
        self.assertEqual(lit, self.column_rows)
        for y in lit:
            self.assertEqual(pixel(self.rows, 100, y), ORANGE)

    def test_json_text_and_compression_level(self):
        with connect() as con:
            stored = con.render_vega(json.dumps(SCATTER), compression_level=0)
        self.assertGreater(len(stored.image), 2 * len(self.result.image))
        self.assertEqual(_png.decode(stored.image)[2], self.rows)

    def test_bad_spec_raises_error_with_the_servers_message(self):
        bad = dict(SCATTER, marks=[dict(SCATTER["marks"][0], type="lines")])
        with connect() as con, self.assertRaises(heavyai_lite.Error) as ctx:
            con.render_vega(bad)
        self.assertIn('Vega spec: marks[0].type: mark type "lines" is not supported', str(ctx.exception))
        self.assertNotIn(SESSION, str(ctx.exception))
        with connect() as con, self.assertRaises(TypeError):
            con.render_vega(["not", "a", "spec"])

    def test_async_connection(self):
        async def run():
            con = await heavyai_lite.connect_async(session=SESSION, host=STANDIN.host,
                                                   port=STANDIN.port, protocol="http")
            async with con:
                return await con.render_vega(SCATTER)
        result = asyncio.run(run())
        self.assertEqual(_png.decode(result.image)[2], self.rows)

    def test_repr_png_and_mimebundle(self):
        self.assertEqual(self.result._repr_png_(), self.result.image)
        bundle = self.result._repr_mimebundle_()
        self.assertEqual(base64.b64decode(bundle["image/png"]), self.result.image)
        self.assertIn("256x128 PNG", bundle["text/plain"])


IPYTHON_SCRIPT = textwrap.dedent("""
    import base64, json, sys
    import heavyai_lite
    from IPython.core.interactiveshell import InteractiveShell
    host, port, session, spec = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    shell = InteractiveShell.instance()
    con = heavyai_lite.connect(session=session, host=host, port=port, protocol="http")
    out = {"heavyai_lite": heavyai_lite.__file__}
    data, _ = shell.display_formatter.format(con.render_vega(spec))
    out["formatted"] = sorted(data)
    out["png_size"] = list(base64.b64decode(data["image/png"])[16:24])
    shell.user_ns["con"] = con
    shell.run_line_magic("load_ext", "heavyai_lite")
    out["cell_magics"] = sorted(shell.magics_manager.magics["cell"])
    for name in ("heavyai_vega", "omnisci_vega"):
        result = shell.run_cell_magic(name, "con", spec)
        out[name] = sorted(shell.display_formatter.format(result)[0])
    try:
        shell.run_cell_magic("heavyai_vega", "con", '{"width": 10, "height": 10, "marks": [{"type": "rect"}]}')
    except heavyai_lite.Error as exc:
        out["error"] = str(exc)
    try:
        shell.run_cell_magic("heavyai_vega", "nothing_here", spec)
    except heavyai_lite.Error as exc:
        out["missing"] = str(exc)
    print(json.dumps(out))
""")


class IPythonDisplayTest(unittest.TestCase):
    def test_displays_as_png_and_the_cell_magic_renders(self):
        python = package_venv(["ipython"])
        res = subprocess.run([str(python), "-c", IPYTHON_SCRIPT, STANDIN.host, str(STANDIN.port),
                              SESSION, json.dumps(SCATTER)],
                             capture_output=True, text=True, timeout=300)
        self.assertEqual(res.returncode, 0, res.stderr[-3000:])
        out = json.loads(res.stdout.strip().splitlines()[-1])
        self.assertTrue(out["heavyai_lite"].startswith(str(S.REPO / "py")), out["heavyai_lite"])
        self.assertEqual(out["formatted"], ["image/png", "text/plain"])
        self.assertEqual(out["png_size"], [0, 0, 1, 0, 0, 0, 0, 128])  # 256 x 128
        # One `%load_ext heavyai_lite` gives the SQL and the Vega magics.
        for magic in ("heavysql", "heavyai_vega", "omnisci_vega"):
            self.assertIn(magic, out["cell_magics"])
        self.assertEqual(out["heavyai_vega"], ["image/png", "text/plain"])
        self.assertEqual(out["omnisci_vega"], ["image/png", "text/plain"])
        self.assertIn('marks[0].type: mark type "rect" is not supported', out["error"])
        self.assertIn("no variable named 'nothing_here'", out["missing"])


if __name__ == "__main__":
    unittest.main()
