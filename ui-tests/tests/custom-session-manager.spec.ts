import type { Page, Request } from '@playwright/test';

import {
  DATABASE_NAME,
  OBJECT_STORE_NAME,
  RECORD_KEY
} from '../../src/store/session-keys';
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

/** One request on the stored session record, made in the page with IndexedDB's own API. */
function onStoredRecord(
  page: Page,
  record?: Record<string, unknown>
): Promise<unknown> {
  return page.evaluate(
    ({ names, record }) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open(names.database);
        open.onupgradeneeded = () => open.result.createObjectStore(names.store);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const database = open.result;
          const mode = record ? 'readwrite' : 'readonly';
          const transaction = database.transaction(names.store, mode);
          const store = transaction.objectStore(names.store);
          const request = record
            ? store.put(record, names.key)
            : store.get(names.key);
          transaction.oncomplete = () => resolve(request.result ?? null);
          transaction.onabort = () => reject(transaction.error);
          database.close();
        };
      }),
    {
      names: {
        database: DATABASE_NAME,
        store: OBJECT_STORE_NAME,
        key: RECORD_KEY
      },
      record
    }
  );
}

test("with the session writes' chunk not loading, the selected manager's session still takes the replaced one out of IndexedDB, and Forget still removes the record", async ({
  page,
  context
}) => {
  // The chunk that defines the record writer (idb-keyval's writes), and with it the store's rules
  // for writing and deleting, cannot load (a redeployed site's old chunk, a dropped connection).
  let refused = 0;
  await context.route(/\/build\/\d+\.[0-9a-f]+\.js$/, async route => {
    const response = await route.fetch();
    const body = await response.text();
    if (/\brecordWriter:\s*\(\)\s*=>/.test(body)) {
      refused++;
      await route.abort();
      return;
    }
    await route.fulfill({ response, body });
  });
  const replaced = {
    session: 'replaced-session-0000',
    connection: { protocol: 'https', host: 'old.example.org', port: '443' },
    environment: {},
    query: '',
    receivedAt: 0,
    senderOrigin: HOST_ORIGIN,
    via: 'message'
  };
  // A document of the site's origin that does not start the app, to store the record before it.
  await page.goto(`${CUSTOM_MANAGER_ORIGIN}/jupyter-lite.json`);
  await onStoredRecord(page, replaced);

  await openLab(page, `${CUSTOM_MANAGER_ORIGIN}/lab/index.html`);
  // The status item reads the session after the restore; the manager's record is mirrored into
  // the store, whose write cannot load: the replaced record must not stay for the endpoint.
  await expect.poll(() => onStoredRecord(page)).toBeNull();
  expect(refused).toBeGreaterThan(0);
  await expect(page.locator('.jp-HeavyAI-session-status')).toContainText(
    'sessions.example.org'
  );

  await onStoredRecord(page, replaced);
  await page.evaluate(
    () =>
      void (window as any).jupyterapp.commands.execute('heavyai:forget-session')
  );
  await expect(page.locator('.Toastify')).toContainText(
    'The HeavyAI session was removed from this browser.'
  );
  expect(await onStoredRecord(page)).toBeNull();
});
