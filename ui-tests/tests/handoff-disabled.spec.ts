import { test as plainTest, type Page } from '@playwright/test';

import { expect, SESSION_MARK, test, testSessionId } from '../fixtures';
import {
  endpointFromPage,
  sessionManager,
  siteFrame,
  waitForServiceWorker
} from '../handoff-helpers';
import {
  HANDOFF_DISABLED_ORIGIN,
  HOST_ORIGIN,
  NO_MANAGER_ORIGIN,
  SITE_ORIGIN
} from '../ports';

/** The demo host page embedding the site at `siteOrigin`, without its automatic hand-off. */
async function embed(page: Page, siteOrigin: string) {
  await page.goto(
    `${HOST_ORIGIN}/?auto=0&site=${encodeURIComponent(`${siteOrigin}/`)}`
  );
  await expect
    .poll(() => page.frames().some(f => f.url().startsWith(siteOrigin)))
    .toBe(true);
  const frame = siteFrame(page, siteOrigin);
  await frame.waitForFunction(
    () => (window as any).jupyterapp?.restored !== undefined,
    null,
    { timeout: 45_000 }
  );
  await frame.evaluate(() => (window as any).jupyterapp.restored);
  return frame;
}

/** Post a ping and a session to the site frame; every message the frame sends back within 3 s. */
function probe(page: Page, siteOrigin: string, session: string) {
  return page.evaluate(
    ([origin, id]) =>
      new Promise<unknown[]>(resolve => {
        const frame = document.getElementById('site') as HTMLIFrameElement;
        const replies: unknown[] = [];
        const onReply = (event: MessageEvent) => {
          if (event.source === frame.contentWindow) {
            replies.push(event.data);
          }
        };
        window.addEventListener('message', onReply);
        frame.contentWindow!.postMessage({ type: 'heavyai:ping' }, origin);
        frame.contentWindow!.postMessage(
          {
            type: 'heavyai:session',
            session: id,
            connection: { protocol: 'https', host: 'db.example.com', port: 443 }
          },
          origin
        );
        setTimeout(() => {
          window.removeEventListener('message', onReply);
          resolve(replies);
        }, 3000);
      }),
    [siteOrigin, session] as const
  );
}

test('with the hand-off plugin disabled in jupyter-lite.json, nothing listens and nothing is stored', async ({
  page
}) => {
  test.setTimeout(120_000);
  // The fixture's console check would fail on the offline Pyodide kernel of the opened notebook;
  // the session-ID part of it is done here.
  const consoleTexts: string[] = [];
  page.on('console', message => consoleTexts.push(message.text()));
  // Control: the same probe against the site as shipped gets answers.
  await embed(page, SITE_ORIGIN);
  const answered = await probe(page, SITE_ORIGIN, testSessionId('control'));
  expect(answered).toContainEqual({ type: 'heavyai:ready' });
  expect(answered).toContainEqual({ type: 'heavyai:session-accepted' });

  const frame = await embed(page, HANDOFF_DISABLED_ORIGIN);
  expect(
    await frame.evaluate(() => {
      const app = (window as any).jupyterapp;
      return {
        handoff: app.isPluginActivated('jupyterlite-heavyai:handoff'),
        sqlEditor: app.commands.hasCommand('heavyai:new-sql-editor')
      };
    })
  ).toEqual({ handoff: false, sqlEditor: true });

  expect(
    await probe(page, HANDOFF_DISABLED_ORIGIN, testSessionId('off'))
  ).toEqual([]);
  // The host's SDK, pinging since the frame loaded, never hears `ready`.
  const sdkReady = await page.evaluate(() =>
    (window as any).heavyaiHost.site.ready.then(
      () => 'ready',
      (error: Error) => error.message
    )
  );
  expect(sdkReady).toMatch(/did not report ready/);

  // Nothing stored: the session manager and the endpoint have no session.
  expect(
    await (
      await sessionManager(frame)
    ).evaluate(async store => (await store.getSession()) ?? null)
  ).toBeNull();
  await waitForServiceWorker(frame);
  expect((await endpointFromPage(frame)).body.session).toBe('');
  expect(consoleTexts.filter(text => text.includes(SESSION_MARK))).toEqual([]);
});

// Plain Playwright test: the fixture fails any test whose plugins fail to activate, and here
// they must (no plugin provides the session manager). The session-ID check is done by hand.
plainTest(
  'when the hand-off plugin cannot activate (no session manager), its early listener is stopped once the app has started',
  async ({ page }) => {
    plainTest.setTimeout(120_000);
    const consoleTexts: string[] = [];
    page.on('console', message => consoleTexts.push(message.text()));
    const frame = await embed(page, NO_MANAGER_ORIGIN);
    await frame.evaluate(() => (window as any).jupyterapp.started);
    expect(
      await frame.evaluate(() =>
        (window as any).jupyterapp.isPluginActivated(
          'jupyterlite-heavyai:handoff'
        )
      )
    ).toBe(false);
    expect(consoleTexts.some(text => /No provider for/.test(text))).toBe(true);
    expect(
      await probe(page, NO_MANAGER_ORIGIN, testSessionId('stopped'))
    ).toEqual([]);
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body.session).toBe('');
    expect(consoleTexts.filter(text => text.includes(SESSION_MARK))).toEqual(
      []
    );
  }
);
