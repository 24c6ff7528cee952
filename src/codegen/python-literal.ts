/**
 * Emitting values into generated Python code. SQL pasted into a string
 * unescaped would let a quote or a newline break the cell (or run code), so
 * every string becomes a literal that `ast.literal_eval` turns back into
 * exactly the same text.
 */

/**
 * Characters written as escapes rather than as themselves: control, format,
 * private-use, unassigned and surrogate code points (\p{C}) and every
 * separator except the plain space (\p{Z}) — so line breaks Python or an
 * editor would honour, bidi overrides ("Trojan Source") and invisible
 * characters are all visible in the cell.
 */
const NEEDS_ESCAPE = /[\p{C}\p{Z}]/u;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\',
  "'": "\\'",
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t'
};

/**
 * A single-quoted Python 3 `str` literal for `text`. Lone surrogates are
 * kept, as `\udXXX` escapes: Python strings may hold them too, so the value
 * round-trips exactly (encoding it to UTF-8 in Python would fail, as it
 * would have failed in JavaScript).
 */
export function pythonStringLiteral(text: string): string {
  let out = "'";
  // for…of walks code points, leaving unpaired surrogates as single units.
  for (const char of text) {
    const simple = SIMPLE_ESCAPES[char];
    if (simple !== undefined) {
      out += simple;
    } else if (char !== ' ' && NEEDS_ESCAPE.test(char)) {
      out += escapeCodePoint(char.codePointAt(0)!);
    } else {
      out += char;
    }
  }
  return out + "'";
}

function escapeCodePoint(code: number): string {
  if (code <= 0xff) {
    return '\\x' + hex(code, 2);
  }
  if (code <= 0xffff) {
    return '\\u' + hex(code, 4);
  }
  return '\\U' + hex(code, 8);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}
