/**
 * The session status item's dialog, loaded when the item is first clicked:
 * "Connect…", "Forget" and "Close", and who the session belongs to, asked of
 * its server (which loads the connector chunk).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import type { Widget } from '@lumino/widgets';

import { CommandIDs } from '../ids';
import {
  identityFromSessionInfo,
  type ISessionIdentity
} from '../session/status-item';
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';
import { forgetSession } from './session-command-bodies';

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

/** Show the dialog around `body` (the item fills it) and do what the user chose. */
export async function openSessionStatusDialog(
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
