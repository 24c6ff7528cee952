/**
 * When a `#heavyai=` link may be taken without asking the user. A link can
 * be followed from any page, so its content proves nothing about its sender:
 * only the pages the browser says it came from (allowed origins, never the
 * site itself) and a server the user already works with make it safe to take
 * silently.
 * No JupyterLab imports.
 */
import { isListedOrigin, type ISiteConfig } from '../site-config';
import type { IConnection } from '../wire/payload';
import { sameServer } from '../wire/server-address';

/**
 * What the browser says about where a link came from. Only the browser's own
 * reports count: a link's content proves nothing about its sender.
 */
export interface ILinkArrival {
  /** The origin of the page that navigated here (`document.referrer`), when the browser tells. */
  referrer: string | undefined;
  /** Whether the document is in a frame. */
  framed: boolean;
  /**
   * In a frame: the origins of the pages it is embedded in, the embedding page first
   * (`location.ancestorOrigins`); empty when the browser does not tell.
   */
  embedders: readonly string[];
}

/** What decides whether a link is taken silently: where it came from and which servers are involved. */
export interface ILinkContext {
  /** What the browser reports about the link's sender. */
  arrival: ILinkArrival;
  config: Pick<ISiteConfig, 'allowedOrigins'>;
  /** The server of the session in use, if any. */
  current: IConnection | undefined;
  /** The server the link names. */
  incoming: IConnection;
}

/**
 * Whether the browser reports the link as sent by allowed pages: the page
 * that navigated here, and in a frame every page it is embedded in. A page
 * framing the embedding page can navigate the inner frame itself; Chromium
 * then reports the embedding page as the referrer when the frame had not yet
 * loaded its first document, so only the whole chain of embedders shows who
 * could have sent it. The site's own origin is not a sender: a notebook's
 * Markdown, the root page's redirect or any page of the site can carry a link
 * from anyone.
 */
export function isTrustedArrival(
  arrival: ILinkArrival,
  config: Pick<ISiteConfig, 'allowedOrigins'>
): boolean {
  const listed = (origin: string | undefined) =>
    origin !== undefined && isListedOrigin(origin, config);
  if (!listed(arrival.referrer)) {
    return false;
  }
  return (
    !arrival.framed ||
    (arrival.embedders.length > 0 && arrival.embedders.every(listed))
  );
}

/** Why the user must confirm the link, or undefined when it may be taken silently. */
export function linkConfirmationReason(
  context: ILinkContext
): 'unknown-sender' | 'other-server' | undefined {
  const { arrival, config, current, incoming } = context;
  if (!isTrustedArrival(arrival, config)) {
    return 'unknown-sender';
  }
  if (current && !sameServer(current, incoming)) {
    return 'other-server';
  }
  return undefined;
}
