// The configuration the UI tests and benchmarks add to a served site. The
// shipped jupyter-lite.json exposes nothing for tests; every test or bench
// server passes its siteConfig through `testSiteConfig` (or serves with
// `serveTestSite`) so `window.jupyterapp` exists there and only there.
import { serveStatic } from './static-server.mjs';

/** Test-only hooks: JupyterLite's `exposeAppInBrowser` makes the app `window.jupyterapp`. */
export const TEST_HOOKS = Object.freeze({ exposeAppInBrowser: true });

/** `siteConfig` for a test or bench server: the test hooks plus the server's own settings. */
export function testSiteConfig(siteConfig = {}) {
  return { ...TEST_HOOKS, ...siteConfig };
}

/** `serveStatic` for a built site under test: its served jupyter-lite.json gets the test hooks. */
export function serveTestSite(options) {
  return serveStatic({ ...options, siteConfig: testSiteConfig(options.siteConfig) });
}

/** The translation plugin whose `locale` setting picks the interface language. */
const TRANSLATION_SETTINGS = '@jupyterlab/translation-extension:plugin';

/**
 * `serveTestSite` options that switch a served site to `locale`, with `packFile` served as
 * its language pack at `api/translations/<locale>.json` (where JupyterLite's translator
 * connector reads it), in JupyterLab's format: `{ data: { <domain>: <Jed JSON> }, message }`.
 */
export function languagePackSite({ locale, packFile }) {
  return {
    siteConfig: { settingsOverrides: { [TRANSLATION_SETTINGS]: { locale } } },
    extraFiles: { [`/api/translations/${locale}.json`]: packFile }
  };
}
