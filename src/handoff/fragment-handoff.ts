/**
 * Reads a `#heavyai=<base64url JSON>` hand-off and removes it from the address
 * bar and the history entry at once, before the router or anything else can
 * copy the URL. No JupyterLab imports.
 */
import { readHandoffFragment } from '../contract/fragment';

export type FragmentHandoff =
  | { found: false }
  | { found: true; payload: unknown; error?: undefined }
  | { found: true; error: string; payload?: undefined };

export function takeFragmentHandoff(win: Window): FragmentHandoff {
  const result = readHandoffFragment(win.location.hash);
  if (!result.found) {
    return { found: false };
  }
  const { pathname, search } = win.location;
  win.history.replaceState(win.history.state, '', `${pathname}${search}${result.remainingHash}`);
  return 'error' in result && result.error !== undefined
    ? { found: true, error: result.error }
    : { found: true, payload: (result as { payload: unknown }).payload };
}
