import type { Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, openLab, serviceProperty, test } from '../fixtures';
import { editorCell } from '../editor-results';
import {
  openLabWithLoginSession,
  sessionManager,
  siteFrame
} from '../handoff-helpers';
import { HOST_ORIGIN, SITE_ORIGIN, STANDIN_PORT } from '../ports';

let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    allowedOrigins: [SITE_ORIGIN, HOST_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const SERVER = `http://127.0.0.1:${STANDIN_PORT}`;
const item = (frame: Page | Frame) =>
  frame.locator('.jp-HeavyAI-session-status');
const dialog = (frame: Page | Frame) => frame.locator('.jp-Dialog');
const dialogButton = (frame: Page | Frame, label: string) =>
  dialog(frame).locator('.jp-Dialog-button', { hasText: label });

/** Whether the page has loaded the connector chunk (it marks its first load). */
const connectorLoaded = (frame: Page | Frame) =>
  frame.evaluate(
    () =>
      performance.getEntriesByName('heavyai:connector-loaded', 'mark').length >
      0
  );

const currentSession = async (page: Page) =>
  (await sessionManager(page)).evaluate(async store =>
    (await store.getSession()) === undefined ? 'none' : 'some'
  );

test.describe('the HeavyAI status bar item', () => {
  test('shows the session, its user and database on click (not before), and Forget empties it', async ({
    page
  }) => {
    await openLabWithLoginSession(page, STANDIN_PORT);
    await expect(item(page)).toHaveAttribute('data-state', 'connected');
    await expect(item(page)).toHaveText(`HeavyAI: ${SERVER} — connected`);
    // Nothing asked the server nor loaded the connector for the item.
    expect(await connectorLoaded(page)).toBe(false);

    await item(page).click();
    await expect(dialog(page)).toContainText('admin');
    await expect(dialog(page).locator('dd')).toHaveText([
      'connected',
      SERVER,
      'admin',
      'heavyai'
    ]);
    await expect(item(page)).toHaveText(
      'HeavyAI: admin on heavyai — connected'
    );
    expect(await connectorLoaded(page)).toBe(true);
    await page.screenshot({
      path: 'test-results/screenshots/session-status-item-dialog.png'
    });
    await expect(dialogButton(page, 'Connect…')).toBeVisible();
    await dialogButton(page, 'Forget').click();

    await expect(item(page)).toHaveAttribute('data-state', 'none');
    await expect(item(page)).toHaveText('HeavyAI: no session');
    expect(await currentSession(page)).toBe('none');

    // Without a session: Connect… only, and it opens the connection dialog.
    await item(page).click();
    await expect(dialog(page).locator('dd')).toHaveText(['no session']);
    await expect(dialogButton(page, 'Forget')).toHaveCount(0);
    await dialogButton(page, 'Connect…').click();
    await expect(dialog(page)).toContainText('Set default HeavyAI connection');
    await dialog(page).locator('.jp-Dialog-button.jp-mod-reject').click();
    await expect(dialog(page)).toHaveCount(0);
  });

  test('says when nothing was handed over, without loading the connector', async ({
    page
  }) => {
    await openLab(page);
    await expect(item(page)).toHaveText('HeavyAI: no session');
    await item(page).click();
    await expect(dialog(page).locator('dd')).toHaveText(['no session']);
    await dialog(page).locator('.jp-Dialog-button.jp-mod-reject').click();
    expect(await connectorLoaded(page)).toBe(false);
    expect(
      await serviceProperty(
        page,
        'jupyterlite-heavyai:IHeavyAISessionRequests',
        'asking'
      )
    ).toBe(false);
  });

  test('after expiry and a run in the editor it says the host is being asked', async ({
    page
  }) => {
    // The demo host without onSessionRequest: the request stays unanswered.
    await page.goto(
      `${HOST_ORIGIN}/?auto=0&answer=0&site=${encodeURIComponent(`${SITE_ORIGIN}/`)}`
    );
    await page.evaluate(async port => {
      const w = window as any;
      const form = document.getElementById('handoff') as HTMLFormElement;
      (form.elements.namedItem('port') as HTMLInputElement).value = port;
      (form.elements.namedItem('query') as HTMLInputElement).value =
        'SELECT 41 + 1 AS answer';
      (form.elements.namedItem('session') as HTMLInputElement).value =
        await w.heavyaiHost.login();
      await w.heavyaiHost.site.ready;
      await w.heavyaiHost.site.sendSession(w.heavyaiHost.payloadFromForm());
    }, String(STANDIN_PORT));
    const frame = siteFrame(page);
    const editor = frame.locator('.jp-HeavyAI-SqlEditor');
    await expect(editor).toHaveAttribute('data-state', 'done', {
      timeout: 45_000
    });
    expect(await editorCell(frame, 0, 0)).toBe('42');
    await expect(item(frame)).toHaveAttribute('data-state', 'connected');

    // Also the first test's session: the stand-in is shared by the file's tests.
    expect(standin.expireSessions()).toBeGreaterThan(0);
    await frame.locator('.jp-HeavyAI-run').click();
    await expect(editor).toHaveAttribute('data-state', 'error', {
      timeout: 20_000
    });
    await expect(item(frame)).toHaveAttribute('data-state', 'asking');
    await expect(item(frame)).toHaveText(
      `HeavyAI: ${SERVER} — expired — asking the host`
    );
    await page.screenshot({
      path: 'test-results/screenshots/session-status-item-asking.png'
    });
    // The expired session cannot tell who it is: the server stays shown.
    await item(frame).click();
    await expect(dialog(frame).locator('dd').first()).toHaveText(
      'expired — asking the host'
    );
    await expect(dialogButton(frame, 'Connect…')).toBeVisible();
    await expect(dialogButton(frame, 'Forget')).toBeVisible();
    await dialog(frame).locator('.jp-Dialog-button.jp-mod-reject').click();

    // The host leaves the request unanswered (15 s): the session is still refused.
    await expect(item(frame)).toHaveAttribute('data-state', 'expired', {
      timeout: 25_000
    });
    await expect(item(frame)).toHaveText(`HeavyAI: ${SERVER} — expired`);

    // The host sends a new session: connected again.
    await page.evaluate(async () => {
      const host = (window as any).heavyaiHost;
      const form = document.getElementById('handoff') as HTMLFormElement;
      (form.elements.namedItem('session') as HTMLInputElement).value =
        await host.login();
      await host.site.sendSession(host.payloadFromForm());
    });
    await expect(item(frame)).toHaveAttribute('data-state', 'connected', {
      timeout: 20_000
    });
  });
});
