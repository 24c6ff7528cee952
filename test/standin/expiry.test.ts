// Idle expiry in a dedicated stand-in (idle timeout 1 s).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import { conWithLogin, conWithSession } from '../../heavydb-standin/testkit.ts';

let standin: IStandin;

before(async () => {
  standin = await startStandin({
    port: 0,
    sessions: ['idle-one', 'busy-one'],
    idleTimeoutSeconds: 1
  });
});
after(() => standin.close());

test('a session idle longer than the timeout is "Session not valid."; a used one lives on', async () => {
  const idle = conWithSession(standin.port, 'idle-one');
  const busy = conWithSession(standin.port, 'busy-one');
  await idle.queryAsync('SELECT 1 AS x'); // valid at first
  for (let i = 0; i < 4; i++) {
    await sleep(400);
    await busy.queryAsync('SELECT 1 AS x'); // activity keeps it alive past the timeout
  }
  await assert.rejects(idle.queryAsync('SELECT 1 AS x'), {
    name: 'TDBException',
    error_msg: 'Session not valid.'
  });
  // Once expired it stays gone.
  await assert.rejects(idle.queryAsync('SELECT 1 AS x'), {
    name: 'TDBException',
    error_msg: 'Session not valid.'
  });
});

test('sessions from connect() expire too, and a fresh login works again', async () => {
  const con = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await con.connectAsync();
  await con.queryAsync('SELECT 1 AS x');
  await sleep(1300);
  await assert.rejects(con.queryAsync('SELECT 1 AS x'), {
    error_msg: 'Session not valid.'
  });
  const again = conWithLogin(standin.port, 'admin', 'HyperInteractive');
  await again.connectAsync();
  const rows = await again.queryAsync("SELECT 'ok' AS s");
  assert.equal(rows[0].s, 'ok');
});
