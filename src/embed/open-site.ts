/**
 * New-tab hand-offs that put no session in any URL, for the Immerse page.
 *
 * - `openSite` opens the site with `window.open` (keeping the opener), waits
 *   for the site's `heavyai:ready` from that window and posts the session to
 *   the site's exact origin. The URL holds only `?heavyai&reset`.
 * - `createHandoffLink` is for a plain link (`<a target="_blank" rel="opener">`):
 *   the URL carries `#heavyai-code=<random>`, a one-time code that stands for
 *   the session only inside this page. The site sends the code back to its
 *   opener; this page answers once, within the time limit, with the session,
 *   posted to the site's exact origin only.
 * No JupyterLab imports.
 */
import {
  buildCodeUrl,
  handoffLabUrl,
  type IHandoffUrlOptions
} from '../wire/fragment';
import { base64UrlEncodeBytes } from '../wire/base64url';
import {
  MessageType,
  type ISessionPayload,
  type SessionRequestReason
} from '../wire/payload';
import { validateSessionPayload, validateSiteMessage } from '../wire/validate';
import {
  connect,
  DEFAULT_TIMEOUT_MS,
  SiteRejectedError,
  type SessionRequestHandler,
  type IHeavyAISiteConnection,
  type IMessageListenerTarget,
  type IMessageTargetWindow
} from './connect';

/** What `openSite` needs: how to open the window and how long to wait for it. */
export interface IOpenSiteOptions extends IHandoffUrlOptions {
  /** The `window.open` target (default `_blank`). Never pass `noopener`: the site must see its opener. */
  target?: string;
  /** How long to wait for the site's `ready` and for its answer (default 15 s each). */
  timeoutMs?: number;
  /** What opens the window and receives replies; defaults to this page's window. */
  opener?: {
    open(url: string, target: string): IMessageTargetWindow | null;
  } & IMessageListenerTarget;
  /** Answers the site's later requests for a new session (see `connect`). */
  onSessionRequest?: SessionRequestHandler;
}

/** The site's verdict on a handed-over session: accepted, or refused with its plain reason. */
export type HandoffOutcome =
  { accepted: true } | { accepted: false; reason: string };

/** What `openSite` resolves with once the site answered. */
export interface IOpenedSite {
  /** The site's window. */
  window: IMessageTargetWindow;
  /** Whether the site accepted the session, with its reason when not. */
  outcome: HandoffOutcome;
  /** Still connected: later `sendSession`/`logout` go to the same window. Dispose it when done. */
  connection: IHeavyAISiteConnection;
}

function siteOrigin(siteLabUrl: string | URL): string {
  return new URL(String(siteLabUrl)).origin;
}

/**
 * Open the site in a new window and hand it the session by message. Call it
 * from the click handler itself (popup blockers allow `window.open` only
 * there): the window is opened before the first `await`. Rejects when the
 * payload is invalid (nothing is opened), the popup is blocked, or the site
 * does not answer in time; resolves with the site's verdict otherwise.
 */
export function openSite(
  siteLabUrl: string | URL,
  payload: ISessionPayload,
  options: IOpenSiteOptions = {}
): Promise<IOpenedSite> {
  const checked = validateSessionPayload(payload);
  if (!checked.ok) {
    return Promise.reject(new Error(checked.reason));
  }
  let url: string;
  try {
    url = handoffLabUrl(siteLabUrl, options);
  } catch (error) {
    return Promise.reject(error);
  }
  const opener =
    options.opener ??
    (globalThis as unknown as NonNullable<IOpenSiteOptions['opener']>);
  const opened = opener.open(url, options.target ?? '_blank');
  if (!opened) {
    return Promise.reject(
      new Error(
        'The browser blocked the new window; call openSite from a click handler.'
      )
    );
  }
  const connection = connect({
    window: opened,
    origin: siteOrigin(siteLabUrl),
    timeoutMs: options.timeoutMs,
    listenOn: opener,
    onSessionRequest: options.onSessionRequest
  });
  return connection.sendSession(checked.value).then(
    () => ({
      window: opened,
      outcome: { accepted: true } as const,
      connection
    }),
    (error: unknown) => {
      if (error instanceof SiteRejectedError) {
        return {
          window: opened,
          outcome: { accepted: false, reason: error.message } as const,
          connection
        };
      }
      connection.dispose();
      throw error;
    }
  );
}

/** What `createHandoffLink` needs: how long the code lives and where replies arrive. */
export interface IHandoffLinkOptions extends IHandoffUrlOptions {
  /** How long the code can be redeemed (default 60 s). */
  ttlMs?: number;
  /** Where the site's messages arrive; defaults to this page's window. */
  listenOn?: IMessageListenerTarget;
  /** Source of randomness (default `crypto.getRandomValues`). */
  randomBytes?: (length: number) => Uint8Array;
  /**
   * Answers the requests for a new session of the window that redeemed the code (see
   * `connect`); with it, this page keeps listening to that window until `dispose()`.
   */
  onSessionRequest?: SessionRequestHandler;
}

/**
 * A link carrying a one-time code instead of the session, and the site's verdict once a window
 * redeemed it.
 */
export interface IHandoffLink {
  /** The URL for the link: `…?heavyai&reset#heavyai-code=<code>`, no session in it. */
  readonly url: string;
  /** Settles with the site's verdict once a site window redeemed the code; rejects when the code expires unused. */
  readonly outcome: Promise<HandoffOutcome>;
  /** Forget the code at once. */
  dispose(): void;
}

/**
 * How long, in ms, a one-time code can be redeemed: long enough to open a tab, short enough that a
 * leaked URL is soon worthless.
 */
export const DEFAULT_CODE_TTL_MS = 60_000;

function defaultRandomBytes(length: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}

/**
 * Mint a one-time code for `payload` and return the link that carries it.
 * The code is worth nothing outside this page: only a window at the site's
 * exact origin that sends it back to this page gets the session, once,
 * before `ttlMs`; the session is posted to that origin only.
 */
export function createHandoffLink(
  siteLabUrl: string | URL,
  payload: ISessionPayload,
  options: IHandoffLinkOptions = {}
): IHandoffLink {
  const checked = validateSessionPayload(payload);
  if (!checked.ok) {
    throw new Error(checked.reason);
  }
  const origin = siteOrigin(siteLabUrl);
  const code = base64UrlEncodeBytes(
    (options.randomBytes ?? defaultRandomBytes)(32)
  );
  const url = buildCodeUrl(siteLabUrl, code, options);
  const listenOn =
    options.listenOn ?? (globalThis as unknown as IMessageListenerTarget);
  let redeemedBy: IMessageTargetWindow | undefined;
  let live = true;
  let settle: (outcome: HandoffOutcome) => void = () => undefined;
  let fail: (error: Error) => void = () => undefined;
  const outcome = new Promise<HandoffOutcome>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  outcome.catch(() => undefined); // callers who ignore it should not see an unhandled rejection

  let listening = true;
  const stopListening = (): void => {
    if (listening) {
      listening = false;
      listenOn.removeEventListener('message', onMessage);
    }
  };
  const stop = (): void => {
    live = false;
    clearTimeout(timer);
    // A redeemed link with onSessionRequest keeps answering that window until disposed.
    if (!(redeemedBy && options.onSessionRequest)) {
      stopListening();
    }
  };
  let answering = false;
  const answerSessionRequest = (
    site: IMessageTargetWindow,
    reason: SessionRequestReason
  ): void => {
    const handler = options.onSessionRequest;
    if (!handler || answering) {
      return;
    }
    answering = true;
    void Promise.resolve()
      .then(() => handler(reason))
      .then(next => {
        if (!next || !listening) {
          return;
        }
        const valid = validateSessionPayload(next);
        if (!valid.ok) {
          throw new Error(valid.reason);
        }
        site.postMessage({ type: MessageType.session, ...valid.value }, origin);
      })
      .catch((error: unknown) =>
        console.warn(
          `HeavyAI: the answer to the site's session request failed: ${error instanceof Error ? error.message : String(error)}`
        )
      )
      .finally(() => {
        answering = false;
      });
  };
  const onMessage = (event: Event): void => {
    const { origin: sender, source, data } = event as MessageEvent;
    if (sender !== origin || !source) {
      return;
    }
    const message = validateSiteMessage(data);
    if (!message.ok) {
      return;
    }
    const value = message.value;
    if (
      value.type === MessageType.redeem &&
      value.code === code &&
      live &&
      !redeemedBy
    ) {
      redeemedBy = source as IMessageTargetWindow;
      // Redeemed in time: the code is spent; now wait for the verdict.
      clearTimeout(timer);
      timer = setTimeout(() => {
        stop();
        fail(
          new Error(
            `The HeavyAI site at ${origin} did not answer the hand-off.`
          )
        );
      }, DEFAULT_TIMEOUT_MS);
      redeemedBy.postMessage(
        { type: MessageType.session, ...checked.value },
        origin
      );
    } else if (
      source === redeemedBy &&
      value.type === MessageType.sessionRequest
    ) {
      answerSessionRequest(redeemedBy, value.reason);
    } else if (!live || source !== redeemedBy) {
      return; // Verdicts count once, from the window that redeemed the code.
    } else if (
      source === redeemedBy &&
      value.type === MessageType.sessionAccepted
    ) {
      stop();
      settle({ accepted: true });
    } else if (
      source === redeemedBy &&
      value.type === MessageType.sessionRejected
    ) {
      stop();
      settle({ accepted: false, reason: value.reason });
    }
  };
  listenOn.addEventListener('message', onMessage);
  let timer = setTimeout(() => {
    stop();
    fail(
      new Error(
        'The HeavyAI hand-off link expired before the site asked for the session.'
      )
    );
  }, options.ttlMs ?? DEFAULT_CODE_TTL_MS);

  return {
    url,
    outcome,
    dispose() {
      if (live) {
        stop();
        fail(new Error('The HeavyAI hand-off link was disposed.'));
      }
      stopListening();
    }
  };
}
