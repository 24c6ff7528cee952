// Two built sites side by side on the deep link: loads alternate between them in ABBA order, in one
// browser, each opened as the bench's workspace section opens it (`openWorkspace`, which also waits
// for the whole result), and each prints the frame that first showed the rows, in ms after the
// app's restore (the bench's "rows shown"), then each site's median (the bench's: the mean of the
// two middle loads). Alternating load by load keeps the machine's drift out of the comparison,
// which rounds of `--only workspace` do not.
//
//   node --import tsx bench/deep-link-ab.ts <site A> <site B> [loads per site, default 8]
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { launch, median } from './lib';
import {
  GRID_QUERY,
  alternatedSite,
  openWorkspace,
  serveLinkSites
} from './workspace';

async function main(): Promise<void> {
  const [siteA, siteB, loadsArg] = process.argv.slice(2);
  if (!siteA || !siteB) {
    console.error('usage: deep-link-ab.ts <site A> <site B> [loads per site]');
    process.exit(2);
  }
  const dirs = [siteA, siteB];
  const loads = Number(loadsArg ?? 8);
  const { sites, standins, session, close } = await serveLinkSites(dirs, 'ab');
  const browser = await launch();
  const shown: number[][] = [[], []];
  try {
    for (let i = 0; i < loads * 2; i++) {
      const which = alternatedSite(i, 2);
      const { context, times } = await openWorkspace(
        browser,
        sites[which].url,
        standins[which].port,
        session,
        GRID_QUERY
      );
      await context.close();
      if (times.rowsShown === undefined) {
        throw new Error(`${dirs[which]}: the deep link showed no rows`);
      }
      const ms = times.rowsShown - times.restored;
      shown[which].push(ms);
      console.log(
        `${dirs[which]}: rows shown ${ms.toFixed(0)} ms after the restore`
      );
    }
  } finally {
    await browser.close();
    await close();
  }
  dirs.forEach((dir, k) =>
    console.log(
      `${dir}: median ${median(shown[k]).toFixed(0)} ms (${shown[k].map(ms => ms.toFixed(0)).join(', ')})`
    )
  );
}

void main();
