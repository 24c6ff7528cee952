// The CLI contract (ready line, signals, exit codes) and reference-cli's output format.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { conWithSession } from '../../heavydb-standin/testkit.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = /^heavydb stand-in ready: (http:\/\/127\.0\.0\.1:(\d+)\/)$/;
const children: ChildProcess[] = [];

function run(script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  children.push(child);
  return child;
}

async function output(
  child: ChildProcess
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d;
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  const [code] = await once(child, 'exit');
  return { code, stdout, stderr };
}

after(() => {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
    }
  }
});

test('cli: prints the ready line, serves queries, exits 0 on SIGTERM; a busy port fails', async () => {
  const child = run('heavydb-standin/cli.ts', [
    '--port',
    '0',
    '--session',
    's1'
  ]);
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  rl.on('line', l => lines.push(l));
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d;
  });
  const exited = once(child, 'exit');
  const [first] = (await once(rl, 'line')) as [string];
  const m = READY.exec(first);
  assert.ok(m, `unexpected first line: ${first}`);
  const port = Number(m[2]);

  const rows = await conWithSession(port, 's1').queryAsync(
    'SELECT carrier FROM flights ORDER BY flight_id LIMIT 2'
  );
  assert.deepEqual(rows, [{ carrier: 'DL' }, { carrier: 'UA' }]);

  const busy = await output(
    run('heavydb-standin/cli.ts', ['--port', String(port)])
  );
  assert.equal(busy.code, 1);
  assert.match(
    busy.stderr,
    new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`)
  );
  assert.equal(busy.stdout, '');

  child.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.deepEqual(lines, [first], 'exactly one stdout line');
  assert.doesNotMatch(stderr, /s1/, 'the session ID is never logged');
});

test('cli: bad flags exit 1 with a clear message', async () => {
  const results = await Promise.all([
    output(run('heavydb-standin/cli.ts', ['--port', 'seventy'])),
    output(run('heavydb-standin/cli.ts', ['--user', 'no-colon'])),
    output(run('heavydb-standin/cli.ts', ['--frobnicate']))
  ]);
  assert.deepEqual(
    results.map(r => r.code),
    [1, 1, 1]
  );
  assert.match(
    results[0].stderr,
    /--port must be an integer from 0 to 65535, got "seventy"/
  );
  assert.match(
    results[1].stderr,
    /--user expects NAME:PASSWORD, got "no-colon"/
  );
  assert.match(results[2].stderr, /Unknown option '--frobnicate'/);
});

test("reference-cli prints DuckDB's answer in the agreed JSON format", async () => {
  const r = await output(
    run('heavydb-standin/reference-cli.ts', [
      'SELECT * FROM all_types WHERE id IN (2, 4) ORDER BY id'
    ])
  );
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 1);
  const col = (name: string, type: string, precision = 0, scale = 0) => ({
    name,
    type,
    precision,
    scale
  });
  assert.deepEqual(JSON.parse(lines[0]), {
    columns: [
      col('id', 'INT'),
      col('b', 'BOOL'),
      col('si', 'SMALLINT'),
      col('i', 'INT'),
      col('bi', 'BIGINT'),
      col('f', 'FLOAT'),
      col('d', 'DOUBLE'),
      col('dec', 'DECIMAL', 12, 2),
      col('s', 'STR'),
      col('dt', 'DATE'),
      col('tm', 'TIME'),
      col('ts', 'TIMESTAMP')
    ],
    rows: [
      [
        2,
        false,
        -32767,
        -2147483647,
        '9007199254740993',
        -0.25,
        -1e300,
        '-0.05',
        'ünïcødé 😀',
        '1969-07-20',
        '00:00:00',
        '1969-07-20T20:17:40'
      ],
      [4, null, null, null, null, null, null, null, null, null, null, null]
    ]
  });
  const bad = await output(
    run('heavydb-standin/reference-cli.ts', ['SELECT nope'])
  );
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /Binder Error/);
});
