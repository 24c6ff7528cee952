/**
 * What the workspace commands do (their names, labels and places are in
 * commands.ts), loaded when one first runs or the `?heavyai` deep link is
 * followed: open the SQL editor with the session's query, write the connected
 * notebook beside it, insert a connection cell.
 */
import { Notification } from '@jupyterlab/apputils';
import type { Widget } from '@lumino/widgets';

import { CommandIDs } from '../ids';
import type { ISessionRecord } from '../store/record';
import type { IWorkspaceCommandContext } from './commands';
import {
  connectionCellSource,
  createConnectedNotebook,
  insertConnectionCell,
  workspaceCellsFor
} from './notebook';
import type { IGeneratedCell } from '../codegen/workspace-cells';
import { WorkspaceNotices } from './notices';

/** The workspace's notices, one set per plugin (created on first use). */
export function noticesOf(context: IWorkspaceCommandContext): WorkspaceNotices {
  context.notices ??= new WorkspaceNotices(context.app, context.trans);
  return context.notices;
}

/** The session, or undefined (the user is told) when the manager fails. */
function readSession(
  context: IWorkspaceCommandContext
): Promise<ISessionRecord | undefined> {
  return context.manager.getSession().catch((error: unknown) => {
    noticesOf(context).sessionUnreadable(error);
    return undefined;
  });
}

/** Write the connected notebook and open it beside `editorId`; on failure say so and offer a retry. */
async function openNotebook(
  context: IWorkspaceCommandContext,
  cells: IGeneratedCell[],
  editorId: string
): Promise<string | undefined> {
  const { app, docManager, sqlSettings } = context;
  try {
    return await createConnectedNotebook(
      docManager,
      app.serviceManager.contents,
      cells,
      sqlSettings.current.kernelName,
      editorId
    );
  } catch (error) {
    noticesOf(context).notebookFailed(
      error,
      () => void openNotebook(context, cells, editorId)
    );
    return undefined;
  }
}

/**
 * The workspace's SQL editor, with the session's query (run at once as the
 * editor's auto-run rules allow). `attachWhenRestored`: the editor is built and
 * its statement started now, and it joins the layout once the app is restored.
 */
export async function openWorkspaceEditor(
  context: IWorkspaceCommandContext,
  session: ISessionRecord | undefined,
  attachWhenRestored = false
): Promise<Widget> {
  return (await context.app.commands.execute(CommandIDs.newSqlEditor, {
    query: session?.query ?? '',
    handoff: true,
    attachWhenRestored
  })) as Widget;
}

/** The connected notebook beside `editor`, which then gets the focus. */
export async function completeWorkspace(
  context: IWorkspaceCommandContext,
  session: ISessionRecord | undefined,
  editor: Widget
): Promise<{ editorId: string; notebookPath: string | null }> {
  const { app, sqlSettings, labShell } = context;
  const cells = workspaceCellsFor(
    sqlSettings.current,
    session,
    session?.query ?? ''
  );
  const path = await openNotebook(context, cells, editor.id);
  app.shell.activateById(editor.id);
  // The two panels need the width more than the file browser does.
  labShell?.collapseLeft();
  return { editorId: editor.id, notebookPath: path ?? null };
}

/** "Create HeavyAI workspace": the SQL editor with the session's query, and the notebook beside it. */
export async function createWorkspace(
  context: IWorkspaceCommandContext
): Promise<{ editorId: string | null; notebookPath: string | null }> {
  try {
    await context.sqlSettings.ready;
    const session = await readSession(context);
    const editor = await openWorkspaceEditor(context, session);
    return await completeWorkspace(context, session, editor);
  } catch (error) {
    noticesOf(context).workspaceFailed(error);
    return { editorId: null, notebookPath: null };
  }
}

/** "Insert HeavyAI connection": a connection cell in the active notebook. */
export async function insertConnection(
  context: IWorkspaceCommandContext
): Promise<void> {
  const { sqlSettings, notebooks, trans } = context;
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
