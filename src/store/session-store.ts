/**
 * The one place a handed-over session is kept: an IndexedDB database of our
 * own (not JupyterLite's), read by the page and by the service worker
 * (session-database.ts). Every page reads the record at start-up, and deletes
 * it, with IndexedDB's own API; writes (idb-keyval) and the rules for writing
 * and deleting (record-writes.ts) load on the first write or clear. No
 * JupyterLab imports.
 */
import type { ISessionRecord } from './record';
import {
  CHANGE_CHANNEL,
  DATABASE_NAME,
  OBJECT_STORE_NAME,
  RECORD_KEY
} from './session-keys';

export { CHANGE_CHANNEL, DATABASE_NAME, OBJECT_STORE_NAME, RECORD_KEY };

/**
 * The writes and deletes, loaded on the first write or clear (reads do not need them), with the
 * hand-off's wiring: a session handed over is written as soon as it arrives.
 */
function recordWrites(): Promise<typeof import('./record-writes')> {
  return import(/* webpackChunkName: "heavyai-handoff" */ './record-writes');
}

/**
 * One request on the stored record with IndexedDB's own API, settled when its transaction has
 * committed. The database is opened as idb-keyval (session-database.ts) opens it, its object store
 * made on first use, and closed once the transaction is done (a connection closes after its
 * transactions complete).
 */
function onStoredRecord<T>(
  mode: IDBTransactionMode,
  request: (store: IDBObjectStore) => IDBRequest<T>
): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(DATABASE_NAME);
    open.onupgradeneeded = () =>
      open.result.createObjectStore(OBJECT_STORE_NAME);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const database = open.result;
      try {
        const transaction = database.transaction(OBJECT_STORE_NAME, mode);
        const pending = request(transaction.objectStore(OBJECT_STORE_NAME));
        transaction.oncomplete = () => resolve(pending.result);
        // A failed request aborts its transaction.
        transaction.onabort = () => reject(transaction.error);
      } catch (error) {
        reject(error);
      } finally {
        database.close();
      }
    };
  });
}

/** Where the record persists; IndexedDB in the browser, a fake in unit tests. */
export interface IRecordBackend {
  get(): Promise<ISessionRecord | undefined>;
  put(record: ISessionRecord): Promise<void>;
  delete(): Promise<void>;
}

/**
 * The record in our IndexedDB database: read and deleted here, so that a record this page
 * replaces can go even when the writes' chunk cannot load; written through idb-keyval
 * (session-database.ts, loaded with the first write).
 */
export function indexedDBBackend(): IRecordBackend {
  // Where the browser has no IndexedDB, each operation rejects with its ReferenceError.
  let writer:
    ReturnType<typeof import('./session-database').recordWriter> | undefined;
  return {
    get: async () =>
      (await onStoredRecord<ISessionRecord | undefined>('readonly', store =>
        store.get(RECORD_KEY)
      )) ?? undefined,
    put: async record =>
      (writer ??= (
        await import(
          /* webpackChunkName: "heavyai-handoff" */ './session-database'
        )
      ).recordWriter()).put(record),
    delete: async () => {
      await onStoredRecord('readwrite', store => store.delete(RECORD_KEY));
    }
  };
}

/** Hooks for SessionStore; the defaults are the browser's own, tests replace them. */
export interface ISessionStoreOptions {
  /** Called once when IndexedDB cannot be used and the session lives in memory only. */
  onPersistenceUnavailable?: (error: unknown) => void;
  /** For tests: a factory of the change channel (BroadcastChannel by default). */
  channelFactory?: (name: string) => BroadcastChannel | undefined;
  /** For tests: the persistent store (IndexedDB by default). */
  backend?: IRecordBackend;
  /** How often a failed IndexedDB write or delete is tried in all (default 3). */
  attempts?: number;
  /**
   * A read started before the store existed (`startEarlyRecordRead`): its backend becomes the
   * store's, and its answer serves read() until the record changes, unless another tab changed it
   * before the store existed.
   */
  earlyRead?: IEarlyRecordRead;
}

function changeChannel(name: string): BroadcastChannel | undefined {
  return typeof BroadcastChannel === 'undefined'
    ? undefined
    : new BroadcastChannel(name);
}

/** A read of the stored record made before any store exists; see `startEarlyRecordRead`. */
export interface IEarlyRecordRead {
  readonly backend: IRecordBackend;
  readonly answer: Promise<ISessionRecord | undefined>;
  /**
   * Stop watching other tabs; true when one announced a change since the read started, so its
   * answer may be older than what is stored.
   */
  finish(): boolean;
}

/**
 * Start reading the stored record now, for a page that will use the session as soon as the app
 * has started (the deep link starts it while our package is evaluated). JupyterLite's own
 * IndexedDB requests at start-up are many; an open made after them waits behind them.
 */
export function startEarlyRecordRead(
  options: Pick<ISessionStoreOptions, 'backend' | 'channelFactory'> = {}
): IEarlyRecordRead {
  const backend = options.backend ?? indexedDBBackend();
  const channel = (options.channelFactory ?? changeChannel)(CHANGE_CHANNEL);
  let changed = false;
  const onChange = () => (changed = true);
  channel?.addEventListener('message', onChange);
  const answer = backend.get();
  answer.catch(() => undefined); // the store's read() reports it, if it is still asked for
  return {
    backend,
    answer,
    finish() {
      channel?.removeEventListener('message', onChange);
      channel?.close();
      return changed;
    }
  };
}

type Listener = (record: ISessionRecord | undefined) => void;

/**
 * The page's view of the session. The service worker's endpoint reads only
 * IndexedDB, so IndexedDB must never hold a session the page no longer uses:
 * when a new record cannot be written the old one is deleted, and clear()
 * insists on the delete (retrying, then raising SessionRemovalError) instead
 * of trusting an earlier failure to mean "nothing is stored".
 */
export class SessionStore {
  constructor(options: ISessionStoreOptions = {}) {
    this._onUnavailable = options.onPersistenceUnavailable;
    const early = options.earlyRead;
    this._backend = early?.backend ?? options.backend ?? indexedDBBackend();
    this._attempts = Math.max(1, options.attempts ?? 3);
    this._channel = (options.channelFactory ?? changeChannel)(CHANGE_CHANNEL);
    if (early && !early.finish()) {
      this._storedRead = {
        generation: this._generation,
        answer: early.answer
      };
    }
    this._channel?.addEventListener('message', () => {
      // Another tab changed the record: IndexedDB holds the truth again.
      this._forgetKnown();
      this._otherTabChanges++;
      this._memoryOnly = false;
      this._memory = undefined;
      void this._reloadAndNotify();
    });
  }

  /**
   * The current record, never rejecting: the one this page wrote, from memory, until another tab
   * says the record changed (so the page that received a session uses it without waiting for
   * IndexedDB); otherwise from IndexedDB — one read per change another tab announces, when the
   * change channel is there to announce them — or from memory when IndexedDB has failed.
   */
  async read(): Promise<ISessionRecord | undefined> {
    if (this._memoryOnly || this._ownRecordKnown) {
      return this._memory;
    }
    let stored = this._storedRead;
    if (stored?.generation !== this._generation) {
      stored = { generation: this._generation, answer: this._backend.get() };
      this._storedRead = stored;
    }
    if (!this._channel) {
      // Another tab's change would go unannounced: the next read asks IndexedDB again.
      this._storedRead = undefined;
    }
    try {
      const record = await stored.answer;
      this._backendWorked = true;
      return record;
    } catch (error) {
      if (this._storedRead === stored) {
        this._storedRead = undefined; // the next read tries again
      }
      this._reportUnavailable(error);
      return this._memory;
    }
  }

  /**
   * Keep `record`: this page's listeners and reads have it at once; it is then written to
   * IndexedDB (for the endpoint and other tabs, which are told after the write). If IndexedDB
   * refuses it, it stays in memory and the stored one is deleted so the endpoint cannot serve a
   * replaced session. Resolves once IndexedDB holds it (or it was found not to be storable).
   */
  async write(record: ISessionRecord): Promise<void> {
    this._generation++;
    const otherTabChanges = this._otherTabChanges;
    this._memory = record;
    // Without the change channel another tab's newer record would go unnoticed: read IndexedDB.
    this._ownRecordKnown = this._channel !== undefined;
    this._notify(record);
    await this._serialized(async () => {
      // When the writes' module cannot load, nothing is written: the record stays in memory, and
      // the stored one it replaces goes, or the endpoint would go on serving it.
      const failure = await recordWrites().then(
        ({ storeRecord }) => storeRecord(this._backend, record, this._attempts),
        async (error: unknown) => {
          await this._backend.delete().catch(() => undefined);
          return { error };
        }
      );
      if (failure) {
        this._memoryOnly = true;
        this._reportUnavailable(failure.error);
      } else {
        this._backendWorked = true;
        this._memoryOnly = false;
      }
    });
    this._channel?.postMessage('changed');
    if (otherTabChanges !== this._otherTabChanges && !this._ownRecordKnown) {
      // Another tab's change came in while this one was written: listeners follow what is stored.
      await this._reloadAndNotify();
    }
  }

  /**
   * Forget the session here and in IndexedDB; rejects with SessionRemovalError (record-writes.ts)
   * if IndexedDB still may hold it, or, when that module cannot load and the delete made without
   * it fails, with the error of the load.
   */
  async clear(): Promise<void> {
    this._forgetKnown();
    this._memory = undefined;
    this._memoryOnly = false;
    let failure: Error | undefined;
    await this._serialized(async () => {
      try {
        const { removeRecord } = await recordWrites();
        const outcome = await removeRecord(
          this._backend,
          this._attempts,
          this._backendWorked
        );
        this._backendWorked ||= outcome.removed;
        failure = outcome.error;
      } catch (error) {
        // The writes' module could not load: one delete, without its retries and checks.
        try {
          await this._backend.delete();
        } catch {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      }
    });
    this._afterChange(undefined);
    if (failure !== undefined) {
      throw failure;
    }
  }

  /** Subscribe to changes made here or in another tab; returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  /** Close the change channel and drop listeners; the stored record stays. */
  dispose(): void {
    this._channel?.close();
    this._listeners.clear();
  }

  /** IndexedDB writes and deletes run one after the other, in the order they were asked for. */
  private _serialized(operation: () => Promise<void>): Promise<void> {
    const done = this._mutations.then(operation).finally(() => {
      // What IndexedDB held for a read made meanwhile may have just changed.
      this._storedRead = undefined;
    });
    this._mutations = done.catch(() => undefined);
    return done;
  }

  /** What this page knew without IndexedDB no longer holds: the record changed. */
  private _forgetKnown(): void {
    this._generation++;
    this._ownRecordKnown = false;
    this._storedRead = undefined;
  }

  private _reportUnavailable(error: unknown): void {
    if (this._reported) {
      return;
    }
    this._reported = true;
    this._onUnavailable?.(error);
  }

  private _afterChange(record: ISessionRecord | undefined): void {
    this._channel?.postMessage('changed');
    this._notify(record);
  }

  private async _reloadAndNotify(): Promise<void> {
    this._notify(await this.read());
  }

  private _notify(record: ISessionRecord | undefined): void {
    for (const listener of [...this._listeners]) {
      listener(record);
    }
  }

  private _backend: IRecordBackend;
  /** Counts changes of the record, here or in another tab. */
  private _generation = 0;
  /** Counts the changes other tabs announced. */
  private _otherTabChanges = 0;
  /** `_memory` is the record this page wrote last, and no other tab has changed it since. */
  private _ownRecordKnown = false;
  /**
   * The last read of IndexedDB (or the early read the store adopted) and the change it answers
   * for: it serves read() until the record changes, here or in another tab.
   */
  private _storedRead:
    | { generation: number; answer: Promise<ISessionRecord | undefined> }
    | undefined;
  private _mutations: Promise<void> = Promise.resolve();
  private _attempts: number;
  private _memory: ISessionRecord | undefined = undefined;
  /** The current record is in memory only: its write failed. */
  private _memoryOnly = false;
  private _reported = false;
  /** Some IndexedDB operation succeeded in this page, so a failed delete may leave a record behind. */
  private _backendWorked = false;
  private _channel: BroadcastChannel | undefined;
  private _listeners = new Set<Listener>();
  private _onUnavailable?: (error: unknown) => void;
}
