/**
 * What the site keeps in the browser (issue 12): no password in any storage,
 * "Forget" that forgets even after an IndexedDB write failed, and one
 * notification for any number of rejected payloads.
 */
import type { Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, openLab, runCommand, test, testSessionId } from '../fixtures';
import {
  endpointFromPage,
  openHostPage,
  postRaw,
  sendWithSdk,
  siteFrame,
  waitForServiceWorker
} from '../handoff-helpers';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';

const PASSWORD = 'pw-Zq7PASS-\u00e9l\u00e8ve-1234';
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    users: { analyst: PASSWORD },
    allowedOrigins: [SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

/** Every value of every object store of every IndexedDB database of the page's origin, as text. */
async function everyStoredText(
  page: Page | Frame
): Promise<{ databases: string[]; text: string }> {
  return page.evaluate(async () => {
    const flatten = async (
      value: unknown,
      seen = new Set<unknown>()
    ): Promise<string> => {
      if (value === null || value === undefined) {
        return '';
      }
      if (typeof value === 'string') {
        return value;
      }
      if (typeof value !== 'object') {
        return String(value);
      }
      if (seen.has(value)) {
        return '';
      }
      seen.add(value);
      if (value instanceof Blob) {
        return value.text();
      }
      if (value instanceof ArrayBuffer) {
        return new TextDecoder().decode(value);
      }
      if (ArrayBuffer.isView(value)) {
        return new TextDecoder().decode(value as Uint8Array);
      }
      const parts: string[] = [];
      const entries =
        value instanceof Map
          ? [...value.entries()]
          : Object.entries(value as object);
      for (const [key, item] of entries) {
        parts.push(String(key), await flatten(item, seen));
      }
      return parts.join('\n');
    };
    const names = (await indexedDB.databases())
      .map(d => d.name!)
      .filter(Boolean);
    const texts: string[] = [];
    for (const name of names) {
      const db: IDBDatabase = await new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      for (const storeName of [...db.objectStoreNames]) {
        const store = db
          .transaction(storeName, 'readonly')
          .objectStore(storeName);
        const [keys, values] = await Promise.all(
          [store.getAllKeys(), store.getAll()].map(
            request =>
              new Promise<unknown[]>((resolve, reject) => {
                request.onsuccess = () => resolve(request.result as unknown[]);
                request.onerror = () => reject(request.error);
              })
          )
        );
        texts.push(
          `${name}/${storeName}`,
          await flatten(keys),
          await flatten(values)
        );
      }
      db.close();
    }
    texts.push(
      await flatten({ ...localStorage }),
      await flatten({ ...sessionStorage })
    );
    return { databases: names, text: texts.join('\n') };
  });
}

const editorState = (page: Page, index: number) =>
  page
    .locator('.jp-HeavyAI-SqlEditor')
    .nth(index)
    .evaluate(node => (node as HTMLElement).dataset.state);

async function setDefaultConnection(
  page: Page,
  remember: boolean
): Promise<void> {
  void runCommand(page, 'heavyai:set-default-connection');
  const dialog = page.locator('.jp-Dialog');
  await dialog.locator('input[name=host]').fill('127.0.0.1');
  await dialog.locator('select[name=protocol]').selectOption('http');
  await dialog.locator('input[name=port]').fill(String(STANDIN_PORT));
  await dialog.locator('input[name=user]').fill('analyst');
  await dialog.locator('input[name=password]').fill(PASSWORD);
  await dialog.locator('input[name=remember]').setChecked(remember);
  await expect(dialog).toContainText('never saved in the browser');
  await expect(dialog).toContainText('Remember the password for this page');
  await page.screenshot({
    path: 'test-results/screenshots/connection-dialog.png'
  });
  await dialog.locator('button', { hasText: 'Save' }).click();
  await expect(dialog).toHaveCount(0);
}

test.describe('what the site stores', () => {
  test("a remembered password is in no IndexedDB database (or web storage), and works for the page's life only", async ({
    page
  }) => {
    await openLab(page);
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 1 AS one'
    });
    await expect.poll(() => editorState(page, 0)).toBe('error'); // no session, no connection yet
    await setDefaultConnection(page, true);
    await expect
      .poll(() => editorState(page, 0), { timeout: 20_000 })
      .toBe('done');
    // A new editor logs in again with the remembered password.
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 2 AS two'
    });
    await expect
      .poll(() => editorState(page, 1), { timeout: 20_000 })
      .toBe('done');

    // Wait until JupyterLab has saved its state (the editors' restore entries), then look everywhere.
    await expect
      .poll(async () => (await everyStoredText(page)).text, { timeout: 20_000 })
      .toContain('heavyai-sql-editor-2');
    const stored = await everyStoredText(page);
    expect(stored.databases.length).toBeGreaterThan(1);
    expect(stored.text).not.toContain(PASSWORD);
    expect(stored.text).not.toContain('Zq7PASS');

    // After a reload the password is gone: the editor needs a login again.
    await openLab(page);
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 3 AS three'
    });
    const last = page.locator('.jp-HeavyAI-SqlEditor').last();
    await expect(last).toContainText(
      /no user\/password|Set default HeavyAI connection/i,
      { timeout: 20_000 }
    );
  });

  test('without "remember" the password logs the open editor in and is then dropped', async ({
    page
  }) => {
    await openLab(page);
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 1 AS one'
    });
    await expect.poll(() => editorState(page, 0)).toBe('error');
    await setDefaultConnection(page, false);
    await expect
      .poll(() => editorState(page, 0), { timeout: 20_000 })
      .toBe('done');
    // The open editor keeps its login: running again works.
    await page
      .locator('.jp-HeavyAI-SqlEditor')
      .first()
      .locator('.jp-HeavyAI-run')
      .click();
    await expect
      .poll(() => editorState(page, 0), { timeout: 20_000 })
      .toBe('done');
    // A new editor has no password to log in with.
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 2 AS two'
    });
    await expect(page.locator('.jp-HeavyAI-SqlEditor').nth(1)).toContainText(
      /no user\/password|Set default HeavyAI connection/i,
      {
        timeout: 20_000
      }
    );
  });

  test('"Forget" after an IndexedDB write failure empties the endpoint, across a reload', async ({
    page
  }) => {
    await page.addInitScript(() => {
      // Make the next N writes to our database fail, as a full disk or a closing connection would.
      (window as any).__failHeavyPuts = 0;
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function (
        this: IDBObjectStore,
        ...args: [unknown, IDBValidKey?]
      ) {
        if (
          (window as any).__failHeavyPuts > 0 &&
          this.transaction.db.name === 'jupyterlite-heavyai'
        ) {
          (window as any).__failHeavyPuts--;
          throw new DOMException('simulated write failure', 'UnknownError');
        }
        return put.apply(this, args);
      };
    });
    let frame = await openHostPage(page);
    const connection = { protocol: 'https', host: 'db.example.com', port: 443 };
    const first = testSessionId('first');
    expect(await sendWithSdk(page, { session: first, connection })).toBe(
      'accepted'
    );
    await waitForServiceWorker(frame);
    expect((await endpointFromPage(frame)).body.session).toBe(first);

    // One failed put is retried and heals.
    const second = testSessionId('second');
    await frame.evaluate(() => ((window as any).__failHeavyPuts = 1));
    expect(await sendWithSdk(page, { session: second, connection })).toBe(
      'accepted'
    );
    expect((await endpointFromPage(frame)).body.session).toBe(second);

    // A write that keeps failing: the page uses the new session, and the endpoint no longer serves the old one.
    const third = testSessionId('third');
    await frame.evaluate(() => ((window as any).__failHeavyPuts = 1000));
    expect(await sendWithSdk(page, { session: third, connection })).toBe(
      'accepted'
    );
    await expect(frame.locator('.Toastify')).toContainText(
      'kept for this page only'
    );
    expect((await endpointFromPage(frame)).body.session).toBe('');
    await frame.evaluate(() => ((window as any).__failHeavyPuts = 0));

    await runCommand(frame, 'heavyai:forget-session');
    await expect(frame.locator('.Toastify')).toContainText(
      'removed from this browser'
    );
    expect((await endpointFromPage(frame)).body.session).toBe('');

    await page.evaluate(() => document.getElementById('reload-site')!.click());
    await page.waitForTimeout(500);
    await page.evaluate(() => (window as any).heavyaiHost.site.ready);
    frame = siteFrame(page);
    await waitForServiceWorker(frame);
    const after = (await endpointFromPage(frame)).body;
    expect(after.session).toBe('');
    expect(after.connection).toEqual({ protocol: '', host: '', port: '' });
  });

  test('hundreds of rejected payloads make one notification, updated with the count', async ({
    page
  }) => {
    await openHostPage(page);
    const count = 120;
    const replies: string[] = await page.evaluate(
      async ([n, siteOrigin]) => {
        const target = (document.getElementById('site') as HTMLIFrameElement)
          .contentWindow!;
        const seen: string[] = [];
        await new Promise<void>(resolve => {
          const onReply = (event: MessageEvent) => {
            if (
              event.origin === siteOrigin &&
              event.data?.type === 'heavyai:session-rejected'
            ) {
              seen.push(event.data.type);
              if (seen.length === n) {
                window.removeEventListener('message', onReply);
                resolve();
              }
            }
          };
          window.addEventListener('message', onReply);
          for (let i = 0; i < n; i++) {
            target.postMessage(
              { type: 'heavyai:session', session: `bad session ${i}` },
              siteOrigin
            );
          }
        });
        return seen;
      },
      [count, SITE_ORIGIN] as const
    );
    expect(replies).toHaveLength(count);
    const toasts = page.frameLocator('#site').locator('.Toastify__toast');
    await expect(toasts.filter({ hasText: 'rejected' })).toHaveCount(1);
    await expect(toasts.filter({ hasText: 'rejected' })).toContainText(
      `${count} HeavyAI sessions were rejected`
    );
    await page.screenshot({
      path: 'test-results/screenshots/rejections-coalesced.png'
    });
    // Hiding the toast keeps the notification: the next rejection shows it again, counting on.
    await toasts
      .filter({ hasText: 'rejected' })
      .locator('button[title="Hide notification"]')
      .click();
    await expect(toasts.filter({ hasText: 'rejected' })).toHaveCount(0);
    expect(
      await postRaw(page, { type: 'heavyai:session', session: '' })
    ).toMatchObject({ type: 'heavyai:session-rejected' });
    await expect(toasts.filter({ hasText: 'rejected' })).toHaveCount(1);
    await expect(toasts.filter({ hasText: 'rejected' })).toContainText(
      `${count + 1} HeavyAI sessions were rejected`
    );
  });
});
