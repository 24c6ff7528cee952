/**
 * Error notices that lead with the next step. JupyterLab shows the first 140
 * characters of a notice, so the message is "what happened and what to do",
 * the cause follows it, and "Details" shows the cause in full in a dialog.
 * Everything is plain text: causes may quote another page or a custom
 * session manager.
 */
import { Notification, showErrorMessage } from '@jupyterlab/apputils';

import type { ITranslate } from '../translate';

/** A button of a notice. */
export interface INoticeAction {
  label: string;
  callback: (event: MouseEvent) => void;
}

/** The message of an error, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Show a sticky error notice: `what` (the event and the next step), then
 * the cause; `actions` come before "Details". Returns the notice's id.
 */
export function showErrorNotice(
  what: string,
  error: unknown,
  actions: INoticeAction[],
  trans: ITranslate
): string {
  const cause = errorText(error);
  const details: INoticeAction = {
    label: trans.__('Details'),
    callback: event => {
      event.preventDefault(); // keeps the notice and its next step
      void showErrorMessage(what, cause);
    }
  };
  return Notification.error(trans.__('%1 Cause: %2', what, cause), {
    autoClose: false,
    actions: [...actions, details]
  });
}

/**
 * At most one open notice per kind: the same failure met by two paths (the
 * deep link and the workspace command both reading a failing session
 * manager) is shown once while its notice is open.
 */
export class OncePerKindNotices {
  constructor(private readonly _trans: ITranslate) {}

  /** Show the notice unless one of this kind is still open. */
  show(
    kind: string,
    what: string,
    error: unknown,
    actions: INoticeAction[]
  ): void {
    const open = this._ids.get(kind);
    if (
      open !== undefined &&
      Notification.manager.notifications.some(n => n.id === open)
    ) {
      return;
    }
    this._ids.set(kind, showErrorNotice(what, error, actions, this._trans));
  }

  private _ids = new Map<string, string>();
}
