/**
 * The reply to HeavyDB's `sql_execute_df` (WIRE transport) in Thrift's
 * binary protocol, read as its bytes arrive: the TDataFrame's `df_buffer`
 * (an Arrow IPC stream) is copied once, from the response chunks into a
 * buffer of the size the reply announces, and the Arrow record batches it
 * holds are reported as soon as their bytes are complete.
 *
 * A size over the caller's limit is refused from the length prefix, before
 * the bytes arrive; a reply that ends early, or goes on after its end, is
 * refused; HeavyDB's `TDBException` is thrown as the connector throws it
 * (`{name: 'TDBException', error_msg}`), so sql/errors.ts classifies it.
 * No JupyterLab imports.
 */
import { IpcMessageScanner } from './arrow-ipc-scan';
import {
  readApplicationException,
  readFieldBegin,
  readI64,
  readLength,
  readMessageBegin,
  readString,
  skip,
  ThriftMessageType,
  ThriftReplyError,
  ThriftType,
  type ByteRequest,
  type IThriftApplicationException,
  type Reading
} from './thrift-binary';

/** The TDataFrame fields of a WIRE reply that this client reads. */
export interface IDataFrame {
  /** The Arrow IPC stream (schema, dictionaries, record batches). */
  buffer: Uint8Array;
  executionMs?: number;
  conversionMs?: number;
}

/** HeavyDB's exception, shaped as the connector rejects with it. */
export interface IDbException {
  name: 'TDBException';
  error_msg: string;
}

/** The reply announces a `df_buffer` larger than the caller allows. */
export class ReplyTooLargeError extends ThriftReplyError {
  constructor(
    readonly announcedBytes: number,
    readonly limitBytes: number
  ) {
    super(
      `The Arrow result is ${announcedBytes} bytes, more than the ${limitBytes} allowed.`
    );
    this.name = 'ReplyTooLargeError';
  }
}

// TDataFrame's field ids (HeavyDB's heavy.thrift).
const EXECUTION_TIME_MS = 5;
const ARROW_CONVERSION_TIME_MS = 6;
const DF_BUFFER = 7;
// The result struct of a call: 0 the return value, 1 the declared exception.
const SUCCESS = 0;
const DB_EXCEPTION = 1;

function* readDbException(): Reading<IDbException> {
  const out: IDbException = { name: 'TDBException', error_msg: '' };
  for (;;) {
    const field = yield* readFieldBegin();
    if (field.type === ThriftType.Stop) {
      return out;
    }
    if (field.id === 1 && field.type === ThriftType.String) {
      out.error_msg = yield* readString();
    } else {
      yield* skip(field.type);
    }
  }
}

function* readDataFrame(maxBufferBytes: number): Reading<IDataFrame> {
  const out: IDataFrame = { buffer: new Uint8Array(0) };
  for (;;) {
    const field = yield* readFieldBegin();
    if (field.type === ThriftType.Stop) {
      return out;
    }
    if (field.id === DF_BUFFER && field.type === ThriftType.String) {
      const length = yield* readLength(0x7fffffff, 'df_buffer');
      if (length > maxBufferBytes) {
        throw new ReplyTooLargeError(length, maxBufferBytes);
      }
      out.buffer = yield { into: new Uint8Array(length) };
    } else if (
      (field.id === EXECUTION_TIME_MS ||
        field.id === ARROW_CONVERSION_TIME_MS) &&
      field.type === ThriftType.I64
    ) {
      const value = yield* readI64();
      if (field.id === EXECUTION_TIME_MS) {
        out.executionMs = value;
      } else {
        out.conversionMs = value;
      }
    } else {
      yield* skip(field.type);
    }
  }
}

type Outcome =
  { frame: IDataFrame } | { error: IDbException | IThriftApplicationException };

function* readReply(maxBufferBytes: number): Reading<Outcome> {
  const message = yield* readMessageBegin();
  if (message.type === ThriftMessageType.Exception) {
    return { error: yield* readApplicationException() };
  }
  if (message.type !== ThriftMessageType.Reply) {
    throw new ThriftReplyError(
      `unexpected Thrift message type ${message.type} in the reply`
    );
  }
  let outcome: Outcome | undefined;
  for (;;) {
    const field = yield* readFieldBegin();
    if (field.type === ThriftType.Stop) {
      break;
    }
    if (field.id === SUCCESS && field.type === ThriftType.Struct) {
      outcome = { frame: yield* readDataFrame(maxBufferBytes) };
    } else if (field.id === DB_EXCEPTION && field.type === ThriftType.Struct) {
      outcome = { error: yield* readDbException() };
    } else {
      yield* skip(field.type);
    }
  }
  if (!outcome) {
    throw new ThriftReplyError('sql_execute_df answered without a result');
  }
  return outcome;
}

/** Options of a reply reader. */
export interface IReplyReaderOptions {
  /** Largest `df_buffer` accepted (bytes); a larger one fails with ReplyTooLargeError. */
  maxBufferBytes: number;
  /**
   * Called when more record batches became complete while the reply is still arriving: `prefix`
   * is the Arrow stream up to the end of the last complete one (it decodes on its own), of
   * `totalBytes` announced.
   */
  onBatches?: (prefix: Uint8Array, batches: number, totalBytes: number) => void;
}

/**
 * Reads one `sql_execute_df` reply fed in chunks of any size (`push`), then `finish` gives the
 * data frame or throws the failure.
 */
export class DataFrameReplyReader {
  private readonly _steps: Reading<Outcome>;
  private _request: ByteRequest | undefined;
  private _outcome: Outcome | undefined;
  private _failure: unknown;
  private _pending: Uint8Array | undefined;
  private _pendingFilled = 0;
  private _filled = 0;
  private readonly _scanner = new IpcMessageScanner();

  constructor(private readonly _options: IReplyReaderOptions) {
    this._steps = readReply(_options.maxBufferBytes);
    this._resume(new Uint8Array(0), true);
  }

  /** Feed the next bytes of the reply; throws as soon as they show the reply is unusable. */
  push(chunk: Uint8Array): void {
    if (this._failure !== undefined) {
      throw this._failure;
    }
    let at = 0;
    while (at < chunk.length) {
      const request = this._request;
      if (!request) {
        this._fail(
          new ThriftReplyError(
            'The server sent more bytes after the end of its reply.'
          )
        );
      } else if ('into' in request) {
        const target = request.into;
        const n = Math.min(target.length - this._filled, chunk.length - at);
        target.set(chunk.subarray(at, at + n), this._filled);
        this._filled += n;
        at += n;
        if (this._filled === target.length) {
          this._filled = 0;
          this._resume(target);
        } else {
          this._reportBatches(target);
        }
      } else if (!this._pending && chunk.length - at >= request.bytes) {
        const bytes = chunk.subarray(at, at + request.bytes);
        at += request.bytes;
        this._resume(bytes);
      } else {
        this._pending ??= new Uint8Array(request.bytes);
        const n = Math.min(
          request.bytes - this._pendingFilled,
          chunk.length - at
        );
        this._pending.set(chunk.subarray(at, at + n), this._pendingFilled);
        this._pendingFilled += n;
        at += n;
        if (this._pendingFilled === request.bytes) {
          const bytes = this._pending;
          this._pending = undefined;
          this._pendingFilled = 0;
          this._resume(bytes);
        }
      }
    }
  }

  /** The whole reply was fed: the data frame, or the server's exception (thrown), or truncation. */
  finish(): IDataFrame {
    if (this._failure !== undefined) {
      throw this._failure;
    }
    if (!this._outcome) {
      throw new ThriftReplyError(
        'The reply from HeavyDB ended early (truncated): no rows are shown.'
      );
    }
    if ('error' in this._outcome) {
      throw this._outcome.error;
    }
    return this._outcome.frame;
  }

  private _fail(error: unknown): never {
    this._failure = error;
    this._request = undefined;
    throw error;
  }

  /** Answer the current request with `bytes`, then answer any that need no bytes at once. */
  private _resume(bytes: Uint8Array, first = false): void {
    let answer = bytes;
    for (;;) {
      let step: IteratorResult<ByteRequest, Outcome>;
      try {
        step = first ? this._steps.next() : this._steps.next(answer);
      } catch (error) {
        this._fail(error);
      }
      first = false;
      if (step.done) {
        this._outcome = step.value;
        this._request = undefined;
        return;
      }
      const request = step.value;
      const size = 'into' in request ? request.into.length : request.bytes;
      if (size > 0) {
        this._request = request;
        return;
      }
      answer = 'into' in request ? request.into : new Uint8Array(0);
    }
  }

  private _reportBatches(target: Uint8Array): void {
    const { onBatches } = this._options;
    if (onBatches && this._scanner.advance(target, this._filled) > 0) {
      onBatches(
        target.subarray(0, this._scanner.batchesEnd),
        this._scanner.batches,
        target.length
      );
    }
  }
}

/**
 * Read a streamed HTTP body (a `fetch()` Response's) as one `sql_execute_df` reply; rejects with
 * the server's exception, ReplyTooLargeError (the body is cancelled) or a ThriftReplyError.
 */
export async function readDataFrameReply(
  body: ReadableStream<Uint8Array>,
  options: IReplyReaderOptions
): Promise<IDataFrame> {
  const reader = new DataFrameReplyReader(options);
  const stream = body.getReader();
  try {
    for (;;) {
      const { done, value } = await stream.read();
      if (done) {
        break;
      }
      reader.push(value);
    }
  } catch (error) {
    await stream.cancel().catch(() => undefined);
    throw error;
  }
  return reader.finish();
}
