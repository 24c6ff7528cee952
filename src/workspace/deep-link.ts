/**
 * The `?heavyai` deep link, loaded only when the page was opened with it: as
 * soon as the session is known (stored from the link or sent by the host page
 * while the app starts) the SQL editor's first call is sent; the editor is
 * built and joins the layout, and the notebook opens beside it, once the app
 * is restored and its theme applied. When no session is
 * there by then, wait a bounded time for one. Every way out ends in something
 * the user sees: the workspace, and a notice when no session arrived or the
 * session manager failed.
 */
import { Notification } from '@jupyterlab/apputils';

import { CommandIDs } from '../ids';
import {
  pageStorage,
  rememberFirstCallSettings
} from '../sql-editor/first-call-settings';
import { whenIdle } from '../idle';
import { markOnce, TimingMarks } from '../timing-marks';
import type { ISessionRecord } from '../store/record';
import type { IHeavyAISessionManager } from '../tokens';
import type { ITranslate } from '../translate';
import {
  completeWorkspace,
  noticesOf,
  openWorkspaceEditor
} from './command-bodies';
import type { IWorkspaceCommandContext } from './commands';
import type { WorkspaceNotices } from './notices';
import type { IArrivingSession } from './route';
import { themeApplied, whenMet } from './page-waits';
import { liftSplashWithTheApp } from './splash';
import { waitForSession } from './wait-for-session';

/**
 * The longest the editor waits for the theme after the restore; JupyterLite applied it 0.1–0.2 s
 * after the restore in the bench's loads, 0.75 s at worst while our editor was built first
 * (docs/performance.md).
 */
const THEME_WAIT_CAP_MS = 2000;

/** The next animation frame, or 100 ms in a page that draws none (a background tab). */
const nextFrame = () =>
  new Promise<void>(resolve => {
    requestAnimationFrame(() => resolve());
    setTimeout(resolve, 100);
  });

/** Open the workspace for the deep link; never awaited in activate. */
export function followDeepLink(
  context: IWorkspaceCommandContext,
  waitForSessionMs: number,
  {
    linkSettled,
    arriving
  }: {
    linkSettled?: Promise<void>;
    /** The sessions announced since the workspace plugin activated. */
    arriving: IArrivingSession;
  }
): void {
  const { app } = context;
  void (async () => {
    // A link the user is still asked about would replace the session in use: wait for the answer,
    // unless a session arrives first (the link's own, as soon as it is stored in this page).
    let session = await Promise.race([
      arriving.record,
      Promise.resolve(linkSettled).then(() =>
        sessionBeforeRestore(context.manager, app.restored)
      )
    ]);
    arriving.stop();
    if (session) {
      markOnce(TimingMarks.sessionAvailable);
    } else {
      await app.restored;
      const outcome = await sessionForDeepLink(
        context.manager,
        waitForSessionMs,
        noticesOf(context),
        context.trans
      );
      if (outcome === 'arrived') {
        markOnce(TimingMarks.sessionAvailable);
      } else if (outcome === 'none') {
        noSessionNotice(context);
      }
      session =
        outcome === 'failed'
          ? undefined
          : await context.manager.getSession().catch(() => undefined);
    }
    try {
      await context.sqlSettings.ready;
      // The next deep link's prefetch guesses its first call from these.
      rememberFirstCallSettings(
        pageStorage(window),
        context.sqlSettings.current
      );
      if (session) {
        await startStatement(context, session, app.restored);
      }
      // Built once the app is restored: the session and the first call may be there while the
      // plugins still activate, and building the editor then would delay the restore. And built
      // once JupyterLab has applied its theme and shown its shell again (a frame later, then it
      // lifts its splash screen): before that, the editor shows unstyled for a frame, and its
      // work keeps the splash over the rows longer (docs/performance.md, "splash"). With the theme
      // applied, the splash has nothing left to hide: it goes with the frame that shows the app.
      await app.restored;
      void loadEditorWhenIdle();
      if (
        (await whenMet(themeApplied(document.body), THEME_WAIT_CAP_MS)) ===
        'met'
      ) {
        liftSplashWithTheApp(document);
      }
      await nextFrame();
      const editor = await openWorkspaceEditor(context, session, true);
      await completeWorkspace(context, session, editor);
    } catch (error) {
      noticesOf(context).workspaceFailed(error);
    }
  })();
}

/**
 * Evaluate the editor's module in an idle moment while the theme loads, rather than in the frame
 * that shows the app, where the editor is built.
 */
async function loadEditorWhenIdle(): Promise<void> {
  await whenIdle();
  await import(
    /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/widget'
  ).catch(() => undefined); // the editor's own import reports it
}

/**
 * Send the editor's first call for the session's statement now, when the editor will run it by
 * itself; the editor built next takes its answer. If this fails the editor sends its own.
 */
async function startStatement(
  context: IWorkspaceCommandContext,
  session: ISessionRecord,
  restored: Promise<void>
): Promise<void> {
  try {
    const { startHandoffStatement } = await import(
      /* webpackChunkName: "heavyai-sql-editor" */ '../sql-editor/early-statement'
    );
    await startHandoffStatement(
      session,
      context.sqlSettings.current,
      context.trans,
      restored
    );
  } catch {
    // The editor's own call runs the statement instead.
  }
}

/**
 * The session, if the manager has one or one arrives before the app is
 * restored; undefined otherwise (and when the manager fails: the wait after
 * the restore tells the user).
 */
function sessionBeforeRestore(
  manager: IHeavyAISessionManager,
  restored: Promise<void>
): Promise<ISessionRecord | undefined> {
  return new Promise(resolve => {
    let done = false;
    const finish = (record: ISessionRecord | undefined) => {
      if (!done) {
        done = true;
        manager.changed.disconnect(onChange);
        resolve(record);
      }
    };
    const onChange = (_: unknown, record: ISessionRecord | undefined) => {
      if (record) {
        finish(record);
      }
    };
    manager.changed.connect(onChange);
    const current = manager.getSession().then(
      record => {
        if (record) {
          finish(record);
        }
      },
      () => undefined
    );
    // A session the manager has is used even when the app restored while it was read.
    void restored.then(() => current).then(() => finish(undefined));
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

function noSessionNotice({ app, trans }: IWorkspaceCommandContext): void {
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
