/**
 * Seeded payloads for the hand-off fuzz tests, and an oracle that decides
 * from README's rules (not by calling the validator) which must be accepted.
 * Used by the fragment path (Node, test/wire/fuzz.test.ts) and the
 * postMessage path (the built site, ui-tests/tests/fuzz.spec.ts).
 *
 * Payloads are JSON so they can cross into the page; a value that is not
 * JSON (binary data, Map, Date…) is written as a `{ [BINARY_MARK]: kind }`
 * marker that the page turns into the real object before posting it.
 */

export const BINARY_MARK = '$$fuzz-non-json';
export const NON_JSON_KINDS = [
  'ArrayBuffer',
  'ArrayBuffer-3MiB',
  'Uint8Array',
  'Blob',
  'Map',
  'Date'
] as const;

/** mulberry32: a small, well-mixed 32-bit PRNG; the same seed gives the same payloads everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
  chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) {
      out += alphabet[this.int(0, alphabet.length - 1)];
    }
    return out;
  }
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const PRINTABLE = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) =>
  String.fromCharCode(0x21 + i)
).join('');

function label(g: Gen, length = g.int(1, 12)): string {
  if (length === 1) {
    return g.chars(LOWER + DIGITS, 1);
  }
  const inner = g.chars(LOWER + DIGITS + '-', length - 2);
  return g.chars(LOWER + DIGITS, 1) + inner + g.chars(LOWER + DIGITS, 1);
}

function dnsName(g: Gen): string {
  const labels = Array.from({ length: g.int(1, 4) }, () => label(g));
  labels.push(
    g.pick(['com', 'org', 'internal', 'example', 'xn--p1ai', 'local'])
  );
  return labels.join('.');
}

function quad(g: Gen): string {
  return Array.from({ length: 4 }, () => String(g.int(0, 255))).join('.');
}

function ipv6(g: Gen): string {
  const group = () => g.chars('0123456789abcdef', g.int(1, 4));
  switch (g.int(0, 3)) {
    case 0:
      return Array.from({ length: 8 }, group).join(':');
    case 1: {
      const left = g.int(0, 3);
      const right = g.int(0, 6 - left);
      return `${Array.from({ length: left }, group).join(':')}::${Array.from({ length: right }, group).join(':')}`;
    }
    case 2:
      return `::ffff:${quad(g)}`;
    default:
      return g.pick([
        '::',
        '::1',
        'fe80::1',
        '2001:db8::8a2e:370:7334',
        '1:2:3:4:5:6:7::'
      ]);
  }
}

function host(g: Gen): unknown {
  switch (g.int(0, 17)) {
    case 0:
    case 1:
    case 2:
      return dnsName(g);
    case 3:
      return dnsName(g).toUpperCase();
    case 4:
      return quad(g);
    case 5:
      return `[${ipv6(g)}]`;
    case 6: // maximum lengths, sometimes one over
      return g.pick([
        'a'.repeat(63) + '.com',
        'a'.repeat(64) + '.com',
        [63, 63, 63, 61].map((n, i) => 'abcd'[i].repeat(n)).join('.'),
        [63, 63, 63, 62].map((n, i) => 'abcd'[i].repeat(n)).join('.')
      ]);
    case 7: // what a browser would read as IPv4
      return g.pick([
        '0x7f000001',
        '127.0.0.0x1',
        '2130706433',
        '0177.0.0.1',
        '127.1',
        '1.2.3.0x',
        '0x',
        '010.0.0.1',
        '256.0.0.1',
        '1.2.3.4.5',
        `${dnsName(g)}.${g.int(0, 999)}`
      ]);
    case 8: // hex-looking labels that are names, not numbers
      return g.pick([
        '0x7f.example.com',
        'db.0xg',
        '0xbeef.internal',
        '1x2.example'
      ]);
    case 9: // non-ASCII, including characters that lower-case to ASCII
      return g.pick([
        'heavy.example.co\u212A',
        '\u212Aelvin.example',
        'bücher.example',
        'db.ｅxample.com',
        'ex\u017Fample.com',
        'İstanbul.example'
      ]);
    case 10: // bad labels
      return g.pick([
        '-db.example',
        'db-.example',
        'heavy_db',
        'db..example',
        '.db.example',
        'db.example.',
        ''
      ]);
    case 11: // URL parts
      return g.pick([
        `https://${dnsName(g)}`,
        `${dnsName(g)}/path`,
        `user@${dnsName(g)}`,
        `${dnsName(g)}:${g.int(1, 65535)}`,
        `${dnsName(g)}?q`,
        `${dnsName(g)}#f`,
        `${dnsName(g)}\\x`
      ]);
    case 12: // whitespace and control characters
      return g.pick([
        ` ${dnsName(g)}`,
        `${dnsName(g)}\t`,
        'db\u0000.example',
        'db\n.example'
      ]);
    case 13: // bad IPv6
      return g.pick([
        '::1',
        '[::1',
        '[1::2::3]',
        '[1:2:3:4:5:6:7:8:9]',
        '[fe80::1%25eth0]',
        '[::1]:80',
        '[12345::]',
        '[::ffff:1.2.3]',
        '[::1.02.3.4]',
        '[g::1]',
        '[1:2:3:4:5:6:7::8]'
      ]);
    case 14:
      return g.pick([42, null, true, ['db'], { host: 'db' }]);
    default:
      return g.chars(LOWER + DIGITS + '.-', g.int(1, 20));
  }
}

function port(g: Gen): unknown {
  switch (g.int(0, 9)) {
    case 0:
    case 1:
    case 2:
      return g.int(1, 65535);
    case 3:
      return String(g.int(1, 65535));
    case 4:
      return g.pick([1, 65535, '1', '65535', '080', '00001']);
    case 5:
      return g.pick([
        0,
        65536,
        -1,
        1.5,
        NaN_MARK,
        '0',
        '65536',
        '000080',
        ' 80',
        '80a',
        '',
        '1e3',
        true,
        null
      ]);
    default:
      return g.pick([443, 6274, 6278, '6278']);
  }
}

const NaN_MARK = 'NaN';

function protocol(g: Gen): unknown {
  return g.pick([
    'http',
    'https',
    'HTTPS',
    'Http',
    'https:',
    'http:',
    'http::',
    'https://',
    'ftp',
    'javascript:',
    'file',
    '',
    443,
    null,
    'wss'
  ]);
}

function session(g: Gen): unknown {
  switch (g.int(0, 7)) {
    case 0:
    case 1:
    case 2:
      return g.chars(PRINTABLE, g.int(1, 64));
    case 3:
      return g.pick(['a'.repeat(256), 'a'.repeat(257), g.chars(PRINTABLE, 1)]);
    case 4:
      return g.pick(["it's\\a'session", '"quoted"', '\\\\', "'"]);
    case 5:
      return g.pick([
        'with space',
        'tab\there',
        'new\nline',
        'nul\u0000',
        'ünï',
        ''
      ]);
    case 6:
      return g.pick([null, 12345, { id: 'x' }, ['a']]);
    default:
      return `sess-${g.chars(DIGITS + LOWER, 24)}`;
  }
}

function database(g: Gen): unknown {
  return g.pick([
    undefined,
    'heavyai',
    '',
    null,
    'd'.repeat(128),
    'd'.repeat(129),
    'a\nb',
    'a\u202eb',
    'ünïcode db',
    7,
    'x y'
  ]);
}

function environment(g: Gen): unknown {
  switch (g.int(0, 5)) {
    case 0:
      return undefined;
    case 1:
      return null;
    case 2: {
      const n = g.pick([0, 1, 3, 32, 33]);
      return Object.fromEntries(
        Array.from({ length: n }, (_, i) => [
          `V${i}`,
          g.chars(PRINTABLE, g.int(0, 8))
        ])
      );
    }
    case 3:
      return {
        [g.pick([
          '_ok',
          'A1',
          'bad-name',
          '1X',
          '',
          'A'.repeat(128),
          'A'.repeat(129),
          'SP ACE'
        ])]: 'v'
      };
    case 4:
      return {
        X: g.pick(['v', 'x'.repeat(4096), 'x'.repeat(4097), 5, null, { y: 1 }])
      };
    default:
      return g.pick(['HEAVYAI_HOST=x', ['A'], 3]);
  }
}

function query(g: Gen): unknown {
  switch (g.int(0, 6)) {
    case 0:
      return undefined;
    case 1:
      return "SELECT 'it''s' AS \"q\", x FROM t -- ü ✈ 😀\n\tWHERE a <> '\\'";
    case 2:
      return g.pick([1, ['SELECT 1'], null]);
    case 3: // around the 1 MB limit, in UTF-8 bytes
      return g.pick([
        'x'.repeat(1024 * 1024),
        'x'.repeat(1024 * 1024 + 1),
        'é'.repeat(512 * 1024),
        'é'.repeat(512 * 1024 + 1)
      ]);
    default:
      return `SELECT ${g.chars(LOWER + DIGITS + ' ,*', g.int(1, 40))} FROM flights`;
  }
}

function nonJson(g: Gen): unknown {
  return { [BINARY_MARK]: g.pick(NON_JSON_KINDS) };
}

/** Valid edge cases of every field: these must all be accepted. */
function validPayload(g: Gen): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    type: 'heavyai:session',
    session: g.pick([
      g.chars(PRINTABLE, g.int(1, 256)),
      'a'.repeat(256),
      "it's\\a'session",
      `sess-${g.chars(LOWER, 20)}`
    ])
  };
  if (g.chance(0.85)) {
    const validHosts = [
      () => dnsName(g),
      () => dnsName(g).toUpperCase(),
      () => quad(g),
      () => `[${ipv6(g)}]`,
      () =>
        g.pick([
          'a'.repeat(63) + '.com',
          [63, 63, 63, 61].map((n, i) => 'abcd'[i].repeat(n)).join('.'),
          'xn--bcher-kva.example',
          '0x7f.example.com',
          'db.0xg',
          'localhost',
          '255.255.255.255',
          '0.0.0.0'
        ])
    ];
    const connection: Record<string, unknown> = {
      protocol: g.pick(['http', 'https', 'HTTPS', 'https:', 'http:']),
      host: g.pick(validHosts)(),
      port: g.pick([
        g.int(1, 65535),
        String(g.int(1, 65535)),
        1,
        65535,
        '080',
        '65535'
      ])
    };
    const db = g.pick([
      undefined,
      'heavyai',
      '',
      null,
      'd'.repeat(128),
      'ünïcode db'
    ]);
    if (db !== undefined) {
      connection.database = db;
    }
    payload.connection = connection;
  }
  if (g.chance(0.3)) {
    payload.environment = Object.fromEntries(
      Array.from({ length: g.pick([0, 1, 32]) }, (_, i) => [
        `V_${i}`,
        g.chars(PRINTABLE, g.int(0, 8))
      ])
    );
  }
  if (g.chance(0.6)) {
    payload.query = g.pick([
      "SELECT 'it''s' AS \"q\" -- ü ✈ 😀\n\t\\",
      'x'.repeat(1024 * 1024),
      'é'.repeat(512 * 1024),
      `SELECT ${g.int(0, 9)}`
    ]);
  }
  if (g.chance(0.1)) {
    payload.unknown = { a: [true, null, 1.5, 'x'], b: {} };
  }
  return payload;
}

/** One payload as a host page might post it (type included, as the fragment also carries it). */
export function generatePayload(g: Gen): Record<string, unknown> {
  const kind = g.random();
  if (kind < 0.35) {
    return validPayload(g);
  }
  if (kind < 0.75) {
    // One field changed to anything its generator makes: the others cannot hide a wrong verdict.
    const payload = validPayload(g);
    const connection = {
      protocol: 'https',
      host: 'db.example.com',
      port: 443,
      ...(payload.connection as object)
    } as Record<string, unknown>;
    switch (g.int(0, 9)) {
      case 0:
      case 1:
      case 2:
        connection.host = host(g);
        payload.connection = connection;
        break;
      case 3:
        connection.port = port(g);
        payload.connection = connection;
        break;
      case 4:
        connection.protocol = protocol(g);
        payload.connection = connection;
        break;
      case 5:
        payload.session = session(g);
        break;
      case 6:
        connection.database = database(g);
        payload.connection = connection;
        break;
      case 7:
        payload.environment = environment(g);
        break;
      case 8:
        payload.query = query(g);
        break;
      default:
        if (g.chance(0.5)) {
          payload.ignored = g.chance(0.5)
            ? nonJson(g)
            : { deeper: [1, nonJson(g)] };
        } else {
          payload.padding = 'p'.repeat(
            Math.max(
              0,
              2 * 1024 * 1024 - g.int(-64, 400) - JSON.stringify(payload).length
            )
          );
        }
    }
    return payload;
  }
  const payload: Record<string, unknown> = { type: 'heavyai:session' };
  if (!g.chance(0.03)) {
    payload.session = session(g);
  }
  const connectionKind = g.int(0, 9);
  if (connectionKind <= 6) {
    const connection: Record<string, unknown> = {};
    if (!g.chance(0.02)) {
      connection.protocol = protocol(g);
    }
    if (!g.chance(0.02)) {
      connection.host = host(g);
    }
    if (!g.chance(0.02)) {
      connection.port = port(g);
    }
    const db = database(g);
    if (db !== undefined) {
      connection.database = db;
    }
    if (g.chance(0.05)) {
      connection.extra = g.chance(0.5) ? nonJson(g) : { nested: [1, 2] };
    }
    payload.connection = connection;
  } else if (connectionKind === 7) {
    payload.connection = g.pick([null, 'http://db:6278', [], 5]);
  }
  const env = environment(g);
  if (env !== undefined) {
    payload.environment = env;
  }
  const q = query(g);
  if (q !== undefined) {
    payload.query = q;
  }
  switch (g.int(0, 19)) {
    case 0:
      payload.ignored = nonJson(g);
      break;
    case 1:
      payload.ignored = { deeper: [1, nonJson(g)] };
      break;
    case 2: // the whole payload around 2 MB
      payload.padding = 'p'.repeat(
        2 * 1024 * 1024 - g.int(-64, 400) - JSON.stringify(payload).length
      );
      break;
    case 3:
      payload.unknown = { a: [true, null, 1.5, 'x'], b: {} };
      break;
    default:
      break;
  }
  return payload;
}

export function generatePayloads(
  seed: number,
  count: number
): Record<string, unknown>[] {
  const g = new Gen(prng(seed));
  return Array.from({ length: count }, () => generatePayload(g));
}

/** Whether a payload holds a non-JSON marker anywhere (it can only travel by postMessage). */
export function holdsNonJson(value: unknown): boolean {
  if (Array.isArray(value)) {
    return value.some(holdsNonJson);
  }
  if (value && typeof value === 'object') {
    return BINARY_MARK in value || Object.values(value).some(holdsNonJson);
  }
  return false;
}

// ---------------------------------------------------------------------------
// The oracle: README's "Validation" rules, written out independently.

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function oracleSession(v: unknown): boolean {
  if (typeof v !== 'string' || v.length < 1 || v.length > 256) {
    return false;
  }
  // "printable ASCII without spaces": U+0021 to U+007E.
  return [...v].every(ch => ch >= '!' && ch <= '~');
}

function oracleProtocol(v: unknown): boolean {
  if (typeof v !== 'string') {
    return false;
  }
  const bare = v.endsWith(':') ? v.slice(0, -1) : v;
  return ['http', 'https'].includes(bare.toLowerCase());
}

function oraclePort(v: unknown): boolean {
  if (typeof v === 'string') {
    if (
      v.length < 1 ||
      v.length > 5 ||
      [...v].some(ch => ch < '0' || ch > '9')
    ) {
      return false;
    }
    v = parseInt(v, 10);
  }
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}

function canonicalQuad(text: string): boolean {
  const parts = text.split('.');
  return (
    parts.length === 4 &&
    parts.every(
      p => /^\d{1,3}$/.test(p) && String(Number(p)) === p && Number(p) <= 255
    )
  );
}

function oracleIPv6(inner: string): boolean {
  if (!/^[0-9a-f:.]+$/.test(inner)) {
    return false;
  }
  let text = inner;
  const embedded = /^(.*:)([0-9.]+)$/.exec(text);
  if (embedded && embedded[2].includes('.')) {
    if (!canonicalQuad(embedded[2])) {
      return false;
    }
    text = `${embedded[1]}0:0`;
  }
  if (text.includes('.')) {
    return false;
  }
  const hex = (group: string) => /^[0-9a-f]{1,4}$/.test(group);
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const halves = text.split('::');
  if (halves.length === 1) {
    const all = groups(text);
    return all.length === 8 && all.every(hex);
  }
  if (halves.length !== 2) {
    return false;
  }
  const all = [...groups(halves[0]), ...groups(halves[1])];
  return all.length <= 7 && all.every(hex);
}

function oracleHost(v: unknown): boolean {
  if (typeof v !== 'string' || v.length === 0) {
    return false;
  }
  // ASCII without spaces or controls, judged on the text as given.
  if ([...v].some(ch => ch < '!' || ch > '~')) {
    return false;
  }
  const host = v.toLowerCase();
  if (host.startsWith('[')) {
    return host.endsWith(']') && oracleIPv6(host.slice(1, -1));
  }
  const labels = host.split('.');
  const last = labels[labels.length - 1];
  // A browser reads a host whose last label is a number (decimal or 0x-hex) as IPv4.
  if (/^\d+$/.test(last) || /^0x[0-9a-f]*$/.test(last)) {
    return canonicalQuad(host);
  }
  return (
    host.length <= 253 &&
    labels.every(
      l =>
        l.length >= 1 &&
        l.length <= 63 &&
        /^[a-z0-9-]+$/.test(l) &&
        !l.startsWith('-') &&
        !l.endsWith('-')
    )
  );
}

function oracleDatabase(v: unknown): boolean {
  if (v === undefined || v === null || v === '') {
    return true;
  }
  return (
    typeof v === 'string' &&
    v.length <= 128 &&
    !/[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\u2028\u2029]/u.test(v)
  );
}

function oracleEnvironment(v: unknown): boolean {
  if (v === undefined || v === null) {
    return true;
  }
  if (!isObject(v)) {
    return false;
  }
  const entries = Object.entries(v);
  return (
    entries.length <= 32 &&
    entries.every(
      ([name, value]) =>
        name.length <= 128 &&
        /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) &&
        typeof value === 'string' &&
        value.length <= 4096
    )
  );
}

function onlyJson(v: unknown): boolean {
  if (Array.isArray(v)) {
    return v.every(onlyJson);
  }
  if (isObject(v)) {
    return !(BINARY_MARK in v) && Object.values(v).every(onlyJson);
  }
  return true;
}

/** Whether README's rules say the site must accept `payload` (a generated payload). */
export function mustAccept(payload: Record<string, unknown>): boolean {
  if (!onlyJson(payload)) {
    return false;
  }
  if (utf8Bytes(JSON.stringify(payload)) > 2 * 1024 * 1024) {
    return false;
  }
  if (payload.type !== undefined && payload.type !== 'heavyai:session') {
    return false;
  }
  if (!oracleSession(payload.session)) {
    return false;
  }
  const c = payload.connection;
  if (c !== undefined && c !== null) {
    if (!isObject(c)) {
      return false;
    }
    if (
      !oracleProtocol(c.protocol) ||
      !oracleHost(c.host) ||
      !oraclePort(c.port) ||
      !oracleDatabase(c.database)
    ) {
      return false;
    }
  }
  if (!oracleEnvironment(payload.environment)) {
    return false;
  }
  const q = payload.query;
  if (
    q !== undefined &&
    q !== null &&
    (typeof q !== 'string' || utf8Bytes(q) > 1024 * 1024)
  ) {
    return false;
  }
  return true;
}
