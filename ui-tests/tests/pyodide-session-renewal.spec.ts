// heavyai_lite in real Pyodide keeps working when the host replaces an expired session.
import type { BrowserContext, Frame, Page } from '@playwright/test';

import { startStandin, type IStandin } from '../../heavydb-standin/server';
import { expect, test } from '../fixtures';
import { siteFrame } from '../handoff-helpers';
import { runPythonJson } from '../pyodide-helpers';
import { HOST_ORIGIN, SITE_ORIGIN, STANDIN_PORT } from '../ports';
import { expectNoSessionInConsole, openPyodideSite } from '../pyodide-site';

let standin: IStandin;
let context: BrowserContext;
let page: Page;
let frame: Frame;
let consoleTexts: string[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  standin = await startStandin({
    port: STANDIN_PORT,
    allowedOrigins: [SITE_ORIGIN, HOST_ORIGIN]
  });
  // The demo host answers session requests by logging in again at the stand-in.
  const handOver = async (page: Page): Promise<Frame> => {
    await page.goto(
      `${HOST_ORIGIN}/?auto=0&site=${encodeURIComponent(`${SITE_ORIGIN}/`)}`
    );
    await page.evaluate(async port => {
      const host = (window as any).heavyaiHost;
      const form = document.getElementById('handoff') as HTMLFormElement;
      (form.elements.namedItem('port') as HTMLInputElement).value = port;
      (form.elements.namedItem('query') as HTMLInputElement).value = '';
      (form.elements.namedItem('session') as HTMLInputElement).value =
        await host.login();
      await host.site.ready;
      await host.site.sendSession(host.payloadFromForm());
    }, String(STANDIN_PORT));
    return siteFrame(page);
  };
  ({ context, page, frame, consoleTexts } = await openPyodideSite(
    browser,
    handOver
  ));
});

test.afterAll(async () => {
  await context?.close();
  await standin?.close();
  expectNoSessionInConsole(consoleTexts);
});

const MODES = {
  sync: { connect: 'heavyai_lite.connect()', call: (e: string) => e },
  async: {
    connect: 'await heavyai_lite.connect_async()',
    call: (e: string) => `(await ${e})`
  }
} as const;

for (const [mode, py] of Object.entries(MODES)) {
  test(`${mode}: a connection made before expiry returns rows after the host replaces the session`, async () => {
    const name = `con_${mode}`;
    const before = await runPythonJson(
      frame,
      `import json, heavyai_lite
${name} = ${py.connect}
json.dumps(${py.call(`${name}.execute("SELECT 1 AS x")`)}.fetchall())`
    );
    expect(before).toEqual([[1]]);
    const requestsBefore = await page.evaluate(
      () => (window as any).heavyaiHost.sessionRequests
    );
    expect(standin.expireSessions()).toBeGreaterThan(0);
    // The same connection object, no new connect(): the call waits for the host's new session.
    const after = await runPythonJson(
      frame,
      `json.dumps(${py.call(`${name}.execute("SELECT 41 + 1 AS answer")`)}.fetchall())`
    );
    expect(after).toEqual([[42]]);
    expect(
      await page.evaluate(() => (window as any).heavyaiHost.sessionRequests)
    ).toBe(requestsBefore + 1);
  });
}
