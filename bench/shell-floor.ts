// How soon after the restore JupyterLab itself first shows its shell on the deep link, against when
// the rows are shown: the floor under "deep link → first rows visible minus app restored". After
// the restore JupyterLab raises its splash screen, loads the theme's style sheet, hides the shell,
// and in the next animation frame shows and fits it and starts the splash's fade (or, on our deep
// link, removes the splash): nothing of the app, rows included, is seen before that frame.
// "shell shown" is that frame's presentation time (Element Timing on a probe added in the same
// task as the splash starts to go); "rows shown" is the bench's (workspace.ts), n/a on a site
// without our plugins.
//
// Sites are loaded in turn (A B B A … with two), each on the bench's deep link; a site built
// without our plugins (`HEAVYAI_PLUGINS=0`) ignores the link, and shows what JupyterLab alone
// costs.
//
//   node --import tsx bench/shell-floor.ts <site> [<site> …] [--loads N, default 8]
//
// A diagnostic beside `npm run bench` (docs/performance.md cites its output), not part of it.
import { parseArgs } from 'node:util';

import { freshContext, hookRestored, launch, median } from './lib';
import { heavyaiFragment } from '../ui-tests/links';
import {
  BENCH_IMMERSE_ORIGIN,
  GRID_QUERY,
  alternatedSite,
  hookEditor,
  serveLinkSites
} from './workspace';

/** Page-side (init script): `__benchShellShown`, when the frame the splash starts to go in is presented. */
function hookShellShown(): void {
  const w = window as any;
  let probed = false;
  const probe = () => {
    if (probed) {
      return;
    }
    probed = true;
    w.__benchShellShowing = performance.now();
    const node = document.createElement('div');
    node.setAttribute('elementtiming', 'bench-shell-shown');
    node.textContent = 'bench-shell-shown';
    node.style.cssText =
      'position:fixed;left:0;bottom:0;z-index:2147483647;font:10px monospace;pointer-events:none';
    document.body.append(node);
  };
  new MutationObserver(records => {
    for (const record of records) {
      const target = record.target as HTMLElement;
      if (
        record.type === 'attributes' &&
        target === document.body &&
        document.body.dataset.jpThemeName
      ) {
        w.__benchThemeApplied ??= performance.now();
      }
      if (
        record.type === 'attributes' &&
        target.id === 'jupyterlab-splash' &&
        target.classList.contains('splash-fade')
      ) {
        probe();
      }
      for (const node of record.removedNodes) {
        if ((node as HTMLElement).id === 'jupyterlab-splash') {
          probe();
        }
      }
    }
  }).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['class', 'data-jp-theme-name']
  });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries() as any[]) {
      if (entry.identifier === 'bench-shell-shown' && entry.renderTime) {
        w.__benchShellShown ??= entry.renderTime;
      }
    }
  }).observe({ type: 'element', buffered: true });
}

async function main(): Promise<void> {
  const { values, positionals: dirs } = parseArgs({
    allowPositionals: true,
    options: { loads: { type: 'string', default: '8' } }
  });
  if (dirs.length === 0) {
    console.error('usage: shell-floor.ts <site> [<site> …] [--loads N]');
    process.exit(2);
  }
  const loads = Number(values.loads);
  const { sites, standins, session, close } = await serveLinkSites(
    dirs,
    'floor'
  );
  const browser = await launch();
  const phases = ['theme applied', 'splash goes', 'shell shown', 'rows shown'];
  const samples: number[][][] = dirs.map(() => phases.map(() => []));
  const ms = (x: number | undefined) =>
    x === undefined ? 'n/a' : `${x.toFixed(0)} ms`;
  try {
    for (let i = 0; i < loads * dirs.length; i++) {
      const which = alternatedSite(i, dirs.length);
      const context = await freshContext(browser);
      await context.addInitScript(hookRestored);
      await context.addInitScript(hookEditor);
      await context.addInitScript(hookShellShown);
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
      await page.waitForFunction(
        () => {
          const w = window as any;
          return w.__benchRestoredAt && w.__benchShellShown;
        },
        null,
        { timeout: 60_000, polling: 100 }
      );
      // Rows come with the shell or soon after; a site without our plugins has none.
      await page
        .waitForFunction(() => (window as any).__benchRowsShown, null, {
          timeout: 5_000,
          polling: 50
        })
        .catch(() => undefined);
      const t = await page.evaluate(() => {
        const w = window as any;
        return [
          w.__benchThemeApplied,
          w.__benchShellShowing,
          w.__benchShellShown,
          w.__benchRowsShown
        ].map(at =>
          typeof at === 'number' ? at - w.__benchRestoredAt : undefined
        );
      });
      await context.close();
      t.forEach((x, k) => x !== undefined && samples[which][k].push(x));
      console.log(
        `${dirs[which]}: ${phases.map((name, k) => `${name} ${ms(t[k])}`).join(', ')} after the restore`
      );
    }
  } finally {
    await browser.close();
    await close();
  }
  dirs.forEach((dir, k) =>
    console.log(
      `${dir}, medians after the restore: ${phases
        .map(
          (name, p) =>
            `${name} ${samples[k][p].length ? ms(median(samples[k][p])) : 'n/a'}`
        )
        .join(', ')}`
    )
  );
}

void main();
