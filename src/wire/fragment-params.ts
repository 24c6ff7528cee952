/**
 * The hand-off's parts of a URL fragment (`#heavyai=`, `#heavyai-code=`, the
 * root page's refused-link mark), found and removed without decoding: all the
 * page needs at load. Decoding and validation (fragment.ts) load later.
 */
import { HANDOFF_CODE_PATTERN } from './limits';

/** The fragment key that carries the session (`#heavyai=`). */
export const FRAGMENT_KEY = 'heavyai';
/** Spelling used before the OmniSci → HeavyAI rename. */
export const LEGACY_FRAGMENT_KEY = 'omnisci';

/**
 * What `findHandoffFragment` found: no fragment, or the encoded value (still
 * to decode, see fragment.ts) and the hash without it.
 */
export type EncodedHandoffFragment =
  { found: false } | { found: true; encoded: string; remainingHash: string };

/**
 * Look for `heavyai=` (or legacy `omnisci=`) among `&`-separated fragment
 * parameters. Every such parameter is removed from `remainingHash`, even when
 * the first could not be decoded, so no copy of a session lingers in the URL.
 * `remainingHash` is `''` or starts with `#`.
 */
export function findHandoffFragment(hash: string): EncodedHandoffFragment {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  if (body === '') {
    return { found: false };
  }
  const kept: string[] = [];
  let current: string | undefined;
  let legacy: string | undefined;
  for (const part of body.split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const value = eq < 0 ? '' : part.slice(eq + 1);
    if (key === FRAGMENT_KEY) {
      current ??= value;
    } else if (key === LEGACY_FRAGMENT_KEY) {
      legacy ??= value;
    } else {
      kept.push(part);
    }
  }
  const encoded = current ?? legacy;
  if (encoded === undefined) {
    return { found: false };
  }
  return {
    found: true,
    encoded,
    remainingHash: kept.length > 0 ? `#${kept.join('&')}` : ''
  };
}

/**
 * The one-time code hand-off: `#heavyai-code=<random>`. The code is no
 * credential: the site sends it back to the window that opened it, and only
 * that window's SDK, which minted it, knows which session it stands for.
 */
export const CODE_FRAGMENT_KEY = 'heavyai-code';

/**
 * What `readHandoffCode` found: no code, or the code (undefined when malformed) and the hash
 * without it.
 */
export type HandoffCodeFragment =
  { found: false } | { found: true; code?: string; remainingHash: string };

/** Look for `heavyai-code=`; it is removed from `remainingHash` even when malformed (then `code` is undefined). */
export function readHandoffCode(hash: string): HandoffCodeFragment {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const kept: string[] = [];
  let code: string | undefined;
  let found = false;
  for (const part of body === '' ? [] : body.split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) === CODE_FRAGMENT_KEY) {
      found = true;
      const value = eq < 0 ? '' : part.slice(eq + 1);
      code ??= HANDOFF_CODE_PATTERN.test(value) ? value : undefined;
    } else {
      kept.push(part);
    }
  }
  if (!found) {
    return { found: false };
  }
  return {
    found: true,
    code,
    remainingHash: kept.length > 0 ? `#${kept.join('&')}` : ''
  };
}

/**
 * Put by the site's root page in place of a `#heavyai=`/`#omnisci=` fragment
 * it does not forward, so the lab can say why no session came with the link.
 * It carries nothing: anyone can add it, and all it does is show that notice.
 */
export const REFUSED_LINK_KEY = 'heavyai-link-refused';

/** Look for the bare `key` (no value) among the fragment's `&`-separated parts and remove it. */
export function readFragmentFlag(
  hash: string,
  key: string
): { found: boolean; remainingHash: string } {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const parts = body === '' ? [] : body.split('&');
  const kept = parts.filter(part => part !== key);
  return {
    found: kept.length !== parts.length,
    remainingHash: kept.length > 0 ? `#${kept.join('&')}` : ''
  };
}
