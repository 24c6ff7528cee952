/**
 * The "Not saved" status item and notice of a site that keeps nothing
 * (memory storage), loaded only on such a site.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import type { IStatusBar } from '@jupyterlab/statusbar';
import { Widget } from '@lumino/widgets';

import { PluginIDs } from '../ids';
import { nothingKeptDetails, nothingKeptNotice } from '../store/nothing-kept';
import type { ITranslate } from '../translate';

import '../../style/storage-status.css';

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
  node.className = 'jp-HeavyAI-statusbar-button jp-HeavyAI-storage-status';
  node.textContent = trans.__('Not saved');
  node.title = nothingKeptNotice(trans);
  node.addEventListener('click', () => explain(trans));
  return new Widget({ node });
}

/** Show, in the status bar and in a notice that stays, that nothing is kept. */
export function showNothingKept(
  app: JupyterFrontEnd,
  statusBar: IStatusBar | null,
  trans: ITranslate
): void {
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
