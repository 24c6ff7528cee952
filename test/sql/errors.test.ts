import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ConnectionError, explainError } from '../../src/sql/errors';
import { untranslated } from '../../src/translate';

// HeavyDB raises TDBException; the connector hands it over as {name: 'TDBException', error_msg}.
const db = (error_msg: string) => ({ name: 'TDBException', error_msg });

test("HeavyDB's session messages are session errors, with or without a handed-over session", () => {
  for (const text of [
    'Session not valid.',
    'Idle Session Timeout. User should re-authenticate.',
    'Reached Session Life. User should re-authenticate.'
  ]) {
    const withSession = explainError(db(text), true, untranslated);
    assert.equal(withSession.kind, 'session', text);
    assert.match(withSession.message, /Immerse/);
    assert.equal(
      explainError(db(text), false, untranslated).kind,
      'session',
      text
    );
  }
});

test('SQL errors that mention sessions or users stay SQL errors', () => {
  for (const text of [
    "SQL Error: From line 1, column 15 to line 1, column 28: Object 'session_events' not found",
    "From line 1, column 8 to line 1, column 16: Column 'username' not found in any table",
    'Violation of access privileges: user alice has no proper privileges for object flights',
    'Table/View user_sessions for catalog heavyai does not exist.'
  ]) {
    for (const hasSession of [true, false]) {
      const explained = explainError(db(text), hasSession, untranslated);
      assert.equal(explained.kind, 'sql', text);
      assert.equal(explained.message, `HeavyDB error: ${text}`);
    }
  }
});

test('a TDBException while logging in is a refused login', () => {
  assert.deepEqual(
    explainError(db('Invalid credentials.'), false, untranslated, 'login'),
    {
      kind: 'login',
      message: 'HeavyDB refused the login: Invalid credentials.'
    }
  );
  assert.equal(
    explainError(
      db('Database name heavyai2 does not exist.'),
      false,
      untranslated,
      'login'
    ).kind,
    'login'
  );
  // The same words after the login are not a login problem.
  assert.equal(
    explainError(db('Invalid credentials.'), false, untranslated, 'query').kind,
    'sql'
  );
});

test('Thrift, network and our own connection errors', () => {
  assert.equal(
    explainError(
      {
        name: 'TApplicationException',
        message: "Invalid method name: 'sql_execute_df'"
      },
      true,
      untranslated
    ).kind,
    'protocol'
  );
  assert.equal(
    explainError(
      { name: 'NetworkError', message: 'No remaining database connections' },
      true,
      untranslated
    ).kind,
    'network'
  );
  assert.equal(
    explainError(new TypeError('Failed to fetch'), true, untranslated).kind,
    'network'
  );
  assert.deepEqual(
    explainError(
      new ConnectionError('cors', 'not allowed'),
      true,
      untranslated
    ),
    { kind: 'cors', message: 'not allowed' }
  );
  assert.equal(
    explainError(new Error('Session not valid.'), true, untranslated).kind,
    'other',
    'an Error that is not a TDBException'
  );
  assert.equal(explainError('user error', false, untranslated).kind, 'other');
});

test('explanations go through the translator; the server text is passed in, not translated', () => {
  const calls: { msgid: string; args: unknown[] }[] = [];
  const recording = {
    __: (msgid: string, ...args: unknown[]) => {
      calls.push({ msgid, args });
      return `[${msgid}]`;
    },
    _n: (msgid: string) => msgid
  };
  const explained = explainError(
    db('Invalid credentials.'),
    false,
    recording,
    'login'
  );
  assert.deepEqual(explained, {
    kind: 'login',
    message: '[HeavyDB refused the login: %1]'
  });
  assert.deepEqual(calls, [
    { msgid: 'HeavyDB refused the login: %1', args: ['Invalid credentials.'] }
  ]);
});
