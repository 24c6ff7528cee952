/**
 * Host-side half of the hand-off, for the Immerse page. It talks to a
 * JupyterLite site in an iframe or a window it opened, using only
 * `postMessage` with an exact target origin, and believes replies only from
 * that window and that origin.
 */
// Individual modules rather than the barrel keep the standalone bundle small.
import {
  MessageType,
  ISessionPayload,
  SessionRequestReason
} from '../wire/payload';
import { normalizeOrigin } from '../wire/origin';
import { validateSessionPayload, validateSiteMessage } from '../wire/validate';

/** What we need from a window we post to: a real Window satisfies it. */
export interface IMessageTargetWindow {
  postMessage(message: unknown, targetOrigin: string): void;
}

/** What we need from the object replies are dispatched on: a real Window satisfies it. */
export interface IMessageListenerTarget {
  addEventListener(type: 'message', listener: (event: Event) => void): void;
  removeEventListener(type: 'message', listener: (event: Event) => void): void;
}

/** Where the site is and how long to wait for it; `frame` or `window` names the target. */
export interface IConnectOptions {
  /** The iframe showing the site; its current `contentWindow` is used each time. */
  frame?: { readonly contentWindow: IMessageTargetWindow | null };
  /** A window showing the site, e.g. what `window.open` returned. */
  window?: IMessageTargetWindow;
  /** The site's exact origin, e.g. `https://notebooks.example.com`. `*` is refused. */
  origin: string;
  /** How long to wait for `ready` and for each reply (default 15 s). */
  timeoutMs?: number;
  /** How often to ping until the site is ready (default 250 ms). */
  pingIntervalMs?: number;
  /** Where replies are dispatched; defaults to this page's window. */
  listenOn?: IMessageListenerTarget;
  /**
   * Called when the site asks for a new session (`heavyai:session-request`: a server said the
   * session in use is no longer valid). Return the new payload (or a promise of it) and it is
   * sent as a normal `heavyai:session`, validated the same way; return undefined to send
   * nothing. Without it, requests are ignored.
   */
  onSessionRequest?: SessionRequestHandler;
}

/** Answers the site's request for a new session; see `IConnectOptions.onSessionRequest`. */
export type SessionRequestHandler = (
  reason: SessionRequestReason
) => ISessionPayload | undefined | Promise<ISessionPayload | undefined>;

/**
 * A live link to one site window: send it sessions or a logout, in order, and dispose it when done.
 */
export interface IHeavyAISiteConnection {
  /** Resolves once the site said `heavyai:ready`; rejects after the timeout. */
  readonly ready: Promise<void>;
  /**
   * Validate locally, then hand the session to the site. Resolves when the
   * site accepted it; rejects with the site's reason, a local validation
   * reason, or a timeout. Calls are sent one at a time, in order.
   */
  sendSession(payload: ISessionPayload): Promise<void>;
  /** Ask the site to forget the session. Resolves once the message is posted. */
  logout(): Promise<void>;
  /** Stop listening and pinging; pending promises reject. */
  dispose(): void;
}

/** The site answered `heavyai:session-rejected`; `message` is its reason (`name` stays 'Error'). */
export class SiteRejectedError extends Error {}

/** How long `connect` waits for `ready` and for each reply, in ms. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/**
 * How often, in ms, `connect` pings until the site answers `ready`: a site that loads after the
 * first ping still hears one.
 */
export const DEFAULT_PING_INTERVAL_MS = 250;

/**
 * Whether the window still shows the blank document a new iframe starts
 * with. It has the host page's origin, so a message addressed to the site
 * would only make the browser log a target-origin warning. Reading its
 * location throws once the site (another origin) has loaded.
 */
function stillBlank(target: IMessageTargetWindow): boolean {
  try {
    return (
      (target as { location?: { href?: string } }).location?.href ===
      'about:blank'
    );
  } catch {
    return false;
  }
}

/**
 * Start pinging the site and listening for its replies from that window and origin only; throws at
 * once for a bad or `*` origin, or unless exactly one of `frame` and `window` is given.
 */
export function connect(options: IConnectOptions): IHeavyAISiteConnection {
  const origin = checkedOrigin(options.origin);
  const targetWindow = targetWindowOf(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pingIntervalMs = options.pingIntervalMs ?? DEFAULT_PING_INTERVAL_MS;
  const listenOn =
    options.listenOn ?? (globalThis as unknown as IMessageListenerTarget);

  let disposed = false;
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let settleReady: ((error?: Error) => void) | undefined;
  let pendingReply:
    | ((
        reply: { accepted: true } | { accepted: false; reason: string }
      ) => void)
    | undefined;
  let failPendingReply: ((error: Error) => void) | undefined;
  /** Serialises sends: the protocol has no request ids, so one reply maps to one request. */
  let queue: Promise<unknown> = Promise.resolve();

  const post = (message: unknown): boolean => {
    const target = targetWindow();
    if (!target || stillBlank(target)) {
      return false; // iframe not attached or not navigated yet; the next ping will try again
    }
    try {
      target.postMessage(message, origin);
      return true;
    } catch {
      return false;
    }
  };

  const onMessage = (event: Event): void => {
    const { origin: senderOrigin, source, data } = event as MessageEvent;
    const target = targetWindow();
    if (!target || source !== target || senderOrigin !== origin) {
      return;
    }
    const message = validateSiteMessage(data);
    if (!message.ok) {
      return;
    }
    switch (message.value.type) {
      case MessageType.ready:
        settleReady?.();
        break;
      case MessageType.sessionAccepted:
        pendingReply?.({ accepted: true });
        break;
      case MessageType.sessionRejected:
        pendingReply?.({ accepted: false, reason: message.value.reason });
        break;
      case MessageType.sessionRequest:
        answerSessionRequest(message.value.reason);
        break;
    }
  };

  /** One answer at a time: the site asks again if it still needs one. */
  let answering = false;
  const answerSessionRequest = (reason: SessionRequestReason): void => {
    const handler = options.onSessionRequest;
    if (!handler || answering || disposed) {
      return;
    }
    answering = true;
    void Promise.resolve()
      .then(() => handler(reason))
      .then(payload => (payload ? connection.sendSession(payload) : undefined))
      .catch((error: unknown) =>
        console.warn(
          `HeavyAI: the answer to the site's session request failed: ${error instanceof Error ? error.message : String(error)}`
        )
      )
      .finally(() => {
        answering = false;
      });
  };
  listenOn.addEventListener('message', onMessage);

  const ready = new Promise<void>((resolve, reject) => {
    settleReady = error => {
      settleReady = undefined;
      clearInterval(pingTimer);
      clearTimeout(readyTimer);
      if (error) {
        reject(error);
      } else {
        resolve();
      }
    };
    readyTimer = setTimeout(() => {
      settleReady?.(
        new Error(
          `The HeavyAI site at ${origin} did not report ready within ${timeoutMs} ms; ` +
            'check that it is loaded and that this page is in its heavyai.allowedOrigins.'
        )
      );
    }, timeoutMs);
    pingTimer = setInterval(
      () => post({ type: MessageType.ping }),
      pingIntervalMs
    );
    post({ type: MessageType.ping });
  });
  // Callers who never await `ready` should not see an unhandled rejection.
  ready.catch(() => undefined);

  const enqueue = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };

  const ensureUsable = (): void => {
    if (disposed) {
      throw new Error('This HeavyAI site connection was disposed.');
    }
  };

  const awaitReply = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `The HeavyAI site at ${origin} did not answer within ${timeoutMs} ms.`
          )
        );
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        pendingReply = undefined;
        failPendingReply = undefined;
      };
      pendingReply = reply => {
        finish();
        if (reply.accepted) {
          resolve();
        } else {
          reject(new SiteRejectedError(reply.reason));
        }
      };
      failPendingReply = error => {
        finish();
        reject(error);
      };
    });

  const connection: IHeavyAISiteConnection = {
    ready,

    sendSession(payload: ISessionPayload): Promise<void> {
      // Checked before queueing so a bad payload fails at once with its reason.
      const checked = validateSessionPayload(payload);
      if (!checked.ok) {
        return Promise.reject(new Error(checked.reason));
      }
      return enqueue(async () => {
        ensureUsable();
        await ready;
        ensureUsable();
        const reply = awaitReply();
        if (!post({ type: MessageType.session, ...checked.value })) {
          failPendingReply?.(
            new Error(
              `Could not post the session to the HeavyAI site at ${origin}.`
            )
          );
        }
        return reply;
      });
    },

    logout(): Promise<void> {
      return enqueue(async () => {
        ensureUsable();
        await ready;
        ensureUsable();
        if (!post({ type: MessageType.logout })) {
          throw new Error(
            `Could not post the logout to the HeavyAI site at ${origin}.`
          );
        }
      });
    },

    dispose(): void {
      if (disposed) {
        return;
      }
      disposed = true;
      listenOn.removeEventListener('message', onMessage);
      const error = new Error('This HeavyAI site connection was disposed.');
      settleReady?.(error);
      failPendingReply?.(error);
    }
  };
  return connection;
}

function checkedOrigin(origin: string): string {
  if (origin === '*') {
    throw new Error(
      "origin must be the site's exact origin; '*' would send the session to any page."
    );
  }
  const normalized = normalizeOrigin(origin);
  if (!normalized.ok) {
    throw new Error(normalized.reason);
  }
  return normalized.value;
}

function targetWindowOf(
  options: IConnectOptions
): () => IMessageTargetWindow | null {
  const { frame, window: target } = options;
  if (frame && target) {
    throw new Error('Pass either frame or window, not both.');
  }
  if (frame) {
    return () => frame.contentWindow;
  }
  if (target) {
    return () => target;
  }
  throw new Error(
    'connect() needs the frame or the window that shows the HeavyAI site.'
  );
}
