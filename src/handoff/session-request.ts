/**
 * When to ask the host page for a new session. A server said the session in use is no longer
 * valid; several parts of the site (the SQL editor, notebooks) may notice at once, and a host
 * that does not answer must not be asked in a loop. So: at most one request outstanding, and
 * after an unanswered request the next waits longer (doubling, capped). A session that arrives
 * ends the outstanding request and resets the wait. No JupyterLab imports.
 */
import type { SessionRequestReason } from '../wire/payload';

/** How long a request may wait for its answer, and how long unanswered ones make the next wait. */
export interface ISessionRequestTiming {
  /** How long a request stays outstanding without an answer (ms). */
  answerTimeoutMs: number;
  /** The wait after the first unanswered request (ms); doubled after each further one. */
  firstBackoffMs: number;
  /** The longest wait between requests (ms). */
  maxBackoffMs: number;
}

/** 15 s for an answer; then 2 s, 4 s, … up to 60 s between requests. */
export const DEFAULT_SESSION_REQUEST_TIMING: ISessionRequestTiming = {
  answerTimeoutMs: 15_000,
  firstBackoffMs: 2_000,
  maxBackoffMs: 60_000
};

/** What `request` did: posted now, or not (one is already out, or it is too soon after one went unanswered). */
export type SessionRequestDecision =
  | { sent: true }
  | { sent: false; why: 'outstanding' }
  | { sent: false; why: 'backing-off'; retryInMs: number };

/** Decides whether to post a session request now; `post` sends it to the host page. */
export class SessionRequester {
  constructor(
    private readonly _post: (reason: SessionRequestReason) => void,
    private readonly _now: () => number = Date.now,
    private readonly _timing: ISessionRequestTiming = DEFAULT_SESSION_REQUEST_TIMING
  ) {}

  /** How long a request stays outstanding without an answer (ms). */
  get answerTimeoutMs(): number {
    return this._timing.answerTimeoutMs;
  }

  /** Whether a request was posted and no session has answered it yet (nor has it timed out). */
  get outstanding(): boolean {
    return this._sentAt !== undefined && !this._timedOut();
  }

  /** Ask the host for a new session, unless one request is out or the backoff says wait. */
  request(reason: SessionRequestReason): SessionRequestDecision {
    const now = this._now();
    if (this._sentAt !== undefined) {
      if (!this._timedOut()) {
        return { sent: false, why: 'outstanding' };
      }
      // The last request went unanswered: the next one waits.
      this._unanswered++;
      this._notBefore =
        this._sentAt + this._timing.answerTimeoutMs + this._backoffMs();
      this._sentAt = undefined;
    }
    if (now < this._notBefore) {
      return {
        sent: false,
        why: 'backing-off',
        retryInMs: this._notBefore - now
      };
    }
    this._sentAt = now;
    this._post(reason);
    return { sent: true };
  }

  /** A session arrived (from any source): the request is answered and the backoff starts over. */
  sessionArrived(): void {
    this._sentAt = undefined;
    this._unanswered = 0;
    this._notBefore = 0;
  }

  private _timedOut(): boolean {
    return (
      this._sentAt !== undefined &&
      this._now() - this._sentAt >= this._timing.answerTimeoutMs
    );
  }

  private _backoffMs(): number {
    const { firstBackoffMs, maxBackoffMs } = this._timing;
    return Math.min(maxBackoffMs, firstBackoffMs * 2 ** (this._unanswered - 1));
  }

  private _sentAt: number | undefined;
  private _unanswered = 0;
  private _notBefore = 0;
}
