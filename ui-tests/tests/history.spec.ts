// What a hand-off leaves in Chromium's own History database (the profile's `History` SQLite
// file, read after the browser has closed): the SDK's new-tab paths must leave no session.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from '@playwright/test';

import { chromiumPath, userChromiumArgs } from '../browser';
import { expect, SESSION_MARK, test, testSessionId } from '../fixtures';
import { endpointFromPage, waitForServiceWorker } from '../handoff-helpers';
import { HOST_ORIGIN, SITE_ORIGIN } from '../ports';

/** Every URL Chromium keeps in the profile's History database. */
function historyUrls(profile: string): string[] {
  const script =
    'import json, sqlite3, sys\nprint(json.dumps([row[0] for row in sqlite3.connect(sys.argv[1]).execute("SELECT url FROM urls")]))';
  return JSON.parse(
    execFileSync(
      'python3',
      ['-c', script, path.join(profile, 'Default', 'History')],
      { encoding: 'utf8' }
    )
  );
}

async function openedBy(
  context: BrowserContext,
  action: () => Promise<unknown>
): Promise<Page> {
  const [opened] = await Promise.all([context.waitForEvent('page'), action()]);
  return opened;
}

async function handOverWithButton(
  host: Page,
  context: BrowserContext,
  button: string,
  session: string,
  done: string
): Promise<Page> {
  await host.fill('input[name=session]', session);
  const site = await openedBy(context, () => host.click(button));
  await expect(host.locator('#status')).toHaveText(done, { timeout: 30_000 });
  await waitForServiceWorker(site);
  await expect
    .poll(async () => (await endpointFromPage(site)).body.session)
    .toBe(session);
  return site;
}

test('the new-tab hand-offs (openSite, one-time-code link) leave no session in the History database', async () => {
  test.setTimeout(120_000);
  const profile = mkdtempSync(path.join(tmpdir(), 'heavyai-history-'));
  const consoleTexts: string[] = [];
  const byMessage = testSessionId('history-open');
  const byCode = testSessionId('history-code');
  const byFragment = testSessionId('history-fragment');
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      args: userChromiumArgs
    });
    context.on('page', page =>
      page.on('console', message => consoleTexts.push(message.text()))
    );
    const host = context.pages()[0] ?? (await context.newPage());
    host.on('console', message => consoleTexts.push(message.text()));
    await host.goto(
      `${HOST_ORIGIN}/?auto=0&site=${encodeURIComponent(`${SITE_ORIGIN}/`)}`
    );
    await host.evaluate(() => (window as any).heavyaiHost.site.ready);
    await host.fill('input[name=query]', '');

    await handOverWithButton(
      host,
      context,
      '#new-tab',
      byMessage,
      'Session accepted by the new tab.'
    );
    await handOverWithButton(
      host,
      context,
      '#code-link',
      byCode,
      'Session accepted by the linked tab.'
    );

    // For comparison, the plain link the SDK still builds: its URL holds the session.
    const labUrl = `${SITE_ORIGIN}/lab/index.html`;
    const plain = await openedBy(context, () =>
      host.evaluate(
        async ([url, session, port]) => {
          const sdk = await import('/heavyai-embed.js' as string);
          window.open(
            sdk.buildHandoffUrl(url, {
              session,
              connection: { protocol: 'http', host: '127.0.0.1', port }
            })
          );
        },
        [labUrl, byFragment, 1] as const
      )
    );
    await plain.waitForFunction(
      () => (window as any).jupyterapp?.restored,
      null,
      { timeout: 45_000 }
    );
    await context.close();

    const urls = historyUrls(profile);
    expect(
      urls.some(url => url.startsWith(labUrl)),
      'the History database records the site'
    ).toBe(true);
    for (const session of [byMessage, byCode]) {
      expect(urls.filter(url => url.includes(session))).toEqual([]);
      expect(
        urls.filter(url => url.includes(encodeURIComponent(session)))
      ).toEqual([]);
    }
    const fragments = urls.filter(
      url => url.includes('#heavyai=') || url.includes('#omnisci=')
    );
    // Only the plain link's URL carries a payload: the residual risk of `#heavyai=` links (README).
    expect(
      fragments.map(
        url =>
          JSON.parse(
            Buffer.from(url.split('#heavyai=')[1], 'base64url').toString('utf8')
          ).session
      )
    ).toEqual([byFragment]);
    // The code link's URL is there, with a spent code and no session.
    expect(
      urls.filter(url => url.includes('#heavyai-code=')).length
    ).toBeGreaterThan(0);
    expect(consoleTexts.filter(text => text.includes(SESSION_MARK))).toEqual(
      []
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
