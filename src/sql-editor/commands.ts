/**
 * The SQL editor's commands and where they appear: "New HeavyAI SQL Editor"
 * (File › New, launcher, palette, layout restoration) and "Set default
 * HeavyAI connection…" (Settings menu, palette, the editors' Connect button).
 * What the commands do (command-bodies.ts), the editor widget and the
 * connection dialog are imported on first use: this module is part of the
 * start-up code, they are not.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type {
  ICommandPalette,
  MainAreaWidget,
  WidgetTracker
} from '@jupyterlab/apputils';
import type { IEditorServices } from '@jupyterlab/codeeditor';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { ILauncher } from '@jupyterlab/launcher';
import type { IMainMenu } from '@jupyterlab/mainmenu';
import { tableRowsIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../ids';
import type {
  IHeavyAISessionManager,
  IHeavyAISessionRequests,
  IHeavyAISqlSettings
} from '../tokens';
import type { ITranslate } from '../translate';
import type { SqlEditor } from './widget';

/** The panels the tracker follows: an editor inside JupyterLab's main-area frame. */
export type SqlEditorPanel = MainAreaWidget<SqlEditor>;

/**
 * The password typed in the connection dialog. It lives in the plugin's
 * memory only, for the page's life when "remember" is ticked: JupyterLab's
 * state database is IndexedDB that any same-origin notebook can read.
 */
export interface IPasswordHolder {
  value: string;
}

/** What the commands need from the plugin that adds them. */
export interface ISqlEditorCommandContext {
  app: JupyterFrontEnd;
  manager: IHeavyAISessionManager;
  editorServices: IEditorServices;
  sqlSettings: IHeavyAISqlSettings;
  tracker: WidgetTracker<SqlEditorPanel>;
  password: IPasswordHolder;
  trans: ITranslate;
  /** For "Open in notebook"; the command says so when either is missing. */
  notebooks: INotebookTracker | null;
  docManager: IDocumentManager | null;
  /** Asks the host page for a new session; absent when the hand-off is disabled. */
  sessionRequests?: IHeavyAISessionRequests | null;
}

/** "Open in notebook" from an editor: Alt+Shift+N (Option+Shift+N on a Mac). */
export const OPEN_IN_NOTEBOOK_KEYS = ['Alt Shift N'];

/**
 * What the commands do, loaded when one first runs (with the editor, in the
 * same chunk): only their names, labels and places are start-up code.
 */
function commandBodies(): Promise<typeof import('./command-bodies')> {
  return import(
    /* webpackChunkName: "heavyai-sql-editor" */ './command-bodies'
  );
}

/**
 * Add "New HeavyAI SQL Editor": opens an editor, restored or new, with a
 * query it was given; the query runs at once only as auto-run.ts allows.
 */
export function addNewEditorCommand(context: ISqlEditorCommandContext): void {
  const { app, trans } = context;
  const numbering = { last: 0 };
  app.commands.addCommand(CommandIDs.newSqlEditor, {
    label: args =>
      args.isLauncher
        ? trans.__('SQL Editor')
        : args.isMenu
          ? trans.__('HeavyAI SQL Editor')
          : trans.__('New HeavyAI SQL Editor'),
    caption: trans.__('Run SQL on HeavyDB and browse the results'),
    icon: args => (args.isPalette ? undefined : tableRowsIcon),
    execute: async args =>
      (await commandBodies()).openEditor(context, args, numbering)
  });
}

/**
 * Add "Set default HeavyAI connection…": asks for a server and a login,
 * saves them (never the password), and logs the open editors in.
 */
export function addSetDefaultConnectionCommand(
  context: ISqlEditorCommandContext
): void {
  const { app, trans } = context;
  app.commands.addCommand(CommandIDs.setDefaultConnection, {
    label: trans.__('Set default HeavyAI connection…'),
    caption: trans.__(
      'Server and login used when no HeavyAI session was handed over'
    ),
    execute: async () => (await commandBodies()).setDefaultConnection(context)
  });
}

/**
 * Add "Open in notebook": the active editor's statement, exactly, as a
 * `%%heavysql df` cell below the active cell of the workspace notebook.
 */
export function addOpenInNotebookCommand(
  context: ISqlEditorCommandContext
): void {
  const { app, tracker, trans } = context;
  app.commands.addCommand(CommandIDs.openInNotebook, {
    label: trans.__('Open in Notebook'),
    caption: trans.__(
      'Put the statement in a %%heavysql cell of the workspace notebook'
    ),
    isEnabled: () => !!tracker.currentWidget,
    execute: async () => (await commandBodies()).openInNotebook(context)
  });
  app.commands.addKeyBinding({
    command: CommandIDs.openInNotebook,
    keys: OPEN_IN_NOTEBOOK_KEYS,
    selector: '.jp-HeavyAI-SqlEditor'
  });
  app.contextMenu.addItem({
    command: CommandIDs.openInNotebook,
    selector: '.jp-HeavyAI-SqlEditor',
    rank: 10
  });
}

/** The places the SQL editor's commands appear: launcher, File › New, Settings, palette. */
export function addSqlEditorMenuItems(
  launcher: ILauncher | null,
  mainMenu: IMainMenu | null,
  palette: ICommandPalette | null,
  trans: ITranslate
): void {
  launcher?.add({
    command: CommandIDs.newSqlEditor,
    category: trans.__('HeavyAI'),
    rank: 1
  });
  mainMenu?.fileMenu.newMenu.addGroup(
    [{ command: CommandIDs.newSqlEditor, args: { isMenu: true } }],
    30
  );
  mainMenu?.settingsMenu.addGroup(
    [
      { command: CommandIDs.setDefaultConnection },
      { command: CommandIDs.forgetSession }
    ],
    40
  );
  for (const command of [
    CommandIDs.newSqlEditor,
    CommandIDs.setDefaultConnection,
    CommandIDs.openInNotebook
  ]) {
    palette?.addItem({
      command,
      category: trans.__('HeavyAI'),
      args: { isPalette: true }
    });
  }
}
