/**
 * The workspace's commands: "Create HeavyAI workspace" (a SQL editor beside
 * a connected notebook) and "Insert HeavyAI connection" (a connection cell in
 * the active notebook), and where they appear (File and Edit menus, palette).
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import { type ICommandPalette, Notification } from '@jupyterlab/apputils';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { IMainMenu } from '@jupyterlab/mainmenu';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { Widget } from '@lumino/widgets';

import { CommandIDs } from '../ids';
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager, IHeavyAISqlSettings } from '../tokens';
import type { ITranslate } from '../translate';
import {
  connectionCellSource,
  createConnectedNotebook,
  insertConnectionCell
} from './notebook';
import type { WorkspaceNotices } from './notices';

/** What the workspace commands need from the plugin that adds them. */
export interface IWorkspaceCommandContext {
  app: JupyterFrontEnd;
  manager: IHeavyAISessionManager;
  docManager: IDocumentManager;
  sqlSettings: IHeavyAISqlSettings;
  notebooks: INotebookTracker | null;
  labShell: ILabShell | null;
  notices: WorkspaceNotices;
  trans: ITranslate;
}

/** The session, or undefined (the user is told) when the manager fails. */
function readSession(
  context: IWorkspaceCommandContext
): Promise<ISessionRecord | undefined> {
  return context.manager.getSession().catch((error: unknown) => {
    context.notices.sessionUnreadable(error);
    return undefined;
  });
}

/** Write the connected notebook and open it beside `editorId`; on failure say so and offer a retry. */
async function openNotebook(
  context: IWorkspaceCommandContext,
  source: string,
  editorId: string
): Promise<string | undefined> {
  const { app, docManager, sqlSettings, notices } = context;
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
      () => void openNotebook(context, source, editorId)
    );
    return undefined;
  }
}

/** Add "Create HeavyAI workspace": the SQL editor with the session's query, and the notebook beside it. */
export function addCreateWorkspaceCommand(
  context: IWorkspaceCommandContext
): void {
  const { app, sqlSettings, labShell, notices, trans } = context;
  app.commands.addCommand(CommandIDs.createWorkspace, {
    label: trans.__('Create HeavyAI workspace'),
    caption: trans.__('A SQL editor beside a notebook connected to HeavyDB'),
    execute: async () => {
      try {
        await sqlSettings.ready;
        const session = await readSession(context);
        const query = session?.query ?? '';
        const editor = (await app.commands.execute(CommandIDs.newSqlEditor, {
          query
        })) as Widget;
        const source = connectionCellSource(
          sqlSettings.current,
          session,
          query
        );
        const path = await openNotebook(context, source, editor.id);
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
}

/** Add "Insert HeavyAI connection": a connection cell in the active notebook. */
export function addInsertConnectionCommand(
  context: IWorkspaceCommandContext
): void {
  const { app, sqlSettings, notebooks, trans } = context;
  app.commands.addCommand(CommandIDs.insertConnection, {
    label: trans.__('Insert HeavyAI connection'),
    caption: trans.__(
      'Add a cell that connects to HeavyDB with the HeavyAI session'
    ),
    isEnabled: () => !!notebooks?.currentWidget,
    execute: async () => {
      await sqlSettings.ready;
      const session = await readSession(context);
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
}

/** The places the workspace commands appear: File and Edit menus, palette. */
export function addWorkspaceMenuItems(
  mainMenu: IMainMenu | null,
  palette: ICommandPalette | null,
  trans: ITranslate
): void {
  mainMenu?.fileMenu.addGroup([{ command: CommandIDs.createWorkspace }], 40);
  mainMenu?.editMenu.addGroup([{ command: CommandIDs.insertConnection }], 40);
  for (const command of [
    CommandIDs.createWorkspace,
    CommandIDs.insertConnection
  ]) {
    palette?.addItem({ command, category: trans.__('HeavyAI') });
  }
}
