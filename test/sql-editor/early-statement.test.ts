import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { startEarlyCall, takeEarlyCall } from '../../src/sql-editor/df-call';
import { handoffFirstBatch } from '../../src/sql-editor/early-statement';
import { blockQuery, prepareStatement } from '../../src/sql/statement-blocks';
import type { ISessionRecord } from '../../src/store/record';
import type { ITranslate } from '../../src/translate';

const session = (query: string, via: ISessionRecord['via'] | 'none' = 'link') =>
  ({
    session: 'handed-over-id',
    connection: { protocol: 'http', host: '127.0.0.1', port: 6278 },
    environment: {},
    query,
    receivedAt: 0,
    senderOrigin: 'https://immerse.example.com',
    ...(via === 'none' ? {} : { via })
  }) as ISessionRecord;
const settings = {
  arrow: true,
  firstBatchRows: 1000,
  binaryProtocol: true,
  connection: null
};
const trans = {
  __: (text: string, ...args: unknown[]) =>
    text.replace(/%(\d)/g, (_, n: string) => String(args[Number(n) - 1]))
} as unknown as ITranslate;
const target = {
  protocol: 'http' as const,
  host: '127.0.0.1',
  port: 6278,
  database: 'heavyai',
  session: 'handed-over-id',
  binaryProtocol: true
};

describe("handoffFirstBatch: the deep link starts the editor's first call only when the editor would make it", () => {
  it('a trusted read-only query: the first batch the runner asks for', () => {
    const query = 'SELECT * FROM flights';
    assert.equal(
      handoffFirstBatch(session(query), settings),
      blockQuery(prepareStatement(query).body, 1000, 0)
    );
  });

  it('nothing when the editor would not run it, or would fetch it otherwise', () => {
    const query = 'SELECT * FROM flights';
    assert.equal(
      handoffFirstBatch(session(query, 'none'), settings),
      undefined
    );
    assert.equal(
      handoffFirstBatch(session('DROP TABLE flights'), settings),
      undefined
    );
    assert.equal(handoffFirstBatch(session(''), settings), undefined);
    assert.equal(
      handoffFirstBatch(session(query), { ...settings, arrow: false }),
      undefined
    );
    assert.equal(
      handoffFirstBatch(session(query), { ...settings, firstBatchRows: 0 }),
      undefined
    );
    assert.equal(
      handoffFirstBatch(session('SELECT * FROM flights LIMIT 5'), settings),
      undefined,
      'its own LIMIT: fetched whole in one call'
    );
  });
});

describe('startEarlyCall / takeEarlyCall: one call on the server, taken once', () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it('the editor takes the call started for its server, session and statement, once; its failure comes with it', async () => {
    let posted = 0;
    globalThis.fetch = (async () => {
      posted++;
      return new Response('no', { status: 503, statusText: 'Busy' });
    }) as typeof fetch;
    startEarlyCall(target, 'handed-over-id', 'SELECT 1', trans);
    startEarlyCall(target, 'handed-over-id', 'SELECT 1', trans);
    assert.equal(
      takeEarlyCall(target, 'handed-over-id', 'SELECT 2'),
      undefined
    );
    assert.equal(
      takeEarlyCall(target, 'another-session', 'SELECT 1'),
      undefined
    );
    assert.equal(
      takeEarlyCall({ ...target, port: 9999 }, 'handed-over-id', 'SELECT 1'),
      undefined
    );
    const taken = takeEarlyCall(target, 'handed-over-id', 'SELECT 1');
    assert.ok(taken);
    await assert.rejects(taken, /HTTP 503/);
    assert.equal(posted, 1, 'posted once');
    assert.equal(
      takeEarlyCall(target, 'handed-over-id', 'SELECT 1'),
      undefined,
      'taken once: a second run sends its own call'
    );
  });
});
