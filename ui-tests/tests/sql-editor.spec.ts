import path from 'node:path';

import type { Frame, Page } from '@playwright/test';

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
import { openHostPage, sendWithSdk } from '../handoff-helpers';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { heavyaiFragment } from '../links';

const valid = testSessionId('editor');
let standin: IStandin;

test.beforeAll(async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [valid],
    allowedOrigins: [SITE_ORIGIN]
  });
});
test.afterAll(async () => standin?.close());

const connection = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };

function fragment(session = valid): string {
  return heavyaiFragment({ session, connection });
}

/** Open the lab with a session and one SQL editor running `query`. */
async function editorWith(page: Page, query: string): Promise<void> {
  await openLab(page, `lab/index.html${fragment()}`);
  await runCommand(page, 'heavyai:new-sql-editor', { query });
}

const SCREENSHOTS = path.resolve(
  __dirname,
  '..',
  '..',
  'test-results',
  'screenshots'
);
const editor = (page: Page | Frame) => page.locator('.jp-HeavyAI-SqlEditor');

async function cell(
  page: Page | Frame,
  row: number,
  column: number
): Promise<string> {
  return editorCell(page, row, column);
}

function text(value: unknown): string {
  return value === null ? 'NULL' : String(value);
}

/**
 * Our grid's canvas beside Lumino's own painting of the same state (its prototype `_drawCells`,
 * restored for one full repaint): after a full repaint at row 1,000 and after a small scroll
 * (Lumino blits what stays visible and paints the rest).
 */
async function comparePaintingWithLumino(page: Page) {
  return (await editorResults(page)).evaluate(async results => {
    const grid = results.grid;
    const canvas: HTMLCanvasElement = grid._canvas;
    const frames = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await new Promise(resolve => requestAnimationFrame(resolve));
      }
    };
    const pixels = () =>
      canvas
        .getContext('2d')!
        .getImageData(0, 0, grid.viewportWidth, grid.viewportHeight).data;
    const direct = Object.prototype.hasOwnProperty.call(grid, '_drawCells');
    const ours = grid._drawCells;
    const lumino = async () => {
      delete grid._drawCells;
      grid.repaintContent();
      await frames(2);
      const data = pixels();
      grid._drawCells = ours;
      return data;
    };
    const diff = (a: Uint8ClampedArray, b: Uint8ClampedArray) => {
      let differing = 0;
      let worst = 0;
      for (let i = 0; i < a.length; i += 4) {
        const d = Math.max(
          Math.abs(a[i] - b[i]),
          Math.abs(a[i + 1] - b[i + 1]),
          Math.abs(a[i + 2] - b[i + 2]),
          Math.abs(a[i + 3] - b[i + 3])
        );
        differing += d > 0 ? 1 : 0;
        worst = Math.max(worst, d);
      }
      return { differing, worst };
    };
    const colours = new Set<number>();
    let brightness = 0;
    grid.scrollTo(0, 24 * 1000);
    await frames(3);
    grid.repaintContent();
    await frames(2);
    const full = pixels();
    for (let i = 0; i < full.length; i += 4) {
      colours.add((full[i] << 16) | (full[i + 1] << 8) | full[i + 2]);
      brightness += (full[i] + full[i + 1] + full[i + 2]) / 3;
    }
    const afterFull = diff(full, await lumino());
    grid.repaintContent();
    await frames(2);
    grid.scrollBy(0, 24 * 3 + 5);
    await frames(3);
    const afterScroll = diff(pixels(), await lumino());
    const size = full.length / 4;
    return {
      direct,
      colours: colours.size,
      brightness: brightness / size,
      afterFull,
      afterScroll,
      size
    };
  });
}

test.describe('the HeavyAI SQL editor', () => {
  test('scrolling the million-row result to the end shows the last row (one Arrow block, within 3 resident)', async ({
    page
  }) => {
    test.setTimeout(120_000);
    const query =
      'SELECT flight_id, carrier, origin, dest, dep_delay FROM flights ORDER BY flight_id';
    await editorWith(page, query);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const total = (await referenceQuery('SELECT COUNT(*) FROM flights'))
      .rows[0][0];
    await expect(editor(page)).toHaveAttribute(
      'data-row-count',
      String(total),
      { timeout: 20_000 }
    );
    await expect(page.locator('.jp-HeavyAI-status')).toContainText(
      `${Number(total).toLocaleString('en-US')} rows`
    );

    const scrollTo = async (fraction: number) =>
      (await editorResults(page)).evaluate(
        ({ grid }, f) => grid.scrollTo(0, grid.maxScrollY * f),
        fraction
      );
    for (const fraction of [0.3, 0.55, 0.8, 1]) {
      await scrollTo(fraction);
      await page.waitForTimeout(300);
    }
    const last = Number(total) - 1;
    await expect
      .poll(() => cell(page, last, 0), { timeout: 30_000 })
      .not.toBe('…');
    const reference = await referenceQuery(`${query} LIMIT 1 OFFSET ${last}`);
    for (let c = 0; c < reference.columns.length; c++) {
      expect(await cell(page, last, c)).toBe(text(reference.rows[0][c]));
    }
    const resident = Number(
      await editor(page).getAttribute('data-resident-blocks')
    );
    const maxResident = Number(
      await editor(page).getAttribute('data-max-resident-blocks')
    );
    expect(resident).toBeLessThanOrEqual(3);
    expect(maxResident).toBeLessThanOrEqual(3);
  });

  test('cells are painted onto the canvas as Lumino paints them: the same pixels after a full repaint and after a scroll, light and dark', async ({
    page
  }) => {
    await editorWith(
      page,
      "SELECT flight_id, carrier, origin || ' → ' || dest || ' (a long text clipped to its cell)' AS route, dep_delay FROM flights ORDER BY flight_id"
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const light = await comparePaintingWithLumino(page);
    const lightStyle = await editorStyle(page);
    await editor(page).screenshot({
      path: path.join(SCREENSHOTS, 'sql-grid-light.png')
    });
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Dark'
    });
    await expect(page.locator('body')).toHaveAttribute(
      'data-jp-theme-light',
      'false'
    );
    await page.waitForTimeout(500);
    const dark = await comparePaintingWithLumino(page);
    const darkStyle = await editorStyle(page);
    await editor(page).screenshot({
      path: path.join(SCREENSHOTS, 'sql-grid-dark.png')
    });
    await runCommand(page, 'apputils:change-theme', {
      theme: 'JupyterLab Light'
    });
    expect(dark.brightness).toBeLessThan(light.brightness / 2); // the theme reached the canvas
    // The editor's stylesheet, loaded with the editor, applies and follows the theme.
    for (const style of [lightStyle, darkStyle]) {
      expect(style.barDisplay).toBe('flex');
      expect(style.background).toBe(style.themeBackground);
    }
    expect(darkStyle.background).not.toBe(lightStyle.background);
    for (const compared of [light, dark]) {
      expect(compared.direct).toBe(true);
      expect(compared.colours).toBeGreaterThan(20); // text was drawn, not a blank canvas
      // Anti-aliased text composited from Lumino's transparent buffer rounds a few edge pixels
      // differently (measured: 4 pixels by 1 level after a full repaint, 14 by at most 5 after the
      // scroll, of 556,404); text escaping its cell or a missing cell differs in thousands.
      for (const result of [compared.afterFull, compared.afterScroll]) {
        expect(result.worst).toBeLessThanOrEqual(8);
        expect(result.differing).toBeLessThan(compared.size / 1000);
      }
    }
  });

  test('the grid first shows at its laid-out size: its canvases are sized once and nothing is copied between them', async ({
    page
  }) => {
    await page.addInitScript(() => {
      const w = window as any;
      w.__canvasCopies = 0;
      w.__canvasSizes = [] as string[];
      const draw = CanvasRenderingContext2D.prototype.drawImage;
      CanvasRenderingContext2D.prototype.drawImage = function (
        this: CanvasRenderingContext2D,
        ...args: any[]
      ) {
        if (args[0] instanceof HTMLCanvasElement) {
          w.__canvasCopies++;
        }
        return (draw as any).apply(this, args);
      } as any;
      const width = Object.getOwnPropertyDescriptor(
        HTMLCanvasElement.prototype,
        'width'
      )!;
      Object.defineProperty(HTMLCanvasElement.prototype, 'width', {
        configurable: true,
        get: width.get,
        set(value: number) {
          if (value > 0 && this.closest('.jp-HeavyAI-SqlEditor')) {
            w.__canvasSizes.push(String(value));
          }
          width.set!.call(this, value);
        }
      });
    });
    await editorWith(page, 'SELECT id, s FROM all_types ORDER BY id LIMIT 5');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(await cell(page, 0, 0)).not.toBe('');
    const { copies, sizes, viewport } = await page.evaluate(() => {
      const w = window as any;
      const canvas = document.querySelector(
        '.jp-HeavyAI-SqlEditor canvas'
      ) as HTMLCanvasElement;
      return {
        copies: w.__canvasCopies as number,
        sizes: w.__canvasSizes as string[],
        viewport: canvas.parentElement!.getBoundingClientRect().width
      };
    });
    // Lumino sizes its canvases to the viewport rounded up to 512 px steps; a grid that first
    // measured its unsized node (46 px wide) got 512 px canvases, then larger ones, copying each.
    expect(viewport).toBeGreaterThan(512);
    expect(sizes.length).toBeGreaterThan(0);
    expect(new Set(sizes).size).toBe(1);
    expect(Number(sizes[0])).toBeGreaterThanOrEqual(viewport);
    expect(copies).toBe(0);
  });

  test("the grid's canvases are first sized to its viewport, and its overlay (scroll shadow, selection) is drawn from the next frame on", async ({
    page
  }) => {
    await editorWith(page, 'SELECT flight_id FROM flights LIMIT 200');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const viewportCanvases = () =>
      page.evaluate(async () => {
        // Two frames: the overlay is drawn in the frame after the cells.
        await new Promise(r => requestAnimationFrame(() => r(undefined)));
        await new Promise(r => requestAnimationFrame(() => r(undefined)));
        const [main, overlay] = [
          ...document.querySelectorAll<HTMLCanvasElement>(
            '.jp-HeavyAI-SqlEditor canvas'
          )
        ];
        const box = main.parentElement!.getBoundingClientRect();
        const ratio = Math.ceil(window.devicePixelRatio);
        // Inked overlay pixels in a band: the scroll shadow at the bottom, a selection over the second
        // row (the cursor cell, the first, is drawn as a border only).
        const inked = (x: number, y: number, w: number, h: number) => {
          const data = overlay
            .getContext('2d')!
            .getImageData(x * ratio, y * ratio, w * ratio, h * ratio).data;
          let count = 0;
          for (let i = 3; i < data.length; i += 4) {
            count += data[i] > 0 ? 1 : 0;
          }
          return count;
        };
        return {
          main: [main.width, main.height],
          overlay: [overlay.width, overlay.height],
          viewport: [
            Math.ceil(box.width * ratio),
            Math.ceil(box.height * ratio)
          ],
          bottomBand: inked(100, box.height - 8, 200, 8),
          secondBodyRow: inked(80, 58, 100, 16)
        };
      });
    const first = await viewportCanvases();
    // Lumino alone makes them the viewport rounded up to 512 px steps (1024 × 1024 here); this grid
    // gets the viewport plus a margin of at most 64 px for the notice line and scroll bars to go.
    const ratio = await page.evaluate(() => Math.ceil(window.devicePixelRatio));
    for (const k of [0, 1]) {
      expect(first.main[k]).toBeGreaterThanOrEqual(first.viewport[k]);
      expect(first.main[k]).toBeLessThanOrEqual(first.viewport[k] + 64 * ratio);
    }
    expect(first.main[1]).toBeLessThan(1024);
    expect(first.overlay).toEqual(first.main);
    expect(first.bottomBand).toBeGreaterThan(0); // 200 rows do not fit: the bottom scroll shadow
    expect(first.secondBodyRow).toBe(0);
    await selectTopLeftCells(page);
    const selected = await viewportCanvases();
    expect(selected.secondBodyRow).toBeGreaterThan(0);
    expect(selected.main).toEqual(first.main);
  });

  test('types, NULLs and a statement with its own LIMIT (fetched once, whole, as Arrow)', async ({
    page
  }) => {
    await editorWith(
      page,
      'SELECT id, b, i, bi, d, s, dt, ts FROM all_types ORDER BY id LIMIT 10'
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const reference = await referenceQuery(
      'SELECT id, b, i, bi, d, s, dt, ts FROM all_types ORDER BY id LIMIT 10'
    ).catch(() => undefined);
    if (reference) {
      for (let r = 0; r < reference.rows.length; r++) {
        expect(await cell(page, r, 0)).toBe(text(reference.rows[r][0]));
      }
      const nullCells = reference.rows.flat().filter(v => v === null).length;
      expect(nullCells).toBeGreaterThan(0);
    }
    await runCommand(page, 'heavyai:new-sql-editor', {
      query: 'SELECT flight_id FROM flights LIMIT 60000'
    });
    const second = page.locator('.jp-HeavyAI-SqlEditor').last();
    await expect(second).toHaveAttribute('data-state', 'done', {
      timeout: 30_000
    });
    await expect(second).toHaveAttribute('data-transport', 'arrow');
    await expect(second).toHaveAttribute('data-row-count', '60000');
    await expect(second.locator('.jp-HeavyAI-message-notice')).toBeHidden();
  });

  test('SQL errors, an unreachable server and Tab completion', async ({
    page
  }) => {
    await editorWith(page, 'SELECT no_such_column FROM flights');
    await expect(editor(page)).toHaveAttribute('data-state', 'error', {
      timeout: 20_000
    });
    await expect(page.locator('.jp-HeavyAI-message-error')).toContainText(
      'no_such_column'
    );
    await expectMessageReadable(page);
    // Server text is shown as text, never as HTML.
    await page.locator('.jp-HeavyAI-SqlEditor .cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.type("SELECT '<b>bold</b>' AS x FROM nosuchtable");
    await page.keyboard.press('Shift+Enter');
    await expect(page.locator('.jp-HeavyAI-message-error')).toContainText(
      'nosuchtable'
    );
    await expect(page.locator('.jp-HeavyAI-message-error b')).toHaveCount(0);

    await page.keyboard.press('Control+a');
    await page.keyboard.type('SELECT * FROM fli');
    await page.keyboard.press('Tab');
    await expect(page.locator('.cm-tooltip-autocomplete')).toContainText(
      'flights'
    );
    await page.keyboard.press('Escape');

    // A link to another server than the one in use: the user is asked, and says yes.
    await openLab(
      page,
      `lab/index.html?again${heavyaiFragment({ session: valid, connection: { ...connection, port: 1 } })}`
    );
    expect(await answerLinkQuestion(page, true)).toBe('http://127.0.0.1:1');
    await runCommand(page, 'heavyai:new-sql-editor', { query: 'SELECT 1' });
    // The editor restored from the layout keeps its own error; the new one explains the unreachable server.
    await expect(
      page.locator('.jp-HeavyAI-message-error', {
        hasText: 'Cannot reach HeavyDB'
      })
    ).toBeVisible({ timeout: 20_000 });
  });

  test('a chunk that failed to download is fetched again by the next run', async ({
    context,
    page
  }) => {
    // The first request for apache-arrow's chunk fails as a dropped connection would: that run
    // falls back to Thrift rows, and the next one reads Arrow again.
    let requests = 0;
    await context.route(/\/build\/apache-arrow\.[0-9a-f]+\.js/, route =>
      requests++ === 0 ? route.abort('connectionreset') : route.continue()
    );
    await editorWith(page, 'SELECT 42 AS answer');
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    await expect(editor(page)).toHaveAttribute('data-transport', 'thrift');
    expect(await cell(page, 0, 0)).toBe('42');

    await editor(page).locator('.jp-HeavyAI-run').click();
    await expect(editor(page)).toHaveAttribute('data-transport', 'arrow', {
      timeout: 20_000
    });
    await expect(editor(page)).toHaveAttribute('data-state', 'done');
    expect(await cell(page, 0, 0)).toBe('42');
    expect(requests).toBe(2);
  });

  test('an invalid session is explained; a new session from the host recovers the open editor', async ({
    page
  }) => {
    const frame = await openHostPage(page);
    const stale = testSessionId('stale');
    expect(
      await sendWithSdk(page, {
        session: stale,
        connection,
        query: 'SELECT 41 + 1 AS answer'
      })
    ).toBe('accepted');
    await expect(editor(frame)).toHaveAttribute('data-state', 'error', {
      timeout: 20_000
    });
    await expect(frame.locator('.jp-HeavyAI-message-error')).toContainText(
      'Session not valid'
    );
    await expect(frame.locator('.jp-HeavyAI-message-error')).toContainText(
      'Immerse'
    );
    expect(
      await sendWithSdk(page, {
        session: valid,
        connection,
        query: 'SELECT 41 + 1 AS answer'
      })
    ).toBe('accepted');
    await expect(editor(frame)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    expect(await cell(frame, 0, 0)).toBe('42');
    await expect(frame.locator('.jp-HeavyAI-message-error')).toBeHidden();
  });

  test('copy a selection as TSV; restored with its query after a reload', async ({
    page,
    context
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: SITE_ORIGIN
    });
    await editorWith(
      page,
      'SELECT tweet_id, user_name FROM tweets ORDER BY tweet_id LIMIT 2'
    );
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    const reference = await referenceQuery(
      'SELECT tweet_id, user_name FROM tweets ORDER BY tweet_id LIMIT 2'
    );
    await selectTopLeftCells(page);
    await page.keyboard.press('Control+c');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const tsvCell = (v: unknown) =>
      v === null
        ? ''
        : /[\t\n\r"]/.test(String(v))
          ? `"${String(v).replace(/"/g, '""')}"`
          : String(v);
    expect(copied).toBe(
      reference.rows.map(row => row.map(tsvCell).join('\t')).join('\n')
    );

    await page.waitForTimeout(1500);
    await page.reload();
    await page.waitForFunction(
      () => (window as any).jupyterapp?.restored !== undefined,
      null,
      { timeout: 45_000 }
    );
    await expect(editor(page)).toHaveCount(1);
    await expect(editor(page)).toHaveAttribute('data-state', 'done', {
      timeout: 20_000
    });
    await expect(
      page.locator('.jp-HeavyAI-SqlEditor .cm-content')
    ).toContainText('FROM tweets');
  });
});

/**
 * The message area shows all of its text (or scrolls it) above the grid: a
 * box as high as its padding, covered by the grid, once passed every text check.
 */
/** The editor's background and toolbar layout as computed, beside the theme's background colour. */
async function editorStyle(page: Page) {
  return page.locator('.jp-HeavyAI-SqlEditor').evaluate(node => {
    const probe = document.createElement('div');
    probe.style.background = 'var(--jp-layout-color0)';
    document.body.append(probe);
    const themeBackground = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return {
      background: getComputedStyle(node).backgroundColor,
      themeBackground,
      barDisplay: getComputedStyle(
        node.querySelector('.jp-HeavyAI-SqlEditor-bar')!
      ).display
    };
  });
}

async function expectMessageReadable(page: Page): Promise<void> {
  await expect
    .poll(async () =>
      page.locator('.jp-HeavyAI-SqlEditor').evaluate(editorNode => {
        const message = editorNode.querySelector('.jp-HeavyAI-message')!;
        const text = document.createRange();
        text.selectNodeContents(message);
        const grid = editorNode.querySelector('.jp-HeavyAI-grid')!;
        const box = message.getBoundingClientRect();
        const textBox = text.getBoundingClientRect();
        const gridBox = grid.getBoundingClientRect();
        return {
          textFits: textBox.height > 0 && box.height >= textBox.height,
          // The grid is shown with the first result; a hidden one covers nothing.
          aboveGrid: gridBox.height === 0 || box.bottom <= gridBox.top + 0.5
        };
      })
    )
    .toEqual({ textFits: true, aboveGrid: true });
  await page.screenshot({
    path: 'test-results/screenshots/sql-editor-error-message.png'
  });
}
