/**
 * The `?heavyai` deep link: once the app is restored (the reset navigation
 * has happened by then), wait a bounded time for the session and open the
 * workspace. Every way out ends in something the user sees: the workspace,
 * and a notice when no session arrived or the session manager failed.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';

import { CommandIDs } from '../ids';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';
import type { WorkspaceNotices } from './notices';
import { takeRouteFlag, waitForSession } from './route';

/** Open the workspace after restoration when the page was opened with `?heavyai`; never awaited in activate. */
export function followDeepLink(
  app: JupyterFrontEnd,
  manager: IHeavyAISessionManager,
  waitForSessionMs: number,
  notices: WorkspaceNotices,
  trans: ITranslate
): void {
  void app.restored.then(async () => {
    if (!takeRouteFlag(window)) {
      return;
    }
    const outcome = await sessionForDeepLink(
      manager,
      waitForSessionMs,
      notices,
      trans
    );
    if (outcome === 'arrived') {
      markOnce(TimingMarks.sessionAvailable);
    } else if (outcome === 'none') {
      noSessionNotice(app, trans);
    }
    await app.commands.execute(CommandIDs.createWorkspace);
  });
}

/** Wait for the session, showing that it is awaited when there is none yet. */
async function sessionForDeepLink(
  manager: IHeavyAISessionManager,
  waitForSessionMs: number,
  notices: WorkspaceNotices,
  trans: ITranslate
): Promise<'arrived' | 'none' | 'failed'> {
  let waiting: string | undefined;
  try {
    if (!(await manager.getSession())) {
      waiting = Notification.emit(
        trans.__('Waiting for the HeavyAI session…'),
        'in-progress',
        { autoClose: false }
      );
    }
    const session: ISessionRecord | undefined = await waitForSession(
      manager,
      waitForSessionMs
    );
    return session ? 'arrived' : 'none';
  } catch (error) {
    notices.sessionUnreadable(error);
    return 'failed';
  } finally {
    if (waiting) {
      Notification.dismiss(waiting);
    }
  }
}

function noSessionNotice(app: JupyterFrontEnd, trans: ITranslate): void {
  Notification.warning(
    trans.__(
      'No HeavyAI session arrived. The workspace is open without one: open it from Immerse, or use "Connect…" to log in.'
    ),
    {
      autoClose: false,
      actions: [
        {
          label: trans.__('Connect…'),
          callback: () =>
            void app.commands.execute(CommandIDs.setDefaultConnection)
        }
      ]
    }
  );
}
