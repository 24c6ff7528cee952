/**
 * Wiring of the SQL editor: commands, launcher and menu items, settings,
 * layout restoration, theme and session changes. The editor itself lives in
 * sql-editor/ and is loaded when the first editor opens; pure logic in sql/.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  IThemeManager,
  MainAreaWidget,
  Notification,
  WidgetTracker
} from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { ILauncher } from '@jupyterlab/launcher';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { tableRowsIcon } from '@jupyterlab/ui-components';

import { DEFAULT_DATABASE } from '../sql/settings';
import type { IConnectionTarget } from '../sql-editor/connection';
import type { SqlEditor } from '../sql-editor/widget';
import { IHeavyAISessionManager, IHeavyAISqlSettings } from '../tokens';
import { TRANSLATION_DOMAIN } from '../translate';

import { SQL_EDITOR_PLUGIN_ID } from './sql-editor-settings';

export { SQL_EDITOR_PLUGIN_ID };
export const SqlCommandIDs = {
  newEditor: 'heavyai:new-sql-editor',
  setDefault: 'heavyai:set-default-connection'
} as const;
/** Where versions before issue 12 kept a "remembered" password, in plain text. */
const LEGACY_PASSWORD_KEY = 'jupyterlite-heavyai:remembered-password';

const plugin: JupyterFrontEndPlugin<void> = {
  id: SQL_EDITOR_PLUGIN_ID,
  description:
    'The HeavyAI SQL editor: run SQL on HeavyDB with the Immerse session and browse the rows.',
  autoStart: true,
  requires: [IHeavyAISessionManager, IEditorServices, IHeavyAISqlSettings],
  optional: [
    ILayoutRestorer,
    ILauncher,
    IMainMenu,
    ICommandPalette,
    IThemeManager,
    IStateDB,
    ITranslator
  ],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    editorServices: IEditorServices,
    sqlSettings: IHeavyAISqlSettings,
    restorer: ILayoutRestorer | null,
    launcher: ILauncher | null,
    mainMenu: IMainMenu | null,
    palette: ICommandPalette | null,
    themes: IThemeManager | null,
    state: IStateDB | null,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    // The password lives in this closure only, for the page's life when "remember" is ticked.
    // It is never written to JupyterLite's state database: any notebook (any same-origin
    // worker) can read that IndexedDB.
    let password = '';
    // Earlier versions saved a remembered password there in plain text: remove it, after start-up.
    void app.restored
      .then(() => state?.remove(LEGACY_PASSWORD_KEY))
      .catch(() => undefined);

    const tracker = new WidgetTracker<MainAreaWidget<SqlEditor>>({
      namespace: 'heavyai-sql-editor'
    });
    let counter = 0;

    const resolveTarget = async (): Promise<IConnectionTarget | undefined> => {
      const session = await manager.getSession();
      if (session) {
        const { protocol, host, port, database } = session.connection;
        return {
          protocol,
          host,
          port,
          database:
            database ||
            sqlSettings.current.connection?.database ||
            DEFAULT_DATABASE,
          session: session.session,
          binaryProtocol: sqlSettings.current.binaryProtocol
        };
      }
      const c = sqlSettings.current.connection;
      // Without a password an editor keeps its open login; a new one asks for the password again.
      return c && c.user
        ? {
            ...c,
            password: password || undefined,
            binaryProtocol: sqlSettings.current.binaryProtocol
          }
        : undefined;
    };

    app.commands.addCommand(SqlCommandIDs.newEditor, {
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
          /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/widget'
        );
        const restoredId =
          typeof args.id === 'string' &&
          /^heavyai-sql-editor-\d+$/.test(args.id)
            ? args.id
            : undefined;
        const n = restoredId ? Number(restoredId.split('-').pop()) : ++counter;
        counter = Math.max(counter, n);
        const content = new SqlEditor({
          editorServices,
          query: typeof args.query === 'string' ? args.query : '',
          resolveTarget,
          runSettings: () => sqlSettings.current,
          onConnect: () => void app.commands.execute(SqlCommandIDs.setDefault),
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
        void tracker.add(widget);
        const options =
          typeof args.ref === 'string'
            ? { ref: args.ref, mode: (args.mode as any) ?? 'split-right' }
            : undefined;
        app.shell.add(widget, 'main', options);
        app.shell.activateById(widget.id);
        if (content.query.trim()) {
          void content.run();
        }
        return widget;
      }
    });

    app.commands.addCommand(SqlCommandIDs.setDefault, {
      label: trans.__('Set default HeavyAI connection…'),
      caption: trans.__(
        'Server and login used when no HeavyAI session was handed over'
      ),
      execute: async () => {
        const { askForConnection } = await import(
          /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/dialog'
        );
        const form = await askForConnection(
          sqlSettings.current.connection,
          password,
          trans
        );
        if (!form) {
          return;
        }
        password = form.password;
        const { protocol, host, port, database, user } = form;
        await sqlSettings.setConnection({
          protocol,
          host,
          port,
          database,
          user
        });
        Notification.success(
          trans.__(
            'Default HeavyAI connection: %1',
            `${protocol}://${host}:${port}`
          ),
          { autoClose: 4000 }
        );
        const reconnects: Promise<void>[] = [];
        tracker.forEach(w =>
          reconnects.push(w.content.reconnect({ chosenByUser: true }))
        );
        if (!form.remember) {
          // Used to log the open editors in, then dropped.
          await Promise.allSettled(reconnects);
          password = '';
        }
      }
    });

    // A new session: open editors switch to it; they re-run only on the server they last ran on.
    manager.changed.connect((_, record) => {
      if (record) {
        tracker.forEach(w => void w.content.reconnect());
      }
    });
    // Colours are read from CSS variables, which the new theme sets a moment after the signal.
    themes?.themeChanged.connect(() =>
      requestAnimationFrame(() =>
        tracker.forEach(w => w.content.themeChanged())
      )
    );

    void restorer?.restore(tracker, {
      command: SqlCommandIDs.newEditor,
      // Only the query and the editor's id: the session is looked up from the manager, never saved.
      args: w => ({ query: w.content.query, id: w.id }),
      name: w => w.id
    });
    launcher?.add({
      command: SqlCommandIDs.newEditor,
      category: trans.__('HeavyAI'),
      rank: 1
    });
    mainMenu?.fileMenu.newMenu.addGroup(
      [{ command: SqlCommandIDs.newEditor, args: { isMenu: true } }],
      30
    );
    mainMenu?.settingsMenu.addGroup(
      [
        { command: SqlCommandIDs.setDefault },
        { command: 'heavyai:forget-session' }
      ],
      40
    );
    for (const command of Object.values(SqlCommandIDs)) {
      palette?.addItem({
        command,
        category: trans.__('HeavyAI'),
        args: { isPalette: true }
      });
    }
  }
};

export const sqlEditorPlugins = [plugin];
