// Attacks on the hand-off, played for real: a foreign page that holds a handle to the site's
// window, and a second HeavyDB stand-in playing the attacker's server, which records every HTTP
// request that reaches it.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

import type { Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import {
  answerLinkQuestion,
  expect,
  openLab,
  runCommand,
  test,
  testSessionId
} from '../fixtures';
import {
  endpointFromPage,
  storeSession,
  waitForServiceWorker
} from '../handoff-helpers';
import {
  ATTACKER_STANDIN_PORT,
  FOREIGN_ORIGIN,
  HOST_ORIGIN,
  SITE_ORIGIN,
  STANDIN_PORT,
  SUBPATH_PREFIX
} from '../ports';
import { heavyaiFragment } from '../links';

const userSession = testSessionId('user');
const userSessionLater = testSessionId('user-later');
const attackerSession = testSessionId('attacker');
const userServer = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };
const attackerServer = {
  protocol: 'http',
  host: '127.0.0.1',
  port: ATTACKER_STANDIN_PORT
};
const QUERY = 'SELECT COUNT(*) AS n FROM flights';

let userStandin: IStandin;
let attackerStandin: IStandin;
/** Every request the attacker's server received: method and path, nothing else. */
const reachedAttacker: string[] = [];

test.beforeAll(async () => {
  userStandin = await startStandin({
    port: STANDIN_PORT,
    sessions: [userSession, userSessionLater],
    allowedOrigins: [SITE_ORIGIN]
  });
  attackerStandin = await startStandin({
    port: ATTACKER_STANDIN_PORT,
    sessions: [attackerSession],
    // CORS would let the site through: only the site's own refusal can keep queries away.
    allowedOrigins: [SITE_ORIGIN],
    onRequest: (req: IncomingMessage) =>
      reachedAttacker.push(`${req.method} ${req.url}`)
  });
});
test.afterAll(async () => {
  await userStandin?.close();
  await attackerStandin?.close();
});

const editor = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor');

test.describe('a page holding a handle to the site cannot swap its session or server', () => {
  test('window.open, the user works, then location.href = site#heavyai=<attacker>: ignored or asked, never run', async ({
    context,
    page
  }) => {
    reachedAttacker.length = 0;
    // Earlier, Immerse handed the user's session over (the site remembers it).
    await openLab(
      page,
      `lab/index.html${heavyaiFragment({ session: userSession, connection: userServer })}`
    );
    await waitForServiceWorker(page);
    await expect
      .poll(async () => (await endpointFromPage(page)).body.session)
      .toBe(userSession);

    // A foreign page opens the site and keeps the handle.
    const foreign = await context.newPage();
    await foreign.goto(
      `${FOREIGN_ORIGIN}${SUBPATH_PREFIX}foreign-host.html?site=about:blank`
    );
    const [site] = await Promise.all([
      context.waitForEvent('page'),
      foreign.evaluate(
        url => void ((window as any).handle = window.open(url)),
        `${SITE_ORIGIN}/lab/index.html`
      )
    ]);
    await site.waitForFunction(
      () => (window as any).jupyterapp?.restored,
      null,
      { timeout: 45_000 }
    );
    await site.evaluate(() => (window as any).jupyterapp.restored);

    // The user runs a query in that tab, on their server.
    await runCommand(site, 'heavyai:new-sql-editor', { query: QUERY });
    await expect(editor(site)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const statusBefore = await site.locator('.jp-HeavyAI-status').textContent();

    // Attack 1: same document, new fragment (no reload).
    const evil = heavyaiFragment({
      session: attackerSession,
      connection: attackerServer,
      query: 'SELECT * FROM payroll'
    });
    await foreign.evaluate(
      hash => ((window as any).handle.location.href = hash),
      `${SITE_ORIGIN}/lab/index.html${evil}`
    );
    await expect.poll(() => site.url()).not.toContain('heavyai=');
    await site.waitForTimeout(2000); // room for a wrongful store and re-run to happen
    expect(
      reachedAttacker,
      'no request reached the attacker server after the fragment swap'
    ).toEqual([]);
    expect((await endpointFromPage(site)).body.session).toBe(userSession);
    await expect(site.locator('.Toastify')).toContainText('ignored');
    await expect(editor(site)).toHaveAttribute('data-state', 'done');
    expect(await site.locator('.jp-HeavyAI-status').textContent()).toBe(
      statusBefore
    );

    // Attack 2: a new document (the deep link), so the fragment is read at load: the user is asked.
    await foreign.evaluate(
      url => ((window as any).handle.location.href = url),
      `${SITE_ORIGIN}/lab/index.html?heavyai&reset${evil}`
    );
    await site.locator('.jp-Dialog').waitFor({ timeout: 20_000 });
    await site.screenshot({
      path: path.resolve(
        __dirname,
        '..',
        '..',
        'test-results',
        'screenshots',
        'link-question.png'
      )
    });
    const shown = await answerLinkQuestion(site, false);
    expect(shown).toBe(`http://127.0.0.1:${ATTACKER_STANDIN_PORT}`);
    await expect(site.locator('.Toastify')).toContainText('nothing was stored');
    await waitForServiceWorker(site);
    expect((await endpointFromPage(site)).body.session).toBe(userSession);

    expect(
      reachedAttacker,
      'no request of any kind reached the attacker server'
    ).toEqual([]);
  });

  test("an open editor does not re-run on another server when the session changes; it waits for the user's Run", async ({
    page
  }) => {
    reachedAttacker.length = 0;
    await openLab(
      page,
      `lab/index.html${heavyaiFragment({ session: userSession, connection: userServer })}`
    );
    await runCommand(page, 'heavyai:new-sql-editor', { query: QUERY });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });

    // A session for another server arrives while the editor is open (as an allowed host's message would bring it).
    await storeSession(page, {
      session: attackerSession,
      connection: attackerServer
    });
    // The editor names the new server instead of running on it.
    await expect(page.locator('.jp-HeavyAI-status')).toContainText(
      'Press Run',
      { timeout: 20_000 }
    );
    await expect(page.locator('.jp-HeavyAI-status')).toContainText(
      `127.0.0.1:${ATTACKER_STANDIN_PORT}`
    );
    await page.waitForTimeout(1000); // room for a wrongful re-run to reach the server
    expect(reachedAttacker).toEqual([]);

    // The user presses Run: now, and only now, the query goes there.
    await page.locator('.jp-HeavyAI-run').click();
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(reachedAttacker.length).toBeGreaterThan(0);
  });
});

/** The attacker's link: their session, their server, a statement for their server to see. */
const ATTACKER_STATEMENT = [
  'SELECT *',
  'FROM payroll',
  'WHERE 1 = 1',
  'ORDER BY salary DESC',
  'LIMIT 100',
  '-- line 6',
  '-- line 7 is not shown'
].join('\n');
const attackerLink = () =>
  heavyaiFragment({
    session: attackerSession,
    connection: { ...attackerServer, database: 'payroll_db' },
    query: ATTACKER_STATEMENT
  });

/** The lab's session as its endpoint serves it, once the service worker controls the page. */
async function storedSession(target: Page | Frame): Promise<string> {
  await waitForServiceWorker(target);
  return (await endpointFromPage(target)).body.session;
}

/** The warning the lab shows when the root page dropped a link's session. */
const ROOT_NOTICE = "this site's start page was not used";

test.describe('links are taken silently only from allowed pages, never from the site itself', () => {
  test('a link to the site root (the root page forwards no session): not used, the attacker server receives nothing', async ({
    page
  }) => {
    reachedAttacker.length = 0;
    // Followed from the attacker's page, with no session stored yet (the case that stored silently).
    await page.goto(`${SITE_ORIGIN}/?heavyai&reset${attackerLink()}`, {
      referer: `${FOREIGN_ORIGIN}/`
    });
    await page.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await expect(page.locator('.Toastify')).toContainText(ROOT_NOTICE, {
      timeout: 20_000
    });
    expect(page.url()).toContain('/lab/index.html');
    expect(page.url()).not.toMatch(/heavyai=|omnisci=|heavyai-link-refused/);
    await page.waitForTimeout(2000); // room for a wrongful store and run
    expect(await storedSession(page)).toBe('');
    expect(await page.locator('.jp-Dialog').count()).toBe(0);
    expect(reachedAttacker).toEqual([]);
  });

  test("a link followed from a page of the site itself (a notebook's Markdown) asks, showing server, database and statement", async ({
    page
  }) => {
    reachedAttacker.length = 0;
    await page.goto(
      `${SITE_ORIGIN}/lab/index.html?heavyai&reset${attackerLink()}`,
      {
        referer: `${SITE_ORIGIN}/lab/index.html`
      }
    );
    const dialog = page.locator('.jp-Dialog', {
      hasText: 'Use this HeavyDB server?'
    });
    await dialog.waitFor({ timeout: 45_000 });
    await expect(dialog).toContainText(`Link followed from: ${SITE_ORIGIN}`);
    await expect(dialog).toContainText('Database: payroll_db');
    const statement = dialog.locator('.jp-HeavyAI-confirm-statement');
    // Rendered as text: the first six lines, then "…".
    expect(await statement.textContent()).toBe(
      `${ATTACKER_STATEMENT.split('\n').slice(0, 6).join('\n')}…`
    );
    expect(await statement.locator('*').count()).toBe(0);
    expect(await answerLinkQuestion(page, false)).toBe(
      `http://127.0.0.1:${ATTACKER_STANDIN_PORT}`
    );
    await expect(page.locator('.Toastify')).toContainText('nothing was stored');
    expect(await storedSession(page)).toBe('');
    expect(reachedAttacker).toEqual([]);
  });

  test('a page holding a window handle sets it to the site root with its link: not used, the attacker server receives nothing', async ({
    context
  }) => {
    reachedAttacker.length = 0;
    const foreign = await context.newPage();
    await foreign.goto(
      `${FOREIGN_ORIGIN}${SUBPATH_PREFIX}foreign-host.html?site=about:blank`
    );
    const [site] = await Promise.all([
      context.waitForEvent('page'),
      foreign.evaluate(
        url => void ((window as any).handle = window.open(url)),
        `${SITE_ORIGIN}/lab/index.html`
      )
    ]);
    await site.waitForFunction(
      () => (window as any).jupyterapp?.restored,
      null,
      { timeout: 45_000 }
    );
    // A full load of the root page, so the lab reads the result at load.
    await foreign.evaluate(
      url => ((window as any).handle.location.href = url),
      `${SITE_ORIGIN}/?heavyai&reset${attackerLink()}`
    );
    await expect(site.locator('.Toastify')).toContainText(ROOT_NOTICE, {
      timeout: 45_000
    });
    await site.waitForTimeout(2000); // room for a wrongful store and run
    expect(await storedSession(site)).toBe('');
    expect(reachedAttacker).toEqual([]);
  });

  for (const when of ['after', 'before'] as const) {
    test(`a page framing Immerse navigates the site frame inside it to a link ${when} the frame's first load: the site asks and names every page`, async ({
      context,
      page
    }) => {
      reachedAttacker.length = 0;
      // The attacker's page frames the allowed Immerse page, which frames the site.
      const immerse = `${HOST_ORIGIN}/?auto=0&site=${encodeURIComponent(`${SITE_ORIGIN}/`)}`;
      await page.goto(
        `${FOREIGN_ORIGIN}${SUBPATH_PREFIX}foreign-host.html?site=${encodeURIComponent(immerse)}`
      );
      const siteFrame = () =>
        page.frames().find(f => f.url().startsWith(SITE_ORIGIN));
      await expect
        .poll(
          async () =>
            when === 'before'
              ? siteFrame() !== undefined
              : ((await siteFrame()
                  ?.evaluate(
                    () => (window as any).jupyterapp?.restored !== undefined
                  )
                  .catch(() => false)) ?? false),
          { timeout: 45_000, intervals: [20] }
        )
        .toBe(true);
      // The top page may navigate any frame below it, however deep.
      await page.evaluate(
        url => ((window as any).frames[0].frames[0].location.href = url),
        `${SITE_ORIGIN}/lab/index.html?heavyai&reset${attackerLink()}`
      );
      const site = siteFrame()!;
      const dialog = site.locator('.jp-Dialog', {
        hasText: 'Use this HeavyDB server?'
      });
      await dialog.waitFor({ timeout: 45_000 });
      await expect(dialog).toContainText(
        `Embedded in: ${HOST_ORIGIN} ← ${FOREIGN_ORIGIN}`
      );
      if (when === 'after') {
        await expect(dialog).toContainText(
          `Link followed from: ${FOREIGN_ORIGIN}`
        );
      }
      expect(await answerLinkQuestion(site, false)).toBe(
        `http://127.0.0.1:${ATTACKER_STANDIN_PORT}`
      );
      await site.waitForTimeout(2000); // room for a wrongful store and run
      // The frame shares the top-level site's storage (127.0.0.1): a tab of the site reads it.
      const tab = await context.newPage();
      await openLab(tab);
      expect(await storedSession(tab)).toBe('');
      expect(reachedAttacker).toEqual([]);
    });
  }

  test('20 late links give one notice with a count, never a pile of toasts', async ({
    page
  }) => {
    await openLab(
      page,
      `lab/index.html${heavyaiFragment({ session: userSession, connection: userServer })}`
    );
    // Record, as toasts appear, the most ever shown at once.
    await page.evaluate(() => {
      const w = window as any;
      w.mostLateToasts = 0;
      const count = () =>
        [...document.querySelectorAll('.Toastify__toast')].filter(toast =>
          toast.textContent?.includes('after it had loaded')
        ).length;
      new MutationObserver(() => {
        w.mostLateToasts = Math.max(w.mostLateToasts, count());
      }).observe(document.body, { childList: true, subtree: true });
    });
    const late = heavyaiFragment({
      session: attackerSession,
      connection: attackerServer
    });
    await page.evaluate(async hash => {
      for (let i = 0; i < 20; i++) {
        location.hash = `${hash}&n=${i}`;
        await new Promise(resolve => setTimeout(resolve, 150));
      }
    }, late);
    await expect(page.locator('.Toastify')).toContainText(
      '20 HeavyAI links were opened in this page after it had loaded',
      { timeout: 10_000 }
    );
    await page.waitForTimeout(1000);
    expect(await page.evaluate(() => (window as any).mostLateToasts)).toBe(1);
    expect(reachedAttacker).toEqual([]);
  });

  test('a confirmed ?heavyai&reset link replaces the session in use and the workspace shows its statement', async ({
    page
  }) => {
    await openLab(
      page,
      `lab/index.html${heavyaiFragment({
        session: userSession,
        connection: userServer,
        query: 'SELECT 1 AS old_statement'
      })}`
    );
    // The endpoint serves the session once the hand-off's IndexedDB write has landed.
    await expect.poll(() => storedSession(page)).toBe(userSession);
    // Typed or pasted (no referrer): the user is asked, and says yes.
    await page.goto(
      `lab/index.html?heavyai&reset${heavyaiFragment({
        session: userSessionLater,
        connection: userServer,
        query: 'SELECT 2 AS new_statement'
      })}`
    );
    await answerLinkQuestion(page, true);
    await expect(editor(page).locator('.cm-content')).toContainText(
      'new_statement',
      { timeout: 30_000 }
    );
    await expect(editor(page).locator('.cm-content')).not.toContainText(
      'old_statement'
    );
    // The editor has the session from memory; IndexedDB, and so the endpoint, may follow later.
    await expect.poll(() => storedSession(page)).toBe(userSessionLater);
  });
});

test.describe('the session endpoint', () => {
  test('answers fetch with nosniff, but not a tab or a frame opened on its URL', async ({
    page
  }) => {
    const session = testSessionId('endpoint');
    await openLab(
      page,
      `lab/index.html${heavyaiFragment({ session, connection: userServer })}`
    );
    await waitForServiceWorker(page);
    // The hand-off stores the link's session in IndexedDB after the app has started; the endpoint
    // serves it once that write has landed.
    await expect
      .poll(async () => (await endpointFromPage(page)).body.session)
      .toBe(session);
    const fetched = await page.evaluate(async () => {
      const response = await fetch(
        new URL('../heavyai/session', location.href)
      );
      return {
        status: response.status,
        nosniff: response.headers.get('x-content-type-options'),
        body: await response.json()
      };
    });
    expect(fetched).toMatchObject({
      status: 200,
      nosniff: 'nosniff',
      body: { session }
    });

    // A frame of the site opened on the endpoint.
    const framed = await page.evaluate(async () => {
      const frame = document.createElement('iframe');
      frame.src = new URL('../heavyai/session', location.href).href;
      document.body.append(frame);
      await new Promise(resolve => (frame.onload = resolve));
      const text = frame.contentDocument?.body?.innerText ?? '';
      frame.remove();
      return text;
    });
    expect(framed).toContain('fetch requests');
    expect(framed).not.toContain(session);

    // A tab opened on it (same profile, so the same service worker answers).
    for (const path of ['heavyai/session', 'omnisci/session']) {
      const response = await page.goto(`${SITE_ORIGIN}/${path}`);
      expect(response?.status(), path).toBe(403);
      expect(response?.headers()['x-content-type-options'], path).toBe(
        'nosniff'
      );
      expect(await page.content(), path).not.toContain(session);
    }
  });
});
