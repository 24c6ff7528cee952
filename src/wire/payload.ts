/**
 * Wire types shared by the Immerse host page and the JupyterLite site.
 *
 * Kept free of any JupyterLab import so the host SDK and the service worker
 * can use them without pulling in the application.
 */

/** Every `type` value either side may send. */
export const MessageType = {
  session: 'heavyai:session',
  logout: 'heavyai:logout',
  ping: 'heavyai:ping',
  ready: 'heavyai:ready',
  sessionAccepted: 'heavyai:session-accepted',
  sessionRejected: 'heavyai:session-rejected',
  /** The site, opened with `#heavyai-code=`, asks its opener for the session that code stands for. */
  redeem: 'heavyai:redeem',
  /**
   * The site asks its parent or opener for a new session: a server said the one in use is no
   * longer valid. Answered with a normal `heavyai:session`.
   */
  sessionRequest: 'heavyai:session-request'
} as const;

/** Why the site asks for a new session. */
export const SESSION_REQUEST_REASONS = ['expired'] as const;
/** A reason the site may give in `heavyai:session-request`. */
export type SessionRequestReason = (typeof SESSION_REQUEST_REASONS)[number];

/** Only the schemes the HeavyDB connector can speak; anything else is refused. */
export type HeavyProtocol = 'http' | 'https';

/** Where HeavyDB listens, after validation and normalisation. */
export interface IConnection {
  protocol: HeavyProtocol;
  /** Lower-case hostname, dotted IPv4, or bracketed IPv6 such as `[::1]`. */
  host: string;
  port: number;
  database?: string;
}

/** The session hand-off, as it is after validation (unknown keys dropped). */
export interface ISessionPayload {
  session: string;
  connection?: IConnection;
  /** Environment-style values, e.g. `{ HEAVYAI_HOST: 'db.example.com' }`. */
  environment?: Record<string, string>;
  /** SQL the user was looking at in Immerse. */
  query?: string;
}

/** The host hands over a session. */
export interface ISessionMessage extends ISessionPayload {
  type: typeof MessageType.session;
}

/** The host logged out: the site forgets the session. */
export interface ILogoutMessage {
  type: typeof MessageType.logout;
}

/** The host asks whether the site is listening; answered `ready` at once. */
export interface IPingMessage {
  type: typeof MessageType.ping;
}

/** The site is listening: sent when it starts and in answer to a ping. */
export interface IReadyMessage {
  type: typeof MessageType.ready;
}

/** The site stored the session. */
export interface ISessionAcceptedMessage {
  type: typeof MessageType.sessionAccepted;
}

/** The site refused the session, with the reason. */
export interface ISessionRejectedMessage {
  type: typeof MessageType.sessionRejected;
  /** Short plain sentence; never contains the session ID. */
  reason: string;
}

/** The site asks its opener for the session a one-time code stands for. */
export interface IRedeemMessage {
  type: typeof MessageType.redeem;
  /** The one-time code the site found in its URL. */
  code: string;
}

/** The site asks its parent or opener for a new session. */
export interface ISessionRequestMessage {
  type: typeof MessageType.sessionRequest;
  reason: SessionRequestReason;
}

/** Messages the host page sends into the site. */
export type HostToSiteMessage = ISessionMessage | ILogoutMessage | IPingMessage;

/** Replies the site sends back to the host page. */
export type SiteToHostMessage =
  | IReadyMessage
  | ISessionAcceptedMessage
  | ISessionRejectedMessage
  | IRedeemMessage
  | ISessionRequestMessage;

/** Result of every validator in this layer: a value, or a reason fit to show the sender. */
export type Validated<T> =
  { ok: true; value: T } | { ok: false; reason: string };
