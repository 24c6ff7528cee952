/**
 * Whether an editor re-runs its statement by itself when a new session arrives for the server
 * it last ran on. Only a read-only statement is ever re-sent unasked (running a write twice is
 * not harmless), and only when its last run succeeded (the rows shown stay current) or failed
 * because the session had expired (the new session is the answer it waited for).
 */
export type LastRunOutcome =
  'none' | 'running' | 'succeeded' | 'session-invalid' | 'failed' | 'stopped';

/** What the rule needs to know of an editor's last run. */
export interface ILastRun {
  outcome: LastRunOutcome;
  /** The statement is a plain query (see statement-blocks.ts `query`). */
  readOnly: boolean;
}

/** Whether the editor re-runs its statement by itself on a new session (see the module comment). */
export function rerunOnNewSession({ outcome, readOnly }: ILastRun): boolean {
  return readOnly && (outcome === 'succeeded' || outcome === 'session-invalid');
}
