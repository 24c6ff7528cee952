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
export type ErrorKind =
  | 'session'
  | 'login'
  | 'network'
  | 'cors'
  | 'http'
  | 'sql'
  | 'protocol'
  | 'other';

export interface IExplainedError {
  kind: ErrorKind;
  /** What to show; server text is included verbatim (render it as text). */
  message: string;
}

/** Which call failed: a login (`connect`) or anything after it. */
export type CallPhase = 'login' | 'query';

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

export function isSessionMessage(text: string): boolean {
  const trimmed = text.trim();
  return SESSION_MESSAGES.some(pattern => pattern.test(trimmed));
}

export function explainError(
  error: unknown,
  hasSession: boolean,
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
        message:
          `HeavyDB did not accept the session: ${text} ` +
          (hasSession
            ? 'The HeavyAI session has probably expired. Open the notebook again from Immerse, or let the ' +
              'host page send a new session; this editor reconnects and re-runs the query by itself.'
            : 'Use "Set default HeavyAI connection" to log in, or open this site from Immerse.')
      };
    }
    if (phase === 'login') {
      return { kind: 'login', message: `HeavyDB refused the login: ${text}` };
    }
    return { kind: 'sql', message: `HeavyDB error: ${text}` };
  }
  if (isThriftApplicationError(error)) {
    return {
      kind: 'protocol',
      message: `HeavyDB could not answer the call: ${text}`
    };
  }
  if (isNetworkFailure(error)) {
    return {
      kind: 'network',
      message: `Network error talking to HeavyDB: ${text}`
    };
  }
  return { kind: 'other', message: `Error: ${text}` };
}
