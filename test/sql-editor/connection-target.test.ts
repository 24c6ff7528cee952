import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { resolveConnectionTarget } from '../../src/sql-editor/connection-target';
import type { ISessionRecord } from '../../src/store/record';

const session: ISessionRecord = {
  session: 'handed-over-id',
  connection: { protocol: 'https', host: 'db.example.com', port: 443 },
  environment: {},
  query: '',
  receivedAt: 0,
  senderOrigin: 'https://immerse.example.com',
  via: 'message'
};
const defaults = {
  connection: {
    protocol: 'http' as const,
    host: 'fallback.example.com',
    port: 6278,
    database: 'analytics',
    user: 'alice'
  },
  binaryProtocol: false
};

describe('resolveConnectionTarget', () => {
  it('uses the session with the default connection database when the session names none', () => {
    assert.deepEqual(resolveConnectionTarget(session, defaults, 'secret'), {
      protocol: 'https',
      host: 'db.example.com',
      port: 443,
      database: 'analytics',
      session: 'handed-over-id',
      binaryProtocol: false
    });
  });

  it("prefers the session's own database and never adds the password to it", () => {
    const target = resolveConnectionTarget(
      {
        ...session,
        connection: { ...session.connection, database: 'sales' }
      },
      defaults,
      'secret'
    );
    assert.equal(target?.database, 'sales');
    assert.equal(target?.password, undefined);
    assert.equal(target?.user, undefined);
  });

  it("falls back to HeavyDB's own database when neither names one", () => {
    const target = resolveConnectionTarget(
      session,
      { connection: null, binaryProtocol: true },
      ''
    );
    assert.equal(target?.database, 'heavyai');
    assert.equal(target?.binaryProtocol, true);
  });

  it('logs in with the default connection and the typed password without a session', () => {
    assert.deepEqual(resolveConnectionTarget(undefined, defaults, 'secret'), {
      ...defaults.connection,
      password: 'secret',
      binaryProtocol: false
    });
  });

  it('leaves the password out when none was typed (the editor keeps its open login)', () => {
    const target = resolveConnectionTarget(undefined, defaults, '');
    assert.ok(target);
    assert.equal('password' in target && target.password !== undefined, false);
  });

  it('has no target without a session and without a user name', () => {
    assert.equal(
      resolveConnectionTarget(
        undefined,
        { connection: null, binaryProtocol: true },
        'x'
      ),
      undefined
    );
    assert.equal(
      resolveConnectionTarget(
        undefined,
        {
          connection: { ...defaults.connection, user: '' },
          binaryProtocol: true
        },
        'x'
      ),
      undefined
    );
  });
});
