/**
 * Wiring of the SQL editor: its commands (sql-editor/commands.ts), layout
 * restoration, and what makes open editors follow the session and the theme.
 * The editor itself lives in sql-editor/ and is loaded when the first editor
 * opens; pure logic in sql/.
 */
import {
  ILayoutRestorer,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import {
  ICommandPalette,
  IThemeManager,
  WidgetTracker
} from '@jupyterlab/apputils';
import { IEditorServices } from '@jupyterlab/codeeditor';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { ILauncher } from '@jupyterlab/launcher';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { IStateDB } from '@jupyterlab/statedb';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { CommandIDs, PluginIDs } from '../ids';
import {
  addNewEditorCommand,
  addOpenInNotebookCommand,
  addSetDefaultConnectionCommand,
  addSqlEditorMenuItems,
  type SqlEditorPanel
} from '../sql-editor/commands';
import {
  IHeavyAISessionManager,
  IHeavyAISessionRequests,
  IHeavyAISqlSettings
} from '../tokens';
import { TRANSLATION_DOMAIN } from '../translate';
import { routeFlagTaken } from '../workspace/route';

/**
 * A state-database key that may still hold a plain-text "remembered" password
 * saved by an older build; removed once the app has restored so it does not stay on disk.
 */
const LEGACY_PASSWORD_KEY = 'jupyterlite-heavyai:remembered-password';

/**
 * What an Arrow result needs starts loading while the app starts, for the editor the `?heavyai`
 * deep link opens (the editor's own code and its first call's are requested earlier, with
 * plugins/deep-link-start.ts).
 * Not at load: evaluating apache-arrow then would delay the restore. The connector is not among
 * them either: a statement run with the handed-over session does not need it, and evaluating
 * its chunk is a long task that would delay the first rows.
 */
function preloadForDeepLink(): void {
  void import(
    /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/connection'
  )
    .then(({ preloadArrowPath }) => preloadArrowPath())
    .catch(() => undefined);
}

/** Open editors follow a new session (re-running only on the server they last ran on) and the theme. */
function followSessionAndTheme(
  manager: IHeavyAISessionManager,
  themes: IThemeManager | null,
  tracker: WidgetTracker<SqlEditorPanel>
): void {
  manager.changed.connect((_, record) => {
    if (record) {
      tracker.forEach(w => void w.content.reconnect());
    }
  });
  // Colours are read from CSS variables, which the new theme sets a moment after the signal.
  themes?.themeChanged.connect(() =>
    requestAnimationFrame(() => tracker.forEach(w => w.content.themeChanged()))
  );
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.sqlEditor,
  description: 'The HeavyAI SQL editor.',
  autoStart: true,
  requires: [IHeavyAISessionManager, IEditorServices, IHeavyAISqlSettings],
  optional: [
    ILayoutRestorer,
    ILauncher,
    IMainMenu,
    ICommandPalette,
    IThemeManager,
    IStateDB,
    ITranslator,
    INotebookTracker,
    IDocumentManager,
    IHeavyAISessionRequests
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
    translator: ITranslator | null,
    notebooks: INotebookTracker | null,
    docManager: IDocumentManager | null,
    sessionRequests: IHeavyAISessionRequests | null
  ) => {
    if (routeFlagTaken()) {
      preloadForDeepLink();
    }
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    // A password must not stay on disk in plain text: remove it once the app has restored, off the start-up path.
    void app.restored
      .then(() => state?.remove(LEGACY_PASSWORD_KEY))
      .catch(() => undefined);

    const tracker = new WidgetTracker<SqlEditorPanel>({
      namespace: 'heavyai-sql-editor'
    });
    const context = {
      app,
      manager,
      editorServices,
      sqlSettings,
      tracker,
      password: { value: '' },
      trans,
      notebooks,
      docManager,
      sessionRequests
    };
    addNewEditorCommand(context);
    addSetDefaultConnectionCommand(context);
    addOpenInNotebookCommand(context);
    addSqlEditorMenuItems(launcher, mainMenu, palette, trans);
    followSessionAndTheme(manager, themes, tracker);
    void restorer?.restore(tracker, {
      command: CommandIDs.newSqlEditor,
      // The query, the editor's id and whether its last run of that query succeeded: the session is looked up from the manager, never saved.
      args: w => ({
        query: w.content.query,
        id: w.id,
        lastRunSucceeded: w.content.lastRunSucceeded
      }),
      name: w => w.id
    });
  }
};

/** The plugins this module contributes, for the package's plugin list. */
export const sqlEditorPlugins = [plugin];
