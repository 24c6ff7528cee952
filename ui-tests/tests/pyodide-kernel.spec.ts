// The real Pyodide kernel, started from a notebook as far as this offline machine allows: a test
// config (global-setup.ts) points the kernel's `pyodideUrl` at the test server's copy of npm
// `pyodide` (the core only) and its packages at Pyodide's CDN. Every request the page, its workers
// and the service worker make to the site itself must succeed; the CDN requests are listed.
import type { Request } from '@playwright/test';

import { expect, runCommand, test } from '../fixtures';
import { waitForServiceWorker } from '../handoff-helpers';
import { PYODIDE_CDN_PACKAGES } from '../pyodide-helpers';
import { PYODIDE_SITE_ORIGIN, TEST_PYODIDE_PATH } from '../ports';

interface IOutcome {
  url: string;
  status?: number;
  failure?: string;
  from: string;
}

test('the kernel loads everything it asks of the site; only its packages need the Pyodide CDN', async ({
  page,
  context
}) => {
  test.setTimeout(180_000);
  const outcomes: IOutcome[] = [];
  const pageErrors: string[] = [];
  page.on('pageerror', error => pageErrors.push(String(error)));
  const from = (request: Request) =>
    request.serviceWorker() ? 'service worker' : 'page or worker';
  // The kernel stops at its first failed request: a CDN package here, or anything the site lacks.
  let stopped: () => void;
  const kernelStopped = new Promise<void>(resolve => (stopped = resolve));
  context.on('requestfinished', async request => {
    const response = await request.response();
    outcomes.push({
      url: request.url(),
      status: response?.status(),
      from: from(request)
    });
    if (response && response.status() >= 400) {
      stopped();
    }
  });
  context.on('requestfailed', request => {
    outcomes.push({
      url: request.url(),
      failure: request.failure()?.errorText ?? 'failed',
      from: from(request)
    });
    stopped();
  });

  await page.goto(`${PYODIDE_SITE_ORIGIN}/lab/index.html`);
  await page.waitForFunction(
    () => (window as any).jupyterapp?.restored !== undefined,
    null,
    { timeout: 45_000 }
  );
  await page.evaluate(() => (window as any).jupyterapp.restored);
  await waitForServiceWorker(page);
  await runCommand(page, 'notebook:create-new', { kernelName: 'python' });
  await kernelStopped;
  await page.waitForTimeout(2000);

  const site = outcomes.filter(outcome =>
    outcome.url.startsWith(PYODIDE_SITE_ORIGIN)
  );
  const bad = site.filter(
    outcome =>
      outcome.failure ||
      (!(outcome.status! >= 200 && outcome.status! < 300) &&
        outcome.status !== 304)
  );
  expect(bad, 'every request to the site itself succeeds').toEqual([]);

  // The kernel's worker reports its start-up failure as an uncaught error: micropip is missing.
  await expect
    .poll(() => pageErrors.length, { timeout: 30_000 })
    .toBeGreaterThan(0);
  expect(
    pageErrors.filter(text => !text.includes("No module named 'micropip'")),
    'no other page error'
  ).toEqual([]);

  const sitePaths = site.map(outcome => new URL(outcome.url).pathname);
  // The kernel's worker and the Pyodide core came from the site.
  expect(
    sitePaths.some(p =>
      /^\/build\/pyodide-kernel\/comlink\.worker\.[0-9a-f]{8}\.js$/.test(p)
    )
  ).toBe(true);
  for (const file of [
    'pyodide.mjs',
    'pyodide.asm.mjs',
    'pyodide.asm.wasm',
    'python_stdlib.zip',
    'pyodide-lock.json'
  ]) {
    expect(sitePaths, file).toContain(`${TEST_PYODIDE_PATH}${file}`);
  }

  const cdn = [
    ...new Set(
      outcomes
        .filter(outcome => !outcome.url.startsWith(PYODIDE_SITE_ORIGIN))
        .map(outcome => outcome.url)
    )
  ];
  expect(cdn.length).toBeGreaterThan(0);
  expect(
    cdn.every(url => url.startsWith(PYODIDE_CDN_PACKAGES)),
    cdn.join('\n')
  ).toBe(true);
  test.info().annotations.push({
    type: 'requests to the Pyodide CDN',
    description: cdn.join(' ')
  });
  console.log(
    `Site requests: ${site.length}, all succeeded. Pyodide CDN requests (unreachable here):\n${cdn.join('\n')}`
  );
  await page.screenshot({
    path: 'test-results/screenshots/pyodide-kernel-offline.png'
  });
});
