/**
 * Wiring of the hand-off, loaded when the hand-off plugin activates: the sink
 * that stores a session the host page sends by message, the `#heavyai=` link
 * (asking when the sender or server is unknown), and the notices when either
 * fails or is refused. The inputs themselves live in handoff/; this file only
 * connects them to the session manager and the user.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';

import {
  recordFromPayload,
  type HandoffChannel,
  type ISessionRecord
} from '../store/record';
import type { ISessionPayload } from '../wire/payload';
import type { IEarlyHandoff } from '../handoff/early';
import { CommandIDs, SESSION_INVALID_NOTICE } from '../ids';
import type { LoadFragment } from '../handoff/fragment-input';
import { linkConfirmationReason } from '../handoff/fragment-trust';
import { readLinkRecord } from '../handoff/link-record';
import type { IHandoffSink } from '../handoff/message-input';
import type { ITranslate } from '../translate';
import type {
  IHeavyAIConfig,
  IHeavyAISessionManager,
  IHeavyAISessionRequests
} from '../tokens';
import { confirmLinkedServer } from './confirm-link';
import { countedNotice } from '../notices/counted-notice';
import { showErrorNotice, type INoticeAction } from '../notices/error-notice';
import { forgetSession } from './session-command-bodies';

type Sink = IHandoffSink & {
  acceptSession(
    payload: ISessionPayload,
    senderOrigin: string,
    via?: HandoffChannel
  ): Promise<string | undefined>;
};

function handoffSink(
  manager: IHeavyAISessionManager,
  { config }: IHeavyAIConfig,
  ready: Promise<unknown>,
  trans: ITranslate
): Sink {
  return {
    async acceptSession(
      payload: ISessionPayload,
      senderOrigin: string,
      via: HandoffChannel = 'message'
    ) {
      const record = recordFromPayload(
        payload,
        senderOrigin,
        Date.now(),
        config,
        window.location.href,
        via
      );
      if (!record.ok) {
        return record.reason;
      }
      await manager.setSession(record.value);
      const { protocol, host, port } = record.value.connection;
      // A link's session is stored while the app starts; a toast raised then only reaches the bell.
      void ready.then(() =>
        Notification.success(
          senderOrigin
            ? trans.__(
                'Connected to HeavyDB at %1 with the session from %2.',
                `${protocol}://${host}:${port}`,
                senderOrigin
              )
            : trans.__(
                'Connected to HeavyDB at %1 with the session from a link.',
                `${protocol}://${host}:${port}`
              ),
          { autoClose: 5000 }
        )
      );
      return undefined;
    },
    async logout(senderOrigin: string) {
      if (await forgetSession(manager, trans)) {
        Notification.info(
          trans.__('The HeavyAI session was ended by %1.', senderOrigin),
          { autoClose: 5000 }
        );
      }
    },
    sessionRejected: rejectionNotice(ready, trans)
  };
}

/** One notice for all rejected payloads, updated with a count (see counted-notice.ts). */
function rejectionNotice(
  ready: Promise<unknown>,
  trans: ITranslate
): (reason: string, senderOrigin: string) => void {
  const notice = countedNotice({
    type: 'error',
    ready,
    message: (count, latest) =>
      trans.__('%1 HeavyAI sessions were rejected. Latest: %2', count, latest)
  });
  return (reason, senderOrigin) =>
    notice(
      trans.__(
        'A HeavyAI session from %1 was rejected: %2',
        senderOrigin,
        reason
      )
    );
}

/**
 * A `#heavyai=` link read at load. Anyone can make a link, so it is taken
 * silently only when the browser says it was followed from allowed pages (see
 * `isTrustedArrival`) and it keeps the server in use; otherwise the user is
 * asked, and declining stores nothing. The sender recorded is the page that
 * navigated here, as the browser reported it.
 */
async function acceptLink(
  fragment: LoadFragment,
  manager: IHeavyAISessionManager,
  { config }: IHeavyAIConfig,
  sink: Sink,
  trans: ITranslate,
  shellReady: Promise<void>,
  inUse: () => void
): Promise<void> {
  const { arrival } = fragment;
  const sender = arrival.referrer ?? '';
  const label = sender || trans.__('a link');
  const read = readLinkRecord(
    fragment,
    config,
    window.location.href,
    Date.now()
  );
  if (!read.ok) {
    sink.sessionRejected(read.reason, label);
    return;
  }
  const { payload, record } = read.value;
  const current = (await manager.getSession().catch(() => undefined))
    ?.connection;
  const reason = linkConfirmationReason({
    arrival,
    config,
    current,
    incoming: record.connection
  });
  if (reason) {
    // The question needs the shell.
    await shellReady;
    const use = await confirmLinkedServer(
      {
        incoming: record.connection,
        query: record.query,
        arrival,
        reason,
        current
      },
      trans
    );
    if (!use) {
      Notification.info(
        trans.__('The HeavyAI link was ignored; nothing was stored.'),
        { autoClose: 5000 }
      );
      return;
    }
  }
  // The link's session is in use once the manager announces it; storing it takes longer.
  const linkSession = payload.session;
  const announced = (_: unknown, stored: ISessionRecord | undefined) => {
    if (stored?.session === linkSession) {
      inUse();
    }
  };
  manager.changed.connect(announced);
  const refused = await sink
    .acceptSession(payload, sender, reason ? 'confirmed-link' : 'link')
    .finally(() => manager.changed.disconnect(announced));
  if (refused) {
    sink.sessionRejected(refused, label);
  }
}

/**
 * The link was valid but storing it failed (the session manager refused or
 * the browser's storage failed): say so, with "Connect…" as the next step
 * when the SQL editor's command exists.
 */
function linkFailedNotice(
  app: JupyterFrontEnd,
  error: unknown,
  trans: ITranslate
): void {
  const actions: INoticeAction[] = app.commands.hasCommand(
    CommandIDs.setDefaultConnection
  )
    ? [
        {
          label: trans.__('Connect…'),
          callback: () =>
            void app.commands.execute(CommandIDs.setDefaultConnection)
        }
      ]
    : [];
  showErrorNotice(
    trans.__(
      'The HeavyAI link was not used: its session could not be stored. Open the notebook from Immerse again, or use "Connect…" to log in.'
    ),
    error,
    actions,
    trans
  );
}

/** What the hand-off plugin hands to the wiring. */
export interface IHandoffWiringContext {
  app: JupyterFrontEnd;
  early: IEarlyHandoff;
  manager: IHeavyAISessionManager;
  config: IHeavyAIConfig;
  requests: IHeavyAISessionRequests;
  trans: ITranslate;
}

/**
 * Deliver what the early inputs received, and what they receive from now on,
 * to the session manager, telling the user what was received or refused.
 */
export function connectHandoff({
  app,
  early,
  manager,
  config,
  requests,
  trans
}: IHandoffWiringContext): void {
  const sink = handoffSink(manager, config, app.restored, trans);
  // Not awaited: activation must not wait for the selected manager, which may wait for
  // app.started. A link taken without a question is stored at once, so the deep link can start
  // from it while the app starts; the question and the notices wait for the shell (toasts raised
  // before it exists only reach the bell).
  early.fragments.onFragment(fragment => {
    const settle = () => early.fragments.settleLink();
    void acceptLink(fragment, manager, config, sink, trans, app.started, settle)
      .catch((error: unknown) =>
        app.started.then(() => linkFailedNotice(app, error, trans))
      )
      .finally(settle);
  });
  if (early.fragments.refusedAtRoot) {
    void app.started.then(() =>
      Notification.warning(
        trans.__(
          "A HeavyAI link to this site's start page was not used: session links must open lab/index.html. Open the notebook from Immerse again."
        ),
        { autoClose: false }
      )
    );
  }
  const lateLink = countedNotice({
    type: 'warning',
    ready: app.restored,
    message: count =>
      trans.__(
        '%1 HeavyAI links were opened in this page after it had loaded; they were ignored. Open a link in a new tab if you meant to use it.',
        count
      )
  });
  early.fragments.onLateFragment(() =>
    lateLink(
      trans.__(
        'A HeavyAI link was opened in this page after it had loaded; it was ignored. Open the link in a new tab if you meant to use it.'
      )
    )
  );
  void early.messagesReady.then(messages => messages?.connect(sink));
  // A notebook's connection found the session refused (see RENEW_PARAM): ask the host too.
  navigator.serviceWorker?.addEventListener('message', event => {
    if (
      (event.data as { type?: unknown } | null)?.type === SESSION_INVALID_NOTICE
    ) {
      requests.sessionInvalid();
    }
  });
}
