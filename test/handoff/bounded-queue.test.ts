import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { BoundedQueue } from '../../src/handoff/bounded-queue';

describe('BoundedQueue', () => {
  it('keeps items in order up to its capacity', () => {
    const queue = new BoundedQueue<number>(3);
    [1, 2, 3].forEach(n => queue.push(n));
    assert.equal(queue.length, 3);
    assert.equal(queue.dropped, 0);
    assert.deepEqual(queue.drain(), [1, 2, 3]);
    assert.equal(queue.length, 0);
  });

  it('drops the oldest item when full, hands it over and counts it', () => {
    const dropped: number[] = [];
    const queue = new BoundedQueue<number>(2, n => dropped.push(n));
    [1, 2, 3, 4, 5].forEach(n => queue.push(n));
    assert.deepEqual(dropped, [1, 2, 3]);
    assert.equal(queue.dropped, 3);
    assert.deepEqual(queue.drain(), [4, 5]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new BoundedQueue(0), RangeError);
    assert.throws(() => new BoundedQueue(1.5), RangeError);
  });
});
