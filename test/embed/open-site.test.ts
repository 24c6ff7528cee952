import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHandoffLink, openSite } from '../../src/embed/index';
import { readHandoffCode } from '../../src/wire/fragment';

const SITE = 'https://notebooks.example.com';
const LAB = `${SITE}/lab/index.html`;
const SESSION = 'SessionValue0123456789abcdefXYZ';
const PAYLOAD = {
  session: SESSION,
  connection: { protocol: 'https' as const, host: 'db.example.com', port: 443 }
};

/** A window that records what is posted to it and can answer like the site. */
class FakeWindow {
  posted: { message: any; targetOrigin: string }[] = [];
  onPost?: (message: any) => void;
  postMessage(message: unknown, targetOrigin: string): void {
    const copy = structuredClone(message);
    this.posted.push({ message: copy, targetOrigin });
    this.onPost?.(copy);
  }
}

/** The host page: opens windows and receives message events. */
class FakeHostPage extends EventTarget {
  opened: { url: string; target: string; window: FakeWindow }[] = [];
  blockPopups = false;
  open(url: string, target: string): FakeWindow | null {
    if (this.blockPopups) {
      return null;
    }
    const window = new FakeWindow();
    this.opened.push({ url, target, window });
    return window;
  }
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

/** The site in the opened window: ready on ping, then the given verdict for a session. */
function actAsSite(
  host: FakeHostPage,
  win: FakeWindow,
  verdict: (message: any) => unknown = () => ({
    type: 'heavyai:session-accepted'
  })
): void {
  win.onPost = message =>
    queueMicrotask(() => {
      if (message.type === 'heavyai:ping') {
        host.deliver({ type: 'heavyai:ready' }, SITE, win);
      } else if (message.type === 'heavyai:session') {
        host.deliver(verdict(message), SITE, win);
      }
    });
}

describe('openSite', () => {
  it('opens the site with no secret in the URL, keeps the opener, and posts the session to its exact origin', async () => {
    const host = new FakeHostPage();
    const originalOpen = host.open.bind(host);
    host.open = (url, target) => {
      const win = originalOpen(url, target)!;
      actAsSite(host, win);
      return win;
    };
    const opened = await openSite(LAB, PAYLOAD, {
      opener: host,
      timeoutMs: 2000
    });
    opened.connection.dispose();
    assert.deepEqual(opened.outcome, { accepted: true });
    assert.equal(host.opened.length, 1);
    const { url, target, window } = host.opened[0];
    assert.equal(url, `${LAB}?heavyai&reset`);
    assert.equal(target, '_blank');
    assert.ok(!url.includes(SESSION) && !url.includes('#'));
    const sessions = window.posted.filter(
      p => p.message.type === 'heavyai:session'
    );
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].targetOrigin, SITE);
    assert.equal(sessions[0].message.session, SESSION);
    assert.ok(window.posted.every(p => p.targetOrigin === SITE));
  });

  it("resolves with the site's reason when the site rejects the session", async () => {
    const host = new FakeHostPage();
    const originalOpen = host.open.bind(host);
    host.open = (url, target) => {
      const win = originalOpen(url, target)!;
      actAsSite(host, win, () => ({
        type: 'heavyai:session-rejected',
        reason: 'port is out of range'
      }));
      return win;
    };
    const opened = await openSite(LAB, PAYLOAD, {
      opener: host,
      timeoutMs: 2000
    });
    opened.connection.dispose();
    assert.deepEqual(opened.outcome, {
      accepted: false,
      reason: 'port is out of range'
    });
  });

  it('ignores answers from other origins or other windows, and times out', async () => {
    const host = new FakeHostPage();
    const originalOpen = host.open.bind(host);
    host.open = (url, target) => {
      const win = originalOpen(url, target)!;
      win.onPost = message =>
        queueMicrotask(() => {
          host.deliver({ type: 'heavyai:ready' }, 'https://evil.example', win);
          host.deliver({ type: 'heavyai:ready' }, SITE, new FakeWindow());
          void message;
        });
      return win;
    };
    await assert.rejects(
      openSite(LAB, PAYLOAD, { opener: host, timeoutMs: 200 }),
      /did not report ready/
    );
    assert.ok(
      host.opened[0].window.posted.every(
        p => p.message.type !== 'heavyai:session'
      )
    );
  });

  it('opens nothing for an invalid payload and reports a blocked popup', async () => {
    const host = new FakeHostPage();
    await assert.rejects(
      openSite(LAB, { session: 'a b' }, { opener: host }),
      /session/
    );
    assert.equal(host.opened.length, 0);
    host.blockPopups = true;
    await assert.rejects(openSite(LAB, PAYLOAD, { opener: host }), /blocked/);
  });
});

describe('createHandoffLink', () => {
  const bytes = (fill: number) => () => new Uint8Array(32).fill(fill);

  it('puts only a one-time code in the URL and answers the first redeem from the site origin', async () => {
    const host = new FakeHostPage();
    const link = createHandoffLink(LAB, PAYLOAD, {
      listenOn: host,
      randomBytes: bytes(7)
    });
    assert.ok(!link.url.includes(SESSION));
    assert.ok(link.url.startsWith(`${LAB}?heavyai&reset#heavyai-code=`));
    const code = (readHandoffCode(new URL(link.url).hash) as { code: string })
      .code;
    assert.match(code, /^[A-Za-z0-9_-]{43}$/);

    const intruder = new FakeWindow();
    host.deliver(
      { type: 'heavyai:redeem', code },
      'https://evil.example',
      intruder
    ); // wrong origin
    host.deliver(
      { type: 'heavyai:redeem', code: 'x'.repeat(43) },
      SITE,
      intruder
    ); // wrong code
    assert.equal(intruder.posted.length, 0);

    const site = new FakeWindow();
    host.deliver({ type: 'heavyai:redeem', code }, SITE, site);
    assert.equal(site.posted.length, 1);
    assert.equal(site.posted[0].targetOrigin, SITE);
    assert.equal(site.posted[0].message.type, 'heavyai:session');
    assert.equal(site.posted[0].message.session, SESSION);

    // Single use: a second redeem of the same code, even from the site origin, gets nothing.
    const second = new FakeWindow();
    host.deliver({ type: 'heavyai:redeem', code }, SITE, second);
    assert.equal(second.posted.length, 0);

    host.deliver({ type: 'heavyai:session-accepted' }, SITE, second); // not the redeeming window
    host.deliver({ type: 'heavyai:session-accepted' }, SITE, site);
    assert.deepEqual(await link.outcome, { accepted: true });
  });

  it('expires: a code redeemed after its time gets nothing', async () => {
    const host = new FakeHostPage();
    const link = createHandoffLink(LAB, PAYLOAD, { listenOn: host, ttlMs: 50 });
    const code = (readHandoffCode(new URL(link.url).hash) as { code: string })
      .code;
    await assert.rejects(link.outcome, /expired/);
    const site = new FakeWindow();
    host.deliver({ type: 'heavyai:redeem', code }, SITE, site);
    assert.equal(site.posted.length, 0);
  });

  it('codes differ from link to link (crypto randomness) and a disposed link answers nothing', async () => {
    const host = new FakeHostPage();
    const a = createHandoffLink(LAB, PAYLOAD, { listenOn: host });
    const b = createHandoffLink(LAB, PAYLOAD, { listenOn: host });
    assert.notEqual(a.url, b.url);
    a.dispose();
    b.dispose();
    await assert.rejects(a.outcome, /disposed/);
    const code = (readHandoffCode(new URL(a.url).hash) as { code: string })
      .code;
    const site = new FakeWindow();
    host.deliver({ type: 'heavyai:redeem', code }, SITE, site);
    assert.equal(site.posted.length, 0);
  });

  it('refuses an invalid payload', () => {
    assert.throws(() => createHandoffLink(LAB, { session: '' }), /session/);
  });
});
