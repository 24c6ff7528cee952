// Helpers for tests and the benchmark: a real @heavyai/connector DbCon pointed at a
// stand-in, and conversion of connector values to the reference-cli JSON encoding.
import { DbCon as DbConClass } from '@heavyai/connector';
import type { HeavyTypeName } from './types.ts';

// The connector is untyped JavaScript.
export type DbCon = any;

export interface IConnectorField {
  name: string;
  type: HeavyTypeName;
  is_array: boolean;
}
export interface ITimedResult {
  fields: IConnectorField[];
  results: Record<string, unknown>[];
  timing: { execution_time_ms: unknown; total_time_ms: unknown };
}

function base(port: number, binary = false): DbCon {
  return new DbConClass()
    .protocol('http')
    .host('127.0.0.1')
    .port(String(port))
    .dbName('heavyai')
    .useBinaryProtocol(binary);
}

/** A DbCon using an existing session ID (how Immerse hands its session over). */
export function conWithSession(
  port: number,
  sessionId: string,
  binary = false
): DbCon {
  const con = base(port, binary);
  con.initClients(); // initClients() resets the session list, so set the ID afterwards
  con.sessionId([sessionId]);
  return con;
}

/** A DbCon that logs in with user and password (call `.connectAsync()`). */
export function conWithLogin(
  port: number,
  user: string,
  password: string
): DbCon {
  return base(port).user(user).password(password);
}

/** Int64 (node-int64, as the connector's Node build returns i64) -> bigint. */
export function int64ToBigInt(v: unknown): bigint {
  if (typeof v === 'number') {
    return BigInt(v);
  }
  const o = v as { buffer: Buffer; offset: number };
  return o.buffer.readBigInt64BE(o.offset);
}

/** A connector value in the reference-cli encoding (DECIMAL as a number). */
export function toReferenceValue(
  type: HeavyTypeName,
  v: unknown
): null | boolean | number | string {
  if (v === null || v === 'NULL') {
    return null;
  } // row-wise results report NULL as "NULL"
  switch (type) {
    case 'BIGINT':
      return int64ToBigInt(v).toString();
    case 'SMALLINT':
    case 'INT':
      return Number(int64ToBigInt(v));
    case 'DATE':
      return (v as Date).toISOString().slice(0, 10);
    case 'TIME':
      return (v as Date).toISOString().slice(11, 19);
    case 'TIMESTAMP':
      return (v as Date).toISOString().slice(0, 19);
    default:
      return v as boolean | number | string;
  }
}
