/**
 * One `sql_execute_df` call (CPU, WIRE transport) posted with fetch in
 * Thrift's binary protocol, its reply read as the body streams in
 * (wire/df-reply.ts). The session ID goes only into the request body.
 */
import { ConnectionError } from '../sql/errors';
import type { ITranslate } from '../translate';
import {
  readDataFrameReply,
  type IDataFrame,
  type IReplyReaderOptions
} from '../wire/df-reply';
import { encodeCall, ThriftType } from '../wire/thrift-binary';
import { markOnce, TimingMarks } from '../timing-marks';
import { endpointUrl, probe, type IConnectionTarget } from './connection';

const THRIFT_BINARY = 'application/vnd.apache.thrift.binary';
// HeavyDB's TDeviceType.CPU and TArrowTransport.WIRE; first_n -1: every row.
const CPU = 0;
const WIRE = 1;
const ALL_ROWS = -1;

let sequence = 0;

/** Post the call and read its reply; rejects as the connector would (TDBException, network). */
export async function postDataFrameCall(
  target: IConnectionTarget,
  session: string,
  sql: string,
  reading: IReplyReaderOptions,
  trans: ITranslate
): Promise<IDataFrame> {
  sequence = (sequence + 1) | 0;
  const body = encodeCall('sql_execute_df', sequence, [
    { id: 1, type: ThriftType.String, value: session },
    { id: 2, type: ThriftType.String, value: sql },
    { id: 3, type: ThriftType.I32, value: CPU },
    { id: 4, type: ThriftType.I32, value: 0 },
    { id: 5, type: ThriftType.I32, value: ALL_ROWS },
    { id: 6, type: ThriftType.I32, value: WIRE }
  ]);
  let response: Response;
  markOnce(TimingMarks.statementSent);
  try {
    response = await fetch(endpointUrl(target), {
      method: 'POST',
      headers: { 'Content-Type': THRIFT_BINARY },
      body,
      cache: 'no-store'
    });
  } catch (error) {
    // fetch does not say why (CORS, refused, offline): the probe does.
    throw (await probe(target, trans)) ?? error;
  }
  if (response.status !== 200 || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new ConnectionError(
      'http',
      trans.__(
        'HeavyDB at %1 answered HTTP %2 %3.',
        endpointUrl(target),
        response.status,
        response.statusText
      )
    );
  }
  return readDataFrameReply(response.body, reading);
}

/**
 * Calls started before the editor that wants them exists (the deep link's first batch, sent as
 * soon as the session is known), by server, session and statement, until that editor's first
 * identical call takes its own. Kept a bounded time: an editor that never asks (closed, or its
 * settings changed) leaves nothing behind.
 */
const startedEarly = new Map<
  string,
  { call: Promise<IDataFrame>; editorRetries: boolean }
>();
const EARLY_CALL_KEPT_MS = 60_000;

function earlyKey(
  target: IConnectionTarget,
  session: string,
  sql: string
): string {
  return JSON.stringify([endpointUrl(target), session, sql]);
}

/**
 * Post the call now (every row, no size limit: the caller asks only for a first batch), for the
 * editor to take with `takeEarlyCall`; returns it, or the same call already posted.
 */
export function startEarlyCall(
  target: IConnectionTarget,
  session: string,
  sql: string,
  trans: ITranslate,
  {
    editorRetries = false
  }: {
    /**
     * When the call fails, the editor that takes it makes its own and reports that one: a guess
     * made before the page's translations and settings were loaded (link-prefetch.ts).
     */
    editorRetries?: boolean;
  } = {}
): Promise<IDataFrame> {
  const key = earlyKey(target, session, sql);
  const started = startedEarly.get(key);
  if (started) {
    return started.call;
  }
  const call = postDataFrameCall(
    target,
    session,
    sql,
    { maxBufferBytes: Number.MAX_SAFE_INTEGER },
    trans
  );
  call.catch(() => undefined); // the editor that takes it shows the failure, or retries
  const entry = { call, editorRetries };
  startedEarly.set(key, entry);
  setTimeout(() => {
    if (startedEarly.get(key) === entry) {
      startedEarly.delete(key);
    }
  }, EARLY_CALL_KEPT_MS);
  return call;
}

/**
 * The call started early for exactly this server, session and statement, once; else undefined.
 * `ownCall` makes the editor's own call, for an early call that fails and asked for it.
 */
export function takeEarlyCall(
  target: IConnectionTarget,
  session: string,
  sql: string,
  ownCall: () => Promise<IDataFrame>
): Promise<IDataFrame> | undefined {
  const key = earlyKey(target, session, sql);
  const entry = startedEarly.get(key);
  startedEarly.delete(key);
  return entry?.editorRetries ? entry.call.catch(ownCall) : entry?.call;
}
