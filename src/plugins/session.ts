/**
 * Wiring of the session: configuration, the session manager and its
 * registry, and the session commands; the hand-off plugin is in handoff.ts.
 * Logic lives in site-config.ts, store/, handoff/ and session/; this file
 * only connects them.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ICommandPalette } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Token } from '@lumino/coreutils';

import { PluginIDs } from '../ids';
import { type IEarlyHandoff } from '../handoff/early';
import type { IParsedConfig } from '../site-config';
import {
  defaultConfig,
  needsConfigParser,
  pageConfigData
} from '../site-config-defaults';
import { StoreSessionManager } from '../session/store-session-manager';
import { SelectedSessionManager } from '../session/selected-manager';
import {
  MEMORY_STORAGE_OPTION,
  memoryStorageChosen
} from '../store/memory-mode';
import { type IEarlyRecordRead, SessionStore } from '../store/session-store';
import { TRANSLATION_DOMAIN } from '../translate';
import {
  IHeavyAIConfig,
  IHeavyAISessionManager,
  IHeavyAISessionManagerRegistry
} from '../tokens';
import { handoffPlugin, linkHandoffPlugin } from './handoff';
import { addSessionCommands } from './session-commands';
import { sessionStatusPlugin } from './session-status';
import { storageStatusPlugin } from './storage-status';

/**
 * The page's `heavyai` settings: the defaults for a page without them, else the parser's reading
 * (its module loads only for such a page).
 */
async function readPageConfig(doc: Document): Promise<IParsedConfig> {
  const data = pageConfigData(doc);
  if (!needsConfigParser(data)) {
    return { config: defaultConfig(), warnings: [] };
  }
  const { readHeavyAIConfig } = await import(
    /* webpackChunkName: "heavyai-settings-parsers" */ '../site-config'
  );
  return readHeavyAIConfig(data);
}

function configPlugin(
  early: IEarlyHandoff | undefined
): JupyterFrontEndPlugin<IHeavyAIConfig> {
  return {
    id: PluginIDs.config,
    description: 'Reads the heavyai section of jupyter-lite.json.',
    autoStart: true,
    provides: IHeavyAIConfig,
    activate: async (app: JupyterFrontEnd) => {
      const parsedConfig = await readPageConfig(document);
      for (const warning of parsedConfig.warnings) {
        console.warn(`HeavyAI configuration: ${warning}`);
      }
      // Started at load for the hand-off plugin; if it did not activate (a session manager it
      // requires is missing), nobody will ever take what the inputs receive: stop them.
      void app.started.then(() => {
        if (early && !app.isPluginActivated(PluginIDs.handoff)) {
          early.dispose();
        }
      });
      return parsedConfig;
    }
  };
}

function notices(): Promise<typeof import('./session-notices')> {
  return import(
    /* webpackChunkName: "heavyai-session-commands" */ './session-notices'
  );
}

/** The one selecting manager, shared by the manager plugin and the registry plugin. */
const ISelectedSessionManager = new Token<SelectedSessionManager>(
  'jupyterlite-heavyai:ISelectedSessionManager',
  'Internal: the selecting session manager.'
);

function selectionPlugin(
  earlyRead: IEarlyRecordRead | undefined
): JupyterFrontEndPlugin<SelectedSessionManager> {
  return {
    id: PluginIDs.sessionManagerSelection,
    description:
      'Selects the HeavyAI session manager named in jupyter-lite.json once all plugins are active.',
    autoStart: true,
    requires: [IHeavyAIConfig],
    optional: [ITranslator],
    provides: ISelectedSessionManager,
    activate: (
      app: JupyterFrontEnd,
      { config }: IHeavyAIConfig,
      translator: ITranslator | null
    ) => {
      const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
      // When the config loader already chose memory storage, one notice says it for everything
      // (storage-status.ts); the store's own notice (for sites without our loader) would only repeat it.
      const memoryOnly = memoryStorageChosen(
        PageConfig.getOption(MEMORY_STORAGE_OPTION)
      );
      const store = new SessionStore({
        earlyRead,
        onPersistenceUnavailable: memoryOnly
          ? undefined
          : () =>
              void notices().then(n => n.notifyPersistenceUnavailable(trans))
      });
      return new SelectedSessionManager({
        selectedId: config.sessionManagerId,
        fallback: new StoreSessionManager(store),
        whenPluginsActive: app.started,
        onMissing: id =>
          void notices().then(n => n.notifyManagerMissing(trans, id))
      });
    }
  };
}

const sessionManagerPlugin: JupyterFrontEndPlugin<IHeavyAISessionManager> = {
  id: PluginIDs.defaultSessionManager,
  description:
    'Provides the HeavyAI session: the browser store, or the manager selected in jupyter-lite.json.',
  autoStart: true,
  requires: [ISelectedSessionManager],
  provides: IHeavyAISessionManager,
  activate: (_: JupyterFrontEnd, selected: SelectedSessionManager) => selected
};

const registryPlugin: JupyterFrontEndPlugin<IHeavyAISessionManagerRegistry> = {
  id: PluginIDs.sessionManagerRegistry,
  description: 'Lets other extensions offer a HeavyAI session manager.',
  autoStart: true,
  requires: [ISelectedSessionManager],
  provides: IHeavyAISessionManagerRegistry,
  activate: (_: JupyterFrontEnd, selected: SelectedSessionManager) => selected
};

const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.sessionCommands,
  description: 'Commands to show and forget the HeavyAI session.',
  autoStart: true,
  requires: [IHeavyAISessionManager],
  optional: [ICommandPalette, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    palette: ICommandPalette | null,
    translator: ITranslator | null
  ) =>
    addSessionCommands(
      app,
      manager,
      palette,
      (translator ?? nullTranslator).load(TRANSLATION_DOMAIN)
    )
};

/**
 * The session plugins; `early` holds the hand-off inputs started at load (none when disabled),
 * `earlyRead` the stored record's read started at load (for a deep link).
 */
export function sessionPlugins(
  early: IEarlyHandoff | undefined,
  earlyRead?: IEarlyRecordRead
): JupyterFrontEndPlugin<any>[] {
  return [
    configPlugin(early),
    selectionPlugin(earlyRead),
    sessionManagerPlugin,
    registryPlugin,
    handoffPlugin(early),
    linkHandoffPlugin(early),
    commandsPlugin,
    sessionStatusPlugin,
    storageStatusPlugin
  ];
}
