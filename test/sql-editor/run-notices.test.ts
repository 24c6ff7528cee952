// Counts in the editor's texts: grouped by commas exactly as `toLocaleString('en-US')` groups them.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { formatCount } from '../../src/sql-editor/run-notices';

describe('formatCount', () => {
  it('groups whole numbers as en-US does, at every length and sign', () => {
    const values = [0, 7, -7, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    for (let digits = 1; digits <= 16; digits++) {
      const n = Number('9'.repeat(digits));
      values.push(n, -n, 10 ** (digits - 1), 10 ** (digits - 1) + 1);
    }
    for (const n of values) {
      assert.equal(formatCount(n), n.toLocaleString('en-US'), String(n));
    }
  });

  it('leaves fractions and unsafe integers to toLocaleString', () => {
    for (const n of [1234.5, 2 ** 60, Infinity]) {
      assert.equal(formatCount(n), n.toLocaleString('en-US'));
    }
    assert.equal(formatCount(1234567.891), '1,234,567.891');
  });
});
