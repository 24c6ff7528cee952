// Section "vega" — HeavyDB-rendered Vega charts:
// (a) the stand-in's render of all 1M `flights` rows as points, in Node (SQL, drawing + PNG);
// (b) the same through HeavyDB's Thrift service and the real @heavyai/connector (binary protocol);
// (c) the page (built site): a notebook whose output holds the spec → image shown, against the
//     server's own total_time_ms; the first render also loads the connector chunk.
// Figures and targets are printed, never asserted.
import type { Browser } from '@playwright/test';

import { Engine } from '../heavydb-standin/engine.ts';
import { isReadQuery } from '../heavydb-standin/handler.ts';
import { engineSource } from '../heavydb-standin/render/engine-source.ts';
import { renderVega } from '../heavydb-standin/render/render.ts';
import { conWithSession } from '../heavydb-standin/testkit.ts';
import { heavyaiFragment } from '../ui-tests/links';
import { saveNotebook, vegaOutput } from '../ui-tests/vega-helpers';
import {
  SITE_WITH,
  dist,
  distText,
  ensureSite,
  freshContext,
  hookRestored,
  launch,
  median,
  row,
  serveSite,
  sessionId,
  startStandinProcess,
  type IOptions,
  type IRow
} from './lib';
import { BENCH_IMMERSE_ORIGIN, BENCH_LINK_SITE_CONFIG } from './workspace';

const TARGET_DISPLAY_ADDS_MS = 150;

/** All million flights as 1-pixel points, coloured by carrier. */
export const SCATTER_1M = {
  width: 800,
  height: 500,
  data: [
    { name: 'flights', sql: 'SELECT distance, air_time, carrier FROM flights' }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 3000], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 400], range: 'height' },
    {
      name: 'color',
      type: 'ordinal',
      domain: ['AA', 'DL', 'UA', 'WN'],
      range: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728'],
      default: '#7f7f7f'
    }
  ],
  marks: [
    {
      type: 'points',
      from: { data: 'flights' },
      properties: {
        x: { scale: 'x', field: 'distance' },
        y: { scale: 'y', field: 'air_time' },
        fillColor: { scale: 'color', field: 'carrier' }
      }
    }
  ]
};

interface IPageRun {
  /** From the output's render to the image shown. */
  shownMs: number;
  /** Session look-up and the (cached) render module, before the Thrift call. */
  beforeCallMs: number;
  /** The connector's render_vega call, request to decoded answer. */
  callMs: number;
  serverTotalMs: number;
}

async function nodeRuns(runs: number) {
  const engine = await Engine.open();
  const query = engineSource(engine, isReadQuery);
  const out = { sqlMs: [] as number[], drawMs: [] as number[], bytes: 0 };
  try {
    for (let i = 0; i < runs; i++) {
      const r = await renderVega(JSON.stringify(SCATTER_1M), 3, query);
      out.sqlMs.push(r.executionMs);
      out.drawMs.push(r.renderMs);
      out.bytes = r.png.length;
    }
  } finally {
    engine.close();
  }
  return out;
}

async function connectorRuns(port: number, session: string, runs: number) {
  const con = conWithSession(port, session, true);
  const out = { clientMs: [] as number[], serverTotalMs: [] as number[] };
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = await con.renderVegaAsync(1, JSON.stringify(SCATTER_1M));
    out.clientMs.push(performance.now() - started);
    out.serverTotalMs.push(Number(result.total_time_ms));
  }
  return out;
}

/** One page; each run opens a new notebook holding the spec and waits until its image is shown. */
async function pageRuns(
  browser: Browser,
  siteUrl: string,
  standinPort: number,
  session: string,
  runs: number
): Promise<IPageRun[]> {
  const context = await freshContext(browser);
  await context.addInitScript(hookRestored);
  const page = await context.newPage();
  const connection = { protocol: 'http', host: '127.0.0.1', port: standinPort };
  try {
    await page.goto(
      `${siteUrl}lab/index.html${heavyaiFragment({ session, connection })}`,
      // A link from the site's own origin is refused; the bench's links come from an allowed page.
      { referer: `${BENCH_IMMERSE_ORIGIN}/`, waitUntil: 'commit' }
    );
    await page.waitForFunction(() => (window as any).__benchRestoredAt, null, {
      timeout: 90_000
    });
    const out: IPageRun[] = [];
    for (let i = 0; i < runs; i++) {
      const file = `bench-vega-${i}.ipynb`;
      await saveNotebook(page, file, [
        { source: '', outputs: [vegaOutput(SCATTER_1M)], trusted: true }
      ]);
      await page.evaluate(
        f =>
          (window as any).jupyterapp.commands.execute('docmanager:open', {
            path: f
          }),
        file
      );
      const chart = page.locator(
        '.jp-NotebookPanel:visible .jp-HeavyAIVega[data-shown-ms]'
      );
      await chart.waitFor({ timeout: 60_000 });
      const attr = async (name: string) =>
        Number(await chart.getAttribute(`data-${name}`));
      out.push({
        shownMs: await attr('shown-ms'),
        beforeCallMs: await attr('before-call-ms'),
        callMs: await attr('call-ms'),
        serverTotalMs: await attr('server-total-ms')
      });
      await page.evaluate(() =>
        (window as any).jupyterapp.commands.execute('application:close-all')
      );
    }
    return out;
  } finally {
    await context.close();
  }
}

export async function runVega(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: unknown }> {
  const runs = options.runs ?? (options.quick ? 2 : 4);
  const rows: IRow[] = [];
  const S = 'vega';
  const result: Record<string, unknown> = {};

  const node = await nodeRuns(runs);
  result.node = node;
  rows.push(
    row(
      S,
      'stand-in, 1M points: SQL (DuckDB → JS values)',
      distText(dist(node.sqlMs))
    ),
    row(
      S,
      'stand-in, 1M points: draw + PNG (800×500)',
      `${distText(dist(node.drawMs))} · ${(node.bytes / 1024).toFixed(0)} KB`
    )
  );
  log(
    `vega: stand-in SQL ${median(node.sqlMs).toFixed(0)} ms, draw ${median(node.drawMs).toFixed(0)} ms`
  );

  const dir = ensureSite(SITE_WITH, true, options.rebuild, log);
  const site = await serveSite(dir, BENCH_LINK_SITE_CONFIG);
  const session = sessionId('vega');
  const standin = await startStandinProcess(session, site.origin);
  try {
    const con = await connectorRuns(standin.port, session, runs);
    result.connector = con;
    rows.push(
      row(
        S,
        'connector (Node, binary): render_vega round trip',
        distText(dist(con.clientMs))
      ),
      row(
        S,
        "  of which the server's total_time_ms",
        distText(dist(con.serverTotalMs))
      )
    );
    const browser = await launch();
    try {
      const page = await pageRuns(
        browser,
        site.url,
        standin.port,
        session,
        runs + 1
      );
      result.page = page;
      const [first, ...warm] = page;
      const adds = warm.map(r => r.shownMs - r.serverTotalMs);
      const transport = warm.map(r => r.callMs - r.serverTotalMs);
      const showing = warm.map(r => r.shownMs - r.callMs - r.beforeCallMs);
      rows.push(
        row(
          S,
          'page, first chart: spec → image shown (loads the connector)',
          `${first.shownMs.toFixed(0)} ms (server ${first.serverTotalMs} ms)`
        ),
        row(
          S,
          'page, later charts: spec → image shown',
          distText(dist(warm.map(r => r.shownMs)))
        ),
        row(
          S,
          "page, later charts: display adds (shown − server's total)",
          distText(dist(adds)),
          {
            text: `≤ ${TARGET_DISPLAY_ADDS_MS} ms`,
            met: median(adds) <= TARGET_DISPLAY_ADDS_MS
          }
        ),
        row(
          S,
          '  before the call (session, cached module)',
          distText(dist(warm.map(r => r.beforeCallMs)))
        ),
        row(
          S,
          "  the call beyond the server's total (HTTP, Thrift, connector)",
          distText(dist(transport))
        ),
        row(S, '  showing the PNG (data URL, decode)', distText(dist(showing)))
      );
    } finally {
      await browser.close();
    }
  } finally {
    await standin.close();
    await site.close();
  }
  return { rows, result };
}
