/**
 * What the user is told when the site runs on memory storage (see memory-mode.ts); loaded with
 * the notice and the status item that show it, only on such a page. No JupyterLab imports.
 */
import type { ITranslate } from '../translate';

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
