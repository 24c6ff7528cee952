/**
 * A strict browser (the `strict` project: Playwright's switches, third-party storage denied, as in
 * Safari, Brave or blocked third-party storage): the site embedded cross-site gets no IndexedDB and
 * no service worker. The config loader switches JupyterLite to memory storage, so the site opens
 * and works for the life of the page, and the user is told once that nothing is kept.
 */
import type { Frame, Page } from '@playwright/test';

import { referenceQuery } from '../../heavydb-standin/engine';
import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, SESSION_MARK, test, testSessionId } from '../fixtures';
import { asShown, editorRows } from '../editor-results';
import { openHostPage, sendWithSdk, siteFrame } from '../handoff-helpers';
import {
  allNotebookText,
  kernelRequests,
  queuedKernelRequests,
  recordKernelRequests
} from '../kernel-helpers';
import { CROSS_HOST_ORIGIN, CROSS_SITE_ORIGIN, STANDIN_PORT } from '../ports';

const QUERY =
  'SELECT flight_id, carrier, origin, dest, dep_delay FROM flights ORDER BY flight_id';
const NOTHING_KEPT = 'Nothing will be kept after this page closes';
const valid = testSessionId('strict');
const connection = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [valid],
    allowedOrigins: [CROSS_SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const toasts = (frame: Frame | Page) =>
  frame.locator('.jp-toast-container, .Toastify');

/** What the loader decided, and what it cost (the probe runs before first paint). */
async function storageDecision(frame: Frame | Page) {
  return frame.evaluate(() => {
    const config = JSON.parse(
      document.getElementById('jupyter-config-data')!.textContent || '{}'
    );
    const probe = performance.getEntriesByName('heavyai:storage-probe')[0];
    const configFetch = performance
      .getEntriesByType('resource')
      .find(entry => entry.name.includes('jupyter-lite.json')) as
      PerformanceResourceTiming | undefined;
    return {
      memory: config.heavyaiMemoryStorage === true,
      enableMemoryStorage: config.enableMemoryStorage === true,
      drivers: [
        config.contentsStorageDrivers,
        config.settingsStorageDrivers,
        config.workspacesStorageDrivers
      ],
      probeMs: probe ? probe.duration : -1,
      // > 0: the probe finished after the config fetch, so it delayed the start by that much.
      probeDelayMs:
        probe && configFetch
          ? probe.startTime + probe.duration - configFetch.responseEnd
          : NaN,
      controlled: navigator.serviceWorker.controller !== null
    };
  });
}

test.describe('a strict browser, the site embedded cross-site', () => {
  test('opens on memory storage, accepts the session, shows the rows and says once that nothing is kept', async ({
    page
  }, testInfo) => {
    const frame = await openHostPage(
      page,
      CROSS_SITE_ORIGIN,
      CROSS_HOST_ORIGIN
    );
    expect(new URL(page.url()).hostname).toBe('localhost');

    // The frame really is denied storage: IndexedDB fails to open.
    const indexedDBOpens = await frame.evaluate(
      () =>
        new Promise<boolean>(resolve => {
          const request = indexedDB.open('strict-check');
          request.onsuccess = () => resolve(true);
          request.onerror = () => resolve(false);
        })
    );
    expect(indexedDBOpens).toBe(false);

    expect(
      await sendWithSdk(page, { session: valid, connection, query: QUERY })
    ).toBe('accepted');
    const editor = frame.locator('.jp-HeavyAI-SqlEditor');
    await expect(editor).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect(frame.locator('.jp-NotebookPanel')).toBeVisible();
    const reference = await referenceQuery(`${QUERY} LIMIT 3`);
    expect(await editorRows(frame, 3, reference.columns.length)).toEqual(
      asShown(reference.rows)
    );

    const decision = await storageDecision(frame);
    expect(decision).toMatchObject({
      memory: true,
      enableMemoryStorage: true,
      drivers: [
        ['memoryStorageDriver'],
        ['memoryStorageDriver'],
        ['memoryStorageDriver']
      ],
      controlled: false
    });
    testInfo.annotations.push({
      type: 'storage probe (ms, denied)',
      description: decision.probeMs.toFixed(2)
    });
    console.log(
      `storage probe, IndexedDB denied: ${decision.probeMs.toFixed(2)} ms, ends ${decision.probeDelayMs.toFixed(2)} ms after jupyter-lite.json`
    );

    // One notice, shown as text, and not the session store's narrower one beside it.
    await expect(toasts(frame).getByText(NOTHING_KEPT)).toHaveCount(1);
    await expect(
      toasts(frame).getByText('HeavyAI session is kept for this page only')
    ).toHaveCount(0);
    await page.screenshot({
      path: 'test-results/screenshots/strict-embedded.png'
    });

    // The notebook was saved, in memory: the contents drive works.
    await expect
      .poll(() =>
        frame.evaluate(
          async () =>
            (await (window as any).jupyterapp.serviceManager.contents.get(''))
              .content.length
        )
      )
      .toBeGreaterThan(0);
  });

  test('without a service worker, the session reaches the kernel by a silent execution, never a notebook', async ({
    page
  }) => {
    const frame = await openHostPage(
      page,
      CROSS_SITE_ORIGIN,
      CROSS_HOST_ORIGIN
    );
    expect(
      await sendWithSdk(page, { session: valid, connection, query: 'SELECT 1' })
    ).toBe('accepted');
    await expect(frame.locator('.jp-NotebookPanel')).toBeVisible({
      timeout: 30_000
    });
    expect(
      await frame.evaluate(() => navigator.serviceWorker.controller)
    ).toBeNull();
    await recordKernelRequests(frame);

    // When the notebook's kernel started, the session was handed to it first, silently (still
    // queued: offline the kernel never answers, as micropip comes from Pyodide's CDN).
    await expect
      .poll(async () => (await queuedKernelRequests(frame, valid)).requests)
      .toEqual([
        {
          setsPageSession: true,
          carriesSession: true,
          silent: true,
          storeHistory: false
        }
      ]);

    // Rotation: the new session goes to the running kernel at once, silently, out of the history.
    const second = testSessionId('rotated');
    expect(await sendWithSdk(page, { session: second, connection })).toBe(
      'accepted'
    );
    await expect
      .poll(() => kernelRequests(frame, second))
      .toEqual([
        {
          setsPageSession: true,
          carriesSession: true,
          silent: true,
          storeHistory: false
        }
      ]);

    // Logout removes it from the kernel the same way.
    await page.evaluate(() => (window as any).heavyaiHost.site.logout());
    await expect
      .poll(() => kernelRequests(frame, second))
      .toEqual([
        {
          setsPageSession: true,
          carriesSession: true,
          silent: true,
          storeHistory: false
        },
        {
          setsPageSession: true,
          carriesSession: false,
          silent: true,
          storeHistory: false
        }
      ]);

    const notebooks = await allNotebookText(frame);
    expect(notebooks).toContain('heavyai_lite.connect()');
    expect(notebooks).not.toContain(SESSION_MARK);
    expect(notebooks).not.toContain('HEAVYAI_LITE_PAGE_SESSION');
  });

  test('the same site opened top-level keeps IndexedDB: no memory storage, no notice', async ({
    page
  }, testInfo) => {
    await page.goto(`${CROSS_SITE_ORIGIN}/lab/index.html`);
    await page.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await page.evaluate(() => (window as any).jupyterapp.restored);
    const decision = await storageDecision(page);
    expect(decision.memory).toBe(false);
    expect(decision.enableMemoryStorage).toBe(false);
    expect(decision.probeMs).toBeGreaterThanOrEqual(0);
    testInfo.annotations.push({
      type: 'storage probe (ms, usable)',
      description: decision.probeMs.toFixed(2)
    });
    console.log(
      `storage probe, IndexedDB usable: ${decision.probeMs.toFixed(2)} ms, ends ${decision.probeDelayMs.toFixed(2)} ms after jupyter-lite.json`
    );
    await page.waitForTimeout(1000); // a notice would show right after restore
    await expect(toasts(page).getByText(NOTHING_KEPT)).toHaveCount(0);
  });
});

/**
 * Before any page script: in the site's frame, record the text of every toast as it appears (a
 * MutationObserver from the first paint); in the host page, with `early`, post the session as
 * soon as the first `heavyai:ready` arrives (before JupyterLab has started), as a host that sends
 * on `ready` does.
 */
async function recordToastsAndMaybeSendEarly(
  page: Page,
  early: boolean,
  payload: Record<string, unknown>
): Promise<void> {
  await page.addInitScript(
    ({ siteOrigin, hostOrigin, early, payload }) => {
      const w = window as any;
      if (location.origin === siteOrigin) {
        w.heavyaiToastsSeen = [] as string[];
        new MutationObserver(() => {
          for (const toast of document.querySelectorAll('.Toastify__toast')) {
            const text = toast.textContent ?? '';
            if (!w.heavyaiToastsSeen.includes(text)) {
              w.heavyaiToastsSeen.push(text);
            }
          }
        }).observe(document, {
          childList: true,
          subtree: true,
          characterData: true
        });
      } else if (location.origin === hostOrigin && early) {
        let sent = false;
        window.addEventListener('message', event => {
          if (
            !sent &&
            event.origin === siteOrigin &&
            event.data?.type === 'heavyai:ready'
          ) {
            sent = true;
            (event.source as Window).postMessage(
              { type: 'heavyai:session', ...payload },
              siteOrigin
            );
          }
        });
      }
    },
    {
      siteOrigin: CROSS_SITE_ORIGIN,
      hostOrigin: CROSS_HOST_ORIGIN,
      early,
      payload
    }
  );
}

test.describe('the strict-browser notice, whenever the session arrives', () => {
  for (const early of [true, false]) {
    test(`is toasted as it appears and its status item stays (session posted ${early ? 'on the first heavyai:ready' : 'after load'})`, async ({
      page
    }) => {
      const payload = { session: valid, connection, query: 'SELECT 1' };
      await recordToastsAndMaybeSendEarly(page, early, payload);
      await page.goto(
        `${CROSS_HOST_ORIGIN}/?auto=0&site=${encodeURIComponent(`${CROSS_SITE_ORIGIN}/`)}`
      );
      await page.evaluate(() => (window as any).heavyaiHost.site.ready);
      const frame = siteFrame(page, CROSS_SITE_ORIGIN);
      if (!early) {
        await frame.evaluate(() => (window as any).jupyterapp.restored);
        expect(await sendWithSdk(page, payload)).toBe('accepted');
      }
      const seen = () =>
        frame.evaluate(() => (window as any).heavyaiToastsSeen as string[]);
      await expect
        .poll(async () => (await seen()).some(t => t.includes(NOTHING_KEPT)), {
          timeout: 30_000
        })
        .toBe(true);
      // Our other notices reach the screen too.
      await expect
        .poll(
          async () =>
            (await seen()).some(t => t.includes('Connected to HeavyDB')),
          { timeout: 30_000 }
        )
        .toBe(true);

      // The notice stays until dismissed; the status item stays after that and explains on click.
      await page.waitForTimeout(6000); // longer than any notice that closes by itself
      const notice = toasts(frame)
        .locator('.Toastify__toast')
        .filter({ hasText: NOTHING_KEPT });
      await expect(notice).toHaveCount(1);
      await notice.locator('.jp-Notification-Toast-Close').click();
      await expect(notice).toHaveCount(0);
      const item = frame.locator('.jp-HeavyAI-storage-status');
      await expect(item).toBeVisible();
      await item.click();
      const dialog = frame.locator('.jp-Dialog');
      await expect(dialog).toContainText(NOTHING_KEPT);
      await dialog.locator('button').last().click();
      await expect(item).toBeVisible();
    });
  }
});
