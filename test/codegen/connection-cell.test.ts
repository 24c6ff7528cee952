import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import {
  DEFAULT_NOTEBOOK_TEMPLATE,
  renderConnectionCell
} from '../../src/codegen/connection-cell';
import { parseSettings } from '../../src/sql/default-connection';

const SESSION = 'sess-Zq7SECRET-abc123';
const HOSTILE = [
  "SELECT 'it''s' AS \"q\" FROM t",
  'SELECT """triple""" -- \'\'\'',
  'back\\slash \\n not a newline \\',
  'line1\nline2\r\nline3\ttab',
  'ünïcode ✈ 日本語 😀 \u202e bidi \u0000 nul \u2028 sep',
  "'); import os; os.system('x'); ('",
  ''
];

function python(code: string): string | undefined {
  try {
    return execFileSync('python3', ['-c', code], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

test('default template: select_df with the query, or list_tables', () => {
  const withQuery = renderConnectionCell(
    DEFAULT_NOTEBOOK_TEMPLATE,
    { query: 'SELECT 1' },
    SESSION
  );
  assert.match(
    withQuery,
    /^%pip install -q heavyai-lite\nimport heavyai_lite\ncon = heavyai_lite.connect\(\)/
  );
  assert.ok(withQuery.endsWith("con.select_df('SELECT 1')"));
  assert.ok(
    renderConnectionCell(DEFAULT_NOTEBOOK_TEMPLATE, { query: '  ' }).endsWith(
      'con.list_tables()'
    )
  );
});

test('no session ID ever, even when the template or the query try to include it', () => {
  const template = '{{session}} {{action}} {{host}} {{query}}';
  const cell = renderConnectionCell(
    template,
    { query: `SELECT '${SESSION}'`, host: 'db' },
    SESSION
  );
  assert.ok(!cell.includes(SESSION));
  const plain = renderConnectionCell(
    DEFAULT_NOTEBOOK_TEMPLATE,
    { query: 'SELECT 1', host: 'h', port: 443 },
    SESSION
  );
  assert.ok(!plain.includes(SESSION));
});

test('placeholders become literals; unknown ones None', () => {
  const cell = renderConnectionCell(
    '{{protocol}} {{host}} {{port}} {{database}} {{nope}}',
    { query: '', protocol: 'https', host: "h'x", port: 6274, database: '' }
  );
  assert.equal(cell, "'https' 'h\\'x' 6274 None None");
});

test('hostile queries round-trip through Python and the cell parses', () => {
  for (const query of HOSTILE) {
    const cell = renderConnectionCell(DEFAULT_NOTEBOOK_TEMPLATE, { query });
    const code = cell
      .split('\n')
      .filter(line => !line.startsWith('%'))
      .join('\n');
    const script = [
      'import ast, sys, json',
      `src = json.loads(${JSON.stringify(JSON.stringify(code))})`,
      'tree = ast.parse(src)',
      'calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "attr", "") == "select_df"]',
      'arg = ast.literal_eval(calls[0].args[0]) if calls else ""',
      'sys.stdout.write(json.dumps(arg))'
    ].join('\n');
    const out = python(script);
    if (out === undefined) {
      return; // no python3 here: the UI test covers it
    }
    assert.equal(JSON.parse(out), query.trim() ? query : '');
  }
});

test('settings fall back to defaults on bad values', () => {
  const s = parseSettings({
    blockSize: -3,
    kernelName: 7,
    notebookTemplate: '',
    connection: { host: 'bad host/x', port: 80 }
  });
  assert.equal(s.blockSize, 50000);
  assert.equal(s.kernelName, 'python');
  assert.equal(s.notebookTemplate, '', 'the default template');
  assert.equal(
    renderConnectionCell(s.notebookTemplate, { query: 'SELECT 1' }),
    renderConnectionCell(DEFAULT_NOTEBOOK_TEMPLATE, { query: 'SELECT 1' })
  );
  assert.equal(s.connection, null);
  const ok = parseSettings({
    blockSize: 1000,
    connection: {
      protocol: 'https',
      host: 'db.example.com',
      port: 443,
      user: 'u'
    }
  });
  assert.deepEqual(ok.connection, {
    protocol: 'https',
    host: 'db.example.com',
    port: 443,
    database: 'heavyai',
    user: 'u'
  });
  assert.equal(ok.blockSize, 1000);
});

test('a session holding quotes or backslashes never reaches the cell, escaped or not (issue 12)', () => {
  const sessions = [
    "ab'cd-Zq7SECRET",
    'ab\\cd-Zq7SECRET',
    'x\\\'y"z-Zq7SECRET',
    "'''-Zq7SECRET\\\\",
    '\\x41-Zq7SECRET'
  ];
  const evalInPython = (cell: string): string[] | undefined => {
    const code = cell
      .split('\n')
      .filter(line => !line.startsWith('%'))
      .join('\n');
    const out = python(
      [
        'import ast, sys, json',
        `tree = ast.parse(json.loads(${JSON.stringify(JSON.stringify(code))}))`,
        'sys.stdout.write(json.dumps([n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]))'
      ].join('\n')
    );
    return out === undefined ? undefined : JSON.parse(out);
  };
  for (const session of sessions) {
    const template =
      '{{action}}\nq = {{query}}\nh = {{host}}\nd = {{database}}\nn = {{port}}\np = {{protocol}}';
    const carriers = [
      { query: `SELECT '${session}'` },
      { query: 'SELECT 1', host: session },
      { query: 'SELECT 1', database: `db${session}` },
      { query: 'SELECT 1', protocol: session }
    ];
    for (const values of carriers) {
      const cell = renderConnectionCell(template, values, session);
      assert.ok(!cell.includes(session), 'verbatim');
      assert.ok(
        !cell.includes(session.replace(/\\/g, '\\\\').replace(/'/g, "\\'")),
        'escaped'
      );
      const strings = evalInPython(cell);
      if (strings !== undefined) {
        assert.ok(
          !strings.some(text => text.includes(session)),
          `no Python string of the cell holds the session: ${JSON.stringify(strings)}`
        );
      }
      assert.match(cell, /left out because they contain the session ID/);
    }
    // A query without the session is kept as it is.
    const kept = renderConnectionCell(
      DEFAULT_NOTEBOOK_TEMPLATE,
      { query: "SELECT 'it''s'" },
      session
    );
    assert.ok(kept.endsWith("con.select_df('SELECT \\'it\\'\\'s\\'')"));
  }
});
