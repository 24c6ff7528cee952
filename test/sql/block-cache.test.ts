import assert from 'node:assert/strict';
import { test } from 'node:test';

import { BlockCache } from '../../src/sql/block-cache';

test('keeps at most three blocks, evicting the farthest from the focus', () => {
  const cache = new BlockCache<string>(3);
  cache.set(0, 'a');
  cache.set(1, 'b');
  cache.set(2, 'c');
  assert.deepEqual(cache.resident, [0, 1, 2]);
  assert.deepEqual(cache.set(3, 'd', 3), [0]);
  assert.deepEqual(cache.resident, [1, 2, 3]);
  assert.deepEqual(cache.set(19, 't', 19), [1]);
  assert.deepEqual(cache.resident, [2, 3, 19]);
  assert.equal(cache.get(19), 't');
  assert.equal(cache.get(0), undefined);
});

test('a jump keeps the new block and its nearest neighbours', () => {
  const cache = new BlockCache<number>(3);
  for (let i = 0; i < 20; i++) {
    cache.set(i, i);
    assert.ok(cache.size <= 3);
  }
  assert.deepEqual(cache.resident, [17, 18, 19]);
  cache.set(5, 5, 5);
  assert.deepEqual(cache.resident, [5, 17, 18]); // 19 was farthest from block 5
});

test('rejects a size under one and clears', () => {
  assert.throws(() => new BlockCache(0));
  const cache = new BlockCache<number>(1);
  cache.set(1, 1);
  cache.set(2, 2);
  assert.deepEqual(cache.resident, [2]);
  cache.clear();
  assert.equal(cache.size, 0);
});
