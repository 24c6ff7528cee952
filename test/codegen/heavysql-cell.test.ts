import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import {
  DEFAULT_NOTEBOOK_TEMPLATE,
  LOAD_MAGIC_LINE
} from '../../src/codegen/connection-cell';
import {
  escapeHeavysqlBraces,
  heavysqlCellSource
} from '../../src/codegen/heavysql-cell';
import { workspaceCells } from '../../src/codegen/workspace-cells';

const SESSION = 'sess-Zq7SECRET-abc123';

/** What the magic's `{{`/`}}` rule reads back: the inverse of the escape. */
function unescapeBraces(text: string): string {
  return text.replace(/\{\{|\}\}/g, pair => pair[0]);
}

const HOSTILE = [
  'SELECT 1',
  "SELECT '{name}' AS s, '{{x}}' AS t, '}{' AS u FROM t WHERE a = '{'",
  'SELECT "it\'s" FROM t -- """ \'\'\' \\ \\n',
  'SELECT 1\n%%heavysql other\n%pip install evil\n%%bash\nrm -rf /',
  '\n  SELECT 1  \r\n\tFROM t\n\n',
  "'); import os; os.system('x'); ('",
  'ünïcode ✈ 日本語 😀 \u202e bidi \u2028 sep'
];

test('a %%heavysql df cell holds the statement exactly, braces doubled', () => {
  for (const sql of HOSTILE) {
    const cell = heavysqlCellSource(sql);
    const [first, ...rest] = cell.split('\n');
    assert.equal(first, '%%heavysql df');
    const body = rest.join('\n');
    assert.equal(unescapeBraces(body), sql);
    // No single brace survives: the magic sees no `{name}` field.
    assert.doesNotMatch(body.replace(/\{\{|\}\}/g, ''), /[{}]/);
  }
  assert.equal(escapeHeavysqlBraces('{a}}'), '{{a}}}}');
  assert.equal(
    heavysqlCellSource('SELECT 1', 'frame'),
    '%%heavysql frame\nSELECT 1'
  );
});

test('the workspace notebook: the connection cell, then the query in a %%heavysql df cell', () => {
  const cells = workspaceCells(
    DEFAULT_NOTEBOOK_TEMPLATE,
    { query: "SELECT '{x}'", host: 'db', port: 443, protocol: 'https' },
    SESSION
  );
  assert.deepEqual(
    cells.map(c => c.id),
    ['heavyai-connection', 'heavyai-query']
  );
  const [connection, query] = cells;
  const lines = connection.source.split('\n');
  assert.ok(
    lines.indexOf(LOAD_MAGIC_LINE) > lines.indexOf('import heavyai_lite'),
    'the magic is loaded after the import'
  );
  assert.ok(connection.source.endsWith('con.list_tables()'));
  assert.ok(!connection.source.includes('select_df'), 'the query runs once');
  assert.equal(query.source, "%%heavysql df\nSELECT '{{x}}'");
  assert.ok(!JSON.stringify(cells).includes(SESSION));
});

test('no query, or a query carrying the session ID: no query cell', () => {
  assert.deepEqual(
    workspaceCells(DEFAULT_NOTEBOOK_TEMPLATE, { query: '  ' }, SESSION).map(
      c => c.id
    ),
    ['heavyai-connection']
  );
  const leaking = workspaceCells(
    DEFAULT_NOTEBOOK_TEMPLATE,
    { query: `SELECT '${SESSION}'` },
    SESSION
  );
  assert.deepEqual(
    leaking.map(c => c.id),
    ['heavyai-connection']
  );
  assert.ok(!JSON.stringify(leaking).includes(SESSION));
});

test("the schema's default template is the code's", () => {
  const schema = JSON.parse(
    readFileSync(
      path.join(__dirname, '..', '..', 'schema', 'sql-editor.json'),
      'utf8'
    )
  );
  assert.equal(
    schema.properties.notebookTemplate.default,
    DEFAULT_NOTEBOOK_TEMPLATE
  );
});

test('the connection cell stays plain Python: the magic line is skipped outside IPython', () => {
  const code = [
    'import types, sys',
    "sys.modules['heavyai_lite'] = types.ModuleType('heavyai_lite')",
    LOAD_MAGIC_LINE,
    "print('ok')"
  ].join('\n');
  let out: string;
  try {
    out = execFileSync('python3', ['-c', code], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return; // no python3 here: the Pyodide UI test runs the cell
    }
    throw error;
  }
  assert.equal(out, 'ok\n');
});

test('under IPython the magic line loads the heavyai_lite extension', () => {
  const code = [
    'import types, sys',
    'try:',
    '    from IPython.core.interactiveshell import InteractiveShell',
    'except ImportError:',
    "    raise SystemExit('IPython is needed for this test')",
    "module = types.ModuleType('heavyai_lite')",
    'module.load_ipython_extension = lambda ip: print("loaded")',
    "sys.modules['heavyai_lite'] = module",
    'shell = InteractiveShell.instance()',
    `result = shell.run_cell(${JSON.stringify(LOAD_MAGIC_LINE)})`,
    'result.raise_error()'
  ].join('\n');
  let out: string;
  try {
    out = execFileSync('python3', ['-c', code], { encoding: 'utf8' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw error;
  }
  assert.equal(out.trim(), 'loaded');
});
