// What Cross-Origin-Opener-Policy does to the new-tab hand-off, measured: the SDK's openSite
// needs the opener relation between the host page and the site's tab.
import type { Page } from '@playwright/test';

import { expect, test, testSessionId } from '../fixtures';
import { endpointFromPage, waitForServiceWorker } from '../handoff-helpers';
import {
  COOP_HOST_ORIGIN,
  COOP_SITE_ORIGIN,
  HOST_ORIGIN,
  SITE_ORIGIN
} from '../ports';

/** Run openSite from the demo host page at `hostOrigin` against the site at `siteOrigin`. */
async function openSiteFrom(
  page: Page,
  hostOrigin: string,
  siteOrigin: string,
  session: string
) {
  await page.goto(
    `${hostOrigin}/?auto=0&site=${encodeURIComponent(`${siteOrigin}/`)}`
  );
  const [site, result] = await Promise.all([
    page.context().waitForEvent('page'),
    page.evaluate(
      async ([lab, id]) => {
        try {
          const opened = await (window as any).heavyaiHost.openSite(
            lab,
            {
              session: id,
              connection: {
                protocol: 'https',
                host: 'db.example.com',
                port: 443
              }
            },
            { timeoutMs: 8000 }
          );
          opened.connection.dispose();
          return opened.outcome.accepted
            ? 'accepted'
            : `rejected: ${opened.outcome.reason}`;
        } catch (error) {
          return `failed: ${(error as Error).message}`;
        }
      },
      [`${siteOrigin}/lab/index.html`, session] as const
    )
  ]);
  await site.waitForFunction(() => (window as any).jupyterapp?.restored, null, {
    timeout: 45_000
  });
  return {
    site,
    result,
    siteHasOpener: await site.evaluate(() => window.opener !== null)
  };
}

test('COOP same-origin on the site severs the opener: openSite fails and nothing is stored', async ({
  page
}) => {
  const session = testSessionId('coop-site');
  const { site, result, siteHasOpener } = await openSiteFrom(
    page,
    HOST_ORIGIN,
    COOP_SITE_ORIGIN,
    session
  );
  expect(siteHasOpener).toBe(false);
  expect(result).toMatch(/^failed: .*did not report ready/);
  await waitForServiceWorker(site);
  expect((await endpointFromPage(site)).body.session).toBe('');
});

test('COOP same-origin-allow-popups on the host page keeps the opener: openSite works', async ({
  page
}) => {
  const session = testSessionId('coop-host');
  const { site, result, siteHasOpener } = await openSiteFrom(
    page,
    COOP_HOST_ORIGIN,
    SITE_ORIGIN,
    session
  );
  expect(siteHasOpener).toBe(true);
  expect(result).toBe('accepted');
  await waitForServiceWorker(site);
  expect((await endpointFromPage(site)).body.session).toBe(session);
});
