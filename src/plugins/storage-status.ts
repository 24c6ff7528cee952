/**
 * When the browser lets the site keep nothing (the config loader chose memory
 * storage: a strict browser's third-party frame, private modes), the user is
 * told where they will see it, for as long as it is true: a notice that stays
 * until dismissed, and a status bar item that explains on click.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { PageConfig } from '@jupyterlab/coreutils';
import { IStatusBar } from '@jupyterlab/statusbar';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';
import { Widget } from '@lumino/widgets';

import {
  MEMORY_STORAGE_OPTION,
  memoryStorageChosen,
  nothingKeptNotice,
  nothingKeptDetails
} from '../store/memory-mode';
import { PluginIDs } from '../ids';
import { TRANSLATION_DOMAIN, type ITranslate } from '../translate';

function explain(trans: ITranslate): void {
  const body = document.createElement('div');
  for (const text of [nothingKeptNotice(trans), nothingKeptDetails(trans)]) {
    const p = document.createElement('p');
    p.textContent = text;
    body.append(p);
  }
  void showDialog({
    title: trans.__('Nothing is kept'),
    body: new Widget({ node: body }),
    buttons: [Dialog.okButton({ label: trans.__('OK') })]
  });
}

function statusItem(trans: ITranslate): Widget {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = 'jp-HeavyAI-storage-status';
  node.textContent = trans.__('Not saved');
  node.title = nothingKeptNotice(trans);
  node.addEventListener('click', () => explain(trans));
  return new Widget({ node });
}

/** Shows the lasting not-saved notice and status item while the site runs on memory storage. */
export const storageStatusPlugin: JupyterFrontEndPlugin<void> = {
  id: PluginIDs.storageStatus,
  description:
    'Says, for as long as it is true, that this browser lets the site keep nothing.',
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
    statusBar?.registerStatusItem(PluginIDs.storageStatus, {
      item: statusItem(trans),
      align: 'left',
      rank: 1000
    });
    // Once JupyterLab shows toasts (see notices-ready.ts).
    void app.restored.then(() =>
      Notification.warning(nothingKeptNotice(trans), { autoClose: false })
    );
  }
};
