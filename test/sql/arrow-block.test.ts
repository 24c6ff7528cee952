// The grid's reading of Arrow results, on the Arrow tables the stand-in sends (apache-arrow 7,
// the version bundled in the connector), compared with DuckDB's own answers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { tableFromIPC } from 'apache-arrow';

import { Engine, referenceQuery } from '../../heavydb-standin/engine';
import {
  arrowBlock,
  decimalText,
  type IArrowTableLike
} from '../../src/sql/arrow-block';
import { rowsBlock } from '../../src/sql/result-block';

let engine: Engine;
before(async () => (engine = await Engine.open()));
after(() => engine.close());

async function block(sql: string) {
  const { ipc } = await engine.executeArrow(sql);
  return arrowBlock(tableFromIPC(ipc) as unknown as IArrowTableLike);
}

/** The reference-cli encoding as the grid shows it. */
function shown(
  type: string,
  v: null | boolean | number | string
): string | null {
  if (v === null) {
    return null;
  }
  if (type === 'TIMESTAMP') {
    return String(v).replace('T', ' ');
  }
  return String(v);
}

test('every type of all_types reads as DuckDB answers it, exactly (BIGINT, DECIMAL) and with NULLs', async () => {
  const sql = 'SELECT * FROM all_types ORDER BY id';
  const b = await block(sql);
  const ref = await referenceQuery(sql, engine);
  assert.deepEqual(
    b.fields.map(f => [f.name, f.type]),
    ref.columns.map(c => [c.name, c.type])
  );
  const cells = ref.rows.map((_, r) => ref.columns.map((_, c) => b.text(r, c)));
  assert.deepEqual(
    cells,
    ref.rows.map(row => row.map((v, c) => shown(ref.columns[c].type, v)))
  );
  assert.equal(b.text(1, 4), '9007199254740993');
  assert.equal(b.text(2, 4), '-9223372036854775807');
  assert.equal(b.text(1, 7), '-0.05');
  assert.equal(b.length, 5);
});

test('tweets: text, doubles, timestamps before 1970', async () => {
  const sql = 'SELECT * FROM tweets ORDER BY tweet_id';
  const b = await block(sql);
  const ref = await referenceQuery(sql, engine);
  assert.deepEqual(
    ref.rows.map((_, r) => ref.columns.map((_, c) => b.text(r, c))),
    ref.rows.map(row => row.map((v, c) => shown(ref.columns[c].type, v)))
  );
});

test('bytes count the buffers: a million flights rows fit the default 256 MB budget', async () => {
  const sample = await block('SELECT * FROM flights LIMIT 1000');
  const perRow = sample.bytes / sample.length;
  assert.ok(perRow > 20 && perRow < 100, `bytes per row ${perRow}`);
  assert.ok(perRow * 1_000_000 < 256 * 1_048_576);
});

test('decimal128 words as text', () => {
  assert.equal(decimalText(Uint32Array.of(1234567, 0, 0, 0), 2), '12345.67');
  assert.equal(
    decimalText(
      Uint32Array.of(0xfffffffb, 0xffffffff, 0xffffffff, 0xffffffff),
      2
    ),
    '-0.05'
  );
  assert.equal(decimalText(Uint32Array.of(5, 0, 0, 0), 0), '5');
});

test('Thrift rows: NULLs, and integers the browser connector rounded are marked approximate', () => {
  const b = rowsBlock(
    [
      [1, null, 9007199254740992],
      [2, 'x', 12]
    ],
    [
      { name: 'a', type: 'INT' },
      { name: 's', type: 'STR' },
      { name: 'bi', type: 'BIGINT' }
    ]
  );
  assert.equal(b.text(0, 1), null);
  assert.equal(b.text(0, 2), '≈9007199254740992');
  assert.equal(b.text(1, 2), '12');
});
