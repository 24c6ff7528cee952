/**
 * UTF-8 helpers that work the same in a page, a service worker and Node,
 * without Buffer.
 */

/**
 * Byte length of `text` once UTF-8 encoded, counted without allocating,
 * so an oversized string can be refused before it is copied.
 * A lone surrogate counts 3 bytes, as TextEncoder replaces it with U+FFFD.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) {
      bytes += 1;
    } else if (unit < 0x800) {
      bytes += 2;
    } else if (
      unit >= 0xd800 &&
      unit <= 0xdbff &&
      isLowSurrogate(text.charCodeAt(i + 1))
    ) {
      bytes += 4;
      i++;
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** UTF-8 bytes of `text`. */
export function utf8Encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Throws on invalid UTF-8 rather than silently inserting U+FFFD. */
export function utf8Decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
