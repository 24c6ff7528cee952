/**
 * The hand-off plugins: they start the wiring (handoff-wiring.ts, loaded
 * when they activate) that connects the inputs started at load (handoff/)
 * to the session manager and the user, and provide the requests for a new
 * session and when the load-time link is settled.
 */
import type {
  JupyterFrontEnd,
  JupyterFrontEndPlugin
} from '@jupyterlab/application';
import { ITranslator, nullTranslator } from '@jupyterlab/translation';

import type { IEarlyHandoff } from '../handoff/early';
import { PluginIDs } from '../ids';
import { TRANSLATION_DOMAIN } from '../translate';
import {
  IHeavyAIConfig,
  IHeavyAILinkHandoff,
  IHeavyAISessionManager,
  IHeavyAISessionRequests
} from '../tokens';
import { Signal, type ISignal } from '@lumino/signaling';

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
        this._early?.messages?.sessionArrived();
        clearTimeout(this._timer);
        this._changed.emit();
      }
    });
  }

  get changed(): ISignal<IHeavyAISessionRequests, void> {
    return this._changed;
  }

  get asking(): boolean {
    return this._early?.messages?.asking ?? false;
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
    description: 'Accepts the session Immerse hands over.',
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
      // What stores, asks and tells loads when there is something for it: a link or a mark the
      // page was loaded with, a parent or opener that may send a session, or a link set later.
      // Until it is connected the inputs keep what they received (messages in a bounded queue).
      let loading: Promise<void> | undefined;
      const connect = () =>
        (loading ??= import(
          /* webpackChunkName: "heavyai-handoff" */ './handoff-wiring'
        ).then(
          wiring =>
            wiring.connectHandoff({
              app,
              early,
              manager,
              config,
              requests,
              trans
            }),
          (error: unknown) => {
            console.error('HeavyAI: the hand-off could not load.', error);
            early.dispose();
          }
        ));
      if (
        early.fragments.pending ||
        early.fragments.refusedAtRoot ||
        early.hasHosts
      ) {
        void connect();
      } else {
        void early.fragments.firstLateFragment.then(connect);
      }
      return requests;
    }
  };
}

/**
 * When the load-time link has been dealt with, for the workspace to read the
 * session after it. Activates after the hand-off plugin when that is there.
 */
export function linkHandoffPlugin(
  early: IEarlyHandoff | undefined
): JupyterFrontEndPlugin<IHeavyAILinkHandoff> {
  return {
    id: PluginIDs.linkHandoff,
    description: 'Tells when the #heavyai= link is dealt with.',
    autoStart: true,
    // Optional: without the hand-off plugin no link is taken (the inputs are not started), so
    // the link is settled at once; requiring it would only log a missing provider.
    optional: [IHeavyAISessionRequests],
    provides: IHeavyAILinkHandoff,
    activate: () => ({
      linkSettled: early ? early.fragments.linkSettled : Promise.resolve()
    })
  };
}
