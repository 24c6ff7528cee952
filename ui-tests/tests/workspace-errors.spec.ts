// Every async path of the deep link and the workspace ends in something the user can see: each
// failure here is real (a session manager whose URL answers 404, a browser storage quota), and
// each must end in an error notice that says what happened and what to do next.
import path from 'node:path';

import type { Page } from '@playwright/test';

import {
  answerLinkQuestion,
  expect,
  openLab,
  runCommand,
  test,
  testSessionId
} from '../fixtures';
import {
  CUSTOM_MANAGER_FAILING_ORIGIN,
  LOCALSTORAGE_CONTENTS_ORIGIN
} from '../ports';
import { heavyaiFragment } from '../links';

// Only the link test requests `consoleLog` (the fixture's checks: no failed plugin, no uncaught
// error, no session ID in the console): the others open a notebook, whose Pyodide kernel cannot
// load offline and reports that as an uncaught error; they hand over no session.
const SCREENSHOTS = path.resolve(
  __dirname,
  '..',
  '..',
  'test-results',
  'screenshots'
);
const toasts = (page: Page) => page.locator('.Toastify__toast');
const editors = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor');
const notebooks = (page: Page) => page.locator('.jp-NotebookPanel');

test.describe('with a session manager that throws (its session URL answers 404)', () => {
  test('the deep link says the session could not be read, and opens the workspace without it', async ({
    page
  }) => {
    await openLab(
      page,
      `${CUSTOM_MANAGER_FAILING_ORIGIN}/lab/index.html?heavyai&reset`
    );
    const error = toasts(page).filter({
      hasText: 'The HeavyAI session could not be read'
    });
    await expect(error).toHaveCount(1, { timeout: 20_000 });
    await expect(error).toContainText('Reload to try again');
    await expect(
      error.locator('button', { hasText: 'Connect…' })
    ).toBeVisible();
    await expect(editors(page)).toHaveCount(1);
    await expect(notebooks(page)).toHaveCount(1);
    await expect(
      toasts(page).filter({ hasText: 'Waiting for the HeavyAI session' })
    ).toHaveCount(0);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'deep-link-manager-error.png')
    });
    // The cause in full, as text, without losing the notice and its next step.
    await error.locator('button', { hasText: 'Details' }).click();
    const details = page.locator('.jp-Dialog');
    await expect(details).toContainText(
      `${CUSTOM_MANAGER_FAILING_ORIGIN}/no-such-session.json answered HTTP 404`
    );
    await details.locator('button', { hasText: 'Close' }).click();
    await expect(error).toHaveCount(1);
  });

  test('a #heavyai= link the manager cannot store ends in an error with a next step', async ({
    page,
    consoleLog
  }) => {
    await openLab(
      page,
      `${CUSTOM_MANAGER_FAILING_ORIGIN}/lab/index.html${heavyaiFragment({
        session: testSessionId('link'),
        connection: { protocol: 'https', host: 'db.example.com', port: 443 }
      })}`,
      { referer: null }
    );
    await answerLinkQuestion(page, true);
    const error = toasts(page).filter({
      hasText: 'The HeavyAI link was not used'
    });
    await expect(error).toHaveCount(1, { timeout: 20_000 });
    await expect(error).toContainText('Open the notebook from Immerse again');
    await error.locator('button', { hasText: 'Details' }).click();
    await expect(page.locator('.jp-Dialog')).toContainText(
      'This site reads its HeavyAI session from its session URL, not from the host page.'
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'link-store-error.png')
    });
  });
});

test('a notebook the browser refuses to save (storage full) ends in an error and a retry that works', async ({
  page
}) => {
  // This site keeps notebooks in localStorage, whose per-origin quota Chromium enforces.
  await openLab(page, `${LOCALSTORAGE_CONTENTS_ORIGIN}/lab/index.html`);
  // The user's storage for the site is full: other data took all of it.
  const filled = await page.evaluate(() => {
    let count = 0;
    for (let size = 1 << 22; size >= 16;) {
      try {
        localStorage.setItem(`other-data-${count}`, 'x'.repeat(size));
        count++;
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return count;
  });
  expect(filled).toBeGreaterThan(0);
  await runCommand(page, 'heavyai:create-workspace');
  const error = toasts(page).filter({
    hasText: 'The HeavyAI notebook could not be saved'
  });
  await expect(error).toHaveCount(1, { timeout: 20_000 });
  await expect(error).toContainText('Free storage for this site');
  await expect(editors(page)).toHaveCount(1);
  await expect(notebooks(page)).toHaveCount(0);
  await expect(error).toBeInViewport({ ratio: 1 }); // slid in, for the screenshot
  await page.screenshot({
    path: path.join(SCREENSHOTS, 'notebook-storage-error.png')
  });
  // The cause in full, as text.
  await error.locator('button', { hasText: 'Details' }).click();
  const details = page.locator('.jp-Dialog');
  await expect(details).toContainText('quota');
  await details.locator('button', { hasText: 'Close' }).click();

  // The user frees storage and takes the offered next step (the notice is still there).
  await page.evaluate(() => {
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith('other-data-')) {
        localStorage.removeItem(key);
      }
    }
  });
  await error.locator('button', { hasText: 'Create the notebook' }).click();
  await expect(notebooks(page)).toHaveCount(1, { timeout: 20_000 });
  await expect(editors(page)).toHaveCount(1);
  await expect(error).toHaveCount(0);
});
