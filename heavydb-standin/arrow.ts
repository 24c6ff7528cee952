// A DuckDB result as the Arrow IPC stream HeavyDB's `sql_execute_df` sends with
// TArrowTransport.WIRE. Column types follow HeavyDB's result-set-to-Arrow conversion for the
// HeavyDB type `sql_execute` reports (types.ts): BOOL → bool, SMALLINT → int16, INT → int32,
// BIGINT → int64, FLOAT → float32, DOUBLE → float64, DECIMAL(p,s) → decimal128(p,s),
// DATE → date32 (days), TIME → time32(second), TIMESTAMP(0) → timestamp(second),
// STR (dictionary-encoded text) → dictionary<int32, utf8>.
//
// Fixed-width columns are copied from DuckDB's vectors as typed arrays (and its validity mask,
// which has Arrow's bit layout) without creating a JS value per cell; text is read per value
// (DuckDB's string layout is not reachable from JS) and dictionary-encoded as HeavyDB does.
import {
  Bool,
  Date_,
  DateUnit,
  Decimal,
  Dictionary,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  RecordBatch,
  Schema,
  Struct,
  Table,
  Time,
  TimeUnit,
  Timestamp,
  Utf8,
  makeData,
  tableToIPC,
  vectorFromArray
} from 'apache-arrow';
import type { Data, DataType } from 'apache-arrow';
import { DuckDBDecimalType, DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBType, DuckDBVector } from '@duckdb/node-api';
import { dbError } from './protocol.ts';
import type { ICodec } from './types.ts';

type Typed =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/** DuckDB's vector internals the fast path reads (present in @duckdb/node-api 1.5.x). */
interface IRawVector {
  items?: Typed;
  dataView?: DataView;
  validity?: { data: BigUint64Array | null };
}

/** Builds one Arrow column from DuckDB chunks. */
export interface IColumnBuilder {
  append(vector: DuckDBVector, count: number): void;
  finish(): Data;
}

/** Null bitmap (Arrow layout: bit i of byte i>>3, 1 = valid) grown chunk by chunk. */
class Validity {
  bytes = new Uint8Array(1024);
  length = 0;
  nulls = 0;

  private grow(rows: number): void {
    const need = (rows + 7) >> 3;
    if (need <= this.bytes.length) {
      return;
    }
    let size = this.bytes.length;
    while (size < need) {
      size *= 2;
    }
    const next = new Uint8Array(size);
    next.set(this.bytes);
    this.bytes = next;
  }

  /** Appends `count` validity bits from DuckDB's mask (null mask = all valid). */
  append(mask: BigUint64Array | null, count: number): void {
    this.grow(this.length + count);
    const start = this.length;
    if (!mask) {
      this.setRange(start, count);
    } else {
      const src = new Uint8Array(
        mask.buffer,
        mask.byteOffset,
        (count + 7) >> 3
      );
      if ((start & 7) === 0) {
        this.bytes.set(src, start >> 3);
        const tail = count & 7;
        if (tail) {
          this.bytes[(start + count) >> 3] &= (1 << tail) - 1;
        } // clear bits past the end
      } else {
        for (let i = 0; i < count; i++) {
          if (src[i >> 3] & (1 << (i & 7))) {
            this.bytes[(start + i) >> 3] |= 1 << ((start + i) & 7);
          }
        }
      }
      for (let i = 0; i < count; i++) {
        if (!(src[i >> 3] & (1 << (i & 7)))) {
          this.nulls++;
        }
      }
    }
    this.length += count;
  }

  appendOne(valid: boolean): void {
    this.grow(this.length + 1);
    if (valid) {
      this.bytes[this.length >> 3] |= 1 << (this.length & 7);
    } else {
      this.nulls++;
    }
    this.length++;
  }

  private setRange(start: number, count: number): void {
    for (let i = start; i < start + count; i++) {
      this.bytes[i >> 3] |= 1 << (i & 7);
    }
  }

  bitmap(): Uint8Array {
    return this.bytes.subarray(0, (this.length + 7) >> 3);
  }
}

/** A growable typed array. */
class Values<T extends Typed> {
  private buf: T;
  length = 0;
  constructor(private readonly make: (n: number) => T) {
    this.buf = make(4096);
  }
  reserve(n: number): T {
    if (this.length + n > this.buf.length) {
      let size = this.buf.length;
      while (size < this.length + n) {
        size *= 2;
      }
      const next = this.make(size);
      next.set(this.buf as never);
      this.buf = next;
    }
    return this.buf;
  }
  get array(): T {
    return this.buf.subarray(0, this.length) as T;
  }
}

function raw(vector: DuckDBVector): IRawVector {
  return vector as unknown as IRawVector;
}

function maskOf(vector: DuckDBVector): BigUint64Array | null {
  return raw(vector).validity?.data ?? null;
}

/** Fixed-width numbers copied (and narrowed/widened by TypedArray#set) from DuckDB's items. */
function numeric<T extends Typed>(
  type: DataType,
  make: (n: number) => T
): IColumnBuilder {
  const validity = new Validity();
  const values = new Values<T>(make);
  return {
    append(vector, count) {
      const items = raw(vector).items;
      const target = values.reserve(count);
      if (
        items &&
        !(items instanceof BigInt64Array) &&
        !(items instanceof BigUint64Array)
      ) {
        target.set(items.subarray(0, count) as never, values.length);
        validity.append(maskOf(vector), count);
      } else {
        for (let i = 0; i < count; i++) {
          const v = vector.getItem(i);
          (target as unknown as number[])[values.length + i] =
            v === null ? 0 : Number(v);
          validity.appendOne(v !== null);
        }
      }
      values.length += count;
    },
    finish() {
      return makeData({
        type,
        length: values.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: values.array
      } as never);
    }
  };
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** BIGINT: int64 items copied; wider or unsigned DuckDB integers checked one by one. */
function bigint(): IColumnBuilder {
  const validity = new Validity();
  const values = new Values<BigInt64Array>(n => new BigInt64Array(n));
  return {
    append(vector, count) {
      const items = raw(vector).items;
      const target = values.reserve(count);
      if (items instanceof BigInt64Array) {
        target.set(items.subarray(0, count), values.length);
        validity.append(maskOf(vector), count);
      } else if (items && !(items instanceof BigUint64Array)) {
        for (let i = 0; i < count; i++) {
          target[values.length + i] = BigInt(items[i] as number);
        }
        validity.append(maskOf(vector), count);
      } else {
        for (let i = 0; i < count; i++) {
          const v = vector.getItem(i) as bigint | null;
          if (v !== null && (v < I64_MIN || v > I64_MAX)) {
            throw dbError(`Value ${v} is out of range for BIGINT`);
          }
          target[values.length + i] = v ?? 0n;
          validity.appendOne(v !== null);
        }
      }
      values.length += count;
    },
    finish() {
      // apache-arrow 7 keeps 64-bit integers as pairs of 32-bit words.
      const words = new Int32Array(
        values.array.buffer,
        values.array.byteOffset,
        values.length * 2
      );
      return makeData({
        type: new Int64(),
        length: values.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: words
      } as never);
    }
  };
}

/** BOOLEAN: DuckDB keeps one byte per value, Arrow one bit. */
function bool(): IColumnBuilder {
  const validity = new Validity();
  const bits = new Validity(); // same bit packing, reused for the values
  return {
    append(vector, count) {
      const view = raw(vector).dataView;
      validity.append(maskOf(vector), count);
      if (view) {
        const bytes = new Uint8Array(view.buffer, view.byteOffset, count);
        for (let i = 0; i < count; i++) {
          bits.appendOne(bytes[i] !== 0);
        }
      } else {
        for (let i = 0; i < count; i++) {
          bits.appendOne(Boolean(vector.getItem(i)));
        }
      }
    },
    finish() {
      return makeData({
        type: new Bool(),
        length: validity.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: bits.bitmap()
      } as never);
    }
  };
}

/**
 * Times and timestamps in whole seconds (HeavyDB's TIMESTAMP(0) and TIME), floored like
 * `sql_execute`. DuckDB's int64 ticks are read as 32-bit word pairs, so no BigInt per value.
 */
function seconds(
  type: DataType,
  ticksPerSecond: number,
  wide: boolean
): IColumnBuilder {
  const validity = new Validity();
  const values = new Values<Int32Array>(n => new Int32Array(n));
  const step = wide ? 2 : 1;
  return {
    append(vector, count) {
      const items = raw(vector).items;
      if (!(items instanceof BigInt64Array)) {
        throw dbError('Unexpected DuckDB time vector');
      }
      const words = new Int32Array(items.buffer, items.byteOffset, count * 2);
      const target = values.reserve(count * step);
      let at = values.length;
      for (let i = 0; i < count; i++) {
        const ticks = words[2 * i + 1] * 4294967296 + (words[2 * i] >>> 0);
        const s = Math.floor(ticks / ticksPerSecond);
        if (wide) {
          const hi = Math.floor(s / 4294967296);
          target[at++] = (s - hi * 4294967296) | 0;
          target[at++] = hi;
        } else {
          target[at++] = s;
        }
      }
      values.length = at;
      validity.append(maskOf(vector), count);
    },
    finish() {
      return makeData({
        type,
        length: validity.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: values.array
      } as never);
    }
  };
}

/** DECIMAL(p,s) as decimal128: 16-byte little-endian two's complement unscaled values. */
function decimal(precision: number, scale: number): IColumnBuilder {
  const validity = new Validity();
  const values = new Values<Uint32Array>(n => new Uint32Array(n));
  return {
    append(vector, count) {
      const items = raw(vector).items;
      const target = values.reserve(count * 4);
      for (let i = 0; i < count; i++) {
        let v: bigint;
        if (
          items &&
          !(items instanceof BigInt64Array) &&
          !(items instanceof BigUint64Array)
        ) {
          v = BigInt(items[i] as number);
        } else if (items instanceof BigInt64Array) {
          v = items[i];
        } else {
          v = (vector.getItem(i) as { value: bigint } | null)?.value ?? 0n;
        }
        const u = BigInt.asUintN(128, v);
        const at = values.length + i * 4;
        target[at] = Number(u & 0xffffffffn);
        target[at + 1] = Number((u >> 32n) & 0xffffffffn);
        target[at + 2] = Number((u >> 64n) & 0xffffffffn);
        target[at + 3] = Number((u >> 96n) & 0xffffffffn);
      }
      values.length += count * 4;
      validity.append(maskOf(vector), count);
    },
    finish() {
      return makeData({
        type: new Decimal(scale, precision),
        length: validity.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: values.array
      } as never);
    }
  };
}

let dictionaryIds = 0;

/** Text as dictionary<int32, utf8>, the way HeavyDB sends dictionary-encoded strings. */
function dictionaryText(codec: ICodec): IColumnBuilder {
  const validity = new Validity();
  const indices = new Values<Int32Array>(n => new Int32Array(n));
  const ids = new Map<string, number>();
  const words: string[] = [];
  return {
    append(vector, count) {
      const target = indices.reserve(count);
      for (let i = 0; i < count; i++) {
        const v = vector.getItem(i);
        if (v === null) {
          target[indices.length + i] = 0;
          validity.appendOne(false);
          continue;
        }
        const text = typeof v === 'string' ? v : String(codec.json(v));
        let id = ids.get(text);
        if (id === undefined) {
          id = words.length;
          ids.set(text, id);
          words.push(text);
        }
        target[indices.length + i] = id;
        validity.appendOne(true);
      }
      indices.length += count;
    },
    finish() {
      const type = new Dictionary(new Utf8(), new Int32(), dictionaryIds++);
      const dictionary = vectorFromArray(words, new Utf8());
      return makeData({
        type,
        length: indices.length,
        nullCount: validity.nulls,
        nullBitmap: validity.bitmap(),
        data: indices.array,
        dictionary
      } as never);
    }
  };
}

/** The Arrow column builder for a DuckDB column reported to clients as `codec`. */
export function arrowColumn(type: DuckDBType, codec: ICodec): IColumnBuilder {
  const id = type.typeId;
  switch (codec.name) {
    case 'BOOL':
      return bool();
    case 'SMALLINT':
      return numeric(new Int16(), n => new Int16Array(n));
    case 'INT':
      return numeric(new Int32(), n => new Int32Array(n));
    case 'BIGINT':
      return bigint();
    case 'FLOAT':
      return numeric(new Float32(), n => new Float32Array(n));
    case 'DOUBLE':
      return numeric(new Float64(), n => new Float64Array(n));
    case 'DECIMAL': {
      const t = type as DuckDBDecimalType;
      return decimal(t.width, t.scale);
    }
    case 'DATE':
      return numeric(new Date_(DateUnit.DAY), n => new Int32Array(n));
    case 'TIME':
      return seconds(
        new Time(TimeUnit.SECOND, 32),
        id === DuckDBTypeId.TIME_NS ? 1e9 : 1e6,
        false
      );
    case 'TIMESTAMP': {
      const perSecond =
        id === DuckDBTypeId.TIMESTAMP_S
          ? 1
          : id === DuckDBTypeId.TIMESTAMP_MS
            ? 1e3
            : id === DuckDBTypeId.TIMESTAMP_NS
              ? 1e9
              : 1e6;
      return seconds(new Timestamp(TimeUnit.SECOND), perSecond, true);
    }
    default:
      return dictionaryText(codec);
  }
}

/** One Arrow IPC stream (schema, dictionaries, one record batch) from finished columns. */
export function ipcStream(names: string[], columns: Data[]): Uint8Array {
  const fields = names.map((name, i) => new Field(name, columns[i].type, true));
  const schema = new Schema(fields);
  const length = columns[0]?.length ?? 0;
  const struct = makeData({
    type: new Struct(fields),
    length,
    nullCount: 0,
    children: columns
  } as never);
  const batch = new RecordBatch(schema, struct as never);
  return tableToIPC(new Table(schema, [batch]), 'stream');
}
