import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  DROPPED_REASON,
  MAX_PENDING_MESSAGES,
  MessageHandoff,
  type IHandoffSink
} from '../../src/handoff/message-input';
import { defaultConfig } from '../../src/site-config';
import { FakeWindow } from './fake-window';

const SITE = 'https://notebooks.example.com/lab/index.html';
const IMMERSE = 'https://immerse.example.com';
const config = { ...defaultConfig(), allowedOrigins: [IMMERSE] };

function session(n: number) {
  return {
    type: 'heavyai:session',
    session: `session-${n}`,
    connection: { protocol: 'https', host: 'db.example.com', port: 443 }
  };
}

function recordingSink() {
  const accepted: string[] = [];
  const rejected: { reason: string; origin: string }[] = [];
  const sink: IHandoffSink = {
    acceptSession: async payload => {
      accepted.push(payload.session);
      return undefined;
    },
    logout: async () => undefined,
    sessionRejected: (reason, origin) => rejected.push({ reason, origin })
  };
  return { sink, accepted, rejected };
}

const flush = () => new Promise(resolve => setTimeout(resolve, 0));

describe('the message input before JupyterLab starts', () => {
  it('answers a ping at once, without queueing it', () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    win.parent.posted = [];
    win.receive({ type: 'heavyai:ping' }, IMMERSE);
    assert.deepEqual(win.parent.posted, [
      { message: { type: 'heavyai:ready' }, targetOrigin: IMMERSE }
    ]);
    assert.equal(input.pendingCount, 0);
  });

  it(`keeps at most ${MAX_PENDING_MESSAGES} messages: the oldest session is dropped, answered with a rejection and counted for the user`, async () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    win.parent.posted = [];
    const total = MAX_PENDING_MESSAGES + 3;
    for (let n = 0; n < total; n++) {
      win.receive(session(n), IMMERSE);
    }
    assert.equal(input.pendingCount, MAX_PENDING_MESSAGES);
    assert.equal(input.droppedCount, 3);
    // The host hears about each dropped session before the site has started.
    assert.deepEqual(
      win.parent.posted,
      [0, 1, 2].map(() => ({
        message: { type: 'heavyai:session-rejected', reason: DROPPED_REASON },
        targetOrigin: IMMERSE
      }))
    );

    const { sink, accepted, rejected } = recordingSink();
    input.connect(sink);
    await flush();
    assert.deepEqual(
      accepted,
      Array.from({ length: MAX_PENDING_MESSAGES }, (_, i) => `session-${i + 3}`)
    );
    // The user's notice counts each dropped session as a rejected one.
    assert.deepEqual(
      rejected,
      [0, 1, 2].map(() => ({ reason: DROPPED_REASON, origin: IMMERSE }))
    );
    assert.equal(input.pendingCount, 0);
  });

  it('answers a dropped session even when it was invalid, so every session gets a reply', async () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    win.parent.posted = [];
    const total = MAX_PENDING_MESSAGES + 5;
    for (let n = 0; n < total; n++) {
      win.receive({ type: 'heavyai:session', session: `bad ${n}` }, IMMERSE);
    }
    assert.equal(win.parent.posted.length, 5);
    const { sink, rejected } = recordingSink();
    input.connect(sink);
    await flush();
    assert.equal(win.parent.posted.length, total);
    assert.ok(
      win.parent.posted.every(
        p => p.message.type === 'heavyai:session-rejected'
      )
    );
    assert.equal(rejected.length, total);
  });

  it('ignores messages that are not ours instead of queueing them', () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    for (let n = 0; n < 100; n++) {
      win.receive({ type: 'other-library', n }, IMMERSE);
      win.receive('plain text', IMMERSE);
    }
    assert.equal(input.pendingCount, 0);
    assert.equal(input.droppedCount, 0);
  });

  it('queues nothing from an origin that is not allowed', () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      win.receive(session(1), 'https://evil.example');
    } finally {
      console.warn = warn;
    }
    assert.equal(input.pendingCount, 0);
  });

  it('after dispose it neither listens nor holds anything, and connect delivers nothing', async () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    win.receive(session(1), IMMERSE);
    assert.equal(input.pendingCount, 1);
    input.dispose();
    assert.equal(win.listenerCount('message'), 0);
    assert.equal(input.pendingCount, 0);
    const { sink, accepted } = recordingSink();
    input.connect(sink);
    await flush();
    assert.deepEqual(accepted, []);
  });
});
