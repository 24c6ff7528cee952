import type { Page } from '@playwright/test';

import { referenceQuery } from '../../heavydb-standin/engine';
import { startStandin, type IStandin } from '../../heavydb-standin/server';
import {
  answerLinkQuestion,
  expect,
  openLab,
  runCommand,
  test,
  testSessionId
} from '../fixtures';
import {
  editorCell,
  editorResults,
  selectTopLeftCells
} from '../editor-results';
import {
  SITE_ORIGIN,
  STANDIN_ARROW_PORT,
  STANDIN_FAILING_PORT,
  STANDIN_NO_ARROW_PORT
} from '../ports';
import { heavyaiFragment } from '../links';

// Results through sql_execute_df (Arrow) and the Thrift fallback, exact BIGINTs, paging only
// with a stable order, unknown row counts and stale errors.
const valid = testSessionId('arrow');
const standins: IStandin[] = [];
/** What the failing stand-in does with a statement; set by each test. */
let intercept: (sql: string) => Promise<void> | void = () => undefined;

test.beforeAll(async () => {
  const common = { sessions: [valid], allowedOrigins: [SITE_ORIGIN] };
  standins.push(
    await startStandin({ ...common, port: STANDIN_ARROW_PORT }),
    await startStandin({
      ...common,
      port: STANDIN_NO_ARROW_PORT,
      refuseArrow: true
    }),
    await startStandin({
      ...common,
      port: STANDIN_FAILING_PORT,
      interceptQuery: sql => intercept(sql)
    })
  );
});
test.afterAll(async () => {
  await Promise.all(standins.map(s => s.close()));
});
test.beforeEach(() => {
  intercept = () => undefined;
});

function fragment(port: number): string {
  const payload = {
    session: valid,
    connection: { protocol: 'http', host: '127.0.0.1', port }
  };
  return heavyaiFragment(payload);
}

/**
 * Open the lab with a session for the stand-in on `port`, optionally change settings, and run
 * `query`. A link to another server than the session in use asks the user first: `switchServer`
 * answers "Use this server".
 */
async function editorWith(
  page: Page,
  port: number,
  query: string,
  settings: Record<string, unknown> = {},
  { switchServer = false } = {}
): Promise<void> {
  if (switchServer) {
    // A new document: a fragment set on an open page is ignored by design.
    await page.goto('about:blank');
  }
  await openLab(page, `lab/index.html${fragment(port)}`);
  if (switchServer) {
    await answerLinkQuestion(page, true);
  }
  await setSettings(page, settings);
  await runCommand(page, 'heavyai:new-sql-editor', { query });
}

async function setSettings(
  page: Page,
  settings: Record<string, unknown>
): Promise<void> {
  await page.evaluate(async values => {
    const app = (window as any).jupyterapp;
    const registry = app.pluginRegistry ?? app._pluginRegistry;
    const token = [...registry._services.keys()].find((t: any) =>
      /ISettingRegistry$/.test(t.name)
    );
    const settingRegistry = await app.resolveRequiredService(token);
    for (const [key, value] of Object.entries(values)) {
      await settingRegistry.set('jupyterlite-heavyai:sql-editor', key, value);
    }
  }, settings);
}

const editor = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor').last();
const status = (page: Page) => page.locator('.jp-HeavyAI-status').last();
const notice = (page: Page) =>
  page.locator('.jp-HeavyAI-message-notice').last();

async function cell(page: Page, row: number, column: number): Promise<string> {
  return editorCell(page, row, column, 'last');
}

/** Rerun the open editor with new SQL (Shift+Enter in the editor). */
async function rerun(page: Page, sql: string): Promise<void> {
  await page.locator('.jp-HeavyAI-SqlEditor .cm-content').last().click();
  await page.keyboard.press('Control+a');
  await page.keyboard.type(sql);
  await page.keyboard.press('Shift+Enter');
}

/** Every row's first cell, read from the page's model (loads blocks as the grid would). */
async function firstColumn(page: Page): Promise<string[]> {
  return (await editorResults(page, 'last')).evaluate(async results => {
    const values: string[] = [];
    for (let r = 0; r < results.rowCount(); r++) {
      let text = results.cellText(r, 0);
      for (let wait = 0; text === '…' && wait < 600; wait++) {
        await new Promise(resolve => setTimeout(resolve, 50));
        text = results.cellText(r, 0);
      }
      values.push(String(text));
    }
    return values;
  });
}

const text = (value: unknown) => (value === null ? 'NULL' : String(value));

test.describe('SQL editor results over Arrow', () => {
  test('a session the editor opened with user and password is disconnected when the editor closes', async ({
    page
  }) => {
    const standin = standins[0];
    await openLab(page);
    // The password is typed in the connection dialog and kept in the page's memory only.
    void runCommand(page, 'heavyai:set-default-connection');
    const dialog = page.locator('.jp-Dialog');
    await dialog.locator('input[name=host]').fill('127.0.0.1');
    await dialog.locator('select[name=protocol]').selectOption('http');
    await dialog.locator('input[name=port]').fill(String(STANDIN_ARROW_PORT));
    await dialog.locator('input[name=user]').fill('admin');
    await dialog.locator('input[name=password]').fill('HyperInteractive');
    await dialog.locator('input[name=remember]').setChecked(true);
    await dialog.locator('button', { hasText: 'Save' }).click();
    await expect(dialog).toHaveCount(0);
    const before = standin.sessionCount();
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 41 + 1 AS answer'
    });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    expect(await cell(page, 0, 0)).toBe('42');
    expect(standin.sessionCount()).toBe(before + 1);
    await page.evaluate(() =>
      (window as any).jupyterapp.shell.currentWidget.close()
    );
    await expect(editor(page)).toHaveCount(0);
    await expect
      .poll(() => standin.sessionCount(), { timeout: 10_000 })
      .toBe(before);
  });

  test('Arrow and the Thrift fallback both reach the grid with the same cells', async ({
    page
  }) => {
    const query =
      'SELECT tweet_id, user_name, lat, created_at FROM tweets ORDER BY tweet_id';
    const reference = await referenceQuery(query);
    await editorWith(page, STANDIN_ARROW_PORT, query);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect(editor(page)).toHaveAttribute('data-transport', 'arrow');
    await expect(status(page)).toContainText('8 rows');
    await expect(status(page)).toContainText('Arrow');
    const arrowCells = [];
    for (let r = 0; r < reference.rows.length; r++) {
      arrowCells.push([
        await cell(page, r, 0),
        await cell(page, r, 1),
        await cell(page, r, 2),
        await cell(page, r, 3)
      ]);
    }
    expect(arrowCells.map(row => row.slice(0, 3))).toEqual(
      reference.rows.map(row => row.slice(0, 3).map(text))
    );
    expect(arrowCells[0][3]).toBe(
      String(reference.rows[0][3]).replace('T', ' ')
    );

    await editorWith(
      page,
      STANDIN_NO_ARROW_PORT,
      query,
      {},
      { switchServer: true }
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect(editor(page)).toHaveAttribute('data-transport', 'thrift');
    await expect(status(page)).toContainText('the server refused Arrow');
    await expect(status(page)).toHaveAttribute(
      'title',
      /does not support sql_execute_df/
    );
    const thriftCells = [];
    for (let r = 0; r < reference.rows.length; r++) {
      thriftCells.push([
        await cell(page, r, 0),
        await cell(page, r, 1),
        await cell(page, r, 2),
        await cell(page, r, 3)
      ]);
    }
    expect(thriftCells).toEqual(arrowCells);
  });

  test('a BIGINT of 9007199254740993 shows and copies exactly', async ({
    page,
    context
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: SITE_ORIGIN
    });
    await editorWith(
      page,
      STANDIN_ARROW_PORT,
      'SELECT id, bi FROM all_types WHERE id IN (2, 3) ORDER BY id'
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    expect(await cell(page, 0, 1)).toBe('9007199254740993');
    expect(await cell(page, 1, 1)).toBe('-9223372036854775807');
    // The BIGINT column is widened so its 20 characters are not clipped; the INTEGER keeps the default.
    expect(
      await (
        await editorResults(page, 'last')
      ).evaluate(results => [
        results.grid.columnSize('body', 0),
        results.grid.columnSize('body', 1)
      ])
    ).toEqual([140, 190]);
    await selectTopLeftCells(page, 'last');
    await page.keyboard.press('Control+c');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      '2\t9007199254740993\n3\t-9223372036854775807'
    );
    await page.screenshot({
      path: 'test-results/screenshots/sql-editor-arrow-bigint.png'
    });

    // The browser connector's Thrift path reads 64-bit integers as doubles: beyond 2^53 the
    // fallback marks them approximate instead of showing a wrong exact-looking number.
    await editorWith(
      page,
      STANDIN_NO_ARROW_PORT,
      'SELECT id, bi FROM all_types WHERE id IN (2, 3) ORDER BY id',
      {},
      { switchServer: true }
    );
    await expect(editor(page)).toHaveAttribute('data-transport', 'thrift', {
      timeout: 30_000
    });
    await expect(editor(page)).toHaveAttribute('data-state', 'done');
    expect([await cell(page, 0, 1), await cell(page, 1, 1)]).toEqual([
      '≈9007199254740992',
      '≈-9223372036854776000'
    ]);
  });

  test('without ORDER BY a result larger than a block arrives whole, every row exactly once', async ({
    page
  }) => {
    test.setTimeout(120_000);
    const query = 'SELECT flight_id FROM flights WHERE flight_id % 7 = 0';
    await editorWith(page, STANDIN_ARROW_PORT, query);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    const expected = (
      await referenceQuery(`${query} ORDER BY flight_id`)
    ).rows.map(row => String(row[0]));
    expect(expected.length).toBeGreaterThan(50_000 * 2);
    await expect(editor(page)).toHaveAttribute(
      'data-row-count',
      String(expected.length)
    );
    const shown = await firstColumn(page);
    expect(shown.length).toBe(expected.length);
    expect(new Set(shown).size).toBe(expected.length);
    expect([...shown].sort((a, b) => Number(a) - Number(b))).toEqual(expected);
  });

  test('with firstBatchRows 0 the statement runs once, with no first batch, and the whole result shows', async ({
    page
  }) => {
    test.setTimeout(120_000);
    const query = 'SELECT flight_id FROM flights WHERE flight_id % 7 = 0';
    const sent: string[] = [];
    intercept = sql => void sent.push(sql);
    await editorWith(page, STANDIN_FAILING_PORT, query, { firstBatchRows: 0 });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    const expected = (
      await referenceQuery(`${query} ORDER BY flight_id`)
    ).rows.map(row => String(row[0]));
    expect(expected.length).toBeGreaterThan(1000);
    await expect(editor(page)).toHaveAttribute(
      'data-row-count',
      String(expected.length)
    );
    await expect(status(page)).toContainText(
      `${expected.length.toLocaleString('en-US')} rows`
    );
    expect(sent).toEqual([query]);
    const shown = await firstColumn(page);
    expect([...shown].sort((a, b) => Number(a) - Number(b))).toEqual(expected);

    // The control: with a first batch, the same statement also goes out with its LIMIT first.
    sent.length = 0;
    await setSettings(page, { firstBatchRows: 1000 });
    await rerun(page, query);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/LIMIT 1000\b/);
    expect(sent[1]).toBe(query);
  });

  test('over the memory budget: blocks only with ORDER BY, otherwise a capped notice', async ({
    page
  }) => {
    test.setTimeout(120_000);
    const ordered =
      'SELECT flight_id, carrier FROM flights WHERE flight_id <= 120000 ORDER BY flight_id';
    await editorWith(page, STANDIN_ARROW_PORT, ordered, { memoryBudgetMB: 1 });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    await expect(notice(page)).toContainText('larger than the memory budget');
    await expect(editor(page)).toHaveAttribute('data-row-count', '120000');
    const shown = await firstColumn(page);
    expect(shown).toEqual(
      Array.from({ length: 120_000 }, (_, i) => String(i + 1))
    );
    expect(
      Number(await editor(page).getAttribute('data-max-resident-blocks'))
    ).toBeLessThanOrEqual(2);

    await rerun(
      page,
      'SELECT flight_id, carrier FROM flights WHERE flight_id <= 120000'
    );
    await expect(notice(page)).toContainText('Showing the first', {
      timeout: 60_000
    });
    await expect(notice(page)).toContainText('of 120,000 rows');
    await expect(notice(page)).toContainText('no ORDER BY');
    const capped = await firstColumn(page);
    expect(capped.length).toBeLessThan(120_000);
    expect(new Set(capped).size).toBe(capped.length);
  });

  test('the Thrift fallback pages only an ordered statement and caps the rest with a notice', async ({
    page
  }) => {
    test.setTimeout(120_000);
    await editorWith(
      page,
      STANDIN_NO_ARROW_PORT,
      'SELECT flight_id FROM flights WHERE flight_id % 2 = 0'
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    await expect(notice(page)).toContainText('Showing the first 50,000 rows');
    await expect(notice(page)).toContainText('no ORDER BY');
    await expect(editor(page)).toHaveAttribute('data-row-count', '50000');
  });

  test('a failed COUNT(*) shows a notice and the rows still load', async ({
    page
  }) => {
    test.setTimeout(120_000);
    intercept = sql => {
      if (sql.includes('heavyai_count')) {
        throw new Error('COUNT refused by the test');
      }
    };
    await editorWith(
      page,
      STANDIN_FAILING_PORT,
      'SELECT flight_id FROM flights ORDER BY flight_id',
      { memoryBudgetMB: 1 }
    );
    await expect(notice(page)).toContainText('The total row count is unknown', {
      timeout: 60_000
    });
    await expect(notice(page)).toContainText('COUNT refused by the test');
    expect(await cell(page, 0, 0)).toBe('1');
    // Unknown total: the grid offers one more (loading) row past the block, and grows as it loads.
    await expect(editor(page)).toHaveAttribute('data-row-count', '50001');
    expect(await cell(page, 50_000, 0)).toBe('…');
    await expect
      .poll(() => cell(page, 50_000, 0), { timeout: 30_000 })
      .toBe('50001');
    await expect(editor(page)).toHaveAttribute('data-row-count', '100001');

    await rerun(page, 'SELECT flight_id FROM flights WHERE flight_id <= 10');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect(editor(page)).toHaveAttribute('data-row-count', '10');
  });

  test("a block that fails shows its error, but a stale model's late error does not replace the new run's status", async ({
    page
  }) => {
    test.setTimeout(120_000);
    intercept = async sql => {
      if (/OFFSET 50000\b/.test(sql)) {
        await new Promise(resolve => setTimeout(resolve, 3000));
        throw new Error('block refused by the test');
      }
    };
    const query = 'SELECT flight_id FROM flights ORDER BY flight_id';
    const scrollToRow = async (row: number) =>
      (await editorResults(page, 'last')).evaluate(
        ({ grid }, r) => grid.scrollToRow(r),
        row
      );
    // The control: the failing block of the current run is reported.
    await editorWith(page, STANDIN_FAILING_PORT, query, { memoryBudgetMB: 1 });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    await scrollToRow(60_000);
    await expect(page.locator('.jp-HeavyAI-message-error')).toContainText(
      'block refused by the test',
      { timeout: 20_000 }
    );

    // Now the block is in flight when a new run replaces the model.
    await rerun(page, query);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 60_000
    });
    await scrollToRow(60_000);
    await page.waitForTimeout(200);
    await rerun(page, 'SELECT 41 + 1 AS answer');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect.poll(() => cell(page, 0, 0)).toBe('42');
    await page.waitForTimeout(4000); // past the stale block's failure
    await expect(editor(page)).toHaveAttribute('data-state', 'done');
    await expect(status(page)).toContainText('1 rows');
    await expect(page.locator('.jp-HeavyAI-message-error')).toBeHidden();
  });
});
