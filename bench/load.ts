// Section 1 — load overhead: the same site built with and without our plugins,
// cold (fresh context: empty cache, no service worker) and warm (same context,
// second load) loads of lab/index.html to `app.restored`, alternating variants;
// and the JavaScript the initial load transfers (gzip size computed with zlib
// from each script response body, level 6 as common servers use).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, CDPSession, Response } from '@playwright/test';

import {
  SITE_WITH,
  median,
  SITE_WITHOUT,
  dist,
  distText,
  ensureSite,
  freshContext,
  hookRestored,
  kb,
  launch,
  loadToRestored,
  row,
  serveSite,
  sleep,
  waitForServiceWorker,
  type IDist,
  type IOptions,
  type IRow,
  type IServed
} from './lib';
import { ratioInterval } from './stats';

type Variant = 'with' | 'without';

/** What the extension may add to the JavaScript of the first load (printed beside the figure). */
export const STARTUP_JS_TARGET_KB = 10;

export interface ILoadResult {
  cold: Record<Variant, number[]>;
  /**
   * CPU seconds the page's renderer spent from navigation to app.restored on each cold load:
   * its main thread, and the whole process (main thread, compositor, GC and other helpers).
   */
  coldCpu: Record<Variant, { thread: number[]; process: number[] }>;
  coldCpuInterval?: { thread: [number, number]; process: [number, number] };
  /** Bootstrap 95 % interval of the cold median ratio (with ÷ without). */
  coldInterval?: [number, number];
  warm: Record<Variant, number[]>;
  coldDist: Record<Variant, IDist>;
  warmDist: Record<Variant, IDist>;
  coldRatio: number;
  warmRatio: number;
  js: Record<Variant, { files: number; raw: number; gzip: number }>;
  addedJs: {
    gzip: number;
    raw: number;
    targetGzip: number;
    topAdded: { file: string; gzip: number }[];
  };
  serviceWorkerGzip: Record<Variant, number | null>;
}

interface ICpuTimes {
  thread: number;
  process: number;
}

/**
 * The renderer's CPU time so far (Chromium's Performance domain, in seconds): the work a load
 * costs, including what our plugins make JupyterLab do, apart from the time the renderer spends
 * waiting for a core or the network, which the wall-clock figure also holds.
 */
async function rendererCpu(cdp: CDPSession): Promise<ICpuTimes> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const value = (name: string) =>
    metrics.find(metric => metric.name === name)?.value ?? NaN;
  return { thread: value('ThreadTime'), process: value('ProcessTime') };
}

async function timedLoads(
  browser: Browser,
  site: IServed
): Promise<{ cold: number; coldCpu: ICpuTimes; warm: number }> {
  const context = await freshContext(browser);
  try {
    await context.addInitScript(hookRestored);
    const page = await context.newPage();
    const url = `${site.url}lab/index.html`;
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const before = await rendererCpu(cdp);
    const cold = await loadToRestored(page, url);
    const after = await rendererCpu(cdp);
    await cdp.detach();
    const coldCpu = {
      thread: after.thread - before.thread,
      process: after.process - before.process
    };
    // Let the service worker take control before the warm load (the baseline may have none of its own).
    await waitForServiceWorker(page).catch(() => undefined);
    await sleep(300);
    const warm = await loadToRestored(page, url);
    return { cold, coldCpu, warm };
  } finally {
    await context.close();
  }
}

/** Scripts the page receives until app.restored (plus a short settle), with raw and gzip sizes. */
async function scriptBytes(
  browser: Browser,
  site: IServed
): Promise<Map<string, { raw: number; gzip: number }>> {
  const context = await freshContext(browser);
  const sizes = new Map<string, { raw: number; gzip: number }>();
  const pending: Promise<void>[] = [];
  try {
    await context.addInitScript(hookRestored);
    const page = await context.newPage();
    page.on('response', (response: Response) => {
      const type = response.headers()['content-type'] ?? '';
      const isScript =
        response.request().resourceType() === 'script' ||
        /javascript/.test(type) ||
        /\.m?js(\?|$)/.test(response.url());
      if (!isScript || response.status() !== 200) {
        return;
      }
      pending.push(
        response.body().then(
          body =>
            void sizes.set(new URL(response.url()).pathname, {
              raw: body.length,
              gzip: gzipSync(body, { level: 6 }).length
            }),
          () => undefined
        )
      );
    });
    await loadToRestored(page, `${site.url}lab/index.html`);
    await sleep(1000);
    await Promise.all(pending);
  } finally {
    await context.close();
  }
  return sizes;
}

function swGzip(dir: string): number | null {
  const file = path.join(dir, 'service-worker.js');
  return existsSync(file) && statSync(file).isFile()
    ? gzipSync(readFileSync(file), { level: 6 }).length
    : null;
}

export async function runLoad(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: ILoadResult }> {
  const dirs: Record<Variant, string> = {
    without: ensureSite(SITE_WITHOUT, false, options.rebuild, log),
    with: ensureSite(SITE_WITH, true, options.rebuild, log)
  };
  const runs = options.runs ?? (options.quick ? 4 : 10);
  const sites: Record<Variant, IServed> = {
    with: await serveSite(dirs.with),
    without: await serveSite(dirs.without)
  };
  const browser = await launch();
  const cold: Record<Variant, number[]> = { with: [], without: [] };
  const coldCpu: ILoadResult['coldCpu'] = {
    with: { thread: [], process: [] },
    without: { thread: [], process: [] }
  };
  const warm: Record<Variant, number[]> = { with: [], without: [] };
  try {
    // One untimed load of each first: the OS file cache and the server warm up.
    for (const variant of ['without', 'with'] as Variant[]) {
      await timedLoads(browser, sites[variant]);
    }
    for (let run = 0; run < runs; run++) {
      const order: Variant[] =
        run % 2 === 0 ? ['with', 'without'] : ['without', 'with'];
      for (const variant of order) {
        const t = await timedLoads(browser, sites[variant]);
        cold[variant].push(t.cold);
        coldCpu[variant].thread.push(t.coldCpu.thread);
        coldCpu[variant].process.push(t.coldCpu.process);
        warm[variant].push(t.warm);
      }
      log(
        `load run ${run + 1}/${runs}: cold with ${cold.with.at(-1)!.toFixed(0)} / without ${cold.without.at(-1)!.toFixed(0)} ms; ` +
          `renderer CPU with ${cpuText(coldCpu.with, -1)} / without ${cpuText(coldCpu.without, -1)}`
      );
    }
    const bytesWith = await scriptBytes(browser, sites.with);
    const bytesWithout = await scriptBytes(browser, sites.without);
    const total = (m: Map<string, { raw: number; gzip: number }>) =>
      [...m.values()].reduce(
        (a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip }),
        { raw: 0, gzip: 0 }
      );
    const js = {
      with: { files: bytesWith.size, ...total(bytesWith) },
      without: { files: bytesWithout.size, ...total(bytesWithout) }
    };
    // What the extension adds, per chunk: webpack names are `<id>.<contenthash>.js`, so files are
    // matched on the part before the hash (a shared chunk whose hash changed counts by its size change).
    const byChunk = (m: Map<string, { raw: number; gzip: number }>) => {
      const out = new Map<string, number>();
      for (const [file, size] of m) {
        const key = path.basename(file).replace(/\.[0-9a-f]{8,}\.js$/, '.js');
        out.set(key, (out.get(key) ?? 0) + size.gzip);
      }
      return out;
    };
    const chunksWith = byChunk(bytesWith);
    const chunksWithout = byChunk(bytesWithout);
    // Chunks only the baseline loads count too (negative): sharing a package can move its code
    // to a chunk with another id, which would otherwise read as added bytes.
    const chunkNames = new Set([...chunksWith.keys(), ...chunksWithout.keys()]);
    const topAdded = [...chunkNames]
      .map(file => ({
        file:
          chunksWith.has(file) && chunksWithout.has(file)
            ? `${file} (Δ)`
            : chunksWith.has(file)
              ? file
              : `${file} (baseline only)`,
        gzip: (chunksWith.get(file) ?? 0) - (chunksWithout.get(file) ?? 0)
      }))
      .filter(entry => Math.abs(entry.gzip) >= 512)
      .sort((a, b) => Math.abs(b.gzip) - Math.abs(a.gzip))
      .slice(0, 8);
    const coldDist = { with: dist(cold.with), without: dist(cold.without) };
    const warmDist = { with: dist(warm.with), without: dist(warm.without) };
    const result: ILoadResult = {
      cold,
      coldCpu,
      warm,
      coldDist,
      warmDist,
      coldRatio: coldDist.with.p50 / coldDist.without.p50,
      warmRatio: warmDist.with.p50 / warmDist.without.p50,
      js,
      addedJs: {
        gzip: js.with.gzip - js.without.gzip,
        raw: js.with.raw - js.without.raw,
        targetGzip: STARTUP_JS_TARGET_KB * 1024,
        topAdded
      },
      serviceWorkerGzip: {
        with: swGzip(dirs.with),
        without: swGzip(dirs.without)
      }
    };
    const pct = (ratio: number) => `${((ratio - 1) * 100).toFixed(1)} %`;
    const S = '1. Load overhead (lab/index.html → app.restored)';
    const rows = [
      row(S, 'cold, with plugins', distText(coldDist.with)),
      row(S, 'cold, without (baseline)', distText(coldDist.without)),
      row(
        S,
        'cold overhead (median ratio)',
        `${result.coldRatio.toFixed(3)} (${pct(result.coldRatio)})`,
        {
          text: '≤ 3 %',
          met: result.coldRatio <= 1.03
        }
      ),
      intervalRow(S, 'cold', result.cold),
      cpuRow(S, 'main thread', coldCpu.with.thread, coldCpu.without.thread),
      intervalRow(S, 'cold CPU (main thread)', {
        with: coldCpu.with.thread,
        without: coldCpu.without.thread
      }),
      cpuRow(
        S,
        'whole renderer',
        coldCpu.with.process,
        coldCpu.without.process
      ),
      intervalRow(S, 'cold CPU (whole renderer)', {
        with: coldCpu.with.process,
        without: coldCpu.without.process
      }),
      row(S, 'warm, with plugins', distText(warmDist.with)),
      row(S, 'warm, without (baseline)', distText(warmDist.without)),
      row(
        S,
        'warm overhead (median ratio)',
        `${result.warmRatio.toFixed(3)} (${pct(result.warmRatio)})`
      ),
      row(
        S,
        'initial JS, with (gzip / raw)',
        `${kb(js.with.gzip)} / ${kb(js.with.raw)} in ${js.with.files} files`
      ),
      row(
        S,
        'initial JS, without (gzip / raw)',
        `${kb(js.without.gzip)} / ${kb(js.without.raw)} in ${js.without.files} files`
      ),
      row(
        S,
        'start-up JS added (gzip)',
        `${kb(result.addedJs.gzip)} (raw ${kb(result.addedJs.raw)})`,
        {
          text: `≤ ${STARTUP_JS_TARGET_KB} KB gzip`,
          met: result.addedJs.gzip <= STARTUP_JS_TARGET_KB * 1024
        }
      ),
      row(
        S,
        'largest additions by chunk (gzip)',
        topAdded.map(f => `${f.file} ${kb(f.gzip)}`).join(', ') || 'none'
      ),
      row(
        S,
        'service-worker.js (gzip, not on the page)',
        `with ${kb(result.serviceWorkerGzip.with ?? NaN)}, without ${kb(result.serviceWorkerGzip.without ?? NaN)}`
      )
    ];
    return {
      rows,
      result: {
        ...result,
        coldInterval: ratioInterval(result.cold.with, result.cold.without),
        coldCpuInterval: {
          thread: ratioInterval(coldCpu.with.thread, coldCpu.without.thread),
          process: ratioInterval(coldCpu.with.process, coldCpu.without.process)
        }
      }
    };
  } finally {
    await browser.close();
    await Promise.all([sites.with.close(), sites.without.close()]);
  }
}

/**
 * Whether these runs can read a 3 % overhead: the bootstrap 95 % interval of the median ratio
 * must be narrower than 3 points (else more runs, or a quieter machine, are needed).
 */
function intervalRow(
  section: string,
  label: string,
  times: Record<Variant, number[]>
): IRow {
  const [low, high] = ratioInterval(times.with, times.without);
  const width = (high - low) * 100;
  const pct = (r: number) => `${((r - 1) * 100).toFixed(1)} %`;
  return row(
    section,
    `${label} overhead, 95 % interval (bootstrap of the medians)`,
    `${pct(low)} to ${pct(high)}, ${width.toFixed(1)} points wide (n = ${times.with.length} + ${times.without.length})`,
    {
      text: 'narrower than 3 points, to read a 3 % difference',
      met: width < 3
    }
  );
}

/** One load's CPU times, as the progress line prints them (`at` indexes the runs, e.g. -1). */
function cpuText(
  times: { thread: number[]; process: number[] },
  at: number
): string {
  return `${(times.thread.at(at)! * 1000).toFixed(0)} + ${((times.process.at(at)! - times.thread.at(at)!) * 1000).toFixed(0)} ms`;
}

/** The renderer's median CPU time to app.restored, with and without, and their ratio. */
function cpuRow(
  section: string,
  label: string,
  withPlugins: number[],
  without: number[]
): IRow {
  const ratio = median(withPlugins) / median(without);
  const ms = (seconds: number) => `${(seconds * 1000).toFixed(0)} ms`;
  return row(
    section,
    `cold CPU to restored, ${label}`,
    `with ${ms(median(withPlugins))}, without ${ms(median(without))}: ${ratio.toFixed(3)} (${((ratio - 1) * 100).toFixed(1)} %)`,
    { text: '≤ 3 %', met: ratio <= 1.03 }
  );
}
