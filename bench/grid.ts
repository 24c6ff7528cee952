// Section 4 — the result grid on the 1M-row `SELECT * FROM flights`:
// first rows after Run (connection already open), jump to the last row,
// slow frames while scrolling 100,000 rows with wheel events on the grid —
// beside JupyterLab's own CSV viewer (the same Lumino DataGrid) scrolling the
// same 100,000 rows as a CSV file in the same page —, JS heap after scrolling;
// and, as the reference, the connector's raw queryAsync of the same 50,000-row
// block from Node (binary protocol, columnar).
import type { CDPSession, Page } from '@playwright/test';

import { referenceQuery } from '../heavydb-standin/engine.ts';
import { conWithSession } from '../heavydb-standin/testkit.ts';
import {
  SITE_WITH,
  dist,
  distText,
  ensureSite,
  launch,
  mb,
  median,
  ms,
  row,
  serveSite,
  sessionId,
  startStandinProcess,
  type IDist,
  type IOptions,
  type IRow
} from './lib';
import { editorResults } from '../ui-tests/editor-results';
import { EDITOR, GRID_QUERY, openWorkspace } from './workspace';

const BLOCK = 50_000;
const SCROLL_ROWS = 100_000;
// A frame is slow when its requestAnimationFrame interval exceeds 16.7 ms by more than the
// timer's jitter (idle 60 Hz intervals measure 16.5–16.8 ms here).
const SLOW_FRAME_MS = 16.7 + 1;
const SCROLL_SECONDS = 10; // 10,000 rows/s ≈ 167 rows (4,000 px) a frame at 60 Hz: a scrollbar drag

export interface IScrollFigures {
  frames: number;
  slowShare: number;
  frameMs: IDist;
  longestMs: number;
  seconds: number;
  rowsScrolled: number;
  via: string;
  viewport: { width: number; height: number; rowHeight: number };
}

export interface IGridResult {
  available: boolean;
  reason?: string;
  rawBlockMs: number[];
  firstRows: number[];
  firstRowsDone: number[];
  jumpToLast: number[];
  idleSlowShare?: number;
  readingFrameMs?: IDist;
  readingSlowShare?: number;
  scrollFrameSamples?: number[];
  scroll?: IScrollFigures;
  /** JupyterLab's CSV viewer scrolling the same rows, in the same page right after ours. */
  csvScroll?: IScrollFigures;
  csvReason?: string;
  heap?: {
    usedAfterScroll: number;
    usedAfterGc: number;
    maxResidentBlocks: number;
  };
}

/** The first block's SQL as the editor sends it (falls back to a plain LIMIT if the module moved). */
async function firstBlockSql(): Promise<string> {
  try {
    const chunk = await import('../src/sql/statement-blocks.ts');
    return chunk.blockQuery(chunk.prepareStatement(GRID_QUERY).body, BLOCK, 0);
  } catch {
    return `${GRID_QUERY}\nLIMIT ${BLOCK} OFFSET 0`;
  }
}

async function rawBlockTimes(
  port: number,
  session: string,
  runs: number
): Promise<number[]> {
  const sql = await firstBlockSql();
  const con = conWithSession(port, session, true);
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const result = await con.queryAsync(sql, { columnarResults: true });
    const elapsed = performance.now() - started;
    if (result.length !== BLOCK) {
      throw new Error(`the reference block has ${result.length} rows`);
    }
    if (run > 0) {
      times.push(elapsed); // run 0 warms the connection and DuckDB
    }
  }
  return times;
}

async function waitForTotal(page: Page, total: number): Promise<void> {
  const results = await editorResults(page);
  await page.waitForFunction(
    ([r, n]) => r.rowCount() >= n,
    [results, total] as const,
    { timeout: 60_000, polling: 100 }
  );
  await results.dispose();
}

/** Click Run; ms until the editor is "done" and until its first cell is drawn with a value (two frames later). */
async function rerun(page: Page): Promise<{ done: number; painted: number }> {
  const results = await editorResults(page);
  return results.evaluate((results, sel) => {
    const editor = document.querySelector(sel) as any;
    return new Promise<{ done: number; painted: number }>((resolve, reject) => {
      const started = performance.now();
      let sawRunning = false;
      const check = () => {
        const state = editor.dataset.state;
        sawRunning ||= state === 'running' || state === 'connecting';
        if (state === 'error') {
          reject(new Error('the query failed'));
          return;
        }
        const text = results.cellText(0, 0);
        if (
          sawRunning &&
          state === 'done' &&
          text !== undefined &&
          text !== '…'
        ) {
          const done = performance.now() - started;
          requestAnimationFrame(() =>
            requestAnimationFrame(() =>
              resolve({ done, painted: performance.now() - started })
            )
          );
          return;
        }
        requestAnimationFrame(check);
      };
      (editor.querySelector('.jp-HeavyAI-run') as HTMLButtonElement).click();
      check();
    });
  }, EDITOR);
}

/** Jump to the last row through the grid API; ms until its first cell has a value and a frame is drawn. */
async function jumpToLast(page: Page): Promise<number> {
  return (await editorResults(page)).evaluate(
    results =>
      new Promise<number>(resolve => {
        const grid = results.grid;
        const last = results.rowCount() - 1;
        const started = performance.now();
        grid.scrollTo(grid.scrollX, grid.maxScrollY);
        const check = () => {
          const text = results.cellText(last, 0);
          if (text !== undefined && text !== '…') {
            requestAnimationFrame(() => resolve(performance.now() - started));
          } else {
            requestAnimationFrame(check);
          }
        };
        requestAnimationFrame(check);
      })
  );
}

/** Frame intervals (rAF) for `seconds`, scrolling `stepPx` every frame (0: idle, the machine's own floor). */
async function steadyFrames(
  page: Page,
  seconds: number,
  stepPx: number
): Promise<number[]> {
  return (await editorResults(page)).evaluate(
    (results, [s, step]) =>
      new Promise<number[]>(resolve => {
        const grid = results.grid;
        const deltas: number[] = [];
        let last = 0;
        const end = performance.now() + (s as number) * 1000;
        const tick = (t: number) => {
          if (last) {
            deltas.push(t - last);
          }
          last = t;
          if (t >= end) {
            resolve(deltas);
            return;
          }
          if (step) {
            grid.scrollBy(0, step);
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [seconds, stepPx] as const
  );
}

/** Page side: which grid a measurement drives (`window.__benchGrids[key]`). */
type GridKey = 'ours' | 'csv';

async function registerOurGrid(page: Page): Promise<void> {
  await (
    await editorResults(page)
  ).evaluate(results => {
    const w = window as any;
    w.__benchGrids = { ...w.__benchGrids, ours: results.grid };
  });
}

/**
 * From the top, scroll 100,000 rows at a steady speed (like dragging the
 * scrollbar): every frame one wheel event on the grid moves it to where the
 * clock says it should be, so a slow frame scrolls further, not longer.
 */
async function scrollFrames(page: Page, key: GridKey): Promise<IScrollSample> {
  return page.evaluate(
    ([which, rows, seconds]) =>
      new Promise(resolve => {
        const grid = (window as any).__benchGrids[which as string];
        grid.scrollTo(0, 0);
        const rowHeight: number = grid.defaultSizes.rowHeight;
        const target = Math.min((rows as number) * rowHeight, grid.maxScrollY);
        const speed = target / ((seconds as number) * 1000); // px per ms
        const node: HTMLElement = grid.node;
        const viewport = {
          width: grid.viewportWidth,
          height: grid.viewportHeight,
          rowHeight
        };
        let via = 'wheel';
        const deltas: number[] = [];
        let last = 0;
        let started = 0;
        const tick = (t: number) => {
          if (!started) {
            started = t;
          } else {
            deltas.push(t - last);
          }
          last = t;
          if (grid.scrollY >= target - 1 || t - started > 60_000) {
            resolve({
              deltas,
              rowsScrolled: Math.round(grid.scrollY / rowHeight),
              seconds: (t - started) / 1000,
              via,
              viewport
            });
            return;
          }
          const before = grid.scrollY;
          const dy = Math.max(
            1,
            Math.min(target, speed * (t - started + 16.7)) - before
          );
          const box = node.getBoundingClientRect();
          node.dispatchEvent(
            new WheelEvent('wheel', {
              deltaY: dy,
              deltaMode: 0,
              bubbles: true,
              cancelable: true,
              clientX: box.left + box.width / 2,
              clientY: box.top + box.height / 2
            })
          );
          if (grid.scrollY === before) {
            via = 'scrollBy'; // the wheel did not move it (e.g. focus/handler differences)
            grid.scrollBy(0, dy);
          }
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    [key, SCROLL_ROWS, SCROLL_SECONDS] as const
  ) as Promise<IScrollSample>;
}

function scrollFigures(sample: IScrollSample): IScrollFigures {
  return {
    frames: sample.deltas.length,
    slowShare:
      sample.deltas.filter(d => d > SLOW_FRAME_MS).length /
      Math.max(1, sample.deltas.length),
    frameMs: dist(sample.deltas),
    longestMs: Math.max(0, ...sample.deltas),
    seconds: sample.seconds,
    rowsScrolled: sample.rowsScrolled,
    via: sample.via,
    viewport: sample.viewport
  };
}

/** The first 100,000 rows of the grid's query as CSV (RFC 4180 quoting), from DuckDB itself. */
async function csvOfScrolledRows(): Promise<string> {
  const { columns, rows } = await referenceQuery(
    `${GRID_QUERY} LIMIT ${SCROLL_ROWS}`
  );
  const field = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [columns.map(c => field(c.name)).join(',')];
  for (const r of rows) {
    lines.push(r.map(field).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Save `csv` into the site's browser drive and open it with JupyterLab's CSV
 * viewer (factory "CSVTable"); resolves once every row is parsed, with the
 * viewer's DataGrid registered as `__benchGrids.csv`.
 */
async function openCsvViewer(page: Page, csv: string): Promise<void> {
  await page.evaluate(async text => {
    const w = window as any;
    const app = w.jupyterapp;
    const path = 'bench-grid-100k.csv';
    await app.serviceManager.contents.save(path, {
      type: 'file',
      format: 'text',
      content: text
    });
    const widget = await app.commands.execute('docmanager:open', {
      path,
      factory: 'CSVTable'
    });
    await widget.context.ready;
    await widget.revealed;
    const grid = widget.content._grid; // CSVViewer keeps its DataGrid private
    await grid.dataModel.ready;
    w.__benchGrids = { ...w.__benchGrids, csv: grid };
  }, csv);
  await page.waitForFunction(
    rows =>
      ((window as any).__benchGrids?.csv?.dataModel?.rowCount('body') ?? 0) >=
      (rows as number),
    SCROLL_ROWS,
    {
      timeout: 60_000,
      polling: 200
    }
  );
}

interface IScrollSample {
  deltas: number[];
  rowsScrolled: number;
  seconds: number;
  via: string;
  viewport: IScrollFigures['viewport'];
}

async function heapUsed(cdp: CDPSession): Promise<number> {
  const usage = (await cdp.send('Runtime.getHeapUsage')) as {
    usedSize: number;
  };
  return usage.usedSize;
}

export async function runGrid(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: IGridResult }> {
  const dir = ensureSite(SITE_WITH, true, options.rebuild, log);
  const site = await serveSite(dir);
  const session = sessionId('grid');
  const standin = await startStandinProcess(session, site.origin);
  const result: IGridResult = {
    available: false,
    rawBlockMs: [],
    firstRows: [],
    firstRowsDone: [],
    jumpToLast: []
  };
  const runs = options.runs ? Math.min(options.runs, 5) : options.quick ? 2 : 3;
  try {
    // The reference first, while the browser is not running.
    result.rawBlockMs = await rawBlockTimes(standin.port, session, runs);
    log(
      `grid: raw 50,000-row block ${median(result.rawBlockMs).toFixed(0)} ms`
    );
    const browser = await launch();
    try {
      const { page, times } = await openWorkspace(
        browser,
        site.url,
        standin.port,
        session,
        GRID_QUERY
      );
      if (times.editorDone === undefined || times.rowsPainted === undefined) {
        result.reason = (await page.$(EDITOR))
          ? 'the editor did not show rows'
          : 'no SQL editor in this build';
      } else {
        result.available = true;
        const cdp = await page.context().newCDPSession(page);
        for (let run = 0; run < runs; run++) {
          await waitForTotal(page, BLOCK + 1).catch(() => undefined); // the previous COUNT(*) settles first
          const first = await rerun(page);
          result.firstRows.push(first.painted);
          result.firstRowsDone.push(first.done);
          await waitForTotal(page, 1_000_000);
          result.jumpToLast.push(await jumpToLast(page));
          log(
            `grid run ${run + 1}/${runs}: first rows ${result.firstRows.at(-1)!.toFixed(0)} ms, last row ${result.jumpToLast.at(-1)!.toFixed(0)} ms`
          );
        }
        // The scroll starts on a fresh result so blocks 1 and 2 are fetched while scrolling, as for a user.
        await rerun(page);
        await waitForTotal(page, 1_000_000);
        const idle = await steadyFrames(page, 2, 0);
        result.idleSlowShare =
          idle.filter(d => d > SLOW_FRAME_MS).length / Math.max(1, idle.length);
        // A reading pace, one row a frame, near the top: the cost of a partial repaint.
        const reading = await steadyFrames(page, 2, 24);
        result.readingFrameMs = dist(reading);
        result.readingSlowShare =
          reading.filter(d => d > SLOW_FRAME_MS).length /
          Math.max(1, reading.length);
        await registerOurGrid(page);
        const scrolled = await scrollFrames(page, 'ours');
        result.scrollFrameSamples = scrolled.deltas;
        result.scroll = scrollFigures(scrolled);
        log(
          `grid: scrolling ours, frame p50 ${result.scroll.frameMs.p50.toFixed(1)} ms`
        );
        const usedAfterScroll = await heapUsed(cdp);
        await cdp.send('HeapProfiler.collectGarbage');
        const usedAfterGc = await heapUsed(cdp);
        const maxResidentBlocks = await (
          await editorResults(page)
        ).evaluate(results => results.maxResidentBlocks());
        result.heap = { usedAfterScroll, usedAfterGc, maxResidentBlocks };
        // The reference: JupyterLab's CSV viewer, same rows, same page and browser, right after.
        try {
          await openCsvViewer(page, await csvOfScrolledRows());
          result.csvScroll = scrollFigures(await scrollFrames(page, 'csv'));
          log(
            `grid: scrolling the CSV viewer, frame p50 ${result.csvScroll.frameMs.p50.toFixed(1)} ms`
          );
        } catch (error) {
          result.csvReason =
            error instanceof Error
              ? error.message.split('\n')[0]
              : String(error);
        }
      }
      await page.context().close();
    } finally {
      await browser.close();
    }
  } finally {
    await standin.close();
    await site.close();
  }
  return { rows: gridRows(result), result };
}

function scrollText(f: IScrollFigures): string {
  const v = f.viewport;
  return `p50 ${f.frameMs.p50.toFixed(1)} · p95 ${f.frameMs.p95.toFixed(1)} ms (${f.frames} frames, ${f.rowsScrolled.toLocaleString('en-US')} rows in ${f.seconds.toFixed(1)} s; viewport ${v.width}×${v.height} px, ${v.rowHeight} px rows)`;
}

function gridRows(result: IGridResult): IRow[] {
  const S = `4. Grid ("${GRID_QUERY}", 1,000,000 rows, blocks of ${BLOCK.toLocaleString('en-US')})`;
  const raw = median(result.rawBlockMs);
  const rows = [
    row(
      S,
      'raw queryAsync, one 50,000-row block (Node, binary)',
      distText(dist(result.rawBlockMs))
    )
  ];
  if (!result.available) {
    for (const label of [
      'first rows after Run',
      'jump to the last row',
      'slow frames scrolling 100,000 rows',
      'JS heap after scrolling'
    ]) {
      rows.push(row(S, label, `n/a (${result.reason})`));
    }
    return rows;
  }
  const first = median(result.firstRows);
  rows.push(
    row(
      S,
      'first rows after Run (connection open)',
      `${distText(dist(result.firstRows))} = ${(first / raw).toFixed(2)} × raw`,
      {
        text: '≤ 1.2 × raw block',
        met: first <= 1.2 * raw
      }
    ),
    row(
      S,
      '  of which: Run → editor "done" (query + model)',
      distText(dist(result.firstRowsDone))
    ),
    row(S, 'jump to the last row', distText(dist(result.jumpToLast)))
  );
  const s = result.scroll!;
  const c = result.csvScroll;
  rows.push(
    row(
      S,
      'slow frames (> 16.7 ms + 1 ms jitter) scrolling 100,000 rows',
      `${(s.slowShare * 100).toFixed(1)} % of ${s.frames} frames in ${s.seconds.toFixed(1)} s (${s.rowsScrolled.toLocaleString('en-US')} rows, ${s.via}); ` +
        `frame p50 ${s.frameMs.p50.toFixed(1)} · p95 ${s.frameMs.p95.toFixed(1)} · max ${ms(s.longestMs)}; idle ${((result.idleSlowShare ?? NaN) * 100).toFixed(1)} %`,
      { text: '≤ 5 %', met: s.slowShare <= 0.05 }
    ),
    row(S, 'scrolling frame p50 / p95: ours', `${scrollText(s)}`, {
      text: 'p50 ≤ 33 ms',
      met: s.frameMs.p50 <= 33
    }),
    row(
      S,
      'scrolling frame p50 / p95: JupyterLab CSV viewer, same rows',
      c
        ? `${scrollText(c)}; ours ÷ CSV viewer p50 = ${(s.frameMs.p50 / c.frameMs.p50).toFixed(2)}`
        : `n/a (${result.csvReason ?? 'not measured'})`
    ),
    row(
      S,
      'frames scrolling one row a frame (2 s)',
      `${((result.readingSlowShare ?? NaN) * 100).toFixed(1)} % slow; ${distText(result.readingFrameMs, 1)}`
    ),
    row(
      S,
      'JS heap after scrolling (CDP)',
      `${mb(result.heap!.usedAfterScroll)} used, ${mb(result.heap!.usedAfterGc)} after GC; max ${result.heap!.maxResidentBlocks} blocks resident`
    )
  );
  return rows;
}
