import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  parseDefaultConnection,
  parseSettings
} from '../../src/sql/default-connection';
import { DEFAULT_SETTINGS } from '../../src/sql/settings';
import { validateSessionPayload } from '../../src/wire/validate';

test('Arrow, first batch and memory budget default sensibly and fall back on bad values', () => {
  assert.equal(DEFAULT_SETTINGS.arrow, true);
  assert.equal(DEFAULT_SETTINGS.firstBatchRows, 1000);
  assert.equal(DEFAULT_SETTINGS.memoryBudgetMB, 256);
  const parsed = parseSettings({
    arrow: false,
    firstBatchRows: 0,
    memoryBudgetMB: 1.5
  });
  assert.deepEqual(
    [parsed.arrow, parsed.firstBatchRows, parsed.memoryBudgetMB],
    [false, 0, 1.5]
  );
  const bad = parseSettings({
    arrow: 'yes',
    firstBatchRows: -3,
    memoryBudgetMB: 0
  });
  assert.deepEqual(
    [bad.arrow, bad.firstBatchRows, bad.memoryBudgetMB],
    [true, 1000, 256]
  );
});

test('the default connection meets the hand-off rules: what a payload refuses, the settings refuse', () => {
  const base = { protocol: 'https', port: 443, user: 'ada' };
  const refused = [
    'bücher.example', // non-ASCII: the browser would rewrite it (IDN)
    '0x7f.1', // a numeric IPv4 form the URL parser turns into another address
    '127.1',
    'db\u0000.example',
    'db example',
    'https://db.example',
    'user@db.example',
    'db.example:6274',
    'db.example/path'
  ];
  for (const host of refused) {
    assert.equal(
      parseDefaultConnection({ ...base, host }),
      null,
      JSON.stringify(host)
    );
    assert.equal(
      validateSessionPayload({ session: 's', connection: { ...base, host } })
        .ok,
      false,
      `payload ${JSON.stringify(host)}`
    );
  }
  for (const host of ['DB.Example.com', '10.0.0.7', '[::1]', 'localhost']) {
    const parsed = parseDefaultConnection({ ...base, host });
    const payload = validateSessionPayload({
      session: 's',
      connection: { ...base, host }
    });
    assert.ok(parsed && payload.ok, JSON.stringify(host));
    assert.equal(parsed.host, payload.value.connection?.host);
  }
});

test('the default connection keeps the login name and defaults the database', () => {
  assert.deepEqual(
    parseDefaultConnection({
      protocol: 'http',
      host: 'db.example',
      port: '6278',
      user: ' ada '
    }),
    {
      protocol: 'http',
      host: 'db.example',
      port: 6278,
      database: 'heavyai',
      user: 'ada'
    }
  );
  assert.equal(
    parseDefaultConnection({ protocol: 'ftp', host: 'db.example', port: 1 }),
    null
  );
  assert.equal(parseSettings({ connection: { host: 'x' } }).connection, null);
});
