/**
 * The session store's writes and deletes of IndexedDB (session-store.ts loads this module on the
 * first write or clear; reading, which every page does at start-up, does not need it): each is
 * tried a few times, a record that cannot be written takes the stored one with it, and a
 * record that cannot be removed is reported with SessionRemovalError. No JupyterLab imports.
 */
import type { ISessionRecord } from './record';
import type { IRecordBackend } from './session-store';

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

async function retry(
  operation: () => Promise<void>,
  attempts: number
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await operation();
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * Write `record`, trying `attempts` times. When it cannot be written, the stored record is
 * deleted (the endpoint must not go on serving the session this one replaced) and the write's
 * error is returned; undefined once IndexedDB holds the record.
 */
export async function storeRecord(
  backend: IRecordBackend,
  record: ISessionRecord,
  attempts: number
): Promise<{ error: unknown } | undefined> {
  try {
    await retry(() => backend.put(record), attempts);
    return undefined;
  } catch (error) {
    await retry(() => backend.delete(), attempts).catch(() => undefined);
    return { error };
  }
}

/**
 * Delete the stored record, trying `attempts` times. Resolves to a SessionRemovalError when a
 * record may still be stored: a read that works says whether one is; when reading fails too,
 * one may be only if storage worked in this page before (`backendWorked`) — blocked storage
 * (private mode) holds nothing the service worker could read either.
 */
export async function removeRecord(
  backend: IRecordBackend,
  attempts: number,
  backendWorked: boolean
): Promise<{ removed: boolean; error?: SessionRemovalError }> {
  try {
    await retry(() => backend.delete(), attempts);
    return { removed: true };
  } catch (error) {
    let mayStillHold: boolean;
    try {
      mayStillHold = (await backend.get()) !== undefined;
    } catch {
      mayStillHold = backendWorked;
    }
    return {
      removed: false,
      error: mayStillHold ? new SessionRemovalError(error) : undefined
    };
  }
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`
    : String(error);
}
