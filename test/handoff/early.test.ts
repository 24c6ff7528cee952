import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { MAX_HELD_MESSAGES, startEarlyHandoff } from '../../src/handoff/early';
import { buildHandoffUrl, decodeFragmentValue } from '../../src/wire/fragment';
import { FakeWindow } from './fake-window';

const SITE = 'https://notebooks.example.com/lab/index.html';
const IMMERSE = 'https://immerse.example.com';
const CONFIG = { heavyai: { allowedOrigins: [IMMERSE] } };

function linkedWindow(): FakeWindow {
  return new FakeWindow({
    href: buildHandoffUrl(SITE, {
      session: 'linked-session',
      connection: { protocol: 'https', host: 'db.example.com', port: 443 }
    }),
    parentOrigin: IMMERSE,
    config: CONFIG
  });
}

/** JupyterLab's rule: the plugin id, or its package name, is in the list. */
const disabledBy = (list: string[]) => (id: string) =>
  list.includes(id) || list.includes(id.split(':')[0]);

describe('the early hand-off', () => {
  it('starts both inputs: takes the fragment out of the URL, listens, announces ready', async () => {
    const win = linkedWindow();
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]));
    assert.ok(early);
    assert.equal(win.location.hash, '');
    assert.equal(win.listenerCount('message'), 1);
    assert.equal(win.listenerCount('hashchange'), 1);
    assert.equal(await early.messagesReady, early.messages);
    assert.ok(early.messages);
    assert.equal(win.listenerCount('message'), 1);
    assert.deepEqual(win.parent.posted, [
      { message: { type: 'heavyai:ready' }, targetOrigin: IMMERSE }
    ]);
    let received: unknown;
    early.fragments.onFragment(
      fragment => (received = decodeFragmentValue(fragment.encoded).payload)
    );
    assert.equal((received as { session: string }).session, 'linked-session');
  });

  // The ids as a deployer writes them in disabledExtensions.
  for (const disabled of [
    'jupyterlite-heavyai:handoff',
    'jupyterlite-heavyai:config',
    'jupyterlite-heavyai'
  ]) {
    it(`starts nothing when ${disabled} is disabled: no listener, no ready, the URL untouched`, () => {
      const win = linkedWindow();
      const before = win.location.href;
      assert.equal(
        startEarlyHandoff(win.asWindow(), disabledBy([disabled])),
        undefined
      );
      assert.equal(win.listenerCount('message'), 0);
      assert.equal(win.listenerCount('hashchange'), 0);
      assert.deepEqual(win.parent.posted, []);
      assert.equal(win.location.href, before);
    });
  }

  it('is not stopped by disabling an unrelated plugin', () => {
    const win = linkedWindow();
    assert.ok(
      startEarlyHandoff(
        win.asWindow(),
        disabledBy(['jupyterlite-heavyai:sql-editor'])
      )
    );
  });

  it('holds what the parent sends while the message input loads, and hands it over in order', async () => {
    const win = linkedWindow();
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    const session = (name: string) => ({
      type: 'heavyai:session',
      session: name,
      connection: { protocol: 'https', host: 'db.example.com', port: 443 }
    });
    assert.equal(early.messages, undefined);
    win.receive(session('first'), IMMERSE);
    win.receive({ type: 'other-library' }, IMMERSE);
    win.receive(session('from elsewhere'), IMMERSE, {});
    win.receive(session('second'), IMMERSE);
    const messages = await early.messagesReady;
    assert.ok(messages);
    assert.equal(win.listenerCount('message'), 1);
    assert.equal(messages.pendingCount, 2);
    const accepted: string[] = [];
    messages.connect({
      acceptSession: async payload => void accepted.push(payload.session),
      logout: async () => undefined,
      sessionRejected: () => undefined
    });
    await new Promise(resolve => setTimeout(resolve, 0));
    assert.deepEqual(accepted, ['first', 'second']);
  });

  it('holds at most MAX_HELD_MESSAGES while the message input loads', async () => {
    const win = linkedWindow();
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    for (let i = 0; i < MAX_HELD_MESSAGES + 40; i++) {
      win.receive({ type: 'heavyai:ping' }, 'https://flood.example.com');
    }
    win.receive({ type: 'heavyai:ping' }, IMMERSE);
    const messages = await early.messagesReady;
    assert.ok(messages);
    // the held pings from the foreign origin are ignored by the input; the late one is beyond
    // the bound, so only the input's own ready reaches the parent
    assert.deepEqual(win.parent.posted, [
      { message: { type: 'heavyai:ready' }, targetOrigin: IMMERSE }
    ]);
    win.receive({ type: 'heavyai:ping' }, IMMERSE);
    assert.equal(
      win.parent.posted.length,
      2,
      'the input answers once it listens'
    );
  });

  it('loads no message input and adds no message listener on a page without a parent or opener', async () => {
    const win = new FakeWindow({ href: SITE, config: CONFIG, topLevel: true });
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    assert.equal(win.listenerCount('message'), 0);
    assert.equal(early.hasHosts, false);
    assert.equal(await early.messagesReady, undefined);
    assert.equal(early.messages, undefined);
  });

  it('dispose before the message input has loaded: it never starts', async () => {
    const win = linkedWindow();
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    win.receive({ type: 'heavyai:ping' }, IMMERSE);
    early.dispose();
    assert.equal(win.listenerCount('message'), 0);
    assert.equal(await early.messagesReady, undefined);
    assert.equal(win.listenerCount('message'), 0);
    assert.deepEqual(win.parent.posted, []);
  });

  it('dispose stops both inputs and drops what they hold', async () => {
    const win = linkedWindow();
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    const messages = (await early.messagesReady)!;
    win.receive(
      {
        type: 'heavyai:session',
        session: 'queued',
        connection: { protocol: 'https', host: 'db.example.com', port: 443 }
      },
      IMMERSE
    );
    assert.equal(messages.pendingCount, 1);
    early.dispose();
    assert.equal(win.listenerCount('message'), 0);
    assert.equal(win.listenerCount('hashchange'), 0);
    assert.equal(messages.pendingCount, 0);
    assert.equal(early.messages, undefined);
    let called = false;
    early.fragments.onFragment(() => (called = true));
    assert.equal(called, false);
  });

  it('reports a fragment set after load instead of delivering it', () => {
    const win = new FakeWindow({
      href: SITE,
      parentOrigin: IMMERSE,
      config: CONFIG
    });
    const early = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    const late = new URL(
      buildHandoffUrl(SITE, {
        session: 'late',
        connection: { protocol: 'https', host: 'db.example.com', port: 443 }
      })
    ).hash;
    win.setHash(late);
    assert.equal(win.location.hash, '');
    let lateCount = 0;
    early.fragments.onLateFragment(() => lateCount++);
    assert.equal(lateCount, 1);
    let delivered = false;
    early.fragments.onFragment(() => (delivered = true));
    assert.equal(delivered, false);
  });

  it('tells whether anything may need the hand-off wiring: a load-time link, a host window, a late link', async () => {
    const linked = startEarlyHandoff(
      linkedWindow().asWindow(),
      disabledBy([])
    )!;
    assert.ok(linked.fragments.pending);
    assert.equal(linked.hasHosts, true);
    linked.fragments.onFragment(() => undefined);
    assert.equal(linked.fragments.pending, undefined);

    const win = new FakeWindow({ href: SITE, config: CONFIG, topLevel: true });
    const alone = startEarlyHandoff(win.asWindow(), disabledBy([]))!;
    assert.equal(alone.fragments.pending, undefined);
    assert.equal(alone.hasHosts, false);
    let lateSeen = false;
    void alone.fragments.firstLateFragment.then(() => (lateSeen = true));
    await Promise.resolve();
    assert.equal(lateSeen, false);
    win.setHash(
      new URL(
        buildHandoffUrl(SITE, {
          session: 'late',
          connection: { protocol: 'https', host: 'db.example.com', port: 443 }
        })
      ).hash
    );
    await alone.fragments.firstLateFragment;
    assert.equal(lateSeen, true);
    // Still delivered to the receiver that registers afterwards.
    let lateCount = 0;
    alone.fragments.onLateFragment(() => lateCount++);
    assert.equal(lateCount, 1);
  });
});
