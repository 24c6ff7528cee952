// sql_execute_df (Arrow over the wire) through the real @heavyai/connector, compared with
// DuckDB's own answers (referenceQuery): values, HeavyDB's Arrow types, NULLs, first_n, refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DataType, tableFromIPC } from 'apache-arrow';
import type { Table } from 'apache-arrow';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import { Engine, referenceQuery } from '../../heavydb-standin/engine.ts';
import { isReadQuery } from '../../heavydb-standin/handler.ts';
import {
  conWithSession,
  int64ToBigInt
} from '../../heavydb-standin/testkit.ts';
import type { DbCon } from '../../heavydb-standin/testkit.ts';

const SESSION = 'sess-arrow';
const CPU = 0;
const SHARED_MEMORY = 0;
const WIRE = 1;

let standin: IStandin;
let refusing: IStandin;
let con: DbCon;
let binary: DbCon;
let reference: Engine;

before(async () => {
  standin = await startStandin({ port: 0, sessions: [SESSION] });
  refusing = await startStandin({
    port: 0,
    sessions: [SESSION],
    refuseArrow: true
  });
  con = conWithSession(standin.port, SESSION);
  binary = conWithSession(standin.port, SESSION, true);
  reference = await Engine.open();
});
after(async () => {
  reference.close();
  await Promise.all([standin.close(), refusing.close()]);
});

/** The HeavyDB type name an Arrow column stands for (see heavydb-standin/arrow.ts). */
function heavyType(type: DataType): string {
  if (DataType.isBool(type)) {
    return 'BOOL';
  }
  if (DataType.isInt(type)) {
    return (
      { 16: 'SMALLINT', 32: 'INT', 64: 'BIGINT' } as Record<number, string>
    )[type.bitWidth];
  }
  if (DataType.isFloat(type)) {
    return type.precision === 1 ? 'FLOAT' : 'DOUBLE';
  }
  if (DataType.isDecimal(type)) {
    return 'DECIMAL';
  }
  if (DataType.isDictionary(type) && DataType.isUtf8(type.dictionary)) {
    return 'STR';
  }
  if (DataType.isDate(type)) {
    return 'DATE';
  }
  if (DataType.isTime(type)) {
    return 'TIME';
  }
  if (DataType.isTimestamp(type)) {
    return 'TIMESTAMP';
  }
  return `unexpected ${type}`;
}

/** An unscaled decimal128 (four little-endian 32-bit words) as a decimal string. */
function decimalText(words: Uint32Array, scale: number): string {
  let u = 0n;
  for (let i = 3; i >= 0; i--) {
    u = (u << 32n) | BigInt(words[i]);
  }
  const v = BigInt.asIntN(128, u);
  const digits = (v < 0n ? -v : v).toString().padStart(scale + 1, '0');
  const body =
    scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return v < 0n ? `-${body}` : body;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** An Arrow value in the reference-cli encoding. */
function referenceValue(
  type: DataType,
  v: unknown
): null | boolean | number | string {
  if (v === null || v === undefined) {
    return null;
  }
  const name = heavyType(type);
  switch (name) {
    case 'BIGINT':
      return (v as bigint).toString();
    case 'DECIMAL':
      return decimalText(
        v as Uint32Array,
        (type as unknown as { scale: number }).scale
      );
    case 'DATE':
      return iso(v instanceof Date ? v.getTime() : Number(v)).slice(0, 10);
    case 'TIME':
      return iso(Number(v) * 1000).slice(11, 19);
    case 'TIMESTAMP':
      return iso(Number(v)).slice(0, 19);
    default:
      return v as boolean | number | string;
  }
}

function rowsOf(table: Table): (null | boolean | number | string)[][] {
  const columns = table.schema.fields.map((f, i) => ({
    type: f.type,
    vector: table.getChildAt(i)!
  }));
  const rows = [];
  for (let r = 0; r < table.numRows; r++) {
    rows.push(columns.map(c => referenceValue(c.type, c.vector.get(r))));
  }
  return rows;
}

async function assertSameAsDuckDB(table: Table, refSql: string): Promise<void> {
  const ref = await referenceQuery(refSql, reference);
  assert.deepEqual(
    table.schema.fields.map(f => [f.name, heavyType(f.type)]),
    ref.columns.map(c => [c.name, c.type])
  );
  assert.deepEqual(rowsOf(table), ref.rows);
}

/** sql_execute_df through the connector's own Thrift wrapper, for arguments queryDFAsync fixes. */
function executeDf(
  c: DbCon,
  sql: string,
  firstN = -1,
  transport = WIRE,
  device = CPU
): Promise<any> {
  return c.wrapThrift(
    'sql_execute_df',
    c.overSingleClient,
    (args: unknown[]) => args
  )(sql, device, 0, firstN, transport);
}

describe('sql_execute_df (WIRE) through the connector', () => {
  const tables = [
    ['all_types', 'SELECT * FROM all_types ORDER BY id'],
    ['tweets', 'SELECT * FROM tweets ORDER BY tweet_id'],
    [
      'flights (first 2,000 rows)',
      'SELECT * FROM flights ORDER BY flight_id LIMIT 2000'
    ]
  ];
  for (const [name, sql] of tables) {
    for (const [protocol, c] of [
      ['JSON', () => con],
      ['binary', () => binary]
    ] as const) {
      test(`${name} over ${protocol} Thrift: queryDFAsync equals DuckDB, types as HeavyDB sends them`, async () => {
        await assertSameAsDuckDB(await c().queryDFAsync(sql), sql);
      });
    }
  }

  test("every sample table is covered, with HeavyDB's Arrow types", async () => {
    const names = (await con.getTablesAsync())
      .map((t: { name: string }) => t.name)
      .sort();
    assert.deepEqual(names, ['all_types', 'flights', 'tweets']);
    const table: Table = await con.queryDFAsync(
      'SELECT * FROM all_types ORDER BY id'
    );
    assert.deepEqual(
      table.schema.fields.map(f => String(f.type)),
      [
        'Int32',
        'Bool',
        'Int16',
        'Int32',
        'Int64',
        'Float32',
        'Float64',
        'Decimal[12e+2]',
        'Dictionary<Int32, Utf8>',
        'Date32<DAY>',
        'Time32<SECOND>',
        'Timestamp<SECOND>'
      ]
    );
  });

  test("the whole 1M-row flights table arrives, with aggregates equal to DuckDB's", async () => {
    const table: Table = await binary.queryDFAsync(
      'SELECT flight_id, dep_delay, carrier FROM flights'
    );
    assert.equal(table.numRows, 1_000_000);
    let sum = 0n;
    let nulls = 0;
    const ids = table.getChild('flight_id')!;
    const delays = table.getChild('dep_delay')!;
    for (let r = 0; r < table.numRows; r++) {
      sum += ids.get(r) as bigint;
      if (delays.get(r) === null) {
        nulls++;
      }
    }
    const ref = await referenceQuery(
      'SELECT SUM(flight_id)::BIGINT AS s, COUNT(*) - COUNT(dep_delay) AS n FROM flights',
      reference
    );
    assert.deepEqual(
      [sum.toString(), nulls],
      [ref.rows[0][0], Number(ref.rows[0][1])]
    );
  });

  test('BIGINT beyond 2^53 arrives exactly', async () => {
    const table: Table = await con.queryDFAsync(
      'SELECT bi FROM all_types WHERE id IN (2, 3) ORDER BY id'
    );
    assert.deepEqual([...table.getChild('bi')!].map(String), [
      '9007199254740993',
      '-9223372036854775807'
    ]);
  });

  test('first_n keeps the first rows; -1 means all; 0 gives the schema with no rows', async () => {
    const five = tableFromIPC(
      Buffer.from(
        (await executeDf(con, 'SELECT * FROM flights ORDER BY flight_id', 5))
          .df_buffer
      )
    );
    await assertSameAsDuckDB(
      five,
      'SELECT * FROM flights ORDER BY flight_id LIMIT 5'
    );
    const all = tableFromIPC(
      Buffer.from((await executeDf(con, 'SELECT * FROM tweets', -1)).df_buffer)
    );
    assert.equal(all.numRows, 8);
    const none = tableFromIPC(
      Buffer.from((await executeDf(con, 'SELECT * FROM tweets', 0)).df_buffer)
    );
    assert.equal(none.numRows, 0);
    assert.equal(none.schema.fields.length, 7);
  });

  test('timings are filled', async () => {
    const df = await executeDf(con, 'SELECT * FROM flights LIMIT 50000');
    assert.ok(int64ToBigInt(df.execution_time_ms) >= 0n);
    assert.ok(int64ToBigInt(df.arrow_conversion_time_ms) >= 0n);
    assert.ok(
      int64ToBigInt(df.arrow_conversion_time_ms) +
        int64ToBigInt(df.execution_time_ms) >
        0n
    );
    assert.equal(
      Number(int64ToBigInt(df.df_size)),
      Buffer.from(df.df_buffer).length
    );
  });

  test('returnTiming gives the server execution time', async () => {
    const timed = await con.queryDFAsync('SELECT 1 AS one', {
      returnTiming: true
    });
    assert.equal(timed.results.numRows, 1);
    assert.ok(Number(timed.timing.execution_time_ms) >= 0);
  });
});

describe('sql_execute_df refusals', () => {
  test("DDL and DML are refused with HeavyDB's wording, and nothing is changed", async () => {
    for (const sql of [
      'CREATE TABLE t_df (a INT)',
      'INSERT INTO tweets VALUES (99, NULL, NULL, NULL, NULL, NULL, NULL)',
      'DELETE FROM tweets',
      'EXPLAIN SELECT 1'
    ]) {
      await assert.rejects(
        con.queryDFAsync(sql),
        {
          name: 'TDBException',
          error_msg:
            'DDL or update DML are not unsupported by current thrift API'
        },
        sql
      );
    }
    const rows = await con.queryAsync('SELECT COUNT(*) AS n FROM tweets');
    assert.equal(Number(int64ToBigInt(rows[0].n)), 8);
  });

  test('SHARED_MEMORY and GPU are refused with a clear TDBException', async () => {
    await assert.rejects(
      executeDf(con, 'SELECT 1', -1, SHARED_MEMORY),
      (err: any) =>
        err.name === 'TDBException' &&
        /only supports the WIRE Arrow transport/.test(err.error_msg)
    );
    await assert.rejects(executeDf(con, 'SELECT 1', -1, WIRE, 1), {
      name: 'TDBException',
      error_msg: 'GPU mode is not allowed in this session'
    });
  });

  test('an invalid session and a SQL error are TDBExceptions', async () => {
    const stranger = conWithSession(standin.port, 'no-such-session');
    await assert.rejects(stranger.queryDFAsync('SELECT 1'), {
      name: 'TDBException',
      error_msg: 'Session not valid.'
    });
    await assert.rejects(
      con.queryDFAsync('SELECT * FROM no_such_table'),
      (err: any) =>
        err.name === 'TDBException' && /no_such_table/.test(err.error_msg)
    );
  });

  test('a stand-in started with refuseArrow refuses sql_execute_df but still answers sql_execute', async () => {
    const other = conWithSession(refusing.port, SESSION);
    await assert.rejects(other.queryDFAsync('SELECT 1 AS one'), {
      name: 'TDBException',
      error_msg: 'The HeavyDB stand-in does not support sql_execute_df.'
    });
    const rows = await other.queryAsync('SELECT 1 AS one');
    assert.equal(Number(int64ToBigInt(rows[0].one)), 1);
  });

  test('isReadQuery tells read queries from the rest', () => {
    for (const sql of [
      'SELECT 1',
      '  select 1',
      '(SELECT 1)',
      'WITH a AS (SELECT 1) SELECT * FROM a',
      '-- c\nSELECT 1',
      '/* c */ SELECT 1',
      'VALUES (1)'
    ]) {
      assert.equal(isReadQuery(sql), true, sql);
    }
    for (const sql of [
      'CREATE TABLE x (a INT)',
      'INSERT INTO x VALUES (1)',
      'UPDATE x SET a = 1',
      'DROP TABLE x',
      'EXPLAIN SELECT 1',
      'selected',
      ''
    ]) {
      assert.equal(isReadQuery(sql), false, sql);
    }
  });
});
