/**
 * Memory-only storage, chosen by `lite/config-loader.js` before the app starts when the browser
 * denies IndexedDB (a strict browser's third-party frame, private modes). No JupyterLab imports.
 */
import type { ITranslate } from '../translate';

/** The page option the config loader sets (`true`) when it switched JupyterLite to memory storage. */
export const MEMORY_STORAGE_OPTION = 'heavyaiMemoryStorage';

/**
 * The one notice the user gets in that case: it covers JupyterLite's files and our session alike.
 * JupyterLab cuts notices after 140 characters (NOTICE_MAX_LENGTH), so the fact comes first.
 */
export function nothingKeptNotice(trans: ITranslate): string {
  return trans.__(
    'Nothing will be kept after this page closes: this browser does not let the site store data here (private browsing, or an embedded site).'
  );
}

/** What the status item's explanation adds to the notice. */
export function nothingKeptDetails(trans: ITranslate): string {
  return trans.__(
    'Notebooks, files, settings and the HeavyAI session live in this page only and are lost when it is closed or reloaded. Download what you want to keep (File › Download), or open the site in its own tab of a browser that lets it store data.'
  );
}

/** JupyterLab's notification plugin shows at most this many characters of a message. */
export const NOTICE_MAX_LENGTH = 140;

/** Whether the page option (as `PageConfig.getOption` returns it: JSON text or '') says memory storage. */
export function memoryStorageChosen(option: string | undefined): boolean {
  try {
    return JSON.parse(option || 'false') === true;
  } catch {
    return false;
  }
}
