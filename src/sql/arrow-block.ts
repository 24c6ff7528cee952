/**
 * An Arrow table (apache-arrow's decoding of HeavyDB's `sql_execute_df`
 * answer) read cell by cell straight from its column vectors: no row
 * objects, and exact values (BIGINT as the exact integer, DECIMAL from its
 * unscaled 128-bit value).
 *
 * The table is typed here by the few members we read (apache-arrow 7's
 * Table, Vector and DataType), so this module stays free of Arrow's code,
 * which loads with the first Arrow result.
 */
import { formatValue } from './format';
import type { IResultBlock, IResultField } from './result-block';

/** apache-arrow's `Type` ids we read. */
const enum ArrowTypeId {
  Dictionary = -1,
  Int = 2,
  Float = 3,
  Utf8 = 5,
  Bool = 6,
  Decimal = 7,
  Date = 8,
  Time = 9,
  Timestamp = 10
}

/**
 * The parts of an Arrow DataType the block reads: enough to pick a formatter and a HeavyDB type
 * name without a second copy of Arrow in the bundle.
 */
export interface IArrowTypeLike {
  readonly typeId: number;
  readonly bitWidth?: number;
  /** Float: 0 half, 1 single, 2 double. Decimal: digits. */
  readonly precision?: number;
  readonly scale?: number;
  /** Time: 0 s, 1 ms, 2 µs, 3 ns. */
  readonly unit?: number;
  readonly dictionary?: IArrowTypeLike;
}

interface IArrowDataLike {
  readonly values?: ArrayBufferView;
  readonly nullBitmap?: ArrayBufferView;
  readonly valueOffsets?: ArrayBufferView;
  readonly dictionary?: IArrowVectorLike;
}

/**
 * The parts of an Arrow Vector the block reads: values by row, validity, and the buffers whose
 * sizes count towards the memory budget.
 */
export interface IArrowVectorLike {
  readonly length: number;
  readonly data?: readonly IArrowDataLike[];
  get(index: number): unknown;
  isValid(index: number): boolean;
}

/**
 * The parts of an Arrow Table the block reads: the schema and the column vectors, as made by
 * the Arrow library inside the connector.
 */
export interface IArrowTableLike {
  readonly numRows: number;
  readonly schema: {
    readonly fields: readonly {
      readonly name: string;
      readonly type: IArrowTypeLike;
    }[];
  };
  getChildAt(index: number): IArrowVectorLike | null;
}

/** The HeavyDB type name an Arrow column type stands for. */
export function heavyTypeName(type: IArrowTypeLike): string {
  switch (type.typeId) {
    case ArrowTypeId.Int:
      return (
        (
          { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INT', 64: 'BIGINT' } as Record<
            number,
            string
          >
        )[type.bitWidth ?? 32] ?? 'BIGINT'
      );
    case ArrowTypeId.Float:
      return type.precision === 2 ? 'DOUBLE' : 'FLOAT';
    case ArrowTypeId.Decimal:
      return 'DECIMAL';
    case ArrowTypeId.Bool:
      return 'BOOL';
    case ArrowTypeId.Utf8:
    case ArrowTypeId.Dictionary:
      return 'STR';
    case ArrowTypeId.Date:
      return 'DATE';
    case ArrowTypeId.Time:
      return 'TIME';
    case ArrowTypeId.Timestamp:
      return 'TIMESTAMP';
    default:
      return 'STR';
  }
}

/** An unscaled decimal128 (four little-endian 32-bit words) as decimal text. */
export function decimalText(words: ArrayLike<number>, scale: number): string {
  let unsigned = 0n;
  for (let i = 3; i >= 0; i--) {
    unsigned = (unsigned << 32n) | BigInt(words[i] >>> 0);
  }
  const value = BigInt.asIntN(128, unsigned);
  const digits = (value < 0n ? -value : value)
    .toString()
    .padStart(scale + 1, '0');
  const body =
    scale > 0
      ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`
      : digits;
  return value < 0n ? `-${body}` : body;
}

const TIME_UNIT_TO_MS = [1000, 1, 1 / 1000, 1 / 1_000_000];

type CellFormatter = (value: unknown) => string;

function formatterFor(type: IArrowTypeLike, heavyType: string): CellFormatter {
  switch (type.typeId) {
    case ArrowTypeId.Int:
      return value => String(value); // bigint for 64-bit: exact
    case ArrowTypeId.Decimal: {
      const scale = type.scale ?? 0;
      return value => decimalText(value as ArrayLike<number>, scale);
    }
    case ArrowTypeId.Time: {
      const toMs = TIME_UNIT_TO_MS[type.unit ?? 0] ?? 1000;
      return value => formatValue(Number(value) * toMs, 'TIME');
    }
    case ArrowTypeId.Date:
    case ArrowTypeId.Timestamp:
      // apache-arrow 7 hands dates as Date and timestamps as epoch milliseconds.
      return value =>
        formatValue(value instanceof Date ? value : Number(value), heavyType);
    default:
      return value => formatValue(value, heavyType);
  }
}

/** Bytes of the table's buffers (values, validity, offsets, dictionaries). */
export function arrowTableBytes(table: IArrowTableLike): number {
  let bytes = 0;
  const seen = new Set<unknown>();
  const addVector = (vector: IArrowVectorLike | null | undefined): void => {
    for (const data of vector?.data ?? []) {
      bytes +=
        (data.values?.byteLength ?? 0) +
        (data.nullBitmap?.byteLength ?? 0) +
        (data.valueOffsets?.byteLength ?? 0);
      if (data.dictionary && !seen.has(data.dictionary)) {
        seen.add(data.dictionary);
        addVector(data.dictionary);
      }
    }
  };
  for (let c = 0; c < table.schema.fields.length; c++) {
    addVector(table.getChildAt(c));
  }
  return bytes;
}

/** A result block over an Arrow table, carrying the columns with HeavyDB type names. */
export interface IArrowBlock extends IResultBlock {
  readonly fields: IResultField[];
}

/** A result block reading the table's column vectors on demand. */
export function arrowBlock(table: IArrowTableLike): IArrowBlock {
  const fields = table.schema.fields.map(f => ({
    name: String(f.name),
    type: heavyTypeName(f.type)
  }));
  const columns = table.schema.fields.map((f, i) => ({
    vector: table.getChildAt(i),
    format: formatterFor(f.type, fields[i].type)
  }));
  return {
    fields,
    length: table.numRows,
    bytes: arrowTableBytes(table),
    text(row, column) {
      const c = columns[column];
      if (
        !c?.vector ||
        row < 0 ||
        row >= table.numRows ||
        !c.vector.isValid(row)
      ) {
        return null;
      }
      const value = c.vector.get(row);
      return value === null || value === undefined ? null : c.format(value);
    }
  };
}
