// The SDK's answer to the site's `heavyai:session-request`: connect, openSite and the one-time link.
import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  connect,
  createHandoffLink,
  openSite,
  type IHeavyAISiteConnection
} from '../../src/embed/index';

const SITE = 'https://notebooks.example.com';
const LAB = `${SITE}/lab/index.html`;
const OLD = 'OldSessionValue0123456789abcdefXYZ';
const NEW = 'NewSessionValue0123456789abcdefXYZ';

class FakeWindow {
  posted: { message: any; targetOrigin: string }[] = [];
  onPost?: (message: any) => void;
  postMessage(message: unknown, targetOrigin: string): void {
    const copy = structuredClone(message);
    this.posted.push({ message: copy, targetOrigin });
    this.onPost?.(copy);
  }
  sessions(): string[] {
    return this.posted
      .filter(p => p.message.type === 'heavyai:session')
      .map(p => p.message.session);
  }
}

class FakeHostPage extends EventTarget {
  deliver(data: unknown, origin: string, source: unknown): void {
    const event = new Event('message');
    Object.defineProperties(event, {
      data: { value: data },
      origin: { value: origin },
      source: { value: source }
    });
    this.dispatchEvent(event);
  }
}

/** A site that answers pings with ready and every session with accepted. */
function fakeSite(site: FakeWindow, host: FakeHostPage): void {
  site.onPost = message =>
    queueMicrotask(() => {
      if (message.type === 'heavyai:ping') {
        host.deliver({ type: 'heavyai:ready' }, SITE, site);
      } else if (message.type === 'heavyai:session') {
        host.deliver({ type: 'heavyai:session-accepted' }, SITE, site);
      }
    });
}

const settle = () => new Promise(resolve => setTimeout(resolve, 20));
const REQUEST = { type: 'heavyai:session-request', reason: 'expired' };

const open: { dispose(): void }[] = [];
afterEach(() => {
  while (open.length) {
    open.pop()!.dispose();
  }
});

describe('connect({ onSessionRequest })', () => {
  it('sends the payload it returns as a normal session, to the site origin only', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const reasons: string[] = [];
    const connection: IHeavyAISiteConnection = connect({
      window: site,
      origin: SITE,
      listenOn: host,
      onSessionRequest: async reason => {
        reasons.push(reason);
        return { session: NEW };
      }
    });
    open.push(connection);
    await connection.sendSession({ session: OLD });
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.deepEqual(reasons, ['expired']);
    assert.deepEqual(site.sessions(), [OLD, NEW]);
    assert.ok(site.posted.every(p => p.targetOrigin === SITE));
  });

  it('ignores requests from another origin, another window, or with an unknown reason', async () => {
    const site = new FakeWindow();
    const other = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    let calls = 0;
    const connection = connect({
      window: site,
      origin: SITE,
      listenOn: host,
      onSessionRequest: () => {
        calls++;
        return { session: NEW };
      }
    });
    open.push(connection);
    await connection.ready;
    host.deliver(REQUEST, 'https://evil.example', site);
    host.deliver(REQUEST, SITE, other);
    host.deliver({ ...REQUEST, reason: 'please' }, SITE, site);
    await settle();
    assert.equal(calls, 0);
    assert.deepEqual(site.sessions(), []);
  });

  it('answers one request at a time, and not at all without the option', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    let release: () => void = () => undefined;
    let calls = 0;
    const connection = connect({
      window: site,
      origin: SITE,
      listenOn: host,
      onSessionRequest: () => {
        calls++;
        return new Promise(resolve => {
          release = () => resolve({ session: NEW });
        });
      }
    });
    open.push(connection);
    await connection.ready;
    host.deliver(REQUEST, SITE, site);
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.equal(calls, 1);
    release();
    await settle();
    assert.deepEqual(site.sessions(), [NEW]);

    const plainSite = new FakeWindow();
    fakeSite(plainSite, host);
    const plain = connect({ window: plainSite, origin: SITE, listenOn: host });
    open.push(plain);
    await plain.ready;
    host.deliver(REQUEST, SITE, plainSite);
    await settle();
    assert.deepEqual(plainSite.sessions(), []);
  });

  it('an invalid payload from the handler is not sent', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const connection = connect({
      window: site,
      origin: SITE,
      listenOn: host,
      onSessionRequest: () => ({ session: '' })
    });
    open.push(connection);
    await connection.ready;
    const warn = console.warn;
    const warned: unknown[] = [];
    console.warn = (...args: unknown[]) => warned.push(args);
    try {
      host.deliver(REQUEST, SITE, site);
      await settle();
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(site.sessions(), []);
    assert.equal(warned.length, 1);
  });
});

describe('openSite and the one-time link pass onSessionRequest on', () => {
  it('openSite answers the opened window', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const opener = Object.assign(host, { open: () => site });
    const opened = await openSite(
      LAB,
      { session: OLD },
      { opener, onSessionRequest: () => ({ session: NEW }) }
    );
    open.push(opened.connection);
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.deepEqual(site.sessions(), [OLD, NEW]);
  });

  it('the link answers the window that redeemed it, until disposed', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const link = createHandoffLink(
      LAB,
      { session: OLD },
      { listenOn: host, onSessionRequest: () => ({ session: NEW }) }
    );
    open.push(link);
    const code = new URL(link.url).hash.replace('#heavyai-code=', '');
    host.deliver({ type: 'heavyai:redeem', code }, SITE, site);
    assert.deepEqual(await link.outcome, { accepted: true });
    host.deliver(REQUEST, SITE, new FakeWindow()); // not the redeeming window
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.deepEqual(site.sessions(), [OLD, NEW]);
    assert.ok(site.posted.every(p => p.targetOrigin === SITE));
    link.dispose();
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.deepEqual(site.sessions(), [OLD, NEW]);
  });

  it('a link without the option stops listening once the verdict came', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const link = createHandoffLink(LAB, { session: OLD }, { listenOn: host });
    open.push(link);
    const code = new URL(link.url).hash.replace('#heavyai-code=', '');
    host.deliver({ type: 'heavyai:redeem', code }, SITE, site);
    assert.deepEqual(await link.outcome, { accepted: true });
    host.deliver(REQUEST, SITE, site);
    await settle();
    assert.deepEqual(site.sessions(), [OLD]);
  });
});
