/**
 * Wiring of the workspace: the `?heavyai` deep link (workspace/deep-link.ts,
 * loaded only for it) and the workspace commands (workspace/commands.ts) get
 * the session manager, the site's settings, the document manager and the shell.
 */
import {
  ILabShell,
  type JupyterFrontEnd,
  type JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { IDocumentManager } from '@jupyterlab/docmanager';
import { IMainMenu } from '@jupyterlab/mainmenu';
import { INotebookTracker } from '@jupyterlab/notebook';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { PluginIDs } from '../ids';
import {
  IHeavyAIConfig,
  IHeavyAILinkHandoff,
  IHeavyAISessionManager,
  IHeavyAISqlSettings
} from '../tokens';
import { TRANSLATION_DOMAIN } from '../translate';
import {
  addCreateWorkspaceCommand,
  addInsertConnectionCommand,
  addWorkspaceMenuItems
} from '../workspace/commands';
import type { ISessionRecord } from '../store/record';
import { routeFlagTaken, type IArrivingSession } from '../workspace/route';

/** The next session the manager announces; `stop()` stops listening. */
function nextSession(manager: IHeavyAISessionManager): IArrivingSession {
  let onChange: (_: unknown, record: ISessionRecord | undefined) => void;
  const record = new Promise<ISessionRecord>(resolve => {
    onChange = (_, record) => record && resolve(record);
    manager.changed.connect(onChange);
  });
  return { record, stop: () => manager.changed.disconnect(onChange) };
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.workspace,
  description: 'The HeavyAI workspace and its ?heavyai deep link.',
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
    const context = {
      app,
      manager,
      docManager,
      sqlSettings,
      notebooks,
      labShell,
      trans
    };
    addCreateWorkspaceCommand(context);
    addInsertConnectionCommand(context);
    addWorkspaceMenuItems(mainMenu, palette, trans);
    if (routeFlagTaken()) {
      // Listen now: the link's session is announced once the app has started, maybe before the
      // deep link's code has loaded, and the deep link starts from that announcement.
      const arriving = nextSession(manager);
      void import(
        /* webpackChunkName: "heavyai-workspace" */ '../workspace/deep-link'
      ).then(
        ({ followDeepLink }) =>
          followDeepLink(context, config.waitForSessionMs, {
            linkSettled: linkHandoff?.linkSettled,
            arriving
          }),
        (error: unknown) => {
          arriving.stop();
          console.error('HeavyAI: the deep link could not load.', error);
        }
      );
    }
  }
};

/** The plugins this module contributes, for the package's plugin list. */
export const workspacePlugins = [plugin];
