// Asking the host page for a new session: the pure requester and the message input that posts it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { SessionRequester } from '../../src/handoff/session-request';
import {
  MessageHandoff,
  type IHandoffSink
} from '../../src/handoff/message-input';
import { defaultConfig } from '../../src/site-config';
import { FakeWindow } from './fake-window';

const timing = {
  answerTimeoutMs: 1000,
  firstBackoffMs: 500,
  maxBackoffMs: 1500
};

function clocked() {
  let now = 0;
  const posts: number[] = [];
  const requester = new SessionRequester(
    () => posts.push(now),
    () => now,
    timing
  );
  return {
    requester,
    posts,
    advance: (ms: number) => {
      now += ms;
    }
  };
}

describe('SessionRequester', () => {
  it('keeps at most one request outstanding until a session arrives', () => {
    const { requester, posts, advance } = clocked();
    assert.deepEqual(requester.request('expired'), { sent: true });
    advance(999);
    assert.deepEqual(requester.request('expired'), {
      sent: false,
      why: 'outstanding'
    });
    assert.equal(requester.outstanding, true);
    requester.sessionArrived();
    assert.equal(requester.outstanding, false);
    assert.deepEqual(requester.request('expired'), { sent: true });
    assert.deepEqual(posts, [0, 999]);
  });

  it('after an unanswered request, waits longer each time, up to the cap', () => {
    const { requester, posts, advance } = clocked();
    requester.request('expired'); // t=0, times out at 1000, next not before 1500
    advance(1200);
    assert.deepEqual(requester.request('expired'), {
      sent: false,
      why: 'backing-off',
      retryInMs: 300
    });
    advance(300); // t=1500
    assert.deepEqual(requester.request('expired'), { sent: true });
    advance(1000); // unanswered again: 1500 + 1000 + 1000 (doubled)
    assert.equal(requester.request('expired').sent, false);
    advance(999);
    assert.equal(requester.request('expired').sent, false);
    advance(1); // t=3500
    assert.deepEqual(requester.request('expired'), { sent: true });
    advance(1000); // third unanswered: 2000 would exceed the 1500 cap
    assert.deepEqual(requester.request('expired'), {
      sent: false,
      why: 'backing-off',
      retryInMs: 1500
    });
    assert.deepEqual(posts, [0, 1500, 3500]);
  });

  it('a session arriving resets the backoff', () => {
    const { requester, posts, advance } = clocked();
    requester.request('expired');
    advance(1100);
    assert.equal(requester.request('expired').sent, false);
    requester.sessionArrived();
    assert.deepEqual(requester.request('expired'), { sent: true });
    assert.deepEqual(posts, [0, 1100]);
  });
});

const SITE = 'https://notebooks.example.com/lab/index.html';
const IMMERSE = 'https://immerse.example.com';
const config = { ...defaultConfig(), allowedOrigins: [IMMERSE] };

const sink: IHandoffSink = {
  acceptSession: async () => undefined,
  logout: async () => undefined,
  sessionRejected: () => undefined
};
const flush = () => new Promise(resolve => setTimeout(resolve, 0));
const requests = (win: FakeWindow) =>
  win.parent.posted.filter(p => p.message.type === 'heavyai:session-request');

describe('MessageHandoff.requestSession', () => {
  it('posts one request to the parent at its allowed origin; a session from it answers the request', async () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    input.connect(sink);
    assert.deepEqual(input.requestSession('expired'), { sent: true });
    assert.equal(input.requestSession('expired')?.sent, false);
    assert.deepEqual(requests(win), [
      {
        message: { type: 'heavyai:session-request', reason: 'expired' },
        targetOrigin: IMMERSE
      }
    ]);
    // An answer from another origin is ignored: the request stays outstanding.
    win.receive(
      { type: 'heavyai:session', session: 'from-elsewhere-0123456789' },
      'https://evil.example'
    );
    await flush();
    assert.equal(input.requestSession('expired')?.sent, false);
    win.receive(
      { type: 'heavyai:session', session: 'from-the-host-0123456789' },
      IMMERSE
    );
    await flush();
    assert.deepEqual(input.requestSession('expired'), { sent: true });
    assert.equal(requests(win).length, 2);
  });

  it('never posts to a parent whose origin is not allowed', () => {
    const win = new FakeWindow({
      href: SITE,
      parentOrigin: 'https://evil.example'
    });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    input.requestSession('expired');
    assert.deepEqual(requests(win), []);
  });

  it('after dispose, nothing is asked', () => {
    const win = new FakeWindow({ href: SITE, parentOrigin: IMMERSE });
    const input = new MessageHandoff(win.asWindow(), config);
    input.install();
    input.dispose();
    assert.equal(input.requestSession('expired'), undefined);
    assert.deepEqual(requests(win), []);
  });
});
