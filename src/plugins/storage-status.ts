/**
 * When the browser lets the site keep nothing (the config loader chose memory
 * storage: a strict browser's third-party frame, private modes), the user is
 * told where they will see it, for as long as it is true: a notice that stays
 * until dismissed, and a status bar item that explains on click (both in
 * storage-status-item.ts, loaded only then).
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { PageConfig } from '@jupyterlab/coreutils';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import {
  MEMORY_STORAGE_OPTION,
  memoryStorageChosen
} from '../store/memory-mode';
import { PluginIDs } from '../ids';
import { TRANSLATION_DOMAIN } from '../translate';

/** Shows the lasting not-saved notice and status item while the site runs on memory storage. */
export const storageStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.storageStatus,
  description: 'Says when the browser lets the site keep nothing.',
  autoStart: true,
  optional: [IStatusBar, ITranslator],
  activate: (
    app: JupyterFrontEnd,
    statusBar: IStatusBar | null,
    translator: ITranslator | null
  ) => {
    if (!memoryStorageChosen(PageConfig.getOption(MEMORY_STORAGE_OPTION))) {
      return;
    }
    const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
    // Only a site that keeps nothing loads the item and its text.
    void import('./storage-status-item').then(({ showNothingKept }) =>
      showNothingKept(app, statusBar, trans)
    );
  }
};
