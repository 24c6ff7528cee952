import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { pythonStringLiteral } from '../../src/codegen/python-literal';

const HOSTILE: string[] = [
  '',
  ' ',
  "'",
  '"',
  "'''",
  '"""',
  "'''\"\"\"'''",
  '\\',
  '\\\\',
  "\\'",
  'ends with backslash\\',
  'a\nb',
  '\r\n',
  '\t',
  '\u0000',
  'nul\u0000in middle',
  '\u0007\u0008\u000b\u000c\u001b\u007f',
  '\u0085 next line',
  '\u00a0 no-break space',
  '\u2028 line separator \u2029 paragraph separator',
  '\u202e bidi override \u2066 isolate \u2069',
  '\u200b zero width \ufeff bom',
  '\ud800',
  '\udfff',
  'lone high \ud83d then text',
  'reversed pair \ude00\ud83d',
  '😀 non-BMP',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  '\u{10ffff}',
  '\ue000 private use',
  'Grüße 世界',
  "SELECT * FROM t WHERE name = 'O''Brien' -- comment",
  "'); import os; os.system('rm -rf /'); ('",
  '{braces} and %s and {0}',
  '\\N{BULLET} not an escape',
  '\\x41 literal backslash x',
  "\\\n'",
  '#!/bin/sh\n"""\nprint(1)\n"""'
];

function randomString(length: number): string {
  const pools = [
    () => String.fromCharCode(Math.floor(Math.random() * 0x80)),
    () => String.fromCharCode(Math.floor(Math.random() * 0x10000)),
    () => String.fromCodePoint(0x10000 + Math.floor(Math.random() * 0x100000)),
    () => ["'", '"', '\\', '\n', '\u2028'][Math.floor(Math.random() * 5)]
  ];
  let out = '';
  for (let i = 0; i < length; i++) {
    out += pools[Math.floor(Math.random() * pools.length)]();
  }
  return out;
}

const FUZZ = Array.from({ length: 300 }, (_, i) => randomString(i % 40));

describe('pythonStringLiteral', () => {
  it('quotes plain text simply', () => {
    assert.equal(pythonStringLiteral('SELECT 1'), "'SELECT 1'");
    assert.equal(pythonStringLiteral(''), "''");
  });

  it('escapes quotes, backslashes and line breaks', () => {
    assert.equal(pythonStringLiteral("it's"), "'it\\'s'");
    assert.equal(pythonStringLiteral('a\\b'), "'a\\\\b'");
    assert.equal(pythonStringLiteral('a\nb\r\tc'), "'a\\nb\\r\\tc'");
    assert.equal(pythonStringLiteral('say "hi"'), '\'say "hi"\'');
  });

  it('escapes invisible and line-breaking code points so the cell shows them', () => {
    assert.equal(pythonStringLiteral('\u0000'), "'\\x00'");
    assert.equal(pythonStringLiteral('\u0085'), "'\\x85'");
    assert.equal(pythonStringLiteral('\u00a0'), "'\\xa0'");
    assert.equal(pythonStringLiteral('\u2028'), "'\\u2028'");
    assert.equal(pythonStringLiteral('\u202e'), "'\\u202e'");
    assert.equal(pythonStringLiteral('\ud800'), "'\\ud800'");
    assert.equal(pythonStringLiteral('\u{e0001}'), "'\\U000e0001'");
  });

  it('keeps printable non-ASCII text readable', () => {
    assert.equal(pythonStringLiteral('Grüße 世界 😀'), "'Grüße 世界 😀'");
  });

  it('never emits a raw line break or quote that could end the literal early', () => {
    for (const text of [...HOSTILE, ...FUZZ]) {
      const literal = pythonStringLiteral(text);
      const inner = literal.slice(1, -1);
      assert.ok(
        // eslint-disable-next-line no-control-regex -- Python's line breaks include these controls
        !/[\n\r\u0085\u2028\u2029\u000b\u000c\u001c-\u001e]/.test(literal),
        JSON.stringify(text)
      );
      // Every quote inside must be escaped by an odd run of backslashes.
      for (const match of inner.matchAll(/(\\*)'/g)) {
        assert.equal(match[1].length % 2, 1, JSON.stringify(text));
      }
      assert.ok(
        !/(^|[^\\])(\\\\)*\\$/.test(inner),
        'no dangling backslash before the closing quote'
      );
    }
  });

  const python = spawnSync('python3', ['--version']);
  const hasPython = python.status === 0;

  it(
    'round-trips through Python ast.literal_eval',
    { skip: hasPython ? false : 'python3 not on PATH' },
    () => {
      const inputs = [...HOSTILE, ...FUZZ];
      const program = [
        'import ast, json, sys',
        'out = []',
        'for line in sys.stdin.read().split("\\n"):',
        '    value = ast.literal_eval(line)',
        '    assert type(value) is str',
        '    out.append([ord(c) for c in value])',
        'print(json.dumps(out))'
      ].join('\n');
      const literals = inputs.map(pythonStringLiteral);
      const result = spawnSync('python3', ['-c', program], {
        input: literals.join('\n'),
        encoding: 'utf-8',
        maxBuffer: 64 * 1024 * 1024
      });
      assert.equal(result.status, 0, result.stderr);
      const codePoints: number[][] = JSON.parse(result.stdout);
      assert.equal(codePoints.length, inputs.length);
      inputs.forEach((text, i) => {
        // for…of yields code points and leaves lone surrogates as themselves, as Python does.
        const expected = Array.from(text, char => char.codePointAt(0)!);
        assert.deepEqual(
          codePoints[i],
          expected,
          `round trip of ${JSON.stringify(text)}`
        );
      });
    }
  );
});
