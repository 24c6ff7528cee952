import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rerunOnNewSession } from '../../src/sql/rerun-rule';
import type { LastRunOutcome } from '../../src/sql/rerun-rule';

describe('rerunOnNewSession', () => {
  const outcomes: LastRunOutcome[] = [
    'none',
    'running',
    'succeeded',
    'session-invalid',
    'failed',
    'stopped'
  ];
  it('re-runs a read-only statement that succeeded or failed for the expired session', () => {
    const yes = outcomes.filter(outcome =>
      rerunOnNewSession({ outcome, readOnly: true })
    );
    assert.deepEqual(yes, ['succeeded', 'session-invalid']);
  });
  it('never re-sends a statement that is not read-only', () => {
    for (const outcome of outcomes) {
      assert.equal(rerunOnNewSession({ outcome, readOnly: false }), false);
    }
  });
});
