/**
 * The session status item's dialog, loaded when the item is first clicked:
 * "Connect…", "Forget" and "Close", the item's rows, and who the session
 * belongs to, asked of its server (which loads the connector chunk).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { CommandIDs } from '../ids';
import type {
  ISessionIdentity,
  ISessionItemView
} from '../session/status-item';
import {
  identityFromSessionInfo,
  sessionItemLines
} from '../session/status-item-lines';
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';
import { definitionList } from './definition-list';
import { forgetSession } from './session-command-bodies';
import type { ISessionStatusItem } from './session-status';

/** Asks the session's server who the session belongs to; undefined when it cannot tell. */
export async function fetchIdentity(
  record: ISessionRecord,
  trans: ITranslate
): Promise<ISessionIdentity | undefined> {
  const [{ HeavyConnection }, { resolveConnectionTarget }] = await Promise.all([
    import('../sql-editor/connection'),
    import('../sql-editor/connection-target')
  ]);
  const target = resolveConnectionTarget(
    record,
    { connection: null, binaryProtocol: true },
    ''
  );
  if (!target) {
    return undefined;
  }
  const con = await HeavyConnection.open(target, trans);
  try {
    return identityFromSessionInfo(await con.sessionInfo());
  } finally {
    await con.close(); // a handed-over session is left open
  }
}

/** Fetch the identity of the item's session once; failures leave the server shown. */
function fetchItemIdentity(item: ISessionStatusItem, trans: ITranslate): void {
  const record = item.record;
  if (!record || item.identity || item.fetching) {
    return;
  }
  const fetching = fetchIdentity(record, trans)
    .then(identity => {
      if (item.record?.session === record.session) {
        item.identity = identity;
        item.render();
      }
    })
    .catch(() => undefined) // an expired session: the state already says so
    .finally(() => {
      if (item.fetching === fetching) {
        item.fetching = undefined;
      }
    });
  item.fetching = fetching;
}

/** The dialog's rows as a definition list; every value is plain text. */
function renderLines(
  body: HTMLElement,
  view: ISessionItemView,
  trans: ITranslate
): void {
  body.replaceChildren(definitionList(sessionItemLines(view, trans)));
}

/**
 * Show the item's dialog, its rows kept up to date while it is open, ask the server who the
 * session belongs to, and do what the user chose.
 */
export async function openSessionStatusDialog(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  item: ISessionStatusItem,
  trans: ITranslate
): Promise<void> {
  fetchItemIdentity(item, trans);
  const body = new Widget();
  body.addClass('jp-HeavyAI-sessionStatus');
  item.onRender = view => renderLines(body.node, view, trans);
  item.render();
  try {
    await showItemDialog(app, manager, body, item.record !== undefined, trans);
  } finally {
    item.onRender = undefined;
  }
}

/** Show the dialog around `body` and do what the user chose. */
async function showItemDialog(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  body: Widget,
  hasSession: boolean,
  trans: ITranslate
): Promise<void> {
  const connect = trans.__('Connect…');
  const forget = trans.__('Forget');
  const canConnect = app.commands.hasCommand(CommandIDs.setDefaultConnection);
  const buttons = [
    ...(canConnect ? [Dialog.okButton({ label: connect })] : []),
    ...(hasSession ? [Dialog.warnButton({ label: forget })] : []),
    Dialog.cancelButton({ label: trans.__('Close') })
  ];
  const result = await showDialog({
    title: trans.__('HeavyAI session'),
    body,
    buttons
  });
  if (result.button.label === connect && canConnect) {
    await app.commands.execute(CommandIDs.setDefaultConnection);
  } else if (result.button.label === forget) {
    await forgetSession(manager, trans);
  }
}
