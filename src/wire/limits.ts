/**
 * Size limits for anything a host page can hand us. They bound memory and
 * storage use for a message that arrives from another origin.
 */
export const Limits = {
  sessionChars: 256,
  databaseChars: 128,
  /** UTF-8 bytes. */
  queryBytes: 1024 * 1024,
  environmentEntries: 32,
  environmentValueChars: 4096,
  /** UTF-8 bytes of the serialized JSON message. */
  payloadBytes: 2 * 1024 * 1024,
  /** A reply reason longer than this is cut, so a host cannot be flooded. */
  reasonChars: 500
} as const;

/** Environment variable names we accept, as in POSIX shells. */
export const ENVIRONMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** A one-time hand-off code: base64url of 16 to 48 random bytes. */
export const HANDOFF_CODE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;
