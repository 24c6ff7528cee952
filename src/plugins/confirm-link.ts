/**
 * The question a `#heavyai=` link must pass when it may not be taken
 * silently (see handoff/fragment-trust.ts). Everything shown is plain text.
 */
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import type { IConnection } from '../wire/payload';
import { serverAddress } from '../wire/server-address';
import type { ILinkArrival } from '../handoff/fragment-trust';
import { statementPreview } from '../handoff/link-summary';
import type { ITranslate } from '../translate';

import '../../style/confirm-link.css';

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

/** What the question shows of the link: where it would connect and what it would run. */
export interface ILinkQuestion {
  incoming: IConnection;
  /** The statement the link carries ('' when none). */
  query: string;
  arrival: ILinkArrival;
  reason: 'unknown-sender' | 'other-server';
  current: IConnection | undefined;
}

/**
 * Ask whether to use the linked session; true only when the user chose to. `trans`: the
 * plugin's bundle.
 */
export async function confirmLinkedServer(
  { incoming, query, arrival, reason, current }: ILinkQuestion,
  trans: ITranslate
): Promise<boolean> {
  const unknown = trans.__('unknown (the browser did not say)');
  const body = document.createElement('div');
  body.className = 'jp-HeavyAI-confirm-link';
  body.append(
    line(
      trans.__(
        'A link asks this site to use a HeavyDB session. Where it would connect:'
      )
    ),
    line(trans.__('Server:'), serverAddress(incoming)),
    line(trans.__('Host:'), incoming.host),
    line(trans.__('Database:'), incoming.database || trans.__('the default')),
    line(trans.__('Link followed from:'), arrival.referrer ?? unknown)
  );
  if (arrival.framed) {
    body.append(
      line(
        trans.__('Embedded in:'),
        arrival.embedders.length > 0 ? arrival.embedders.join(' ← ') : unknown
      )
    );
  }
  if (current && reason === 'other-server') {
    body.append(
      line(trans.__('The session in use is on:'), serverAddress(current))
    );
  }
  if (query.trim()) {
    const statement = document.createElement('pre');
    statement.className = 'jp-HeavyAI-confirm-statement';
    statement.textContent = statementPreview(query);
    body.append(line(trans.__('Statement it carries:')), statement);
  } else {
    body.append(line(trans.__('Statement it carries:'), trans.__('none')));
  }
  body.append(
    line(
      trans.__(
        'Only continue if you opened this link yourself from HeavyAI Immerse and you know this server. Queries and notebook connections would go to it.'
      )
    )
  );
  const result = await showDialog({
    title: trans.__('Use this HeavyDB server?'),
    body: new Widget({ node: body }),
    buttons: [
      Dialog.cancelButton({ label: trans.__('Ignore the link') }),
      Dialog.warnButton({ label: trans.__('Use this server') })
    ],
    defaultButton: 0,
    hasClose: true
  });
  return result.button.accept;
}
