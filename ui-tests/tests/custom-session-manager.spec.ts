import type { Request } from '@playwright/test';

import { expect, openLab, test } from '../fixtures';
import { endpointFromPage, waitForServiceWorker } from '../handoff-helpers';
import {
  CUSTOM_MANAGER_ORIGIN,
  CUSTOM_SESSION_URL,
  HOST_ORIGIN
} from '../ports';

// The site on CUSTOM_MANAGER_ORIGIN has the example extension installed from
// extensions/ and selected by heavyai.sessionManagerId (see global-setup.ts).
test('the example URL session manager, when selected in jupyter-lite.json, provides the session', async ({
  page
}) => {
  // The manager runs in the page: the session URL is fetched by the browser, cross-origin.
  const sessionRequests: Request[] = [];
  page.on('request', request => {
    if (request.url() === CUSTOM_SESSION_URL) {
      sessionRequests.push(request);
    }
  });
  await openLab(page, `${CUSTOM_MANAGER_ORIGIN}/lab/index.html`);
  const loadedFromExtensions = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map(entry => new URL(entry.name).pathname)
      .filter(pathname =>
        pathname.startsWith(
          '/extensions/heavyai-example-url-session-manager/static/remoteEntry.'
        )
      )
  );
  expect(loadedFromExtensions).toHaveLength(1);

  await page.evaluate(
    () =>
      void (window as any).jupyterapp.commands.execute('heavyai:session-status')
  );
  const dialog = page.locator('.jp-Dialog');
  await expect(dialog).toContainText('sessions.example.org');
  await expect(dialog).toContainText(HOST_ORIGIN);
  await expect(dialog).toContainText('…9a21');
  expect(await dialog.innerText()).not.toContain('url-manager-Zq7SECRET');
  await dialog.locator('button', { hasText: 'Close' }).click();
  expect(sessionRequests.length).toBeGreaterThan(0);

  // What the manager returns is what the endpoint serves.
  await waitForServiceWorker(page);
  await expect
    .poll(async () => (await endpointFromPage(page)).body)
    .toEqual({
      session: 'url-manager-Zq7SECRET-4f9a21',
      connection: {
        protocol: 'https',
        host: 'sessions.example.org',
        port: '6279'
      },
      environment: {
        protocol: 'HEAVYAI_PROTOCOL',
        host: 'HEAVYAI_HOST',
        port: 'HEAVYAI_PORT'
      },
      query: 'SELECT 42 AS answer'
    });
});

test('an unrelated prebuilt extension listed in federated_extensions loads too', async ({
  page
}) => {
  await openLab(page, `${CUSTOM_MANAGER_ORIGIN}/lab/index.html`);
  expect(
    await page.evaluate(() =>
      (window as any).jupyterapp.commands.hasCommand('hello-prebuilt:greet')
    )
  ).toBe(true);
  await page.evaluate(
    () =>
      void (window as any).jupyterapp.commands.execute('hello-prebuilt:greet')
  );
  await expect(page.locator('.Toastify')).toContainText(
    'Hello from a prebuilt extension.'
  );
});
