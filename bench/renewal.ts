// Section "renewal" — an expired session replaced by the host page: from the stand-in's first
// request after the session expired (answered "Session not valid.") to the SQL editor showing
// rows again, with the demo host answering the site's session request at once (it logs in
// again at the stand-in). One clock: performance.timeOrigin + performance.now() in the page,
// Date.now() in Node (the same machine's wall clock).
import type { Frame } from '@playwright/test';

import { startStandin } from '../heavydb-standin/server';
import {
  SITE_WITH,
  dist,
  distText,
  ensureSite,
  freshContext,
  launch,
  row,
  serveHost,
  serveSite,
  type IDist,
  type IOptions,
  type IRow
} from './lib';

export interface IRenewalResult {
  invalidToRows: IDist;
  samples: number[];
}

const QUERY = 'SELECT 41 + 1 AS answer';

/** Resolves (in the page) with the time the editor next reaches `done`. */
async function armDoneWatch(frame: Frame): Promise<void> {
  await frame.evaluate(() => {
    const editor = document.querySelector('.jp-HeavyAI-SqlEditor')!;
    (window as any).__benchDone = new Promise<number>(resolve => {
      const observer = new MutationObserver(() => {
        if ((editor as HTMLElement).dataset.state === 'done') {
          observer.disconnect();
          resolve(performance.timeOrigin + performance.now());
        }
      });
      observer.observe(editor, { attributeFilter: ['data-state'] });
    });
  });
}

export async function runRenewal(
  options: IOptions,
  log: (s: string) => void
): Promise<{ rows: IRow[]; result: IRenewalResult }> {
  const dir = ensureSite(SITE_WITH, true, options.rebuild, log);
  const host = await serveHost(dir);
  const site = await serveSite(dir, {
    heavyai: { allowedOrigins: [host.origin] }
  });
  let expiredAt = 0;
  let firstInvalidAt = 0;
  const standin = await startStandin({
    port: 0,
    allowedOrigins: [site.origin, host.origin],
    onRequest: req => {
      if (expiredAt && !firstInvalidAt && req.method === 'POST') {
        firstInvalidAt = Date.now();
      }
    }
  });
  const browser = await launch();
  try {
    const runs = options.runs ?? (options.quick ? 5 : 15);
    const context = await freshContext(browser);
    const page = await context.newPage();
    await page.goto(
      `${host.url}?auto=0&site=${encodeURIComponent(`${site.url}`)}`
    );
    await page.evaluate(
      async ([port, query]) => {
        const h = (window as any).heavyaiHost;
        const form = document.getElementById('handoff') as HTMLFormElement;
        (form.elements.namedItem('port') as HTMLInputElement).value = port;
        (form.elements.namedItem('query') as HTMLInputElement).value = query;
        (form.elements.namedItem('session') as HTMLInputElement).value =
          await h.login();
        await h.site.ready;
        await h.site.sendSession(h.payloadFromForm());
      },
      [String(standin.port), QUERY] as const
    );
    const frame = page.frames().find(f => f.url().startsWith(site.origin))!;
    await frame.waitForSelector('.jp-HeavyAI-SqlEditor[data-state="done"]', {
      timeout: 60_000
    });
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      await armDoneWatch(frame);
      firstInvalidAt = 0;
      standin.expireSessions();
      expiredAt = Date.now();
      await frame.click('.jp-HeavyAI-run');
      const doneAt: number = await frame.evaluate(
        () => (window as any).__benchDone
      );
      expiredAt = 0;
      samples.push(doneAt - firstInvalidAt);
    }
    log(`renewal: ${runs} runs done`);
    await context.close();
    const result: IRenewalResult = { invalidToRows: dist(samples), samples };
    const S = 'Session renewal';
    return {
      rows: [
        row(
          S,
          'first "Session not valid." → rows shown again (host answers at once)',
          distText(result.invalidToRows, 0),
          { text: 'median ≤ 1 s', met: result.invalidToRows.p50 <= 1000 }
        )
      ],
      result
    };
  } finally {
    await browser.close();
    await standin.close();
    await site.close();
    await host.close();
  }
}
