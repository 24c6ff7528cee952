/**
 * The session reaches notebook kernels by a silent execution wherever `heavyai/session` is not
 * served. Here: our prebuilt extension on a plain JupyterLite site whose root keeps JupyterLite's
 * own service worker (README "Add to an existing site" without step 4): the page is controlled,
 * yet the endpoint answers 404. The strict spec covers the page with no service worker at all, and
 * cross-site.spec the page whose worker serves the endpoint (nothing is sent there).
 */
import { expect, SESSION_MARK, test, testSessionId } from '../fixtures';
import {
  openHostPage,
  sendWithSdk,
  waitForServiceWorker
} from '../handoff-helpers';
import {
  allNotebookText,
  kernelRequests,
  queuedKernelRequests,
  recordKernelRequests
} from '../kernel-helpers';
import { DROPIN_ORIGIN } from '../ports';

const connection = { protocol: 'http', host: '127.0.0.1', port: 6278 };

test('a controlled page without the endpoint hands the session to the kernel silently', async ({
  page
}) => {
  const frame = await openHostPage(page, DROPIN_ORIGIN);
  const first = testSessionId('dropin-kernel');
  expect(
    await sendWithSdk(page, { session: first, connection, query: 'SELECT 1' })
  ).toBe('accepted');
  await expect(frame.locator('.jp-NotebookPanel')).toBeVisible({
    timeout: 30_000
  });
  await waitForServiceWorker(frame);
  expect(
    await frame.evaluate(
      async () =>
        (await fetch(new URL('../heavyai/session', location.href))).status
    )
  ).toBe(404);

  await expect
    .poll(async () => (await queuedKernelRequests(frame, first)).requests)
    .toEqual([
      {
        setsPageSession: true,
        carriesSession: true,
        silent: true,
        storeHistory: false
      }
    ]);

  await recordKernelRequests(frame);
  const second = testSessionId('dropin-rotated');
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
  expect(await allNotebookText(frame)).not.toContain(SESSION_MARK);
});
