/**
 * The question a `#heavyai=` link must pass when it may not be taken
 * silently (see handoff/fragment-trust.ts). Everything shown is plain text.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import type { IConnection } from '../wire/payload';
import { serverAddress } from '../handoff/fragment-trust';

function line(text: string, code?: string): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (code !== undefined) {
    const value = document.createElement('code');
    value.className = 'jp-HeavyAI-confirm-value';
    value.textContent = code;
    p.append(' ', value);
  }
  return p;
}

/** Ask whether to use the linked session; true only when the user chose to. */
export async function confirmLinkedServer(
  incoming: IConnection,
  arrivedFrom: string | undefined,
  reason: 'unknown-sender' | 'other-server',
  current: IConnection | undefined
): Promise<boolean> {
  const body = document.createElement('div');
  body.className = 'jp-HeavyAI-confirm-link';
  body.append(
    line(
      'A link asks this site to use a HeavyDB session. Where it would connect:'
    ),
    line('Server:', serverAddress(incoming)),
    line('Host:', incoming.host),
    line(
      'Link followed from:',
      arrivedFrom ?? 'unknown (the browser did not say)'
    )
  );
  if (current && reason === 'other-server') {
    body.append(line('The session in use is on:', serverAddress(current)));
  }
  body.append(
    line(
      'Only continue if you opened this link yourself from HeavyAI Immerse and you know this server. ' +
        'Queries and notebook connections would go to it.'
    )
  );
  const result = await showDialog({
    title: 'Use this HeavyDB server?',
    body: new Widget({ node: body }),
    buttons: [
      Dialog.cancelButton({ label: 'Ignore the link' }),
      Dialog.warnButton({ label: 'Use this server' })
    ],
    defaultButton: 0,
    hasClose: true
  });
  return result.button.accept;
}
