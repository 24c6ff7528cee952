/**
 * The site's `heavyai` settings as the page starts: the defaults, and the
 * page's `jupyter-config-data`. A page whose configuration has no `heavyai`
 * section (the default site) needs nothing else; only a page that has one
 * loads the parser (site-config.ts, with its connection and origin rules).
 * No JupyterLab imports.
 */
import { PluginIDs } from './ids';
import type { IEnvironmentNames, ISiteConfig } from './site-config';

/**
 * The environment-variable names a hand-off's `environment` is read under for the
 * connection, and that the endpoint reports, unless the site configuration renames them.
 */
export const DEFAULT_ENVIRONMENT_NAMES: Readonly<IEnvironmentNames> =
  Object.freeze({
    protocol: 'HEAVYAI_PROTOCOL',
    host: 'HEAVYAI_HOST',
    port: 'HEAVYAI_PORT'
  });

/**
 * How long, in ms, a deep link waits for a hand-off before giving up, unless the site configuration
 * says otherwise.
 */
export const DEFAULT_WAIT_FOR_SESSION_MS = 10_000;

/** The key under `jupyter-config-data` that holds our settings. */
export const CONFIG_KEY = 'heavyai';

/**
 * The settings used when the site configuration has none: no extra origins, default names, the
 * browser's session store.
 */
export function defaultConfig(): ISiteConfig {
  return {
    allowedOrigins: [],
    sessionManager: { ...DEFAULT_ENVIRONMENT_NAMES },
    sessionManagerId: PluginIDs.defaultSessionManager,
    waitForSessionMs: DEFAULT_WAIT_FOR_SESSION_MS
  };
}

/** The page's `jupyter-config-data` (filled by the config loader before our package loads). */
export function pageConfigData(doc: Document): unknown {
  const element = doc.getElementById('jupyter-config-data');
  try {
    return element ? JSON.parse(element.textContent || '{}') : {};
  } catch {
    return {};
  }
}

/**
 * Whether `jupyter-config-data` needs the parser: false only for an object without a `heavyai`
 * value, whose reading is `defaultConfig()` without warnings.
 */
export function needsConfigParser(configData: unknown): boolean {
  if (
    typeof configData !== 'object' ||
    configData === null ||
    Array.isArray(configData)
  ) {
    return true;
  }
  const section = Object.prototype.hasOwnProperty.call(configData, CONFIG_KEY)
    ? (configData as Record<string, unknown>)[CONFIG_KEY]
    : undefined;
  return section !== undefined && section !== null && section !== '';
}
