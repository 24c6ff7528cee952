/**
 * What the HeavyAI status item's dialog shows (loaded with the dialog, on the first click): its
 * label/value rows, and who the session belongs to from the server's `get_session_info` answer.
 * Never the session ID. No JupyterLab imports.
 */
import type { ITranslate } from '../translate';
import {
  stateText,
  type ISessionIdentity,
  type ISessionItemView
} from './status-item';

/** One label/value row of the item's dialog, plain text. */
export interface ISessionItemLine {
  label: string;
  value: string;
}

/** The dialog's rows for `view`: the state, then the server and who the session belongs to when known. */
export function sessionItemLines(
  view: ISessionItemView,
  trans: ITranslate
): ISessionItemLine[] {
  const lines: ISessionItemLine[] = [
    { label: trans.__('State'), value: stateText(view.state, trans) }
  ];
  if (view.server) {
    lines.push({ label: trans.__('Server'), value: view.server });
  }
  if (view.identity) {
    lines.push(
      { label: trans.__('User'), value: view.identity.user },
      { label: trans.__('Database'), value: view.identity.database }
    );
  }
  return lines;
}

/**
 * The identity from a `get_session_info` answer, or undefined when it lacks a user or database
 * (nothing is shown rather than something wrong).
 */
export function identityFromSessionInfo(
  info: unknown
): ISessionIdentity | undefined {
  const { user, database } = (info ?? {}) as Record<string, unknown>;
  return typeof user === 'string' &&
    user !== '' &&
    typeof database === 'string' &&
    database !== ''
    ? { user, database }
    : undefined;
}
