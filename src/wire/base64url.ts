/**
 * base64url (RFC 4648 §5) without padding. Written by hand because `btoa`
 * only takes Latin-1 and Buffer does not exist in browsers.
 */
import { utf8Decode, utf8Encode } from './utf8';

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const DECODE_TABLE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) {
    table[ALPHABET.charCodeAt(i)] = i;
  }
  return table;
})();

/**
 * Base64url without padding, the form that may stand in a URL fragment or query without escaping.
 */
export function base64UrlEncodeBytes(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out +=
      ALPHABET[n >> 18] +
      ALPHABET[(n >> 12) & 63] +
      ALPHABET[(n >> 6) & 63] +
      ALPHABET[n & 63];
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63];
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out +=
      ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63];
  }
  return out;
}

/**
 * Strict decoder: only the URL-safe alphabet is accepted (trailing `=`
 * padding is tolerated because some encoders add it). Throws on anything else.
 */
export function base64UrlDecodeBytes(text: string): Uint8Array {
  const body = text.replace(/={1,2}$/, '');
  if (body.length % 4 === 1) {
    throw new Error('invalid base64url length');
  }
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < body.length; i++) {
    const code = body.charCodeAt(i);
    const value = code < 128 ? DECODE_TABLE[code] : -1;
    if (value < 0) {
      throw new Error('invalid base64url character');
    }
    acc = ((acc << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** Base64url of `text` in UTF-8. */
export function base64UrlEncodeText(text: string): string {
  return base64UrlEncodeBytes(utf8Encode(text));
}

/** Throws on bad base64url or on bytes that are not valid UTF-8. */
export function base64UrlDecodeText(text: string): string {
  return utf8Decode(base64UrlDecodeBytes(text));
}
