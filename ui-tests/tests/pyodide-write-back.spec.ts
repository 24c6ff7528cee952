// Write-back and the %%heavysql magic's pandas check in real Pyodide (npm `pyodide`, pure
// Python: no pandas, no pyarrow offline), with the wheel from the site's piplite index and the
// session handed over through the site's service worker.
import { expect, test } from '../fixtures';
import { runPythonJson } from '../pyodide-helpers';
import { sharePyodideSite } from '../pyodide-site';

const shared = sharePyodideSite('pyodide-write-back');
const frame = () => shared.site().frame;

const ROWS = `[(1, "it's", 2.5, True, datetime.date(2024, 2, 29), datetime.datetime(1969, 7, 20, 20, 17, 40), 9007199254740993),
        (2, None, None, None, None, None, None)]`;

test('pandas and pyarrow are not in this Pyodide (the offline premise of the next tests)', async () => {
  const got = await runPythonJson(
    frame(),
    `import json, importlib.util
json.dumps([importlib.util.find_spec(m) is None for m in ("pandas", "pyarrow", "numpy")])`
  );
  expect(got).toEqual([true, true, true]);
});

for (const mode of ['sync', 'async'] as const) {
  const connect =
    mode === 'sync'
      ? 'heavyai_lite.connect()'
      : 'await heavyai_lite.connect_async()';
  const call = (expr: string) => (mode === 'sync' ? expr : `(await ${expr})`);

  test(`${mode}: load_table of row tuples creates the table and the rows read back exactly`, async () => {
    const table = `pyo_rows_${mode}`;
    const got = await runPythonJson(
      frame(),
      `import json, datetime, heavyai_lite
con = ${connect}
rows = ${ROWS}
${call(`con.load_table("${table}", rows, column_names=["id", "s", "f", "b", "d", "ts", "big"])`)}
back = ${call(`con.execute("SELECT * FROM ${table} ORDER BY id")`)}.fetchall()
types = [[c.name, c.type] for c in ${call(`con.table_details("${table}")`)}]
json.dumps({"same": back == rows, "back": [[None if v is None else str(v) for v in r] for r in back],
            "types": types})`
    );
    expect(got.back).toEqual([
      [
        '1',
        "it's",
        '2.5',
        'True',
        '2024-02-29',
        '1969-07-20 20:17:40',
        '9007199254740993'
      ],
      ['2', null, null, null, null, null, null]
    ]);
    expect(got.same).toBe(true);
    expect(got.types).toEqual([
      ['id', 'BIGINT'],
      ['s', 'STR'],
      ['f', 'DOUBLE'],
      ['b', 'BOOL'],
      ['d', 'DATE'],
      ['ts', 'TIMESTAMP'],
      ['big', 'BIGINT']
    ]);
  });

  test(`${mode}: load_table of a dict of columns appends with each method; bad input loads nothing`, async () => {
    const table = `pyo_dict_${mode}`;
    const got = await runPythonJson(
      frame(),
      `import json, heavyai_lite
con = ${connect}
${call(`con.execute("CREATE TABLE ${table} (a SMALLINT, s TEXT)")`)}
${call(`con.load_table("${table}", {"a": [1, None], "s": ["x", "y"]}, method="columnar")`)}
${call(`con.load_table("${table}", {"a": [3], "s": [None]}, method="rows")`)}
errors = []
for bad in ({"a": [4, 40000], "s": ["p", "q"]}, {"a": ["text"], "s": ["r"]}, {"a": [5]}):
    try:
        ${call(`con.load_table("${table}", bad, create=False)`)}
        errors.append("loaded")
    except heavyai_lite.Error as e:
        errors.append(str(e))
try:
    ${call(`con.load_table("${table}", {"a": [1], "s": ["x"]}, method="arrow")`)}
except heavyai_lite.Error as e:
    errors.append(str(e))
back = ${call(`con.execute("SELECT a, s FROM ${table} ORDER BY a NULLS LAST")`)}.fetchall()
json.dumps({"back": back, "errors": errors})`
    );
    expect(got.back).toEqual([
      [1, 'x'],
      [3, null],
      [null, 'y']
    ]);
    expect(got.errors[0]).toContain('out of range for SMALLINT');
    expect(got.errors[1]).toContain('is not an integer');
    expect(got.errors[2]).toContain('has 2 columns, the data has 1');
    expect(got.errors[3]).toContain("method='arrow' needs pyarrow");
    expect(got.errors[3]).toContain("'%pip install pyarrow'");
  });
}

test('without pandas, select_df and the %%heavysql magic name the exact install', async () => {
  const got = await runPythonJson(
    frame(),
    `import json, heavyai_lite
from heavyai_lite.magic import HeavySql, heavysql
con = heavyai_lite.connect()
out = []
try:
    con.select_df("SELECT 1")
except ImportError as e:
    out.append(str(e))
try:
    heavysql(HeavySql({}), "df", "SELECT COUNT(*) FROM flights")
except ImportError as e:
    out.append(str(e))
    out.append(e._render_traceback_())
json.dumps(out)`
  );
  const message =
    "select_df() needs pandas, which is not installed in this Python. In a JupyterLite notebook run '%pip install pandas' " +
    'in a cell, then run this cell again (in CPython: pip install pandas). Or use con.execute(sql).fetchall() for plain Python rows.';
  expect(got).toEqual([message, message, [`ImportError: ${message}`]]);
});
