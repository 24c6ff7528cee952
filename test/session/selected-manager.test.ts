// Which manager the UI talks to, and when: the browser store at once when it is the configured
// one (nothing can replace it), another extension's only once every plugin has activated.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

import { Signal } from '@lumino/signaling';

import { SelectedSessionManager } from '../../src/session/selected-manager';
import type { ISessionRecord } from '../../src/store/record';
import type { IHeavyAISessionManager } from '../../src/tokens';

function memoryManager(id: string): IHeavyAISessionManager & {
  record?: ISessionRecord;
} {
  const manager = {
    id,
    record: undefined as ISessionRecord | undefined,
    changed: new Signal<IHeavyAISessionManager, ISessionRecord | undefined>(
      {} as never
    ),
    async getSession() {
      return manager.record;
    },
    async setSession(record: ISessionRecord) {
      manager.record = record;
      manager.changed.emit(record);
    },
    async clear() {
      manager.record = undefined;
      manager.changed.emit(undefined);
    }
  };
  return manager;
}

const record = { session: 'a-session' } as ISessionRecord;
const never = new Promise<void>(() => undefined);

describe('SelectedSessionManager: when the choice is made', () => {
  it(
    'the browser store, when configured, takes and announces a session before the plugins have all activated',
    { timeout: 5000 },
    async () => {
      const store = memoryManager('browser-store');
      const selected = new SelectedSessionManager({
        selectedId: 'browser-store',
        fallback: store,
        whenPluginsActive: never,
        onMissing: () => assert.fail('the store is there')
      });
      const announced: (ISessionRecord | undefined)[] = [];
      selected.changed.connect((_, r) => announced.push(r));
      // A registration under the store's id cannot replace it: the first of an id wins.
      selected.register('browser-store', () => memoryManager('impostor'));
      await selected.setSession(record);
      assert.deepEqual(announced, [record]);
      assert.equal(await selected.getSession(), record);
      assert.equal(store.record, record);
    }
  );

  it("another extension's manager is chosen only once every plugin has activated", async () => {
    const store = memoryManager('browser-store');
    let activated: () => void = () => undefined;
    const selected = new SelectedSessionManager({
      selectedId: 'theirs',
      fallback: store,
      whenPluginsActive: new Promise<void>(resolve => (activated = resolve)),
      onMissing: () => assert.fail('registered in time')
    });
    let stored = false;
    const setting = selected.setSession(record).then(() => (stored = true));
    selected.register('theirs', () => theirs);
    const theirs = memoryManager('theirs');
    await new Promise(resolve => setTimeout(resolve, 10));
    assert.equal(stored, false, 'waits for the plugins');
    activated();
    await setting;
    assert.equal(theirs.record, record);
  });
});
