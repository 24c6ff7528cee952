// The setup the real-Pyodide specs share: the site embedded in the demo host page with a session
// handed over, its service worker in control, Pyodide started in a module Worker of the site page
// and heavyai_lite installed from the site's own piplite index. The contexts these specs open in
// beforeAll are outside the fixture that checks every test's console, so the console of the page
// and its workers is recorded here and checked with `expectNoSessionInConsole`.
import type { Browser, BrowserContext, Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../heavydb-standin/server';
import { expect, SESSION_MARK, test, testSessionId } from './fixtures';
import {
  openHostPage,
  sendWithSdk,
  waitForServiceWorker
} from './handoff-helpers';
import {
  callPyodide,
  PYODIDE_CDN_CORE,
  siteWheelUrl,
  startPyodide
} from './pyodide-helpers';
import { SITE_ORIGIN, STANDIN_PORT } from './ports';

/** A site page running Pyodide with heavyai_lite, and what its console said. */
export interface IPyodideSite {
  context: BrowserContext;
  page: Page;
  /** The site's frame inside the host page: Pyodide's Worker belongs to it. */
  frame: Frame;
  /** Console lines and uncaught errors (`pageerror: …`) of the page and its workers. */
  consoleTexts: string[];
  /** Pyodide's version and its start-up time in the Worker. */
  started: { version: string; ms: number };
}

/**
 * Open the host page in a new context, hand the session over with `handOver` (by default the
 * SDK's `sendSession` of `{ session, connection }`, which must be accepted), then start Pyodide in
 * the site's frame and install the site's wheel.
 */
export async function openPyodideSite(
  browser: Browser,
  handOver: (page: Page) => Promise<Frame>
): Promise<IPyodideSite> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const consoleTexts: string[] = [];
  page.on('console', message => consoleTexts.push(message.text()));
  page.on('pageerror', error => consoleTexts.push(`pageerror: ${error}`));
  page.on('worker', worker =>
    worker.on('console', message => consoleTexts.push(message.text()))
  );
  const frame = await handOver(page);
  await waitForServiceWorker(frame);
  const started = await startPyodide(frame);
  await callPyodide(frame, { op: 'install', url: siteWheelUrl(SITE_ORIGIN) });
  return { context, page, frame, consoleTexts, started };
}

/** The usual hand-off: the demo host page sends `payload` with the SDK, and the site accepts it. */
export function handOverWithSdk(
  payload: Record<string, unknown>
): (page: Page) => Promise<Frame> {
  return async page => {
    const frame = await openHostPage(page);
    expect(await sendWithSdk(page, payload)).toBe('accepted');
    return frame;
  };
}

/** No console line of the page or its workers showed a test session ID. */
export function expectNoSessionInConsole(consoleTexts: string[]): void {
  expect(
    consoleTexts.filter(text => text.includes(SESSION_MARK)),
    'no session ID in any console message'
  ).toEqual([]);
}

/**
 * For a spec file whose tests share one Pyodide (its start-up is the slow part): the file runs
 * serially; before its tests a stand-in holding one session (`testSessionId(label)`) starts and
 * the SDK hands that session to the site, whose page then starts Pyodide with heavyai_lite; after
 * them both are closed and the console is checked: no session ID, no page error but the kernel's
 * CDN import. `site()` is the page once the setup has run.
 */
export function sharePyodideSite(label: string): {
  /** The session handed over, and the stand-in's address. */
  session: string;
  connection: { protocol: string; host: string; port: number };
  site: () => IPyodideSite;
} {
  const session = testSessionId(label);
  const connection = {
    protocol: 'http',
    host: '127.0.0.1',
    port: STANDIN_PORT
  };
  let standin: IStandin | undefined;
  let site: IPyodideSite | undefined;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    test.setTimeout(180_000);
    standin = await startStandin({
      port: STANDIN_PORT,
      sessions: [session],
      allowedOrigins: [SITE_ORIGIN]
    });
    site = await openPyodideSite(
      browser,
      handOverWithSdk({ session, connection })
    );
  });
  test.afterAll(async () => {
    await site?.context.close();
    await standin?.close();
    const consoleTexts = site?.consoleTexts ?? [];
    expectNoSessionInConsole(consoleTexts);
    // The site's notebook starts the real kernel, whose default Pyodide is on the CDN this offline
    // machine cannot reach (pyodide-kernel.spec.ts covers the kernel): only that may fail.
    const unexpected = consoleTexts.filter(
      text => text.startsWith('pageerror') && !text.includes(PYODIDE_CDN_CORE)
    );
    expect(unexpected, "no page errors but the kernel's CDN import").toEqual(
      []
    );
  });
  return {
    session,
    connection,
    site: () => {
      if (!site) {
        throw new Error('the shared Pyodide site is not set up yet');
      }
      return site;
    }
  };
}
