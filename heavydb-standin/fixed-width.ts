// Fixed-width Arrow columns (integers, floats, timestamps) loaded without a JavaScript value
// per cell: the numbers stay in one typed array from the Arrow stream to DuckDB's vectors, and
// only HeavyDB's checks (each integer type's minimum is its NULL sentinel) look at every value.
// Anything else goes through loading.ts's per-value conversion.
import { DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBDataChunk, DuckDBType } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { Type } from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import { dbError } from './protocol.ts';

type Numbers =
  | Int8Array
  | Int16Array
  | Int32Array
  | BigInt64Array
  | Float32Array
  | Float64Array;

/** A column's values in DuckDB's storage form, with Arrow's validity bitmap (1 = present). */
export interface IFixedWidthColumn {
  values: Numbers;
  /** One bit per row, least significant first; null when no row is NULL. */
  validity: Uint8Array | null;
}

type ArrayOf = new (length: number) => Numbers;

/** DuckDB type → the Arrow type id and bit width it stores unchanged, and its typed array. */
const SAME_STORAGE: Partial<
  Record<DuckDBTypeId, [Type, number, ArrayOf, string?, bigint?]>
> = {
  [DuckDBTypeId.TINYINT]: [Type.Int, 8, Int8Array, 'TINYINT', -128n],
  [DuckDBTypeId.SMALLINT]: [Type.Int, 16, Int16Array, 'SMALLINT', -32768n],
  [DuckDBTypeId.INTEGER]: [Type.Int, 32, Int32Array, 'INTEGER', -2147483648n],
  [DuckDBTypeId.BIGINT]: [Type.Int, 64, BigInt64Array, 'BIGINT', -(2n ** 63n)],
  [DuckDBTypeId.FLOAT]: [Type.Float, 32, Float32Array],
  [DuckDBTypeId.DOUBLE]: [Type.Float, 64, Float64Array]
};

/** Arrow timestamp unit (0 s … 3 ns) → how many of it make one second. */
const PER_SECOND = [1, 1e3, 1e6, 1e9];
const TWO_32 = 4294967296;
/** Microseconds stay exact as doubles up to 2^53, about the year 2255. */
const MAX_EXACT_MICROS = Number.MAX_SAFE_INTEGER;

interface IArrowData {
  values: ArrayLike<number | bigint> & {
    subarray(a: number, b: number): Numbers;
  };
  nullBitmap?: Uint8Array;
  nullCount: number;
  offset: number;
  length: number;
  type: { typeId: Type; bitWidth?: number; unit?: number; isSigned?: boolean };
}

/**
 * The column as one typed array when `vector` (signed integers, floats or timestamps) stores
 * what a `type` column stores; null when it must be converted value by value. Throws
 * HeavyDB's error for an integer equal to its type's NULL sentinel.
 */
export function fixedWidthColumn(
  vector: Vector,
  type: DuckDBType,
  columnName: string
): IFixedWidthColumn | null {
  const chunks = vector.data as unknown as IArrowData[];
  if (!chunks.length || chunks.some(d => d.offset !== 0)) {
    return null;
  }
  if (type.typeId === DuckDBTypeId.TIMESTAMP) {
    return timestamps(chunks);
  }
  const same = SAME_STORAGE[type.typeId];
  if (
    !same ||
    chunks.some(
      d =>
        d.type.typeId !== same[0] ||
        bitWidth(d) !== same[1] ||
        d.type.isSigned === false
    )
  ) {
    return null;
  }
  const values = joined(chunks, same[2]);
  const validity = joinedValidity(chunks, values.length);
  const sentinel = same[4];
  if (sentinel !== undefined) {
    const bad = findValue(values, sentinel, validity);
    if (bad >= 0) {
      throw dbError(
        `Integer ${sentinel} exceeds the range of ${same[3]} (${sentinel + 1n} to ${-sentinel - 1n}) in column ${columnName}, row ${bad + 1}; nothing was loaded`
      );
    }
  }
  if (same[0] === Type.Float) {
    const bad = findNaN(values as Float64Array, validity);
    if (bad >= 0) {
      throw dbError(
        `Invalid floating point value: NaN in column ${columnName}, row ${bad + 1}; nothing was loaded`
      );
    }
  }
  return { values, validity };
}

function findNaN(
  values: Float32Array | Float64Array,
  validity: Uint8Array | null
): number {
  for (let r = 0; r < values.length; r++) {
    if (values[r] !== values[r] && (!validity || present(validity, r))) {
      return r;
    }
  }
  return -1;
}

function bitWidth(d: IArrowData): number {
  const t = d.type as { bitWidth?: number; precision?: number };
  if (t.bitWidth !== undefined) {
    return t.bitWidth;
  }
  return [16, 32, 64][t.precision ?? -1] ?? -1; // Arrow's float precision: HALF, SINGLE, DOUBLE
}

function joined(chunks: IArrowData[], ArrayType: ArrayOf): Numbers {
  if (chunks.length === 1) {
    return chunks[0].values.subarray(0, chunks[0].length);
  }
  const out = new ArrayType(chunks.reduce((n, d) => n + d.length, 0));
  let at = 0;
  for (const d of chunks) {
    (out as Int32Array).set(d.values.subarray(0, d.length) as Int32Array, at);
    at += d.length;
  }
  return out;
}

function joinedValidity(chunks: IArrowData[], rows: number): Uint8Array | null {
  if (chunks.every(d => !d.nullCount)) {
    return null;
  }
  if (chunks.length === 1) {
    return chunks[0].nullBitmap!.subarray(0, Math.ceil(rows / 8));
  }
  const out = new Uint8Array(Math.ceil(rows / 8));
  let at = 0;
  for (const d of chunks) {
    for (let r = 0; r < d.length; r++, at++) {
      if (!d.nullCount || present(d.nullBitmap!, r)) {
        out[at >> 3] |= 1 << (at & 7);
      }
    }
  }
  return out;
}

/** Whether row `row` holds a value in a validity bitmap. */
export function present(validity: Uint8Array, row: number): boolean {
  return (validity[row >> 3] & (1 << (row & 7))) !== 0;
}

function findValue(
  values: Numbers,
  sentinel: bigint,
  validity: Uint8Array | null
): number {
  const wanted = values instanceof BigInt64Array ? sentinel : Number(sentinel);
  let at = (values as Int32Array).indexOf(wanted as number);
  while (at >= 0 && validity && !present(validity, at)) {
    at = (values as Int32Array).indexOf(wanted as number, at + 1);
  }
  return at;
}

/**
 * TIMESTAMP columns hold whole seconds (HeavyDB's TIMESTAMP(0)) as DuckDB microseconds.
 * apache-arrow keeps 64-bit timestamps as pairs of 32-bit words.
 */
function timestamps(chunks: IArrowData[]): IFixedWidthColumn | null {
  if (chunks.some(d => d.type.typeId !== Type.Timestamp)) {
    return null;
  }
  const rows = chunks.reduce((n, d) => n + d.length, 0);
  const micros = new BigInt64Array(rows);
  const words = new Uint32Array(micros.buffer);
  let at = 0;
  for (const d of chunks) {
    const perSecond = PER_SECOND[d.type.unit ?? -1];
    const pairs = d.values as unknown as Int32Array;
    if (!perSecond || !(pairs instanceof Int32Array)) {
      return null;
    }
    for (let r = 0; r < d.length; r++, at++) {
      const value = (pairs[2 * r] >>> 0) + pairs[2 * r + 1] * TWO_32;
      if (!(Math.abs(value) <= Number.MAX_SAFE_INTEGER)) {
        return null; // beyond a double's exact integers: converted value by value instead
      }
      const us = Math.floor(value / perSecond) * 1e6;
      if (!(Math.abs(us) <= MAX_EXACT_MICROS)) {
        return null;
      }
      const high = Math.floor(us / TWO_32);
      words[2 * at] = us - high * TWO_32;
      words[2 * at + 1] = high >>> 0;
    }
  }
  return { values: micros, validity: joinedValidity(chunks, rows) };
}

/**
 * Rows `from` (a multiple of 8) to `to` of `column` into column `index` of a data chunk of the
 * same storage type: the bytes are copied straight into DuckDB's vector and validity mask
 * (both are least-significant-bit-first bitmaps, like Arrow's), with no JavaScript value and
 * without first reading the vector's old contents back, as node-api's vector writers do.
 */
export function writeFixedWidth(
  chunk: DuckDBDataChunk,
  index: number,
  column: IFixedWidthColumn,
  from: number,
  to: number
): void {
  if (from % 8 !== 0) {
    throw new Error('fixed-width rows are written from a multiple of 8');
  }
  const vector = duckdb.data_chunk_get_vector(chunk.chunk, index);
  const { values, validity } = column;
  const width = values.BYTES_PER_ELEMENT;
  duckdb.copy_data_to_vector(
    vector,
    0,
    values.buffer as ArrayBuffer,
    values.byteOffset + from * width,
    (to - from) * width
  );
  if (validity) {
    duckdb.vector_ensure_validity_writable(vector);
    duckdb.copy_data_to_vector_validity(
      vector,
      0,
      validity.buffer as ArrayBuffer,
      validity.byteOffset + from / 8,
      Math.ceil((to - from) / 8)
    );
  }
}
