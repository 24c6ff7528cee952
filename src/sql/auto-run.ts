/**
 * When a statement may run without the user pressing Run. Only one
 * read-only statement ever does, and only when it comes from somewhere the
 * user stands behind: a trusted hand-off, or an editor whose last run of
 * this very statement succeeded. Everything else is shown and waits.
 */
import type { HandoffChannel } from '../store/record';
import { classifyStatement, type StatementKind } from './statement-kind';

/**
 * How the hand-off arrived that is trusted to run a query: a message from an
 * allowed origin, a link taken silently from an allowed sender, a link the
 * user confirmed. A record without a channel (stored by an older version) is not.
 */
const TRUSTED_CHANNELS: ReadonlySet<HandoffChannel> = new Set<HandoffChannel>([
  'message',
  'link',
  'confirmed-link'
]);

/** Where the statement in a newly opened editor came from. */
export type StatementOrigin =
  /** The session's hand-off (the workspace opens the editor with its query). */
  | { from: 'handoff'; via: HandoffChannel | undefined }
  /** A saved layout; `lastRunSucceeded`: its last run of this statement succeeded. */
  | { from: 'restore'; lastRunSucceeded: boolean }
  /** Code in the page that opened the editor with a query (an extension, a test). */
  | { from: 'caller' };

/** Why a statement waits for Run: what the statement is, or where it came from. */
export type HoldReason =
  Exclude<StatementKind, 'read-only'> | 'untrusted-handoff' | 'not-run-before';

/** Run now, or wait for the user's Run for a reason the editor shows. */
export type AutoRunDecision =
  { run: true } | { run: false; reason: HoldReason };

/** Whether an editor opened with `statement` runs it at once, or why it waits. */
export function decideAutoRun(
  statement: string,
  origin: StatementOrigin
): AutoRunDecision {
  const kind = classifyStatement(statement);
  if (kind !== 'read-only') {
    return { run: false, reason: kind };
  }
  if (
    origin.from === 'handoff' &&
    !(origin.via && TRUSTED_CHANNELS.has(origin.via))
  ) {
    return { run: false, reason: 'untrusted-handoff' };
  }
  if (origin.from === 'restore' && !origin.lastRunSucceeded) {
    return { run: false, reason: 'not-run-before' };
  }
  return { run: true };
}

/** An editor's last run: the statement sent, whether it succeeded, the server it went to. */
export interface ILastRun {
  statement: string;
  /** How the run ended so far ('running' until it does). */
  outcome: LastRunOutcome;
  server: string | undefined;
}

/**
 * How an editor's last run ended. `session-invalid`: the server refused the
 * session as expired or unknown, so a new session is the answer that run
 * waited for; `not-connected`: there was neither a session nor a default
 * connection to run it on; `stopped`: the user stopped it.
 */
export type LastRunOutcome =
  | 'running'
  | 'succeeded'
  | 'session-invalid'
  | 'not-connected'
  | 'failed'
  | 'stopped';

/**
 * Whether an open editor re-runs what it shows when a new session or
 * connection arrives: only the statement its last run succeeded with (or
 * that failed only because the session had expired), unedited, read-only,
 * and only on that run's server. When the user has just chosen the server
 * in the connection dialog (`chosenByUser`), that choice is the go-ahead: the
 * unedited read-only statement of any run the user did not stop runs there
 * (one that found nothing to connect to, or one still looking for a
 * connection while the dialog's choice was being saved, which it replaces). A write is never re-sent
 * unasked: running it twice is not harmless.
 */
export function decideRerunOnNewSession(
  lastRun: ILastRun | undefined,
  shown: string,
  targetServer: string | undefined,
  chosenByUser: boolean
): boolean {
  const outcome = lastRun?.outcome;
  const awaitsRerun = chosenByUser
    ? outcome !== undefined && outcome !== 'stopped'
    : outcome === 'succeeded' || outcome === 'session-invalid';
  if (
    !lastRun ||
    !awaitsRerun ||
    lastRun.statement !== shown ||
    !targetServer
  ) {
    return false;
  }
  if (classifyStatement(shown) !== 'read-only') {
    return false;
  }
  return chosenByUser || lastRun.server === targetServer;
}
