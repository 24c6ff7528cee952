// Where a cold load's main-thread CPU goes until `app.restored`, with and without our plugins: a
// CDP CPU profile of each load, self time summed per script file (webpack chunk id, without its
// content hash) and per V8 category ("(program)", "(garbage collector)"), medians of N loads,
// printed side by side with the difference, largest first.
//
//   node --import tsx bench/profile-load.ts <site with> <site without> [--runs N]
//
// A diagnostic beside `npm run bench` (section 1 reads the CPU time; this says where it goes).
import path from 'node:path';

import type { Browser } from '@playwright/test';

import {
  freshContext,
  hookRestored,
  launch,
  loadToRestored,
  median,
  serveSite
} from './lib';

interface IProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per script file or V8 category, over one profile. */
function selfTimeByFile(profile: IProfile): Map<string, number> {
  const keyOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, functionName } = node.callFrame;
    keyOf.set(
      node.id,
      url
        ? path
            .basename(new URL(url).pathname)
            .replace(/\.[0-9a-f]{8,}\.js$/, '.js')
        : functionName.startsWith('(')
          ? functionName
          : '(no script)'
    );
  }
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = keyOf.get(id) ?? '?';
    // A sample's time is the delta to the next one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    out.set(key, (out.get(key) ?? 0) + ms);
  });
  return out;
}

async function profiledLoad(browser: Browser, url: string) {
  const context = await freshContext(browser);
  try {
    await context.addInitScript(hookRestored);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const restoredAt = await loadToRestored(page, url);
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: IProfile;
    };
    return { restoredAt, byFile: selfTimeByFile(profile) };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  const [withDir, withoutDir] = process.argv.slice(2, 4);
  const runsAt = process.argv.indexOf('--runs');
  const runs = runsAt > 0 ? Number(process.argv[runsAt + 1]) : 5;
  if (!withDir || !withoutDir) {
    throw new Error(
      'usage: profile-load.ts <site with> <site without> [--runs N]'
    );
  }
  const sites = {
    with: await serveSite(path.resolve(withDir)),
    without: await serveSite(path.resolve(withoutDir))
  };
  const browser = await launch();
  const samples = {
    with: [] as Map<string, number>[],
    without: [] as Map<string, number>[]
  };
  try {
    for (let run = 0; run <= runs; run++) {
      for (const variant of ['with', 'without'] as const) {
        const load = await profiledLoad(
          browser,
          `${sites[variant].url}lab/index.html`
        );
        if (run > 0) {
          // the first load of each only warms the server and the OS file cache
          samples[variant].push(load.byFile);
        }
      }
    }
  } finally {
    await browser.close();
    await Promise.all([sites.with.close(), sites.without.close()]);
  }
  const keys = new Set(
    [...samples.with, ...samples.without].flatMap(m => [...m.keys()])
  );
  const med = (maps: Map<string, number>[], key: string) =>
    median(maps.map(m => m.get(key) ?? 0));
  const rows = [...keys]
    .map(key => ({
      key,
      with: med(samples.with, key),
      without: med(samples.without, key)
    }))
    .sort(
      (a, b) => Math.abs(b.with - b.without) - Math.abs(a.with - a.without)
    );
  const total = (maps: Map<string, number>[]) =>
    median(maps.map(m => [...m.values()].reduce((a, b) => a + b, 0)));
  console.log(
    `profiled time to app.restored (medians of ${runs}): with ${total(samples.with).toFixed(0)} ms, without ${total(samples.without).toFixed(0)} ms`
  );
  console.log(
    'self time by file or category, ms (with / without / difference)'
  );
  for (const row of rows.slice(0, 25)) {
    console.log(
      `  ${row.key.padEnd(28)} ${row.with.toFixed(1).padStart(8)} ${row.without.toFixed(1).padStart(8)} ${(row.with - row.without).toFixed(1).padStart(8)}`
    );
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
