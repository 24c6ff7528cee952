// heavyai_lite's render_vega in real Pyodide (npm `pyodide`, in a module Worker started by the
// site page after a hand-off), against the HeavyDB stand-in: the same call as in CPython
// returns a PNG of the spec's size, blocking and async; a bad spec raises heavyai_lite.Error.
import { expect, test } from '../fixtures';
import { runPythonJson } from '../pyodide-helpers';
import { sharePyodideSite } from '../pyodide-site';

const shared = sharePyodideSite('pyodide-vega');
const frame = () => shared.site().frame;

const SPEC = {
  width: 320,
  height: 200,
  data: [
    {
      name: 'flights',
      sql: 'SELECT distance AS x, air_time AS y FROM flights'
    }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 3200], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 400], range: 'height' }
  ],
  marks: [
    {
      type: 'points',
      from: { data: 'flights' },
      properties: {
        x: { scale: 'x', field: 'x' },
        y: { scale: 'y', field: 'y' },
        fillColor: 'steelblue'
      }
    }
  ]
};

test('render_vega returns a PNG of the spec size in Pyodide, blocking and async', async () => {
  test.setTimeout(120_000);
  const got = await runPythonJson(
    frame(),
    `import json, heavyai_lite
spec = json.loads(${JSON.stringify(JSON.stringify(SPEC))})
con = heavyai_lite.connect()
sync = con.render_vega(spec)
acon = await heavyai_lite.connect_async()
asyn = await acon.render_vega(json.dumps(spec), compression_level=0)
try:
    con.render_vega(dict(spec, marks=[dict(spec["marks"][0], type="polys")]))
    error = None
except heavyai_lite.Error as exc:
    error = str(exc)
json.dumps({
    "signature": list(sync.image[:8]), "size": sync.size(), "async_size": asyn.size(),
    "bigger_uncompressed": len(asyn.image) > len(sync.image),
    "total_ms": sync.total_time_ms, "bundle": sorted(sync._repr_mimebundle_()),
    "error": error,
})`
  );
  expect(got.signature).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(got.size).toEqual([320, 200]);
  expect(got.async_size).toEqual([320, 200]);
  expect(got.bigger_uncompressed).toBe(true);
  expect(got.total_ms).toEqual(expect.any(Number));
  expect(got.bundle).toEqual(['image/png', 'text/plain']);
  expect(got.error).toContain(
    'Vega spec: marks[0].type: mark type "polys" is not supported'
  );
});
