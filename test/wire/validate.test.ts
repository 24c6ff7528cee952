import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  validateHostMessage,
  validateSessionPayload,
  validateSiteMessage
} from '../../src/wire/validate';
import { Limits } from '../../src/wire/limits';

const SESSION = 'S3cr3tSessionIdValue0123456789AB';
const good = () => ({
  session: SESSION,
  connection: { protocol: 'https', host: 'db.example.com', port: 6278 }
});

function rejected(input: unknown): string {
  const result = validateSessionPayload(input);
  assert.equal(
    result.ok,
    false,
    `expected rejection of ${safeDescribe(input)}`
  );
  return (result as { reason: string }).reason;
}

function safeDescribe(input: unknown): string {
  try {
    return JSON.stringify(input)?.slice(0, 120) ?? String(input);
  } catch {
    return String(input);
  }
}

const big = (bytes: number) => 'x'.repeat(bytes);

/** [label, payload, words the reason must contain] */
const MALFORMED: Array<[string, unknown, RegExp]> = [
  ['null', null, /payload/],
  ['array', [SESSION], /payload/],
  ['string', SESSION, /payload/],
  ['number', 42, /payload/],
  ['Date instance', new Date(), /payload/],
  ['missing session', { connection: good().connection }, /session is missing/],
  ['session null', { session: null }, /session is missing/],
  ['session number', { session: 12345 }, /session must be a string/],
  ['session object', { session: { id: 'x' } }, /session must be a string/],
  ['empty session', { session: '' }, /session must not be empty/],
  ['session with space', { session: 'abc def' }, /session must be printable/],
  [
    'session with newline',
    { session: 'abc\ndef' },
    /session must be printable/
  ],
  ['session with NUL', { session: 'abc\u0000' }, /session must be printable/],
  ['session with non-ASCII', { session: 'abcé' }, /session must be printable/],
  [
    'session too long',
    { session: 'a'.repeat(257) },
    /session is longer than 256/
  ],
  [
    'wrong type field',
    { ...good(), type: 'heavyai:logout' },
    /type must be heavyai:session/
  ],
  [
    'connection not object',
    { ...good(), connection: 'https://db:6278' },
    /connection must be an object/
  ],
  [
    'connection array',
    { ...good(), connection: [] },
    /connection must be an object/
  ],
  [
    'protocol missing',
    { session: SESSION, connection: { host: 'db', port: 1 } },
    /connection\.protocol is missing/
  ],
  [
    'host missing',
    { session: SESSION, connection: { protocol: 'http', port: 1 } },
    /connection\.host is missing/
  ],
  [
    'port missing',
    { session: SESSION, connection: { protocol: 'http', host: 'db' } },
    /connection\.port is missing/
  ],
  [
    'javascript: protocol',
    {
      ...good(),
      connection: { ...good().connection, protocol: 'javascript:' }
    },
    /connection\.protocol must be http or https/
  ],
  [
    'javascript protocol',
    { ...good(), connection: { ...good().connection, protocol: 'javascript' } },
    /connection\.protocol/
  ],
  [
    'file protocol',
    { ...good(), connection: { ...good().connection, protocol: 'file' } },
    /connection\.protocol/
  ],
  [
    'ftp protocol',
    { ...good(), connection: { ...good().connection, protocol: 'ftp' } },
    /connection\.protocol/
  ],
  [
    'protocol with slashes',
    { ...good(), connection: { ...good().connection, protocol: 'https://' } },
    /connection\.protocol/
  ],
  [
    'protocol with two colons',
    { ...good(), connection: { ...good().connection, protocol: 'http::' } },
    /connection\.protocol/
  ],
  [
    'protocol number',
    { ...good(), connection: { ...good().connection, protocol: 443 } },
    /connection\.protocol must be a string/
  ],
  [
    'port 0',
    { ...good(), connection: { ...good().connection, port: 0 } },
    /connection\.port/
  ],
  [
    'port 70000',
    { ...good(), connection: { ...good().connection, port: 70000 } },
    /connection\.port/
  ],
  [
    'port 65536',
    { ...good(), connection: { ...good().connection, port: 65536 } },
    /connection\.port/
  ],
  [
    'port 1.5',
    { ...good(), connection: { ...good().connection, port: 1.5 } },
    /connection\.port/
  ],
  [
    'port "80a"',
    { ...good(), connection: { ...good().connection, port: '80a' } },
    /connection\.port/
  ],
  [
    'port -1',
    { ...good(), connection: { ...good().connection, port: -1 } },
    /connection\.port/
  ],
  [
    'port "-1"',
    { ...good(), connection: { ...good().connection, port: '-1' } },
    /connection\.port/
  ],
  [
    'port NaN',
    { ...good(), connection: { ...good().connection, port: NaN } },
    /connection\.port/
  ],
  [
    'port Infinity',
    { ...good(), connection: { ...good().connection, port: Infinity } },
    /connection\.port/
  ],
  [
    'port " 80"',
    { ...good(), connection: { ...good().connection, port: ' 80' } },
    /connection\.port/
  ],
  [
    'port "1e3"',
    { ...good(), connection: { ...good().connection, port: '1e3' } },
    /connection\.port/
  ],
  [
    'port ""',
    { ...good(), connection: { ...good().connection, port: '' } },
    /connection\.port/
  ],
  [
    'port boolean',
    { ...good(), connection: { ...good().connection, port: true } },
    /connection\.port/
  ],
  [
    'host with scheme',
    {
      ...good(),
      connection: { ...good().connection, host: 'https://db.example.com' }
    },
    /connection\.host .*scheme/
  ],
  [
    'host with path',
    {
      ...good(),
      connection: { ...good().connection, host: 'db.example.com/evil' }
    },
    /connection\.host .*path/
  ],
  [
    'host with query',
    {
      ...good(),
      connection: { ...good().connection, host: 'db.example.com?x=1' }
    },
    /connection\.host .*query/
  ],
  [
    'host with fragment',
    { ...good(), connection: { ...good().connection, host: 'db#x' } },
    /connection\.host/
  ],
  [
    'host with credentials',
    {
      ...good(),
      connection: { ...good().connection, host: 'user@db.example.com' }
    },
    /connection\.host .*credentials/
  ],
  [
    'host with user:pass',
    { ...good(), connection: { ...good().connection, host: 'u:p@db' } },
    /connection\.host .*credentials/
  ],
  [
    'host with port',
    {
      ...good(),
      connection: { ...good().connection, host: 'db.example.com:6278' }
    },
    /connection\.host .*port/
  ],
  [
    'host with space',
    { ...good(), connection: { ...good().connection, host: 'db example.com' } },
    /connection\.host .*whitespace/
  ],
  [
    'host with tab',
    { ...good(), connection: { ...good().connection, host: 'db\t' } },
    /connection\.host .*whitespace/
  ],
  [
    'host empty',
    { ...good(), connection: { ...good().connection, host: '' } },
    /connection\.host must not be empty/
  ],
  [
    'host backslash',
    { ...good(), connection: { ...good().connection, host: 'db\\evil' } },
    /connection\.host/
  ],
  [
    'host javascript:',
    {
      ...good(),
      connection: { ...good().connection, host: 'javascript:alert(1)' }
    },
    /connection\.host/
  ],
  [
    'host label starting with hyphen',
    {
      ...good(),
      connection: { ...good().connection, host: '-db.example.com' }
    },
    /connection\.host is not a valid/
  ],
  [
    'host label too long',
    {
      ...good(),
      connection: { ...good().connection, host: 'a'.repeat(64) + '.com' }
    },
    /connection\.host is not a valid/
  ],
  [
    'host empty label',
    {
      ...good(),
      connection: { ...good().connection, host: 'db..example.com' }
    },
    /connection\.host is not a valid/
  ],
  [
    'host underscore',
    { ...good(), connection: { ...good().connection, host: 'heavy_db' } },
    /connection\.host is not a valid/
  ],
  [
    'host unicode',
    { ...good(), connection: { ...good().connection, host: 'bücher.example' } },
    /connection\.host must be ASCII/
  ],
  [
    'host IPv4 octet 256',
    { ...good(), connection: { ...good().connection, host: '256.1.1.1' } },
    /connection\.host is not a valid/
  ],
  [
    'host IPv4 three parts',
    { ...good(), connection: { ...good().connection, host: '10.0.1' } },
    /connection\.host is not a valid/
  ],
  [
    'host IPv4 leading zero',
    { ...good(), connection: { ...good().connection, host: '010.0.0.1' } },
    /connection\.host is not a valid/
  ],
  [
    'host bare IPv6',
    { ...good(), connection: { ...good().connection, host: '::1' } },
    /connection\.host .*port/
  ],
  [
    'host IPv6 two ::',
    { ...good(), connection: { ...good().connection, host: '[1::2::3]' } },
    /connection\.host .*IPv6/
  ],
  [
    'host IPv6 too many groups',
    {
      ...good(),
      connection: { ...good().connection, host: '[1:2:3:4:5:6:7:8:9]' }
    },
    /connection\.host .*IPv6/
  ],
  [
    'host IPv6 zone id',
    {
      ...good(),
      connection: { ...good().connection, host: '[fe80::1%25eth0]' }
    },
    /connection\.host/
  ],
  [
    'host IPv6 unclosed',
    { ...good(), connection: { ...good().connection, host: '[::1' } },
    /connection\.host .*IPv6/
  ],
  [
    'host IPv6 with port',
    { ...good(), connection: { ...good().connection, host: '[::1]:80' } },
    /connection\.host/
  ],
  [
    'host number',
    { ...good(), connection: { ...good().connection, host: 127001 } },
    /connection\.host must be a string/
  ],
  [
    'database not string',
    { ...good(), connection: { ...good().connection, database: 7 } },
    /connection\.database must be a string/
  ],
  [
    'database too long',
    {
      ...good(),
      connection: { ...good().connection, database: 'd'.repeat(129) }
    },
    /connection\.database is longer than 128/
  ],
  [
    'database with newline',
    { ...good(), connection: { ...good().connection, database: 'a\nb' } },
    /connection\.database contains non-printable/
  ],
  [
    'database with bidi override',
    { ...good(), connection: { ...good().connection, database: 'a\u202eb' } },
    /connection\.database contains non-printable/
  ],
  ['query number', { ...good(), query: 1 }, /query must be a string/],
  [
    'query oversized',
    { ...good(), query: big(Limits.queryBytes + 1) },
    /query is larger than 1 MB/
  ],
  [
    'query oversized in UTF-8 bytes only',
    { ...good(), query: 'é'.repeat(Limits.queryBytes / 2 + 1) },
    /query is larger than 1 MB/
  ],
  [
    'environment array',
    { ...good(), environment: ['HEAVYAI_HOST=db'] },
    /environment must be an object/
  ],
  [
    'environment string',
    { ...good(), environment: 'HEAVYAI_HOST=db' },
    /environment must be an object/
  ],
  [
    'environment bad name',
    { ...good(), environment: { 'HEAVYAI-HOST': 'db' } },
    /environment has a name/
  ],
  [
    'environment name starting with digit',
    { ...good(), environment: { '1HOST': 'db' } },
    /environment has a name/
  ],
  [
    'environment empty name',
    { ...good(), environment: { '': 'db' } },
    /environment has a name/
  ],
  [
    'environment name too long',
    { ...good(), environment: { ['A'.repeat(129)]: 'db' } },
    /environment has a name/
  ],
  [
    'environment number value',
    { ...good(), environment: { HEAVYAI_PORT: 6278 } },
    /environment\.HEAVYAI_PORT must be a string/
  ],
  [
    'environment nested value',
    { ...good(), environment: { X: { y: 1 } } },
    /environment\.X must be a string/
  ],
  [
    'environment value too long',
    { ...good(), environment: { X: big(4097) } },
    /environment\.X is longer than 4096/
  ],
  [
    'environment too many entries',
    {
      ...good(),
      environment: Object.fromEntries(
        Array.from({ length: 33 }, (_, i) => [`V${i}`, 'x'])
      )
    },
    /more than 32 entries/
  ],
  [
    'payload over 2 MB',
    { ...good(), padding: big(Limits.payloadBytes) },
    /payload is larger than 2 MB/
  ],
  [
    'payload with BigInt',
    { ...good(), extra: BigInt(1) },
    /cannot be serialized/
  ]
];

describe('validateSessionPayload rejects malformed payloads', () => {
  it('has a broad table of cases', () => {
    assert.ok(MALFORMED.length >= 30);
  });
  for (const [label, payload, expected] of MALFORMED) {
    it(`rejects ${label}`, () => {
      const reason = rejected(payload);
      assert.match(reason, expected);
      assert.ok(!reason.includes(SESSION), 'reason must not echo the session');
      assert.ok(reason.length < 200, 'reason stays short');
    });
  }

  it('rejects a cyclic payload without throwing', () => {
    const cyclic: Record<string, unknown> = { ...good() };
    cyclic.self = cyclic;
    assert.match(rejected(cyclic), /cannot be serialized/);
  });

  it('never echoes an invalid session value in the reason', () => {
    for (const session of [
      'bad session with spaces',
      'x'.repeat(300),
      'tab\there'
    ]) {
      const reason = rejected({ session });
      assert.ok(!reason.includes(session.slice(0, 10)));
    }
  });

  it('ignores a session inherited from Object.prototype', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.session = 'polluted';
    try {
      assert.match(rejected({}), /session is missing/);
    } finally {
      delete proto.session;
    }
  });
});

describe('validateSessionPayload accepts and normalises good payloads', () => {
  it('accepts a minimal payload with only a session', () => {
    assert.deepEqual(validateSessionPayload({ session: SESSION }), {
      ok: true,
      value: { session: SESSION }
    });
  });

  it('accepts a full payload and drops unknown keys', () => {
    const result = validateSessionPayload({
      type: 'heavyai:session',
      session: SESSION,
      connection: {
        protocol: 'HTTPS',
        host: 'DB.Example.COM',
        port: '6278',
        database: 'heavyai',
        extra: 1
      },
      environment: { HEAVYAI_HOST: 'db', _private: '' },
      query: 'SELECT 1',
      somethingElse: { nested: true }
    });
    assert.deepEqual(result, {
      ok: true,
      value: {
        session: SESSION,
        connection: {
          protocol: 'https',
          host: 'db.example.com',
          port: 6278,
          database: 'heavyai'
        },
        environment: { HEAVYAI_HOST: 'db', _private: '' },
        query: 'SELECT 1'
      }
    });
  });

  it('accepts a protocol with one trailing colon, as location.protocol gives it', () => {
    const result = validateSessionPayload({
      ...good(),
      connection: { ...good().connection, protocol: 'http:' }
    });
    assert.ok(result.ok);
    assert.equal(result.value.connection?.protocol, 'http');
  });

  it('accepts port bounds 1 and 65535, as numbers and strings', () => {
    for (const port of [1, 65535, '1', '65535', '080']) {
      const result = validateSessionPayload({
        ...good(),
        connection: { ...good().connection, port }
      });
      assert.ok(result.ok, `port ${port}`);
      assert.equal(typeof result.value.connection?.port, 'number');
    }
  });

  it('accepts host names, IPv4 and bracketed IPv6', () => {
    const hosts: Array<[string, string]> = [
      ['localhost', 'localhost'],
      ['heavydb', 'heavydb'],
      ['db-1.internal.example.com', 'db-1.internal.example.com'],
      ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
      ['127.0.0.1', '127.0.0.1'],
      ['255.255.255.255', '255.255.255.255'],
      ['0.0.0.0', '0.0.0.0'],
      ['[::1]', '[::1]'],
      ['[::]', '[::]'],
      ['[2001:DB8::8a2e:370:7334]', '[2001:db8::8a2e:370:7334]'],
      ['[1:2:3:4:5:6:7:8]', '[1:2:3:4:5:6:7:8]'],
      ['[::ffff:192.0.2.1]', '[::ffff:192.0.2.1]'],
      ['a'.repeat(63) + '.com', 'a'.repeat(63) + '.com']
    ];
    for (const [host, normalised] of hosts) {
      const result = validateSessionPayload({
        ...good(),
        connection: { ...good().connection, host }
      });
      assert.ok(
        result.ok,
        `host ${host}: ${(result as { reason?: string }).reason}`
      );
      assert.equal(result.value.connection?.host, normalised);
    }
  });

  it('treats null optional fields and an empty database as absent', () => {
    const result = validateSessionPayload({
      session: SESSION,
      connection: { ...good().connection, database: '' },
      environment: null,
      query: null
    });
    assert.ok(result.ok);
    assert.deepEqual(result.value, {
      session: SESSION,
      connection: { protocol: 'https', host: 'db.example.com', port: 6278 }
    });
  });

  it('accepts limits exactly at the boundary', () => {
    const result = validateSessionPayload({
      session: 'a'.repeat(256),
      query: big(Limits.queryBytes),
      environment: Object.fromEntries(
        Array.from({ length: 32 }, (_, i) => [`V${i}`, big(4096)])
      )
    });
    assert.ok(result.ok);
  });

  it('keeps an environment name __proto__ as data, not as a prototype', () => {
    const input = JSON.parse(
      '{"session":"abc","environment":{"__proto__":"x"}}'
    );
    const result = validateSessionPayload(input);
    assert.ok(result.ok);
    assert.equal(
      Object.getPrototypeOf(result.value.environment),
      Object.prototype
    );
    assert.equal(
      Object.getOwnPropertyDescriptor(result.value.environment, '__proto__')
        ?.value,
      'x'
    );
  });
});

describe('validateHostMessage', () => {
  it('accepts ping and logout, dropping extra keys', () => {
    assert.deepEqual(validateHostMessage({ type: 'heavyai:ping', x: 1 }), {
      ok: true,
      value: { type: 'heavyai:ping' }
    });
    assert.deepEqual(validateHostMessage({ type: 'heavyai:logout' }), {
      ok: true,
      value: { type: 'heavyai:logout' }
    });
  });

  it('validates session messages with the payload rules', () => {
    const ok = validateHostMessage({ type: 'heavyai:session', ...good() });
    assert.ok(ok.ok);
    assert.equal(ok.value.type, 'heavyai:session');
    const bad = validateHostMessage({ type: 'heavyai:session', session: '' });
    assert.deepEqual(bad, { ok: false, reason: 'session must not be empty' });
  });

  it('rejects messages without a known type', () => {
    for (const input of [
      null,
      'heavyai:ping',
      {},
      { type: 3 },
      { type: 'heavyai:ready' },
      { type: 'other' },
      []
    ]) {
      assert.equal(validateHostMessage(input).ok, false, safeDescribe(input));
    }
  });
});

describe('validateSiteMessage', () => {
  it('accepts the three replies', () => {
    assert.deepEqual(validateSiteMessage({ type: 'heavyai:ready' }), {
      ok: true,
      value: { type: 'heavyai:ready' }
    });
    assert.deepEqual(
      validateSiteMessage({ type: 'heavyai:session-accepted' }),
      {
        ok: true,
        value: { type: 'heavyai:session-accepted' }
      }
    );
    assert.deepEqual(
      validateSiteMessage({
        type: 'heavyai:session-rejected',
        reason: 'port bad'
      }),
      {
        ok: true,
        value: { type: 'heavyai:session-rejected', reason: 'port bad' }
      }
    );
  });

  it('gives a rejection without a usable reason a generic one, and truncates long ones', () => {
    const missing = validateSiteMessage({
      type: 'heavyai:session-rejected',
      reason: 5
    });
    assert.ok(missing.ok && missing.value.type === 'heavyai:session-rejected');
    assert.equal(missing.value.reason, 'the session was rejected');
    const long = validateSiteMessage({
      type: 'heavyai:session-rejected',
      reason: 'r'.repeat(5000)
    });
    assert.ok(long.ok && long.value.type === 'heavyai:session-rejected');
    assert.equal(long.value.reason.length, Limits.reasonChars);
  });

  it('rejects host-to-site types and garbage', () => {
    for (const input of [
      { type: 'heavyai:ping' },
      { type: 'heavyai:session', session: 'a' },
      undefined,
      'x'
    ]) {
      assert.equal(validateSiteMessage(input).ok, false);
    }
  });
});

describe('hosts are checked as the browser will read them (issue 12)', () => {
  const withHost = (host: string) =>
    validateSessionPayload({
      ...good(),
      connection: { ...good().connection, host }
    });

  it('refuses non-ASCII before case folding: the Kelvin sign would lower-case to k', () => {
    assert.equal('\u212A'.toLowerCase(), 'k');
    for (const host of [
      'heavy.example.co\u212A',
      '\u212Aelvin.example',
      'db.example.\u0130',
      'ex\u017Fample.com',
      'db.ｅxample.com'
    ]) {
      const result = withHost(host);
      assert.equal(result.ok, false, host);
      assert.match(
        (result as { reason: string }).reason,
        /connection\.host must be ASCII/
      );
    }
  });

  it('refuses every numeric host the URL parser would read as IPv4 unless it is a canonical dotted quad', () => {
    for (const host of [
      '0x7f000001',
      '0X7F000001',
      '127.0.0.0x1',
      '2130706433',
      '0177.0.0.1',
      '127.1',
      '127.0.1',
      '0x7f.1',
      '1.2.3.0x',
      '0x',
      '00.0.0.0',
      '1.2.3.4.5',
      'db.example.123',
      '4294967296'
    ]) {
      assert.equal(withHost(host).ok, false, host);
      // The browser indeed parses each as IPv4 (or fails): our answer is never a DNS name the browser reads otherwise.
      let parsed: string | undefined;
      try {
        parsed = new URL(`http://${host}/`).hostname;
      } catch {
        parsed = undefined;
      }
      assert.ok(
        parsed === undefined || /^\d+\.\d+\.\d+\.\d+$/.test(parsed),
        `${host} → ${parsed}`
      );
    }
  });

  it('still accepts canonical IPv4, names with hex-looking labels that are not numbers, xn-- names and the maximum lengths', () => {
    const maxName = [
      'a'.repeat(63),
      'b'.repeat(63),
      'c'.repeat(63),
      'd'.repeat(61)
    ].join('.');
    assert.equal(maxName.length, 253);
    for (const host of [
      '10.0.0.1',
      '0x7f.example.com',
      'db.0xg',
      'xn--bcher-kva.example',
      'xn--80ak6aa92e.com',
      maxName,
      'a'.repeat(63)
    ]) {
      const result = withHost(host);
      assert.ok(
        result.ok,
        `${host}: ${(result as { reason?: string }).reason}`
      );
      assert.equal(
        new URL(`http://${host}/`).hostname,
        host,
        'the browser reads the same host'
      );
    }
    assert.equal(withHost(maxName + 'c').ok, false, '254 characters');
  });
});

describe('only JSON values count, and all of them count towards the size limit (issue 12)', () => {
  it('refuses binary and other structured-clone values under any key', () => {
    const values: Array<[string, unknown]> = [
      ['ArrayBuffer of 3 MiB', new ArrayBuffer(3 * 1024 * 1024)],
      ['small ArrayBuffer', new ArrayBuffer(1)],
      ['Uint8Array', new Uint8Array(4)],
      ['DataView', new DataView(new ArrayBuffer(2))],
      ['Blob', new Blob(['x'])],
      ['Map', new Map([['a', 1]])],
      ['Set', new Set([1])],
      ['Date', new Date(0)],
      ['RegExp', /x/],
      ['Error', new Error('x')],
      ['BigInt', BigInt(1)]
    ];
    for (const [label, value] of values) {
      for (const payload of [
        { ...good(), ignored: value },
        { ...good(), ignored: { deeper: [1, [value]] } },
        { ...good(), connection: { ...good().connection, extra: value } }
      ]) {
        assert.match(rejected(payload), /cannot be serialized as JSON/, label);
      }
    }
  });

  it('measures shared references as often as JSON would write them, without expanding them', () => {
    let node: unknown = big(1024);
    for (let i = 0; i < 40; i++) {
      node = [node, node]; // 2^40 KiB once written out
    }
    // Not through rejected(): its message would write the payload out.
    assert.deepEqual(validateSessionPayload({ ...good(), ignored: node }), {
      ok: false,
      reason: 'payload is larger than 2 MB'
    });
    const shared = big(600 * 1024);
    assert.match(
      rejected({ ...good(), a: shared, b: shared, c: shared, d: shared }),
      /larger than 2 MB/
    );
    assert.ok(
      validateSessionPayload({ ...good(), a: shared, b: shared, c: shared }).ok
    );
  });

  it('accepts JSON of every kind under unknown keys, undefined entries and a payload just under 2 MB', () => {
    const filler = big(Limits.payloadBytes - 400);
    const result = validateSessionPayload({
      ...good(),
      query: undefined,
      extra: {
        n: 1.5,
        t: true,
        f: false,
        z: null,
        list: [1, 'a', [null], {}],
        nan: NaN
      },
      filler
    });
    assert.ok(result.ok, (result as { reason?: string }).reason);
  });
});
