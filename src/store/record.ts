/**
 * The stored session record and the JSON served at `GET {baseUrl}heavyai/session`,
 * in the shape the jupyterlab-heavyai server extension's endpoint has, so
 * notebook code written against that endpoint keeps working.
 */
import { IConnection, ISessionPayload, Validated } from '../wire/payload';
import {
  DEFAULT_ENVIRONMENT_NAMES,
  ISiteConfig,
  LEGACY_ENVIRONMENT_NAMES
} from '../site-config';
import {
  connectionOf,
  parseHost,
  parsePort,
  parseProtocol
} from '../wire/connection-fields';

/** The one record the session store keeps. */
export interface ISessionRecord {
  session: string;
  connection: IConnection;
  /** Environment values handed over by the host (may be empty). */
  environment: Record<string, string>;
  /** Initial SQL, or '' when none. */
  query: string;
  /** When the site accepted the hand-off, ms since the epoch. */
  receivedAt: number;
  /**
   * Origin of the page that sent it: the message's origin, or for a link the
   * page it was followed from; '' when the browser did not tell.
   */
  senderOrigin: string;
  /**
   * How it arrived: a message from an allowed origin, a link taken silently
   * (allowed sender, same server), or a link the user confirmed in a dialog.
   * Absent in records stored before this field existed.
   */
  via?: HandoffChannel;
}

/**
 * How a hand-off reached the site, shown in the session status so the user knows how far the sender
 * was checked.
 */
export type HandoffChannel = 'message' | 'link' | 'confirmed-link';

/**
 * The endpoint body. Every value is a string and `port` is a string too:
 * the jupyterlab-heavyai endpoint served raw environment-variable values,
 * and clients written against it expect strings.
 */
export interface IEndpointBody {
  session: string;
  connection: { protocol: string; host: string; port: string };
  /** The *names* of the variables, so generated code can read them at run time. */
  environment: { protocol: string; host: string; port: string };
  query: string;
}

/**
 * Build the endpoint body. With no record every value is an empty string
 * except the variable names, which are configuration rather than session data.
 */
export function endpointBody(
  record: ISessionRecord | undefined,
  config: Pick<ISiteConfig, 'sessionManager'>
): IEndpointBody {
  const environment = {
    protocol: config.sessionManager.protocol,
    host: config.sessionManager.host,
    port: config.sessionManager.port
  };
  if (!record) {
    return {
      session: '',
      connection: { protocol: '', host: '', port: '' },
      environment,
      query: ''
    };
  }
  return {
    session: record.session,
    connection: {
      protocol: record.connection.protocol,
      host: record.connection.host,
      port: String(record.connection.port)
    },
    environment,
    query: record.query
  };
}

/**
 * Turn a validated payload into the record to store, resolving the
 * connection field by field in this order:
 *   1. the payload's `connection`;
 *   2. the payload's `environment` under the configured names, then the
 *      legacy `OMNISCI_*` names;
 *   3. the site's configured default `connection`;
 *   4. the page's own origin (port 80/443 when the URL has none).
 * A host taken from the environment without a port gets 80/443 by protocol.
 * Values found in the environment are validated like any other connection
 * field, so a `javascript` protocol cannot slip in that way.
 */
export function recordFromPayload(
  payload: ISessionPayload,
  senderOrigin: string,
  now: number,
  config: Pick<ISiteConfig, 'sessionManager' | 'connection'>,
  pageOrigin: string,
  via?: HandoffChannel
): Validated<ISessionRecord> {
  const connection = resolveConnection(payload, config, pageOrigin);
  if (!connection.ok) {
    return connection;
  }
  return {
    ok: true,
    value: {
      session: payload.session,
      connection: connection.value,
      environment: { ...(payload.environment ?? {}) },
      query: payload.query ?? '',
      receivedAt: now,
      senderOrigin,
      ...(via ? { via } : {})
    }
  };
}

function resolveConnection(
  payload: ISessionPayload,
  config: Pick<ISiteConfig, 'sessionManager' | 'connection'>,
  pageOrigin: string
): Validated<IConnection> {
  if (payload.connection) {
    return { ok: true, value: { ...payload.connection } };
  }
  const page = connectionFromOrigin(pageOrigin);
  const fallback = config.connection ?? page;
  const environment = payload.environment ?? {};
  const names = config.sessionManager ?? DEFAULT_ENVIRONMENT_NAMES;

  const protocolSource = lookup(
    environment,
    names.protocol,
    LEGACY_ENVIRONMENT_NAMES.protocol
  );
  const hostSource = lookup(
    environment,
    names.host,
    LEGACY_ENVIRONMENT_NAMES.host
  );
  const portSource = lookup(
    environment,
    names.port,
    LEGACY_ENVIRONMENT_NAMES.port
  );

  const protocol = protocolSource
    ? parseProtocol(protocolSource.value, `environment.${protocolSource.name}`)
    : fromFallback(fallback?.protocol);
  if (!protocol.ok) {
    return protocol;
  }
  const host = hostSource
    ? parseHost(hostSource.value, `environment.${hostSource.name}`)
    : fromFallback(fallback?.host);
  if (!host.ok) {
    return host;
  }
  // A port belongs to its host: when the host came from the environment, the
  // fallback's port (the site's, say) says nothing about it.
  let port: Validated<number>;
  if (portSource) {
    port = parsePort(portSource.value, `environment.${portSource.name}`);
  } else if (fallback && !hostSource) {
    port = { ok: true, value: fallback.port };
  } else {
    port = { ok: true, value: protocol.value === 'https' ? 443 : 80 };
  }
  if (!port.ok) {
    return port;
  }
  return {
    ok: true,
    value: connectionOf(
      protocol.value,
      host.value,
      port.value,
      config.connection?.database
    )
  };
}

function fromFallback<T>(value: T | undefined): Validated<T> {
  return value === undefined
    ? {
        ok: false,
        reason:
          'no HeavyDB connection was given and none could be derived from the page'
      }
    : { ok: true, value };
}

function lookup(
  environment: Record<string, string>,
  name: string,
  legacyName: string
): { name: string; value: string } | undefined {
  for (const candidate of [name, legacyName]) {
    if (
      Object.prototype.hasOwnProperty.call(environment, candidate) &&
      environment[candidate] !== ''
    ) {
      return { name: candidate, value: environment[candidate] };
    }
  }
  return undefined;
}

/**
 * The connection implied by a page URL or origin, e.g. when HeavyDB is
 * served behind the same host as the site. Undefined for non-http(s) pages.
 */
export function connectionFromOrigin(
  pageOrigin: string
): IConnection | undefined {
  let url: URL;
  try {
    url = new URL(pageOrigin);
  } catch {
    return undefined;
  }
  const protocol = parseProtocol(url.protocol, 'page protocol');
  if (!protocol.ok) {
    return undefined;
  }
  const host = parseHost(url.hostname, 'page host');
  if (!host.ok) {
    return undefined;
  }
  const port = url.port
    ? Number(url.port)
    : protocol.value === 'https'
      ? 443
      : 80;
  return { protocol: protocol.value, host: host.value, port };
}
