// HeavyDB stand-in server: HeavyDB's Thrift service over HTTP on path "/", answered by DuckDB.
// A test/demo stand-in only — see README.md.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Engine } from './engine.ts';
import { Sessions } from './sessions.ts';
import { DEFAULT_ORIGINS, handleCors } from './cors.ts';
import { createHandler } from './handler.ts';
import {
  HeavyProcessor,
  LinearJSONProtocol,
  TBinaryProtocol,
  LinearBufferedTransport,
  createWebServer
} from './protocol.ts';

export interface IStandinOptions {
  /** Default 6278; 0 = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Session IDs valid from the start (for the default user and database). */
  sessions?: string[];
  /** user -> password. Default { admin: 'HyperInteractive' }. */
  users?: Record<string, string>;
  /** Idle expiry in seconds; 0 (default) = never. */
  idleTimeoutSeconds?: number;
  /** Origins allowed by CORS; replaces the defaults. */
  allowedOrigins?: string[];
  /** DuckDB database file; in memory when absent. */
  dbFile?: string;
  /** Database name clients connect to. Default 'heavyai'. */
  dbName?: string;
  /** Called for every HTTP request received, before anything else (tests record what reaches a server). */
  onRequest?: (req: IncomingMessage) => void;
  /** Refuse sql_execute_df (tests of clients' fallback to sql_execute). */
  refuseArrow?: boolean;
  /**
   * Test hook, from code only: awaited before each sql_execute / sql_execute_df statement runs;
   * throwing fails the call with a TDBException carrying the message (tests of clients' errors).
   */
  interceptQuery?: (sql: string) => Promise<void> | void;
}

export interface IStandin {
  url: string;
  port: number;
  /** Sessions currently valid (pre-seeded and issued by connect, minus disconnected ones). */
  sessionCount(): number;
  /** Ends `ids` (every session when absent) as an idle timeout would; returns how many ended. */
  expireSessions(ids?: readonly string[]): number;
  /** Statements DuckDB is running now. */
  runningStatements(): number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 6278;
export const DEFAULT_USERS: Record<string, string> = {
  admin: 'HyperInteractive'
};
export const VERSION = '7.0.0-standin';

/**
 * Control path for tests and the demo: POST here ends sessions at once. The body is empty (every
 * session) or JSON `{"sessions": [id, ...]}`; the answer is `{"expired": n}`. Browsers reach it
 * only from the allowed origins (the same CORS rule as the Thrift endpoint).
 */
export const EXPIRE_PATH = '/standin/expire-sessions';

async function expireOnRequest(
  req: IncomingMessage,
  res: ServerResponse,
  sessions: Sessions
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    chunks.push(chunk as Buffer);
  }
  const body = Buffer.concat(chunks).toString('utf8').trim();
  let ids: string[] | undefined;
  try {
    const parsed: unknown = body ? JSON.parse(body) : {};
    const list = (parsed as { sessions?: unknown }).sessions;
    if (list !== undefined) {
      if (!Array.isArray(list) || !list.every(x => typeof x === 'string')) {
        throw new Error('sessions must be a list of strings');
      }
      ids = list;
    }
  } catch (err) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end(`${err instanceof Error ? err.message : String(err)}\n`);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ expired: sessions.expire(ids) }));
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function requestListener(server: Server): Listener {
  const listener = server.listeners('request')[0] as Listener | undefined;
  if (!listener) {
    throw new Error('thrift web server has no request listener');
  }
  return listener;
}

export async function startStandin(
  options: IStandinOptions = {}
): Promise<IStandin> {
  const host = options.host ?? '127.0.0.1';
  const dbName = options.dbName ?? 'heavyai';
  const users = new Map(Object.entries(options.users ?? DEFAULT_USERS));
  const defaultUser = users.keys().next().value ?? 'admin';
  const sessions = new Sessions(
    Math.max(0, options.idleTimeoutSeconds ?? 0) * 1000
  );
  const allowed = new Set(options.allowedOrigins ?? DEFAULT_ORIGINS);

  const engine = await Engine.open(options.dbFile);
  const handler = createHandler({
    engine,
    sessions,
    users,
    dbName,
    version: VERSION,
    refuseArrow: options.refuseArrow,
    interceptQuery: options.interceptQuery
  });

  // One thrift web server per wire protocol; the JSON one is the server that listens and
  // the binary one only lends its request handling (chosen by Content-Type).
  const service = (protocol: unknown) => ({
    '/': {
      processor: HeavyProcessor,
      handler,
      protocol,
      transport: LinearBufferedTransport
    }
  });
  const server = createWebServer({ services: service(LinearJSONProtocol) });
  const jsonListener = requestListener(server);
  const binaryListener = requestListener(
    createWebServer({ services: service(TBinaryProtocol) })
  );
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    options.onRequest?.(req);
    if (handleCors(req, res, allowed)) {
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === EXPIRE_PATH) {
      void expireOnRequest(req, res, sessions);
      return;
    }
    if (req.method !== 'POST' || path !== '/') {
      res.writeHead(req.method === 'POST' ? 404 : 405, {
        'Content-Type': 'text/plain',
        Allow: 'POST, OPTIONS'
      });
      res.end('HeavyDB stand-in: POST Thrift requests to /\n');
      return;
    }
    const binary = (req.headers['content-type'] ?? '').includes(
      'application/vnd.apache.thrift.binary'
    );
    res.setHeader(
      'Content-Type',
      binary
        ? 'application/vnd.apache.thrift.binary'
        : 'application/vnd.apache.thrift.json'
    );
    LinearBufferedTransport.announceBody(
      Number(req.headers['content-length'] ?? 0)
    );
    (binary ? binaryListener : jsonListener)(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    engine.close();
    throw err;
  }

  // Pre-seeded sessions start their idle clock once the server is ready, not before seeding.
  for (const id of options.sessions ?? []) {
    sessions.add(id, defaultUser, dbName);
  }
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/`,
    port,
    sessionCount: () => sessions.size,
    expireSessions: ids => sessions.expire(ids),
    runningStatements: () => engine.runningCount,
    close() {
      closing ??= new Promise<void>(resolve => {
        server.close(() => {
          engine.close();
          resolve();
        });
        server.closeAllConnections();
      });
      return closing;
    }
  };
}
