// Notebook outputs of type application/vnd.heavyai.vega+json, rendered by the HeavyDB stand-in
// through the real connector with the handed-over session: the image is where the scales put
// the rows, it is kept in the notebook (reopened with the stand-in stopped: shown, no request),
// and errors say what to do next.
import path from 'node:path';
import type { Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, openLab, runCommand, test, testSessionId } from '../fixtures';
import { heavyaiFragment } from '../links';
import { SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { chartPixels, saveNotebook, vegaOutput } from '../vega-helpers';

// The README's gallery shows docs/screenshots/; a normal run writes beside the other results.
const SCREENSHOTS = process.env.HEAVYAI_UPDATE_SCREENSHOTS
  ? path.resolve(__dirname, '..', '..', 'docs', 'screenshots')
  : path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

const session = testSessionId('vega');
const connection = { protocol: 'http', host: '127.0.0.1', port: STANDIN_PORT };
let standin: IStandin | undefined;
let standinRequests = 0;

const start = async () => {
  standin = await startStandin({
    port: STANDIN_PORT,
    sessions: [session],
    allowedOrigins: [SITE_ORIGIN],
    // Thrift calls only: a browser's CORS preflight is not a call.
    onRequest: req => {
      if (req.method === 'POST') {
        standinRequests++;
      }
    }
  });
};
test.beforeAll(start);
test.afterAll(async () => standin?.close());

const fragment = () => heavyaiFragment({ session, connection });

/** Flights 1–10: x = id · 10 px, y = (id % 4) · 20 px, 6-pixel red squares. */
const GRID = {
  width: 120,
  height: 80,
  data: [
    {
      name: 'few',
      sql: 'SELECT flight_id AS x, flight_id % 4 AS y FROM flights WHERE flight_id <= 10'
    }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 12], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 4], range: 'height' }
  ],
  marks: [
    {
      type: 'symbol',
      from: { data: 'few' },
      properties: {
        shape: 'square',
        xc: { scale: 'x', field: 'x' },
        yc: { scale: 'y', field: 'y' },
        width: 6,
        fillColor: '#d62728'
      }
    }
  ]
};
const RED = [214, 39, 40, 255];
const CLEAR = [0, 0, 0, 0];
const MARKED: [number, number][] = [1, 2, 3, 4, 5, 10].map(id => [
  id * 10,
  (id % 4) * 20
]);
// Between marks, and where flight 11 would be (the query stops at 10).
const EMPTY: [number, number][] = [
  [15, 10],
  [60, 75],
  [110, 60]
];

/**
 * The whole million flights by carrier, zoomed on distance 1000–1300: air_time is
 * distance / 8 plus one of 17 offsets, so the rows fall on 17 lines.
 */
const SCATTER = {
  width: 480,
  height: 300,
  data: [
    { name: 'flights', sql: 'SELECT distance, air_time, carrier FROM flights' }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [1000, 1300], range: 'width' },
    { name: 'y', type: 'linear', domain: [120, 180], range: 'height' },
    {
      name: 'color',
      type: 'ordinal',
      domain: ['AA', 'DL', 'UA', 'WN', 'B6', 'AS', 'NK', 'F9'],
      range: [
        '#1f77b4',
        '#ff7f0e',
        '#2ca02c',
        '#d62728',
        '#9467bd',
        '#8c564b',
        '#e377c2',
        '#7f7f7f'
      ]
    }
  ],
  marks: [
    {
      type: 'points',
      from: { data: 'flights' },
      properties: {
        x: { scale: 'x', field: 'distance' },
        y: { scale: 'y', field: 'air_time' },
        size: 2,
        fillColor: { scale: 'color', field: 'carrier' }
      }
    }
  ]
};

/** Flights binned by distance and air time: circles sized and coloured by their count. */
const BINNED = {
  width: 480,
  height: 300,
  data: [
    {
      name: 'bins',
      sql: 'SELECT floor(distance / 150) * 150 + 75 AS d, floor(air_time / 25) * 25 + 12.5 AS a, COUNT(*) AS n FROM flights GROUP BY 1, 2'
    }
  ],
  scales: [
    { name: 'x', type: 'linear', domain: [0, 3000], range: 'width' },
    { name: 'y', type: 'linear', domain: [0, 400], range: 'height' },
    {
      name: 'size',
      type: 'quantize',
      domain: [0, 60000],
      range: [4, 8, 12, 16, 20]
    },
    {
      name: 'color',
      type: 'quantize',
      domain: [0, 60000],
      range: ['#2c7bb6', '#abd9e9', '#fdae61', '#d7191c']
    }
  ],
  marks: [
    {
      type: 'symbol',
      from: { data: 'bins' },
      properties: {
        shape: 'circle',
        xc: { scale: 'x', field: 'd' },
        yc: { scale: 'y', field: 'a' },
        width: { scale: 'size', field: 'n' },
        fillColor: { scale: 'color', field: 'n' },
        opacity: 0.85
      }
    }
  ]
};

async function openNotebook(page: Page, file: string): Promise<void> {
  await runCommand(page, 'docmanager:open', { path: file });
  await expect(page.locator('.jp-NotebookPanel .jp-Cell').first()).toBeVisible({
    timeout: 30_000
  });
}

test('a Vega output is rendered by HeavyDB, kept in the notebook, and shown again with HeavyDB gone', async ({
  page
}) => {
  test.setTimeout(120_000);
  await openLab(page, `lab/index.html${fragment()}`);
  await saveNotebook(page, 'vega.ipynb', [
    { source: '%%heavyai_vega\n…', outputs: [vegaOutput(GRID)], trusted: true },
    {
      source: '%%omnisci_vega\n…',
      outputs: [vegaOutput(GRID, 'application/vnd.omnisci.vega+json')],
      trusted: true
    }
  ]);
  await openNotebook(page, 'vega.ipynb');
  const images = page.locator('.jp-HeavyAIVega-image');
  await expect(images).toHaveCount(2, { timeout: 30_000 });
  for (const i of [0, 1]) {
    const shown = await chartPixels(page, i, [...MARKED, ...EMPTY]);
    expect([shown.width, shown.height]).toEqual([120, 80]);
    expect(shown.pixels).toEqual([
      ...MARKED.map(() => RED),
      ...EMPTY.map(() => CLEAR)
    ]);
  }
  await expect(page.locator('.jp-HeavyAIVega-note').first()).toContainText(
    /Rendered by HeavyDB in \d+ ms \(SQL \d+ ms, drawing \d+ ms\); shown after \d+ ms\./
  );

  await runCommand(page, 'docmanager:save');
  const saved = await page.evaluate(async () => {
    const app = (window as any).jupyterapp;
    const model = await app.serviceManager.contents.get('vega.ipynb', {
      content: true
    });
    return model.content.cells.map((c: any) => c.outputs[0]);
  });
  for (const output of saved) {
    expect(Object.keys(output.data).sort()).toEqual(
      expect.arrayContaining(['image/png', 'text/plain'])
    );
    expect(String(output.data['image/png'])).toMatch(/^iVBORw0KGgo/);
  }
  expect(
    saved[0].metadata['application/vnd.heavyai.vega+json'].heavydb.total_time_ms
  ).toEqual(expect.any(Number));

  await runCommand(page, 'application:close-all');
  await standin!.close();
  standin = undefined;
  const before = standinRequests;
  const pageRequests: string[] = [];
  page.on('request', r => {
    if (r.url().includes(`:${STANDIN_PORT}`)) {
      pageRequests.push(r.url());
    }
  });
  await openNotebook(page, 'vega.ipynb');
  await expect(images).toHaveCount(2);
  const again = await chartPixels(page, 0, [...MARKED, ...EMPTY]);
  expect(again.pixels).toEqual([
    ...MARKED.map(() => RED),
    ...EMPTY.map(() => CLEAR)
  ]);
  await expect(page.locator('.jp-HeavyAIVega-note').first()).toContainText(
    /^Saved image, rendered by HeavyDB in \d+ ms\./
  );
  expect(pageRequests).toEqual([]);
  expect(standinRequests).toBe(before);
  await start();
});

test('an output from elsewhere asks before its SQL runs; errors say what to do next', async ({
  page
}) => {
  test.setTimeout(120_000);
  await openLab(page, `lab/index.html${fragment()}`);
  const badSpec = { ...GRID, marks: [{ ...GRID.marks[0], type: 'lines' }] };
  await saveNotebook(page, 'vega-untrusted.ipynb', [
    { source: '', outputs: [vegaOutput(GRID)] },
    { source: '', outputs: [vegaOutput(badSpec)], trusted: true }
  ]);
  const before = standinRequests;
  await openNotebook(page, 'vega-untrusted.ipynb');
  const first = page.locator('.jp-HeavyAIVega').nth(0);
  await expect(first.locator('.jp-HeavyAIVega-ask')).toContainText(
    'Rendering runs the SQL in its Vega spec on HeavyDB with your HeavyAI session.'
  );
  await expect(
    page.locator('.jp-HeavyAIVega').nth(1).locator('.jp-HeavyAIVega-error')
  ).toHaveText(
    'HeavyDB could not render this Vega spec: Vega spec: marks[0].type: mark type "lines" is not supported by the HeavyDB stand-in\'s renderer (supported: points, symbol) Fix the spec in the cell that made this output and run the cell again.'
  );
  expect(standinRequests - before).toBe(1); // only the trusted output's render
  await first.getByRole('button', { name: 'Render with HeavyDB' }).click();
  await expect(first.locator('.jp-HeavyAIVega-image')).toBeVisible();
  const shown = await chartPixels(page, 0, MARKED);
  expect(shown.pixels).toEqual(MARKED.map(() => RED));
});

test('without a session the output says where a session comes from', async ({
  page
}) => {
  await openLab(page);
  await saveNotebook(page, 'vega-nosession.ipynb', [
    { source: '', outputs: [vegaOutput(GRID)], trusted: true }
  ]);
  const before = standinRequests;
  await openNotebook(page, 'vega-nosession.ipynb');
  await expect(page.locator('.jp-HeavyAIVega-error')).toContainText(
    /^No HeavyAI session: .*Open this notebook from Immerse \(or let the host page send a session\), then run the cell again\.$/
  );
  expect(standinRequests).toBe(before);
});

test('gallery: a million flights by carrier, and binned flights as circles', async ({
  page
}) => {
  test.setTimeout(120_000);
  await openLab(page, `lab/index.html${fragment()}`);
  await saveNotebook(page, 'vega-gallery.ipynb', [
    { source: '', outputs: [vegaOutput(SCATTER)], trusted: true },
    { source: '', outputs: [vegaOutput(BINNED)], trusted: true }
  ]);
  await openNotebook(page, 'vega-gallery.ipynb');
  const charts = page.locator('.jp-HeavyAIVega');
  await expect(charts.locator('.jp-HeavyAIVega-image')).toHaveCount(2, {
    timeout: 60_000
  });
  // flight 700: distance 1100, air_time 140.5 → (160, 102.5): a 2-pixel point over 159–160 × 102–103
  const scatter = await chartPixels(page, 0, [
    [159, 102],
    [5, 290],
    [470, 5]
  ]);
  expect(scatter.pixels[0][3]).toBe(255);
  expect(scatter.pixels.slice(1)).toEqual([CLEAR, CLEAR]);
  // the fullest bin (distance 150–300, air time 25–50: 50,201 flights) is a 20-pixel red circle
  // at (225 · 0.16, 37.5 · 0.75) = (36, 28.125), at opacity 0.85
  const binned = await chartPixels(page, 1, [
    [36, 28],
    [44, 28],
    [100, 10]
  ]);
  expect(binned.pixels).toEqual([
    [215, 25, 28, 217],
    [215, 25, 28, 217],
    CLEAR
  ]);
  await charts
    .nth(0)
    .screenshot({ path: path.join(SCREENSHOTS, 'vega-flights-scatter.png') });
  await charts
    .nth(1)
    .screenshot({ path: path.join(SCREENSHOTS, 'vega-flights-binned.png') });
});
