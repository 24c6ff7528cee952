/**
 * The SQL editor's commands and where they appear: "New HeavyAI SQL Editor"
 * (File › New, launcher, palette, layout restoration) and "Set default
 * HeavyAI connection…" (Settings menu, palette, the editors' Connect button).
 * The editor widget and the connection dialog are imported on first use:
 * this module is part of the start-up code, they are not.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  type ICommandPalette,
  MainAreaWidget,
  Notification,
  type WidgetTracker
} from '@jupyterlab/apputils';
import type { IEditorServices } from '@jupyterlab/codeeditor';
import type { IDocumentManager } from '@jupyterlab/docmanager';
import type { INotebookTracker } from '@jupyterlab/notebook';
import type { ILauncher } from '@jupyterlab/launcher';
import type { IMainMenu } from '@jupyterlab/mainmenu';
import { tableRowsIcon } from '@jupyterlab/ui-components';

import { CommandIDs } from '../ids';
import { decideAutoRun, type StatementOrigin } from '../sql/auto-run';
import type {
  IHeavyAISessionManager,
  IHeavyAISessionRequests,
  IHeavyAISqlSettings
} from '../tokens';
import type { ITranslate } from '../translate';
import { serverAddress } from '../wire/server-address';
import type { IConnectionTarget } from './connection';
import { resolveConnectionTarget } from './connection-target';
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

/** Editor panels are named `heavyai-sql-editor-<n>`; a restored panel keeps its number. */
const EDITOR_ID_PATTERN = /^heavyai-sql-editor-(\d+)$/;

/**
 * Where the query an editor opens with came from. `handoff` is honoured only
 * when the query is the stored session's own, so the channel is the record's,
 * never the caller's word; a restored editor is one opened with its saved id.
 */
async function statementOrigin(
  args: Record<string, unknown>,
  query: string,
  manager: IHeavyAISessionManager
): Promise<StatementOrigin> {
  if (args.handoff === true) {
    const record = await manager.getSession().catch(() => undefined);
    return {
      from: 'handoff',
      via: record && record.query === query ? record.via : undefined
    };
  }
  if (typeof args.id === 'string') {
    return {
      from: 'restore',
      lastRunSucceeded: args.lastRunSucceeded === true
    };
  }
  return { from: 'caller' };
}

/**
 * Add "New HeavyAI SQL Editor": opens an editor, restored or new, with a
 * query it was given; the query runs at once only as auto-run.ts allows.
 */
export function addNewEditorCommand(context: ISqlEditorCommandContext): void {
  const { app, manager, editorServices, sqlSettings, tracker, password } =
    context;
  const { trans } = context;
  let lastNumber = 0;
  const resolveTarget = async (): Promise<IConnectionTarget | undefined> =>
    resolveConnectionTarget(
      await manager.getSession(),
      sqlSettings.current,
      password.value
    );

  app.commands.addCommand(CommandIDs.newSqlEditor, {
    label: args =>
      args.isLauncher
        ? trans.__('SQL Editor')
        : args.isMenu
          ? trans.__('HeavyAI SQL Editor')
          : trans.__('New HeavyAI SQL Editor'),
    caption: trans.__('Run SQL on HeavyDB and browse the results'),
    icon: args => (args.isPalette ? undefined : tableRowsIcon),
    execute: async args => {
      // The editor (grid, CodeMirror completion) loads on first use: it is not part of the first paint.
      const { SqlEditor } = await import(
        /* webpackChunkName: "heavyai-sql-editor" */ './widget'
      );
      const restored =
        typeof args.id === 'string' ? EDITOR_ID_PATTERN.exec(args.id) : null;
      const n = restored ? Number(restored[1]) : ++lastNumber;
      lastNumber = Math.max(lastNumber, n);
      const query = typeof args.query === 'string' ? args.query : '';
      const content = new SqlEditor({
        editorServices,
        query,
        resolveTarget,
        runSettings: () => sqlSettings.current,
        onConnect: () =>
          void app.commands.execute(CommandIDs.setDefaultConnection),
        onOpenInNotebook: () =>
          void app.commands.execute(CommandIDs.openInNotebook),
        onSessionInvalid: () => void context.sessionRequests?.sessionInvalid(),
        trans
      });
      const widget = new MainAreaWidget({ content });
      widget.id = `heavyai-sql-editor-${n}`;
      widget.title.label = trans.__('HeavyAI SQL Editor %1', n);
      widget.title.icon = tableRowsIcon;
      widget.title.closable = true;
      content.editorWidget.model.sharedModel.changed.connect(
        () => void tracker.save(widget)
      );
      // The layout keeps whether the last run succeeded: a restored editor runs on load only then.
      content.runFinished.connect(() => void tracker.save(widget));
      void tracker.add(widget);
      const options =
        typeof args.ref === 'string'
          ? { ref: args.ref, mode: (args.mode as any) ?? 'split-right' }
          : undefined;
      app.shell.add(widget, 'main', options);
      app.shell.activateById(widget.id);
      if (query.trim()) {
        const decision = decideAutoRun(
          query,
          await statementOrigin(args, query, manager)
        );
        if (decision.run) {
          void content.run();
        } else if (!content.isDisposed) {
          content.holdStatement(decision.reason);
        }
      }
      return widget;
    }
  });
}

/**
 * Add "Set default HeavyAI connection…": asks for a server and a login,
 * saves them (never the password), and logs the open editors in.
 */
export function addSetDefaultConnectionCommand(
  context: ISqlEditorCommandContext
): void {
  const { app, sqlSettings, tracker, password, trans } = context;
  app.commands.addCommand(CommandIDs.setDefaultConnection, {
    label: trans.__('Set default HeavyAI connection…'),
    caption: trans.__(
      'Server and login used when no HeavyAI session was handed over'
    ),
    execute: async () => {
      const { askForConnection } = await import(
        /* webpackChunkName: "heavyai-sql-editor" */ './dialog'
      );
      const form = await askForConnection(
        sqlSettings.current.connection,
        password.value,
        trans
      );
      if (!form) {
        return;
      }
      password.value = form.password;
      const { protocol, host, port, database, user } = form;
      await sqlSettings.setConnection({
        protocol,
        host,
        port,
        database,
        user
      });
      Notification.success(
        trans.__('Default HeavyAI connection: %1', serverAddress(form)),
        { autoClose: 4000 }
      );
      const reconnects: Promise<void>[] = [];
      tracker.forEach(w =>
        reconnects.push(w.content.reconnect({ chosenByUser: true }))
      );
      if (!form.remember) {
        // Used to log the open editors in, then dropped.
        await Promise.allSettled(reconnects);
        password.value = '';
      }
    }
  });
}

/**
 * Add "Open in notebook": the active editor's statement, exactly, as a
 * `%%heavysql df` cell below the active cell of the workspace notebook.
 */
export function addOpenInNotebookCommand(
  context: ISqlEditorCommandContext
): void {
  const { app, manager, sqlSettings, tracker, notebooks, docManager, trans } =
    context;
  app.commands.addCommand(CommandIDs.openInNotebook, {
    label: trans.__('Open in Notebook'),
    caption: trans.__(
      'Put the statement in a %%heavysql cell of the workspace notebook'
    ),
    isEnabled: () => !!tracker.currentWidget,
    execute: async () => {
      const panel = tracker.currentWidget;
      if (!panel) {
        return;
      }
      const sql = panel.content.query;
      if (!sql.trim()) {
        Notification.warning(
          trans.__('The editor is empty: there is no statement to open.'),
          { autoClose: 4000 }
        );
        return;
      }
      if (!notebooks || !docManager) {
        Notification.warning(
          trans.__('Notebooks are not available on this site.'),
          { autoClose: 4000 }
        );
        return;
      }
      const [{ openInWorkspaceNotebook }, { workspaceCellsFor }] =
        await Promise.all([
          import('../workspace/query-cell'),
          import('../workspace/notebook')
        ]);
      await sqlSettings.ready;
      try {
        return await openInWorkspaceNotebook(
          {
            app,
            docManager,
            notebooks,
            kernelName: sqlSettings.current.kernelName,
            newNotebookCells: async () =>
              workspaceCellsFor(
                sqlSettings.current,
                await manager.getSession().catch(() => undefined),
                ''
              )
          },
          sql,
          panel.id
        );
      } catch (error) {
        Notification.error(
          trans.__(
            'The statement could not be put in a notebook: %1',
            String(error)
          ),
          { autoClose: false }
        );
        return undefined;
      }
    }
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
