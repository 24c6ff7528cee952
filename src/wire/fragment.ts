/**
 * The URL-fragment hand-off: `#heavyai=<base64url(JSON)>`. A fragment is
 * never sent to a server, which is why the session may travel there; the
 * site must remove it from the address bar as soon as it is read.
 */
import { base64UrlDecodeBytes, base64UrlEncodeText } from './base64url';
import { utf8Decode } from './utf8';
import {
  CODE_FRAGMENT_KEY,
  FRAGMENT_KEY,
  findHandoffFragment
} from './fragment-params';
import { HANDOFF_CODE_PATTERN, Limits } from './limits';
import { MessageType, ISessionPayload } from './payload';
import { validateSessionPayload } from './validate';

/** Encoded length of the largest payload we would accept, plus padding slack. */
const MAX_ENCODED_CHARS = Math.ceil((Limits.payloadBytes * 4) / 3) + 4;

/**
 * What `readHandoffFragment` found: no fragment, a decoded payload still to validate, or the reason
 * decoding failed; `remainingHash` is the hash with the hand-off removed.
 */
export type HandoffFragment =
  | { found: false }
  | { found: true; payload: unknown; error?: undefined; remainingHash: string }
  | { found: true; error: string; payload?: undefined; remainingHash: string };

/** Encode `payload` as base64url JSON for a `#heavyai=` fragment; `decodePayload` reverses it. */
export function encodePayload(payload: unknown): string {
  return base64UrlEncodeText(JSON.stringify(payload));
}

/** Throws an Error with a plain reason for bad base64url, bad UTF-8, non-JSON or excess size. */
export function decodePayload(encoded: string): unknown {
  if (encoded.length > MAX_ENCODED_CHARS) {
    throw new Error('hand-off fragment is larger than 2 MB');
  }
  let bytes: Uint8Array;
  try {
    bytes = base64UrlDecodeBytes(encoded);
  } catch {
    throw new Error('hand-off fragment is not valid base64url');
  }
  let text: string;
  try {
    text = utf8Decode(bytes);
  } catch {
    throw new Error('hand-off fragment is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('hand-off fragment does not contain JSON');
  }
}

/**
 * Look for `heavyai=` (or legacy `omnisci=`) and decode it (see
 * `findHandoffFragment`, which removes every such parameter from
 * `remainingHash`).
 */
export function readHandoffFragment(hash: string): HandoffFragment {
  const found = findHandoffFragment(hash);
  if (!found.found) {
    return found;
  }
  return {
    found: true,
    ...decodeFragmentValue(found.encoded),
    remainingHash: found.remainingHash
  };
}

/** The payload a `#heavyai=` value holds, or why it could not be decoded. */
export function decodeFragmentValue(
  encoded: string
):
  | { payload: unknown; error?: undefined }
  | { error: string; payload?: undefined } {
  if (encoded === '') {
    return { error: 'hand-off fragment is empty' };
  }
  try {
    return { payload: decodePayload(percentDecoded(encoded)) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Some link rewriters percent-encode `=` padding; undo that, nothing else. */
function percentDecoded(value: string): string {
  return value.replace(/%3D/gi, '=');
}

/** How the hand-off URL is built. */
export interface IHandoffUrlOptions {
  /** Add `reset` so the saved layout is replaced (default true). */
  reset?: boolean;
}

/**
 * The URL a host page opens (tab or iframe) to hand over a session, e.g.
 * `https://site/lab/index.html?heavyai&reset#heavyai=eyJ0…`. The payload is
 * validated first and the normalised form is encoded; an invalid payload
 * throws an Error carrying the reason.
 */
export function buildHandoffUrl(
  siteLabUrl: string | URL,
  payload: ISessionPayload,
  options: IHandoffUrlOptions = {}
): string {
  const checked = validateSessionPayload(payload);
  if (!checked.ok) {
    throw new Error(checked.reason);
  }
  const message = { type: MessageType.session, ...checked.value };
  return `${handoffLabUrl(siteLabUrl, options)}#${FRAGMENT_KEY}=${encodePayload(message)}`;
}

/**
 * The site's lab URL with the `heavyai` (and `reset`) flags and no fragment:
 * what a host opens when it hands the session over by message. Throws for a
 * URL that is not http(s).
 */
export function handoffLabUrl(
  siteLabUrl: string | URL,
  options: IHandoffUrlOptions = {}
): string {
  const url = new URL(String(siteLabUrl));
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error('site URL must use http or https');
  }
  const wanted =
    options.reset === false ? [FRAGMENT_KEY] : [FRAGMENT_KEY, 'reset'];
  // URLSearchParams would write `heavyai=`; keep the bare flags the product guide shows.
  const params = url.search
    .replace(/^\?/, '')
    .split('&')
    .filter(part => part !== '');
  const present = new Set(params.map(part => part.split('=')[0]));
  for (const flag of wanted) {
    if (!present.has(flag)) {
      params.push(flag);
    }
  }
  url.search = '';
  url.hash = '';
  return `${url.href}?${params.join('&')}`;
}

/** The lab URL carrying a one-time code instead of the session. */
export function buildCodeUrl(
  siteLabUrl: string | URL,
  code: string,
  options: IHandoffUrlOptions = {}
): string {
  if (!HANDOFF_CODE_PATTERN.test(code)) {
    throw new Error('hand-off code must be 22 to 64 base64url characters');
  }
  return `${handoffLabUrl(siteLabUrl, options)}#${CODE_FRAGMENT_KEY}=${code}`;
}

export {
  CODE_FRAGMENT_KEY,
  FRAGMENT_KEY,
  LEGACY_FRAGMENT_KEY,
  REFUSED_LINK_KEY,
  findHandoffFragment,
  readFragmentFlag,
  readHandoffCode,
  type EncodedHandoffFragment,
  type HandoffCodeFragment
} from './fragment-params';
