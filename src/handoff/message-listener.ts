/**
 * Receives the session from the Immerse page by `postMessage`. Installed at
 * module load, before JupyterLab restores, so a host that posts right after
 * the iframe loads is not lost: messages wait in a queue until the session
 * manager is connected. No JupyterLab imports.
 */
import { isOriginAllowed, type ISiteConfig } from '../site-config';
import {
  MessageType,
  type ISessionPayload,
  type SiteToHostMessage
} from '../wire/payload';
import { validateHostMessage } from '../wire/validate';

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
  data: unknown;
  origin: string;
  source: MessageEventSource;
}

export class MessageHandoff {
  constructor(
    private readonly _window: Window,
    private readonly _config: ISiteConfig
  ) {}

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

  /** Deliver queued and future hand-offs to `sink`. */
  connect(sink: IHandoffSink): void {
    this._sink = sink;
    const queued = this._queue.splice(0);
    for (const message of queued) {
      void this._handle(message);
    }
  }

  dispose(): void {
    this._window.removeEventListener('message', this._onMessage);
  }

  /** The windows allowed to talk to us: the embedding page or the page that opened this tab. */
  private _hostWindows(): Window[] {
    const hosts: Window[] = [];
    if (this._window.parent && this._window.parent !== this._window) {
      hosts.push(this._window.parent);
    }
    if (this._window.opener) {
      hosts.push(this._window.opener as Window);
    }
    return hosts;
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
    const message = {
      data: event.data,
      origin: event.origin,
      source: event.source
    };
    if (!this._sink) {
      this._queue.push(message);
      return;
    }
    void this._handle(message);
  };

  private async _handle({
    data,
    origin,
    source
  }: IQueuedMessage): Promise<void> {
    const reply = (message: SiteToHostMessage) =>
      (source as Window).postMessage(message, origin);
    const type =
      typeof data === 'object' && data !== null
        ? (data as { type?: unknown }).type
        : undefined;
    if (type === MessageType.ping) {
      reply({ type: MessageType.ready });
      return;
    }
    if (typeof type !== 'string' || !type.startsWith('heavyai:')) {
      return; // Not ours: other libraries share the message channel.
    }
    const checked = validateHostMessage(data);
    if (!checked.ok) {
      this._reject(checked.reason, origin, reply);
      return;
    }
    const message = checked.value;
    if (message.type === MessageType.logout) {
      await this._sink!.logout(origin);
      return;
    }
    if (message.type === MessageType.session) {
      const reason = await this._sink!.acceptSession(message, origin).catch(
        (error: unknown) =>
          `The session could not be stored: ${error instanceof Error ? error.message : error}`
      );
      if (reason) {
        this._reject(reason, origin, reply);
      } else {
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
    this._sink!.sessionRejected(reason, origin);
  }

  private _sink: IHandoffSink | undefined;
  private _queue: IQueuedMessage[] = [];
  private _warnedOrigins = new Set<string>();
}
