/**
 * The deep link and the workspace: `?heavyai&reset` opens a SQL editor
 * beside a connected notebook once the app is restored. Also the "Insert
 * HeavyAI connection" command and the File/Edit menu entries.
 */
import {
  ILabShell,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  Notification,
  showErrorMessage
} from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import type { Widget } from '@lumino/widgets';

import {
  connectionCellSource,
  createConnectedNotebook,
  insertConnectionCell
} from '../workspace/notebook';
import { takeRouteFlag, waitForSession } from '../workspace/route';
import { markOnce, TimingMarks } from '../timing-marks';
import {
  IHeavyAIConfig,
  IHeavyAILinkHandoff,
  IHeavyAISessionManager,
  IHeavyAISqlSettings
} from '../tokens';
import { TRANSLATION_DOMAIN, type ITranslate } from '../translate';
import type { ISessionRecord } from '../store/record';
import { SqlCommandIDs } from './sql-editor';

export const WORKSPACE_PLUGIN_ID = 'jupyterlite-heavyai:workspace';

export const WorkspaceCommandIDs = {
  createWorkspace: 'heavyai:create-workspace',
  insertConnection: 'heavyai:insert-connection'
} as const;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

interface INoticeAction {
  label: string;
  callback: (event: MouseEvent) => void;
}

/**
 * Error notices of the workspace: what happened and the next step first
 * (JupyterLab shows 140 characters of a notice), the cause after it and in
 * full under "Details". One notice per kind while it is open: the deep link
 * and the workspace command may both meet the same failing session manager.
 * Plain text: causes may quote another page or a custom manager.
 */
class WorkspaceNotices {
  constructor(
    private readonly _app: JupyterFrontEnd,
    private readonly _trans: ITranslate
  ) {}

  sessionUnreadable(error: unknown): void {
    this._once(
      'session',
      this._trans.__(
        'The HeavyAI session could not be read; the workspace opens without it. Reload to try again, or use "Connect…" to log in.'
      ),
      error,
      [
        {
          label: this._trans.__('Connect…'),
          callback: () =>
            void this._app.commands.execute(SqlCommandIDs.setDefault)
        }
      ]
    );
  }

  notebookFailed(error: unknown, retry: () => void): void {
    this._once(
      'notebook',
      this._trans.__(
        'The HeavyAI notebook could not be saved. Free storage for this site in the browser, then choose "Create the notebook".'
      ),
      error,
      [{ label: this._trans.__('Create the notebook'), callback: retry }]
    );
  }

  workspaceFailed(error: unknown): void {
    this._once(
      'workspace',
      this._trans.__(
        'The HeavyAI workspace could not be opened. Reload the page, then choose File › Create HeavyAI workspace.'
      ),
      error,
      []
    );
  }

  private _once(
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
    const cause = errorText(error);
    const details: INoticeAction = {
      label: this._trans.__('Details'),
      callback: event => {
        event.preventDefault(); // keeps the notice and its next step
        void showErrorMessage(what, cause);
      }
    };
    this._ids.set(
      kind,
      Notification.error(this._trans.__('%1 Cause: %2', what, cause), {
        autoClose: false,
        actions: [...actions, details]
      })
    );
  }

  private _ids = new Map<string, string>();
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: WORKSPACE_PLUGIN_ID,
  description:
    'Opens the HeavyAI workspace (SQL editor and connected notebook) from the ?heavyai deep link.',
  autoStart: true,
  requires: [
    IHeavyAISessionManager,
    IHeavyAIConfig,
    IDocumentManager,
    IHeavyAISqlSettings
  ],
  optional: [
    INotebookTracker,
    IMainMenu,
    ICommandPalette,
    ILabShell,
    ITranslator,
    IHeavyAILinkHandoff
  ],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    { config }: IHeavyAIConfig,
    docManager: IDocumentManager,
    sqlSettings: IHeavyAISqlSettings,
    notebooks: INotebookTracker | null,
    mainMenu: IMainMenu | null,
    palette: ICommandPalette | null,
    labShell: ILabShell | null,
    translator: ITranslator | null,
    linkHandoff: IHeavyAILinkHandoff | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    const notices = new WorkspaceNotices(app, trans);
    /** The session, or undefined (the user is told) when the manager fails. */
    const readSession = (): Promise<ISessionRecord | undefined> =>
      manager.getSession().catch((error: unknown) => {
        notices.sessionUnreadable(error);
        return undefined;
      });

    /** Write the connected notebook and open it beside `editorId`; on failure say so and offer a retry. */
    const openNotebook = async (
      source: string,
      editorId: string
    ): Promise<string | undefined> => {
      try {
        return await createConnectedNotebook(
          docManager,
          app.serviceManager.contents,
          source,
          sqlSettings.current.kernelName,
          editorId
        );
      } catch (error) {
        notices.notebookFailed(
          error,
          () => void openNotebook(source, editorId)
        );
        return undefined;
      }
    };

    app.commands.addCommand(WorkspaceCommandIDs.createWorkspace, {
      label: trans.__('Create HeavyAI workspace'),
      caption: trans.__('A SQL editor beside a notebook connected to HeavyDB'),
      execute: async () => {
        try {
          await sqlSettings.ready;
          const session = await readSession();
          const query = session?.query ?? '';
          const editor = (await app.commands.execute(SqlCommandIDs.newEditor, {
            query
          })) as Widget;
          const source = connectionCellSource(
            sqlSettings.current,
            session,
            query
          );
          const path = await openNotebook(source, editor.id);
          app.shell.activateById(editor.id);
          // The two panels need the width more than the file browser does.
          labShell?.collapseLeft();
          return { editorId: editor.id, notebookPath: path ?? null };
        } catch (error) {
          notices.workspaceFailed(error);
          return { editorId: null, notebookPath: null };
        }
      }
    });

    app.commands.addCommand(WorkspaceCommandIDs.insertConnection, {
      label: trans.__('Insert HeavyAI connection'),
      caption: trans.__(
        'Add a cell that connects to HeavyDB with the HeavyAI session'
      ),
      isEnabled: () => !!notebooks?.currentWidget,
      execute: async () => {
        await sqlSettings.ready;
        const session = await readSession();
        if (
          !notebooks ||
          !insertConnectionCell(
            notebooks,
            connectionCellSource(sqlSettings.current, session, '')
          )
        ) {
          Notification.warning(
            trans.__(
              'Open a notebook first: the connection cell goes into the active notebook.'
            ),
            { autoClose: 4000 }
          );
        }
      }
    });

    mainMenu?.fileMenu.addGroup(
      [{ command: WorkspaceCommandIDs.createWorkspace }],
      40
    );
    mainMenu?.editMenu.addGroup(
      [{ command: WorkspaceCommandIDs.insertConnection }],
      40
    );
    for (const command of Object.values(WorkspaceCommandIDs)) {
      palette?.addItem({ command, category: trans.__('HeavyAI') });
    }

    // After restoration (the reset navigation has happened by then); never awaited in activate.
    // Every way out ends in something the user sees: the workspace, and a notice when no
    // session arrived or the session manager failed.
    void app.restored.then(async () => {
      if (!takeRouteFlag(window)) {
        return;
      }
      let waiting: string | undefined;
      let session: ISessionRecord | undefined;
      let failed = false;
      try {
        // A link the user is still asked about would replace the session in use: wait for the answer.
        await linkHandoff?.linkSettled;
        if (!(await manager.getSession())) {
          waiting = Notification.emit(
            trans.__('Waiting for the HeavyAI session…'),
            'in-progress',
            { autoClose: false }
          );
        }
        session = await waitForSession(manager, config.waitForSessionMs);
      } catch (error) {
        failed = true;
        notices.sessionUnreadable(error);
      } finally {
        if (waiting) {
          Notification.dismiss(waiting);
        }
      }
      if (session) {
        markOnce(TimingMarks.sessionAvailable);
      } else if (!failed) {
        Notification.warning(
          trans.__(
            'No HeavyAI session arrived. The workspace is open without one: open it from Immerse, or use "Connect…" to log in.'
          ),
          {
            autoClose: false,
            actions: [
              {
                label: trans.__('Connect…'),
                callback: () =>
                  void app.commands.execute(SqlCommandIDs.setDefault)
              }
            ]
          }
        );
      }
      await app.commands.execute(WorkspaceCommandIDs.createWorkspace);
    });
  }
};

export const workspacePlugins = [plugin];
