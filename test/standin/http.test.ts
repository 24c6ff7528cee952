// HTTP surface: CORS for the configured origins, other methods and paths.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';

let standin: IStandin;

before(async () => {
  standin = await startStandin({ port: 0, sessions: ['sess-http'] });
});
after(() => standin.close());

const preflight = (origin: string) =>
  fetch(standin.url, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type'
    }
  });

// One thrift JSON call: sql_execute("sess-http", "SELECT 1 AS x", columnar, "n1", -1, -1).
const SQL_EXECUTE = JSON.stringify([
  1,
  'sql_execute',
  1,
  0,
  {
    1: { str: 'sess-http' },
    2: { str: 'SELECT 1 AS x' },
    3: { tf: 1 },
    4: { str: 'n1' },
    5: { i32: -1 },
    6: { i32: -1 }
  }
]);

test('the URL is on 127.0.0.1 by default', () => {
  assert.equal(standin.url, `http://127.0.0.1:${standin.port}/`);
});

test('a preflight from an allowed origin passes', async () => {
  for (const origin of [
    'http://127.0.0.1:8000',
    'http://localhost:8000',
    'http://localhost:8001'
  ]) {
    const res = await preflight(origin);
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), origin);
    assert.equal(
      res.headers.get('access-control-allow-methods'),
      'POST, OPTIONS'
    );
    assert.match(
      res.headers.get('access-control-allow-headers') ?? '',
      /content-type/i
    );
    assert.match(res.headers.get('vary') ?? '', /Origin/);
  }
});

test('a preflight from another origin does not', async () => {
  const res = await preflight('http://evil.example:8000');
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
});

test('a POST from an allowed origin is answered with the CORS header', async () => {
  const res = await fetch(standin.url, {
    method: 'POST',
    headers: {
      Origin: 'http://localhost:8000',
      'Content-Type': 'application/vnd.apache.thrift.json'
    },
    body: SQL_EXECUTE
  });
  assert.equal(res.status, 200);
  assert.equal(
    res.headers.get('access-control-allow-origin'),
    'http://localhost:8000'
  );
  const body = await res.json();
  assert.equal(body[1], 'sql_execute');
  assert.equal(body[4]['0'].rec['4'].str, 'n1'); // nonce echoed
});

test('a POST from another origin is refused without CORS headers', async () => {
  const res = await fetch(standin.url, {
    method: 'POST',
    headers: {
      Origin: 'http://evil.example',
      'Content-Type': 'application/vnd.apache.thrift.json'
    },
    body: SQL_EXECUTE
  });
  assert.equal(res.status, 403);
  assert.equal(res.headers.get('access-control-allow-origin'), null);
});

test('GET and other paths are not served', async () => {
  assert.equal((await fetch(standin.url)).status, 405);
  const other = await fetch(new URL('/other', standin.url), {
    method: 'POST',
    body: SQL_EXECUTE
  });
  assert.equal(other.status, 404);
});
