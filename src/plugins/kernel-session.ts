/**
 * When no service worker controls the page (strict browsers deny it to embedded sites), the
 * `heavyai/session` endpoint does not exist. This hands the session to each Python kernel of the
 * page's notebooks instead: a silent, non-history execution when a kernel starts or restarts and whenever the
 * session changes. The code (`codegen/kernel-session-code.ts`) never enters a notebook.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';

import { PluginIDs } from '../ids';
import { IHeavyAIConfig, IHeavyAISessionManager } from '../tokens';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.kernelSession,
  description:
    'Hands the HeavyAI session to kernels where no service worker can.',
  autoStart: true,
  requires: [IHeavyAISessionManager, IHeavyAIConfig],
  optional: [INotebookTracker],
  activate: (
    app: JupyterFrontEnd,
    manager: IHeavyAISessionManager,
    { config }: IHeavyAIConfig,
    notebooks: INotebookTracker | null
  ) => {
    // Loaded with the first notebook: a page without notebooks never needs it.
    let handoff:
      | Promise<
          ReturnType<
            typeof import('./kernel-session-handoff').kernelSessionHandoff
          >
        >
      | undefined;
    const load = () =>
      (handoff ??= import(
        /* webpackChunkName: "heavyai-kernel-session" */ './kernel-session-handoff'
      ).then(m => m.kernelSessionHandoff(manager, config)));
    notebooks?.widgetAdded.connect(
      (_, panel) => void load().then(h => h.watch(panel.sessionContext))
    );
    manager.changed.connect(() => void handoff?.then(h => h.sessionChanged()));
  }
};

/** The plugins this module contributes, for the package's plugin list. */
export const kernelSessionPlugins = [plugin];
