import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  sessionItemState,
  sessionItemText,
  sessionItemView
} from '../../src/session/status-item';
import {
  identityFromSessionInfo,
  sessionItemLines
} from '../../src/session/status-item-lines';
import type { ISessionRecord } from '../../src/store/record';
import { untranslated } from '../../src/translate';

const SESSION_ID = 'secret-session-0123456789abcdef';

const record: ISessionRecord = {
  session: SESSION_ID,
  connection: { protocol: 'https', host: 'db.example.com', port: 6278 },
  environment: {},
  query: '',
  receivedAt: 0,
  senderOrigin: 'https://immerse.example.com'
};

/** The item's label and tooltip, and its dialog's rows. */
const text = (
  r: ISessionRecord | undefined,
  asking: boolean,
  identity?: { user: string; database: string }
) => {
  const view = sessionItemView(r, { asking, refused: asking }, identity);
  return {
    ...sessionItemText(view, untranslated),
    lines: sessionItemLines(view, untranslated)
  };
};

describe('sessionItemState', () => {
  it('is connected with a session, none without, asking while the host is asked', () => {
    assert.equal(sessionItemState(record, false), 'connected');
    assert.equal(sessionItemState(undefined, false), 'none');
    assert.equal(sessionItemState(record, true), 'asking');
    assert.equal(sessionItemState(undefined, true), 'asking');
  });

  it('is expired when the server refused the session and the host has not replaced it', () => {
    assert.equal(sessionItemState(record, false, true), 'expired');
    assert.equal(sessionItemState(record, true, true), 'asking');
    assert.equal(sessionItemState(undefined, false, true), 'none');
  });
});

describe('sessionItemText and sessionItemLines', () => {
  it('names the server until the identity is known', () => {
    const { label, lines } = text(record, false);
    assert.equal(label, 'HeavyAI: https://db.example.com:6278 — connected');
    assert.deepEqual(lines, [
      { label: 'State', value: 'connected' },
      { label: 'Server', value: 'https://db.example.com:6278' }
    ]);
  });

  it('names the user and database once known', () => {
    const { label, lines } = text(record, false, {
      user: 'alice',
      database: 'flights'
    });
    assert.equal(label, 'HeavyAI: alice on flights — connected');
    assert.deepEqual(lines.slice(2), [
      { label: 'User', value: 'alice' },
      { label: 'Database', value: 'flights' }
    ]);
  });

  it('says the host is being asked when the session expired', () => {
    assert.equal(
      text(record, true).label,
      'HeavyAI: https://db.example.com:6278 — expired — asking the host'
    );
  });

  it('says there is no session, and drops an identity left from a forgotten one', () => {
    const { label, lines } = text(undefined, false, {
      user: 'alice',
      database: 'flights'
    });
    assert.equal(label, 'HeavyAI: no session');
    assert.deepEqual(lines, [{ label: 'State', value: 'no session' }]);
  });

  it('never contains the session ID', () => {
    for (const asking of [false, true]) {
      const all = JSON.stringify(
        text(record, asking, { user: 'u', database: 'd' })
      );
      assert.ok(!all.includes(SESSION_ID.slice(-8)), all);
    }
  });
});

describe('sessionItemText for a refused session the host did not replace', () => {
  it('says expired', () => {
    assert.equal(
      sessionItemText(
        sessionItemView(record, { asking: false, refused: true }),
        untranslated
      ).label,
      'HeavyAI: https://db.example.com:6278 — expired'
    );
  });
});

describe('identityFromSessionInfo', () => {
  it('takes user and database from a get_session_info answer', () => {
    assert.deepEqual(
      identityFromSessionInfo({
        user: 'admin',
        database: 'heavyai',
        start_time: 1,
        is_super: true
      }),
      { user: 'admin', database: 'heavyai' }
    );
  });

  it('is undefined for an answer without both', () => {
    for (const info of [
      undefined,
      null,
      {},
      { user: 'admin' },
      { user: '', database: 'x' },
      { user: 1, database: 'x' }
    ]) {
      assert.equal(identityFromSessionInfo(info), undefined);
    }
  });
});
