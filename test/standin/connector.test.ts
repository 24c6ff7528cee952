// Queries through the real @heavyai/connector against the stand-in, compared with DuckDB's
// own answers (referenceQuery) — values, types, NULLs, limits, large BIGINTs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import { Engine, referenceQuery } from '../../heavydb-standin/engine.ts';
import type { IReferenceResult } from '../../heavydb-standin/engine.ts';
import {
  conWithSession,
  int64ToBigInt,
  toReferenceValue
} from '../../heavydb-standin/testkit.ts';
import type { DbCon, ITimedResult } from '../../heavydb-standin/testkit.ts';

let standin: IStandin;
let con: DbCon;
let reference: Engine; // a separate, freshly seeded DuckDB: DuckDB's own answers

before(async () => {
  standin = await startStandin({ port: 0, sessions: ['sess-connector'] });
  con = conWithSession(standin.port, 'sess-connector');
  reference = await Engine.open();
});
after(async () => {
  reference.close();
  await standin.close();
});

/** Runs `sql` via the connector and asserts it equals DuckDB's answer, types included. */
async function assertSameAsDuckDB(
  sql: string,
  options: Record<string, unknown> = {},
  refSql = sql
) {
  const got: ITimedResult = await con.queryAsync(sql, {
    ...options,
    returnTiming: true
  });
  const ref: IReferenceResult = await referenceQuery(refSql, reference);
  assert.deepEqual(
    got.fields.map(f => [f.name, f.type]),
    ref.columns.map(c => [c.name, c.type])
  );
  const rows = got.results.map(row =>
    got.fields.map(f => toReferenceValue(f.type, row[f.name]))
  );
  const expected = ref.rows.map(row =>
    row.map((v, i) =>
      ref.columns[i].type === 'DECIMAL' && v !== null ? Number(v) : v
    )
  );
  assert.deepEqual(rows, expected);
  return { got, ref };
}

describe('sample tables through the connector (session ID)', () => {
  for (const columnarResults of [true, false]) {
    const layout = columnarResults ? 'columnar' : 'row-wise';
    test(`all_types, ${layout}: every type and NULL matches DuckDB`, async () => {
      const { ref } = await assertSameAsDuckDB(
        'SELECT * FROM all_types ORDER BY id',
        { columnarResults }
      );
      assert.deepEqual(
        ref.columns.map(c => c.type),
        [
          'INT',
          'BOOL',
          'SMALLINT',
          'INT',
          'BIGINT',
          'FLOAT',
          'DOUBLE',
          'DECIMAL',
          'STR',
          'DATE',
          'TIME',
          'TIMESTAMP'
        ]
      );
      assert.equal(ref.rows.length, 5);
      assert.ok(
        ref.rows.some(r => r.slice(1).every(v => v === null)),
        'an all-NULL row exists'
      );
    });
    test(`tweets, ${layout}: unicode, quotes, newlines and NULLs survive`, async () => {
      const { got } = await assertSameAsDuckDB(
        'SELECT * FROM tweets ORDER BY tweet_id',
        { columnarResults }
      );
      const texts = got.results.map(r => r.tweet_text);
      assert.ok(texts.includes('東京タワーが見える 🗼'));
      assert.ok(texts.includes('He said "hello" and it\'s fine'));
      assert.ok(texts.includes('first line\nsecond line\n\tindented'));
      assert.ok(texts.includes(columnarResults ? null : 'NULL'));
    });
    test(`flights, ${layout}: first rows match DuckDB`, async () => {
      await assertSameAsDuckDB(
        'SELECT * FROM flights ORDER BY flight_id LIMIT 200',
        { columnarResults }
      );
    });
  }

  test('BIGINT beyond 2^53 arrives exactly', async () => {
    const rows = await con.queryAsync(
      'SELECT bi FROM all_types WHERE id IN (2, 3) ORDER BY id'
    );
    assert.equal(int64ToBigInt(rows[0].bi), 9007199254740993n);
    assert.equal(int64ToBigInt(rows[1].bi), -9223372036854775807n);
  });

  test('the 1M-row COUNT(*) is right', async () => {
    const rows = await con.queryAsync('SELECT COUNT(*) AS n FROM flights');
    assert.equal(int64ToBigInt(rows[0].n), 1_000_000n);
  });

  test('aggregates match DuckDB', async () => {
    await assertSameAsDuckDB(
      'SELECT carrier, COUNT(*) AS n, SUM(distance) AS total, AVG(dep_delay) AS avg_delay, MIN(dep_time) AS first_dep ' +
        'FROM flights GROUP BY carrier ORDER BY carrier'
    );
  });

  test('limit (first_n) is honoured in both layouts, and -1 means all', async () => {
    for (const columnarResults of [true, false]) {
      await assertSameAsDuckDB(
        'SELECT * FROM flights ORDER BY flight_id',
        { limit: 25, columnarResults },
        'SELECT * FROM flights ORDER BY flight_id LIMIT 25'
      );
      const none = await con.queryAsync('SELECT * FROM flights', {
        limit: 0,
        columnarResults
      });
      assert.equal(none.length, 0);
    }
    const all = await con.queryAsync('SELECT * FROM tweets', { limit: -1 });
    assert.equal(all.length, 8);
  });

  test('timing is filled and the nonce is echoed', async () => {
    const client = con._client[0];
    const res = await client.sql_execute(
      'sess-connector',
      'SELECT 1 AS one',
      true,
      'nonce-42',
      -1,
      -1
    );
    assert.equal(res.nonce, 'nonce-42');
    assert.ok(int64ToBigInt(res.execution_time_ms) >= 0n);
    assert.ok(
      int64ToBigInt(res.total_time_ms) >= int64ToBigInt(res.execution_time_ms)
    );
    assert.equal(res.row_set.is_columnar, true);
  });

  test('DECIMAL carries precision and scale, values in real_col as HeavyDB sends them', async () => {
    const client = con._client[0];
    const res = await client.sql_execute(
      'sess-connector',
      'SELECT dec FROM all_types ORDER BY id',
      true,
      '',
      -1,
      -1
    );
    const info = res.row_set.row_desc[0].col_type;
    assert.equal(info.precision, 12);
    assert.equal(info.scale, 2);
    assert.deepEqual(
      res.row_set.columns[0].data.real_col.slice(0, 3),
      [12345.67, -0.05, 9999999999.99]
    );
    assert.deepEqual(res.row_set.columns[0].nulls, [
      false,
      false,
      false,
      true,
      false
    ]);
  });

  test('at_most_n caps the result like HeavyDB', async () => {
    const client = con._client[0];
    await assert.rejects(
      client.sql_execute(
        'sess-connector',
        'SELECT * FROM tweets',
        true,
        '',
        -1,
        3
      ),
      {
        name: 'TDBException',
        error_msg: 'The result contains more rows than the specified cap of 3'
      }
    );
  });

  test('binary protocol works too', async () => {
    const bin = conWithSession(standin.port, 'sess-connector', true);
    const rows = await bin.queryAsync(
      'SELECT s, ts FROM all_types WHERE id = 2'
    );
    assert.equal(rows[0].s, 'ünïcødé 😀');
    assert.equal(rows[0].ts.toISOString(), '1969-07-20T20:17:40.000Z');
  });
});
