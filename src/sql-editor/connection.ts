/**
 * A live connection to HeavyDB through @heavyai/connector, loaded on first
 * use only (its bundle is ~1.5 MB and must stay off the page's first load).
 *
 * The connector's browser transport never settles a call when the request
 * fails at the network level (CORS, refused, non-200), which would leave the
 * panel blank for good. So every call runs beside a watchdog that
 * probes the endpoint itself with fetch and fails with a plain reason.
 */
import type { IArrowTableLike } from '../sql/arrow-block';
import { ConnectionError } from '../sql/errors';
import { markOnce, TimingMarks } from '../timing-marks';
import { loadOnce } from '../load-once';
import type { ITranslate } from '../translate';
import type { IConnection } from '../wire/payload';
import { serverAddress } from '../wire/server-address';

/** A connection plus how to log in: an Immerse session, or a user and password. */
export interface IConnectionTarget extends IConnection {
  database: string;
  /** An existing session (from Immerse): no login. */
  session?: string;
  user?: string;
  password?: string;
  binaryProtocol?: boolean;
}

/** One column of a Thrift-rows result, with HeavyDB's type name. */
export interface IQueryField {
  name: string;
  type: string;
}

/**
 * A Thrift-rows result as the connector returns it, with the server's execution time when it
 * reported one.
 */
export interface IQueryResult {
  fields: IQueryField[];
  rows: Record<string, unknown>[];
  executionMs?: number;
}

const PROBE_AFTER_MS = 4000;

/** The connector module, fetched once; tests watch that this chunk is absent from the first load. */
export const loadConnector: () => Promise<any> = loadOnce(() =>
  import(/* webpackChunkName: "heavyai-connector" */ '@heavyai/connector').then(
    module => {
      markOnce(TimingMarks.connectorLoaded);
      return module;
    }
  )
);

/** The part of apache-arrow the editor uses, typed by what the result block reads. */
interface IArrowDecoder {
  tableFromIPC(bytes: Uint8Array): IArrowTableLike;
}

/** apache-arrow, fetched on the first Arrow result. */
const loadArrow: () => Promise<IArrowDecoder> = loadOnce(
  () => import(/* webpackChunkName: "apache-arrow" */ 'apache-arrow')
);

/** Replies decoded before an editor asked for them (`decodeAhead`), by their bytes. */
const decodedAhead = new WeakMap<Uint8Array, IArrowTableLike>();

/**
 * Decode `buffer` now, for the editor that will take the call it answered: the deep link's editor
 * then shows its rows without decoding them in the frame that first shows the app. A reply that
 * does not decode is left for that editor, which reports it.
 */
export async function decodeAhead(buffer: Uint8Array): Promise<void> {
  try {
    const { tableFromIPC } = await loadArrow();
    if (!decodedAhead.has(buffer)) {
      decodedAhead.set(buffer, tableFromIPC(buffer));
    }
  } catch {
    // The editor decodes it again and says what is wrong.
  }
}

/** The editor's own `sql_execute_df` call (the binary request and its reply reader). */
function loadDataFrameCall(): Promise<typeof import('./df-call')> {
  return import(/* webpackChunkName: "heavyai-wire" */ './df-call');
}

/**
 * Start loading what an Arrow result needs (apache-arrow and the editor's own call), so a
 * statement that is about to run does not wait for them; failures surface when the call runs.
 */
export function preloadArrowPath(): void {
  void loadArrow().catch(() => undefined);
  void loadDataFrameCall().catch(() => undefined);
}

/** The URL the connector posts Thrift calls to: the server's root. */
export function endpointUrl(
  target: Pick<IConnectionTarget, 'protocol' | 'host' | 'port'>
): string {
  return `${serverAddress(target)}/`;
}

/**
 * One HeavyDB connection for the editor; every call fails with a plain reason instead of hanging
 * when the server cannot be reached.
 */
export class HeavyConnection {
  /** Set once the server refused `sql_execute_df`: later runs go straight to Thrift rows. */
  arrowRefusal?: string;
  private _closed = false;
  private _abandoned = false;

  /** Refuses calls once the run using this connection was stopped. */
  private _checkUsable(): void {
    if (this._abandoned) {
      throw new Error(this._trans.__('The query was stopped.'));
    }
  }

  /**
   * `ownsSession`: the session was opened here with user/password, so closing ends it. `client`:
   * the connector's connection, made on first use (see `open`).
   */
  private constructor(
    private readonly _client: () => Promise<any>,
    readonly target: IConnectionTarget,
    readonly ownsSession: boolean,
    private readonly _trans: ITranslate
  ) {}

  /**
   * Connect: reuse `target.session` when given, else load the connector and log in with user and
   * password; rejects with ConnectionError when neither is there, or with the call's failure.
   * With a session nothing is loaded yet: the editor's Arrow call needs only the session, so a
   * deep link's statement need not wait for the connector's chunk, which is loaded on the first
   * call that uses it.
   */
  static async open(
    target: IConnectionTarget,
    trans: ITranslate
  ): Promise<HeavyConnection> {
    const configured = async () => {
      const { DbCon } = await loadConnector();
      return new DbCon()
        .protocol(target.protocol)
        .host(target.host)
        .port(String(target.port))
        .dbName(target.database)
        .useBinaryProtocol(target.binaryProtocol !== false);
    };
    const { session } = target;
    if (session) {
      const withSession = loadOnce(() =>
        configured().then(con => {
          // initClients() resets the session list, so the ID is set after it.
          con.initClients();
          con.sessionId([session]);
          return con;
        })
      );
      return new HeavyConnection(withSession, target, false, trans);
    }
    if (!target.user || !target.password) {
      throw new ConnectionError(
        'login',
        trans.__(
          'No HeavyAI session and no user/password: use "Set default HeavyAI connection".'
        )
      );
    }
    const con = (await configured())
      .user(target.user)
      .password(target.password);
    await guard(target, con.connectAsync(), trans);
    return new HeavyConnection(() => Promise.resolve(con), target, true, trans);
  }

  /** Ends the session if this connection opened it; a session handed over by Immerse is left alone. */
  async close(): Promise<void> {
    if (this._closed) {
      return;
    }
    this._closed = true;
    if (this.ownsSession) {
      const con = await this._client();
      await con.disconnectAsync().catch(() => undefined); // the server may already have dropped it
    }
  }

  /**
   * Asks the server to interrupt what this connection's session is running (HeavyDB's
   * `interrupt(query_session, interrupt_session)`, the session asking for itself). The
   * connector does not wrap it, so its Thrift client is called directly.
   */
  async interrupt(): Promise<void> {
    // A run whose statement is interrupted must not send another (the Arrow-to-Thrift fallback,
    // the next block, the row count): from now on this connection only refuses.
    this._abandoned = true;
    const con = await this._client();
    const client = con._client?.[0];
    const session: unknown = con.sessionId()?.[0];
    if (
      typeof client?.interrupt !== 'function' ||
      typeof session !== 'string'
    ) {
      throw new Error(
        this._trans.__('This connection cannot interrupt queries.')
      );
    }
    await guard(
      this.target,
      Promise.resolve(client.interrupt(session, session)),
      this._trans
    );
  }

  /** HeavyDB's `get_session_info` for this connection's session: who it is and its database. */
  async sessionInfo(): Promise<unknown> {
    this._checkUsable();
    const con = await this._client();
    return guard<unknown>(this.target, con.getSessionInfoAsync(), this._trans);
  }

  /**
   * The result as Arrow through `sql_execute_df` (WIRE), called here in Thrift's binary protocol:
   * the reply's `df_buffer` bytes go to apache-arrow as they are (the connector's browser build
   * would turn them into a base64 string and back). A result announcing more than `maxBytes` is
   * refused before its bytes arrive (ReplyTooLargeError); `onBatches` gets the record batches
   * complete while most of the reply is still to come (once).
   */
  async queryArrow(
    sql: string,
    options: {
      maxBytes?: number;
      onBatches?: (table: IArrowTableLike) => void;
    } = {}
  ): Promise<{ table: IArrowTableLike; executionMs?: number; bytes: number }> {
    this._checkUsable();
    const session: unknown =
      this.target.session ?? (await this._client()).sessionId()?.[0];
    if (typeof session !== 'string') {
      throw new ConnectionError(
        'login',
        this._trans.__('No HeavyAI session to run the query with.')
      );
    }
    const [{ tableFromIPC }, { postDataFrameCall, takeEarlyCall }] =
      await Promise.all([loadArrow(), loadDataFrameCall()]);
    const { onBatches } = options;
    let earlyDecoded = false;
    const ownCall = () =>
      postDataFrameCall(
        this.target,
        session,
        sql,
        {
          maxBufferBytes: options.maxBytes ?? Number.MAX_SAFE_INTEGER,
          onBatches: (prefix, _batches, totalBytes) => {
            // Early rows are worth a decode and a paint only while most of the reply is to come.
            if (onBatches && !earlyDecoded && prefix.length * 2 <= totalBytes) {
              earlyDecoded = true;
              onBatches(tableFromIPC(prefix));
            }
          }
        },
        this._trans
      );
    // A plain call (no size limit, no early rows) may have been started before this editor was.
    const startedEarly =
      options.maxBytes === undefined && !onBatches
        ? takeEarlyCall(this.target, session, sql, ownCall)
        : undefined;
    const frame = await guard(
      this.target,
      startedEarly ?? ownCall(),
      this._trans
    );
    let table = startedEarly && decodedAhead.get(frame.buffer);
    if (!table) {
      table = tableFromIPC(frame.buffer);
      if (startedEarly) {
        decodedAhead.set(frame.buffer, table); // a decode still to come finds it done
      }
    }
    return {
      table,
      executionMs: frame.executionMs,
      bytes: frame.buffer.byteLength
    };
  }

  /**
   * Run `sql` and get its rows through Thrift; `limit` is the row cap sent to the server (-1:
   * none).
   */
  async query(sql: string, limit = -1): Promise<IQueryResult> {
    this._checkUsable();
    const con = await this._client();
    const result: any = await guard<any>(
      this.target,
      con.queryAsync(sql, {
        columnarResults: true,
        returnTiming: true,
        limit
      }),
      this._trans
    );
    return {
      fields: (result.fields ?? []).map((f: any) => ({
        name: String(f.name),
        type: String(f.type)
      })),
      rows: result.results ?? [],
      executionMs: Number(result.timing?.execution_time_ms) || undefined
    };
  }

  /** A rendering Vega spec drawn by HeavyDB: the PNG (base64) and the server's timings. */
  async renderVega(
    vega: string,
    compressionLevel: number
  ): Promise<{
    png: string;
    timings: {
      execution_time_ms: number;
      render_time_ms: number;
      total_time_ms: number;
    };
  }> {
    const con = await this._client();
    const result: any = await guard<any>(
      this.target,
      con.renderVegaAsync(0, vega, { compressionLevel }),
      this._trans
    );
    return {
      png: String(result.image ?? ''),
      timings: {
        execution_time_ms: Number(result.execution_time_ms) || 0,
        render_time_ms: Number(result.render_time_ms) || 0,
        total_time_ms: Number(result.total_time_ms) || 0
      }
    };
  }

  /** Completion hints for the text before `cursor` (0-based offset). */
  async completionHints(
    sql: string,
    cursor: number
  ): Promise<{ hints: string[]; replaced: string }[]> {
    const con = await this._client();
    const hints: any = await guard<any>(
      this.target,
      con.getCompletionHintsAsync(sql, { cursor }),
      this._trans
    );
    return (hints ?? []).map((h: any) => ({
      hints: (h.hints ?? []).map(String),
      replaced: String(h.replaced ?? '')
    }));
  }
}

/** Run `call`; if it has not answered after a while, find out whether the server is reachable at all. */
function guard<T>(
  target: IConnectionTarget,
  call: Promise<T>,
  trans: ITranslate
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = () => {
      settled = true;
      clearTimeout(timer);
    };
    const check = async () => {
      const problem = await probe(target, trans);
      if (settled) {
        return;
      }
      if (problem) {
        finish();
        reject(problem);
      } else {
        timer = setTimeout(check, PROBE_AFTER_MS * 2); // reachable: the query is just slow
      }
    };
    let timer = setTimeout(check, PROBE_AFTER_MS);
    call.then(
      value => {
        finish();
        resolve(value);
      },
      error => {
        finish();
        reject(error);
      }
    );
  });
}

/** Undefined when HeavyDB answers a Thrift POST; otherwise the reason, in plain words. */
export async function probe(
  target: IConnectionTarget,
  trans: ITranslate
): Promise<ConnectionError | undefined> {
  const url = endpointUrl(target);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.apache.thrift.json' },
      body: '[1,"get_status",1,0,{"1":{"str":""}}]',
      cache: 'no-store'
    });
    if (response.status !== 200) {
      return new ConnectionError(
        'http',
        trans.__(
          'HeavyDB at %1 answered HTTP %2 %3.',
          url,
          response.status,
          response.statusText
        )
      );
    }
    return undefined;
  } catch {
    try {
      await fetch(url, {
        method: 'POST',
        mode: 'no-cors',
        body: '',
        cache: 'no-store'
      });
      return new ConnectionError(
        'cors',
        trans.__(
          'HeavyDB at %1 is reachable but does not allow requests from %2 (CORS). Ask its administrator to allow this origin.',
          url,
          location.origin
        )
      );
    } catch {
      return new ConnectionError(
        'network',
        trans.__(
          'Cannot reach HeavyDB at %1 (network error: the server is down or unreachable).',
          url
        )
      );
    }
  }
}
