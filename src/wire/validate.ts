/**
 * Validation of everything that crosses the window boundary. Reasons are
 * short sentences naming the field; they never repeat the session value, as
 * they are shown to users and sent back to the host page.
 */
import {
  HostToSiteMessage,
  MessageType,
  ISessionMessage,
  ISessionPayload,
  SESSION_REQUEST_REASONS,
  SessionRequestReason,
  SiteToHostMessage,
  Validated
} from './payload';
import {
  ENVIRONMENT_NAME_PATTERN,
  HANDOFF_CODE_PATTERN,
  Limits
} from './limits';
import { isPlainObject, ownValue, parseConnection } from './connection-fields';
import { utf8ByteLength } from './utf8';

const SESSION_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Validate a session hand-off and return it normalised (protocol lower-cased,
 * port a number, unknown keys dropped). A `type` key is allowed so the same
 * check serves both the message and the URL fragment, which carries the
 * message verbatim.
 */
export function validateSessionPayload(
  input: unknown
): Validated<ISessionPayload> {
  if (!isPlainObject(input)) {
    return fail('payload must be a JSON object');
  }
  const shape = checkJsonShape(input);
  if (shape !== undefined) {
    return fail(shape);
  }
  const size = serializedByteLength(input);
  if (size === undefined) {
    return fail('payload cannot be serialized as JSON');
  }
  if (size > Limits.payloadBytes) {
    return fail('payload is larger than 2 MB');
  }
  const type = ownValue(input, 'type');
  if (type !== undefined && type !== MessageType.session) {
    return fail(`type must be ${MessageType.session}`);
  }

  const session = validateSessionId(ownValue(input, 'session'));
  if (!session.ok) {
    return session;
  }
  const value: ISessionPayload = { session: session.value };

  const connection = ownValue(input, 'connection');
  if (connection !== undefined && connection !== null) {
    const parsed = parseConnection(connection, 'connection');
    if (!parsed.ok) {
      return parsed;
    }
    value.connection = parsed.value;
  }

  const environment = ownValue(input, 'environment');
  if (environment !== undefined && environment !== null) {
    const parsed = validateEnvironment(environment);
    if (!parsed.ok) {
      return parsed;
    }
    value.environment = parsed.value;
  }

  const query = ownValue(input, 'query');
  if (query !== undefined && query !== null) {
    if (typeof query !== 'string') {
      return fail('query must be a string');
    }
    if (utf8ByteLength(query) > Limits.queryBytes) {
      return fail('query is larger than 1 MB');
    }
    value.query = query;
  }
  return { ok: true, value };
}

/** Session IDs are opaque tokens: printable ASCII, no whitespace, bounded. */
export function validateSessionId(input: unknown): Validated<string> {
  if (input === undefined || input === null) {
    return fail('session is missing');
  }
  if (typeof input !== 'string') {
    return fail('session must be a string');
  }
  if (input.length === 0) {
    return fail('session must not be empty');
  }
  if (input.length > Limits.sessionChars) {
    return fail(`session is longer than ${Limits.sessionChars} characters`);
  }
  if (!SESSION_PATTERN.test(input)) {
    return fail('session must be printable ASCII without whitespace');
  }
  return { ok: true, value: input };
}

/** A flat map of environment-variable names to string values. */
export function validateEnvironment(
  input: unknown
): Validated<Record<string, string>> {
  if (!isPlainObject(input)) {
    return fail('environment must be an object');
  }
  const names = Object.keys(input);
  if (names.length > Limits.environmentEntries) {
    return fail(
      `environment has more than ${Limits.environmentEntries} entries`
    );
  }
  // A null prototype keeps names like __proto__ from reaching Object.prototype.
  const out: Record<string, string> = Object.create(null);
  for (const name of names) {
    if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
      return fail('environment has a name that is not a valid variable name');
    }
    const entry = input[name];
    if (typeof entry !== 'string') {
      return fail(`environment.${name} must be a string`);
    }
    if (entry.length > Limits.environmentValueChars) {
      return fail(
        `environment.${name} is longer than ${Limits.environmentValueChars} characters`
      );
    }
    out[name] = entry;
  }
  return { ok: true, value: { ...out } };
}

/** Validate a message arriving at the site from a host page. */
export function validateHostMessage(
  input: unknown
): Validated<HostToSiteMessage> {
  const type = messageType(input);
  if (type === undefined) {
    return fail('message must be an object with a type');
  }
  switch (type) {
    case MessageType.session: {
      const payload = validateSessionPayload(input);
      if (!payload.ok) {
        return payload;
      }
      const message: ISessionMessage = {
        type: MessageType.session,
        ...payload.value
      };
      return { ok: true, value: message };
    }
    case MessageType.logout:
      return { ok: true, value: { type: MessageType.logout } };
    case MessageType.ping:
      return { ok: true, value: { type: MessageType.ping } };
    default:
      return fail('message type is not recognised');
  }
}

/** Validate a reply arriving at the host page from the site. */
export function validateSiteMessage(
  input: unknown
): Validated<SiteToHostMessage> {
  const type = messageType(input);
  if (type === undefined) {
    return fail('message must be an object with a type');
  }
  switch (type) {
    case MessageType.ready:
      return { ok: true, value: { type: MessageType.ready } };
    case MessageType.sessionAccepted:
      return { ok: true, value: { type: MessageType.sessionAccepted } };
    case MessageType.sessionRejected: {
      const reason = ownValue(input as Record<string, unknown>, 'reason');
      const text =
        typeof reason === 'string' && reason.trim() !== ''
          ? reason.slice(0, Limits.reasonChars)
          : 'the session was rejected';
      return {
        ok: true,
        value: { type: MessageType.sessionRejected, reason: text }
      };
    }
    case MessageType.redeem: {
      const code = ownValue(input as Record<string, unknown>, 'code');
      return typeof code === 'string' && HANDOFF_CODE_PATTERN.test(code)
        ? { ok: true, value: { type: MessageType.redeem, code } }
        : fail('hand-off code is malformed');
    }
    case MessageType.sessionRequest: {
      const reason = ownValue(input as Record<string, unknown>, 'reason');
      return SESSION_REQUEST_REASONS.includes(reason as SessionRequestReason)
        ? {
            ok: true,
            value: {
              type: MessageType.sessionRequest,
              reason: reason as SessionRequestReason
            }
          }
        : fail('session request reason is not recognised');
    }
    default:
      return fail('message type is not recognised');
  }
}

/** The `type` of a message-shaped value, or undefined if it has none. */
export function messageType(input: unknown): string | undefined {
  if (!isPlainObject(input)) {
    return undefined;
  }
  const type = ownValue(input, 'type');
  return typeof type === 'string' ? type : undefined;
}

/**
 * A message arrives by structured clone, which carries much more than JSON:
 * ArrayBuffers, typed arrays, Blobs, Maps, Dates… JSON.stringify skips or
 * flattens those, so the size limit would not see them (a 3 MiB ArrayBuffer
 * under an ignored key measured 2 bytes). Only JSON values are allowed, at any
 * depth, and the walk stops as soon as a lower bound of the JSON size passes
 * the limit — before JSON.stringify could expand shared references.
 * Returns the reason for a refusal, or undefined.
 */
function checkJsonShape(input: unknown): string | undefined {
  const ancestors = new Set<object>();
  const pending: Array<{ value: unknown } | { leave: object }> = [
    { value: input }
  ];
  let bytes = 0;
  while (pending.length > 0) {
    const item = pending.pop()!;
    if ('leave' in item) {
      ancestors.delete(item.leave);
      continue;
    }
    const value = item.value;
    if (
      value === null ||
      value === undefined ||
      typeof value === 'boolean' ||
      typeof value === 'number'
    ) {
      bytes += 1;
    } else if (typeof value === 'string') {
      bytes += utf8ByteLength(value) + 2;
    } else if (Array.isArray(value) || isPlainObject(value)) {
      if (ancestors.has(value)) {
        return 'payload cannot be serialized as JSON (it refers to itself)';
      }
      ancestors.add(value);
      pending.push({ leave: value });
      bytes += 2;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          pending.push({ value: value[i] });
        }
        bytes += Math.max(0, value.length - 1);
      } else {
        for (const key of Object.keys(value)) {
          const entry = (value as Record<string, unknown>)[key];
          if (entry !== undefined) {
            // JSON.stringify drops undefined entries, key and all.
            bytes += utf8ByteLength(key) + 3;
            pending.push({ value: entry });
          }
        }
      }
    } else {
      return 'payload cannot be serialized as JSON (it holds a value that is not JSON, such as binary data)';
    }
    if (bytes > Limits.payloadBytes) {
      return 'payload is larger than 2 MB';
    }
  }
  return undefined;
}

function serializedByteLength(input: unknown): number | undefined {
  try {
    const json = JSON.stringify(input);
    return json === undefined ? undefined : utf8ByteLength(json);
  } catch {
    return undefined; // cycles, BigInt
  }
}

function fail(reason: string): Validated<never> {
  return { ok: false, reason };
}
