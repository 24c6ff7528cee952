// Session lifecycle on the stand-in: get_session_info, interrupt of a running statement, and
// expiring sessions on demand (API and HTTP control path).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXPIRE_PATH, startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import {
  conWithLogin,
  conWithSession,
  int64ToBigInt
} from '../../heavydb-standin/testkit.ts';
import type { DbCon } from '../../heavydb-standin/testkit.ts';

// Minutes of work for DuckDB unless interrupted.
const LONG_QUERY = 'SELECT sum(i * i % 7) AS s FROM range(100000000000) t(i)';

let standin: IStandin;

before(async () => {
  standin = await startStandin({
    port: 0,
    sessions: ['seeded-one', 'seeded-two', 'seeded-three'],
    users: { admin: 'HyperInteractive', analyst: 'pw' }
  });
});
after(() => standin.close());

/** The raw Thrift client: the connector wraps neither interrupt nor its arguments. */
const thriftClient = (con: DbCon) =>
  (con as { _client: Record<string, (...a: unknown[]) => Promise<unknown>>[] })
    ._client[0];

async function waitFor(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(20);
  }
}

test('get_session_info tells the user, database and start time, never the ID', async () => {
  const before = Math.floor(Date.now() / 1000);
  const con = conWithLogin(standin.port, 'analyst', 'pw');
  await con.connectAsync();
  const info = await con.getSessionInfoAsync();
  assert.equal(info.user, 'analyst');
  assert.equal(info.database, 'heavyai');
  assert.equal(info.is_super, false);
  const start = Number(int64ToBigInt(info.start_time));
  assert.ok(start >= before - 1 && start <= Date.now() / 1000 + 1);
  const seeded = await conWithSession(
    standin.port,
    'seeded-one'
  ).getSessionInfoAsync();
  assert.equal(seeded.user, 'admin');
  assert.equal(seeded.is_super, true);
  await assert.rejects(
    conWithSession(standin.port, 'no-such-session').getSessionInfoAsync(),
    { error_msg: 'Session not valid.' }
  );
});

test('interrupt stops the running DuckDB statement and the session runs again', async () => {
  const con = conWithSession(standin.port, 'seeded-two');
  const started = Date.now();
  const running = con.queryAsync(LONG_QUERY).then(
    () => assert.fail('the long query finished instead of being interrupted'),
    (err: { error_msg?: string }) => err
  );
  await waitFor(() => standin.runningStatements() === 1, 'the statement');
  await sleep(300); // let DuckDB get well into it
  await thriftClient(con).interrupt('seeded-two', 'seeded-two');
  const err = await running;
  assert.equal(err.error_msg, 'Query execution has been interrupted');
  assert.ok(Date.now() - started < 5000, 'stopped long before finishing');
  assert.equal(standin.runningStatements(), 0, 'DuckDB no longer works on it');
  const rows = await con.queryAsync("SELECT 'ok' AS x");
  assert.equal(rows[0].x, 'ok');
});

test("interrupt refuses another non-super user's session and an invalid asker", async () => {
  const analyst = conWithLogin(standin.port, 'analyst', 'pw');
  await analyst.connectAsync();
  const analystSession: string = analyst.sessionId()[0];
  await assert.rejects(
    thriftClient(analyst).interrupt('seeded-two', analystSession),
    { error_msg: /owner of the query session/ }
  );
  await assert.rejects(
    thriftClient(analyst).interrupt(analystSession, 'no-such-session'),
    { error_msg: 'Session not valid.' }
  );
  // Nothing running: a valid interrupt is a no-op, as on HeavyDB.
  await thriftClient(analyst).interrupt(analystSession, analystSession);
});

test('expireSessions ends one session, or all, like an idle timeout', async () => {
  const a = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await a.connectAsync();
  const b = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await b.connectAsync();
  assert.equal(standin.expireSessions([a.sessionId()[0]]), 1);
  await assert.rejects(a.queryAsync('SELECT 1 AS x'), {
    error_msg: 'Session not valid.'
  });
  assert.equal((await b.queryAsync("SELECT 'ok' AS x"))[0].x, 'ok');
  assert.ok(standin.expireSessions() >= 1);
  await assert.rejects(b.queryAsync('SELECT 1 AS x'), {
    error_msg: 'Session not valid.'
  });
});

test('the HTTP control path expires sessions, from allowed origins only', async () => {
  const con = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await con.connectAsync();
  const session: string = con.sessionId()[0];
  const url = `http://127.0.0.1:${standin.port}${EXPIRE_PATH}`;
  const refused = await fetch(url, {
    method: 'POST',
    headers: { Origin: 'https://evil.example' },
    body: JSON.stringify({ sessions: [session] })
  });
  assert.equal(refused.status, 403);
  assert.equal((await con.queryAsync("SELECT 'ok' AS x"))[0].x, 'ok');
  const bad = await fetch(url, { method: 'POST', body: '{"sessions": 3}' });
  assert.equal(bad.status, 400);
  const ok = await fetch(url, {
    method: 'POST',
    headers: {
      Origin: 'http://127.0.0.1:8000',
      'Content-Type': 'application/json'
    },
    body: JSON.stringify({ sessions: [session] })
  });
  assert.equal(ok.status, 200);
  assert.equal(
    ok.headers.get('access-control-allow-origin'),
    'http://127.0.0.1:8000'
  );
  assert.deepEqual(await ok.json(), { expired: 1 });
  await assert.rejects(con.queryAsync('SELECT 1 AS x'), {
    error_msg: 'Session not valid.'
  });
});
