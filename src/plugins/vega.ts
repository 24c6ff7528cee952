/**
 * Notebook outputs of type application/vnd.heavyai.vega+json (and the OmniSci name) are
 * rendered by HeavyDB. Only the small renderer loads at start-up; the connector is
 * imported on the first render.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { PluginIDs } from '../ids';
import { IHeavyAISessionManager } from '../tokens';
import { TRANSLATION_DOMAIN } from '../translate';
import { LazyVegaOutput } from '../vega/lazy-output';
import { VEGA_MIME_TYPES, VEGA_RENDERER_RANK } from '../vega/mime-types';

const plugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.vega,
  description: 'Renders HeavyDB Vega outputs.',
  autoStart: true,
  requires: [IRenderMimeRegistry, IHeavyAISessionManager],
  optional: [ITranslator],
  activate: (
    _app,
    rendermime: IRenderMimeRegistry,
    manager: IHeavyAISessionManager,
    translator: ITranslator | null
  ) => {
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    rendermime.addFactory(
      {
        // Safe: an untrusted output never runs its SQL by itself (the renderer asks first).
        safe: true,
        mimeTypes: VEGA_MIME_TYPES,
        defaultRank: VEGA_RENDERER_RANK,
        createRenderer: options =>
          new LazyVegaOutput(options, {
            getSession: () => manager.getSession(),
            trans
          })
      },
      VEGA_RENDERER_RANK
    );
  }
};

/** The plugins of this file, for the extension's plugin list. */
export const vegaPlugins: JupyterFrontEndPlugin<any>[] = [plugin];
