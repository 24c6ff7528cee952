/**
 * The message input: receives the session from the Immerse page by
 * `postMessage`. Installed at module load, before JupyterLab restores, so a
 * host that posts right after the iframe loads is not lost: messages wait in
 * a bounded queue until the session manager is connected. No JupyterLab imports.
 */
import { isOriginAllowed, type ISiteConfig } from '../site-config';
import {
  MessageType,
  type HostToSiteMessage,
  type ISessionPayload,
  type SessionRequestReason,
  type SiteToHostMessage,
  type Validated
} from '../wire/payload';
import { validateHostMessage } from '../wire/validate';
import { BoundedQueue } from './bounded-queue';
import { hostWindows } from './host-windows';
import {
  SessionRequester,
  type SessionRequestDecision
} from './session-request';

/**
 * At most this many hand-off messages wait for JupyterLab to start. A host
 * sends one session (perhaps a logout first); more means a loop. Beyond it the
 * oldest is dropped: a dropped session is answered `heavyai:session-rejected`
 * at once and the user is told when the site has started.
 */
export const MAX_PENDING_MESSAGES = 16;

/** The reason a dropped session message is answered with (host-facing, not translated). */
export const DROPPED_REASON =
  `more than ${MAX_PENDING_MESSAGES} hand-off messages arrived before the site had started; ` +
  'this one was dropped. Send the session again.';

/** Where accepted hand-offs go; implemented by the plugin wiring. */
export interface IHandoffSink {
  /** Store the session; resolve with a reason to reject it instead. */
  acceptSession(
    payload: ISessionPayload,
    senderOrigin: string
  ): Promise<string | undefined>;
  logout(senderOrigin: string): Promise<void>;
  /** A payload from an allowed origin was refused: tell the user. */
  sessionRejected(reason: string, senderOrigin: string): void;
}

interface IQueuedMessage {
  /** The `type` it came with (valid or not): a dropped session must be answered either way. */
  type: string;
  /** Validated when it arrived, so the queue holds at most a valid payload's size per message. */
  checked: Validated<HostToSiteMessage>;
  origin: string;
  source: MessageEventSource;
}

/**
 * Receives `postMessage` hand-offs from the parent or opener window, queues them until `connect`,
 * and answers each with accepted or rejected.
 */
export class MessageHandoff {
  constructor(
    private readonly _window: Window,
    private readonly _config: ISiteConfig
  ) {}

  /** How many queued messages were dropped because the queue was full. */
  get droppedCount(): number {
    return this._queue.dropped;
  }

  /**
   * Whether a parent or opener window is there to send or be asked for a session: a page opened
   * on its own (no frame, no opener) never receives a hand-off message.
   */
  get hasHosts(): boolean {
    return this._hostWindows().length > 0;
  }

  /** How many messages wait for `connect`. */
  get pendingCount(): number {
    return this._queue.length;
  }

  /**
   * Start listening and announce readiness to the parent or opener. With the
   * one-time `code` this page was opened with, also ask them for the session
   * it stands for (the SDK that minted it answers with `heavyai:session`).
   */
  install(code?: string): void {
    this._window.addEventListener('message', this._onMessage);
    this._announceReady();
    if (code !== undefined) {
      this._postToHosts({ type: MessageType.redeem, code });
    }
  }

  /**
   * A server said the session in use is no longer valid: ask the parent or opener for a new
   * one, at the allowed origins only, at most one request outstanding (see session-request.ts).
   * Undefined when there is no parent or opener to ask.
   */
  requestSession(
    reason: SessionRequestReason
  ): SessionRequestDecision | undefined {
    if (this._disposed || this._hostWindows().length === 0) {
      return undefined;
    }
    return this._requester.request(reason);
  }

  /** Whether a session request is out, unanswered and not yet timed out. */
  get asking(): boolean {
    return this._requester.outstanding;
  }

  /** How long a session request waits for its answer. */
  get answerTimeoutMs(): number {
    return this._requester.answerTimeoutMs;
  }

  /** A session arrived by any route: an outstanding request is answered. */
  sessionArrived(): void {
    this._requester.sessionArrived();
  }

  /** Deliver queued and future hand-offs to `sink`. */
  connect(sink: IHandoffSink): void {
    if (this._disposed) {
      return;
    }
    this._sink = sink;
    // Each dropped session counts as a rejected one (the notice counts them).
    for (const [origin, count] of this._droppedSessions) {
      for (let n = 0; n < count; n++) {
        sink.sessionRejected(DROPPED_REASON, origin);
      }
    }
    this._droppedSessions.clear();
    for (const message of this._queue.drain()) {
      void this._handle(message);
    }
  }

  /** Stop listening and forget every message that waits. */
  dispose(): void {
    this._disposed = true;
    this._window.removeEventListener('message', this._onMessage);
    this._queue.drain();
    this._droppedSessions.clear();
    this._sink = undefined;
  }

  /** The windows allowed to talk to us: the embedding page or the page that opened this tab. */
  private _hostWindows(): Window[] {
    return hostWindows(this._window);
  }

  /**
   * The origins `ready` may go to. The embedding page's origin is known from
   * `ancestorOrigins` (Chromium, Safari) or the referrer; only when neither
   * tells, every allowed origin is addressed (the browser delivers to the one
   * that matches and warns about the others).
   */
  private _readyOrigins(): string[] {
    const own = this._window.location.origin;
    const allowed = (origin: string) =>
      isOriginAllowed(origin, this._config, own);
    const ancestor = this._window.location.ancestorOrigins?.[0];
    let referrer: string | undefined;
    try {
      referrer = this._window.document.referrer
        ? new URL(this._window.document.referrer).origin
        : undefined;
    } catch {
      referrer = undefined;
    }
    const known = ancestor ?? referrer;
    if (known) {
      return allowed(known) ? [known] : [];
    }
    return [own, ...this._config.allowedOrigins];
  }

  private _announceReady(): void {
    this._postToHosts({ type: MessageType.ready });
  }

  private _postToHosts(message: SiteToHostMessage): void {
    const origins = this._readyOrigins();
    for (const host of this._hostWindows()) {
      for (const origin of origins) {
        try {
          host.postMessage(message, origin);
        } catch {
          // A closed opener throws; nothing to announce to.
        }
      }
    }
  }

  /**
   * Take a message as if it had just arrived: one the page held for this input while its code
   * was loading (see early.ts).
   */
  receive(event: MessageEvent): void {
    this._onMessage(event);
  }

  private _onMessage = (event: MessageEvent): void => {
    if (
      !event.source ||
      !this._hostWindows().includes(event.source as Window)
    ) {
      return;
    }
    if (
      !isOriginAllowed(event.origin, this._config, this._window.location.origin)
    ) {
      if (!this._warnedOrigins.has(event.origin)) {
        this._warnedOrigins.add(event.origin);
        console.warn(
          `HeavyAI: ignored a message from ${event.origin}, which is not in heavyai.allowedOrigins.`
        );
      }
      return;
    }
    const data: unknown = event.data;
    const type =
      typeof data === 'object' && data !== null
        ? (data as { type?: unknown }).type
        : undefined;
    if (type === MessageType.ping) {
      // Needs no session manager: answered at once, never queued.
      replyTo(event.source, event.origin, { type: MessageType.ready });
      return;
    }
    if (typeof type !== 'string' || !type.startsWith('heavyai:')) {
      return; // Not ours: other libraries share the message channel.
    }
    const message: IQueuedMessage = {
      type,
      checked: validateHostMessage(data),
      origin: event.origin,
      source: event.source
    };
    if (!this._sink) {
      this._queue.push(message);
      return;
    }
    void this._handle(message);
  };

  /** A queued message made room for a newer one: a session is answered now, and counted for the user. */
  private _onDropped = ({ type, origin, source }: IQueuedMessage): void => {
    if (type === MessageType.session) {
      replyTo(source, origin, {
        type: MessageType.sessionRejected,
        reason: DROPPED_REASON
      });
      this._droppedSessions.set(
        origin,
        (this._droppedSessions.get(origin) ?? 0) + 1
      );
    }
  };

  private async _handle({
    checked,
    origin,
    source
  }: IQueuedMessage): Promise<void> {
    const reply = (message: SiteToHostMessage) =>
      replyTo(source, origin, message);
    if (!checked.ok) {
      this._reject(checked.reason, origin, reply);
      return;
    }
    const message = checked.value;
    const sink = this._sink;
    if (!sink) {
      return; // Disposed while this message was handled.
    }
    if (message.type === MessageType.ping) {
      reply({ type: MessageType.ready });
      return;
    }
    if (message.type === MessageType.logout) {
      await sink.logout(origin);
      return;
    }
    if (message.type === MessageType.session) {
      const reason = await sink
        .acceptSession(message, origin)
        .catch(
          (error: unknown) =>
            `The session could not be stored: ${error instanceof Error ? error.message : error}`
        );
      if (reason) {
        this._reject(reason, origin, reply);
      } else {
        this._requester.sessionArrived();
        reply({ type: MessageType.sessionAccepted });
      }
    }
  }

  private _reject(
    reason: string,
    origin: string,
    reply: (message: SiteToHostMessage) => void
  ): void {
    reply({ type: MessageType.sessionRejected, reason });
    this._sink?.sessionRejected(reason, origin);
  }

  private _sink: IHandoffSink | undefined;
  private _disposed = false;
  private _requester = new SessionRequester(reason =>
    this._postToHosts({ type: MessageType.sessionRequest, reason })
  );
  private _queue = new BoundedQueue<IQueuedMessage>(
    MAX_PENDING_MESSAGES,
    this._onDropped
  );
  /** Origin → sessions dropped from the queue, told to the user when the sink connects. */
  private _droppedSessions = new Map<string, number>();
  private _warnedOrigins = new Set<string>();
}

function replyTo(
  source: MessageEventSource,
  origin: string,
  message: SiteToHostMessage
): void {
  try {
    (source as Window).postMessage(message, origin);
  } catch {
    // The sender went away (a closed tab): nobody to answer.
  }
}
