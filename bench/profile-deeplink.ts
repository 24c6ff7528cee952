// Where the deep link's time goes, from navigation to the first rows painted: one page load of
// `lab/index.html?heavyai&reset#heavyai=…` (as bench/workspace.ts opens it), with a timeline of
// what the page did — JupyterLab's started/restored, IndexedDB opens and writes, the calls to
// the stand-in (their Thrift method names), the editor's data-state changes, the editor's
// performance marks, long tasks, the first frame whose grid shows a value — and screenshots
// every `--every` ms, to see what the user sees.
//
//   node --import tsx bench/profile-deeplink.ts [site folder] [--shots dir] [--every 250]
//     [--runs N] [--trace trace.json] [--cpu "from,to"] [--plain]
//
// `--plain` opens `lab/index.html?reset` instead, JupyterLite without the deep link, to compare.
// `--runs N` then clicks ▶ Run N times and splits each click the same way, with the stand-in's
// CPU time (all its threads, from /proc) in the window from the click to "painted"; `--trace`
// records a Chromium trace of those clicks (bench/trace-frames.ts summarizes it). `--cpu` prints
// the deep link's CPU time per function between two timeline events (substrings of their text,
// e.g. "app restored,rows-rendered").
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
      // Which plugins' settings load (and are validated) while the deep link runs.
      void value?.started?.then(async () => {
        const registry = value.pluginRegistry ?? value._pluginRegistry;
        const token = [...(registry?._services?.keys() ?? [])].find((t: any) =>
          /ISettingRegistry/.test(t.name)
        );
        const settings = token && (await value.resolveRequiredService(token));
        const load = settings?.load?.bind(settings);
        if (load) {
          settings.load = (id: string, ...rest: unknown[]) => {
            note(`settings load ${id}`);
            const done = load(id, ...rest);
            void done.then(() => note(`settings load ${id} done`));
            return done;
          };
        }
      });
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
    // Our lazily loaded chunks: when each arrived (its evaluation follows when the main thread is free).
    new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        const file = entry.name.split('/').pop() ?? '';
        if (/heavyai|apache-arrow/.test(file)) {
          events.push([
            (entry as PerformanceResourceTiming).responseEnd,
            `script ${file.replace(/\.[0-9a-f]{8,}\.js$/, '.js')} received`
          ]);
        }
      }
    }).observe({ type: 'resource', buffered: true });
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
  // JupyterLab's theme and splash screen: the theme's style sheet requested and loaded, the
  // theme's name on <body>, the splash raised, fading and removed (what the user sees).
  new MutationObserver(records => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        const el = node as HTMLElement;
        if (el.id === 'jupyterlab-splash') {
          note('splash added');
          new MutationObserver(() => {
            if (el.classList.contains('splash-fade')) {
              note('splash fade starts');
            }
          }).observe(el, { attributes: true, attributeFilter: ['class'] });
        } else if (el instanceof HTMLLinkElement && /themes\//.test(el.href)) {
          note('theme style sheet requested');
          el.addEventListener('load', () => note('theme style sheet loaded'));
        }
      }
      for (const node of r.removedNodes) {
        if ((node as HTMLElement).id === 'jupyterlab-splash') {
          note('splash removed');
        }
      }
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener('DOMContentLoaded', () =>
    new MutationObserver(records => {
      for (const r of records) {
        note(`body ${r.attributeName}=${document.body.dataset.jpThemeName}`);
      }
    }).observe(document.body, {
      attributes: true,
      attributeFilter: ['data-jp-theme-name']
    })
  );
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
        // What bench/workspace.ts calls "first rows painted": two frames later.
        requestAnimationFrame(() =>
          requestAnimationFrame(() =>
            note('two frames later (the bench\'s "first rows painted")')
          )
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
      cpu: { type: 'string' },
      trace: { type: 'string' },
      plain: { type: 'boolean', default: false }
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
    const cdp = values.cpu ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(
      values.plain
        ? `${site.url}lab/index.html?reset`
        : `${site.url}lab/index.html?heavyai&reset${heavyaiFragment(payload)}`,
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
    await (values.plain
      ? Promise.resolve()
      : page
          .waitForFunction(
            sel =>
              (document.querySelector(sel) as HTMLElement | null)?.dataset
                .state === 'done',
            EDITOR,
            { timeout: 30_000 }
          )
          .catch(() => undefined));
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
    if (cdp && values.cpu) {
      await printCpuWindow(cdp, page, all, values.cpu);
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

interface ICpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/**
 * `--cpu from,to`: self time per function (and script file) in the samples taken between two
 * timeline events (substrings of their text, first match each), so a long task of the deep link can
 * be read by what ran in it. Profile times are aligned with the page's through the `Profiler`'s
 * own clock (`startTime`) and the navigation's start, read back as the page's time origin.
 */
async function printCpuWindow(
  cdp: import('@playwright/test').CDPSession,
  page: import('@playwright/test').Page,
  events: [number, string][],
  spec: string
): Promise<void> {
  const [fromText, toText] = spec.split(',');
  const from = events.find(([, what]) => what.includes(fromText))?.[0];
  const to = events.find(([, what]) => what.includes(toText ?? ''))?.[0];
  if (from === undefined || to === undefined) {
    console.log(`--cpu: no event matching "${fromText}" or "${toText}"`);
    return;
  }
  // The page's performance.now() 0 is its time origin; the profile's clock is the renderer's
  // monotonic clock, which CDP's Runtime reports too: read both at one moment to align them.
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: ICpuProfile;
  };
  const { result } = (await cdp.send('Runtime.evaluate', {
    expression: 'performance.now()',
    returnByValue: true
  })) as { result: { value: number } };
  const pageNow = result.value;
  void page;
  const lastSampleUs =
    profile.startTime + profile.timeDeltas.reduce((a, b) => a + b, 0);
  // The profile ends at Profiler.stop, just before the evaluate above (sub-millisecond here).
  const offsetUs = lastSampleUs - pageNow * 1000;
  const byFunction = new Map<string, number>();
  /** Time with the function anywhere on the stack (each sample counted once per function). */
  const inclusive = new Map<string, number>();
  const node = new Map(profile.nodes.map(n => [n.id, n.callFrame]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes as (ICpuProfile['nodes'][number] & {
    children?: number[];
  })[]) {
    for (const child of n.children ?? []) {
      parent.set(child, n.id);
    }
  }
  const keyOf = (frame: ICpuProfile['nodes'][number]['callFrame']) => {
    const file = frame.url ? path.basename(new URL(frame.url).pathname) : '';
    return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
  };
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i];
    const pageMs = (t - offsetUs) / 1000;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (pageMs < from || pageMs > to) {
      return;
    }
    const frame = node.get(id);
    const file = frame?.url ? path.basename(new URL(frame.url).pathname) : '';
    const key = frame
      ? `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`
      : '?';
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
    total += ms;
    const onStack = new Set<string>();
    for (
      let at: number | undefined = id;
      at !== undefined;
      at = parent.get(at)
    ) {
      const f = node.get(at);
      if (f?.url) {
        onStack.add(keyOf(f));
      }
    }
    for (const k of onStack) {
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  console.log(
    `-- CPU self time from "${fromText}" (${from.toFixed(0)} ms) to "${toText}" (${to.toFixed(0)} ms): ${total.toFixed(0)} ms sampled`
  );
  console.log('  self time:');
  for (const [key, ms] of [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30)) {
    console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${key}`);
  }
  console.log('  total time (on the stack), script functions:');
  for (const [key, ms] of [...inclusive]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)) {
    console.log(`  ${ms.toFixed(1).padStart(7)} ms  ${key}`);
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
