/**
 * Reads a `#heavyai=<base64url JSON>` hand-off (or a `#heavyai-code=` one-time
 * code) and removes it from the address bar and the history entry at once,
 * before the router or anything else can copy the URL. No JupyterLab imports.
 */
import {
  findHandoffFragment,
  readFragmentFlag,
  readHandoffCode,
  REFUSED_LINK_KEY
} from '../wire/fragment-params';
import type { ILinkArrival } from './fragment-trust';

/**
 * A `#heavyai=` fragment taken from the URL: absent, or its value still to decode and validate
 * (`decodeFragmentValue` in wire/fragment.ts, loaded with the hand-off wiring).
 */
export type FragmentHandoff =
  { found: false } | { found: true; encoded: string };

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
  const result = findHandoffFragment(win.location.hash);
  if (!result.found) {
    return { found: false };
  }
  replaceHash(win, result.remainingHash);
  return { found: true, encoded: result.encoded };
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

/** Take the root page's "link not forwarded" mark out of the URL; true when it was there. */
export function takeRefusedLinkMark(win: Window): boolean {
  const result = readFragmentFlag(win.location.hash, REFUSED_LINK_KEY);
  if (result.found) {
    replaceHash(win, result.remainingHash);
  }
  return result.found;
}

function originOf(url: string): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where the browser says this document was opened from: the page that
 * navigated to it (the referrer, absent for a typed or pasted URL, a
 * bookmark, `rel=noreferrer`) and, in a frame, the pages embedding it.
 */
export function linkArrival(win: Window): ILinkArrival {
  let framed: boolean;
  try {
    framed = !!win.parent && win.parent !== win;
  } catch {
    framed = true;
  }
  const ancestors = framed ? win.location.ancestorOrigins : undefined;
  return {
    referrer: originOf(win.document.referrer),
    framed,
    embedders: ancestors ? Array.from(ancestors) : []
  };
}
