/**
 * Which server an editor connects to, and how it logs in: the handed-over
 * session when there is one (its database, else the default connection's,
 * else HeavyDB's own), otherwise the default connection of the settings with
 * the password the user typed this page's life. No JupyterLab imports.
 */
import type { ISessionRecord } from '../store/record';
import { DEFAULT_DATABASE, type ISqlEditorSettings } from '../sql/settings';
import type { IConnectionTarget } from './connection';

/**
 * The target for the next connection, or undefined when there is neither a
 * session nor a default connection with a user name (the editor then asks
 * the user to connect).
 */
export function resolveConnectionTarget(
  session: ISessionRecord | undefined,
  settings: Pick<ISqlEditorSettings, 'connection' | 'binaryProtocol'>,
  password: string
): IConnectionTarget | undefined {
  if (session) {
    const { protocol, host, port, database } = session.connection;
    return {
      protocol,
      host,
      port,
      database: database || settings.connection?.database || DEFAULT_DATABASE,
      session: session.session,
      binaryProtocol: settings.binaryProtocol
    };
  }
  const fallback = settings.connection;
  // Without a password an editor keeps its open login; a new one asks for the password again.
  return fallback && fallback.user
    ? {
        ...fallback,
        password: password || undefined,
        binaryProtocol: settings.binaryProtocol
      }
    : undefined;
}
