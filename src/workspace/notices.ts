/**
 * The workspace's error notices, each leading with the next step, at most
 * one open per kind: the deep link and the workspace command may both meet
 * the same failing session manager.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';

import { CommandIDs } from '../ids';
import { OncePerKindNotices } from '../notices/error-notice';
import type { ITranslate } from '../translate';

/** The workspace's error notices, each offering the next step, at most one open per kind. */
export class WorkspaceNotices {
  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _trans: ITranslate
  ) {
    this._notices = new OncePerKindNotices(_trans);
  }

  /** The session manager failed: the workspace opens without a session. */
  sessionUnreadable(error: unknown): void {
    this._notices.show(
      'session',
      this._trans.__(
        'The HeavyAI session could not be read; the workspace opens without it. Reload to try again, or use "Connect…" to log in.'
      ),
      error,
      [
        {
          label: this._trans.__('Connect…'),
          callback: () =>
            void this._app.commands.execute(CommandIDs.setDefaultConnection)
        }
      ]
    );
  }

  /** The notebook could not be saved; `retry` writes it again. */
  notebookFailed(error: unknown, retry: () => void): void {
    this._notices.show(
      'notebook',
      this._trans.__(
        'The HeavyAI notebook could not be saved. Free storage for this site in the browser, then choose "Create the notebook".'
      ),
      error,
      [{ label: this._trans.__('Create the notebook'), callback: retry }]
    );
  }

  /** Anything else stopped the workspace from opening. */
  workspaceFailed(error: unknown): void {
    this._notices.show(
      'workspace',
      this._trans.__(
        'The HeavyAI workspace could not be opened. Reload the page, then choose File › Create HeavyAI workspace.'
      ),
      error,
      []
    );
  }

  private readonly _notices: OncePerKindNotices;
}
