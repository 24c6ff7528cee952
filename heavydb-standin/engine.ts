// DuckDB engine behind the stand-in: opening, seeding, running queries, catalog look-ups,
// and `referenceQuery` (DuckDB's own answer, used by reference-cli and the tests).
import { DuckDBDataChunk, DuckDBInstance } from '@duckdb/node-api';
import type {
  DuckDBConnection,
  DuckDBType,
  DuckDBValue
} from '@duckdb/node-api';
import { SEED_SQL } from './seed.ts';
import { codecFor } from './types.ts';
import type { ICodec, HeavyTypeName } from './types.ts';
import { dbError, isDbError } from './protocol.ts';
import { arrowColumn, ipcStream } from './arrow.ts';
import { writeFixedWidth } from './fixed-width.ts';
import type { IFixedWidthColumn } from './fixed-width.ts';

export interface IResultData {
  names: string[];
  codecs: ICodec[];
  /** Column-major values. */
  columns: DuckDBValue[][];
  rowCount: number;
  executionMs: number;
}

export interface IArrowResult {
  /** Arrow IPC stream (schema, dictionaries, one record batch). */
  ipc: Uint8Array;
  rowCount: number;
  /** Time not spent converting to Arrow (planning, execution, fetching chunks). */
  executionMs: number;
  /** Time spent building and encoding the Arrow columns. */
  conversionMs: number;
  engineMs: number;
}

export interface ITableInfo {
  name: string;
  isView: boolean;
  viewSql: string;
}
export interface IShape {
  names: string[];
  codecs: ICodec[];
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function asDbError(err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  // node-api wraps parse errors; keep only DuckDB's own text.
  return dbError(message.replace(/^Failed to extract statements: /, ''));
}

/** HeavyDB's wording for a statement stopped by interrupt(). */
export const QUERY_INTERRUPTED = 'Query execution has been interrupted';

export class Engine {
  /** Connections running a statement, by the session that asked (for interrupt). */
  private readonly running = new Map<string, Set<DuckDBConnection>>();
  private readonly interrupted = new WeakSet<DuckDBConnection>();

  private constructor(private readonly instance: DuckDBInstance) {}

  /** Opens DuckDB (in memory unless `dbFile`) and seeds the sample tables. */
  static async open(dbFile?: string): Promise<Engine> {
    const instance = await DuckDBInstance.create(dbFile ?? ':memory:', {
      threads: '2'
    });
    const engine = new Engine(instance);
    await engine.withConnection(async conn => {
      for (const sql of SEED_SQL) {
        await conn.run(sql);
      }
    });
    return engine;
  }

  close(): void {
    this.instance.closeSync();
  }

  /**
   * Interrupts every statement running for `owner` (DuckDB stops working on it at once).
   * Returns how many were running.
   */
  interrupt(owner: string): number {
    const conns = this.running.get(owner);
    for (const conn of conns ?? []) {
      this.interrupted.add(conn);
      conn.interrupt();
    }
    return conns?.size ?? 0;
  }

  /** Statements running now (tests check that an interrupted one is gone). */
  get runningCount(): number {
    let n = 0;
    for (const conns of this.running.values()) {
      n += conns.size;
    }
    return n;
  }

  /**
   * One connection per call: concurrent requests never share a streaming result. With an
   * `owner`, the connection can be interrupted through `interrupt(owner)` while it runs.
   */
  private async withConnection<T>(
    fn: (conn: DuckDBConnection) => Promise<T>,
    owner?: string
  ): Promise<T> {
    const conn = await this.instance.connect();
    let conns: Set<DuckDBConnection> | undefined;
    if (owner !== undefined) {
      conns = this.running.get(owner) ?? new Set();
      this.running.set(owner, conns.add(conn));
    }
    try {
      return await fn(conn);
    } catch (err) {
      throw this.interrupted.has(conn) ? dbError(QUERY_INTERRUPTED) : err;
    } finally {
      if (owner !== undefined && conns) {
        conns.delete(conn);
        if (conns.size === 0) {
          this.running.delete(owner);
        }
      }
      conn.closeSync();
    }
  }

  private checkInterrupted(conn: DuckDBConnection): void {
    if (this.interrupted.has(conn)) {
      throw dbError(QUERY_INTERRUPTED);
    }
  }

  /**
   * Runs `sql`, keeping at most `firstN` rows (-1 = all). If `atMostN` >= 0 and the result has
   * more rows than that, fails as HeavyDB does. DuckDB errors become TDBException.
   */
  async execute(
    sql: string,
    firstN = -1,
    atMostN = -1,
    owner?: string
  ): Promise<IResultData> {
    const started = performance.now();
    try {
      return await this.withConnection(async conn => {
        const result = await conn.stream(sql);
        const names = result.columnNames();
        const codecs = result.columnTypes().map(codecFor);
        const columns: DuckDBValue[][] = names.map(() => []);
        const want = firstN >= 0 ? firstN : Infinity;
        const cap = atMostN >= 0 ? atMostN : Infinity;
        let total = 0;
        let kept = 0;
        // Keep reading while rows are still wanted, or while the cap still needs checking.
        while (kept < want || (cap !== Infinity && total <= cap)) {
          const chunk = await result.fetchChunk();
          this.checkInterrupted(conn);
          if (!chunk || chunk.rowCount === 0) {
            break;
          }
          total += chunk.rowCount;
          const take = Math.min(chunk.rowCount, want - kept);
          if (take > 0) {
            for (let c = 0; c < names.length; c++) {
              const values = chunk.getColumnValues(c);
              const target = columns[c];
              for (let r = 0; r < take; r++) {
                target.push(values[r]);
              }
            }
            kept += take;
          }
        }
        if (total > cap) {
          throw dbError(
            `The result contains more rows than the specified cap of ${atMostN}`
          );
        }
        return {
          names,
          codecs,
          columns,
          rowCount: kept,
          executionMs: performance.now() - started
        };
      }, owner);
    } catch (err) {
      throw isDbError(err) ? err : asDbError(err);
    }
  }

  /**
   * Runs `sql` and returns its first `firstN` rows (-1 = all) as an Arrow IPC stream, built
   * from DuckDB's column vectors chunk by chunk (see arrow.ts).
   */
  async executeArrow(
    sql: string,
    firstN = -1,
    owner?: string
  ): Promise<IArrowResult> {
    const started = performance.now();
    try {
      return await this.withConnection(async conn => {
        const result = await conn.stream(sql);
        const names = result.columnNames();
        const types = result.columnTypes();
        const builders = types.map(t => arrowColumn(t, codecFor(t)));
        const want = firstN >= 0 ? firstN : Infinity;
        let kept = 0;
        let engineMs = 0;
        let convertMs = 0;
        while (kept < want) {
          const fetchStarted = performance.now();
          const chunk = await result.fetchChunk();
          engineMs += performance.now() - fetchStarted;
          this.checkInterrupted(conn);
          if (!chunk || chunk.rowCount === 0) {
            break;
          }
          const take = Math.min(chunk.rowCount, want - kept);
          const convertStarted = performance.now();
          for (let c = 0; c < builders.length; c++) {
            builders[c].append(chunk.getColumnVector(c), take);
          }
          convertMs += performance.now() - convertStarted;
          kept += take;
        }
        const encodeStarted = performance.now();
        const ipc = ipcStream(
          names,
          builders.map(b => b.finish())
        );
        convertMs += performance.now() - encodeStarted;
        return {
          ipc,
          rowCount: kept,
          executionMs: performance.now() - started - convertMs,
          conversionMs: convertMs,
          engineMs
        };
      }, owner);
    } catch (err) {
      throw isDbError(err) ? err : asDbError(err);
    }
  }

  /** Column names and types of a query without running it. */
  async describe(sql: string): Promise<IShape> {
    try {
      return await this.withConnection(async conn => {
        const stmt = await conn.prepare(sql);
        try {
          const names: string[] = [];
          const codecs: ICodec[] = [];
          for (let i = 0; i < stmt.columnCount; i++) {
            names.push(stmt.columnName(i));
            codecs.push(codecFor(stmt.columnType(i)));
          }
          return { names, codecs };
        } finally {
          stmt.destroySync();
        }
      });
    } catch (err) {
      throw asDbError(err);
    }
  }

  async tables(): Promise<ITableInfo[]> {
    return this.withConnection(async conn => {
      const reader = await conn.runAndReadAll(
        `SELECT t.table_name, t.table_type, coalesce(v.sql, '')
         FROM information_schema.tables t
         LEFT JOIN duckdb_views() v ON v.view_name = t.table_name AND v.schema_name = t.table_schema
         WHERE t.table_schema = 'main' AND t.table_catalog = current_database()
         ORDER BY t.table_name`
      );
      return reader.getRows().map(r => ({
        name: String(r[0]),
        isView: r[1] === 'VIEW',
        viewSql: String(r[2])
      }));
    });
  }

  /** Runs one statement that returns nothing of interest (DDL). */
  async run(sql: string): Promise<void> {
    try {
      await this.withConnection(async conn => {
        await conn.run(sql);
      });
    } catch (err) {
      throw isDbError(err) ? err : asDbError(err);
    }
  }

  /** Column names and DuckDB types of a table (not a view), or null when there is none. */
  async tableTypes(
    name: string
  ): Promise<{ names: string[]; types: DuckDBType[] } | null> {
    const table = (await this.tables()).find(
      t => !t.isView && t.name.toLowerCase() === name.toLowerCase()
    );
    if (!table) {
      return null;
    }
    return this.withConnection(async conn => {
      const stmt = await conn.prepare(
        `SELECT * FROM ${quoteIdent(table.name)}`
      );
      try {
        const names: string[] = [];
        const types: DuckDBType[] = [];
        for (let i = 0; i < stmt.columnCount; i++) {
          names.push(stmt.columnName(i));
          types.push(stmt.columnType(i));
        }
        return { names, types };
      } finally {
        stmt.destroySync();
      }
    });
  }

  /**
   * Appends column-major values (already of each column's type) in one transaction: every row
   * or, when anything fails, none.
   */
  async appendColumns(
    name: string,
    types: DuckDBType[],
    columns: (DuckDBValue[] | IFixedWidthColumn)[]
  ): Promise<void> {
    const first = columns[0];
    const rows = (Array.isArray(first) ? first : first?.values)?.length ?? 0;
    try {
      await this.withConnection(async conn => {
        await conn.run('BEGIN TRANSACTION');
        try {
          const appender = await conn.createAppender(name);
          const step = 2048; // DuckDB's vector size: one chunk holds at most this many rows
          for (let at = 0; at < rows; at += step) {
            const end = Math.min(rows, at + step);
            const chunk = DuckDBDataChunk.create(types, end - at);
            columns.forEach((column, i) =>
              Array.isArray(column)
                ? chunk.setColumnValues(i, column.slice(at, end))
                : writeFixedWidth(chunk, i, column, at, end)
            );
            appender.appendDataChunk(chunk);
          }
          appender.closeSync();
          await conn.run('COMMIT');
        } catch (err) {
          await conn.run('ROLLBACK');
          throw err;
        }
      });
    } catch (err) {
      throw isDbError(err) ? err : asDbError(err);
    }
  }

  /** Column shape of a table or view, or null when it does not exist. */
  async tableShape(name: string): Promise<IShape | null> {
    const known = (await this.tables()).some(t => t.name === name);
    if (!known) {
      return null;
    }
    return this.describe(`SELECT * FROM ${quoteIdent(name)}`);
  }
}

export interface IReferenceColumn {
  name: string;
  type: HeavyTypeName;
  precision: number;
  scale: number;
}
export interface IReferenceResult {
  columns: IReferenceColumn[];
  rows: (null | boolean | number | string)[][];
}

/** Converts an executed result to reference JSON values (see README for the encoding). */
export function toReference(data: IResultData): IReferenceResult {
  const columns = data.names.map((name, i) => {
    const c = data.codecs[i];
    return { name, type: c.name, precision: c.precision, scale: c.scale };
  });
  const rows: IReferenceResult['rows'] = [];
  for (let r = 0; r < data.rowCount; r++) {
    rows.push(
      data.codecs.map((c, i) => {
        const v = data.columns[i][r];
        return v === null ? null : c.json(v);
      })
    );
  }
  return { columns, rows };
}

/**
 * Runs `sql` on a freshly seeded in-memory DuckDB and returns DuckDB's own answer.
 * Pass `engine` (one opened with `Engine.open()` and left unmodified) to reuse it across calls.
 */
export async function referenceQuery(
  sql: string,
  engine?: Engine
): Promise<IReferenceResult> {
  if (engine) {
    return toReference(await engine.execute(sql));
  }
  const fresh = await Engine.open();
  try {
    return toReference(await fresh.execute(sql));
  } finally {
    fresh.close();
  }
}
