// Catalog methods, validation, status and completion hints.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import {
  conWithSession,
  int64ToBigInt
} from '../../heavydb-standin/testkit.ts';
import type { DbCon } from '../../heavydb-standin/testkit.ts';

const SID = 'sess-catalog';
let standin: IStandin;
let con: DbCon;
let client: DbCon; // the raw generated Thrift client

before(async () => {
  standin = await startStandin({ port: 0, sessions: [SID] });
  con = conWithSession(standin.port, SID);
  client = con._client[0];
});
after(() => standin.close());

test('get_tables lists the seeded tables', async () => {
  assert.deepEqual(await client.get_tables(SID), [
    'all_types',
    'flights',
    'tweets'
  ]);
  const viaConnector = await con.getTablesAsync();
  assert.deepEqual(
    viaConnector.map((t: { name: string }) => t.name),
    ['all_types', 'flights', 'tweets']
  );
});

test('get_table_details describes columns with HeavyDB types', async () => {
  const fields = await con.getFieldsAsync('flights');
  assert.deepEqual(
    fields.columns.map(
      (c: { name: string; type: string; is_dict: boolean }) => [
        c.name,
        c.type,
        c.is_dict
      ]
    ),
    [
      ['flight_id', 'BIGINT', false],
      ['carrier', 'STR', true],
      ['origin', 'STR', true],
      ['dest', 'STR', true],
      ['dep_time', 'TIMESTAMP', false],
      ['dep_delay', 'SMALLINT', false],
      ['distance', 'INT', false],
      ['air_time', 'DOUBLE', false],
      ['diverted', 'BOOL', false]
    ]
  );
  const details = await client.get_table_details(SID, 'all_types');
  const dec = details.row_desc.find(
    (c: { col_name: string }) => c.col_name === 'dec'
  );
  assert.equal(dec.col_type.precision, 12);
  assert.equal(dec.col_type.scale, 2);
  assert.equal(details.row_desc.length, 12);
  assert.equal(details.view_sql, '');
});

test("get_table_details on a missing table raises HeavyDB's message", async () => {
  await assert.rejects(client.get_table_details(SID, 'nope'), {
    name: 'TDBException',
    error_msg: 'Table/View nope for catalog heavyai does not exist.'
  });
});

test('get_tables_meta gives column names and counts', async () => {
  const meta = await client.get_tables_meta(SID);
  const tweets = meta.find(
    (m: { table_name: string }) => m.table_name === 'tweets'
  );
  assert.equal(int64ToBigInt(tweets.num_cols), 7n);
  assert.deepEqual(tweets.col_names, [
    'tweet_id',
    'user_name',
    'tweet_text',
    'lang',
    'lat',
    'lon',
    'created_at'
  ]);
  assert.equal(tweets.is_view, false);
});

test('sql_validate returns the result columns without running the query', async () => {
  const cols = await con.validateQuery(
    'SELECT carrier, COUNT(*) AS n FROM flights GROUP BY carrier'
  );
  assert.deepEqual(
    cols.map((c: { name: string; type: string }) => [c.name, c.type]),
    [
      ['carrier', 'STR'],
      ['n', 'BIGINT']
    ]
  );
  await assert.rejects(
    con.validateQuery('SELECT nope FROM flights'),
    (err: { error_msg: string }) => /Binder Error/.test(err.error_msg)
  );
});

test('get_status and get_server_status answer', async () => {
  const [status] = await client.get_status(SID);
  assert.equal(status.version, '7.0.0-standin');
  assert.equal(status.read_only, false);
  assert.ok(int64ToBigInt(status.start_time) > 1_600_000_000n);
  const server = await client.get_server_status(SID);
  assert.equal(server.edition, 'standin');
  await assert.rejects(client.get_server_status('bogus'), {
    error_msg: 'Session not valid.'
  });
});

type Hint = { type: number; hints: string[]; replaced: string };
const hintsFor = async (sql: string, cursor: number): Promise<Hint[]> =>
  (await client.get_completion_hints(SID, sql, cursor)).map((h: Hint) => ({
    type: h.type,
    hints: h.hints,
    replaced: h.replaced
  }));
const byType = (hints: Hint[], type: number) =>
  hints.find(h => h.type === type);
const COLUMN = 0;
const TABLE = 1;

test('completion hints: columns of the mentioned table matching the token at the cursor', async () => {
  const sql = 'SELECT dep FROM flights';
  const hints = await hintsFor(sql, 'SELECT dep'.length);
  assert.deepEqual(byType(hints, COLUMN), {
    type: COLUMN,
    hints: ['dep_delay', 'dep_time'],
    replaced: 'dep'
  });
  assert.equal(byType(hints, TABLE), undefined);
});

test('completion hints: table names, case-insensitively', async () => {
  const sql = 'SELECT * FROM Fl';
  const hints = await hintsFor(sql, sql.length);
  assert.deepEqual(byType(hints, TABLE), {
    type: TABLE,
    hints: ['flights'],
    replaced: 'Fl'
  });
});

test('completion hints: qualified column names and no hints for an empty token', async () => {
  const sql = 'SELECT tweets.la FROM tweets';
  const hints = await hintsFor(sql, 'SELECT tweets.la'.length);
  assert.deepEqual(hints, [
    { type: COLUMN, hints: ['lang', 'lat'], replaced: 'la' }
  ]);
  assert.deepEqual(await hintsFor('SELECT ', 7), []);
});
