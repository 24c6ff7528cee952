import type { JupyterFrontEnd } from '@jupyterlab/application';
import {
  Dialog,
  type ICommandPalette,
  Notification,
  showDialog
} from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { describeSession } from '../session/status-text';
import type { IHeavyAISessionManager } from '../tokens';

export const SessionCommandIDs = {
  status: 'heavyai:session-status',
  forget: 'heavyai:forget-session'
} as const;

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

export function addSessionCommands(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  palette: ICommandPalette | null
): void {
  app.commands.addCommand(SessionCommandIDs.status, {
    label: 'Show HeavyAI session status',
    caption:
      'Where the HeavyAI session came from and which server it connects to',
    execute: async () => {
      const status = describeSession(await manager.getSession(), Date.now());
      await showDialog({
        title: 'HeavyAI session',
        body: statusBody(status.lines, status.summary),
        buttons: [Dialog.okButton({ label: 'Close' })]
      });
    }
  });
  app.commands.addCommand(SessionCommandIDs.forget, {
    label: 'Forget HeavyAI session',
    caption: 'Remove the HeavyAI session from this browser',
    execute: async () => {
      if (await forgetSession(manager)) {
        Notification.info(
          'The HeavyAI session was removed from this browser.',
          { autoClose: 4000 }
        );
      }
    }
  });
  for (const command of Object.values(SessionCommandIDs)) {
    palette?.addItem({ command, category: 'HeavyAI' });
  }
}

/**
 * Clear the session; when the browser's storage still holds it (the endpoint
 * could serve it), say so in a notification that stays. True when forgotten.
 */
export async function forgetSession(
  manager: IHeavyAISessionManager
): Promise<boolean> {
  try {
    await manager.clear();
    return true;
  } catch (error) {
    Notification.error(
      `${error instanceof Error ? error.message : String(error)} ` +
        'Notebooks may still read it from heavyai/session: close the other tabs of this site and use ' +
        '"Forget HeavyAI session" again, or clear the site\'s data in the browser settings.',
      { autoClose: false }
    );
    return false;
  }
}
