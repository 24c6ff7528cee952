// Where the deep link's time goes, from navigation to the first rows painted: one page load of
// `lab/index.html?heavyai&reset#heavyai=…` (as bench/workspace.ts opens it), with a timeline of
// what the page did — JupyterLab's started/restored, IndexedDB opens and writes, the calls to
// the stand-in (their Thrift method names), the editor's data-state changes, the editor's
// performance marks, long tasks, the first frame whose grid shows a value — and screenshots
// every `--every` ms, to see what the user sees.
//
//   node --import tsx bench/profile-deeplink.ts [site folder] [--shots dir] [--every 250]
//     [--runs N] [--trace trace.json]
//
// `--runs N` then clicks ▶ Run N times and splits each click the same way, with the stand-in's
// CPU time (all its threads, from /proc) in the window from the click to "painted"; `--trace`
// records a Chromium trace of those clicks (bench/trace-frames.ts summarizes it).
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

import {
  freshContext,
  launch,
  serveSite,
  sessionId,
  startStandinProcess
} from './lib';
import { heavyaiFragment } from '../ui-tests/links';
import {
  BENCH_IMMERSE_ORIGIN,
  BENCH_LINK_SITE_CONFIG,
  EDITOR,
  GRID_QUERY
} from './workspace';

/** Page-side (init script): `window.__timeline`, a list of [ms since navigation, what]. */
function hookTimeline(): void {
  const w = window as any;
  const events: [number, string][] = (w.__timeline = []);
  const note = (what: string) => events.push([performance.now(), what]);
  let app: any;
  Object.defineProperty(w, 'jupyterapp', {
    configurable: true,
    get: () => app,
    set: value => {
      app = value;
      note('jupyterapp set');
      void value?.started?.then(() => note('app started'));
      void value?.restored?.then(() => note('app restored'));
    }
  });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: any[]) {
    note(`indexedDB.open ${args[0]}`);
    const request = (open as any).apply(this, args);
    request.addEventListener('success', () =>
      note(`indexedDB.open ${args[0]} done`)
    );
    return request;
  } as any;
  for (const method of ['put', 'get'] as const) {
    const original = (IDBObjectStore.prototype as any)[method];
    (IDBObjectStore.prototype as any)[method] = function (
      this: IDBObjectStore,
      ...args: any[]
    ) {
      const label = `idb ${this.transaction.db.name}/${this.name}.${method}`;
      note(label);
      const request = original.apply(this, args);
      request.addEventListener('success', () => note(`${label} done`));
      return request;
    };
  }
  /** The Thrift method name in a binary or JSON request body. */
  const methodOf = (body: unknown): string => {
    let bytes: Uint8Array | undefined;
    if (body instanceof ArrayBuffer) {
      bytes = new Uint8Array(body);
    } else if (ArrayBuffer.isView(body)) {
      bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    } else if (typeof body === 'string') {
      return /"?(\w+)"?/.exec(body.slice(0, 60))?.[1] ?? '?';
    }
    if (!bytes) {
      return '?';
    }
    const text = String.fromCharCode(...bytes.subarray(0, 64));
    return /[a-z_]{4,}/.exec(text)?.[0] ?? '?';
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body) {
    const label = `xhr ${methodOf(body)}`;
    note(label);
    this.addEventListener('loadend', () => note(`${label} answered`));
    return send.call(this, body as any);
  };
  const fetch = w.fetch;
  w.fetch = function (input: any, init?: RequestInit) {
    const url = String(input?.url ?? input);
    if (!/thrift|:\d+\/?$/.test(url) || init?.method !== 'POST') {
      return fetch.call(this, input, init);
    }
    const label = `fetch ${methodOf(init?.body)}`;
    note(label);
    return fetch.call(this, input, init).then((r: Response) => {
      note(`${label} headers`);
      return r;
    });
  };
  try {
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        events.push([
          entry.startTime,
          `long task ${entry.duration.toFixed(0)} ms`
        ]);
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // no long-task entries in this browser
  }
  new MutationObserver(records => {
    for (const r of records) {
      const el = r.target as HTMLElement;
      if (el.classList?.contains('jp-HeavyAI-SqlEditor')) {
        note(`editor data-state=${el.dataset.state}`);
      }
    }
  }).observe(document, {
    subtree: true,
    attributes: true,
    attributeFilter: ['data-state']
  });
  let seenEditor = false;
  let seenValue = false;
  const frame = () => {
    const editor = document.querySelector('.jp-HeavyAI-SqlEditor') as any;
    if (editor && !seenEditor) {
      seenEditor = true;
      const box = editor.getBoundingClientRect();
      note(
        `editor node in DOM (${box.width.toFixed(0)}×${box.height.toFixed(0)} px, ${editor.isConnected ? 'connected' : 'detached'})`
      );
    }
    if (editor && !seenValue) {
      const text = [...(app?.shell?.widgets?.('main') ?? [])]
        .find((x: any) => x.content?.node === editor)
        ?.content.results?.cellText?.(0, 0);
      if (text !== undefined && text !== '…') {
        seenValue = true;
        const box = editor.getBoundingClientRect();
        note(
          `frame: grid's first cell holds a value (editor ${box.width.toFixed(0)}×${box.height.toFixed(0)} px)`
        );
      }
    }
    if (!seenValue) {
      requestAnimationFrame(frame);
    }
  };
  requestAnimationFrame(frame);
}

/** What the renderer's frames contain: tasks, JavaScript, style, layout, paint, GC, raster. */
const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'blink.user_timing',
  'cc',
  'gpu',
  'v8',
  'toplevel'
];

/** CPU time (ms) of every thread of process `pid` so far, from /proc (Linux). */
function processCpuMs(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(
        readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(
          ' '
        )[0]
      );
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/**
 * Samples a process's CPU time every few ms (on Node's clock) until asked for the CPU spent
 * between two instants; the sampling then stops.
 */
function sampleCpu(pid: number): { between(from: number, to: number): number } {
  const samples: [number, number][] = [];
  const take = () => samples.push([performance.now(), processCpuMs(pid)]);
  take();
  const timer = setInterval(take, 2);
  const at = (t: number) => {
    let best = samples[0];
    for (const s of samples) {
      if (s[0] <= t) {
        best = s;
      }
    }
    return best[1];
  };
  return {
    between(from, to) {
      clearInterval(timer);
      take();
      return at(to) - at(from);
    }
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      shots: { type: 'string' },
      every: { type: 'string', default: '250' },
      until: { type: 'string', default: '9000' },
      runs: { type: 'string', default: '0' },
      trace: { type: 'string' }
    }
  });
  const site = await serveSite(
    positionals[0] ?? '_output',
    BENCH_LINK_SITE_CONFIG
  );
  const session = sessionId('profile');
  const standin = await startStandinProcess(session, site.origin);
  const browser = await launch();
  try {
    const context = await freshContext(browser);
    await context.addInitScript(hookTimeline);
    const page = await context.newPage();
    const payload = {
      session,
      connection: { protocol: 'http', host: '127.0.0.1', port: standin.port },
      query: GRID_QUERY
    };
    const shots: [number, string][] = [];
    await page.goto(
      `${site.url}lab/index.html?heavyai&reset${heavyaiFragment(payload)}`,
      { waitUntil: 'commit', referer: `${BENCH_IMMERSE_ORIGIN}/` }
    );
    const every = Number(values.every);
    const until = Number(values.until);
    if (values.shots) {
      mkdirSync(values.shots, { recursive: true });
    }
    for (;;) {
      const now = (await page.evaluate(() => performance.now())) as number;
      if (now > until) {
        break;
      }
      if (values.shots) {
        const file = path.join(
          values.shots,
          `t${now.toFixed(0).padStart(5, '0')}.png`
        );
        await page.screenshot({ path: file });
        shots.push([now, file]);
      }
      await new Promise(resolve => setTimeout(resolve, every));
    }
    await page
      .waitForFunction(
        sel =>
          (document.querySelector(sel) as HTMLElement | null)?.dataset.state ===
          'done',
        EDITOR,
        { timeout: 30_000 }
      )
      .catch(() => undefined);
    const { timeline, marks } = await page.evaluate(() => ({
      timeline: (window as any).__timeline as [number, string][],
      marks: performance
        .getEntriesByType('mark')
        .filter(m => m.name.startsWith('heavyai:'))
        .map(m => [m.startTime, `mark ${m.name}`] as [number, string])
    }));
    const all = [
      ...timeline,
      ...marks,
      ...shots.map(
        ([t, f]) => [t, `screenshot ${path.basename(f)}`] as [number, string]
      )
    ].sort((a, b) => a[0] - b[0]);
    for (const [t, what] of all) {
      console.log(`${t.toFixed(0).padStart(6)} ms  ${what}`);
    }
    if (values.trace && Number(values.runs) > 0) {
      await browser.startTracing(page, {
        path: values.trace,
        categories: TRACE_CATEGORIES
      });
    }
    for (let run = 0; run < Number(values.runs); run++) {
      await page.waitForTimeout(1500); // let the previous result settle
      const sampler = sampleCpu(standin.pid);
      const nodeBefore = performance.now();
      const clicked = await page.evaluate(sel => {
        const w = window as any;
        const editor = document.querySelector(sel) as HTMLElement;
        const panel = [...w.jupyterapp.shell.widgets('main')].find(
          (x: any) => x.content?.node === editor
        );
        const before = panel.content.results.grid.dataModel;
        const started = performance.now();
        w.__runEvents = [[started, 'Run clicked']];
        performance.mark('profile:run-clicked');
        const check = () => {
          const results = panel.content.results;
          const text = results.cellText(0, 0);
          if (
            results.grid.dataModel !== before &&
            text !== undefined &&
            text !== '…'
          ) {
            w.__runEvents.push([
              performance.now(),
              'frame: new model, first cell has a value'
            ]);
            performance.mark('profile:first-cell');
            requestAnimationFrame(() =>
              requestAnimationFrame(() => {
                w.__runEvents.push([
                  performance.now(),
                  'two frames later (painted)'
                ]);
                performance.mark('profile:painted');
              })
            );
            return;
          }
          requestAnimationFrame(check);
        };
        (editor.querySelector('.jp-HeavyAI-run') as HTMLButtonElement).click();
        requestAnimationFrame(check);
        return started;
      }, EDITOR);
      // The page's clock, read in the middle of the evaluate's round trip, on Node's clock.
      const pageToNode = (nodeBefore + performance.now()) / 2 - clicked;
      await page.waitForFunction(
        () => (window as any).__runEvents?.length >= 3,
        null,
        { timeout: 30_000 }
      );
      const painted = (await page.evaluate(
        () => (window as any).__runEvents[2][0]
      )) as number;
      const standinCpu = sampler.between(
        clicked + pageToNode,
        painted + pageToNode
      );
      await page.waitForFunction(
        sel =>
          (document.querySelector(sel) as HTMLElement).dataset.state === 'done',
        EDITOR,
        { timeout: 30_000 }
      );
      const events = await page.evaluate(
        since =>
          [
            ...(window as any).__runEvents,
            ...(window as any).__timeline.filter(
              ([t, what]: [number, string]) =>
                t >= since &&
                !/JupyterLite Storage/.test(what) &&
                !what.startsWith('screenshot')
            )
          ].sort((a, b) => a[0] - b[0]) as [number, string][],
        clicked
      );
      console.log(`-- Run ${run + 1}`);
      for (const [t, what] of events) {
        console.log(`  +${(t - clicked).toFixed(1).padStart(7)} ms  ${what}`);
      }
      console.log(
        `  stand-in CPU from the click to painted: ${standinCpu.toFixed(1)} ms (all threads)`
      );
    }
    if (values.trace && Number(values.runs) > 0) {
      await browser.stopTracing();
      console.log(`trace written to ${values.trace}`);
    }
    await context.close();
  } finally {
    await browser.close();
    await standin.close();
    await site.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
