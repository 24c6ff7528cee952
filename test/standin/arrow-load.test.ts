// load_table_binary_arrow on the stand-in: fixed-width Arrow columns (integers, floats,
// timestamps of every unit) go into DuckDB without a JavaScript value per cell; these tests
// check that they land exactly like the per-value path (NULLs, several record batches, BIGINT
// beyond 2^53) and keep HeavyDB's checks: a NULL sentinel or a NaN refuses the whole load.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  Table,
  TimestampMicrosecond,
  TimestampMillisecond,
  TimestampNanosecond,
  TimestampSecond,
  Uint16,
  makeData,
  makeVector,
  tableFromArrays,
  tableToIPC,
  vectorFromArray
} from 'apache-arrow';
import type { DataType, Vector } from 'apache-arrow';
import { Engine, referenceQuery } from '../../heavydb-standin/engine.ts';
import { loadingMethods } from '../../heavydb-standin/loading.ts';
import { Sessions } from '../../heavydb-standin/sessions.ts';

const SESSION = 'arrow-load-test-session';
let engine: Engine;
let load: (table: string, stream: Uint8Array) => Promise<unknown>;

before(async () => {
  engine = await Engine.open();
  const sessions = new Sessions(0);
  sessions.add(SESSION, 'admin', 'heavyai');
  const methods = loadingMethods({ engine, sessions }) as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  load = (table, stream) =>
    methods.load_table_binary_arrow(SESSION, table, Buffer.from(stream), false);
});
after(() => engine.close());

const rows = async (sql: string) => (await referenceQuery(sql, engine)).rows;

/** A vector of `type` holding `values` (null = NULL). */
const column = <T extends DataType>(type: T, values: unknown[]): Vector<T> =>
  vectorFromArray(values, type) as Vector<T>;

/** The same columns, split into two record batches at `at`. */
function twoBatches(columns: Record<string, Vector>, at: number): Table {
  const slice = (from: number, to?: number) =>
    new Table(
      Object.fromEntries(
        Object.entries(columns).map(([name, v]) => [name, v.slice(from, to)])
      )
    );
  return new Table([...slice(0, at).batches, ...slice(at).batches]);
}

test('integers, floats and NULLs in two record batches load exactly', async () => {
  await engine.run(
    'CREATE TABLE fw_numbers (t TINYINT, s SMALLINT, i INTEGER, b BIGINT, f FLOAT, d DOUBLE)'
  );
  const table = twoBatches(
    {
      t: column(new Int8(), [1, null, -127, 127]),
      s: column(new Int16(), [null, 2, -32767, 32767]),
      i: column(new Int32(), [3, null, -2147483647, 2147483647]),
      b: column(new Int64(), [
        9007199254740993n,
        null,
        -(2n ** 63n) + 1n,
        2n ** 63n - 1n
      ]),
      f: column(new Float32(), [1.5, null, -0.25, 3]),
      d: column(new Float64(), [0.1, 2.5, null, -1e300])
    },
    2
  );
  assert.equal(table.batches.length, 2);
  await load('fw_numbers', tableToIPC(table, 'stream'));
  assert.deepEqual(await rows('SELECT * FROM fw_numbers'), [
    [1, null, 3, '9007199254740993', 1.5, 0.1],
    [null, 2, null, null, null, 2.5],
    [-127, -32767, -2147483647, '-9223372036854775807', -0.25, null],
    [127, 32767, 2147483647, '9223372036854775807', 3, -1e300]
  ]);
});

test('rows past the first DuckDB chunk keep their values and NULLs in place', async () => {
  await engine.run('CREATE TABLE fw_long (n INTEGER, x DOUBLE)');
  const count = 5000; // DuckDB appends 2,048 rows per chunk
  const n = Array.from({ length: count }, (_, r) => (r % 7 === 3 ? null : r));
  const x = Array.from({ length: count }, (_, r) =>
    r % 5 === 1 ? null : r / 2
  );
  await load(
    'fw_long',
    tableToIPC(
      twoBatches(
        { n: column(new Int32(), n), x: column(new Float64(), x) },
        3001
      ),
      'stream'
    )
  );
  const expectSum = (values: (number | null)[]) =>
    values.reduce<number>((a, v) => a + (v ?? 0), 0);
  assert.deepEqual(
    await rows('SELECT COUNT(n), SUM(n), COUNT(x), SUM(x) FROM fw_long'),
    [
      [
        String(n.filter(v => v !== null).length),
        String(expectSum(n)),
        String(x.filter(v => v !== null).length),
        expectSum(x)
      ]
    ]
  );
  const at = [2047, 2048, 2049, 3000, 3001, 4096, 4999];
  assert.deepEqual(
    await rows(
      `SELECT n, x FROM (SELECT n, x, row_number() OVER () - 1 AS r FROM fw_long) WHERE r IN (${at.join(',')}) ORDER BY r`
    ),
    at.map(r => [n[r], x[r]])
  );
});

test('timestamps of every Arrow unit land as whole seconds', async () => {
  await engine.run(
    'CREATE TABLE fw_times (s TIMESTAMP, ms TIMESTAMP, us TIMESTAMP, ns TIMESTAMP)'
  );
  // 2024-01-02 03:04:05.678 UTC and 1969-12-31 23:59:59.5 (before the epoch: rounds down)
  const seconds = [1704164645n, -1n];
  const stamps = (unit: bigint, type: DataType, fraction: bigint[]) =>
    makeVector(
      makeData({
        type,
        length: 3,
        nullCount: 1,
        nullBitmap: Uint8Array.of(0b011),
        data: new Int32Array(
          BigInt64Array.of(
            seconds[0] * unit + fraction[0],
            seconds[1] * unit + fraction[1],
            0n
          ).buffer
        )
      } as never)
    );
  const table = new Table({
    s: stamps(1n, new TimestampSecond(), [0n, 0n]),
    ms: stamps(1000n, new TimestampMillisecond(), [678n, 500n]),
    us: stamps(1000000n, new TimestampMicrosecond(), [678000n, 500000n]),
    ns: stamps(1000000000n, new TimestampNanosecond(), [678000000n, 500000000n])
  });
  await load('fw_times', tableToIPC(table, 'stream'));
  assert.deepEqual(await rows('SELECT * FROM fw_times'), [
    Array(4).fill('2024-01-02T03:04:05'),
    Array(4).fill('1969-12-31T23:59:59'),
    Array(4).fill(null)
  ]);
});

test("an integer equal to its type's NULL sentinel refuses the whole load", async () => {
  await engine.run('CREATE TABLE fw_sentinel (i INTEGER, b BIGINT)');
  const ok = column(new Int64(), [1n, 2n, 3n]);
  await assert.rejects(
    load(
      'fw_sentinel',
      tableToIPC(
        new Table({ i: column(new Int32(), [1, -2147483648, 3]), b: ok }),
        'stream'
      )
    ),
    (err: { error_msg?: string }) =>
      err.error_msg ===
      'Integer -2147483648 exceeds the range of INTEGER (-2147483647 to 2147483647) in column i, row 2; nothing was loaded'
  );
  await assert.rejects(
    load(
      'fw_sentinel',
      tableToIPC(
        new Table({
          i: column(new Int32(), [1, 2, 3]),
          b: column(new Int64(), [1n, 2n, -(2n ** 63n)])
        }),
        'stream'
      )
    ),
    (err: { error_msg?: string }) =>
      /^Integer -9223372036854775808 exceeds the range of BIGINT .* in column b, row 3; nothing was loaded$/.test(
        err.error_msg ?? ''
      )
  );
  assert.deepEqual(await rows('SELECT COUNT(*) FROM fw_sentinel'), [['0']]);
  // the sentinel's bits under a NULL are no value at all
  const masked = makeVector(
    makeData({
      type: new Int32(),
      length: 2,
      nullCount: 1,
      nullBitmap: Uint8Array.of(0b01),
      data: Int32Array.of(7, -2147483648)
    })
  );
  await load(
    'fw_sentinel',
    tableToIPC(
      new Table({ i: masked, b: column(new Int64(), [1n, 2n]) }),
      'stream'
    )
  );
  assert.deepEqual(await rows('SELECT * FROM fw_sentinel ORDER BY b'), [
    [7, '1'],
    [null, '2']
  ]);
});

test('a NaN refuses the load; other types still convert value by value', async () => {
  await engine.run('CREATE TABLE fw_mixed (d DOUBLE, i INTEGER)');
  await assert.rejects(
    load(
      'fw_mixed',
      tableToIPC(
        tableFromArrays({
          d: Float64Array.of(1, NaN),
          i: Int32Array.of(1, 2)
        }),
        'stream'
      )
    ),
    (err: { error_msg?: string }) =>
      err.error_msg ===
      'Invalid floating point value: NaN in column d, row 2; nothing was loaded'
  );
  // an unsigned Arrow column into INTEGER takes the per-value path, with its range check
  await load(
    'fw_mixed',
    tableToIPC(
      new Table({
        d: column(new Float64(), [0.5]),
        i: column(new Uint16(), [65535])
      }),
      'stream'
    )
  );
  assert.deepEqual(await rows('SELECT * FROM fw_mixed'), [[0.5, 65535]]);
});
