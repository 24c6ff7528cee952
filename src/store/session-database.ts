/**
 * The session record in IndexedDB through idb-keyval: how the service worker reads it, and how
 * the page writes it (loaded with the page's first write; the page's reads and deletes are in
 * session-store.ts). No JupyterLab imports.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';

import type { ISessionRecord } from './record';
import { DATABASE_NAME, OBJECT_STORE_NAME, RECORD_KEY } from './session-keys';

/** Opens our database (its object store is made on first use); idb-keyval reopens it after a failed open. */
export function openSessionDatabase(): UseStore {
  return createStore(DATABASE_NAME, OBJECT_STORE_NAME);
}

/** The stored record, or undefined when none; rejects when IndexedDB cannot be read. */
export async function readStoredRecord(
  database: UseStore
): Promise<ISessionRecord | undefined> {
  return get<ISessionRecord>(RECORD_KEY, database);
}

/** Writes of the record, over one connection to the database. */
export function recordWriter(): {
  put(record: ISessionRecord): Promise<void>;
} {
  const database = openSessionDatabase();
  return {
    put: record => set(RECORD_KEY, record, database)
  };
}
