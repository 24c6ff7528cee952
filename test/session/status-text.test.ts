import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeAge,
  describeSession,
  maskSessionId
} from '../../src/session/status-text';
import { ISessionRecord } from '../../src/store/record';
import { type ITranslate, untranslated } from '../../src/translate';

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);

function makeRecord(
  session: string,
  overrides: Partial<ISessionRecord> = {}
): ISessionRecord {
  return {
    session,
    connection: { protocol: 'https', host: 'db.example.com', port: 6278 },
    environment: {},
    query: '',
    receivedAt: NOW - 3 * 60_000,
    senderOrigin: 'https://immerse.example.com',
    ...overrides
  };
}

describe('maskSessionId', () => {
  const cases: Array<[string, string]> = [
    ['0123456789abcdef0123456789abWXYZ', '…WXYZ'],
    ['0123456789abcdef', '…cdef'],
    ['0123456789abcde', '…cde'],
    ['01234567', '…67'],
    ['0123', '…3'],
    ['012', '…'],
    ['x', '…'],
    ['', '…']
  ];
  for (const [id, masked] of cases) {
    it(`masks a ${id.length}-character ID as ${masked}`, () =>
      assert.equal(maskSessionId(id), masked));
  }

  it('never reveals more than a quarter of the ID or more than 4 characters', () => {
    for (let length = 0; length <= 300; length++) {
      const shown = maskSessionId('s'.repeat(length)).length - 1;
      assert.ok(shown <= 4 && shown <= length / 4, `length ${length}`);
    }
  });
});

describe('describeAge', () => {
  const cases: Array<[number, string]> = [
    [0, 'just now'],
    [4_999, 'just now'],
    [-60_000, 'just now'],
    [5_000, '5 seconds ago'],
    [60_000, '1 minute ago'],
    [119_000, '1 minute ago'],
    [3 * 3_600_000, '3 hours ago'],
    [86_400_000, '1 day ago'],
    [10 * 86_400_000, '10 days ago']
  ];
  for (const [elapsed, words] of cases) {
    it(`says ${words} after ${elapsed} ms`, () =>
      assert.equal(describeAge(NOW - elapsed, NOW, untranslated), words));
  }
});

describe('describeSession', () => {
  it('says so when there is no session', () => {
    const status = describeSession(undefined, NOW, untranslated);
    assert.match(status.summary, /No HeavyAI session/);
    assert.deepEqual(status.lines, []);
  });

  it('lists host, protocol, port, age, sender and the masked ID', () => {
    const status = describeSession(
      makeRecord('AAAAAAAAAAAAAAAAAAAAAAAAAAAAbcde', { query: 'SELECT 1' }),
      NOW,
      untranslated
    );
    const byLabel = Object.fromEntries(
      status.lines.map(line => [line.label, line.value])
    );
    assert.equal(byLabel['Host'], 'db.example.com');
    assert.equal(byLabel['Protocol'], 'https');
    assert.equal(byLabel['Port'], '6278');
    assert.equal(byLabel['Session ID'], '…bcde');
    assert.equal(byLabel['From'], 'https://immerse.example.com');
    assert.match(
      byLabel['Received'],
      /^3 minutes ago \(2026-11-21T11:57:00\.000Z\)$/
    );
    assert.equal(byLabel['Initial query'], '8 characters');
    assert.equal(
      status.summary,
      'HeavyAI session for https://db.example.com:6278, received 3 minutes ago.'
    );
  });

  it('shows the database when there is one', () => {
    const record = makeRecord('abcdefgh', {
      connection: { protocol: 'http', host: 'h', port: 1, database: 'heavyai' }
    });
    assert.ok(
      describeSession(record, NOW, untranslated).lines.some(
        l => l.label === 'Database' && l.value === 'heavyai'
      )
    );
  });

  it('never contains the full session ID, whatever its length', () => {
    // Distinctive IDs: a one-letter ID would appear inside ordinary words.
    for (const id of [
      'Qx9!',
      'Qx9!Zk',
      'Qx9!Zk7#',
      'Qx9!Zk7#Mn',
      'Qx9!Zk7#Mn2$Lp5%Rt8&Vw1*Yb4(Ed6)'
    ]) {
      const status = describeSession(makeRecord(id), NOW, untranslated);
      const text =
        status.summary +
        '\n' +
        status.lines.map(l => `${l.label}: ${l.value}`).join('\n');
      assert.ok(!text.includes(id), `full ID of length ${id.length} leaked`);
      if (id.length >= 8) {
        assert.ok(
          !text.includes(id.slice(0, id.length / 2)),
          `half of ID of length ${id.length} leaked`
        );
      }
    }
  });

  it('survives a damaged receivedAt', () => {
    const status = describeSession(
      makeRecord('abcdefgh', { receivedAt: NaN }),
      NOW,
      untranslated
    );
    assert.ok(
      status.lines.some(l => l.label === 'Received' && l.value === 'unknown')
    );
  });
});

describe('translation', () => {
  // A translator that marks what it translated: every label, the summary and the age
  // must come back marked, and the values the server or host supplied must not.
  const marked: ITranslate = {
    __: (msgid, ...args) => `«${untranslated.__(msgid, ...args)}»`,
    _n: (msgid, plural, n, ...args) =>
      `«${untranslated._n(msgid, plural, n, ...args)}»`
  };

  it('goes through the translator it is given', () => {
    const status = describeSession(
      makeRecord('abcdefgh', { query: 'SELECT 1', via: 'link' }),
      NOW,
      marked
    );
    assert.equal(
      status.summary,
      '«HeavyAI session for https://db.example.com:6278, received «3 minutes ago».»'
    );
    for (const line of status.lines) {
      assert.match(line.label, /^«.*»$/, line.label);
    }
    const byLabel = Object.fromEntries(
      status.lines.map(line => [line.label, line.value])
    );
    assert.equal(byLabel['«Host»'], 'db.example.com');
    assert.equal(byLabel['«From»'], '«https://immerse.example.com (link)»');
    assert.equal(byLabel['«Initial query»'], '«8 characters»');
    assert.equal(
      describeSession(undefined, NOW, marked).summary,
      '«No HeavyAI session has been received.»'
    );
  });
});
