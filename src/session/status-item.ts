/**
 * What the HeavyAI status bar item says: the session's state (connected, expired and the host
 * page being asked for a new one, no session), and who it belongs to once the server has told
 * (`get_session_info`), else the server it connects to. Never the session ID. No JupyterLab
 * imports.
 */
import type { ISessionRecord } from '../store/record';
import type { ITranslate } from '../translate';
import { serverAddress } from '../wire/server-address';

/**
 * The session's state as the item shows it; `expired`: the server refused the session and the
 * host page did not answer the request in time.
 */
export type SessionItemState = 'connected' | 'asking' | 'expired' | 'none';

/** Who the session belongs to, as HeavyDB's `get_session_info` reports it. */
export interface ISessionIdentity {
  user: string;
  database: string;
}

/** Everything the item's text is made of. */
export interface ISessionItemView {
  state: SessionItemState;
  /** `protocol://host:port` of the session's server; absent without a session. */
  server?: string;
  /** Known once the server has answered `get_session_info` for this session. */
  identity?: ISessionIdentity;
}

/** The item's text: a short label and a tooltip (its dialog's rows are in status-item-lines.ts). */
export interface ISessionItemText {
  label: string;
  title: string;
}

/**
 * The state from the session in hand, whether the host page is being asked for a new one, and
 * whether the session in hand was refused by its server: asking wins, then a refused session is
 * expired, then any session counts as connected.
 */
export function sessionItemState(
  record: ISessionRecord | undefined,
  asking: boolean,
  refused = false
): SessionItemState {
  if (asking) {
    return 'asking';
  }
  if (!record) {
    return 'none';
  }
  return refused ? 'expired' : 'connected';
}

/** The view of `record` given the state of the requests, with the identity fetched for it. */
export function sessionItemView(
  record: ISessionRecord | undefined,
  requests: { asking: boolean; refused: boolean },
  identity?: ISessionIdentity
): ISessionItemView {
  return {
    state: sessionItemState(record, requests.asking, requests.refused),
    server: record ? serverAddress(record.connection) : undefined,
    identity: record ? identity : undefined
  };
}

/** The state in words, as the label and the dialog's first row say it. */
export function stateText(state: SessionItemState, trans: ITranslate): string {
  switch (state) {
    case 'connected':
      return trans.__('connected');
    case 'asking':
      return trans.__('expired — asking the host');
    case 'expired':
      return trans.__('expired');
    default:
      return trans.__('no session');
  }
}

/** The label and tooltip for `view`; plain text. */
export function sessionItemText(
  view: ISessionItemView,
  trans: ITranslate
): ISessionItemText {
  const state = stateText(view.state, trans);
  const who = view.identity
    ? trans.__('%1 on %2', view.identity.user, view.identity.database)
    : view.server;
  return {
    label: who
      ? trans.__('HeavyAI: %1 — %2', who, state)
      : trans.__('HeavyAI: %1', state),
    title: trans.__('HeavyAI session: click to connect or forget it')
  };
}
