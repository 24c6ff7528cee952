/**
 * The workspace's commands: "Create HeavyAI workspace" (a SQL editor beside
 * a connected notebook) and "Insert HeavyAI connection" (a connection cell in
 * the active notebook), and where they appear (File and Edit menus, palette).
 * What they do is in command-bodies.ts, loaded when one first runs.
 */
import type { ILabShell, JupyterFrontEnd } from '@jupyterlab/application';
import type { ICommandPalette } from '@jupyterlab/apputils';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { IMainMenu } from '@jupyterlab/mainmenu';
import type { INotebookTracker } from '@jupyterlab/notebook';

import { CommandIDs } from '../ids';
import type { IHeavyAISessionManager, IHeavyAISqlSettings } from '../tokens';
import type { ITranslate } from '../translate';
import type { WorkspaceNotices } from './notices';

/** What the workspace commands need from the plugin that adds them. */
export interface IWorkspaceCommandContext {
  app: JupyterFrontEnd;
  manager: IHeavyAISessionManager;
  docManager: IDocumentManager;
  sqlSettings: IHeavyAISqlSettings;
  notebooks: INotebookTracker | null;
  labShell: ILabShell | null;
  /** Created on first use (command-bodies.ts). */
  notices?: WorkspaceNotices;
  trans: ITranslate;
}

/** What the commands do: loaded on first use. */
export function workspaceBodies(): Promise<typeof import('./command-bodies')> {
  return import(/* webpackChunkName: "heavyai-workspace" */ './command-bodies');
}

/** Add "Create HeavyAI workspace": the SQL editor with the session's query, and the notebook beside it. */
export function addCreateWorkspaceCommand(
  context: IWorkspaceCommandContext
): void {
  const { app, trans } = context;
  app.commands.addCommand(CommandIDs.createWorkspace, {
    label: trans.__('Create HeavyAI workspace'),
    caption: trans.__('A SQL editor beside a notebook connected to HeavyDB'),
    execute: async () => (await workspaceBodies()).createWorkspace(context)
  });
}

/** Add "Insert HeavyAI connection": a connection cell in the active notebook. */
export function addInsertConnectionCommand(
  context: IWorkspaceCommandContext
): void {
  const { app, notebooks, trans } = context;
  app.commands.addCommand(CommandIDs.insertConnection, {
    label: trans.__('Insert HeavyAI connection'),
    caption: trans.__(
      'Add a cell that connects to HeavyDB with the HeavyAI session'
    ),
    isEnabled: () => !!notebooks?.currentWidget,
    execute: async () => (await workspaceBodies()).insertConnection(context)
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
