/**
 * Debian's Firefox ESR driven over WebDriver BiDi by puppeteer-core (Playwright cannot drive a
 * stock Firefox: it needs its own patched build).
 */
import puppeteer, { type Frame, type Page } from 'puppeteer-core';

import type { IEngineDriver, Target } from './driver';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export interface IFirefoxOptions {
  /**
   * A private-browsing profile (`browser.privatebrowsing.autostart`) without service workers.
   * Firefox 153 ESR gives private windows service workers by default
   * (`dom.serviceWorkers.privateBrowsing.enabled`); turning that off gives the page no
   * `navigator.serviceWorker` at all, the case the site must handle without its endpoint.
   */
  privateBrowsing?: boolean;
  /** The origin of the site, to find its frame in the demo host page. */
  siteOrigin: string;
}

export async function launchFirefox({
  privateBrowsing = false,
  siteOrigin
}: IFirefoxOptions): Promise<IEngineDriver> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    protocolTimeout: 120_000,
    extraPrefsFirefox: {
      'browser.privatebrowsing.autostart': privateBrowsing,
      'dom.serviceWorkers.privateBrowsing.enabled': !privateBrowsing,
      // No update checks, telemetry or first-run pages in a test profile.
      'app.update.enabled': false,
      'datareporting.policy.dataSubmissionEnabled': false
    }
  });
  const page: Page = (await browser.pages())[0] ?? (await browser.newPage());
  await page.setViewport({ width: 1280, height: 800 });
  const lines: string[] = [];
  page.on('console', message =>
    lines.push(`${message.type()}: ${message.text()}`)
  );
  page.on('pageerror', error => lines.push(`pageerror: ${String(error)}`));

  const frameOf = (target: Target): Frame => {
    if (target === 'top') {
      return page.mainFrame();
    }
    const frame = page
      .frames()
      .find(candidate => candidate.url().startsWith(siteOrigin));
    if (!frame) {
      throw new Error('the site frame is not loaded');
    }
    return frame;
  };

  return {
    name: privateBrowsing ? 'Firefox (private)' : 'Firefox',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    },
    async evaluate<T>(target: Target, source: string, ...args: unknown[]) {
      const call = `(${source})(...${JSON.stringify(args)})`;
      return (await frameOf(target).evaluate(call)) as T;
    },
    async consoleLines() {
      return [...lines];
    },
    async close() {
      await browser.close();
    }
  };
}
