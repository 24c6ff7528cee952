import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  type ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { CommandIDs } from '../ids';
import { describeSession } from '../session/status-text';
import { SessionRemovalError } from '../store/session-store';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';

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
  const list = document.createElement('dl');
  for (const line of lines) {
    const term = document.createElement('dt');
    term.textContent = line.label;
    const value = document.createElement('dd');
    value.textContent = line.value;
    list.append(term, value);
  }
  body.node.appendChild(list);
  return body;
}

/** `trans`: the plugin's bundle for TRANSLATION_DOMAIN. */
export function addSessionCommands(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  palette: ICommandPalette | null,
  trans: ITranslate
): void {
  app.commands.addCommand(CommandIDs.sessionStatus, {
    label: trans.__('Show HeavyAI session status'),
    caption: trans.__(
      'Where the HeavyAI session came from and which server it connects to'
    ),
    execute: async () => {
      const status = describeSession(
        await manager.getSession(),
        Date.now(),
        trans
      );
      await showDialog({
        title: trans.__('HeavyAI session'),
        body: statusBody(status.lines, status.summary),
        buttons: [Dialog.okButton({ label: trans.__('Close') })]
      });
    }
  });
  app.commands.addCommand(CommandIDs.forgetSession, {
    label: trans.__('Forget HeavyAI session'),
    caption: trans.__('Remove the HeavyAI session from this browser'),
    execute: async () => {
      if (await forgetSession(manager, trans)) {
        Notification.info(
          trans.__('The HeavyAI session was removed from this browser.'),
          { autoClose: 4000 }
        );
      }
    }
  });
  for (const command of [CommandIDs.sessionStatus, CommandIDs.forgetSession]) {
    palette?.addItem({ command, category: trans.__('HeavyAI') });
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
