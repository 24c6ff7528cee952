// The deep link's first call leaves while JupyterLab starts, but only for a link the site takes
// without asking, and the server still runs the statement once (workspace/link-prefetch.ts).
import type { Page } from '@playwright/test';

import { referenceQuery } from '../../heavydb-standin/engine';
import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { editorCell } from '../editor-results';
import {
  answerLinkQuestion,
  expect,
  openLab,
  test,
  testSessionId
} from '../fixtures';
import { heavyaiFragment } from '../links';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';

const QUERY = 'SELECT flight_id, carrier FROM flights ORDER BY flight_id';
const session = testSessionId('prefetch');
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [session],
    allowedOrigins: [SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const link = () =>
  `lab/index.html?heavyai&reset${heavyaiFragment({
    session,
    connection: { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT },
    query: QUERY
  })}`;

/** The first-batch calls of QUERY the page posts to the stand-in, counted as they leave. */
function countFirstBatchCalls(
  page: Page,
  onCall: () => void = () => undefined
): { readonly count: number } {
  const seen = { count: 0 };
  page.on('request', request => {
    const body = request.postDataBuffer()?.toString('latin1') ?? '';
    if (
      request.url().includes(`127.0.0.1:${STANDIN_PORT}`) &&
      body.includes('flight_id, carrier') &&
      body.includes('LIMIT 1000')
    ) {
      seen.count++;
      onCall();
    }
  });
  return seen;
}

const editor = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor');

test.describe('the deep link posts its first call while the app starts', () => {
  test('a link from an allowed page: the first batch leaves before the app can start, once, and is the one shown', async ({
    page
  }) => {
    let called: () => void = () => undefined;
    const firstCall = new Promise<void>(resolve => (called = resolve));
    const calls = countFirstBatchCalls(page, called);
    // JupyterLab cannot start without its translations: hold them until the first batch has
    // left (or 20 s have passed, and the check below fails), so the call cannot be the editor's.
    const leftWhileHeld = Promise.race([
      firstCall.then(() => true),
      new Promise<boolean>(resolve => setTimeout(() => resolve(false), 20_000))
    ]);
    await page.route('**/api/translations/**', async route => {
      await leftWhileHeld;
      await route.continue();
    });
    await openLab(page, link());
    expect(await leftWhileHeld).toBe(true);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    expect(calls.count).toBe(1);
    // The rows shown are the statement's: the prefetched answer went to the editor.
    const [first] = (await referenceQuery(`${QUERY} LIMIT 1`)).rows;
    expect(await editorCell(page, 0, 0)).toBe(String(first[0]));
  });

  test('a link the user is asked about: nothing reaches the server before the answer', async ({
    page
  }) => {
    const calls = countFirstBatchCalls(page);
    // Typed or pasted: no referrer, so the site asks before using the link.
    await openLab(page, link(), { referer: null });
    const dialog = page.locator('.jp-Dialog', {
      hasText: 'Use this HeavyDB server?'
    });
    await dialog.waitFor({ timeout: 20_000 });
    expect(calls.count).toBe(0);
    await answerLinkQuestion(page, true);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    expect(calls.count).toBe(1);
  });
});
