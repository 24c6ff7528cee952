import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { loadOnce } from '../src/load-once';

describe('loadOnce', () => {
  it('starts the load once and shares it while it runs and after it succeeds', async () => {
    let starts = 0;
    const load = loadOnce(async () => ++starts);
    const [a, b] = await Promise.all([load(), load()]);
    assert.deepEqual([a, b, await load(), starts], [1, 1, 1, 1]);
  });

  it('shares a pending failure with every caller, then starts again on the next call', async () => {
    let starts = 0;
    const load = loadOnce(async () => {
      starts += 1;
      if (starts === 1) {
        throw new Error('chunk failed');
      }
      return 'loaded';
    });
    const first = load();
    const second = load();
    await assert.rejects(first, /chunk failed/);
    await assert.rejects(second, /chunk failed/);
    assert.equal(await load(), 'loaded');
    assert.equal(await load(), 'loaded');
    assert.equal(starts, 2);
  });

  it('does not leave an unhandled rejection when nobody awaits a failed load', async () => {
    const unhandled: unknown[] = [];
    const listen = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listen);
    try {
      const load = loadOnce(() => Promise.reject(new Error('ignored')));
      await load().catch(() => undefined);
      await new Promise(resolve => setTimeout(resolve, 10));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', listen);
    }
  });
});
