/**
 * The one place a handed-over session is kept: an IndexedDB database of our
 * own (not JupyterLite's), read by the page and by the service worker.
 * No JupyterLab imports: the service worker bundles this module too.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

import type { ISessionRecord } from './record';

/**
 * The IndexedDB database the page and the service worker share; renaming it would lose stored
 * sessions.
 */
export const DATABASE_NAME = 'jupyterlite-heavyai';
/** The object store inside DATABASE_NAME that holds the session record. */
export const OBJECT_STORE_NAME = 'session';
/** The single key the record is stored under: there is one session per origin. */
export const RECORD_KEY = 'current';
/** Tabs of one origin tell each other "the record changed"; the record itself never travels. */
export const CHANGE_CHANNEL = 'jupyterlite-heavyai:session-changed';

/** Reads the persisted record; shared by the page store and the service worker. */
export function openSessionDatabase(): UseStore {
  return createStore(DATABASE_NAME, OBJECT_STORE_NAME);
}

/** The stored record, or undefined when none; rejects when IndexedDB cannot be read. */
export async function readStoredRecord(
  database: UseStore
): Promise<ISessionRecord | undefined> {
  return get<ISessionRecord>(RECORD_KEY, database);
}

/** Where the record persists; IndexedDB in the browser, a fake in unit tests. */
export interface IRecordBackend {
  get(): Promise<ISessionRecord | undefined>;
  put(record: ISessionRecord): Promise<void>;
  delete(): Promise<void>;
  /** Start opening the storage now, so the first read or write does not wait for it. */
  warm?(): void;
}

/** The record in our IndexedDB database. idb-keyval reopens the database after a failed open. */
export function indexedDBBackend(): IRecordBackend {
  let database: UseStore | undefined;
  const open = () => {
    if (typeof indexedDB === 'undefined') {
      throw new Error('IndexedDB is not available in this browser context');
    }
    return (database ??= openSessionDatabase());
  };
  return {
    get: async () => (await readStoredRecord(open())) ?? undefined,
    put: async record => set(RECORD_KEY, record, open()),
    delete: async () => del(RECORD_KEY, open()),
    warm: () => {
      try {
        // A read, so a failing open has its handler (the first real read or write reports it).
        void readStoredRecord(open()).catch(() => undefined);
      } catch {
        // No IndexedDB here: the first real read or write reports it.
      }
    }
  };
}

/** Raised by clear() when the stored record could not be removed: the endpoint may still serve it. */
export class SessionRemovalError extends Error {
  /** The storage's own error, as `Name: message`; the UI builds its translated text around it. */
  readonly detail: string;

  constructor(readonly cause: unknown) {
    super(
      `The HeavyAI session could not be removed from this browser's storage (${describe(cause)}).`
    );
    this.detail = describe(cause);
    this.name = 'SessionRemovalError';
  }
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
    this._backend = options.backend ?? indexedDBBackend();
    this._attempts = Math.max(1, options.attempts ?? 3);
    const factory =
      options.channelFactory ??
      ((name: string) =>
        typeof BroadcastChannel === 'undefined'
          ? undefined
          : new BroadcastChannel(name));
    this._channel = factory(CHANGE_CHANNEL);
    this._channel?.addEventListener('message', () => {
      // Another tab changed the record: IndexedDB holds the truth again.
      this._memoryOnly = false;
      this._memory = undefined;
      void this._reloadAndNotify();
    });
  }

  /**
   * Start opening IndexedDB now: a page opened to use a session soon (a deep link) reads and
   * writes it right after the app has started, and the open would otherwise come first.
   */
  warmUp(): void {
    this._backend.warm?.();
  }

  /**
   * The current record: from IndexedDB, or from memory when IndexedDB has failed; never rejects.
   */
  async read(): Promise<ISessionRecord | undefined> {
    if (this._memoryOnly) {
      return this._memory;
    }
    try {
      const record = await this._backend.get();
      this._backendWorked = true;
      return record;
    } catch (error) {
      this._reportUnavailable(error);
      return this._memory;
    }
  }

  /**
   * Keep `record`; if IndexedDB refuses it, keep it in memory and delete the stored one so the
   * endpoint cannot serve a replaced session. Notifies listeners either way.
   */
  async write(record: ISessionRecord): Promise<void> {
    this._memory = record;
    try {
      await this._retry(() => this._backend.put(record));
      this._backendWorked = true;
      this._memoryOnly = false;
    } catch (error) {
      this._memoryOnly = true;
      this._reportUnavailable(error);
      // The endpoint must not go on serving the session this one replaced.
      await this._retry(() => this._backend.delete()).catch(() => undefined);
    }
    this._afterChange(record);
  }

  /** Forget the session here and in IndexedDB; rejects with SessionRemovalError if IndexedDB still may hold it. */
  async clear(): Promise<void> {
    this._memory = undefined;
    this._memoryOnly = false;
    let failure: unknown;
    try {
      await this._retry(() => this._backend.delete());
      this._backendWorked = true;
    } catch (error) {
      failure = (await this._mayStillHoldRecord()) ? error : undefined;
    }
    this._afterChange(undefined);
    if (failure !== undefined) {
      throw new SessionRemovalError(failure);
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

  /**
   * After a failed delete: is a record still stored? A read that works answers;
   * when reading fails too and storage never worked in this page (blocked,
   * private mode), the service worker cannot read it either.
   */
  private async _mayStillHoldRecord(): Promise<boolean> {
    try {
      return (await this._backend.get()) !== undefined;
    } catch {
      return this._backendWorked;
    }
  }

  private async _retry(operation: () => Promise<void>): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this._attempts; attempt++) {
      try {
        return await operation();
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
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

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
