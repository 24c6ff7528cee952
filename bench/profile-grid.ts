// Where a scrolling frame of the result grid goes: a CDP CPU profile of 4 s of scrolling
// (4,000 px a frame) on the 1M-row `SELECT * FROM flights`, printed as the frame times, the
// functions with the most self time, and the call chains of the canvas calls among them.
//
//   node --import tsx bench/profile-grid.ts [site folder, default _output]
//
// A diagnostic beside `npm run bench` (docs/decisions.md cites its output), not part of it.
import { dist, launch, serveSite, sessionId, startStandinProcess } from './lib';
import { editorResults } from '../ui-tests/editor-results';
import { GRID_QUERY, openWorkspace } from './workspace';

interface IProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

const CANVAS_CALLS = new Set([
  'drawImage',
  'restore',
  'fillText',
  'clip',
  'save'
]);

function frameName(node: IProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'}${url ? ` ${url.split('/').pop()}:${lineNumber}` : ''}`;
}

function report(profile: { nodes: IProfileNode[]; samples: number[] }): string {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const hits = new Map<number, number>();
  for (const s of profile.samples) {
    hits.set(s, (hits.get(s) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const self = new Map<string, number>();
  const chains = new Map<string, number>();
  for (const [id, count] of hits) {
    const node = byId.get(id)!;
    self.set(frameName(node), (self.get(frameName(node)) ?? 0) + count);
    if (CANVAS_CALLS.has(node.callFrame.functionName)) {
      const chain: string[] = [];
      for (
        let at: number | undefined = id;
        at !== undefined && chain.length < 6;
        at = parent.get(at)
      ) {
        chain.push(byId.get(at)!.callFrame.functionName || '(anonymous)');
      }
      chains.set(
        chain.join(' ← '),
        (chains.get(chain.join(' ← ')) ?? 0) + count
      );
    }
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}`
      );
  return [
    'self time:',
    ...top(self, 15),
    'canvas calls by caller:',
    ...top(chains, 6)
  ].join('\n');
}

async function main(): Promise<void> {
  const site = await serveSite(process.argv[2] ?? '_output');
  const session = sessionId('profile');
  const standin = await startStandinProcess(session, site.origin);
  const browser = await launch();
  try {
    const { page } = await openWorkspace(
      browser,
      site.url,
      standin.port,
      session,
      GRID_QUERY
    );
    const results = await editorResults(page);
    await page.waitForFunction(r => r.rowCount() >= 1_000_000, results, {
      timeout: 60_000
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const deltas = await results.evaluate(
      results =>
        new Promise<number[]>(resolve => {
          const grid = results.grid;
          const out: number[] = [];
          let last = 0;
          const end = performance.now() + 4000;
          const tick = (t: number) => {
            if (last) {
              out.push(t - last);
            }
            last = t;
            if (t > end) {
              resolve(out);
              return;
            }
            grid.scrollBy(0, 4000);
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })
    );
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: { nodes: IProfileNode[]; samples: number[] };
    };
    const d = dist(deltas);
    console.log(
      `frames: p50 ${d.p50.toFixed(1)} · p95 ${d.p95.toFixed(1)} ms (n=${d.n})\n${report(profile)}`
    );
    await page.context().close();
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
