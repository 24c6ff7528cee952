// heavyai_lite in real Pyodide (npm `pyodide`, the version the site's kernel declares), in a module
// Worker started by the site page inside the demo host, after a hand-off: the wheel comes from the
// site's own piplite index and the session from {site}/heavyai/session through the service worker.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Engine, referenceQuery } from '../../heavydb-standin/engine';
import { renderConnectionCell } from '../../src/codegen/connection-cell';
import { expect, test } from '../fixtures';
import {
  callPyodide,
  pyodideReply,
  runPythonJson,
  siteWheelUrl
} from '../pyodide-helpers';
import { SITE_ORIGIN } from '../ports';
import { SITE_DIR } from '../site-dir';
import { sharePyodideSite } from '../pyodide-site';

// One page and one Pyodide for the whole file: Pyodide's start-up is the slow part.
const shared = sharePyodideSite('pyodide');
const { session, connection } = shared;
const frame = () => shared.site().frame;
let reference: Engine;

test.beforeAll(async () => {
  reference = await Engine.open();
  const { started } = shared.site();
  expect(started.version).toBe('314.0.6');
  test.info().annotations.push({
    type: 'pyodide start-up',
    description: `${started.ms} ms`
  });
  console.log(
    `Pyodide ${started.version} started in a module Worker in ${started.ms} ms`
  );
});

test.afterAll(() => reference?.close());

/** Python fragments for the blocking client (sync XHR) and the async one (pyfetch). */
const MODES = {
  sync: { connect: 'heavyai_lite.connect()', call: (expr: string) => expr },
  async: {
    connect: 'await heavyai_lite.connect_async()',
    call: (expr: string) => `(await ${expr})`
  }
} as const;

const asText = (value: unknown) => (value === null ? null : String(value));

test('the wheel installed from the site is the one its piplite index lists, in Pyodide', async () => {
  const facts = await runPythonJson(
    frame(),
    `import json, sys, importlib.metadata as md, heavyai_lite
json.dumps({"platform": sys.platform, "version": heavyai_lite.__version__,
            "requires": md.requires("heavyai-lite")})`
  );
  expect(facts.platform).toBe('emscripten');
  expect(siteWheelUrl(SITE_ORIGIN)).toContain(
    `heavyai_lite-${facts.version}-py3-none-any.whl`
  );
  // piplite (micropip) installs pandas with the client in Pyodide: the default cell's select_df needs it.
  expect(facts.requires).toContain(
    'pandas; sys_platform == "emscripten" or extra == "pandas"'
  );
});

for (const [mode, py] of Object.entries(MODES)) {
  test.describe(`${mode} client in real Pyodide`, () => {
    test("connects with no arguments through the site's heavyai/session, counts equal DuckDB's", async () => {
      const got = await runPythonJson(
        frame(),
        `import json, heavyai_lite
con = ${py.connect}
counts = {}
for table in ("flights", "tweets", "all_types"):
    cur = ${py.call('con.execute("SELECT COUNT(*) FROM " + table)')}
    counts[table] = str(cur.fetchone()[0])
json.dumps({"url": con.site_info["url"], "host": con.host, "port": con.port, "counts": counts})`
      );
      expect(got.url).toBe(`${SITE_ORIGIN}/heavyai/session`);
      expect([got.host, got.port]).toEqual([connection.host, connection.port]);
      for (const table of ['flights', 'tweets', 'all_types']) {
        const expected = (
          await referenceQuery(`SELECT COUNT(*) FROM ${table}`, reference)
        ).rows[0][0];
        expect(got.counts[table], table).toBe(String(expected));
      }
    });

    test('unicode, quotes, newlines and NULLs round-trip as DuckDB has them', async () => {
      const sql =
        'SELECT tweet_id, user_name, tweet_text, lang FROM tweets ORDER BY tweet_id';
      const got = await runPythonJson(
        frame(),
        `import json, heavyai_lite
con = ${py.connect}
cur = ${py.call(`con.execute(${JSON.stringify(sql)})`)}
json.dumps({"names": [d[0] for d in cur.description],
            "rows": [[None if v is None else str(v) for v in row] for row in cur.fetchall()]})`
      );
      const expected = await referenceQuery(sql, reference);
      expect(got.names).toEqual(expected.columns.map(column => column.name));
      expect(got.rows).toEqual(expected.rows.map(row => row.map(asText)));
      expect(got.rows.flat()).toContain(null);
      expect(
        got.rows.flat().some(
          (text: string | null) =>
            // eslint-disable-next-line no-control-regex -- "outside ASCII" starts at \x00
            text !== null && /[^\x00-\x7f]/.test(text)
        )
      ).toBe(true);
    });

    test("bad SQL and a missing table raise DatabaseError with the server's message", async () => {
      const badSql = 'SELECT no_such_column FROM flights';
      const got = await runPythonJson(
        frame(),
        `import json, heavyai_lite
con = ${py.connect}
caught = {}
try:
    ${py.call(`con.execute(${JSON.stringify(badSql)})`)}
except heavyai_lite.Error as e:
    caught["sql"] = [type(e).__name__, isinstance(e, heavyai_lite.DatabaseError), e.error_msg]
try:
    ${py.call('con.table_details("no_such_table")')}
except heavyai_lite.Error as e:
    caught["table"] = [type(e).__name__, isinstance(e, heavyai_lite.DatabaseError), e.error_msg]
json.dumps(caught)`
      );
      const duckdbMessage = await referenceQuery(badSql, reference).then(
        () => 'no error',
        // The stand-in raises DuckDB's message as a TDBException.
        (error: { error_msg?: string; message?: string }) =>
          error.error_msg ?? error.message
      );
      expect(got.sql).toEqual(['DatabaseError', true, duckdbMessage]);
      expect(got.table).toEqual([
        'DatabaseError',
        true,
        'Table/View no_such_table for catalog heavyai does not exist.'
      ]);
    });

    test('list_tables and table_details describe what DuckDB has', async () => {
      const got = await runPythonJson(
        frame(),
        `import json, heavyai_lite
con = ${py.connect}
tables = ${py.call('con.list_tables()')}
details = ${py.call('con.table_details("all_types")')}
json.dumps({"tables": tables, "columns": [[c.name, c.type, c.nullable] for c in details]})`
      );
      const expectedTables = await referenceQuery(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
        reference
      );
      expect(got.tables).toEqual(expectedTables.rows.map(row => row[0]));
      const shape = await referenceQuery(
        'SELECT * FROM all_types LIMIT 0',
        reference
      );
      expect(
        got.columns.map(([name, type]: [string, string]) => [name, type])
      ).toEqual(shape.columns.map(column => [column.name, column.type]));
    });

    test("a 50,000-row fetch equals DuckDB's aggregates (time printed)", async () => {
      const sql =
        'SELECT flight_id, carrier, dep_delay FROM flights ORDER BY flight_id LIMIT 50000';
      const got = await runPythonJson(
        frame(),
        `import json, time, heavyai_lite
con = ${py.connect}
started = time.perf_counter()
cur = ${py.call(`con.execute(${JSON.stringify(sql)})`)}
rows = cur.fetchall()
ms = (time.perf_counter() - started) * 1000
json.dumps({"ms": ms, "rows": len(rows), "rowcount": cur.rowcount,
            "sum": str(sum(r[0] for r in rows)), "nulls": sum(1 for r in rows if r[2] is None),
            "carriers": len({r[1] for r in rows}), "last": [str(rows[-1][0]), rows[-1][1]]})`
      );
      const expected = (
        await referenceQuery(
          `SELECT COUNT(*), SUM(flight_id), COUNT(*) - COUNT(dep_delay), COUNT(DISTINCT carrier), MAX(flight_id) FROM (${sql})`,
          reference
        )
      ).rows[0].map(String);
      expect(
        [got.rows, got.rowcount, got.sum, got.nulls, got.carriers].map(String)
      ).toEqual([
        expected[0],
        expected[0],
        expected[1],
        expected[2],
        expected[3]
      ]);
      expect(got.last[0]).toBe(expected[4]);
      const figure = `${Math.round(got.ms)} ms for 50,000 rows × 3 columns (${mode}, Thrift JSON)`;
      test.info().annotations.push({
        type: `pyodide ${mode} fetch`,
        description: figure
      });
      console.log(`heavyai_lite in Pyodide: ${figure}`);
    });
  });
}

/** The notebook template a user gets: the default of the SQL editor's settings schema. */
function defaultTemplate(): string {
  const schema = JSON.parse(
    readFileSync(
      path.join(__dirname, '..', '..', 'schema', 'sql-editor.json'),
      'utf8'
    )
  );
  return schema.properties.notebookTemplate.default;
}

/**
 * Raw Pyodide has no IPython, so the cell's `%pip install` line is done as piplite does it: each
 * named project must be in the site's piplite index (`pypi/all.json`), whose wheel is installed
 * (already, in beforeAll). Returns the rest of the cell, which runs unchanged.
 */
function pipLineDone(cell: string): string {
  const [first, ...rest] = cell.split('\n');
  const match = /^%pip install (.*)$/.exec(first);
  expect(match, 'the cell starts with a %pip install line').not.toBeNull();
  const projects = match![1]
    .split(/\s+/)
    .filter(word => word && !word.startsWith('-'));
  const index = JSON.parse(
    readFileSync(path.join(SITE_DIR, 'pypi', 'all.json'), 'utf8')
  );
  expect(projects.length).toBeGreaterThan(0);
  for (const project of projects) {
    expect(
      Object.keys(index),
      `${project} is in the site's piplite index`
    ).toContain(project);
  }
  return rest.join('\n');
}

const PANDAS_MISSING =
  "select_df() needs pandas, which is not installed in this Python. In a JupyterLite notebook run '%pip install pandas' " +
  'in a cell, then run this cell again (in CPython: pip install pandas). Or use con.execute(sql).fetchall() for plain Python rows.';

test.describe("the workspace notebook's connection cell in real Pyodide", () => {
  const values = {
    protocol: 'http',
    host: connection.host,
    port: connection.port
  };

  test("without a query it connects and lists DuckDB's tables; the cell holds no session ID", async () => {
    const cell = renderConnectionCell(
      defaultTemplate(),
      { ...values, query: '' },
      session
    );
    expect(cell).not.toContain(session);
    const tables = await callPyodide(frame(), {
      op: 'run',
      code: pipLineDone(cell)
    });
    const expected = await referenceQuery(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name",
      reference
    );
    expect(tables).toEqual(expected.rows.map(row => row[0]));
  });

  test('with a query and no pandas (offline), select_df says exactly what the user must do', async () => {
    const query =
      "SELECT carrier, COUNT(*) AS n FROM flights WHERE origin <> 'it''s' GROUP BY 1";
    const cell = renderConnectionCell(
      defaultTemplate(),
      { ...values, query },
      session
    );
    expect(cell).not.toContain(session);
    expect(cell).toContain('con.select_df(');
    const reply = await pyodideReply(frame(), {
      op: 'run',
      code: pipLineDone(cell)
    });
    expect(reply.ok).toBe(false);
    // The last line of Python's traceback: the exception the notebook shows the user.
    expect(reply.error!.trim().split('\n').pop()).toBe(
      `ImportError: ${PANDAS_MISSING}`
    );
  });
});
