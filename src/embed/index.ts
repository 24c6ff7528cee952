/**
 * Entry point of the host SDK that an Immerse page loads to hand a session
 * to the JupyterLite site. It depends on the wire modules (src/wire/) only, so it can
 * be emitted as a small standalone ES module.
 */
export {
  connect,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_TIMEOUT_MS,
  SiteRejectedError
} from './connect';
export { createHandoffLink, DEFAULT_CODE_TTL_MS, openSite } from './open-site';
export type {
  IHandoffLink,
  IHandoffLinkOptions,
  HandoffOutcome,
  IOpenedSite,
  IOpenSiteOptions
} from './open-site';
export type {
  IConnectOptions,
  IHeavyAISiteConnection,
  IMessageListenerTarget,
  IMessageTargetWindow,
  SessionRequestHandler
} from './connect';
export { buildHandoffUrl } from '../wire/fragment';
export type { IHandoffUrlOptions } from '../wire/fragment';
export { validateSessionPayload } from '../wire/validate';
export { MessageType } from '../wire/payload';
export type {
  IConnection,
  ISessionPayload,
  SessionRequestReason
} from '../wire/payload';
