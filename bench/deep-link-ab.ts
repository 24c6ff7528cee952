// Two built sites side by side on the deep link: loads alternate between them in ABBA order, in one
// browser, each in a fresh context, and each prints the frame that first showed the rows, in ms
// after the app's restore (the bench's "rows shown", from the same page hooks). Alternating load by
// load keeps the machine's drift out of the comparison, which rounds of `--only workspace` do not.
//
//   node --import tsx bench/deep-link-ab.ts <site A> <site B> [loads per site, default 8]
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import {
  freshContext,
  hookRestored,
  launch,
  serveSite,
  sessionId,
  startStandinProcess
} from './lib';
import { heavyaiFragment } from '../ui-tests/links';
import {
  BENCH_IMMERSE_ORIGIN,
  BENCH_LINK_SITE_CONFIG,
  GRID_QUERY,
  hookEditor
} from './workspace';

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const [siteA, siteB, loadsArg] = process.argv.slice(2);
  if (!siteA || !siteB) {
    console.error('usage: deep-link-ab.ts <site A> <site B> [loads per site]');
    process.exit(2);
  }
  const dirs = [siteA, siteB];
  const loads = Number(loadsArg ?? 8);
  const sites = await Promise.all(
    dirs.map(dir => serveSite(dir, BENCH_LINK_SITE_CONFIG))
  );
  const session = sessionId('ab');
  const standins = await Promise.all(
    sites.map(site => startStandinProcess(session, site.origin))
  );
  const browser = await launch();
  const shown: number[][] = [[], []];
  try {
    for (let i = 0; i < loads * 2; i++) {
      const which = (i + Math.floor(i / 2)) % 2; // A B B A A B B A …
      const context = await freshContext(browser);
      await context.addInitScript(hookRestored);
      await context.addInitScript(hookEditor);
      const page = await context.newPage();
      const payload = {
        session,
        connection: {
          protocol: 'http',
          host: '127.0.0.1',
          port: standins[which].port
        },
        query: GRID_QUERY
      };
      await page.goto(
        `${sites[which].url}lab/index.html?heavyai&reset${heavyaiFragment(payload)}`,
        { waitUntil: 'commit', referer: `${BENCH_IMMERSE_ORIGIN}/` }
      );
      await page.waitForFunction(() => (window as any).__benchRowsShown, null, {
        timeout: 30_000
      });
      const ms = await page.evaluate(() => {
        const w = window as any;
        return w.__benchRowsShown - w.__benchRestoredAt;
      });
      shown[which].push(ms);
      console.log(
        `${dirs[which]}: rows shown ${ms.toFixed(0)} ms after the restore`
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await Promise.all(standins.map(standin => standin.close()));
    await Promise.all(sites.map(site => site.close()));
  }
  dirs.forEach((dir, k) =>
    console.log(
      `${dir}: median ${median(shown[k]).toFixed(0)} ms (${shown[k].map(ms => ms.toFixed(0)).join(', ')})`
    )
  );
}

void main();
