/**
 * The JupyterLab extension entry (package.json `jupyterlab.extension`): what
 * JupyterLab loads at start-up, the plugins and the inputs that must start
 * before them. The package's main module (index.ts) re-exports these plugins
 * with the API other extensions import; keeping that API out of this module
 * keeps its validation code off the start-up path of a site whose other
 * extensions do not use it.
 */
import type { JupyterFrontEndPlugin } from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';

import { startEarlyHandoff } from './handoff/early';
import { PluginIDs } from './ids';
import { startEarlyRecordRead } from './store/session-store';
import { takeRouteFlag } from './workspace/route';
import { kernelSessionPlugins } from './plugins/kernel-session';
import { sessionPlugins } from './plugins/session';
import { sqlEditorPlugins } from './plugins/sql-editor';
import { sqlSettingsPlugins } from './plugins/sql-editor-settings';
import { vegaPlugins } from './plugins/vega';
import { workspacePlugins } from './plugins/workspace';

// Before any plugin activates or the router reads the URL: take a #heavyai=
// fragment and the ?heavyai flag out of it, and start listening for the host
// page's postMessage hand-off — unless jupyter-lite.json's disabledExtensions
// disables the plugin that would use them (decided as JupyterLab decides it).
const isDisabled = (id: string) => PageConfig.Extension.isDisabled(id);
const early =
  typeof window !== 'undefined'
    ? startEarlyHandoff(window, isDisabled)
    : undefined;
const deepLink =
  typeof window !== 'undefined' &&
  !isDisabled(PluginIDs.workspace) &&
  takeRouteFlag(window);
// The deep link uses the stored session as soon as the app has started; read it now, before
// JupyterLite's own IndexedDB requests at start-up, which an open made later waits behind.
const earlyRecordRead =
  deepLink && !isDisabled(PluginIDs.sessionManagerSelection)
    ? startEarlyRecordRead()
    : undefined;

// The deep link's code is fetched now, and a link's first call posted (plugins/deep-link-start.ts).
if (earlyRecordRead && !isDisabled(PluginIDs.sqlEditor)) {
  void import(
    /* webpackChunkName: "heavyai-deep-link-start" */ './plugins/deep-link-start'
  )
    .then(({ startDeepLink }) =>
      startDeepLink(
        early?.fragments.pending,
        !!early?.hasHosts,
        earlyRecordRead.answer,
        window
      )
    )
    .catch(() => undefined); // each part loads again when it is needed
}

const plugins: JupyterFrontEndPlugin<any>[] = [
  ...sessionPlugins(early, earlyRecordRead),
  ...sqlSettingsPlugins,
  ...sqlEditorPlugins,
  ...workspacePlugins,
  ...kernelSessionPlugins,
  ...vegaPlugins
];

export default plugins;
