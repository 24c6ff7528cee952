/**
 * How a HeavyDB server is named to the user and compared: by protocol, host
 * and port only (the database is a choice inside one server, not another
 * server). No JupyterLab imports: the host SDK may use it.
 */
import type { IConnection } from './payload';

type ServerFields = Pick<IConnection, 'protocol' | 'host' | 'port'>;

/** `protocol://host:port`, as shown to the user and as the connector's endpoint (plus `/`). */
export function serverAddress(server: ServerFields): string {
  return `${server.protocol}://${server.host}:${server.port}`;
}

/** Same protocol, host and port: the same HeavyDB server. */
export function sameServer(a: ServerFields, b: ServerFields): boolean {
  return a.protocol === b.protocol && a.host === b.host && a.port === b.port;
}
