import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectionFromOrigin,
  endpointBody,
  recordFromPayload,
  ISessionRecord
} from '../../src/store/record';
import {
  defaultConfig,
  ISiteConfig,
  parseHeavyAIConfig
} from '../../src/site-config';
import { ISessionPayload } from '../../src/wire/payload';

const NOW = Date.UTC(2026, 0, 1);
const PAGE = 'https://notebooks.example.com';
const SENDER = 'https://immerse.example.com';

function record(
  payload: ISessionPayload,
  config: ISiteConfig = defaultConfig(),
  page = PAGE
): ISessionRecord {
  const result = recordFromPayload(payload, SENDER, NOW, config, page);
  assert.ok(result.ok, (result as { reason?: string }).reason);
  return result.value;
}

describe('endpointBody', () => {
  it('has the original shape with empty strings when there is no session', () => {
    assert.deepEqual(endpointBody(undefined, defaultConfig()), {
      session: '',
      connection: { protocol: '', host: '', port: '' },
      environment: {
        protocol: 'HEAVYAI_PROTOCOL',
        host: 'HEAVYAI_HOST',
        port: 'HEAVYAI_PORT'
      },
      query: ''
    });
  });

  it('serves the stored values as strings, port included', () => {
    const stored = record({
      session: 'abc123',
      connection: {
        protocol: 'https',
        host: 'db.example.com',
        port: 6278,
        database: 'heavyai'
      },
      query: "SELECT 'x'"
    });
    const { config } = parseHeavyAIConfig({
      sessionManager: { host: 'MY_HOST' }
    });
    assert.deepEqual(endpointBody(stored, config), {
      session: 'abc123',
      connection: { protocol: 'https', host: 'db.example.com', port: '6278' },
      environment: {
        protocol: 'HEAVYAI_PROTOCOL',
        host: 'MY_HOST',
        port: 'HEAVYAI_PORT'
      },
      query: "SELECT 'x'"
    });
  });
});

describe('recordFromPayload', () => {
  it('records the sender, time, query and environment', () => {
    const stored = record({
      session: 'abc',
      connection: { protocol: 'http', host: 'db', port: 1 },
      environment: { FOO: 'bar' }
    });
    assert.deepEqual(stored, {
      session: 'abc',
      connection: { protocol: 'http', host: 'db', port: 1 },
      environment: { FOO: 'bar' },
      query: '',
      receivedAt: NOW,
      senderOrigin: SENDER
    });
  });

  it('prefers the payload connection over everything else', () => {
    const { config } = parseHeavyAIConfig({
      connection: { protocol: 'http', host: 'config-db', port: 2 }
    });
    const stored = record(
      {
        session: 'abc',
        connection: { protocol: 'https', host: 'payload-db', port: 3 },
        environment: {
          HEAVYAI_HOST: 'env-db',
          HEAVYAI_PORT: '4',
          HEAVYAI_PROTOCOL: 'http'
        }
      },
      config
    );
    assert.deepEqual(stored.connection, {
      protocol: 'https',
      host: 'payload-db',
      port: 3
    });
  });

  it('uses the environment under the configured names next', () => {
    const { config } = parseHeavyAIConfig({
      sessionManager: { protocol: 'P', host: 'H', port: 'N' },
      connection: { protocol: 'http', host: 'config-db', port: 2 }
    });
    const stored = record(
      {
        session: 'abc',
        environment: {
          P: 'HTTPS',
          H: 'Env-DB',
          N: '6278',
          HEAVYAI_HOST: 'ignored'
        }
      },
      config
    );
    assert.deepEqual(stored.connection, {
      protocol: 'https',
      host: 'env-db',
      port: 6278
    });
  });

  it('falls back to the legacy OMNISCI_* names', () => {
    const stored = record({
      session: 'abc',
      environment: {
        OMNISCI_PROTOCOL: 'http',
        OMNISCI_HOST: 'legacy-db',
        OMNISCI_PORT: '6274'
      }
    });
    assert.deepEqual(stored.connection, {
      protocol: 'http',
      host: 'legacy-db',
      port: 6274
    });
  });

  it('prefers HEAVYAI_* over OMNISCI_* when both are present', () => {
    const stored = record({
      session: 'abc',
      environment: {
        OMNISCI_HOST: 'legacy-db',
        HEAVYAI_HOST: 'new-db',
        HEAVYAI_PORT: '1'
      }
    });
    assert.equal(stored.connection.host, 'new-db');
  });

  it('uses the configured default connection, database included, when the payload has none', () => {
    const { config } = parseHeavyAIConfig({
      connection: {
        protocol: 'https',
        host: 'config-db',
        port: 6278,
        database: 'heavyai'
      }
    });
    assert.deepEqual(record({ session: 'abc' }, config).connection, {
      protocol: 'https',
      host: 'config-db',
      port: 6278,
      database: 'heavyai'
    });
  });

  it('falls back to the page origin, with default ports', () => {
    assert.deepEqual(record({ session: 'abc' }).connection, {
      protocol: 'https',
      host: 'notebooks.example.com',
      port: 443
    });
    assert.deepEqual(
      record({ session: 'abc' }, defaultConfig(), 'http://localhost:8000')
        .connection,
      {
        protocol: 'http',
        host: 'localhost',
        port: 8000
      }
    );
    assert.deepEqual(
      record({ session: 'abc' }, defaultConfig(), 'http://[::1]/lab/index.html')
        .connection,
      {
        protocol: 'http',
        host: '[::1]',
        port: 80
      }
    );
  });

  it('mixes sources field by field, but a host from the environment does not borrow a port', () => {
    const onlyPort = record(
      { session: 'abc', environment: { HEAVYAI_PORT: '6278' } },
      defaultConfig(),
      'http://localhost:8000'
    );
    assert.deepEqual(onlyPort.connection, {
      protocol: 'http',
      host: 'localhost',
      port: 6278
    });
    const onlyHost = record(
      { session: 'abc', environment: { HEAVYAI_HOST: 'db' } },
      defaultConfig(),
      'http://localhost:8000'
    );
    assert.deepEqual(onlyHost.connection, {
      protocol: 'http',
      host: 'db',
      port: 80
    });
  });

  it('ignores empty environment values', () => {
    const stored = record({
      session: 'abc',
      environment: { HEAVYAI_HOST: '', OMNISCI_HOST: 'legacy' }
    });
    assert.equal(stored.connection.host, 'legacy');
  });

  it('rejects bad values found in the environment, naming the variable', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { HEAVYAI_PROTOCOL: 'javascript' },
        /environment\.HEAVYAI_PROTOCOL must be http or https/
      ],
      [
        { HEAVYAI_HOST: 'evil.com/x' },
        /environment\.HEAVYAI_HOST must not contain a path/
      ],
      [{ HEAVYAI_PORT: '0' }, /environment\.HEAVYAI_PORT must be an integer/],
      [
        { OMNISCI_PORT: '70000' },
        /environment\.OMNISCI_PORT must be an integer/
      ]
    ];
    for (const [environment, reason] of cases) {
      const result = recordFromPayload(
        { session: 'abc', environment },
        SENDER,
        NOW,
        defaultConfig(),
        PAGE
      );
      assert.equal(result.ok, false);
      assert.match((result as { reason: string }).reason, reason);
    }
  });

  it('rejects when no connection can be found at all', () => {
    const result = recordFromPayload(
      { session: 'abc' },
      SENDER,
      NOW,
      defaultConfig(),
      'file:///tmp/x.html'
    );
    assert.equal(result.ok, false);
    assert.match(
      (result as { reason: string }).reason,
      /no HeavyDB connection/
    );
  });

  it('copies the environment so later edits to the payload do not leak into the record', () => {
    const payload: ISessionPayload = {
      session: 'abc',
      environment: { A: '1' }
    };
    const stored = record(payload);
    payload.environment!.A = '2';
    assert.equal(stored.environment.A, '1');
  });
});

describe('connectionFromOrigin', () => {
  it('returns undefined for non-web pages and garbage', () => {
    assert.equal(connectionFromOrigin('file:///x'), undefined);
    assert.equal(connectionFromOrigin('not a url'), undefined);
    assert.equal(connectionFromOrigin('null'), undefined);
  });
});
