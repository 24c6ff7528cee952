/**
 * The site embedded cross-site, as users' Chromium runs it: the host page on `localhost`, the site
 * on `127.0.0.1` (two different sites). Chromium gives the frame storage and a service worker of
 * its own, partitioned by the top-level site, so everything works inside the frame, and none of it
 * is shared with the same site opened top-level.
 */
import type { Frame, Page } from '@playwright/test';

import { referenceQuery } from '../../heavydb-standin/engine';
import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, SESSION_MARK, test, testSessionId } from '../fixtures';
import { asShown, editorRows } from '../editor-results';
import {
  allNotebookText,
  kernelRequests,
  recordKernelRequests
} from '../kernel-helpers';
import {
  endpointFromPage,
  endpointFromWorker,
  openHostPage,
  sendWithSdk,
  siteFrame,
  waitForServiceWorker
} from '../handoff-helpers';
import { CROSS_HOST_ORIGIN, CROSS_SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { heavyaiFragment } from '../links';

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
const QUERY =
  'SELECT flight_id, carrier, origin, dest, dep_delay FROM flights ORDER BY flight_id';
const valid = testSessionId('cross-site');
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [valid],
    allowedOrigins: [CROSS_SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const connection = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };

function expectedEndpoint(session: string, query = '') {
  return {
    session,
    connection: { ...connection, port: String(STANDIN_PORT) },
    environment: ENV_NAMES,
    query
  };
}

async function openCrossSite(page: Page): Promise<Frame> {
  const frame = await openHostPage(page, CROSS_SITE_ORIGIN, CROSS_HOST_ORIGIN);
  expect(new URL(page.url()).hostname).toBe('localhost');
  expect(new URL(frame.url()).hostname).toBe('127.0.0.1');
  return frame;
}

/** What the frame's browser context says about its storage: the facts the docs rely on. */
async function storageFacts(
  frame: Frame
): Promise<{ indexedDB: boolean; serviceWorker: boolean }> {
  return frame.evaluate(async () => {
    const indexedDB = await new Promise<boolean>(resolve => {
      try {
        const request = window.indexedDB.open('cross-site-probe');
        request.onsuccess = () => {
          request.result.close();
          resolve(true);
        };
        request.onerror = () => resolve(false);
      } catch {
        resolve(false);
      }
    });
    return {
      indexedDB,
      serviceWorker: navigator.serviceWorker.controller !== null
    };
  });
}

test.describe('embedded cross-site (Chromium as users run it)', () => {
  test('hand-off, endpoint for the page and a Worker, reload, rotation and logout', async ({
    page
  }) => {
    let frame = await openCrossSite(page);
    const first = testSessionId('first');
    expect(
      await sendWithSdk(page, { session: first, connection, query: 'SELECT 1' })
    ).toBe('accepted');
    await waitForServiceWorker(frame);
    expect(await storageFacts(frame)).toEqual({
      indexedDB: true,
      serviceWorker: true
    });
    expect(await endpointFromPage(frame)).toEqual({
      status: 200,
      cacheControl: 'no-store',
      body: expectedEndpoint(first, 'SELECT 1')
    });
    expect(await endpointFromWorker(frame)).toEqual({
      status: 200,
      body: expectedEndpoint(first, 'SELECT 1')
    });

    // Kept across a reload of the frame: it is in the frame's (partitioned) IndexedDB.
    // The outgoing document can still answer the SDK's first ping (so `ready` resolves before the
    // new document listens): wait for the new document's app before handing anything over.
    await frame.evaluate(() => ((window as any).outgoingDocument = true));
    await page.evaluate(() => document.getElementById('reload-site')!.click());
    await page.evaluate(() => (window as any).heavyaiHost.site.ready);
    frame = siteFrame(page, CROSS_SITE_ORIGIN);
    await expect
      .poll(
        () =>
          frame
            .evaluate(() => (window as any).outgoingDocument === true)
            .catch(() => true),
        { timeout: 30_000 }
      )
      .toBe(false);
    await frame.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await frame.evaluate(() => (window as any).jupyterapp.restored);
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body).toEqual(
      expectedEndpoint(first, 'SELECT 1')
    );

    // Rotation: a second session replaces the first, for the page and for workers.
    const second = testSessionId('second');
    expect(await sendWithSdk(page, { session: second, connection })).toBe(
      'accepted'
    );
    await expect
      .poll(async () => (await endpointFromPage(frame)).body)
      .toEqual(expectedEndpoint(second));
    expect((await endpointFromWorker(frame)).body).toEqual(
      expectedEndpoint(second)
    );

    await page.evaluate(() => (window as any).heavyaiHost.site.logout());
    await expect
      .poll(async () => (await endpointFromPage(frame)).body)
      .toEqual(EMPTY);
    expect((await endpointFromWorker(frame)).body).toEqual(EMPTY);
  });

  test('?heavyai&reset shows the first rows of the handed-over query', async ({
    page
  }) => {
    const frame = await openCrossSite(page);
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

    // A service worker serves heavyai/session here, so nothing is sent to the kernel on a change.
    await waitForServiceWorker(frame);
    await recordKernelRequests(frame);
    const rotated = testSessionId('rotated');
    expect(await sendWithSdk(page, { session: rotated, connection })).toBe(
      'accepted'
    );
    await expect
      .poll(async () => (await endpointFromPage(frame)).body.session)
      .toBe(rotated);
    await page.waitForTimeout(500); // time for a (wrong) hand-off to the kernel to show
    expect(await kernelRequests(frame, rotated)).toEqual([]);
    expect(await allNotebookText(frame)).not.toContain(SESSION_MARK);
  });

  test('partitioning: the session handed over in the frame is not seen by the same site opened top-level', async ({
    page,
    context
  }) => {
    const frame = await openCrossSite(page);
    const session = testSessionId('partitioned');
    expect(await sendWithSdk(page, { session, connection })).toBe('accepted');
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body.session).toBe(session);

    // The same origin in a tab of its own, in the same browser profile.
    const tab = await context.newPage();
    await tab.goto(`${CROSS_SITE_ORIGIN}/lab/index.html`);
    await tab.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await tab.evaluate(() => (window as any).jupyterapp.restored);
    await waitForServiceWorker(tab);
    expect(await endpointFromPage(tab)).toEqual({
      status: 200,
      cacheControl: 'no-store',
      body: EMPTY
    });
    expect((await endpointFromWorker(tab)).body).toEqual(EMPTY);

    // A session handed over top-level does not reach the frame either, and the frame keeps its own.
    const topLevel = testSessionId('top-level');
    // A link followed from the site's own origin (an allowed sender): a new document load, since a
    // fragment set on an open page is ignored by design.
    const fragment = heavyaiFragment({ session: topLevel, connection });
    await tab.goto('about:blank');
    await tab.goto(`${CROSS_SITE_ORIGIN}/lab/index.html${fragment}`, {
      referer: `${CROSS_SITE_ORIGIN}/`
    });
    await tab.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await expect
      .poll(async () => (await endpointFromPage(tab)).body.session)
      .toBe(topLevel);
    expect((await endpointFromPage(frame)).body.session).toBe(session);
    await tab.close();
  });
});
