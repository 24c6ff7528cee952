import assert from 'node:assert/strict';
import { test } from 'node:test';

import { DEFAULT_SETTINGS, parseSettings } from '../../src/sql/settings';

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
