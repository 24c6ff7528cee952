import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  base64UrlDecodeBytes,
  base64UrlDecodeText,
  base64UrlEncodeBytes,
  base64UrlEncodeText
} from '../../src/wire/base64url';
import {
  buildHandoffUrl,
  decodePayload,
  encodePayload,
  readHandoffFragment
} from '../../src/wire/fragment';
import { validateSessionPayload } from '../../src/wire/validate';

const PAYLOAD = {
  session: 'abcDEF123456',
  connection: {
    protocol: 'https' as const,
    host: 'db.example.com',
    port: 6278
  },
  query: "SELECT * FROM t WHERE s = 'ü 😀'"
};

describe('base64url', () => {
  it('matches RFC 4648 test vectors, without padding', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'Zg'],
      ['fo', 'Zm8'],
      ['foo', 'Zm9v'],
      ['foob', 'Zm9vYg'],
      ['fooba', 'Zm9vYmE'],
      ['foobar', 'Zm9vYmFy']
    ];
    for (const [plain, encoded] of vectors) {
      assert.equal(base64UrlEncodeText(plain), encoded);
      assert.equal(base64UrlDecodeText(encoded), plain);
    }
  });

  it('uses - and _ instead of + and /', () => {
    const bytes = new Uint8Array([0xfb, 0xff, 0xbf]);
    assert.equal(base64UrlEncodeBytes(bytes), '-_-_');
    assert.deepEqual(base64UrlDecodeBytes('-_-_'), bytes);
  });

  it('round-trips every byte value and agrees with Node for random data', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(base64UrlDecodeBytes(base64UrlEncodeBytes(all)), all);
    for (let n = 0; n < 50; n++) {
      const data = Uint8Array.from({ length: n * 7 }, () =>
        Math.floor(Math.random() * 256)
      );
      const encoded = base64UrlEncodeBytes(data);
      assert.equal(encoded, Buffer.from(data).toString('base64url'));
      assert.deepEqual(base64UrlDecodeBytes(encoded), data);
    }
  });

  it('is UTF-8 safe', () => {
    const text = 'Grüße, 世界, 😀, \u2028';
    assert.equal(base64UrlDecodeText(base64UrlEncodeText(text)), text);
  });

  it('tolerates padding but rejects other characters and impossible lengths', () => {
    assert.equal(base64UrlDecodeText('Zg=='), 'f');
    for (const bad of ['Zm9v+', 'Zm9v/', 'Zm 9v', 'Z', 'Zm9vY', 'Zg===', 'ü']) {
      assert.throws(() => base64UrlDecodeBytes(bad), Error, bad);
    }
  });

  it('rejects bytes that are not UTF-8 when decoding text', () => {
    assert.throws(() =>
      base64UrlDecodeText(base64UrlEncodeBytes(new Uint8Array([0xff, 0xfe])))
    );
  });
});

describe('readHandoffFragment', () => {
  const encoded = encodePayload(PAYLOAD);

  it('finds nothing in empty or unrelated fragments', () => {
    for (const hash of [
      '',
      '#',
      '#foo=bar',
      '#heavyaix=abc',
      '#xheavyai=abc',
      '#/lab/tree'
    ]) {
      assert.deepEqual(readHandoffFragment(hash), { found: false }, hash);
    }
  });

  it('reads #heavyai= and removes it', () => {
    assert.deepEqual(readHandoffFragment(`#heavyai=${encoded}`), {
      found: true,
      payload: PAYLOAD,
      remainingHash: ''
    });
  });

  it('accepts a hash without the leading #', () => {
    const result = readHandoffFragment(`heavyai=${encoded}`);
    assert.ok(result.found);
    assert.deepEqual(result.payload, PAYLOAD);
  });

  it('reads the legacy #omnisci= spelling', () => {
    const result = readHandoffFragment(`#omnisci=${encoded}`);
    assert.ok(result.found);
    assert.deepEqual(result.payload, PAYLOAD);
  });

  it('keeps other fragment parameters in order', () => {
    const result = readHandoffFragment(`#a=1&heavyai=${encoded}&b&c=3`);
    assert.ok(result.found);
    assert.deepEqual(result.payload, PAYLOAD);
    assert.equal(result.remainingHash, '#a=1&b&c=3');
  });

  it('prefers heavyai over omnisci and strips both', () => {
    const other = encodePayload({ session: 'other' });
    const result = readHandoffFragment(
      `#omnisci=${other}&heavyai=${encoded}&heavyai=${other}`
    );
    assert.ok(result.found);
    assert.deepEqual(result.payload, PAYLOAD);
    assert.equal(result.remainingHash, '');
  });

  it('accepts percent-encoded padding', () => {
    const result = readHandoffFragment(
      `#heavyai=${base64UrlEncodeText('"x"')}%3D%3D`
    );
    assert.ok(result.found);
    assert.equal(result.payload, 'x');
  });

  const broken: Array<[string, string, RegExp]> = [
    ['bad base64', '#heavyai=%%%not-base64', /not valid base64url/],
    [
      'standard base64 alphabet',
      `#heavyai=${Buffer.from([0xfb, 0xff, 0xbf]).toString('base64')}`,
      /not valid base64url/
    ],
    ['impossible length', '#heavyai=abcde', /not valid base64url/],
    [
      'non-JSON',
      `#heavyai=${base64UrlEncodeText('session=abc')}`,
      /does not contain JSON/
    ],
    [
      'truncated JSON',
      `#heavyai=${base64UrlEncodeText('{"session":"a"')}`,
      /does not contain JSON/
    ],
    [
      'invalid UTF-8',
      `#heavyai=${base64UrlEncodeBytes(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]))}`,
      /not valid UTF-8/
    ],
    ['empty value', '#heavyai=', /empty/],
    ['bare key', '#x=1&heavyai', /empty/],
    ['oversized', `#heavyai=${'A'.repeat(3_000_000)}`, /larger than 2 MB/]
  ];
  for (const [label, hash, reason] of broken) {
    it(`reports ${label} as an error and still strips it`, () => {
      const result = readHandoffFragment(hash);
      assert.ok(result.found);
      assert.equal(result.payload, undefined);
      assert.match(result.error ?? '', reason);
      assert.equal(result.remainingHash, hash.startsWith('#x=1') ? '#x=1' : '');
    });
  }

  it('returns decoded JSON that still has to pass validation', () => {
    const result = readHandoffFragment(
      `#heavyai=${encodePayload({ session: 'a', connection: { protocol: 'javascript', host: 'x', port: 1 } })}`
    );
    assert.ok(result.found && result.payload !== undefined);
    const checked = validateSessionPayload(result.payload);
    assert.equal(checked.ok, false);
  });
});

describe('decodePayload', () => {
  it('is the inverse of encodePayload', () => {
    assert.deepEqual(decodePayload(encodePayload(PAYLOAD)), PAYLOAD);
  });
});

describe('buildHandoffUrl', () => {
  it('produces ?heavyai&reset and a fragment that reads back to the normalised message', () => {
    const url = buildHandoffUrl('https://site.example.com/lab/index.html', {
      ...PAYLOAD,
      connection: { ...PAYLOAD.connection, host: 'DB.example.com' }
    });
    const [base, hash] = url.split('#');
    assert.equal(base, 'https://site.example.com/lab/index.html?heavyai&reset');
    const result = readHandoffFragment(`#${hash}`);
    assert.ok(result.found);
    assert.deepEqual(result.payload, { type: 'heavyai:session', ...PAYLOAD });
  });

  it('keeps existing query parameters, replaces an existing fragment and does not duplicate flags', () => {
    const url = buildHandoffUrl(
      new URL('https://site.example.com/sub/lab/index.html?foo=1&reset#old'),
      {
        session: 'abc'
      }
    );
    assert.match(
      url,
      /^https:\/\/site\.example\.com\/sub\/lab\/index\.html\?foo=1&reset&heavyai#heavyai=[A-Za-z0-9_-]+$/
    );
  });

  it('can leave out reset', () => {
    const url = buildHandoffUrl(
      'https://site.example.com/lab/',
      { session: 'abc' },
      { reset: false }
    );
    assert.match(url, /^https:\/\/site\.example\.com\/lab\/\?heavyai#heavyai=/);
  });

  it('never puts the session in the query string', () => {
    const url = new URL(
      buildHandoffUrl('https://site.example.com/lab/index.html', {
        session: 'SESSIONVALUE'
      })
    );
    assert.ok(!url.search.includes('SESSIONVALUE'));
    assert.ok(
      !url.hash.includes('SESSIONVALUE'),
      'the fragment is encoded, not plain'
    );
  });

  it('throws the validation reason for a bad payload', () => {
    assert.throws(
      () =>
        buildHandoffUrl('https://site.example.com/lab/index.html', {
          session: 'a',
          connection: { protocol: 'ftp' as 'http', host: 'x', port: 1 }
        }),
      /connection\.protocol must be http or https/
    );
  });

  it('refuses non-web site URLs', () => {
    assert.throws(
      () => buildHandoffUrl('javascript:alert(1)', { session: 'abc' }),
      /http or https/
    );
    assert.throws(() => buildHandoffUrl('not a url', { session: 'abc' }));
  });
});
