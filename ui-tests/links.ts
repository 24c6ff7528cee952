// `#heavyai=` links as a host (or an attacker) writes them, for the UI tests and the benchmarks.
// The site's own reader is src/wire/fragment.ts; this writer is independent of it on purpose, so a
// test does not pass merely because writer and reader share a mistake.

/** Base64url of UTF-8 text, without padding (RFC 4648 §5), as `#heavyai=` carries a payload. */
export function base64UrlText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** `#heavyai=<base64url of the payload's JSON>`. */
export function heavyaiFragment(payload: unknown): string {
  return `#heavyai=${base64UrlText(JSON.stringify(payload))}`;
}
