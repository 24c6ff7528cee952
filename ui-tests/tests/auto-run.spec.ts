// What runs without the user pressing Run: only one read-only statement from a trusted hand-off,
// or an unedited statement whose last run succeeded. Played against a HeavyDB stand-in that
// records every statement it receives; whether `tweets` survived is asked of the stand-in itself.
import type { Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { conWithSession } from '../../heavydb-standin/testkit';
import {
  answerLinkQuestion,
  expect,
  openLab,
  runCommand,
  test,
  testSessionId
} from '../fixtures';
import { sessionManager } from '../handoff-helpers';
import { FOREIGN_ORIGIN, SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { heavyaiFragment } from '../links';

const realSession = testSessionId('real');
const junkSession = testSessionId('junk');
const server = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };
const DROP = 'DROP TABLE tweets';

let standin: IStandin;
/** Every statement from the site that reached the stand-in's sql_execute / sql_execute_df. */
const received: string[] = [];
/** The test's own check that `tweets` exists; not recorded. */
const PROBE = 'SELECT COUNT(*) AS probe FROM tweets';

// A fresh stand-in per test: a test that fails by dropping `tweets` must not affect the next one.
test.beforeEach(async () => {
  received.length = 0;
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [realSession],
    allowedOrigins: [SITE_ORIGIN],
    interceptQuery: sql => {
      if (sql !== PROBE) {
        received.push(sql);
      }
    }
  });
});
test.afterEach(async () => standin?.close());
// Two labs (or a lab and a reload) per test: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });

const editor = (page: Page) => page.locator('.jp-HeavyAI-SqlEditor');

/** Whether `tweets` still exists, asked of the stand-in with the real session. */
async function tweetsExists(): Promise<boolean> {
  const con = conWithSession(STANDIN_PORT, realSession);
  try {
    await con.queryAsync(PROBE);
    return true;
  } catch (error) {
    if (/tweets/i.test(String((error as any)?.error_msg ?? error))) {
      return false;
    }
    throw error;
  }
}

/** Store a session as an allowed host's message would (cross-tab sync carries it to other tabs). */
async function storeAsMessage(
  page: Page,
  record: { session: string; query: string }
): Promise<void> {
  const manager = await sessionManager(page);
  await manager.evaluate(
    async (store, [r, connection]) => {
      await store.setSession({
        ...r,
        connection,
        environment: {},
        receivedAt: Date.now(),
        senderOrigin: location.origin,
        via: 'message'
      });
    },
    [record, server] as const
  );
}

async function expectHeldWithNote(page: Page, reason: string): Promise<void> {
  await expect(editor(page)).toHaveAttribute('data-held', reason, {
    timeout: 20_000
  });
  await expect(editor(page).locator('.jp-HeavyAI-message')).toContainText(
    'not run by itself'
  );
  await expect(editor(page)).toHaveAttribute('data-state', 'idle');
}

test.describe('a statement that changes data never runs by itself', () => {
  test('a confirmed link carrying DROP TABLE is shown, not run — not even when the real session arrives from another tab', async ({
    context,
    page
  }) => {
    expect(await tweetsExists()).toBe(true);
    // A link from a foreign page, with a junk session for the user's own server; the user confirms it.
    await openLab(
      page,
      `lab/index.html?heavyai&reset${heavyaiFragment({ session: junkSession, connection: server, query: DROP })}`,
      { referer: `${FOREIGN_ORIGIN}/` }
    );
    await answerLinkQuestion(page, true);
    await expect(editor(page)).toHaveCount(1, { timeout: 30_000 });
    await expect(
      editor(page).locator('.jp-HeavyAI-SqlEditor-input')
    ).toContainText(DROP);
    await page.waitForTimeout(2000); // room for a wrongful run

    // The user opens the site from Immerse in another tab: the real session reaches this tab too.
    const other = await context.newPage();
    await openLab(other, 'lab/index.html');
    await storeAsMessage(other, { session: realSession, query: '' });
    await page.waitForTimeout(3000); // room for a wrongful re-run to reach the server
    await other.close();

    expect(await tweetsExists()).toBe(true);
    expect(received.filter(sql => /drop/i.test(sql))).toEqual([]);
    await expectHeldWithNote(page, 'changes-data');
  });

  test('an allowed host handing over DROP TABLE gets it shown, not run; Run then runs it', async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await storeAsMessage(page, { session: realSession, query: DROP });
    await runCommand(page, 'heavyai:create-workspace');
    await expectHeldWithNote(page, 'changes-data');
    await page.waitForTimeout(1500);
    expect(received).toEqual([]);
    expect(await tweetsExists()).toBe(true);

    // The user's own Run is the only way it goes.
    await editor(page).locator('.jp-HeavyAI-run').click();
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(received).toEqual([DROP]);
    expect(await tweetsExists()).toBe(false);
  });

  test('a read-only query handed over by an allowed host runs at once; several statements wait', async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await storeAsMessage(page, {
      session: realSession,
      query: 'SELECT COUNT(*) AS n FROM tweets'
    });
    await runCommand(page, 'heavyai:create-workspace');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });

    const several = 'SELECT 1; DROP TABLE tweets';
    await storeAsMessage(page, { session: realSession, query: several });
    await runCommand(page, 'heavyai:create-workspace');
    await expect(editor(page)).toHaveCount(2);
    const second = editor(page).nth(1);
    await expect(second).toHaveAttribute('data-held', 'several', {
      timeout: 20_000
    });
    await page.waitForTimeout(1500);
    expect(received.length).toBeGreaterThan(0);
    for (const sql of received) {
      expect(sql).toMatch(/^SELECT COUNT\(\*\) AS n FROM tweets\b/);
    }
    expect(await tweetsExists()).toBe(true);
  });

  test('a restored editor holding DML does not run on load; one whose read-only query succeeded does', async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await storeAsMessage(page, { session: realSession, query: '' });
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT 1 AS one'
    });
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    // The user types a DROP into a second editor and does not run it.
    await runCommand(page, 'heavyai:new-sql-editor');
    await expect(editor(page)).toHaveCount(2);
    await editor(page).nth(1).locator('.cm-content').click();
    await page.keyboard.type(DROP);
    await page.waitForTimeout(1500); // let the layout restorer save
    received.length = 0;

    await page.reload();
    await page.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await page.evaluate(() => (window as any).jupyterapp.restored);
    await expect(editor(page)).toHaveCount(2, { timeout: 20_000 });
    await page.waitForTimeout(3000); // room for a wrongful run on load
    expect(await tweetsExists()).toBe(true);
    expect(received.filter(sql => /drop/i.test(sql))).toEqual([]);
    const restored = editor(page).filter({ hasText: DROP });
    await expect(restored).toHaveAttribute('data-held', 'changes-data');
    // The read-only query whose last run succeeded runs again on load.
    await expect(
      editor(page).filter({ hasText: 'SELECT 1 AS one' })
    ).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
    expect(received.some(sql => sql.startsWith('SELECT 1 AS one'))).toBe(true);
    expect(await tweetsExists()).toBe(true);
  });

  test("the workspace notebook's generated cells are never executed by themselves", async ({
    page
  }) => {
    await openLab(page, 'lab/index.html');
    await storeAsMessage(page, {
      session: realSession,
      query: 'SELECT COUNT(*) AS n FROM tweets'
    });
    const opened = (await runCommand(page, 'heavyai:create-workspace')) as {
      notebookPath: string;
    };
    await expect(page.locator('.jp-NotebookPanel')).toHaveCount(1, {
      timeout: 20_000
    });
    // The kernel starts with the notebook; give it time to run anything it (wrongly) would.
    await page.waitForTimeout(5000);
    const cells = await page.evaluate(path => {
      const app = (window as any).jupyterapp;
      const panel =
        app.shell.currentWidget?.context?.path === path
          ? app.shell.currentWidget
          : [...app.shell.widgets('main')].find(
              (w: any) => w.context?.path === path
            );
      return panel.content.model.sharedModel.cells.map((c: any) => c.toJSON());
    }, opened.notebookPath);
    expect(cells.length).toBeGreaterThan(0);
    for (const cell of cells) {
      expect(cell.outputs).toEqual([]);
      expect(cell.execution_count).toBeNull();
    }
    await expect(
      page.locator('.jp-NotebookPanel .jp-OutputArea-output')
    ).toHaveCount(0);
  });
});
