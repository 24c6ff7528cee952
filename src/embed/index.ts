/**
 * Entry point of the host SDK that an Immerse page loads to hand a session
 * to the JupyterLite site. It depends on the contract layer only, so it can
 * be emitted as a small standalone ES module.
 */
export {
  connect,
  DEFAULT_PING_INTERVAL_MS,
  DEFAULT_TIMEOUT_MS,
  SiteRejectedError
} from './connect';
export { createHandoffLink, DEFAULT_CODE_TTL_MS, openSite } from './open-site';
export type { HandoffLink, HandoffLinkOptions, HandoffOutcome, OpenedSite, OpenSiteOptions } from './open-site';
export type {
  ConnectOptions,
  HeavyAISiteConnection,
  MessageListenerTarget,
  MessageTargetWindow
} from './connect';
export { buildHandoffUrl } from '../contract/fragment';
export type { HandoffUrlOptions } from '../contract/fragment';
export { validateSessionPayload } from '../contract/validate';
export { MessageType } from '../contract/payload';
export type { Connection, SessionPayload } from '../contract/payload';
