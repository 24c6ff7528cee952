import { type ISignal, Signal } from '@lumino/signaling';

import type { ISessionRecord } from '../store/record';
import { PluginIDs } from '../ids';
import type { SessionStore } from '../store/session-store';
import type { IHeavyAISessionManager } from '../tokens';

/** The default session manager: the browser's own session store. */
export class StoreSessionManager implements IHeavyAISessionManager {
  readonly id = PluginIDs.defaultSessionManager;

  constructor(store: SessionStore) {
    this._store = store;
    store.subscribe(record => this._changed.emit(record));
  }

  get changed(): ISignal<IHeavyAISessionManager, ISessionRecord | undefined> {
    return this._changed;
  }

  getSession(): Promise<ISessionRecord | undefined> {
    return this._store.read();
  }

  setSession(record: ISessionRecord): Promise<void> {
    return this._store.write(record);
  }

  clear(): Promise<void> {
    return this._store.clear();
  }

  private _store: SessionStore;
  private _changed: Signal<IHeavyAISessionManager, ISessionRecord | undefined> =
    new Signal(this);
}
