/**
 * The one place a handed-over session is kept: an IndexedDB database of our
 * own (not JupyterLite's), read by the page and by the service worker.
 * No JupyterLab imports: the service worker bundles this module too.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

import type { SessionRecord } from '../contract/endpoint';

export const DATABASE_NAME = 'jupyterlite-heavyai';
export const OBJECT_STORE_NAME = 'session';
export const RECORD_KEY = 'current';
/** Tabs of one origin tell each other "the record changed"; the record itself never travels. */
export const CHANGE_CHANNEL = 'jupyterlite-heavyai:session-changed';

/** Reads the persisted record; shared by the page store and the service worker. */
export function openSessionDatabase(): UseStore {
  return createStore(DATABASE_NAME, OBJECT_STORE_NAME);
}

export async function readStoredRecord(database: UseStore): Promise<SessionRecord | undefined> {
  return get<SessionRecord>(RECORD_KEY, database);
}

export interface SessionStoreOptions {
  /** Called once when IndexedDB cannot be used and the session lives in memory only. */
  onPersistenceUnavailable?: (error: unknown) => void;
  /** For tests: a factory of the change channel (BroadcastChannel by default). */
  channelFactory?: (name: string) => BroadcastChannel | undefined;
}

type Listener = (record: SessionRecord | undefined) => void;

export class SessionStore {
  constructor(options: SessionStoreOptions = {}) {
    this._onUnavailable = options.onPersistenceUnavailable;
    const factory =
      options.channelFactory ??
      ((name: string) => (typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(name)));
    this._channel = factory(CHANGE_CHANNEL);
    this._channel?.addEventListener('message', () => void this._reloadAndNotify());
  }

  /** Whether the record survives a reload (false after IndexedDB failed). */
  get persistent(): boolean {
    return this._database !== null;
  }

  async read(): Promise<SessionRecord | undefined> {
    const database = this._openDatabase();
    if (!database) {
      return this._memory;
    }
    try {
      return (await readStoredRecord(database)) ?? undefined;
    } catch (error) {
      this._fallBackToMemory(error);
      return this._memory;
    }
  }

  async write(record: SessionRecord): Promise<void> {
    this._memory = record;
    await this._persist(database => set(RECORD_KEY, record, database));
    this._afterChange(record);
  }

  async clear(): Promise<void> {
    this._memory = undefined;
    await this._persist(database => del(RECORD_KEY, database));
    this._afterChange(undefined);
  }

  /** Subscribe to changes made here or in another tab; returns an unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this._listeners.add(listener);
    return () => this._listeners.delete(listener);
  }

  dispose(): void {
    this._channel?.close();
    this._listeners.clear();
  }

  private _openDatabase(): UseStore | null {
    if (this._database === undefined) {
      try {
        if (typeof indexedDB === 'undefined') {
          throw new Error('IndexedDB is not available in this browser context');
        }
        this._database = openSessionDatabase();
      } catch (error) {
        this._fallBackToMemory(error);
      }
    }
    return this._database ?? null;
  }

  private async _persist(operation: (database: UseStore) => Promise<void>): Promise<void> {
    const database = this._openDatabase();
    if (!database) {
      return;
    }
    try {
      await operation(database);
    } catch (error) {
      this._fallBackToMemory(error);
    }
  }

  private _fallBackToMemory(error: unknown): void {
    if (this._database === null) {
      return;
    }
    this._database = null;
    this._onUnavailable?.(error);
  }

  private _afterChange(record: SessionRecord | undefined): void {
    this._channel?.postMessage('changed');
    this._notify(record);
  }

  private async _reloadAndNotify(): Promise<void> {
    this._notify(await this.read());
  }

  private _notify(record: SessionRecord | undefined): void {
    for (const listener of [...this._listeners]) {
      listener(record);
    }
  }

  private _database: UseStore | null | undefined = undefined;
  private _memory: SessionRecord | undefined = undefined;
  private _channel: BroadcastChannel | undefined;
  private _listeners = new Set<Listener>();
  private _onUnavailable?: (error: unknown) => void;
}
