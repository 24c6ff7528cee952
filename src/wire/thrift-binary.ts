/**
 * The few pieces of Thrift's binary protocol (strict, version 1) that one
 * `sql_execute_df` call needs: writing the call, and reading a reply that
 * arrives in chunks of any size. Reading is a generator that asks for bytes;
 * the driver (df-reply.ts) feeds them as the HTTP body arrives, so no step
 * waits for the whole reply and the big binary field is copied once. No
 * JupyterLab imports; no Buffer (it runs in the page and in Node alike).
 */

/** Thrift's wire type ids. */
export const enum ThriftType {
  Stop = 0,
  Bool = 2,
  Byte = 3,
  Double = 4,
  I16 = 6,
  I32 = 8,
  I64 = 10,
  String = 11,
  Struct = 12,
  Map = 13,
  Set = 14,
  List = 15
}

/** Thrift's message types. */
export const enum ThriftMessageType {
  Call = 1,
  Reply = 2,
  Exception = 3
}

const VERSION_1 = 0x80010000 | 0;
const VERSION_MASK = 0xffff0000 | 0;

/** One field of a call's argument struct (only the types a HeavyDB call here needs). */
export type CallField =
  | { id: number; type: ThriftType.String; value: string }
  | { id: number; type: ThriftType.I32; value: number };

/** The bytes of a strict binary-protocol call: `name(fields)` with sequence id `seqid`. */
export function encodeCall(
  name: string,
  seqid: number,
  fields: readonly CallField[]
): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const i32 = (value: number) => {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setInt32(0, value);
    parts.push(bytes);
  };
  const text = (value: string) => {
    const bytes = encoder.encode(value);
    i32(bytes.length);
    parts.push(bytes);
  };
  i32(VERSION_1 | ThriftMessageType.Call);
  text(name);
  i32(seqid);
  for (const field of fields) {
    const header = new Uint8Array(3);
    header[0] = field.type;
    new DataView(header.buffer).setInt16(1, field.id);
    parts.push(header);
    if (field.type === ThriftType.String) {
      text(field.value);
    } else {
      i32(field.value);
    }
  }
  parts.push(new Uint8Array([ThriftType.Stop]));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/**
 * What a reading step asks of its driver: the next `bytes` bytes (answered with exactly that
 * many), or to fill `into` completely (answered with it, filled).
 */
export type ByteRequest = { bytes: number } | { into: Uint8Array };

/** A reading step: a generator that asks for bytes and returns what it read. */
export type Reading<T> = Generator<ByteRequest, T, Uint8Array>;

/** A reply that is not a well-formed Thrift binary message. */
export class ThriftReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ThriftReplyError';
  }
}

const view = (bytes: Uint8Array) =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A signed byte (Thrift's byte and bool). */
export function* readByte(): Reading<number> {
  return view(yield { bytes: 1 }).getInt8(0);
}

/** A big-endian i16 (field ids). */
export function* readI16(): Reading<number> {
  return view(yield { bytes: 2 }).getInt16(0);
}

/** A big-endian i32 (lengths, counts, enum values). */
export function* readI32(): Reading<number> {
  return view(yield { bytes: 4 }).getInt32(0);
}

/** An i64 as a number: exact up to 2^53, which every size and time here stays under. */
export function* readI64(): Reading<number> {
  return Number(view(yield { bytes: 8 }).getBigInt64(0));
}

/** A length prefix, refused when negative or larger than `limit`. */
export function* readLength(limit: number, what: string): Reading<number> {
  const length = yield* readI32();
  if (length < 0 || length > limit) {
    throw new ThriftReplyError(
      `${what}: ${length} bytes announced, more than the ${limit} allowed`
    );
  }
  return length;
}

/** Longest string or binary read whole into memory (names, messages, handles). */
export const MAX_SMALL_BINARY = 16 * 1024 * 1024;

/** A UTF-8 string with its i32 length prefix. */
export function* readString(): Reading<string> {
  const length = yield* readLength(MAX_SMALL_BINARY, 'Thrift string');
  return new TextDecoder().decode(yield { bytes: length });
}

/** A field header: its type and id (id 0 with type Stop ends the struct). */
export function* readFieldBegin(): Reading<{ type: number; id: number }> {
  const type = yield* readByte();
  if (type === ThriftType.Stop) {
    return { type, id: 0 };
  }
  return { type, id: yield* readI16() };
}

/** Read past one value of `type` (a field this client does not use). */
export function* skip(type: number, depth = 0): Reading<void> {
  if (depth > 64) {
    throw new ThriftReplyError('Thrift reply nested too deeply');
  }
  switch (type) {
    case ThriftType.Bool:
    case ThriftType.Byte:
      yield { bytes: 1 };
      return;
    case ThriftType.I16:
      yield { bytes: 2 };
      return;
    case ThriftType.I32:
      yield { bytes: 4 };
      return;
    case ThriftType.Double:
    case ThriftType.I64:
      yield { bytes: 8 };
      return;
    case ThriftType.String:
      yield {
        bytes: yield* readLength(MAX_SMALL_BINARY, 'skipped Thrift string')
      };
      return;
    case ThriftType.Struct:
      for (;;) {
        const field = yield* readFieldBegin();
        if (field.type === ThriftType.Stop) {
          return;
        }
        yield* skip(field.type, depth + 1);
      }
    case ThriftType.Map: {
      const keyType = yield* readByte();
      const valueType = yield* readByte();
      const size = yield* readLength(MAX_SMALL_BINARY, 'Thrift map');
      for (let i = 0; i < size; i++) {
        yield* skip(keyType, depth + 1);
        yield* skip(valueType, depth + 1);
      }
      return;
    }
    case ThriftType.Set:
    case ThriftType.List: {
      const elementType = yield* readByte();
      const size = yield* readLength(MAX_SMALL_BINARY, 'Thrift list');
      for (let i = 0; i < size; i++) {
        yield* skip(elementType, depth + 1);
      }
      return;
    }
    default:
      throw new ThriftReplyError(`unknown Thrift type ${type} in the reply`);
  }
}

/** The header of a strict binary-protocol message. */
export function* readMessageBegin(): Reading<{
  name: string;
  type: number;
  seqid: number;
}> {
  const word = yield* readI32();
  if (word >= 0 || (word & VERSION_MASK) !== VERSION_1) {
    throw new ThriftReplyError(
      'the reply is not a Thrift binary message (wrong protocol or server)'
    );
  }
  const name = yield* readString();
  const seqid = yield* readI32();
  return { name, type: word & 0xff, seqid };
}

/** Thrift's own failure (unknown method, undecodable call), as the connector names it. */
export interface IThriftApplicationException {
  name: 'TApplicationException';
  message: string;
  type: number;
}

/** The struct of a message of type Exception. */
export function* readApplicationException(): Reading<IThriftApplicationException> {
  const out: IThriftApplicationException = {
    name: 'TApplicationException',
    message: '',
    type: 0
  };
  for (;;) {
    const field = yield* readFieldBegin();
    if (field.type === ThriftType.Stop) {
      return out;
    }
    if (field.id === 1 && field.type === ThriftType.String) {
      out.message = yield* readString();
    } else if (field.id === 2 && field.type === ThriftType.I32) {
      out.type = yield* readI32();
    } else {
      yield* skip(field.type);
    }
  }
}
