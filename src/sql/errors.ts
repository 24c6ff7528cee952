/**
 * Plain-words explanations of what went wrong talking to HeavyDB, decided
 * by the error's shape and the call that failed, not by words that may
 * appear in any SQL message:
 * - `TDBException` (`{name: 'TDBException', error_msg}`): HeavyDB's own
 *   error. It is a session problem only when its whole message is one of
 *   HeavyDB's session messages; during a login (`connect`) it is a refused
 *   login; otherwise it is a SQL error, shown verbatim.
 * - `TApplicationException`: the Thrift server did not know the method or
 *   could not decode the call (an older server or a proxy).
 * - Our probe's `ConnectionError` (network, CORS, HTTP status) and the
 *   connector's `NetworkError` / the browser's failed fetch: network.
 */
import type { ITranslate } from '../translate';

/**
 * What kind of failure, which decides the advice shown and whether the session counts as expired.
 */
export type ErrorKind =
  | 'session'
  | 'login'
  | 'network'
  | 'cors'
  | 'http'
  | 'sql'
  | 'protocol'
  | 'other';

/** A failure put into words for the editor's message area. */
export interface IExplainedError {
  kind: ErrorKind;
  /** What to show; server text is included verbatim (render it as text). */
  message: string;
}

/** Which call failed: a login (`connect`) or anything after it. */
export type CallPhase = 'login' | 'query';

/**
 * A failure this code already put into words (e.g. the watchdog's probe); `explainError` shows its
 * message unchanged.
 */
export class ConnectionError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/**
 * HeavyDB's messages for a session it does not accept (DBHandler's session
 * checks): an unknown or disconnected session, and the two expiries.
 */
const SESSION_MESSAGES = [
  /^Session not valid\.?$/,
  /^Idle Session Timeout\. User should re-authenticate\.$/,
  /^Reached Session Life\. User should re-authenticate\.$/
];

/** The server's own message, whatever shape the error has. */
export function serverMessage(error: unknown): string {
  if (typeof error === 'string') {
    return error;
  }
  if (error && typeof error === 'object') {
    const record = error as Record<string, unknown>;
    for (const key of ['error_msg', 'message', 'msg']) {
      if (typeof record[key] === 'string' && record[key]) {
        return record[key] as string;
      }
    }
  }
  return String(error);
}

/** A HeavyDB `TDBException` (the connector passes Thrift's exception object through). */
export function isDbException(
  error: unknown
): error is { name: string; error_msg: string } {
  return (
    !!error &&
    typeof error === 'object' &&
    typeof (error as Record<string, unknown>).error_msg === 'string' &&
    ((error as { name?: unknown }).name === 'TDBException' ||
      !(error instanceof Error))
  );
}

/** Thrift's own exception: unknown method, bad call (not HeavyDB's). */
export function isThriftApplicationError(error: unknown): boolean {
  return (
    !!error &&
    typeof error === 'object' &&
    (error as { name?: unknown }).name === 'TApplicationException'
  );
}

function isNetworkFailure(error: unknown): boolean {
  if (!error || typeof error !== 'object') {
    return false;
  }
  const name = (error as { name?: unknown }).name;
  // The connector names transport failures NetworkError; fetch rejects with a TypeError.
  return (
    name === 'NetworkError' ||
    (error instanceof TypeError && /fetch|network/i.test(error.message))
  );
}

/**
 * Whether server text says the session is invalid or expired, so the user is told to get a new one
 * from Immerse.
 */
export function isSessionMessage(text: string): boolean {
  const trimmed = text.trim();
  return SESSION_MESSAGES.some(pattern => pattern.test(trimmed));
}

/**
 * Turn any failure of a connector call into a kind and a message the user can act on; `hasSession`
 * and `phase` (the login or a later call) shape the advice.
 */
export function explainError(
  error: unknown,
  hasSession: boolean,
  trans: ITranslate,
  phase: CallPhase = 'query'
): IExplainedError {
  if (error instanceof ConnectionError) {
    return { kind: error.kind, message: error.message };
  }
  const text = serverMessage(error);
  if (isDbException(error)) {
    if (isSessionMessage(text)) {
      return {
        kind: 'session',
        message: hasSession
          ? trans.__(
              'HeavyDB did not accept the session: %1 The HeavyAI session has probably expired. Open the notebook again from Immerse, or let the host page send a new session; this editor reconnects and re-runs the query by itself.',
              text
            )
          : trans.__(
              'HeavyDB did not accept the session: %1 Use "Set default HeavyAI connection" to log in, or open this site from Immerse.',
              text
            )
      };
    }
    if (phase === 'login') {
      return {
        kind: 'login',
        message: trans.__('HeavyDB refused the login: %1', text)
      };
    }
    return { kind: 'sql', message: trans.__('HeavyDB error: %1', text) };
  }
  if (isThriftApplicationError(error)) {
    return {
      kind: 'protocol',
      message: trans.__('HeavyDB could not answer the call: %1', text)
    };
  }
  if (isNetworkFailure(error)) {
    return {
      kind: 'network',
      message: trans.__('Network error talking to HeavyDB: %1', text)
    };
  }
  return { kind: 'other', message: trans.__('Error: %1', text) };
}
