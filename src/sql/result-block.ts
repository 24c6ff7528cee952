/**
 * A block of result rows as the grid reads it: cell text, or null for NULL.
 * Blocks come from Arrow record batches (arrow-block.ts) or from the rows
 * the connector's Thrift path returns (`rowsBlock`); the grid never sees
 * which, and neither keeps an object per row.
 */
import { formatValue, isNullValue } from './format';

export interface ResultField {
  name: string;
  /** HeavyDB's type name (BIGINT, STR, ...). */
  type: string;
}

export interface ResultBlock {
  readonly length: number;
  /** The cell's text, or null for NULL. */
  text(row: number, column: number): string | null;
  /** Approximate bytes held (for the memory budget). */
  readonly bytes: number;
}

/** Rows as the connector's Thrift path returns them (an array of values per row). */
export function rowsBlock(rows: readonly (readonly unknown[])[], fields: readonly ResultField[]): ResultBlock {
  return {
    length: rows.length,
    bytes: rows.length * fields.length * 16,
    text(row, column) {
      const value = rows[row]?.[column];
      return isNullValue(value) ? null : formatValue(value, fields[column]?.type ?? '');
    }
  };
}
