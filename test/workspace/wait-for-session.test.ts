import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Signal } from '@lumino/signaling';

import { waitForSession } from '../../src/workspace/wait-for-session';
import type { IHeavyAISessionManager } from '../../src/tokens';
import type { ISessionRecord } from '../../src/store/record';

const RECORD = { session: 'x' } as unknown as ISessionRecord;

/** A manager whose reads answer from `reads` in turn (a function may throw). */
function manager(
  reads: (() => ISessionRecord | undefined)[]
): IHeavyAISessionManager & { emit(record: ISessionRecord): void } {
  const changed = new Signal<
    IHeavyAISessionManager,
    ISessionRecord | undefined
  >({} as IHeavyAISessionManager);
  let n = 0;
  return {
    id: 'test',
    changed,
    getSession: async () => reads[Math.min(n++, reads.length - 1)](),
    setSession: async () => undefined,
    clear: async () => undefined,
    emit: record => changed.emit(record)
  };
}

describe('waitForSession', () => {
  it('resolves with a session that arrives while it waits', async () => {
    const m = manager([() => undefined]);
    const waiting = waitForSession(m, 60_000);
    await new Promise(resolve => setTimeout(resolve, 0));
    m.emit(RECORD);
    assert.equal(await waiting, RECORD);
  });

  it('resolves with undefined when none arrives in time', async () => {
    assert.equal(
      await waitForSession(manager([() => undefined]), 10),
      undefined
    );
  });

  it('rejects when the manager fails at once', async () => {
    const m = manager([
      () => {
        throw new Error('session URL answered HTTP 404');
      }
    ]);
    await assert.rejects(waitForSession(m, 10), /HTTP 404/);
  });

  it('rejects, instead of waiting forever, when the manager fails on the last read', async () => {
    const m = manager([
      () => undefined,
      () => {
        throw new Error('session URL answered HTTP 500');
      }
    ]);
    await assert.rejects(waitForSession(m, 10), /HTTP 500/);
  });
});
