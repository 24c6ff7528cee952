// What the deep link's prefetch remembers of the settings: the first call's shape, checked like
// the registry's values, never anything that throws or a session.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import {
  FIRST_CALL_SETTINGS_KEY,
  rememberedFirstCallSettings,
  rememberFirstCallSettings
} from '../../src/sql-editor/first-call-settings';
import { DEFAULT_SETTINGS } from '../../src/sql/settings';

function memoryStorage(): Pick<Storage, 'getItem' | 'setItem'> & {
  items: Map<string, string>;
  writes: number;
} {
  const items = new Map<string, string>();
  const storage = {
    items,
    writes: 0,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      storage.writes++;
      items.set(key, value);
    }
  };
  return storage;
}

describe('first-call settings for the next deep link', () => {
  it('remembers Arrow and the first batch size, and reads them back', () => {
    const storage = memoryStorage();
    rememberFirstCallSettings(storage, {
      ...DEFAULT_SETTINGS,
      arrow: false,
      firstBatchRows: 300,
      connection: {
        protocol: 'https',
        host: 'db.example.com',
        port: 443,
        database: 'heavyai',
        user: 'alice'
      }
    });
    assert.deepEqual(JSON.parse(storage.items.get(FIRST_CALL_SETTINGS_KEY)!), {
      arrow: false,
      firstBatchRows: 300
    });
    assert.deepEqual(rememberedFirstCallSettings(storage), {
      ...DEFAULT_SETTINGS,
      arrow: false,
      firstBatchRows: 300
    });
    rememberFirstCallSettings(storage, {
      ...DEFAULT_SETTINGS,
      arrow: false,
      firstBatchRows: 300
    });
    assert.equal(storage.writes, 1, 'unchanged settings are not written again');
  });

  it('the defaults when nothing, garbage or invalid values are stored', () => {
    const storage = memoryStorage();
    assert.deepEqual(rememberedFirstCallSettings(storage), DEFAULT_SETTINGS);
    assert.deepEqual(rememberedFirstCallSettings(undefined), DEFAULT_SETTINGS);
    for (const stored of [
      '{',
      '"text"',
      'null',
      '{"arrow":"yes","firstBatchRows":-4}'
    ]) {
      storage.items.set(FIRST_CALL_SETTINGS_KEY, stored);
      assert.deepEqual(
        rememberedFirstCallSettings(storage),
        DEFAULT_SETTINGS,
        stored
      );
    }
  });

  it('a storage that throws neither breaks the page nor the guess', () => {
    const refusing = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('full', 'QuotaExceededError');
      }
    };
    assert.doesNotThrow(() =>
      rememberFirstCallSettings(refusing, DEFAULT_SETTINGS)
    );
    assert.deepEqual(rememberedFirstCallSettings(refusing), DEFAULT_SETTINGS);
  });
});
