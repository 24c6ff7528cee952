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
import { ICommandPalette, Notification } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import type { Widget } from '@lumino/widgets';

import {
  DEFAULT_SETTINGS,
  parseSettings,
  type ISqlEditorSettings
} from '../sql/settings';
import {
  connectionCellSource,
  createConnectedNotebook,
  insertConnectionCell
} from '../workspace/notebook';
import { takeRouteFlag, waitForSession } from '../workspace/route';
import { markOnce, TimingMarks } from '../timing-marks';
import { IHeavyAIConfig, IHeavyAISessionManager } from '../tokens';
import { SQL_EDITOR_PLUGIN_ID, SqlCommandIDs } from './sql-editor';

export const WorkspaceCommandIDs = {
  createWorkspace: 'heavyai:create-workspace',
  insertConnection: 'heavyai:insert-connection'
} as const;

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyterlite-heavyai:workspace',
  description:
    'Opens the HeavyAI workspace (SQL editor and connected notebook) from the ?heavyai deep link.',
  autoStart: true,
  requires: [IHeavyAISessionManager, IHeavyAIConfig, IDocumentManager],
  optional: [
    INotebookTracker,
    ISettingRegistry,
    IMainMenu,
    ICommandPalette,
    ILabShell
  ],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    { config }: IHeavyAIConfig,
    docManager: IDocumentManager,
    notebooks: INotebookTracker | null,
    registry: ISettingRegistry | null,
    mainMenu: IMainMenu | null,
    palette: ICommandPalette | null,
    labShell: ILabShell | null
  ) => {
    let settings: ISqlEditorSettings = DEFAULT_SETTINGS;
    const settingsReady = registry
      ? registry.load(SQL_EDITOR_PLUGIN_ID).then(
          s => {
            settings = parseSettings(s.composite as Record<string, unknown>);
            s.changed.connect(
              () =>
                (settings = parseSettings(
                  s.composite as Record<string, unknown>
                ))
            );
          },
          () => undefined
        )
      : Promise.resolve();

    app.commands.addCommand(WorkspaceCommandIDs.createWorkspace, {
      label: 'Create HeavyAI workspace',
      caption: 'A SQL editor beside a notebook connected to HeavyDB',
      execute: async () => {
        await settingsReady;
        const session = await manager.getSession();
        const query = session?.query ?? '';
        const editor = (await app.commands.execute(SqlCommandIDs.newEditor, {
          query
        })) as Widget;
        const source = connectionCellSource(settings, session, query);
        const path = await createConnectedNotebook(
          docManager,
          app.serviceManager.contents,
          source,
          settings.kernelName,
          editor.id
        );
        app.shell.activateById(editor.id);
        // The two panels need the width more than the file browser does.
        labShell?.collapseLeft();
        return { editorId: editor.id, notebookPath: path };
      }
    });

    app.commands.addCommand(WorkspaceCommandIDs.insertConnection, {
      label: 'Insert HeavyAI connection',
      caption: 'Add a cell that connects to HeavyDB with the HeavyAI session',
      isEnabled: () => !!notebooks?.currentWidget,
      execute: async () => {
        await settingsReady;
        const session = await manager.getSession();
        if (
          !notebooks ||
          !insertConnectionCell(
            notebooks,
            connectionCellSource(settings, session, '')
          )
        ) {
          Notification.warning(
            'Open a notebook first: the connection cell goes into the active notebook.',
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
      palette?.addItem({ command, category: 'HeavyAI' });
    }

    // After restoration (the reset navigation has happened by then); never awaited in activate.
    void app.restored.then(async () => {
      if (!takeRouteFlag(window)) {
        return;
      }
      const waiting = (await manager.getSession())
        ? undefined
        : Notification.emit('Waiting for the HeavyAI session…', 'in-progress', {
            autoClose: false
          });
      const session = await waitForSession(manager, config.waitForSessionMs);
      if (session) {
        markOnce(TimingMarks.sessionAvailable);
      }
      if (waiting) {
        Notification.dismiss(waiting);
      }
      if (!session) {
        Notification.warning(
          'No HeavyAI session arrived. The workspace is open without one: open it from Immerse, or use "Connect…" to log in.',
          {
            autoClose: false,
            actions: [
              {
                label: 'Connect…',
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
