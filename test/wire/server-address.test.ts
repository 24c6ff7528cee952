import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import type { IConnection } from '../../src/wire/payload';
import { sameServer, serverAddress } from '../../src/wire/server-address';

const db: IConnection = {
  protocol: 'https',
  host: 'db.example.com',
  port: 443
};

describe('server address', () => {
  it('names a server as protocol://host:port, without the database', () => {
    const withDatabase: IConnection = { ...db, database: 'sales' };
    assert.equal(serverAddress(withDatabase), 'https://db.example.com:443');
    assert.equal(
      serverAddress({ protocol: 'http', host: '[::1]', port: 6274 }),
      'http://[::1]:6274'
    );
  });

  it('compares servers by protocol, host and port only', () => {
    const otherDatabase: IConnection = { ...db, database: 'other' };
    assert.ok(sameServer(db, otherDatabase));
    assert.ok(!sameServer(db, { ...db, protocol: 'http' }));
    assert.ok(!sameServer(db, { ...db, host: 'evil.example' }));
    assert.ok(!sameServer(db, { ...db, port: 6274 }));
  });
});
