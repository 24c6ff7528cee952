import { expect, openLab, runCommand, test, testSessionId } from '../fixtures';
import {
  endpointFromPage,
  endpointFromWorker,
  openHostPage,
  sessionManager,
  postRaw,
  sendWithSdk,
  siteFrame,
  storeSession,
  waitForServiceWorker
} from '../handoff-helpers';
import {
  FOREIGN_ORIGIN,
  HOST_ORIGIN,
  SITE_ORIGIN,
  SUBPATH_PREFIX
} from '../ports';
import { base64UrlText } from '../links';

const ENV_NAMES = {
  protocol: 'HEAVYAI_PROTOCOL',
  host: 'HEAVYAI_HOST',
  port: 'HEAVYAI_PORT'
};
const EMPTY = {
  session: '',
  connection: { protocol: '', host: '', port: '' },
  environment: ENV_NAMES,
  query: ''
};

test.describe('session hand-off from the host page', () => {
  test('postMessage → accepted → the endpoint answers the page and a Worker, across reloads, until logout', async ({
    page
  }) => {
    let frame = await openHostPage(page);
    const session = testSessionId('immerse');
    const query =
      "SELECT 'it''s' AS \"quoted\",\n  origin FROM flights -- ünïcode ✈";
    expect(
      await sendWithSdk(page, {
        session,
        connection: { protocol: 'http', host: '127.0.0.1', port: 6278 },
        query
      })
    ).toBe('accepted');
    await waitForServiceWorker(frame);
    const expected = {
      session,
      connection: { protocol: 'http', host: '127.0.0.1', port: '6278' },
      environment: ENV_NAMES,
      query
    };
    const fromPage = await endpointFromPage(frame);
    expect(fromPage).toEqual({
      status: 200,
      cacheControl: 'no-store',
      body: expected
    });
    expect(await endpointFromWorker(frame)).toEqual({
      status: 200,
      body: expected
    });

    // The session survives a reload of the site.
    await page.evaluate(() => document.getElementById('reload-site')!.click());
    await page.waitForTimeout(500);
    await page.evaluate(() => (window as any).heavyaiHost.site.ready);
    frame = siteFrame(page);
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body).toEqual(expected);

    // The SDK's `ready` may come from the document being replaced (it still answers pings while
    // the reload is under way); a logout posted then reaches the new document before it listens.
    // Wait until the reloaded site has started before logging out.
    await frame.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await frame.evaluate(() => (window as any).jupyterapp.restored);
    await page.evaluate(() => (window as any).heavyaiHost.site.logout());
    await expect
      .poll(async () => (await endpointFromPage(frame)).body)
      .toEqual(EMPTY);
    expect((await endpointFromWorker(frame)).body).toEqual(EMPTY);
  });

  test('the legacy omnisci endpoint answers the same', async ({ page }) => {
    const frame = await openHostPage(page);
    const session = testSessionId('legacy');
    expect(
      await sendWithSdk(page, {
        session,
        connection: { protocol: 'https', host: 'db.example.com', port: '443' }
      })
    ).toBe('accepted');
    await waitForServiceWorker(frame);
    const legacy = await frame.evaluate(async () =>
      (await fetch(new URL('../omnisci/session', location.href))).json()
    );
    expect(legacy).toEqual({
      session,
      connection: { protocol: 'https', host: 'db.example.com', port: '443' },
      environment: ENV_NAMES,
      query: ''
    });
  });

  test('environment values stand in for a missing connection, as the original environment variables did', async ({
    page
  }) => {
    const frame = await openHostPage(page);
    const session = testSessionId('env');
    const reply = await postRaw(page, {
      type: 'heavyai:session',
      session,
      environment: {
        HEAVYAI_PROTOCOL: 'https',
        HEAVYAI_HOST: 'heavy.example.org',
        HEAVYAI_PORT: '6279'
      }
    });
    expect(reply).toEqual({ type: 'heavyai:session-accepted' });
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body.connection).toEqual({
      protocol: 'https',
      host: 'heavy.example.org',
      port: '6279'
    });
  });

  test('a message from a foreign origin is ignored and nothing is stored', async ({
    page,
    consoleLog
  }) => {
    await page.goto(
      `${FOREIGN_ORIGIN}${SUBPATH_PREFIX}foreign-host.html?site=${encodeURIComponent(`${SITE_ORIGIN}/lab/index.html`)}`
    );
    const frame = await (async () => {
      await expect
        .poll(() => page.frames().some(f => f.url().startsWith(SITE_ORIGIN)))
        .toBe(true);
      return siteFrame(page);
    })();
    await frame.waitForFunction(
      () => (window as any).jupyterapp?.restored,
      null,
      { timeout: 45_000 }
    );
    const session = testSessionId('foreign');
    const reply = await postRaw(page, {
      type: 'heavyai:session',
      session,
      connection: { protocol: 'http', host: 'evil.example', port: 80 }
    });
    expect(reply).toBeNull(); // no answer to a foreign origin
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body).toEqual(EMPTY);
    const warnings = consoleLog.filter(
      entry => entry.type === 'warning' && entry.text.includes(FOREIGN_ORIGIN)
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].text).not.toContain('evil.example');
  });

  test('malformed payloads are rejected with reasons and the previous session stays', async ({
    page
  }) => {
    const frame = await openHostPage(page);
    const good = testSessionId('good');
    expect(
      await sendWithSdk(page, {
        session: good,
        connection: { protocol: 'http', host: 'db.internal', port: 6278 }
      })
    ).toBe('accepted');
    const base = { type: 'heavyai:session', session: testSessionId('bad') };
    const connection = { protocol: 'http', host: 'db.internal', port: 6278 };
    const malformed: [string, unknown][] = [
      ['missing session', { type: 'heavyai:session', connection }],
      ['empty session', { ...base, session: '' }],
      ['numeric session', { ...base, session: 12345 }],
      ['session with a space', { ...base, session: 'abc def' }],
      ['session with a newline', { ...base, session: 'abc\ndef' }],
      ['session too long', { ...base, session: 'x'.repeat(257) }],
      ['port 0', { ...base, connection: { ...connection, port: 0 } }],
      ['port 70000', { ...base, connection: { ...connection, port: 70000 } }],
      ['negative port', { ...base, connection: { ...connection, port: -1 } }],
      [
        'fractional port',
        { ...base, connection: { ...connection, port: 80.5 } }
      ],
      [
        'port with letters',
        { ...base, connection: { ...connection, port: '80a' } }
      ],
      [
        'port as object',
        { ...base, connection: { ...connection, port: { n: 1 } } }
      ],
      [
        'javascript: protocol',
        { ...base, connection: { ...connection, protocol: 'javascript:' } }
      ],
      [
        'file protocol',
        { ...base, connection: { ...connection, protocol: 'file' } }
      ],
      [
        'ftp protocol',
        { ...base, connection: { ...connection, protocol: 'ftp' } }
      ],
      [
        'protocol as number',
        { ...base, connection: { ...connection, protocol: 1 } }
      ],
      [
        'host with path',
        { ...base, connection: { ...connection, host: 'db.internal/path' } }
      ],
      [
        'host with credentials',
        { ...base, connection: { ...connection, host: 'user:pw@db.internal' } }
      ],
      [
        'host with scheme',
        { ...base, connection: { ...connection, host: 'http://db.internal' } }
      ],
      [
        'host with whitespace',
        { ...base, connection: { ...connection, host: 'db internal' } }
      ],
      [
        'host with port',
        { ...base, connection: { ...connection, host: 'db.internal:80' } }
      ],
      [
        'host with query',
        { ...base, connection: { ...connection, host: 'db.internal?x=1' } }
      ],
      [
        'unbracketed IPv6',
        { ...base, connection: { ...connection, host: '::1' } }
      ],
      ['empty host', { ...base, connection: { ...connection, host: '' } }],
      [
        'connection not an object',
        { ...base, connection: 'http://db.internal:6278' }
      ],
      ['query not a string', { ...base, query: ['SELECT 1'] }],
      ['oversized query', { ...base, query: 'x'.repeat(1024 * 1024 + 1) }],
      ['environment not an object', { ...base, environment: 'HEAVYAI_HOST=x' }],
      [
        'environment with a number value',
        { ...base, environment: { HEAVYAI_PORT: 6278 } }
      ],
      [
        'environment with a bad name',
        { ...base, environment: { 'BAD NAME': 'x' } }
      ],
      [
        'environment with too many names',
        {
          ...base,
          environment: Object.fromEntries(
            Array.from({ length: 33 }, (_, i) => [`V${i}`, 'x'])
          )
        }
      ],
      [
        'environment host with a path',
        { ...base, environment: { HEAVYAI_HOST: 'a/b' } }
      ],
      ['payload is a string', 'heavyai:session'],
      ['payload is an array', [base]],
      ['unknown message type', { ...base, type: 'heavyai:sessions' }]
    ];
    const results: { label: string; reply: unknown }[] = [];
    for (const [label, payload] of malformed) {
      results.push({ label, reply: await postRaw(page, payload) });
    }
    // Messages that are not ours at all (a string, an array) get no reply; every other one is rejected with a reason.
    for (const { label, reply } of results) {
      if (label === 'payload is a string' || label === 'payload is an array') {
        expect(reply, label).toBeNull();
        continue;
      }
      expect(reply, label).toMatchObject({ type: 'heavyai:session-rejected' });
      expect((reply as { reason: string }).reason, label).toMatch(/\w+/);
      expect((reply as { reason: string }).reason, label).not.toContain(
        'SECRET'
      );
    }
    expect(results.filter(r => r.reply !== null).length).toBeGreaterThanOrEqual(
      30
    );
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body.session).toBe(good);
    // The user is told too.
    await expect(
      frame.locator('.jp-toast-container, .Toastify').first()
    ).toContainText(/rejected/i);
  });

  test('a #heavyai= fragment stores the session and leaves neither the address bar nor the history', async ({
    page
  }) => {
    const session = testSessionId('fragment');
    const payload = {
      session,
      connection: { protocol: 'http', host: '127.0.0.1', port: 6278 },
      query: 'SELECT 1'
    };
    await page.goto(`${SITE_ORIGIN}/lab/index.html`); // a previous page in the history
    await page.evaluate(() => (window as any).jupyterapp?.restored);
    await openLab(
      page,
      `${SITE_ORIGIN}/lab/index.html?heavyai&reset#heavyai=${base64UrlText(JSON.stringify(payload))}`
    );
    expect(page.url()).not.toContain('#');
    expect(page.url()).not.toContain(session);
    await waitForServiceWorker(page);
    await expect
      .poll(async () => (await endpointFromPage(page)).body.session)
      .toBe(session);
    expect((await endpointFromPage(page)).body.query).toBe('SELECT 1');

    const seen: string[] = [];
    for (let step = 0; step < 3; step++) {
      const moved = await page.goBack().catch(() => null);
      seen.push(page.url());
      if (!moved) {
        break;
      }
    }
    expect(seen.join(' ')).not.toContain('heavyai=ey');
    expect(seen.join(' ')).not.toContain(session);
  });

  test('bad fragments are rejected, reported, and keep the previous session', async ({
    page
  }) => {
    const good = testSessionId('kept');
    const goodPayload = {
      session: good,
      connection: { protocol: 'http', host: '127.0.0.1', port: 6278 }
    };
    await openLab(
      page,
      `${SITE_ORIGIN}/lab/index.html#heavyai=${base64UrlText(JSON.stringify(goodPayload))}`
    );
    await waitForServiceWorker(page);
    await expect
      .poll(async () => (await endpointFromPage(page)).body.session)
      .toBe(good);
    const badFragments = [
      ['not base64', '#heavyai=%%%not-base64%%%'],
      ['not JSON', `#heavyai=${base64UrlText('{session: oops')}`],
      ['empty', '#heavyai='],
      [
        'valid JSON, bad port',
        `#heavyai=${base64UrlText(JSON.stringify({ ...goodPayload, session: testSessionId('x'), connection: { protocol: 'http', host: 'h', port: 0 } }))}`
      ],
      ['legacy key, not JSON', `#omnisci=${base64UrlText('[')}`]
    ];
    for (const [index, [label, fragment]] of badFragments.entries()) {
      // A new query makes it a new document: a fragment is read only when the document loads.
      await openLab(
        page,
        `${SITE_ORIGIN}/lab/index.html?n=${index}${fragment}`
      );
      await expect(
        page.locator('.jp-toast-container, .Toastify').first(),
        label
      ).toContainText(/rejected/i);
      expect(page.url(), label).not.toContain('#');
      await waitForServiceWorker(page);
      expect((await endpointFromPage(page)).body.session, label).toBe(good);
    }
  });

  test('"Show HeavyAI session status" shows the origin and only the end of the ID; "Forget" removes it', async ({
    page
  }) => {
    const frame = await openHostPage(page);
    const session = testSessionId('status');
    expect(
      await sendWithSdk(page, {
        session,
        connection: { protocol: 'https', host: 'heavy.example.org', port: 443 }
      })
    ).toBe('accepted');
    await frame.evaluate(
      () =>
        void (window as any).jupyterapp.commands.execute(
          'heavyai:session-status'
        )
    );
    const dialog = frame.locator('.jp-Dialog');
    await expect(dialog).toContainText('heavy.example.org');
    await expect(dialog).toContainText(HOST_ORIGIN);
    await expect(dialog).toContainText(`…${session.slice(-4)}`);
    expect(await dialog.innerText()).not.toContain(session.slice(0, 12));
    await dialog.locator('button', { hasText: 'Close' }).click();

    await runCommand(frame, 'heavyai:forget-session');
    await waitForServiceWorker(frame);
    await expect
      .poll(async () => (await endpointFromPage(frame)).body)
      .toEqual(EMPTY);
  });
});

test.describe('the session store', () => {
  test('a session stored in one tab reaches the session manager of another tab within a second', async ({
    context,
    page
  }) => {
    await openLab(page, `${SITE_ORIGIN}/lab/index.html`);
    const other = await context.newPage();
    await openLab(other, `${SITE_ORIGIN}/lab/index.html`);
    // Tab 1 listens on its session manager.
    await (
      await sessionManager(page)
    ).evaluate(store => {
      (window as any).__changed = new Promise(resolve =>
        store.changed.connect((_: unknown, record: any) =>
          resolve({ at: Date.now(), host: record?.connection?.host })
        )
      );
    });
    const session = testSessionId('tabs');
    const payload = {
      session,
      connection: { protocol: 'https', host: 'tabs.example.org', port: 443 }
    };
    // Tab 2 stores a session as its hand-off sink does.
    const sentAt = await storeSession(other, payload);
    const changed: { at: number; host: string } = await page.evaluate(
      () => (window as any).__changed
    );
    expect(changed.host).toBe('tabs.example.org');
    expect(changed.at - sentAt).toBeLessThan(1000);
  });

  test('without IndexedDB the session is kept in memory and the user is warned once', async ({
    page
  }) => {
    await page.addInitScript(() => {
      // What private modes and blocked storage look like to the page: opening a database fails.
      const original = indexedDB.open.bind(indexedDB);
      (indexedDB as any).open = (name: string, version?: number) => {
        if (name === 'jupyterlite-heavyai') {
          throw new DOMException(
            'The user denied permission to access the database.',
            'SecurityError'
          );
        }
        return original(name, version);
      };
    });
    const session = testSessionId('memory');
    const payload = {
      session,
      connection: { protocol: 'https', host: 'memory.example.org', port: 443 }
    };
    await openLab(
      page,
      `${SITE_ORIGIN}/lab/index.html#heavyai=${base64UrlText(JSON.stringify(payload))}`
    );
    const toasts = page.locator('.Toastify');
    await expect(toasts).toContainText('kept for this page only');
    await expect(toasts).toContainText('memory.example.org');
    await page.evaluate(
      () =>
        void (window as any).jupyterapp.commands.execute(
          'heavyai:session-status'
        )
    );
    await expect(page.locator('.jp-Dialog')).toContainText(
      'memory.example.org'
    );
    await page.locator('.jp-Dialog button', { hasText: 'Close' }).click();
    await page.evaluate(
      () =>
        void (window as any).jupyterapp.commands.execute(
          'heavyai:session-status'
        )
    );
    await page.locator('.jp-Dialog button', { hasText: 'Close' }).click();
    expect(await toasts.getByText('kept for this page only').count()).toBe(1);
  });
});
