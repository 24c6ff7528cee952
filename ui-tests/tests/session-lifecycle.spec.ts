import type { Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, runCommand, test } from '../fixtures';
import { editorCell } from '../editor-results';
import {
  openLabWithLoginSession,
  sessionManager,
  siteFrame
} from '../handoff-helpers';
import {
  FOREIGN_ORIGIN,
  HOST_ORIGIN,
  SITE_ORIGIN,
  STANDIN_PORT,
  SUBPATH_PREFIX
} from '../ports';

let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    allowedOrigins: [SITE_ORIGIN, HOST_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const QUERY = 'SELECT 41 + 1 AS answer';
const editor = (frame: Frame) => frame.locator('.jp-HeavyAI-SqlEditor');

/**
 * The demo host page (`answer=0`: without onSessionRequest), pointed at the stand-in, recording
 * every session request it receives. It logs in at the stand-in and hands the session over with
 * a query, and the site's workspace runs it. Returns the site's frame.
 */
async function hostWithEditor(page: Page, answer: boolean): Promise<Frame> {
  await page.goto(
    `${HOST_ORIGIN}/?auto=0${answer ? '' : '&answer=0'}&site=${encodeURIComponent(`${SITE_ORIGIN}/`)}`
  );
  await page.evaluate(
    async ([port, query]) => {
      const w = window as any;
      const form = document.getElementById('handoff') as HTMLFormElement;
      const site = document.getElementById('site') as HTMLIFrameElement;
      w.receivedRequests = [];
      window.addEventListener('message', event => {
        if (event.data?.type === 'heavyai:session-request') {
          w.receivedRequests.push({
            origin: event.origin,
            fromSite: event.source === site.contentWindow,
            data: event.data
          });
        }
      });
      (form.elements.namedItem('port') as HTMLInputElement).value = port;
      (form.elements.namedItem('query') as HTMLInputElement).value = query;
      (form.elements.namedItem('session') as HTMLInputElement).value =
        await w.heavyaiHost.login();
      await w.heavyaiHost.site.ready;
      await w.heavyaiHost.site.sendSession(w.heavyaiHost.payloadFromForm());
    },
    [String(STANDIN_PORT), QUERY] as const
  );
  const frame = siteFrame(page);
  await expect(editor(frame)).toHaveAttribute('data-state', 'done', {
    timeout: 45_000
  });
  expect(await editorCell(frame, 0, 0)).toBe('42');
  // Set in the site's window: still there afterwards means the site was not reloaded.
  await frame.evaluate(() => ((window as any).notReloaded = true));
  return frame;
}

const receivedRequests = (page: Page) =>
  page.evaluate(() => (window as any).receivedRequests);

test.describe('an expired session is replaced by the host page', () => {
  test('the next run asks the host once, gets a new session and shows rows without a reload', async ({
    page
  }) => {
    const frame = await hostWithEditor(page, true);
    expect(standin.expireSessions()).toBe(1);
    await frame.locator('.jp-HeavyAI-run').click();
    await expect(editor(frame)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(await editorCell(frame, 0, 0)).toBe('42');
    await expect(frame.locator('.jp-HeavyAI-message-error')).toBeHidden();
    expect(await receivedRequests(page)).toEqual([
      {
        origin: SITE_ORIGIN,
        fromSite: true,
        data: { type: 'heavyai:session-request', reason: 'expired' }
      }
    ]);
    expect(
      await page.evaluate(() => (window as any).heavyaiHost.sessionRequests)
    ).toBe(1);
    expect(await frame.evaluate(() => (window as any).notReloaded)).toBe(true);
    expect(standin.sessionCount()).toBe(1); // the host's new login, nothing else
  });

  test('without onSessionRequest the error reads as before; an answer from another origin is ignored', async ({
    page
  }) => {
    const frame = await hostWithEditor(page, false);
    standin.expireSessions();
    await frame.locator('.jp-HeavyAI-run').click();
    await expect(editor(frame)).toHaveAttribute('data-state', 'error', {
      timeout: 20_000
    });
    await expect(frame.locator('.jp-HeavyAI-message-error')).toContainText(
      'Session not valid'
    );
    await expect.poll(() => receivedRequests(page)).toHaveLength(1);
    expect(
      await page.evaluate(() => (window as any).heavyaiHost.sessionRequests)
    ).toBe(0);

    // A page of another origin answers the request with a valid session: the site ignores it.
    const foreignSession = await page.evaluate(() =>
      (window as any).heavyaiHost.login()
    );
    await page.evaluate(src => {
      const foreign = document.createElement('iframe');
      foreign.id = 'foreign';
      foreign.src = src;
      document.body.append(foreign);
      return new Promise(resolve => (foreign.onload = resolve));
    }, `${FOREIGN_ORIGIN}${SUBPATH_PREFIX}jupyter-lite.json`);
    const foreign = page
      .frames()
      .find(f => f.url().startsWith(FOREIGN_ORIGIN))!;
    await foreign.evaluate(
      ([session, port]) => {
        // The site's frame is the parent's first frame.
        window.parent.frames[0].postMessage(
          {
            type: 'heavyai:session',
            session,
            connection: { protocol: 'http', host: '127.0.0.1', port }
          },
          '*'
        );
      },
      [foreignSession, STANDIN_PORT] as const
    );
    await page.waitForTimeout(1000); // time for a wrongly accepted session to re-run the editor
    await expect(editor(frame)).toHaveAttribute('data-state', 'error');

    // The host itself sends a new session: the failed read-only statement runs again.
    await page.evaluate(async () => {
      const host = (window as any).heavyaiHost;
      const form = document.getElementById('handoff') as HTMLFormElement;
      (form.elements.namedItem('session') as HTMLInputElement).value =
        await host.login();
      await host.site.sendSession(host.payloadFromForm());
    });
    await expect(editor(frame)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(await editorCell(frame, 0, 0)).toBe('42');
  });
});

// Minutes of work for DuckDB unless interrupted.
const LONG_QUERY = 'SELECT sum(i * i % 7) AS s FROM range(100000000000) t(i)';

test.describe('a running query can be stopped', () => {
  test('the same session arriving again leaves a running query running', async ({
    page
  }) => {
    await openLabWithLoginSession(page, STANDIN_PORT);
    await runCommand(page, 'heavyai:new-sql-editor', { query: LONG_QUERY });
    const panel = page.locator('.jp-HeavyAI-SqlEditor');
    await expect
      .poll(() => standin.runningStatements(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    // A host may post the session it already posted (again on each heavyai:ready, say).
    await (
      await sessionManager(page)
    ).evaluate(async store => store.setSession(await store.getSession()));
    // The editor reacts to the signal asynchronously; give it time to (wrongly) give up the run.
    await page.waitForTimeout(1_500);
    await expect(panel).toHaveAttribute('data-state', 'running');
    await expect(panel.locator('.jp-HeavyAI-status')).not.toContainText(
      'The connection changed'
    );
    await panel.locator('.jp-HeavyAI-stop').click();
    await expect(panel).toHaveAttribute('data-state', 'stopped');
  });

  test('Stop (and Escape) interrupt a long query on the stand-in; the editor is ready again', async ({
    page
  }) => {
    await openLabWithLoginSession(page, STANDIN_PORT);
    await runCommand(page, 'heavyai:new-sql-editor', { query: LONG_QUERY });
    const panel = page.locator('.jp-HeavyAI-SqlEditor');
    const stop = panel.locator('.jp-HeavyAI-stop');
    await expect
      .poll(() => standin.runningStatements(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await expect(stop).toBeVisible();
    await stop.click();
    await expect(panel).toHaveAttribute('data-state', 'stopped');
    await expect(panel.locator('.jp-HeavyAI-status')).toHaveText('Stopped.');
    await expect(stop).toBeHidden();
    // The stand-in no longer works on it (DuckDB was interrupted, not just the reply ignored).
    await expect
      .poll(() => standin.runningStatements(), { timeout: 5_000 })
      .toBe(0);

    // Ready again: a short query runs and shows its rows.
    await panel.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(QUERY);
    await page.keyboard.press('Shift+Enter');
    await expect(panel).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(await editorCell(page.mainFrame(), 0, 0)).toBe('42');

    // Escape in the editor stops too.
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(LONG_QUERY);
    await page.keyboard.press('Shift+Enter');
    await expect
      .poll(() => standin.runningStatements(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await expect(panel).toHaveAttribute('data-state', 'stopped');
    await expect
      .poll(() => standin.runningStatements(), { timeout: 5_000 })
      .toBe(0);
  });
});
