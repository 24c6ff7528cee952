import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { ISessionRecord } from '../../src/store/record';
import {
  type IRecordBackend,
  SessionStore,
  startEarlyRecordRead
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
    // The class of the store's own (dynamic) import: under tsx a static import is another copy.
    const { SessionRemovalError } =
      await import('../../src/store/record-writes');
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

/** Channels of one origin: a message posted by one store reaches every other store's channel. */
function channelHub() {
  const channels = new Set<{ deliver(): void }>();
  const factory = () => {
    const listeners: Array<() => void> = [];
    const channel = {
      deliver: () => listeners.forEach(l => l()),
      addEventListener: (_: string, listener: () => void) =>
        void listeners.push(listener),
      removeEventListener: (_: string, listener: () => void) => {
        const at = listeners.indexOf(listener);
        if (at >= 0) {
          listeners.splice(at, 1);
        }
      },
      postMessage: () =>
        channels.forEach(other => other !== channel && other.deliver()),
      close: () => void channels.delete(channel)
    };
    channels.add(channel);
    return channel as unknown as BroadcastChannel;
  };
  return factory;
}

/** A backend whose puts wait until `release()` is called. */
class HeldPutBackend extends FlakyBackend {
  private _held: Array<() => void> = [];
  private _released = false;
  async put(record: ISessionRecord) {
    if (!this._released) {
      await new Promise<void>(resolve => this._held.push(resolve));
    }
    return super.put(record);
  }
  /** Lets the held puts and every later one through (a write's put may not have started yet). */
  release() {
    this._released = true;
    this._held.splice(0).forEach(resolve => resolve());
  }
}

/** Holds the first get() until release(), which answers what is stored then; later ones answer at once. */
class HeldGetBackend extends FlakyBackend {
  private _held: Array<() => void> = [];
  private _first = true;
  async get() {
    if (this._first) {
      this._first = false;
      await new Promise<void>(resolve => this._held.push(resolve));
    }
    return super.get();
  }
  release() {
    this._held.splice(0).forEach(resolve => resolve());
  }
}

const tick = () => new Promise(resolve => setTimeout(resolve, 0));

describe('SessionStore: the page that received a session uses it without waiting for IndexedDB', () => {
  it('listeners and reads have the written record before IndexedDB holds it; write() resolves once it does', async () => {
    const backend = new HeldPutBackend();
    const store = new SessionStore({ backend, channelFactory: channelHub() });
    const seen: Array<ISessionRecord | undefined> = [];
    store.subscribe(r => seen.push(r));
    let written = false;
    const writing = store.write(record('A')).then(() => (written = true));
    assert.deepEqual(seen, [record('A')], 'listeners heard it at once');
    assert.deepEqual(await store.read(), record('A'));
    assert.equal(backend.stored, undefined, 'not yet in IndexedDB');
    assert.equal(written, false, 'write() waits for IndexedDB');
    backend.release();
    await writing;
    assert.deepEqual(backend.stored, record('A'));
    await store.read();
    assert.deepEqual(
      backend.calls.filter(c => c === 'get'),
      [],
      'no read of IndexedDB for the record this page wrote'
    );
  });

  it("another tab's newer session and another tab's sign-out win over the one this page wrote", async () => {
    const backend = new FlakyBackend();
    const hub = channelHub();
    const here = new SessionStore({ backend, channelFactory: hub });
    const there = new SessionStore({ backend, channelFactory: hub });
    const seen: Array<ISessionRecord | undefined> = [];
    here.subscribe(r => seen.push(r));
    await here.write(record('A'));
    await there.write(record('B'));
    await tick();
    assert.deepEqual(await here.read(), record('B'));
    assert.deepEqual(
      seen.at(-1),
      record('B'),
      'listeners follow the other tab'
    );
    await here.write(record('C'));
    await there.clear();
    await tick();
    assert.equal(await here.read(), undefined, 'signed out in every tab');
    assert.equal(seen.at(-1), undefined);
  });

  it("a change from another tab while this page's write is in flight leaves every tab on what is stored", async () => {
    const backend = new HeldPutBackend();
    const hub = channelHub();
    const here = new SessionStore({ backend, channelFactory: hub });
    const there = new SessionStore({
      backend: new FlakyBackend(), // its own write lands at once...
      channelFactory: hub
    });
    const seen: Array<ISessionRecord | undefined> = [];
    here.subscribe(r => seen.push(r));
    const writing = here.write(record('A'));
    await there.write(record('B')); // ...and says so while A is still being written here
    await tick();
    backend.release();
    await writing;
    await tick();
    assert.deepEqual(backend.stored, record('A'), 'A was written last');
    assert.deepEqual(await here.read(), record('A'));
    assert.deepEqual(
      seen.at(-1),
      record('A'),
      'listeners end on what is stored'
    );
  });

  it('a sign-out right after a write is not undone by the write landing later', async () => {
    const backend = new HeldPutBackend();
    const store = new SessionStore({ backend, channelFactory: channelHub() });
    const writing = store.write(record('A'));
    const clearing = store.clear();
    assert.equal(await store.read(), undefined);
    backend.release();
    await Promise.all([writing, clearing]);
    assert.equal(backend.stored, undefined);
    assert.equal(await store.read(), undefined);
  });

  it('without a change channel every read goes to IndexedDB (another tab could not say it changed the record)', async () => {
    const backend = new FlakyBackend();
    const store = storeWith(backend);
    await store.write(record('A'));
    backend.stored = record('B'); // another tab's write
    assert.deepEqual(await store.read(), record('B'));
  });

  it('the read started before the store answers the reads after it, until the record changed since', async () => {
    const backend = new FlakyBackend();
    backend.stored = record('A');
    const alone = channelHub();
    const store = new SessionStore({
      earlyRead: startEarlyRecordRead({ backend, channelFactory: alone }),
      channelFactory: alone
    });
    assert.deepEqual(await store.read(), record('A'));
    assert.deepEqual(await store.read(), record('A'));
    assert.equal(
      backend.calls.filter(c => c === 'get').length,
      1,
      'one read of IndexedDB while no tab announced a change'
    );

    const hub = channelHub();
    const here = new SessionStore({
      earlyRead: startEarlyRecordRead({ backend, channelFactory: hub }),
      channelFactory: hub
    });
    const there = new SessionStore({ backend, channelFactory: hub });
    await tick();
    await there.write(record('B'));
    await tick();
    assert.deepEqual(await here.read(), record('B'), 'not the early answer');
  });

  it('a read started before the store exists answers its first read, through the same backend', async () => {
    const backend = new FlakyBackend();
    backend.stored = record('A');
    const hub = channelHub();
    const earlyRead = startEarlyRecordRead({ backend, channelFactory: hub });
    const store = new SessionStore({ earlyRead, channelFactory: hub });
    assert.deepEqual(await store.read(), record('A'));
    assert.equal(backend.calls.filter(c => c === 'get').length, 1);
    await store.write(record('B'));
    assert.deepEqual(backend.stored, record('B'), 'written to its backend');
  });

  it('a read started before the store is not used when another tab changed the record before the store existed', async () => {
    const backend = new HeldGetBackend();
    backend.stored = record('A');
    const hub = channelHub();
    const earlyRead = startEarlyRecordRead({ backend, channelFactory: hub });
    // Another tab writes B while the early read is still out (it will answer A).
    const there = new SessionStore({
      backend: new FlakyBackend(),
      channelFactory: hub
    });
    await there.write(record('B'));
    backend.release();
    assert.deepEqual(await earlyRead.answer, record('A'), 'the early answer');
    backend.stored = record('B'); // what the shared database holds now
    const store = new SessionStore({ earlyRead, channelFactory: hub });
    assert.deepEqual(await store.read(), record('B'), 'read again');
    assert.equal(backend.calls.filter(c => c === 'get').length, 2);
  });

  it('a failed early read is reported by the first read, which then falls back to memory', async () => {
    const backend = new FlakyBackend();
    backend.failures.get = 1;
    const unavailable: unknown[] = [];
    const earlyRead = startEarlyRecordRead({
      backend,
      channelFactory: channelHub()
    });
    await tick(); // no unhandled rejection while no store has asked
    const store = new SessionStore({
      earlyRead,
      channelFactory: channelHub(),
      onPersistenceUnavailable: e => unavailable.push(e)
    });
    assert.equal(await store.read(), undefined);
    assert.equal(unavailable.length, 1);
    backend.stored = record('A');
    assert.deepEqual(
      await store.read(),
      record('A'),
      'the next read asks IndexedDB again'
    );
  });

  it('a failed background write is reported as before and leaves the session in memory only', async () => {
    const backend = new FlakyBackend();
    const unavailable: unknown[] = [];
    const store = new SessionStore({
      backend,
      channelFactory: channelHub(),
      onPersistenceUnavailable: e => unavailable.push(e)
    });
    backend.failures.put = 3;
    await store.write(record('A'));
    assert.equal(unavailable.length, 1);
    assert.equal(backend.stored, undefined);
    assert.deepEqual(await store.read(), record('A'));
  });
});
