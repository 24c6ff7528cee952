// Attacks on the hand-off, played for real: a foreign page that holds a handle to the site's
// window, and a second HeavyDB stand-in playing the attacker's server, which records every HTTP
// request that reaches it.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';

import type { Page } from '@playwright/test';

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
  SITE_ORIGIN,
  STANDIN_PORT,
  SUBPATH_PREFIX
} from '../ports';
import { heavyaiFragment } from '../links';

const userSession = testSessionId('user');
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
    sessions: [userSession],
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
