import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { whenMet, type IPageCondition } from '../../src/workspace/page-waits';

/** A condition met by `set()`; `poke()` notifies without meeting it; counts who still listens. */
function fakeCondition(initially = false): IPageCondition & {
  set(): void;
  poke(): void;
  listeners(): number;
} {
  let met = initially;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) {
      listener();
    }
  };
  return {
    met: () => met,
    watch: onChange => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    set: () => {
      met = true;
      notify();
    },
    poke: notify,
    listeners: () => listeners.size
  };
}

describe('whenMet', () => {
  it('resolves at once when the condition already holds', async () => {
    const condition = fakeCondition(true);
    assert.equal(await whenMet(condition, 60_000), 'met');
    assert.equal(condition.listeners(), 0);
  });

  it('resolves when the condition comes to hold, and stops listening', async () => {
    const condition = fakeCondition();
    const waiting = whenMet(condition, 60_000);
    assert.equal(condition.listeners(), 1);
    condition.set();
    assert.equal(await waiting, 'met');
    assert.equal(condition.listeners(), 0);
  });

  it('ignores changes that leave the condition unmet', async () => {
    const condition = fakeCondition();
    let settled = false;
    const waiting = whenMet(condition, 60_000).then(outcome => {
      settled = true;
      return outcome;
    });
    condition.poke();
    await new Promise(resolve => setTimeout(resolve, 10));
    assert.equal(settled, false);
    condition.set();
    assert.equal(await waiting, 'met');
  });

  it('gives up after the cap when the condition never holds', async () => {
    const condition = fakeCondition();
    const started = Date.now();
    assert.equal(await whenMet(condition, 30), 'timed-out');
    assert.ok(Date.now() - started >= 25);
    assert.equal(condition.listeners(), 0);
  });
});
