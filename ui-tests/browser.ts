import { existsSync } from 'node:fs';

/**
 * How the UI tests and benchmarks launch Chromium.
 *
 * Playwright adds `--disable-features=...ThirdPartyStoragePartitioning...` to every launch. With
 * that switch a cross-site iframe gets no IndexedDB and no service worker, which is not what
 * users' Chromium does (it gives such a frame partitioned storage). Chromium keeps the last value
 * of a repeated switch, so an empty `--disable-features=` after Playwright's restores Chromium's
 * own feature defaults (measured: a cross-site frame then opens IndexedDB and registers a worker).
 */

/** Debian's Chromium where it exists (these machines cannot download Playwright's browsers). */
export const chromiumPath =
  process.env.CHROMIUM_PATH ??
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

const COMMON_SWITCHES = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run'
];

/** Chromium as users run it: its own feature defaults, third-party storage partitioned. */
export const userChromiumArgs = [...COMMON_SWITCHES, '--disable-features='];

/**
 * A strict browser, on purpose: Playwright's switches left as they are, so cross-site frames are
 * denied storage (as with Safari, Brave or blocked third-party storage).
 */
export const strictChromiumArgs = [...COMMON_SWITCHES];
