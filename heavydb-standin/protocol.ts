// Access to the Thrift runtime and HeavyDB's generated service code
// (shipped inside @heavyai/connector), plus small i64 helpers.
import thrift from 'thrift';
import InputBufferUnderrunError from 'thrift/lib/nodejs/lib/thrift/input_buffer_underrun_error.js';
import heavy from '@heavyai/connector/thrift/Heavy.js';
import heavyTypes from '@heavyai/connector/thrift/heavy_types.js';
import commonTypes from '@heavyai/connector/thrift/common_types.js';
import hintTypes from '@heavyai/connector/thrift/completion_hints_types.js';

export const HeavyProcessor = heavy.Processor;
export const TDBException = heavyTypes.TDBException;
export const TDatumType = commonTypes.TDatumType;
export const TEncodingType = commonTypes.TEncodingType;
export const TCompletionHintType = hintTypes.TCompletionHintType;
export const TRole = heavyTypes.TRole;
export const TDeviceType = commonTypes.TDeviceType;
export const TArrowTransport = heavyTypes.TArrowTransport;
export const TTableType = heavyTypes.TTableType;
export const {
  Int64,
  createWebServer,
  TJSONProtocol,
  TBinaryProtocol,
  TBufferedTransport
} = thrift;
export type Int64Value = InstanceType<typeof thrift.Int64>;

interface IJsonProtocolInternals {
  tstack: unknown[];
  tpos: number[];
  writeToTransportIfStackIsFlushable(): void;
  rstack: unknown[];
  rpos: number[];
  trans: {
    borrow(): { buf: Buffer; readIndex: number; writeIndex: number };
    consume(bytes: number): void;
  };
  readMessageBegin(): { fname: string; mtype: number; rseqid: number };
}
const JsonProtocolBase = TJSONProtocol as new (
  transport: unknown
) => IJsonProtocolInternals;

/**
 * thrift 0.14's TJSONProtocol closes a list by splicing its elements off the stack one at a
 * time, which is quadratic: a 50,000-row column took seconds. Same output, built in one pass.
 */
export class LinearJSONProtocol extends JsonProtocolBase {
  writeListEnd(): void {
    const p = this.tpos.pop() as number;
    const header = this.tstack[p] as unknown[];
    const items = this.tstack.splice(p + 1);
    this.tstack[p] = `[${header.concat(items).join(',')}]`;
    this.writeToTransportIfStackIsFlushable();
  }

  writeSetEnd(): void {
    this.writeListEnd();
  }

  /**
   * thrift's reader parses a message character by character (to keep i64s beyond 2^53 exact):
   * a 4 MB Arrow stream in a load call took 2 s. A large request that holds one whole message
   * and no run of 16 digits (so no integer JSON.parse could round) is parsed by JSON.parse.
   */
  readMessageBegin(): { fname: string; mtype: number; rseqid: number } {
    const { buf, readIndex, writeIndex } = this.trans.borrow();
    if (writeIndex - readIndex <= 65536) {
      return super.readMessageBegin();
    }
    if (buf[writeIndex - 1] !== 0x5d) {
      // Not ending in "]": more of the body is still to come. Checked in O(1), as the server
      // retries after every chunk and a scan of the whole buffer each time is quadratic.
      throw new InputBufferUnderrunError();
    }
    const text = buf.toString('utf8', readIndex, writeIndex);
    let message: unknown = null;
    if (!/\d{16,}/.test(text)) {
      try {
        message = JSON.parse(text);
      } catch {
        message = null; // several messages, or a partial one: thrift's reader copes
      }
    }
    if (!Array.isArray(message) || message.length !== 5) {
      return super.readMessageBegin();
    }
    const [version, fname, mtype, rseqid, body] = message;
    if (version !== 1) {
      throw new Error(`Wrong thrift protocol version: ${String(version)}`);
    }
    this.trans.consume(writeIndex - readIndex);
    this.rstack = [body];
    this.rpos = [];
    return { fname, mtype, rseqid };
  }
}

interface IBufferedReader {
  inBuf: Buffer;
  readCursor: number;
  writeCursor: number;
  ensureAvailable(len: number): void;
}
type BufferedTransportClass = (new () => IBufferedReader) & {
  receiver(
    callback: (reader: IBufferedReader, seqid?: number) => void,
    seqid?: number
  ): (data: Buffer) => void;
};

/**
 * thrift's buffered transport grows its input buffer to the exact size on every chunk of a
 * request, copying all it holds each time: quadratic in the body size (a 40 MB load call in
 * 64 KB chunks copied about 12 GB). This one allocates the request's announced size once (see
 * `announceBody`) or else doubles the buffer, and reads binary fields as views of it rather
 * than copies: on this machine a fresh 40 MB buffer costs ~200 ms to fill, so every avoided
 * copy of a large load's stream is visible in its time.
 */
export class LinearBufferedTransport extends (TBufferedTransport as BufferedTransportClass) {
  private static _announcedBytes = 0;

  /**
   * The Content-Length of the request about to be handed to thrift, which creates its
   * receiver synchronously; sizes above `MAX_ANNOUNCED_BYTES` are not trusted up front.
   */
  static announceBody(bytes: number): void {
    LinearBufferedTransport._announcedBytes =
      Number.isSafeInteger(bytes) && bytes > 0 && bytes <= MAX_ANNOUNCED_BYTES
        ? bytes
        : 0;
  }

  static receiver(
    callback: (reader: IBufferedReader, seqid?: number) => void,
    seqid?: number
  ): (data: Buffer) => void {
    const reader = new LinearBufferedTransport();
    const announced = LinearBufferedTransport._announcedBytes;
    LinearBufferedTransport._announcedBytes = 0;
    if (announced > reader.inBuf.length) {
      reader.inBuf = Buffer.allocUnsafe(announced);
    }
    return (data: Buffer) => {
      const need = reader.writeCursor + data.length;
      if (need > reader.inBuf.length) {
        const grown = Buffer.allocUnsafe(
          Math.max(need, reader.inBuf.length * 2)
        );
        reader.inBuf.copy(grown, 0, 0, reader.writeCursor);
        reader.inBuf = grown;
      }
      data.copy(reader.inBuf, reader.writeCursor, 0);
      reader.writeCursor += data.length;
      callback(reader, seqid);
    };
  }

  /** A view, not a copy: a request's buffer is never written again once its bytes are read. */
  read(len: number): Buffer {
    this.ensureAvailable(len);
    const view = this.inBuf.subarray(this.readCursor, this.readCursor + len);
    this.readCursor += len;
    return view;
  }
}

/** The largest request body whose buffer is allocated from its Content-Length alone. */
const MAX_ANNOUNCED_BYTES = 256 * 1024 * 1024;

/** The error type HeavyDB raises; the client sees `{name: 'TDBException', error_msg}`. */
export function dbError(message: string): Error {
  return new TDBException({ error_msg: message });
}

export function isDbError(err: unknown): boolean {
  return err instanceof TDBException;
}

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const SAFE_MAX = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * A value for a Thrift i64 field. Numbers within ±2^53 go out as plain numbers; larger
 * magnitudes as Int64 (8 exact bytes), so BIGINT values are never rounded on the server.
 */
export function i64(value: bigint): number | Int64Value {
  if (value >= -SAFE_MAX && value <= SAFE_MAX) {
    return Number(value);
  }
  if (value < I64_MIN || value > I64_MAX) {
    throw dbError(`Value ${value} is out of range for BIGINT`);
  }
  const buf = Buffer.alloc(8);
  buf.writeBigInt64BE(value);
  return new Int64(buf);
}
