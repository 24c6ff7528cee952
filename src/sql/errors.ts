/**
 * Plain-words explanations of what went wrong talking to HeavyDB. The
 * connector rejects with Thrift exceptions (`{error_msg}`), bare strings or
 * Errors; the transport itself never settles on a network or CORS failure,
 * so those come from our own probe (see sql-editor/connection.ts).
 */
export type ErrorKind = 'session' | 'login' | 'network' | 'cors' | 'http' | 'sql' | 'other';

export interface ExplainedError {
  kind: ErrorKind;
  /** What to show; server text is included verbatim (render it as text). */
  message: string;
}

export class ConnectionError extends Error {
  constructor(readonly kind: ErrorKind, message: string) {
    super(message);
    this.name = 'ConnectionError';
  }
}

const SESSION_PATTERNS = [/session not valid/i, /invalid session/i, /session.*expired/i, /session.*not found/i];

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

export function explainError(error: unknown, hasSession: boolean): ExplainedError {
  if (error instanceof ConnectionError) {
    return { kind: error.kind, message: error.message };
  }
  const text = serverMessage(error);
  if (SESSION_PATTERNS.some(pattern => pattern.test(text))) {
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
  if (/invalid credentials|password|user/i.test(text) && !hasSession) {
    return { kind: 'login', message: `HeavyDB refused the login: ${text}` };
  }
  const isThrift = !!error && typeof error === 'object' && 'error_msg' in (error as object);
  return { kind: isThrift ? 'sql' : 'other', message: isThrift ? `HeavyDB error: ${text}` : `Error: ${text}` };
}
