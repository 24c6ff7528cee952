import { type ISignal, Signal } from '@lumino/signaling';

import type { ISessionRecord } from '../store/record';
import { PluginIDs } from '../ids';
import type { SessionStore } from '../store/session-store';
import type { IHeavyAISessionManager } from '../tokens';

/** The default session manager: the browser's own session store. */
export class StoreSessionManager implements IHeavyAISessionManager {
  /** The default manager's plugin id, which `heavyai.sessionManagerId` selects by default. */
  readonly id = PluginIDs.defaultSessionManager;

  constructor(store: SessionStore) {
    this._store = store;
    store.subscribe(record => this._changed.emit(record));
  }

  /** Emits the record whenever the store changes, in this tab or another. */
  get changed(): ISignal<IHeavyAISessionManager, ISessionRecord | undefined> {
    return this._changed;
  }

  /** The stored session; falls back to memory when IndexedDB fails. */
  getSession(): Promise<ISessionRecord | undefined> {
    return this._store.read();
  }

  /** Store the session where the service worker's endpoint reads it. */
  setSession(record: ISessionRecord): Promise<void> {
    return this._store.write(record);
  }

  /** Forget the session; rejects with SessionRemovalError if IndexedDB may still hold it. */
  clear(): Promise<void> {
    return this._store.clear();
  }

  private _store: SessionStore;
  private _changed: Signal<IHeavyAISessionManager, ISessionRecord | undefined> =
    new Signal(this);
}
