// Shared helpers of `npm run bench`: statistics, the two site builds, static servers,
// Chromium, the HeavyDB stand-in process and the page-side timing hooks.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromiumPath, userChromiumArgs } from '../ui-tests/browser';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page
} from '@playwright/test';

import { serveTestSite } from '../scripts/lib/test-site-config.mjs';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const SITE_WITH = '_output-bench-with';
export const SITE_WITHOUT = '_output-bench-without';

export interface IOptions {
  quick: boolean;
  rebuild: boolean;
  runs?: number;
}

// ---------------------------------------------------------------- statistics

export interface IDist {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of an unsorted sample (NaN when empty). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: number[]): number {
  if (values.length === 0) {
    return NaN;
  }
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function dist(values: number[]): IDist {
  return {
    n: values.length,
    min: values.length ? Math.min(...values) : NaN,
    p50: median(values),
    p95: percentile(values, 95),
    max: values.length ? Math.max(...values) : NaN
  };
}

export function ms(value: number | undefined, digits = 0): string {
  return value === undefined || !Number.isFinite(value)
    ? 'n/a'
    : `${value.toFixed(digits)} ms`;
}

export function distText(d: IDist | undefined, digits = 0): string {
  if (!d || d.n === 0) {
    return 'n/a';
  }
  const f = (v: number) => v.toFixed(digits);
  return `p50 ${f(d.p50)} · p95 ${f(d.p95)} ms (min ${f(d.min)}, max ${f(d.max)}, n=${d.n})`;
}

export function kb(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes)
    ? 'n/a'
    : `${(bytes / 1024).toFixed(1)} KB`;
}

export function mb(bytes: number | undefined): string {
  return bytes === undefined || !Number.isFinite(bytes)
    ? 'n/a'
    : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

// ---------------------------------------------------------------- report rows

/** One printed line: a section, a label and a value; targets carry a verdict. */
export interface IRow {
  section: string;
  label: string;
  value: string;
  target?: { text: string; met: boolean | undefined };
}

export function row(
  section: string,
  label: string,
  value: string,
  target?: IRow['target']
): IRow {
  return { section, label, value, target };
}

export function printTable(rows: IRow[]): string {
  const labelWidth = Math.max(...rows.map(r => r.label.length));
  const lines: string[] = [];
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      lines.push('', `== ${section}`);
    }
    const verdict = r.target
      ? `  ${r.target.met === undefined ? '–' : r.target.met ? '✓' : '✗'} target ${r.target.text}`
      : '';
    lines.push(`  ${r.label.padEnd(labelWidth)}  ${r.value}${verdict}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- builds

/**
 * Build one benchmark site (production bundle) with scripts/build.mjs, which
 * skips the build when the folder is newer than every source (unless --rebuild).
 */
export function ensureSite(
  folder: string,
  withPlugins: boolean,
  rebuild: boolean,
  log: (s: string) => void
): string {
  // BENCH_SITE_WITH / BENCH_SITE_WITHOUT: use an existing build as is (no freshness check, no build).
  const override =
    process.env[withPlugins ? 'BENCH_SITE_WITH' : 'BENCH_SITE_WITHOUT'];
  if (override) {
    return path.resolve(ROOT, override);
  }
  log(
    `${folder}/ (${withPlugins ? 'with' : 'without'} our plugins): building when out of date…`
  );
  const result = spawnSync(
    process.execPath,
    ['scripts/build.mjs', ...(rebuild ? [] : ['--if-needed'])],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        HEAVYAI_OUTPUT: folder,
        ...(withPlugins ? {} : { HEAVYAI_PLUGINS: '0' })
      }
    }
  );
  if (result.status !== 0) {
    throw new Error(`the build of ${folder}/ failed (exit ${result.status})`);
  }
  return path.join(ROOT, folder);
}

// ---------------------------------------------------------------- servers

export interface IServed {
  url: string;
  origin: string;
  close(): Promise<void>;
}

/** Serve a built site (or the demo page) with the test hooks the benchmarks read, e.g. `window.jupyterapp`. */
export async function serveSite(
  dir: string,
  siteConfig?: Record<string, unknown>,
  extraFiles?: Record<string, string>
): Promise<IServed> {
  const server = await serveTestSite({ dir, port: 0, siteConfig, extraFiles });
  return {
    url: server.url,
    origin: server.url.replace(/\/$/, ''),
    close: server.close
  };
}

/** The demo host page ("Immerse") with the site's copy of the SDK, on its own port. */
export async function serveHost(siteDir: string): Promise<IServed> {
  return serveSite(path.join(ROOT, 'demo'), undefined, {
    '/heavyai-embed.js': path.join(siteDir, 'heavyai-embed.js')
  });
}

/** The HeavyDB stand-in as a separate process (as for the demo), on a free port; `extraArgs` e.g. `--no-arrow`. */
export async function startStandinProcess(
  session: string,
  allowOrigin: string,
  extraArgs: string[] = []
): Promise<{ port: number; pid: number; close(): Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'heavydb-standin/cli.ts',
      '--port',
      '0',
      '--session',
      session,
      '--allow-origin',
      allowOrigin,
      ...extraArgs
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
  );
  const [line] = (await once(
    createInterface({ input: child.stdout! }),
    'line'
  )) as [string];
  const port = Number(/:(\d+)\/$/.exec(line)?.[1]);
  if (!port) {
    child.kill('SIGTERM');
    throw new Error(`unexpected stand-in ready line: ${line}`);
  }
  return {
    port,
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
  };
}

// ---------------------------------------------------------------- browser

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: userChromiumArgs
  });
}

/** A fresh context: empty cache, no service worker, no storage. */
export async function freshContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 }
  });
  // tsx (esbuild keepNames) wraps named inner functions in `__name(...)`; functions we
  // send to the page (init scripts, evaluate) need that helper there too.
  await context.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  return context;
}

/**
 * Page-side hook (an init script): records `performance.now()` when
 * `jupyterapp.restored` resolves, as `window.__benchRestoredAt`.
 */
export function hookRestored(): void {
  const w = window as any;
  let app: any;
  try {
    Object.defineProperty(w, 'jupyterapp', {
      configurable: true,
      get: () => app,
      set: value => {
        app = value;
        void value?.restored?.then(
          () => (w.__benchRestoredAt = performance.now())
        );
      }
    });
  } catch {
    // Fall back to polling when the property cannot be trapped.
    const poll = () =>
      w.jupyterapp
        ? void w.jupyterapp.restored.then(
            () => (w.__benchRestoredAt ??= performance.now())
          )
        : setTimeout(poll, 2);
    poll();
  }
}

/** Go to `url` and return performance.now() at app.restored (from navigation start). */
export async function loadToRestored(
  page: Page,
  url: string,
  timeout = 90_000
): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout });
  const handle = await page.waitForFunction(
    () => (window as any).__benchRestoredAt,
    null,
    { timeout, polling: 50 }
  );
  return (await handle.jsonValue()) as number;
}

export async function waitForServiceWorker(page: {
  waitForFunction: Page['waitForFunction'];
}): Promise<void> {
  await page.waitForFunction(
    () => navigator.serviceWorker.controller !== null,
    null,
    { timeout: 30_000 }
  );
}

export function sessionId(label: string): string {
  return `bench-${label}-${Math.random().toString(36).slice(2, 10)}`;
}

export function sleep(msDelay: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, msDelay));
}
