import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  test,
  expect,
  openLab,
  runCommand,
  serviceProperty
} from '../fixtures';
import { SUBPATH_PORT, SUBPATH_PREFIX } from '../ports';
import { SITE_DIR } from '../site-dir';

test.describe('the JupyterLite site', () => {
  test('loads the lab shell with every plugin activated', async ({
    page,
    consoleLog
  }) => {
    await openLab(page);
    await expect(page.locator('#jp-top-panel')).toContainText('File');
    await expect(page.locator('.jp-Launcher')).toBeVisible();
    const failed = await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      return app
        .listPlugins()
        .filter(
          (id: string) =>
            !app.isPluginActivated(id) && !app.isPluginDeferred?.(id)
        );
    });
    // Plugins that are not auto-started are activated on demand; only failures matter here.
    expect(
      consoleLog.filter(entry => /failed to activate/i.test(entry.text))
    ).toEqual([]);
    expect(Array.isArray(failed)).toBe(true);
  });

  test("the build folder holds browser chunks only: none in Node's CommonJS chunk format", () => {
    // A template compiled by HtmlWebpackPlugin's child compilation once rebuilt the extension for
    // Node and left ~3 MB of such chunks (the connector, apache-arrow…) that no page can load.
    const buildDir = path.join(SITE_DIR, 'build');
    const chunks = readdirSync(buildDir).filter(name => name.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(50);
    const commonJs = chunks.filter(name =>
      /^(\/\*![^]*?\*\/\s*)?("use strict";)?exports\.(id|ids|modules)=/.test(
        readFileSync(path.join(buildDir, name), 'utf8').slice(0, 200)
      )
    );
    expect(commonJs).toEqual([]);
  });

  test('the HeavyAI command is in the command palette', async ({ page }) => {
    await openLab(page);
    // The launcher takes the focus once it is shown; open the palette after that.
    await expect(page.locator('.jp-Launcher')).toBeFocused();
    await page.keyboard.press('Control+Shift+C');
    const palette = page.locator('#modal-command-palette');
    await expect(palette).toBeVisible();
    await page.keyboard.type('HeavyAI');
    await expect(
      palette.locator('.lm-CommandPalette-item', {
        hasText: 'Show HeavyAI session status'
      })
    ).toBeVisible();
    // Search results keep their category header in the list (rendered hidden while filtering).
    expect(
      await palette
        .locator('.lm-CommandPalette-header', { hasText: /^HeavyAI$/ })
        .count()
    ).toBeGreaterThanOrEqual(1);
  });

  test('switches to the dark theme and back', async ({ page }) => {
    await openLab(page);
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Dark'
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    const background = () =>
      page.evaluate(() =>
        getComputedStyle(document.body)
          .getPropertyValue('--jp-layout-color0')
          .trim()
      );
    await expect.poll(background).toBe('#111');
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Light'
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'true'
    );
    await expect.poll(background).not.toBe('#111');
  });

  test('a notebook is created, edited, saved, and still there after reload', async ({
    page
  }) => {
    await openLab(page);
    const path = await page.evaluate(async () => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const model = await contents.newUntitled({ type: 'notebook' });
      return model.path as string;
    });
    await runCommand(page, 'docmanager:open', {
      path,
      kernel: { name: 'python' }
    });
    const cell = page.locator('.jp-NotebookPanel .jp-Cell .cm-content').first();
    // JupyterLab marks an unsaved document on its tab, not on the panel.
    const tab = page.locator('.lm-DockPanel-tabBar .lm-TabBar-tab', {
      hasText: path
    });
    await cell.click();
    await page.keyboard.type('answer = 6 * 7');
    await expect(tab).toHaveClass(/jp-mod-dirty/);
    await page.keyboard.press('Control+s');
    await expect(tab).not.toHaveClass(/jp-mod-dirty/);

    await page.reload();
    await openLab(page, page.url());
    const saved = await page.evaluate(async notebookPath => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      const model = await contents.get(notebookPath, { content: true });
      return model.content.cells.map((c: any) =>
        Array.isArray(c.source) ? c.source.join('') : c.source
      );
    }, path);
    expect(saved).toContain('answer = 6 * 7');
    await expect(
      page.locator('.jp-DirListing-item', { hasText: path })
    ).toBeVisible();
  });

  test('the service worker controls the page and drive requests still work', async ({
    page
  }) => {
    await openLab(page);
    await page
      .waitForFunction(
        () => navigator.serviceWorker.controller !== null,
        null,
        { timeout: 20_000 }
      )
      .catch(() => undefined);
    // A worker installed on first load controls the page from the next load on at the latest.
    if (
      !(await page.evaluate(() => navigator.serviceWorker.controller !== null))
    ) {
      await page.reload();
      await openLab(page, page.url());
    }
    const scriptUrl = await page.evaluate(
      () => navigator.serviceWorker.controller?.scriptURL ?? ''
    );
    expect(new URL(scriptUrl).pathname).toBe('/service-worker.js');

    const heartbeat = await page.evaluate(async () =>
      (await fetch('/api/service-worker-heartbeat')).text()
    );
    expect(heartbeat).toBe('ok');

    // JupyterLite's drive API (used by kernels for file access) answers through the worker.
    const browsingContextId = await serviceProperty<string>(
      page,
      '@jupyterlite/apputils:IServiceWorkerManager',
      'browsingContextId'
    );
    const drive = await page.evaluate(async contextId => {
      await (window as any).jupyterapp.serviceManager.contents.save(
        'drive-check.txt',
        {
          type: 'file',
          format: 'text',
          content: 'through the worker'
        }
      );
      const response = await fetch('/api/drive.v1', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          data: { method: 'get', path: '/drive-check.txt' },
          browsingContextId: contextId,
          requestId: 'ui-test'
        })
      });
      return { status: response.status, body: await response.json() };
    }, browsingContextId);
    expect(drive.status).toBe(200);
    expect(JSON.stringify(drive.body)).toContain('through the worker');
  });
});

test.describe('the site under a sub-path', () => {
  test('loads, resolves its URLs under the prefix, and saves files', async ({
    page
  }) => {
    const base = `http://127.0.0.1:${SUBPATH_PORT}${SUBPATH_PREFIX}`;
    const requests: string[] = [];
    page.on('request', request =>
      requests.push(new URL(request.url()).pathname)
    );
    await openLab(page, `${base}lab/index.html`);
    await expect(page.locator('.jp-Launcher')).toBeVisible();
    const config = await page.evaluate(() => ({
      baseUrl:
        (window as any).jupyterapp &&
        document.getElementById('jupyter-config-data')!.textContent
    }));
    expect(JSON.parse(config.baseUrl!).baseUrl).toBe(SUBPATH_PREFIX);
    const outside = requests.filter(
      pathname =>
        !pathname.startsWith(SUBPATH_PREFIX) && !pathname.startsWith('/api/')
    );
    expect(outside).toEqual([]);
    const saved = await page.evaluate(async () => {
      const contents = (window as any).jupyterapp.serviceManager.contents;
      await contents.save('prefixed.txt', {
        type: 'file',
        format: 'text',
        content: 'hello'
      });
      return (await contents.get('prefixed.txt', { content: true })).content;
    });
    expect(saved).toBe('hello');
  });
});
