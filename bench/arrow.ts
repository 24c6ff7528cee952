// Section 5 — the Arrow data path (issue #13), 1M rows of `flights` in one run:
// (a) the floor: DuckDB → Arrow IPC (the stand-in's own builder) → apache-arrow's
//     tableFromIPC, in Node, no network;
// (b) Node through the real @heavyai/connector: one 50,000-row Thrift block
//     (queryAsync, binary protocol) and Arrow queryDFAsync for 50,000 and 1M rows;
// (c) the page (built site, SQL editor): Run → first rows painted and Run → all
//     1M rows available, Arrow vs the Thrift fallback (a stand-in refusing Arrow);
// (d) heavyai_lite in real Pyodide (npm pyodide in a module Worker on the site's
//     origin, the site's wheel): execute().fetchall() rows vs select_arrow_ipc() bytes, each
//     ratio beside its target (select_arrow_ipc ÷ Node queryDFAsync, fetchall ÷ select_arrow_ipc).
// Figures and targets are printed, never asserted.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from '@playwright/test';
import { tableFromIPC } from 'apache-arrow';

import { Engine } from '../heavydb-standin/engine.ts';
import { conWithSession } from '../heavydb-standin/testkit.ts';
import { blockQuery, prepareStatement } from '../src/sql/statement-blocks.ts';
import { readDataFrameReply } from '../src/wire/df-reply.ts';
import { encodeCall, ThriftType } from '../src/wire/thrift-binary.ts';
import {
  callPyodide,
  runPythonJson,
  startPyodide
} from '../ui-tests/pyodide-helpers';
import { editorResults } from '../ui-tests/editor-results';
import { TEST_PYODIDE_PATH } from '../ui-tests/ports';
import { serveTestSite } from '../scripts/lib/test-site-config.mjs';
import {
  ROOT,
  SITE_WITH,
  dist,
  distText,
  ensureSite,
  freshContext,
  launch,
  mb,
  median,
  ms,
  row,
  sessionId,
  startStandinProcess,
  type IOptions,
  type IRow
} from './lib';
import { BENCH_LINK_SITE_CONFIG, EDITOR, openWorkspace } from './workspace';

const ROWS = 1_000_000;
const BLOCK = 50_000;
// Ordered, so the Thrift fallback can page every row (an unordered statement is capped at one block).
const QUERY = 'SELECT * FROM flights ORDER BY flight_id';
const BLOCK_SQL = blockQuery(prepareStatement(QUERY).body, BLOCK, 0);
const PAGE_TIMEOUT_MS = 180_000;
const PYODIDE_TIMEOUT_MS = 300_000;

const TARGET_FIRST_MS = 100;
const TARGET_ALL_MS = 2000;
const TARGET_FLOOR_RATIO = 1.5;
/** Page, Run → all 1M rows, over Node's connector queryDFAsync of the same statement. */
const TARGET_NODE_RATIO = 1.2;
const TARGET_PY_ARROW_RATIO = 1.5; // select_arrow_ipc ÷ Node queryDFAsync, 1M rows
const TARGET_PY_ROWS_RATIO = 5; // execute().fetchall() ÷ select_arrow_ipc, 1M rows

interface IFloorRun {
  engineMs: number;
  conversionMs: number;
  decodeMs: number;
  totalMs: number;
  bytes: number;
}
interface IPageRun {
  firstPaintedMs: number;
  allRowsMs: number;
  transport: string;
}
interface IPyRun {
  rows: number;
  thriftMs: number;
  arrowMs: number;
  arrowBytes: number;
}

export interface IArrowBenchResult {
  floor: IFloorRun[];
  floorUnordered: IFloorRun[];
  connector: {
    thriftBlockMs: number[];
    dfBlockMs: number[];
    dfAllMs: number[];
  };
  /**
   * The editor's own binary sql_execute_df reader (src/wire/df-reply.ts) in Node, streamed
   * fetch: ms to the first record batch decoded, and to the whole table (the streamed design's
   * best case for first rows); the first-batch query of 1,000 rows (the other design).
   */
  wire: {
    firstBatchMs: number[];
    allMs: number[];
    firstBatchQueryMs: number[];
    batches: number;
  };
  /** The figures the issue sets targets for (medians; printed, never asserted). */
  summary?: { pageOverNode: number; firstRowsMs: number };
  page: { arrow: IPageRun[]; thrift: IPageRun[]; reason?: string };
  pyodide: {
    startMs?: number;
    runs: IPyRun[];
    pyarrow?: string;
    reason?: string;
    /** 1M rows, p50s: select_arrow_ipc ÷ Node queryDFAsync and fetchall ÷ select_arrow_ipc */
    arrowPerNode?: number;
    rowsPerArrow?: number;
  };
}

// ---------------------------------------------------------------- (a) floor

async function floorRuns(sql: string, runs: number): Promise<IFloorRun[]> {
  const engine = await Engine.open();
  try {
    const out: IFloorRun[] = [];
    for (let run = 0; run <= runs; run++) {
      const started = performance.now();
      const result = await engine.executeArrow(sql);
      const decodeStart = performance.now();
      const table = tableFromIPC(result.ipc);
      const end = performance.now();
      if (table.numRows !== ROWS) {
        throw new Error(`the floor decoded ${table.numRows} rows`);
      }
      if (run > 0) {
        // run 0 warms DuckDB and the JIT
        out.push({
          engineMs: result.executionMs,
          conversionMs: result.conversionMs,
          decodeMs: end - decodeStart,
          totalMs: end - started,
          bytes: result.ipc.length
        });
      }
    }
    return out;
  } finally {
    engine.close();
  }
}

// ---------------------------------------------------------------- (b) connector in Node

async function timed(
  runs: number,
  fn: () => Promise<number>,
  expected: number,
  what: string
): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const n = await fn();
    const elapsed = performance.now() - started;
    if (n !== expected) {
      throw new Error(`${what} returned ${n} rows`);
    }
    if (run > 0) {
      times.push(elapsed);
    }
  }
  return times;
}

async function connectorRuns(
  port: number,
  session: string,
  runs: number
): Promise<IArrowBenchResult['connector']> {
  const con = conWithSession(port, session, true);
  const thriftBlockMs = await timed(
    runs,
    async () =>
      (await con.queryAsync(BLOCK_SQL, { columnarResults: true })).length,
    BLOCK,
    'queryAsync'
  );
  const dfBlockMs = await timed(
    runs,
    async () => (await con.queryDFAsync(BLOCK_SQL)).numRows,
    BLOCK,
    'queryDFAsync (block)'
  );
  const dfAllMs = await timed(
    runs,
    async () => (await con.queryDFAsync(QUERY)).numRows,
    ROWS,
    'queryDFAsync (all)'
  );
  return { thriftBlockMs, dfBlockMs, dfAllMs };
}

/** One sql_execute_df through the editor's reader; ms to the first batch, to all, batch count. */
async function wireRun(
  port: number,
  session: string,
  sql: string
): Promise<{ firstMs: number; allMs: number; rows: number; batches: number }> {
  const started = performance.now();
  let firstMs: number | undefined;
  let batches = 0;
  const response = await fetch(`http://127.0.0.1:${port}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/vnd.apache.thrift.binary' },
    body: encodeCall('sql_execute_df', 1, [
      { id: 1, type: ThriftType.String, value: session },
      { id: 2, type: ThriftType.String, value: sql },
      { id: 3, type: ThriftType.I32, value: 0 },
      { id: 4, type: ThriftType.I32, value: 0 },
      { id: 5, type: ThriftType.I32, value: -1 },
      { id: 6, type: ThriftType.I32, value: 1 }
    ])
  });
  const frame = await readDataFrameReply(response.body!, {
    maxBufferBytes: Number.MAX_SAFE_INTEGER,
    onBatches: (prefix, n) => {
      batches = n;
      if (firstMs === undefined && tableFromIPC(prefix).numRows > 0) {
        firstMs = performance.now() - started;
      }
    }
  });
  const table = tableFromIPC(frame.buffer);
  const allMs = performance.now() - started;
  return {
    firstMs: firstMs ?? allMs,
    allMs,
    rows: table.numRows,
    batches: Math.max(batches, table.batches.length)
  };
}

async function wireRuns(
  port: number,
  session: string,
  runs: number
): Promise<IArrowBenchResult['wire']> {
  const out: IArrowBenchResult['wire'] = {
    firstBatchMs: [],
    allMs: [],
    firstBatchQueryMs: [],
    batches: 0
  };
  const firstBatchSql = blockQuery(prepareStatement(QUERY).body, 1000, 0);
  for (let run = 0; run <= runs; run++) {
    const whole = await wireRun(port, session, QUERY);
    const first = await wireRun(port, session, firstBatchSql);
    if (whole.rows !== ROWS || first.rows !== 1000) {
      throw new Error(
        `the wire reader read ${whole.rows} and ${first.rows} rows`
      );
    }
    if (run > 0) {
      out.firstBatchMs.push(whole.firstMs);
      out.allMs.push(whole.allMs);
      out.firstBatchQueryMs.push(first.allMs);
      out.batches = whole.batches;
    }
  }
  return out;
}

// ---------------------------------------------------------------- (c) the page

/**
 * Click Run; ms until the new result's first cell is drawn (two frames after it has a value),
 * and until every row is available: each block's first row, then the last row, has a value
 * (reading a cell asks the result model for its block, as scrolling would).
 */
async function runInPage(page: Page): Promise<IPageRun> {
  return (await editorResults(page)).evaluate(
    (results, [sel, rows, block, timeout]) => {
      const editor = document.querySelector(sel as string) as any;
      const loaded = (text: string | undefined) =>
        text !== undefined && text !== '…';
      return new Promise<IPageRun>((resolve, reject) => {
        const before = results.grid.dataModel;
        const started = performance.now();
        let firstPaintedMs: number | undefined;
        let nextBlock = 0;
        const blocks = Math.ceil((rows as number) / (block as number));
        const check = () => {
          const now = performance.now();
          if (editor.dataset.state === 'error') {
            reject(
              new Error(
                `the query failed: ${editor.textContent?.slice(0, 200)}`
              )
            );
            return;
          }
          if (now - started > (timeout as number)) {
            reject(
              new Error(
                `not all rows after ${timeout} ms (block ${nextBlock} of ${blocks})`
              )
            );
            return;
          }
          const fresh = results.grid.dataModel !== before;
          if (
            fresh &&
            firstPaintedMs === undefined &&
            loaded(results.cellText(0, 0))
          ) {
            firstPaintedMs = -1; // set two frames later, once the grid has drawn it
            requestAnimationFrame(() =>
              requestAnimationFrame(
                () => (firstPaintedMs = performance.now() - started)
              )
            );
          }
          if (fresh) {
            while (
              nextBlock < blocks &&
              loaded(results.cellText(nextBlock * (block as number), 0))
            ) {
              nextBlock++;
            }
            if (
              nextBlock === blocks &&
              results.rowCount() >= (rows as number) &&
              loaded(results.cellText((rows as number) - 1, 0))
            ) {
              const allRowsMs = performance.now() - started;
              const finish = () =>
                firstPaintedMs !== undefined && firstPaintedMs >= 0
                  ? resolve({
                      firstPaintedMs,
                      allRowsMs,
                      transport: editor.dataset.transport
                    })
                  : requestAnimationFrame(finish);
              finish();
              return;
            }
          }
          requestAnimationFrame(check);
        };
        (editor.querySelector('.jp-HeavyAI-run') as HTMLButtonElement).click();
        requestAnimationFrame(check);
      });
    },
    [EDITOR, ROWS, BLOCK, PAGE_TIMEOUT_MS] as const
  );
}

async function pageRuns(
  browser: Browser,
  siteUrl: string,
  port: number,
  session: string,
  runs: number,
  log: (s: string) => void,
  label: string
): Promise<IPageRun[]> {
  const { context, page, times } = await openWorkspace(
    browser,
    siteUrl,
    port,
    session,
    QUERY
  );
  try {
    if (times.editorDone === undefined) {
      throw new Error(
        (await page.$(EDITOR))
          ? 'the editor did not show rows'
          : 'no SQL editor in this build'
      );
    }
    const out: IPageRun[] = [];
    // Run 0 (the deep link's own run) warmed the connection and the chunks; this one settles the state.
    await runInPage(page);
    for (let run = 0; run < runs; run++) {
      const r = await runInPage(page);
      out.push(r);
      log(
        `arrow: page ${label} run ${run + 1}/${runs}: first rows ${r.firstPaintedMs.toFixed(0)} ms, all rows ${r.allRowsMs.toFixed(0)} ms (${r.transport})`
      );
    }
    return out;
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- (d) Pyodide

/** The wheel URL that the site's piplite index lists. */
function wheelUrl(siteDir: string, origin: string): string {
  const index = JSON.parse(
    readFileSync(path.join(siteDir, 'pypi', 'all.json'), 'utf8')
  );
  const releases = Object.values(index['heavyai-lite'].releases) as {
    url: string;
  }[][];
  return new URL(releases[0][0].url, `${origin}/pypi/all.json`).href;
}

async function pyodideRuns(
  browser: Browser,
  siteUrl: string,
  siteDir: string,
  port: number,
  session: string,
  log: (s: string) => void
): Promise<IArrowBenchResult['pyodide']> {
  const context = await freshContext(browser);
  try {
    const page = await context.newPage();
    // Any document of the site's origin can start the worker; the session is passed explicitly.
    await page.goto(`${siteUrl}jupyter-lite.json`);
    const started = await within(
      PYODIDE_TIMEOUT_MS,
      'Pyodide start-up',
      startPyodide(page)
    );
    log(`arrow: Pyodide ${started.version} started in ${started.ms} ms`);
    await callPyodide(page, {
      op: 'install',
      url: wheelUrl(siteDir, siteUrl.replace(/\/$/, ''))
    });
    const pyarrow = await runPythonJson<string>(
      page,
      `import json
try:
    import pyarrow
    out = "pyarrow " + pyarrow.__version__
except ImportError as e:
    out = "unavailable (" + str(e) + ")"
json.dumps(out)`
    );
    const runs: IPyRun[] = [];
    for (const n of [BLOCK, ROWS]) {
      const sql = n === ROWS ? QUERY : BLOCK_SQL;
      const r = await within(
        PYODIDE_TIMEOUT_MS,
        `Pyodide, ${n} rows`,
        runPythonJson<IPyRun>(
          page,
          `import json, time, heavyai_lite
con = heavyai_lite.connect(session=${JSON.stringify(session)}, host="127.0.0.1", port=${port}, protocol="http")
con.execute("SELECT 1").fetchall()
t = time.perf_counter(); rows = con.execute(${JSON.stringify(sql)}).fetchall(); thrift = (time.perf_counter() - t) * 1000
n = len(rows); del rows
t = time.perf_counter(); data = con.select_arrow_ipc(${JSON.stringify(sql)}); arrow = (time.perf_counter() - t) * 1000
json.dumps({"rows": n, "thriftMs": thrift, "arrowMs": arrow, "arrowBytes": len(data)})`
        )
      );
      if (r.rows !== n) {
        throw new Error(`Pyodide fetched ${r.rows} rows of ${n}`);
      }
      runs.push(r);
      log(
        `arrow: Pyodide ${n} rows: execute().fetchall() ${r.thriftMs.toFixed(0)} ms, select_arrow_ipc ${r.arrowMs.toFixed(0)} ms`
      );
    }
    return { startMs: started.ms, runs, pyarrow };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- section

/** Rejects after `limitMs` (the caller's cleanup then closes the page and what runs in it). */
function within<T>(
  limitMs: number,
  what: string,
  promise: Promise<T>
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>(
    (_, reject) =>
      (timer = setTimeout(
        () => reject(new Error(`${what}: no answer in ${limitMs / 1000} s`)),
        limitMs
      ))
  );
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const message = (error: unknown) =>
  error instanceof Error ? error.message.split('\n')[0] : String(error);

export async function runArrow(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: IArrowBenchResult }> {
  const runs = options.runs ? Math.min(options.runs, 5) : options.quick ? 2 : 3;
  const result: IArrowBenchResult = {
    floor: [],
    floorUnordered: [],
    connector: { thriftBlockMs: [], dfBlockMs: [], dfAllMs: [] },
    wire: { firstBatchMs: [], allMs: [], firstBatchQueryMs: [], batches: 0 },
    page: { arrow: [], thrift: [] },
    pyodide: { runs: [] }
  };
  // (a) first, alone on the machine as far as this run goes.
  result.floor = await floorRuns(QUERY, runs);
  result.floorUnordered = await floorRuns('SELECT * FROM flights', runs);
  log(
    `arrow: floor ${median(result.floor.map(f => f.totalMs)).toFixed(0)} ms for ${ROWS} rows`
  );

  const dir = ensureSite(SITE_WITH, true, options.rebuild, log);
  const site = await serveTestSite({
    dir,
    port: 0,
    // The page part opens the editor from a workspace link, which this origin may send.
    siteConfig: BENCH_LINK_SITE_CONFIG,
    mounts: { [TEST_PYODIDE_PATH]: path.join(ROOT, 'node_modules', 'pyodide') },
    extraFiles: {
      [`${TEST_PYODIDE_PATH}runner.mjs`]: path.join(
        ROOT,
        'ui-tests',
        'pages',
        'pyodide-runner.mjs'
      )
    }
  });
  const origin = site.url.replace(/\/$/, '');
  const session = sessionId('arrow');
  const standin = await startStandinProcess(session, origin);
  const refusing = await startStandinProcess(session, origin, ['--no-arrow']);
  try {
    result.connector = await connectorRuns(standin.port, session, runs);
    log(
      `arrow: connector block Thrift ${median(result.connector.thriftBlockMs).toFixed(0)} ms, Arrow ${median(result.connector.dfBlockMs).toFixed(0)} ms, Arrow 1M ${median(result.connector.dfAllMs).toFixed(0)} ms`
    );
    result.wire = await wireRuns(standin.port, session, runs);
    log(
      `arrow: wire reader 1M: first batch ${median(result.wire.firstBatchMs).toFixed(0)} ms, all ${median(result.wire.allMs).toFixed(0)} ms (${result.wire.batches} batch(es)); 1,000-row query ${median(result.wire.firstBatchQueryMs).toFixed(0)} ms`
    );
    const browser = await launch();
    try {
      try {
        const pageCount = Math.min(runs, 3);
        result.page.arrow = await pageRuns(
          browser,
          site.url,
          standin.port,
          session,
          pageCount,
          log,
          'Arrow'
        );
        result.page.thrift = await pageRuns(
          browser,
          site.url,
          refusing.port,
          session,
          Math.min(pageCount, 2),
          log,
          'Thrift fallback'
        );
      } catch (error) {
        result.page.reason = message(error);
        log(`arrow: page failed: ${result.page.reason}`);
      }
      try {
        result.pyodide = await pyodideRuns(
          browser,
          site.url,
          dir,
          standin.port,
          session,
          log
        );
        const all = result.pyodide.runs.find(x => x.rows === ROWS);
        if (all && result.connector.dfAllMs.length) {
          result.pyodide.arrowPerNode =
            all.arrowMs / median(result.connector.dfAllMs);
          result.pyodide.rowsPerArrow = all.thriftMs / all.arrowMs;
        }
      } catch (error) {
        result.pyodide.reason = message(error);
        log(`arrow: Pyodide failed: ${result.pyodide.reason}`);
      }
    } finally {
      await browser.close();
    }
  } finally {
    await refusing.close();
    await standin.close();
    await site.close();
  }
  if (result.page.arrow.length > 0) {
    result.summary = {
      pageOverNode:
        median(result.page.arrow.map(x => x.allRowsMs)) /
        median(result.connector.dfAllMs),
      firstRowsMs: median(result.page.arrow.map(x => x.firstPaintedMs))
    };
  }
  return { rows: arrowRows(result), result };
}

function arrowRows(r: IArrowBenchResult): IRow[] {
  const S = `5. Arrow data path ("${QUERY}", ${ROWS.toLocaleString('en-US')} rows; blocks of ${BLOCK.toLocaleString('en-US')})`;
  const floor = median(r.floor.map(f => f.totalMs));
  const ratio = (v: number) =>
    Number.isFinite(v) && floor > 0
      ? ` = ${(v / floor).toFixed(2)} × floor`
      : '';
  const p50 = (values: number[]) => median(values);
  const line = (values: number[]) =>
    `${distText(dist(values))}${ratio(p50(values))}`;
  const f0 = r.floor;
  const rows: IRow[] = [
    row(
      S,
      '(a) floor: DuckDB → Arrow IPC → tableFromIPC (Node, 1M rows)',
      `${distText(dist(f0.map(f => f.totalMs)))} (IPC ${mb(f0[0]?.bytes)})`
    ),
    row(
      S,
      '    of which DuckDB / Arrow build / tableFromIPC (p50)',
      `${ms(p50(f0.map(f => f.engineMs)))} / ${ms(p50(f0.map(f => f.conversionMs)))} / ${ms(p50(f0.map(f => f.decodeMs)), 1)}`
    ),
    row(
      S,
      '    same, without ORDER BY',
      distText(dist(r.floorUnordered.map(f => f.totalMs)))
    ),
    row(
      S,
      '(b) connector queryAsync, one 50,000-row block (Node, binary Thrift)',
      line(r.connector.thriftBlockMs)
    ),
    row(
      S,
      '    connector queryDFAsync, 50,000 rows (Node, Arrow)',
      line(r.connector.dfBlockMs)
    ),
    row(
      S,
      '    connector queryDFAsync, 1M rows (Node, Arrow)',
      line(r.connector.dfAllMs),
      {
        text: `≤ ${TARGET_FLOOR_RATIO} × floor (reference)`,
        met: p50(r.connector.dfAllMs) <= TARGET_FLOOR_RATIO * floor
      }
    )
  ];
  const w = r.wire;
  if (w.allMs.length > 0) {
    rows.push(
      row(
        S,
        "    the editor's binary sql_execute_df reader, 1M rows (Node, streamed fetch)",
        `${line(w.allMs)}; first record batch at ${ms(p50(w.firstBatchMs))} (${w.batches} batch(es) in the reply)`
      ),
      row(
        S,
        '    same reader, the 1,000-row first-batch query',
        distText(dist(w.firstBatchQueryMs))
      )
    );
  }
  const nodeArrow = p50(r.connector.dfAllMs);
  if (r.page.reason && r.page.arrow.length === 0) {
    rows.push(row(S, '(c) page', `n/a (${r.page.reason})`));
  } else {
    for (const [label, runs] of [
      ['Arrow', r.page.arrow],
      ['Thrift fallback (Arrow refused)', r.page.thrift]
    ] as const) {
      if (runs.length === 0) {
        rows.push(
          row(
            S,
            `(c) page, ${label}`,
            `n/a (${r.page.reason ?? 'not measured'})`
          )
        );
        continue;
      }
      const first = runs.map(x => x.firstPaintedMs);
      const all = runs.map(x => x.allRowsMs);
      const transports = [...new Set(runs.map(x => x.transport))].join(', ');
      const overNode = p50(all) / nodeArrow;
      rows.push(
        row(
          S,
          `(c) page, ${label}: Run → first rows painted`,
          `${distText(dist(first))} [transport ${transports}]`,
          {
            text: `≤ ${TARGET_FIRST_MS} ms`,
            met: p50(first) <= TARGET_FIRST_MS
          }
        ),
        row(
          S,
          `    page, ${label}: Run → all 1M rows available`,
          `${line(all)}; ${overNode.toFixed(2)} × Node queryDFAsync`,
          {
            text: `≤ ${TARGET_ALL_MS} ms and ≤ ${TARGET_FLOOR_RATIO} × floor`,
            met:
              p50(all) <= TARGET_ALL_MS &&
              p50(all) <= TARGET_FLOOR_RATIO * floor
          }
        ),
        row(
          S,
          `    page, ${label}: all rows ÷ Node queryDFAsync (1M rows)`,
          `${overNode.toFixed(2)} ×`,
          {
            text: `≤ ${TARGET_NODE_RATIO} ×`,
            met: overNode <= TARGET_NODE_RATIO
          }
        )
      );
    }
  }
  const py = r.pyodide;
  if (py.runs.length === 0) {
    rows.push(
      row(
        S,
        '(d) heavyai_lite in Pyodide',
        `n/a (${py.reason ?? 'not measured'})`
      )
    );
  } else {
    rows.push(
      row(
        S,
        '(d) Pyodide start-up (module Worker, npm pyodide)',
        ms(py.startMs)
      )
    );
    for (const x of py.runs) {
      const n = x.rows.toLocaleString('en-US');
      rows.push(
        row(
          S,
          `    heavyai_lite ${n} rows: execute().fetchall() (rows)`,
          `${ms(x.thriftMs)}${x.rows === ROWS ? ratio(x.thriftMs) : ''}`
        ),
        row(
          S,
          `    heavyai_lite ${n} rows: select_arrow_ipc() bytes`,
          `${ms(x.arrowMs)} (${mb(x.arrowBytes)})${x.rows === ROWS ? ratio(x.arrowMs) : ''}; fetchall ÷ select_arrow_ipc = ${(x.thriftMs / x.arrowMs).toFixed(1)}`
        )
      );
    }
    if (py.arrowPerNode !== undefined && py.rowsPerArrow !== undefined) {
      rows.push(
        row(
          S,
          '    Pyodide 1M rows: select_arrow_ipc ÷ Node queryDFAsync',
          `${py.arrowPerNode.toFixed(2)} ×`,
          {
            text: `≤ ${TARGET_PY_ARROW_RATIO} ×`,
            met: py.arrowPerNode <= TARGET_PY_ARROW_RATIO
          }
        ),
        row(
          S,
          '    Pyodide 1M rows: execute().fetchall() ÷ select_arrow_ipc',
          `${py.rowsPerArrow.toFixed(2)} ×`,
          {
            text: `≤ ${TARGET_PY_ROWS_RATIO} ×`,
            met: py.rowsPerArrow <= TARGET_PY_ROWS_RATIO
          }
        )
      );
    }
    if (py.reason) {
      rows.push(row(S, '    heavyai_lite (incomplete)', `n/a (${py.reason})`));
    }
    rows.push(
      row(
        S,
        '    select_ipc() (DataFrame via pyarrow)',
        py.pyarrow?.startsWith('pyarrow ')
          ? `not measured (${py.pyarrow} importable; this bench times the bytes)`
          : `not measured: pyarrow ${py.pyarrow ?? 'unknown'} in this offline Pyodide; select_arrow_ipc() returns the IPC bytes without it`
      )
    );
  }
  return rows;
}
