/**
 * What the session commands do, loaded when one first runs (their names,
 * labels and places are in session-commands.ts): the status dialog and
 * forgetting the session.
 */
import { Dialog, Notification, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { describeSession } from '../session/status-text';
import { SessionRemovalError } from '../store/record-writes';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';
import { definitionList } from './definition-list';

/** The status as a definition list built from text nodes: host-supplied text is never parsed as HTML. */
function statusBody(
  lines: { label: string; value: string }[],
  summary: string
): Widget {
  const body = new Widget();
  body.addClass('jp-HeavyAI-sessionStatus');
  const heading = document.createElement('p');
  heading.textContent = summary;
  body.node.appendChild(heading);
  body.node.appendChild(definitionList(lines));
  return body;
}

/** Show where the session came from and which server it connects to. */
export async function showSessionStatus(
  manager: IHeavyAISessionManager,
  trans: ITranslate
): Promise<void> {
  const status = describeSession(await manager.getSession(), Date.now(), trans);
  await showDialog({
    title: trans.__('HeavyAI session'),
    body: statusBody(status.lines, status.summary),
    buttons: [Dialog.okButton({ label: trans.__('Close') })]
  });
}

/** Forget the session, and say so when it is gone. */
export async function forgetSessionCommand(
  manager: IHeavyAISessionManager,
  trans: ITranslate
): Promise<void> {
  if (await forgetSession(manager, trans)) {
    Notification.info(
      trans.__('The HeavyAI session was removed from this browser.'),
      { autoClose: 4000 }
    );
  }
}

/**
 * Clear the session; when the browser's storage still holds it (the endpoint
 * could serve it), say so in a notification that stays. True when forgotten.
 */
export async function forgetSession(
  manager: IHeavyAISessionManager,
  trans: ITranslate
): Promise<boolean> {
  try {
    await manager.clear();
    return true;
  } catch (error) {
    // A custom session manager's own error is shown as it wrote it.
    const what =
      error instanceof SessionRemovalError
        ? trans.__(
            "The HeavyAI session could not be removed from this browser's storage (%1).",
            error.detail
          )
        : error instanceof Error
          ? error.message
          : String(error);
    Notification.error(
      trans.__(
        '%1 Notebooks may still read it from heavyai/session: close the other tabs of this site and use "Forget HeavyAI session" again, or clear the site\'s data in the browser settings.',
        what
      ),
      { autoClose: false }
    );
    return false;
  }
}
