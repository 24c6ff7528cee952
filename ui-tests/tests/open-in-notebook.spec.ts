// "Open in notebook": the SQL editor's statement goes, exactly, into a `%%heavysql df` cell below
// the active cell of the workspace notebook — created when there is none — and the cell has the focus.
import { mkdirSync } from 'node:fs';
import path from 'node:path';

import type { Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, openLab, runCommand, test, testSessionId } from '../fixtures';
import { storeSession } from '../handoff-helpers';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';

const SCREENSHOTS = path.resolve(
  __dirname,
  '..',
  '..',
  'test-results',
  'screenshots'
);
const session = testSessionId('notebook');
const server = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };
// Braces (the magic's parameter syntax), quotes, a `%%` line and several lines.
const HOSTILE =
  "SELECT '{name}' AS s, '}{' AS t, \"q\"\"x\" AS u\n%%bash\n-- {{ already doubled }}\nFROM tweets\n  WHERE user_name <> 'it''s'";
const escaped = (sql: string) => sql.replace(/[{}]/g, brace => brace + brace);

let standin: IStandin;
test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [session],
    allowedOrigins: [SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

/** The sources of the cells of the notebook at `path`, as its model holds them. */
async function cellSources(
  page: Page,
  notebookPath: string
): Promise<string[]> {
  return page.evaluate(p => {
    const app = (window as any).jupyterapp;
    const panel = [...app.shell.widgets('main')].find(
      (w: any) => w.context?.path === p
    );
    return panel
      ? panel.content.model.sharedModel.cells.map((c: any) => c.getSource())
      : [];
  }, notebookPath);
}

test.describe('Open in notebook', () => {
  test('the toolbar button creates the workspace notebook and puts the statement in a %%heavysql df cell, exactly; the shortcut adds below the active cell', async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await storeSession(page, { session, connection: server });
    await runCommand(page, 'heavyai:new-sql-editor', { query: HOSTILE });
    const editor = page.locator('.jp-HeavyAI-SqlEditor');
    await expect(editor).toHaveCount(1);

    await editor.locator('.jp-HeavyAI-open-in-notebook').click();
    const notebook = page.locator('.jp-NotebookPanel');
    await expect(notebook).toHaveCount(1, { timeout: 20_000 });
    await expect
      .poll(() => cellSources(page, 'HeavyAI 1.ipynb'), { timeout: 20_000 })
      .toHaveLength(2);
    const [connection, query] = await cellSources(page, 'HeavyAI 1.ipynb');
    expect(connection).toContain('heavyai_lite.connect()');
    expect(connection).not.toContain(session);
    expect(query).toBe(`%%heavysql df\n${escaped(HOSTILE)}`);

    // The new cell is active and its editor has the focus.
    const active = notebook.locator('.jp-Cell.jp-mod-active');
    await expect(active).toHaveCount(1);
    await expect(active).toContainText('%%heavysql df');
    expect(
      await active.evaluate(cell => cell.contains(document.activeElement))
    ).toBe(true);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: path.join(SCREENSHOTS, 'open-in-notebook.png')
    });

    // The first cell made active; the shortcut in the editor inserts below it, in the same notebook.
    await page.evaluate(() => {
      const app = (window as any).jupyterapp;
      const panel = [...app.shell.widgets('main')].find(
        (w: any) => w.context?.path === 'HeavyAI 1.ipynb'
      );
      panel.content.activeCellIndex = 0;
    });
    await page.evaluate(() =>
      (window as any).jupyterapp.shell.activateById('heavyai-sql-editor-1')
    );
    const edited = 'SELECT COUNT(*) AS n FROM tweets';
    await editor.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(edited);
    await page.keyboard.press('Alt+Shift+N');
    await expect
      .poll(() => cellSources(page, 'HeavyAI 1.ipynb'), { timeout: 20_000 })
      .toEqual([connection, `%%heavysql df\n${edited}`, query]);
    await expect(notebook).toHaveCount(1);
  });

  test('the command is in the palette and the editor context menu', async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await runCommand(page, 'heavyai:new-sql-editor', { query: 'SELECT 1' });
    const editor = page.locator('.jp-HeavyAI-SqlEditor');
    await editor.locator('.jp-HeavyAI-status').click({ button: 'right' });
    await expect(
      page.locator('.lm-Menu-itemLabel', { hasText: 'Open in Notebook' })
    ).toBeVisible();
    await page.keyboard.press('Escape');
    // JupyterLab hides the modal palette whenever a command runs, and its start-up routing runs
    // `router:tree` about a second after the restore (it waits for the workspace's debounced
    // save): a palette opened before that closes under the test, so open it again until it stays.
    const search = page.locator('.lm-CommandPalette-input');
    await expect(async () => {
      await runCommand(page, 'apputils:activate-command-palette');
      // Type only once the palette's search box has the focus, or the keys land in the editor.
      await expect(search).toBeFocused({ timeout: 2_000 });
      await search.fill('Open in Notebook', { timeout: 2_000 });
      await expect(
        page.locator('.lm-CommandPalette-item', { hasText: 'Open in Notebook' })
      ).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 20_000 });
  });
});
