/**
 * Field-level parsers for a HeavyDB connection, shared by the payload
 * validator, the config reader and the record builder so that a value is held
 * to the same rules wherever it comes from.
 */
import { IConnection, HeavyProtocol, Validated } from './payload';
import { Limits } from './limits';
import { parseHost } from './host';

export { parseHost } from './host';

/**
 * `http`/`https` in any case; one trailing colon is tolerated because hosts
 * often pass `location.protocol` (`'https:'`) straight through.
 */
export function parseProtocol(
  input: unknown,
  field: string
): Validated<HeavyProtocol> {
  if (typeof input !== 'string') {
    return { ok: false, reason: `${field} must be a string` };
  }
  const value = input.toLowerCase().replace(/:$/, '');
  if (value === 'http' || value === 'https') {
    return { ok: true, value };
  }
  return { ok: false, reason: `${field} must be http or https` };
}

/** An integer 1–65535, given as a number or a string of digits. */
export function parsePort(input: unknown, field: string): Validated<number> {
  let port: number;
  if (typeof input === 'number') {
    port = input;
  } else if (typeof input === 'string' && /^[0-9]{1,5}$/.test(input)) {
    port = Number(input);
  } else {
    return { ok: false, reason: `${field} must be an integer from 1 to 65535` };
  }
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    return { ok: false, reason: `${field} must be an integer from 1 to 65535` };
  }
  return { ok: true, value: port };
}

/**
 * A database name: printable (no control, format or line-separator
 * characters), at most 128 characters. Empty means "not given".
 */
export function parseDatabase(
  input: unknown,
  field: string
): Validated<string | undefined> {
  if (input === undefined || input === null || input === '') {
    return { ok: true, value: undefined };
  }
  if (typeof input !== 'string') {
    return { ok: false, reason: `${field} must be a string` };
  }
  if (input.length > Limits.databaseChars) {
    return {
      ok: false,
      reason: `${field} is longer than ${Limits.databaseChars} characters`
    };
  }
  if (/[\p{C}\p{Zl}\p{Zp}]/u.test(input)) {
    return { ok: false, reason: `${field} contains non-printable characters` };
  }
  return { ok: true, value: input };
}

/** A complete connection object: protocol, host and port are all required. */
export function parseConnection(
  input: unknown,
  field: string
): Validated<IConnection> {
  if (!isPlainObject(input)) {
    return { ok: false, reason: `${field} must be an object` };
  }
  for (const key of ['protocol', 'host', 'port'] as const) {
    if (ownValue(input, key) === undefined) {
      return { ok: false, reason: `${field}.${key} is missing` };
    }
  }
  const protocol = parseProtocol(
    ownValue(input, 'protocol'),
    `${field}.protocol`
  );
  if (!protocol.ok) {
    return protocol;
  }
  const host = parseHost(ownValue(input, 'host'), `${field}.host`);
  if (!host.ok) {
    return host;
  }
  const port = parsePort(ownValue(input, 'port'), `${field}.port`);
  if (!port.ok) {
    return port;
  }
  const database = parseDatabase(
    ownValue(input, 'database'),
    `${field}.database`
  );
  if (!database.ok) {
    return database;
  }
  return {
    ok: true,
    value: connectionOf(protocol.value, host.value, port.value, database.value)
  };
}

/** A connection that has a `database` key only when a database is given. */
export function connectionOf(
  protocol: HeavyProtocol,
  host: string,
  port: number,
  database: string | undefined
): IConnection {
  const connection: IConnection = { protocol, host, port };
  if (database !== undefined) {
    connection.database = database;
  }
  return connection;
}

/**
 * True for `{...}` values: not null, not arrays, not class instances like
 * Date. Checked structurally so objects from another realm (an iframe) pass.
 */
export function isPlainObject(
  value: unknown
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** Reads only own properties, so a polluted Object.prototype cannot supply fields. */
export function ownValue(
  object: Record<string, unknown>,
  key: string
): unknown {
  return Object.prototype.hasOwnProperty.call(object, key)
    ? object[key]
    : undefined;
}
