import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { referenceQuery } from '../../heavydb-standin/engine';
import { startStandin, type IStandin } from '../../heavydb-standin/server';
import {
  expect,
  openLab,
  runCommand,
  SESSION_MARK,
  test,
  testSessionId
} from '../fixtures';
import { editorCell } from '../editor-results';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { heavyaiFragment } from '../links';

// The README shows docs/screenshots/; a normal run writes beside the other test results so it
// leaves the checkout clean. HEAVYAI_UPDATE_SCREENSHOTS=1 refreshes the README's pictures.
const SCREENSHOTS = process.env.HEAVYAI_UPDATE_SCREENSHOTS
  ? path.resolve(__dirname, '..', '..', 'docs', 'screenshots')
  : path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
const QUERY =
  'SELECT flight_id, carrier, origin, dest, dep_delay, distance FROM flights ORDER BY flight_id';
const valid = testSessionId('workspace');
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [valid],
    allowedOrigins: [SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

function payload(query: string, session = valid) {
  return {
    session,
    connection: { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT },
    query
  };
}

const editors = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor');
const notebooks = (page: Page) => page.locator('.jp-NotebookPanel');

async function cellText(
  page: Page,
  row: number,
  column: number
): Promise<string> {
  return editorCell(page, row, column);
}

async function savedNotebook(page: Page, name: string): Promise<any> {
  return page.evaluate(
    async p =>
      (
        await (window as any).jupyterapp.serviceManager.contents.get(p, {
          content: true
        })
      ).content,
    name
  );
}

/** Wait until the workspace notebook is saved with `text` in its first cell (the save is asynchronous). */
async function savedFirstCellContains(page: Page, text: string): Promise<void> {
  await expect
    .poll(
      () =>
        savedNotebook(page, 'HeavyAI 1.ipynb').then(nb => nb.cells[0].source),
      { timeout: 10_000 }
    )
    .toContain(text);
}

/** Wait until the workspace notebook is saved with its `%%heavysql df` query cell; its source. */
async function savedQueryCell(page: Page): Promise<string> {
  await expect
    .poll(
      () =>
        savedNotebook(page, 'HeavyAI 1.ipynb').then(
          nb => nb.cells[1]?.source ?? ''
        ),
      { timeout: 10_000 }
    )
    .toMatch(/^%%heavysql df\n/);
  return (await savedNotebook(page, 'HeavyAI 1.ipynb')).cells[1].source;
}

/** Everything JupyterLab keeps about the layout (state DB), as text. */
async function savedState(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const registry = app.pluginRegistry ?? app._pluginRegistry;
    const token = [...registry._services.keys()].find((t: any) =>
      /IStateDB/.test(t.name)
    );
    const db = await app.resolveRequiredService(token);
    return JSON.stringify(await db.toJSON());
  });
}

/** "Insert HeavyAI connection" below the notebook's first cell; the inserted cell. */
async function insertConnectionCell(page: Page) {
  const cells = page.locator('.jp-NotebookPanel .jp-Cell');
  const before = await cells.count();
  await cells.first().click();
  await runCommand(page, 'heavyai:insert-connection');
  await expect(cells).toHaveCount(before + 1);
  return cells.nth(1);
}

/** Change one of the SQL editor's settings the way the settings editor does: through the registry. */
async function setSqlSetting(
  page: Page,
  key: string,
  value: unknown
): Promise<void> {
  await page.evaluate(
    async ([k, v]) => {
      const app = (window as any).jupyterapp;
      const registry = app.pluginRegistry ?? app._pluginRegistry;
      const token = [...registry._services.keys()].find((t: any) =>
        /ISettingRegistry/.test(t.name)
      );
      const settings = await app.resolveRequiredService(token);
      await settings.set('jupyterlite-heavyai:sql-editor', k, v);
    },
    [key, value] as const
  );
}

/**
 * From now on, every script `page` loads; the returned function gives them so far, each body read
 * once its response is in.
 */
function scriptsLoadedBy(
  page: Page
): () => Promise<{ url: string; body: string }[]> {
  const scripts: Promise<{ url: string; body: string }>[] = [];
  page.on('response', response => {
    if (response.request().resourceType() === 'script') {
      scripts.push(
        response
          .text()
          .catch(() => '')
          .then(body => ({ url: response.url(), body }))
      );
    }
  });
  return () => Promise.all(scripts);
}

async function openWorkspace(page: Page, query: string): Promise<void> {
  await openLab(
    page,
    `lab/index.html?heavyai&reset${heavyaiFragment(payload(query))}`
  );
  // Rows are shown from the first batch ('streaming') while the whole result is still on its way.
  await expect(editors(page)).toHaveAttribute(
    'data-state',
    /^(streaming|done)$/,
    { timeout: 10_000 }
  );
  await expect(notebooks(page)).toBeVisible();
}

test.describe('the HeavyAI workspace', () => {
  test('?heavyai&reset opens the SQL editor with the rows and a connected notebook; no session saved', async ({
    page
  }) => {
    const started = Date.now();
    await openWorkspace(page, QUERY);
    expect(Date.now() - started).toBeLessThan(45_000);
    expect(page.url()).not.toMatch(/heavyai|omnisci/);
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'HeavyAI SQL Editor 1' })
    ).toBeVisible();

    // The statement went out with the handed-over session alone: the connector's chunk, not
    // needed for an Arrow result, was neither waited for nor loaded.
    expect(
      await page.evaluate(() =>
        ['heavyai:statement-sent', 'heavyai:connector-loaded'].map(
          name => performance.getEntriesByName(name, 'mark').length
        )
      )
    ).toEqual([1, 0]);

    const reference = await referenceQuery(`${QUERY} LIMIT 3`);
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < reference.columns.length; c++) {
        const expected = reference.rows[r][c];
        expect(await cellText(page, r, c), `row ${r} column ${c}`).toBe(
          expected === null ? 'NULL' : String(expected)
        );
      }
    }

    expect(await savedQueryCell(page)).toBe(`%%heavysql df\n${QUERY}`);
    const notebook = await savedNotebook(page, 'HeavyAI 1.ipynb');
    const source: string = notebook.cells[0].source;
    expect(source).toContain('heavyai_lite.connect()');
    expect(source).toContain('"load_ext", "heavyai_lite"');
    expect(JSON.stringify(notebook)).not.toContain(valid);
    expect(JSON.stringify(notebook)).not.toContain(SESSION_MARK);

    await page.waitForTimeout(1500); // let the layout restorer save
    const state = await savedState(page);
    expect(state).toContain('heavyai-sql-editor');
    expect(state).not.toContain(SESSION_MARK);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'workspace-light.png')
    });
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Dark'
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    await page.waitForTimeout(1000);
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'workspace-dark.png')
    });
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Light'
    });
  });

  test('the editor joins the page only once JupyterLab has applied its theme', async ({
    page
  }) => {
    // JupyterLite applies its theme after the restore; an editor placed before it showed unstyled,
    // and its work kept the splash screen over the rows longer.
    await page.addInitScript(() => {
      const w = window as any;
      new MutationObserver(() => {
        if (
          w.__editorArrived === undefined &&
          document.querySelector('.jp-HeavyAI-SqlEditor')
        ) {
          w.__editorArrived = {
            theme: document.body?.dataset.jpThemeName ?? null
          };
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await openWorkspace(page, QUERY);
    expect(await page.evaluate(() => (window as any).__editorArrived)).toEqual({
      theme: 'JupyterLab Light'
    });
    expect(await cellText(page, 0, 0)).toBe('1');
  });

  test('with the theme applied, the deep link lifts JupyterLab’s splash screen without a fade and lets clicks through; a plain load and a theme change keep JupyterLab’s fade', async ({
    page
  }) => {
    // JupyterLab fades its splash over 0.5 s and removes it with a timer that waits behind the
    // page's work; rows painted meanwhile stayed under it. Read how the splash fades as the fade
    // starts (the bench measures when the rows are seen: docs/performance.md).
    await page.addInitScript(() => {
      const w = window as any;
      w.__splashFades = [];
      const watched = new WeakSet<Node>();
      new MutationObserver(() => {
        const splash = document.getElementById('jupyterlab-splash');
        if (!splash || watched.has(splash)) {
          return;
        }
        watched.add(splash);
        new MutationObserver(() => {
          if (splash.classList.contains('splash-fade')) {
            const style = getComputedStyle(splash);
            w.__splashFades.push({
              duration: style.animationDuration,
              pointerEvents: style.pointerEvents
            });
          }
        }).observe(splash, { attributes: true, attributeFilter: ['class'] });
      }).observe(document, { childList: true, subtree: true });
    });
    const fades = () => page.evaluate(() => (window as any).__splashFades);
    const splashGone = () =>
      expect(page.locator('#jupyterlab-splash')).toHaveCount(0, {
        timeout: 10_000
      });

    await openLab(page, 'lab/index.html?reset');
    await splashGone();
    expect(await fades()).toEqual([
      { duration: '0.5s', pointerEvents: 'auto' }
    ]);

    await openWorkspace(page, QUERY);
    await splashGone();
    expect(await fades()).toEqual([{ duration: '0s', pointerEvents: 'none' }]);
    expect(await cellText(page, 0, 0)).toBe('1');

    // JupyterLab shows the same splash again when the theme changes: its own fade is back.
    for (const [theme, count] of [
      ['JupyterLab Dark', 2],
      ['JupyterLab Light', 3]
    ] as const) {
      await runCommand(page, 'apputils:change-theme', { theme });
      await expect.poll(async () => (await fades()).length).toBe(count);
      // A theme change while JupyterLab's removal timer is pending loses the next splash.
      await splashGone();
    }
    expect((await fades()).slice(1)).toEqual([
      { duration: '0.5s', pointerEvents: 'auto' },
      { duration: '0.5s', pointerEvents: 'auto' }
    ]);
  });

  test('a reload restores the workspace once; ?heavyai&reset again gives a fresh one', async ({
    page
  }) => {
    await openWorkspace(
      page,
      'SELECT carrier, COUNT(*) AS n FROM flights GROUP BY carrier ORDER BY carrier'
    );
    await page.waitForTimeout(1500);
    await openLab(page, 'lab/index.html');
    await expect(editors(page)).toHaveCount(1);
    await expect(editors(page)).toHaveAttribute('data-state', 'done', {
      timeout: 10_000
    });
    await expect(notebooks(page)).toHaveCount(1);
    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await page.evaluate(() => (window as any).jupyterapp.restored);
    await page.waitForTimeout(1000);
    await expect(editors(page)).toHaveCount(1);
    await expect(notebooks(page)).toHaveCount(1);

    // The legacy spelling with a value, after another parameter, works the same.
    await openLab(page, 'lab/index.html?x=1&omnisci=&reset');
    await expect(editors(page)).toHaveCount(1);
    await expect.poll(() => page.url()).toMatch(/\?x=1$/);
    await expect(
      page.locator('.lm-TabBar-tab', { hasText: 'HeavyAI 2.ipynb' })
    ).toBeVisible({ timeout: 10_000 });
    await expect(notebooks(page)).toHaveCount(1);
  });

  test('hostile query text gives a first cell Python parses and a %%heavysql cell with the query unchanged', async ({
    page
  }) => {
    const hostile =
      "SELECT 'it''s' AS \"q\", '\"\"\"' AS t3, 'back\\\\slash \\n' AS b -- ünïcode ✈ 日本 😀 \u202e\nFROM flights\r\nWHERE carrier <> '\\'' LIMIT 5";
    await openLab(
      page,
      `lab/index.html?heavyai&reset${heavyaiFragment(payload(hostile))}`
    );
    await expect(notebooks(page)).toBeVisible({ timeout: 15_000 });
    const queryCell = await savedQueryCell(page);
    // The magic reads `{{`/`}}` back as braces: the body, so read, is the query exactly.
    expect(
      queryCell
        .slice('%%heavysql df\n'.length)
        .replace(/\{\{|\}\}/g, pair => pair[0])
    ).toBe(hostile);
    const source: string = (await savedNotebook(page, 'HeavyAI 1.ipynb'))
      .cells[0].source;
    const code = source
      .split('\n')
      .filter(line => !line.trimStart().startsWith('%'))
      .join('\n');
    execFileSync(
      'python3',
      ['-c', 'import ast,sys; ast.parse(sys.stdin.read())'],
      { input: code }
    );
    expect(source).not.toContain('select_df'); // the query runs in its own cell, once

    // "Insert HeavyAI connection" adds the cell (without the handed-over query) to the active notebook.
    await expect(await insertConnectionCell(page)).toContainText(
      'con.list_tables()'
    );
  });

  test('a changed setting reaches both the SQL editor and the workspace (one settings load)', async ({
    page
  }) => {
    await openWorkspace(page, QUERY);
    await expect(editors(page)).toHaveAttribute('data-transport', 'arrow');

    await setSqlSetting(page, 'arrow', false);
    await setSqlSetting(
      page,
      'notebookTemplate',
      '# template from the settings\n{{action}}'
    );

    // The editor's next run reads the new settings: Arrow is off, so rows come over Thrift.
    await page.locator('.jp-HeavyAI-run').click();
    await expect(editors(page)).toHaveAttribute('data-transport', 'thrift', {
      timeout: 20_000
    });
    const [first] = (await referenceQuery(`${QUERY} LIMIT 1`)).rows;
    expect(await cellText(page, 0, 0)).toBe(String(first[0]));

    // The workspace's "Insert HeavyAI connection" writes the new template.
    await expect(await insertConnectionCell(page)).toContainText(
      '# template from the settings'
    );
  });

  test('the connector is not loaded before something needs it', async ({
    page
  }) => {
    // A Thrift method of the connector's client that nothing of ours calls: only its bundle holds it.
    const MARKER = 'create_dashboard';
    const scripts = scriptsLoadedBy(page);
    const connectorScripts = async () =>
      (await scripts()).filter(s => s.body.includes(MARKER)).map(s => s.url);
    // A session is there (so an editor would connect at once), but no editor is open yet.
    await openLab(page, `lab/index.html${heavyaiFragment(payload(''))}`);
    await page.waitForTimeout(2000);
    expect((await scripts()).length).toBeGreaterThan(0);
    expect(await connectorScripts()).toEqual([]);
    // Completion asks the server through the connector: the marker is reliable.
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT * FROM fli'
    });
    await page.locator('.jp-HeavyAI-SqlEditor .cm-content').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Tab');
    await expect(page.locator('.cm-tooltip-autocomplete')).toContainText(
      'flights'
    );
    await expect
      .poll(async () => (await connectorScripts()).length)
      .toBeGreaterThan(0);
  });

  test('the deep link compiles apache-arrow, the data grid and the editor as they stream in; a plain start-up compiles nothing that way', async ({
    page
  }) => {
    // V8's explicit compile hint (lite/eager-compile-hint.js): the file's first line.
    const HINT = '//# allFunctionsCalledOnLoad\n';
    // Each marker is an export only the named code's chunk holds.
    const MARKERS = {
      'apache-arrow': 'RecordBatchStreamReader:()=>',
      'data grid': 'BasicSelectionModel:()=>',
      'SQL editor': 'SqlEditor:()=>'
    };
    const deepLinkScripts = scriptsLoadedBy(page);
    await openWorkspace(page, QUERY);
    const deepLink = (await deepLinkScripts()).map(s => s.body);
    for (const [code, marker] of Object.entries(MARKERS)) {
      const holding = deepLink.filter(body => body.includes(marker));
      expect(holding.length, `${code}: scripts loaded`).toBeGreaterThan(0);
      expect(
        holding.filter(body => !body.startsWith(HINT)).length,
        `${code}: scripts without the hint`
      ).toBe(0);
    }
    // The hint costs background compile time for every function of a file: only on what runs.
    const hintedBytes = deepLink
      .filter(body => body.startsWith(HINT))
      .reduce((sum, body) => sum + body.length, 0);
    expect(hintedBytes).toBeGreaterThan(0);
    expect(hintedBytes).toBeLessThan(512 * 1024);

    const plain = await page.context().newPage();
    const startUpScripts = scriptsLoadedBy(plain);
    await openLab(plain, 'lab/index.html?reset');
    const startUp = (await startUpScripts()).map(s => s.body);
    expect(startUp.length).toBeGreaterThan(0);
    expect(startUp.filter(body => body.startsWith(HINT))).toEqual([]);
    await plain.close();
  });

  test('the notebook opens beside an editor whose server has not answered yet; the rows follow when it does', async ({
    page
  }) => {
    // The workspace does not wait for the server: hold every call to the stand-in until the
    // notebook is there.
    let release: () => void = () => undefined;
    const answered = new Promise<void>(resolve => (release = resolve));
    await page.route(`http://127.0.0.1:${STANDIN_PORT}/**`, async route => {
      await answered;
      await route.continue();
    });
    await openLab(
      page,
      `lab/index.html?heavyai&reset${heavyaiFragment(payload(QUERY))}`
    );
    await expect(notebooks(page)).toBeVisible({ timeout: 20_000 });
    await expect(editors(page)).toHaveAttribute('data-state', 'running');
    release();
    await expect(editors(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const [first] = (await referenceQuery(`${QUERY} LIMIT 1`)).rows;
    expect(await cellText(page, 0, 0)).toBe(String(first[0]));
  });

  test('without a session the workspace opens after the wait with a clear message', async ({
    page
  }) => {
    test.setTimeout(60_000);
    await openLab(page, 'lab/index.html?heavyai');
    await expect(
      page.locator('.jp-toast-container, .Toastify').first()
    ).toContainText('Waiting for the HeavyAI session');
    await expect(editors(page)).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('.jp-HeavyAI-connect')).toBeVisible();
    await page.locator('.jp-HeavyAI-run').click();
    await expect(page.locator('.jp-HeavyAI-message-error')).toContainText(
      'No HeavyAI session'
    );
  });

  test('a session with quotes and backslashes, repeated in the query, reaches no saved cell in any form', async ({
    page
  }) => {
    const session = testSessionId("q'uo\\te\\'");
    const query = `SELECT 1 AS one -- ${session}`;
    await openLab(
      page,
      `lab/index.html?heavyai&reset${heavyaiFragment(payload(query, session))}`
    );
    await expect(notebooks(page)).toBeVisible({ timeout: 15_000 });
    await savedFirstCellContains(
      page,
      'left out because they contain the session ID'
    );
    const text = JSON.stringify(await savedNotebook(page, 'HeavyAI 1.ipynb'));
    expect(text).not.toContain(SESSION_MARK);
    expect(text).not.toContain('SELECT 1 AS one');
  });
});
