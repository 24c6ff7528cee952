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

const refuse = () => Promise.reject(new Error('the editor made its own call'));

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
      takeEarlyCall(target, 'handed-over-id', 'SELECT 2', refuse),
      undefined
    );
    assert.equal(
      takeEarlyCall(target, 'another-session', 'SELECT 1', refuse),
      undefined
    );
    assert.equal(
      takeEarlyCall(
        { ...target, port: 9999 },
        'handed-over-id',
        'SELECT 1',
        refuse
      ),
      undefined
    );
    const taken = takeEarlyCall(target, 'handed-over-id', 'SELECT 1', refuse);
    assert.ok(taken);
    await assert.rejects(taken, /HTTP 503/);
    assert.equal(posted, 1, 'posted once');
    assert.equal(
      takeEarlyCall(target, 'handed-over-id', 'SELECT 1', refuse),
      undefined,
      'taken once: a second run sends its own call'
    );
  });

  it("an early call marked so is made again by the editor when it fails, and the editor's failure is the one reported", async () => {
    let posted = 0;
    globalThis.fetch = (async () => {
      posted++;
      return new Response('no', { status: 503, statusText: 'Busy' });
    }) as typeof fetch;
    startEarlyCall(target, 'handed-over-id', 'SELECT 3', trans, {
      editorRetries: true
    });
    let ownCalls = 0;
    const taken = takeEarlyCall(target, 'handed-over-id', 'SELECT 3', () => {
      ownCalls++;
      return Promise.reject(new Error("the editor's own call failed"));
    });
    assert.ok(taken);
    await assert.rejects(taken, /the editor's own call failed/);
    assert.equal(ownCalls, 1);
    assert.equal(posted, 1, 'only the early call reached the network here');
  });

  it("a marked early call's failure is answered by the editor's own call; an unmarked one's failure is the editor's", async () => {
    globalThis.fetch = (async () =>
      new Response('no', { status: 503, statusText: 'Busy' })) as typeof fetch;
    const answer = { buffer: new Uint8Array([1]) } as never;
    startEarlyCall(target, 'handed-over-id', 'SELECT 4', trans, {
      editorRetries: true
    });
    const taken = takeEarlyCall(target, 'handed-over-id', 'SELECT 4', () =>
      Promise.resolve(answer)
    );
    assert.equal(await taken, answer, 'the 503 led to the own call');
    // Unmarked: the early call's own failure is what the editor gets.
    startEarlyCall(target, 'handed-over-id', 'SELECT 5', trans);
    let ownCalls = 0;
    const unmarked = takeEarlyCall(target, 'handed-over-id', 'SELECT 5', () => {
      ownCalls++;
      return Promise.resolve(answer);
    });
    await assert.rejects(unmarked!, /HTTP 503/);
    assert.equal(ownCalls, 0);
  });
});
