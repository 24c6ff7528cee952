/**
 * Exact web origins (`scheme://host[:port]`). The hand-off trusts a sender by
 * origin alone, so comparisons use the browser's own normalisation.
 */
import { Validated } from './payload';

/**
 * Normalise an origin string (`HTTPS://Immerse.Example.com:443` becomes
 * `https://immerse.example.com`). Paths, queries, credentials, wildcards and
 * non-http(s) schemes are refused; a single trailing slash is tolerated.
 */
export function normalizeOrigin(
  input: unknown,
  field = 'origin'
): Validated<string> {
  if (typeof input !== 'string' || input === '') {
    return { ok: false, reason: `${field} must be a non-empty string` };
  }
  if (input.includes('*')) {
    return {
      ok: false,
      reason: `${field} must be an exact origin; wildcards are not allowed`
    };
  }
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, reason: `${field} is not a valid origin` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: `${field} must use http or https` };
  }
  if (url.username || url.password) {
    return { ok: false, reason: `${field} must not contain credentials` };
  }
  const withoutSlash = input.replace(/\/$/, '');
  if (
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    /[/?#]/.test(withoutSlash.replace(/^[a-z]+:\/\//i, ''))
  ) {
    return {
      ok: false,
      reason: `${field} must not contain a path, query or fragment`
    };
  }
  return { ok: true, value: url.origin };
}
