import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ISessionRecord } from '../../src/store/record';
import {
  type IRecordBackend,
  SessionRemovalError,
  SessionStore
} from '../../src/store/session-store';

/** An in-memory stand-in for IndexedDB whose next operations can be made to fail. */
class FlakyBackend implements IRecordBackend {
  stored: ISessionRecord | undefined;
  failures: Record<'get' | 'put' | 'delete', number> = {
    get: 0,
    put: 0,
    delete: 0
  };
  calls: string[] = [];

  private attempt(kind: 'get' | 'put' | 'delete'): void {
    this.calls.push(kind);
    if (this.failures[kind] > 0) {
      this.failures[kind]--;
      throw new Error(`simulated ${kind} failure`);
    }
  }
  async get() {
    this.attempt('get');
    return this.stored;
  }
  async put(record: ISessionRecord) {
    this.attempt('put');
    this.stored = record;
  }
  async delete() {
    this.attempt('delete');
    this.stored = undefined;
  }
}

const record = (session: string) =>
  ({ session, source: 'test' }) as unknown as ISessionRecord;

function storeWith(backend: FlakyBackend, unavailable: unknown[] = []) {
  return new SessionStore({
    backend,
    channelFactory: () => undefined,
    onPersistenceUnavailable: e => unavailable.push(e)
  });
}

describe("SessionStore: Forget always forgets, the stored record never outlives the page's", () => {
  it('a failed write keeps the new session for the page and deletes the one it replaced', async () => {
    const backend = new FlakyBackend();
    const unavailable: unknown[] = [];
    const store = storeWith(backend, unavailable);
    await store.write(record('A'));
    backend.failures.put = 3; // every attempt of the next write
    await store.write(record('B'));
    assert.equal(
      backend.stored,
      undefined,
      'A is no longer stored for the endpoint'
    );
    assert.deepEqual(await store.read(), record('B'), 'the page uses B');
    assert.equal(
      await storeWith(backend).read(),
      undefined,
      'a reload finds none'
    );
    assert.equal(unavailable.length, 1, 'the user is told once');
  });

  it('Forget after a write failure deletes the stored record, so a new page (and the endpoint) sees none', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    await store.write(record('A'));
    backend.failures.put = 3;
    backend.failures.delete = 3; // even the clean-up after the failed write fails
    await store.write(record('B'));
    assert.deepEqual(backend.stored, record('A'));
    await store.clear();
    assert.equal(backend.stored, undefined);
    assert.equal(await store.read(), undefined);
    assert.equal(await storeWith(backend).read(), undefined, 'after a reload');
  });

  it('retries a transient write or delete failure', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    backend.failures.put = 2;
    await store.write(record('A'));
    assert.deepEqual(backend.stored, record('A'));
    assert.deepEqual(
      await storeWith(backend).read(),
      record('A'),
      'a reload finds A'
    );
    backend.failures.delete = 2;
    await store.clear();
    assert.equal(backend.stored, undefined);
    assert.deepEqual(backend.calls.filter(c => c === 'delete').length, 3);
  });

  it('a write that works again after a failure is kept across a reload again', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    backend.failures.put = 3;
    await store.write(record('A'));
    assert.equal(
      await storeWith(backend).read(),
      undefined,
      'a reload finds none'
    );
    await store.write(record('B'));
    assert.deepEqual(
      await storeWith(backend).read(),
      record('B'),
      'a reload finds B'
    );
    assert.deepEqual(backend.stored, record('B'));
  });

  it('rejects Forget with SessionRemovalError when a record truly cannot be removed, and forgets it in the page anyway', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    const seen: Array<ISessionRecord | undefined> = [];
    store.subscribe(r => seen.push(r));
    await store.write(record('A'));
    backend.failures.delete = 100;
    await assert.rejects(store.clear(), (error: unknown) => {
      assert.ok(error instanceof SessionRemovalError);
      assert.match(error.message, /could not be removed/);
      assert.ok(!error.message.includes('A"'));
      return true;
    });
    assert.deepEqual(
      seen.at(-1),
      undefined,
      'listeners heard that the session is gone'
    );
  });

  it('does not complain about removal where storage never worked (blocked storage): nothing can be stored there', async () => {
    const backend = new FlakyBackend();
    backend.failures = { get: 100, put: 100, delete: 100 };
    const unavailable: unknown[] = [];
    const store = storeWith(backend, unavailable);
    assert.equal(await store.read(), undefined);
    await store.write(record('A'));
    assert.deepEqual(await store.read(), record('A'));
    await store.clear();
    assert.equal(await store.read(), undefined);
    assert.equal(unavailable.length, 1);
  });

  it('a failed delete whose record is gone anyway is not an error', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    backend.failures.delete = 100;
    await store.clear();
  });
});
