// Write-back: HeavyDB's create_table, load_table_binary_arrow, load_table_binary_columnar and
// load_table, on DuckDB. Every value is converted and checked before the table is touched, and
// the rows go in through one appender inside one transaction: a load adds all its rows or none,
// and once it returns they are visible to every session (one DuckDB database).
import {
  DuckDBDecimalType,
  DuckDBTypeId,
  dateValue,
  decimalValue,
  timeValue,
  timestampValue
} from '@duckdb/node-api';
import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { tableFromIPC } from 'apache-arrow';
import type { Vector } from 'apache-arrow';
import type { Engine } from './engine.ts';
import type { Sessions } from './sessions.ts';
import { fixedWidthColumn } from './fixed-width.ts';
import type { IFixedWidthColumn } from './fixed-width.ts';
import { Int64, TDatumType, dbError } from './protocol.ts';

const DAY_S = 86400n;
const US = 1000000n;

/** HeavyDB's TDatumType -> the DuckDB column type a created table gets. */
function duckType(col: IColumnType): string {
  const t = col.col_type;
  switch (t.type) {
    case TDatumType.BOOL:
      return 'BOOLEAN';
    case TDatumType.TINYINT:
      return 'TINYINT';
    case TDatumType.SMALLINT:
      return 'SMALLINT';
    case TDatumType.INT:
      return 'INTEGER';
    case TDatumType.BIGINT:
      return 'BIGINT';
    case TDatumType.FLOAT:
      return 'FLOAT';
    case TDatumType.DOUBLE:
      return 'DOUBLE';
    case TDatumType.DECIMAL:
      if (
        !(t.precision >= 1 && t.precision <= 18) ||
        t.scale < 0 ||
        t.scale > t.precision
      ) {
        throw dbError(
          `Invalid DECIMAL(${t.precision},${t.scale}) for column ${col.col_name}: precision must be 1 to 18 and scale at most the precision`
        );
      }
      return `DECIMAL(${t.precision},${t.scale})`;
    case TDatumType.STR:
      return 'VARCHAR';
    case TDatumType.DATE:
      return 'DATE';
    case TDatumType.TIME:
      return 'TIME';
    case TDatumType.TIMESTAMP:
      return 'TIMESTAMP';
    default:
      throw dbError(
        `The HeavyDB stand-in cannot create column ${col.col_name} of type ${String(t.type)}`
      );
  }
}

interface IColumnType {
  col_name: string;
  col_type: { type: number; precision: number; scale: number };
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Integer ranges HeavyDB accepts (each type's minimum is its NULL sentinel). */
const INT_RANGE: Partial<Record<DuckDBTypeId, [bigint, bigint, string]>> = {
  [DuckDBTypeId.TINYINT]: [-127n, 127n, 'TINYINT'],
  [DuckDBTypeId.SMALLINT]: [-32767n, 32767n, 'SMALLINT'],
  [DuckDBTypeId.INTEGER]: [-2147483647n, 2147483647n, 'INTEGER'],
  [DuckDBTypeId.BIGINT]: [-(2n ** 63n) + 1n, 2n ** 63n - 1n, 'BIGINT']
};

/** A value as it arrives: a JS number/bigint/string/boolean/Date, or an Int64 from Thrift. */
type Loose = unknown;

function toBigInt(v: Loose, what: string): bigint {
  if (typeof v === 'bigint') {
    return v;
  }
  if (typeof v === 'number' && Number.isInteger(v)) {
    return BigInt(v);
  }
  if (v instanceof Int64) {
    const { buffer, offset } = v as unknown as {
      buffer: Buffer;
      offset: number;
    };
    return buffer.readBigInt64BE(offset);
  }
  if (typeof v === 'string' && /^\s*[-+]?\d+\s*$/.test(v)) {
    return BigInt(v.trim());
  }
  throw dbError(`Invalid ${what} value: ${String(v)}`);
}

function parseSeconds(text: string, what: string): bigint {
  const m =
    /^\s*(-?\d{4,})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?)?\s*$/.exec(
      text
    );
  if (!m) {
    throw dbError(`Invalid ${what} string (${text})`);
  }
  const ms = Date.UTC(
    +m[1],
    +m[2] - 1,
    +m[3],
    +(m[4] ?? 0),
    +(m[5] ?? 0),
    +(m[6] ?? 0)
  );
  return BigInt(Math.floor(ms / 1000));
}

function parseTimeSeconds(text: string): bigint {
  const m = /^\s*(\d\d):(\d\d)(?::(\d\d)(?:\.\d+)?)?\s*$/.exec(text);
  if (!m || +m[1] > 23 || +m[2] > 59 || +(m[3] ?? 0) > 59) {
    throw dbError(`Invalid TIME string (${text})`);
  }
  return BigInt(+m[1] * 3600 + +m[2] * 60 + +(m[3] ?? 0));
}

/**
 * Converts one incoming value to the DuckDB value for a column of `type`. `form` says how the
 * call encodes it: 'wire' (columnar: ints, doubles, strings, epoch seconds, scaled decimals),
 * 'text' (load_table's strings) or 'arrow' (apache-arrow's JS values).
 */
type Form = 'wire' | 'text' | 'arrow';

function convert(type: DuckDBType, v: Loose, form: Form): DuckDBValue {
  const id = type.typeId;
  const range = INT_RANGE[id];
  if (range) {
    const n = toBigInt(v, range[2]);
    if (n < range[0] || n > range[1]) {
      throw dbError(
        `Integer ${n} exceeds the range of ${range[2]} (${range[0]} to ${range[1]})`
      );
    }
    return id === DuckDBTypeId.BIGINT ? n : Number(n);
  }
  switch (id) {
    case DuckDBTypeId.BOOLEAN:
      if (form === 'text') {
        const t = String(v).trim().toLowerCase();
        if (['t', 'true', '1', 'y', 'yes'].includes(t)) {
          return true;
        }
        if (['f', 'false', '0', 'n', 'no'].includes(t)) {
          return false;
        }
        throw dbError(`Invalid BOOLEAN string (${String(v)})`);
      }
      return typeof v === 'boolean' ? v : toBigInt(v, 'BOOLEAN') !== 0n;
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE: {
      const f = typeof v === 'string' ? Number(v.trim()) : Number(v);
      if (Number.isNaN(f) && !(typeof v === 'string' && /nan/i.test(v))) {
        throw dbError(`Invalid floating point value: ${String(v)}`);
      }
      return f;
    }
    case DuckDBTypeId.DECIMAL: {
      const t = type as DuckDBDecimalType;
      let scaled: bigint;
      if (form === 'wire' && typeof v !== 'string') {
        scaled = toBigInt(v, 'DECIMAL');
      } else if (form === 'arrow' && v instanceof Uint32Array) {
        scaled = decimalWords(v);
      } else {
        scaled = scaleDecimal(String(v), t.scale);
      }
      if ((scaled < 0n ? -scaled : scaled) >= 10n ** BigInt(t.width)) {
        throw dbError(
          `Decimal overflow: ${String(v)} does not fit DECIMAL(${t.width},${t.scale})`
        );
      }
      return decimalValue(scaled, t.width, t.scale);
    }
    case DuckDBTypeId.VARCHAR:
      if (typeof v !== 'string') {
        throw dbError(`Invalid TEXT value: ${String(v)}`);
      }
      return v;
    case DuckDBTypeId.DATE: {
      const s = seconds(v, form, 'DATE');
      return dateValue(Number((s - (((s % DAY_S) + DAY_S) % DAY_S)) / DAY_S));
    }
    case DuckDBTypeId.TIME: {
      const s =
        form === 'text' ? parseTimeSeconds(String(v)) : toBigInt(v, 'TIME');
      if (s < 0n || s >= DAY_S) {
        throw dbError(`Invalid TIME value: ${String(v)}`);
      }
      return timeValue(s * US);
    }
    case DuckDBTypeId.TIMESTAMP:
      return timestampValue(seconds(v, form, 'TIMESTAMP') * US);
    default:
      throw dbError(
        `The HeavyDB stand-in cannot load into a ${type.toString()} column`
      );
  }
}

function seconds(v: Loose, form: Form, what: string): bigint {
  if (form === 'text') {
    return parseSeconds(String(v), what);
  }
  if (v instanceof Date) {
    return BigInt(Math.floor(v.getTime() / 1000));
  }
  if (form === 'arrow' && typeof v === 'number') {
    return BigInt(Math.floor(v / 1000)); // apache-arrow gives dates and timestamps in ms
  }
  return toBigInt(v, what);
}

/** A 128-bit two's-complement decimal from apache-arrow's four little-endian words. */
function decimalWords(words: Uint32Array): bigint {
  let n = 0n;
  for (let i = 3; i >= 0; i--) {
    n = (n << 32n) | BigInt(words[i]);
  }
  return n >= 2n ** 127n ? n - 2n ** 128n : n;
}

function scaleDecimal(text: string, scale: number): bigint {
  const m = /^\s*([-+]?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) {
    throw dbError(`Invalid DECIMAL string (${text})`);
  }
  const frac = (m[3] ?? '').padEnd(scale, '0');
  let n = BigInt((m[2] || '0') + frac.slice(0, scale));
  if (frac.length > scale && frac[scale] >= '5') {
    n += 1n;
  }
  return m[1] === '-' ? -n : n;
}

/** One incoming column: how many rows, and the value (undefined = NULL) of each. */
interface IIncoming {
  length: number;
  at(row: number): Loose | null;
  /** The whole column without a value per cell, when its storage allows (Arrow only). */
  fixedWidth?(type: DuckDBType, name: string): IFixedWidthColumn | null;
}

export interface ILoadingOptions {
  engine: Engine;
  sessions: Sessions;
}

export function loadingMethods(
  o: ILoadingOptions
): Record<string, (...args: never[]) => unknown> {
  /** Checks the table and the shape, converts every value, then appends all rows at once. */
  async function load(
    tableName: string,
    incoming: IIncoming[],
    names: string[] | null,
    form: Form
  ): Promise<void> {
    const shape = await o.engine.tableTypes(tableName);
    if (!shape) {
      throw dbError(`Table ${tableName} does not exist.`);
    }
    const order =
      names && names.length ? byName(shape.names, names, tableName) : null;
    if (incoming.length !== (order ? names!.length : shape.names.length)) {
      throw dbError(`Wrong number of columns to load into Table ${tableName}`);
    }
    const rows = incoming.length ? incoming[0].length : 0;
    if (incoming.some(c => c.length !== rows)) {
      throw dbError(`Column size mismatch loading into Table ${tableName}`);
    }
    // a column the call does not name stays NULL; the others are made as they are read
    const columns: (DuckDBValue[] | IFixedWidthColumn | undefined)[] =
      shape.types.map(() => undefined);
    const nulls = (): DuckDBValue[] => new Array<DuckDBValue>(rows).fill(null);
    incoming.forEach((col, i) => {
      const target = order ? order[i] : i;
      const type = shape.types[target];
      const fixed = col.fixedWidth?.(type, shape.names[target]);
      if (fixed) {
        columns[target] = fixed;
        return;
      }
      const out = nulls();
      columns[target] = out;
      for (let r = 0; r < rows; r++) {
        const v = col.at(r);
        if (v !== null && v !== undefined) {
          try {
            out[r] = convert(type, v, form);
          } catch (err) {
            const message = err instanceof Error ? err.message : String(err);
            throw dbError(
              `${(err as { error_msg?: string }).error_msg ?? message} in column ${shape.names[target]}, row ${r + 1}; nothing was loaded`
            );
          }
        }
      }
    });
    await o.engine.appendColumns(
      tableName,
      shape.types,
      columns.map(c => c ?? nulls())
    );
  }

  return {
    async create_table(
      session: string,
      table_name: string,
      row_desc: IColumnType[],
      create_params: object
    ) {
      void create_params; // replication has no meaning on one DuckDB
      o.sessions.touch(session);
      if (!table_name || !/^[A-Za-z_][A-Za-z0-9_$]*$/.test(table_name)) {
        throw dbError(`Invalid table name: ${table_name}`);
      }
      if (!row_desc?.length) {
        throw dbError(`Table ${table_name} must have at least one column`);
      }
      if (
        (await o.engine.tables()).some(
          t => t.name.toLowerCase() === table_name.toLowerCase()
        )
      ) {
        throw dbError(`Table ${table_name} already exists.`);
      }
      const cols = row_desc.map(
        c => `${quoteIdent(c.col_name)} ${duckType(c)}`
      );
      await o.engine.run(
        `CREATE TABLE ${quoteIdent(table_name)} (${cols.join(', ')})`
      );
    },
    async load_table_binary_columnar(
      session: string,
      table_name: string,
      cols: IThriftColumn[],
      column_names: string[]
    ) {
      o.sessions.touch(session);
      const shape = await o.engine.tableTypes(table_name);
      const incoming = (cols ?? []).map((c, i) =>
        columnarIncoming(c, shape?.types[i])
      );
      await load(table_name, incoming, column_names, 'wire');
    },
    async load_table_binary_arrow(
      session: string,
      table_name: string,
      arrow_stream: Buffer,
      use_column_names: boolean
    ) {
      o.sessions.touch(session);
      let table;
      try {
        table = tableFromIPC(arrow_stream);
      } catch (err) {
        throw dbError(
          `Could not read the Arrow stream: ${err instanceof Error ? err.message : String(err)}`
        );
      }
      const incoming = table.schema.fields.map((_, i) =>
        vectorIncoming(table.getChildAt(i)!)
      );
      const names = use_column_names
        ? table.schema.fields.map(f => f.name)
        : null;
      await load(table_name, incoming, names, 'arrow');
    },
    async load_table(
      session: string,
      table_name: string,
      rows: { cols: { str_val: string; is_null: boolean }[] }[],
      column_names: string[]
    ) {
      o.sessions.touch(session);
      const list = rows ?? [];
      const width = list.length ? list[0].cols.length : 0;
      if (list.some(r => r.cols.length !== width)) {
        throw dbError(
          `Wrong number of columns to load into Table ${table_name}`
        );
      }
      const incoming: IIncoming[] = Array.from({ length: width }, (_, c) => ({
        length: list.length,
        at: (r: number) =>
          list[r].cols[c].is_null ? null : list[r].cols[c].str_val
      }));
      if (!list.length) {
        return;
      }
      await load(table_name, incoming, column_names, 'text');
    }
  };
}

interface IThriftColumn {
  data: { int_col?: Loose[]; real_col?: number[]; str_col?: string[] };
  nulls: boolean[];
}

function columnarIncoming(
  c: IThriftColumn,
  type: DuckDBType | undefined
): IIncoming {
  const d = c.data ?? {};
  const id = type?.typeId;
  const real = id === DuckDBTypeId.FLOAT || id === DuckDBTypeId.DOUBLE;
  const str = id === DuckDBTypeId.VARCHAR;
  const values: Loose[] =
    (real ? d.real_col : str ? d.str_col : d.int_col) ?? [];
  const nulls = c.nulls ?? [];
  return {
    length: Math.max(nulls.length, values.length),
    at: (r: number) => (nulls[r] ? null : values[r])
  };
}

function vectorIncoming(v: Vector): IIncoming {
  return {
    length: v.length,
    at: (r: number) => v.get(r) as Loose,
    fixedWidth: (type, name) => fixedWidthColumn(v, type, name)
  };
}

function byName(
  tableNames: string[],
  names: string[],
  table: string
): number[] {
  return names.map(n => {
    const i = tableNames.findIndex(t => t.toLowerCase() === n.toLowerCase());
    if (i < 0) {
      throw dbError(`Column ${n} does not exist in Table ${table}`);
    }
    return i;
  });
}
