/**
 * Text for the "Show HeavyAI session status" command. It must be safe to
 * show on a shared screen or in a screenshot, so the session ID is masked.
 */
import { ISessionRecord } from '../store/record';
import type { ITranslate } from '../translate';
import { serverAddress } from '../wire/server-address';

/** One row of the session status table. */
export interface ISessionStatusLine {
  label: string;
  value: string;
}

/** The session status as plain text, for the status command's dialog and notifications. */
export interface ISessionStatus {
  /** One sentence for a notification or dialog title. */
  summary: string;
  /** Label/value pairs for a table; plain text, to be rendered as text. */
  lines: ISessionStatusLine[];
}

/**
 * At most a quarter of the ID is revealed, and never more than 4 characters:
 * 32 chars → `…abcd`, 10 chars → `…cd`, 3 chars → `…`.
 */
export function maskSessionId(session: string): string {
  const shown = Math.min(4, Math.floor(session.length / 4));
  return '…' + (shown > 0 ? session.slice(-shown) : '');
}

/** "just now", "42 seconds ago", "1 minute ago", "3 hours ago", "2 days ago". */
export function describeAge(
  receivedAt: number,
  now: number,
  trans: ITranslate
): string {
  const seconds = Math.floor((now - receivedAt) / 1000);
  if (!Number.isFinite(seconds) || seconds < 5) {
    // Also covers a clock that moved backwards since the hand-off.
    return trans.__('just now');
  }
  // One literal per unit, so each plural can be translated on its own.
  if (seconds >= 86_400) {
    return trans._n('%1 day ago', '%1 days ago', Math.floor(seconds / 86_400));
  }
  if (seconds >= 3_600) {
    return trans._n('%1 hour ago', '%1 hours ago', Math.floor(seconds / 3_600));
  }
  if (seconds >= 60) {
    return trans._n(
      '%1 minute ago',
      '%1 minutes ago',
      Math.floor(seconds / 60)
    );
  }
  return trans._n('%1 second ago', '%1 seconds ago', seconds);
}

function describeReceived(
  receivedAt: number,
  age: string,
  trans: ITranslate
): string {
  const date = new Date(receivedAt);
  // A damaged stored record must not make the status command throw.
  return Number.isNaN(date.getTime())
    ? trans.__('unknown')
    : `${age} (${date.toISOString()})`;
}

/**
 * Describe `record` for the user: server, database, how and when it arrived (relative to `now`, ms
 * since the epoch), and the session ID masked, never whole.
 */
export function describeSession(
  record: ISessionRecord | undefined,
  now: number,
  trans: ITranslate
): ISessionStatus {
  if (!record) {
    return {
      summary: trans.__('No HeavyAI session has been received.'),
      lines: []
    };
  }
  const { protocol, host, port, database } = record.connection;
  const age = describeAge(record.receivedAt, now, trans);
  const lines: ISessionStatusLine[] = [
    { label: trans.__('Host'), value: host },
    { label: trans.__('Protocol'), value: protocol },
    { label: trans.__('Port'), value: String(port) }
  ];
  if (database) {
    lines.push({ label: trans.__('Database'), value: database });
  }
  lines.push(
    { label: trans.__('Session ID'), value: maskSessionId(record.session) },
    {
      label: trans.__('Received'),
      value: describeReceived(record.receivedAt, age, trans)
    },
    { label: trans.__('From'), value: describeSource(record, trans) },
    {
      label: trans.__('Initial query'),
      value: record.query
        ? trans._n('%1 character', '%1 characters', record.query.length)
        : trans.__('none')
    }
  );
  return {
    summary: trans.__(
      'HeavyAI session for %1, received %2.',
      serverAddress(record.connection),
      age
    ),
    lines
  };
}

/** Where the session came from, truthfully: a link's sender is only what the browser reported. */
export function describeSource(
  record: Pick<ISessionRecord, 'senderOrigin' | 'via'>,
  trans: ITranslate
): string {
  const sender = record.senderOrigin || trans.__('an unknown page');
  switch (record.via) {
    case 'link':
      return trans.__('%1 (link)', sender);
    case 'confirmed-link':
      return trans.__('%1 (link, confirmed by the user)', sender);
    default:
      return sender;
  }
}
