// Logging in, session validity and error messages as the connector sees them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import {
  conWithLogin,
  conWithSession,
  int64ToBigInt
} from '../../heavydb-standin/testkit.ts';

let standin: IStandin;

before(async () => {
  standin = await startStandin({
    port: 0,
    sessions: ['seeded-1', 'seeded-2'],
    users: { admin: 'HyperInteractive', analyst: 'pa:ss' }
  });
});
after(() => standin.close());

test('connectAsync with user and password issues a fresh random session that works', async () => {
  const a = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await a.connectAsync();
  const b = conWithLogin(standin.port, 'analyst', 'pa:ss');
  await b.connectAsync();
  const [idA] = a.sessionId();
  const [idB] = b.sessionId();
  assert.match(idA, /^[A-Za-z0-9]{32}$/);
  assert.notEqual(idA, idB);
  const rows = await a.queryAsync('SELECT COUNT(*) AS n FROM tweets');
  assert.equal(int64ToBigInt(rows[0].n), 8n);
  await a.disconnectAsync();
  await assert.rejects(
    conWithSession(standin.port, idA).queryAsync('SELECT 1'),
    { name: 'TDBException', error_msg: 'Session not valid.' }
  );
});

test('a wrong password fails with a message', async () => {
  const con = conWithLogin(standin.port, 'admin', 'wrong');
  await assert.rejects(con.connectAsync(), {
    name: 'TDBException',
    error_msg: 'Invalid credentials.'
  });
  await assert.rejects(
    conWithLogin(standin.port, 'nobody', 'HyperInteractive').connectAsync(),
    { name: 'TDBException', error_msg: 'Invalid credentials.' }
  );
});

test('an unknown database is refused', async () => {
  const con = conWithLogin(standin.port, 'admin', 'HyperInteractive').dbName(
    'other'
  );
  await assert.rejects(con.connectAsync(), {
    name: 'TDBException',
    error_msg: 'Database name other does not exist.'
  });
});

test('an unknown session ID is "Session not valid."', async () => {
  const con = conWithSession(standin.port, 'no-such-session');
  await assert.rejects(con.queryAsync('SELECT 1'), {
    name: 'TDBException',
    error_msg: 'Session not valid.'
  });
  await assert.rejects(con.getTablesAsync(), {
    name: 'TDBException',
    error_msg: 'Session not valid.'
  });
  // The connector itself classifies it as an expired session.
  assert.equal(
    con.isTimeoutError(
      await con.queryAsync('SELECT 1').catch((e: unknown) => e)
    ),
    true
  );
});

test('pre-seeded session IDs work', async () => {
  for (const id of ['seeded-1', 'seeded-2']) {
    const rows = await conWithSession(standin.port, id).queryAsync(
      'SELECT 41 + 1 AS x'
    );
    assert.equal(int64ToBigInt(rows[0].x), 42n);
  }
});

test("bad SQL reaches the connector as TDBException with DuckDB's message", async () => {
  const con = conWithSession(standin.port, 'seeded-1');
  await assert.rejects(
    con.queryAsync('SELEC 1'),
    (err: { name: string; error_msg: string }) => {
      assert.equal(err.name, 'TDBException');
      assert.match(
        err.error_msg,
        /^Parser Error: syntax error at or near "SELEC"/
      );
      return true;
    }
  );
  await assert.rejects(
    con.queryAsync('SELECT * FROM no_such_table'),
    (err: { error_msg: string }) => {
      assert.match(
        err.error_msg,
        /Catalog Error: Table with name no_such_table does not exist/
      );
      return true;
    }
  );
  await assert.rejects(
    con.queryAsync("SELECT CAST('x' AS INTEGER)"),
    (err: { error_msg: string }) => {
      assert.match(err.error_msg, /Conversion Error/);
      return true;
    }
  );
});

test('a method the stand-in lacks raises TDBException saying so', async () => {
  const con = conWithSession(standin.port, 'seeded-1');
  await assert.rejects(con._client[0].get_version(), {
    name: 'TDBException',
    error_msg: 'The HeavyDB stand-in does not support get_version.'
  });
  await assert.rejects(con._client[0].get_users('seeded-1'), {
    name: 'TDBException',
    error_msg: 'The HeavyDB stand-in does not support get_users.'
  });
});
