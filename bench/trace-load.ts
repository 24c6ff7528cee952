// What the renderer's main thread ran between the app's restore and the removal of JupyterLab's
// splash screen, in one load of the deep link (or, with `--plain`, of `lab/index.html?reset`),
// from a Chromium trace: every task of 4 ms or more with the events that filled it, and when each
// timer fired against when it was due (the splash is removed by a 200 ms timer set as its fade
// starts; a timer that fires late waited behind other tasks).
//
//   node --import tsx bench/trace-load.ts [site folder] [--plain] [--cpu] [--trace out.json] [--shots dir]
//
// The trace is written to `--trace` (default: heavyai-load-trace.json in the system's temp folder).
// `--shots` also records the frames the browser presented and writes those from the restore to
// 300 ms after the splash's removal as `<dir>/+<ms after the restore>.jpg`: what the user saw.
// `--cpu` adds V8's sampling profiler to the trace, to tell which functions filled a long task.
// TRACE_EXTRA_CATEGORIES (comma-separated) adds trace categories, e.g.
// `disabled-by-default-devtools.timeline.invalidationTracking` to see what made a frame repaint.
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  GRID_QUERY
} from './workspace';

interface ITraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: Record<string, any> };
}

/** Page-side (init script): user-timing marks for the restore and the splash's coming and going. */
function markRestoreAndSplash(): void {
  const w = window as any;
  let app: any;
  Object.defineProperty(w, 'jupyterapp', {
    configurable: true,
    get: () => app,
    set: value => {
      app = value;
      void value?.restored?.then(() => performance.mark('trace:restored'));
    }
  });
  new MutationObserver(records => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if ((node as HTMLElement).id === 'jupyterlab-splash') {
          performance.mark('trace:splash-added');
        }
      }
      for (const node of r.removedNodes) {
        if ((node as HTMLElement).id === 'jupyterlab-splash') {
          performance.mark('trace:splash-removed');
          w.__splashRemoved = true;
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
}

const isTask = (e: ITraceEvent) =>
  e.name === 'ThreadControllerImpl::RunTask' || e.name === 'RunTask';

/** A short label for what an event ran: a script's file and function, a timer, an event type. */
function label(e: ITraceEvent): string {
  const data = e.args?.data ?? {};
  if (data.url) {
    const file = String(data.url).split('/').pop()?.slice(0, 28);
    return `${e.name}(${file}${data.functionName ? ` ${data.functionName}` : ''})`;
  }
  if (data.timerId !== undefined) {
    return `${e.name}(timer ${data.timerId})`;
  }
  return data.type ? `${e.name}(${data.type})` : e.name;
}

function report(events: ITraceEvent[]): void {
  const mark = (name: string) =>
    events.find(e => e.name === name && e.cat.includes('user_timing'));
  const restored = mark('trace:restored');
  const removed = mark('trace:splash-removed');
  if (!restored || !removed) {
    console.log('no restore or splash removal in the trace');
    return;
  }
  const t0 = restored.ts;
  const at = (ts: number) => `+${((ts - t0) / 1000).toFixed(0).padStart(4)}`;
  const main = events
    .filter(e => e.pid === restored.pid && e.tid === restored.tid)
    .sort((a, b) => a.ts - b.ts);
  for (const e of main.filter(x => x.cat.includes('user_timing'))) {
    if (e.ts >= t0 && e.ts <= removed.ts && /^(trace|heavyai):/.test(e.name)) {
      console.log(`${at(e.ts)} ms  mark ${e.name}`);
    }
  }
  console.log(
    '\ntasks of 4 ms or more (start, wall ms, the longest events inside):'
  );
  const inWindow = main.filter(e => e.ts >= t0 && e.ts <= removed.ts);
  let listedUntil = 0;
  for (const task of inWindow.filter(e => isTask(e) && (e.dur ?? 0) >= 4000)) {
    const end = task.ts + (task.dur ?? 0);
    if (task.ts < listedUntil) {
      continue; // the same task seen by the scheduler and by Blink, one inside the other
    }
    listedUntil = end;
    const inside = inWindow
      .filter(
        e =>
          e.ph === 'X' &&
          !isTask(e) &&
          e.ts >= task.ts &&
          e.ts < end &&
          (e.dur ?? 0) >= 2000
      )
      .sort((a, b) => (b.dur ?? 0) - (a.dur ?? 0))
      .slice(0, 4)
      .map(e => `${label(e)} ${((e.dur ?? 0) / 1000).toFixed(0)}`);
    const wall = ((task.dur ?? 0) / 1000).toFixed(0).padStart(4);
    console.log(`${at(task.ts)} ${wall}  ${inside.join(' | ')}`);
  }
  console.log(
    '\ntimers set after the restore that fired before the removal (how many, delay, set, due, fired):'
  );
  const installs = new Map<number, ITraceEvent>();
  const fired = new Map<string, number>();
  for (const e of main) {
    const id = e.args?.data?.timerId;
    if (e.name === 'TimerInstall' && id !== undefined && e.ts >= t0) {
      installs.set(id, e);
    }
    if (e.name === 'TimerFire' && id !== undefined && installs.has(id)) {
      const set = installs.get(id)!;
      installs.delete(id);
      if (e.ts > removed.ts + 1000) {
        continue;
      }
      const delay = Number(set.args?.data?.timeout ?? 0);
      const due = set.ts + delay * 1000;
      const late = ((e.ts - due) / 1000).toFixed(0);
      // Timers set and fired together are one line.
      const key = `${delay} ms: set ${at(set.ts)}, due ${at(due)}, fired ${at(e.ts)} (${late} ms late)`;
      fired.set(key, (fired.get(key) ?? 0) + 1);
    }
  }
  for (const [key, count] of fired) {
    console.log(`  ${String(count).padStart(2)} × ${key}`);
  }
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      plain: { type: 'boolean', default: false },
      cpu: { type: 'boolean', default: false },
      shots: { type: 'string' },
      trace: {
        type: 'string',
        default: path.join(tmpdir(), 'heavyai-load-trace.json')
      }
    }
  });
  const site = await serveSite(
    positionals[0] ?? '_output',
    BENCH_LINK_SITE_CONFIG
  );
  const session = sessionId('trace');
  const standin = await startStandinProcess(session, site.origin);
  const browser = await launch();
  try {
    const context = await freshContext(browser);
    await context.addInitScript(markRestoreAndSplash);
    const page = await context.newPage();
    const payload = {
      session,
      connection: { protocol: 'http', host: '127.0.0.1', port: standin.port },
      query: GRID_QUERY
    };
    await browser.startTracing(page, {
      path: values.trace,
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'blink.user_timing',
        'toplevel',
        ...(values.shots ? ['disabled-by-default-devtools.screenshot'] : []),
        ...(values.cpu ? ['disabled-by-default-v8.cpu_profiler'] : []),
        ...(process.env.TRACE_EXTRA_CATEGORIES?.split(',') ?? [])
      ]
    });
    await page.goto(
      values.plain
        ? `${site.url}lab/index.html?reset`
        : `${site.url}lab/index.html?heavyai&reset${heavyaiFragment(payload)}`,
      { waitUntil: 'commit', referer: `${BENCH_IMMERSE_ORIGIN}/` }
    );
    await page.waitForFunction(() => (window as any).__splashRemoved, null, {
      timeout: 30_000
    });
    await page.waitForTimeout(300);
    await browser.stopTracing();
  } finally {
    await browser.close();
    await standin.close();
    await site.close();
  }
  const trace = JSON.parse(readFileSync(values.trace!, 'utf8'));
  const events = (trace.traceEvents ?? trace) as ITraceEvent[];
  report(events);
  if (values.shots) {
    writeShots(events, values.shots);
  }
}

/** The presented frames (JPEG) between the restore and 300 ms after the splash's removal. */
function writeShots(events: ITraceEvent[], dir: string): void {
  const mark = (name: string) =>
    events.find(e => e.name === name && e.cat.includes('user_timing'));
  const restored = mark('trace:restored');
  const removed = mark('trace:splash-removed');
  if (!restored || !removed) {
    return;
  }
  mkdirSync(dir, { recursive: true });
  let written = 0;
  for (const e of events) {
    const snapshot = (e as any).args?.snapshot;
    if (
      e.name === 'Screenshot' &&
      typeof snapshot === 'string' &&
      e.ts >= restored.ts &&
      e.ts <= removed.ts + 300_000
    ) {
      const ms = ((e.ts - restored.ts) / 1000).toFixed(0).padStart(4, '0');
      writeFileSync(
        path.join(dir, `+${ms}.jpg`),
        Buffer.from(snapshot, 'base64')
      );
      written++;
    }
  }
  console.log(`\n${written} presented frames written to ${dir}`);
}

void main().then(
  () => process.exit(0),
  error => {
    console.error(error);
    process.exit(1);
  }
);
