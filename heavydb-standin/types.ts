// DuckDB type -> HeavyDB type mapping, and TRowSet building (columnar and row-wise).
//
// Encodings follow what HeavyDB sends and what @heavyai/connector decodes:
// BOOL and integers in int_col/int_val; FLOAT, DOUBLE and DECIMAL in real_col/real_val
// (HeavyDB converts decimals to double for clients; precision/scale ride in TTypeInfo);
// STR in str_col/str_val; DATE, TIME and TIMESTAMP as integer epoch seconds (TIMESTAMP
// precision 0, TIME = seconds since midnight) in int_col/int_val. NULLs are flagged in
// `nulls` / `is_null` with a placeholder in the data slot.
import { DuckDBDecimalType, DuckDBTypeId } from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { TDatumType, TEncodingType, dbError, i64 } from './protocol.ts';
import type { Int64Value } from './protocol.ts';

export type HeavyTypeName =
  | 'BOOL'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'STR'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP';

type Slot = 'int' | 'real' | 'str';
type Wire = number | string | Int64Value;
type Json = null | boolean | number | string;

/** How one result column is typed and encoded. */
export interface ICodec {
  name: HeavyTypeName;
  precision: number;
  scale: number;
  slot: Slot;
  /** Value for the Thrift datum (never called with null). */
  wire(v: DuckDBValue): Wire;
  /** Value for reference-cli JSON (never called with null). */
  json(v: DuckDBValue): Json;
}

const DAY_S = 86400n;
const floorDiv = (a: bigint, b: bigint): bigint =>
  a >= 0n ? a / b : -((-a + b - 1n) / b);
const pad = (n: bigint | number, w = 2): string => String(n).padStart(w, '0');

function toBig(v: DuckDBValue): bigint {
  if (typeof v === 'bigint') {
    return v;
  }
  if (typeof v === 'number') {
    return BigInt(v);
  }
  throw dbError(`Unexpected integer value ${String(v)}`);
}

function decimalString(v: DuckDBValue): string {
  const d = v as { value: bigint; scale: number };
  const neg = d.value < 0n;
  const digits = (neg ? -d.value : d.value)
    .toString()
    .padStart(d.scale + 1, '0');
  const cut = digits.length - d.scale;
  const body =
    d.scale > 0 ? `${digits.slice(0, cut)}.${digits.slice(cut)}` : digits;
  return neg ? `-${body}` : body;
}

/** Epoch seconds of a DuckDB date/time/timestamp value, per DuckDB type id. */
function epochSeconds(typeId: DuckDBTypeId, v: DuckDBValue): bigint {
  const o = v as unknown as Record<string, bigint | number>;
  switch (typeId) {
    case DuckDBTypeId.DATE:
      return BigInt(o.days) * DAY_S;
    case DuckDBTypeId.TIMESTAMP_S:
      return BigInt(o.seconds);
    case DuckDBTypeId.TIMESTAMP_MS:
      return floorDiv(BigInt(o.millis), 1000n);
    case DuckDBTypeId.TIMESTAMP_NS:
      return floorDiv(BigInt(o.nanos), 1000000000n);
    case DuckDBTypeId.TIME_NS:
      return floorDiv(BigInt(o.nanos), 1000000000n);
    default:
      return floorDiv(BigInt(o.micros), 1000000n); // TIME, TIMESTAMP, TIMESTAMP_TZ
  }
}

function isoFromSeconds(s: bigint): string {
  const days = floorDiv(s, DAY_S);
  const date = new Date(Number(days) * 86400000).toISOString().slice(0, 10);
  const rem = s - days * DAY_S;
  return `${date}T${pad(rem / 3600n)}:${pad((rem % 3600n) / 60n)}:${pad(rem % 60n)}`;
}

function make(
  name: HeavyTypeName,
  slot: Slot,
  wire: ICodec['wire'],
  json: ICodec['json'],
  precision = 0,
  scale = 0
): ICodec {
  return { name, slot, wire, json, precision, scale };
}

const smallInt = make(
  'SMALLINT',
  'int',
  v => Number(v),
  v => Number(v)
);
const int = make(
  'INT',
  'int',
  v => Number(v),
  v => Number(v)
);
const bigInt = make(
  'BIGINT',
  'int',
  v => i64(toBig(v)),
  v => toBig(v).toString()
);

/** The HeavyDB type a DuckDB column is reported as. Unmapped types are sent as text. */
export function codecFor(type: DuckDBType): ICodec {
  const id = type.typeId;
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      return make(
        'BOOL',
        'int',
        v => (v ? 1 : 0),
        v => Boolean(v)
      );
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.SMALLINT:
      return smallInt;
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.INTEGER:
      return int;
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
      return bigInt;
    case DuckDBTypeId.FLOAT:
      return make(
        'FLOAT',
        'real',
        v => Number(v),
        v => Number(v)
      );
    case DuckDBTypeId.DOUBLE:
      return make(
        'DOUBLE',
        'real',
        v => Number(v),
        v => Number(v)
      );
    case DuckDBTypeId.DECIMAL: {
      const t = type as DuckDBDecimalType;
      return make(
        'DECIMAL',
        'real',
        v => Number(decimalString(v)),
        decimalString,
        t.width,
        t.scale
      );
    }
    case DuckDBTypeId.DATE:
      return make(
        'DATE',
        'int',
        v => Number(epochSeconds(id, v)),
        v => isoFromSeconds(epochSeconds(id, v)).slice(0, 10)
      );
    case DuckDBTypeId.TIME:
    case DuckDBTypeId.TIME_NS:
      return make(
        'TIME',
        'int',
        v => Number(epochSeconds(id, v)),
        v => isoFromSeconds(epochSeconds(id, v)).slice(11)
      );
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return make(
        'TIMESTAMP',
        'int',
        v => Number(epochSeconds(id, v)),
        v => isoFromSeconds(epochSeconds(id, v))
      );
    default: // VARCHAR, ENUM, UUID, and anything HeavyDB has no equivalent for
      return make(
        'STR',
        'str',
        v => String(v),
        v => String(v)
      );
  }
}

/** TTypeInfo for a codec (plain object; the generated Thrift code copies it). */
export function typeInfo(c: ICodec): object {
  const isStr = c.name === 'STR';
  return {
    type: TDatumType[c.name],
    encoding: isStr ? TEncodingType.DICT : TEncodingType.NONE,
    nullable: true,
    is_array: false,
    precision: c.precision,
    scale: c.scale,
    comp_param: isStr ? 32 : 0,
    size: -1
  };
}

export function columnType(name: string, c: ICodec, colId?: number): object {
  return {
    col_name: name,
    col_type: typeInfo(c),
    is_reserved_keyword: false,
    src_name: '',
    is_system: false,
    is_physical: false,
    col_id: colId ?? 0
  };
}

const placeholder: Record<Slot, Wire> = { int: 0, real: 0, str: '' };

/** Columnar TRowSet from column-major values. */
export function columnarRowSet(
  names: string[],
  codecs: ICodec[],
  columns: DuckDBValue[][]
): object {
  const cols = codecs.map((c, i) => {
    const values = columns[i] ?? [];
    const nulls = new Array<boolean>(values.length);
    const data = new Array<Wire>(values.length);
    for (let r = 0; r < values.length; r++) {
      const v = values[r];
      nulls[r] = v === null;
      data[r] = v === null ? placeholder[c.slot] : c.wire(v);
    }
    return {
      nulls,
      data: {
        int_col: [],
        real_col: [],
        str_col: [],
        arr_col: [],
        [`${c.slot}_col`]: data
      }
    };
  });
  return {
    row_desc: names.map((n, i) => columnType(n, codecs[i])),
    rows: [],
    columns: cols,
    is_columnar: true
  };
}

/** Row-wise TRowSet from column-major values. */
export function rowWiseRowSet(
  names: string[],
  codecs: ICodec[],
  columns: DuckDBValue[][]
): object {
  const n = columns[0]?.length ?? 0;
  const rows = new Array<object>(n);
  for (let r = 0; r < n; r++) {
    rows[r] = {
      cols: codecs.map((c, i) => {
        const v = columns[i][r];
        const val = v === null ? placeholder[c.slot] : c.wire(v);
        return { is_null: v === null, val: { [`${c.slot}_val`]: val } };
      })
    };
  }
  return {
    row_desc: names.map((nm, i) => columnType(nm, codecs[i])),
    rows,
    columns: [],
    is_columnar: false
  };
}
