/**
 * Cell text for values as the connector returns them: numbers for integer
 * and real columns, booleans, strings, and Date objects (UTC) for DATE,
 * TIME and TIMESTAMP. NULL is its own marker so the grid can draw it apart
 * from the string 'NULL'.
 */
export const NULL_TEXT = 'NULL';

const NUMERIC = new Set([
  'TINYINT',
  'SMALLINT',
  'INT',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'DECIMAL'
]);

/** Whether a column of HeavyDB type `type` holds numbers, so the grid right-aligns it. */
export function isNumericType(type: string): boolean {
  return NUMERIC.has(type);
}

/** Whether `value` is SQL NULL as the connector delivers it (null or undefined). */
export function isNullValue(value: unknown): boolean {
  return value === null || value === undefined;
}

/**
 * The text a cell of HeavyDB type `type` shows for `value`: NULL_TEXT for NULL, dates and times by
 * column type, 64-bit integers exactly, arrays as `{a, b}`.
 */
export function formatValue(value: unknown, type: string): string {
  if (isNullValue(value)) {
    return NULL_TEXT;
  }
  if (value instanceof Date) {
    return formatDate(value, type);
  }
  if (typeof value === 'number') {
    if (type === 'DATE' || type === 'TIME' || type === 'TIMESTAMP') {
      return formatDate(new Date(value), type);
    }
    return Number.isFinite(value) ? String(value) : String(value);
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (isInt64Object(value)) {
    return int64Text(value);
  }
  if (Array.isArray(value)) {
    return `{${value.map(item => formatValue(item, type)).join(', ')}}`;
  }
  return String(value);
}

/**
 * Thrift's 64-bit integer object (node-int64: 8 big-endian bytes at
 * `offset`), which the connector's binary reader may hand out for BIGINT.
 * Read exactly: its own toString goes through a double.
 */
interface IInt64Object {
  buffer: Uint8Array;
  offset: number;
}

function isInt64Object(value: unknown): value is IInt64Object {
  return (
    !!value &&
    typeof value === 'object' &&
    (value as IInt64Object).buffer instanceof Uint8Array &&
    typeof (value as IInt64Object).offset === 'number'
  );
}

function int64Text(value: IInt64Object): string {
  const bytes = value.buffer;
  const view = new DataView(bytes.buffer, bytes.byteOffset + value.offset, 8);
  return view.getBigInt64(0, false).toString();
}

function formatDate(date: Date, type: string): string {
  if (Number.isNaN(date.getTime())) {
    return 'Invalid date';
  }
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ, always UTC like the server
  const day = iso.slice(0, 10);
  const ms = iso.slice(20, 23);
  const time = iso.slice(11, 19) + (ms === '000' ? '' : `.${ms}`);
  if (type === 'DATE') {
    return day;
  }
  if (type === 'TIME') {
    return time;
  }
  return `${day} ${time}`;
}

/**
 * Tab-separated text for the clipboard, as spreadsheets read it: a cell with
 * a tab, line break or double quote is quoted with doubled quotes; NULL is an
 * empty cell.
 */
export function toTsv(rows: readonly (readonly (string | null)[])[]): string {
  return rows.map(row => row.map(tsvCell).join('\t')).join('\n');
}

function tsvCell(cell: string | null): string {
  if (cell === null) {
    return '';
  }
  return /[\t\n\r"]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}
