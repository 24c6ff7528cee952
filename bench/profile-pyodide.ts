// Where heavyai_lite's time goes in real Pyodide (npm pyodide in a module Worker, Chromium) for
// the 1M-row `flights` result: runs the Python of `bench/profile_pyodide.py` against a stand-in
// process, with this checkout's py/heavyai_lite copied into Pyodide's file system (no site
// build needed), and prints the phases it timed.
//
//   node --import tsx bench/profile-pyodide.ts [site folder for the origin, default _output]
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { conWithSession } from '../heavydb-standin/testkit.ts';
import {
  freshContext,
  launch,
  ROOT,
  sessionId,
  startStandinProcess
} from './lib';
import {
  callPyodide,
  runPythonJson,
  startPyodide
} from '../ui-tests/pyodide-helpers';
import { TEST_PYODIDE_PATH } from '../ui-tests/ports';
import { serveTestSite } from '../scripts/lib/test-site-config.mjs';

const QUERY = 'SELECT * FROM flights ORDER BY flight_id';
const siteDir = path.resolve(ROOT, process.argv[2] ?? '_output');
// PROFILE_PY_PACKAGE: another checkout's heavyai_lite folder (e.g. main's, for a before/after).
const packageDir =
  process.env.PROFILE_PY_PACKAGE ?? path.join(ROOT, 'py', 'heavyai_lite');
// PROFILE_PY_SCRIPT=whole: only the two whole calls (works with any version of the package).
const scriptName =
  process.env.PROFILE_PY_SCRIPT === 'whole'
    ? 'profile_pyodide_whole.py'
    : 'profile_pyodide.py';
const sources = Object.fromEntries(
  readdirSync(packageDir)
    .filter(name => name.endsWith('.py'))
    .map(name => [name, readFileSync(path.join(packageDir, name), 'utf8')])
);
const script = readFileSync(path.join(ROOT, 'bench', scriptName), 'utf8');

async function main(): Promise<void> {
  const site = await serveTestSite({
    dir: siteDir,
    port: 0,
    mounts: { [TEST_PYODIDE_PATH]: path.join(ROOT, 'node_modules', 'pyodide') },
    extraFiles: {
      [`${TEST_PYODIDE_PATH}runner.mjs`]: path.join(
        ROOT,
        'ui-tests',
        'pages',
        'pyodide-runner.mjs'
      )
    }
  });
  const session = sessionId('profile');
  const standin = await startStandinProcess(
    session,
    site.url.replace(/\/$/, '')
  );
  const browser = await launch();
  try {
    const context = await freshContext(browser);
    const page = await context.newPage();
    await page.goto(`${site.url}jupyter-lite.json`);
    const started = await startPyodide(page);
    console.log(`Pyodide ${started.version} started in ${started.ms} ms`);
    await callPyodide(page, {
      op: 'run',
      code: `import os, json
os.makedirs("/home/pyodide/heavyai_lite", exist_ok=True)
for name, text in json.loads(${JSON.stringify(JSON.stringify(sources))}).items():
    with open("/home/pyodide/heavyai_lite/" + name, "w") as f:
        f.write(text)
import sys; sys.path.insert(0, "/home/pyodide")
"ok"`
    });
    const args = JSON.stringify({ session, port: standin.port });
    // Node's connector on the same stand-in, for the ratio (binary protocol, as in bench/arrow.ts)
    const con = conWithSession(standin.port, session, true);
    await con.queryDFAsync(QUERY);
    const nodeStarted = performance.now();
    const table = await con.queryDFAsync(QUERY);
    console.log(
      `Node queryDFAsync, ${table.numRows} rows${' '.repeat(30)} ${(performance.now() - nodeStarted).toFixed(0)} ms`
    );
    const phases = await runPythonJson<Record<string, number | string>>(
      page,
      `ARGS = ${JSON.stringify(args)}\n${script}`
    );
    for (const [name, value] of Object.entries(phases)) {
      console.log(
        `${name.padEnd(56)} ${typeof value === 'number' ? `${value.toFixed(0)} ms` : value}`
      );
    }
  } finally {
    await browser.close();
    await standin.close();
    await site.close();
  }
}

void main();
