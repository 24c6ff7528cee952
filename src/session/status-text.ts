/**
 * Text for the "Show HeavyAI session status" command. It must be safe to
 * show on a shared screen or in a screenshot, so the session ID is masked.
 */
import { ISessionRecord } from '../store/record';

export interface ISessionStatusLine {
  label: string;
  value: string;
}

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
export function describeAge(receivedAt: number, now: number): string {
  const seconds = Math.floor((now - receivedAt) / 1000);
  if (!Number.isFinite(seconds) || seconds < 5) {
    // Also covers a clock that moved backwards since the hand-off.
    return 'just now';
  }
  const units: Array<[number, string]> = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second']
  ];
  for (const [size, name] of units) {
    if (seconds >= size) {
      const count = Math.floor(seconds / size);
      return `${count} ${name}${count === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

function describeReceived(receivedAt: number, age: string): string {
  const date = new Date(receivedAt);
  // A damaged stored record must not make the status command throw.
  return Number.isNaN(date.getTime())
    ? 'unknown'
    : `${age} (${date.toISOString()})`;
}

export function describeSession(
  record: ISessionRecord | undefined,
  now: number
): ISessionStatus {
  if (!record) {
    return {
      summary: 'No HeavyAI session has been received.',
      lines: []
    };
  }
  const { protocol, host, port, database } = record.connection;
  const age = describeAge(record.receivedAt, now);
  const lines: ISessionStatusLine[] = [
    { label: 'Host', value: host },
    { label: 'Protocol', value: protocol },
    { label: 'Port', value: String(port) }
  ];
  if (database) {
    lines.push({ label: 'Database', value: database });
  }
  lines.push(
    { label: 'Session ID', value: maskSessionId(record.session) },
    { label: 'Received', value: describeReceived(record.receivedAt, age) },
    { label: 'From', value: describeSource(record) },
    {
      label: 'Initial query',
      value: record.query ? `${record.query.length} characters` : 'none'
    }
  );
  return {
    summary: `HeavyAI session for ${protocol}://${host}:${port}, received ${age}.`,
    lines
  };
}

/** Where the session came from, truthfully: a link's sender is only what the browser reported. */
export function describeSource(
  record: Pick<ISessionRecord, 'senderOrigin' | 'via'>
): string {
  const sender = record.senderOrigin || 'an unknown page';
  switch (record.via) {
    case 'link':
      return `${sender} (link)`;
    case 'confirmed-link':
      return `${sender} (link, confirmed by the user)`;
    default:
      return sender;
  }
}
