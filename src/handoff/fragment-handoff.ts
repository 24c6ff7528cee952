/**
 * Reads a `#heavyai=<base64url JSON>` hand-off (or a `#heavyai-code=` one-time
 * code) and removes it from the address bar and the history entry at once,
 * before the router or anything else can copy the URL. No JupyterLab imports.
 */
import { readHandoffFragment, readHandoffCode } from '../wire/fragment';

/**
 * A `#heavyai=` fragment taken from the URL: absent, a payload still to validate, or the reason it
 * could not be decoded.
 */
export type FragmentHandoff =
  | { found: false }
  | { found: true; payload: unknown; error?: undefined }
  | { found: true; error: string; payload?: undefined };

function replaceHash(win: Window, remainingHash: string): void {
  const { pathname, search } = win.location;
  win.history.replaceState(
    win.history.state,
    '',
    `${pathname}${search}${remainingHash}`
  );
}

/**
 * Read the `#heavyai=` fragment and remove it from the address bar at once (other fragment parts
 * stay), so the session does not linger in the URL or history.
 */
export function takeFragmentHandoff(win: Window): FragmentHandoff {
  const result = readHandoffFragment(win.location.hash);
  if (!result.found) {
    return { found: false };
  }
  replaceHash(win, result.remainingHash);
  return 'error' in result && result.error !== undefined
    ? { found: true, error: result.error }
    : { found: true, payload: (result as { payload: unknown }).payload };
}

/** Take a `#heavyai-code=` one-time code out of the URL; undefined when there is none or it is malformed. */
export function takeHandoffCode(win: Window): string | undefined {
  const result = readHandoffCode(win.location.hash);
  if (!result.found) {
    return undefined;
  }
  replaceHash(win, result.remainingHash);
  return result.code;
}

/**
 * The origin of the page this document was opened from: the embedding page
 * for a frame (`ancestorOrigins`, else the referrer), the referring page for
 * a tab. Undefined when the browser tells nothing (no referrer, e.g. a typed
 * or pasted URL, a bookmark, `rel=noreferrer`).
 */
export function arrivalOrigin(win: Window): string | undefined {
  const framed = win.parent && win.parent !== win;
  const ancestor = framed ? win.location.ancestorOrigins?.[0] : undefined;
  if (ancestor) {
    return ancestor;
  }
  try {
    return win.document.referrer
      ? new URL(win.document.referrer).origin
      : undefined;
  } catch {
    return undefined;
  }
}
