// The Thrift service handler: HeavyDB's methods as the connector uses them, answered from
// DuckDB. Methods keep HeavyDB's exact parameter lists (the generated Processor checks
// arity). Every other Processor method raises TDBException saying it is not supported.
import { hostname } from 'node:os';
import type { Engine } from './engine.ts';
import { SESSION_NOT_VALID } from './sessions.ts';
import type { Sessions } from './sessions.ts';
import { renderMethods } from './render/thrift-method.ts';
import { loadingMethods } from './loading.ts';
import {
  TArrowTransport,
  TCompletionHintType,
  TDeviceType,
  TRole,
  TTableType,
  dbError,
  i64,
  isDbError
} from './protocol.ts';
import {
  columnType,
  columnarRowSet,
  rowWiseRowSet,
  typeInfo
} from './types.ts';

export interface IHandlerOptions {
  engine: Engine;
  sessions: Sessions;
  users: ReadonlyMap<string, string>;
  dbName: string;
  version: string;
  /** Answer sql_execute_df with an error, as a server without the Arrow endpoint would. */
  refuseArrow?: boolean;
  /** Test hook awaited before each statement runs; a throw fails the call (see server.ts). */
  interceptQuery?: (sql: string) => Promise<void> | void;
}

/**
 * Whether HeavyDB would run `query` through sql_execute_df: a read query (SELECT, WITH,
 * VALUES), not DDL, DML or EXPLAIN. Leading comments and parentheses are skipped.
 */
export function isReadQuery(query: string): boolean {
  const start = query.replace(/^(\s+|--[^\n]*\n?|\/\*[\s\S]*?\*\/|\()*/, '');
  return /^(select|with|values)\b/i.test(start);
}

const KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'BY',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'HAVING',
  'JOIN',
  'LEFT',
  'INNER',
  'ON',
  'AS',
  'AND',
  'OR',
  'NOT',
  'NULL',
  'COUNT',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
  'DISTINCT',
  'CASE',
  'WHEN',
  'THEN',
  'ELSE',
  'END',
  'WITH',
  'BETWEEN',
  'LIKE',
  'IN',
  'IS'
];

/** The stand-in's superuser, as HeavyDB's default install names it. */
const SUPER_USER = 'admin';

const startsWithCi = (s: string, prefix: string): boolean =>
  s.toLowerCase().startsWith(prefix.toLowerCase());

export function createHandler(o: IHandlerOptions): object {
  const startTime = Math.floor(Date.now() / 1000);
  const status = () => ({
    read_only: false,
    version: o.version,
    rendering_enabled: true,
    start_time: startTime,
    edition: 'standin',
    host_name: hostname(),
    poly_rendering_enabled: false,
    role: TRole.SERVER,
    renderer_status_json: ''
  });

  const methods = {
    ...renderMethods(o.engine, o.sessions, isReadQuery),
    ...loadingMethods(o),
    connect(user: string, passwd: string, dbname: string) {
      const expected = o.users.get(user);
      if (expected === undefined || expected !== passwd) {
        throw dbError('Invalid credentials.');
      }
      const db = dbname || o.dbName;
      if (db !== o.dbName) {
        throw dbError(`Database name ${db} does not exist.`);
      }
      return o.sessions.issue(user, db);
    },
    disconnect(session: string) {
      o.sessions.end(session);
    },
    get_status(_session: string) {
      return [status()];
    },
    get_server_status(session: string) {
      o.sessions.touch(session);
      return status();
    },
    async get_tables(session: string) {
      o.sessions.touch(session);
      return (await o.engine.tables()).map(t => t.name);
    },
    async get_tables_meta(session: string) {
      o.sessions.touch(session);
      const tables = await o.engine.tables();
      return Promise.all(
        tables.map(async (t, i) => {
          const shape = (await o.engine.tableShape(t.name)) ?? {
            names: [],
            codecs: []
          };
          return {
            table_name: t.name,
            num_cols: shape.names.length,
            is_view: t.isView,
            is_replicated: false,
            shard_count: 0,
            max_rows: i64(2n ** 62n),
            table_id: i + 1,
            max_table_id: tables.length,
            col_types: shape.codecs.map(typeInfo),
            col_names: shape.names
          };
        })
      );
    },
    async get_table_details(session: string, table_name: string) {
      const s = o.sessions.touch(session);
      const shape = await o.engine.tableShape(table_name);
      const info = (await o.engine.tables()).find(t => t.name === table_name);
      if (!shape || !info) {
        throw dbError(
          `Table/View ${table_name} for catalog ${s.dbName} does not exist.`
        );
      }
      return {
        row_desc: shape.names.map((n, i) =>
          columnType(n, shape.codecs[i], i + 1)
        ),
        fragment_size: 32000000,
        page_size: 2097152,
        max_rows: i64(2n ** 62n),
        view_sql: info.viewSql,
        shard_count: 0,
        key_metainfo: '[]',
        is_temporary: false,
        partition_detail: 0,
        table_type: info.isView ? TTableType.VIEW : TTableType.DEFAULT
      };
    },
    async sql_execute(
      session: string,
      query: string,
      column_format: boolean,
      nonce: string,
      first_n: number,
      at_most_n: number
    ) {
      o.sessions.touch(session);
      await o.interceptQuery?.(query);
      const started = performance.now();
      const data = await o.engine.execute(
        query,
        first_n ?? -1,
        at_most_n ?? -1,
        session
      );
      const build = column_format ? columnarRowSet : rowWiseRowSet;
      const row_set = build(data.names, data.codecs, data.columns);
      return {
        row_set,
        execution_time_ms: Math.round(data.executionMs),
        total_time_ms: Math.round(performance.now() - started),
        nonce: nonce ?? '',
        debug: '',
        success: true,
        query_type: /^\s*(select|with)\b/i.test(query) ? 1 : 0
      };
    },
    async sql_execute_df(
      session: string,
      query: string,
      device_type: number,
      device_id: number,
      first_n: number,
      transport_method: number
    ) {
      o.sessions.touch(session);
      if (o.refuseArrow) {
        throw dbError('The HeavyDB stand-in does not support sql_execute_df.');
      }
      if (device_type === TDeviceType.GPU) {
        throw dbError('GPU mode is not allowed in this session');
      }
      if (transport_method !== TArrowTransport.WIRE) {
        throw dbError(
          'The HeavyDB stand-in only supports the WIRE Arrow transport: SHARED_MEMORY needs a client on the server host.'
        );
      }
      if (!isReadQuery(query)) {
        throw dbError(
          'DDL or update DML are not unsupported by current thrift API'
        );
      }
      await o.interceptQuery?.(query);
      const data = await o.engine.executeArrow(query, first_n ?? -1, session);
      return {
        sm_handle: Buffer.alloc(0),
        sm_size: 0,
        df_handle: Buffer.alloc(0),
        df_size: data.ipc.length,
        execution_time_ms: Math.round(data.executionMs),
        arrow_conversion_time_ms: Math.round(data.conversionMs),
        df_buffer: Buffer.from(
          data.ipc.buffer,
          data.ipc.byteOffset,
          data.ipc.length
        )
      };
    },
    get_session_info(session: string) {
      const s = o.sessions.touch(session);
      return {
        user: s.user,
        database: s.dbName,
        start_time: s.startTime,
        is_super: s.user === SUPER_USER
      };
    },
    interrupt(query_session: string, interrupt_session: string) {
      const asker = o.sessions.touch(interrupt_session);
      const target = o.sessions.peek(query_session);
      if (!target) {
        throw dbError(SESSION_NOT_VALID);
      }
      if (asker.user !== target.user && asker.user !== SUPER_USER) {
        throw dbError(
          'Only a superuser or the owner of the query session can interrupt its query.'
        );
      }
      o.engine.interrupt(query_session);
    },
    async sql_validate(session: string, query: string) {
      o.sessions.touch(session);
      const shape = await o.engine.describe(query);
      return shape.names.map((n, i) => columnType(n, shape.codecs[i]));
    },
    async get_completion_hints(session: string, sql: string, cursor: number) {
      o.sessions.touch(session);
      return completionHints(o.engine, sql, cursor);
    }
  };
  return withUnsupported(methods);
}

/** Table, column and keyword hints for the identifier that ends at `cursor`. */
async function completionHints(
  engine: Engine,
  sql: string,
  cursor: number
): Promise<object[]> {
  const at = Math.max(0, Math.min(cursor, sql.length));
  const token = /[A-Za-z0-9_.]*$/.exec(sql.slice(0, at))?.[0] ?? '';
  if (token === '') {
    return [];
  }
  const tables = (await engine.tables()).map(t => t.name);
  const hints: object[] = [];
  // HeavyDB sends one hint group per kind, and none for a kind with no match.
  const addHints = (type: number, names: string[], replaced: string) => {
    if (names.length) {
      hints.push({ type, hints: names, replaced });
    }
  };
  const dot = token.lastIndexOf('.');
  if (dot >= 0) {
    const qualifier = token.slice(0, dot);
    const prefix = token.slice(dot + 1);
    const table = tables.find(t => t.toLowerCase() === qualifier.toLowerCase());
    if (table) {
      const shape = await engine.tableShape(table);
      const cols = (shape?.names ?? []).filter(c => startsWithCi(c, prefix));
      addHints(TCompletionHintType.COLUMN, cols, prefix);
    }
    return hints;
  }
  const matchingTables = tables.filter(t => startsWithCi(t, token));
  addHints(TCompletionHintType.TABLE, matchingTables, token);
  // Columns of the tables the statement mentions; of all tables if it mentions none.
  const words = new Set(sql.toLowerCase().match(/[a-z0-9_]+/g) ?? []);
  const mentioned = tables.filter(t => words.has(t.toLowerCase()));
  const columns = new Set<string>();
  for (const t of mentioned.length ? mentioned : tables) {
    const shape = await engine.tableShape(t);
    for (const c of shape?.names ?? []) {
      if (startsWithCi(c, token)) {
        columns.add(c);
      }
    }
  }
  addHints(TCompletionHintType.COLUMN, [...columns].sort(), token);
  const keywords = KEYWORDS.filter(k => startsWithCi(k, token));
  addHints(TCompletionHintType.KEYWORD, keywords, token);
  return hints;
}

type Method = (...args: never[]) => unknown;

/**
 * Keeps each method's arity (the Processor uses it to choose promise style), turns stray
 * errors into TDBException, and answers every other method name with "not supported".
 */
function withUnsupported(methods: Record<string, Method>): object {
  const wrapped: Record<string, Method> = {};
  for (const [name, fn] of Object.entries(methods)) {
    const w = (...args: never[]) =>
      Promise.resolve()
        .then(() => fn(...args))
        .catch((err: unknown) => {
          throw isDbError(err)
            ? err
            : dbError(err instanceof Error ? err.message : String(err));
        });
    Object.defineProperty(w, 'length', { value: fn.length });
    wrapped[name] = w;
  }
  return new Proxy(wrapped, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) {
        return Reflect.get(target, prop);
      }
      const unsupported = (...args: unknown[]) => {
        const err = dbError(`The HeavyDB stand-in does not support ${prop}.`);
        const callback = args[args.length - 1];
        if (typeof callback === 'function') {
          return void callback(err);
        }
        return Promise.reject(err);
      };
      return unsupported;
    }
  });
}
