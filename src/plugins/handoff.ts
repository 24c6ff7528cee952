/**
 * Wiring of the hand-off: the sink that stores a session the host page sends
 * by message, the `#heavyai=` link (asking when the sender or server is
 * unknown), and the notices when either fails or is refused. The inputs
 * themselves live in handoff/; this file only connects them to the session
 * manager and the user.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import { recordFromPayload, type HandoffChannel } from '../store/record';
import type { ISessionPayload } from '../wire/payload';
import { validateSessionPayload } from '../wire/validate';
import type { IEarlyHandoff } from '../handoff/early';
import { CommandIDs, PluginIDs, SESSION_INVALID_NOTICE } from '../ids';
import type { LoadFragment } from '../handoff/fragment-input';
import { linkConfirmationReason } from '../handoff/fragment-trust';
import type { IHandoffSink } from '../handoff/message-input';
import { TRANSLATION_DOMAIN, type ITranslate } from '../translate';
import {
  IHeavyAIConfig,
  IHeavyAILinkHandoff,
  IHeavyAISessionManager,
  IHeavyAISessionRequests
} from '../tokens';
import { Signal, type ISignal } from '@lumino/signaling';
import { confirmLinkedServer } from './confirm-link';
import { countedNotice } from '../notices/counted-notice';
import { showErrorNotice, type INoticeAction } from '../notices/error-notice';
import { forgetSession } from './session-commands';

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
  trans: ITranslate
): Promise<void> {
  const { arrival } = fragment;
  const sender = arrival.referrer ?? '';
  const label = sender || trans.__('a link');
  const checked =
    fragment.error !== undefined
      ? { ok: false as const, reason: fragment.error }
      : validateSessionPayload(fragment.payload);
  if (!checked.ok) {
    sink.sessionRejected(checked.reason, label);
    return;
  }
  const record = recordFromPayload(
    checked.value,
    sender,
    Date.now(),
    config,
    window.location.href
  );
  if (!record.ok) {
    sink.sessionRejected(record.reason, label);
    return;
  }
  const current = (await manager.getSession().catch(() => undefined))
    ?.connection;
  const reason = linkConfirmationReason({
    arrival,
    config,
    current,
    incoming: record.value.connection
  });
  if (
    reason &&
    !(await confirmLinkedServer(
      {
        incoming: record.value.connection,
        query: record.value.query,
        arrival,
        reason,
        current
      },
      trans
    ))
  ) {
    Notification.info(
      trans.__('The HeavyAI link was ignored; nothing was stored.'),
      { autoClose: 5000 }
    );
    return;
  }
  const refused = await sink.acceptSession(
    checked.value,
    sender,
    reason ? 'confirmed-link' : 'link'
  );
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

/**
 * Asks the parent or opener for a new session through the message input. `asking` is re-read
 * when a session arrives and when the request's answer time is up.
 */
class SessionRequests implements IHeavyAISessionRequests {
  constructor(
    private readonly _early: IEarlyHandoff | undefined,
    manager: IHeavyAISessionManager
  ) {
    manager.changed.connect((_, record) => {
      if (record) {
        this._early?.messages.sessionArrived();
        clearTimeout(this._timer);
        this._changed.emit();
      }
    });
  }

  get changed(): ISignal<IHeavyAISessionRequests, void> {
    return this._changed;
  }

  get asking(): boolean {
    return this._early?.messages.asking ?? false;
  }

  sessionInvalid(): boolean {
    const messages = this._early?.messages;
    const decision = messages?.requestSession('expired');
    if (messages && decision?.sent) {
      clearTimeout(this._timer);
      this._timer = setTimeout(
        () => this._changed.emit(),
        messages.answerTimeoutMs
      );
      this._changed.emit();
    }
    return (
      decision !== undefined &&
      (decision.sent || decision.why === 'outstanding')
    );
  }

  private _timer: ReturnType<typeof setTimeout> | undefined;
  private _changed = new Signal<IHeavyAISessionRequests, void>(this);
}

/**
 * The plugin that stores sessions delivered by the early hand-off inputs (`early` is undefined when
 * they were not started) and tells the user what was received or refused. It provides the
 * requests for a new session when the one in use has expired.
 */
export function handoffPlugin(
  early: IEarlyHandoff | undefined
): JupyterFrontEndPlugin<IHeavyAISessionRequests> {
  return {
    id: PluginIDs.handoff,
    description:
      'Accepts the session handed over by the Immerse page (postMessage or URL fragment).',
    autoStart: true,
    requires: [IHeavyAISessionManager, IHeavyAIConfig],
    optional: [ITranslator],
    provides: IHeavyAISessionRequests,
    activate: (
      app: JupyterFrontEnd,
      manager: IHeavyAISessionManager,
      config: IHeavyAIConfig,
      translator: ITranslator | null
    ) => {
      const requests = new SessionRequests(early, manager);
      if (!early) {
        return requests; // The inputs were not started (see handoff/early.ts).
      }
      const trans = (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
      const sink = handoffSink(manager, config, app.restored, trans);
      // Not awaited: activation must not wait for the selected manager, which waits for app.started.
      early.fragments.onFragment(
        fragment =>
          // Notices and the question need the shell: toasts raised before it exists only reach the bell.
          void app.started
            .then(() => acceptLink(fragment, manager, config, sink, trans))
            .catch((error: unknown) => linkFailedNotice(app, error, trans))
            .finally(() => early.fragments.settleLink())
      );
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
      early.messages.connect(sink);
      // A notebook's connection found the session refused (see RENEW_PARAM): ask the host too.
      navigator.serviceWorker?.addEventListener('message', event => {
        if (
          (event.data as { type?: unknown } | null)?.type ===
          SESSION_INVALID_NOTICE
        ) {
          requests.sessionInvalid();
        }
      });
      return requests;
    }
  };
}

/**
 * When the load-time link has been dealt with, for the workspace to read the
 * session after it. Requires the hand-off plugin's token so that it exists
 * only where that plugin (which settles the link) is active.
 */
export function linkHandoffPlugin(
  early: IEarlyHandoff | undefined
): JupyterFrontEndPlugin<IHeavyAILinkHandoff> {
  return {
    id: PluginIDs.linkHandoff,
    description:
      'Tells when the #heavyai= link the page was loaded with has been stored, refused or declined.',
    autoStart: true,
    requires: [IHeavyAISessionRequests],
    provides: IHeavyAILinkHandoff,
    activate: () => ({
      linkSettled: early ? early.fragments.linkSettled : Promise.resolve()
    })
  };
}
