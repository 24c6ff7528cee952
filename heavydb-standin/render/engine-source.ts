// The stand-in's DuckDB engine as the renderer's data source: result values become plain
// numbers, strings and booleans (BIGINT as a double, DECIMAL as a double, timestamps as
// epoch seconds, as HeavyDB's renderer reads them).
import type { DuckDBValue } from '@duckdb/node-api';
import type { Engine } from '../engine.ts';
import { VegaSpecError } from './errors.ts';
import type { IDataTable, QueryFn } from './render.ts';
import type { DataValue } from './scales.ts';

function plain(v: DuckDBValue): DataValue {
  switch (typeof v) {
    case 'number':
    case 'string':
    case 'boolean':
      return v;
    case 'bigint':
      return Number(v);
    default:
      break;
  }
  if (v === null || v === undefined) {
    return null;
  }
  const o = v as unknown as Record<string, unknown>;
  if (typeof o.toDouble === 'function') {
    return (o.toDouble as () => number)();
  }
  if (typeof o.micros === 'bigint') {
    return Number(o.micros) / 1e6;
  }
  if (typeof o.days === 'number') {
    return o.days * 86400;
  }
  return String(v);
}

/**
 * `isReadQuery` guards the engine: a render runs its data entries' SQL, and like HeavyDB's
 * renderer it only reads.
 */
export function engineSource(
  engine: Engine,
  isReadQuery: (sql: string) => boolean
): QueryFn {
  return async (sql: string): Promise<IDataTable> => {
    if (!isReadQuery(sql)) {
      throw new VegaSpecError(
        'data.sql',
        'a data entry must be a read query (SELECT, WITH or VALUES)'
      );
    }
    const result = await engine.execute(sql);
    const columns = result.columns.map(col => {
      const out: DataValue[] = new Array(col.length);
      for (let i = 0; i < col.length; i++) {
        out[i] = plain(col[i]);
      }
      return out;
    });
    return { names: result.names, columns, rowCount: result.rowCount };
  };
}
