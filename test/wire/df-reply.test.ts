// The sql_execute_df reply reader (src/wire/df-reply.ts): replies written by the Thrift library
// with HeavyDB's generated TDataFrame / TDBException, and a real stand-in's reply over HTTP,
// read in chunks split at every byte boundary; truncation, extra bytes, oversize, exceptions.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  makeTable,
  RecordBatch,
  Table,
  tableFromIPC,
  tableToIPC
} from 'apache-arrow';
import thrift from 'thrift';
import heavyTypesModule from '@heavyai/connector/thrift/heavy_types.js';

import { startStandin } from '../../heavydb-standin/server.ts';
import type { IStandin } from '../../heavydb-standin/server.ts';
import {
  DataFrameReplyReader,
  readDataFrameReply,
  ReplyTooLargeError,
  type IDataFrame
} from '../../src/wire/df-reply.ts';
import { encodeCall, ThriftType } from '../../src/wire/thrift-binary.ts';
import {
  isDbException,
  explainError,
  serverMessage
} from '../../src/sql/errors.ts';

const { TBinaryProtocol, TBufferedTransport, Thrift } = thrift as any;
// The generated types are untyped JavaScript (TDataFrame is not in the stand-in's declarations).
const heavyTypes = heavyTypesModule as any;
const REPLY = 2;
const EXCEPTION = 3;

/** Bytes written by the Thrift library's binary protocol; `write` gets the protocol. */
function thriftBytes(write: (out: any) => void): Uint8Array {
  let bytes: Buffer | undefined;
  const transport = new TBufferedTransport(undefined, (buf: Buffer) => {
    bytes = bytes ? Buffer.concat([bytes, buf]) : buf;
  });
  const out = new TBinaryProtocol(transport);
  write(out);
  transport.flush();
  assert.ok(bytes);
  return new Uint8Array(bytes);
}

/** A REPLY of sql_execute_df whose result struct holds `field` (0 success, 1 e). */
function replyWith(id: 0 | 1, value: { write(out: any): void }): Uint8Array {
  return thriftBytes(out => {
    out.writeMessageBegin('sql_execute_df', REPLY, 7);
    out.writeStructBegin('Heavy_sql_execute_df_result');
    out.writeFieldBegin(id === 0 ? 'success' : 'e', Thrift.Type.STRUCT, id);
    value.write(out);
    out.writeFieldEnd();
    out.writeFieldStop();
    out.writeStructEnd();
    out.writeMessageEnd();
  });
}

/** A small Arrow stream of three record batches (numbers, text with NULLs, BIGINT beyond 2^53). */
function threeBatches(): Uint8Array {
  const batches = [0, 1, 2].map(b => {
    const t = makeTable({
      id: Int32Array.from([b * 3, b * 3 + 1, b * 3 + 2]),
      // apache-arrow 7's makeTable types leave BigInt64Array out; it builds an Int64 column.
      big: BigInt64Array.from([2n ** 60n + BigInt(b), -5n, 0n]) as never
    });
    return t.batches[0] as RecordBatch;
  });
  return tableToIPC(new Table(batches), 'stream');
}

function frameReply(buffer: Uint8Array, executionMs = 12): Uint8Array {
  return replyWith(
    0,
    new heavyTypes.TDataFrame({
      sm_handle: Buffer.alloc(0),
      sm_size: new thrift.Int64(0),
      df_handle: Buffer.alloc(0),
      df_size: new thrift.Int64(buffer.length),
      execution_time_ms: new thrift.Int64(executionMs),
      arrow_conversion_time_ms: new thrift.Int64(3),
      df_buffer: Buffer.from(buffer)
    })
  );
}

function readChunks(
  chunks: Uint8Array[],
  maxBufferBytes = 1 << 30,
  onBatches?: (prefix: Uint8Array, batches: number) => void
): IDataFrame {
  const reader = new DataFrameReplyReader({ maxBufferBytes, onBatches });
  for (const chunk of chunks) {
    reader.push(chunk);
  }
  return reader.finish();
}

const rowsOf = (bytes: Uint8Array) =>
  tableFromIPC(bytes)
    .toArray()
    .map(r =>
      JSON.stringify(r?.toJSON(), (_, v) =>
        typeof v === 'bigint' ? `${v}n` : v
      )
    );

describe('sql_execute_df reply reader', () => {
  const ipc = threeBatches();
  const reply = frameReply(ipc);
  const expected = rowsOf(ipc);

  test('a whole reply gives the Arrow bytes and the timings', () => {
    const frame = readChunks([reply]);
    assert.deepEqual(frame.buffer, ipc);
    assert.equal(frame.executionMs, 12);
    assert.equal(frame.conversionMs, 3);
    assert.deepEqual(rowsOf(frame.buffer), expected);
    assert.equal(expected.length, 9);
    assert.ok(expected[0].includes('1152921504606846976n')); // 2^60 exact
  });

  test('split at every byte boundary, it decodes to the same table', () => {
    for (let cut = 0; cut <= reply.length; cut++) {
      const frame = readChunks([reply.subarray(0, cut), reply.subarray(cut)]);
      assert.deepEqual(rowsOf(frame.buffer), expected, `cut at ${cut}`);
    }
  });

  test('fed one byte at a time, record batches are reported as their bytes complete', () => {
    const seen: number[] = [];
    const frame = readChunks(
      Array.from(reply, b => Uint8Array.of(b)),
      1 << 30,
      (prefix, batches) => {
        seen.push(batches);
        assert.equal(tableFromIPC(prefix).numRows, batches * 3);
      }
    );
    // Each batch is reported once its bytes are in, before the stream's end marker arrives.
    assert.deepEqual(seen, [1, 2, 3]);
    assert.deepEqual(rowsOf(frame.buffer), expected);
  });

  test('a truncated reply fails with a clear error, wherever it stops', () => {
    for (let cut = 0; cut < reply.length; cut++) {
      assert.throws(
        () => readChunks([reply.subarray(0, cut)]),
        /ended early \(truncated\)/,
        `cut at ${cut}`
      );
    }
  });

  test('bytes after the end of the reply are refused', () => {
    const longer = new Uint8Array(reply.length + 1);
    longer.set(reply);
    assert.throws(() => readChunks([longer]), /more bytes after the end/);
  });

  test('a df_buffer over the limit is refused from its length, before its bytes', () => {
    const reader = new DataFrameReplyReader({ maxBufferBytes: ipc.length - 1 });
    // Everything up to and including df_buffer's length prefix is in the first bytes.
    const prefixEnd = reply.length - ipc.length - 2; // the struct stops follow df_buffer
    assert.throws(
      () => reader.push(reply.subarray(0, prefixEnd)),
      (error: unknown) =>
        error instanceof ReplyTooLargeError &&
        error.announcedBytes === ipc.length &&
        /more than the \d+ allowed/.test(error.message)
    );
    assert.throws(() => reader.finish(), ReplyTooLargeError);
    assert.equal(readChunks([reply], ipc.length).buffer.length, ipc.length);
  });

  test("an exception reply gives the server's message to the error classifier", () => {
    const message = 'Session not valid.';
    const reply = replyWith(
      1,
      new heavyTypes.TDBException({ error_msg: message })
    );
    for (let cut = 0; cut <= reply.length; cut++) {
      assert.throws(
        () => readChunks([reply.subarray(0, cut), reply.subarray(cut)]),
        (error: unknown) => {
          assert.ok(isDbException(error));
          assert.equal(serverMessage(error), message);
          return true;
        }
      );
    }
    let caught: unknown;
    try {
      readChunks([reply]);
    } catch (error) {
      caught = error;
    }
    const trans = {
      __: (s: string, ...a: unknown[]) =>
        a.reduce<string>((t, v, i) => t.replace(`%${i + 1}`, String(v)), s)
    };
    assert.equal(explainError(caught, true, trans as any).kind, 'session');
  });

  test('a Thrift application exception (unknown method) is named as the connector names it', () => {
    const reply = thriftBytes(out => {
      out.writeMessageBegin('sql_execute_df', EXCEPTION, 7);
      new Thrift.TApplicationException(
        1,
        'Invalid method name: sql_execute_df'
      ).write(out);
      out.writeMessageEnd();
    });
    assert.throws(
      () => readChunks([reply]),
      (error: any) =>
        error.name === 'TApplicationException' &&
        error.message === 'Invalid method name: sql_execute_df'
    );
  });

  test('a reply in another protocol is refused', () => {
    assert.throws(
      () =>
        readChunks([new TextEncoder().encode('[1,"sql_execute_df",2,7,{}]')]),
      /not a Thrift binary message/
    );
  });
});

describe('sql_execute_df over HTTP from the stand-in', () => {
  const SESSION = 'sess-df-reply';
  let standin: IStandin;
  before(async () => {
    standin = await startStandin({ port: 0, sessions: [SESSION] });
  });
  after(() => standin.close());

  const call = (session: string, query: string) =>
    fetch(standin.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.apache.thrift.binary' },
      body: encodeCall('sql_execute_df', 1, [
        { id: 1, type: ThriftType.String, value: session },
        { id: 2, type: ThriftType.String, value: query },
        { id: 3, type: ThriftType.I32, value: 0 },
        { id: 4, type: ThriftType.I32, value: 0 },
        { id: 5, type: ThriftType.I32, value: -1 },
        { id: 6, type: ThriftType.I32, value: 1 }
      ])
    });

  test("the stand-in's streamed reply decodes to the query's rows, split anywhere", async () => {
    const sql =
      'SELECT flight_id, carrier, dep_time, dep_delay FROM flights ORDER BY flight_id LIMIT 20';
    const response = await call(SESSION, sql);
    assert.equal(response.status, 200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const whole = readChunks([bytes]);
    const table = tableFromIPC(whole.buffer);
    assert.equal(table.numRows, 20);
    assert.equal(table.getChildAt(0)?.get(19), 20n);
    const expected = rowsOf(whole.buffer);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const frame = readChunks([bytes.subarray(0, cut), bytes.subarray(cut)]);
      assert.deepEqual(rowsOf(frame.buffer), expected, `cut at ${cut}`);
    }
    const streamed = await readDataFrameReply(
      (await call(SESSION, sql)).body!,
      {
        maxBufferBytes: 1 << 30
      }
    );
    assert.deepEqual(rowsOf(streamed.buffer), expected);
  });

  test("an unknown session comes back as HeavyDB's session message", async () => {
    const response = await call('no-such-session', 'SELECT 1');
    await assert.rejects(
      readDataFrameReply(response.body!, { maxBufferBytes: 1 << 20 }),
      (error: unknown) =>
        isDbException(error) && /Session not valid/.test(serverMessage(error))
    );
  });
});
