// Session registry: random IDs issued by connect(), optional pre-seeded IDs, idle expiry.
// Session IDs are secrets: nothing here logs them.
import { randomBytes } from 'node:crypto';
import { dbError } from './protocol.ts';

export interface ISession {
  user: string;
  dbName: string;
  lastUsed: number;
  /** Seconds since the epoch when the session began (HeavyDB's TSessionInfo.start_time). */
  startTime: number;
}

/** HeavyDB's wording; @heavyai/connector looks for exactly this text. */
export const SESSION_NOT_VALID = 'Session not valid.';

const ALPHABET =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newSessionId(): string {
  const bytes = randomBytes(32);
  let id = '';
  for (const b of bytes) {
    id += ALPHABET[b % ALPHABET.length];
  }
  return id;
}

export class Sessions {
  private readonly sessions = new Map<string, ISession>();

  /** @param idleTimeoutMs 0 = sessions never expire. */
  constructor(
    private readonly idleTimeoutMs: number,
    private readonly now: () => number = Date.now
  ) {}

  add(id: string, user: string, dbName: string): void {
    const t = this.now();
    this.sessions.set(id, {
      user,
      dbName,
      lastUsed: t,
      startTime: Math.floor(t / 1000)
    });
  }

  issue(user: string, dbName: string): string {
    const id = newSessionId();
    this.add(id, user, dbName);
    return id;
  }

  /** Returns the session and marks it used, or raises "Session not valid.". */
  touch(id: string): ISession {
    const s = this.sessions.get(id);
    const t = this.now();
    if (!s || (this.idleTimeoutMs > 0 && t - s.lastUsed > this.idleTimeoutMs)) {
      if (s) {
        this.sessions.delete(id);
      }
      throw dbError(SESSION_NOT_VALID);
    }
    s.lastUsed = t;
    return s;
  }

  /** The session without marking it used, or undefined when it is not (or no longer) valid. */
  peek(id: string): ISession | undefined {
    const s = this.sessions.get(id);
    if (
      s &&
      this.idleTimeoutMs > 0 &&
      this.now() - s.lastUsed > this.idleTimeoutMs
    ) {
      return undefined;
    }
    return s;
  }

  end(id: string): void {
    this.touch(id);
    this.sessions.delete(id);
  }

  /**
   * Ends sessions at once, as an idle timeout would: `ids` only, or every session when absent.
   * Returns how many ended.
   */
  expire(ids?: readonly string[]): number {
    if (!ids) {
      const n = this.sessions.size;
      this.sessions.clear();
      return n;
    }
    let n = 0;
    for (const id of ids) {
      n += this.sessions.delete(id) ? 1 : 0;
    }
    return n;
  }

  get size(): number {
    return this.sessions.size;
  }
}
