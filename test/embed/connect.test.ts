import { afterEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildHandoffUrl,
  connect,
  IHeavyAISiteConnection
} from '../../src/embed/index';
import { readHandoffFragment } from '../../src/wire/fragment';

const SITE = 'https://notebooks.example.com';
const SESSION = 'SessionValue0123456789abcdefXYZ';

interface IPosted {
  message: any;
  targetOrigin: string;
}

/** A window that records what is posted to it. */
class FakeWindow {
  posted: IPosted[] = [];
  onPost?: (message: any) => void;
  postMessage(message: unknown, targetOrigin: string): void {
    // Structured clone, as the browser does, so later mutation cannot matter.
    const copy = structuredClone(message);
    this.posted.push({ message: copy, targetOrigin });
    this.onPost?.(copy);
  }
  ofType(type: string): IPosted[] {
    return this.posted.filter(p => p.message?.type === type);
  }
}

/** The host page: replies from the site are dispatched here as message events. */
class FakeHostPage extends EventTarget {
  deliver(data: unknown, origin: string, source: unknown): void {
    // Node's MessageEvent only accepts MessagePort sources, so build the event by hand.
    const event = new Event('message');
    Object.defineProperties(event, {
      data: { value: data },
      origin: { value: origin },
      source: { value: source }
    });
    this.dispatchEvent(event);
  }
}

/** A site that answers pings with ready and sessions with the given reply. */
function fakeSite(
  site: FakeWindow,
  host: FakeHostPage,
  reply: (message: any) => unknown = () => ({
    type: 'heavyai:session-accepted'
  })
): void {
  site.onPost = message => {
    queueMicrotask(() => {
      if (message.type === 'heavyai:ping') {
        host.deliver({ type: 'heavyai:ready' }, SITE, site);
      } else if (message.type === 'heavyai:session') {
        const answer = reply(message);
        if (answer) {
          host.deliver(answer, SITE, site);
        }
      }
    });
  };
}

const open: IHeavyAISiteConnection[] = [];
function tracked(connection: IHeavyAISiteConnection): IHeavyAISiteConnection {
  open.push(connection);
  return connection;
}
afterEach(() => {
  while (open.length) {
    open.pop()!.dispose();
  }
});

const delay = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Polls instead of sleeping a fixed time, so a busy CI machine does not make tests flaky. */
async function waitFor(
  condition: () => boolean,
  timeoutMs = 2000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await delay(2);
  }
}

describe('connect: options', () => {
  it("refuses origin '*'", () => {
    assert.throws(
      () =>
        connect({
          window: new FakeWindow(),
          origin: '*',
          listenOn: new FakeHostPage()
        }),
      /exact origin/
    );
  });

  it('refuses origins with paths and non-web origins', () => {
    for (const origin of ['https://a.example/lab', 'file:///x', 'null', '']) {
      assert.throws(
        () =>
          connect({
            window: new FakeWindow(),
            origin,
            listenOn: new FakeHostPage()
          }),
        Error,
        origin
      );
    }
  });

  it('needs exactly one of frame and window', () => {
    assert.throws(
      () => connect({ origin: SITE, listenOn: new FakeHostPage() }),
      /frame or the window/
    );
    assert.throws(
      () =>
        connect({
          origin: SITE,
          window: new FakeWindow(),
          frame: { contentWindow: new FakeWindow() },
          listenOn: new FakeHostPage()
        }),
      /either frame or window/
    );
  });
});

describe('connect: ready', () => {
  it('pings the exact origin until the site says ready', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    const connection = tracked(
      connect({
        window: site,
        origin: 'HTTPS://Notebooks.Example.com/',
        listenOn: host,
        pingIntervalMs: 5
      })
    );
    await waitFor(() => site.ofType('heavyai:ping').length >= 3);
    assert.ok(site.posted.every(p => p.targetOrigin === SITE));
    host.deliver({ type: 'heavyai:ready' }, SITE, site);
    await connection.ready;
    const count = site.posted.length;
    await delay(20);
    assert.equal(site.posted.length, count, 'pinging stops once ready');
  });

  it('ignores ready from another origin or another window', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    const connection = tracked(
      connect({
        window: site,
        origin: SITE,
        listenOn: host,
        pingIntervalMs: 5,
        timeoutMs: 80
      })
    );
    host.deliver({ type: 'heavyai:ready' }, 'https://evil.example.com', site);
    host.deliver({ type: 'heavyai:ready' }, SITE, new FakeWindow());
    host.deliver({ type: 'heavyai:ready' }, SITE, null);
    host.deliver('heavyai:ready', SITE, site);
    await assert.rejects(connection.ready, /did not report ready within 80 ms/);
  });

  it('uses the current contentWindow of a frame, waiting while it is null', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    const frame: { contentWindow: FakeWindow | null } = { contentWindow: null };
    const connection = tracked(
      connect({ frame, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    // A null source must not match a null contentWindow.
    host.deliver({ type: 'heavyai:ready' }, SITE, null);
    await delay(15);
    frame.contentWindow = site;
    fakeSite(site, host);
    await connection.ready;
    assert.ok(site.ofType('heavyai:ping').length >= 1);
  });

  it('does not leave an unhandled rejection when ready is never awaited', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      tracked(
        connect({
          window: new FakeWindow(),
          origin: SITE,
          listenOn: new FakeHostPage(),
          timeoutMs: 10
        })
      );
      await delay(40);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('connect: sendSession', () => {
  it('validates locally and posts nothing for a bad payload', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const connection = tracked(
      connect({ window: site, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    await assert.rejects(
      connection.sendSession({
        session: SESSION,
        connection: { protocol: 'javascript' as 'http', host: 'x', port: 1 }
      }),
      /connection\.protocol must be http or https/
    );
    await assert.rejects(
      connection.sendSession({ session: '' }),
      /session must not be empty/
    );
    await assert.rejects(
      connection.sendSession({
        session: SESSION,
        connection: { protocol: 'https', host: 'db', port: 70000 }
      }),
      /connection\.port/
    );
    await connection.ready;
    assert.equal(site.ofType('heavyai:session').length, 0);
  });

  it('posts the normalised payload to the exact origin and resolves on accept', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const connection = tracked(
      connect({ window: site, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    await connection.sendSession({
      session: SESSION,
      connection: {
        protocol: 'HTTPS' as 'https',
        host: 'DB.example.com',
        port: '6278' as unknown as number
      },
      query: 'SELECT 1',
      extra: 'dropped'
    } as never);
    const sent = site.ofType('heavyai:session');
    assert.equal(sent.length, 1);
    assert.equal(sent[0].targetOrigin, SITE);
    assert.deepEqual(sent[0].message, {
      type: 'heavyai:session',
      session: SESSION,
      connection: { protocol: 'https', host: 'db.example.com', port: 6278 },
      query: 'SELECT 1'
    });
  });

  it("rejects with the site's reason", async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host, () => ({
      type: 'heavyai:session-rejected',
      reason: 'origin https://x is not allowed'
    }));
    const connection = tracked(
      connect({ window: site, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    await assert.rejects(connection.sendSession({ session: SESSION }), {
      name: 'Error',
      message: 'origin https://x is not allowed'
    });
  });

  it('ignores accept replies from the wrong origin and times out', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host, () => {
      host.deliver(
        { type: 'heavyai:session-accepted' },
        'https://evil.example.com',
        site
      );
      host.deliver(
        { type: 'heavyai:session-accepted' },
        SITE,
        new FakeWindow()
      );
      return undefined;
    });
    const connection = tracked(
      connect({
        window: site,
        origin: SITE,
        listenOn: host,
        pingIntervalMs: 5,
        timeoutMs: 60
      })
    );
    await assert.rejects(
      connection.sendSession({ session: SESSION }),
      /did not answer within 60 ms/
    );
  });

  it('fails when the site never becomes ready, without posting the session', async () => {
    const site = new FakeWindow();
    const connection = tracked(
      connect({
        window: site,
        origin: SITE,
        listenOn: new FakeHostPage(),
        pingIntervalMs: 5,
        timeoutMs: 30
      })
    );
    await assert.rejects(
      connection.sendSession({ session: SESSION }),
      /did not report ready/
    );
    assert.equal(site.ofType('heavyai:session').length, 0);
  });

  it('sends one session at a time so each reply answers its own request', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    let n = 0;
    fakeSite(site, host, () =>
      ++n === 1
        ? { type: 'heavyai:session-rejected', reason: 'first rejected' }
        : { type: 'heavyai:session-accepted' }
    );
    const connection = tracked(
      connect({ window: site, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    const first = connection.sendSession({ session: 'first' });
    const second = connection.sendSession({ session: 'second' });
    const outcomes = await Promise.allSettled([first, second]);
    assert.equal(outcomes[0].status, 'rejected');
    assert.equal(
      (outcomes[0] as PromiseRejectedResult).reason.message,
      'first rejected'
    );
    assert.equal(outcomes[1].status, 'fulfilled');
    assert.deepEqual(
      site.ofType('heavyai:session').map(p => p.message.session),
      ['first', 'second']
    );
  });

  it('never puts the session into an error message', async () => {
    const site = new FakeWindow();
    const connection = tracked(
      connect({
        window: site,
        origin: SITE,
        listenOn: new FakeHostPage(),
        timeoutMs: 10
      })
    );
    const errors = await Promise.allSettled([
      connection.sendSession({ session: SESSION }),
      connection.sendSession({ session: `${SESSION} with space` })
    ]);
    for (const outcome of errors) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(
        !String((outcome as PromiseRejectedResult).reason.message).includes(
          SESSION
        )
      );
    }
  });
});

describe('connect: logout and dispose', () => {
  it('posts logout to the exact origin once ready', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host);
    const connection = tracked(
      connect({ window: site, origin: SITE, listenOn: host, pingIntervalMs: 5 })
    );
    await connection.logout();
    assert.deepEqual(site.ofType('heavyai:logout'), [
      { message: { type: 'heavyai:logout' }, targetOrigin: SITE }
    ]);
  });

  it('dispose stops pinging, removes the listener and rejects what is pending', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    let removed = 0;
    const listenOn = {
      addEventListener: host.addEventListener.bind(host),
      removeEventListener: (
        type: 'message',
        listener: (event: Event) => void
      ) => {
        removed++;
        host.removeEventListener(type, listener);
      }
    };
    const connection = connect({
      window: site,
      origin: SITE,
      listenOn,
      pingIntervalMs: 5
    });
    const pending = connection.sendSession({ session: SESSION });
    connection.dispose();
    await assert.rejects(connection.ready, /disposed/);
    await assert.rejects(pending, /disposed/);
    await assert.rejects(connection.logout(), /disposed/);
    assert.equal(removed, 1);
    const count = site.posted.length;
    await delay(20);
    assert.equal(site.posted.length, count);
  });

  it('dispose while waiting for a reply rejects that send', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    fakeSite(site, host, () => undefined);
    const connection = connect({
      window: site,
      origin: SITE,
      listenOn: host,
      pingIntervalMs: 5
    });
    const pending = connection.sendSession({ session: SESSION });
    await connection.ready;
    await delay(5);
    connection.dispose();
    await assert.rejects(pending, /disposed/);
  });
});

describe('embed entry', () => {
  it('re-exports buildHandoffUrl', () => {
    const url = buildHandoffUrl(`${SITE}/lab/index.html`, { session: SESSION });
    assert.ok(url.startsWith(`${SITE}/lab/index.html?heavyai&reset#heavyai=`));
    const read = readHandoffFragment(new URL(url).hash);
    assert.ok(read.found);
    assert.deepEqual(read.payload, {
      type: 'heavyai:session',
      session: SESSION
    });
  });
});

describe('connect before the iframe has navigated', () => {
  it('does not ping the blank document a new iframe starts with, and pings the site once it is there', async () => {
    const site = new FakeWindow();
    const host = new FakeHostPage();
    // A cross-origin document throws on location access; a fresh iframe shows about:blank.
    let blank = true;
    Object.defineProperty(site, 'location', {
      get() {
        if (blank) {
          return { href: 'about:blank' };
        }
        throw new DOMException(
          'Blocked a frame with origin from accessing a cross-origin frame.',
          'SecurityError'
        );
      }
    });
    fakeSite(site, host);
    const connection = tracked(
      connect({
        window: site as any,
        origin: SITE,
        listenOn: host,
        pingIntervalMs: 10,
        timeoutMs: 2000
      })
    );
    await delay(60);
    assert.equal(
      site.posted.length,
      0,
      'nothing is posted to the blank document'
    );
    blank = false;
    await connection.ready;
    assert.ok(site.ofType('heavyai:ping').length >= 1);
    assert.ok(site.posted.every(p => p.targetOrigin === SITE));
  });
});
