/**
 * When a `#heavyai=` link may be taken without asking the user. A link can
 * be followed from any page, so its content proves nothing about its sender:
 * only the page the browser says it came from (an allowed origin) and a
 * server the user already works with make it safe to take silently.
 * No JupyterLab imports.
 */
import { isOriginAllowed, type ISiteConfig } from '../site-config';
import type { IConnection } from '../wire/payload';
import { sameServer } from '../wire/server-address';

/**
 * What decides whether a link is taken silently: where it came from and which servers are involved.
 */
export interface ILinkContext {
  /** The page the link was followed from, when the browser tells. */
  arrivedFrom: string | undefined;
  config: Pick<ISiteConfig, 'allowedOrigins'>;
  /** The site's own origin (always allowed). */
  pageOrigin: string;
  /** The server of the session in use, if any. */
  current: IConnection | undefined;
  /** The server the link names. */
  incoming: IConnection;
}

/** Why the user must confirm the link, or undefined when it may be taken silently. */
export function linkConfirmationReason(
  context: ILinkContext
): 'unknown-sender' | 'other-server' | undefined {
  const { arrivedFrom, config, pageOrigin, current, incoming } = context;
  if (
    arrivedFrom === undefined ||
    !isOriginAllowed(arrivedFrom, config, pageOrigin)
  ) {
    return 'unknown-sender';
  }
  if (current && !sameServer(current, incoming)) {
    return 'other-server';
  }
  return undefined;
}
