/**
 * A block of result rows as the grid reads it: cell text, or null for NULL.
 * Blocks come from Arrow record batches (arrow-block.ts) or from the rows
 * the connector's Thrift path returns (`rowsBlock`); the grid never sees
 * which, and neither keeps an object per row.
 */
import { formatValue, isNullValue } from './format';

/** One result column as the grid labels it. */
export interface IResultField {
  name: string;
  /** HeavyDB's type name (BIGINT, STR, ...). */
  type: string;
}

/**
 * A run of consecutive result rows, read as cell text; the unit the grid fetches, caches and
 * evicts.
 */
export interface IResultBlock {
  readonly length: number;
  /** The cell's text, or null for NULL. */
  text(row: number, column: number): string | null;
  /** Approximate bytes held (for the memory budget). */
  readonly bytes: number;
}

/** Marks an integer the browser connector rounded (it reads Thrift's i64 as a double). */
export const APPROXIMATE_MARK = '≈';

/**
 * Rows as the connector's Thrift path returns them (an array of values per
 * row). The browser connector turns every 64-bit integer into a JS number,
 * so a BIGINT beyond ±2^53 arrives rounded: it is shown (and copied) with
 * APPROXIMATE_MARK rather than as a wrong exact-looking number. The Arrow
 * path has no such loss.
 */
export function rowsBlock(
  rows: readonly (readonly unknown[])[],
  fields: readonly IResultField[]
): IResultBlock {
  return {
    length: rows.length,
    bytes: rows.length * fields.length * 16,
    text(row, column) {
      const value = rows[row]?.[column];
      if (isNullValue(value)) {
        return null;
      }
      const text = formatValue(value, fields[column]?.type ?? '');
      return typeof value === 'number' &&
        Number.isInteger(value) &&
        !Number.isSafeInteger(value)
        ? `${APPROXIMATE_MARK}${text}`
        : text;
    }
  };
}
